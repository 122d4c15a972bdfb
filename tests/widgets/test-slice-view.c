/* SPDX-License-Identifier: GPL-3.0-or-later */
/* StmSliceView rendered through GTK to pixels, checked against the VOI window. */
#include <string.h>

#include <gtk/gtk.h>

#include "stm-slice-view.h"
#include "stm-widget-test-support.h"
#include "stm-window.h"

/* 40 x 20 voxels of 1 x 2 mm: 40 x 40 mm, so a 200 x 100 view shows it as a
 * 100 x 100 square in the middle, with black bars left and right. */
#define NX 40
#define NY 20
#define NZ 3
#define VIEW_W 200
#define VIEW_H 100

/* Left half k * 100 HU, right half k * 100 + 1000 HU. */
static StmVolume *
make_volume (void)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_volume_new (STM_VOXEL_FLOAT32, NX, NY, NZ, STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  float *data;

  g_assert_no_error (error);
  data = stm_volume_float_data (volume);
  stm_geometry_init_identity (&volume->geometry);
  volume->geometry.spacing[0] = 1.0;
  volume->geometry.spacing[1] = 2.0;
  for (gsize k = 0; k < NZ; k++)
    for (gsize j = 0; j < NY; j++)
      for (gsize i = 0; i < NX; i++)
        data[(k * NY + j) * NX + i] = k * 100.0f + (i < NX / 2 ? 0.0f : 1000.0f);
  return volume;
}

typedef struct
{
  GtkWidget    *window;
  StmSliceView *view;
  StmVolume    *volume;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->volume = make_volume ();
  f->view = STM_SLICE_VIEW (stm_slice_view_new ());
  stm_slice_view_set_volume (f->view, f->volume);
  /* The pixel checks sample the letterbox, where the orientation letters
   * are; only the overlay test turns them on. */
  stm_slice_view_set_show_overlays (f->view, FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (f->view), VIEW_W, VIEW_H);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (GTK_WINDOW (f->window));
  while (gtk_widget_get_width (GTK_WIDGET (f->view)) != VIEW_W ||
         gtk_widget_get_height (GTK_WIDGET (f->view)) != VIEW_H)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  stm_volume_unref (f->volume);
}

static guint8 *
render (Fixture *f)
{
  return stm_widget_test_render (f->window, GTK_WIDGET (f->view), VIEW_W, VIEW_H);
}

static void
assert_grey (const guint8 *pixels, int x, int y, int expected)
{
  const guint8 *p = pixels + 4 * (y * VIEW_W + x);

  for (int c = 0; c < 3; c++)
    g_assert_cmpint (ABS ((int) p[c] - expected), <=, 1);
}

/* Points well inside the left and right halves of the image, away from
 * the edges where linear filtering blends neighbours. */
static void
assert_slice (const guint8 *pixels, guint slice, StmWindow window)
{
  assert_grey (pixels, 70, 50, stm_window_grey (slice * 100.0, window));
  assert_grey (pixels, 130, 50, stm_window_grey (slice * 100.0 + 1000.0, window));
}

static void
test_window_level (Fixture *f, gconstpointer data)
{
  StmWindow soft = { 500, 1000 }, narrow = { 50, 200 };
  g_autofree guint8 *first = NULL, *second = NULL;

  stm_slice_view_set_window (f->view, soft.center, soft.width);
  first = render (f);
  assert_grey (first, 10, 50, 0);             /* the letterbox: mm-true aspect */
  assert_grey (first, 190, 50, 0);
  assert_slice (first, 0, soft);

  stm_slice_view_set_window (f->view, narrow.center, narrow.width);
  second = render (f);
  assert_slice (second, 0, narrow);
  g_assert_cmpint (first[4 * (50 * VIEW_W + 70)], !=, second[4 * (50 * VIEW_W + 70)]);
}

