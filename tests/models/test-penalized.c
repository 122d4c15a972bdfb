/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Penalised Cox: optimality (KKT) at the solution, the unpenalised limit,
 * agreement with R glmnet and cv.glmnet on wpbc (the image-feature cohort),
 * reproducible folds, and refusal of bad input.
 */
#include "stm-cox-penalized.h"
#include "stm-data-table.h"
#include "stm-model-error.h"
#include "stm-test-support.h"
#include "r-reference.h"

#include <glib/gstdio.h>
#include <math.h>

/* A cohort in the layout StmSurvData points into. */
typedef struct
{
  gsize      n;
  guint      p;
  GArray    *time, *event, *x;
  GPtrArray *names;
  StmSurvData data;
} Cohort;

static void
cohort_free (Cohort *c)
{
  g_array_unref (c->time);
  g_array_unref (c->event);
  g_array_unref (c->x);
  g_ptr_array_unref (c->names);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cohort, cohort_free)

static Cohort *
cohort_new (guint p)
{
  Cohort *c = g_new0 (Cohort, 1);

  c->p = p;
  c->time = g_array_new (FALSE, FALSE, sizeof (double));
  c->event = g_array_new (FALSE, FALSE, sizeof (double));
  c->x = g_array_new (FALSE, FALSE, sizeof (double));
  c->names = g_ptr_array_new_with_free_func (g_free);
  return c;
}

static void
cohort_finish (Cohort *c)
{
  c->n = c->time->len;
  g_ptr_array_add (c->names, NULL);
  c->data = (StmSurvData) {
    .n = c->n, .p = c->p,
    .time = (double *) c->time->data, .event = (double *) c->event->data,
    .x = (double *) c->x->data, .names = (const char * const *) c->names->pdata,
  };
}

/* wpbc: event = recurrence ("R"), the 30 nuclear features, tsize and
 * pnodes, complete rows only (194 of 198). */
static Cohort *
load_wpbc (char **path_out)
{
  g_autofree char *path = stm_test_shared_path ("cohorts/wpbc.csv");
  g_autoptr(StmDataTable) t = NULL;
  g_autoptr(GError) error = NULL;
  Cohort *c;
  guint first = 2;

  if (path == NULL)
    return NULL;
  t = stm_data_table_read_csv (path, &error);
  g_assert_no_error (error);
  c = cohort_new (stm_data_table_n_columns (t) - first);
  for (guint j = 0; j < c->p; j++)
    g_ptr_array_add (c->names, g_strdup (stm_data_table_column_name (t, first + j)));
  for (gsize i = 0; i < stm_data_table_n_rows (t); i++)
    {
      double ev = g_strcmp0 (stm_data_table_text (t, "status", i), "R") == 0;
      double tm = stm_data_table_column (t, "time", NULL)[i];
      gboolean complete = TRUE;

      for (guint j = 0; j < c->p; j++)
        complete = complete && isfinite (stm_data_table_column (t, c->names->pdata[j], NULL)[i]);
      if (!complete)
        continue;
      g_array_append_val (c->time, tm);
      g_array_append_val (c->event, ev);
      for (guint j = 0; j < c->p; j++)
        g_array_append_val (c->x, stm_data_table_column (t, c->names->pdata[j], NULL)[i]);
    }
  cohort_finish (c);
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return c;
}

/* gbsg with the spec's covariates, for the unpenalised limit. */
static Cohort *
load_gbsg (void)
{
  static const char *cols[] = { "age", "size", "nodes", "grade", "er", "pgr", "hormon" };
  g_autofree char *path = stm_test_shared_path ("cohorts/gbsg.csv");
  g_autoptr(StmDataTable) t = NULL;
  g_autoptr(GError) error = NULL;
  Cohort *c;

  if (path == NULL)
    return NULL;
  t = stm_data_table_read_csv (path, &error);
  g_assert_no_error (error);
  c = cohort_new (G_N_ELEMENTS (cols));
  for (guint j = 0; j < c->p; j++)
    g_ptr_array_add (c->names, g_strdup (cols[j]));
  for (gsize i = 0; i < stm_data_table_n_rows (t); i++)
    {
      g_array_append_val (c->time, stm_data_table_column (t, "rfstime", NULL)[i]);
      g_array_append_val (c->event, stm_data_table_column (t, "status", NULL)[i]);
      for (guint j = 0; j < c->p; j++)
        g_array_append_val (c->x, stm_data_table_column (t, cols[j], NULL)[i]);
    }
  cohort_finish (c);
  return c;
}

