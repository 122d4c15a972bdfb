/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-ngldm.h"

#include <stdlib.h>

static const StmZoneFeatureName ngldm_names[] = {
  { "Low dependence emphasis", "SODN", STM_ZM_SMALL_J },
  { "High dependence emphasis", "IMOQ", STM_ZM_LARGE_J },
  { "Low grey level count emphasis", "TL9H", STM_ZM_LOW_GREY },
  { "High grey level count emphasis", "OAE7", STM_ZM_HIGH_GREY },
  { "Low dependence low grey level emphasis", "EQ3F", STM_ZM_SMALL_J_LOW_GREY },
  { "Low dependence high grey level emphasis", "JA6D", STM_ZM_SMALL_J_HIGH_GREY },
  { "High dependence low grey level emphasis", "NBZI", STM_ZM_LARGE_J_LOW_GREY },
  { "High dependence high grey level emphasis", "9QMG", STM_ZM_LARGE_J_HIGH_GREY },
  { "Grey level non-uniformity", "FP8K", STM_ZM_GREY_NU },
  { "Normalised grey level non-uniformity", "5SPA", STM_ZM_GREY_NU_NORM },
  { "Dependence count non-uniformity", "Z87G", STM_ZM_J_NU },
  { "Normalised dependence count non-uniformity", "OKJI", STM_ZM_J_NU_NORM },
  { "Dependence count percentage", "6XV8", STM_ZM_PERCENTAGE },
  { "Grey level variance", "1PFV", STM_ZM_GREY_VARIANCE },
  { "Dependence count variance", "DNX2", STM_ZM_J_VARIANCE },
  { "Dependence count entropy", "FCBV", STM_ZM_J_ENTROPY },
  { "Dependence count energy", "CAS9", STM_ZM_J_ENERGY },
};

/* The voxel itself and its ROI neighbours within @coarseness of its level. */
static guint
dependence (const int *levels, const StmNeighbours *nb, gsize v, guint coarseness, gsize *around)
{
  guint n = stm_neighbours_get (nb, v, around);
  guint count = 1;

  for (guint k = 0; k < n; k++)
    {
      int other = levels[around[k]];
      count += other > 0 && (guint) abs (other - levels[v]) <= coarseness;
    }
  return count;
}

StmZonePairs *
stm_ngldm_pairs (const StmRoi *roi,
                 guint         distance,
                 guint         coarseness,
                 gboolean      planar)
{
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];
  gsize slice = roi->dims[0] * roi->dims[1];
  g_autoptr(StmNeighbours) nb = stm_neighbours_new (roi->dims, planar, distance);
  g_autofree gsize *around = g_new (gsize, nb->n_offsets);
  gsize n_mask = 0, k = 0;

  for (gsize v = 0; v < n; v++)
    n_mask += roi->levels[v] > 0;
  StmZonePairs *pairs = stm_zone_pairs_new (n_mask, planar ? roi->dims[2] : 1);
  /* Voxels are visited slice by slice, so each slice's pairs are contiguous. */
  for (gsize v = 0; v < n; v++)
    {
      guint g = planar ? v / slice : 0;
      if (roi->levels[v] <= 0)
        continue;
      pairs->pairs[k].level = roi->levels[v];
      pairs->pairs[k].j = dependence (roi->levels, nb, v, coarseness, around);
      pairs->group_voxels[g]++;
      pairs->group_start[g + 1] = ++k;
    }
  for (guint g = 1; g <= pairs->n_groups; g++)
    pairs->group_start[g] = MAX (pairs->group_start[g], pairs->group_start[g - 1]);
  return pairs;
}

void
stm_ngldm_features (const StmRoi             *roi,
                    const StmRadiomicsConfig *config,
                    StmFeatureTable          *out)
{
  guint delta = config != NULL ? MAX (config->distance, 1) : 1;
  guint alpha = config != NULL ? config->ngldm_coarseness : 0;
  g_autoptr(StmZonePairs) planar = stm_ngldm_pairs (roi, delta, alpha, TRUE);
  g_autoptr(StmZonePairs) volume = stm_ngldm_pairs (roi, delta, alpha, FALSE);

  stm_zone_pairs_add_features (planar, volume, "NGLDM", ngldm_names,
                               G_N_ELEMENTS (ngldm_names), out);
}
