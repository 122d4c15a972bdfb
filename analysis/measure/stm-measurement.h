/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One measurement drawn on a slice: a distance, an angle, an ellipse, a
 * polygon or a freehand outline. Its points are continuous voxel
 * coordinates of slice k (voxel (i, j) has its centre at (i, j) and covers
 * [i - 0.5, i + 0.5] x [j - 0.5, j + 0.5]), so it stays put whatever the
 * zoom, and its values are worked out in millimetres from the spacing the
 * calibration gives (stm-measure-calibration.h).
 *
 * The points of each kind (StmMeasurementKind, stm-measure-geometry.h):
 *   DISTANCE  2 points, the two ends.
 *   ANGLE     3 points; the angle is at the second (the vertex).
 *   ELLIPSE   2 points, opposite corners of the axis-aligned box the
 *             ellipse is inscribed in: centre halfway, semi-axes half the
 *             box's sides. Axis-aligned because that is what a drag from
 *             corner to corner draws and what an ellipse ROI is in
 *             radiology viewers.
 *   POLYGON   3 or more vertices, closed (the last joins the first).
 *   FREEHAND  3 or more points of the traced outline, closed like a polygon.
 */
#pragma once

#include <glib-object.h>

#include "stm-measure-format.h"
#include "stm-measure-geometry.h"
#include "stm-measure-result.h"

G_BEGIN_DECLS

#define STM_TYPE_MEASUREMENT_KIND (stm_measurement_kind_get_type ())
GType stm_measurement_kind_get_type (void) G_GNUC_CONST;

#define STM_TYPE_MEASUREMENT (stm_measurement_get_type ())
G_DECLARE_FINAL_TYPE (StmMeasurement, stm_measurement, STM, MEASUREMENT, GObject)

/* NULL (with a critical) when @n_points does not suit @kind. */
StmMeasurement      *stm_measurement_new        (StmMeasurementKind   kind,
                                                 guint                slice,
                                                 const StmVoxelPoint *points,
                                                 guint                n_points);
StmMeasurementKind   stm_measurement_get_kind   (StmMeasurement      *self);
guint                stm_measurement_get_slice  (StmMeasurement      *self);
const StmVoxelPoint *stm_measurement_get_points (StmMeasurement      *self,
                                                 guint               *n_points);
/* Replaces the points as they are, not recorded for undo: an edit the user
 * makes goes through stm_measurement_list_edit(). Clears the result. */
void                 stm_measurement_set_points (StmMeasurement      *self,
                                                 const StmVoxelPoint *points,
                                                 guint                n_points);
/* The name shown in the list, "Distance 1"; NULL until one is given. */
const char          *stm_measurement_get_label  (StmMeasurement      *self);
void                 stm_measurement_set_label  (StmMeasurement      *self,
                                                 const char          *label);

/* Works the values out again for @context and keeps them. */
void                 stm_measurement_update     (StmMeasurement          *self,
                                                 const StmMeasureContext *context);
/* The values of the last update, or NULL when the measurement has not
 * been updated since it was made or its points changed. */
const StmMeasurementResult *stm_measurement_get_result (StmMeasurement *self);
/* The value on one line ("23.4 mm"), as stm_measure_format(); "" when
 * there is no result. */
char                *stm_measurement_format     (StmMeasurement      *self);
/* Two lines for a region (area; mean and SD), as stm_measure_format_label(). */
char                *stm_measurement_format_label (StmMeasurement    *self);

G_END_DECLS