/*
 * The KKT residual computed the slow, obvious way, independently of the
 * library: standardise (divisor n), g_j = (1/n) sum over events i of
 * (z_ij - the exp(eta)-weighted mean of z_j over {t >= t_i} in i's stratum).
 */
static double
naive_kkt (const Cohort *c, double alpha, double lambda, const double *beta)
{
  g_autofree double *z = g_new (double, c->n * c->p);
  g_autofree double *b = g_new (double, c->p);
  g_autofree double *eta = g_new0 (double, c->n);
  g_autofree double *g = g_new0 (double, c->p);
  const double *x = c->data.x, *t = c->data.time, *d = c->data.event;
  const int *strata = c->data.strata;
  double worst = 0;

  for (guint j = 0; j < c->p; j++)
    {
      double m = 0, v = 0;

      for (gsize i = 0; i < c->n; i++)
        m += x[i * c->p + j] / c->n;
      for (gsize i = 0; i < c->n; i++)
        v += (x[i * c->p + j] - m) * (x[i * c->p + j] - m) / c->n;
      for (gsize i = 0; i < c->n; i++)
        z[i * c->p + j] = (x[i * c->p + j] - m) / sqrt (v);
      b[j] = beta[j] * sqrt (v);
    }
  for (gsize i = 0; i < c->n; i++)
    for (guint j = 0; j < c->p; j++)
      eta[i] += z[i * c->p + j] * b[j];
  for (gsize i = 0; i < c->n; i++)
    {
      double s = 0;
      g_autofree double *sz = g_new0 (double, c->p);

      if (d[i] == 0)
        continue;
      for (gsize k = 0; k < c->n; k++)
        if (t[k] >= t[i] && (strata == NULL || strata[k] == strata[i]))
          {
            s += exp (eta[k]);
            for (guint j = 0; j < c->p; j++)
              sz[j] += exp (eta[k]) * z[k * c->p + j];
          }
      for (guint j = 0; j < c->p; j++)
        g[j] += (z[i * c->p + j] - sz[j] / s) / c->n;
    }
  for (guint j = 0; j < c->p; j++)
    {
      double r = b[j] == 0 ? MAX (0, fabs (g[j]) - lambda * alpha)
                           : fabs (g[j] - lambda * (alpha * (b[j] > 0 ? 1 : -1) +
                                                    (1 - alpha) * b[j]));
      worst = MAX (worst, r);
    }
  return worst;
}

static StmCoxPenalizedFit *
fit_fixed (const Cohort *c, double alpha, double lambda)
{
  StmPenaltyOptions o;
  g_autoptr(GError) error = NULL;
  StmCoxPenalizedFit *fit;

  stm_penalty_options_init (&o);
  o.alpha = alpha;
  o.lambda = lambda;
  fit = stm_cox_penalized_fit (&c->data, &o, NULL, &error);
  g_assert_no_error (error);
  return fit;
}

/* Strata: recurrence risk sets split by tumour size above 2.5 cm. (R's
 * glmnet fits stratified models with an R-level path that does not
 * converge here, so the check is the KKT conditions alone.) */
static void
test_kkt_strata (void)
{
  g_autoptr(Cohort) c = load_wpbc (NULL);
  g_autofree int *strata = NULL;
  guint size = 0;

  if (c == NULL)
    return;
  while (g_strcmp0 (c->names->pdata[size], "tsize") != 0)
    size++;
  strata = g_new (int, c->n);
  for (gsize i = 0; i < c->n; i++)
    strata[i] = c->data.x[i * c->p + size] > 2.5;
  c->data.strata = strata;
  for (guint k = 0; k < 3; k++)
    {
      double alpha = k * 0.5, lambda = 0.01 * (k + 1);
      g_autoptr(StmCoxPenalizedFit) fit = fit_fixed (c, alpha, lambda);
      double r = naive_kkt (c, alpha, lambda, fit->beta);

      g_test_message ("stratified, alpha %.1f lambda %.2f: %u nonzero, KKT residual %.1e",
                      alpha, lambda, fit->path_df[0], r);
      g_assert_cmpfloat (r, <, 1e-6);
    }
}

