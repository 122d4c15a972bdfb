/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From a cohort table to a model file: data preparation, fit, baseline, summary. */
#include "stm-model-fit.h"
#include <glib/gi18n.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stm-concordance.h"
#include "stm-config.h"
#include "stm-cox-penalized.h"
#include "stm-metrics.h"

typedef struct
{
  gsize      n;
  guint      p;
  double    *time, *event, *x;
  int       *strata;
  GPtrArray *strata_labels;    /* char * */
  gsize      dropped;
} Prepared;

static void
prepared_clear (Prepared *d)
{
  g_free (d->time);
  g_free (d->event);
  g_free (d->x);
  g_free (d->strata);
  g_clear_pointer (&d->strata_labels, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Prepared, prepared_clear)

/* "status=R": the event is the text R in column status; else a 0/1 column. */
static gboolean
event_value (const StmDataTable *t, const char *spec, gsize row, double *out, GError **error)
{
  const char *eq = strchr (spec, '=');

  if (eq != NULL)
    {
      g_autofree char *column = g_strndup (spec, eq - spec);
      const char *cell = stm_data_table_text (t, column, row);
      if (cell == NULL)
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                       _("The data has no column named “%s”."), column);
          return FALSE;
        }
      *out = g_strcmp0 (cell, eq + 1) == 0;
      return TRUE;
    }
  const double *v = stm_data_table_column (t, spec, error);
  if (v == NULL)
    return FALSE;
  if (!isnan (v[row]) && v[row] != 0 && v[row] != 1)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("The event column %s holds %g on row %zu; it must be 0 or 1 "
                     "(or name the event as COLUMN=VALUE)."), spec, v[row], row + 2);
      return FALSE;
    }
  *out = v[row];
  return TRUE;
}

/* "size=20-50": 1 where the text column size holds 20-50, else 0; missing stays missing. */
static const double *
indicator_column (const StmDataTable *t, const char *spec, GPtrArray *keep, GError **error)
{
  const char *eq = strchr (spec, '=');
  g_autofree char *column = g_strndup (spec, eq - spec);
  gsize rows = stm_data_table_n_rows (t);

  if (stm_data_table_column (t, column, error) == NULL)
    return NULL;
  double *v = g_new (double, MAX (rows, 1));
  for (gsize r = 0; r < rows; r++)
    {
      const char *cell = stm_data_table_text (t, column, r);
      gboolean missing = cell == NULL || *cell == '\0' || g_strcmp0 (cell, "NA") == 0;
      v[r] = missing ? NAN : g_strcmp0 (cell, eq + 1) == 0;
    }
  g_ptr_array_add (keep, v);
  return v;
}

static gint
stratum_id (Prepared *d, const char *label)
{
  for (guint s = 0; s < d->strata_labels->len; s++)
    if (g_strcmp0 (g_ptr_array_index (d->strata_labels, s), label) == 0)
      return (gint) s;
  g_ptr_array_add (d->strata_labels, g_strdup (label));
  return (gint) d->strata_labels->len - 1;
}

static gboolean
prepare (const StmDataTable *t, const StmFitSpec *spec, Prepared *d, GError **error)
{
  gsize rows = stm_data_table_n_rows (t);
  const double *time = stm_data_table_column (t, spec->time_column, error);
  g_autofree const double **cov = g_new0 (const double *, spec->n_covariates);

  if (time == NULL)
    return FALSE;
  g_autoptr(GPtrArray) indicators = g_ptr_array_new_with_free_func (g_free);
  for (guint j = 0; j < spec->n_covariates; j++)
    {
      cov[j] = strchr (spec->covariates[j], '=') != NULL
               ? indicator_column (t, spec->covariates[j], indicators, error)
               : stm_data_table_column (t, spec->covariates[j], error);
      if (cov[j] == NULL)
        return FALSE;
    }

  d->p = spec->n_covariates;
  d->time = g_new (double, MAX (rows, 1));
  d->event = g_new (double, MAX (rows, 1));
  d->x = g_new (double, MAX (rows, 1) * d->p);
  d->strata = g_new0 (int, MAX (rows, 1));
  d->strata_labels = g_ptr_array_new_with_free_func (g_free);

  for (gsize r = 0; r < rows; r++)
    {
      double e;
      gboolean complete = !isnan (time[r]) && time[r] >= 0;
      if (!event_value (t, spec->event_column, r, &e, error))
        return FALSE;
      complete = complete && !isnan (e);
      for (guint j = 0; complete && j < d->p; j++)
        complete = isfinite (cov[j][r]);
      const char *label = spec->strata_column ? stm_data_table_text (t, spec->strata_column, r) : "";
      if (label == NULL)
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                       _("The data has no column named “%s”."), spec->strata_column);
          return FALSE;
        }
      if (!complete || (spec->strata_column && (*label == '\0' || g_strcmp0 (label, "NA") == 0)))
        {
          d->dropped++;
          continue;
        }
      d->time[d->n] = time[r];
      d->event[d->n] = e;
      for (guint j = 0; j < d->p; j++)
        d->x[d->n * d->p + j] = cov[j][r];
      d->strata[d->n] = stratum_id (d, label);
      d->n++;
    }
  if (d->n == 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("No row of the data has every value the model needs."));
      return FALSE;
    }
  return TRUE;
}

