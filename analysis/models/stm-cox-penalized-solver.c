/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The penalised Cox objective at one lambda, warm started from the
 * previous one, in rounds of two moves:
 *  1. a burst of coordinate descent as glmnet: each outer step replaces l
 *     by its quadratic approximation with a diagonal Hessian in eta and
 *     cycles the coordinates of the sequential strong set (Tibshirani et
 *     al., JRSS B 2012), sweeping the nonzero ones between full sweeps; a
 *     step that raises the objective is halved (the diagonal approximation
 *     is not a majorizer);
 *  2. Newton's method on the nonzero coefficients with their signs held,
 *     where the objective is smooth, with the exact Cox information; a
 *     coefficient that reaches 0 leaves the set (an active-set method).
 * The solution is final when the KKT conditions hold for every coordinate.
 * Coordinate descent alone crawls on correlated covariates or with more
 * covariates than patients; Newton's method settles those in a few steps.
 * Should the rounds not settle, or Newton's system be too large, coordinate
 * descent alone runs to the tolerance.
 */
#include "stm-cox-penalized-private.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#define MAX_HALVINGS 40
/* Before each Newton polish, coordinate descent runs for at most
 * BURST_PASSES sweeps or to COARSE times the tolerance. */
#define COARSE 1e6
#define BURST_PASSES 10
#define MAX_ROUNDS 20
#define MAX_POLISHED 500
#define POLISH_STEPS 30
#define POLISH_TOLERANCE 1e-12

void
_stm_pen_solver_free (StmPenSolver *s)
{
  if (s == NULL)
    return;
  g_free (s->beta);
  g_free (s->eta);
  g_free (s->grad);
  g_free (s->hess);
  g_free (s->resid);
  g_free (s->xv);
  g_free (s->g);
  g_free (s->strong);
  g_free (s);
}

static void
full_gradient (StmPenSolver *s)
{
  const StmPenProblem *prob = s->prob;

  for (guint j = 0; j < prob->p; j++)
    {
      const double *col = prob->x + (gsize) j * prob->n;
      double g = 0;

      if (prob->scale[j] > 0)
        for (gsize k = 0; k < prob->n; k++)
          g += col[k] * s->grad[k];
      s->g[j] = g;
    }
}

static void
update_eta (StmPenSolver *s)
{
  const StmPenProblem *prob = s->prob;

  memset (s->eta, 0, prob->n * sizeof (double));
  for (guint j = 0; j < prob->p; j++)
    {
      const double *col = prob->x + (gsize) j * prob->n;

      if (s->beta[j] != 0)
        for (gsize k = 0; k < prob->n; k++)
          s->eta[k] += s->beta[j] * col[k];
    }
}

/* Derivatives, log-likelihood and full gradient at the current beta. */
static void
refresh (StmPenSolver *s)
{
  update_eta (s);
  s->loglik = _stm_pen_derivatives (s->prob, s->eta, s->grad, s->hess);
  full_gradient (s);
}

StmPenSolver *
_stm_pen_solver_new (StmPenProblem *prob,
                     double         alpha,
                     double         thresh,
                     guint          max_passes)
{
  StmPenSolver *s = g_new0 (StmPenSolver, 1);

  s->prob = prob;
  s->alpha = alpha;
  s->thresh = thresh;
  s->max_passes = max_passes;
  s->beta = g_new0 (double, prob->p);
  s->eta = g_new0 (double, prob->n);
  s->grad = g_new (double, prob->n);
  s->hess = g_new (double, prob->n);
  s->resid = g_new (double, prob->n);
  s->xv = g_new0 (double, prob->p);
  s->g = g_new0 (double, prob->p);
  s->strong = g_new0 (gboolean, prob->p);
  s->lambda = INFINITY;
  refresh (s);
  return s;
}

/* The smallest lambda at which all coefficients are 0 (for alpha > 0), as
 * glmnet: alpha below 1e-3 counts as 1e-3. Call before any solve. */