static StmCoxPenalizedFit *
fit_cv (const Cohort *c, double alpha, double ratio, guint64 seed)
{
  StmPenaltyOptions o;
  g_autoptr(GError) error = NULL;
  StmCoxPenalizedFit *fit;

  stm_penalty_options_init (&o);
  o.alpha = alpha;
  o.lambda_min_ratio = ratio;
  o.seed = seed;
  fit = stm_cox_penalized_fit (&c->data, &o, NULL, &error);
  g_assert_no_error (error);
  return fit;
}

static void
test_kkt (void)
{
  g_autoptr(Cohort) c = load_wpbc (NULL);
  static const double alphas[] = { 1.0, 0.5, 0.0 };

  if (c == NULL)
    return;
  g_assert_cmpuint (c->n, ==, 194);
  g_assert_cmpuint (c->p, ==, 32);
  for (guint a = 0; a < G_N_ELEMENTS (alphas); a++)
    {
      g_autoptr(StmCoxPenalizedFit) path = fit_cv (c, alphas[a], 1e-2, 7);
      double worst = 0, worst_lib = 0;

      for (guint l = 0; l < path->n_lambda; l += 9)
        {
          const double *b = path->path_beta + (gsize) l * c->p;
          double r = naive_kkt (c, alphas[a], path->lambda[l], b);
          double r_lib = stm_cox_penalized_kkt_violation (&c->data, alphas[a],
                                                          path->lambda[l], b, NULL);

          worst = MAX (worst, r);
          worst_lib = MAX (worst_lib, r_lib);
          g_assert_cmpfloat (fabs (r - r_lib), <, 1e-9);
        }
      g_test_message ("alpha %.1f: %u lambdas, largest KKT residual %.2e (library %.2e), "
                      "at lambda_min %.2e", alphas[a], path->n_lambda, worst, worst_lib,
                      path->kkt_violation);
      g_assert_cmpfloat (worst, <, 1e-6);
      g_assert_cmpfloat (path->kkt_violation, <, 1e-6);
    }
}

/* Ridge with a vanishing penalty is the unpenalised Breslow fit; gbsg's is
 * in the spec (cox-reference.md). */
static void
test_unpenalised_limit (void)
{
  static const double breslow[] = { 0.0006131694067, 0.0074417087457, 0.0500161035346,
                                    0.2830238047142, 0.0001731459885, -0.0023066484799,
                                    -0.3208842128645 };
  g_autoptr(Cohort) c = load_gbsg ();
  g_autoptr(StmCoxPenalizedFit) fit = NULL;
  g_autoptr(StmCoxFit) cox = NULL;
  g_autoptr(GError) error = NULL;
  StmCoxOptions co;
  double worst = 0, worst_spec = 0;

  if (c == NULL)
    return;
  fit = fit_fixed (c, 0.0, 1e-10);
  stm_cox_options_init (&co);
  co.ties = STM_TIES_BRESLOW;
  co.eps = 1e-12;
  cox = stm_cox_fit (&c->data, &co, NULL, &error);
  g_assert_no_error (error);
  for (guint j = 0; j < c->p; j++)
    {
      worst = MAX (worst, fabs (fit->beta[j] - cox->beta[j]) / fabs (cox->beta[j]));
      worst_spec = MAX (worst_spec, fabs (fit->beta[j] - breslow[j]) / fabs (breslow[j]));
    }
  g_test_message ("ridge at lambda 1e-10 vs stm_cox_fit (Breslow): largest relative "
                  "difference %.2e; vs R coxph %.2e", worst, worst_spec);
  g_assert_cmpfloat (worst, <, 1e-4);
  g_assert_cmpfloat (worst_spec, <, 1e-4);
}

