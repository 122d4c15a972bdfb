/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Time-dependent AUC, Brier score and calibration at a horizon.
 */
#include "stm-metrics-private.h"
#include <glib/gi18n.h>
#include "stm-model-error.h"

#include <math.h>
#include <stdlib.h>

/* The Kaplan-Meier estimate of the censoring distribution, G. */
static StmKaplanMeier *
censoring_km (gsize n, const double *time, const double *event)
{
  g_autofree double *censored = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    censored[i] = 1 - event[i];
  return stm_kaplan_meier (n, time, censored, 0.95, NULL);
}

static gboolean
is_case (const double *time, const double *event, gsize i, double horizon)
{
  return event[i] != 0 && time[i] <= horizon;
}

static gboolean
check_horizon (double horizon, GError **error)
{
  if (isfinite (horizon) && horizon > 0)
    return TRUE;
  g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
               _("The horizon must be a positive time"));
  return FALSE;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* How many of the sorted values are below v, and how many equal it. */
static void
count_below (const double *sorted, gsize n, double v, gsize *below, gsize *equal)
{
  gsize lo = 0, hi = n, end;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (sorted[mid] < v)
        lo = mid + 1;
      else
        hi = mid;
    }
  *below = lo;
  for (end = lo; end < n && sorted[end] == v; end++)
    ;
  *equal = end - lo;
}

static double *
control_risks (gsize n, const double *time, const double *risk, double horizon, gsize *n_out)
{
  double *controls = g_new (double, n);
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    if (time[i] > horizon)
      controls[m++] = risk[i];
  qsort (controls, m, sizeof (double), compare_double);
  *n_out = m;
  return controls;
}

double
stm_time_auc (gsize         n,
              const double *time,
              const double *event,
              const double *risk,
              double        horizon,
              GError      **error)
{
  g_autoptr(StmKaplanMeier) g = NULL;
  g_autofree double *controls = NULL;
  gsize n_controls;
  double concordant = 0, cases = 0;

  if (!_stm_metrics_check (n, time, event, risk, FALSE, error) ||
      !check_horizon (horizon, error))
    return NAN;
  g = censoring_km (n, time, event);
  controls = control_risks (n, time, risk, horizon, &n_controls);
  for (gsize i = 0; i < n; i++)
    if (is_case (time, event, i, horizon))
      {
        double w = 1 / stm_kaplan_meier_before (g, time[i]);
        gsize below, equal;

        count_below (controls, n_controls, risk[i], &below, &equal);
        concordant += w * (below + 0.5 * equal);
        cases += w;
      }
  if (cases == 0 || n_controls == 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("The AUC at this horizon needs patients with an event by then "
                     "and patients followed beyond it"));
      return NAN;
    }
  /* the controls' common weight 1 / G(t) cancels */
  return concordant / (cases * n_controls);
}

double
stm_brier_score (gsize         n,
                 const double *time,
                 const double *event,
                 const double *predicted,
                 double        horizon,
                 GError      **error)
{
  g_autoptr(StmKaplanMeier) g = NULL;
  double sum = 0, g_horizon;

  if (!_stm_metrics_check (n, time, event, predicted, TRUE, error) ||
      !check_horizon (horizon, error))
    return NAN;
  g = censoring_km (n, time, event);
  g_horizon = stm_kaplan_meier_at (g, horizon);
  for (gsize i = 0; i < n; i++)
    {
      if (is_case (time, event, i, horizon))
        sum += (1 - predicted[i]) * (1 - predicted[i]) / stm_kaplan_meier_before (g, time[i]);
      else if (time[i] > horizon)
        sum += predicted[i] * predicted[i] / g_horizon;
    }
  return sum / n;
}

void
stm_calibration_free (StmCalibration *cal)
{
  if (cal == NULL)
    return;
  g_free (cal->n);
  g_free (cal->n_events);
  g_free (cal->predicted);
  g_free (cal->observed);
  g_free (cal->lower);
  g_free (cal->upper);
  g_free (cal);
}

