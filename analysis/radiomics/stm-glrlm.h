/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Grey level run length matrix features (IBSI 3.7, TP0I): 16 features,
 * each under the six aggregation methods BTW3, SUJT, JJUI, ZW7Z, ITBB, IAZD.
 */
#pragma once

#include "stm-feature-table.h"
#include "stm-radiomics-config.h"
#include "stm-roi.h"
#include "stm-texture-directions.h"

G_BEGIN_DECLS

#define STM_GLRLM_N_FEATURES 16

/*
 * Adds the 96 GLRLM rows (family "GLRLM") to @out. Runs follow the 4
 * in-plane directions slice by slice (2D, 2.5D) or the 13 volumetric
 * directions (3D), and stop at the edge of the intensity mask. Merged
 * matrices sum their voxel counts N_v too. Empty matrices are left out of
 * the averages. @config is not used (runs have no distance) and may be NULL.
 */
void     stm_glrlm_features        (const StmRoi             *roi,
                                    const StmRadiomicsConfig *config,
                                    StmFeatureTable          *out);

/* The longest run any direction can hold in this ROI's grid: the column count of a matrix. */
gsize    stm_glrlm_max_run         (const StmRoi *roi);

/*
 * Adds to @counts (levels->n x @max_run, row-major; element (i, j) = runs of
 * dense level i with length j + 1) the runs along @direction that start in
 * slices [z_begin, z_end). For an in-plane direction and one slice these are
 * exactly that slice's runs. Returns the number of ROI voxels visited: N_v
 * of this matrix.
 */
gsize    stm_glrlm_accumulate      (const StmRoi              *roi,
                                    const StmTextureLevels    *levels,
                                    const StmTextureDirection *direction,
                                    gsize                      z_begin,
                                    gsize                      z_end,
                                    gsize                      max_run,
                                    double                    *counts);

/*
 * The STM_GLRLM_N_FEATURES features of one matrix holding runs over
 * @n_voxels voxels, in the order of the IBSI tables (short runs emphasis
 * first, run entropy last). Returns FALSE, all values NaN, when empty.
 */
gboolean stm_glrlm_matrix_features (const StmTextureLevels *levels,
                                    const double           *counts,
                                    gsize                   max_run,
                                    double                  n_voxels,
                                    double                 *values);

/* The IBSI name and code of feature @index (0..STM_GLRLM_N_FEATURES-1). */
const char *stm_glrlm_feature_name (guint index);
const char *stm_glrlm_feature_code (guint index);

G_END_DECLS
