/* SPDX-License-Identifier: GPL-3.0-or-later */
/* StmSliceView: pointer gestures, keys, widget actions and cine playback. */
#include "stm-slice-view-private.h"

#include <math.h>

#define PAGE_STEP 10
/* Zoom per wheel notch and per key press. */
#define WHEEL_ZOOM_STEP 1.1
#define KEY_ZOOM_STEP 1.25
/* Cine speed when the file gives no Frame Time. */
#define DEFAULT_FRAME_MS 100.0

/* ---- cine ---------------------------------------------------------- */

static double
frame_interval_us (StmSliceView *self)
{
  double ms = self->volume && self->volume->frame_time_ms > 0 ? self->volume->frame_time_ms
                                                               : DEFAULT_FRAME_MS;

  return ms * 1000.0;
}

/*
 * The frame is worked out from the time since the anchor, not counted
 * per tick: a slow frame skips frames and the clip keeps its real speed.
 */
static gboolean
cine_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  StmSliceView *self = STM_SLICE_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  guint n = stm_slice_view_get_n_slices (self);
  gint64 target;

  if (n < 2)
    {
      self->tick_id = 0;
      stm_slice_view_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  if (self->cine_anchor_time == 0)
    {
      self->cine_anchor_time = now;
      self->cine_anchor_slice = self->slice;
    }
  target = self->cine_anchor_slice + (gint64) ((now - self->cine_anchor_time) /
                                               frame_interval_us (self));
  if (target >= n && !self->loop)
    {
      _stm_slice_view_set_slice_internal (self, n - 1);
      self->tick_id = 0;
      stm_slice_view_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  _stm_slice_view_set_slice_internal (self, (guint) (target % n));
  return G_SOURCE_CONTINUE;
}

/* A clip played to its end without looping starts again from the first frame. */
void
_stm_slice_view_cine_start (StmSliceView *self)
{
  guint n = stm_slice_view_get_n_slices (self);

  if (self->tick_id != 0)
    return;
  if (!self->loop && n > 0 && self->slice == n - 1)
    _stm_slice_view_set_slice_internal (self, 0);
  self->cine_anchor_time = 0;
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), cine_tick_cb, NULL, NULL);
}

void
_stm_slice_view_cine_stop (StmSliceView *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/* ---- actions ------------------------------------------------------- */

static void
step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  StmSliceView *self = STM_SLICE_VIEW (widget);
  gint64 target = (gint64) self->slice + g_variant_get_int32 (parameter);

  stm_slice_view_set_slice (self, (guint) CLAMP (target, 0, (gint64) G_MAXUINT));
}

/* Keys zoom toward the pointer, as the wheel does, when it is over the
 * view; otherwise (a button, the pointer elsewhere) about the centre. */
static void
zoom_by_key (StmSliceView *self, double factor)
{
  if (self->pointer_inside)
    stm_slice_view_zoom_at (self, factor, self->pointer_x, self->pointer_y);
  else
    stm_slice_view_zoom_at (self, factor, self->transform.view_width / 2,
                            self->transform.view_height / 2);
}

static void
zoom_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  zoom_by_key (STM_SLICE_VIEW (widget), KEY_ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  zoom_by_key (STM_SLICE_VIEW (widget), 1.0 / KEY_ZOOM_STEP);
}

static void
fit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  stm_slice_view_fit (STM_SLICE_VIEW (widget));
}

static void
one_to_one_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  stm_slice_view_one_to_one (STM_SLICE_VIEW (widget));
}

static void
reset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  stm_slice_view_reset (STM_SLICE_VIEW (widget));
}

static void
preset_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  const char *id = g_variant_get_string (parameter, NULL);

  if (!stm_slice_view_apply_preset (STM_SLICE_VIEW (widget), id))
    g_debug ("No window preset called %s", id);
}

