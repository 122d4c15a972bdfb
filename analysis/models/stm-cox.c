/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cox-private.h"
#include <glib/gi18n.h>

#include <float.h>
#include <math.h>
#include <string.h>

#include "stm-concordance.h"
#include "stm-model-error.h"

void
stm_cox_options_init (StmCoxOptions *options)
{
  options->ties = STM_TIES_EFRON;
  options->max_iter = 20;
  options->eps = 1e-9;
  options->toler_chol = pow (DBL_EPSILON, 0.75);
  options->init = NULL;
}

const char *
_stm_cox_covariate_name (const StmSurvData *data,
                         guint              j,
                         char               buffer[32])
{
  if (data->names != NULL && data->names[j] != NULL)
    return data->names[j];
  g_snprintf (buffer, 32, "%u", j + 1);
  return buffer;
}

static double
row_weight (const StmSurvData *data,
            gsize              i)
{
  return data->weights != NULL ? data->weights[i] : 1.0;
}

static gboolean
check_row (const StmSurvData *data,
           gsize              i,
           GError           **error)
{
  char name[32];

  if (!isfinite (data->time[i]) || data->time[i] < 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Row %zu has no valid follow-up time."), i + 1);
      return FALSE;
    }
  if (data->event[i] != 0 && data->event[i] != 1)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Row %zu has an event indicator that is not 0 or 1."), i + 1);
      return FALSE;
    }
  if (!isfinite (row_weight (data, i)) || row_weight (data, i) < 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Row %zu has a weight that is negative or missing."), i + 1);
      return FALSE;
    }
  if (data->strata != NULL && (data->strata[i] < 0 || (gsize) data->strata[i] >= data->n))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Row %zu has a stratum outside 0 to %zu."),
                   i + 1, data->n - 1);
      return FALSE;
    }
  for (guint j = 0; j < data->p; j++)
    if (!isfinite (data->x[i * data->p + j]))
      {
        g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                     _("Row %zu has a missing value for covariate %s."),
                     i + 1, _stm_cox_covariate_name (data, j, name));
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_data (const StmSurvData *data,
            GError           **error)
{
  double events = 0;

  if (data == NULL || data->n == 0)
    {
      g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                           _("There are no patients in the data."));
      return FALSE;
    }
  if (data->time == NULL || data->event == NULL || (data->p > 0 && data->x == NULL))
    {
      g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                           _("The follow-up times, events or covariates are missing."));
      return FALSE;
    }
  for (gsize i = 0; i < data->n; i++)
    {
      if (!check_row (data, i, error))
        return FALSE;
      events += data->event[i] * row_weight (data, i);
    }
  if (events <= 0)
    {
      g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                           _("No events in the data."));
      return FALSE;
    }
  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const StmSurvData *data = user_data;
  gsize i = *(const gsize *) a, j = *(const gsize *) b;
  int si = data->strata ? data->strata[i] : 0;
  int sj = data->strata ? data->strata[j] : 0;

  if (si != sj)
    return si < sj ? -1 : 1;
  if (data->time[i] != data->time[j])
    return data->time[i] > data->time[j] ? -1 : 1;
  if (data->event[i] != data->event[j])
    return data->event[i] < data->event[j] ? -1 : 1;
  return (i > j) - (i < j);
}

static void
sort_rows (StmCoxDesign      *d,
           const StmSurvData *data)
{
  gsize m = 0;

  d->row = g_new (gsize, data->n);
  for (gsize i = 0; i < data->n; i++)
    if (row_weight (data, i) > 0)
      d->row[m++] = i;
  d->n = m;
  g_qsort_with_data (d->row, m, sizeof (gsize), compare_rows, (gpointer) data);
}

static void
copy_sorted (StmCoxDesign      *d,
             const StmSurvData *data)
{
  guint p = d->p;

  d->x = g_new (double, MAX (d->n * p, 1));
  d->time = g_new (double, d->n);
  d->status = g_new (double, d->n);
  d->weight = g_new (double, d->n);
  d->n_strata = 1;
  for (gsize k = 0; k < d->n; k++)
    {
      gsize i = d->row[k];
      d->time[k] = data->time[i];
      d->status[k] = data->event[i];
      d->weight[k] = row_weight (data, i);
      memcpy (d->x + k * p, data->x + i * p, p * sizeof (double));
      if (data->strata != NULL)
        d->n_strata = MAX (d->n_strata, (guint) data->strata[i] + 1);
    }
}

