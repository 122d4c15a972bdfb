/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The data of a penalised Cox fit: rows sorted into risk-set blocks,
 * covariates standardised, and the Breslow log partial likelihood with its
 * derivatives in the linear predictor.
 */
#include "stm-cox-penalized-private.h"
#include <glib/gi18n.h>
#include "stm-model-error.h"

#include <cblas.h>
#include <math.h>

static gboolean
check_row (const StmSurvData *data, gsize i, GError **error)
{
  double w = data->weights ? data->weights[i] : 1.0;

  if (!isfinite (data->time[i]) || data->time[i] < 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Patient %zu has no valid follow-up time"), i + 1);
      return FALSE;
    }
  if (data->event[i] != 0 && data->event[i] != 1)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Patient %zu has an event status other than 0 or 1"), i + 1);
      return FALSE;
    }
  if (!isfinite (w) || w < 0 || (data->strata != NULL && data->strata[i] < 0))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Patient %zu has an invalid weight or stratum"), i + 1);
      return FALSE;
    }
  for (guint j = 0; j < data->p; j++)
    if (!isfinite (data->x[i * data->p + j]))
      {
        g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                     _("Covariate %s is missing for patient %zu"
                       "; drop incomplete rows first"),
                     data->names ? data->names[j] : "", i + 1);
        return FALSE;
      }
  return TRUE;
}

gboolean
_stm_pen_check_data (const StmSurvData *data, GError **error)
{
  double events = 0;

  if (data == NULL || data->n == 0 || data->n > G_MAXINT || data->p == 0 ||
      data->time == NULL || data->event == NULL || data->x == NULL)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("A penalised Cox model needs patients, follow-up and covariates"));
      return FALSE;
    }
  for (gsize i = 0; i < data->n; i++)
    {
      if (!check_row (data, i, error))
        return FALSE;
      events += data->event[i] * (data->weights ? data->weights[i] : 1.0);
    }
  if (events <= 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("There are no events to fit a Cox model to"));
      return FALSE;
    }
  return TRUE;
}

void
_stm_pen_problem_free (StmPenProblem *prob)
{
  if (prob == NULL)
    return;
  g_free (prob->x);
  g_free (prob->center);
  g_free (prob->scale);
  g_free (prob->w);
  g_free (prob->event);
  g_free (prob->block_start);
  g_free (prob->opens_stratum);
  g_free (prob->block_events);
  g_free (prob->ew);
  g_free (prob->risk);
  g_free (prob);
}

static int
data_stratum (const StmSurvData *data, gsize i)
{
  return data->strata ? data->strata[i] : 0;
}

static int
compare_rows_cb (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const StmSurvData *data = user_data;
  gsize i = *(const gsize *) a, j = *(const gsize *) b;
  int si = data_stratum (data, i), sj = data_stratum (data, j);

  if (si != sj)
    return si < sj ? -1 : 1;
  if (data->time[i] != data->time[j])
    return data->time[i] < data->time[j] ? -1 : 1;
  return i < j ? -1 : (i > j);
}

/* The rows used (weight > 0, not in the left-out fold), sorted. */
static gsize *
select_rows (const StmSurvData *data, const guint *fold_id, guint left_out,
             gsize *n_used, gsize *n_given)
{
  gsize *rows = g_new (gsize, data->n);
  gsize n = 0;

  *n_given = 0;
  for (gsize i = 0; i < data->n; i++)
    {
      if (fold_id != NULL && fold_id[i] == left_out)
        continue;
      (*n_given)++;
      if (data->weights == NULL || data->weights[i] > 0)
        rows[n++] = i;
    }
  g_qsort_with_data (rows, (gint) n, sizeof (gsize), compare_rows_cb, (gpointer) data);
  *n_used = n;
  return rows;
}

static void
standardise_column (StmPenProblem *prob, guint j)
{
  double *col = prob->x + (gsize) j * prob->n;
  double mean = 0, var = 0;
  gboolean constant = TRUE;

  for (gsize i = 0; i < prob->n; i++)
    {
      mean += prob->w[i] * col[i];
      constant = constant && col[i] == col[0];
    }
  for (gsize i = 0; i < prob->n; i++)
    var += prob->w[i] * (col[i] - mean) * (col[i] - mean);
  prob->center[j] = mean;
  prob->scale[j] = constant ? 0 : sqrt (var);
  for (gsize i = 0; i < prob->n; i++)
    col[i] = constant ? 0 : (col[i] - mean) / prob->scale[j];
}

