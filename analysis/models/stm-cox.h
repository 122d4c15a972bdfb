/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Cox proportional hazards regression for right-censored survival data,
 * matching R's survival::coxph (Efron or Breslow ties, strata, case
 * weights), with the Breslow baseline cumulative hazard and predicted
 * survival curves with confidence bands as in survfit.coxph (ctype = 1).
 *
 * The fit costs O(n p^2) per Newton iteration: risk-set sums are running
 * sums over the time-sorted data and the information matrix is built with
 * two blocked BLAS rank-k updates, never O(n^2).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  STM_TIES_EFRON,
  STM_TIES_BRESLOW,
} StmTies;

/* How a confidence band for a survival probability is built, as
 * survfit's conf.type: "log" (R's default), "log-log" or "plain". */
typedef enum
{
  STM_CONF_LOG,
  STM_CONF_LOG_LOG,
  STM_CONF_PLAIN,
} StmConfType;

typedef struct
{
  gsize               n;
  guint               p;
  const double       *time;      /* n follow-up times, >= 0 */
  const double       *event;     /* n indicators, 1 = event, 0 = censored */
  const double       *x;         /* n x p covariates, row-major */
  const int          *strata;    /* n stratum ids 0..k-1, or NULL */
  const double       *weights;   /* n case weights >= 0, or NULL for 1 */
  const char * const *names;     /* p covariate names for messages, or NULL */
} StmSurvData;

typedef struct
{
  StmTies  ties;
  guint    max_iter;     /* 20 */
  double   eps;          /* 1e-9: relative change in the log-likelihood */
  double   toler_chol;   /* DBL_EPSILON^0.75: singular pivot, relative */
  double  *init;         /* p starting coefficients, or NULL for 0 */
} StmCoxOptions;

typedef struct
{
  guint      p;
  gsize      n;            /* rows used (weight > 0) */
  gsize      n_events;
  StmTies    ties;
  char     **names;        /* p names (NULL-terminated), or NULL */

  double    *beta;         /* p */
  double    *se;           /* p */
  double    *cov;          /* p x p, row-major */
  double    *means;        /* p, as fit$means: 0 for 0/1 covariates */

  double     loglik_null;  /* at the initial coefficients (0 by default) */
  double     loglik;
  double     lr_test, wald_test, score_test;
  guint      df;

  guint      iterations;
  gboolean   converged;
  char      *warning;      /* e.g. a coefficient that may be infinite, or NULL */

  guint      n_strata;
  /* Breslow baseline cumulative hazard at x = 0, per stratum: the
   * distinct event times (ascending) and H0 just after each of them. */
  GArray   **baseline_time;
  GArray   **baseline_cumhaz;

  double     concordance;     /* Harrell's C of x'beta, within strata */
  double     concordance_se;  /* infinitesimal jackknife, as concordance() */
} StmCoxFit;

/* Curves for one patient with the treatment covariate set to 1 and to 0,
 * and their difference (treated minus untreated), at n_times times. */
typedef struct
{
  gsize   n_times;
  double *times;
  double *surv_treated, *lower_treated, *upper_treated;
  double *surv_untreated, *lower_untreated, *upper_untreated;
  double *difference, *lower_difference, *upper_difference;
  double *se_difference;
} StmCoxTreatmentEffect;

void        stm_cox_options_init        (StmCoxOptions       *options);

/* Fits the model (options NULL for coxph's defaults). Fails with
 * STM_MODEL_ERROR on bad data (the row is named), a constant or collinear
 * covariate, or no convergence within max_iter; a coefficient that runs
 * off to infinity (monotone likelihood) gives a fit with fit->warning set,
 * as coxph warns. Rows with weight 0 are left out. */
StmCoxFit  *stm_cox_fit                 (const StmSurvData   *data,
                                         const StmCoxOptions *options,
                                         GCancellable        *cancellable,
                                         GError             **error);
void        stm_cox_fit_free            (StmCoxFit           *fit);

double      stm_cox_fit_linear_predictor (const StmCoxFit    *fit,
                                          const double       *x);
/* H0(t) at x = 0 in a stratum (0 before the first event time). */
double      stm_cox_fit_cumhaz          (const StmCoxFit     *fit,
                                         guint                stratum,
                                         double               t);
/* H0(t) at x = fit->means, as survfit's curve at the means. */
double      stm_cox_fit_cumhaz_centred  (const StmCoxFit     *fit,
                                         guint                stratum,
                                         double               t);

/* S(t|x) with a log-transformed band at confidence `level` (0.95). The
 * band needs the training data (lower/upper may be NULL without it). */
gboolean    stm_cox_fit_survival        (const StmCoxFit     *fit,
                                         const StmSurvData   *training,
                                         const double        *x,
                                         guint                stratum,
                                         const double        *times,
                                         gsize                n_times,
                                         double               level,
                                         double              *surv,
                                         double              *lower,
                                         double              *upper,
                                         GError             **error);
/* The same with a chosen transform; std_err (may be NULL) receives the
 * standard error of the cumulative hazard H(t|x), survfit's std.err. */
gboolean    stm_cox_fit_survival_band   (const StmCoxFit     *fit,
                                         const StmSurvData   *training,
                                         const double        *x,
                                         guint                stratum,
                                         const double        *times,
                                         gsize                n_times,
                                         double               level,
                                         StmConfType          conf_type,
                                         double              *surv,
                                         double              *lower,
                                         double              *upper,
                                         double              *std_err,
                                         GError             **error);

/* Survival with covariate `treatment` set to 1 and to 0 for patient x,
 * with bands for each curve (log transform) and a delta-method band for
 * their difference. */
StmCoxTreatmentEffect *stm_cox_fit_treatment_effect (const StmCoxFit   *fit,
                                                     const StmSurvData *training,
                                                     const double      *x,
                                                     guint              stratum,
                                                     guint              treatment,
                                                     const double      *times,
                                                     gsize              n_times,
                                                     double             level,
                                                     GError           **error);
void        stm_cox_treatment_effect_free (StmCoxTreatmentEffect *effect);

/* The two-sided standard normal quantile for a confidence level. */
double      stm_normal_quantile_two_sided (double level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmCoxFit, stm_cox_fit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmCoxTreatmentEffect, stm_cox_treatment_effect_free)

G_END_DECLS
