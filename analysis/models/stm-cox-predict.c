/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Predicted survival S(t|x) = exp(-H0(t) exp(x'beta)) with the variance of
 * survfit.coxph (Tsiatis; Link): for the Breslow hazard at the centre c,
 *   Var H(t|x) = r^2 [ sum_{s<=t} d_s / N_s^2 + d(t)' V d(t) ],
 *   d(t) = H_c(t) (x - c) - sum_{s<=t} (d_s / N_s) (xbar_s - c),
 * r = exp((x - c)'beta). The second sum is rewritten per row as
 * sum_j e_j (x_j - c) K(min(t, t_j)) with K the first sum, so one pass
 * forward and one back over the training data give every requested time
 * in O(n p) without storing a p-vector per event time.
 */
#include "stm-cox-private.h"
#include <glib/gi18n.h>

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "stm-model-error.h"

#define NEEDS_TRAINING N_("A confidence band needs the data the model was fitted on.")

/* Acklam's rational approximation, refined by one Halley step. */
static double
normal_quantile (double p)
{
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00 };
  double q, r, x, e;

  if (p < 0.02425 || p > 1 - 0.02425)
    {
      q = sqrt (-2 * log (p < 0.5 ? p : 1 - p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
          ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
      x = p < 0.5 ? x : -x;
    }
  else
    {
      q = p - 0.5;
      r = q * q;
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
          (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
  e = 0.5 * erfc (-x / G_SQRT2) - p;
  r = e * sqrt (2 * G_PI) * exp (x * x / 2);
  return x - r / (1 + x * r / 2);
}

double
stm_normal_quantile_two_sided (double level)
{
  return normal_quantile (1 - (1 - level) / 2);
}

/* The parts of Var H(t|x) that do not depend on x, at each requested time. */
typedef struct
{
  guint   p;
  gsize   n_times;
  double *centre;   /* p */
  double *cumhaz;   /* H_c(t) */
  double *varhaz;   /* K(t) */
  double *q;        /* n_times x p */
} CurveTerms;

static void
curve_terms_free (CurveTerms *terms)
{
  g_free (terms->centre);
  g_free (terms->cumhaz);
  g_free (terms->varhaz);
  g_free (terms->q);
  g_free (terms);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CurveTerms, curve_terms_free)

static int
compare_times (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const double *times = user_data;
  double ta = times[*(const gsize *) a], tb = times[*(const gsize *) b];

  return (ta > tb) - (ta < tb);
}

/* A sweep of one stratum of the training data at the fitted beta. */
typedef struct
{
  const StmCoxDesign *design;
  const double       *times;
  gsize              *order;    /* requested times, ascending */
  gsize               n_times;
  gsize               b0, b1;   /* the stratum's blocks */
  double             *risk;     /* n: w exp((x - c)'beta) */
  double             *denom;    /* per block: risk-set sum */
  double             *deaths;   /* per block: weighted deaths */
  double             *later;    /* n_times x p: sum over t_j > t of e_j (x_j - c) */
  CurveTerms         *terms;
} Sweep;

static void
add_centred_row (double             *sum,
                 const StmCoxDesign *d,
                 gsize               k,
                 double              a)
{
  for (guint j = 0; j < d->p; j++)
    sum[j] += a * d->x[k * d->p + j] / d->scale[j];
}

static void
sweep_back (Sweep *sw)
{
  const StmCoxDesign *d = sw->design;
  g_autofree double *sum = g_new0 (double, MAX (d->p, 1));
  gsize next = sw->n_times;   /* requested times still to snapshot, from the top */
  double denom = 0;

  for (gsize b = sw->b0; b < sw->b1; b++)
    {
      double t = d->time[d->block_start[b]];

      for (; next > 0 && sw->times[sw->order[next - 1]] >= t; next--)
        memcpy (sw->later + (next - 1) * d->p, sum, d->p * sizeof (double));
      sw->deaths[b] = 0;
      for (gsize k = d->block_start[b]; k < d->block_start[b + 1]; k++)
        {
          denom += sw->risk[k];
          sw->deaths[b] += d->weight[k] * d->status[k];
          add_centred_row (sum, d, k, sw->risk[k]);
        }
      sw->denom[b] = denom;
    }
  for (; next > 0; next--)
    memcpy (sw->later + (next - 1) * d->p, sum, d->p * sizeof (double));
}

static void
record_time (Sweep        *sw,
             gsize         rank,
             const double *cum,
             const double *done)
{
  CurveTerms *terms = sw->terms;
  gsize i = sw->order[rank];
  guint p = terms->p;

  terms->cumhaz[i] = cum[0];
  terms->varhaz[i] = cum[1];
  for (guint j = 0; j < p; j++)
    terms->q[i * p + j] = done[j] + cum[1] * sw->later[rank * p + j];
}

static void
sweep_forward (Sweep *sw)
{
  const StmCoxDesign *d = sw->design;
  g_autofree double *done = g_new0 (double, MAX (d->p, 1));
  double cum[2] = { 0, 0 };   /* H_c and K */
  gsize next = 0;

  for (gsize b = sw->b1; b-- > sw->b0;)
    {
      double t = d->time[d->block_start[b]];

      for (; next < sw->n_times && sw->times[sw->order[next]] < t; next++)
        record_time (sw, next, cum, done);
      if (sw->deaths[b] > 0)
        {
          cum[0] += sw->deaths[b] / sw->denom[b];
          cum[1] += sw->deaths[b] / (sw->denom[b] * sw->denom[b]);
        }
      for (gsize k = d->block_start[b]; k < d->block_start[b + 1]; k++)
        add_centred_row (done, d, k, sw->risk[k] * cum[1]);
    }
  for (; next < sw->n_times; next++)
    record_time (sw, next, cum, done);
}

static double *
centred_risk (const StmCoxFit    *fit,
              const StmCoxDesign *d)
{
  double *risk = g_new0 (double, MAX (d->n, 1));
  g_autofree double *beta = g_new0 (double, MAX (d->p, 1));

  for (guint j = 0; j < d->p; j++)
    beta[j] = fit->beta[j] / d->scale[j];
  if (d->p > 0)
    cblas_dgemv (CblasRowMajor, CblasNoTrans, d->n, d->p, 1.0, d->x, d->p, beta, 1,
                 0.0, risk, 1);
  for (gsize k = 0; k < d->n; k++)
    risk[k] = d->weight[k] * exp (risk[k]);
  return risk;
}

static CurveTerms *
curve_terms_new (const StmCoxFit   *fit,
                 const StmSurvData *training,
                 guint              stratum,
                 const double      *times,
                 gsize              n_times,
                 GError           **error)
{
  StmCoxDesign *d;
  CurveTerms *terms;
  Sweep sw = { 0 };

  if (training->p != fit->p)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("The training data have %u covariates but the model has %u."),
                   training->p, fit->p);
      return NULL;
    }
  d = _stm_cox_design_new (training, error);
  if (d == NULL)
    return NULL;
  terms = g_new0 (CurveTerms, 1);
  terms->p = d->p;
  terms->n_times = n_times;
  terms->centre = g_memdup2 (d->centre, MAX (d->p, 1) * sizeof (double));
  terms->cumhaz = g_new0 (double, MAX (n_times, 1));
  terms->varhaz = g_new0 (double, MAX (n_times, 1));
  terms->q = g_new0 (double, MAX (n_times * d->p, 1));

  sw.design = d;
  sw.times = times;
  sw.n_times = n_times;
  sw.terms = terms;
  sw.b0 = stratum < d->n_strata ? d->stratum_block[stratum] : d->n_blocks;
  sw.b1 = stratum < d->n_strata ? d->stratum_block[stratum + 1] : d->n_blocks;
  sw.order = g_new (gsize, MAX (n_times, 1));
  for (gsize i = 0; i < n_times; i++)
    sw.order[i] = i;
  g_qsort_with_data (sw.order, n_times, sizeof (gsize), compare_times, (gpointer) times);
  sw.risk = centred_risk (fit, d);
  sw.denom = g_new0 (double, MAX (d->n_blocks, 1));
  sw.deaths = g_new0 (double, MAX (d->n_blocks, 1));
  sw.later = g_new0 (double, MAX (n_times * d->p, 1));
  sweep_back (&sw);
  sweep_forward (&sw);

  g_free (sw.order);
  g_free (sw.risk);
  g_free (sw.denom);
  g_free (sw.deaths);
  g_free (sw.later);
  _stm_cox_design_free (d);
  return terms;
}

/* H(t|x) and d(t) for one patient at requested time i. */
typedef struct
{
  double  risk;     /* exp((x - c)'beta) */
  double *diff;     /* p */
} Patient;

static void
patient_init (Patient          *pt,
              const StmCoxFit  *fit,
              const CurveTerms *terms,
              const double     *x)
{
  double lp = 0;

  for (guint j = 0; j < fit->p; j++)
    lp += (x[j] - terms->centre[j]) * fit->beta[j];
  pt->risk = exp (lp);
  pt->diff = g_new0 (double, MAX (fit->p, 1));
}

static void
patient_at (Patient          *pt,
            const CurveTerms *terms,
            const double     *x,
            gsize             i)
{
  for (guint j = 0; j < terms->p; j++)
    pt->diff[j] = terms->cumhaz[i] * (x[j] - terms->centre[j]) - terms->q[i * terms->p + j];
}

/* r_a r_b (K + d_a' V d_b): Var H when a = b, else Cov(H_a, H_b). */
static double
hazard_covariance (const StmCoxFit  *fit,
                   const CurveTerms *terms,
                   gsize             i,
                   const Patient    *a,
                   const Patient    *b)
{
  guint p = fit->p;
  double quad = 0;

  for (guint j = 0; j < p; j++)
    for (guint k = 0; k < p; k++)
      quad += a->diff[j] * fit->cov[j * p + k] * b->diff[k];
  return a->risk * b->risk * (terms->varhaz[i] + quad);
}

static void
band (double       surv,
      double       se,
      double       z,
      StmConfType  type,
      double      *lower,
      double      *upper)
{
  if (se <= 0 || surv <= 0 || surv >= 1)
    {
      *lower = *upper = surv;
      return;
    }
  switch (type)
    {
    case STM_CONF_LOG_LOG:
      {
        double s = z * se / log (surv);
        *lower = exp (-exp (log (-log (surv)) - s));
        *upper = exp (-exp (log (-log (surv)) + s));
        break;
      }
    case STM_CONF_PLAIN:
      *lower = MAX (surv - z * se * surv, 0);
      *upper = MIN (surv + z * se * surv, 1);
      break;
    case STM_CONF_LOG:
    default:
      *lower = surv * exp (-z * se);
      *upper = MIN (surv * exp (z * se), 1);
      break;
    }
}

static gboolean
check_request (const StmCoxFit *fit,
               const double    *x,
               guint            stratum,
               const double    *times,
               gsize            n_times,
               double           level,
               GError         **error)
{
  if (stratum >= fit->n_strata)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("Stratum %u does not exist: the model has %u."), stratum, fit->n_strata);
      return FALSE;
    }
  if (!(level > 0 && level < 1))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("The confidence level must lie between 0 and 1 (it is %g)."), level);
      return FALSE;
    }
  for (gsize i = 0; i < n_times; i++)
    if (isnan (times[i]))
      {
        g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                             _("A prediction time is missing."));
        return FALSE;
      }
  for (guint j = 0; j < fit->p; j++)
    if (!isfinite (x[j]))
      {
        g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                     _("Covariate %s of the patient is missing."),
                     fit->names ? fit->names[j] : "value");
        return FALSE;
      }
  return TRUE;
}

