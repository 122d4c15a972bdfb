/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Invariants on a real CT (ibsi_sts002_ct from ../shared, with an
 * ellipsoid mask built here) that must hold whatever the data: the
 * voxel-counting volume is the count times the voxel volume, the mesh
 * volume is close to it, every texture matrix holds exactly the pairs,
 * runs, zones or neighbourhoods there are (its probabilities sum to 1),
 * and no feature changes when the image and mask move inside a larger
 * grid or turn by 90 degrees in-plane.
 */
#include <math.h>
#include <string.h>

#include "radiomics-test-support.h"
#include "stm-dicom-collection.h"
#include "stm-glcm.h"
#include "stm-glrlm.h"
#include "stm-glszm.h"
#include "stm-gldzm.h"
#include "stm-ngldm.h"
#include "stm-radiomics.h"
#include "stm-radiomics-chain.h"
#include "stm-series-volume.h"
#include "stm-test-support.h"
#include "stm-zones.h"

#define SHIFT_X 3
#define SHIFT_Y 5
#define SHIFT_Z 2
#define PAD     4

static const char CONFIG_3D[] =
  "{ \"dimensions\": \"3d\", \"resegmentation\": { \"range\": [-1000, 400] },"
  "  \"discretisation\": { \"method\": \"fbs\", \"bin_width\": 25 } }";
static const char CONFIG_2D[] =
  "{ \"dimensions\": \"2d\", \"resegmentation\": { \"range\": [-1000, 400] },"
  "  \"discretisation\": { \"method\": \"fbs\", \"bin_width\": 25 } }";

typedef struct
{
  StmVolume *image;
  StmVolume *mask;
  gsize      n_mask;
} Fixture;

static StmRadiomicsConfig
config_from (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config;

  stm_radiomics_config_init (&config);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  g_assert_true (stm_radiomics_config_from_json (json_parser_get_root (parser), &config, &error));
  g_assert_no_error (error);
  return config;
}

