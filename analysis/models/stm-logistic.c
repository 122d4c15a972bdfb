/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-logistic.h"
#include <glib/gi18n.h>

#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "stm-model-error.h"

#define MAX_ITER 100
#define EPSILON  1e-12   /* relative change in the deviance */
#define QR_TOL   1e-10   /* |R_jj| relative to the weighted column norm */

/* The rows in use, with a leading column of ones for the intercept. */
typedef struct
{
  gsize   m;
  guint   q;
  double *x;      /* m x q */
  double *y;
  double *w;
  gsize  *row;    /* -> row of the input, for messages */
} Design;

static void
design_clear (Design *d)
{
  g_free (d->x);
  g_free (d->y);
  g_free (d->w);
  g_free (d->row);
}

static gboolean
check_row (gsize         i,
           guint         p,
           const double *x,
           double        y,
           double        w,
           GError      **error)
{
  if (!isfinite (w) || w < 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Row %zu has a weight that is negative or missing."), i + 1);
      return FALSE;
    }
  if (!isnan (y) && !(y >= 0 && y <= 1))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("Row %zu has an outcome outside 0 to 1."), i + 1);
      return FALSE;
    }
  for (guint j = 0; !isnan (y) && w > 0 && j < p; j++)
    if (!isfinite (x[i * p + j]))
      {
        g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                     _("Row %zu has a missing value for covariate %u."),
                     i + 1, j + 1);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_columns (const Design *d,
               GError      **error)
{
  gboolean same_y = TRUE;

  for (gsize k = 1; k < d->m; k++)
    same_y = same_y && d->y[k] == d->y[0];
  if (d->m == 0 || same_y)
    {
      g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                           d->m == 0 ? _("There are no patients with a known outcome.")
                                     : _("Every patient has the same outcome: "
                                         "there is nothing to model."));
      return FALSE;
    }
  for (guint j = 1; j < d->q; j++)
    {
      gboolean constant = TRUE;
      for (gsize k = 1; k < d->m && constant; k++)
        constant = d->x[k * d->q + j] == d->x[j];
      if (constant)
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                       _("Covariate %u is constant: it cannot be estimated."), j);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
design_init (Design        *d,
             gsize          n,
             guint          p,
             const double  *x,
             const double  *y,
             const double  *weights,
             GError       **error)
{
  memset (d, 0, sizeof *d);
  d->q = p + 1;
  d->x = g_new (double, MAX (n, 1) * d->q);
  d->y = g_new (double, MAX (n, 1));
  d->w = g_new (double, MAX (n, 1));
  d->row = g_new (gsize, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      double w = weights ? weights[i] : 1.0;
      if (!check_row (i, p, x, y[i], w, error))
        return FALSE;
      if (isnan (y[i]) || w == 0)
        continue;
      d->x[d->m * d->q] = 1;
      memcpy (d->x + d->m * d->q + 1, x + i * p, p * sizeof (double));
      d->y[d->m] = y[i];
      d->w[d->m] = w;
      d->row[d->m++] = i;
    }
  return check_columns (d, error);
}

/* binomial()$linkinv and $mu.eta, with R's clamping at |eta| > 30. */
static double
link_inverse (double eta)
{
  double t = eta < -30 ? DBL_EPSILON : eta > 30 ? 1 / DBL_EPSILON : exp (eta);

  return t / (1 + t);
}

static double
mu_eta (double eta)
{
  double e = exp (eta);

  return eta > 30 || eta < -30 ? DBL_EPSILON : e / ((1 + e) * (1 + e));
}

static double
ylogy (double y,
       double mu)
{
  return y > 0 ? y * log (y / mu) : 0;
}

static double
deviance (const Design *d,
          const double *mu)
{
  double dev = 0;

  for (gsize k = 0; k < d->m; k++)
    dev += 2 * d->w[k] * (ylogy (d->y[k], mu[k]) + ylogy (1 - d->y[k], 1 - mu[k]));
  return dev;
}

static double
null_deviance (const Design *d)
{
  double sw = 0, swy = 0, dev = 0;

  for (gsize k = 0; k < d->m; k++)
    {
      sw += d->w[k];
      swy += d->w[k] * d->y[k];
    }
  for (gsize k = 0; k < d->m; k++)
    dev += 2 * d->w[k] * (ylogy (d->y[k], swy / sw) + ylogy (1 - d->y[k], 1 - swy / sw));
  return dev;
}