/* Without training data: the point estimate from the stored baseline. */
static gboolean
survival_only (const StmCoxFit *fit,
               const double    *x,
               guint            stratum,
               const double    *times,
               gsize            n_times,
               double          *surv,
               double          *lower,
               double          *upper,
               double          *std_err,
               GError         **error)
{
  double risk = exp (stm_cox_fit_linear_predictor (fit, x));

  if (lower != NULL || upper != NULL || std_err != NULL)
    {
      g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                           _(NEEDS_TRAINING));
      return FALSE;
    }
  for (gsize i = 0; i < n_times; i++)
    surv[i] = exp (-stm_cox_fit_cumhaz (fit, stratum, times[i]) * risk);
  return TRUE;
}

gboolean
stm_cox_fit_survival_band (const StmCoxFit   *fit,
                           const StmSurvData *training,
                           const double      *x,
                           guint              stratum,
                           const double      *times,
                           gsize              n_times,
                           double             level,
                           StmConfType        conf_type,
                           double            *surv,
                           double            *lower,
                           double            *upper,
                           double            *std_err,
                           GError           **error)
{
  g_autoptr(CurveTerms) terms = NULL;
  Patient pt;
  double z = stm_normal_quantile_two_sided (level);

  if (!check_request (fit, x, stratum, times, n_times, level, error))
    return FALSE;
  if (training == NULL)
    return survival_only (fit, x, stratum, times, n_times, surv, lower, upper, std_err, error);
  terms = curve_terms_new (fit, training, stratum, times, n_times, error);
  if (terms == NULL)
    return FALSE;
  patient_init (&pt, fit, terms, x);
  for (gsize i = 0; i < n_times; i++)
    {
      double se, lo, hi;

      patient_at (&pt, terms, x, i);
      se = sqrt (hazard_covariance (fit, terms, i, &pt, &pt));
      surv[i] = exp (-pt.risk * terms->cumhaz[i]);
      band (surv[i], se, z, conf_type, &lo, &hi);
      if (lower != NULL)
        lower[i] = lo;
      if (upper != NULL)
        upper[i] = hi;
      if (std_err != NULL)
        std_err[i] = se;
    }
  g_free (pt.diff);
  return TRUE;
}

