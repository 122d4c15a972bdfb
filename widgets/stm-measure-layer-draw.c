/* SPDX-License-Identifier: GPL-3.0-or-later */
/* StmMeasureLayer: drawing the measurements of the current slice, their
 * handles and labels, and the one being made. */
#include "stm-measure-layer-private.h"

#include <glib/gi18n.h>
#include <math.h>

typedef struct
{
  double r, g, b;
} Colour;

static const Colour normal_colour = { 1.0, 0.84, 0.0 };
static const Colour selected_colour = { 0.35, 0.85, 1.0 };

/* The shape's outline on screen; a draft may have fewer points than its kind. */
static void
trace_shape (StmMeasureLayer *self, cairo_t *cr, StmMeasurementKind kind,
             const StmVoxelPoint *p, guint n, gboolean closed)
{
  double x, y, x1, y1;

  if (kind == STM_MEASUREMENT_ELLIPSE && n == 2)
    {
      _stm_measure_layer_to_screen (self, &p[0], &x, &y);
      _stm_measure_layer_to_screen (self, &p[1], &x1, &y1);
      if (fabs (x1 - x) < 1e-3 || fabs (y1 - y) < 1e-3)
        return;
      cairo_save (cr);
      cairo_translate (cr, (x + x1) / 2, (y + y1) / 2);
      cairo_scale (cr, fabs (x1 - x) / 2, fabs (y1 - y) / 2);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      return;
    }
  for (guint k = 0; k < n; k++)
    {
      _stm_measure_layer_to_screen (self, &p[k], &x, &y);
      if (k == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  if (closed && n >= 3)
    cairo_close_path (cr);
}

/* Lines readable on bone and air: a dark shadow under the colour. */
static void
stroke_shadowed (cairo_t *cr, const Colour *colour)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_set_line_width (cr, 3.5);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
draw_handles (StmMeasureLayer *self, cairo_t *cr, const StmVoxelPoint *p, guint n,
              const Colour *colour)
{
  for (guint k = 0; k < n; k++)
    {
      double x, y;

      _stm_measure_layer_to_screen (self, &p[k], &x, &y);
      cairo_rectangle (cr, round (x) - HANDLE_SIZE / 2, round (y) - HANDLE_SIZE / 2,
                       HANDLE_SIZE, HANDLE_SIZE);
    }
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static gboolean
label_fits (StmMeasureLayer *self, const graphene_rect_t *r)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (r->origin.x < 0 || r->origin.y < 0 ||
      r->origin.x + r->size.width > gtk_widget_get_width (widget) ||
      r->origin.y + r->size.height > gtk_widget_get_height (widget))
    return FALSE;
  for (guint k = 0; k < self->placed_labels->len; k++)
    if (graphene_rect_intersection (r, &g_array_index (self->placed_labels, graphene_rect_t, k),
                                    NULL))
      return FALSE;
  return TRUE;
}

/* Beside the shape's box (x0, y0)-(x1, y1): right, below, left or above,
 * the first place inside the widget and clear of the labels already
 * drawn; else on the right, pushed inside. */
static void
place_label (StmMeasureLayer *self, double x0, double y0, double x1, double y1, int w, int h,
             graphene_rect_t *out)
{
  double xm = (x0 + x1) / 2, ym = (y0 + y1) / 2, o = LABEL_OFFSET;
  const double places[4][2] = {
    { x1 + o, ym - h / 2.0 }, { xm - w / 2.0, y1 + o },
    { x0 - o - w, ym - h / 2.0 }, { xm - w / 2.0, y0 - o - h },
  };
  GtkWidget *widget = GTK_WIDGET (self);

  for (guint k = 0; k < G_N_ELEMENTS (places); k++)
    {
      graphene_rect_init (out, round (places[k][0]), round (places[k][1]), w, h);
      if (label_fits (self, out))
        return;
    }
  graphene_rect_init (out,
                      round (CLAMP (places[0][0], 0, MAX (0, gtk_widget_get_width (widget) - w))),
                      round (CLAMP (places[0][1], 0, MAX (0, gtk_widget_get_height (widget) - h))),
                      w, h);
}

/* The value beside the shape, readable on bone and air. */
static void
draw_label (StmMeasureLayer *self, cairo_t *cr, const StmVoxelPoint *p, guint n,
            const char *text, const Colour *colour)
{
  g_autoptr(PangoLayout) layout = NULL;
  double bounds[4], x0, y0, x1, y1;
  graphene_rect_t r;
  int w, h;

  if (text == NULL || text[0] == '\0' || n == 0)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_get_pixel_size (layout, &w, &h);
  stm_measure_bounds (p, n, bounds);
  _stm_measure_layer_to_screen (self, &(StmVoxelPoint) { bounds[0], bounds[1] }, &x0, &y0);
  _stm_measure_layer_to_screen (self, &(StmVoxelPoint) { bounds[2], bounds[3] }, &x1, &y1);
  place_label (self, MIN (x0, x1), MIN (y0, y1), MAX (x0, x1), MAX (y0, y1), w, h, &r);
  g_array_append_val (self->placed_labels, r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_move_to (cr, r.origin.x + 1, r.origin.y + 1);
  pango_cairo_show_layout (cr, layout);
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
  cairo_move_to (cr, r.origin.x, r.origin.y);
  pango_cairo_show_layout (cr, layout);
}

/* The value of points that are not (yet) a measurement of the list. */
static char *
preview_text (StmMeasureLayer *self, StmMeasurementKind kind, guint slice,
              const StmVoxelPoint *p, guint n)
{
  StmMeasureContext context;
  StmMeasurementResult result;

  if (!stm_measurement_kind_accepts (kind, n))
    return NULL;
  stm_measurement_list_get_context (self->list, &context);
  stm_measure_compute (&context, kind, slice, p, n, &result);
  return stm_measure_format_label (&result);
}

static void
draw_measurement (StmMeasureLayer *self, cairo_t *cr, StmMeasurement *m)
{
  StmMeasurementKind kind = stm_measurement_get_kind (m);
  const Colour *colour = m == self->selected ? &selected_colour : &normal_colour;
  g_autofree char *text = NULL;
  guint n;
  const StmVoxelPoint *p = _stm_measure_layer_shown_points (self, m, &n);

  /* A measurement being edited shows the value it would have. */
  text = self->mode == MODE_EDITING && m == self->editing
           ? preview_text (self, kind, stm_measurement_get_slice (m), p, n)
           : stm_measurement_format_label (m);
  trace_shape (self, cr, kind, p, n, stm_measurement_kind_is_region (kind));
  stroke_shadowed (cr, colour);
  if (_stm_measure_kind_has_handles (kind))
    draw_handles (self, cr, p, n, colour);
  /* A line's value goes by its end, an angle's by its vertex. */
  if (stm_measurement_kind_is_region (kind))
    draw_label (self, cr, p, n, text, colour);
  else
    draw_label (self, cr, &p[1], 1, text, colour);
}

static void
draw_draft (StmMeasureLayer *self, cairo_t *cr)
{
  g_autoptr(GArray) points = g_array_copy (self->draft);
  g_autofree char *text = NULL;
  const StmVoxelPoint *p;
  guint n;

  /* While clicking, the next point follows the pointer. */
  if (self->mode == MODE_CLICKING && self->has_hover)
    g_array_append_val (points, self->hover);
  p = (const StmVoxelPoint *) points->data;
  n = points->len;
  text = preview_text (self, self->draft_kind, self->draft_slice, p, n);
  trace_shape (self, cr, self->draft_kind, p, n,
               self->mode == MODE_DRAWING && self->draft_kind == STM_MEASUREMENT_FREEHAND);
  stroke_shadowed (cr, &selected_colour);
  if (_stm_measure_kind_has_handles (self->draft_kind))
    draw_handles (self, cr, (const StmVoxelPoint *) self->draft->data, self->draft->len,
                  &selected_colour);
  draw_label (self, cr, p, n, text, &selected_colour);
}

void
_stm_measure_layer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  StmMeasureLayer *self = STM_MEASURE_LAYER (widget);
  g_autoptr(GPtrArray) items = NULL;
  cairo_t *cr;

  if (self->view == NULL || _stm_measure_layer_current_volume (self) == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                       gtk_widget_get_height (widget)));
  items = _stm_measure_layer_slice_measurements (self);
  g_array_set_size (self->placed_labels, 0);
  /* Bottom first, so the selected one is on top. */
  for (guint k = items->len; k-- > 0;)
    draw_measurement (self, cr, g_ptr_array_index (items, k));
  if ((self->mode == MODE_DRAWING || self->mode == MODE_CLICKING) &&
      self->draft_slice == _stm_measure_layer_current_slice (self) && self->draft->len > 0)
    draw_draft (self, cr);
  cairo_destroy (cr);
}
