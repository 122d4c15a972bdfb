/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Measurements drawn and edited over a StmSliceView: put it on the view
 * with stm_slice_view_set_layer(). It follows the view's slice, zoom and
 * pan ("view-changed") and shows the measurements of the current slice
 * from its StmMeasurementList, with handles and their values.
 *
 * The primary button makes a measurement with the current tool (a drag
 * for a distance, an ellipse or a freehand outline; three clicks for an
 * angle; clicks for a polygon, closed by a double-click, a click on its
 * first point or Enter; Escape cancels) and drags the handles of any
 * measurement on the slice, with or without a tool. With no tool, a click
 * on a measurement selects it and a drag moves it; every other press goes
 * on to the view, as do the other buttons, the wheel and the view's keys.
 *
 * Actions: measure.undo (Ctrl+Z), measure.redo (Ctrl+Shift+Z, Ctrl+Y),
 * measure.delete (Delete), measure.tool("none" | "distance" | "angle" |
 * "ellipse" | "polygon" | "freehand"; keys D, A, E, P, H), measure.finish
 * (Enter), measure.cancel (Escape: the measurement being made, else the
 * tool). The keys work while the layer or its view has the focus.
 */
#pragma once

#include <gtk/gtk.h>

#include "stm-measurement-list.h"

G_BEGIN_DECLS

typedef enum
{
  STM_MEASURE_TOOL_NONE,
  STM_MEASURE_TOOL_DISTANCE,
  STM_MEASURE_TOOL_ANGLE,
  STM_MEASURE_TOOL_ELLIPSE,
  STM_MEASURE_TOOL_POLYGON,
  STM_MEASURE_TOOL_FREEHAND,
} StmMeasureTool;

#define STM_TYPE_MEASURE_TOOL (stm_measure_tool_get_type ())
GType stm_measure_tool_get_type (void) G_GNUC_CONST;

#define STM_TYPE_MEASURE_LAYER (stm_measure_layer_get_type ())
G_DECLARE_FINAL_TYPE (StmMeasureLayer, stm_measure_layer, STM, MEASURE_LAYER, GtkWidget)

GtkWidget          *stm_measure_layer_new            (void);

StmMeasureTool      stm_measure_layer_get_tool       (StmMeasureLayer    *self);
void                stm_measure_layer_set_tool       (StmMeasureLayer    *self,
                                                      StmMeasureTool      tool);
/* The measurements shown and edited; the layer starts with an empty one.
 * The layer keeps the list's volume in step with its view's. */
StmMeasurementList *stm_measure_layer_get_list       (StmMeasureLayer    *self);
void                stm_measure_layer_set_list       (StmMeasureLayer    *self,
                                                      StmMeasurementList *list);
/* The image's ultrasound regions, for calibration (copied; NULL for none). */
void                stm_measure_layer_set_us_regions (StmMeasureLayer    *self,
                                                      const StmUsRegion  *regions,
                                                      guint               n_regions);
/* The selected measurement (highlighted, what Delete removes), or NULL. */
StmMeasurement     *stm_measure_layer_get_selected   (StmMeasureLayer    *self);
void                stm_measure_layer_set_selected   (StmMeasureLayer    *self,
                                                      StmMeasurement     *measurement);

/*
 * The primary button, in widget coordinates: what the layer's gestures
 * call, and what tests and scripted input can call. @n_press is 2 for the
 * second press of a double-click. press returns whether the layer takes
 * the press (otherwise it belongs to the view); drag and release follow a
 * press it took.
 */
gboolean            stm_measure_layer_press          (StmMeasureLayer    *self,
                                                      double              x,
                                                      double              y,
                                                      int                 n_press);
void                stm_measure_layer_drag           (StmMeasureLayer    *self,
                                                      double              x,
                                                      double              y);
void                stm_measure_layer_release        (StmMeasureLayer    *self,
                                                      double              x,
                                                      double              y);

G_END_DECLS
