/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Logistic regression by iteratively reweighted least squares, as R's
 * glm(family = binomial) computes it (same start, same link clamping,
 * same convergence test on the deviance), each step a Householder QR
 * least-squares solve (LAPACK dgels).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint     p;              /* covariates, not counting the intercept */
  double   *beta;           /* p + 1: beta[0] is the intercept */
  double   *se;             /* p + 1 */
  double   *cov;            /* (p + 1) x (p + 1), row-major */
  double    deviance;
  double    null_deviance;
  double    loglik;
  guint     iterations;
  gboolean  converged;
  gsize     n_used;         /* rows with an outcome and a positive weight */
  char     *warning;        /* "fitted probabilities numerically 0 or 1", or NULL */
} StmLogisticFit;

/* x: n x p, row-major. y: 0/1 (or a proportion); rows where y is NaN are
 * left out (censored before the horizon). weights: NULL for 1. */
StmLogisticFit *stm_logistic_fit            (gsize          n,
                                             guint          p,
                                             const double  *x,
                                             const double  *y,
                                             const double  *weights,
                                             GError       **error);
void            stm_logistic_fit_free       (StmLogisticFit *fit);

/* The fitted probability for covariates x (p values). */
double          stm_logistic_fit_predict    (const StmLogisticFit *fit,
                                             const double         *x);

/* The binary outcome "event by the horizon": 1 for an event at time <=
 * horizon, 0 for follow-up beyond it, NaN when censored before it. */
void            stm_logistic_outcome_at_horizon (gsize         n,
                                                 const double *time,
                                                 const double *event,
                                                 double        horizon,
                                                 double       *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmLogisticFit, stm_logistic_fit_free)

G_END_DECLS
