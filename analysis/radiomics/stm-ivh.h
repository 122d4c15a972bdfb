/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IBSI intensity-volume histogram features (P88C), over the volume (DHQ4):
 * volume fraction at 10% and 90% intensity (V10, V90), intensity at 10%
 * and 90% volume (I10, I90), and the differences V10 - V90 and I10 - I90.
 * The area under the IVH curve has no reference value and is not computed.
 *
 * The IVH is evaluated at every IVH level l = 1..L of the ROI, present in
 * it or not, with discretised intensity i_l = roi->ivh_values[l - 1]
 * (ascending with l) and total range G = roi->ivh_range:
 *   volume fraction     nu_l    = fraction of voxels with level >= l
 *   intensity fraction  gamma_l = (i_l - min G) / (max G - min G)
 *   V_x = the largest nu_l with gamma_l >= x
 *   I_x = the smallest i_l with nu_l <= x
 * Comparisons are made exactly (in integers for nu), so a fraction that
 * lands on x counts. V_x is NaN when no level qualifies, which includes a
 * degenerate range (max G = min G, gamma undefined). When no level has
 * nu_l <= x (more than x of the volume at the highest level), I_x is the
 * highest IVH intensity. An empty ROI gives NaN everywhere.
 */
#pragma once

#include "stm-feature-table.h"
#include "stm-roi.h"

G_BEGIN_DECLS

void stm_ivh_features (const StmRoi    *roi,
                       StmFeatureTable *out);

G_END_DECLS
