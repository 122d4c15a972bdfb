/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The IBSI processing chain: interpolation, re-segmentation,
 * discretisation, the IVH's discretisation, the JSON configuration, and
 * stm_radiomics_prepare() against the digital phantom and an IBSI 2
 * phantom. Expected values are worked out by hand in the comments, or
 * taken from scipy where said.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "radiomics-test-support.h"
#include "stm-discretise.h"
#include "stm-interpolate.h"
#include "stm-nifti.h"
#include "stm-radiomics-chain.h"
#include "stm-resegment.h"
#include "stm-test-support.h"

static StmVolume *
make_volume (gsize        nx,
             gsize        ny,
             gsize        nz,
             const float *values,
             double       sx,
             double       sy,
             double       sz)
{
  g_autoptr(GError) error = NULL;
  StmVolume *v = stm_volume_new (STM_VOXEL_FLOAT32, nx, ny, nz, G_MAXUINT32, &error);

  g_assert_no_error (error);
  v->geometry.spacing[0] = sx;
  v->geometry.spacing[1] = sy;
  v->geometry.spacing[2] = sz;
  if (values != NULL)
    memcpy (v->data, values, nx * ny * nz * sizeof (float));
  return v;
}

/* A mask of ones on @image's grid. */
static StmVolume *
full_mask (const StmVolume *image)
{
  StmVolume *m = make_volume (image->dims[0], image->dims[1], image->dims[2], NULL,
                              image->geometry.spacing[0], image->geometry.spacing[1],
                              image->geometry.spacing[2]);
  m->geometry = image->geometry;
  for (gsize i = 0; i < stm_volume_n_voxels (m); i++)
    stm_volume_float_data (m)[i] = 1;
  return m;
}

static gboolean
parse_config (const char         *json,
              StmRadiomicsConfig *config,
              GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  stm_radiomics_config_init (config);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return stm_radiomics_config_from_json (json_parser_get_root (parser), config, error);
}

static StmRadiomicsConfig
config_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config;

  g_assert_true (parse_config (json, &config, &error));
  g_assert_no_error (error);
  return config;
}

static gsize
roi_voxels (const StmRoi *roi)
{
  return roi->dims[0] * roi->dims[1] * roi->dims[2];
}

/* ---- interpolation grid ---- */