static void
test_slice (Fixture *f, gconstpointer data)
{
  StmWindow window = { 600, 1400 };
  g_autofree guint8 *first = NULL, *last = NULL;

  stm_slice_view_set_window (f->view, window.center, window.width);
  first = render (f);
  assert_slice (first, 0, window);

  stm_slice_view_set_slice (f->view, 99);     /* clamped to the last slice */
  g_assert_cmpuint (stm_slice_view_get_slice (f->view), ==, NZ - 1);
  last = render (f);
  assert_slice (last, NZ - 1, window);
  g_assert_cmpint (first[4 * (50 * VIEW_W + 70)], !=, last[4 * (50 * VIEW_W + 70)]);
}

static void
test_invert (Fixture *f, gconstpointer data)
{
  StmWindow window = { 500, 1000 };
  g_autofree guint8 *pixels = NULL;

  stm_slice_view_set_window (f->view, window.center, window.width);
  stm_slice_view_set_invert (f->view, TRUE);
  pixels = render (f);
  assert_grey (pixels, 70, 50, 255 - stm_window_grey (0, window));
}

/* The right-hand marker ("L" for an axial slice) is drawn in the
 * letterbox at the middle of the right edge. */
static void
test_overlays (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *off = NULL, *on = NULL;
  int changed = 0;

  off = render (f);
  stm_slice_view_set_show_overlays (f->view, TRUE);
  g_assert_true (stm_slice_view_get_show_overlays (f->view));
  on = render (f);
  for (int y = VIEW_H / 2 - 10; y < VIEW_H / 2 + 10; y++)
    for (int x = VIEW_W - 25; x < VIEW_W; x++)
      {
        const guint8 *a = off + 4 * (y * VIEW_W + x), *b = on + 4 * (y * VIEW_W + x);

        changed += a[0] != b[0] || a[1] != b[1] || a[2] != b[2];
      }
  g_assert_cmpint (changed, >, 0);
  /* The image itself is untouched. */
  g_assert_cmpint (off[4 * (50 * VIEW_W + 130)], ==, on[4 * (50 * VIEW_W + 130)]);
}

static int
count_changed (const guint8 *a, const guint8 *b, int x0, int y0, int x1, int y1)
{
  int changed = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      changed += memcmp (a + 4 * (y * VIEW_W + x), b + 4 * (y * VIEW_W + x), 3) != 0;
  return changed;
}

/* Setting the same text again redraws every overlay part from scratch. */
static guint8 *
render_overlays_afresh (Fixture *f)
{
  stm_slice_view_set_info (f->view, "DOE^JANE", "20240102", "CT");
  return render (f);
}

/*
 * The view keeps each overlay part and redraws only those a change
 * touches (the top-right corner for a new slice, the bottom-left one for
 * a new window): what it shows then is exactly what redrawing them all
 * shows, and the changed corner really changed. The window puts both
 * halves of every slice at pure black and white, so only text differs.
 */
static void
test_overlays_follow_changes (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *before = NULL, *slice_kept = NULL, *slice_fresh = NULL;
  g_autofree guint8 *window_kept = NULL, *window_fresh = NULL;
  gsize size = 4 * (gsize) VIEW_W * VIEW_H;

  stm_slice_view_set_window (f->view, 500, 1);
  stm_slice_view_set_show_overlays (f->view, TRUE);
  before = render_overlays_afresh (f);

  stm_slice_view_set_slice (f->view, 1);
  slice_kept = render (f);
  slice_fresh = render_overlays_afresh (f);
  g_assert_cmpmem (slice_kept, size, slice_fresh, size);
  g_assert_cmpint (count_changed (before, slice_kept, VIEW_W / 2, 0, VIEW_W, VIEW_H / 2), >, 0);
  g_assert_cmpint (count_changed (before, slice_kept, 0, VIEW_H / 2, VIEW_W / 2, VIEW_H), ==, 0);

  stm_slice_view_set_window (f->view, 600, 2);
  window_kept = render (f);
  window_fresh = render_overlays_afresh (f);
  g_assert_cmpmem (window_kept, size, window_fresh, size);
  g_assert_cmpint (count_changed (slice_kept, window_kept, 0, VIEW_H / 2, VIEW_W / 2, VIEW_H), >, 0);
  g_assert_cmpint (count_changed (slice_kept, window_kept, VIEW_W / 2, 0, VIEW_W, VIEW_H / 2), ==, 0);
}