typedef struct
{
  const Design *d;
  double       *eta, *mu;   /* m */
  double       *a, *b;      /* m x q and m: the weighted least-squares problem */
  double       *norm;       /* q */
  double       *r;          /* q x q: R of the last QR */
} Irls;

static gboolean
check_rank (Irls    *it,
            GError **error)
{
  guint q = it->d->q;

  for (guint j = 0; j < q; j++)
    if (!(fabs (it->a[j * q + j]) > QR_TOL * it->norm[j]))
      {
        if (j == 0)
          g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
                               _("The intercept cannot be estimated."));
        else
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
                       _("Covariate %u is a linear combination of the other covariates: "
                         "it cannot be estimated."), j);
        return FALSE;
      }
  return TRUE;
}

/* One IRLS step: the working response and weights at the current mu,
 * solved by QR; beta receives the new coefficients. */
static gboolean
weighted_step (Irls    *it,
               double  *beta,
               GError **error)
{
  const Design *d = it->d;
  guint q = d->q;

  memset (it->norm, 0, q * sizeof (double));
  for (gsize k = 0; k < d->m; k++)
    {
      double me = mu_eta (it->eta[k]);
      double z = it->eta[k] + (d->y[k] - it->mu[k]) / me;
      double s = sqrt (d->w[k] * me * me / (it->mu[k] * (1 - it->mu[k])));
      for (guint j = 0; j < q; j++)
        {
          it->a[k * q + j] = s * d->x[k * q + j];
          it->norm[j] += it->a[k * q + j] * it->a[k * q + j];
        }
      it->b[k] = s * z;
    }
  for (guint j = 0; j < q; j++)
    it->norm[j] = sqrt (it->norm[j]);
  if (LAPACKE_dgels (LAPACK_ROW_MAJOR, 'N', d->m, q, 1, it->a, q, it->b, 1) < 0 ||
      !check_rank (it, error))
    return FALSE;
  memcpy (beta, it->b, q * sizeof (double));
  for (guint i = 0; i < q; i++)
    for (guint j = 0; j < q; j++)
      it->r[i * q + j] = j >= i ? it->a[i * q + j] : 0;
  return TRUE;
}

static void
update_mean (Irls         *it,
             const double *beta)
{
  const Design *d = it->d;

  cblas_dgemv (CblasRowMajor, CblasNoTrans, d->m, d->q, 1.0, d->x, d->q, beta, 1, 0.0,
               it->eta, 1);
  for (gsize k = 0; k < d->m; k++)
    it->mu[k] = link_inverse (it->eta[k]);
}

/* glm.fit's start: mu = (w y + 1/2) / (w + 1). */
static void
irls_start (Irls *it)
{
  const Design *d = it->d;

  for (gsize k = 0; k < d->m; k++)
    {
      double mu = (d->w[k] * d->y[k] + 0.5) / (d->w[k] + 1);
      it->eta[k] = log (mu / (1 - mu));
      it->mu[k] = link_inverse (it->eta[k]);
    }
}

/* A non-finite deviance: halve the step back toward the previous beta. */
static double
halve_step (Irls         *it,
            double       *beta,
            const double *previous)
{
  double dev = NAN;

  for (guint tries = 0; tries < MAX_ITER && !isfinite (dev); tries++)
    {
      for (guint j = 0; j < it->d->q; j++)
        beta[j] = (beta[j] + previous[j]) / 2;
      update_mean (it, beta);
      dev = deviance (it->d, it->mu);
    }
  return dev;
}

static gboolean
irls_run (Irls           *it,
          StmLogisticFit *fit,
          GError        **error)
{
  guint q = it->d->q;
  g_autofree double *previous = g_new0 (double, q);
  double devold = deviance (it->d, it->mu);

  for (guint iter = 1; iter <= MAX_ITER; iter++)
    {
      double dev;

      if (!weighted_step (it, fit->beta, error))
        return FALSE;
      update_mean (it, fit->beta);
      dev = deviance (it->d, it->mu);
      if (!isfinite (dev))
        dev = halve_step (it, fit->beta, previous);
      fit->iterations = iter;
      if (fabs (dev - devold) / (fabs (dev) + 0.1) < EPSILON)
        {
          fit->deviance = dev;
          fit->converged = TRUE;
          return TRUE;
        }
      devold = dev;
      memcpy (previous, fit->beta, q * sizeof (double));
    }
  g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
               _("The model did not converge after %u iterations."), MAX_ITER);
  return FALSE;
}

