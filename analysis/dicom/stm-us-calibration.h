/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Ultrasound calibration: an ultrasound image has no PixelSpacing, its
 * scale lives in the Sequence of Ultrasound Regions (0018,6011), one
 * calibration per region. A region of interest can be measured only when
 * it lies wholly inside one region calibrated in distance.
 */
#pragma once

#include "stm-dicom-file.h"

G_BEGIN_DECLS

/* Physical units of a region's axes, PS3.3 C.8.5.5.1.15. */
typedef enum
{
  STM_US_UNITS_NONE = 0,
  STM_US_UNITS_PERCENT = 1,
  STM_US_UNITS_DB = 2,
  STM_US_UNITS_CM = 3,
  STM_US_UNITS_SECONDS = 4,
  STM_US_UNITS_HERTZ = 5,
  STM_US_UNITS_DB_PER_SECOND = 6,
  STM_US_UNITS_CM_PER_SECOND = 7,
  STM_US_UNITS_CM2 = 8,
  STM_US_UNITS_CM2_PER_SECOND = 9,
  STM_US_UNITS_CM3 = 10,
  STM_US_UNITS_CM3_PER_SECOND = 11,
  STM_US_UNITS_DEGREES = 12,
} StmUsUnits;

/*
 * The one ultrasound region of @header that holds the whole of @box
 * (x0, y0, x1, y1, pixel indices, bounds inclusive). FALSE, with an
 * STM_DICOM_ERROR_UNSUPPORTED error, when no region or more than one does.
 */
gboolean stm_us_region_for_box    (const StmDicomHeader *header,
                                   const guint           box[4],
                                   const StmUsRegion   **region,
                                   GError              **error);

/*
 * The size of a pixel of @region in millimetres: spacing[0] along x
 * (columns), spacing[1] along y (rows). FALSE, with an
 * STM_DICOM_ERROR_UNSUPPORTED error naming the units, when the region is
 * not calibrated in distance (cm) on both axes.
 */
gboolean stm_us_region_spacing_mm (const StmUsRegion    *region,
                                   double                spacing[2],
                                   GError              **error);

/* The name of a unit code, "centimetres", "seconds"...; "unknown units" otherwise
 * (translated). */
const char *stm_us_units_name     (int units);

G_END_DECLS