/* Keys step through slices through the widget's own actions. */
static void
test_keys (Fixture *f, gconstpointer data)
{
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.step", "i", G_MAXINT32);
  g_assert_cmpuint (stm_slice_view_get_slice (f->view), ==, NZ - 1);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.step", "i", -1);
  g_assert_cmpuint (stm_slice_view_get_slice (f->view), ==, NZ - 2);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.step", "i", G_MININT32);
  g_assert_cmpuint (stm_slice_view_get_slice (f->view), ==, 0);
}

/* 8 x 8 voxels of 1 mm, alternately 0 and 1000 HU: with the window
 * below they are pure black and pure white. */
static const StmWindow checker_window = { 500, 1000 };

static StmVolume *
make_checkerboard (void)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_volume_new (STM_VOXEL_FLOAT32, 8, 8, 1, STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  float *data;

  g_assert_no_error (error);
  stm_geometry_init_identity (&volume->geometry);
  data = stm_volume_float_data (volume);
  for (gsize j = 0; j < 8; j++)
    for (gsize i = 0; i < 8; i++)
      data[j * 8 + i] = (i + j) % 2 ? 1000.0f : 0.0f;
  return volume;
}

/* The voxel whose edges, as the view maps them, hold screen coordinate
 * @c along @axis; -1 off the slice. Walks the edges instead of inverting
 * the mapping, so it checks the renderer independently. */
static int
voxel_at (StmSliceView *view, int axis, double c, gsize n)
{
  for (gsize k = 0; k < n; k++)
    {
      double x0, y0, x1, y1;

      stm_slice_view_voxel_to_screen (view, k - 0.5, k - 0.5, &x0, &y0);
      stm_slice_view_voxel_to_screen (view, k + 0.5, k + 0.5, &x1, &y1);
      if (axis == 0 ? (c >= x0 && c < x1) : (c >= y0 && c < y1))
        return (int) k;
    }
  return -1;
}

/* Every pixel is exactly black, white or the black background: a blended
 * grey anywhere would be a filtered edge. */
static void
assert_crisp_checkerboard (Fixture *f, const guint8 *pixels, gboolean *saw_black, gboolean *saw_white)
{
  for (int y = 0; y < VIEW_H; y++)
    for (int x = 0; x < VIEW_W; x++)
      {
        int i = voxel_at (f->view, 0, x + 0.5, 8), j = voxel_at (f->view, 1, y + 0.5, 8);
        int expected = i < 0 || j < 0 ? 0 : (i + j) % 2 ? 255 : 0;
        const guint8 *p = pixels + 4 * (y * VIEW_W + x);

        if (p[0] != expected)
          g_error ("pixel (%d, %d) is %d, voxel (%d, %d) wants %d", x, y, p[0], i, j, expected);
        if (i >= 0 && j >= 0)
          *(expected ? saw_white : saw_black) = TRUE;
      }
}

static void
test_crisp_zoom (Fixture *f, gconstpointer data)
{
  g_autoptr(StmVolume) board = make_checkerboard ();
  g_autofree guint8 *fit = NULL, *zoomed = NULL;
  gboolean black = FALSE, white = FALSE;

  stm_slice_view_set_volume (f->view, board);
  stm_slice_view_set_window (f->view, checker_window.center, checker_window.width);
  /* Fitted: 12.5 pixels per voxel, edges on half pixels. */
  fit = render (f);
  assert_crisp_checkerboard (f, fit, &black, &white);
  g_assert_true (black && white);
  /* 8x: 100 pixels per voxel, edges at fractional positions. */
  stm_slice_view_zoom_at (f->view, 8, 93.3, 41.7);
  g_assert_cmpfloat_with_epsilon (stm_slice_view_get_zoom (f->view), 8, 1e-12);
  zoomed = render (f);
  black = white = FALSE;
  assert_crisp_checkerboard (f, zoomed, &black, &white);
  g_assert_true (black && white);
}