/* R's quantile (type = 7) of sorted values at probability q. */
static double
quantile7 (const double *sorted, gsize n, double q)
{
  double h = (n - 1) * q;
  gsize lo = (gsize) floor (h);

  if (lo + 1 >= n)
    return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/* Group of each patient: the first g with p <= q_(g+1). */
static guint *
assign_groups (gsize n, const double *predicted, guint n_groups)
{
  g_autofree double *sorted = g_memdup2 (predicted, n * sizeof (double));
  g_autofree double *breaks = g_new (double, n_groups + 1);
  guint *group = g_new (guint, n);

  qsort (sorted, n, sizeof (double), compare_double);
  for (guint g = 0; g <= n_groups; g++)
    breaks[g] = quantile7 (sorted, n, (double) g / n_groups);
  for (gsize i = 0; i < n; i++)
    {
      guint g = 0;

      while (g + 1 < n_groups && predicted[i] > breaks[g + 1])
        g++;
      group[i] = g;
    }
  return group;
}

static StmCalibration *
calibration_new (guint n_groups, double horizon)
{
  StmCalibration *cal = g_new0 (StmCalibration, 1);

  cal->n_groups = n_groups;
  cal->horizon = horizon;
  cal->n = g_new0 (gsize, n_groups);
  cal->n_events = g_new0 (gsize, n_groups);
  cal->predicted = g_new0 (double, n_groups);
  cal->observed = g_new (double, n_groups);
  cal->lower = g_new (double, n_groups);
  cal->upper = g_new (double, n_groups);
  return cal;
}

/* The observed risk of one group from its Kaplan-Meier curve. */
static void
observe_group (StmCalibration *cal, guint g, GArray *time, GArray *event, double level)
{
  g_autoptr(StmKaplanMeier) km = NULL;
  gssize k;

  cal->observed[g] = cal->lower[g] = cal->upper[g] = NAN;
  if (time->len == 0)
    return;
  km = stm_kaplan_meier (time->len, (double *) time->data, (double *) event->data, level, NULL);
  k = stm_kaplan_meier_index (km, cal->horizon);
  if (k < 0)
    {
      cal->observed[g] = cal->lower[g] = cal->upper[g] = 0;
      return;
    }
  if (km->time[km->n_times - 1] < cal->horizon && km->surv[k] > 0)
    return;
  cal->observed[g] = 1 - km->surv[k];
  cal->lower[g] = 1 - km->upper[k];
  cal->upper[g] = 1 - km->lower[k];
}

StmCalibration *
stm_calibration (gsize         n,
                 const double *time,
                 const double *event,
                 const double *predicted,
                 double        horizon,
                 guint         n_groups,
                 double        level,
                 GError      **error)
{
  g_autofree guint *group = NULL;
  StmCalibration *cal;

  if (!_stm_metrics_check (n, time, event, predicted, TRUE, error) ||
      !check_horizon (horizon, error))
    return NULL;
  if (n_groups == 0 || n_groups > n || !(level > 0 && level < 1))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Calibration needs between 1 and n risk groups and a confidence "
                     "level between 0 and 1"));
      return NULL;
    }
  group = assign_groups (n, predicted, n_groups);
  cal = calibration_new (n_groups, horizon);
  for (guint g = 0; g < n_groups; g++)
    {
      g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) e = g_array_new (FALSE, FALSE, sizeof (double));

      for (gsize i = 0; i < n; i++)
        if (group[i] == g)
          {
            g_array_append_val (t, time[i]);
            g_array_append_val (e, event[i]);
            cal->n[g]++;
            cal->n_events[g] += is_case (time, event, i, horizon);
            cal->predicted[g] += predicted[i];
          }
      cal->predicted[g] = cal->n[g] > 0 ? cal->predicted[g] / cal->n[g] : NAN;
      observe_group (cal, g, t, e, level);
    }
  return cal;
}
