/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "stm-label-map.h"
#include "stm-nifti-label-map.h"
#include "stm-nifti.h"
#include "stm-test-support.h"

static StmVolume *
make_float_volume (gsize nx, gsize ny, gsize nz)
{
  StmVolume *v = stm_volume_new (STM_VOXEL_FLOAT32, nx, ny, nz, G_MAXUINT64, NULL);

  g_assert_nonnull (v);
  return v;
}

/* The label at voxel (i, j) of a slice described by a picture, one
 * character a voxel: '.' is 0, a digit is that label. */
static StmVolume *
volume_from_rows (const char * const *rows)
{
  gsize ny = g_strv_length ((char **) rows), nx = strlen (rows[0]);
  StmVolume *v = make_float_volume (nx, ny, 1);
  float *f = stm_volume_float_data (v);

  for (gsize j = 0; j < ny; j++)
    for (gsize i = 0; i < nx; i++)
      f[j * nx + i] = rows[j][i] == '.' ? 0 : rows[j][i] - '0';
  return v;
}

static void
test_values (void)
{
  g_autoptr(StmVolume) v = make_float_volume (5, 4, 3);
  float *f = stm_volume_float_data (v);
  g_autoptr(GError) error = NULL;

  v->geometry.spacing[0] = 0.5;
  v->geometry.origin[2] = -30;
  for (gsize n = 0; n < 60; n++)
    f[n] = (n % 7 == 0) ? 7 : (n % 5 == 0) ? 2 : 0;

  g_autoptr(StmLabelMap) map = stm_label_map_new_from_volume (v, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (map->dims[0], ==, 5);
  g_assert_cmpuint (map->dims[2], ==, 3);
  g_assert_cmpfloat (map->geometry.spacing[0], ==, 0.5);
  g_assert_cmpfloat (map->geometry.origin[2], ==, -30);
  for (gsize n = 0; n < 60; n++)
    g_assert_cmpuint (map->data[n], ==, (guint) f[n]);
  g_assert_true (stm_label_map_slice (map, 2) == map->data + 40);

  /* Only the values present, in order, with default names and colours. */
  g_assert_cmpuint (map->labels->len, ==, 2);
  g_assert_cmpuint (g_array_index (map->labels, StmLabel, 0).value, ==, 2);
  g_assert_cmpuint (g_array_index (map->labels, StmLabel, 1).value, ==, 7);
  g_assert_cmpstr (stm_label_map_find_label (map, 7)->name, ==, "Label 7");
  g_assert_true (stm_label_map_find_label (map, 2)->visible);
  g_assert_null (stm_label_map_find_label (map, 1));
  g_assert_null (stm_label_map_find_label (map, 0));
  g_assert_cmpuint (stm_label_map_find_label (map, 2)->rgb, !=,
                    stm_label_map_find_label (map, 7)->rgb);

  /* Renaming keeps the order; a new label goes in its place. */
  stm_label_map_set_label (map, 7, "Tumour", 0x123456);
  stm_label_map_set_label (map, 4, "Node", 0xabcdef);
  stm_label_map_set_label (map, 4, stm_label_map_find_label (map, 4)->name, 0xfedcba);
  g_assert_cmpuint (map->labels->len, ==, 3);
  g_assert_cmpuint (g_array_index (map->labels, StmLabel, 1).value, ==, 4);
  g_assert_cmpstr (stm_label_map_find_label (map, 4)->name, ==, "Node");
  g_assert_cmpuint (stm_label_map_find_label (map, 4)->rgb, ==, 0xfedcba);
  g_assert_cmpstr (stm_label_map_find_label (map, 7)->name, ==, "Tumour");
  g_assert_cmpuint (stm_label_map_find_label (map, 7)->rgb, ==, 0x123456);
  stm_label_map_set_visible (map, 4, FALSE);
  g_assert_false (stm_label_map_find_label (map, 4)->visible);
  stm_label_map_set_visible (map, 99, FALSE);   /* absent: ignored */

  /* The refcount. */
  StmLabelMap *again = stm_label_map_ref (map);
  g_assert_true (again == map);
  stm_label_map_unref (again);
  g_assert_true (g_type_is_a (STM_TYPE_LABEL_MAP, G_TYPE_BOXED));
}

static void
test_binary_mask_and_palette (void)
{
  g_autoptr(StmVolume) mask = make_float_volume (4, 4, 2);
  g_autoptr(StmVolume) all = make_float_volume (16, 16, 1);
  g_autoptr(GError) error = NULL;

  stm_volume_float_data (mask)[5] = 1;
  stm_volume_float_data (mask)[30] = 1;
  g_autoptr(StmLabelMap) binary = stm_label_map_new_from_volume (mask, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (binary->labels->len, ==, 1);
  g_assert_cmpuint (g_array_index (binary->labels, StmLabel, 0).value, ==, 1);
  g_assert_cmpstr (g_array_index (binary->labels, StmLabel, 0).name, ==, "Label 1");

  /* Every value 0..255: 255 labels; the first colours are distinct and a
   * colour does not depend on the other labels present. */
  for (gsize n = 0; n < 256; n++)
    stm_volume_float_data (all)[n] = n;
  g_autoptr(StmLabelMap) map = stm_label_map_new_from_volume (all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (map->labels->len, ==, 255);
  g_assert_cmpuint (stm_label_map_find_label (map, 1)->rgb, ==,
                    g_array_index (binary->labels, StmLabel, 0).rgb);
  for (guint a = 1; a <= 20; a++)
    for (guint b = a + 1; b <= 20; b++)
      g_assert_cmpuint (stm_label_map_find_label (map, a)->rgb, !=,
                        stm_label_map_find_label (map, b)->rgb);
  g_assert_cmpstr (stm_label_map_find_label (map, 255)->name, ==, "Label 255");

  /* An empty map on an image's grid. */
  g_autoptr(StmLabelMap) empty = stm_label_map_new (all, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->labels->len, ==, 0);
  g_assert_cmpuint (empty->data[100], ==, 0);
  g_assert_cmpuint (empty->dims[1], ==, 16);
}

static void
assert_values_error (float bad, const char *shown)
{
  g_autoptr(StmVolume) v = make_float_volume (3, 3, 2);
  g_autoptr(GError) error = NULL;

  stm_volume_float_data (v)[1] = 1;
  stm_volume_float_data (v)[13] = bad;   /* voxel (1, 1, 1) */
  g_autoptr(StmLabelMap) map = stm_label_map_new_from_volume (v, &error);
  g_assert_null (map);
  g_assert_error (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_VALUES);
  g_assert_nonnull (strstr (error->message, shown));
  g_assert_nonnull (strstr (error->message, "(1, 1, 1)"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_value_errors (void)
{
  g_autoptr(StmVolume) rgb = stm_volume_new (STM_VOXEL_RGB8, 2, 2, 1, G_MAXUINT64, NULL);
  g_autoptr(GError) error = NULL;

  assert_values_error (1.5f, "1.5");
  assert_values_error (300.0f, "300");
  assert_values_error (256.0f, "256");
  assert_values_error (-1.0f, "-1");
  assert_values_error (NAN, "nan");
  assert_values_error (INFINITY, "inf");

  g_assert_null (stm_label_map_new_from_volume (rgb, &error));
  g_assert_error (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_VALUES);
}

/* A 10 x 8 x 4 image, oblique and anisotropic, off the origin. */
static StmVolume *
make_image (gsize nx, gsize ny, gsize nz)
{
  StmVolume *v = make_float_volume (nx, ny, nz);
  const double c = cos (0.3), s = sin (0.3);

  v->geometry.spacing[0] = 0.75;
  v->geometry.spacing[1] = 0.8;
  v->geometry.spacing[2] = 2.5;
  v->geometry.origin[0] = -120.5;
  v->geometry.origin[1] = 33;
  v->geometry.origin[2] = 7.25;
  memset (v->geometry.axes, 0, sizeof v->geometry.axes);
  v->geometry.axes[0][0] = c;
  v->geometry.axes[0][1] = s;
  v->geometry.axes[1][0] = -s;
  v->geometry.axes[1][1] = c;
  v->geometry.axes[2][2] = 1;
  return v;
}

static void
test_nifti_round_trip (void)
{
  g_autoptr(StmVolume) image = make_image (10, 8, 4);
  g_autoptr(StmVolume) labels = make_image (10, 8, 4);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "labels.nii.gz", NULL);
  g_autoptr(GError) error = NULL;
  float *f = stm_volume_float_data (labels);

  for (gsize n = 0; n < 320; n++)
    f[n] = (float) ((n * 37) % 11 == 0 ? 0 : (n * 37) % 11 + (n % 3 == 0 ? 200 : 0));
  g_assert_true (stm_nifti_write (labels, path, &error));
  g_assert_no_error (error);

  g_autoptr(StmLabelMap) map = stm_label_map_read_nifti (path, image, &error);
  g_assert_no_error (error);
  g_assert_nonnull (map);
  for (gsize n = 0; n < 320; n++)
    g_assert_cmpuint (map->data[n], ==, (guint) f[n]);
  g_autoptr(StmLabelMap) direct = stm_label_map_new_from_volume (labels, &error);
  g_assert_cmpuint (map->labels->len, ==, direct->labels->len);
  for (guint l = 0; l < map->labels->len; l++)
    g_assert_cmpuint (g_array_index (map->labels, StmLabel, l).value, ==,
                      g_array_index (direct->labels, StmLabel, l).value);
  for (int a = 0; a < 3; a++)
    g_assert_cmpfloat (map->geometry.spacing[a], ==, image->geometry.spacing[a]);

  stm_test_remove_tree (dir);
}

static void
test_wrong_grid (void)
{
  g_autoptr(StmVolume) image = make_image (12, 8, 4);
  g_autoptr(StmVolume) small = make_image (10, 10, 4);
  g_autoptr(StmVolume) shifted = make_image (12, 8, 4);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *small_path = g_build_filename (dir, "small.nii", NULL);
  g_autofree char *shifted_path = g_build_filename (dir, "shifted.nii", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.nii", NULL);
  g_autoptr(GError) error = NULL;

  shifted->geometry.origin[2] += 1.25;   /* half a slice */
  g_assert_true (stm_nifti_write (small, small_path, NULL));
  g_assert_true (stm_nifti_write (shifted, shifted_path, NULL));

  g_assert_null (stm_label_map_read_nifti (small_path, image, &error));
  g_assert_error (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_GRID);
  g_assert_nonnull (strstr (error->message, "10 x 10 x 4"));
  g_assert_nonnull (strstr (error->message, "12 x 8 x 4"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  g_assert_null (stm_label_map_read_nifti (shifted_path, image, &error));
  g_assert_error (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_GRID);
  g_clear_error (&error);

  g_assert_null (stm_label_map_read_nifti (missing, image, &error));
  g_assert_nonnull (error);
  stm_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

/* A background with a different colour in every pixel, so the blend is
 * checked against many values below. */
static guint32
background (int u, int v)
{
  return ((guint32) ((u * 7 + 13) & 0xff) << 16) | ((guint32) ((v * 11 + 5) & 0xff) << 8) |
         (guint32) (((u + v) * 3 + 40) & 0xff);
}

static cairo_surface_t *
background_surface (int width, int height, double device_scale)
{
  int w = (int) (width * device_scale), h = (int) (height * device_scale);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  guint8 *data = cairo_image_surface_get_data (s);

  cairo_surface_flush (s);
  for (int v = 0; v < h; v++)
    for (int u = 0; u < w; u++)
      ((guint32 *) (data + v * cairo_image_surface_get_stride (s)))[u] = background (u, v);
  cairo_surface_mark_dirty (s);
  cairo_surface_set_device_scale (s, device_scale, device_scale);
  return s;
}

static guint32
pixel (cairo_surface_t *s, int u, int v)
{
  const guint8 *row = cairo_image_surface_get_data (s) + v * cairo_image_surface_get_stride (s);

  return ((const guint32 *) row)[u] & 0xffffff;
}

/* The documented fill: OVER of the colour premultiplied by
 * A = round (255 opacity), each 8-bit step rounded. */
static guint32
blend (guint32 below, guint32 colour, double opacity)
{
  long alpha = lround (opacity * 255);
  guint32 out = 0;

  for (int shift = 0; shift < 24; shift += 8)
    {
      long c = (colour >> shift) & 0xff, d = (below >> shift) & 0xff;

      out |= (guint32) (lround (c * alpha / 255.0) + lround (d * (255 - alpha) / 255.0)) << shift;
    }
  return out;
}

static const char * const picture[] = {
  "................",
  ".111111.........",
  ".111111..22.....",
  ".11..11222......",
  ".111111222..333.",
  "...11......3333.",
  "...11113...3333.",
  "1..........3..3.",
  "11.............2",
  NULL,
};

static guint8
label_at (const StmLabelMap *map, long i, long j)
{
  if (i < 0 || j < 0 || i >= (long) map->dims[0] || j >= (long) map->dims[1])
    return 0;
  return map->data[j * map->dims[0] + i];
}

static gboolean
is_visible (const StmLabelMap *map, guint8 value)
{
  const StmLabel *label = stm_label_map_find_label (map, value);

  return label != NULL && label->visible;
}

/*
 * Checks every device pixel of @s, @scale device pixels a voxel and voxel
 * (0, 0) at the top-left corner: the outermost pixel ring of a visible
 * label's voxel, on the sides where the neighbour holds another label (or
 * lies outside the slice), has the label's colour; the rest of the voxel
 * is the blended fill; other voxels are the background.
 */
static void
assert_drawing_at (cairo_surface_t *s, const StmLabelMap *map, int scale, double opacity,
                   int min_contour, int ou, int ov)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int n_contour = 0, n_fill = 0;

  cairo_surface_flush (s);
  for (int v = 0; v < h; v++)
    for (int u = 0; u < w; u++)
      {
        long i = u >= ou ? (u - ou) / scale : -1, j = v >= ov ? (v - ov) / scale : -1;
        int su = (u - ou) % scale, sv = (v - ov) % scale;
        guint8 l = label_at (map, i, j);
        guint32 expected = background (u, v);

        if (l != 0 && is_visible (map, l))
          {
            const StmLabel *label = stm_label_map_find_label (map, l);
            gboolean edge = (su == 0 && label_at (map, i - 1, j) != l) ||
                            (su == scale - 1 && label_at (map, i + 1, j) != l) ||
                            (sv == 0 && label_at (map, i, j - 1) != l) ||
                            (sv == scale - 1 && label_at (map, i, j + 1) != l);

            expected = edge ? label->rgb : blend (expected, label->rgb, opacity);
            n_contour += edge;
            n_fill += !edge;
          }
        if (pixel (s, u, v) != expected)
          g_error ("pixel (%d, %d), voxel (%ld, %ld) label %u: %06x, expected %06x",
                   u, v, i, j, l, pixel (s, u, v), expected);
      }
  g_assert_cmpint (n_contour, >=, min_contour);
  if (scale > 2)
    g_assert_cmpint (n_fill, >, n_contour / 2);
}

static void
assert_drawing (cairo_surface_t *s, const StmLabelMap *map, int scale, double opacity,
                int min_contour)
{
  assert_drawing_at (s, map, scale, opacity, min_contour, 0, 0);
}

static StmLabelMap *
make_picture_map (void)
{
  g_autoptr(StmVolume) v = volume_from_rows (picture);
  StmLabelMap *map = stm_label_map_new_from_volume (v, NULL);

  g_assert_nonnull (map);
  return map;
}

static void
draw (const StmLabelMap *map, cairo_surface_t *s, const StmViewTransform *t, double opacity)
{
  cairo_t *cr = cairo_create (s);

  stm_label_map_draw (map, cr, 0, t, opacity);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

/* The view exactly the slice's size at zoom 1: one pixel a voxel. The
 * contour is then the set of boundary voxels. */
static void
test_draw_one_to_one (void)
{
  g_autoptr(StmLabelMap) map = make_picture_map ();
  const double spacing[2] = { 1, 1 };
  StmViewTransform t;

  stm_view_transform_init (&t, map->dims[0], map->dims[1], spacing);
  stm_view_transform_set_view_size (&t, map->dims[0], map->dims[1]);

  cairo_surface_t *s = background_surface (16, 9, 1);
  draw (map, s, &t, 0.4);
  assert_drawing (s, map, 1, 0.4, 20);
  cairo_surface_destroy (s);

  /* Hidden label 2: label 1 keeps its contour along it, 2 is not drawn. */
  stm_label_map_set_visible (map, 2, FALSE);
  s = background_surface (16, 9, 1);
  draw (map, s, &t, 0.75);
  assert_drawing (s, map, 1, 0.75, 20);
  g_assert_cmpuint (pixel (s, 6, 3), ==, stm_label_map_find_label (map, 1)->rgb);
  g_assert_cmpuint (pixel (s, 7, 3), ==, background (7, 3));
  cairo_surface_destroy (s);
}

/* Zoom 4 at the top-left corner: 4 x 4 pixels a voxel, the contour the
 * pixel row or column just inside each edge. */
static void
test_draw_zoomed (void)
{
  g_autoptr(StmLabelMap) map = make_picture_map ();
  const double spacing[2] = { 1, 1 };
  StmViewTransform t;

  stm_view_transform_init (&t, map->dims[0], map->dims[1], spacing);
  stm_view_transform_set_view_size (&t, 16, 9);
  stm_view_transform_zoom_at (&t, 4, 0, 0);

  cairo_surface_t *s = background_surface (16, 9, 1);
  draw (map, s, &t, 0.5);
  assert_drawing (s, map, 4, 0.5, 10);
  cairo_surface_destroy (s);

  /* The whole slice at 4 pixels a voxel, through a larger view. */
  stm_view_transform_init (&t, map->dims[0], map->dims[1], spacing);
  stm_view_transform_set_view_size (&t, 64, 36);
  s = background_surface (64, 36, 1);
  draw (map, s, &t, 0.3);
  assert_drawing (s, map, 4, 0.3, 20);
  cairo_surface_destroy (s);
}

/* A HiDPI surface (device scale 2): the contour is one device pixel. */
static void
test_draw_device_scale (void)
{
  g_autoptr(StmLabelMap) map = make_picture_map ();
  const double spacing[2] = { 1, 1 };
  StmViewTransform t;

  stm_view_transform_init (&t, map->dims[0], map->dims[1], spacing);
  stm_view_transform_set_view_size (&t, 16, 9);
  cairo_surface_t *s = background_surface (16, 9, 2);
  draw (map, s, &t, 0.6);
  assert_drawing (s, map, 2, 0.6, 20);
  cairo_surface_destroy (s);
}

/* The caller's matrix places the view (as a widget's snapshot does) and
 * its clip limits the drawing. */
static void
test_draw_translated_and_clipped (void)
{
  g_autoptr(StmLabelMap) map = make_picture_map ();
  const double spacing[2] = { 1, 1 };
  StmViewTransform t;
  cairo_t *cr;

  stm_view_transform_init (&t, map->dims[0], map->dims[1], spacing);
  stm_view_transform_set_view_size (&t, 32, 18);
  cairo_surface_t *s = background_surface (45, 30, 1);
  cr = cairo_create (s);
  cairo_translate (cr, 7, 5);
  stm_label_map_draw (map, cr, 0, &t, 0.5);
  cairo_destroy (cr);
  assert_drawing_at (s, map, 2, 0.5, 20, 7, 5);
  cairo_surface_destroy (s);

  /* Clipped to the left half of voxel column 6..: nothing right of it. */
  s = background_surface (32, 18, 1);
  cr = cairo_create (s);
  cairo_rectangle (cr, 0, 0, 12, 18);
  cairo_clip (cr);
  stm_label_map_draw (map, cr, 0, &t, 0.5);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  for (int v = 0; v < 18; v++)
    for (int u = 12; u < 32; u++)
      g_assert_cmpuint (pixel (s, u, v), ==, background (u, v));
  g_assert_cmpuint (pixel (s, 2, 2), ==, stm_label_map_find_label (map, 1)->rgb);
  cairo_surface_destroy (s);
}

/* Nothing visible, a 1 x 1 map, opacity 0. */
static void
test_draw_edge_cases (void)
{
  g_autoptr(StmLabelMap) map = make_picture_map ();
  g_autoptr(StmVolume) one = make_float_volume (1, 1, 1);
  const double spacing[2] = { 1, 1 };
  StmViewTransform t;

  stm_view_transform_init (&t, map->dims[0], map->dims[1], spacing);
  stm_view_transform_set_view_size (&t, 16, 9);
  for (guint l = 0; l < map->labels->len; l++)
    stm_label_map_set_visible (map, g_array_index (map->labels, StmLabel, l).value, FALSE);
  cairo_surface_t *s = background_surface (16, 9, 1);
  draw (map, s, &t, 0.5);
  assert_drawing (s, map, 1, 0.5, 0);   /* background everywhere */
  cairo_surface_destroy (s);

  /* One voxel filling a 5 x 5 view: its ring of pixels is the contour. */
  stm_volume_float_data (one)[0] = 9;
  g_autoptr(StmLabelMap) single = stm_label_map_new_from_volume (one, NULL);
  stm_view_transform_init (&t, 1, 1, spacing);
  stm_view_transform_set_view_size (&t, 5, 5);
  s = background_surface (5, 5, 1);
  draw (single, s, &t, 0.0);
  for (int v = 0; v < 5; v++)
    for (int u = 0; u < 5; u++)
      {
        gboolean ring = u == 0 || v == 0 || u == 4 || v == 4;

        g_assert_cmpuint (pixel (s, u, v), ==,
                          ring ? stm_label_map_find_label (single, 9)->rgb : background (u, v));
      }
  cairo_surface_destroy (s);
}

/* Milliseconds per stm_label_map_draw() of slice @k on a square view. */
static double
time_draw (const StmLabelMap *map, gsize k, double view, double zoom)
{
  const double spacing[2] = { 0.7, 0.7 };
  cairo_surface_t *s = background_surface ((int) view, (int) view, 1);
  cairo_t *cr = cairo_create (s);
  StmViewTransform t;
  const int runs = 100;

  stm_view_transform_init (&t, map->dims[0], map->dims[1], spacing);
  stm_view_transform_set_view_size (&t, view, view);
  stm_view_transform_zoom_at (&t, zoom, view / 2, view / 2);
  g_test_timer_start ();
  for (int r = 0; r < runs; r++)
    stm_label_map_draw (map, cr, k, &t, 0.4);
  double ms = g_test_timer_elapsed () * 1000 / runs;
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  return ms;
}

/* -m perf: 512 x 512 slices, a 100-voxel disc (slice 0) and three nested
 * labels 300 voxels across with a wavy border (slice 1), at one pixel a
 * voxel, on a 1000-pixel view, and zoomed 8 times. */
static void
test_draw_speed (void)
{
  g_autoptr(StmVolume) v = make_float_volume (512, 512, 2);
  float *f = stm_volume_float_data (v);
  const struct { double view, zoom; } cases[] = { { 512, 1 }, { 1000, 1 }, { 1000, 8 } };

  for (gsize j = 0; j < 512; j++)
    for (gsize i = 0; i < 512; i++)
      {
        double d0 = hypot ((double) i - 200, (double) j - 250);
        double d1 = hypot ((double) i - 256, (double) j - 256);

        f[j * 512 + i] = d0 < 50 ? 1 : 0;
        f[512 * 512 + j * 512 + i] = d1 < 60 ? 1 : d1 < 120 ? 2 :
                                     d1 < 130 + 20 * sin (i / 7.0) ? 3 : 0;
      }
  g_autoptr(StmLabelMap) map = stm_label_map_new_from_volume (v, NULL);

  for (gsize k = 0; k < 2; k++)
    for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        double ms = time_draw (map, k, cases[c].view, cases[c].zoom);

        g_test_message ("stm_label_map_draw, 512 x 512 slice, %s, %g-pixel view, zoom %g: "
                        "%.3f ms", k == 0 ? "100-voxel disc" : "three labels 300 voxels across",
                        cases[c].view, cases[c].zoom, ms);
        if (k == 0 && c == 0)
          g_test_minimized_result (ms, "disc at one pixel a voxel: %.3f ms", ms);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/label-map/values", test_values);
  g_test_add_func ("/label-map/binary-mask-and-palette", test_binary_mask_and_palette);
  g_test_add_func ("/label-map/value-errors", test_value_errors);
  g_test_add_func ("/label-map/nifti-round-trip", test_nifti_round_trip);
  g_test_add_func ("/label-map/wrong-grid", test_wrong_grid);
  g_test_add_func ("/label-map/draw-one-to-one", test_draw_one_to_one);
  g_test_add_func ("/label-map/draw-zoomed", test_draw_zoomed);
  g_test_add_func ("/label-map/draw-device-scale", test_draw_device_scale);
  g_test_add_func ("/label-map/draw-translated-and-clipped", test_draw_translated_and_clipped);
  g_test_add_func ("/label-map/draw-edge-cases", test_draw_edge_cases);
  if (g_test_perf ())
    g_test_add_func ("/label-map/draw-speed", test_draw_speed);
  return g_test_run ();
}
