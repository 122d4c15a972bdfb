/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fitted model as a versioned JSON file: what it is, what it needs, what
 * it was fitted on and how well it did. Loading validates everything, so a
 * model that loads can predict; a malformed or inconsistent file is refused
 * with a sentence that names the problem.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "stm-model-error.h"

G_BEGIN_DECLS

#define STM_MODEL_FORMAT "stratum-model"
#define STM_MODEL_FORMAT_VERSION 1

typedef struct
{
  char   *name;
  char   *unit;          /* free text, may be NULL */
  double  min, max;      /* valid range: the training data's */
  gboolean binary;       /* 0/1 coding */
} StmModelCovariate;

/* The Breslow baseline cumulative hazard of one stratum, at x = 0. */
typedef struct
{
  char    *label;        /* stratum value as text, NULL when unstratified */
  GArray  *time;         /* double, increasing */
  GArray  *cumhaz;       /* double, non-decreasing */
  /* For confidence bands (survfit.coxph's variance): per event time, the
   * increment d / S0^2 and the weighted covariate means (p values each). */
  GArray  *dvar;         /* double, or NULL */
  GArray  *xbar;         /* double, n_times x p, or NULL */
} StmModelBaseline;

typedef struct
{
  char       *type;              /* "cox" (or "cox-penalized") */
  char       *name;
  char       *time_unit;         /* "days", "months" or "years" */
  char       *ties;              /* "efron" / "breslow" */
  char       *strata_column;     /* NULL when unstratified */
  char       *treatment;         /* covariate that codes a treatment (0/1), or NULL */
  GPtrArray  *covariates;        /* StmModelCovariate */
  double     *estimate, *se;     /* p */
  double     *covariance;        /* p x p */
  double      loglik_null, loglik;
  double      lr_test, wald_test, score_test;   /* NaN when not computed */
  double      concordance;
  GPtrArray  *baselines;         /* StmModelBaseline, one per stratum */
  gsize       n, n_events, n_dropped;
  double      median_follow_up;
  char       *training_data;
  JsonObject *metrics;           /* free-form, may be NULL */
  char       *created;
  char       *stratum_version;
  char       *intended_use;
} StmModel;

StmModel *stm_model_new      (void);
void      stm_model_free     (StmModel   *model);
guint     stm_model_n_covariates (const StmModel *model);

StmModel *stm_model_load     (const char *path,
                              GError    **error);
StmModel *stm_model_from_json (JsonNode  *root,
                               GError   **error);
JsonNode *stm_model_to_json  (const StmModel *model);
gboolean  stm_model_save     (const StmModel *model,
                              const char     *path,
                              GError        **error);

/* The stratum whose label is @label (NULL: the only one), or -1. */
gint      stm_model_find_stratum (const StmModel *model,
                                  const char     *label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmModel, stm_model_free)

G_END_DECLS
