/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The side panel of measurements: one row per measurement of a
 * StmMeasurementList (its name, slice and value, a delete button), with
 * undo and redo. Activating a row emits "measurement-activated" with the
 * StmMeasurement, so the window can show its slice and select it.
 */
#pragma once

#include <gtk/gtk.h>

#include "stm-measurement-list.h"

G_BEGIN_DECLS

#define STM_TYPE_MEASUREMENT_PANEL (stm_measurement_panel_get_type ())
G_DECLARE_FINAL_TYPE (StmMeasurementPanel, stm_measurement_panel, STM, MEASUREMENT_PANEL, GtkWidget)

GtkWidget          *stm_measurement_panel_new      (void);
/* The list shown (or NULL). */
StmMeasurementList *stm_measurement_panel_get_list (StmMeasurementPanel *self);
void                stm_measurement_panel_set_list (StmMeasurementPanel *self,
                                                    StmMeasurementList  *list);

G_END_DECLS