double
_stm_pen_lambda_max (StmPenSolver *s)
{
  double top = 0;

  for (guint j = 0; j < s->prob->p; j++)
    top = MAX (top, fabs (s->g[j]));
  return top / MAX (s->alpha, 1e-3);
}

void
_stm_pen_solver_set_beta (StmPenSolver *s, const double *beta)
{
  for (guint j = 0; j < s->prob->p; j++)
    s->beta[j] = beta[j] * s->prob->scale[j];
  refresh (s);
}

void
_stm_pen_solver_beta (const StmPenSolver *s, double *beta)
{
  for (guint j = 0; j < s->prob->p; j++)
    beta[j] = s->prob->scale[j] > 0 ? s->beta[j] / s->prob->scale[j] : 0;
}

double
_stm_pen_solver_deviance (StmPenSolver *s)
{
  return _stm_pen_deviance_from_loglik (s->prob, s->loglik);
}

static double
penalty (const StmPenSolver *s, const double *beta)
{
  double l1 = 0, l2 = 0;

  for (guint j = 0; j < s->prob->p; j++)
    {
      l1 += fabs (beta[j]);
      l2 += beta[j] * beta[j];
    }
  return s->alpha * l1 + (1 - s->alpha) / 2 * l2;
}

double
_stm_pen_solver_kkt (StmPenSolver *s, double lambda)
{
  double worst = 0;

  for (guint j = 0; j < s->prob->p; j++)
    {
      double b = s->beta[j], r;

      if (s->prob->scale[j] <= 0)
        continue;
      if (b == 0)
        r = MAX (0.0, fabs (s->g[j]) - lambda * s->alpha);
      else
        r = fabs (s->g[j] - lambda * (s->alpha * (b > 0 ? 1 : -1) + (1 - s->alpha) * b));
      worst = MAX (worst, r);
    }
  return worst;
}

/* The sequential strong rule: |g_j| >= alpha (2 lambda - lambda_prev).
 * Coordinates once in the set stay in it. */
static void
update_strong_set (StmPenSolver *s, double lambda)
{
  double prev = isfinite (s->lambda) ? s->lambda : lambda;
  double cut = s->alpha * (2 * lambda - prev);

  for (guint j = 0; j < s->prob->p; j++)
    if (s->prob->scale[j] > 0 && (s->beta[j] != 0 || fabs (s->g[j]) >= cut))
      s->strong[j] = TRUE;
}

static gboolean
add_violators (StmPenSolver *s, double lambda)
{
  gboolean found = FALSE;

  for (guint j = 0; j < s->prob->p; j++)
    if (s->prob->scale[j] > 0 && !s->strong[j] && fabs (s->g[j]) > lambda * s->alpha)
      s->strong[j] = found = TRUE;
  return found;
}

static double
soft_threshold (double u, double t)
{
  if (u > t)
    return u - t;
  if (u < -t)
    return u + t;
  return 0;
}

/* One sweep over the strong set (or its nonzero part); returns the
 * largest xv_j * change_j^2. */
static double
cd_sweep (StmPenSolver *s, double lambda, gboolean nonzero_only)
{
  const StmPenProblem *prob = s->prob;
  double worst = 0;

  for (guint j = 0; j < prob->p; j++)
    {
      const double *col = prob->x + (gsize) j * prob->n;
      double u = 0, b, d;

      if (!s->strong[j] || (nonzero_only && s->beta[j] == 0))
        continue;
      for (gsize k = 0; k < prob->n; k++)
        u += s->hess[k] * col[k] * s->resid[k];
      u += s->xv[j] * s->beta[j];
      b = soft_threshold (u, lambda * s->alpha) / (s->xv[j] + lambda * (1 - s->alpha));
      d = b - s->beta[j];
      if (d == 0)
        continue;
      s->beta[j] = b;
      for (gsize k = 0; k < prob->n; k++)
        s->resid[k] -= d * col[k];
      worst = MAX (worst, s->xv[j] * d * d);
    }
  return worst;
}

/* Sweeps until one moves less than thresh or the pass count reaches
 * limit. */