/* Which columns hold only -1/0/1 (left uncentred, as coxph's nocenter)
 * and which are constant, in one pass over the rows. */
static void
classify_columns (const StmCoxDesign *d,
                  gboolean           *sign,
                  gboolean           *constant)
{
  guint p = d->p;

  for (guint j = 0; j < p; j++)
    sign[j] = constant[j] = TRUE;
  for (gsize k = 0; k < d->n; k++)
    for (guint j = 0; j < p; j++)
      {
        double v = d->x[k * p + j];
        sign[j] = sign[j] && (v == 0 || v == 1 || v == -1);
        constant[j] = constant[j] && v == d->x[j];
      }
}

/* As coxfit6: centre on the weighted mean and scale by the inverse mean
 * absolute deviation, except for columns of -1/0/1 (survival 3.x). The
 * passes run along the rows to stay in cache. */
static void
centre_and_scale (StmCoxDesign   *d,
                  const gboolean *sign)
{
  guint p = d->p;
  g_autofree double *dev = g_new0 (double, p);
  double total = 0;

  for (gsize k = 0; k < d->n; k++)
    {
      total += d->weight[k];
      for (guint j = 0; j < p; j++)
        d->centre[j] += sign[j] ? 0 : d->weight[k] * d->x[k * p + j];
    }
  for (guint j = 0; j < p; j++)
    d->centre[j] /= total;
  for (gsize k = 0; k < d->n; k++)
    for (guint j = 0; j < p; j++)
      dev[j] += d->weight[k] * fabs (d->x[k * p + j] - d->centre[j]);
  for (guint j = 0; j < p; j++)
    d->scale[j] = sign[j] || dev[j] <= 0 ? 1 : total / dev[j];
  for (gsize k = 0; k < d->n; k++)
    for (guint j = 0; j < p; j++)
      d->x[k * p + j] = (d->x[k * p + j] - d->centre[j]) * d->scale[j];
}

static gboolean
centre_columns (StmCoxDesign      *d,
                const StmSurvData *data,
                GError           **error)
{
  g_autofree gboolean *sign = g_new0 (gboolean, MAX (d->p, 1));
  g_autofree gboolean *constant = g_new0 (gboolean, MAX (d->p, 1));
  char name[32];

  d->centre = g_new0 (double, MAX (d->p, 1));
  d->scale = g_new0 (double, MAX (d->p, 1));
  classify_columns (d, sign, constant);
  for (guint j = 0; j < d->p; j++)
    if (constant[j])
      {
        g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                     _("Covariate %s is constant: it cannot be estimated."),
                     _stm_cox_covariate_name (data, j, name));
        return FALSE;
      }
  centre_and_scale (d, sign);
  return TRUE;
}

static void
find_blocks (StmCoxDesign      *d,
             const StmSurvData *data)
{
  guint stratum = 0;

  d->block_start = g_new (gsize, d->n + 1);
  d->block_stratum = g_new (guint, d->n);
  d->stratum_block = g_new0 (gsize, d->n_strata + 1);
  d->n_blocks = 0;
  d->n_events = 0;
  for (gsize k = 0; k < d->n; k++)
    {
      guint s = data->strata ? (guint) data->strata[d->row[k]] : 0;
      gboolean new_stratum = k == 0 || s != stratum;

      if (new_stratum)
        for (guint t = (k == 0 ? 0 : stratum + 1); t <= s; t++)
          d->stratum_block[t] = d->n_blocks;
      if (new_stratum || d->time[k] != d->time[k - 1])
        {
          d->block_start[d->n_blocks] = k;
          d->block_stratum[d->n_blocks++] = s;
        }
      stratum = s;
      d->n_events += d->status[k] != 0;
    }
  d->block_start[d->n_blocks] = d->n;
  for (guint t = stratum + 1; t <= d->n_strata; t++)
    d->stratum_block[t] = d->n_blocks;
}

