/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Previews of a series before the whole of it is decoded: one planned
 * slice must equal that slice of the full volume (voxels and geometry),
 * and a thumbnail must be the box-filtered, window/levelled middle slice,
 * made from one decoded frame.
 */
#include "stm-dicom-collection.h"
#include "stm-dicom-names.h"
#include "stm-series-preview.h"
#include "stm-series-thumbnail.h"
#include "stm-series-volume.h"
#include "stm-series-volume-private.h"
#include "stm-test-support.h"
#include "stm-window.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define THUMB 64

static StmSeries *
only_series (StmDicomCollection *collection)
{
  g_autoptr(GPtrArray) all = stm_dicom_collection_list_series (collection);

  g_assert_cmpuint (all->len, ==, 1);
  return g_ptr_array_index (all, 0);
}

static void
assert_same_geometry_as_slice (const StmVolume *slice, const StmVolume *volume, gsize k)
{
  double ijk[3] = { 0, 0, (double) k }, lps[3];

  stm_geometry_voxel_to_lps (&volume->geometry, ijk, lps);
  for (int r = 0; r < 3; r++)
    {
      g_assert_cmpfloat_with_epsilon (slice->geometry.origin[r], lps[r], 1e-6);
      g_assert_cmpfloat (slice->geometry.spacing[r], ==, volume->geometry.spacing[r]);
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat (slice->geometry.axes[r][c], ==, volume->geometry.axes[r][c]);
    }
  /* A point in the slice's plane maps to the same place through both. */
  double in_slice[3] = { 17, 5, 0 }, in_volume[3] = { 17, 5, (double) k }, a[3], b[3];
  stm_geometry_voxel_to_lps (&slice->geometry, in_slice, a);
  stm_geometry_voxel_to_lps (&volume->geometry, in_volume, b);
  for (int r = 0; r < 3; r++)
    g_assert_cmpfloat_with_epsilon (a[r], b[r], 1e-6);
}

static void
check_slices_match_volume (const char *relative)
{
  g_autoptr(StmDicomCollection) collection = stm_test_scan_shared (relative);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) volume = NULL;
  StmSeries *series;
  guint n;

  if (collection == NULL)
    return;
  series = only_series (collection);
  n = stm_series_n_slices (series);
  volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES, NULL, NULL, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, volume->dims[2]);

  guint indices[] = { 0, n / 2, n - 1 };
  for (guint t = 0; t < G_N_ELEMENTS (indices); t++)
    {
      g_autoptr(StmVolume) slice = stm_series_load_slice (series, indices[t],
                                                          STM_VOLUME_DEFAULT_MAX_BYTES, NULL,
                                                          &error);
      g_assert_no_error (error);
      g_assert_cmpint (slice->format, ==, volume->format);
      g_assert_cmpuint (slice->dims[0], ==, volume->dims[0]);
      g_assert_cmpuint (slice->dims[1], ==, volume->dims[1]);
      g_assert_cmpuint (slice->dims[2], ==, 1);
      g_assert_cmpmem (stm_volume_slice_data (slice, 0), stm_volume_slice_bytes (slice),
                       stm_volume_slice_data (volume, indices[t]),
                       stm_volume_slice_bytes (volume));
      assert_same_geometry_as_slice (slice, volume, indices[t]);
    }
}

/* The mammogram gives Patient Orientation but no direction cosines: its
 * axes are assumed, and say so, in the first slice and in the volume; a CT
 * gives them. */
static void
assert_orientation_unknown (const char *relative, gboolean unknown)
{
  g_autoptr(StmDicomCollection) collection = stm_test_scan_shared (relative);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) slice = NULL, volume = NULL;
  StmSeries *series;

  if (collection == NULL)
    return;
  series = only_series (collection);
  slice = stm_series_load_slice (series, 0, STM_VOLUME_DEFAULT_MAX_BYTES, NULL, &error);
  g_assert_no_error (error);
  volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (slice->geometry.orientation_unknown, ==, unknown);
  g_assert_cmpint (volume->geometry.orientation_unknown, ==, unknown);
}

