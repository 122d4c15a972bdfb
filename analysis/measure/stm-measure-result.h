/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The values of a measurement: its length, angle or area in millimetres
 * (pixels when it is not calibrated) and, for a region, the statistics
 * of the voxels inside.
 */
#pragma once

#include "stm-measure-calibration.h"
#include "stm-measure-geometry.h"
#include "stm-measure-stats.h"

G_BEGIN_DECLS

typedef enum
{
  STM_INTENSITY_GREY,   /* no unit: colour turned grey, or ultrasound echo */
  STM_INTENSITY_HU,     /* Hounsfield units */
} StmIntensityUnit;

typedef struct
{
  StmMeasurementKind kind;
  /* TRUE: length in mm and area in mm²; FALSE: in pixels and pixels². */
  gboolean           calibrated;
  double             spacing[2];   /* what was used, mm (or 1) per voxel */
  double             length;       /* DISTANCE */
  double             angle;        /* ANGLE, degrees (in pixel space when uncalibrated) */
  double             area;         /* ELLIPSE, POLYGON, FREEHAND */
  gboolean           has_stats;    /* a region with at least one voxel centre inside */
  StmMeasureStats    stats;
  StmIntensityUnit   unit;
} StmMeasurementResult;

/*
 * Measures the points of slice @slice in @context. The statistics are in
 * HU for a grey volume without ultrasound regions (CT), unitless grey
 * otherwise (colour ultrasound through stm_volume_grey_at()).
 */
void stm_measure_compute (const StmMeasureContext *context,
                          StmMeasurementKind       kind,
                          guint                    slice,
                          const StmVoxelPoint     *points,
                          guint                    n_points,
                          StmMeasurementResult    *result);

G_END_DECLS