/* The manual's example: 4 voxels of 3 mm at 2 mm make 6, centred (-1/6 voxel, -0.5 mm). */
static void
test_grid_align_centres (void)
{
  g_autoptr(GError) error = NULL;
  StmGridAxis axis;

  g_assert_true (stm_grid_axis_align_centres (4, 3.0, 2.0, &axis, &error));
  g_assert_cmpuint (axis.n, ==, 6);
  g_assert_cmpfloat_with_epsilon (axis.step, 2.0 / 3.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (axis.origin, -1.0 / 6.0, 1e-15);

  /* 4 x 0.3 / 0.2 is 6.000000000000001 in double: still 6 points. */
  g_assert_true (stm_grid_axis_align_centres (4, 0.3, 0.2, &axis, &error));
  g_assert_cmpuint (axis.n, ==, 6);
  /* 64 x 2 / (2/3) is 192.00000000000003: 192. */
  g_assert_true (stm_grid_axis_align_centres (64, 2.0, 2.0 / 3.0, &axis, &error));
  g_assert_cmpuint (axis.n, ==, 192);
  g_assert_cmpfloat_with_epsilon (axis.origin, -1.0 / 3.0, 1e-12);
  /* Up to the next whole voxel: 5 x 2 / 3 = 3.33 gives 4 points, centred. */
  g_assert_true (stm_grid_axis_align_centres (5, 2.0, 3.0, &axis, &error));
  g_assert_cmpuint (axis.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (axis.origin, 0.5 * (4 - 1.5 * 3), 1e-15);
  /* Same spacing: the grid itself. */
  g_assert_true (stm_grid_axis_align_centres (5, 2.0, 2.0, &axis, &error));
  g_assert_cmpuint (axis.n, ==, 5);
  g_assert_cmpfloat (axis.origin, ==, 0);

  g_assert_false (stm_grid_axis_align_centres (4, 3.0, 0, &axis, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG);
  g_clear_error (&error);
  g_assert_false (stm_grid_axis_align_centres (512, 1.0, 1e-9, &axis, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE);
}

/* The new grid's origin in patient space: x_a,w + (s_a (n_a - 1) - s_b (n_b - 1)) / 2. */
static void
test_grid_world_origin (void)
{
  const float values[4] = { 1, 2, 3, 4 };
  g_autoptr(StmVolume) image = make_volume (4, 1, 1, values, 3, 1, 1);
  g_autoptr(GError) error = NULL;
  const double spacing[3] = { 2, 1, 1 };

  image->geometry.origin[0] = 10;
  g_autoptr(StmVolume) out = stm_interpolate_volume (image, spacing, FALSE, STM_INTERP_NEAREST,
                                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->dims[0], ==, 6);
  g_assert_cmpfloat_with_epsilon (out->geometry.origin[0], 10 + (3.0 * 3 - 2.0 * 5) / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (out->geometry.spacing[0], 2, 1e-12);
  /* Points -1/6, 1/2, 7/6, 11/6, 5/2, 19/6; a tie (1/2, 5/2) goes up. */
  const float expected[6] = { 1, 2, 2, 3, 4, 4 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (stm_volume_float_data (out)[i], ==, expected[i]);
}

/* ---- interpolation methods ---- */

static double *
interpolate_1d (const double *src,
                gsize         n,
                double        s_a,
                double        s_b,
                StmInterp     method,
                gsize        *n_out)
{
  gsize dims[3] = { n, 1, 1 };
  StmGridAxis axes[3];
  g_autoptr(GError) error = NULL;

  g_assert_true (stm_grid_axis_align_centres (n, s_a, s_b, &axes[0], &error));
  stm_grid_axis_identity (1, &axes[1]);
  stm_grid_axis_identity (1, &axes[2]);
  *n_out = axes[0].n;
  double *out = stm_interpolate_grid (src, dims, axes, method, NULL, &error);
  g_assert_no_error (error);
  return out;
}

/* Two voxels at 1 mm resampled to 2 mm: one point, half-way, the exact mean. */
static void
test_linear_midpoint (void)
{
  const double src[2] = { 10, 20 };
  gsize n;
  g_autofree double *out = interpolate_1d (src, 2, 1.0, 2.0, STM_INTERP_LINEAR, &n);

  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (out[0], ==, 15);

  /* 2 x 2 x 2 to one voxel at the centre: trilinear is the mean of the 8 corners. */
  const double cube[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };
  gsize dims[3] = { 2, 2, 2 };
  StmGridAxis axes[3];
  for (int a = 0; a < 3; a++)
    g_assert_true (stm_grid_axis_align_centres (2, 1.0, 2.0, &axes[a], NULL));
  g_autofree double *centre = stm_interpolate_grid (cube, dims, axes, STM_INTERP_LINEAR, NULL,
                                                    NULL);
  g_assert_cmpfloat (centre[0], ==, 255.0 / 8);

  /* [10, 20] at 2 mm to 1 mm: points -1/4, 1/4, 3/4, 5/4; outside, the edge value. */
  g_autofree double *fine = interpolate_1d (src, 2, 2.0, 1.0, STM_INTERP_LINEAR, &n);
  const double expected[4] = { 10, 12.5, 17.5, 20 };
  g_assert_cmpuint (n, ==, 4);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (fine[i], expected[i], 1e-12);
}

static double
cubic_fn (double x)
{
  return 0.01 * x * x * x - 0.2 * x * x + x;
}

/* The cubic spline is exact on a constant and reproduces a cubic away from the edges. */
static void
test_cubic_smooth (void)
{
  double flat[12], curve[40];
  gsize n;

  for (int i = 0; i < 12; i++)
    flat[i] = 7.25;
  g_autofree double *out = interpolate_1d (flat, 12, 1.3, 0.4, STM_INTERP_CUBIC, &n);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 7.25, 1e-12);

  for (int i = 0; i < 40; i++)
    curve[i] = cubic_fn (i);
  g_autofree double *cubic = interpolate_1d (curve, 40, 1.0, 0.37, STM_INTERP_CUBIC, &n);
  g_autofree double *linear = interpolate_1d (curve, 40, 1.0, 0.37, STM_INTERP_LINEAR, &n);
  double origin = 0.5 * (39 - 0.37 * (double) (n - 1)), worst_cubic = 0, worst_linear = 0;
  for (gsize i = 0; i < n; i++)
    {
      double x = origin + 0.37 * (double) i;
      if (x < 10 || x > 29)
        continue;
      worst_cubic = MAX (worst_cubic, fabs (cubic[i] - cubic_fn (x)));
      worst_linear = MAX (worst_linear, fabs (linear[i] - cubic_fn (x)));
    }
  g_assert_cmpfloat (worst_cubic, <, 1e-4);
  g_assert_cmpfloat (worst_linear, >, 0.1);
}

/*
 * A 5 x 4 x 3 volume v = ((7x + 13y + 29z) mod 17) - 5 at spacing
 * (1, 1.5, 2) mm resampled to (0.7, 1.1, 1.3) mm: an 8 x 6 x 5 grid.
 * Expected values from scipy.ndimage.map_coordinates(order=0/1/3,
 * mode="nearest") (SciPy 1.10.1) at the same grid coordinates, which is
 * how the IBSI reference implementation MIRP interpolates. Every one of
 * the 240 points agreed to 1e-14 when this was written.
 */
static void
test_against_scipy (void)
{
  static const gsize at[5][3] = { { 0, 0, 0 }, { 7, 5, 4 }, { 3, 2, 2 }, { 1, 4, 3 }, { 6, 1, 0 } };
  static const double expected[3][5] = {
    { -5.0, 1.0, 0.0, 7.0, 6.0 },
    { -5.0, 1.0, 2.9666666666666677, 3.3874999999999993, 2.649999999999997 },
    { -9.026897876799259, -1.1565118622560393, 2.3185394973925537, 3.3572609410730423,
      2.6547803603395908 },
  };
  static const StmInterp methods[3] = { STM_INTERP_NEAREST, STM_INTERP_LINEAR, STM_INTERP_CUBIC };
  const double s_a[3] = { 1.0, 1.5, 2.0 }, s_b[3] = { 0.7, 1.1, 1.3 };
  gsize dims[3] = { 5, 4, 3 };
  double src[60];
  StmGridAxis axes[3];

  for (int z = 0; z < 3; z++)
    for (int y = 0; y < 4; y++)
      for (int x = 0; x < 5; x++)
        src[(z * 4 + y) * 5 + x] = ((x * 7 + y * 13 + z * 29) % 17) - 5;
  for (int a = 0; a < 3; a++)
    g_assert_true (stm_grid_axis_align_centres (dims[a], s_a[a], s_b[a], &axes[a], NULL));
  g_assert_cmpuint (axes[0].n * axes[1].n * axes[2].n, ==, 8 * 6 * 5);
  for (int m = 0; m < 3; m++)
    {
      g_autofree double *out = stm_interpolate_grid (src, dims, axes, methods[m], NULL, NULL);
      for (int p = 0; p < 5; p++)
        {
          gsize i = (at[p][2] * 6 + at[p][1]) * 8 + at[p][0];
          g_assert_cmpfloat_with_epsilon (out[i], expected[m][p], 1e-9);
        }
    }
}

static void
test_round (void)
{
  g_assert_cmpfloat (stm_interpolate_round (2.5), ==, 2);
  g_assert_cmpfloat (stm_interpolate_round (3.5), ==, 4);
  g_assert_cmpfloat (stm_interpolate_round (-2.5), ==, -2);
  g_assert_cmpfloat (stm_interpolate_round (-3.5), ==, -4);
  g_assert_cmpfloat (stm_interpolate_round (1.4999), ==, 1);
  g_assert_cmpfloat (stm_interpolate_round (-1000.6), ==, -1001);

  /* [2, 3] at 1 mm to 2 mm: 2.5 rounds to 2; unrounded it stays 2.5. */
  const float values[2] = { 2, 3 };
  g_autoptr(StmVolume) image = make_volume (2, 1, 1, values, 1, 1, 1);
  g_autoptr(StmVolume) mask = full_mask (image);
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config = config_from (
    "{\"interpolation\": {\"spacing_mm\": [2, 1, 1], \"round_intensities\": true}}");
  g_autoptr(StmRoi) rounded = stm_radiomics_prepare (image, mask, &config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (rounded->intensity[0], ==, 2);
  config.round_intensities = FALSE;
  g_autoptr(StmRoi) raw = stm_radiomics_prepare (image, mask, &config, NULL, &error);
  g_assert_cmpfloat (raw->intensity[0], ==, 2.5);
}

/* ---- mask partial volume ---- */

/* The morphological mask's box inside the ROI grid (which keeps a margin of image around it). */
static void
roi_mask_box (const StmRoi *roi, gsize lo[3], gsize hi[3])
{
  for (int a = 0; a < 3; a++)
    {
      lo[a] = G_MAXSIZE;
      hi[a] = 0;
    }
  for (gsize z = 0; z < roi->dims[2]; z++)
    for (gsize y = 0; y < roi->dims[1]; y++)
      for (gsize x = 0; x < roi->dims[0]; x++)
        if (roi->morph_mask[stm_roi_index (roi, x, y, z)])
          {
            gsize p[3] = { x, y, z };
            for (int a = 0; a < 3; a++)
              {
                lo[a] = MIN (lo[a], p[a]);
                hi[a] = MAX (hi[a], p[a]);
              }
          }
}

/*
 * Masks of 4 voxels at 0.3 mm resampled to 0.2 mm: points -1/6, 1/2, 7/6,
 * 11/6, 5/2, 19/6 voxels. At 1/2 a mask [0, 1, ...] or [1, 0, ...] is 0.5
 * in exact arithmetic and the voxel must stay in (R >= 0.5). Naive double
 * arithmetic puts the point at 0.49999999999999994, which drops it from
 * [0, 1, 1, 1]; float puts it at 0.5000001, which drops it from
 * [1, 0, 0, 0].
 */
static void
test_mask_threshold_precision (void)
{
  const float image_values[4] = { 10, 20, 30, 40 };
  const float rising[4] = { 0, 1, 1, 1 }, falling[4] = { 1, 0, 0, 0 };
  g_autoptr(StmVolume) image = make_volume (4, 1, 1, image_values, 0.3, 1, 1);
  g_autoptr(StmVolume) mask = make_volume (4, 1, 1, rising, 0.3, 1, 1);
  g_autoptr(StmVolume) mask_falling = make_volume (4, 1, 1, falling, 0.3, 1, 1);
  g_autoptr(GError) error = NULL;

  /* Why the case matters: each precision misses 0.5 on one side. */
  double step = 0.2 / 0.3, point = 0.5 * (3 - step * 5) + step;
  float step_f = 0.2f / 0.3f, point_f = 0.5f * (3.0f - step_f * 5.0f) + step_f;
  g_assert_cmpfloat (point, <, 0.5);
  g_assert_cmpfloat (1.0f - point_f, <, 0.5f);
  g_assert_true (stm_interpolate_mask_keeps (0.5, 0.5));
  g_assert_true (stm_interpolate_mask_keeps (point, 0.5));
  g_assert_false (stm_interpolate_mask_keeps (0.49999, 0.5));

  StmRadiomicsConfig config = config_from (
    "{\"interpolation\": {\"spacing_mm\": [0.2, 1, 1], \"mask\": \"linear\", "
    "\"mask_threshold\": 0.5}}");
  g_autoptr(StmRoi) roi = stm_radiomics_prepare (image, mask, &config, NULL, &error);
  g_assert_no_error (error);
  gsize lo[3], hi[3];
  roi_mask_box (roi, lo, hi);
  g_assert_cmpuint (hi[0] - lo[0] + 1, ==, 5);
  g_assert_cmpuint (roi->n_morph_voxels, ==, 5);
  g_assert_cmpfloat_with_epsilon (roi->intensity[stm_roi_index (roi, lo[0], 0, 0)], 15, 1e-5);
  /* [1, 0, 0, 0]: the point beyond the edge (-1/6, value 1) and the one at 1/2. */
  g_autoptr(StmRoi) roi_falling = stm_radiomics_prepare (image, mask_falling, &config, NULL,
                                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roi_falling->n_morph_voxels, ==, 2);

  /* Just above 0.5, the half-way voxel goes. */
  config.mask_threshold = 0.50001;
  g_autoptr(StmRoi) strict = stm_radiomics_prepare (image, mask, &config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strict->n_morph_voxels, ==, 4);

  /* Nearest neighbour: the point at 1/2 takes voxel 1 (ties go up), so 5 too. */
  config.mask_threshold = 0.5;
  config.mask_interp = STM_INTERP_NEAREST;
  g_autoptr(StmRoi) nearest = stm_radiomics_prepare (image, mask, &config, NULL, &error);
  g_assert_cmpuint (nearest->n_morph_voxels, ==, 5);
}

/* ---- re-segmentation ---- */

static void
test_resegment_range (void)
{
  const float v[6] = { -5, -1, 0, 3, 4, 10 };
  const guint8 morph[6] = { 1, 1, 1, 1, 1, 1 };
  guint8 kept[6];
  StmRadiomicsConfig config;
  double range[2];

  stm_radiomics_config_init (&config);
  config.has_range_min = config.has_range_max = TRUE;
  config.range_min = -1;
  config.range_max = 4;
  stm_resegment_range (v, morph, 6, &config, range);
  /* Both bounds are inclusive. */
  g_assert_cmpuint (stm_resegment_apply (v, morph, 6, range, kept), ==, 4);
  g_assert_cmpmem (kept, 6, ((guint8[]) { 0, 1, 1, 1, 1, 0 }), 6);

  config.has_range_min = FALSE;
  config.range_max = 3;
  stm_resegment_range (v, morph, 6, &config, range);
  g_assert_cmpfloat (range[0], ==, -INFINITY);
  g_assert_cmpuint (stm_resegment_apply (v, morph, 6, range, kept), ==, 4);
  g_assert_cmpmem (kept, 6, ((guint8[]) { 1, 1, 1, 1, 0, 0 }), 6);
}

/*
 * Nine voxels of 1 and one of 11: mean 2, population SD 3 (sum of
 * squares 9 + 81 = 90 over 10). At 3 sigma the range is [-7, 11] and 11
 * stays (inclusive); at 2.9 it is [-6.7, 10.7] and 11 goes (the sample SD,
 * 3.16, would have kept it).
 */
static void
test_resegment_outlier (void)
{
  const float v[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 11 };
  guint8 morph[10], kept[10];
  StmRadiomicsConfig config;
  double range[2];

  memset (morph, 1, sizeof morph);
  stm_radiomics_config_init (&config);
  config.has_outlier = TRUE;
  config.outlier_sigma = 3;
  stm_resegment_range (v, morph, 10, &config, range);
  g_assert_cmpfloat_with_epsilon (range[0], -7, 1e-12);
  g_assert_cmpfloat_with_epsilon (range[1], 11, 1e-12);
  g_assert_cmpuint (stm_resegment_apply (v, morph, 10, range, kept), ==, 10);

  config.outlier_sigma = 2.9;
  stm_resegment_range (v, morph, 10, &config, range);
  g_assert_cmpuint (stm_resegment_apply (v, morph, 10, range, kept), ==, 9);
  g_assert_cmpuint (kept[9], ==, 0);

  /* Intersection with a range: [0, 10] and [-7, 11] make [0, 10]. */
  config.outlier_sigma = 3;
  config.has_range_min = config.has_range_max = TRUE;
  config.range_min = 0;
  config.range_max = 10;
  stm_resegment_range (v, morph, 10, &config, range);
  g_assert_cmpfloat (range[0], ==, 0);
  g_assert_cmpfloat (range[1], ==, 10);
}

/* Through the chain: the morphological mask keeps what re-segmentation removes. */
static void
test_resegment_masks (void)
{
  const float values[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 11 };
  g_autoptr(StmVolume) image = make_volume (5, 2, 1, values, 1, 1, 1);
  g_autoptr(StmVolume) mask = full_mask (image);
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config = config_from (
    "{\"resegmentation\": {\"range\": [0, 10], \"outlier_sigma\": 3}}");
  g_autoptr(StmRoi) roi = stm_radiomics_prepare (image, mask, &config, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (roi->n_morph_voxels, ==, 10);
  g_assert_cmpuint (roi->n_int_voxels, ==, 9);
  g_assert_cmpuint (roi->morph_mask[9], ==, 1);
  g_assert_cmpuint (roi->int_mask[9], ==, 0);
  g_assert_cmpint (roi->levels[9], ==, 0);
  /* "none" from the range's lower bound 0: intensity 1 is level 2. */
  g_assert_cmpint (roi->levels[0], ==, 2);
  g_assert_cmpuint (roi->n_levels, ==, 2);
}

/* ---- discretisation ---- */

static void
discretise (const float             *v,
            gsize                    n,
            const StmDiscretisation *d,
            double                   lower,
            int                     *levels,
            guint                   *n_levels)
{
  guint8 mask[16];
  g_autoptr(GError) error = NULL;

  memset (mask, 1, sizeof mask);
  g_assert_true (stm_discretise_levels (v, mask, n, d, lower, levels, n_levels, &error));
  g_assert_no_error (error);
}

/* FBS from the range's lower bound -1000 with w = 25: floor((x + 1000) / 25) + 1. */
static void
test_discretise_fbs (void)
{
  const float v[5] = { -1000, -990, -975.5f, -951, 400 };
  StmDiscretisation d = { .method = STM_DISCRETISE_FBS, .bin_width = 25 };
  int levels[5];
  guint n_levels;

  discretise (v, 5, &d, -1000, levels, &n_levels);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 1, 1, 1, 2, 57 }), sizeof levels);
  g_assert_cmpuint (n_levels, ==, 57);

  /* The lower bound at -1100: every level moves up by 4. */
  discretise (v, 5, &d, -1100, levels, &n_levels);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 5, 5, 5, 6, 61 }), sizeof levels);

  /* No range: from the ROI minimum, -990. */
  discretise (v + 1, 4, &d, -INFINITY, levels, &n_levels);
  g_assert_cmpmem (levels, 4 * sizeof (int), ((int[]) { 1, 1, 2, 56 }), 4 * sizeof (int));
}

/* FBN, N = 4 over [0, 10]: floor(4 x / 10) + 1, and N at the maximum. */
static void
test_discretise_fbn (void)
{
  const float v[5] = { 0, 1, 2.5f, 5, 10 };
  const float flat[3] = { 3, 3, 3 };
  StmDiscretisation d = { .method = STM_DISCRETISE_FBN, .bins = 4 };
  int levels[5];
  guint n_levels;

  /* The range never matters for FBN. */
  discretise (v, 5, &d, -1000, levels, &n_levels);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 1, 1, 2, 3, 4 }), sizeof levels);
  g_assert_cmpuint (n_levels, ==, 4);

  /* Every voxel at the maximum: all level N. */
  discretise (flat, 3, &d, -INFINITY, levels, &n_levels);
  g_assert_cmpmem (levels, 3 * sizeof (int), ((int[]) { 4, 4, 4 }), 3 * sizeof (int));
}