static void
describe_covariates (StmModel *m, const StmFitSpec *spec, const Prepared *d)
{
  for (guint j = 0; j < d->p; j++)
    {
      StmModelCovariate *c = g_new0 (StmModelCovariate, 1);
      c->name = g_strdup (spec->covariates[j]);
      c->min = INFINITY;
      c->max = -INFINITY;
      c->binary = TRUE;
      for (gsize i = 0; i < d->n; i++)
        {
          double v = d->x[i * d->p + j];
          c->min = MIN (c->min, v);
          c->max = MAX (c->max, v);
          c->binary = c->binary && (v == 0 || v == 1);
        }
      g_ptr_array_add (m->covariates, c);
    }
}

static int
compare_by_time_desc (const void *a, const void *b, void *data)
{
  const Prepared *d = data;
  gsize i = *(const gsize *) a, j = *(const gsize *) b;

  if (d->strata[i] != d->strata[j])
    return d->strata[i] < d->strata[j] ? -1 : 1;
  if (d->time[i] != d->time[j])
    return d->time[i] > d->time[j] ? -1 : 1;
  return 0;
}

/*
 * Breslow baseline at x = 0 per stratum, with survfit.coxph's variance
 * terms: walking times downwards accumulates the risk-set sums S0 and S1.
 */
static void
compute_baselines (StmModel *m, const Prepared *d)
{
  guint p = d->p;
  g_autofree gsize *order = g_new (gsize, d->n);
  g_autofree double *s1 = g_new0 (double, p);

  for (gsize i = 0; i < d->n; i++)
    order[i] = i;
  g_qsort_with_data (order, d->n, sizeof (gsize), compare_by_time_desc, (gpointer) d);

  for (guint s = 0; s < d->strata_labels->len; s++)
    {
      StmModelBaseline *b = g_new0 (StmModelBaseline, 1);
      g_autoptr(GArray) t_desc = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) dh_desc = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) dv_desc = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) xb_desc = g_array_new (FALSE, FALSE, sizeof (double));
      double s0 = 0;

      memset (s1, 0, p * sizeof (double));
      for (gsize k = 0; k < d->n;)
        {
          gsize i = order[k];
          if (d->strata[i] != (int) s)
            {
              k++;
              continue;
            }
          double t = d->time[i], events = 0;
          for (; k < d->n && d->strata[order[k]] == (int) s && d->time[order[k]] == t; k++)
            {
              gsize r = order[k];
              double lp = 0;
              for (guint j = 0; j < p; j++)
                lp += d->x[r * p + j] * m->estimate[j];
              double w = exp (lp);
              s0 += w;
              for (guint j = 0; j < p; j++)
                s1[j] += w * d->x[r * p + j];
              events += d->event[r];
            }
          if (events == 0)
            continue;
          double dh = events / s0, dv = events / (s0 * s0);
          g_array_append_val (t_desc, t);
          g_array_append_val (dh_desc, dh);
          g_array_append_val (dv_desc, dv);
          for (guint j = 0; j < p; j++)
            {
              double xb = s1[j] / s0;
              g_array_append_val (xb_desc, xb);
            }
        }

      guint n = t_desc->len;
      b->label = m->strata_column ? g_strdup (g_ptr_array_index (d->strata_labels, s)) : NULL;
      b->time = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      b->cumhaz = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      b->dvar = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      b->xbar = g_array_sized_new (FALSE, FALSE, sizeof (double), (gsize) n * p);
      double cum = 0;
      for (guint k = n; k-- > 0;)
        {
          cum += g_array_index (dh_desc, double, k);
          g_array_append_val (b->time, g_array_index (t_desc, double, k));
          g_array_append_val (b->cumhaz, cum);
          g_array_append_val (b->dvar, g_array_index (dv_desc, double, k));
          g_array_append_vals (b->xbar, &g_array_index (xb_desc, double, (gsize) k * p), p);
        }
      g_ptr_array_add (m->baselines, b);
    }
}