static void
test_orientation_unknown (void)
{
  assert_orientation_unknown ("dicom/breast/GH133_MG_GE_MLO.dcm", TRUE);
  assert_orientation_unknown ("dicom/ct_series/pydicom_ct5n_16x16", FALSE);
}

/* Unsorted file names, JPEG Lossless: the plan's order, not the files'. */
static void
test_slice_skull_ct (void)
{
  check_slices_match_volume ("dicom/ct_series/dbdicom_skull_ct_jpegll");
}

/* A sheared volume: the slice's origin follows the oblique stacking axis. */
static void
test_slice_gantry_tilt (void)
{
  check_slices_match_volume ("dicom/ct_series/d2n_gantry_tilt");
}

/* A preview reports the loader's warnings apart and leaves the series alone. */
static void
test_slice_keeps_warnings (void)
{
  g_autoptr(StmDicomCollection) collection = stm_test_scan_shared ("dicom/ct_series/d2n_missing_slice");
  g_autoptr(GError) error = NULL;
  StmSeries *series;

  if (collection == NULL)
    return;
  series = only_series (collection);
  guint before = series->warnings->len;
  g_autoptr(StmVolume) slice = stm_series_load_slice (series, 1, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->warnings->len, ==, before);

  g_autoptr(GPtrArray) planned = stm_series_plan_warnings (series);
  g_assert_cmpuint (planned->len, >, 0);
  g_autoptr(StmVolume) volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                        NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Whatever the full load added is what planning predicted. */
  g_assert_cmpuint (series->warnings->len, ==, before + planned->len);
  for (guint i = 0; i < planned->len; i++)
    g_assert_cmpstr (g_ptr_array_index (series->warnings, before + i), ==,
                     g_ptr_array_index (planned, i));
}

static void
test_slice_out_of_range (void)
{
  g_autoptr(StmDicomCollection) collection = stm_test_scan_shared ("dicom/ct_series/dcmqi_24x38x3");
  g_autoptr(GError) error = NULL;

  if (collection == NULL)
    return;
  g_autoptr(StmVolume) slice = stm_series_load_slice (only_series (collection), 3,
                                                      STM_VOLUME_DEFAULT_MAX_BYTES, NULL,
                                                      &error);
  g_assert_null (slice);
  g_assert_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_EMPTY);
}

