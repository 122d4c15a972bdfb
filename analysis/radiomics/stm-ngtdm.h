/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Neighbourhood grey tone difference matrix features (IBSI 3.10, IPET). */
#pragma once

#include "stm-feature-table.h"
#include "stm-radiomics-config.h"
#include "stm-roi.h"

G_BEGIN_DECLS

/* The 5 NGTDM features with the 2D, 2.5D and 3D aggregations, using the
 * Chebyshev distance config->distance. */
void stm_ngtdm_features (const StmRoi             *roi,
                         const StmRadiomicsConfig *config,
                         StmFeatureTable          *out);

/* The NGTDM of each slice (planar) or of the volume (one group). */
typedef struct
{
  guint   max_level;   /* rows 1..max_level; row 0 is unused */
  guint   n_groups;
  double *s;           /* n_groups x (max_level + 1): grey tone differences s_i */
  double *n;           /* n_groups x (max_level + 1): voxels n_i with a neighbour */
} StmNgtdm;

StmNgtdm *stm_ngtdm_new  (const StmRoi *roi,
                          guint         distance,
                          gboolean      planar);
void      stm_ngtdm_free (StmNgtdm     *ngtdm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmNgtdm, stm_ngtdm_free)

G_END_DECLS
