/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The measurements made on one image, as a GListModel of StmMeasurement,
 * with what they are measured on (the volume and its ultrasound regions)
 * and an undo history: adding, removing and editing are recorded, so undo
 * takes a deleted measurement back to its place in the list and an edit
 * back to its previous points. Each change updates the values of the
 * measurements it touches and emits items-changed (an edit as one item
 * removed and added at the same position).
 */
#pragma once

#include <gio/gio.h>

#include "stm-dicom-file.h"
#include "stm-measurement.h"
#include "stm-volume.h"

G_BEGIN_DECLS

#define STM_TYPE_MEASUREMENT_LIST (stm_measurement_list_get_type ())
G_DECLARE_FINAL_TYPE (StmMeasurementList, stm_measurement_list, STM, MEASUREMENT_LIST, GObject)

StmMeasurementList *stm_measurement_list_new             (void);

/* What is measured: setting either updates every measurement. A new
 * series wants a new list: the list does not drop measurements when the
 * volume changes. */
StmVolume          *stm_measurement_list_get_volume      (StmMeasurementList *self);
void                stm_measurement_list_set_volume      (StmMeasurementList *self,
                                                          StmVolume          *volume);
/* The image's ultrasound regions (copied); NULL or 0 for none. */
void                stm_measurement_list_set_us_regions  (StmMeasurementList *self,
                                                          const StmUsRegion  *regions,
                                                          guint               n_regions);
/* The context the measurements are updated with, valid until the volume
 * or the regions change: for measuring a preview the same way. */
void                stm_measurement_list_get_context     (StmMeasurementList *self,
                                                          StmMeasureContext  *context);

/* Appends @measurement (the list takes a reference), naming it "Distance 3"
 * when it has no label. */
void                stm_measurement_list_add             (StmMeasurementList *self,
                                                          StmMeasurement     *measurement);
/* FALSE when @measurement is not in the list. */
gboolean            stm_measurement_list_remove          (StmMeasurementList *self,
                                                          StmMeasurement     *measurement);
/* Moves the points of @measurement (the user dragged a handle). FALSE
 * when it is not in the list or the points do not suit its kind. */
gboolean            stm_measurement_list_edit            (StmMeasurementList  *self,
                                                          StmMeasurement      *measurement,
                                                          const StmVoxelPoint *points,
                                                          guint                n_points);
gboolean            stm_measurement_list_find            (StmMeasurementList *self,
                                                          StmMeasurement     *measurement,
                                                          guint              *position);

/* Each returns FALSE when there is nothing to undo or redo. A new add,
 * remove or edit forgets what could be redone. */
gboolean            stm_measurement_list_undo            (StmMeasurementList *self);
gboolean            stm_measurement_list_redo            (StmMeasurementList *self);
gboolean            stm_measurement_list_get_can_undo    (StmMeasurementList *self);
gboolean            stm_measurement_list_get_can_redo    (StmMeasurementList *self);

G_END_DECLS