static void
inner_descent (StmPenSolver *s, double lambda, double thresh, guint limit, guint *passes)
{
  while (*passes < limit)
    {
      (*passes)++;
      if (cd_sweep (s, lambda, FALSE) < thresh)
        return;
      while (*passes < limit)
        {
          (*passes)++;
          if (cd_sweep (s, lambda, TRUE) < thresh)
            break;
        }
    }
}

/* The quadratic approximation at the current eta: working residuals and
 * the weighted sums of squares of the strong coordinates. */
static void
quadratic_approximation (StmPenSolver *s)
{
  const StmPenProblem *prob = s->prob;

  for (gsize k = 0; k < prob->n; k++)
    s->resid[k] = s->hess[k] > 0 ? s->grad[k] / s->hess[k] : 0;
  for (guint j = 0; j < prob->p; j++)
    {
      const double *col = prob->x + (gsize) j * prob->n;
      double xv = 0;

      if (s->strong[j])
        for (gsize k = 0; k < prob->n; k++)
          xv += s->hess[k] * col[k] * col[k];
      s->xv[j] = xv;
    }
}

static double
objective (StmPenSolver *s, double lambda)
{
  update_eta (s);
  return -_stm_pen_loglik (s->prob, s->eta) + lambda * penalty (s, s->beta);
}

/* Halves the step from old while it raises the objective; returns the
 * largest xv_j * change_j^2 of the step kept. */
static double
halve_if_rising (StmPenSolver *s, double lambda, const double *old, double f_old)
{
  double tol = 1e-13 * (1 + fabs (f_old)), change = 0;

  for (guint h = 0; h < MAX_HALVINGS && objective (s, lambda) > f_old + tol; h++)
    for (guint j = 0; j < s->prob->p; j++)
      s->beta[j] = (s->beta[j] + old[j]) / 2;
  for (guint j = 0; j < s->prob->p; j++)
    change = MAX (change, s->xv[j] * (s->beta[j] - old[j]) * (s->beta[j] - old[j]));
  return change;
}

/* One Newton step of coordinate descent; TRUE when it barely moved. */
static gboolean
newton_step (StmPenSolver *s, double lambda, double thresh, guint limit, guint *passes)
{
  g_autofree double *old = g_memdup2 (s->beta, s->prob->p * sizeof (double));
  double f_old = -s->loglik + lambda * penalty (s, s->beta);
  double change;

  quadratic_approximation (s);
  inner_descent (s, lambda, thresh, limit, passes);
  change = halve_if_rising (s, lambda, old, f_old);
  refresh (s);
  return change < thresh;
}

/* Coordinate descent until a Newton step barely moves (TRUE) or the pass
 * count reaches limit (FALSE). */
static gboolean
descend (StmPenSolver *s, double lambda, double thresh, guint limit, guint *passes)
{
  while (!newton_step (s, lambda, thresh, limit, passes))
    if (*passes >= limit)
      return FALSE;
  return TRUE;
}

static guint
nonzero_coordinates (const StmPenSolver *s, guint *cols)
{
  guint m = 0;

  for (guint j = 0; j < s->prob->p; j++)
    if (s->beta[j] != 0)
      cols[m++] = j;
  return m;
}

/* Minus the objective's gradient on the nonzero coordinates; returns its
 * largest magnitude. */
static double
smooth_residual (const StmPenSolver *s, double lambda, const guint *cols, guint m,
                 double *out)
{
  double worst = 0;

  for (guint c = 0; c < m; c++)
    {
      double b = s->beta[cols[c]];

      out[c] = s->g[cols[c]] - lambda * (s->alpha * (b > 0 ? 1 : -1) + (1 - s->alpha) * b);
      worst = MAX (worst, fabs (out[c]));
    }
  return worst;
}

/* The fraction of the step at which the first coefficient reaches 0
 * (1 if none does). */
static double
step_to_first_zero (const StmPenSolver *s, const guint *cols, guint m, const double *step)
{
  double t = 1;

  for (guint c = 0; c < m; c++)
    {
      double b = s->beta[cols[c]];

      if (b * step[c] < 0 && -b / step[c] < t)
        t = -b / step[c];
    }
  return t;
}