/* "none": round(x) - round(lower) + 1, so the phantom's 1..6 stay 1..6. */
static void
test_discretise_none (void)
{
  const float phantom[4] = { 1, 3, 4, 6 }, ct[3] = { -999, -500.5f, 400 };
  StmDiscretisation d = { .method = STM_DISCRETISE_NONE };
  int levels[4];
  guint n_levels;

  discretise (phantom, 4, &d, -INFINITY, levels, &n_levels);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 1, 3, 4, 6 }), sizeof levels);
  g_assert_cmpuint (n_levels, ==, 6);

  discretise (ct, 3, &d, -1000, levels, &n_levels);
  g_assert_cmpmem (levels, 3 * sizeof (int), ((int[]) { 2, 501, 1401 }), 3 * sizeof (int));
  g_assert_cmpuint (n_levels, ==, 1401);
}

static void
test_discretise_too_many (void)
{
  const float v[2] = { 0, 1000 };
  const guint8 mask[2] = { 1, 1 };
  StmDiscretisation d = { .method = STM_DISCRETISE_FBS, .bin_width = 0.001 };
  g_autoptr(GError) error = NULL;
  int levels[2];
  guint n_levels;

  g_assert_false (stm_discretise_levels (v, mask, 2, &d, -INFINITY, levels, &n_levels, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE);
}

/* ---- IVH ---- */

static void
ivh (const float             *v,
     gsize                    n,
     const StmDiscretisation *d,
     double                   lo,
     double                   hi,
     int                     *levels,
     guint                   *n_levels,
     double                 **values,
     double                   g[2])
{
  guint8 mask[16];
  const double range[2] = { lo, hi };
  g_autoptr(GError) error = NULL;

  memset (mask, 1, sizeof mask);
  g_assert_true (stm_discretise_ivh (v, mask, n, d, range, levels, n_levels, values, g, &error));
  g_assert_no_error (error);
}

/* "none": the intensities over G, the range when set, else [min, max]; w_d = 1. */
static void
test_ivh_none (void)
{
  const float v[4] = { 1, 3, 4, 6 };
  StmDiscretisation d = { .method = STM_DISCRETISE_NONE };
  g_autofree double *values = NULL, *wide = NULL;
  double g[2];
  int levels[4];
  guint n;

  ivh (v, 4, &d, -INFINITY, INFINITY, levels, &n, &values, g);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 1, 3, 4, 6 }), sizeof levels);
  for (guint l = 0; l < n; l++)
    g_assert_cmpfloat (values[l], ==, l + 1);
  g_assert_cmpfloat (g[0], ==, 1);
  g_assert_cmpfloat (g[1], ==, 6);

  /* Range [0, 10]: 11 levels for 0..10, absent ones included. */
  ivh (v, 4, &d, 0, 10, levels, &n, &wide, g);
  g_assert_cmpuint (n, ==, 11);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 2, 4, 5, 7 }), sizeof levels);
  g_assert_cmpfloat (wide[0], ==, 0);
  g_assert_cmpfloat (wide[10], ==, 10);
  g_assert_cmpfloat (g[0], ==, 0);
  g_assert_cmpfloat (g[1], ==, 10);
}

