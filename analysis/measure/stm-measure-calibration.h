/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How big a measurement's pixels are. A CT (or any image with a
 * PixelSpacing) has one spacing, the volume's. An ultrasound image has
 * none: the loader leaves its volume in pixels (spacing 1 x 1) and the
 * scale lives in its regions, one calibration each (stm-us-calibration.h),
 * so the region that holds the whole measurement gives the spacing, used
 * once and never multiplied by the volume's. A measurement that crosses
 * regions, lies outside them or in one not calibrated in distance is
 * measured in pixels and marked uncalibrated.
 */
#pragma once

#include "stm-dicom-file.h"
#include "stm-measure-geometry.h"
#include "stm-volume.h"

G_BEGIN_DECLS

/* What a measurement is measured on. Borrowed pointers. */
typedef struct
{
  const StmVolume   *volume;        /* its spacing and voxels; may be NULL */
  const StmUsRegion *us_regions;    /* the image's ultrasound regions, or NULL */
  guint              n_us_regions;
} StmMeasureContext;

/*
 * The spacing, mm per voxel along i and j, for a measurement with these
 * points. When the image has ultrasound regions, from the one region that
 * holds the points' bounding box; otherwise the volume's. FALSE, with
 * @spacing set to 1 x 1 (pixels), when there is no calibration to use.
 */
gboolean stm_measure_calibrate (const StmMeasureContext *context,
                                const StmVoxelPoint     *points,
                                guint                    n_points,
                                double                   spacing[2]);

G_END_DECLS