/* Solves (H + c I) step = r in place on the m nonzero coordinates, H
 * their Cox information and c = lambda (1 - alpha). */
static gboolean
newton_direction_primal (StmPenSolver *s, double c, const guint *cols, guint m, double *step)
{
  g_autofree double *h = g_new (double, (gsize) m * m);

  _stm_pen_information (s->prob, s->eta, cols, m, h);
  for (guint k = 0; k < m; k++)
    h[(gsize) k * m + k] += c;
  return LAPACKE_dposv (LAPACK_COL_MAJOR, 'U', (lapack_int) m, 1, h, (lapack_int) m, step,
                        (lapack_int) m) == 0;
}

/* The same in the patients' space when there are more coordinates than
 * patients (c > 0): with X the n x m standardised columns and M minus the
 * Hessian of l in eta, (cI + X'MX)^-1 r = (r - X' (cI + M X X')^-1 M X r) / c. */
static gboolean
newton_direction_dual (StmPenSolver *s, double c, const guint *cols, guint m, double *step)
{
  StmPenProblem *prob = s->prob;
  int n = (int) prob->n;
  g_autofree double *z = g_new (double, prob->n * m);
  g_autofree double *xx = g_new (double, prob->n * prob->n);
  g_autofree double *a = g_new (double, prob->n * prob->n);
  g_autofree double *xr = g_new (double, prob->n);
  g_autofree double *rhs = g_new (double, prob->n);
  g_autofree lapack_int *pivots = g_new (lapack_int, prob->n);

  for (guint k = 0; k < m; k++)
    memcpy (z + (gsize) k * prob->n, prob->x + (gsize) cols[k] * prob->n,
            prob->n * sizeof (double));
  cblas_dgemv (CblasColMajor, CblasNoTrans, n, (int) m, 1.0, z, n, step, 1, 0.0, xr, 1);
  cblas_dgemm (CblasColMajor, CblasNoTrans, CblasTrans, n, n, (int) m, 1.0, z, n, z, n, 0.0,
               xx, n);
  _stm_pen_information_times (prob, s->eta, xx, prob->n, a);
  for (int k = 0; k < n; k++)
    a[(gsize) k * prob->n + k] += c;
  _stm_pen_information_times (prob, s->eta, xr, 1, rhs);
  if (LAPACKE_dgesv (LAPACK_COL_MAJOR, n, 1, a, n, pivots, rhs, n) != 0)
    return FALSE;
  cblas_dgemv (CblasColMajor, CblasTrans, n, (int) m, -1.0, z, n, rhs, 1, 1.0, step, 1);
  for (guint k = 0; k < m; k++)
    step[k] /= c;
  return TRUE;
}

static gboolean
newton_direction (StmPenSolver *s, double lambda, const guint *cols, guint m, double *step)
{
  double c = lambda * (1 - s->alpha);

  if (m <= s->prob->n)
    return newton_direction_primal (s, c, cols, m, step);
  return c > 0 && newton_direction_dual (s, c, cols, m, step);
}

/* Takes the Newton step on the nonzero coordinates, stopping where the
 * first of them reaches 0 and dropping it (an active-set method), halved
 * should the objective rise. Updates cols and m. */
static void
newton_move (StmPenSolver *s, double lambda, guint *cols, guint *m, const double *step)
{
  g_autofree double *old = g_memdup2 (s->beta, s->prob->p * sizeof (double));
  double f_old = -s->loglik + lambda * penalty (s, s->beta);
  double t = step_to_first_zero (s, cols, *m, step);
  guint kept = 0;

  for (guint c = 0; c < *m; c++)
    {
      double b = old[cols[c]], nb = b + t * step[c];
      gboolean reaches_zero = b * step[c] < 0 && -b / step[c] <= t;

      s->beta[cols[c]] = !reaches_zero && (nb > 0) == (b > 0) ? nb : 0;
    }
  halve_if_rising (s, lambda, old, f_old);
  refresh (s);
  for (guint c = 0; c < *m; c++)
    if (s->beta[cols[c]] != 0)
      cols[kept++] = cols[c];
  *m = kept;
}

