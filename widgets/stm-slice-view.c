/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-slice-view.h"

#include <math.h>
#include <string.h>

#include "stm-orientation.h"
#include "stm-window.h"

#define PAGE_STEP 10
/* Overlay inset from the widget edges, and the scale bar's share of the width. */
#define OVERLAY_MARGIN 6.0
#define SCALE_BAR_FRACTION 0.25

struct _StmSliceView
{
  GtkWidget   parent_instance;

  StmVolume  *volume;
  guint       slice;
  StmWindow   window;
  gboolean    invert;
  gboolean    show_overlays;

  /* The current slice through the current window; NULL when it must be
   * rebuilt. GTK keeps the GPU upload per texture object, so an unchanged
   * slice is drawn from the same object. */
  GdkTexture *texture;

  StmWindow   drag_start;
};

G_DEFINE_FINAL_TYPE (StmSliceView, stm_slice_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VOLUME,
  PROP_N_SLICES,
  PROP_SLICE,
  PROP_WINDOW_CENTER,
  PROP_WINDOW_WIDTH,
  PROP_INVERT,
  PROP_SHOW_OVERLAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
invalidate (StmSliceView *self)
{
  g_clear_object (&self->texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GdkTexture *
build_texture (StmSliceView *self)
{
  const StmVolume *v = self->volume;
  gsize nx = v->dims[0], ny = v->dims[1], n = nx * ny;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *rgb = g_malloc (3 * n);

  if (v->format == STM_VOXEL_RGB8)
    memcpy (rgb, stm_volume_slice_data (v, self->slice), 3 * n);
  else
    stm_window_apply_float (stm_volume_slice_data (v, self->slice), n,
                            self->window, self->invert, rgb);
  bytes = g_bytes_new_take (rgb, 3 * n);
  return gdk_memory_texture_new ((int) nx, (int) ny, GDK_MEMORY_R8G8B8, bytes, 3 * nx);
}

/* Where the slice lies in the widget: its millimetre extent scaled to fit,
 * centred, on whole pixels. */
static gboolean
image_bounds (StmSliceView *self, graphene_rect_t *out)
{
  const StmVolume *v = self->volume;
  double w_mm, h_mm, scale, w, h;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (v == NULL || width <= 0 || height <= 0)
    return FALSE;
  w_mm = v->dims[0] * (v->geometry.spacing[0] > 0 ? v->geometry.spacing[0] : 1.0);
  h_mm = v->dims[1] * (v->geometry.spacing[1] > 0 ? v->geometry.spacing[1] : 1.0);
  scale = MIN (width / w_mm, height / h_mm);
  w = MAX (1.0, round (w_mm * scale));
  h = MAX (1.0, round (h_mm * scale));
  graphene_rect_init (out, round ((width - w) / 2), round ((height - h) / 2), w, h);
  return TRUE;
}

/* White text on a dark shadow, readable over bone and air alike; (ax, ay)
 * anchors the text: 0 left/top, 0.5 centre, 1 right/bottom of it. */
static void
draw_text (GtkWidget *widget, cairo_t *cr, const char *text,
           double x, double y, double ax, double ay)
{
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;

  if (text[0] == '\0')
    return;
  layout = gtk_widget_create_pango_layout (widget, text);
  pango_layout_get_pixel_size (layout, &w, &h);
  x = round (x - ax * w);
  y = round (y - ay * h);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_move_to (cr, x + 1, y + 1);
  pango_cairo_show_layout (cr, layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_markers (StmSliceView *self, cairo_t *cr, double width, double height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  char left[4], right[4], top[4], bottom[4];
  double m = OVERLAY_MARGIN;

  stm_orientation_markers (&self->volume->geometry, left, right, top, bottom);
  draw_text (widget, cr, left, m, height / 2, 0, 0.5);
  draw_text (widget, cr, right, width - m, height / 2, 1, 0.5);
  draw_text (widget, cr, top, width / 2, m, 0.5, 0);
  draw_text (widget, cr, bottom, width / 2, height - m, 0.5, 1);
}

/* A bar of a round length in millimetres, ticked at both ends, with its
 * length above it. */
static void
draw_scale_bar (StmSliceView *self, cairo_t *cr, double width, double height,
                double mm_per_pixel)
{
  double mm = stm_scale_bar_length_mm (mm_per_pixel, width * SCALE_BAR_FRACTION);
  double len, x1, y;
  g_autofree char *label = NULL;

  if (mm <= 0)
    return;
  len = round (mm / mm_per_pixel);
  x1 = width - OVERLAY_MARGIN;
  y = height - OVERLAY_MARGIN - 0.5;
  cairo_set_line_width (cr, 1);
  for (int pass = 0; pass < 2; pass++)
    {
      double o = pass == 0 ? 1 : 0;

      if (pass == 0)
        cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, x1 - len + o - 0.5, y + o - 4);
      cairo_line_to (cr, x1 - len + o - 0.5, y + o);
      cairo_line_to (cr, x1 + o - 0.5, y + o);
      cairo_line_to (cr, x1 + o - 0.5, y + o - 4);
      cairo_stroke (cr);
    }
  label = g_strdup_printf ("%g mm", mm);
  draw_text (GTK_WIDGET (self), cr, label, x1 - len / 2, y - 3, 0.5, 1);
}

static void
draw_overlays (StmSliceView *self, GtkSnapshot *snapshot, const graphene_rect_t *image)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double w_mm = self->volume->dims[0] *
                (self->volume->geometry.spacing[0] > 0 ? self->volume->geometry.spacing[0] : 1.0);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  draw_markers (self, cr, width, height);
  draw_scale_bar (self, cr, width, height, w_mm / image->size.width);
  cairo_destroy (cr);
}

static void
stm_slice_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  StmSliceView *self = STM_SLICE_VIEW (widget);
  graphene_rect_t bounds;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  if (!image_bounds (self, &bounds))
    return;
  /* Lazily, so a drag that moves centre and width many times per frame
   * builds one texture per frame. */
  if (self->texture == NULL)
    self->texture = build_texture (self);
  gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
  if (self->show_overlays)
    draw_overlays (self, snapshot, &bounds);
}

static void
step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  StmSliceView *self = STM_SLICE_VIEW (widget);
  gint64 target = (gint64) self->slice + g_variant_get_int32 (parameter);

  stm_slice_view_set_slice (self, (guint) CLAMP (target, 0, (gint64) G_MAXUINT));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, StmSliceView *self)
{
  gint64 target = (gint64) self->slice + (dy > 0 ? 1 : dy < 0 ? -1 : 0);

  stm_slice_view_set_slice (self, (guint) MAX (target, 0));
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, StmSliceView *self)
{
  self->drag_start = self->window;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Right to widen, down to raise the centre, at a rate proportional to the
 * width so both narrow brain and wide lung windows are easy to reach. */
static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, StmSliceView *self)
{
  double rate = MAX (self->drag_start.width, 2.0) / 256.0;

  stm_slice_view_set_window (self, self->drag_start.center + dy * rate,
                             MAX (1.0, self->drag_start.width + dx * rate));
}

static void
stm_slice_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StmSliceView *self = STM_SLICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VOLUME: g_value_set_boxed (value, self->volume); break;
    case PROP_N_SLICES: g_value_set_uint (value, stm_slice_view_get_n_slices (self)); break;
    case PROP_SLICE: g_value_set_uint (value, self->slice); break;
    case PROP_WINDOW_CENTER: g_value_set_double (value, self->window.center); break;
    case PROP_WINDOW_WIDTH: g_value_set_double (value, self->window.width); break;
    case PROP_INVERT: g_value_set_boolean (value, self->invert); break;
    case PROP_SHOW_OVERLAYS: g_value_set_boolean (value, self->show_overlays); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_slice_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  StmSliceView *self = STM_SLICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VOLUME: stm_slice_view_set_volume (self, g_value_get_boxed (value)); break;
    case PROP_SLICE: stm_slice_view_set_slice (self, g_value_get_uint (value)); break;
    case PROP_WINDOW_CENTER:
      stm_slice_view_set_window (self, g_value_get_double (value), self->window.width);
      break;
    case PROP_WINDOW_WIDTH:
      stm_slice_view_set_window (self, self->window.center, g_value_get_double (value));
      break;
    case PROP_INVERT: stm_slice_view_set_invert (self, g_value_get_boolean (value)); break;
    case PROP_SHOW_OVERLAYS:
      stm_slice_view_set_show_overlays (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_slice_view_finalize (GObject *object)
{
  StmSliceView *self = STM_SLICE_VIEW (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->volume, stm_volume_unref);
  G_OBJECT_CLASS (stm_slice_view_parent_class)->finalize (object);
}

static void
stm_slice_view_class_init (StmSliceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = stm_slice_view_get_property;
  object_class->set_property = stm_slice_view_set_property;
  object_class->finalize = stm_slice_view_finalize;
  widget_class->snapshot = stm_slice_view_snapshot;

  properties[PROP_VOLUME] =
    g_param_spec_boxed ("volume", NULL, NULL, STM_TYPE_VOLUME, rw);
  properties[PROP_N_SLICES] =
    g_param_spec_uint ("n-slices", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLICE] =
    g_param_spec_uint ("slice", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_WINDOW_CENTER] =
    g_param_spec_double ("window-center", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 127.5, rw);
  properties[PROP_WINDOW_WIDTH] =
    g_param_spec_double ("window-width", NULL, NULL, 1.0, G_MAXDOUBLE, 256.0, rw);
  properties[PROP_INVERT] =
    g_param_spec_boolean ("invert", NULL, NULL, FALSE, rw);
  properties[PROP_SHOW_OVERLAYS] =
    g_param_spec_boolean ("show-overlays", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "slice-view.step", "i", step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "slice-view.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "slice-view.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "slice-view.step", "i", -PAGE_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "slice-view.step", "i", PAGE_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0,
                                       "slice-view.step", "i", G_MININT32);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0,
                                       "slice-view.step", "i", G_MAXINT32);
  gtk_widget_class_set_css_name (widget_class, "sliceview");
}

static void
stm_slice_view_init (StmSliceView *self)
{
  GtkEventController *scroll;
  GtkGesture *drag;

  self->window = (StmWindow) { 127.5, 256.0 };
  self->show_overlays = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                            GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_SECONDARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
stm_slice_view_new (void)
{
  return g_object_new (STM_TYPE_SLICE_VIEW, NULL);
}

StmVolume *
stm_slice_view_get_volume (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), NULL);
  return self->volume;
}