/* The voxel under the pointer stays under it, in the mapping and on screen. */
static void
test_zoom_toward_pointer (Fixture *f, gconstpointer data)
{
  g_autoptr(StmVolume) board = make_checkerboard ();
  g_autofree guint8 *before = NULL, *after = NULL;
  const double px = 81.5, py = 33.5;
  double i0, j0, i1, j1;

  stm_slice_view_set_volume (f->view, board);
  stm_slice_view_set_window (f->view, checker_window.center, checker_window.width);
  before = render (f);
  g_assert_true (stm_slice_view_screen_to_voxel (f->view, px, py, &i0, &j0));
  stm_slice_view_zoom_at (f->view, 5, px, py);
  g_assert_true (stm_slice_view_screen_to_voxel (f->view, px, py, &i1, &j1));
  g_assert_cmpfloat_with_epsilon (i1, i0, 1e-9);
  g_assert_cmpfloat_with_epsilon (j1, j0, 1e-9);
  after = render (f);
  g_assert_cmpint (before[4 * ((int) py * VIEW_W + (int) px)], ==,
                   after[4 * ((int) py * VIEW_W + (int) px)]);
}

/* The motion controller the view listens to, as the pointer would drive it. */
static void
move_pointer (Fixture *f, double x, double y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->view));

  for (guint n = 0; n < g_list_model_get_n_items (controllers); n++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, n);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (c))
        {
          g_signal_emit_by_name (c, "motion", x, y);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The zoom keys zoom toward the pointer over the view, like the wheel. */
static void
test_key_zoom_toward_pointer (Fixture *f, gconstpointer data)
{
  const double px = 140.5, py = 20.5;
  double i0, j0, i1, j1;

  move_pointer (f, px, py);
  g_assert_true (stm_slice_view_screen_to_voxel (f->view, px, py, &i0, &j0));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.zoom-in", NULL);
  g_assert_cmpfloat (stm_slice_view_get_zoom (f->view), >, 1.0);
  g_assert_true (stm_slice_view_screen_to_voxel (f->view, px, py, &i1, &j1));
  g_assert_cmpfloat_with_epsilon (i1, i0, 1e-9);
  g_assert_cmpfloat_with_epsilon (j1, j0, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.zoom-out", NULL);
  g_assert_true (stm_slice_view_screen_to_voxel (f->view, px, py, &i1, &j1));
  g_assert_cmpfloat_with_epsilon (i1, i0, 1e-9);
  g_assert_cmpfloat_with_epsilon (j1, j0, 1e-9);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  stm_slice_view_zoom_at (f->view, 3.7, 120.2, 33.3);
  stm_slice_view_pan (f->view, -17.25, 8.5);
  for (int y = -20; y < VIEW_H + 20; y += 7)
    for (int x = -20; x < VIEW_W + 20; x += 11)
      {
        double i, j, x2, y2;

        stm_slice_view_screen_to_voxel (f->view, x + 0.3, y + 0.6, &i, &j);
        stm_slice_view_voxel_to_screen (f->view, i, j, &x2, &y2);
        g_assert_cmpfloat_with_epsilon (x2, x + 0.3, 1e-9);
        g_assert_cmpfloat_with_epsilon (y2, y + 0.6, 1e-9);
      }
  /* After the pan the slice's centre is off the view's centre by the pan. */
  {
    double x, y;

    stm_slice_view_voxel_to_screen (f->view, (NX - 1) / 2.0, (NY - 1) / 2.0, &x, &y);
    g_assert_cmpfloat_with_epsilon (x, VIEW_W / 2.0 + stm_slice_view_get_transform (f->view)->pan_x, 1e-9);
  }
}

/* Fit, 1:1 and reset through the actions the app binds. */
static void
test_zoom_actions (Fixture *f, gconstpointer data)
{
  const StmViewTransform *t = stm_slice_view_get_transform (f->view);
  double x0, y0, x1, y1;

  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.zoom-in", NULL);
  g_assert_cmpfloat (stm_slice_view_get_zoom (f->view), >, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.one-to-one", NULL);
  stm_slice_view_voxel_to_screen (f->view, 0, 0, &x0, &y0);
  stm_slice_view_voxel_to_screen (f->view, 1, 1, &x1, &y1);
  /* One voxel of the smaller spacing (1 mm) per physical pixel. */
  g_assert_cmpfloat_with_epsilon ((x1 - x0) * gtk_widget_get_scale_factor (GTK_WIDGET (f->view)),
                                  1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y1 - y0, 2 * (x1 - x0), 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.fit", NULL);
  g_assert_cmpfloat (stm_slice_view_get_zoom (f->view), ==, 1.0);
  g_assert_cmpfloat (t->pan_x, ==, 0);
}

static void
test_presets (Fixture *f, gconstpointer data)
{
  const StmWindowPreset file[] = { { (char *) "BRAIN", 35, 80 }, { (char *) "WIDE", 300, 2000 } };
  const StmWindowPreset *got;
  guint n;

  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.preset", "s", "lung");
  g_assert_cmpfloat (stm_slice_view_get_window_center (f->view), ==, -600);
  g_assert_cmpfloat (stm_slice_view_get_window_width (f->view), ==, 1500);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.preset", "s", "bone");
  g_assert_cmpfloat (stm_slice_view_get_window_center (f->view), ==, 400);
  g_assert_cmpfloat (stm_slice_view_get_window_width (f->view), ==, 1800);

  stm_slice_view_set_file_presets (f->view, file, G_N_ELEMENTS (file));
  got = stm_slice_view_get_file_presets (f->view, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (got[1].explanation, ==, "WIDE");
  g_assert_true (stm_slice_view_apply_preset (f->view, "file-1"));
  g_assert_cmpfloat (stm_slice_view_get_window_center (f->view), ==, 300);
  g_assert_cmpfloat (stm_slice_view_get_window_width (f->view), ==, 2000);
  g_assert_false (stm_slice_view_apply_preset (f->view, "file-2"));
  g_assert_false (stm_slice_view_apply_preset (f->view, "liver"));

  /* Reset returns to the default display. */
  stm_slice_view_set_default_display (f->view, (StmWindow) { 35, 80 }, TRUE);
  stm_slice_view_zoom_at (f->view, 2, 10, 10);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.reset", NULL);
  g_assert_cmpfloat (stm_slice_view_get_window_center (f->view), ==, 35);
  g_assert_cmpfloat (stm_slice_view_get_window_width (f->view), ==, 80);
  g_assert_true (stm_slice_view_get_invert (f->view));
  g_assert_cmpfloat (stm_slice_view_get_zoom (f->view), ==, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.invert", NULL);
  g_assert_false (stm_slice_view_get_invert (f->view));
}

/* Label 1 (red) on voxels 10..19 x 4..9 of slice 0. At 2.5 x 5 pixels
 * per voxel from x = 50 its edges are at x = 75 and 100, y = 20 and 50;
 * the contour covers the pixels just inside them. */
static void
test_label_contour (Fixture *f, gconstpointer data)
{
  StmWindow window = { 500, 1000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) labels = stm_volume_new (STM_VOXEL_FLOAT32, NX, NY, NZ,
                                                STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  g_autoptr(StmLabelMap) map = NULL;
  g_autofree guint8 *pixels = NULL;
  float *values;
  int grey = stm_window_grey (0, window);
  const guint8 *p;

  g_assert_no_error (error);
  labels->geometry = f->volume->geometry;
  values = stm_volume_float_data (labels);
  for (gsize j = 4; j <= 9; j++)
    for (gsize i = 10; i <= 19; i++)
      values[j * NX + i] = 1;
  map = stm_label_map_new_from_volume (labels, &error);
  g_assert_no_error (error);
  stm_slice_view_set_window (f->view, window.center, window.width);
  stm_slice_view_set_label_map (f->view, map);
  stm_slice_view_set_label_opacity (f->view, 0.5);
  pixels = render (f);

  /* On the contour: the label's colour, opaque. */
  for (int y = 22; y < 48; y += 5)
    {
      p = pixels + 4 * (y * VIEW_W + 75);
      g_assert_cmpint (p[2], ==, 255);                 /* BGRA: red */
      g_assert_cmpint (p[1], ==, 0);
      g_assert_cmpint (p[0], ==, 0);
      p = pixels + 4 * (y * VIEW_W + 99);
      g_assert_cmpint (p[2], ==, 255);
      g_assert_cmpint (p[1], ==, 0);
    }
  p = pixels + 4 * (20 * VIEW_W + 87);
  g_assert_cmpint (p[2], ==, 255);
  g_assert_cmpint (p[1], ==, 0);
  p = pixels + 4 * (49 * VIEW_W + 87);
  g_assert_cmpint (p[2], ==, 255);
  g_assert_cmpint (p[1], ==, 0);
  /* Just outside: the image untouched. */
  assert_grey (pixels, 74, 35, grey);
  assert_grey (pixels, 100, 35, stm_window_grey (1000, window));
  assert_grey (pixels, 87, 19, grey);
  assert_grey (pixels, 87, 50, grey);
  /* Inside: half red over the grey. */
  p = pixels + 4 * (35 * VIEW_W + 87);
  g_assert_cmpint (ABS ((int) p[2] - (255 + grey) / 2), <=, 2);
  g_assert_cmpint (ABS ((int) p[1] - grey / 2), <=, 2);

  /* Hidden labels leave the image alone. */
  stm_slice_view_set_show_labels (f->view, FALSE);
  g_free (pixels);
  pixels = render (f);
  assert_grey (pixels, 75, 35, grey);
}

static void
slice_notify_cb (StmSliceView *view, GParamSpec *pspec, GArray *seen)
{
  guint slice = stm_slice_view_get_slice (view);

  g_array_append_val (seen, slice);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done or about a second has passed. */
static void
run_until (gboolean (*done) (Fixture *), Fixture *f)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (1500, timeout_cb, &timed_out);

  while (!timed_out && !done (f))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
}

static GArray *cine_seen;

static gboolean
looped (Fixture *f)
{
  for (guint s = 1; s < cine_seen->len; s++)
    if (g_array_index (cine_seen, guint, s) < g_array_index (cine_seen, guint, s - 1))
      return TRUE;
  return FALSE;
}

static gboolean
stopped (Fixture *f)
{
  return !stm_slice_view_get_playing (f->view);
}

/* 3 frames of 20 ms: playing loops back to the first; without looping it
 * stops on the last. */
static void
test_cine (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));

  cine_seen = seen;
  f->volume->frame_time_ms = 20;
  g_signal_connect (f->view, "notify::slice", G_CALLBACK (slice_notify_cb), seen);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "slice-view.play", NULL);
  g_assert_true (stm_slice_view_get_playing (f->view));
  run_until (looped, f);
  g_assert_true (looped (f));
  g_assert_cmpuint (g_array_index (seen, guint, 0), ==, 1);

  stm_slice_view_set_loop (f->view, FALSE);
  stm_slice_view_set_playing (f->view, FALSE);
  stm_slice_view_set_slice (f->view, 0);
  stm_slice_view_set_playing (f->view, TRUE);
  run_until (stopped, f);
  g_assert_false (stm_slice_view_get_playing (f->view));
  g_assert_cmpuint (stm_slice_view_get_slice (f->view), ==, NZ - 1);
  g_signal_handlers_disconnect_by_data (f->view, seen);
  cine_seen = NULL;
}

static void
count_cb (StmSliceView *view, int *count)
{
  (*count)++;
}

/* view-changed follows zoom, pan, slice and volume; a volume on the same
 * grid keeps the view, another one is fitted. */
static void
test_view_changed (Fixture *f, gconstpointer data)
{
  g_autoptr(StmVolume) same = make_volume ();
  g_autoptr(StmVolume) board = make_checkerboard ();
  int count = 0;

  g_signal_connect (f->view, "view-changed", G_CALLBACK (count_cb), &count);
  stm_slice_view_zoom_at (f->view, 2, 50, 50);
  g_assert_cmpint (count, ==, 1);
  stm_slice_view_pan (f->view, 3, 4);
  g_assert_cmpint (count, ==, 2);
  stm_slice_view_set_slice (f->view, 1);
  g_assert_cmpint (count, ==, 3);
  stm_slice_view_set_volume (f->view, same);
  g_assert_cmpint (count, ==, 4);
  g_assert_cmpfloat (stm_slice_view_get_zoom (f->view), ==, 2);
  g_assert_cmpfloat (stm_slice_view_get_transform (f->view)->pan_x, !=, 0);
  stm_slice_view_set_volume (f->view, board);
  g_assert_cmpint (count, ==, 5);
  g_assert_cmpfloat (stm_slice_view_get_zoom (f->view), ==, 1);
  g_assert_cmpuint (stm_slice_view_get_slice (f->view), ==, 0);
  g_signal_handlers_disconnect_by_data (f->view, &count);
}

/* The layer is a child covering the view, and goes with it. */
static void
test_layer (Fixture *f, gconstpointer data)
{
  GtkWidget *layer = gtk_drawing_area_new ();

  g_object_ref_sink (layer);
  stm_slice_view_set_layer (f->view, layer);
  g_assert_true (gtk_widget_get_parent (layer) == GTK_WIDGET (f->view));
  while (gtk_widget_get_width (layer) != VIEW_W || gtk_widget_get_height (layer) != VIEW_H)
    g_main_context_iteration (NULL, TRUE);
  stm_slice_view_set_layer (f->view, NULL);
  g_assert_null (gtk_widget_get_parent (layer));
  g_object_unref (layer);
}

/* Patient and date in the top-left corner. */
static void
test_annotations (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *plain = NULL, *annotated = NULL;
  int changed = 0;

  stm_slice_view_set_show_overlays (f->view, TRUE);
  plain = render (f);
  stm_slice_view_set_info (f->view, "DOE^JANE", "20240102", "CT HEAD");
  annotated = render (f);
  for (int y = 0; y < 30; y++)
    for (int x = 0; x < 45; x++)
      changed += plain[4 * (y * VIEW_W + x)] != annotated[4 * (y * VIEW_W + x)];
  g_assert_cmpint (changed, >, 20);
}

/* Colour (ultrasound) is shown as stored, whatever the window and
 * inversion: 4 x 2 voxels of distinct colours fill the 200 x 100 view. */
static void
test_true_colour (Fixture *f, gconstpointer data)
{
  g_autoptr(StmVolume) colour = stm_volume_new (STM_VOXEL_RGB8, 4, 2, 1, G_MAXUINT64, NULL);
  guint8 *rgb = stm_volume_rgb_data (colour);
  g_autofree guint8 *pixels = NULL;

  stm_geometry_init_identity (&colour->geometry);
  for (int v = 0; v < 8; v++)
    {
      rgb[3 * v] = 30 * v;
      rgb[3 * v + 1] = 255 - 20 * v;
      rgb[3 * v + 2] = (v * 77) % 256;
    }
  stm_slice_view_set_volume (f->view, colour);
  stm_slice_view_set_window (f->view, 10, 5);
  stm_slice_view_set_invert (f->view, TRUE);
  pixels = render (f);
  for (int v = 0; v < 8; v++)
    {
      /* Voxel (i, j) is the 50 x 50 square from (50 i, 50 j). */
      const guint8 *p = pixels + 4 * ((50 * (v / 4) + 25) * VIEW_W + 50 * (v % 4) + 25);

      g_assert_cmpint (p[2], ==, rgb[3 * v]);
      g_assert_cmpint (p[1], ==, rgb[3 * v + 1]);
      g_assert_cmpint (p[0], ==, rgb[3 * v + 2]);
    }
}

/* The active view has a thin blue border; the image inside is untouched. */
static void
test_active_border (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *plain = NULL, *active = NULL;
  const guint8 *p;

  plain = render (f);
  stm_slice_view_set_active (f->view, TRUE);
  g_assert_true (stm_slice_view_get_active (f->view));
  active = render (f);
  p = active + 4 * (50 * VIEW_W + 0);
  g_assert_cmpint (p[0], >, 150);                   /* BGRA: blue well above red */
  g_assert_cmpint (p[2], <, 100);
  p = plain + 4 * (50 * VIEW_W + 0);
  g_assert_cmpint (p[0], ==, 0);
  g_assert_cmpint (active[4 * (50 * VIEW_W + 130)], ==, plain[4 * (50 * VIEW_W + 130)]);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/slice-view/window-level", Fixture, NULL,
              fixture_set_up, test_window_level, fixture_tear_down);
  g_test_add ("/slice-view/slice", Fixture, NULL, fixture_set_up, test_slice, fixture_tear_down);
  g_test_add ("/slice-view/invert", Fixture, NULL, fixture_set_up, test_invert, fixture_tear_down);
  g_test_add ("/slice-view/overlays", Fixture, NULL,
              fixture_set_up, test_overlays, fixture_tear_down);
  g_test_add ("/slice-view/overlays-follow-changes", Fixture, NULL,
              fixture_set_up, test_overlays_follow_changes, fixture_tear_down);
  g_test_add ("/slice-view/key-zoom-toward-pointer", Fixture, NULL,
              fixture_set_up, test_key_zoom_toward_pointer, fixture_tear_down);
  g_test_add ("/slice-view/keys", Fixture, NULL, fixture_set_up, test_keys, fixture_tear_down);
  g_test_add ("/slice-view/crisp-zoom", Fixture, NULL,
              fixture_set_up, test_crisp_zoom, fixture_tear_down);
  g_test_add ("/slice-view/zoom-toward-pointer", Fixture, NULL,
              fixture_set_up, test_zoom_toward_pointer, fixture_tear_down);
  g_test_add ("/slice-view/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/slice-view/zoom-actions", Fixture, NULL,
              fixture_set_up, test_zoom_actions, fixture_tear_down);
  g_test_add ("/slice-view/presets", Fixture, NULL,
              fixture_set_up, test_presets, fixture_tear_down);
  g_test_add ("/slice-view/label-contour", Fixture, NULL,
              fixture_set_up, test_label_contour, fixture_tear_down);
  g_test_add ("/slice-view/cine", Fixture, NULL, fixture_set_up, test_cine, fixture_tear_down);
  g_test_add ("/slice-view/view-changed", Fixture, NULL,
              fixture_set_up, test_view_changed, fixture_tear_down);
  g_test_add ("/slice-view/layer", Fixture, NULL, fixture_set_up, test_layer, fixture_tear_down);
  g_test_add ("/slice-view/true-colour", Fixture, NULL,
              fixture_set_up, test_true_colour, fixture_tear_down);
  g_test_add ("/slice-view/active-border", Fixture, NULL,
              fixture_set_up, test_active_border, fixture_tear_down);
  g_test_add ("/slice-view/annotations", Fixture, NULL,
              fixture_set_up, test_annotations, fixture_tear_down);
  return g_test_run ();
}
