/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Grey level distance zone matrix features (IBSI 3.9, VMDZ). */
#pragma once

#include "stm-feature-table.h"
#include "stm-radiomics-config.h"
#include "stm-roi.h"
#include "stm-zones.h"

G_BEGIN_DECLS

/* The 16 GLDZM features with the 2D, 2.5D and 3D aggregations. */
void          stm_gldzm_features (const StmRoi             *roi,
                                  const StmRadiomicsConfig *config,
                                  StmFeatureTable          *out);

/*
 * (grey level, distance to the ROI edge) per zone: zones of the intensity
 * mask, distances on the morphological mask; per slice when @planar.
 */
StmZonePairs *stm_gldzm_pairs    (const StmRoi             *roi,
                                  gboolean                  planar);

G_END_DECLS
