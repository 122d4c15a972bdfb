/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Neighbouring grey level dependence matrix features (IBSI 3.11, REK0). */
#pragma once

#include "stm-feature-table.h"
#include "stm-radiomics-config.h"
#include "stm-roi.h"
#include "stm-zones.h"

G_BEGIN_DECLS

/* The 17 NGLDM features with the 2D, 2.5D and 3D aggregations, using the
 * Chebyshev distance config->distance and coarseness config->ngldm_coarseness. */
void          stm_ngldm_features (const StmRoi             *roi,
                                  const StmRadiomicsConfig *config,
                                  StmFeatureTable          *out);

/*
 * (grey level, dependence count) per voxel of the intensity mask: the ROI
 * voxels within Chebyshev distance @distance (in the slice when @planar),
 * itself included, whose level differs by at most @coarseness.
 */
StmZonePairs *stm_ngldm_pairs    (const StmRoi             *roi,
                                  guint                     distance,
                                  guint                     coarseness,
                                  gboolean                  planar);

G_END_DECLS