static StmVolume *
load_ct (void)
{
  g_autofree char *dir = stm_test_shared_path ("dicom/ct_series/ibsi_sts002_ct");
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return NULL;
  const char *paths[] = { dir, NULL };
  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan (paths, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  StmSeries *series = stm_dicom_collection_default_series (collection);
  g_assert_nonnull (series);
  StmVolume *image = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (image->format, ==, STM_VOXEL_FLOAT32);
  return image;
}

static StmVolume *
volume_like (const StmVolume *like, gsize nx, gsize ny, gsize nz, float fill)
{
  g_autoptr(GError) error = NULL;
  StmVolume *v = stm_volume_new (STM_VOXEL_FLOAT32, nx, ny, nz, G_MAXUINT64, &error);
  float *data;

  g_assert_no_error (error);
  v->geometry = like->geometry;
  data = stm_volume_float_data (v);
  for (gsize i = 0; i < nx * ny * nz; i++)
    data[i] = fill;
  return v;
}

/* Voxel centre of the body: the mean position of voxels above -300 HU. */
static void
body_centre (const StmVolume *image, double centre[3])
{
  const float *data = stm_volume_float_data (image);
  double sum[3] = { 0, 0, 0 };
  gsize n = 0, i = 0;

  for (gsize z = 0; z < image->dims[2]; z++)
    for (gsize y = 0; y < image->dims[1]; y++)
      for (gsize x = 0; x < image->dims[0]; x++, i++)
        if (data[i] > -300)
          {
            sum[0] += x;
            sum[1] += y;
            sum[2] += z;
            n++;
          }
  g_assert_cmpuint (n, >, 0);
  for (int a = 0; a < 3; a++)
    centre[a] = sum[a] / n;
}

/*
 * An ellipsoid of semi-axes 16 x 13 x 11 mm (a few thousand voxels at CT
 * resolutions) around the body centre, kept two voxels off the grid's
 * edges so the mesh closes.
 */
static StmVolume *
ellipsoid_mask (const StmVolume *image, gsize *n_inside)
{
  const double semi_mm[3] = { 16, 13, 11 };
  const double *sp = image->geometry.spacing;
  StmVolume *mask = volume_like (image, image->dims[0], image->dims[1], image->dims[2], 0);
  float *m = stm_volume_float_data (mask);
  double centre[3], semi[3];
  gsize i = 0;

  body_centre (image, centre);
  for (int a = 0; a < 3; a++)
    {
      semi[a] = MIN (semi_mm[a] / sp[a], image->dims[a] / 2.0 - 2);
      centre[a] = CLAMP (centre[a], semi[a] + 2, image->dims[a] - semi[a] - 3);
    }
  *n_inside = 0;
  for (gsize z = 0; z < image->dims[2]; z++)
    for (gsize y = 0; y < image->dims[1]; y++)
      for (gsize x = 0; x < image->dims[0]; x++, i++)
        {
          double dx = (x - centre[0]) / semi[0];
          double dy = (y - centre[1]) / semi[1];
          double dz = (z - centre[2]) / semi[2];

          if (dx * dx + dy * dy + dz * dz <= 1)
            {
              m[i] = 1;
              (*n_inside)++;
            }
        }
  return mask;
}

static gboolean
fixture_init (Fixture *f)
{
  f->image = load_ct ();
  if (f->image == NULL)
    return FALSE;
  f->mask = ellipsoid_mask (f->image, &f->n_mask);
  g_test_message ("CT %zu x %zu x %zu, spacing %g x %g x %g mm, mask %zu voxels",
                  f->image->dims[0], f->image->dims[1], f->image->dims[2],
                  f->image->geometry.spacing[0], f->image->geometry.spacing[1],
                  f->image->geometry.spacing[2], f->n_mask);
  g_assert_cmpuint (f->n_mask, >, 1000);
  g_assert_cmpuint (f->n_mask, <, 20000);
  return TRUE;
}

static void
fixture_clear (Fixture *f)
{
  g_clear_pointer (&f->image, stm_volume_unref);
  g_clear_pointer (&f->mask, stm_volume_unref);
}

static StmFeatureTable *
extract (const StmVolume *image, const StmVolume *mask, const char *json)
{
  StmRadiomicsConfig config = config_from (json);
  g_autoptr(GError) error = NULL;
  StmFeatureTable *table = stm_radiomics_extract (image, mask, &config, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static double
value_of (const StmFeatureTable *table, const char *code)
{
  const StmFeature *row = stm_feature_table_find (table, code, STM_AGG_3D);

  g_assert_nonnull (row);
  return row->value;
}

static void
test_volumes (void)
{
  Fixture f = { 0 };

  if (!fixture_init (&f))
    return;
  g_autoptr(StmFeatureTable) table = extract (f.image, f.mask, CONFIG_3D);
  const double *sp = f.image->geometry.spacing;
  double voxel_volume = f.n_mask * (sp[0] * sp[1] * sp[2]);
  double counted = value_of (table, "YEKZ");
  double mesh = value_of (table, "RNU0");

  g_test_message ("voxel volume %.6f mm3, mesh volume %.6f mm3", counted, mesh);
  g_assert_cmpfloat_with_epsilon (counted, voxel_volume, 1e-12 * voxel_volume);
  g_assert_cmpfloat (fabs (mesh - counted), <=, 0.03 * counted);
  fixture_clear (&f);
}

/* Ordered pairs (v, v + d) with both voxels in the intensity mask, for v in slices [z0, z1). */
static double
count_pairs (const StmRoi *roi, const StmTextureDirection *d, gsize z0, gsize z1)
{
  double n = 0;

  for (gsize z = z0; z < z1; z++)
    for (gsize y = 0; y < roi->dims[1]; y++)
      for (gsize x = 0; x < roi->dims[0]; x++)
        {
          gssize nx = (gssize) x + d->x, ny = (gssize) y + d->y, nz = (gssize) z + d->z;

          if (nx < 0 || ny < 0 || nz < 0 || nx >= (gssize) roi->dims[0]
              || ny >= (gssize) roi->dims[1] || nz >= (gssize) roi->dims[2])
            continue;
          if (roi->int_mask[stm_roi_index (roi, x, y, z)]
              && roi->int_mask[stm_roi_index (roi, nx, ny, nz)])
            n++;
        }
  return n;
}

static double
sum_of (const double *values, gsize n)
{
  double s = 0;

  for (gsize i = 0; i < n; i++)
    s += values[i];
  return s;
}

/* Probabilities counts / expected sum to 1. */
static void
assert_probabilities (const double *counts, gsize n, double expected)
{
  double p = 0;

  for (gsize i = 0; i < n; i++)
    p += counts[i] / expected;
  g_assert_cmpfloat_with_epsilon (p, 1.0, 1e-12);
}

static void
check_glcm (const StmRoi *roi, const StmTextureLevels *levels,
            const StmTextureDirection *d, gsize z0, gsize z1)
{
  gsize n = (gsize) levels->n * levels->n;
  g_autofree double *counts = g_new0 (double, n);
  double pairs = count_pairs (roi, d, z0, z1);

  stm_glcm_accumulate (roi, levels, d, 1, TRUE, z0, z1, counts);
  g_assert_cmpfloat (sum_of (counts, n), ==, 2 * pairs);
  for (gsize i = 0; i < levels->n; i++)
    for (gsize j = 0; j < i; j++)
      g_assert_cmpfloat (counts[i * levels->n + j], ==, counts[j * levels->n + i]);
  if (pairs > 0)
    assert_probabilities (counts, n, 2 * pairs);
}

/* Runs cover each voxel once: sum of run length x count = N_v. */
static void
check_glrlm (const StmRoi *roi, const StmTextureLevels *levels,
             const StmTextureDirection *d, gsize z0, gsize z1, gsize expected_voxels)
{
  gsize max_run = stm_glrlm_max_run (roi);
  g_autofree double *counts = g_new0 (double, (gsize) levels->n * max_run);
  double covered = 0;
  gsize n_v = stm_glrlm_accumulate (roi, levels, d, z0, z1, max_run, counts);

  for (gsize i = 0; i < levels->n; i++)
    for (gsize j = 0; j < max_run; j++)
      covered += (j + 1) * counts[i * max_run + j];
  g_assert_cmpuint (n_v, ==, expected_voxels);
  g_assert_cmpfloat (covered, ==, (double) expected_voxels);
  if (expected_voxels > 0)
    {
      g_autofree double *weighted = g_new0 (double, (gsize) levels->n * max_run);

      for (gsize i = 0; i < levels->n * max_run; i++)
        weighted[i] = counts[i] * (i % max_run + 1);
      assert_probabilities (weighted, levels->n * max_run, expected_voxels);
    }
}

static gsize
slice_int_voxels (const StmRoi *roi, gsize z)
{
  gsize n = 0, plane = roi->dims[0] * roi->dims[1];

  for (gsize i = 0; i < plane; i++)
    n += roi->int_mask[z * plane + i];
  return n;
}

/* Each group's zones (or neighbourhoods) and the matrix built from them. */
static void
check_zone_pairs (const StmZonePairs *pairs, gboolean sizes_are_voxels)
{
  gsize total_voxels = 0;

  for (guint g = 0; g < pairs->n_groups; g++)
    {
      gsize begin = pairs->group_start[g], end = pairs->group_start[g + 1];
      g_autoptr(StmZoneMatrix) matrix = NULL;
      double cells = 0, size_sum = 0;

      if (end == begin)
        continue;
      matrix = stm_zone_matrix_new (pairs->pairs + begin, end - begin,
                                    pairs->group_voxels[g]);
      for (gsize c = 0; c < matrix->n_cells; c++)
        cells += matrix->cells[c].count;
      g_assert_cmpfloat (cells, ==, (double) (end - begin));
      for (gsize k = begin; k < end; k++)
        size_sum += pairs->pairs[k].j;
      if (sizes_are_voxels)
        g_assert_cmpfloat (size_sum, ==, (double) pairs->group_voxels[g]);
      total_voxels += pairs->group_voxels[g];
      {
        g_autofree double *counts = g_new (double, matrix->n_cells);

        for (gsize c = 0; c < matrix->n_cells; c++)
          counts[c] = matrix->cells[c].count;
        assert_probabilities (counts, matrix->n_cells, end - begin);
      }
    }
  g_assert_cmpuint (total_voxels, >, 0);
}

static void
check_matrices (const char *json)
{
  Fixture f = { 0 };

  if (!fixture_init (&f))
    return;
  StmRadiomicsConfig config = config_from (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmRoi) roi = stm_radiomics_prepare (f.image, f.mask, &config, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(StmTextureLevels) levels = stm_texture_levels_new (roi);
  gsize nz = roi->dims[2];

  g_assert_cmpuint (roi->n_morph_voxels, ==, f.n_mask);
  for (guint d = 0; d < STM_TEXTURE_N_3D; d++)
    {
      check_glcm (roi, levels, &stm_texture_directions_3d[d], 0, nz);
      check_glrlm (roi, levels, &stm_texture_directions_3d[d], 0, nz, roi->n_int_voxels);
    }
  for (gsize z = 0; z < nz; z++)
    for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
      {
        check_glcm (roi, levels, &stm_texture_directions_2d[d], z, z + 1);
        check_glrlm (roi, levels, &stm_texture_directions_2d[d], z, z + 1,
                     slice_int_voxels (roi, z));
      }
  for (int planar = 0; planar < 2; planar++)
    {
      g_autoptr(StmZonePairs) glszm = stm_glszm_pairs (roi, planar);
      g_autoptr(StmZonePairs) gldzm = stm_gldzm_pairs (roi, planar);
      g_autoptr(StmZonePairs) ngldm = stm_ngldm_pairs (roi, config.distance,
                                                        config.ngldm_coarseness, planar);

      check_zone_pairs (glszm, TRUE);
      check_zone_pairs (gldzm, FALSE);
      check_zone_pairs (ngldm, FALSE);
      g_assert_cmpuint (ngldm->n_pairs, ==, roi->n_int_voxels);
    }
  fixture_clear (&f);
}

static void
test_matrices_3d (void)
{
  check_matrices (CONFIG_3D);
}

static void
test_matrices_2d (void)
{
  check_matrices (CONFIG_2D);
}

static gboolean
same_value (double a, double b, double rel)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return a == b || fabs (a - b) <= rel * MAX (fabs (a), fabs (b));
}

/* Every row of @a equal to the same row of @b; returns the number of misses, printed. */
static guint
compare_tables (const StmFeatureTable *a, const StmFeatureTable *b,
                const char * const *skip_codes)
{
  guint misses = 0;

  g_assert_cmpuint (stm_feature_table_length (a), ==, stm_feature_table_length (b));
  for (guint i = 0; i < stm_feature_table_length (a); i++)
    {
      const StmFeature *ra = stm_feature_table_get (a, i);
      const StmFeature *rb = stm_feature_table_get (b, i);

      g_assert_cmpstr (ra->feature, ==, rb->feature);
      g_assert_cmpstr (ra->aggregation, ==, rb->aggregation);
      if (skip_codes != NULL && g_strv_contains (skip_codes, ra->ibsi_code))
        continue;
      if (!same_value (ra->value, rb->value, 1e-9))
        {
          g_test_message ("%s %s (%s, %s): %.17g vs %.17g", ra->family, ra->feature,
                          ra->ibsi_code, ra->aggregation, ra->value, rb->value);
          misses++;
        }
    }
  return misses;
}

/* @v placed at offset (SHIFT_X, SHIFT_Y, SHIFT_Z) in a grid PAD voxels larger each way. */
static StmVolume *
shifted (const StmVolume *v, float fill)
{
  const gsize off[3] = { SHIFT_X, SHIFT_Y, SHIFT_Z };
  gsize nx = v->dims[0], ny = v->dims[1], nz = v->dims[2];
  StmVolume *out = volume_like (v, nx + off[0] + PAD, ny + off[1] + PAD, nz + off[2] + PAD, fill);
  const float *src = stm_volume_float_data (v);
  float *dst = stm_volume_float_data (out);

  for (int a = 0; a < 3; a++)
    for (int c = 0; c < 3; c++)
      out->geometry.origin[c] -= off[a] * v->geometry.spacing[a] * v->geometry.axes[a][c];
  for (gsize z = 0; z < nz; z++)
    for (gsize y = 0; y < ny; y++)
      memcpy (dst + ((z + off[2]) * out->dims[1] + y + off[1]) * out->dims[0] + off[0],
              src + (z * ny + y) * nx, nx * sizeof (float));
  return out;
}

static void
check_shift (const char *json)
{
  Fixture f = { 0 };

  if (!fixture_init (&f))
    return;
  g_autoptr(StmVolume) image = shifted (f.image, -1000);
  g_autoptr(StmVolume) mask = shifted (f.mask, 0);
  g_autoptr(StmFeatureTable) before = extract (f.image, f.mask, json);
  g_autoptr(StmFeatureTable) after = extract (image, mask, json);

  g_assert_cmpuint (stm_feature_table_length (before), >, 100);
  g_assert_cmpuint (compare_tables (before, after, NULL), ==, 0);
  fixture_clear (&f);
}

static void
test_shift_3d (void)
{
  check_shift (CONFIG_3D);
}

static void
test_shift_2d (void)
{
  check_shift (CONFIG_2D);
}

/* @v turned 90 degrees in-plane: voxel (x, y) goes to (ny - 1 - y, x). */
static StmVolume *
rotated (const StmVolume *v)
{
  gsize nx = v->dims[0], ny = v->dims[1], nz = v->dims[2];
  StmVolume *out = volume_like (v, ny, nx, nz, 0);
  const float *src = stm_volume_float_data (v);
  float *dst = stm_volume_float_data (out);

  out->geometry.spacing[0] = v->geometry.spacing[1];
  out->geometry.spacing[1] = v->geometry.spacing[0];
  for (gsize z = 0; z < nz; z++)
    for (gsize y = 0; y < ny; y++)
      for (gsize x = 0; x < nx; x++)
        dst[(z * nx + x) * ny + (ny - 1 - y)] = src[(z * ny + y) * nx + x];
  return out;
}

/*
 * The 4 in-plane and 13 volumetric direction sets map onto themselves (up to
 * sign) under a 90 degree turn about z, and distances, zones and
 * neighbourhoods are unchanged, so every aggregation is invariant. Only
 * the mesh is not: marching cubes resolves ambiguous faces by their
 * orientation, so mesh-based features are compared to 1e-3 instead.
 */
static void
check_rotation (const char *json)
{
  static const char * const mesh_codes[] = {
    "RNU0", "C0JK", "2PR5", "SKGS", "BQWJ", "KRCK", "QCFX", "25C7", "L0JK",
    "R59B", "6BDE", "RDD2", "R3ER", "7T7F", "99N0", NULL
  };
  Fixture f = { 0 };

  if (!fixture_init (&f))
    return;
  g_autoptr(StmVolume) image = rotated (f.image);
  g_autoptr(StmVolume) mask = rotated (f.mask);
  g_autoptr(StmFeatureTable) before = extract (f.image, f.mask, json);
  g_autoptr(StmFeatureTable) after = extract (image, mask, json);

  g_assert_cmpuint (compare_tables (before, after, mesh_codes), ==, 0);
  for (guint i = 0; mesh_codes[i] != NULL; i++)
    {
      const StmFeature *a = stm_feature_table_find (before, mesh_codes[i], STM_AGG_3D);
      const StmFeature *b = stm_feature_table_find (after, mesh_codes[i], STM_AGG_3D);

      if (a != NULL && b != NULL)
        g_assert_true (same_value (a->value, b->value, 1e-3));
    }
  fixture_clear (&f);
}

static void
test_rotation_3d (void)
{
  check_rotation (CONFIG_3D);
}

static void
test_rotation_2d (void)
{
  check_rotation (CONFIG_2D);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/radiomics/real-ct/volumes", test_volumes);
  g_test_add_func ("/radiomics/real-ct/matrices-3d", test_matrices_3d);
  g_test_add_func ("/radiomics/real-ct/matrices-2d", test_matrices_2d);
  g_test_add_func ("/radiomics/real-ct/shift-3d", test_shift_3d);
  g_test_add_func ("/radiomics/real-ct/shift-2d", test_shift_2d);
  g_test_add_func ("/radiomics/real-ct/rotation-3d", test_rotation_3d);
  g_test_add_func ("/radiomics/real-ct/rotation-2d", test_rotation_2d);
  return g_test_run ();
}
