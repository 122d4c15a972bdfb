/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Intensity statistics of a region measurement: over the voxels of its
 * slice whose centres it holds (stm_measure_region_contains()). Grey
 * volumes give modality values (HU on CT); colour volumes give the grey of
 * stm_volume_grey_at().
 *
 * The area is exact (pi a b for an ellipse, the shoelace formula for a
 * polygon); the statistics sample voxel centres, so the voxels counted
 * differ from the area in voxels by less than the outline's length in
 * voxels (a centre that can fall either way lies within half a voxel of
 * the outline).
 */
#pragma once

#include "stm-measure-geometry.h"
#include "stm-volume.h"

G_BEGIN_DECLS

typedef struct
{
  gsize  count;   /* voxels inside */
  double mean;
  double sd;      /* sample standard deviation (n - 1); 0 for a single voxel */
  double min, max;
} StmMeasureStats;

/* FALSE when the kind is not a region, @slice is off the volume or no
 * voxel centre lies inside (then @stats is zeroed). Voxels that are not
 * finite numbers are left out. */
gboolean stm_measure_stats (const StmVolume     *volume,
                            guint                slice,
                            StmMeasurementKind   kind,
                            const StmVoxelPoint *points,
                            guint                n_points,
                            StmMeasureStats     *stats);

G_END_DECLS