/* Median follow-up by the reverse Kaplan-Meier method (censoring as the event). */
static double
median_follow_up (const Prepared *d)
{
  g_autofree double *censored = g_new (double, d->n);

  for (gsize i = 0; i < d->n; i++)
    censored[i] = d->event[i] == 0;
  g_autoptr(StmKaplanMeier) km = stm_kaplan_meier (d->n, d->time, censored, 0.95, NULL);
  for (gsize k = 0; km != NULL && k < km->n_times; k++)
    if (km->surv[k] <= 0.5)
      return km->time[k];
  return NAN;
}

/* The Breslow log partial likelihood at @beta, within strata. */
static double
breslow_loglik (const Prepared *d, const double *beta)
{
  g_autofree gsize *order = g_new (gsize, d->n);
  double loglik = 0;

  for (gsize i = 0; i < d->n; i++)
    order[i] = i;
  g_qsort_with_data (order, d->n, sizeof (gsize), compare_by_time_desc, (gpointer) d);
  for (gsize k = 0; k < d->n;)
    {
      int stratum = d->strata[order[k]];
      double s0 = 0;
      for (; k < d->n && d->strata[order[k]] == stratum;)
        {
          double t = d->time[order[k]], eta_events = 0, events = 0;
          for (; k < d->n && d->strata[order[k]] == stratum && d->time[order[k]] == t; k++)
            {
              gsize r = order[k];
              double eta = 0;
              for (guint j = 0; j < d->p; j++)
                eta += d->x[r * d->p + j] * beta[j];
              s0 += exp (eta);
              if (d->event[r] != 0)
                {
                  eta_events += eta;
                  events++;
                }
            }
          if (events > 0)
            loglik += eta_events - events * log (s0);
        }
    }
  return loglik;
}

static void
fill_fit (StmModel *m, const StmFitSpec *spec, const double *beta, const double *se,
          const double *cov, double loglik_null, double loglik, guint p)
{
  m->estimate = g_memdup2 (beta, p * sizeof (double));
  m->se = se ? g_memdup2 (se, p * sizeof (double)) : g_new0 (double, p);
  m->covariance = cov ? g_memdup2 (cov, (gsize) p * p * sizeof (double)) : g_new0 (double, (gsize) p * p);
  m->loglik_null = loglik_null;
  m->loglik = loglik;
  m->ties = g_strdup (spec->ties == STM_TIES_BRESLOW ? "breslow" : "efron");
}

static gboolean
run_fit (StmModel *m, const StmFitSpec *spec, const Prepared *d, GCancellable *cancellable,
         GError **error)
{
  StmSurvData data = { d->n, d->p, d->time, d->event, d->x,
                       spec->strata_column ? d->strata : NULL, NULL, spec->covariates };

  if (spec->penalty != STM_PENALTY_NONE)
    {
      StmPenaltyOptions o;
      stm_penalty_options_init (&o);
      o.alpha = spec->penalty == STM_PENALTY_RIDGE ? 0.0 : spec->alpha;
      o.folds = spec->folds;
      g_autoptr(StmCoxPenalizedFit) fit = stm_cox_penalized_fit (&data, &o, cancellable, error);
      if (fit == NULL)
        return FALSE;
      g_autofree double *zero = g_new0 (double, d->p);
      fill_fit (m, spec, fit->beta, NULL, NULL, breslow_loglik (d, zero), breslow_loglik (d, fit->beta),
                d->p);
      m->type = g_strdup ("cox-penalized");
      if (m->metrics == NULL)
        m->metrics = json_object_new ();
      json_object_set_double_member (m->metrics, "lambda", fit->chosen_lambda);
      json_object_set_double_member (m->metrics, "alpha", fit->alpha);
      json_object_set_int_member (m->metrics, "folds", fit->folds);
      return TRUE;
    }

  StmCoxOptions o;
  stm_cox_options_init (&o);
  o.ties = spec->ties;
  g_autoptr(StmCoxFit) fit = stm_cox_fit (&data, &o, cancellable, error);
  if (fit == NULL)
    return FALSE;
  fill_fit (m, spec, fit->beta, fit->se, fit->cov, fit->loglik_null, fit->loglik, d->p);
  m->lr_test = fit->lr_test;
  m->wald_test = fit->wald_test;
  m->score_test = fit->score_test;
  m->type = g_strdup ("cox");
  return TRUE;
}

/* The predicted probability of the event by @horizon for each training patient. */
static double *
predicted_risk (const StmModel *m, const Prepared *d, double horizon)
{
  g_autofree double *h0 = g_new0 (double, m->baselines->len);
  double *p = g_new (double, d->n);

  /* H0 (horizon) once per stratum, not once per patient. */
  for (guint s = 0; s < m->baselines->len; s++)
    {
      StmModelBaseline *b = g_ptr_array_index (m->baselines, s);
      for (guint k = 0; k < b->time->len && g_array_index (b->time, double, k) <= horizon; k++)
        h0[s] = g_array_index (b->cumhaz, double, k);
    }
  for (gsize i = 0; i < d->n; i++)
    {
      double lp = 0;
      for (guint j = 0; j < d->p; j++)
        lp += d->x[i * d->p + j] * m->estimate[j];
      p[i] = 1 - exp (-h0[d->strata[i]] * exp (lp));
    }
  return p;
}

