/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "stm-overlay.h"
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

  cairo_surface_t *rendered = stm_slice_render (v, 1, window, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (stm_slice_render_write_png (rendered, png, &error));
  g_assert_no_error (error);
  cairo_surface_t *s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 32);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 32);
  g_assert_cmphex (pixel (s, 17, 20), ==, grey_rgb (stm_window_grey (value_at (17, 10, 1), window)));
  cairo_surface_destroy (s);
  g_assert_false (stm_slice_render_write_png (rendered, bad, &error));
  cairo_surface_destroy (rendered);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
  stm_test_remove_tree (dir);
}

/* The voxel whose edges (from the transform) hold coordinate @c along one
 * axis, found by walking the edges rather than by the resampler's formula. */
static int
voxel_between_edges (const StmViewTransform *t, int axis, double c)
{
  gsize n = axis == 0 ? t->nx : t->ny;

  for (gsize k = 0; k < n; k++)
    {
      double x0, y0, x1, y1;

      stm_view_transform_voxel_to_screen (t, k - 0.5, k - 0.5, &x0, &y0);
      stm_view_transform_voxel_to_screen (t, k + 0.5, k + 0.5, &x1, &y1);
      if (axis == 0 ? (c >= x0 && c < x1) : (c >= y0 && c < y1))
        return (int) k;
    }
  return -1;
}

/* Zoomed and panned at device scale 2: every physical pixel shows the
 * voxel its centre falls in, and pixels off the slice are not produced. */
static void
test_visible_nearest (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autofree guint8 *rgb = stm_slice_render_rgb (v, 1, window, FALSE);
  g_autofree guint8 *out = NULL;
  StmViewTransform t;
  StmDeviceRect rect;
  const double scale = 2;

  stm_view_transform_init (&t, NX, NY, v->geometry.spacing);
  stm_view_transform_set_view_size (&t, 90, 70);
  stm_view_transform_zoom_at (&t, 3.3, 31.7, 22.1);
  stm_view_transform_pan (&t, 5.25, -3.5);
  out = stm_slice_render_visible (rgb, &t, scale, &rect);
  g_assert_nonnull (out);
  g_assert_cmpint (rect.x, >=, 0);
  g_assert_cmpint (rect.y, >=, 0);
  g_assert_cmpint (rect.x + rect.width, <=, 180);
  g_assert_cmpint (rect.y + rect.height, <=, 140);
  for (int y = 0; y < 140; y++)
    for (int x = 0; x < 180; x++)
      {
        int i = voxel_between_edges (&t, 0, (x + 0.5) / scale);
        int j = voxel_between_edges (&t, 1, (y + 0.5) / scale);
        gboolean inside = x >= rect.x && x < rect.x + rect.width &&
                          y >= rect.y && y < rect.y + rect.height;

        g_assert_cmpint (inside, ==, i >= 0 && j >= 0);
        if (inside)
          {
            const guint8 *p = out + 3 * ((gsize) (y - rect.y) * rect.width + (x - rect.x));

            g_assert_cmpuint (p[0], ==, stm_window_grey (value_at (i, j, 1), window));
          }
      }
}

/* Nothing visible: panned off the view. */
static void
test_visible_none (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autofree guint8 *rgb = stm_slice_render_rgb (v, 0, window, FALSE);
  StmViewTransform t;
  StmDeviceRect rect;

  stm_view_transform_init (&t, NX, NY, v->geometry.spacing);
  stm_view_transform_set_view_size (&t, 50, 50);
  stm_view_transform_pan (&t, 1000, 0);
  g_assert_null (stm_slice_render_visible (rgb, &t, 1, &rect));
  g_assert_cmpint (rect.width, ==, 0);
}

/* The whole view: black outside the slice, the window inside. A 64 x 32
 * view shows the 32 x 32 mm slice at 1 pixel per mm from x = 16. */
