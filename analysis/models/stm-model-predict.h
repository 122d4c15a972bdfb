/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "stm-model-file.h"

G_BEGIN_DECLS

#define STM_MODEL_YEARS 15

typedef struct
{
  double survival[STM_MODEL_YEARS];   /* 0..1, years 1..15 */
  double lower[STM_MODEL_YEARS];      /* 95% band; NaN when the file has no variance terms */
  double upper[STM_MODEL_YEARS];
} StmSurvivalCurve;

typedef struct
{
  double           linear_predictor;
  StmSurvivalCurve curve;
  gboolean         has_treatment;     /* the model names a 0/1 treatment covariate */
  StmSurvivalCurve with_treatment;    /* that covariate set to 1 */
  StmSurvivalCurve without_treatment; /* and to 0 */
} StmModelPrediction;

/*
 * Survival for one patient, whose covariates are members of @input named as
 * in the model (plus "stratum" for a stratified model). Missing, unknown or
 * out-of-range inputs are refused with a reason, never extrapolated.
 */
StmModelPrediction *stm_model_predict            (const StmModel *model,
                                                  JsonObject     *input,
                                                  GError        **error);
void                stm_model_prediction_free    (StmModelPrediction *prediction);
JsonNode           *stm_model_prediction_to_json (const StmModel           *model,
                                                  const StmModelPrediction *prediction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmModelPrediction, stm_model_prediction_free)

G_END_DECLS
