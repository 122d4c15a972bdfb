/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Logistic regression of recurrence by five years against R's
 * glm(family = binomial) on gbsg and rotterdam (cox-reference.md).
 */
#include <math.h>
#include <string.h>

#include "stm-data-table.h"
#include "stm-logistic.h"
#include "stm-model-error.h"
#include "stm-test-support.h"

#define T5 (5 * 365.25)
#define TOL 1e-6

typedef struct
{
  gsize  n_used, n_events;
  double coef[10], se[10];
  double deviance, null_deviance, loglik, aic;
} GlmReference;

static const GlmReference gbsg_glm = {
  .n_used = 406, .n_events = 285,
  .coef = {
    -1.270021780039, 0.006842100868, 0.021710277837, 0.156252303733,
    0.492145869590, 0.001211395338, -0.003277401415, -1.003977861342,
  },
  .se = {
    0.8448952891292, 0.0120613998997, 0.0102057351167, 0.0374622891710,
    0.2287617485992, 0.0009662307069, 0.0009799933718, 0.2533549705812,
  },
  .deviance = 419.9357032324,
  .null_deviance = 494.6586208091,
  .loglik = -209.9678516162,
  .aic = 435.9357032324,
};

static const GlmReference rotterdam_glm = {
  .n_used = 2856, .n_events = 1275,
  .coef = {
    -1.8741339154015, -0.0034631958009, 0.4916934432904, 0.9574818062169,
    0.1713905594857, 0.4535986881047, -0.0001016916952, -0.0002935130489,
    -0.2658364039402, -0.2468064493648,
  },
  .se = {
    0.3344617806656, 0.0036954405804, 0.0871550606053, 0.1608393888219,
    0.0138682390990, 0.0959458425173, 0.0001671279283, 0.0001582689746,
    0.1414573617556, 0.1164292212007,
  },
  .deviance = 3479.3380379593,
  .null_deviance = 3926.4079634832,
  .loglik = -1739.6690189796,
  .aic = 3499.3380379593,
};

static const char * const gbsg_names[] = {
  "age", "size", "nodes", "grade", "er", "pgr", "hormon", NULL
};
static const char * const rotterdam_names[] = {
  "age", "size20_50", "size_gt50", "nodes", "grade", "er", "pgr", "hormon", "chemo", NULL
};

static double max_error;

static void
check_close (const char *what,
             double      got,
             double      want)
{
  double err = fabs (got - want) / fabs (want);

  max_error = MAX (max_error, err);
  if (!(err <= TOL))
    {
      g_test_message ("%s: got %.15g, want %.15g (relative error %.3g)", what, got, want, err);
      g_test_fail ();
    }
}

static StmDataTable *
read_cohort (const char *file)
{
  g_autofree char *relative = g_build_filename ("cohorts", file, NULL);
  g_autofree char *path = stm_test_shared_path (relative);
  g_autoptr(GError) error = NULL;
  StmDataTable *table;

  if (path == NULL)
    return NULL;
  table = stm_data_table_read_csv (path, &error);
  g_assert_no_error (error);
  return table;
}

/* The value of a covariate, with rotterdam's size dummy-coded on "<=20". */
static double
covariate (const StmDataTable *table,
           const char         *name,
           gsize               row)
{
  if (g_str_has_prefix (name, "size") && strcmp (name, "size") != 0)
    return g_strcmp0 (stm_data_table_text (table, "size", row),
                      strcmp (name, "size20_50") == 0 ? "20-50" : ">50") == 0;
  return stm_data_table_column (table, name, NULL)[row];
}

static double *
design (const StmDataTable *table,
        const char * const *names)
{
  gsize n = stm_data_table_n_rows (table);
  guint p = g_strv_length ((char **) names);
  double *x = g_new (double, n * p);

  for (gsize i = 0; i < n; i++)
    for (guint j = 0; j < p; j++)
      x[i * p + j] = covariate (table, names[j], i);
  return x;
}

static void
check_glm (const StmLogisticFit *fit,
           const GlmReference   *ref)
{
  guint q = fit->p + 1;

  g_assert_true (fit->converged);
  g_assert_null (fit->warning);
  g_assert_cmpuint (fit->n_used, ==, ref->n_used);
  for (guint j = 0; j < q; j++)
    {
      check_close ("coefficient", fit->beta[j], ref->coef[j]);
      check_close ("standard error", fit->se[j], ref->se[j]);
      check_close ("covariance diagonal", fit->cov[j * q + j], ref->se[j] * ref->se[j]);
      for (guint k = 0; k < q; k++)
        g_assert_cmpfloat (fit->cov[j * q + k], ==, fit->cov[k * q + j]);
    }
  check_close ("deviance", fit->deviance, ref->deviance);
  check_close ("null deviance", fit->null_deviance, ref->null_deviance);
  check_close ("log-likelihood", fit->loglik, ref->loglik);
  check_close ("AIC", fit->deviance + 2 * q, ref->aic);
  g_test_message ("%u IRLS iterations; max relative error so far %.2e", fit->iterations, max_error);
}