static void
test_view_surface (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autoptr(GError) error = NULL;
  StmViewTransform t;
  cairo_surface_t *s;

  stm_view_transform_init (&t, NX, NY, v->geometry.spacing);
  stm_view_transform_set_view_size (&t, 64, 32);
  s = stm_slice_render_view (v, 2, window, TRUE, &t, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 64);
  g_assert_cmphex (pixel (s, 5, 10), ==, 0);
  g_assert_cmphex (pixel (s, 60, 10), ==, 0);
  /* Pixel (16 + 3, 2 * 5 + 1) is voxel (3, 5). */
  g_assert_cmphex (pixel (s, 19, 11), ==, grey_rgb (255 - stm_window_grey (value_at (3, 5, 2), window)));
  cairo_surface_destroy (s);

  g_assert_null (stm_slice_render_view (v, 3, window, FALSE, &t, &error));
  g_assert_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID);
}

/* Preparing a 512 x 512 slice and resampling a magnified full-HD view:
 * reported, and checked loosely so a loaded CI machine does not fail. */
static void
test_speed (void)
{
  g_autoptr(StmVolume) v = stm_volume_new (STM_VOXEL_FLOAT32, 512, 512, 1, G_MAXUINT64, NULL);
  float *f = stm_volume_float_data (v);
  StmViewTransform t;
  StmDeviceRect rect;
  gint64 start;
  double prepare_ms, resample_ms;

  for (gsize n = 0; n < 512 * 512; n++)
    f[n] = (float) (n % 2000) - 1000;
  stm_geometry_init_identity (&v->geometry);
  stm_view_transform_init (&t, 512, 512, v->geometry.spacing);
  stm_view_transform_set_view_size (&t, 1920, 1080);
  stm_view_transform_zoom_at (&t, 2, 960, 540);

  start = g_get_monotonic_time ();
  for (int r = 0; r < 10; r++)
    g_free (stm_slice_render_rgb (v, 0, window, FALSE));
  prepare_ms = (g_get_monotonic_time () - start) / 10000.0;
  g_autofree guint8 *rgb = stm_slice_render_rgb (v, 0, window, FALSE);
  start = g_get_monotonic_time ();
  for (int r = 0; r < 10; r++)
    g_free (stm_slice_render_visible (rgb, &t, 1, &rect));
  resample_ms = (g_get_monotonic_time () - start) / 10000.0;
  g_test_message ("512 x 512 slice: %.3f ms; 1920 x 1080 magnified view: %.3f ms",
                  prepare_ms, resample_ms);
  g_assert_cmpint (rect.width, ==, 1920);
  g_assert_cmpfloat (prepare_ms, <, 50);
  g_assert_cmpfloat (resample_ms, <, 100);
}

/* Value and patient position under the pointer; NULL off the slice. */
static void
test_readout (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autoptr(StmVolume) colour = stm_volume_new (STM_VOXEL_RGB8, 2, 2, 1, G_MAXUINT64, NULL);
  g_autofree char *grey = NULL, *rgb = NULL;

  v->geometry.origin[2] = -10;
  /* Voxel (3, 5, 1): 3 * 10 + 5 * 20 - 200 + 5 = -65 HU; the pointer at
   * (3.2, 5.4) lies at x = 3.2 * 1, y = 5.4 * 2, z = -10 + 1 mm. */
  grey = stm_overlay_readout (v, 1, 3.2, 5.4, NULL, 0);
  g_assert_cmpstr (grey, ==, "-65 HU  (3.2, 10.8, -9.0) mm");
  /* Without a pixel size in the file, the position is the pixel's. */
  v->geometry.spacing_unknown = TRUE;
  g_clear_pointer (&grey, g_free);
  grey = stm_overlay_readout (v, 1, 3.2, 5.4, NULL, 0);
  g_assert_cmpstr (grey, ==, "-65 HU  (3, 5) px");
  v->geometry.spacing_unknown = FALSE;
  g_assert_null (stm_overlay_readout (v, 1, -0.6, 2, NULL, 0));
  g_assert_null (stm_overlay_readout (v, 1, 2, NY - 0.5, NULL, 0));

  stm_volume_rgb_data (colour)[9] = 120;
  stm_volume_rgb_data (colour)[10] = 80;
  stm_volume_rgb_data (colour)[11] = 40;
  rgb = stm_overlay_readout (colour, 0, 1, 1, NULL, 0);
  g_assert_true (g_str_has_prefix (rgb, "RGB 120 80 40  "));
}