static char *
write_numbers (const char *dir, const char *name, const double *v, gsize n)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  for (gsize i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (s, "%s\n", g_ascii_dtostr (buf, sizeof buf, v[i]));
    }
  g_file_set_contents (path, s->str, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The coefficient difference relative to the size of the coefficient
 * vector, on the standardised scale (small coefficients of a lasso cannot
 * be compared relatively one by one). */
static double
scaled_difference (const Cohort *c, const double *a, GHashTable *ref, guint l)
{
  double diff = 0, norm = 0;

  for (guint j = 0; j < c->p; j++)
    {
      double m = 0, v = 0, r = stm_test_lookup (ref, "beta %u %u", l, j);

      for (gsize i = 0; i < c->n; i++)
        m += c->data.x[i * c->p + j] / c->n;
      for (gsize i = 0; i < c->n; i++)
        v += pow (c->data.x[i * c->p + j] - m, 2) / c->n;
      diff = MAX (diff, fabs (a[j] - r) * sqrt (v));
      norm = MAX (norm, fabs (r) * sqrt (v));
    }
  return norm > 0 ? diff / norm : diff;
}

static void
test_glmnet (void)
{
  static const double alphas[] = { 1.0, 0.5, 0.0 };
  static const double fractions[] = { 0.5, 0.2, 0.05, 0.02 };
  g_autofree char *csv = NULL;
  g_autoptr(Cohort) c = load_wpbc (&csv);
  g_autofree char *dir = NULL;

  if (c == NULL)
    return;
  dir = stm_test_make_tmpdir ();
  for (guint a = 0; a < G_N_ELEMENTS (alphas) && !g_test_failed (); a++)
    {
      g_autoptr(StmCoxPenalizedFit) lasso = fit_fixed (c, 1.0, 1e9);
      double lambdas[G_N_ELEMENTS (fractions)];
      g_autofree char *lambda_file = NULL;
      g_autofree char *alpha_text = g_strdup_printf ("%g", alphas[a]);
      g_autofree char *out = NULL;
      g_autoptr(GHashTable) ref = NULL;
      double lambda_max = lasso->lambda_max;

      for (guint l = 0; l < G_N_ELEMENTS (fractions); l++)
        lambdas[l] = fractions[l] * lambda_max / MAX (alphas[a], 0.1);
      lambda_file = write_numbers (dir, "lambda", lambdas, G_N_ELEMENTS (lambdas));
      out = stm_test_run_r ("penalized_reference.R",
                            (const char *[]) { csv, alpha_text, lambda_file, NULL }, FALSE);
      if (out == NULL)
        break;
      ref = stm_test_parse_key_values (out);
      for (guint l = 0; l < G_N_ELEMENTS (lambdas); l++)
        {
          g_autoptr(StmCoxPenalizedFit) fit = fit_fixed (c, alphas[a], lambdas[l]);
          double d = scaled_difference (c, fit->beta, ref, l);
          double r_beta[64];

          for (guint j = 0; j < c->p; j++)
            r_beta[j] = stm_test_lookup (ref, "beta %u %u", l, j);
          g_test_message ("alpha %.1f lambda %.5f (%u nonzero): glmnet differs by %.2e "
                          "(relative, standardised scale); KKT residual ours %.1e, "
                          "glmnet's %.1e", alphas[a], lambdas[l], fit->path_df[0], d,
                          fit->kkt_violation,
                          stm_cox_penalized_kkt_violation (&c->data, alphas[a], lambdas[l],
                                                           r_beta, NULL));
          g_assert_cmpfloat (d, <, 1e-6);
        }
    }
  stm_test_remove_tree (dir);
}

static void
compare_cv (const Cohort *c, const StmCoxPenalizedFit *fit, GHashTable *ref)
{
  double worst = 0;

  for (guint l = 0; l < fit->n_lambda; l++)
    {
      double m = stm_test_lookup (ref, "cvm %u", l), s = stm_test_lookup (ref, "cvsd %u", l);

      worst = MAX (worst, fabs (fit->cv_mean[l] - m) / fabs (m));
      worst = MAX (worst, fabs (fit->cv_sd[l] - s) / fabs (s));
    }
  g_test_message ("cv.glmnet with the same folds and lambdas: cvm/cvsd differ by %.2e "
                  "(relative); lambda.min %.6f (ours %.6f), lambda.1se %.6f (ours %.6f)",
                  worst, stm_test_lookup (ref, "lambda_min"), fit->lambda_min,
                  stm_test_lookup (ref, "lambda_1se"), fit->lambda_1se);
  g_assert_cmpfloat (worst, <, 1e-5);
  g_assert_cmpfloat (fabs (fit->lambda_min - stm_test_lookup (ref, "lambda_min")), <=,
                     1e-9 * fit->lambda_min);
  g_assert_cmpfloat (fabs (fit->lambda_1se - stm_test_lookup (ref, "lambda_1se")), <=,
                     1e-9 * fit->lambda_1se);
}

static void
test_cross_validation (void)
{
  g_autofree char *csv = NULL;
  g_autoptr(Cohort) c = load_wpbc (&csv);
  g_autoptr(StmCoxPenalizedFit) fit = NULL;
  g_autoptr(StmCoxPenalizedFit) again = NULL;
  g_autoptr(StmCoxPenalizedFit) other = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lambda_file = NULL;
  g_autofree char *fold_file = NULL;
  g_autofree double *folds = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GHashTable) ref = NULL;
  gboolean same = TRUE;

  if (c == NULL)
    return;
  fit = fit_cv (c, 1.0, 1e-2, 20240501);
  again = fit_cv (c, 1.0, 1e-2, 20240501);
  other = fit_cv (c, 1.0, 1e-2, 1);
  g_assert_cmpuint (fit->n_lambda, ==, 100);
  g_assert_cmpuint (fit->index_1se, <=, fit->index_min);
  g_assert_cmpuint (fit->index_min, >, 0);
  g_assert_cmpuint (fit->index_min, <, fit->n_lambda - 1);
  g_assert_cmpmem (fit->fold_id, c->n * sizeof (guint), again->fold_id, c->n * sizeof (guint));
  g_assert_cmpmem (fit->cv_mean, fit->n_lambda * sizeof (double),
                   again->cv_mean, again->n_lambda * sizeof (double));
  g_assert_cmpfloat (fit->lambda_min, ==, again->lambda_min);
  for (gsize i = 0; i < c->n; i++)
    same = same && fit->fold_id[i] == other->fold_id[i];
  g_assert_false (same);
  g_test_message ("lasso CV (seed 20240501): lambda_min %.5f (%u nonzero), lambda_1se %.5f "
                  "(%u nonzero), CV deviance %.4f +- %.4f", fit->lambda_min,
                  fit->path_df[fit->index_min], fit->lambda_1se, fit->path_df[fit->index_1se],
                  fit->cv_mean[fit->index_min], fit->cv_sd[fit->index_min]);

  dir = stm_test_make_tmpdir ();
  folds = g_new (double, c->n);
  for (gsize i = 0; i < c->n; i++)
    folds[i] = fit->fold_id[i];
  lambda_file = write_numbers (dir, "lambda", fit->lambda, fit->n_lambda);
  fold_file = write_numbers (dir, "folds", folds, c->n);
  out = stm_test_run_r ("penalized_reference.R",
                        (const char *[]) { csv, "1", lambda_file, fold_file, NULL }, FALSE);
  stm_test_remove_tree (dir);
  if (out == NULL)
    return;
  ref = stm_test_parse_key_values (out);
  compare_cv (c, fit, ref);
}