static void
add_calibration (JsonObject *metrics, const StmCalibration *c)
{
  JsonArray *groups = json_array_new ();

  for (guint g = 0; g < c->n_groups; g++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_int_member (o, "n", c->n[g]);
      json_object_set_double_member (o, "predicted", c->predicted[g]);
      json_object_set_double_member (o, "observed", c->observed[g]);
      json_object_set_double_member (o, "lower", c->lower[g]);
      json_object_set_double_member (o, "upper", c->upper[g]);
      json_array_add_object_element (groups, o);
    }
  json_object_set_array_member (metrics, "calibration", groups);
}

/* Apparent performance on the training data, and Harrell's optimism correction. */
static gboolean
add_metrics (StmModel *m, const StmFitSpec *spec, const Prepared *d, GCancellable *cancellable,
             GError **error)
{
  m->metrics = m->metrics ? m->metrics : json_object_new ();
  json_object_set_double_member (m->metrics, "concordance", m->concordance);
  if (spec->horizon > 0)
    {
      g_autofree double *p = predicted_risk (m, d, spec->horizon);
      json_object_set_double_member (m->metrics, "horizon", spec->horizon);
      json_object_set_double_member (m->metrics, "time_auc",
                                     stm_time_auc (d->n, d->time, d->event, p, spec->horizon, NULL));
      json_object_set_double_member (m->metrics, "brier",
                                     stm_brier_score (d->n, d->time, d->event, p, spec->horizon, NULL));
      g_autoptr(StmCalibration) c = stm_calibration (d->n, d->time, d->event, p, spec->horizon,
                                                     5, 0.95, NULL);
      if (c != NULL)
        add_calibration (m->metrics, c);
    }
  if (spec->bootstrap > 0 && spec->penalty == STM_PENALTY_NONE)
    {
      StmSurvData data = { d->n, d->p, d->time, d->event, d->x,
                           spec->strata_column ? d->strata : NULL, NULL, spec->covariates };
      StmCoxOptions o;
      StmOptimism opt;
      stm_cox_options_init (&o);
      o.ties = spec->ties;
      if (!stm_bootstrap_optimism (&data, &o, spec->bootstrap, 20261128, NULL, NULL, cancellable,
                                   &opt, error))
        return FALSE;
      json_object_set_double_member (m->metrics, "concordance_optimism", opt.optimism);
      json_object_set_double_member (m->metrics, "concordance_corrected", opt.corrected);
      json_object_set_int_member (m->metrics, "bootstrap_resamples", opt.n_boot);
    }
  return TRUE;
}

StmModel *
stm_model_fit (const StmDataTable *table,
               const StmFitSpec   *spec,
               GCancellable       *cancellable,
               GError            **error)
{
  g_auto(Prepared) d = { 0 };
  g_autoptr(StmModel) m = stm_model_new ();

  if (!prepare (table, spec, &d, error))
    return NULL;
  m->strata_column = g_strdup (spec->strata_column);
  m->treatment = g_strdup (spec->treatment);
  m->time_unit = g_strdup (spec->time_unit ? spec->time_unit : "days");
  m->name = g_strdup (spec->name);
  m->training_data = g_strdup (spec->data_name);
  m->n_dropped = d.dropped;
  describe_covariates (m, spec, &d);
  if (!run_fit (m, spec, &d, cancellable, error))
    return NULL;

  g_autofree double *risk = g_new (double, d.n);
  for (gsize i = 0; i < d.n; i++)
    {
      risk[i] = 0;
      for (guint j = 0; j < d.p; j++)
        risk[i] += d.x[i * d.p + j] * m->estimate[j];
    }
  m->concordance = stm_concordance_harrell (d.n, d.time, d.event, risk,
                                            spec->strata_column ? d.strata : NULL, NULL);
  compute_baselines (m, &d);
  m->n = d.n;
  for (gsize i = 0; i < d.n; i++)
    m->n_events += d.event[i] != 0;
  m->median_follow_up = median_follow_up (&d);
  if (!add_metrics (m, spec, &d, cancellable, error))
    return NULL;

  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  m->created = g_date_time_format_iso8601 (now);
  m->stratum_version = g_strdup (STM_VERSION);
  m->intended_use = g_strdup ("Research use: estimating the survival of patients like those "
                              "in the training data. Not a certified medical device.");
  return g_steal_pointer (&m);
}
