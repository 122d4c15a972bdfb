/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cox-penalized-private.h"
#include <glib/gi18n.h>
#include "stm-model-error.h"

#include <math.h>
#include <string.h>

void
stm_penalty_options_init (StmPenaltyOptions *options)
{
  *options = (StmPenaltyOptions) {
    .alpha = 1.0,
    .n_lambda = 100,
    .lambda_min_ratio = 0,
    .folds = 10,
    .seed = 0,
    .lambda = -1,
    .use_1se = FALSE,
    .thresh = 1e-16,
    .max_passes = 100000,
  };
}

void
stm_cox_penalized_fit_free (StmCoxPenalizedFit *fit)
{
  if (fit == NULL)
    return;
  g_free (fit->lambda);
  g_free (fit->path_beta);
  g_free (fit->path_df);
  g_free (fit->path_deviance);
  g_free (fit->fold_id);
  g_free (fit->cv_mean);
  g_free (fit->cv_sd);
  g_free (fit->beta);
  g_free (fit->warning);
  g_free (fit);
}

double
stm_cox_penalized_fit_linear_predictor (const StmCoxPenalizedFit *fit, const double *x)
{
  double eta = 0;

  for (guint j = 0; j < fit->p; j++)
    eta += fit->beta[j] * x[j];
  return eta;
}

static gboolean
check_options (const StmPenaltyOptions *o, gsize n, GError **error)
{
  const char *why = NULL;

  if (!(o->alpha >= 0 && o->alpha <= 1))
    why = _("The elastic-net mixing alpha must lie between 0 (ridge) and 1 (lasso)");
  else if (o->n_lambda == 0 || !(o->lambda_min_ratio >= 0 && o->lambda_min_ratio < 1))
    why = _("The penalty path needs at least one lambda and a ratio below 1");
  else if (!(o->thresh > 0) || o->max_passes == 0)
    why = _("The convergence tolerance and the pass limit must be positive");
  else if (isnan (o->lambda))
    why = _("The penalty lambda is not a number");
  else if (o->lambda < 0 && (o->folds < 3 || o->folds > n))
    why = _("Choosing the penalty by cross-validation needs at least 3 folds and "
            "no more folds than patients");
  if (why == NULL)
    return TRUE;
  g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT, why);
  return FALSE;
}

static double
path_ratio (const StmPenaltyOptions *o, gsize n, guint p)
{
  if (o->lambda_min_ratio > 0)
    return o->lambda_min_ratio;
  return n < p ? 1e-2 : 1e-4;
}

guint
_stm_pen_fit_lambdas (StmPenProblem            *prob,
                      const StmPenaltyOptions  *o,
                      const double             *lambdas,
                      guint                     n_lambda,
                      gboolean                  stop_saturated,
                      double                   *path_beta,
                      double                   *deviance,
                      const char              **stop_reason,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_autoptr(StmPenSolver) s = _stm_pen_solver_new (prob, o->alpha, o->thresh, o->max_passes);
  double null_dev = _stm_pen_solver_deviance (s);
  guint l;

  *stop_reason = NULL;
  for (l = 0; l < n_lambda; l++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return 0;
      if (!_stm_pen_solver_solve (s, lambdas[l]))
        {
          *stop_reason = "a fit did not converge";
          break;
        }
      _stm_pen_solver_beta (s, path_beta + (gsize) l * prob->p);
      deviance[l] = _stm_pen_solver_deviance (s);
      if (stop_saturated && 1 - deviance[l] / null_dev > 0.999)
        {
          *stop_reason = "the model explains 99.9 % of the deviance (saturated)";
          l++;
          break;
        }
    }
  if (l == 0)
    g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
                 _("The penalised Cox fit did not converge at lambda = %g"), lambdas[0]);
  return l;
}

static StmCoxPenalizedFit *
fit_new (const StmPenProblem *prob, const StmPenaltyOptions *o)
{
  StmCoxPenalizedFit *fit = g_new0 (StmCoxPenalizedFit, 1);

  fit->p = prob->p;
  fit->n = prob->n;
  for (gsize k = 0; k < prob->n; k++)
    fit->n_events += prob->event[k] != 0;
  fit->alpha = o->alpha;
  return fit;
}

static void
count_nonzero (StmCoxPenalizedFit *fit)
{
  fit->path_df = g_new0 (guint, fit->n_lambda);
  for (guint l = 0; l < fit->n_lambda; l++)
    for (guint j = 0; j < fit->p; j++)
      fit->path_df[l] += fit->path_beta[(gsize) l * fit->p + j] != 0;
}

/* The path from lambda_max down, or (fixed lambda) the path values above
 * lambda and then lambda itself, for warm starts. */
