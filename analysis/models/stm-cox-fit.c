/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The log partial likelihood, its score and information, and the
 * Newton-Raphson iterations of survival's coxfit6.
 *
 * With H_j the (Efron or Breslow) cumulative hazard at the time of row j
 * and g the Efron correction of the deaths at that time, the information
 *   I = sum_s sum_l w_l (C_l / D_l - A_l A_l' / D_l^2)
 * splits into sum_j e_j (H_j - d_j g) x_j x_j' (one weighted X'X) minus
 * one rank-1 term per death (per event time for Breslow). Both are
 * accumulated with dsyrk over blocks of rows, so an iteration costs
 * O(n p^2) at BLAS speed with no p x p work per event time.
 */
#include "stm-cox-private.h"
#include <glib/gi18n.h>

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "stm-model-error.h"

StmCoxWork *
_stm_cox_work_new (const StmCoxDesign *design,
                   StmTies             ties)
{
  StmCoxWork *work = g_new0 (StmCoxWork, 1);
  gsize n = design->n;
  guint p = MAX (design->p, 1);

  work->design = design;
  work->ties = ties;
  work->eta = g_new (double, n);
  work->risk = g_new (double, n);
  work->resid = g_new (double, n);
  work->hweight = g_new (double, n);
  work->hazard = g_new (double, design->n_blocks);
  work->efron = g_new (double, design->n_blocks);
  work->sum_x = g_new (double, p);
  work->sum_xd = g_new (double, p);
  work->rows = g_new (double, (gsize) STM_COX_BLOCK_ROWS * p);
  work->u = g_new (double, p);
  work->imat = g_new (double, (gsize) p * p);
  return work;
}

void
_stm_cox_work_free (StmCoxWork *work)
{
  if (work == NULL)
    return;
  g_free (work->eta);
  g_free (work->risk);
  g_free (work->resid);
  g_free (work->hweight);
  g_free (work->hazard);
  g_free (work->efron);
  g_free (work->sum_x);
  g_free (work->sum_xd);
  g_free (work->rows);
  g_free (work->u);
  g_free (work->imat);
  g_free (work);
}

/* Rows waiting to be added to the information matrix as alpha * R'R. */
typedef struct
{
  StmCoxWork *work;
  double      alpha;
  gsize       n_rows;
} RowBlock;

static void
row_block_flush (RowBlock *block)
{
  guint p = block->work->design->p;

  if (block->n_rows > 0)
    cblas_dsyrk (CblasRowMajor, CblasUpper, CblasTrans, p, block->n_rows, block->alpha,
                 block->work->rows, p, 1.0, block->work->imat, p);
  block->n_rows = 0;
}

static double *
row_block_next (RowBlock *block)
{
  if (block->n_rows == STM_COX_BLOCK_ROWS)
    row_block_flush (block);
  return block->work->rows + block->n_rows++ * block->work->design->p;
}

static void
add_scaled (double       *sum,
            const double *x,
            double        a,
            guint         p)
{
  for (guint j = 0; j < p; j++)
    sum[j] += a * x[j];
}

static void
linear_predictor (StmCoxWork   *work,
                  const double *beta)
{
  const StmCoxDesign *d = work->design;

  if (d->p > 0)
    cblas_dgemv (CblasRowMajor, CblasNoTrans, d->n, d->p, 1.0, d->x, d->p, beta, 1,
                 0.0, work->eta, 1);
  else
    memset (work->eta, 0, d->n * sizeof (double));
  for (gsize k = 0; k < d->n; k++)
    work->risk[k] = d->weight[k] * exp (work->eta[k]);
}

/* The deaths of one block: their number, weight, risk and risk * x. */
typedef struct
{
  guint  count;
  double weight, risk;
} Deaths;

/* Adds block b to the running risk-set sums and collects its deaths. */
static void
add_block (StmCoxWork *work,
           gsize       b,
           double     *denom,
           Deaths     *deaths)
{
  const StmCoxDesign *d = work->design;
  guint p = d->p;

  memset (deaths, 0, sizeof *deaths);
  memset (work->sum_xd, 0, p * sizeof (double));
  for (gsize k = d->block_start[b]; k < d->block_start[b + 1]; k++)
    {
      const double *x = d->x + k * p;
      *denom += work->risk[k];
      add_scaled (work->sum_x, x, work->risk[k], p);
      if (d->status[k] != 0)
        {
          deaths->count++;
          deaths->weight += d->weight[k];
          deaths->risk += work->risk[k];
          add_scaled (work->sum_xd, x, work->risk[k], p);
          work->loglik += d->weight[k] * work->eta[k];
        }
    }
}

/* The d Efron terms of one event time (a single term for Breslow): the
 * log-likelihood, the hazard increment, the correction and one rank-1
 * row of the information per term. */