/*
 * FBS with w = 2.5 over the range [0, 10]: levels floor(x / 2.5) + 1 stand
 * for the bin centres 1.25, 3.75, 6.25, 8.75, and G = [1.25, 8.75].
 */
static void
test_ivh_fbs (void)
{
  const float v[4] = { 0, 2.4f, 2.5f, 9.9f };
  StmDiscretisation d = { .method = STM_DISCRETISE_FBS, .bin_width = 2.5 };
  g_autofree double *values = NULL, *open = NULL;
  double g[2];
  int levels[4];
  guint n;

  ivh (v, 4, &d, 0, 10, levels, &n, &values, g);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 1, 1, 2, 4 }), sizeof levels);
  g_assert_cmpfloat (values[0], ==, 1.25);
  g_assert_cmpfloat (values[3], ==, 8.75);
  g_assert_cmpfloat (g[0], ==, 1.25);
  g_assert_cmpfloat (g[1], ==, 8.75);

  /* Without a range: X_min = 0 and X_max = 9.9 from the ROI. */
  ivh (v, 4, &d, -INFINITY, INFINITY, levels, &n, &open, g);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat_with_epsilon (g[1], 9.9f - 1.25, 1e-6);
}

/* FBN, N = 1000 over [1, 6]: floor(1000 (x - 1) / 5) + 1, each level its own value. */
static void
test_ivh_fbn (void)
{
  const float v[4] = { 1, 3, 4, 6 };
  StmDiscretisation d = { .method = STM_DISCRETISE_FBN, .bins = 1000 };
  g_autofree double *values = NULL;
  double g[2];
  int levels[4];
  guint n;

  ivh (v, 4, &d, 0, 100, levels, &n, &values, g);
  g_assert_cmpuint (n, ==, 1000);
  g_assert_cmpmem (levels, sizeof levels, ((int[]) { 1, 401, 601, 1000 }), sizeof levels);
  g_assert_cmpfloat (values[400], ==, 401);
  g_assert_cmpfloat (g[0], ==, 1);
  g_assert_cmpfloat (g[1], ==, 1000);
}

