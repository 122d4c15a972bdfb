/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>

#include "stm-slice-render.h"
#include "stm-test-support.h"

#define NX 32
#define NY 16
#define NZ 3

static const StmWindow window = { 100, 500 };

static float
value_at (gsize i, gsize j, gsize k)
{
  return (float) i * 10 + (float) j * 20 - 200 + (float) k * 5;
}

/* 32 x 16 x 3, rows 2 mm apart and columns 1 mm: drawn 32 x 32. */
static StmVolume *
make_volume (void)
{
  StmVolume *v = stm_volume_new (STM_VOXEL_FLOAT32, NX, NY, NZ, G_MAXUINT64, NULL);
  float *f = stm_volume_float_data (v);

  stm_geometry_init_identity (&v->geometry);
  v->geometry.spacing[0] = 1;
  v->geometry.spacing[1] = 2;
  for (gsize k = 0; k < NZ; k++)
    for (gsize j = 0; j < NY; j++)
      for (gsize i = 0; i < NX; i++)
        f[(k * NY + j) * NX + i] = value_at (i, j, k);
  return v;
}

/* Voxels 8..15 x 4..7 of slice 1: output pixels 8..15 x 8..15. */
static StmVolume *
make_mask (void)
{
  StmVolume *m = stm_volume_new (STM_VOXEL_FLOAT32, NX, NY, NZ, G_MAXUINT64, NULL);
  float *f = stm_volume_float_data (m);

  for (gsize j = 4; j <= 7; j++)
    for (gsize i = 8; i <= 15; i++)
      f[(1 * NY + j) * NX + i] = 1;
  return m;
}

static guint32
pixel (cairo_surface_t *s, int u, int v)
{
  const guint8 *row = cairo_image_surface_get_data (s) + v * cairo_image_surface_get_stride (s);

  return ((const guint32 *) row)[u] & 0xffffff;
}

static guint32
grey_rgb (guint g)
{
  return (g << 16) | (g << 8) | g;
}

static void
test_grey_values (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s = stm_slice_render (v, 2, window, FALSE, NULL, &error);
  const int points[][2] = { { 0, 0 }, { 31, 31 }, { 5, 9 }, { 17, 20 }, { 30, 3 } };

  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_format (s), ==, CAIRO_FORMAT_RGB24);
  for (gsize p = 0; p < G_N_ELEMENTS (points); p++)
    {
      int u = points[p][0], vv = points[p][1];

      g_assert_cmpuint (pixel (s, u, vv), ==,
                        grey_rgb (stm_window_grey (value_at (u, vv / 2, 2), window)));
    }
  cairo_surface_destroy (s);
}

static void
test_anisotropy (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  cairo_surface_t *s = stm_slice_render (v, 0, window, FALSE, NULL, NULL);

  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 32);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 32);
  /* Each row of voxels is two rows of pixels, each column one. */
  for (int j = 0; j < NY; j++)
    for (int u = 0; u < NX; u++)
      {
        g_assert_cmpuint (pixel (s, u, 2 * j), ==, pixel (s, u, 2 * j + 1));
        g_assert_cmpuint (pixel (s, u, 2 * j), ==,
                          grey_rgb (stm_window_grey (value_at (u, j, 0), window)));
      }
  cairo_surface_destroy (s);

  /* The other way round: columns 2 mm apart double the width. */
  v->geometry.spacing[0] = 2;
  v->geometry.spacing[1] = 1;
  s = stm_slice_render (v, 0, window, FALSE, NULL, NULL);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 64);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 16);
  g_assert_cmpuint (pixel (s, 20, 5), ==, pixel (s, 21, 5));
  g_assert_cmpuint (pixel (s, 21, 5), ==, grey_rgb (stm_window_grey (value_at (10, 5, 0), window)));
  cairo_surface_destroy (s);
}

/* 35 % red over the image, rounded half up. */
static guint32
blended (guint g)
{
  guint r = (65 * g + 35 * 255 + 50) / 100, gb = (65 * g + 50) / 100;

  return (r << 16) | (gb << 8) | gb;
}