static void
fit_cohort (StmDataTable       *table,
            const char         *time,
            const char         *event,
            const char * const *names,
            const GlmReference *ref)
{
  gsize n = stm_data_table_n_rows (table);
  guint p = g_strv_length ((char **) names);
  g_autofree double *x = design (table, names);
  g_autofree double *y = g_new (double, n);
  g_autoptr(StmLogisticFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  gsize events = 0;

  stm_logistic_outcome_at_horizon (n, stm_data_table_column (table, time, NULL),
                                   stm_data_table_column (table, event, NULL), T5, y);
  for (gsize i = 0; i < n; i++)
    events += y[i] == 1;
  g_assert_cmpuint (events, ==, ref->n_events);
  fit = stm_logistic_fit (n, p, x, y, NULL, &error);
  g_assert_no_error (error);
  check_glm (fit, ref);
  check_close ("prediction", stm_logistic_fit_predict (fit, x),
               1 / (1 + exp (-(fit->beta[0] + fit->beta[1] * x[0] + fit->beta[2] * x[1] +
                               fit->beta[3] * x[2] + fit->beta[4] * x[3] + fit->beta[5] * x[4] +
                               fit->beta[6] * x[5] + fit->beta[7] * x[6] +
                               (p > 7 ? fit->beta[8] * x[7] + fit->beta[9] * x[8] : 0)))));
}

static void
test_gbsg (void)
{
  g_autoptr(StmDataTable) table = read_cohort ("gbsg.csv");

  if (table != NULL)
    fit_cohort (table, "rfstime", "status", gbsg_names, &gbsg_glm);
}

static void
test_rotterdam (void)
{
  g_autoptr(StmDataTable) table = read_cohort ("rotterdam.csv");
  g_autoptr(StmDataTable) rfs = table ? read_cohort ("rotterdam_rfs.csv") : NULL;
  gsize n;
  g_autofree double *time = NULL, *event = NULL, *y = NULL, *x = NULL;
  g_autoptr(StmLogisticFit) fit = NULL;
  g_autoptr(GError) error = NULL;

  if (rfs == NULL)
    return;
  n = stm_data_table_n_rows (table);
  g_assert_cmpuint (stm_data_table_n_rows (rfs), ==, n);
  y = g_new (double, n);
  x = design (table, rotterdam_names);
  stm_logistic_outcome_at_horizon (n, stm_data_table_column (rfs, "rfstime", NULL),
                                   stm_data_table_column (rfs, "rfs", NULL), T5, y);
  fit = stm_logistic_fit (n, 9, x, y, NULL, &error);
  g_assert_no_error (error);
  check_glm (fit, &rotterdam_glm);
}

static void
expect_error (gsize         n,
              guint         p,
              const double *x,
              const double *y,
              int           code,
              const char   *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmLogisticFit) fit = stm_logistic_fit (n, p, x, y, NULL, &error);

  g_assert_null (fit);
  g_assert_error (error, STM_MODEL_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, fragment);
  g_test_message ("rejected: %s", error->message);
}

static void
small_data (double *x,
            double *y)
{
  for (int i = 0; i < 20; i++)
    {
      x[2 * i] = (i * 7) % 11;
      x[2 * i + 1] = (i * 5) % 9;
      y[i] = (i * 3) % 4 == 0 || i % 5 == 1;
    }
}

static void
test_bad_input (void)
{
  double x[40], y[20];

  small_data (x, y);
  expect_error (0, 2, x, y, STM_MODEL_ERROR_INVALID_INPUT, "no patients");

  small_data (x, y);
  for (int i = 0; i < 20; i++)
    y[i] = NAN;
  expect_error (20, 2, x, y, STM_MODEL_ERROR_INVALID_INPUT, "no patients");

  small_data (x, y);
  for (int i = 0; i < 20; i++)
    y[i] = 1;
  expect_error (20, 2, x, y, STM_MODEL_ERROR_INVALID_INPUT, "same outcome");

  small_data (x, y);
  x[2 * 6 + 1] = NAN;
  expect_error (20, 2, x, y, STM_MODEL_ERROR_INVALID_INPUT,
                "Row 7 has a missing value for covariate 2");

  small_data (x, y);
  y[3] = 2;
  expect_error (20, 2, x, y, STM_MODEL_ERROR_INVALID_INPUT, "Row 4");

  small_data (x, y);
  for (int i = 0; i < 20; i++)
    x[2 * i] = 3;
  expect_error (20, 2, x, y, STM_MODEL_ERROR_INVALID_INPUT, "Covariate 1 is constant");

  small_data (x, y);
  for (int i = 0; i < 20; i++)
    x[2 * i + 1] = 2 * x[2 * i] + 1;
  expect_error (20, 2, x, y, STM_MODEL_ERROR_FIT, "Covariate 2 is a linear combination");
}

/* A missing covariate on a row without an outcome does not matter. */
static void
test_excluded_rows (void)
{
  double x[40], y[20];
  g_autoptr(StmLogisticFit) fit = NULL;
  g_autoptr(GError) error = NULL;

  small_data (x, y);
  y[4] = NAN;
  x[2 * 4] = NAN;
  fit = stm_logistic_fit (20, 2, x, y, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fit->n_used, ==, 19);
}

static void
test_separation (void)
{
  double x[20], y[20];
  g_autoptr(StmLogisticFit) fit = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20; i++)
    {
      x[i] = i;
      y[i] = i >= 10;
    }
  fit = stm_logistic_fit (20, 1, x, y, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fit->warning);
  g_test_message ("%s (beta = %g)", fit->warning, fit->beta[1]);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/logistic/gbsg", test_gbsg);
  g_test_add_func ("/logistic/rotterdam", test_rotterdam);
  g_test_add_func ("/logistic/bad-input", test_bad_input);
  g_test_add_func ("/logistic/excluded-rows", test_excluded_rows);
  g_test_add_func ("/logistic/separation", test_separation);
  status = g_test_run ();
  g_test_message ("max relative error against glm: %.2e", max_error);
  return status;
}
