/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Penalised Cox regression (ridge, lasso, elastic net) for many covariates
 * and few patients, as R's glmnet (family = "cox") and cv.glmnet.
 *
 * Objective, on covariates standardised to weighted mean 0 and weighted
 * variance 1 (divisor W, as glmnet):
 *
 *   -l(b) / W + lambda * (alpha * |b|_1 + (1 - alpha) / 2 * |b|_2^2)
 *
 * where l is the Breslow log partial likelihood (within strata, with case
 * weights) and W the sum of the weights (n without weights). It is solved
 * by cyclic coordinate descent on the diagonal quadratic approximation of l
 * as glmnet (Simon et al., J Stat Softw 2011), finished by Newton's method
 * on the nonzero coefficients (stm-cox-penalized-solver.c), along a path
 * of lambdas from lambda_max (the smallest lambda at which every
 * coefficient is 0) down, log-spaced, each fit starting from the previous
 * one. Unlike glmnet the path does not stop when the deviance explained
 * stops changing, only when it passes 99.9 % (saturation). Coefficients
 * are returned on the original scale. Columns that are constant get 0.
 *
 * Cross-validation is cv.glmnet's grouped partial-likelihood deviance: for
 * fold k, the model fitted without k scores D_all(b_-k) - D_-k(b_-k), where
 * D = 2 (l_saturated - l) uses weights rescaled to mean 1. The mean over
 * folds is weighted by each fold's events (a fold without events does not
 * count); lambda_min minimises it and lambda_1se is the largest lambda
 * within one standard error of it. Each fold's model is fitted along the
 * full data's lambdas; should it saturate or fail to converge, later
 * lambdas keep its last model (cv.glmnet does the same for a path that
 * stops early, but does not stop its folds at saturation).
 *
 * Fold assignment (reproducible from the seed): the labels 0, 1, ..., k-1,
 * 0, 1, ... are laid out over the n rows in input order and shuffled by
 * Fisher-Yates (for i = n-1 down to 1 swap i with g_rand_int_range (0, i+1))
 * using GLib's Mersenne Twister seeded with the seed's low and high 32-bit
 * words (g_rand_new_with_seed_array). fold_id holds the result.
 */
#pragma once

#include "stm-cox.h"

G_BEGIN_DECLS

typedef struct
{
  double    alpha;             /* 1 lasso, 0 ridge, between: elastic net (1) */
  guint     n_lambda;          /* path length (100) */
  double    lambda_min_ratio;  /* last / first lambda; 0: 1e-2 if n < p else 1e-4 */
  guint     folds;             /* cross-validation folds, >= 3 (10) */
  guint64   seed;              /* fold assignment */
  double    lambda;            /* < 0: choose by cross-validation (-1) */
  gboolean  use_1se;           /* keep lambda_1se rather than lambda_min (FALSE) */
  double    thresh;            /* coordinate descent tolerance (1e-16) */
  guint     max_passes;        /* coordinate passes per lambda (100000) */
} StmPenaltyOptions;

typedef struct
{
  guint     p;
  gsize     n;                 /* rows used (weight > 0) */
  gsize     n_events;
  double    alpha;

  /* The path, lambdas descending. It may stop early (with a warning) when
   * the model saturates or a fit fails to converge. */
  double    lambda_max;        /* where the path starts */
  guint     n_lambda;
  double   *lambda;            /* n_lambda */
  double   *path_beta;         /* n_lambda x p, original scale, row-major */
  guint    *path_df;           /* nonzero coefficients per lambda */
  double   *path_deviance;     /* 2 (l_saturated - l) per lambda */
  double    null_deviance;

  /* Cross-validation, or NULL / 0 when lambda was fixed. */
  guint     folds;
  guint    *fold_id;           /* the n rows given, 0 .. folds-1 */
  double   *cv_mean;           /* n_lambda, deviance per event */
  double   *cv_sd;
  double    lambda_min, lambda_1se;
  guint     index_min, index_1se;

  /* The chosen model. */
  double    chosen_lambda;
  double   *beta;              /* p, original scale */
  double    kkt_violation;     /* largest KKT residual at chosen_lambda */
  char     *warning;           /* or NULL */
} StmCoxPenalizedFit;

void                 stm_penalty_options_init        (StmPenaltyOptions       *options);

StmCoxPenalizedFit  *stm_cox_penalized_fit           (const StmSurvData       *data,
                                                      const StmPenaltyOptions *options,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);
void                 stm_cox_penalized_fit_free      (StmCoxPenalizedFit      *fit);

/* x'beta for one patient's p covariates (original scale). */
double               stm_cox_penalized_fit_linear_predictor (const StmCoxPenalizedFit *fit,
                                                             const double             *x);

/*
 * The largest violation of the optimality (KKT) conditions of the
 * objective above at original-scale coefficients beta, on the standardised
 * scale: for b_j = 0, max (0, |g_j| - lambda alpha); otherwise
 * |g_j - lambda (alpha sign (b_j) + (1 - alpha) b_j)|, g = dl/db / W.
 * Returns a negative number with an error when the data are invalid.
 */
double               stm_cox_penalized_kkt_violation (const StmSurvData       *data,
                                                      double                   alpha,
                                                      double                   lambda,
                                                      const double            *beta,
                                                      GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmCoxPenalizedFit, stm_cox_penalized_fit_free)

G_END_DECLS