static void
find_blocks (StmPenProblem *prob, const StmSurvData *data, const gsize *rows)
{
  gsize b = 0;

  prob->block_start = g_new (gsize, prob->n + 1);
  prob->opens_stratum = g_new0 (gboolean, prob->n + 1);
  prob->block_events = g_new0 (double, prob->n);
  for (gsize k = 0; k < prob->n; k++)
    {
      gboolean new_stratum = k == 0 ||
        data_stratum (data, rows[k]) != data_stratum (data, rows[k - 1]);

      if (new_stratum || data->time[rows[k]] != data->time[rows[k - 1]])
        {
          prob->block_start[b] = k;
          prob->opens_stratum[b] = new_stratum;
          b++;
        }
      prob->block_events[b - 1] += prob->w[k] * prob->event[k];
    }
  prob->n_blocks = b;
  prob->block_start[b] = prob->n;
  prob->opens_stratum[b] = TRUE;
}

/* -sum d log d over event blocks, with weights rescaled to mean 1. */
static double
saturated_loglik (const StmPenProblem *prob)
{
  double c = (double) prob->n_given, sat = 0;

  for (gsize b = 0; b < prob->n_blocks; b++)
    if (prob->block_events[b] > 0)
      sat -= c * prob->block_events[b] * log (c * prob->block_events[b]);
  return sat;
}

static void
copy_rows (StmPenProblem *prob, const StmSurvData *data, const gsize *rows)
{
  double total = 0;

  for (gsize k = 0; k < prob->n; k++)
    {
      gsize i = rows[k];

      prob->w[k] = data->weights ? data->weights[i] : 1.0;
      prob->event[k] = data->event[i];
      total += prob->w[k];
      for (guint j = 0; j < prob->p; j++)
        prob->x[(gsize) j * prob->n + k] = data->x[i * data->p + j];
    }
  for (gsize k = 0; k < prob->n; k++)
    prob->w[k] /= total;
}

StmPenProblem *
_stm_pen_problem_new (const StmSurvData *data,
                      const guint       *fold_id,
                      guint              left_out,
                      GError           **error)
{
  g_autoptr(StmPenProblem) prob = g_new0 (StmPenProblem, 1);
  g_autofree gsize *rows = NULL;

  rows = select_rows (data, fold_id, left_out, &prob->n, &prob->n_given);
  prob->p = data->p;
  prob->x = g_new (double, prob->n * data->p);
  prob->center = g_new (double, data->p);
  prob->scale = g_new (double, data->p);
  prob->w = g_new (double, prob->n);
  prob->event = g_new (double, prob->n);
  prob->ew = g_new (double, prob->n);
  prob->risk = g_new (double, prob->n);
  copy_rows (prob, data, rows);
  find_blocks (prob, data, rows);
  for (gsize b = 0; b < prob->n_blocks; b++)
    prob->events += prob->block_events[b];
  if (prob->events <= 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
                   _("A cross-validation fold left no events to fit; use fewer folds"));
      return NULL;
    }
  for (guint j = 0; j < prob->p; j++)
    standardise_column (prob, j);
  prob->loglik_sat = saturated_loglik (prob);
  return g_steal_pointer (&prob);
}

/* Fills ew and the risk-set sums (rows at or after each block, within
 * its stratum) and returns the log partial likelihood, weights summing
 * to 1. eta is shifted by its maximum: l does not change. */
static double
risk_sums (StmPenProblem *prob, const double *eta)
{
  double top = -INFINITY, sum = 0, loglik = 0;

  for (gsize k = 0; k < prob->n; k++)
    top = MAX (top, eta[k]);
  for (gsize k = 0; k < prob->n; k++)
    prob->ew[k] = prob->w[k] * exp (eta[k] - top);
  for (gsize b = prob->n_blocks; b-- > 0;)
    {
      if (prob->opens_stratum[b + 1])
        sum = 0;
      for (gsize k = prob->block_start[b]; k < prob->block_start[b + 1]; k++)
        {
          sum += prob->ew[k];
          loglik += prob->w[k] * prob->event[k] * (eta[k] - top);
        }
      prob->risk[b] = sum;
      if (prob->block_events[b] > 0)
        loglik -= prob->block_events[b] * log (sum);
    }
  return loglik;
}

/* The log partial likelihood (weights summing to 1), its gradient in eta
 * and the diagonal of minus its Hessian. */
double
_stm_pen_derivatives (StmPenProblem *prob, const double *eta, double *grad, double *hess)
{
  double loglik = risk_sums (prob, eta);
  double a = 0, c = 0;

  for (gsize b = 0; b < prob->n_blocks; b++)
    {
      if (prob->opens_stratum[b])
        a = c = 0;
      if (prob->block_events[b] > 0)
        {
          a += prob->block_events[b] / prob->risk[b];
          c += prob->block_events[b] / (prob->risk[b] * prob->risk[b]);
        }
      for (gsize k = prob->block_start[b]; k < prob->block_start[b + 1]; k++)
        {
          double e = prob->ew[k];

          grad[k] = prob->w[k] * prob->event[k] - e * a;
          hess[k] = MAX (e * a - e * e * c, 0.0);
        }
    }
  return loglik;
}

double
_stm_pen_loglik (StmPenProblem *prob, const double *eta)
{
  return risk_sums (prob, eta);
}

