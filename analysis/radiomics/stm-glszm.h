/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Grey level size zone matrix features (IBSI 3.8, 9SAK). */
#pragma once

#include "stm-feature-table.h"
#include "stm-radiomics-config.h"
#include "stm-roi.h"
#include "stm-zones.h"

G_BEGIN_DECLS

/* The 16 GLSZM features with the 2D, 2.5D and 3D aggregations. */
void          stm_glszm_features (const StmRoi             *roi,
                                  const StmRadiomicsConfig *config,
                                  StmFeatureTable          *out);

/* (grey level, zone size) per zone: per slice when @planar, else in 3D. */
StmZonePairs *stm_glszm_pairs    (const StmRoi             *roi,
                                  gboolean                  planar);

G_END_DECLS