static void
event_terms (StmCoxWork   *work,
             gsize         b,
             double        denom,
             const Deaths *deaths,
             RowBlock     *rank1)
{
  guint p = work->design->p;
  gboolean breslow = work->ties == STM_TIES_BRESLOW || deaths->count == 1;
  guint terms = breslow ? 1 : deaths->count;
  double wt = breslow ? deaths->weight : deaths->weight / deaths->count;

  work->hazard[b] = 0;
  work->efron[b] = 0;
  for (guint l = 0; l < terms; l++)
    {
      double f = breslow ? 0 : (double) l / deaths->count;
      double dl = denom - f * deaths->risk;
      double *row;

      work->loglik -= wt * log (dl);
      work->hazard[b] += wt / dl;
      work->efron[b] += wt * f / dl;
      if (p == 0)
        continue;
      row = row_block_next (rank1);
      for (guint j = 0; j < p; j++)
        row[j] = (work->sum_x[j] - f * work->sum_xd[j]) * sqrt (wt) / dl;
    }
}

/* Walks the risk sets from the latest time back (running sums), giving
 * the log-likelihood, hazard increments and the rank-1 part of I. */
static void
sweep_risk_sets (StmCoxWork *work)
{
  const StmCoxDesign *d = work->design;
  RowBlock rank1 = { work, -1.0, 0 };
  double denom = 0;
  Deaths deaths;

  for (gsize b = 0; b < d->n_blocks; b++)
    {
      if (b == 0 || d->block_stratum[b] != d->block_stratum[b - 1])
        {
          denom = 0;
          memset (work->sum_x, 0, d->p * sizeof (double));
        }
      add_block (work, b, &denom, &deaths);
      if (deaths.count > 0)
        event_terms (work, b, denom, &deaths, &rank1);
      else
        work->hazard[b] = work->efron[b] = 0;
    }
  row_block_flush (&rank1);
}

/* Walks forward in time: each row's cumulative hazard gives its weight
 * in the information and its residual in the score. */
static void
cumulate_hazard (StmCoxWork *work)
{
  const StmCoxDesign *d = work->design;
  double cumhaz = 0;

  for (gsize b = d->n_blocks; b-- > 0;)
    {
      cumhaz += work->hazard[b];
      for (gsize k = d->block_start[b]; k < d->block_start[b + 1]; k++)
        {
          double h = work->risk[k] * (cumhaz - d->status[k] * work->efron[b]);
          work->hweight[k] = h;
          work->resid[k] = d->weight[k] * d->status[k] - h;
        }
      if (b == 0 || d->block_stratum[b] != d->block_stratum[b - 1])
        cumhaz = 0;
    }
}

static void
add_weighted_crossproduct (StmCoxWork *work)
{
  const StmCoxDesign *d = work->design;
  RowBlock block = { work, 1.0, 0 };
  guint p = d->p;

  for (gsize k = 0; k < d->n; k++)
    {
      double *row = row_block_next (&block);
      double s = sqrt (MAX (work->hweight[k], 0));
      for (guint j = 0; j < p; j++)
        row[j] = s * d->x[k * p + j];
    }
  row_block_flush (&block);
}

double
_stm_cox_evaluate (StmCoxWork   *work,
                   const double *beta)
{
  const StmCoxDesign *d = work->design;
  guint p = d->p;

  work->loglik = 0;
  memset (work->imat, 0, (gsize) MAX (p, 1) * MAX (p, 1) * sizeof (double));
  linear_predictor (work, beta);
  sweep_risk_sets (work);
  cumulate_hazard (work);
  if (p > 0)
    {
      cblas_dgemv (CblasRowMajor, CblasTrans, d->n, p, 1.0, d->x, p, work->resid, 1,
                   0.0, work->u, 1);
      add_weighted_crossproduct (work);
    }
  return work->loglik;
}

int
_stm_cox_cholesky (double *a,
                   guint   p,
                   double  toler)
{
  double largest = 0;
  int info;

  for (guint i = 0; i < p; i++)
    {
      if (!isfinite (a[i * p + i]))
        return i;
      largest = MAX (largest, a[i * p + i]);
    }
  info = LAPACKE_dpotrf (LAPACK_ROW_MAJOR, 'U', p, a, p);
  if (info > 0)
    return info - 1;
  if (info < 0)
    return 0;
  for (guint i = 0; i < p; i++)
    if (a[i * p + i] * a[i * p + i] < toler * largest)
      return i;
  return -1;
}

static void
set_collinear_error (const StmSurvData *data,
                     int                column,
                     GError           **error)
{
  char name[32];

  g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
               _("Covariate %s is a linear combination of the other covariates "
                 "(or constant within strata): it cannot be estimated."),
               _stm_cox_covariate_name (data, column, name));
}

