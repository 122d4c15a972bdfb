/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Region statistics against a computation in the test: its own inside
 * tests (half-planes, rectangles, the ellipse equation) and a two-pass
 * mean and sample SD over a slice of random values. */
#include <math.h>

#include "stm-measurement.h"

#define NX 40
#define NY 30
#define NZ 3

static StmVolume *
make_random_volume (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  StmVolume *volume = stm_volume_new (STM_VOXEL_FLOAT32, NX, NY, NZ,
                                      STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  float *data;

  g_assert_no_error (error);
  stm_geometry_init_identity (&volume->geometry);
  volume->geometry.spacing[0] = 0.7;
  volume->geometry.spacing[1] = 0.9;
  data = stm_volume_float_data (volume);
  for (gsize n = 0; n < stm_volume_n_voxels (volume); n++)
    data[n] = (float) g_rand_double_range (rand, -1000, 2000);
  return volume;
}

typedef gboolean (*InsideFunc) (double i, double j, gconstpointer data);

/* Two passes over every voxel of the slice, the textbook way. */
static void
reference_stats (const StmVolume *volume, guint k, InsideFunc inside, gconstpointer data,
                 StmMeasureStats *out)
{
  const float *v = stm_volume_float_data (volume) + (gsize) k * NX * NY;
  double sum = 0, squares = 0;
  gsize n = 0;

  out->min = INFINITY;
  out->max = -INFINITY;
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++)
      if (inside (i, j, data))
        {
          sum += v[j * NX + i];
          n++;
          out->min = MIN (out->min, v[j * NX + i]);
          out->max = MAX (out->max, v[j * NX + i]);
        }
  out->count = n;
  out->mean = sum / n;
  for (int j = 0; j < NY; j++)
    for (int i = 0; i < NX; i++)
      if (inside (i, j, data))
        squares += (v[j * NX + i] - out->mean) * (v[j * NX + i] - out->mean);
  out->sd = sqrt (squares / (n - 1));
}

static void
assert_stats_equal (const StmMeasureStats *got, const StmMeasureStats *want)
{
  g_assert_cmpuint (got->count, ==, want->count);
  g_assert_cmpuint (got->count, >, 10);
  g_assert_cmpfloat_with_epsilon (got->mean, want->mean, 1e-9);
  g_assert_cmpfloat_with_epsilon (got->sd, want->sd, 1e-9);
  g_assert_cmpfloat (got->min, ==, want->min);
  g_assert_cmpfloat (got->max, ==, want->max);
}

/* A triangle, counter-clockwise on screen: inside when left of every edge. */
static const StmVoxelPoint triangle[] = { { 3.3, 2.7 }, { 35.6, 9.2 }, { 12.1, 27.4 } };

static gboolean
inside_triangle (double i, double j, gconstpointer data)
{
  for (int a = 0; a < 3; a++)
    {
      const StmVoxelPoint *p = &triangle[a], *q = &triangle[(a + 1) % 3];

      if ((q->i - p->i) * (j - p->j) - (q->j - p->j) * (i - p->i) < 0)
        return FALSE;
    }
  return TRUE;
}

static void
test_polygon_stats (void)
{
  g_autoptr(StmVolume) volume = make_random_volume ();
  StmMeasureStats got, want;

  g_assert_true (stm_measure_stats (volume, 1, STM_MEASUREMENT_POLYGON, triangle, 3, &got));
  reference_stats (volume, 1, inside_triangle, NULL, &want);
  assert_stats_equal (&got, &want);
}

/* An L of two rectangles, traced freehand with extra points on its edges,
 * its corners off the voxel centres. */
static const StmVoxelPoint l_trace[] = {
  { 4.5, 3.5 }, { 20.5, 3.5 }, { 36.5, 3.5 }, { 36.5, 10.5 }, { 12.5, 10.5 },
  { 12.5, 18.0 }, { 12.5, 25.5 }, { 4.5, 25.5 }, { 4.5, 14.0 },
};

static gboolean
inside_l (double i, double j, gconstpointer data)
{
  return (i > 4.5 && i < 36.5 && j > 3.5 && j < 10.5) ||
         (i > 4.5 && i < 12.5 && j > 3.5 && j < 25.5);
}

static void
test_freehand_stats (void)
{
  g_autoptr(StmVolume) volume = make_random_volume ();
  StmMeasureStats got, want;

  g_assert_true (stm_measure_stats (volume, 2, STM_MEASUREMENT_FREEHAND, l_trace,
                                    G_N_ELEMENTS (l_trace), &got));
  reference_stats (volume, 2, inside_l, NULL, &want);
  assert_stats_equal (&got, &want);
  /* 32 x 7 + 8 x 15 voxels. */
  g_assert_cmpuint (got.count, ==, 32 * 7 + 8 * 15);
}

static const StmVoxelPoint ellipse_corners[] = { { 30.6, 2.2 }, { 6.2, 21.9 } };

static gboolean
inside_ellipse (double i, double j, gconstpointer data)
{
  double ci = (30.6 + 6.2) / 2, cj = (2.2 + 21.9) / 2, a = (30.6 - 6.2) / 2, b = (21.9 - 2.2) / 2;

  return (i - ci) * (i - ci) / (a * a) + (j - cj) * (j - cj) / (b * b) <= 1;
}

static void
test_ellipse_stats (void)
{
  g_autoptr(StmVolume) volume = make_random_volume ();
  StmMeasureStats got, want;

  g_assert_true (stm_measure_stats (volume, 0, STM_MEASUREMENT_ELLIPSE, ellipse_corners, 2, &got));
  reference_stats (volume, 0, inside_ellipse, NULL, &want);
  assert_stats_equal (&got, &want);
}

