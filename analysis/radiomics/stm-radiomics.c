/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-radiomics.h"

#include "stm-glcm.h"
#include "stm-gldzm.h"
#include "stm-glrlm.h"
#include "stm-glszm.h"
#include "stm-intensity-histogram.h"
#include "stm-intensity-stats.h"
#include "stm-ivh.h"
#include "stm-local-intensity.h"
#include "stm-morphology.h"
#include "stm-ngldm.h"
#include "stm-ngtdm.h"
#include "stm-radiomics-chain.h"

static gboolean
is_2d_aggregation (const char *code)
{
  static const char *const two_d[] = {
    STM_AGG_2D_AVERAGED, STM_AGG_2D_SLICE, STM_AGG_25D_DIR, STM_AGG_25D_MERGED,
    STM_AGG_2D, STM_AGG_25D,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (two_d); i++)
    if (g_strcmp0 (code, two_d[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Texture families compute every aggregation; keep those the configuration asks for. */
static void
keep_texture_rows (StmFeatureTable *out, const StmFeatureTable *texture, StmFeatureDims dims)
{
  for (guint i = 0; i < stm_feature_table_length (texture); i++)
    {
      const StmFeature *f = stm_feature_table_get (texture, i);
      if (is_2d_aggregation (f->aggregation) == (dims == STM_DIMS_2D))
        stm_feature_table_add (out, f->family, f->feature, f->ibsi_code, f->aggregation, f->value);
    }
}

StmFeatureTable *
stm_radiomics_extract (const StmVolume          *image,
                       const StmVolume          *mask,
                       const StmRadiomicsConfig *config,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  g_autoptr(StmRoi) roi = stm_radiomics_prepare (image, mask, config, cancellable, error);
  g_autoptr(StmFeatureTable) out = NULL;
  g_autoptr(StmFeatureTable) texture = NULL;

  if (roi == NULL)
    return NULL;
  out = stm_feature_table_new ();
  stm_morphology_features (roi, out);
  stm_local_intensity_features (roi, out);
  stm_intensity_stats_features (roi, out);
  stm_intensity_histogram_features (roi, out);
  stm_ivh_features (roi, out);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  texture = stm_feature_table_new ();
  stm_glcm_features (roi, config, texture);
  stm_glrlm_features (roi, config, texture);
  stm_glszm_features (roi, config, texture);
  stm_gldzm_features (roi, config, texture);
  stm_ngtdm_features (roi, config, texture);
  stm_ngldm_features (roi, config, texture);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  keep_texture_rows (out, texture, config->dimensions);
  return g_steal_pointer (&out);
}
