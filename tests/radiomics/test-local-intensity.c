/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Local intensity: the IBSI digital phantom's 2 reference rows, then cases
 * counted by hand on a 2 mm grid, where the 6.2035 mm sphere holds the
 * voxel offsets with dx^2 + dy^2 + dz^2 <= 9 (38.48 / 4): 123 of them
 * (1 + 6 + 12 + 8 + 6 + 24 + 24 + 0 + 12 + 30 for squared norms 0..9), and
 * 29 in one octant with non-negative offsets.
 */
#include "radiomics-test-support.h"
#include "stm-local-intensity.h"

#include <math.h>

#define FAMILY "local intensity"

static StmRoi *
grid_roi (gsize n, double spacing)
{
  StmRoi *roi = g_new0 (StmRoi, 1);
  gsize total = n * n * n;

  roi->dims[0] = roi->dims[1] = roi->dims[2] = n;
  roi->spacing[0] = roi->spacing[1] = roi->spacing[2] = spacing;
  roi->intensity = g_new0 (float, total);
  roi->morph_mask = g_new0 (guint8, total);
  roi->int_mask = g_new0 (guint8, total);
  roi->levels = g_new0 (int, total);
  roi->ivh_levels = g_new0 (int, total);
  return roi;
}

static void
mask_voxel (StmRoi *roi, gsize x, gsize y, gsize z)
{
  gsize i = stm_roi_index (roi, x, y, z);
  roi->morph_mask[i] = roi->int_mask[i] = 1;
  roi->n_int_voxels++;
  roi->n_morph_voxels++;
}

static void
peaks (const StmRoi *roi, double *local, double *global)
{
  g_autoptr(StmFeatureTable) t = stm_feature_table_new ();

  stm_local_intensity_features (roi, t);
  g_assert_cmpuint (stm_feature_table_length (t), ==, 2);
  *local = stm_feature_table_find (t, "VJGA", STM_AGG_3D)->value;
  *global = stm_feature_table_find (t, "0F91", STM_AGG_3D)->value;
}

static void
test_phantom (void)
{
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  if (roi == NULL)
    return;
  g_autoptr(StmFeatureTable) t = stm_feature_table_new ();

  stm_local_intensity_features (roi, t);
  for (guint i = 0; i < stm_feature_table_length (t); i++)
    g_test_message ("%s %.6g", stm_feature_table_get (t, i)->feature,
                    stm_feature_table_get (t, i)->value);
  g_assert_cmpuint (stm_test_check_reference (t, FAMILY, NULL), ==, 2);
}

/* One bright voxel in the middle: the sphere's 123 voxels share it. */
static void
test_single_bright (void)
{
  g_autoptr(StmRoi) roi = grid_roi (9, 2);
  double local, global;

  roi->intensity[stm_roi_index (roi, 4, 4, 4)] = 123;
  mask_voxel (roi, 4, 4, 4);
  mask_voxel (roi, 5, 4, 4);
  peaks (roi, &local, &global);
  g_assert_cmpfloat_with_epsilon (local, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (global, 1, 1e-12);
}

/* At a corner of the grid the sphere is cut to its octant. */
static void
test_grid_corner (void)
{
  g_autoptr(StmRoi) roi = grid_roi (9, 2);
  double local, global;

  roi->intensity[0] = 29;
  mask_voxel (roi, 0, 0, 0);
  peaks (roi, &local, &global);
  g_assert_cmpfloat_with_epsilon (local, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (global, 1, 1e-12);
}

/* The maximum sits alone; a plateau just below it elsewhere wins the
 * global peak. Voxels outside the mask count in every sphere. */
static void
test_local_versus_global (void)
{
  g_autoptr(StmRoi) roi = grid_roi (20, 2);
  double local, global;

  roi->intensity[stm_roi_index (roi, 4, 4, 4)] = 10;
  mask_voxel (roi, 4, 4, 4);
  for (gsize z = 10; z < 20; z++)
    for (gsize y = 10; y < 20; y++)
      for (gsize x = 10; x < 20; x++)
        roi->intensity[stm_roi_index (roi, x, y, z)] = 9;
  mask_voxel (roi, 15, 15, 15);
  peaks (roi, &local, &global);
  g_assert_cmpfloat_with_epsilon (local, 10.0 / 123, 1e-12);
  g_assert_cmpfloat_with_epsilon (global, 9, 1e-12);
}

/* Several voxels share the maximum: the highest of their means. */
static void
test_tied_maxima (void)
{
  g_autoptr(StmRoi) roi = grid_roi (20, 2);
  double local, global;

  roi->intensity[stm_roi_index (roi, 4, 4, 4)] = 10;
  roi->intensity[stm_roi_index (roi, 15, 15, 15)] = 10;
  roi->intensity[stm_roi_index (roi, 16, 15, 15)] = 5;
  mask_voxel (roi, 4, 4, 4);
  mask_voxel (roi, 15, 15, 15);
  peaks (roi, &local, &global);
  g_assert_cmpfloat_with_epsilon (local, 15.0 / 123, 1e-12);
  g_assert_cmpfloat_with_epsilon (global, 15.0 / 123, 1e-12);
}

static void
test_empty (void)
{
  g_autoptr(StmRoi) roi = grid_roi (4, 1);
  double local, global;

  peaks (roi, &local, &global);
  g_assert_true (isnan (local));
  g_assert_true (isnan (global));
}

/* A 100 000-voxel ball at 1 mm: every voxel is a sphere centre. */
static void
test_ball_100k (void)
{
  const gsize n = 64;
  g_autoptr(StmRoi) roi = grid_roi (n, 1);
  double local, global, c = (n - 1) / 2.0;

  for (gsize z = 0; z < n; z++)
    for (gsize y = 0; y < n; y++)
      for (gsize x = 0; x < n; x++)
        {
          roi->intensity[stm_roi_index (roi, x, y, z)] = sin (x * 0.2) + cos (y * 0.3) + z * 0.01;
          if ((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c) <= 28.8 * 28.8)
            mask_voxel (roi, x, y, z);
        }
  g_autoptr(GTimer) timer = g_timer_new ();
  peaks (roi, &local, &global);
  g_test_message ("%" G_GSIZE_FORMAT " voxels: local intensity in %.3f s", roi->n_int_voxels,
                  g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (roi->n_int_voxels, >, 99000);
  g_assert_cmpfloat (global, >=, local);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/local-intensity/phantom", test_phantom);
  g_test_add_func ("/local-intensity/single-bright", test_single_bright);
  g_test_add_func ("/local-intensity/grid-corner", test_grid_corner);
  g_test_add_func ("/local-intensity/local-versus-global", test_local_versus_global);
  g_test_add_func ("/local-intensity/tied-maxima", test_tied_maxima);
  g_test_add_func ("/local-intensity/empty", test_empty);
  g_test_add_func ("/local-intensity/ball-100k", test_ball_100k);
  return g_test_run ();
}
