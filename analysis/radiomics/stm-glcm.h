/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Grey level co-occurrence matrix features (IBSI 3.6, LFYI): 25 features,
 * each under the six aggregation methods BTW3, SUJT, JJUI, ZW7Z, ITBB, IAZD.
 */
#pragma once

#include "stm-feature-table.h"
#include "stm-radiomics-config.h"
#include "stm-roi.h"
#include "stm-texture-directions.h"

G_BEGIN_DECLS

#define STM_GLCM_N_FEATURES 25

/*
 * Adds the 150 GLCM rows (family "GLCM") to @out. The 2D methods work slice
 * by slice along z with the 4 in-plane directions, the 3D ones with the 13
 * volumetric directions; direction vectors are scaled by config->distance
 * (Chebyshev). A pair counts only when both voxels are in the intensity
 * mask. Matrices without any pair are left out of the averages.
 */
void     stm_glcm_features        (const StmRoi             *roi,
                                   const StmRadiomicsConfig *config,
                                   StmFeatureTable          *out);

/*
 * Adds to @counts (levels->n x levels->n, row-major; row = the dense level
 * index of the voxel, column = that of its neighbour at @direction x
 * @distance) the pairs whose first voxel lies in slices [z_begin, z_end).
 * With @symmetric each pair is also counted transposed (IBSI: M_m + M_m^T).
 */
void     stm_glcm_accumulate      (const StmRoi              *roi,
                                   const StmTextureLevels    *levels,
                                   const StmTextureDirection *direction,
                                   guint                      distance,
                                   gboolean                   symmetric,
                                   gsize                      z_begin,
                                   gsize                      z_end,
                                   double                    *counts);

/*
 * The STM_GLCM_N_FEATURES features of one matrix of counts, in the order of
 * the IBSI tables (joint maximum first, information correlation 2 last).
 * Returns FALSE, all values NaN, when the matrix is empty.
 */
gboolean stm_glcm_matrix_features (const StmTextureLevels *levels,
                                   const double           *counts,
                                   double                 *values);

/* The IBSI name and code of feature @index (0..STM_GLCM_N_FEATURES-1). */
const char *stm_glcm_feature_name (guint index);
const char *stm_glcm_feature_code (guint index);

G_END_DECLS