static void
test_mask_overlay (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autoptr(StmVolume) m = make_mask ();
  cairo_surface_t *s = stm_slice_render (v, 1, window, FALSE, m, NULL);

  for (int e = 8; e <= 15; e++)
    {
      g_assert_cmphex (pixel (s, e, 8), ==, 0xff0000);
      g_assert_cmphex (pixel (s, e, 15), ==, 0xff0000);
      g_assert_cmphex (pixel (s, 8, e), ==, 0xff0000);
      g_assert_cmphex (pixel (s, 15, e), ==, 0xff0000);
    }
  for (int vv = 9; vv <= 14; vv++)
    for (int u = 9; u <= 14; u++)
      g_assert_cmphex (pixel (s, u, vv), ==,
                       blended (stm_window_grey (value_at (u, vv / 2, 1), window)));
  /* A worked case: grey 100 -> red (6500 + 8925 + 50) / 100 = 154, green 65. */
  g_assert_cmphex (blended (100), ==, (154u << 16) | (65u << 8) | 65u);
  /* Just outside the square, and on a slice where the mask is empty: untouched. */
  g_assert_cmphex (pixel (s, 7, 10), ==, grey_rgb (stm_window_grey (value_at (7, 5, 1), window)));
  g_assert_cmphex (pixel (s, 10, 16), ==, grey_rgb (stm_window_grey (value_at (10, 8, 1), window)));
  cairo_surface_destroy (s);
  s = stm_slice_render (v, 0, window, FALSE, m, NULL);
  g_assert_cmphex (pixel (s, 10, 10), ==, grey_rgb (stm_window_grey (value_at (10, 5, 0), window)));
  cairo_surface_destroy (s);
}

static void
test_monochrome1 (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  cairo_surface_t *plain = stm_slice_render (v, 1, window, FALSE, NULL, NULL);
  cairo_surface_t *inverted = stm_slice_render (v, 1, window, TRUE, NULL, NULL);

  for (int vv = 0; vv < 32; vv += 3)
    for (int u = 0; u < 32; u += 5)
      g_assert_cmphex (pixel (inverted, u, vv), ==, 0xffffff - pixel (plain, u, vv));
  cairo_surface_destroy (plain);
  cairo_surface_destroy (inverted);
}

static void
test_colour_as_is (void)
{
  g_autoptr(StmVolume) v = stm_volume_new (STM_VOXEL_RGB8, 3, 2, 1, G_MAXUINT64, NULL);
  guint8 *rgb = stm_volume_rgb_data (v);
  StmWindow narrow = { 0, 1 };

  stm_geometry_init_identity (&v->geometry);
  for (int i = 0; i < 18; i++)
    rgb[i] = (guint8) (i * 13);
  cairo_surface_t *s = stm_slice_render (v, 0, narrow, TRUE, NULL, NULL);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 3);
  /* Voxel 4 (i 1, j 1) holds bytes 12..14: 156, 169, 182. */
  g_assert_cmphex (pixel (s, 1, 1), ==, (156u << 16) | (169u << 8) | 182u);
  g_assert_cmphex (pixel (s, 0, 0), ==, (0u << 16) | (13u << 8) | 26u);
  cairo_surface_destroy (s);
}

static void
test_errors_and_png (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autoptr(StmVolume) small = stm_volume_new (STM_VOXEL_FLOAT32, 4, 4, 3, G_MAXUINT64, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "slice.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "slice.png", NULL);

  g_assert_null (stm_slice_render (v, 3, window, FALSE, NULL, &error));
  g_assert_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (stm_slice_render (v, 0, window, FALSE, small, &error));
  g_assert_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (stm_slice_render_to_png (v, 1, window, FALSE, NULL, png, &error));
  g_assert_no_error (error);
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 32);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 32);
  g_assert_cmphex (pixel (s, 17, 20), ==, grey_rgb (stm_window_grey (value_at (17, 10, 1), window)));
  cairo_surface_destroy (s);
  g_assert_false (stm_slice_render_to_png (v, 1, window, FALSE, NULL, bad, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  stm_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/slice-render/grey-values", test_grey_values);
  g_test_add_func ("/slice-render/anisotropy", test_anisotropy);
  g_test_add_func ("/slice-render/mask-overlay", test_mask_overlay);
  g_test_add_func ("/slice-render/monochrome1", test_monochrome1);
  g_test_add_func ("/slice-render/colour-as-is", test_colour_as_is);
  g_test_add_func ("/slice-render/errors-and-png", test_errors_and_png);
  return g_test_run ();
}