/* Ultrasound: positions in the region's units from its reference pixel,
 * which is given relative to the region's corner. */
static void
test_readout_ultrasound (void)
{
  g_autoptr(StmVolume) v = stm_volume_new (STM_VOXEL_RGB8, 120, 220, 4, G_MAXUINT64, NULL);
  StmUsRegion regions[2] = {
    { .min_x0 = 10, .min_y0 = 20, .max_x1 = 100, .max_y1 = 200, .spatial_format = 1,
      .units_x = 3, .units_y = 3, .delta_x = 0.01, .delta_y = 0.02,
      .has_reference = TRUE, .reference_x0 = 5, .reference_y0 = 0 },
    { .min_x0 = 101, .min_y0 = 20, .max_x1 = 119, .max_y1 = 200, .spatial_format = 3,
      .units_x = 4, .units_y = 7, .delta_x = 0.002, .delta_y = 1.5 },
  };
  g_autofree char *inside = NULL, *doppler = NULL, *outside = NULL;

  /* x: (25 - 15) * 0.01 cm = 1.0 mm; y: (40 - 20) * 0.02 cm = 4.0 mm. */
  inside = stm_overlay_readout (v, 0, 25, 40, regions, 2);
  g_assert_true (g_str_has_suffix (inside, "  (1.0 mm, 4.0 mm)"));
  /* No reference pixel: from the corner (101, 20); 10 px = 0.020 s, 10 px = 15 cm/s. */
  doppler = stm_overlay_readout (v, 0, 111, 30, regions, 2);
  g_assert_true (g_str_has_suffix (doppler, "  (0.020 s, 15.0 cm/s)"));
  outside = stm_overlay_readout (v, 0, 5, 5, regions, 2);
  g_assert_true (g_str_has_suffix (outside, "  uncalibrated"));
  /* A cine without regions or pixel spacing (as the loader marks it): the
   * pixel, and grey levels without a unit. */
  v->frame_time_ms = 33;
  v->geometry.spacing_unknown = TRUE;
  v->value_unit = STM_VALUE_UNITLESS;
  g_free (outside);
  outside = stm_overlay_readout (v, 0, 5, 5, NULL, 0);
  g_assert_true (g_str_has_suffix (outside, "  (5, 5) px"));
  g_assert_null (strstr (outside, "HU"));
  g_assert_true (stm_overlay_us_scale_region (regions, 2) == &regions[0]);
  g_assert_null (stm_overlay_us_scale_region (&regions[1], 1));
}

static void
test_slice_position (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  g_autofree char *axial = NULL, *oblique = NULL;

  v->geometry.origin[2] = -50;
  v->geometry.spacing[2] = 2.5;
  axial = stm_overlay_slice_position (v, 2);
  g_assert_cmpstr (axial, ==, "Z: -45.0 mm");
  /* Stacked along (0, 0.6, 0.8): the centre (15.5, 15, 0) + 2 * (0, 0.6, 0.8)
   * = (15.5, 16.2, 1.6) lies at 16.2 * 0.6 + 1.6 * 0.8 = 11.0 mm along it. */
  v->geometry.origin[2] = 0;
  v->geometry.spacing[2] = 1;
  v->geometry.axes[2][0] = 0;
  v->geometry.axes[2][1] = 0.6;
  v->geometry.axes[2][2] = 0.8;
  oblique = stm_overlay_slice_position (v, 2);
  g_assert_cmpstr (oblique, ==, "Pos: 11.0 mm");
}

static int
count_white (cairo_surface_t *s, int x0, int y0, int x1, int y1)
{
  int n = 0;

  cairo_surface_flush (s);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += pixel (s, x, y) == 0xffffff;
  return n;
}