gboolean
stm_cox_fit_survival (const StmCoxFit   *fit,
                      const StmSurvData *training,
                      const double      *x,
                      guint              stratum,
                      const double      *times,
                      gsize              n_times,
                      double             level,
                      double            *surv,
                      double            *lower,
                      double            *upper,
                      GError           **error)
{
  return stm_cox_fit_survival_band (fit, training, x, stratum, times, n_times, level,
                                    STM_CONF_LOG, surv, lower, upper, NULL, error);
}

static StmCoxTreatmentEffect *
treatment_effect_new (const double *times,
                      gsize         n_times)
{
  StmCoxTreatmentEffect *e = g_new0 (StmCoxTreatmentEffect, 1);
  gsize n = MAX (n_times, 1);

  e->n_times = n_times;
  e->times = g_memdup2 (times, n * sizeof (double));
  e->surv_treated = g_new0 (double, n);
  e->lower_treated = g_new0 (double, n);
  e->upper_treated = g_new0 (double, n);
  e->surv_untreated = g_new0 (double, n);
  e->lower_untreated = g_new0 (double, n);
  e->upper_untreated = g_new0 (double, n);
  e->difference = g_new0 (double, n);
  e->lower_difference = g_new0 (double, n);
  e->upper_difference = g_new0 (double, n);
  e->se_difference = g_new0 (double, n);
  return e;
}