/* Play needs frames; window presets need grey values. */
void
_stm_slice_view_update_actions (StmSliceView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean grey = self->volume != NULL && self->volume->format == STM_VOXEL_FLOAT32;

  gtk_widget_action_set_enabled (widget, "slice-view.play",
                                 stm_slice_view_get_n_slices (self) > 1);
  gtk_widget_action_set_enabled (widget, "slice-view.preset", grey);
  gtk_widget_action_set_enabled (widget, "slice-view.invert", grey);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "slice-view.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "slice-view.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "slice-view.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "slice-view.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "slice-view.one-to-one", NULL, one_to_one_action);
  gtk_widget_class_install_action (widget_class, "slice-view.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "slice-view.preset", "s", preset_action);
  gtk_widget_class_install_property_action (widget_class, "slice-view.invert", "invert");
  gtk_widget_class_install_property_action (widget_class, "slice-view.play", "playing");
  gtk_widget_class_install_property_action (widget_class, "slice-view.loop", "loop");
  gtk_widget_class_install_property_action (widget_class, "slice-view.show-overlays",
                                            "show-overlays");
  gtk_widget_class_install_property_action (widget_class, "slice-view.show-labels",
                                            "show-labels");
}

static void
bind_key (GtkWidgetClass *widget_class, guint key, const char *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, 0, action, NULL);
}

static void
install_bindings (GtkWidgetClass *widget_class)
{
  static const struct { guint key; const char *action; } simple[] = {
    { GDK_KEY_plus, "slice-view.zoom-in" },
    { GDK_KEY_equal, "slice-view.zoom-in" },
    { GDK_KEY_KP_Add, "slice-view.zoom-in" },
    { GDK_KEY_minus, "slice-view.zoom-out" },
    { GDK_KEY_KP_Subtract, "slice-view.zoom-out" },
    { GDK_KEY_0, "slice-view.fit" },
    { GDK_KEY_KP_0, "slice-view.fit" },
    { GDK_KEY_f, "slice-view.fit" },
    { GDK_KEY_1, "slice-view.one-to-one" },
    { GDK_KEY_KP_1, "slice-view.one-to-one" },
    { GDK_KEY_r, "slice-view.reset" },
    { GDK_KEY_i, "slice-view.invert" },
  };

  for (gsize b = 0; b < G_N_ELEMENTS (simple); b++)
    bind_key (widget_class, simple[b].key, simple[b].action);
  /* "+" is Shift+= on many layouts. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK,
                                       "slice-view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "slice-view.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "slice-view.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "slice-view.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "slice-view.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "slice-view.step", "i", -PAGE_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "slice-view.step", "i", PAGE_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0,
                                       "slice-view.step", "i", G_MININT32);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0,
                                       "slice-view.step", "i", G_MAXINT32);
}

void
_stm_slice_view_class_init_input (GtkWidgetClass *widget_class)
{
  install_actions (widget_class);
  install_bindings (widget_class);
}

/* ---- pointer ------------------------------------------------------- */

/* Ctrl+wheel zooms toward the pointer, smooth deltas included; the plain
 * wheel steps slices, touchpad deltas accumulating to whole steps. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, StmSliceView *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double steps;

  if (state & GDK_CONTROL_MASK)
    {
      double x = self->pointer_inside ? self->pointer_x : self->transform.view_width / 2;
      double y = self->pointer_inside ? self->pointer_y : self->transform.view_height / 2;

      stm_slice_view_zoom_at (self, pow (WHEEL_ZOOM_STEP, -dy), x, y);
      return TRUE;
    }
  self->scroll_accum += dy;
  steps = trunc (self->scroll_accum);
  self->scroll_accum -= steps;
  if (steps != 0)
    {
      gint64 target = (gint64) self->slice + (gint64) steps;

      stm_slice_view_set_slice (self, (guint) CLAMP (target, 0, (gint64) G_MAXUINT));
    }
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, StmSliceView *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  _stm_slice_view_update_readout (self);
}

static void
leave_cb (GtkEventControllerMotion *controller, StmSliceView *self)
{
  self->pointer_inside = FALSE;
  _stm_slice_view_update_readout (self);
}

static void
wl_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, StmSliceView *self)
{
  self->drag_start_window = self->window;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Right to widen, down to raise the centre, at a rate proportional to the
 * width so both narrow brain and wide lung windows are easy to reach. */
static void
wl_drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, StmSliceView *self)
{
  double rate = MAX (self->drag_start_window.width, 2.0) / 256.0;

  if (self->volume == NULL || self->volume->format != STM_VOXEL_FLOAT32)
    return;
  stm_slice_view_set_window (self, self->drag_start_window.center + dy * rate,
                             MAX (1.0, self->drag_start_window.width + dx * rate));
}