/* Text in the corners that have some, the scale bar bottom right. */
static void
test_overlay_draw (void)
{
  g_autoptr(StmVolume) v = make_volume ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 200);
  cairo_t *cr = cairo_create (s);
  StmViewTransform t;
  StmOverlayInfo info;

  stm_view_transform_init (&t, NX, NY, v->geometry.spacing);
  stm_view_transform_set_view_size (&t, 300, 200);
  stm_overlay_info_init (&info);
  info.patient = "DOE^JANE";
  info.study_date = "20240102";
  info.series = "CT HEAD";
  info.readout = "-65 HU  (3.2, 10.8, -9.0) mm";
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  stm_overlay_draw (cr, v, 1, &t, &info);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (count_white (s, 0, 0, 100, 40), >, 20);      /* patient, date */
  g_assert_cmpint (count_white (s, 200, 0, 300, 50), >, 20);    /* series, Im 2/3, Z */
  g_assert_cmpint (count_white (s, 0, 150, 150, 200), >, 20);   /* readout, W/L, zoom */
  g_assert_cmpint (count_white (s, 220, 180, 300, 200), >, 10); /* scale bar */
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* The overlays of @v with @readout drawn as stm_overlay_draw() does when
 * @separately is FALSE, or without it and then as the readout part alone. */
static cairo_surface_t *
draw_with_readout (const StmVolume *v, const char *readout, gboolean separately)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 200);
  cairo_t *cr = cairo_create (s);
  StmViewTransform t;
  StmOverlayInfo info;

  stm_view_transform_init (&t, v->dims[0], v->dims[1], v->geometry.spacing);
  stm_view_transform_set_view_size (&t, 300, 200);
  stm_overlay_info_init (&info);
  info.patient = "DOE^JANE";
  info.readout = separately ? NULL : readout;
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  stm_overlay_draw (cr, v, 0, &t, &info);
  info.readout = readout;
  if (separately)
    stm_overlay_draw_part (cr, STM_OVERLAY_PART_READOUT, v, 0, &t, &info);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* The readout drawn on its own (the viewer's separate node) lands on
 * exactly the pixels it has among the other overlays, for grey images
 * (W/L line below it) and colour ones (none). */
static void
test_overlay_readout_alone (void)
{
  g_autoptr(StmVolume) grey = make_volume ();
  g_autoptr(StmVolume) colour = stm_volume_new (STM_VOXEL_RGB8, 40, 30, 1, G_MAXUINT64, NULL);
  const StmVolume *volumes[] = { grey, colour };

  stm_geometry_init_identity (&colour->geometry);
  for (guint k = 0; k < G_N_ELEMENTS (volumes); k++)
    {
      cairo_surface_t *together = draw_with_readout (volumes[k], "-65 HU  (3.2, 10.8) mm", FALSE);
      cairo_surface_t *alone = draw_with_readout (volumes[k], "-65 HU  (3.2, 10.8) mm", TRUE);
      int stride = cairo_image_surface_get_stride (together);

      g_assert_cmpint (count_white (together, 0, 120, 300, 200), >, 20);
      g_assert_cmpmem (cairo_image_surface_get_data (together), stride * 200,
                       cairo_image_surface_get_data (alone), stride * 200);
      cairo_surface_destroy (together);
      cairo_surface_destroy (alone);
    }
}

/* Pixels of @s (device scale @scale) that @part painted outside @e, or
 * how many it painted at all when @e is NULL. */
static int
painted_outside (cairo_surface_t *s, int scale, const cairo_rectangle_int_t *e)
{
  const guint8 *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  int n = 0;

  cairo_surface_flush (s);
  for (int y = 0; y < cairo_image_surface_get_height (s); y++)
    for (int x = 0; x < cairo_image_surface_get_width (s); x++)
      {
        guint32 argb;
        gboolean inside;

        memcpy (&argb, data + y * stride + 4 * x, sizeof argb);
        inside = e != NULL && x >= e->x * scale && x < (e->x + e->width) * scale &&
                 y >= e->y * scale && y < (e->y + e->height) * scale;
        n += (argb >> 24) != 0 && !inside;
      }
  return n;
}

/* Each part paints only inside the extents it reports, at device scales
 * 1 and 2, and reports none exactly when it paints nothing: the viewer
 * gives each part a layer of that size. */
static void
test_overlay_part_extents (void)
{
  g_autoptr(StmVolume) grey = make_volume ();
  g_autoptr(StmVolume) cine = make_volume ();
  const StmVolume *volumes[] = { grey, cine };

  cine->frame_time_ms = 40;
  for (guint k = 0; k < G_N_ELEMENTS (volumes); k++)
    for (int scale = 1; scale <= 2; scale++)
      for (StmOverlayPart part = 0; part < STM_OVERLAY_N_PARTS; part++)
        {
          cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300 * scale,
                                                           200 * scale);
          cairo_t *cr;
          cairo_rectangle_int_t e;
          StmViewTransform t;
          StmOverlayInfo info;
          gboolean has_extents;

          stm_view_transform_init (&t, NX, NY, volumes[k]->geometry.spacing);
          stm_view_transform_set_view_size (&t, 300, 200);
          stm_overlay_info_init (&info);
          info.patient = "DOE^JANE";
          info.study_date = "20240102";
          info.series = "CT HEAD gjpqy";
          info.readout = "-65 HU  (3.2, 10.8, -9.0) mm";
          info.device_scale = scale;
          cairo_surface_set_device_scale (s, scale, scale);
          cr = cairo_create (s);
          stm_overlay_draw_part (cr, part, volumes[k], 1, &t, &info);
          cairo_destroy (cr);
          has_extents = stm_overlay_part_extents (part, volumes[k], 1, &t, &info, &e);
          g_assert_cmpint (has_extents, ==, painted_outside (s, scale, NULL) > 0);
          if (has_extents)
            {
              g_assert_cmpint (painted_outside (s, scale, &e), ==, 0);
              /* Small layers, not the whole view. */
              g_assert_cmpint (e.width * e.height, <, 300 * 200 / 4);
            }
          /* A cine has no orientation markers; everything else has ink. */
          g_assert_cmpint (has_extents, ==,
                           !(k == 1 && part <= STM_OVERLAY_PART_MARKER_BOTTOM));
          cairo_surface_destroy (s);
        }
}