void
stm_cox_treatment_effect_free (StmCoxTreatmentEffect *effect)
{
  if (effect == NULL)
    return;
  g_free (effect->times);
  g_free (effect->surv_treated);
  g_free (effect->lower_treated);
  g_free (effect->upper_treated);
  g_free (effect->surv_untreated);
  g_free (effect->lower_untreated);
  g_free (effect->upper_untreated);
  g_free (effect->difference);
  g_free (effect->lower_difference);
  g_free (effect->upper_difference);
  g_free (effect->se_difference);
  g_free (effect);
}

/* Both curves and the delta-method variance of S1 - S0 at time i:
 * S1^2 Var H1 + S0^2 Var H0 - 2 S1 S0 Cov(H1, H0). */
static void
compare_at (StmCoxTreatmentEffect *e,
            const StmCoxFit       *fit,
            const CurveTerms      *terms,
            const double          *x[2],
            Patient                pt[2],
            gsize                  i,
            double                 z)
{
  double s[2], var[2], cov, var_diff;

  for (int a = 0; a < 2; a++)
    {
      patient_at (&pt[a], terms, x[a], i);
      var[a] = hazard_covariance (fit, terms, i, &pt[a], &pt[a]);
      s[a] = exp (-pt[a].risk * terms->cumhaz[i]);
    }
  cov = hazard_covariance (fit, terms, i, &pt[0], &pt[1]);
  e->surv_untreated[i] = s[0];
  e->surv_treated[i] = s[1];
  band (s[0], sqrt (var[0]), z, STM_CONF_LOG, &e->lower_untreated[i], &e->upper_untreated[i]);
  band (s[1], sqrt (var[1]), z, STM_CONF_LOG, &e->lower_treated[i], &e->upper_treated[i]);
  var_diff = s[1] * s[1] * var[1] + s[0] * s[0] * var[0] - 2 * s[0] * s[1] * cov;
  e->difference[i] = s[1] - s[0];
  e->se_difference[i] = sqrt (MAX (var_diff, 0));
  e->lower_difference[i] = MAX (e->difference[i] - z * e->se_difference[i], -1);
  e->upper_difference[i] = MIN (e->difference[i] + z * e->se_difference[i], 1);
}

StmCoxTreatmentEffect *
stm_cox_fit_treatment_effect (const StmCoxFit   *fit,
                              const StmSurvData *training,
                              const double      *x,
                              guint              stratum,
                              guint              treatment,
                              const double      *times,
                              gsize              n_times,
                              double             level,
                              GError           **error)
{
  g_autoptr(CurveTerms) terms = NULL;
  g_autofree double *untreated = NULL, *treated = NULL;
  StmCoxTreatmentEffect *e;
  Patient pt[2];
  const double *xs[2];

  if (treatment >= fit->p || training == NULL)
    {
      g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                           training == NULL ? _(NEEDS_TRAINING)
                                            : _("The treatment is not a covariate of the model."));
      return NULL;
    }
  if (!check_request (fit, x, stratum, times, n_times, level, error))
    return NULL;
  terms = curve_terms_new (fit, training, stratum, times, n_times, error);
  if (terms == NULL)
    return NULL;
  untreated = g_memdup2 (x, fit->p * sizeof (double));
  treated = g_memdup2 (x, fit->p * sizeof (double));
  untreated[treatment] = 0;
  treated[treatment] = 1;
  xs[0] = untreated;
  xs[1] = treated;
  e = treatment_effect_new (times, n_times);
  for (int a = 0; a < 2; a++)
    patient_init (&pt[a], fit, terms, xs[a]);
  for (gsize i = 0; i < n_times; i++)
    compare_at (e, fit, terms, xs, pt, i, stm_normal_quantile_two_sided (level));
  g_free (pt[0].diff);
  g_free (pt[1].diff);
  return e;
}
