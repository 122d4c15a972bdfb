/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A measurement's values as text for the side panel and the label on the
 * image: "23.4 mm", "87.2°", "A 312.5 mm²  mean 45.1 HU  SD 12.0",
 * "41 px (uncalibrated)". Translated, with the decimal separator of the
 * user's locale (LC_NUMERIC, set by the application at start-up).
 */
#pragma once

#include "stm-measure-result.h"

G_BEGIN_DECLS

/* "Distance", "Angle", "Ellipse", "Polygon", "Freehand", translated. */
const char *stm_measurement_kind_name  (StmMeasurementKind          kind);
/* The one-line value. */
char       *stm_measure_format         (const StmMeasurementResult *result);
/* The label on the image and in the list: for a region the area, then
 * mean and SD on a second line; the one line otherwise. */
char       *stm_measure_format_label   (const StmMeasurementResult *result);
/* Several lines: the area, then mean and SD, then min, max and the voxel
 * count (for a tooltip); the same as the one line for other kinds. */
char       *stm_measure_format_details (const StmMeasurementResult *result);

G_END_DECLS
