/* SPDX-License-Identifier: GPL-3.0-or-later */
/* StmSliceView rendered through GTK to pixels, checked against the VOI window. */
#include <gtk/gtk.h>

#include "stm-slice-view.h"
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

static void
after_paint_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* The widget paintable shows the render node of the last frame, so a
 * change is visible once the window has painted again. */
static void
wait_for_frame (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (f->window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (f->view));
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* The view as BGRA pixels, through a cairo GSK renderer. */
static guint8 *
render (Fixture *f)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  guint8 *pixels = g_malloc (4 * VIEW_W * VIEW_H);

  /* Created first, so it follows the next frame. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->view));
  wait_for_frame (f);
  /* On GTK 4.8 under Xvfb the widget paintable came back empty here, so
   * the widget's own snapshot() is called; the rendering is still GSK's. */
  gsk_renderer_realize (renderer, NULL, &error);
  g_assert_no_error (error);
  gdk_paintable_snapshot (paintable, snapshot, VIEW_W, VIEW_H);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (f->view)->snapshot (GTK_WIDGET (f->view), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, VIEW_W, VIEW_H));
  gdk_texture_download (texture, pixels, 4 * VIEW_W);
  gsk_render_node_unref (node);
  gsk_renderer_unrealize (renderer);
  return pixels;
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
  g_test_add ("/slice-view/keys", Fixture, NULL, fixture_set_up, test_keys, fixture_tear_down);
  return g_test_run ();
}
