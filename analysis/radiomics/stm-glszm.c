/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-glszm.h"

static const StmZoneFeatureName glszm_names[] = {
  /* The manual prints no code for small zone emphasis. */
  { "Small zone emphasis", "", STM_ZM_SMALL_J },
  { "Large zone emphasis", "48P8", STM_ZM_LARGE_J },
  { "Low grey level zone emphasis", "XMSY", STM_ZM_LOW_GREY },
  { "High grey level zone emphasis", "5GN9", STM_ZM_HIGH_GREY },
  { "Small zone low grey level emphasis", "5RAI", STM_ZM_SMALL_J_LOW_GREY },
  { "Small zone high grey level emphasis", "HW1V", STM_ZM_SMALL_J_HIGH_GREY },
  { "Large zone low grey level emphasis", "YH51", STM_ZM_LARGE_J_LOW_GREY },
  { "Large zone high grey level emphasis", "J17V", STM_ZM_LARGE_J_HIGH_GREY },
  { "Grey level non-uniformity", "JNSA", STM_ZM_GREY_NU },
  { "Normalised grey level non-uniformity", "Y1RO", STM_ZM_GREY_NU_NORM },
  { "Zone size non-uniformity", "4JP3", STM_ZM_J_NU },
  { "Normalised zone size non-uniformity", "VB3A", STM_ZM_J_NU_NORM },
  { "Zone percentage", "P30P", STM_ZM_PERCENTAGE },
  { "Grey level variance", "BYLV", STM_ZM_GREY_VARIANCE },
  { "Zone size variance", "3NSA", STM_ZM_J_VARIANCE },
  { "Zone size entropy", "GU8N", STM_ZM_J_ENTROPY },
};

StmZonePairs *
stm_glszm_pairs (const StmRoi *roi,
                 gboolean      planar)
{
  g_autoptr(StmZones) zones = stm_zones_label (roi->levels, roi->dims, planar);
  StmZonePairs *pairs = stm_zone_pairs_new_for_zones (zones);

  for (gsize z = 0; z < zones->n_zones; z++)
    pairs->pairs[z].j = zones->zone_size[z];
  return pairs;
}

void
stm_glszm_features (const StmRoi             *roi,
                    const StmRadiomicsConfig *config,
                    StmFeatureTable          *out)
{
  g_autoptr(StmZonePairs) planar = stm_glszm_pairs (roi, TRUE);
  g_autoptr(StmZonePairs) volume = stm_glszm_pairs (roi, FALSE);

  (void) config;  /* zones always link the 8 or 26 nearest voxels (IBSI 3.8) */
  stm_zone_pairs_add_features (planar, volume, "GLSZM", glszm_names,
                               G_N_ELEMENTS (glszm_names), out);
}