/* Imaging-like shape: 400 features, 80 patients, three of them real. */
static Cohort *
synthetic_wide (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  Cohort *c = cohort_new (400);

  for (guint j = 0; j < c->p; j++)
    g_ptr_array_add (c->names, g_strdup_printf ("feature%u", j));
  for (guint i = 0; i < 80; i++)
    {
      double x[400], eta, t, censor, event;

      for (guint j = 0; j < c->p; j++)
        x[j] = sqrt (-2 * log (g_rand_double (rand))) * cos (2 * G_PI * g_rand_double (rand));
      eta = 1.0 * x[0] - 0.8 * x[1] + 0.6 * x[2];
      t = -log (g_rand_double (rand)) / exp (eta);
      censor = -log (g_rand_double (rand)) * 2;
      event = t <= censor;
      t = MIN (t, censor);
      g_array_append_val (c->time, t);
      g_array_append_val (c->event, event);
      g_array_append_vals (c->x, x, c->p);
    }
  cohort_finish (c);
  return c;
}

static void
test_wide (void)
{
  g_autoptr(Cohort) c = synthetic_wide ();
  g_autoptr(GTimer) timer = g_timer_new ();
  static const double alphas[] = { 1.0, 0.5, 0.0 };

  for (guint a = 0; a < G_N_ELEMENTS (alphas); a++)
    {
      g_autoptr(StmCoxPenalizedFit) fit = fit_cv (c, alphas[a], 0, 5);
      double worst = 0;

      g_assert_cmpfloat (fit->lambda[fit->n_lambda - 1] / fit->lambda[0], ==,
                         fit->n_lambda == 100 ? 1e-2 : fit->lambda[fit->n_lambda - 1] /
                                                       fit->lambda[0]);
      for (guint l = 0; l < fit->n_lambda; l += 11)
        worst = MAX (worst, naive_kkt (c, alphas[a], fit->lambda[l],
                                       fit->path_beta + (gsize) l * c->p));
      g_test_message ("n 80, p 400, alpha %.1f: %u lambdas%s%s, lambda_min %.4f with %u "
                      "nonzero; largest KKT residual %.1e; beta[0..2] %.3f %.3f %.3f",
                      alphas[a], fit->n_lambda, fit->warning ? ": " : "",
                      fit->warning ? fit->warning : "", fit->lambda_min,
                      fit->path_df[fit->index_min], worst, fit->beta[0], fit->beta[1],
                      fit->beta[2]);
      g_assert_cmpfloat (worst, <, 1e-6);
      g_assert_cmpfloat (fit->beta[0], >, 0);
      g_assert_cmpfloat (fit->beta[1], <, 0);
    }
  g_test_message ("three cross-validated paths in %.1f s", g_timer_elapsed (timer, NULL));
}