void
stm_slice_view_set_volume (StmSliceView *self, StmVolume *volume)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  if (volume == self->volume)
    return;
  g_clear_pointer (&self->volume, stm_volume_unref);
  self->volume = volume ? stm_volume_ref (volume) : NULL;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SLICES]);
  stm_slice_view_set_slice (self, self->slice);
  g_object_thaw_notify (G_OBJECT (self));
  invalidate (self);
}

guint
stm_slice_view_get_n_slices (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 0);
  return self->volume ? (guint) self->volume->dims[2] : 0;
}

guint
stm_slice_view_get_slice (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 0);
  return self->slice;
}

/* Clamped to the volume's slices. */
void
stm_slice_view_set_slice (StmSliceView *self, guint slice)
{
  guint n;

  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  n = stm_slice_view_get_n_slices (self);
  slice = n > 0 ? MIN (slice, n - 1) : 0;
  if (slice == self->slice)
    return;
  self->slice = slice;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLICE]);
}

double
stm_slice_view_get_window_center (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 0);
  return self->window.center;
}

double
stm_slice_view_get_window_width (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 1);
  return self->window.width;
}

void
stm_slice_view_set_window (StmSliceView *self, double center, double width)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  g_return_if_fail (isfinite (center) && isfinite (width));

  width = MAX (width, 1.0);
  if (center == self->window.center && width == self->window.width)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (center != self->window.center)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_CENTER]);
  if (width != self->window.width)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_WIDTH]);
  self->window = (StmWindow) { center, width };
  invalidate (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
stm_slice_view_get_invert (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->invert;
}

void
stm_slice_view_set_invert (StmSliceView *self, gboolean invert)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  invert = !!invert;
  if (invert == self->invert)
    return;
  self->invert = invert;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVERT]);
}

gboolean
stm_slice_view_get_show_overlays (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->show_overlays;
}

/* Orientation letters and the scale bar; the slice texture is kept. */
void
stm_slice_view_set_show_overlays (StmSliceView *self, gboolean show_overlays)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  show_overlays = !!show_overlays;
  if (show_overlays == self->show_overlays)
    return;
  self->show_overlays = show_overlays;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_OVERLAYS]);
}