/* Without direction cosines in the file there are no orientation letters
 * (unless it gives Patient Orientation), no slice position, and the readout
 * gives millimetres in the image, not invented patient coordinates. */
static void
test_overlay_no_orientation (void)
{
  g_autoptr(StmVolume) known = make_volume ();
  g_autoptr(StmVolume) unknown = make_volume ();
  g_autofree char *readout = NULL;
  cairo_rectangle_int_t with_position, without_position, marker;
  StmViewTransform t;
  StmOverlayInfo info;

  unknown->geometry.orientation_unknown = TRUE;
  stm_view_transform_init (&t, NX, NY, known->geometry.spacing);
  stm_view_transform_set_view_size (&t, 300, 200);
  stm_overlay_info_init (&info);
  info.series = "MG";
  for (StmOverlayPart part = STM_OVERLAY_PART_MARKER_LEFT; part <= STM_OVERLAY_PART_MARKER_BOTTOM;
       part++)
    {
      g_assert_true (stm_overlay_part_extents (part, known, 1, &t, &info, &marker));
      g_assert_false (stm_overlay_part_extents (part, unknown, 1, &t, &info, &marker));
    }
  /* Series and "Im 2/3" without the position line below them. */
  g_assert_true (stm_overlay_part_extents (STM_OVERLAY_PART_TOP_RIGHT, known, 1, &t, &info,
                                           &with_position));
  g_assert_true (stm_overlay_part_extents (STM_OVERLAY_PART_TOP_RIGHT, unknown, 1, &t, &info,
                                           &without_position));
  g_assert_cmpint (without_position.height, <, with_position.height);

  /* The file's Patient Orientation, when it has one, gives the letters
   * (the slice position stays unknown). */
  g_strlcpy (unknown->geometry.patient_orientation[0], "P", STM_ORIENTATION_LETTERS);
  g_strlcpy (unknown->geometry.patient_orientation[1], "FL", STM_ORIENTATION_LETTERS);
  for (StmOverlayPart part = STM_OVERLAY_PART_MARKER_LEFT; part <= STM_OVERLAY_PART_MARKER_BOTTOM;
       part++)
    g_assert_true (stm_overlay_part_extents (part, unknown, 1, &t, &info, &marker));
  g_assert_true (stm_overlay_part_extents (STM_OVERLAY_PART_TOP_RIGHT, unknown, 1, &t, &info,
                                           &without_position));
  g_assert_cmpint (without_position.height, <, with_position.height);

  readout = stm_overlay_readout (unknown, 1, 2, 3, NULL, 0);
  g_assert_cmpstr (strstr (readout, "  "), ==, "  (2.0, 6.0) mm in the image");
  g_clear_pointer (&readout, g_free);
  readout = stm_overlay_readout (known, 1, 2, 3, NULL, 0);
  g_assert_null (strstr (readout, "in the image"));
}