/* The deviance from the log-likelihood with weights summing to 1: with
 * weights c w, l' = c l - c log (c) sum d. */
double
_stm_pen_deviance_from_loglik (const StmPenProblem *prob, double loglik)
{
  double c = (double) prob->n_given;

  return 2 * (prob->loglik_sat - (c * loglik - c * log (c) * prob->events));
}

double
_stm_pen_deviance (StmPenProblem *prob, const double *beta)
{
  g_autofree double *eta = g_new0 (double, prob->n);

  for (guint j = 0; j < prob->p; j++)
    {
      const double *col = prob->x + (gsize) j * prob->n;
      double bj = beta[j] * prob->scale[j];

      if (bj != 0)
        for (gsize k = 0; k < prob->n; k++)
          eta[k] += bj * col[k];
    }
  return _stm_pen_deviance_from_loglik (prob, risk_sums (prob, eta));
}

/* Fills ew and the risk-set sums, and returns per row the running sum of
 * d / S0 over event blocks up to its own (Breslow's hazard at ew = 1). */
static double *
risk_and_hazard (StmPenProblem *prob, const double *eta)
{
  double *a = g_new (double, prob->n);
  double run = 0;

  risk_sums (prob, eta);
  for (gsize b = 0; b < prob->n_blocks; b++)
    {
      if (prob->opens_stratum[b])
        run = 0;
      if (prob->block_events[b] > 0)
        run += prob->block_events[b] / prob->risk[b];
      for (gsize k = prob->block_start[b]; k < prob->block_start[b + 1]; k++)
        a[k] = run;
    }
  return a;
}

/* Minus the Hessian of l (weights summing to 1) in the coefficients of the
 * m columns `cols`, into the upper triangle of h (m x m, column-major):
 * X' diag (ew a) X - sum over event blocks of d / S0^2 * S1 S1', where a
 * is the running sum of d / S0 and S1 the risk-set sum of ew x. */
void
_stm_pen_information (StmPenProblem *prob, const double *eta, const guint *cols, guint m,
                      double *h)
{
  g_autofree double *z = g_new (double, prob->n * m);
  g_autofree double *s1 = g_new0 (double, (gsize) prob->n_blocks * m);
  g_autofree double *a = risk_and_hazard (prob, eta);

  for (guint c = 0; c < m; c++)
    {
      const double *col = prob->x + (gsize) cols[c] * prob->n;

      for (gsize k = 0; k < prob->n; k++)
        z[(gsize) c * prob->n + k] = sqrt (prob->ew[k] * a[k]) * col[k];
    }
  cblas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, (int) m, (int) prob->n, 1.0, z,
               (int) prob->n, 0.0, h, (int) m);
  for (guint c = 0; c < m; c++)
    {
      const double *col = prob->x + (gsize) cols[c] * prob->n;
      double sum = 0;

      for (gsize b = prob->n_blocks; b-- > 0;)
        {
          if (prob->opens_stratum[b + 1])
            sum = 0;
          for (gsize k = prob->block_start[b]; k < prob->block_start[b + 1]; k++)
            sum += prob->ew[k] * col[k];
          s1[b * m + c] = sum;
        }
    }
  for (gsize b = 0; b < prob->n_blocks; b++)
    if (prob->block_events[b] > 0)
      cblas_dsyr (CblasColMajor, CblasUpper, (int) m,
                  -prob->block_events[b] / (prob->risk[b] * prob->risk[b]),
                  s1 + b * m, 1, h, (int) m);
}

/* out = M y for the ncols columns of y (n x ncols, column-major), M
 * being minus the Hessian of l in eta: diag (ew a) - sum over event blocks
 * of d / S0^2 v v', v the risk set's ew. Two running sums per column. */
void
_stm_pen_information_times (StmPenProblem *prob, const double *eta, const double *y,
                            guint ncols, double *out)
{
  g_autofree double *a = risk_and_hazard (prob, eta);
  g_autofree double *u = g_new (double, prob->n_blocks);

  for (guint c = 0; c < ncols; c++)
    {
      const double *yc = y + (gsize) c * prob->n;
      double *oc = out + (gsize) c * prob->n;
      double acc = 0, run = 0;

      for (gsize b = prob->n_blocks; b-- > 0;)
        {
          if (prob->opens_stratum[b + 1])
            acc = 0;
          for (gsize k = prob->block_start[b]; k < prob->block_start[b + 1]; k++)
            acc += prob->ew[k] * yc[k];
          u[b] = acc;
        }
      for (gsize b = 0; b < prob->n_blocks; b++)
        {
          if (prob->opens_stratum[b])
            run = 0;
          if (prob->block_events[b] > 0)
            run += prob->block_events[b] / (prob->risk[b] * prob->risk[b]) * u[b];
          for (gsize k = prob->block_start[b]; k < prob->block_start[b + 1]; k++)
            oc[k] = prob->ew[k] * (a[k] * yc[k] - run);
        }
    }
}
