/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * PREDICT Breast (NHS Predict), v2.2 and v3.1 (and v3.2), ported from the
 * public R code of the Winton Centre: overall survival, breast-cancer and
 * other-cause mortality for years 1..15 under each cumulative regimen, and
 * the benefit of each treatment as the web tool stacks them.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "stm-clinical-case.h"

G_BEGIN_DECLS

typedef enum
{
  STM_PREDICT_V2_2,
  STM_PREDICT_V3_1,
  STM_PREDICT_V3_2,   /* v3.1 with re-calibrated baselines; see the model card */
} StmPredictVersion;

#define STM_PREDICT_YEARS 15

/* The valid ranges of the inputs, shared by the checks and the model cards. */
#define STM_PREDICT_AGE_MIN         25.0
#define STM_PREDICT_AGE_MAX         85.0
#define STM_PREDICT_SIZE_MIN_MM      1.0
#define STM_PREDICT_SIZE_MAX_MM    500.0
#define STM_PREDICT_NODES_MAX      100
#define STM_PREDICT_HEART_DOSE_MAX  20.0

typedef struct
{
  char   *name;                                        /* cumulative regimen code */
  double  overall_survival[STM_PREDICT_YEARS];         /* percent, years 1..15 */
  double  breast_cancer_mortality[STM_PREDICT_YEARS];  /* percent, cumulative */
  double  other_mortality[STM_PREDICT_YEARS];          /* percent, cumulative */
} StmRegimen;

typedef struct
{
  char   *treatment;   /* "radiotherapy", "endocrine", "chemotherapy", "trastuzumab",
                          "bisphosphonates" or "extended_endocrine" */
  char   *regimen;     /* the regimen with the treatment, e.g. "hc" */
  char   *reference;   /* the regimen it is added to, e.g. "h" */
  double  overall_survival[STM_PREDICT_YEARS];         /* percentage points */
} StmBenefit;

typedef struct
{
  StmPredictVersion  version;
  StmClinicalCase    input;          /* the case as given */
  GPtrArray         *regimens;       /* StmRegimen*: v2.2 s h hc hct hctb h10ctb;
                                        v3.x s r rh rhc rhct rhctb rh10ctb */
  GPtrArray         *benefits;       /* StmBenefit*, in the tool's stacking order */
  double             total_benefit[STM_PREDICT_YEARS];   /* full 5-year regimen vs s */
  GPtrArray         *warnings;       /* char*: sentences about imputed or ignored inputs */
} StmPredictResult;

const char        *stm_predict_version_to_string   (StmPredictVersion         version);
gboolean           stm_predict_version_from_string (const char               *name,
                                                    StmPredictVersion        *version);

gboolean           stm_predict_validate            (StmPredictVersion         version,
                                                    const StmClinicalCase    *c,
                                                    GError                  **error);
StmPredictResult  *stm_predict_run                 (StmPredictVersion         version,
                                                    const StmClinicalCase    *c,
                                                    GError                  **error);
void               stm_predict_result_free         (StmPredictResult         *r);

const StmRegimen  *stm_predict_result_get_regimen  (const StmPredictResult   *r,
                                                    const char               *name);
const StmBenefit  *stm_predict_result_get_benefit  (const StmPredictResult   *r,
                                                    const char               *treatment);
JsonNode          *stm_predict_result_to_json      (const StmPredictResult   *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmPredictResult, stm_predict_result_free)

G_END_DECLS
