/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-demo-study.h"
#include "stm-test-support.h"

#include <glib/gstdio.h>

static const StmDemoOptions small = { .ct_slices = 20, .ct_size = 64, .us_frames = 8 };

static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Round-trips exactly, so the script applies the very same ellipsoid. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g", value));
}

static void
test_demo_defaults (void)
{
  StmDemoOptions options;
  guint64 voxels;

  stm_demo_options_init (&options);
  g_assert_cmpuint (options.ct_slices, ==, 300);
  g_assert_cmpuint (options.ct_size, ==, 512);
  g_assert_cmpuint (options.us_frames, ==, 40);

  /* The feature benchmark needs a lesion of about 100,000 voxels. */
  voxels = stm_demo_lesion_voxels (&options);
  g_test_message ("default lesion: %" G_GUINT64_FORMAT " voxels, %.2f mm3",
                  voxels, stm_demo_lesion_volume_mm3 (&options));
  g_assert_cmpuint (voxels, >, 100000);
  g_assert_cmpfloat_with_epsilon (stm_demo_lesion_volume_mm3 (&options),
                                  voxels * 0.7 * 0.7 * 1.0, 1e-6);
  g_assert_cmpuint (stm_demo_lesion_voxels (NULL), ==, voxels);
  g_assert_cmpfloat (stm_demo_lesion_hu (), ==, 60.0);
}

static void
test_demo_small_study (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  double centre[3], semi_axes[3];

  g_assert_cmpuint (stm_demo_lesion_voxels (&small), >, 50);
  g_assert_true (stm_demo_study_write (dir, &small, NULL, &error));
  g_assert_no_error (error);

  stm_demo_lesion_ellipsoid (centre, semi_axes);
  g_ptr_array_add (args, g_strdup (dir));
  g_ptr_array_add (args, g_strdup_printf ("%u", small.ct_slices));
  g_ptr_array_add (args, g_strdup_printf ("%u", small.ct_size));
  g_ptr_array_add (args, g_strdup_printf ("%u", small.us_frames));
  g_ptr_array_add (args, format_double (stm_demo_lesion_hu ()));
  g_ptr_array_add (args, format_double (stm_demo_lesion_volume_mm3 (&small)));
  for (int i = 0; i < 3; i++)
    g_ptr_array_add (args, format_double (centre[i]));
  for (int i = 0; i < 3; i++)
    g_ptr_array_add (args, format_double (semi_axes[i]));
  g_ptr_array_add (args, NULL);

  out = stm_test_run_python ("dicom/demo_check.py", (const char * const *) args->pdata);
  if (out != NULL)
    {
      g_test_message ("%s", g_strstrip (out));
      g_assert_true (g_str_has_prefix (out, "ok "));
    }
  stm_test_remove_tree (dir);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *data_a = NULL;
  g_autofree char *data_b = NULL;
  gsize length_a = 0, length_b = 0;

  g_assert_true (g_file_get_contents (a, &data_a, &length_a, NULL));
  g_assert_true (g_file_get_contents (b, &data_b, &length_b, NULL));
  g_assert_cmpmem (data_a, length_a, data_b, length_b);
}

static void
test_demo_reproducible (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *first = g_build_filename (dir, "first", NULL);
  g_autofree char *second = g_build_filename (dir, "second", NULL);
  const char *names[] = { "ct/CT0001.dcm", "ct/CT0011.dcm", "us/US0001.dcm" };
  StmDemoOptions options = small;

  options.us_frames = 2;
  g_assert_true (stm_demo_study_write (first, &options, NULL, NULL));
  g_assert_true (stm_demo_study_write (second, &options, NULL, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = g_build_filename (first, names[i], NULL);
      g_autofree char *b = g_build_filename (second, names[i], NULL);

      assert_same_file (a, b);
    }
  stm_test_remove_tree (dir);
}

static void
test_demo_into_regular_file (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "not-a-folder", NULL);
  g_autofree char *below = g_build_filename (file, "study", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  g_assert_false (stm_demo_study_write (file, &small, NULL, &error));
  g_assert_error (error, STM_DEMO_ERROR, STM_DEMO_ERROR_WRITE);
  g_assert_true (g_str_has_prefix (error->message, "Could not write the demo study to "));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (stm_demo_study_write (below, &small, NULL, &error));
  g_assert_error (error, STM_DEMO_ERROR, STM_DEMO_ERROR_WRITE);
  stm_test_remove_tree (dir);
}

static void
test_demo_cancelled (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *first = g_build_filename (dir, "ct", "CT0001.dcm", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (stm_demo_study_write (dir, &small, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  stm_test_remove_tree (dir);
}

static void
test_demo_invalid_options (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  StmDemoOptions options = small;

  options.ct_size = 0;
  g_assert_false (stm_demo_study_write (dir, &options, NULL, &error));
  g_assert_error (error, STM_DEMO_ERROR, STM_DEMO_ERROR_INVALID_OPTIONS);
  g_assert_cmpfloat (stm_demo_lesion_volume_mm3 (&options), ==, 0.0);
  stm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dicom/demo/defaults", test_demo_defaults);
  g_test_add_func ("/dicom/demo/small-study", test_demo_small_study);
  g_test_add_func ("/dicom/demo/reproducible", test_demo_reproducible);
  g_test_add_func ("/dicom/demo/into-regular-file", test_demo_into_regular_file);
  g_test_add_func ("/dicom/demo/cancelled", test_demo_cancelled);
  g_test_add_func ("/dicom/demo/invalid-options", test_demo_invalid_options);

  return g_test_run ();
}
