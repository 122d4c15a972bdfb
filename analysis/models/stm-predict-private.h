/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared between stm-predict.c (checks, survival machinery, output) and the
 * version files stm-predict-v2.c and stm-predict-v3.c (prognostic indices,
 * baselines and treatment effects).
 */
#pragma once

#include "stm-predict.h"

G_BEGIN_DECLS

#define _STM_PREDICT_MAX_PLANS 8

/*
 * The public code's quirks (spec section 1.6), reproducible on request so
 * that the tests can show that the vectors which differ from ours differ
 * because of the quirk alone. Never used outside the tests.
 */
typedef enum
{
  _STM_PREDICT_QUIRK_NONE = 0,
  _STM_PREDICT_QUIRK_Q2 = 1 << 0,   /* v2.2: 10-year endocrine term without endocrine therapy */
  _STM_PREDICT_QUIRK_Q5 = 1 << 1,   /* v3: heart-dose harm without radiotherapy */
  _STM_PREDICT_QUIRK_Q6 = 1 << 2,   /* v2.2: unknown grade in ER-negative counts as grade 1 */
} StmPredictQuirks;

/* One column of the public code: treatment log hazard ratios by year. */
typedef struct
{
  const char *name;
  const char *treatment;                  /* the benefit this column adds, or NULL */
  int         reference;                  /* plan it is compared with, -1 for none */
  double      br[STM_PREDICT_YEARS];      /* on breast-cancer mortality */
  double      oth;                        /* on other-cause mortality */
} StmPredictPlan;

typedef struct
{
  double          pi[STM_PREDICT_YEARS];        /* breast prognostic index, by year */
  double          mi;                           /* other-cause prognostic index */
  double          base_br[STM_PREDICT_YEARS];   /* cumulative baselines at t = 1..15 */
  double          base_oth[STM_PREDICT_YEARS];
  StmPredictPlan  plans[_STM_PREDICT_MAX_PLANS];
  guint           n_plans;
  int             total;                        /* plan of the full 5-year regimen */
  StmPredictQuirks quirks;
} StmPredictModel;

/* Grade and detection as the public code codes them when unknown. */
#define _STM_PREDICT_GRADE_UNKNOWN   2.13
#define _STM_PREDICT_SCREEN_UNKNOWN  0.204

double  _stm_predict_grade           (const StmClinicalCase *c);
double  _stm_predict_screen          (const StmClinicalCase *c);
void    _stm_predict_add_plan        (StmPredictModel       *m,
                                      const char            *name,
                                      const char            *treatment,
                                      int                    reference,
                                      const double          *br,
                                      double                 oth);

/* Fills @m (whose quirks are set) for a validated case. */
void    _stm_predict_v2_build        (const StmClinicalCase *c,
                                      StmPredictModel       *m,
                                      GPtrArray             *warnings);
void    _stm_predict_v3_build        (StmPredictVersion      version,
                                      const StmClinicalCase *c,
                                      StmPredictModel       *m,
                                      GPtrArray             *warnings);

StmPredictResult *_stm_predict_run_with_quirks (StmPredictVersion       version,
                                               const StmClinicalCase  *c,
                                               StmPredictQuirks        quirks,
                                               GError                **error);
/* The prognostic indices, baselines and plans, for a validated case. */
void              _stm_predict_model_build     (StmPredictVersion       version,
                                               const StmClinicalCase  *c,
                                               StmPredictQuirks        quirks,
                                               StmPredictModel        *m,
                                               GPtrArray              *warnings);

G_END_DECLS