/* Solves I x = b with the Cholesky factor of I held in `factor`. */
static void
cholesky_solve (const double *factor,
                guint         p,
                double       *b)
{
  LAPACKE_dpotrs (LAPACK_ROW_MAJOR, 'U', p, 1, factor, p, b, 1);
}

static gboolean
all_finite (const double *v,
            gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return FALSE;
  return TRUE;
}

static void
append_warning (StmCoxFit  *fit,
                const char *message)
{
  char *joined;

  if (fit->warning != NULL && strstr (fit->warning, message) != NULL)
    return;
  joined = fit->warning ? g_strconcat (fit->warning, " ", message, NULL) : g_strdup (message);
  g_free (fit->warning);
  fit->warning = joined;
}

static void
warn_infinite (StmCoxFit         *fit,
               const StmSurvData *data,
               const gboolean    *infinite)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *message = NULL;
  char name[32];

  for (guint j = 0; j < fit->p; j++)
    if (infinite[j])
      g_string_append_printf (list, "%s%s", list->len ? ", " : "",
                              _stm_cox_covariate_name (data, j, name));
  if (list->len == 0)
    return;
  message = g_strdup_printf ("The log-likelihood converged before the coefficient of %s "
                             "did: it may be infinite (monotone likelihood).", list->str);
  append_warning (fit, message);
}

/* coxph.fit's test: the next Newton step is not negligible although the
 * log-likelihood no longer moves. */
static void
check_infinite (StmCoxWork        *work,
                const StmSurvData *data,
                double             eps,
                StmCoxFit         *fit)
{
  guint p = fit->p;
  g_autofree double *step = g_memdup2 (work->u, p * sizeof (double));
  g_autofree gboolean *infinite = g_new0 (gboolean, p);

  cholesky_solve (work->imat, p, step);
  for (guint j = 0; j < p; j++)
    {
      double s = fabs (step[j] * work->design->scale[j]);
      infinite[j] = !isfinite (work->u[j]) ||
                    (s > eps && s > sqrt (eps) * fabs (fit->beta[j]));
    }
  warn_infinite (fit, data, infinite);
}

static double
wald_statistic (const double *factor,
                guint         p,
                const double *beta,
                const double *init)
{
  g_autofree double *v = g_new (double, p);
  double w = 0;

  for (guint j = 0; j < p; j++)
    v[j] = beta[j] - init[j];
  cblas_dtrmv (CblasRowMajor, CblasUpper, CblasNoTrans, CblasNonUnit, p, factor, p, v, 1);
  for (guint j = 0; j < p; j++)
    w += v[j] * v[j];
  return w;
}

/* Inverts the factored information and returns to the original scale. */
static void
fill_covariance (const StmCoxWork *work,
                 StmCoxFit        *fit)
{
  const double *scale = work->design->scale;
  guint p = fit->p;

  memcpy (fit->cov, work->imat, (gsize) p * p * sizeof (double));
  LAPACKE_dpotri (LAPACK_ROW_MAJOR, 'U', p, fit->cov, p);
  for (guint i = 0; i < p; i++)
    for (guint j = i; j < p; j++)
      {
        double v = fit->cov[i * p + j] * scale[i] * scale[j];
        fit->cov[i * p + j] = fit->cov[j * p + i] = v;
      }
  for (guint j = 0; j < p; j++)
    fit->se[j] = sqrt (fit->cov[j * p + j]);
}

/* The estimates at scaled beta, whose information is factored in work. */
static void
finish_estimates (StmCoxWork        *work,
                  const StmSurvData *data,
                  const double      *beta,
                  const double      *init,
                  double             eps,
                  StmCoxFit         *fit)
{
  guint p = fit->p;

  for (guint j = 0; j < p; j++)
    fit->beta[j] = beta[j] * work->design->scale[j];
  fit->df = p;
  fit->lr_test = 2 * (fit->loglik - fit->loglik_null);
  fit->wald_test = wald_statistic (work->imat, p, beta, init);
  /* A stalled fit has already named its infinite coefficient. */
  if (fit->converged && fit->iterations > 1)
    check_infinite (work, data, eps, fit);
  fill_covariance (work, fit);
}

typedef struct
{
  StmCoxWork          *work;
  const StmSurvData   *data;
  const StmCoxOptions *options;
  StmCoxFit           *fit;
  guint                p;
  double              *init;     /* scaled */
  double              *beta;     /* the best so far */
  double              *newbeta;  /* the candidate */
  double               best;
  guint                halving;   /* consecutive failed steps */
} Newton;

/* Iteration 0 at the initial values: null log-likelihood, score test and
 * the first Newton step. */
