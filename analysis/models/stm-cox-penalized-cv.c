/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * k-fold cross-validation of the penalty, as cv.glmnet (family = "cox",
 * type.measure = "deviance", grouped = TRUE): each fold's model is fitted
 * along the full data's lambdas and scored by D_all(b) - D_train(b).
 */
#include "stm-cox-penalized-private.h"
#include "stm-model-error.h"

#include <math.h>

/* See the header for the exact recipe: it is part of the API. */
static guint *
assign_folds (gsize n, guint folds, guint64 seed)
{
  guint32 words[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (words, 2);
  guint *id = g_new (guint, n);

  for (gsize i = 0; i < n; i++)
    id[i] = (guint) (i % folds);
  for (gsize i = n - 1; i > 0; i--)
    {
      gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) (i + 1));
      guint t = id[i];

      id[i] = id[j];
      id[j] = t;
    }
  return id;
}

static double
fold_events (const StmSurvData *data, const guint *fold_id, guint k)
{
  double events = 0;

  for (gsize i = 0; i < data->n; i++)
    if (fold_id[i] == k)
      events += data->event[i] * (data->weights ? data->weights[i] : 1.0);
  return events;
}

/* raw[l] = D_all(b_l) - D_train(b_l) for the model fitted without fold k.
 * A fold's path stops once its model saturates (glmnet's folds run on,
 * towards infinite coefficients) or fails to converge; later lambdas keep
 * its last model, as cv.glmnet does for a path that stopped early. */
static gboolean
score_fold (const StmSurvData       *data,
            const StmPenaltyOptions *o,
            const StmCoxPenalizedFit *fit,
            StmPenProblem           *all,
            guint                    k,
            double                  *raw,
            GCancellable            *cancellable,
            GError                 **error)
{
  g_autoptr(StmPenProblem) train = _stm_pen_problem_new (data, fit->fold_id, k, error);
  g_autofree double *beta = NULL;
  g_autofree double *dev = NULL;
  const char *stop = NULL;
  guint fitted;

  if (train == NULL)
    return FALSE;
  beta = g_new0 (double, (gsize) fit->n_lambda * fit->p);
  dev = g_new0 (double, fit->n_lambda);
  fitted = _stm_pen_fit_lambdas (train, o, fit->lambda, fit->n_lambda, TRUE, beta, dev,
                                 &stop, cancellable, error);
  if (fitted == 0)
    return FALSE;
  for (guint l = 0; l < fit->n_lambda; l++)
    {
      const double *b = beta + (gsize) MIN (l, fitted - 1) * fit->p;

      raw[l] = _stm_pen_deviance (all, b) - _stm_pen_deviance (train, b);
    }
  return TRUE;
}

/* Mean and standard error over folds, weighted by their events; folds
 * without events carry no weight and do not count. */
static void
summarise (StmCoxPenalizedFit *fit, const double *raw, const double *events)
{
  guint used = 0;
  double total = 0;

  for (guint k = 0; k < fit->folds; k++)
    if (events[k] > 0)
      {
        used++;
        total += events[k];
      }
  fit->cv_mean = g_new0 (double, fit->n_lambda);
  fit->cv_sd = g_new0 (double, fit->n_lambda);
  for (guint l = 0; l < fit->n_lambda; l++)
    {
      double mean = 0, var = 0;

      for (guint k = 0; k < fit->folds; k++)
        if (events[k] > 0)
          mean += raw[(gsize) k * fit->n_lambda + l] / total;
      for (guint k = 0; k < fit->folds; k++)
        if (events[k] > 0)
          {
            double d = raw[(gsize) k * fit->n_lambda + l] / events[k] - mean;
            var += events[k] * d * d / total;
          }
      fit->cv_mean[l] = mean;
      fit->cv_sd[l] = used > 1 ? sqrt (var / (used - 1)) : NAN;
    }
}

/* lambda_min: the largest lambda at the minimum; lambda_1se: the largest
 * whose mean is within one standard error of it (getOptcv.glmnet). */
static void
pick_lambdas (StmCoxPenalizedFit *fit)
{
  guint best = 0, one_se = 0;

  for (guint l = 1; l < fit->n_lambda; l++)
    if (fit->cv_mean[l] < fit->cv_mean[best])
      best = l;
  while (one_se < best &&
         !(fit->cv_mean[one_se] <= fit->cv_mean[best] + fit->cv_sd[best]))
    one_se++;
  fit->index_min = best;
  fit->index_1se = one_se;
  fit->lambda_min = fit->lambda[best];
  fit->lambda_1se = fit->lambda[one_se];
}

gboolean
_stm_pen_cross_validate (const StmSurvData       *data,
                         const StmPenaltyOptions *o,
                         StmCoxPenalizedFit      *fit,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_autoptr(StmPenProblem) all = _stm_pen_problem_new (data, NULL, STM_PEN_ALL_ROWS, error);
  g_autofree double *raw = NULL;
  g_autofree double *events = NULL;

  if (all == NULL)
    return FALSE;
  fit->folds = o->folds;
  fit->fold_id = assign_folds (data->n, o->folds, o->seed);
  raw = g_new0 (double, (gsize) o->folds * fit->n_lambda);
  events = g_new0 (double, o->folds);
  for (guint k = 0; k < o->folds; k++)
    {
      events[k] = fold_events (data, fit->fold_id, k);
      if (!score_fold (data, o, fit, all, k, raw + (gsize) k * fit->n_lambda,
                       cancellable, error))
        return FALSE;
    }
  summarise (fit, raw, events);
  pick_lambdas (fit);
  return TRUE;
}