/* The top-right corner of @v's slice @slice, drawn alone on a 300 x 200 view. */
static cairo_surface_t *
draw_top_right_alone (const StmVolume *v, gsize slice, gsize series_slice, gsize n_series)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 200);
  cairo_t *cr = cairo_create (s);
  StmViewTransform t;
  StmOverlayInfo info;

  stm_view_transform_init (&t, NX, NY, v->geometry.spacing);
  stm_view_transform_set_view_size (&t, 300, 200);
  stm_overlay_info_init (&info);
  info.series = "CT";
  info.series_slice = series_slice;
  info.n_series_slices = n_series;
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  stm_overlay_draw_part (cr, STM_OVERLAY_PART_TOP_RIGHT, v, slice, &t, &info);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* The first slice shown alone while its series loads is numbered as in the
 * series: the same pixels as that slice of the whole volume. */
static void
test_overlay_series_position (void)
{
  g_autoptr(StmVolume) whole = make_volume ();
  g_autoptr(StmVolume) alone = stm_volume_new (STM_VOXEL_FLOAT32, NX, NY, 1, G_MAXUINT64, NULL);
  cairo_surface_t *expected, *numbered, *unnumbered;
  int stride;

  alone->geometry = whole->geometry;
  alone->geometry.origin[2] += 2 * whole->geometry.spacing[2];
  expected = draw_top_right_alone (whole, 2, 0, 0);
  numbered = draw_top_right_alone (alone, 0, 2, NZ);
  unnumbered = draw_top_right_alone (alone, 0, 0, 0);
  stride = cairo_image_surface_get_stride (expected);
  g_assert_cmpmem (cairo_image_surface_get_data (expected), stride * 200,
                   cairo_image_surface_get_data (numbered), stride * 200);
  g_assert_true (memcmp (cairo_image_surface_get_data (expected),
                         cairo_image_surface_get_data (unnumbered), stride * 200) != 0);
  cairo_surface_destroy (expected);
  cairo_surface_destroy (numbered);
  cairo_surface_destroy (unnumbered);
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
  g_test_add_func ("/slice-render/visible-nearest", test_visible_nearest);
  g_test_add_func ("/slice-render/visible-none", test_visible_none);
  g_test_add_func ("/slice-render/view-surface", test_view_surface);
  g_test_add_func ("/slice-render/speed", test_speed);
  g_test_add_func ("/overlay/readout", test_readout);
  g_test_add_func ("/overlay/readout-ultrasound", test_readout_ultrasound);
  g_test_add_func ("/overlay/slice-position", test_slice_position);
  g_test_add_func ("/overlay/draw", test_overlay_draw);
  g_test_add_func ("/overlay/readout-alone", test_overlay_readout_alone);
  g_test_add_func ("/overlay/part-extents", test_overlay_part_extents);
  g_test_add_func ("/overlay/no-orientation", test_overlay_no_orientation);
  g_test_add_func ("/overlay/series-position", test_overlay_series_position);
  return g_test_run ();
}