static gboolean
newton_start (Newton  *nw,
              GError **error)
{
  guint p = nw->p;
  g_autofree double *step = NULL;
  int singular;

  nw->best = _stm_cox_evaluate (nw->work, nw->beta);
  if (!isfinite (nw->best))
    {
      g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
                           _("The log-likelihood is not finite at the initial coefficients."));
      return FALSE;
    }
  nw->fit->loglik_null = nw->fit->loglik = nw->best;
  singular = _stm_cox_cholesky (nw->work->imat, p, nw->options->toler_chol);
  if (singular >= 0)
    {
      set_collinear_error (nw->data, singular, error);
      return FALSE;
    }
  step = g_memdup2 (nw->work->u, p * sizeof (double));
  cholesky_solve (nw->work->imat, p, step);
  nw->fit->score_test = 0;
  for (guint j = 0; j < p; j++)
    {
      nw->fit->score_test += nw->work->u[j] * step[j];
      nw->newbeta[j] = nw->beta[j] + step[j];
    }
  return TRUE;
}

/* The log-likelihood stopped improving where the information became
 * singular: a coefficient runs off to infinity. Keeps the last good beta. */
static void
newton_stall (Newton *nw,
              int     column)
{
  g_autofree gboolean *infinite = g_new0 (gboolean, nw->p);

  _stm_cox_evaluate (nw->work, nw->beta);
  _stm_cox_cholesky (nw->work->imat, nw->p, nw->options->toler_chol);
  infinite[column] = TRUE;
  warn_infinite (nw->fit, nw->data, infinite);
  nw->fit->converged = FALSE;
}

typedef enum { STEP_CONTINUE, STEP_CONVERGED, STEP_STALLED } StepResult;

static StepResult
newton_step (Newton *nw)
{
  StmCoxWork *work = nw->work;
  guint p = nw->p;
  double loglik = _stm_cox_evaluate (work, nw->newbeta);
  gboolean finite = isfinite (loglik) && all_finite (work->u, p);
  int singular = finite ? _stm_cox_cholesky (work->imat, p, nw->options->toler_chol) : -1;

  if (finite && singular < 0 && fabs (1 - nw->best / loglik) <= nw->options->eps)
    {
      memcpy (nw->beta, nw->newbeta, p * sizeof (double));
      nw->best = loglik;
      return STEP_CONVERGED;
    }
  if (!finite || loglik < nw->best)
    {
      /* Step-halving, more aggressive each time it fails again. */
      nw->halving++;
      for (guint j = 0; j < p; j++)
        nw->newbeta[j] = (nw->newbeta[j] + nw->halving * nw->beta[j]) / (nw->halving + 1.0);
      return STEP_CONTINUE;
    }
  nw->halving = 0;
  if (singular >= 0)
    {
      newton_stall (nw, singular);
      return STEP_STALLED;
    }
  nw->best = loglik;
  cholesky_solve (work->imat, p, work->u);
  for (guint j = 0; j < p; j++)
    {
      nw->beta[j] = nw->newbeta[j];
      nw->newbeta[j] += work->u[j];
    }
  return STEP_CONTINUE;
}

static gboolean
newton_iterate (Newton       *nw,
                GCancellable *cancellable,
                GError      **error)
{
  guint max_iter = nw->options->max_iter;

  for (guint iter = 1; iter <= max_iter; iter++)
    {
      StepResult result;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      result = newton_step (nw);
      nw->fit->iterations = iter;
      if (result != STEP_CONTINUE)
        {
          nw->fit->converged = result == STEP_CONVERGED;
          return TRUE;
        }
    }
  g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
               _("The model did not converge after %u iterations."), max_iter);
  return FALSE;
}

/* A model without covariates: only the log-likelihood and the baseline. */
static gboolean
fit_null_model (StmCoxWork *work,
                StmCoxFit  *fit)
{
  fit->loglik_null = fit->loglik = _stm_cox_evaluate (work, NULL);
  fit->converged = TRUE;
  return TRUE;
}

gboolean
_stm_cox_newton (StmCoxWork          *work,
                 const StmSurvData   *data,
                 const StmCoxOptions *options,
                 StmCoxFit           *fit,
                 GCancellable        *cancellable,
                 GError             **error)
{
  guint p = work->design->p;
  g_autofree double *init = g_new0 (double, MAX (p, 1));
  g_autofree double *beta = g_new0 (double, MAX (p, 1));
  g_autofree double *newbeta = g_new0 (double, MAX (p, 1));
  Newton nw = { work, data, options, fit, p, init, beta, newbeta, 0, 0 };

  if (p == 0)
    return fit_null_model (work, fit);
  for (guint j = 0; j < p; j++)
    init[j] = beta[j] = options->init ? options->init[j] / work->design->scale[j] : 0;
  if (!newton_start (&nw, error))
    return FALSE;
  if (options->max_iter == 0)
    fit->converged = TRUE;
  else if (!newton_iterate (&nw, cancellable, error))
    return FALSE;
  fit->loglik = nw.best;
  finish_estimates (work, data, beta, init, options->eps, fit);
  return TRUE;
}