static void
pan_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, StmSliceView *self)
{
  GtkGestureSingle *single = GTK_GESTURE_SINGLE (gesture);

  /* The primary button pans only while Space is held; otherwise the
   * press goes on to the layer (measurements). */
  if (gtk_gesture_single_get_current_button (single) == GDK_BUTTON_PRIMARY && !self->space_held)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->space_panned = self->space_held;
  self->pan_last_x = self->pan_last_y = 0;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
pan_drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, StmSliceView *self)
{
  stm_slice_view_pan (self, dx - self->pan_last_x, dy - self->pan_last_y);
  self->pan_last_x = dx;
  self->pan_last_y = dy;
}

static void
pan_drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, StmSliceView *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
pinch_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, StmSliceView *self)
{
  self->pinch_start_zoom = self->transform.zoom;
}

static void
pinch_scale_changed_cb (GtkGestureZoom *gesture, double scale, StmSliceView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y) ||
      !(self->transform.zoom > 0))
    return;
  stm_slice_view_zoom_at (self, self->pinch_start_zoom * scale / self->transform.zoom, x, y);
}

/* Space held with a primary drag pans; Space tapped alone plays or
 * pauses a multi-frame image. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, StmSliceView *self)
{
  if (keyval != GDK_KEY_space)
    return FALSE;
  if (!self->space_held)
    {
      self->space_held = TRUE;
      self->space_panned = FALSE;
    }
  return TRUE;
}

static void
key_released_cb (GtkEventControllerKey *controller, guint keyval, guint keycode,
                 GdkModifierType state, StmSliceView *self)
{
  if (keyval != GDK_KEY_space || !self->space_held)
    return;
  self->space_held = FALSE;
  if (!self->space_panned && stm_slice_view_get_n_slices (self) > 1)
    stm_slice_view_set_playing (self, !self->playing);
}

static void
focus_click_cb (GtkGestureClick *gesture, int n_press, double x, double y, StmSliceView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
scale_factor_cb (StmSliceView *self, GParamSpec *pspec, gpointer data)
{
  _stm_slice_view_transform_changed (self);
}

static GtkGesture *
add_drag (StmSliceView *self, guint button, GtkPropagationPhase phase,
          GCallback begin, GCallback update, GCallback end)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), button);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), phase);
  g_signal_connect (drag, "drag-begin", begin, self);
  g_signal_connect (drag, "drag-update", update, self);
  if (end != NULL)
    g_signal_connect (drag, "drag-end", end, self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  return drag;
}

void
_stm_slice_view_init_input (StmSliceView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, controller);

  add_drag (self, GDK_BUTTON_SECONDARY, GTK_PHASE_BUBBLE,
            G_CALLBACK (wl_drag_begin_cb), G_CALLBACK (wl_drag_update_cb), NULL);
  add_drag (self, GDK_BUTTON_MIDDLE, GTK_PHASE_BUBBLE, G_CALLBACK (pan_drag_begin_cb),
            G_CALLBACK (pan_drag_update_cb), G_CALLBACK (pan_drag_end_cb));
  /* In the capture phase, so Space+drag pans even over the layer. */
  add_drag (self, GDK_BUTTON_PRIMARY, GTK_PHASE_CAPTURE, G_CALLBACK (pan_drag_begin_cb),
            G_CALLBACK (pan_drag_update_cb), G_CALLBACK (pan_drag_end_cb));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  /* Any click focuses the view, for its keys, without claiming the click. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (focus_click_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_cb), NULL);
}
