/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IBSI local intensity features (family 9ST6), 3D (DHQ4): the mean
 * intensity in a 1 cm^3 sphere (radius (3 / 4 pi)^(1/3) cm = 6.2035 mm,
 * voxel centres within it, in mm) around
 *  - the intensity mask's maximum-intensity voxel(s), the highest of these
 *    means: local intensity peak (VJGA);
 *  - every intensity-mask voxel, the highest mean: global intensity peak (0F91).
 *
 * The sphere takes every voxel of the grid whether in a mask or not (a NaN
 * intensity counts as absent), and is cut where the grid ends. IBSI asks
 * for the whole image here, so a grid cropped tight to the mask loses part
 * of the spheres at its border: the grid needs a margin of
 * floor (STM_LOCAL_INTENSITY_RADIUS_MM / spacing) voxels on each side along
 * each axis (6 at 1 mm, 3 at 2 mm), as far as the image goes, with both
 * masks 0 there. Morphology is unaffected by such a margin.
 */
#pragma once

#include "stm-feature-table.h"
#include "stm-roi.h"

G_BEGIN_DECLS

#define STM_LOCAL_INTENSITY_RADIUS_MM 6.203504908994001  /* 10 (3 / (4 pi))^(1/3) */

/* Appends the 2 rows (family "local intensity", aggregation DHQ4); NaN for
 * an empty intensity mask. */
void stm_local_intensity_features (const StmRoi    *roi,
                                   StmFeatureTable *out);

G_END_DECLS
