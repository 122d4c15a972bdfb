/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Breslow estimate of the baseline cumulative hazard,
 *   H0(t) = sum_{event times s <= t} d(s) / sum_{j at risk at s} w_j exp(x_j'beta),
 * per stratum, stored at x = 0 (survfit's ctype = 1).
 */
#include "stm-cox-private.h"

#include <cblas.h>
#include <math.h>

/* w exp((x - centre)'beta) for every sorted row. */
static double *
centred_risk (const StmCoxFit    *fit,
              const StmCoxDesign *design)
{
  double *risk = g_new0 (double, design->n);
  g_autofree double *beta = g_new0 (double, MAX (fit->p, 1));

  for (guint j = 0; j < fit->p; j++)
    beta[j] = fit->beta[j] / design->scale[j];
  if (fit->p > 0)
    cblas_dgemv (CblasRowMajor, CblasNoTrans, design->n, fit->p, 1.0, design->x, fit->p,
                 beta, 1, 0.0, risk, 1);
  for (gsize k = 0; k < design->n; k++)
    risk[k] = design->weight[k] * exp (risk[k]);
  return risk;
}

/* Hazard increments at the centre, per block, from the latest time back. */
static double *
block_hazards (const StmCoxDesign *design,
               const double       *risk)
{
  double *hazard = g_new0 (double, MAX (design->n_blocks, 1));
  double denom = 0;

  for (gsize b = 0; b < design->n_blocks; b++)
    {
      double deaths = 0;

      if (b == 0 || design->block_stratum[b] != design->block_stratum[b - 1])
        denom = 0;
      for (gsize k = design->block_start[b]; k < design->block_start[b + 1]; k++)
        {
          denom += risk[k];
          deaths += design->weight[k] * design->status[k];
        }
      hazard[b] = deaths > 0 ? deaths / denom : -1;
    }
  return hazard;
}

void
_stm_cox_baseline (StmCoxFit          *fit,
                   const StmCoxDesign *design)
{
  g_autofree double *risk = centred_risk (fit, design);
  g_autofree double *hazard = block_hazards (design, risk);
  /* From the centre back to x = 0. */
  double shift = exp (-stm_cox_fit_linear_predictor (fit, design->centre));

  fit->baseline_time = g_new0 (GArray *, fit->n_strata);
  fit->baseline_cumhaz = g_new0 (GArray *, fit->n_strata);
  for (guint s = 0; s < fit->n_strata; s++)
    {
      double cumhaz = 0;

      fit->baseline_time[s] = g_array_new (FALSE, FALSE, sizeof (double));
      fit->baseline_cumhaz[s] = g_array_new (FALSE, FALSE, sizeof (double));
      for (gsize b = design->stratum_block[s + 1]; b-- > design->stratum_block[s];)
        {
          if (hazard[b] < 0)
            continue;
          cumhaz += hazard[b];
          g_array_append_val (fit->baseline_time[s], design->time[design->block_start[b]]);
          g_array_append_val (fit->baseline_cumhaz[s], (double) { cumhaz * shift });
        }
    }
}

double
stm_cox_fit_cumhaz (const StmCoxFit *fit,
                    guint            stratum,
                    double           t)
{
  const GArray *times, *cumhaz;
  gsize lo = 0, hi;

  g_return_val_if_fail (fit != NULL && stratum < fit->n_strata, NAN);
  times = fit->baseline_time[stratum];
  cumhaz = fit->baseline_cumhaz[stratum];
  hi = times->len;
  /* The number of event times <= t. */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (g_array_index (times, double, mid) <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo == 0 ? 0 : g_array_index (cumhaz, double, lo - 1);
}

double
stm_cox_fit_cumhaz_centred (const StmCoxFit *fit,
                            guint            stratum,
                            double           t)
{
  return stm_cox_fit_cumhaz (fit, stratum, t) *
         exp (stm_cox_fit_linear_predictor (fit, fit->means));
}
