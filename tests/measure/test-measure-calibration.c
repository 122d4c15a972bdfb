/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which spacing a measurement uses (the volume's on CT, its ultrasound
 * region's on ultrasound) and how its values read. */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "stm-measurement.h"
#include "stm-us-calibration.h"

/*
 * An ultrasound frame of 200 x 250 pixels as the loader gives it (spacing
 * 1 x 1, the scale in the regions): a B-mode region calibrated at 0.01 cm
 * x 0.02 cm per pixel on the left, a spectral Doppler strip in seconds on
 * the right, nothing below row 199. The volume's spacing is set to 3 here
 * so that a measurement scaled twice would show.
 */
static const StmUsRegion regions[] = {
  { .min_x0 = 0, .min_y0 = 0, .max_x1 = 99, .max_y1 = 199, .spatial_format = 1,
    .units_x = STM_US_UNITS_CM, .units_y = STM_US_UNITS_CM, .delta_x = 0.01, .delta_y = -0.02 },
  { .min_x0 = 100, .min_y0 = 0, .max_x1 = 199, .max_y1 = 199, .spatial_format = 3,
    .units_x = STM_US_UNITS_SECONDS, .units_y = STM_US_UNITS_CM_PER_SECOND,
    .delta_x = 0.004, .delta_y = 0.5 },
};

static StmVolume *
make_volume (StmVoxelFormat format, double spacing)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_volume_new (format, 200, 250, 2, STM_VOLUME_DEFAULT_MAX_BYTES, &error);

  g_assert_no_error (error);
  stm_geometry_init_identity (&volume->geometry);
  volume->geometry.spacing[0] = spacing;
  volume->geometry.spacing[1] = spacing;
  return volume;
}

static void
measure_line (const StmMeasureContext *context, double i0, double j0, double i1, double j1,
              StmMeasurementResult *result)
{
  StmVoxelPoint points[2] = { { i0, j0 }, { i1, j1 } };

  stm_measure_compute (context, STM_MEASUREMENT_DISTANCE, 0, points, 2, result);
}