/*
 * With the nonzero coefficients and their signs fixed the objective is
 * smooth, and Newton's method with the exact Cox information converges in
 * a few steps where coordinate descent crawls (correlated covariates, or
 * more covariates than patients). A coefficient that reaches 0 leaves the
 * set. FALSE, with beta restored, when the information is singular or the
 * steps do not converge.
 */
static gboolean
polish (StmPenSolver *s, double lambda)
{
  guint p = s->prob->p, m;
  g_autofree guint *cols = g_new (guint, p);
  g_autofree double *start = g_memdup2 (s->beta, p * sizeof (double));
  g_autofree double *step = g_new (double, p);

  m = nonzero_coordinates (s, cols);
  for (guint iter = 0; iter < POLISH_STEPS; iter++)
    {
      if (smooth_residual (s, lambda, cols, m, step) < POLISH_TOLERANCE)
        return TRUE;
      if (!newton_direction (s, lambda, cols, m, step))
        break;
      newton_move (s, lambda, cols, &m, step);
    }
  if (smooth_residual (s, lambda, cols, m, step) < POLISH_TOLERANCE)
    return TRUE;
  memcpy (s->beta, start, p * sizeof (double));
  refresh (s);
  return FALSE;
}

/* A zero coefficient (strong or not) whose gradient exceeds lambda alpha. */
static gboolean
zero_violates (const StmPenSolver *s, double lambda)
{
  for (guint j = 0; j < s->prob->p; j++)
    if (s->prob->scale[j] > 0 && s->beta[j] == 0 &&
        fabs (s->g[j]) > lambda * s->alpha + POLISH_TOLERANCE)
      return TRUE;
  return FALSE;
}

/* Newton's method needs a system of at most MAX_POLISHED unknowns: the
 * nonzero coordinates, or the patients when these are fewer and there is
 * a ridge term to keep the system regular. */
static gboolean
polishable (const StmPenSolver *s)
{
  gsize m = 0;

  for (guint j = 0; j < s->prob->p; j++)
    m += s->beta[j] != 0;
  if (m <= s->prob->n)
    return m <= MAX_POLISHED;
  return s->alpha < 1 && s->prob->n <= MAX_POLISHED;
}

/* Coordinate descent alone, to the full tolerance. */
static gboolean
descend_fully (StmPenSolver *s, double lambda, guint *passes)
{
  do
    if (!descend (s, lambda, s->thresh, s->max_passes, passes))
      return FALSE;
  while (add_violators (s, lambda));
  return TRUE;
}

/*
 * Solves at lambda from the current solution; FALSE when it does not
 * converge within max_passes sweeps. Rounds of a burst of coordinate
 * descent (to find the nonzero set) and a Newton polish (to solve on it)
 * until the KKT conditions hold; should that not settle, coordinate
 * descent alone.
 */
gboolean
_stm_pen_solver_solve (StmPenSolver *s, double lambda)
{
  guint passes = 0;
  gboolean done = FALSE;

  update_strong_set (s, lambda);
  for (guint round = 0; round < MAX_ROUNDS && !done; round++)
    {
      guint limit = MIN (s->max_passes, passes + BURST_PASSES);

      descend (s, lambda, s->thresh * COARSE, limit, &passes);
      if (passes >= s->max_passes)
        return FALSE;
      if (!polishable (s))
        break;
      done = polish (s, lambda) && !add_violators (s, lambda) && !zero_violates (s, lambda);
    }
  if (!done && !descend_fully (s, lambda, &passes))
    return FALSE;
  s->lambda = lambda;
  return TRUE;
}

double *
_stm_pen_lambda_path (double lambda_max, double ratio, guint n_lambda)
{
  double *lambda = g_new (double, n_lambda);

  for (guint l = 0; l < n_lambda; l++)
    lambda[l] = n_lambda > 1 ? lambda_max * pow (ratio, (double) l / (n_lambda - 1)) : lambda_max;
  return lambda;
}
