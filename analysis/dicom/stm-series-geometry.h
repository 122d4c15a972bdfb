/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "stm-dicom-collection.h"
#include "stm-volume.h"

G_BEGIN_DECLS

/* One frame of one file, and where it lies. */
typedef struct
{
  const StmDicomHeader   *header;
  guint                   frame;
  const StmFrameGeometry *geometry;
  double                  distance;   /* along the slice normal, mm */
} StmSliceSource;

/*
 * The frames of @series in volume order (slice k of the volume is element
 * k), with the volume's geometry in @geometry. Anything irregular is added
 * to the series' warnings.
 */
GArray *stm_series_plan_volume (StmSeries   *series,
                                StmGeometry *geometry);

G_END_DECLS