static void
test_region_calibrated (void)
{
  g_autoptr(StmVolume) volume = make_volume (STM_VOXEL_RGB8, 3.0);
  StmMeasureContext context = { volume, regions, G_N_ELEMENTS (regions) };
  StmMeasurementResult r;

  /* 30 px of 0.1 mm across, 40 px of 0.2 mm down: 3 and 8 mm. */
  measure_line (&context, 10, 10, 40, 50, &r);
  g_assert_true (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.spacing[0], 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.spacing[1], 0.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (r.length, sqrt (3.0 * 3.0 + 8.0 * 8.0), 1e-9);
  /* Up to the region's last pixel (99.4 rounds to 99). */
  measure_line (&context, 0, 0, 99.4, 0, &r);
  g_assert_true (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.length, 9.94, 1e-9);
}

static void
test_region_uncalibrated (void)
{
  g_autoptr(StmVolume) volume = make_volume (STM_VOXEL_RGB8, 3.0);
  StmMeasureContext context = { volume, regions, G_N_ELEMENTS (regions) };
  StmMeasurementResult r;

  /* Across both regions (99.6 is pixel 100): pixels. */
  measure_line (&context, 50, 10, 99.6, 10, &r);
  g_assert_false (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.length, 49.6, 1e-9);
  g_assert_cmpfloat (r.spacing[0], ==, 1);
  /* In the Doppler strip, whose axes are time and velocity. */
  measure_line (&context, 120, 10, 150, 50, &r);
  g_assert_false (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.length, 50.0, 1e-9);
  /* Below every region, and off the image. */
  measure_line (&context, 10, 210, 40, 240, &r);
  g_assert_false (r.calibrated);
  measure_line (&context, -3, 10, 40, 10, &r);
  g_assert_false (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.length, 43.0, 1e-9);
}

/* An ellipse's box and a polygon's vertices choose the region. */
static void
test_region_areas (void)
{
  g_autoptr(StmVolume) volume = make_volume (STM_VOXEL_RGB8, 1.0);
  StmMeasureContext context = { volume, regions, G_N_ELEMENTS (regions) };
  StmVoxelPoint inside[2] = { { 20, 20 }, { 60, 40 } }, across[2] = { { 80, 20 }, { 120, 40 } };
  StmMeasurementResult r;

  stm_measure_compute (&context, STM_MEASUREMENT_ELLIPSE, 1, inside, 2, &r);
  g_assert_true (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.area, G_PI * 20 * 0.1 * 10 * 0.2, 1e-9);
  g_assert_true (r.has_stats);
  g_assert_cmpint (r.unit, ==, STM_INTENSITY_GREY);
  stm_measure_compute (&context, STM_MEASUREMENT_ELLIPSE, 1, across, 2, &r);
  g_assert_false (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.area, G_PI * 20 * 10, 1e-9);
}

/* CT: the volume's spacing, whatever the points, and HU statistics. */
static void
test_volume_spacing (void)
{
  g_autoptr(StmVolume) volume = make_volume (STM_VOXEL_FLOAT32, 0.5);
  StmMeasureContext context = { volume, NULL, 0 };
  StmMeasureContext none = { NULL, NULL, 0 };
  StmVoxelPoint box[4] = { { 1.5, 1.5 }, { 5.5, 1.5 }, { 5.5, 3.5 }, { 1.5, 3.5 } };
  StmMeasurementResult r;

  measure_line (&context, -20, 10, 150, 10, &r);
  g_assert_true (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.length, 85.0, 1e-9);
  stm_measure_compute (&context, STM_MEASUREMENT_POLYGON, 1, box, 4, &r);
  g_assert_cmpfloat_with_epsilon (r.area, 8 * 0.25, 1e-12);
  g_assert_true (r.has_stats);
  g_assert_cmpuint (r.stats.count, ==, 8);
  g_assert_cmpint (r.unit, ==, STM_INTENSITY_HU);
  /* Grey levels of an image that is not CT carry no unit. */
  volume->value_unit = STM_VALUE_UNITLESS;
  stm_measure_compute (&context, STM_MEASUREMENT_POLYGON, 1, box, 4, &r);
  g_assert_cmpint (r.unit, ==, STM_INTENSITY_GREY);
  volume->value_unit = STM_VALUE_HU;
  /* Nothing to measure on: pixels, no statistics. */
  measure_line (&none, 0, 0, 3, 4, &r);
  g_assert_false (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.length, 5.0, 1e-12);
  /* A file without a pixel size: the loader's stand-in spacing is not mm. */
  volume->geometry.spacing_unknown = TRUE;
  measure_line (&context, 0, 0, 3, 4, &r);
  g_assert_false (r.calibrated);
  g_assert_cmpfloat_with_epsilon (r.length, 5.0, 1e-12);
  volume->geometry.spacing_unknown = FALSE;
  volume->geometry.spacing[1] = 0;
  measure_line (&context, 0, 0, 3, 4, &r);
  g_assert_false (r.calibrated);
}

static void
assert_format (const StmMeasurementResult *r, const char *expected)
{
  g_autofree char *text = stm_measure_format (r);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format (void)
{
  StmMeasurementResult distance = { .kind = STM_MEASUREMENT_DISTANCE, .calibrated = TRUE,
                                    .length = 23.44 };
  StmMeasurementResult pixels = { .kind = STM_MEASUREMENT_DISTANCE, .calibrated = FALSE,
                                  .length = 41.3 };
  StmMeasurementResult angle = { .kind = STM_MEASUREMENT_ANGLE, .calibrated = TRUE,
                                 .angle = 87.19 };
  StmMeasurementResult area = { .kind = STM_MEASUREMENT_ELLIPSE, .calibrated = TRUE,
                                .area = 312.5, .has_stats = TRUE, .unit = STM_INTENSITY_HU,
                                .stats = { .count = 77, .mean = 45.12, .sd = 12.0,
                                           .min = -3, .max = 98.5 } };
  g_autofree char *details = NULL, *label = NULL, *distance_label = NULL;

  assert_format (&distance, "23.4 mm");
  assert_format (&pixels, "41 px (uncalibrated)");
  assert_format (&angle, "87.2°");
  assert_format (&area, "A 312.5 mm²  mean 45.1 HU  SD 12.0");
  area.unit = STM_INTENSITY_GREY;
  area.calibrated = FALSE;
  assert_format (&area, "A 312 px²  mean 45.1  SD 12.0 (uncalibrated)");
  label = stm_measure_format_label (&area);
  g_assert_cmpstr (label, ==, "A 312 px² (uncalibrated)\nmean 45.1  SD 12.0");
  distance_label = stm_measure_format_label (&pixels);
  g_assert_cmpstr (distance_label, ==, "41 px (uncalibrated)");
  details = stm_measure_format_details (&area);
  g_assert_cmpstr (details, ==,
                   "A 312 px² (uncalibrated)\nmean 45.1  SD 12.0\nmin -3.0  max 98.5  (77 voxels)");
}

/* The decimal separator follows LC_NUMERIC. */
static void
test_format_locale (void)
{
  StmMeasurementResult distance = { .kind = STM_MEASUREMENT_DISTANCE, .calibrated = TRUE,
                                    .length = 23.44 };
  const char *names[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "nl_NL.UTF-8" };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *found = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (names) && found == NULL; k++)
    found = setlocale (LC_NUMERIC, names[k]);
  if (found == NULL)
    {
      g_test_skip ("No locale with a decimal comma is installed.");
      return;
    }
  assert_format (&distance, "23,4 mm");
  setlocale (LC_NUMERIC, saved);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/measure/calibration/region-calibrated", test_region_calibrated);
  g_test_add_func ("/measure/calibration/region-uncalibrated", test_region_uncalibrated);
  g_test_add_func ("/measure/calibration/region-areas", test_region_areas);
  g_test_add_func ("/measure/calibration/volume-spacing", test_volume_spacing);
  g_test_add_func ("/measure/format/values", test_format);
  g_test_add_func ("/measure/format/locale", test_format_locale);
  return g_test_run ();
}