/* Part of the region off the image: only the voxels on it count. */
static gboolean
inside_clipped_square (double i, double j, gconstpointer data)
{
  return i < 5.5 && j < 4.5;
}

static void
test_clipped (void)
{
  g_autoptr(StmVolume) volume = make_random_volume ();
  const StmVoxelPoint square[] = { { -10.5, -8.5 }, { 5.5, -8.5 }, { 5.5, 4.5 }, { -10.5, 4.5 } };
  const StmVoxelPoint off[] = { { -10.5, -8.5 }, { -2.5, -8.5 }, { -2.5, -4.5 } };
  StmMeasureStats got, want;

  g_assert_true (stm_measure_stats (volume, 1, STM_MEASUREMENT_POLYGON, square, 4, &got));
  reference_stats (volume, 1, inside_clipped_square, NULL, &want);
  assert_stats_equal (&got, &want);
  g_assert_false (stm_measure_stats (volume, 1, STM_MEASUREMENT_POLYGON, off, 3, &got));
  g_assert_cmpuint (got.count, ==, 0);
  g_assert_false (stm_measure_stats (volume, NZ, STM_MEASUREMENT_POLYGON, square, 4, &got));
  g_assert_false (stm_measure_stats (volume, 0, STM_MEASUREMENT_DISTANCE, square, 2, &got));
}

/* Colour is measured as stm_volume_grey_at()'s grey. */
static void
test_rgb_grey (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) volume = stm_volume_new (STM_VOXEL_RGB8, 8, 6, 1,
                                                STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  const StmVoxelPoint box[] = { { 1.5, 0.5 }, { 4.5, 0.5 }, { 4.5, 3.5 }, { 1.5, 3.5 } };
  guint8 *rgb;
  StmMeasureStats got;
  double sum = 0;

  g_assert_no_error (error);
  rgb = stm_volume_rgb_data (volume);
  for (gsize n = 0; n < 8 * 6 * 3; n++)
    rgb[n] = (guint8) (n * 37 % 251);
  for (gsize j = 1; j <= 3; j++)
    for (gsize i = 2; i <= 4; i++)
      sum += stm_volume_grey_at (volume, i, j, 0);
  g_assert_true (stm_measure_stats (volume, 0, STM_MEASUREMENT_POLYGON, box, 4, &got));
  g_assert_cmpuint (got.count, ==, 9);
  g_assert_cmpfloat_with_epsilon (got.mean, sum / 9, 1e-9);
}

static void
test_single_voxel (void)
{
  g_autoptr(StmVolume) volume = make_random_volume ();
  const StmVoxelPoint box[] = { { 6.5, 6.5 }, { 7.5, 6.5 }, { 7.5, 7.5 }, { 6.5, 7.5 } };
  StmMeasureStats got;

  g_assert_true (stm_measure_stats (volume, 0, STM_MEASUREMENT_POLYGON, box, 4, &got));
  g_assert_cmpuint (got.count, ==, 1);
  g_assert_cmpfloat (got.mean, ==, stm_volume_float_data (volume)[7 * NX + 7]);
  g_assert_cmpfloat (got.sd, ==, 0);
}

/*
 * An outline that crosses itself (a bow tie, as a freehand loop closed with
 * an overlap draws): area and statistics both describe its first loop, the
 * triangle (5.5, 5.5), (10.5, 10.5), (10.5, 0.5) of area 25, whose voxel
 * centres are those with |y - 5.5| <= x - 5.5 (x <= 10; centres on its
 * slanted left edges count, as the even-odd scanline counts a crossing
 * for the points at or right of it): 30 of them. The whole outline would
 * give area 0 (its lobes cancel) over both lobes.
 */
static void
test_self_crossing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) v = stm_volume_new (STM_VOXEL_FLOAT32, 30, 30, 1, G_MAXUINT64, &error);
  StmVoxelPoint bow_tie[] = { { 0.5, 0.5 }, { 10.5, 10.5 }, { 10.5, 0.5 }, { 0.5, 10.5 } };
  StmMeasureContext context = { v, NULL, 0 };
  StmMeasurementResult r;
  double sum = 0;
  gsize count = 0;

  g_assert_no_error (error);
  for (gsize k = 0; k < 30 * 30; k++)
    stm_volume_float_data (v)[k] = (float) k;
  for (int x = 6; x <= 10; x++)
    for (int y = 0; y < 30; y++)
      if (fabs (y - 5.5) <= x - 5.5)
        {
          sum += x + 30 * y;
          count++;
        }
  g_assert_cmpuint (count, ==, 30);
  stm_measure_compute (&context, STM_MEASUREMENT_FREEHAND, 0, bow_tie, 4, &r);
  g_assert_cmpfloat_with_epsilon (r.area, 25.0, 1e-9);
  g_assert_true (r.has_stats);
  g_assert_cmpuint (r.stats.count, ==, count);
  g_assert_cmpfloat_with_epsilon (r.stats.mean, sum / count, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/measure/stats/polygon", test_polygon_stats);
  g_test_add_func ("/measure/stats/freehand", test_freehand_stats);
  g_test_add_func ("/measure/stats/ellipse", test_ellipse_stats);
  g_test_add_func ("/measure/stats/clipped", test_clipped);
  g_test_add_func ("/measure/stats/rgb-grey", test_rgb_grey);
  g_test_add_func ("/measure/stats/single-voxel", test_single_voxel);
  g_test_add_func ("/measure/stats/self-crossing", test_self_crossing);
  return g_test_run ();
}
