/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The pieces of the penalised Cox fit shared by the path solver
 * (stm-cox-penalized.c) and the cross-validation (stm-cox-penalized-cv.c).
 */
#pragma once

#include "stm-cox-penalized.h"

G_BEGIN_DECLS

/* Every row of a fold when no fold is left out. */
#define STM_PEN_ALL_ROWS G_MAXUINT

/* The data of one fit, sorted by stratum then time, standardised. */
typedef struct
{
  gsize      n;              /* rows with weight > 0 */
  gsize      n_given;        /* rows given: glmnet rescales weights by it */
  guint      p;
  double    *x;              /* column j at x + j * n */
  double    *center;         /* p */
  double    *scale;          /* p; 0 for a constant column, left out */
  double    *w;              /* n, summing to 1 */
  double    *event;          /* n, 0 or 1 */
  gsize      n_blocks;       /* runs of rows with equal stratum and time */
  gsize     *block_start;    /* n_blocks + 1 */
  gboolean  *opens_stratum;  /* n_blocks + 1 */
  double    *block_events;   /* weighted events in each block */
  double     events;         /* their sum */
  double     loglik_sat;     /* saturated log-likelihood, mean-1 weights */
  double    *ew;             /* workspace: w exp (eta - max eta) */
  double    *risk;           /* workspace: risk-set sum per block */
} StmPenProblem;

typedef struct
{
  StmPenProblem *prob;
  double         alpha;
  double         thresh;
  guint          max_passes;
  double        *beta;       /* p, standardised scale */
  double        *eta;        /* n */
  double        *grad;       /* n: dl/deta */
  double        *hess;       /* n: -d2l/deta2, diagonal */
  double        *resid;      /* n: working residual */
  double        *xv;         /* p: weighted sums of squares */
  double        *g;          /* p: dl/db on the standardised scale */
  gboolean      *strong;     /* p: coordinates being cycled */
  double         lambda;     /* of the current solution */
  double         loglik;     /* at eta, weights summing to 1 */
} StmPenSolver;

gboolean        _stm_pen_check_data     (const StmSurvData *data,
                                         GError           **error);
StmPenProblem  *_stm_pen_problem_new    (const StmSurvData *data,
                                         const guint       *fold_id,
                                         guint              left_out,
                                         GError           **error);
void            _stm_pen_problem_free   (StmPenProblem     *prob);
/* The Breslow log partial likelihood with weights summing to 1; with
 * grad and hess, also its gradient in eta and minus its Hessian's diagonal. */
double          _stm_pen_loglik         (StmPenProblem     *prob,
                                         const double      *eta);
double          _stm_pen_derivatives    (StmPenProblem     *prob,
                                         const double      *eta,
                                         double            *grad,
                                         double            *hess);
/* Minus the Hessian of l in the coefficients of columns cols (upper
 * triangle of the m x m column-major h). */
void            _stm_pen_information    (StmPenProblem     *prob,
                                         const double      *eta,
                                         const guint       *cols,
                                         guint              m,
                                         double            *h);
/* out = M y, M minus the Hessian of l in eta (n x n), for the ncols
 * columns of y (n x ncols, column-major). */
void            _stm_pen_information_times (StmPenProblem  *prob,
                                            const double   *eta,
                                            const double   *y,
                                            guint           ncols,
                                            double         *out);
/* 2 (l_saturated - l), weights rescaled to mean 1 as glmnet's deviance. */
double          _stm_pen_deviance_from_loglik (const StmPenProblem *prob,
                                               double               loglik);
double          _stm_pen_deviance       (StmPenProblem     *prob,
                                         const double      *beta);

StmPenSolver   *_stm_pen_solver_new     (StmPenProblem     *prob,
                                         double             alpha,
                                         double             thresh,
                                         guint              max_passes);
void            _stm_pen_solver_free    (StmPenSolver      *solver);
double          _stm_pen_lambda_max     (StmPenSolver      *solver);
gboolean        _stm_pen_solver_solve   (StmPenSolver      *solver,
                                         double             lambda);
/* Original-scale coefficients out of and into the solver. */
void            _stm_pen_solver_beta    (const StmPenSolver *solver,
                                         double            *beta);
void            _stm_pen_solver_set_beta (StmPenSolver     *solver,
                                          const double     *beta);
double          _stm_pen_solver_deviance (StmPenSolver     *solver);
double          _stm_pen_solver_kkt     (StmPenSolver      *solver,
                                         double             lambda);

/* The log-spaced path from lambda_max, n_lambda values. */
double         *_stm_pen_lambda_path    (double             lambda_max,
                                         double             ratio,
                                         guint              n_lambda);

/* Fits lambdas in order from a zero start; row l of path_beta receives
 * the original-scale coefficients. Returns how many were fitted (0 with
 * an error when none); stop_reason says why it stopped early. With
 * stop_saturated it stops once 99.9 % of the deviance is explained, as
 * glmnet does. */
guint           _stm_pen_fit_lambdas    (StmPenProblem     *prob,
                                         const StmPenaltyOptions *options,
                                         const double      *lambdas,
                                         guint              n_lambda,
                                         gboolean           stop_saturated,
                                         double            *path_beta,
                                         double            *deviance,
                                         const char       **stop_reason,
                                         GCancellable      *cancellable,
                                         GError           **error);

gboolean        _stm_pen_cross_validate (const StmSurvData *data,
                                         const StmPenaltyOptions *options,
                                         StmCoxPenalizedFit *fit,
                                         GCancellable      *cancellable,
                                         GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmPenProblem, _stm_pen_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmPenSolver, _stm_pen_solver_free)

G_END_DECLS
