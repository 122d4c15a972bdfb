/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Patient and series names as the viewer, the browser and stratum-cli show them. */
#pragma once

#include "stm-dicom-collection.h"

G_BEGIN_DECLS

/* "DOE^^JOHN" as "DOE JOHN" (empty parts dropped); "Anonymous patient"
 * when nothing is left. */
char *stm_dicom_person_name_display (const char      *person_name);
/* A DICOM date "20240115" as "2024-01-15"; anything else as it is ("" for NULL). */
char *stm_dicom_date_display        (const char      *date);
/* "CT Chest" (modality and description); "Unnamed series" when both are empty. */
char *stm_series_display_title      (const StmSeries *series);

G_END_DECLS
