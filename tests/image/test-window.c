/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "stm-window.h"

/* PS3.3 C.11.2.1.2.1 written as the standard writes it, rounded half up. */
static int
reference_grey (double x, double c, double w)
{
  if (x <= c - 0.5 - (w - 1) / 2)
    return 0;
  if (x > c - 0.5 + (w - 1) / 2)
    return 255;
  return (int) floor (((x - (c - 0.5)) / (w - 1) + 0.5) * 255 + 0.5);
}

static guint8
grey_of (float value, StmWindow w, gboolean invert)
{
  guint8 rgb[3];

  stm_window_apply_float (&value, 1, w, invert, rgb);
  g_assert_cmpuint (rgb[0], ==, rgb[1]);
  g_assert_cmpuint (rgb[1], ==, rgb[2]);
  return rgb[0];
}

static void
test_soft_tissue_points (void)
{
  StmWindow w = { 40, 400 };

  /* Lower bound c - 0.5 - (w - 1) / 2 = -160, upper c - 0.5 + (w - 1) / 2 = 239. */
  g_assert_cmpuint (grey_of (-1000, w, FALSE), ==, 0);
  g_assert_cmpuint (grey_of (-160.5f, w, FALSE), ==, 0);
  g_assert_cmpuint (grey_of (-160, w, FALSE), ==, 0);
  g_assert_cmpuint (grey_of (239.5f, w, FALSE), ==, 255);
  g_assert_cmpuint (grey_of (3000, w, FALSE), ==, 255);
  /* ((40 - 39.5) / 399 + 0.5) * 255 = 127.82 -> 128. */
  g_assert_cmpuint (grey_of (40, w, FALSE), ==, 128);
  /* ((0 - 39.5) / 399 + 0.5) * 255 = 102.26 -> 102. */
  g_assert_cmpuint (grey_of (0, w, FALSE), ==, 102);
  /* ((100 - 39.5) / 399 + 0.5) * 255 = 166.17 -> 166. */
  g_assert_cmpuint (grey_of (100, w, FALSE), ==, 166);
  g_assert_cmpuint (stm_window_grey (40, w), ==, 128);
}

static void
test_invert (void)
{
  StmWindow w = { 40, 400 };

  g_assert_cmpuint (grey_of (-1000, w, TRUE), ==, 255);
  g_assert_cmpuint (grey_of (3000, w, TRUE), ==, 0);
  g_assert_cmpuint (grey_of (40, w, TRUE), ==, 255 - 128);
}

/* Every quarter unit over a wide range agrees with the standard's cases. */
static void
test_matches_reference (void)
{
  const StmWindow windows[] = { { 40, 400 }, { -600, 1500 }, { 0.5, 2 }, { 1000, 37 } };

  for (gsize k = 0; k < G_N_ELEMENTS (windows); k++)
    for (double x = -2000; x <= 2000; x += 0.25)
      {
        double c = windows[k].center, w = windows[k].width;
        double y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;

        /* An exact .5 may land either way in floating point. */
        if (fabs (y - floor (y) - 0.5) < 1e-9)
          continue;
        g_assert_cmpint (grey_of ((float) x, windows[k], FALSE), ==, reference_grey (x, c, w));
      }
}

static void
test_threshold_and_nan (void)
{
  StmWindow w = { 100, 1 };

  /* Width 1: x <= c - 0.5 is black, anything above is white. */
  g_assert_cmpuint (grey_of (99.5f, w, FALSE), ==, 0);
  g_assert_cmpuint (grey_of (99.75f, w, FALSE), ==, 255);
  g_assert_cmpuint (grey_of (NAN, w, FALSE), ==, 0);
  g_assert_cmpuint (grey_of (NAN, w, TRUE), ==, 255);
}

static void
test_level_change_changes_pixels (void)
{
  float values[] = { -1000, -600, -100, 0, 40, 80, 300, 1200 };
  guint8 soft[3 * G_N_ELEMENTS (values)], lung[3 * G_N_ELEMENTS (values)];
  StmWindow soft_w = { 40, 400 }, lung_w = { -600, 1500 };
  guint changed = 0;

  stm_window_apply_float (values, G_N_ELEMENTS (values), soft_w, FALSE, soft);
  stm_window_apply_float (values, G_N_ELEMENTS (values), lung_w, FALSE, lung);
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    changed += soft[3 * i] != lung[3 * i];
  g_assert_cmpuint (changed, >=, 6);
  /* Lung window: -600 is mid-grey, soft tissue window: black. */
  g_assert_cmpuint (soft[3], ==, 0);
  g_assert_cmpuint (lung[3], ==, 128);
}

