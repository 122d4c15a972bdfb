/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-widget-test-support.h"

static void
after_paint_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* The widget paintable shows the render node of the last frame, so a
 * change is visible once the window has painted again. */
void
stm_widget_test_wait_for_frame (GtkWidget *window, GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_queue_draw (child);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

GdkTexture *
stm_widget_test_render_texture (GtkWidget *window, GtkWidget *widget, int width, int height)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GdkTexture *texture;

  /* Created first, so it follows the next frame. */
  paintable = gtk_widget_paintable_new (widget);
  stm_widget_test_wait_for_frame (window, widget);
  gsk_renderer_realize (renderer, NULL, &error);
  g_assert_no_error (error);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  /* On GTK 4.8 under Xvfb the widget paintable can come back empty, so the
   * widget's own snapshot() is called; the rendering is still GSK's. */
  if (node == NULL)
    {
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  gsk_renderer_unrealize (renderer);
  return texture;
}

guint8 *
stm_widget_test_render (GtkWidget *window, GtkWidget *widget, int width, int height)
{
  g_autoptr(GdkTexture) texture = stm_widget_test_render_texture (window, widget, width, height);
  guint8 *pixels = g_malloc (4 * (gsize) width * height);

  gdk_texture_download (texture, pixels, 4 * (gsize) width);
  return pixels;
}