/* ---- configuration ---- */

static void
test_config_full (void)
{
  StmRadiomicsConfig c = config_from (
    "{ \"dimensions\": \"3d\","
    "  \"interpolation\": { \"spacing_mm\": [2.0, 2.0, 2.0], \"image\": \"cubic\","
    "                       \"mask\": \"nearest\", \"mask_threshold\": 0.4,"
    "                       \"round_intensities\": true },"
    "  \"resegmentation\": { \"range\": [-1000, 400], \"outlier_sigma\": 3 },"
    "  \"discretisation\": { \"method\": \"fbs\", \"bin_width\": 25 },"
    "  \"ivh\": { \"method\": \"fbn\", \"bins\": 1000 },"
    "  \"texture\": { \"distance\": 2, \"glcm_symmetric\": false, \"ngldm_coarseness\": 1 } }");

  g_assert_cmpint (c.dimensions, ==, STM_DIMS_3D);
  g_assert_true (c.interpolate);
  g_assert_cmpfloat (c.spacing_mm[2], ==, 2.0);
  g_assert_cmpint (c.image_interp, ==, STM_INTERP_CUBIC);
  g_assert_cmpint (c.mask_interp, ==, STM_INTERP_NEAREST);
  g_assert_cmpfloat (c.mask_threshold, ==, 0.4);
  g_assert_true (c.round_intensities);
  g_assert_true (c.has_range_min && c.has_range_max);
  g_assert_cmpfloat (c.range_min, ==, -1000);
  g_assert_cmpfloat (c.range_max, ==, 400);
  g_assert_true (c.has_outlier);
  g_assert_cmpfloat (c.outlier_sigma, ==, 3);
  g_assert_cmpint (c.discretisation.method, ==, STM_DISCRETISE_FBS);
  g_assert_cmpfloat (c.discretisation.bin_width, ==, 25);
  g_assert_cmpint (c.ivh.method, ==, STM_DISCRETISE_FBN);
  g_assert_cmpuint (c.ivh.bins, ==, 1000);
  g_assert_cmpuint (c.distance, ==, 2);
  g_assert_false (c.glcm_symmetric);
  g_assert_cmpuint (c.ngldm_coarseness, ==, 1);
}

/* Left out means not applied; defaults for what applies. */
static void
test_config_defaults (void)
{
  StmRadiomicsConfig c = config_from ("{}");

  g_assert_cmpint (c.dimensions, ==, STM_DIMS_3D);
  g_assert_false (c.interpolate);
  g_assert_false (c.has_range_min || c.has_range_max || c.has_outlier);
  g_assert_cmpint (c.discretisation.method, ==, STM_DISCRETISE_NONE);
  g_assert_cmpint (c.ivh.method, ==, STM_DISCRETISE_NONE);
  g_assert_cmpuint (c.distance, ==, 1);
  g_assert_true (c.glcm_symmetric);
  g_assert_cmpuint (c.ngldm_coarseness, ==, 0);

  c = config_from ("{\"dimensions\": \"2d\", \"interpolation\": {\"spacing_mm\": [1, 1]}, "
                   "\"resegmentation\": {\"range\": [null, 400]}, \"ivh\": {\"method\": \"none\"}}");
  g_assert_cmpint (c.dimensions, ==, STM_DIMS_2D);
  g_assert_true (c.interpolate);
  g_assert_cmpint (c.image_interp, ==, STM_INTERP_LINEAR);
  g_assert_cmpint (c.mask_interp, ==, STM_INTERP_LINEAR);
  g_assert_cmpfloat (c.mask_threshold, ==, 0.5);
  g_assert_false (c.round_intensities);
  g_assert_false (c.has_range_min);
  g_assert_true (c.has_range_max);

  c = config_from ("{\"resegmentation\": {\"range\": [-1000, null]}}");
  g_assert_true (c.has_range_min);
  g_assert_false (c.has_range_max);
}

