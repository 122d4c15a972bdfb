/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-gldzm.h"

static const StmZoneFeatureName gldzm_names[] = {
  { "Small distance emphasis", "0GBI", STM_ZM_SMALL_J },
  { "Large distance emphasis", "MB4I", STM_ZM_LARGE_J },
  { "Low grey level zone emphasis", "S1RA", STM_ZM_LOW_GREY },
  { "High grey level zone emphasis", "K26C", STM_ZM_HIGH_GREY },
  { "Small distance low grey level emphasis", "RUVG", STM_ZM_SMALL_J_LOW_GREY },
  { "Small distance high grey level emphasis", "DKNJ", STM_ZM_SMALL_J_HIGH_GREY },
  { "Large distance low grey level emphasis", "A7WM", STM_ZM_LARGE_J_LOW_GREY },
  { "Large distance high grey level emphasis", "KLTH", STM_ZM_LARGE_J_HIGH_GREY },
  { "Grey level non-uniformity", "VFT7", STM_ZM_GREY_NU },
  { "Normalised grey level non-uniformity", "7HP3", STM_ZM_GREY_NU_NORM },
  { "Zone distance non-uniformity", "V294", STM_ZM_J_NU },
  { "Normalised zone distance non-uniformity", "IATH", STM_ZM_J_NU_NORM },
  { "Zone percentage", "VIWW", STM_ZM_PERCENTAGE },
  { "Grey level variance", "QK93", STM_ZM_GREY_VARIANCE },
  { "Zone distance variance", "7WT1", STM_ZM_J_VARIANCE },
  { "Zone distance entropy", "GBDU", STM_ZM_J_ENTROPY },
};

StmZonePairs *
stm_gldzm_pairs (const StmRoi *roi,
                 gboolean      planar)
{
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];
  g_autoptr(StmZones) zones = stm_zones_label (roi->levels, roi->dims, planar);
  g_autofree guint *distance = g_new (guint, MAX (n, 1));
  StmZonePairs *pairs = stm_zone_pairs_new_for_zones (zones);

  stm_zones_edge_distance (roi->morph_mask, roi->dims, planar, distance);
  for (gsize z = 0; z < zones->n_zones; z++)
    pairs->pairs[z].j = G_MAXUINT;
  /* A zone's distance is the smallest of its voxels'. */
  for (gsize v = 0; v < n; v++)
    {
      guint32 label = zones->labels[v];
      if (label != 0)
        pairs->pairs[label - 1].j = MIN (pairs->pairs[label - 1].j, distance[v]);
    }
  return pairs;
}

void
stm_gldzm_features (const StmRoi             *roi,
                    const StmRadiomicsConfig *config,
                    StmFeatureTable          *out)
{
  g_autoptr(StmZonePairs) planar = stm_gldzm_pairs (roi, TRUE);
  g_autoptr(StmZonePairs) volume = stm_gldzm_pairs (roi, FALSE);

  (void) config;  /* the manual's default: Manhattan distance to the edge */
  stm_zone_pairs_add_features (planar, volume, "GLDZM", gldzm_names,
                               G_N_ELEMENTS (gldzm_names), out);
}