static void
test_default_window (void)
{
  g_autoptr(StmVolume) v = stm_volume_new (STM_VOXEL_FLOAT32, 4, 2, 1, G_MAXUINT64, NULL);
  float *f = stm_volume_float_data (v);
  StmWindow w;

  for (int i = 0; i < 8; i++)
    f[i] = -1000 + 500 * i;
  f[3] = NAN;
  w = stm_window_default (v);
  g_assert_cmpuint (stm_window_grey (-1000, w), ==, 0);
  g_assert_cmpuint (stm_window_grey (2500, w), ==, 255);
  g_assert_cmpuint (stm_window_grey (751, w), ==, 128);
}

/* Timing for the record: the viewer wants under 2 ms for 512 x 512. */
static void
test_speed (void)
{
  const gsize n = 512 * 512;
  g_autofree float *values = g_new (float, n);
  g_autofree guint8 *rgb = g_malloc (3 * n);
  StmWindow w = { 40, 400 };
  gint64 start;
  double ms;

  for (gsize i = 0; i < n; i++)
    values[i] = (float) ((i * 7919) % 4096) - 1024;
  start = g_get_monotonic_time ();
  for (int r = 0; r < 20; r++)
    stm_window_apply_float (values, n, w, r & 1, rgb);
  ms = (g_get_monotonic_time () - start) / 20 / 1000.0;
  g_test_message ("window/level of 512 x 512: %.3f ms", ms);
  /* Generous, so a loaded CI machine does not fail; the benchmark is strict. */
  g_assert_cmpfloat (ms, <, 50);
}

/* The published values (see stm-window.c), each findable by its id. */
static void
test_ct_presets (void)
{
  static const struct { const char *id; double center, width; } expected[] = {
    { "soft-tissue", 40, 400 },
    { "lung", -600, 1500 },
    { "bone", 400, 1800 },
    { "mediastinum", 50, 350 },
    { "breast", 40, 400 },
  };
  guint n = 0;
  const StmWindowPresetInfo *presets = stm_window_ct_presets (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint p = 0; p < n; p++)
    {
      const StmWindowPresetInfo *found = stm_window_ct_preset_find (expected[p].id);

      g_assert_cmpstr (presets[p].id, ==, expected[p].id);
      g_assert_true (found == &presets[p]);
      g_assert_cmpfloat (found->window.center, ==, expected[p].center);
      g_assert_cmpfloat (found->window.width, ==, expected[p].width);
      g_assert_nonnull (found->name);
    }
  g_assert_null (stm_window_ct_preset_find ("liver"));
  g_assert_null (stm_window_ct_preset_find (NULL));
  /* Lung, by the standard's formula: black below c - 0.5 - (w - 1) / 2 =
   * -1350 HU; air (-1000 HU) is ((-1000 + 600.5) / 1499 + 0.5) * 255 =
   * 59.54 -> 60 and water ((0 + 600.5) / 1499 + 0.5) * 255 = 229.65 -> 230. */
  g_assert_cmpuint (stm_window_grey (-1351, stm_window_ct_preset_find ("lung")->window), ==, 0);
  g_assert_cmpuint (stm_window_grey (-1000, stm_window_ct_preset_find ("lung")->window), ==, 60);
  g_assert_cmpuint (stm_window_grey (0, stm_window_ct_preset_find ("lung")->window), ==, 230);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/window/soft-tissue-points", test_soft_tissue_points);
  g_test_add_func ("/window/invert", test_invert);
  g_test_add_func ("/window/matches-reference", test_matches_reference);
  g_test_add_func ("/window/threshold-and-nan", test_threshold_and_nan);
  g_test_add_func ("/window/level-change", test_level_change_changes_pixels);
  g_test_add_func ("/window/default", test_default_window);
  g_test_add_func ("/window/speed", test_speed);
  g_test_add_func ("/window/ct-presets", test_ct_presets);
  return g_test_run ();
}
