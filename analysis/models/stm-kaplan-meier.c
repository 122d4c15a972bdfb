/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Kaplan-Meier estimator with Greenwood standard errors and a
 * log-transformed confidence band, as survival::survfit.
 */
#include "stm-metrics-private.h"
#include <glib/gi18n.h>
#include "stm-model-error.h"

#include <math.h>

gboolean
_stm_metrics_check (gsize         n,
                    const double *time,
                    const double *event,
                    const double *values,
                    gboolean      probabilities,
                    GError      **error)
{
  if (n == 0 || n > G_MAXINT || time == NULL || event == NULL)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("There are no patients to evaluate"));
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      const char *why = NULL;

      if (!isfinite (time[i]) || time[i] < 0)
        why = _("has no valid follow-up time");
      else if (event[i] != 0 && event[i] != 1)
        why = _("has an event status other than 0 or 1");
      else if (values != NULL && !isfinite (values[i]))
        why = _("has no prediction");
      else if (values != NULL && probabilities && (values[i] < 0 || values[i] > 1))
        why = _("has a predicted probability outside 0 to 1");
      if (why != NULL)
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                       /* TRANSLATORS: %s is "has no prediction" and the like. */
                       _("Patient %zu %s"), i + 1, why);
          return FALSE;
        }
    }
  return TRUE;
}

void
stm_kaplan_meier_free (StmKaplanMeier *km)
{
  if (km == NULL)
    return;
  g_free (km->time);
  g_free (km->n_risk);
  g_free (km->n_event);
  g_free (km->n_censor);
  g_free (km->surv);
  g_free (km->std_err);
  g_free (km->se_log);
  g_free (km->lower);
  g_free (km->upper);
  g_free (km);
}

static int
compare_time_cb (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const double *time = user_data;
  double ta = time[*(const gsize *) a], tb = time[*(const gsize *) b];

  return ta < tb ? -1 : ta > tb;
}

gsize *
_stm_metrics_time_order (gsize n, const double *time)
{
  gsize *order = g_new (gsize, n);

  for (gsize i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) n, sizeof (gsize), compare_time_cb, (gpointer) time);
  return order;
}

static StmKaplanMeier *
km_new (gsize n_times, double level)
{
  StmKaplanMeier *km = g_new0 (StmKaplanMeier, 1);

  km->n_times = n_times;
  km->level = level;
  km->time = g_new (double, n_times);
  km->n_risk = g_new (double, n_times);
  km->n_event = g_new0 (double, n_times);
  km->n_censor = g_new0 (double, n_times);
  km->surv = g_new (double, n_times);
  km->std_err = g_new (double, n_times);
  km->se_log = g_new (double, n_times);
  km->lower = g_new (double, n_times);
  km->upper = g_new (double, n_times);
  return km;
}

/* Counts per distinct time, and those at risk. */
static void
km_count (StmKaplanMeier *km, gsize n, const double *time, const double *event,
          const gsize *order)
{
  gsize k = 0;
  double at_risk = (double) n;

  for (gsize r = 0; r < n; r++)
    {
      gsize i = order[r];

      if (r > 0 && time[i] != time[order[r - 1]])
        {
          at_risk -= km->n_event[k] + km->n_censor[k];
          k++;
        }
      km->time[k] = time[i];
      km->n_risk[k] = at_risk;
      if (event[i] != 0)
        km->n_event[k] += 1;
      else
        km->n_censor[k] += 1;
    }
}

/* The product-limit estimate, Greenwood's variance of log S, and the
 * log-transformed band. */
static void
km_estimate (StmKaplanMeier *km)
{
  double z = stm_normal_quantile_two_sided (km->level), s = 1, var = 0;

  for (gsize k = 0; k < km->n_times; k++)
    {
      double r = km->n_risk[k], d = km->n_event[k];

      if (d > 0)
        {
          s *= 1 - d / r;
          var += r > d ? d / (r * (r - d)) : INFINITY;
        }
      km->surv[k] = s;
      km->se_log[k] = sqrt (var);
      km->std_err[k] = s > 0 ? s * km->se_log[k] : NAN;
      km->lower[k] = s > 0 ? s * exp (-z * km->se_log[k]) : NAN;
      km->upper[k] = s > 0 ? MIN (1.0, s * exp (z * km->se_log[k])) : NAN;
    }
}

StmKaplanMeier *
stm_kaplan_meier (gsize         n,
                  const double *time,
                  const double *event,
                  double        level,
                  GError      **error)
{
  g_autofree gsize *order = NULL;
  StmKaplanMeier *km;
  gsize n_times = 0;

  if (!_stm_metrics_check (n, time, event, NULL, FALSE, error))
    return NULL;
  if (!(level > 0 && level < 1))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("The confidence level must lie between 0 and 1"));
      return NULL;
    }
  order = _stm_metrics_time_order (n, time);
  for (gsize r = 0; r < n; r++)
    n_times += r == 0 || time[order[r]] != time[order[r - 1]];
  km = km_new (n_times, level);
  km_count (km, n, time, event, order);
  km_estimate (km);
  return km;
}

gssize
stm_kaplan_meier_index (const StmKaplanMeier *km, double t)
{
  gsize lo = 0, hi = km->n_times;

  /* the first index whose time exceeds t */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (km->time[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (gssize) lo - 1;
}

double
stm_kaplan_meier_at (const StmKaplanMeier *km, double t)
{
  gssize k = stm_kaplan_meier_index (km, t);

  return k < 0 ? 1.0 : km->surv[k];
}

double
stm_kaplan_meier_before (const StmKaplanMeier *km, double t)
{
  gssize k = stm_kaplan_meier_index (km, t);

  if (k >= 0 && km->time[k] == t)
    k--;
  return k < 0 ? 1.0 : km->surv[k];
}
