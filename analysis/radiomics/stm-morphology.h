/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IBSI morphological features (family HCUG, 25 features with reference
 * values), computed in 3D (aggregation DHQ4) in millimetres:
 *
 *  - from the marching-cubes mesh of the morphological mask (stm-mesh.h):
 *    volume, area and the ratios built on them, the axis-aligned bounding
 *    box, and through its convex hull (stm-convex-hull.h) the maximum 3D
 *    diameter and the convex hull densities;
 *  - from the morphological mask's voxel centres: voxel-counting volume,
 *    principal component analysis (axis lengths, elongation, flatness, the
 *    approximate enclosing ellipsoid) with the population covariance;
 *  - with the intensity mask's intensities: centre of mass shift,
 *    integrated intensity, Moran's I and Geary's C (weights 1 / distance).
 *
 * The OMBB and MVEE densities are left out: IBSI gives them no reference.
 */
#pragma once

#include "stm-feature-table.h"
#include "stm-roi.h"

G_BEGIN_DECLS

/*
 * Moran's I and Geary's C cost one weight per pair of voxels. Up to this
 * many voxels in the intensity mask they are exact; above it they are
 * estimated from the complete weight rows of a sample of
 * MAX (STM_AUTOCORRELATION_PAIR_BUDGET / n, STM_AUTOCORRELATION_MIN_ROWS)
 * voxels drawn without replacement with a fixed seed (the same ROI always
 * gives the same value). Each sampled row pairs its voxel with all n voxels,
 * so the neighbourhood structure is that of the whole ROI, unlike computing
 * the statistic on a sub-sampled ROI.
 */
#define STM_AUTOCORRELATION_EXACT_MAX_VOXELS 16384
#define STM_AUTOCORRELATION_PAIR_BUDGET      (G_GUINT64_CONSTANT (1) << 27)
#define STM_AUTOCORRELATION_MIN_ROWS         1024

/* Appends the 25 morphology rows (family "morphology", aggregation DHQ4);
 * NaN where the ROI leaves a feature undefined (empty mask, no intensity
 * variance for Moran's I and Geary's C). */
void stm_morphology_features        (const StmRoi    *roi,
                                     StmFeatureTable *out);

/* Moran's I (N365) and Geary's C (NPT7) over the intensity mask; exact
 * when @exact, else by the policy above. */
void stm_morphology_autocorrelation (const StmRoi    *roi,
                                     gboolean         exact,
                                     double          *moran_i,
                                     double          *geary_c);

G_END_DECLS