static double *
lambda_sequence (StmPenProblem *prob, const StmPenaltyOptions *o, double *lambda_max,
                 guint *n_out)
{
  g_autoptr(StmPenSolver) s = _stm_pen_solver_new (prob, o->alpha, o->thresh, o->max_passes);
  double ratio = path_ratio (o, prob->n, prob->p);
  double *path;
  guint n = 0;

  *lambda_max = _stm_pen_lambda_max (s);
  path = _stm_pen_lambda_path (*lambda_max, ratio, o->n_lambda);

  if (o->lambda < 0)
    {
      *n_out = o->n_lambda;
      return path;
    }
  while (n < o->n_lambda && path[n] > o->lambda)
    n++;
  path[MIN (n, o->n_lambda - 1)] = o->lambda;
  *n_out = MIN (n + 1, o->n_lambda);
  return path;
}

static double
null_deviance (StmPenProblem *prob)
{
  g_autofree double *zero = g_new0 (double, prob->p);

  return _stm_pen_deviance (prob, zero);
}

static gboolean
fit_path (StmCoxPenalizedFit *fit, StmPenProblem *prob, const StmPenaltyOptions *o,
          GCancellable *cancellable, GError **error)
{
  const char *stop = NULL;
  guint n_lambda;

  fit->lambda = lambda_sequence (prob, o, &fit->lambda_max, &n_lambda);
  fit->path_beta = g_new0 (double, (gsize) n_lambda * prob->p);
  fit->path_deviance = g_new0 (double, n_lambda);
  fit->n_lambda = _stm_pen_fit_lambdas (prob, o, fit->lambda, n_lambda, o->lambda < 0,
                                        fit->path_beta, fit->path_deviance, &stop,
                                        cancellable, error);
  fit->null_deviance = null_deviance (prob);
  if (fit->n_lambda == 0)
    return FALSE;
  if (o->lambda >= 0 && fit->n_lambda < n_lambda)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
                   _("The penalised Cox fit did not converge at lambda = %g"), o->lambda);
      return FALSE;
    }
  if (stop != NULL)
    fit->warning = g_strdup_printf ("The penalty path stops at lambda = %g: %s",
                                    fit->lambda[fit->n_lambda - 1], stop);
  return TRUE;
}

/* Keeps the last lambda of a fixed-lambda fit as the whole path. */
static void
keep_last_lambda (StmCoxPenalizedFit *fit)
{
  guint last = fit->n_lambda - 1;

  fit->lambda[0] = fit->lambda[last];
  memmove (fit->path_beta, fit->path_beta + (gsize) last * fit->p, fit->p * sizeof (double));
  fit->path_deviance[0] = fit->path_deviance[last];
  fit->n_lambda = 1;
  fit->lambda_min = fit->lambda_1se = fit->lambda[0];
}

static void
choose (StmCoxPenalizedFit *fit, StmPenProblem *prob, const StmPenaltyOptions *o)
{
  guint index = o->lambda < 0 && o->use_1se ? fit->index_1se : fit->index_min;
  g_autoptr(StmPenSolver) s = NULL;

  fit->chosen_lambda = fit->lambda[index];
  fit->beta = g_memdup2 (fit->path_beta + (gsize) index * fit->p, fit->p * sizeof (double));
  s = _stm_pen_solver_new (prob, o->alpha, o->thresh, o->max_passes);
  _stm_pen_solver_set_beta (s, fit->beta);
  fit->kkt_violation = _stm_pen_solver_kkt (s, fit->chosen_lambda);
}

StmCoxPenalizedFit *
stm_cox_penalized_fit (const StmSurvData       *data,
                       const StmPenaltyOptions *options,
                       GCancellable            *cancellable,
                       GError                 **error)
{
  StmPenaltyOptions o;
  g_autoptr(StmPenProblem) prob = NULL;
  g_autoptr(StmCoxPenalizedFit) fit = NULL;

  if (options != NULL)
    o = *options;
  else
    stm_penalty_options_init (&o);
  if (!_stm_pen_check_data (data, error) || !check_options (&o, data->n, error))
    return NULL;
  prob = _stm_pen_problem_new (data, NULL, STM_PEN_ALL_ROWS, error);
  if (prob == NULL)
    return NULL;
  fit = fit_new (prob, &o);
  if (!fit_path (fit, prob, &o, cancellable, error))
    return NULL;
  if (o.lambda >= 0)
    keep_last_lambda (fit);
  else if (!_stm_pen_cross_validate (data, &o, fit, cancellable, error))
    return NULL;
  count_nonzero (fit);
  choose (fit, prob, &o);
  return g_steal_pointer (&fit);
}

double
stm_cox_penalized_kkt_violation (const StmSurvData *data,
                                 double             alpha,
                                 double             lambda,
                                 const double      *beta,
                                 GError           **error)
{
  g_autoptr(StmPenProblem) prob = NULL;
  g_autoptr(StmPenSolver) s = NULL;

  if (!_stm_pen_check_data (data, error))
    return -1;
  prob = _stm_pen_problem_new (data, NULL, STM_PEN_ALL_ROWS, error);
  if (prob == NULL)
    return -1;
  s = _stm_pen_solver_new (prob, alpha, 1e-14, 1);
  _stm_pen_solver_set_beta (s, beta);
  return _stm_pen_solver_kkt (s, lambda);
}