/* summary.glm's covariance: the inverse of R'R from the last QR. */
static void
fill_covariance (const Irls     *it,
                 StmLogisticFit *fit)
{
  guint q = it->d->q;

  memcpy (fit->cov, it->r, (gsize) q * q * sizeof (double));
  LAPACKE_dpotri (LAPACK_ROW_MAJOR, 'U', q, fit->cov, q);
  for (guint i = 0; i < q; i++)
    for (guint j = 0; j < i; j++)
      fit->cov[i * q + j] = fit->cov[j * q + i];
  for (guint j = 0; j < q; j++)
    fit->se[j] = sqrt (fit->cov[j * q + j]);
}

static void
finish_fit (const Irls     *it,
            StmLogisticFit *fit)
{
  const Design *d = it->d;
  double eps = 10 * DBL_EPSILON;
  gboolean extreme = FALSE;

  fit->null_deviance = null_deviance (d);
  fit->loglik = 0;
  for (gsize k = 0; k < d->m; k++)
    {
      fit->loglik += d->w[k] * (d->y[k] * log (it->mu[k]) + (1 - d->y[k]) * log (1 - it->mu[k]));
      extreme = extreme || it->mu[k] > 1 - eps || it->mu[k] < eps;
    }
  if (extreme)
    fit->warning = g_strdup ("Fitted probabilities numerically 0 or 1 occurred: "
                             "the outcome may be perfectly separated by the covariates.");
  fill_covariance (it, fit);
}

static StmLogisticFit *
logistic_fit_new (guint p,
                  gsize n_used)
{
  StmLogisticFit *fit = g_new0 (StmLogisticFit, 1);

  fit->p = p;
  fit->n_used = n_used;
  fit->beta = g_new0 (double, p + 1);
  fit->se = g_new0 (double, p + 1);
  fit->cov = g_new0 (double, (gsize) (p + 1) * (p + 1));
  return fit;
}

StmLogisticFit *
stm_logistic_fit (gsize          n,
                  guint          p,
                  const double  *x,
                  const double  *y,
                  const double  *weights,
                  GError       **error)
{
  Design d;
  Irls it = { &d };
  StmLogisticFit *fit = NULL;

  if (design_init (&d, n, p, x, y, weights, error))
    {
      it.eta = g_new (double, d.m);
      it.mu = g_new (double, d.m);
      it.a = g_new (double, d.m * d.q);
      it.b = g_new (double, d.m);
      it.norm = g_new (double, d.q);
      it.r = g_new0 (double, (gsize) d.q * d.q);
      fit = logistic_fit_new (p, d.m);
      irls_start (&it);
      if (irls_run (&it, fit, error))
        finish_fit (&it, fit);
      else
        g_clear_pointer (&fit, stm_logistic_fit_free);
      g_free (it.eta);
      g_free (it.mu);
      g_free (it.a);
      g_free (it.b);
      g_free (it.norm);
      g_free (it.r);
    }
  design_clear (&d);
  return fit;
}

void
stm_logistic_fit_free (StmLogisticFit *fit)
{
  if (fit == NULL)
    return;
  g_free (fit->beta);
  g_free (fit->se);
  g_free (fit->cov);
  g_free (fit->warning);
  g_free (fit);
}

double
stm_logistic_fit_predict (const StmLogisticFit *fit,
                          const double         *x)
{
  double eta = fit->beta[0];

  for (guint j = 0; j < fit->p; j++)
    eta += fit->beta[j + 1] * x[j];
  return link_inverse (eta);
}

void
stm_logistic_outcome_at_horizon (gsize         n,
                                 const double *time,
                                 const double *event,
                                 double        horizon,
                                 double       *y)
{
  for (gsize i = 0; i < n; i++)
    {
      if (event[i] == 1 && time[i] <= horizon)
        y[i] = 1;
      else if (time[i] > horizon)
        y[i] = 0;
      else
        y[i] = NAN;
    }
}
