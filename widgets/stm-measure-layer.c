/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measure-layer.h"

#include <glib/gi18n.h>
#include <math.h>

#include "stm-measure-layer-private.h"
#include "stm-slice-view.h"

G_DEFINE_ENUM_TYPE (StmMeasureTool, stm_measure_tool,
                    G_DEFINE_ENUM_VALUE (STM_MEASURE_TOOL_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (STM_MEASURE_TOOL_DISTANCE, "distance"),
                    G_DEFINE_ENUM_VALUE (STM_MEASURE_TOOL_ANGLE, "angle"),
                    G_DEFINE_ENUM_VALUE (STM_MEASURE_TOOL_ELLIPSE, "ellipse"),
                    G_DEFINE_ENUM_VALUE (STM_MEASURE_TOOL_POLYGON, "polygon"),
                    G_DEFINE_ENUM_VALUE (STM_MEASURE_TOOL_FREEHAND, "freehand"))

G_DEFINE_FINAL_TYPE (StmMeasureLayer, stm_measure_layer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOOL,
  PROP_LIST,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Where things are ---- */

StmVolume *
_stm_measure_layer_current_volume (StmMeasureLayer *self)
{
  return self->view != NULL ? stm_slice_view_get_volume (self->view) : NULL;
}

guint
_stm_measure_layer_current_slice (StmMeasureLayer *self)
{
  return self->view != NULL ? stm_slice_view_get_slice (self->view) : 0;
}

static StmVoxelPoint
to_voxel (StmMeasureLayer *self, double x, double y)
{
  StmVoxelPoint p;

  stm_slice_view_screen_to_voxel (self->view, x, y, &p.i, &p.j);
  return p;
}

void
_stm_measure_layer_to_screen (StmMeasureLayer *self, const StmVoxelPoint *p, double *x, double *y)
{
  stm_slice_view_voxel_to_screen (self->view, p->i, p->j, x, y);
}

static double
screen_distance (StmMeasureLayer *self, const StmVoxelPoint *a, const StmVoxelPoint *b)
{
  double ax, ay, bx, by;

  _stm_measure_layer_to_screen (self, a, &ax, &ay);
  _stm_measure_layer_to_screen (self, b, &bx, &by);
  return hypot (bx - ax, by - ay);
}

gboolean
_stm_measure_kind_has_handles (StmMeasurementKind kind)
{
  /* A traced outline has hundreds of points: it is moved whole. */
  return kind != STM_MEASUREMENT_FREEHAND;
}

/* The points to show for @m: the edited ones while a handle is dragged. */
const StmVoxelPoint *
_stm_measure_layer_shown_points (StmMeasureLayer *self, StmMeasurement *m, guint *n)
{
  if (self->mode == MODE_EDITING && m == self->editing)
    {
      *n = self->edit_points->len;
      return (const StmVoxelPoint *) self->edit_points->data;
    }
  return stm_measurement_get_points (m, n);
}

/* ---- State ---- */

static void
update_actions (StmMeasureLayer *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->list == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "measure.undo",
                                 stm_measurement_list_get_can_undo (self->list));
  gtk_widget_action_set_enabled (widget, "measure.redo",
                                 stm_measurement_list_get_can_redo (self->list));
  gtk_widget_action_set_enabled (widget, "measure.delete", self->selected != NULL);
  gtk_widget_action_set_enabled (widget, "measure.finish", self->mode == MODE_CLICKING);
  gtk_widget_action_set_enabled (widget, "measure.cancel",
                                 self->mode != MODE_IDLE || self->tool != STM_MEASURE_TOOL_NONE);
}

static void
set_mode (StmMeasureLayer *self, Mode mode)
{
  self->mode = mode;
  if (mode == MODE_IDLE)
    {
      g_array_set_size (self->draft, 0);
      g_clear_object (&self->editing);
      self->has_hover = FALSE;
    }
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
stm_measure_layer_set_selected (StmMeasureLayer *self, StmMeasurement *measurement)
{
  g_return_if_fail (STM_IS_MEASURE_LAYER (self));
  g_return_if_fail (measurement == NULL || STM_IS_MEASUREMENT (measurement));

  if (!g_set_object (&self->selected, measurement))
    return;
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

StmMeasurement *
stm_measure_layer_get_selected (StmMeasureLayer *self)
{
  g_return_val_if_fail (STM_IS_MEASURE_LAYER (self), NULL);
  return self->selected;
}

static void
list_changed_cb (StmMeasureLayer *self)
{
  if (self->selected != NULL && !stm_measurement_list_find (self->list, self->selected, NULL))
    stm_measure_layer_set_selected (self, NULL);
  if (self->mode == MODE_EDITING && !stm_measurement_list_find (self->list, self->editing, NULL))
    set_mode (self, MODE_IDLE);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The list measures on the view's volume. */
static void
sync_volume (StmMeasureLayer *self)
{
  StmVolume *volume = _stm_measure_layer_current_volume (self);

  /* Off a view the measurements keep the values they had. */
  if (self->view != NULL && stm_measurement_list_get_volume (self->list) != volume)
    stm_measurement_list_set_volume (self->list, volume);
}

static void
view_changed_cb (StmMeasureLayer *self)
{
  sync_volume (self);
  /* A measurement lies on one slice: leaving it abandons the one being made. */
  if (self->mode != MODE_IDLE && self->mode != MODE_EDITING &&
      self->draft_slice != _stm_measure_layer_current_slice (self))
    set_mode (self, MODE_IDLE);
  /* Nor may a hidden measurement (cine playing) keep following the pointer. */
  if (self->mode == MODE_EDITING &&
      stm_measurement_get_slice (self->editing) != _stm_measure_layer_current_slice (self))
    set_mode (self, MODE_IDLE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

StmMeasurementList *
stm_measure_layer_get_list (StmMeasureLayer *self)
{
  g_return_val_if_fail (STM_IS_MEASURE_LAYER (self), NULL);
  return self->list;
}

void
stm_measure_layer_set_list (StmMeasureLayer *self, StmMeasurementList *list)
{
  g_return_if_fail (STM_IS_MEASURE_LAYER (self));
  g_return_if_fail (STM_IS_MEASUREMENT_LIST (list));

  if (self->list == list)
    return;
  set_mode (self, MODE_IDLE);
  stm_measure_layer_set_selected (self, NULL);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_set_object (&self->list, list);
  g_signal_connect_swapped (list, "items-changed", G_CALLBACK (list_changed_cb), self);
  g_signal_connect_swapped (list, "notify::can-undo", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (list, "notify::can-redo", G_CALLBACK (update_actions), self);
  stm_measurement_list_set_us_regions (list, (const StmUsRegion *) self->us_regions->data,
                                       self->us_regions->len);
  sync_volume (self);
  list_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST]);
}

void
stm_measure_layer_set_us_regions (StmMeasureLayer *self, const StmUsRegion *regions,
                                  guint n_regions)
{
  g_return_if_fail (STM_IS_MEASURE_LAYER (self));
  g_return_if_fail (regions != NULL || n_regions == 0);

  g_array_set_size (self->us_regions, 0);
  g_array_append_vals (self->us_regions, regions, n_regions);
  stm_measurement_list_set_us_regions (self->list, regions, n_regions);
}

StmMeasureTool
stm_measure_layer_get_tool (StmMeasureLayer *self)
{
  g_return_val_if_fail (STM_IS_MEASURE_LAYER (self), STM_MEASURE_TOOL_NONE);
  return self->tool;
}

void
stm_measure_layer_set_tool (StmMeasureLayer *self, StmMeasureTool tool)
{
  g_return_if_fail (STM_IS_MEASURE_LAYER (self));
  g_return_if_fail (tool <= STM_MEASURE_TOOL_FREEHAND);

  if (self->tool == tool)
    return;
  if (self->mode != MODE_EDITING)
    set_mode (self, MODE_IDLE);
  self->tool = tool;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   tool != STM_MEASURE_TOOL_NONE ? "crosshair" : NULL);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

/* ---- Hit testing ---- */

/* Distance from (x, y) to the segment a-b, all on screen. */
static double
segment_distance (double x, double y, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((x - ax) * dx + (y - ay) * dy) / len2, 0, 1) : 0;

  return hypot (x - (ax + t * dx), y - (ay + t * dy));
}

static gboolean
near_outline (StmMeasureLayer *self, StmMeasurementKind kind, const StmVoxelPoint *p, guint n,
              double x, double y)
{
  gboolean closed = stm_measurement_kind_is_region (kind);

  for (guint k = 0; k + 1 < n || (closed && k < n); k++)
    {
      double ax, ay, bx, by;

      _stm_measure_layer_to_screen (self, &p[k], &ax, &ay);
      _stm_measure_layer_to_screen (self, &p[(k + 1) % n], &bx, &by);
      if (segment_distance (x, y, ax, ay, bx, by) <= BODY_PICK)
        return TRUE;
    }
  return FALSE;
}

static gboolean
body_contains (StmMeasureLayer *self, StmMeasurement *m, double x, double y)
{
  StmMeasurementKind kind = stm_measurement_get_kind (m);
  StmVoxelPoint v = to_voxel (self, x, y);
  guint n;
  const StmVoxelPoint *p = _stm_measure_layer_shown_points (self, m, &n);

  if (stm_measurement_kind_is_region (kind))
    return stm_measure_region_contains (kind, p, n, v.i, v.j) ||
           (kind != STM_MEASUREMENT_ELLIPSE && near_outline (self, kind, p, n, x, y));
  return near_outline (self, kind, p, n, x, y);
}

/* The measurements of the current slice, topmost (last drawn) first and
 * the selected one before all. */
GPtrArray *
_stm_measure_layer_slice_measurements (StmMeasureLayer *self)
{
  GListModel *model = G_LIST_MODEL (self->list);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);
  guint slice = _stm_measure_layer_current_slice (self);

  for (guint k = g_list_model_get_n_items (model); k-- > 0;)
    {
      StmMeasurement *m = g_list_model_get_item (model, k);

      if (stm_measurement_get_slice (m) != slice)
        g_object_unref (m);
      else if (m == self->selected)
        g_ptr_array_insert (out, 0, m);
      else
        g_ptr_array_add (out, m);
    }
  return out;
}

static StmMeasurement *
handle_at (StmMeasureLayer *self, double x, double y, guint *handle)
{
  g_autoptr(GPtrArray) items = _stm_measure_layer_slice_measurements (self);

  for (guint k = 0; k < items->len; k++)
    {
      StmMeasurement *m = g_ptr_array_index (items, k);
      guint n;
      const StmVoxelPoint *p = stm_measurement_get_points (m, &n);

      if (!_stm_measure_kind_has_handles (stm_measurement_get_kind (m)))
        continue;
      for (guint h = 0; h < n; h++)
        {
          double hx, hy;

          _stm_measure_layer_to_screen (self, &p[h], &hx, &hy);
          if (fabs (hx - x) <= HANDLE_PICK && fabs (hy - y) <= HANDLE_PICK)
            {
              *handle = h;
              return g_object_ref (m);
            }
        }
    }
  return NULL;
}

static StmMeasurement *
body_at (StmMeasureLayer *self, double x, double y)
{
  g_autoptr(GPtrArray) items = _stm_measure_layer_slice_measurements (self);

  for (guint k = 0; k < items->len; k++)
    if (body_contains (self, g_ptr_array_index (items, k), x, y))
      return g_object_ref (g_ptr_array_index (items, k));
  return NULL;
}

/* ---- Making and editing ---- */

static StmMeasurementKind
tool_kind (StmMeasureTool tool)
{
  switch (tool)
    {
    case STM_MEASURE_TOOL_ANGLE: return STM_MEASUREMENT_ANGLE;
    case STM_MEASURE_TOOL_ELLIPSE: return STM_MEASUREMENT_ELLIPSE;
    case STM_MEASURE_TOOL_POLYGON: return STM_MEASUREMENT_POLYGON;
    case STM_MEASURE_TOOL_FREEHAND: return STM_MEASUREMENT_FREEHAND;
    case STM_MEASURE_TOOL_DISTANCE:
    default: return STM_MEASUREMENT_DISTANCE;
    }
}

static StmVoxelPoint *
draft_point (StmMeasureLayer *self, guint k)
{
  return &g_array_index (self->draft, StmVoxelPoint, k);
}

static StmVoxelPoint *
last_draft_point (StmMeasureLayer *self)
{
  return draft_point (self, self->draft->len - 1);
}

/* The area the draft's outline encloses on screen (shoelace), in square
 * logical pixels. */
static double
draft_screen_area (StmMeasureLayer *self)
{
  guint n = self->draft->len;
  double twice = 0;

  for (guint k = 0; k < n; k++)
    {
      double x0, y0, x1, y1;

      _stm_measure_layer_to_screen (self, draft_point (self, k), &x0, &y0);
      _stm_measure_layer_to_screen (self, draft_point (self, (k + 1) % n), &x1, &y1);
      twice += x0 * y1 - x1 * y0;
    }
  return fabs (twice) / 2;
}

/* Whether the finished draft is worth keeping: a click without a drag
 * makes no distance, a flat box no ellipse, a stroke that encloses
 * nothing (a line traced there and back) no area. */
static gboolean
draft_has_extent (StmMeasureLayer *self)
{
  guint n = self->draft->len;
  double bounds[4], x0, y0, x1, y1;

  if (!stm_measurement_kind_accepts (self->draft_kind, n))
    return FALSE;
  stm_measure_bounds ((const StmVoxelPoint *) self->draft->data, n, bounds);
  stm_slice_view_voxel_to_screen (self->view, bounds[0], bounds[1], &x0, &y0);
  stm_slice_view_voxel_to_screen (self->view, bounds[2], bounds[3], &x1, &y1);
  if (self->draft_kind == STM_MEASUREMENT_ELLIPSE)
    return fabs (x1 - x0) >= MIN_EXTENT && fabs (y1 - y0) >= MIN_EXTENT;
  if (self->draft_kind == STM_MEASUREMENT_POLYGON || self->draft_kind == STM_MEASUREMENT_FREEHAND)
    return draft_screen_area (self) >= MIN_EXTENT * MIN_EXTENT;
  return MAX (fabs (x1 - x0), fabs (y1 - y0)) >= MIN_EXTENT;
}

static void
commit_draft (StmMeasureLayer *self)
{
  g_autoptr(StmMeasurement) m = NULL;

  if (draft_has_extent (self))
    {
      m = stm_measurement_new (self->draft_kind, self->draft_slice,
                               (const StmVoxelPoint *) self->draft->data, self->draft->len);
      stm_measurement_list_add (self->list, m);
      stm_measure_layer_set_selected (self, m);
    }
  set_mode (self, MODE_IDLE);
}

static void
start_draft (StmMeasureLayer *self, const StmVoxelPoint *p)
{
  self->draft_kind = tool_kind (self->tool);
  self->draft_slice = _stm_measure_layer_current_slice (self);
  g_array_set_size (self->draft, 0);
  g_array_append_val (self->draft, *p);
  /* A drag moves a second point from the first; a distance or an ellipse
   * has its two from the start. */
  if (self->draft_kind == STM_MEASUREMENT_DISTANCE || self->draft_kind == STM_MEASUREMENT_ELLIPSE)
    g_array_append_val (self->draft, *p);
  set_mode (self, self->draft_kind == STM_MEASUREMENT_ANGLE ||
                  self->draft_kind == STM_MEASUREMENT_POLYGON ? MODE_CLICKING : MODE_DRAWING);
}

/* Closes a polygon being clicked; FALSE when it has too few points. */
static gboolean
finish_clicking (StmMeasureLayer *self)
{
  if (self->mode != MODE_CLICKING)
    return FALSE;
  /* A double-click put its first click's point twice. */
  while (self->draft->len > 1 &&
         screen_distance (self, last_draft_point (self), draft_point (self, self->draft->len - 2))
           < MIN_EXTENT)
    g_array_set_size (self->draft, self->draft->len - 1);
  if (!stm_measurement_kind_accepts (self->draft_kind, self->draft->len))
    return FALSE;
  commit_draft (self);
  return TRUE;
}

static gboolean
press_clicking (StmMeasureLayer *self, const StmVoxelPoint *p, int n_press)
{
  gboolean polygon = self->draft_kind == STM_MEASUREMENT_POLYGON;

  if (polygon && (n_press >= 2 ||
                  (self->draft->len >= 3 &&
                   screen_distance (self, p, draft_point (self, 0)) <= HANDLE_PICK)))
    {
      if (!finish_clicking (self))
        g_array_append_val (self->draft, *p);
      return TRUE;
    }
  g_array_append_val (self->draft, *p);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
start_edit (StmMeasureLayer *self, StmMeasurement *m, guint handle, const StmVoxelPoint *p)
{
  guint n;
  const StmVoxelPoint *points = stm_measurement_get_points (m, &n);

  stm_measure_layer_set_selected (self, m);
  g_set_object (&self->editing, m);
  self->handle = handle;
  self->grab = *p;
  self->edit_moved = FALSE;
  g_array_set_size (self->edit_points, 0);
  g_array_append_vals (self->edit_points, points, n);
  set_mode (self, MODE_EDITING);
}

gboolean
stm_measure_layer_press (StmMeasureLayer *self, double x, double y, int n_press)
{
  g_autoptr(StmMeasurement) hit = NULL;
  StmVoxelPoint p;
  guint handle;

  g_return_val_if_fail (STM_IS_MEASURE_LAYER (self), FALSE);

  if (self->view == NULL || _stm_measure_layer_current_volume (self) == NULL)
    return FALSE;
  p = to_voxel (self, x, y);
  if (self->mode == MODE_CLICKING)
    return press_clicking (self, &p, n_press);
  set_mode (self, MODE_IDLE);
  if ((hit = handle_at (self, x, y, &handle)) != NULL)
    {
      start_edit (self, hit, handle, &p);
      return TRUE;
    }
  if (self->tool != STM_MEASURE_TOOL_NONE)
    {
      start_draft (self, &p);
      return TRUE;
    }
  hit = body_at (self, x, y);
  stm_measure_layer_set_selected (self, hit);
  if (hit != NULL)
    start_edit (self, hit, MOVE_ALL, &p);
  return hit != NULL;
}

static void
drag_edit (StmMeasureLayer *self, const StmVoxelPoint *p)
{
  guint n;
  const StmVoxelPoint *original = stm_measurement_get_points (self->editing, &n);
  double di = p->i - self->grab.i, dj = p->j - self->grab.j;

  /* By the pointer's movement, so a handle grabbed off its centre does
   * not jump under the pointer. */
  for (guint k = 0; k < n; k++)
    if (self->handle == MOVE_ALL || self->handle == k)
      g_array_index (self->edit_points, StmVoxelPoint, k) =
        (StmVoxelPoint) { original[k].i + di, original[k].j + dj };
  self->edit_moved = TRUE;
}

void
stm_measure_layer_drag (StmMeasureLayer *self, double x, double y)
{
  StmVoxelPoint p;

  g_return_if_fail (STM_IS_MEASURE_LAYER (self));

  if (self->view == NULL || self->mode == MODE_IDLE)
    return;
  p = to_voxel (self, x, y);
  switch (self->mode)
    {
    case MODE_DRAWING:
      if (self->draft_kind != STM_MEASUREMENT_FREEHAND)
        *last_draft_point (self) = p;
      else if (screen_distance (self, last_draft_point (self), &p) >= FREEHAND_STEP)
        g_array_append_val (self->draft, p);
      break;
    case MODE_CLICKING:
      /* Pressing and dragging places the point where the drag ends. */
      *last_draft_point (self) = p;
      break;
    case MODE_EDITING:
      drag_edit (self, &p);
      break;
    case MODE_IDLE:
    default:
      break;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
stm_measure_layer_release (StmMeasureLayer *self, double x, double y)
{
  g_return_if_fail (STM_IS_MEASURE_LAYER (self));

  switch (self->mode)
    {
    case MODE_DRAWING:
      stm_measure_layer_drag (self, x, y);
      commit_draft (self);
      break;
    case MODE_CLICKING:
      if (self->draft_kind == STM_MEASUREMENT_ANGLE && self->draft->len == 3)
        commit_draft (self);
      break;
    case MODE_EDITING:
      if (self->edit_moved)
        stm_measurement_list_edit (self->list, self->editing,
                                   (const StmVoxelPoint *) self->edit_points->data,
                                   self->edit_points->len);
      set_mode (self, MODE_IDLE);
      break;
    case MODE_IDLE:
    default:
      break;
    }
}

/* ---- Gestures ---- */

static int
count_presses (StmMeasureLayer *self, GtkGesture *gesture, double x, double y)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (gesture));
  int double_time = 400, double_distance = 5;
  gboolean second;

  g_object_get (settings, "gtk-double-click-time", &double_time,
                "gtk-double-click-distance", &double_distance, NULL);
  second = self->last_press_time != 0 && time - self->last_press_time <= (guint32) double_time &&
           fabs (x - self->last_press_x) <= double_distance &&
           fabs (y - self->last_press_y) <= double_distance;
  /* A third press starts a new count. */
  self->last_press_time = second ? 0 : time;
  self->last_press_x = x;
  self->last_press_y = y;
  return second ? 2 : 1;
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, StmMeasureLayer *self)
{
  int n_press = count_presses (self, GTK_GESTURE (gesture), x, y);

  gtk_gesture_set_state (GTK_GESTURE (gesture),
                         stm_measure_layer_press (self, x, y, n_press)
                           ? GTK_EVENT_SEQUENCE_CLAIMED : GTK_EVENT_SEQUENCE_DENIED);
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, StmMeasureLayer *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  stm_measure_layer_drag (self, x + dx, y + dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, StmMeasureLayer *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  stm_measure_layer_release (self, x + dx, y + dy);
}

static void
drag_cancel_cb (GtkGesture *gesture, GdkEventSequence *sequence, StmMeasureLayer *self)
{
  if (self->mode != MODE_CLICKING)
    set_mode (self, MODE_IDLE);
}

/* The rubber band to the next click, and a cursor that shows a handle. */
static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, StmMeasureLayer *self)
{
  g_autoptr(StmMeasurement) over = NULL;
  guint handle;

  if (self->view == NULL)
    return;
  if (self->mode == MODE_CLICKING)
    {
      self->hover = to_voxel (self, x, y);
      self->has_hover = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  if (self->mode == MODE_IDLE)
    {
      over = handle_at (self, x, y, &handle);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       over != NULL ? "move"
                                       : self->tool != STM_MEASURE_TOOL_NONE ? "crosshair" : NULL);
    }
}

static void
leave_cb (GtkEventControllerMotion *controller, StmMeasureLayer *self)
{
  self->has_hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Commands: actions and keys ---- */

typedef enum
{
  COMMAND_UNDO,
  COMMAND_REDO,
  COMMAND_DELETE,
  COMMAND_FINISH,
  COMMAND_CANCEL,
  COMMAND_TOOL,
} Command;

/* FALSE when there was nothing to do, so a key goes on to the window. */
static gboolean
run_command (StmMeasureLayer *self, Command command, const char *tool)
{
  GEnumValue *value;

  switch (command)
    {
    case COMMAND_UNDO:
      /* Undo first drops the measurement being made. */
      if (self->mode == MODE_DRAWING || self->mode == MODE_CLICKING)
        {
          set_mode (self, MODE_IDLE);
          return TRUE;
        }
      return stm_measurement_list_undo (self->list);
    case COMMAND_REDO:
      return stm_measurement_list_redo (self->list);
    case COMMAND_DELETE:
      return self->selected != NULL && stm_measurement_list_remove (self->list, self->selected);
    case COMMAND_FINISH:
      return finish_clicking (self);
    case COMMAND_CANCEL:
      if (self->mode != MODE_IDLE)
        set_mode (self, MODE_IDLE);
      else if (self->tool != STM_MEASURE_TOOL_NONE)
        stm_measure_layer_set_tool (self, STM_MEASURE_TOOL_NONE);
      else
        return FALSE;
      return TRUE;
    case COMMAND_TOOL:
      value = g_enum_get_value_by_nick (g_type_class_peek (STM_TYPE_MEASURE_TOOL), tool);
      if (value == NULL)
        return FALSE;
      stm_measure_layer_set_tool (self, value->value);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static void
command_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  static const struct { const char *name; Command command; } commands[] = {
    { "measure.undo", COMMAND_UNDO },
    { "measure.redo", COMMAND_REDO },
    { "measure.delete", COMMAND_DELETE },
    { "measure.finish", COMMAND_FINISH },
    { "measure.cancel", COMMAND_CANCEL },
  };

  for (guint k = 0; k < G_N_ELEMENTS (commands); k++)
    if (g_str_equal (action_name, commands[k].name))
      run_command (STM_MEASURE_LAYER (widget), commands[k].command, NULL);
}

/* Keys: the shortcut's argument is (command, tool nick). */
static gboolean
key_cb (GtkWidget *widget, GVariant *args, gpointer layer)
{
  int command;
  const char *tool;

  g_variant_get (args, "(i&s)", &command, &tool);
  return run_command (STM_MEASURE_LAYER (layer), command, tool);
}

static const struct
{
  guint           keyval;
  GdkModifierType modifiers;
  Command         command;
  const char     *tool;
} keys[] = {
  { GDK_KEY_z, GDK_CONTROL_MASK, COMMAND_UNDO, "" },
  { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, COMMAND_REDO, "" },
  { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, COMMAND_REDO, "" },
  { GDK_KEY_y, GDK_CONTROL_MASK, COMMAND_REDO, "" },
  { GDK_KEY_Delete, 0, COMMAND_DELETE, "" },
  { GDK_KEY_KP_Delete, 0, COMMAND_DELETE, "" },
  { GDK_KEY_Return, 0, COMMAND_FINISH, "" },
  { GDK_KEY_KP_Enter, 0, COMMAND_FINISH, "" },
  { GDK_KEY_Escape, 0, COMMAND_CANCEL, "" },
  /* Letters the slice view leaves free (it has F, R, I, digits, +, -). */
  { GDK_KEY_d, 0, COMMAND_TOOL, "distance" },
  { GDK_KEY_a, 0, COMMAND_TOOL, "angle" },
  { GDK_KEY_e, 0, COMMAND_TOOL, "ellipse" },
  { GDK_KEY_p, 0, COMMAND_TOOL, "polygon" },
  { GDK_KEY_h, 0, COMMAND_TOOL, "freehand" },
};

/* The view keeps the keyboard focus (it takes it on every click), so the
 * layer's keys are installed on the view; they act on the layer. */
static GtkEventController *
make_key_controller (StmMeasureLayer *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (keys[k].keyval, keys[k].modifiers),
                                       gtk_callback_action_new (key_cb, self, NULL),
                                       "(is)", keys[k].command, keys[k].tool));
  return controller;
}

static void
detach_view (StmMeasureLayer *self)
{
  if (self->view == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->view, self);
  gtk_widget_remove_controller (GTK_WIDGET (self->view), self->view_keys);
  self->view_keys = NULL;
  self->view = NULL;
}

static void
parent_changed_cb (StmMeasureLayer *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (GTK_WIDGET (self->view) == parent)
    return;
  set_mode (self, MODE_IDLE);
  detach_view (self);
  if (STM_IS_SLICE_VIEW (parent))
    {
      self->view = STM_SLICE_VIEW (parent);
      g_signal_connect_swapped (parent, "view-changed", G_CALLBACK (view_changed_cb), self);
      self->view_keys = make_key_controller (self);
      gtk_widget_add_controller (parent, self->view_keys);
    }
  view_changed_cb (self);
}

/* ---- GObject ---- */

static void
stm_measure_layer_dispose (GObject *object)
{
  StmMeasureLayer *self = STM_MEASURE_LAYER (object);

  detach_view (self);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  g_clear_object (&self->selected);
  g_clear_object (&self->editing);
  G_OBJECT_CLASS (stm_measure_layer_parent_class)->dispose (object);
}

static void
stm_measure_layer_finalize (GObject *object)
{
  StmMeasureLayer *self = STM_MEASURE_LAYER (object);

  g_array_unref (self->draft);
  g_array_unref (self->edit_points);
  g_array_unref (self->us_regions);
  g_array_unref (self->placed_labels);
  G_OBJECT_CLASS (stm_measure_layer_parent_class)->finalize (object);
}

static void
stm_measure_layer_get_property (GObject *object, guint prop_id, GValue *value,
                                GParamSpec *pspec)
{
  StmMeasureLayer *self = STM_MEASURE_LAYER (object);

  switch (prop_id)
    {
    case PROP_TOOL: g_value_set_enum (value, self->tool); break;
    case PROP_LIST: g_value_set_object (value, self->list); break;
    case PROP_SELECTED: g_value_set_object (value, self->selected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_measure_layer_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  StmMeasureLayer *self = STM_MEASURE_LAYER (object);

  switch (prop_id)
    {
    case PROP_TOOL: stm_measure_layer_set_tool (self, g_value_get_enum (value)); break;
    case PROP_LIST: stm_measure_layer_set_list (self, g_value_get_object (value)); break;
    case PROP_SELECTED: stm_measure_layer_set_selected (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_measure_layer_class_init (StmMeasureLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *commands[] = {
    "measure.undo", "measure.redo", "measure.delete", "measure.finish", "measure.cancel",
  };

  object_class->dispose = stm_measure_layer_dispose;
  object_class->finalize = stm_measure_layer_finalize;
  object_class->get_property = stm_measure_layer_get_property;
  object_class->set_property = stm_measure_layer_set_property;
  widget_class->snapshot = _stm_measure_layer_snapshot;

  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, STM_TYPE_MEASURE_TOOL, STM_MEASURE_TOOL_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, STM_TYPE_MEASUREMENT_LIST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, STM_TYPE_MEASUREMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  for (guint k = 0; k < G_N_ELEMENTS (commands); k++)
    gtk_widget_class_install_action (widget_class, commands[k], NULL, command_action);
  /* A string action whose state is the tool's nick, for radio buttons. */
  gtk_widget_class_install_property_action (widget_class, "measure.tool", "tool");
  gtk_widget_class_set_css_name (widget_class, "measurelayer");
}

static void
add_gestures (StmMeasureLayer *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

static void
stm_measure_layer_init (StmMeasureLayer *self)
{
  g_autoptr(StmMeasurementList) list = stm_measurement_list_new ();

  self->draft = g_array_new (FALSE, FALSE, sizeof (StmVoxelPoint));
  self->edit_points = g_array_new (FALSE, FALSE, sizeof (StmVoxelPoint));
  self->us_regions = g_array_new (FALSE, FALSE, sizeof (StmUsRegion));
  self->placed_labels = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  stm_measure_layer_set_list (self, list);
  add_gestures (self);
  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_changed_cb), NULL);
}

GtkWidget *
stm_measure_layer_new (void)
{
  return g_object_new (STM_TYPE_MEASURE_LAYER, NULL);
}
