/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internals shared by stm-cox*.c: the sorted, centred design and the
 * workspace of one evaluation of the partial likelihood.
 */
#pragma once

#include "stm-cox.h"

G_BEGIN_DECLS

/* Rows handed to one dsyrk call when accumulating outer products. */
#define STM_COX_BLOCK_ROWS 512

/*
 * The rows with a positive weight, sorted by stratum and then by
 * decreasing time, so that a risk set is a prefix of its stratum and its
 * sums are running sums. Covariates are centred and scaled as coxph does
 * (columns of -1/0/1 are left alone) to keep exp(x'beta) in range.
 */
typedef struct
{
  gsize    n;
  guint    p;
  guint    n_strata;
  double  *x;             /* n x p, row-major: (x - centre) * scale */
  double  *time;
  double  *status;        /* 0 or 1 */
  double  *weight;
  gsize   *row;           /* sorted position -> row of the input */
  double  *centre;        /* p: coxph's fit$means */
  double  *scale;         /* p */

  /* Runs of equal time within a stratum ("blocks"), in sorted order. */
  gsize    n_blocks;
  gsize   *block_start;   /* n_blocks + 1 */
  guint   *block_stratum;
  gsize   *stratum_block; /* n_strata + 1: first block of each stratum */
  gsize    n_events;
} StmCoxDesign;

StmCoxDesign *_stm_cox_design_new        (const StmSurvData  *data,
                                          GError            **error);
void          _stm_cox_design_free       (StmCoxDesign       *design);
const char   *_stm_cox_covariate_name    (const StmSurvData  *data,
                                          guint               j,
                                          char                buffer[32]);

/* One evaluation of the log partial likelihood, its score and its
 * information matrix (upper triangle, row-major) at scaled beta. */
typedef struct
{
  const StmCoxDesign *design;
  StmTies  ties;
  double  *eta;       /* n: centred linear predictor */
  double  *risk;      /* n: weight * exp(eta) */
  double  *resid;     /* n: martingale-like residual, X' resid = score */
  double  *hweight;   /* n: weight of x x' in the information */
  double  *hazard;    /* per block: increment of the cumulative hazard */
  double  *efron;     /* per block: the Efron correction for its deaths */
  double  *sum_x;     /* p: risk-weighted sum of x over the risk set */
  double  *sum_xd;    /* p: the same over the deaths of a block */
  double  *rows;      /* STM_COX_BLOCK_ROWS x p buffer for dsyrk */

  double   loglik;
  double  *u;         /* p */
  double  *imat;      /* p x p */
} StmCoxWork;

StmCoxWork   *_stm_cox_work_new          (const StmCoxDesign *design,
                                          StmTies             ties);
void          _stm_cox_work_free         (StmCoxWork         *work);
double        _stm_cox_evaluate          (StmCoxWork         *work,
                                          const double       *beta);

/* Cholesky factor of the information matrix in place: -1 when it is
 * positive definite, else the first column whose pivot is singular. */
int           _stm_cox_cholesky          (double             *a,
                                          guint               p,
                                          double              toler);

/* The Newton-Raphson iterations of coxfit6; fills the estimates of fit. */
gboolean      _stm_cox_newton            (StmCoxWork          *work,
                                          const StmSurvData   *data,
                                          const StmCoxOptions *options,
                                          StmCoxFit           *fit,
                                          GCancellable        *cancellable,
                                          GError             **error);

void          _stm_cox_baseline          (StmCoxFit          *fit,
                                          const StmCoxDesign *design);

G_END_DECLS