StmCoxDesign *
_stm_cox_design_new (const StmSurvData *data,
                     GError           **error)
{
  StmCoxDesign *d;

  if (!check_data (data, error))
    return NULL;
  d = g_new0 (StmCoxDesign, 1);
  d->p = data->p;
  sort_rows (d, data);
  copy_sorted (d, data);
  if (!centre_columns (d, data, error))
    {
      _stm_cox_design_free (d);
      return NULL;
    }
  find_blocks (d, data);
  return d;
}

void
_stm_cox_design_free (StmCoxDesign *design)
{
  if (design == NULL)
    return;
  g_free (design->x);
  g_free (design->time);
  g_free (design->status);
  g_free (design->weight);
  g_free (design->row);
  g_free (design->centre);
  g_free (design->scale);
  g_free (design->block_start);
  g_free (design->block_stratum);
  g_free (design->stratum_block);
  g_free (design);
}

static StmCoxFit *
fit_new (const StmSurvData  *data,
         const StmCoxDesign *design,
         StmTies             ties)
{
  StmCoxFit *fit = g_new0 (StmCoxFit, 1);
  guint p = data->p;

  fit->p = p;
  fit->n = design->n;
  fit->n_events = design->n_events;
  fit->ties = ties;
  fit->n_strata = design->n_strata;
  fit->beta = g_new0 (double, MAX (p, 1));
  fit->se = g_new0 (double, MAX (p, 1));
  fit->cov = g_new0 (double, MAX (p * p, 1));
  fit->means = g_memdup2 (design->centre, MAX (p, 1) * sizeof (double));
  if (data->names != NULL)
    {
      fit->names = g_new0 (char *, p + 1);
      for (guint j = 0; j < p; j++)
        fit->names[j] = g_strdup (data->names[j]);
    }
  return fit;
}

static void
fit_concordance (StmCoxFit         *fit,
                 const StmSurvData *data)
{
  g_autofree double *lp = g_new (double, data->n);
  StmConcordance c;

  for (gsize i = 0; i < data->n; i++)
    lp[i] = stm_cox_fit_linear_predictor (fit, data->x + i * data->p);
  stm_concordance_compute (data->n, data->time, data->event, lp, data->strata,
                           data->weights, &c);
  fit->concordance = c.concordance;
  fit->concordance_se = c.std_err;
}

StmCoxFit *
stm_cox_fit (const StmSurvData   *data,
             const StmCoxOptions *options,
             GCancellable        *cancellable,
             GError             **error)
{
  StmCoxOptions defaults;
  StmCoxDesign *design;
  StmCoxWork *work;
  StmCoxFit *fit;
  gboolean ok;

  if (options == NULL)
    {
      stm_cox_options_init (&defaults);
      options = &defaults;
    }
  design = _stm_cox_design_new (data, error);
  if (design == NULL)
    return NULL;
  fit = fit_new (data, design, options->ties);
  work = _stm_cox_work_new (design, options->ties);
  ok = _stm_cox_newton (work, data, options, fit, cancellable, error);
  if (ok)
    {
      _stm_cox_baseline (fit, design);
      fit_concordance (fit, data);
    }
  _stm_cox_work_free (work);
  _stm_cox_design_free (design);
  if (!ok)
    g_clear_pointer (&fit, stm_cox_fit_free);
  return fit;
}

void
stm_cox_fit_free (StmCoxFit *fit)
{
  if (fit == NULL)
    return;
  for (guint s = 0; s < fit->n_strata; s++)
    {
      if (fit->baseline_time != NULL)
        g_array_unref (fit->baseline_time[s]);
      if (fit->baseline_cumhaz != NULL)
        g_array_unref (fit->baseline_cumhaz[s]);
    }
  g_free (fit->baseline_time);
  g_free (fit->baseline_cumhaz);
  g_strfreev (fit->names);
  g_free (fit->beta);
  g_free (fit->se);
  g_free (fit->cov);
  g_free (fit->means);
  g_free (fit->warning);
  g_free (fit);
}

double
stm_cox_fit_linear_predictor (const StmCoxFit *fit,
                              const double    *x)
{
  double lp = 0;

  for (guint j = 0; j < fit->p; j++)
    lp += x[j] * fit->beta[j];
  return lp;
}
