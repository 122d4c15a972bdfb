/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-test-support.h"
#include "stm-us-calibration.h"

#include <string.h>

static StmDicomHeader *
open_header (const char *relative)
{
  g_autofree char *path = stm_test_shared_path (relative);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmDicomFile) file = NULL;

  if (path == NULL)
    return NULL;
  file = stm_dicom_file_open (path, &error);
  g_assert_no_error (error);
  return stm_dicom_file_steal_header (file);
}

static void
assert_box_refused (const StmDicomHeader *h, guint x0, guint y0, guint x1, guint y1)
{
  const guint box[4] = { x0, y0, x1, y1 };
  const StmUsRegion *region = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (stm_us_region_for_box (h, box, &region, &error));
  g_assert_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, "The region of interest crosses ultrasound regions "
                   "(or lies outside them): it cannot be calibrated.");
  g_assert_null (region);
}

static const StmUsRegion *
assert_box_found (const StmDicomHeader *h, guint x0, guint y0, guint x1, guint y1)
{
  const guint box[4] = { x0, y0, x1, y1 };
  const StmUsRegion *region = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (stm_us_region_for_box (h, box, &region, &error));
  g_assert_no_error (error);
  g_assert_nonnull (region);
  return region;
}

/* One 2D region, 84,31..595,414, 0.0510497 cm per pixel. */
static void
test_ybr_colour_region (void)
{
  g_autoptr(StmDicomHeader) h = open_header ("dicom/us/examples_ybr_color.dcm");
  g_autoptr(GError) error = NULL;
  double spacing[2];

  if (h == NULL)
    return;
  g_assert_cmpuint (h->us_regions->len, ==, 1);
  const StmUsRegion *r = assert_box_found (h, 100, 40, 200, 200);
  g_assert_true (r == &g_array_index (h->us_regions, StmUsRegion, 0));
  /* Bounds are inclusive: the region's own corners are inside. */
  g_assert_true (assert_box_found (h, 84, 31, 595, 414) == r);
  g_assert_true (stm_us_region_spacing_mm (r, spacing, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spacing[0], 0.51049705594778061, 1e-12);
  g_assert_cmpfloat_with_epsilon (spacing[1], 0.51049705594778061, 1e-12);

  assert_box_refused (h, 83, 40, 200, 200);
  assert_box_refused (h, 100, 40, 200, 415);
  assert_box_refused (h, 0, 0, 10, 10);
}

/* A 2D region in cm, 120,60..800,518, and below it a waveform region
 * 176,522..743,576 in seconds by no units. */
static void
test_rle_two_regions (void)
{
  g_autoptr(StmDicomHeader) h = open_header ("dicom/us/OBXXXX1A_rle.dcm");
  g_autoptr(GError) error = NULL;
  double spacing[2];

  if (h == NULL)
    return;
  g_assert_cmpuint (h->us_regions->len, ==, 2);
  const StmUsRegion *image = assert_box_found (h, 300, 200, 500, 400);
  g_assert_cmpint (image->spatial_format, ==, 1);
  g_assert_true (stm_us_region_spacing_mm (image, spacing, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (spacing[0], 0.26228787661969974, 1e-12);
  g_assert_cmpfloat_with_epsilon (spacing[1], 0.26228787661969974, 1e-12);

  const StmUsRegion *trace = assert_box_found (h, 200, 530, 700, 570);
  g_assert_true (trace != image);
  g_assert_false (stm_us_region_spacing_mm (trace, spacing, &error));
  g_assert_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "is calibrated in seconds, not in distance"));

  /* Across the two regions, in the gap between them, and left of both. */
  assert_box_refused (h, 300, 400, 500, 560);
  assert_box_refused (h, 300, 519, 500, 521);
  assert_box_refused (h, 10, 100, 50, 200);
}

static void
test_spacing_units (void)
{
  StmUsRegion r = { .units_x = STM_US_UNITS_CM, .units_y = STM_US_UNITS_CM,
                    .delta_x = 0.01, .delta_y = -0.02 };
  double spacing[2];

  g_assert_true (stm_us_region_spacing_mm (&r, spacing, NULL));
  g_assert_cmpfloat_with_epsilon (spacing[0], 0.1, 1e-15);
  /* A negative delta runs the axis the other way; the pixel still has a size. */
  g_assert_cmpfloat_with_epsilon (spacing[1], 0.2, 1e-15);

  r.units_y = STM_US_UNITS_CM_PER_SECOND;
  g_autoptr(GError) velocity = NULL;
  g_assert_false (stm_us_region_spacing_mm (&r, spacing, &velocity));
  g_assert_nonnull (strstr (velocity->message, "calibrated in centimetres per second, not in distance"));

  r.units_y = STM_US_UNITS_CM;
  r.delta_x = 0;
  g_autoptr(GError) no_delta = NULL;
  g_assert_false (stm_us_region_spacing_mm (&r, spacing, &no_delta));
  g_assert_error (no_delta, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED);

  g_assert_cmpstr (stm_us_units_name (STM_US_UNITS_SECONDS), ==, "seconds");
  g_assert_cmpstr (stm_us_units_name (99), ==, "unknown units");
  g_assert_cmpstr (stm_us_units_name (-1), ==, "unknown units");
}

static void
test_no_regions (void)
{
  StmDicomHeader h = { 0 };
  const guint box[4] = { 0, 0, 1, 1 };
  const StmUsRegion *region = NULL;

  g_assert_false (stm_us_region_for_box (&h, box, &region, NULL));
  h.us_regions = g_array_new (FALSE, TRUE, sizeof (StmUsRegion));
  g_assert_false (stm_us_region_for_box (&h, box, &region, NULL));
  g_array_unref (h.us_regions);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dicom/us-calibration/ybr-colour", test_ybr_colour_region);
  g_test_add_func ("/dicom/us-calibration/rle-two-regions", test_rle_two_regions);
  g_test_add_func ("/dicom/us-calibration/units", test_spacing_units);
  g_test_add_func ("/dicom/us-calibration/no-regions", test_no_regions);
  return g_test_run ();
}