static void
test_slice_cancelled (void)
{
  g_autoptr(StmDicomCollection) collection = stm_test_scan_shared ("dicom/ct_series/dcmqi_24x38x3");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (collection == NULL)
    return;
  g_cancellable_cancel (cancellable);
  g_autoptr(StmVolume) slice = stm_series_load_slice (only_series (collection), 0,
                                                      STM_VOLUME_DEFAULT_MAX_BYTES,
                                                      cancellable, &error);
  g_assert_null (slice);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/*
 * The reference thumbnail, computed apart: display RGB of every pixel,
 * then the plain mean of each whole block (the sizes tested divide exactly).
 */
static void
assert_block_means (const guint8 *thumb, guint width, guint height, const guint8 *rgb,
                    gsize nx, gsize ny)
{
  gsize bx = nx / width, by = ny / height;

  g_assert_cmpuint (bx * width, ==, nx);
  g_assert_cmpuint (by * height, ==, ny);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      for (int c = 0; c < 3; c++)
        {
          double sum = 0;
          for (gsize j = 0; j < by; j++)
            for (gsize i = 0; i < bx; i++)
              sum += rgb[3 * ((y * by + j) * nx + x * bx + i) + c];
          int expected = (int) lround (sum / (bx * by));
          int got = thumb[3 * (y * width + x) + c];
          if (ABS (got - expected) > 1)
            g_error ("thumbnail (%u, %u)[%d] = %d, expected %d", x, y, c, got, expected);
        }
}

static gboolean
is_uniform (const guint8 *rgb, gsize n)
{
  for (gsize i = 3; i < 3 * n; i++)
    if (rgb[i] != rgb[i % 3])
      return FALSE;
  return TRUE;
}

static void
test_thumbnail_ct (void)
{
  g_autoptr(StmDicomCollection) collection =
    stm_test_scan_shared ("dicom/ct_series/dbdicom_skull_ct_jpegll");
  g_autoptr(GError) error = NULL;
  StmSeries *series;
  guint width = 0, height = 0;

  if (collection == NULL)
    return;
  series = only_series (collection);
  g_autofree guint8 *thumb = stm_series_thumbnail (series, THUMB, &width, &height, NULL, &error);
  g_assert_no_error (error);
  /* 512 x 512 pixels of equal spacing. */
  g_assert_cmpuint (width, ==, THUMB);
  g_assert_cmpuint (height, ==, THUMB);
  g_assert_false (is_uniform (thumb, width * height));

  /* The middle slice, through the file's first preset, by the reference loop. */
  guint middle = stm_series_n_slices (series) / 2;
  g_autoptr(StmVolume) volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                        NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  const StmDicomHeader *h = g_ptr_array_index (series->instances, 0);
  g_assert_nonnull (h->windows);
  g_assert_cmpuint (h->windows->len, >, 0);
  const StmWindowPreset *preset = &g_array_index (h->windows, StmWindowPreset, 0);
  StmWindow window = { preset->center, MAX (preset->width, 1.0) };
  gsize nx = volume->dims[0], ny = volume->dims[1];
  const float *values = stm_volume_slice_data (volume, middle);
  g_autofree guint8 *rgb = g_malloc (3 * nx * ny);
  for (gsize i = 0; i < nx * ny; i++)
    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = stm_window_grey (values[i], window);
  assert_block_means (thumb, width, height, rgb, nx, ny);
}

/* 24 columns x 38 rows of equal spacing: taller than wide. */
static void
test_thumbnail_aspect (void)
{
  g_autoptr(StmDicomCollection) collection = stm_test_scan_shared ("dicom/ct_series/dcmqi_24x38x3");
  g_autoptr(GError) error = NULL;
  guint width = 0, height = 0;

  if (collection == NULL)
    return;
  StmSeries *series = only_series (collection);
  g_autoptr(StmVolume) slice = stm_series_load_slice (series, 1, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                      NULL, &error);
  g_assert_no_error (error);
  double width_mm = slice->dims[0] * slice->geometry.spacing[0];
  double height_mm = slice->dims[1] * slice->geometry.spacing[1];
  g_autofree guint8 *thumb = stm_series_thumbnail (series, THUMB, &width, &height, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (height_mm, >, width_mm);
  g_assert_cmpuint (height, ==, THUMB);
  g_assert_cmpuint (width, ==, (guint) lround (THUMB * width_mm / height_mm));
  g_assert_false (is_uniform (thumb, width * height));
}

/* A 30-frame JPEG cine: the middle frame, and only that one, is decoded. */
static void
test_thumbnail_us_cine (void)
{
  g_autoptr(StmDicomCollection) collection = stm_test_scan_shared ("dicom/us/examples_ybr_color.dcm");
  g_autoptr(GError) error = NULL;
  guint width = 0, height = 0;

  if (collection == NULL)
    return;
  StmSeries *series = only_series (collection);
  g_assert_cmpuint (stm_series_n_slices (series), ==, 30);

  guint decoded = _stm_dicom_frames_decoded ();
  g_autofree guint8 *thumb = stm_series_thumbnail (series, THUMB, &width, &height, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_stm_dicom_frames_decoded () - decoded, ==, 1);

  /* 320 x 240 pixels, calibrated per region: the picture keeps pixel proportions. */
  g_assert_cmpuint (width, ==, THUMB);
  g_assert_cmpuint (height, ==, THUMB * 240 / 320);
  g_assert_false (is_uniform (thumb, width * height));

  const StmDicomHeader *h = g_ptr_array_index (series->instances, 0);
  g_autoptr(StmVolume) frames = stm_dicom_file_load_frames (h->path,
                                                            STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  g_assert_no_error (error);
  g_assert_cmpint (frames->format, ==, STM_VOXEL_RGB8);
  assert_block_means (thumb, width, height, stm_volume_slice_data (frames, 15),
                      frames->dims[0], frames->dims[1]);
}

/* The file holds NUL bytes: no string search. */
static char *
find_bytes (char *data, gsize length, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

/* The same image relabelled MONOCHROME1 (same length, so a byte swap in the
 * file) gives the complementary thumbnail. */
static void
test_thumbnail_monochrome1 (void)
{
  g_autofree char *source = stm_test_shared_path ("dicom/compressed/MR_small.dcm");
  g_autofree char *dir = NULL, *path = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;
  guint width = 0, height = 0, inverted_width = 0, inverted_height = 0;
  gsize length;
  char *label;

  if (source == NULL)
    return;
  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  const char *sources[] = { source, NULL };
  g_autoptr(StmDicomCollection) original = stm_dicom_collection_scan (sources, NULL, NULL, NULL,
                                                                      &error);
  g_assert_no_error (error);
  g_autofree guint8 *thumb = stm_series_thumbnail (only_series (original), THUMB, &width,
                                                   &height, NULL, &error);
  g_assert_no_error (error);

  label = find_bytes (contents, length, "MONOCHROME2");
  g_assert_nonnull (label);
  label[10] = '1';
  dir = stm_test_make_tmpdir ();
  path = g_build_filename (dir, "mr1.dcm", NULL);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  const char *paths[] = { path, NULL };
  g_autoptr(StmDicomCollection) relabelled = stm_dicom_collection_scan (paths, NULL, NULL, NULL,
                                                                        &error);
  g_assert_no_error (error);
  g_autofree guint8 *inverted = stm_series_thumbnail (only_series (relabelled), THUMB,
                                                      &inverted_width, &inverted_height, NULL,
                                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inverted_width, ==, width);
  g_assert_cmpuint (inverted_height, ==, height);
  g_assert_false (is_uniform (thumb, width * height));
  for (gsize i = 0; i < 3 * (gsize) width * height; i++)
    g_assert_cmpint (ABS ((int) inverted[i] - (255 - (int) thumb[i])), <=, 1);
  stm_test_remove_tree (dir);
}

static void
assert_decode_error (StmSeries *series, const char *what)
{
  g_autoptr(GError) error = NULL;
  guint width = 0, height = 0;

  g_autofree guint8 *thumb = stm_series_thumbnail (series, THUMB, &width, &height, NULL, &error);
  g_assert_null (thumb);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", what, error->message);
  g_assert_cmpstr (g_quark_to_string (error->domain), ==, g_quark_to_string (STM_DICOM_ERROR));
  g_clear_error (&error);
  g_autoptr(StmVolume) slice = stm_series_load_slice (series, 0, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                      NULL, &error);
  g_assert_null (slice);
  g_assert_nonnull (error);
}

/* Files whose header reads but whose pixels do not. */
static void
test_thumbnail_malformed (void)
{
  const char *names[] = { "MR_truncated.dcm", "JPEG2000-embedded-sequence-delimiter.dcm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *relative = g_build_filename ("dicom/malformed", names[i], NULL);
      g_autoptr(StmDicomCollection) collection = stm_test_scan_shared (relative);

      if (collection == NULL)
        return;
      assert_decode_error (only_series (collection), names[i]);
    }
}

/* A file cut short after it was scanned (a copy still being written). */
static void
test_thumbnail_truncated_after_scan (void)
{
  g_autofree char *source = stm_test_shared_path ("dicom/ct/CT1_UNC.explicit_little_endian.dcm");
  g_autofree char *dir = NULL, *path = NULL, *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (source == NULL)
    return;
  dir = stm_test_make_tmpdir ();
  path = g_build_filename (dir, "ct.dcm", NULL);
  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  const char *paths[] = { path, NULL };
  g_autoptr(StmDicomCollection) collection = stm_dicom_collection_scan (paths, NULL, NULL, NULL,
                                                                        &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, length / 2, &error));
  assert_decode_error (only_series (collection), "truncated after the scan");
  stm_test_remove_tree (dir);
}

/* A file replaced by a larger image between the scan and the load: the
 * volume was sized from the scanned header, so nothing may be written. */
static void
test_replaced_after_scan (void)
{
  g_autofree char *small = stm_test_shared_path ("dicom/ct_series/pydicom_ct5n_16x16");
  g_autofree char *large = stm_test_shared_path ("dicom/ct/CT1_UNC.explicit_little_endian.dcm");
  g_autofree char *dir = NULL, *path = NULL, *contents = NULL, *first = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(StmVolume) volume = NULL;
  gsize length;

  if (small == NULL || large == NULL)
    return;
  dir = stm_test_make_tmpdir ();
  path = g_build_filename (dir, "slice.dcm", NULL);
  listing = g_dir_open (small, 0, &error);
  g_assert_no_error (error);
  first = g_build_filename (small, g_dir_read_name (listing), NULL);
  g_assert_true (g_file_get_contents (first, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_clear_pointer (&contents, g_free);
  const char *paths[] = { path, NULL };
  g_autoptr(StmDicomCollection) collection = stm_dicom_collection_scan (paths, NULL, NULL, NULL,
                                                                        &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (large, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length, &error));

  volume = stm_series_load_volume (only_series (collection), STM_VOLUME_DEFAULT_MAX_BYTES,
                                   NULL, NULL, NULL, &error);
  g_assert_null (volume);
  g_assert_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED);
  g_clear_error (&error);
  volume = stm_series_load_slice (only_series (collection), 0, STM_VOLUME_DEFAULT_MAX_BYTES,
                                  NULL, &error);
  g_assert_null (volume);
  g_assert_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED);
  stm_test_remove_tree (dir);
}

/* The names every view shows (browser, viewer, stratum-cli render). */
static void
test_display_names (void)
{
  StmSeries series = { .modality = (char *) "CT", .description = (char *) "Chest" };
  StmSeries unnamed = { 0 };
  g_autofree char *full = stm_dicom_person_name_display ("DOE^^JOHN^^");
  g_autofree char *none = stm_dicom_person_name_display (NULL);
  g_autofree char *carets = stm_dicom_person_name_display (" ^ ");
  g_autofree char *title = stm_series_display_title (&series);
  g_autofree char *untitled = stm_series_display_title (&unnamed);

  g_assert_cmpstr (full, ==, "DOE JOHN");
  g_assert_cmpstr (none, ==, "Anonymous patient");
  g_assert_cmpstr (carets, ==, "Anonymous patient");
  g_assert_cmpstr (title, ==, "CT Chest");
  g_assert_cmpstr (untitled, ==, "Unnamed series");
  {
    g_autofree char *date = stm_dicom_date_display ("20240115");
    g_autofree char *odd = stm_dicom_date_display ("2024.01.15");
    g_autofree char *empty = stm_dicom_date_display (NULL);

    g_assert_cmpstr (date, ==, "2024-01-15");
    g_assert_cmpstr (odd, ==, "2024.01.15");
    g_assert_cmpstr (empty, ==, "");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/series-preview/slice/skull-ct", test_slice_skull_ct);
  g_test_add_func ("/series-preview/slice/orientation-unknown", test_orientation_unknown);
  g_test_add_func ("/series-preview/slice/gantry-tilt", test_slice_gantry_tilt);
  g_test_add_func ("/series-preview/slice/keeps-warnings", test_slice_keeps_warnings);
  g_test_add_func ("/series-preview/slice/out-of-range", test_slice_out_of_range);
  g_test_add_func ("/series-preview/slice/cancelled", test_slice_cancelled);
  g_test_add_func ("/series-preview/thumbnail/ct", test_thumbnail_ct);
  g_test_add_func ("/series-preview/thumbnail/aspect", test_thumbnail_aspect);
  g_test_add_func ("/series-preview/thumbnail/us-cine", test_thumbnail_us_cine);
  g_test_add_func ("/series-preview/thumbnail/monochrome1", test_thumbnail_monochrome1);
  g_test_add_func ("/series-preview/thumbnail/malformed", test_thumbnail_malformed);
  g_test_add_func ("/series-preview/replaced-after-scan", test_replaced_after_scan);
  g_test_add_func ("/series-preview/display-names", test_display_names);
  g_test_add_func ("/series-preview/thumbnail/truncated-after-scan",
                   test_thumbnail_truncated_after_scan);
  return g_test_run ();
}