static void
assert_config_error (const char *json,
                     const char *mentions)
{
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config;

  g_assert_false (parse_config (json, &config, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG);
  if (strstr (error->message, mentions) == NULL)
    g_error ("“%s” does not mention %s", error->message, mentions);
}

static void
test_config_errors (void)
{
  assert_config_error ("{\"dimension\": \"3d\"}", "dimension");
  assert_config_error ("{\"interpolation\": {\"spacing\": [1, 1, 1]}}", "interpolation.spacing");
  assert_config_error ("{\"dimensions\": 3}", "dimensions");
  assert_config_error ("{\"dimensions\": \"4d\"}", "dimensions");
  assert_config_error ("{\"interpolation\": [1, 1, 1]}", "interpolation");
  assert_config_error ("{\"interpolation\": {\"spacing_mm\": [1, 1]}}", "spacing_mm");
  assert_config_error ("{\"dimensions\": \"2d\", \"interpolation\": {\"spacing_mm\": [1, 1, 1]}}",
                       "spacing_mm");
  assert_config_error ("{\"interpolation\": {\"spacing_mm\": [1, 0, 1]}}", "spacing_mm");
  assert_config_error ("{\"interpolation\": {\"spacing_mm\": [1, \"2\", 1]}}", "spacing_mm");
  assert_config_error ("{\"interpolation\": {\"image\": \"bicubic\"}}", "interpolation.image");
  assert_config_error ("{\"interpolation\": {\"mask\": \"cubic\"}}", "interpolation.mask");
  assert_config_error ("{\"interpolation\": {\"mask_threshold\": 0}}", "mask_threshold");
  assert_config_error ("{\"interpolation\": {\"round_intensities\": 1}}", "round_intensities");
  assert_config_error ("{\"resegmentation\": {\"range\": [400, -1000]}}", "resegmentation.range");
  assert_config_error ("{\"resegmentation\": {\"range\": [0]}}", "resegmentation.range");
  assert_config_error ("{\"resegmentation\": {\"range\": [0, \"a\"]}}", "resegmentation.range");
  assert_config_error ("{\"resegmentation\": {\"outlier_sigma\": \"3\"}}", "outlier_sigma");
  assert_config_error ("{\"resegmentation\": {\"sigma\": 3}}", "resegmentation.sigma");
  assert_config_error ("{\"discretisation\": {\"method\": \"fbs\"}}", "discretisation.bin_width");
  assert_config_error ("{\"discretisation\": {\"method\": \"fbs\", \"bins\": 8}}",
                       "discretisation.bins");
  assert_config_error ("{\"discretisation\": {\"method\": \"fbn\", \"bins\": 8.5}}",
                       "discretisation.bins");
  assert_config_error ("{\"discretisation\": {\"method\": \"fbn\", \"bins\": 0}}",
                       "discretisation.bins");
  assert_config_error ("{\"discretisation\": {\"method\": \"kmeans\"}}", "discretisation.method");
  assert_config_error ("{\"ivh\": {\"method\": \"fbs\", \"bin_width\": -1}}", "ivh.bin_width");
  assert_config_error ("{\"texture\": {\"distance\": 0}}", "texture.distance");
  assert_config_error ("{\"texture\": {\"glcm_symmetric\": \"yes\"}}", "texture.glcm_symmetric");
  assert_config_error ("{\"texture\": {\"ngldm_coarseness\": -1}}", "texture.ngldm_coarseness");
  assert_config_error ("[1, 2]", "object");
}

/* A failed parse leaves the caller's configuration alone. */
static void
test_config_load (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *good = g_build_filename (dir, "good.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config;

  g_assert_true (g_file_set_contents (good, "{\"discretisation\": {\"method\": \"fbn\", "
                                      "\"bins\": 32}}", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"discretisation\": {\"method\": \"fbn\"", -1,
                                      NULL));
  stm_radiomics_config_init (&config);
  g_assert_true (stm_radiomics_config_load (good, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config.discretisation.bins, ==, 32);

  g_assert_false (stm_radiomics_config_load (bad, &config, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "bad.json"));
  g_assert_cmpuint (config.discretisation.bins, ==, 32);
  stm_test_remove_tree (dir);
}

/* ---- the chain on the IBSI 1 digital phantom ---- */

static void
assert_same_roi (const StmRoi *got,
                 const StmRoi *want)
{
  gsize n = roi_voxels (want);

  g_assert_cmpmem (got->dims, sizeof got->dims, want->dims, sizeof want->dims);
  for (int a = 0; a < 3; a++)
    g_assert_cmpfloat (got->spacing[a], ==, want->spacing[a]);
  g_assert_cmpmem (got->intensity, n * sizeof (float), want->intensity, n * sizeof (float));
  g_assert_cmpmem (got->morph_mask, n, want->morph_mask, n);
  g_assert_cmpmem (got->int_mask, n, want->int_mask, n);
  g_assert_cmpmem (got->levels, n * sizeof (int), want->levels, n * sizeof (int));
  g_assert_cmpuint (got->n_levels, ==, want->n_levels);
  g_assert_cmpmem (got->ivh_levels, n * sizeof (int), want->ivh_levels, n * sizeof (int));
  g_assert_cmpuint (got->ivh_n_levels, ==, want->ivh_n_levels);
  g_assert_cmpmem (got->ivh_values, want->ivh_n_levels * sizeof (double), want->ivh_values,
                   want->ivh_n_levels * sizeof (double));
  g_assert_cmpfloat (got->ivh_range[0], ==, want->ivh_range[0]);
  g_assert_cmpfloat (got->ivh_range[1], ==, want->ivh_range[1]);
  g_assert_cmpuint (got->n_int_voxels, ==, want->n_int_voxels);
  g_assert_cmpuint (got->n_morph_voxels, ==, want->n_morph_voxels);
}

/* The manual: no discretisation, or FBS w = 1, or FBN 6, all give the same phantom. */
static void
test_phantom (void)
{
  static const char *configs[] = {
    "{}",
    "{\"discretisation\": {\"method\": \"fbs\", \"bin_width\": 1}}",
    "{\"discretisation\": {\"method\": \"fbn\", \"bins\": 6}, \"ivh\": {\"method\": \"none\"}}",
  };
  g_autofree char *image_path = stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/image/phantom.nii.gz");
  g_autofree char *mask_path = stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/mask/mask.nii.gz");
  g_autoptr(GError) error = NULL;

  if (image_path == NULL || mask_path == NULL)
    return;
  g_autoptr(StmVolume) image = stm_nifti_read (image_path, G_MAXUINT32, &error);
  g_autoptr(StmVolume) mask = stm_nifti_read (mask_path, G_MAXUINT32, &error);
  g_assert_no_error (error);
  g_autoptr(StmRoi) want = stm_test_phantom_roi ();
  g_assert_cmpuint (want->n_int_voxels, ==, 74);

  for (gsize c = 0; c < G_N_ELEMENTS (configs); c++)
    {
      StmRadiomicsConfig config = config_from (configs[c]);
      g_autoptr(StmRoi) got = stm_radiomics_prepare (image, mask, &config, NULL, &error);
      g_assert_no_error (error);
      assert_same_roi (got, want);
    }
}

/* ---- errors ---- */

static void
test_errors (void)
{
  const float values[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr(StmVolume) image = make_volume (2, 2, 2, values, 1, 1, 1);
  g_autoptr(StmVolume) mask = full_mask (image);
  g_autoptr(StmVolume) small = make_volume (2, 2, 1, NULL, 1, 1, 1);
  g_autoptr(StmVolume) empty = make_volume (2, 2, 2, NULL, 1, 1, 1);
  g_autoptr(StmVolume) shifted = full_mask (image);
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config = config_from ("{}");

  g_assert_null (stm_radiomics_prepare (image, small, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_GRID);
  g_clear_error (&error);
  shifted->geometry.origin[2] = 0.5;
  g_assert_null (stm_radiomics_prepare (image, shifted, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_GRID);
  g_clear_error (&error);

  g_assert_null (stm_radiomics_prepare (image, empty, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_EMPTY);
  g_clear_error (&error);

  config = config_from ("{\"resegmentation\": {\"range\": [100, null]}}");
  g_assert_null (stm_radiomics_prepare (image, mask, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_EMPTY);
  g_clear_error (&error);

  config = config_from ("{\"interpolation\": {\"spacing_mm\": [1e-9, 1, 1]}}");
  g_assert_null (stm_radiomics_prepare (image, mask, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE);
  g_clear_error (&error);
  /* Each axis fits, the region does not: 1e5 x 1e5 x 1e5 points. */
  config = config_from ("{\"interpolation\": {\"spacing_mm\": [2e-5, 2e-5, 2e-5]}}");
  g_assert_null (stm_radiomics_prepare (image, mask, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A configuration built in code is checked too. */
  config = config_from ("{\"interpolation\": {\"spacing_mm\": [0.5, 0.5, 0.5]}}");
  config.image_interp = STM_INTERP_NONE;
  g_assert_null (stm_radiomics_prepare (image, mask, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG);
  g_clear_error (&error);
  config = config_from ("{}");
  config.discretisation.method = STM_DISCRETISE_FBS;
  g_assert_null (stm_radiomics_prepare (image, mask, &config, NULL, &error));
  g_assert_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG);
  g_clear_error (&error);

  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  config = config_from ("{\"interpolation\": {\"spacing_mm\": [0.5, 0.5, 0.5]}}");
  g_assert_null (stm_radiomics_prepare (image, mask, &config, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ---- cropping never changes a value ---- */

static StmVolume *
textured_volume (gsize  nx,
                 gsize  ny,
                 gsize  nz,
                 double spacing_z)
{
  StmVolume *v = make_volume (nx, ny, nz, NULL, 0.8, 0.9, spacing_z);
  float *d = stm_volume_float_data (v);

  for (gsize z = 0; z < nz; z++)
    for (gsize y = 0; y < ny; y++)
      for (gsize x = 0; x < nx; x++)
        d[(z * ny + y) * nx + x] = (float) (100 * sin (0.7 * x) * cos (0.4 * y) + 13 * z +
                                            (double) ((x * 7 + y * 3 + z * 5) % 11));
  return v;
}

/* An ellipsoid off-centre, away from the edges. */
static StmVolume *
blob_mask (const StmVolume *image)
{
  StmVolume *m = make_volume (image->dims[0], image->dims[1], image->dims[2], NULL, 1, 1, 1);
  float *d = stm_volume_float_data (m);

  m->geometry = image->geometry;
  for (gsize z = 0; z < m->dims[2]; z++)
    for (gsize y = 0; y < m->dims[1]; y++)
      for (gsize x = 0; x < m->dims[0]; x++)
        {
          double u = (x - 22.0) / 6, v = (y - 14.0) / 4, w = (z - 9.0) / 3;
          d[(z * m->dims[1] + y) * m->dims[0] + x] = u * u + v * v + w * w <= 1;
        }
  return m;
}

/* The chain interpolates only around the mask; the whole volume must give the same ROI. */
static void
assert_crop_matches_full (const char *json)
{
  g_autoptr(StmVolume) image = textured_volume (60, 40, 24, 2.5);
  g_autoptr(StmVolume) mask = blob_mask (image);
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config = config_from (json);
  gboolean in_plane = config.dimensions == STM_DIMS_2D;
  double spacing[3] = { config.spacing_mm[0], config.spacing_mm[1], config.spacing_mm[2] };

  g_autoptr(StmRoi) roi = stm_radiomics_prepare (image, mask, &config, NULL, &error);
  g_assert_no_error (error);
  g_autoptr(StmVolume) full = stm_interpolate_volume (image, spacing, in_plane,
                                                      config.image_interp, NULL, &error);
  g_autoptr(StmVolume) full_mask_v = stm_interpolate_volume (mask, spacing, in_plane,
                                                             config.mask_interp, NULL, &error);
  g_assert_no_error (error);

  /* The full mask's bounding box is where the ROI starts. */
  gsize lo[3] = { G_MAXSIZE, G_MAXSIZE, G_MAXSIZE }, count = 0;
  const float *fm = stm_volume_float_data (full_mask_v), *fi = stm_volume_float_data (full);
  for (gsize z = 0; z < full->dims[2]; z++)
    for (gsize y = 0; y < full->dims[1]; y++)
      for (gsize x = 0; x < full->dims[0]; x++)
        if (stm_interpolate_mask_keeps (fm[(z * full->dims[1] + y) * full->dims[0] + x], 0.5))
          {
            lo[0] = MIN (lo[0], x);
            lo[1] = MIN (lo[1], y);
            lo[2] = MIN (lo[2], z);
            count++;
          }
  g_assert_cmpuint (count, ==, roi->n_morph_voxels);
  gsize rlo[3], rhi[3];
  roi_mask_box (roi, rlo, rhi);
  for (int a = 0; a < 3; a++)
    g_assert_cmpfloat_with_epsilon (roi->spacing[a], full->geometry.spacing[a], 1e-12);
  for (gsize z = 0; z < roi->dims[2]; z++)
    for (gsize y = 0; y < roi->dims[1]; y++)
      for (gsize x = 0; x < roi->dims[0]; x++)
        {
          gsize f = ((z + lo[2] - rlo[2]) * full->dims[1] + y + lo[1] - rlo[1]) * full->dims[0]
                    + x + lo[0] - rlo[0];
          gsize r = stm_roi_index (roi, x, y, z);
          g_assert_cmpfloat_with_epsilon (roi->intensity[r], fi[f], 1e-4);
          g_assert_cmpuint (roi->morph_mask[r], ==, stm_interpolate_mask_keeps (fm[f], 0.5));
        }
}

static void
test_crop_matches_full (void)
{
  assert_crop_matches_full ("{\"interpolation\": {\"spacing_mm\": [1.1, 0.7, 1.3], "
                            "\"image\": \"cubic\", \"mask\": \"linear\"}}");
  assert_crop_matches_full ("{\"interpolation\": {\"spacing_mm\": [0.5, 0.5, 0.5], "
                            "\"image\": \"linear\", \"mask\": \"nearest\"}}");
  assert_crop_matches_full ("{\"dimensions\": \"2d\", \"interpolation\": "
                            "{\"spacing_mm\": [0.6, 0.6], \"image\": \"cubic\"}}");
}

/* 2d: in-plane only; slices keep their thickness and number. */
static void
test_two_d (void)
{
  g_autoptr(StmVolume) image = textured_volume (60, 40, 24, 2.5);
  g_autoptr(StmVolume) mask = blob_mask (image);
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config = config_from (
    "{\"dimensions\": \"2d\", \"interpolation\": {\"spacing_mm\": [0.4, 0.45]}}");
  g_autoptr(StmRoi) roi = stm_radiomics_prepare (image, mask, &config, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (roi->spacing[2], ==, 2.5);
  g_assert_cmpfloat_with_epsilon (roi->spacing[0], 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (roi->spacing[1], 0.45, 1e-12);
  /* The ellipsoid spans slices 6..12. */
  gsize lo[3], hi[3];
  roi_mask_box (roi, lo, hi);
  g_assert_cmpuint (hi[2] - lo[2] + 1, ==, 7);
}

/* Colour voxels enter as BT.601 luma. */
static void
test_rgb_grey (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) image = stm_volume_new (STM_VOXEL_RGB8, 2, 1, 1, G_MAXUINT32, &error);
  guint8 *rgb = stm_volume_rgb_data (image);
  const guint8 pixels[6] = { 255, 0, 0, 10, 200, 30 };

  memcpy (rgb, pixels, sizeof pixels);
  g_autoptr(StmVolume) mask = full_mask (image);
  StmRadiomicsConfig config = config_from ("{\"discretisation\": {\"method\": \"fbn\", "
                                           "\"bins\": 2}}");
  g_autoptr(StmRoi) roi = stm_radiomics_prepare (image, mask, &config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (roi->intensity[0], 0.299 * 255, 1e-4);
  g_assert_cmpfloat_with_epsilon (roi->intensity[1], 0.299 * 10 + 0.587 * 200 + 0.114 * 30,
                                  1e-4);
  g_assert_cmpint (roi->levels[0], ==, 1);
  g_assert_cmpint (roi->levels[1], ==, 2);
}

/* ---- IBSI 2 phase 1 sphere phantom (64^3, 2 mm, values 0 and 255) ---- */

static StmVolume *
read_sphere (void)
{
  g_autofree char *path = stm_test_shared_path ("ibsi/ibsi2_digital_phantoms/nifti/sphere/image/sphere.nii.gz");
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return NULL;
  StmVolume *v = stm_nifti_read (path, G_MAXUINT32, &error);
  g_assert_no_error (error);
  return v;
}

/*
 * 2 mm to 2/3 mm: 192 points from -1/3 voxel in steps of 1/3, so new point
 * 1 + 3k sits on old voxel k. Every method must give the old value there;
 * linear gives (2 a_k + a_k+1) / 3 at 2 + 3k.
 */
static void
test_sphere_fine (void)
{
  g_autoptr(StmVolume) sphere = read_sphere ();
  const double spacing[3] = { 2.0 / 3, 2.0 / 3, 2.0 / 3 };
  g_autoptr(GError) error = NULL;

  if (sphere == NULL)
    return;
  const float *a = stm_volume_float_data (sphere);
  for (StmInterp m = STM_INTERP_NEAREST; m <= STM_INTERP_CUBIC; m++)
    {
      g_autoptr(StmVolume) fine = stm_interpolate_volume (sphere, spacing, FALSE, m, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (fine->dims[0], ==, 192);
      g_assert_cmpuint (fine->dims[2], ==, 192);
      /* Old voxel (0, 0, 0) is new voxel (1, 1, 1) in patient space too. */
      double old_centre[3], voxel[3];
      stm_geometry_voxel_to_lps (&sphere->geometry, (double[]) { 0, 0, 0 }, old_centre);
      g_assert_true (stm_geometry_lps_to_voxel (&fine->geometry, old_centre, voxel));
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (voxel[c], 1, 1e-9);

      const float *f = stm_volume_float_data (fine);
      for (gsize z = 0; z < 64; z += 7)
        for (gsize y = 0; y < 64; y++)
          for (gsize x = 0; x < 64; x++)
            {
              gsize i = ((1 + 3 * z) * 192 + 1 + 3 * y) * 192 + 1 + 3 * x;
              float want = a[(z * 64 + y) * 64 + x];
              g_assert_cmpfloat_with_epsilon (f[i], want, 1e-3);
              if (m == STM_INTERP_LINEAR && x < 63)
                g_assert_cmpfloat_with_epsilon (f[i + 1], (2 * want + a[(z * 64 + y) * 64 + x + 1]) / 3,
                                                1e-3);
            }
    }
}

/* 2 mm to 6 mm: 22 points from voxel 0 in steps of 3; point k is old voxel 3k. */
static void
test_sphere_coarse (void)
{
  g_autoptr(StmVolume) sphere = read_sphere ();
  g_autoptr(GError) error = NULL;

  if (sphere == NULL)
    return;
  g_autoptr(StmVolume) mask = full_mask (sphere);
  StmRadiomicsConfig config = config_from ("{\"interpolation\": {\"spacing_mm\": [6, 6, 6], "
                                           "\"image\": \"linear\"}}");
  g_autoptr(StmRoi) roi = stm_radiomics_prepare (sphere, mask, &config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roi->dims[0], ==, 22);
  g_assert_cmpuint (roi->n_morph_voxels, ==, 22 * 22 * 22);
  const float *a = stm_volume_float_data (sphere);
  for (gsize z = 0; z < 22; z++)
    for (gsize y = 0; y < 22; y++)
      for (gsize x = 0; x < 22; x++)
        g_assert_cmpfloat (roi->intensity[stm_roi_index (roi, x, y, z)], ==,
                           a[((3 * z) * 64 + 3 * y) * 64 + 3 * x]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chain/grid/align-centres", test_grid_align_centres);
  g_test_add_func ("/chain/grid/world-origin", test_grid_world_origin);
  g_test_add_func ("/chain/interpolate/linear-midpoint", test_linear_midpoint);
  g_test_add_func ("/chain/interpolate/cubic-smooth", test_cubic_smooth);
  g_test_add_func ("/chain/interpolate/scipy", test_against_scipy);
  g_test_add_func ("/chain/interpolate/round", test_round);
  g_test_add_func ("/chain/interpolate/mask-threshold", test_mask_threshold_precision);
  g_test_add_func ("/chain/resegment/range", test_resegment_range);
  g_test_add_func ("/chain/resegment/outlier", test_resegment_outlier);
  g_test_add_func ("/chain/resegment/masks", test_resegment_masks);
  g_test_add_func ("/chain/discretise/fbs", test_discretise_fbs);
  g_test_add_func ("/chain/discretise/fbn", test_discretise_fbn);
  g_test_add_func ("/chain/discretise/none", test_discretise_none);
  g_test_add_func ("/chain/discretise/too-many", test_discretise_too_many);
  g_test_add_func ("/chain/ivh/none", test_ivh_none);
  g_test_add_func ("/chain/ivh/fbs", test_ivh_fbs);
  g_test_add_func ("/chain/ivh/fbn", test_ivh_fbn);
  g_test_add_func ("/chain/config/full", test_config_full);
  g_test_add_func ("/chain/config/defaults", test_config_defaults);
  g_test_add_func ("/chain/config/errors", test_config_errors);
  g_test_add_func ("/chain/config/load", test_config_load);
  g_test_add_func ("/chain/prepare/phantom", test_phantom);
  g_test_add_func ("/chain/prepare/errors", test_errors);
  g_test_add_func ("/chain/prepare/crop-matches-full", test_crop_matches_full);
  g_test_add_func ("/chain/prepare/2d", test_two_d);
  g_test_add_func ("/chain/prepare/rgb-grey", test_rgb_grey);
  g_test_add_func ("/chain/ibsi2/sphere-fine", test_sphere_fine);
  g_test_add_func ("/chain/ibsi2/sphere-coarse", test_sphere_coarse);
  return g_test_run ();
}