/* Integer case weights are the same as repeated rows. */
static void
test_weights (void)
{
  g_autoptr(Cohort) c = load_gbsg ();
  g_autoptr(Cohort) twice = NULL;
  g_autoptr(StmCoxPenalizedFit) weighted = NULL;
  g_autoptr(StmCoxPenalizedFit) repeated = NULL;
  g_autofree double *w = NULL;
  StmSurvData data;
  StmPenaltyOptions o;

  if (c == NULL)
    return;
  twice = cohort_new (c->p);
  w = g_new (double, c->n);
  for (gsize i = 0; i < c->n; i++)
    {
      w[i] = 1 + i % 2;
      for (guint k = 0; k < w[i]; k++)
        {
          g_array_append_val (twice->time, c->data.time[i]);
          g_array_append_val (twice->event, c->data.event[i]);
          g_array_append_vals (twice->x, c->data.x + i * c->p, c->p);
        }
    }
  cohort_finish (twice);
  data = c->data;
  data.weights = w;
  stm_penalty_options_init (&o);
  o.alpha = 0.5;
  o.lambda = 0.01;
  weighted = stm_cox_penalized_fit (&data, &o, NULL, NULL);
  repeated = stm_cox_penalized_fit (&twice->data, &o, NULL, NULL);
  for (guint j = 0; j < c->p; j++)
    g_assert_cmpfloat (fabs (weighted->beta[j] - repeated->beta[j]), <=,
                       1e-9 * fabs (repeated->beta[j]));
  g_assert_cmpuint (weighted->path_df[0], ==, repeated->path_df[0]);
}

static void
test_bad_input (void)
{
  double time[] = { 1, 2, 3, 4 }, event[] = { 1, 0, 1, 1 }, x[] = { 1, 2, NAN, 4 };
  StmSurvData data = { .n = 4, .p = 1, .time = time, .event = event, .x = x };
  StmPenaltyOptions o;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  StmCoxPenalizedFit *fit;

  stm_penalty_options_init (&o);
  o.lambda = 0.1;
  fit = stm_cox_penalized_fit (&data, &o, NULL, &error);
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
  g_assert_null (fit);
  g_clear_error (&error);

  x[2] = 3;
  o.alpha = 1.5;
  fit = stm_cox_penalized_fit (&data, &o, NULL, &error);
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  o.alpha = 1;
  o.lambda = -1;
  o.folds = 10;
  fit = stm_cox_penalized_fit (&data, &o, NULL, &error);
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  o.lambda = 0.01;
  g_cancellable_cancel (cancel);
  fit = stm_cox_penalized_fit (&data, &o, cancel, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fit);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/penalized/kkt", test_kkt);
  g_test_add_func ("/penalized/kkt-strata", test_kkt_strata);
  g_test_add_func ("/penalized/unpenalised-limit", test_unpenalised_limit);
  g_test_add_func ("/penalized/glmnet", test_glmnet);
  g_test_add_func ("/penalized/cross-validation", test_cross_validation);
  g_test_add_func ("/penalized/wide", test_wide);
  g_test_add_func ("/penalized/weights", test_weights);
  g_test_add_func ("/penalized/bad-input", test_bad_input);
  return g_test_run ();
}
