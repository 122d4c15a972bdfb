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
 *    approximate enclosing ellipsoid) with the sample covariance (n - 1);
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
 * Moran's I and Geary's C weigh every pair of intensity-mask voxels by
 * 1 / distance. Three ways to the same sums:
 *  - PAIRS: every pair, O(n^2); the automatic choice up to
 *    STM_AUTOCORRELATION_PAIRS_MAX_VOXELS voxels.
 *  - FFT: exact as well (to rounding), as two convolutions with the
 *    1 / distance kernel by FFT, O(N log N) on a grid of 2 n_axis - 1
 *    points per axis (rounded up to 2^a 3^b), n_axis the extent of the
 *    intensity mask; the automatic choice while that grid has at most
 *    STM_AUTOCORRELATION_FFT_MAX_POINTS points (64 MB of complex numbers):
 *    a mask about 72 voxels a side, e.g. a ball of 190 000 voxels.
 *  - SAMPLED: beyond that, IBSI's sub-sampling approximation: the complete
 *    weight rows of MAX (STM_AUTOCORRELATION_PAIR_BUDGET / n,
 *    STM_AUTOCORRELATION_MIN_ROWS) voxels, one drawn from each of as many
 *    equal runs of the voxels in raster order with a fixed seed (the same
 *    ROI always gives the same value). Each sampled row pairs its voxel with
 *    all n voxels, so the weights are those of the whole ROI. Typical
 *    errors on 100 000 voxels of smoothed noise: Geary's C 0.1-0.4 %,
 *    Moran's I (near 0.01 there) 5-15 % relative.
 */
typedef enum
{
  STM_AUTOCORRELATION_AUTO,
  STM_AUTOCORRELATION_PAIRS,
  STM_AUTOCORRELATION_FFT,
  STM_AUTOCORRELATION_SAMPLED,
} StmAutocorrelationMethod;

#define STM_AUTOCORRELATION_PAIRS_MAX_VOXELS 4096
#define STM_AUTOCORRELATION_FFT_MAX_POINTS   ((gsize) 1 << 22)
#define STM_AUTOCORRELATION_PAIR_BUDGET      ((gsize) 1 << 27)
#define STM_AUTOCORRELATION_MIN_ROWS         1024

/* Appends the 25 morphology rows (family "morphology", aggregation DHQ4);
 * NaN where the ROI leaves a feature undefined (empty mask, no intensity
 * variance for Moran's I and Geary's C). */
void stm_morphology_features (const StmRoi    *roi,
                              StmFeatureTable *out);

/* Moran's I (N365) and Geary's C (NPT7) over the intensity mask by
 * @method; returns the method used (never AUTO). */
StmAutocorrelationMethod stm_morphology_autocorrelation (const StmRoi             *roi,
                                                         StmAutocorrelationMethod  method,
                                                         double                   *moran_i,
                                                         double                   *geary_c);

G_END_DECLS
