/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Survival metrics: Kaplan-Meier against survfit, the IPCW AUC and Brier
 * score against hand-worked examples and their uncensored special cases,
 * calibration groups, the bootstrap optimism of the C-index, and the
 * Royston & Altman external validation (fit on Rotterdam, validate on
 * GBSG) against the same computation in R.
 */
#include "stm-concordance.h"
#include "stm-cox.h"
#include "stm-data-table.h"
#include "stm-metrics.h"
#include "stm-model-error.h"
#include "stm-test-support.h"
#include "r-reference.h"

#include <math.h>

#define T5 (5 * 365.25)

/* ---- R reference ---------------------------------------------------- */

/* Runs metrics_reference.R once for the tests that need it; NULL when R
 * is missing, after skipping the test unless the comparison is optional. */
static GHashTable *
r_reference (gboolean optional)
{
  static GHashTable *table;
  static gboolean tried;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;

  if (!tried)
    {
      tried = TRUE;
      dir = stm_test_shared_path ("cohorts");
      if (dir == NULL)
        return NULL;
      out = stm_test_run_r ("metrics_reference.R", (const char *[]) { dir, NULL }, optional);
      if (out != NULL)
        table = stm_test_parse_key_values (out);
    }
  else if (table == NULL && !optional)
    g_test_skip ("no R reference (Rscript is not installed)");
  else if (table == NULL)
    g_test_message ("no R reference (Rscript is not installed)");
  return table;
}

static void
assert_close (double value, double expected, double rel, const char *what)
{
  double scale = MAX (fabs (expected), 1e-300);

  if (isnan (value) && isnan (expected))
    return;
  if (!(fabs (value - expected) <= rel * scale))
    g_error ("%s: %.15g, expected %.15g (relative difference %.2e)", what, value, expected,
             fabs (value - expected) / scale);
}

/* ---- cohorts ----------------------------------------------------------- */

typedef struct
{
  GArray     *time, *event, *x;
  guint       p;
  StmSurvData data;
} Cohort;

static void
cohort_free (Cohort *c)
{
  g_array_unref (c->time);
  g_array_unref (c->event);
  g_array_unref (c->x);
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
  return c;
}

static void
cohort_add (Cohort *c, double time, double event, const double *x)
{
  g_array_append_val (c->time, time);
  g_array_append_val (c->event, event);
  g_array_append_vals (c->x, x, c->p);
}

static void
cohort_finish (Cohort *c)
{
  c->data = (StmSurvData) {
    .n = c->time->len, .p = c->p,
    .time = (double *) c->time->data, .event = (double *) c->event->data,
    .x = (double *) c->x->data,
  };
}

static StmDataTable *
read_cohort (const char *name)
{
  g_autofree char *relative = g_strconcat ("cohorts/", name, NULL);
  g_autofree char *path = stm_test_shared_path (relative);
  g_autoptr(GError) error = NULL;
  StmDataTable *t;

  if (path == NULL)
    return NULL;
  t = stm_data_table_read_csv (path, &error);
  g_assert_no_error (error);
  return t;
}

static double
column (const StmDataTable *t, const char *name, gsize i)
{
  g_autoptr(GError) error = NULL;
  const double *v = stm_data_table_column (t, name, &error);

  g_assert_no_error (error);
  return v[i];
}

#define N_COMMON 9
/* age, size 20-50, size > 50, nodes, grade, er, pgr, hormon, meno */
static void
common_covariates (const StmDataTable *t, gsize i, double size20_50, double size_gt50,
                   double *x)
{
  x[0] = column (t, "age", i);
  x[1] = size20_50;
  x[2] = size_gt50;
  x[3] = column (t, "nodes", i);
  x[4] = column (t, "grade", i);
  x[5] = column (t, "er", i);
  x[6] = column (t, "pgr", i);
  x[7] = column (t, "hormon", i);
  x[8] = column (t, "meno", i);
}

/* Rotterdam with the RFS endpoint of rotterdam_rfs.csv (joined on pid). */
static Cohort *
load_rotterdam (void)
{
  g_autoptr(StmDataTable) t = read_cohort ("rotterdam.csv");
  g_autoptr(StmDataTable) rfs = read_cohort ("rotterdam_rfs.csv");
  g_autoptr(GHashTable) row_of = g_hash_table_new (g_direct_hash, g_direct_equal);
  Cohort *c;

  if (t == NULL || rfs == NULL)
    return NULL;
  for (gsize r = 0; r < stm_data_table_n_rows (rfs); r++)
    g_hash_table_insert (row_of, GINT_TO_POINTER ((int) column (rfs, "pid", r)),
                         GSIZE_TO_POINTER (r + 1));
  c = cohort_new (N_COMMON);
  for (gsize i = 0; i < stm_data_table_n_rows (t); i++)
    {
      gsize r = GPOINTER_TO_SIZE (g_hash_table_lookup (row_of,
                                  GINT_TO_POINTER ((int) column (t, "pid", i))));
      const char *size = stm_data_table_text (t, "size", i);
      double x[N_COMMON];

      g_assert_cmpuint (r, >, 0);
      common_covariates (t, i, g_strcmp0 (size, "20-50") == 0, g_strcmp0 (size, ">50") == 0, x);
      cohort_add (c, column (rfs, "rfstime", r - 1), column (rfs, "rfs", r - 1), x);
    }
  cohort_finish (c);
  return c;
}

/* GBSG with tumour size in mm coded as Rotterdam's categories. */
static Cohort *
load_gbsg (void)
{
  g_autoptr(StmDataTable) t = read_cohort ("gbsg.csv");
  Cohort *c;

  if (t == NULL)
    return NULL;
  c = cohort_new (N_COMMON);
  for (gsize i = 0; i < stm_data_table_n_rows (t); i++)
    {
      double size = column (t, "size", i), x[N_COMMON];

      common_covariates (t, i, size > 20 && size <= 50, size > 50, x);
      cohort_add (c, column (t, "rfstime", i), column (t, "status", i), x);
    }
  cohort_finish (c);
  return c;
}

/* ---- Kaplan-Meier -------------------------------------------------------- */

static void
test_km_hand (void)
{
  const double time[] = { 3, 1, 2, 5, 2, 4 }, event[] = { 1, 1, 1, 1, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(StmKaplanMeier) km = stm_kaplan_meier (6, time, event, 0.95, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (km->n_times, ==, 5);
  g_assert_cmpfloat (km->n_risk[1], ==, 5);
  g_assert_cmpfloat (km->n_censor[1], ==, 1);
  g_assert_cmpfloat_with_epsilon (km->surv[0], 5.0 / 6, 1e-15);
  g_assert_cmpfloat_with_epsilon (km->surv[1], 4.0 / 6, 1e-15);
  g_assert_cmpfloat_with_epsilon (km->surv[2], 4.0 / 9, 1e-15);
  g_assert_cmpfloat_with_epsilon (km->surv[3], 4.0 / 9, 1e-15);
  g_assert_cmpfloat (km->surv[4], ==, 0);
  /* Greenwood: 1/30 + 1/20 + 1/6 = 1/4 */
  g_assert_cmpfloat_with_epsilon (km->se_log[2], 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (km->std_err[2], 2.0 / 9, 1e-15);
  g_assert_cmpfloat_with_epsilon (km->lower[2], 4.0 / 9 * exp (-1.959963984540054 * 0.5), 1e-12);
  g_assert_true (isnan (km->lower[4]));
  g_assert_cmpfloat (stm_kaplan_meier_at (km, 0.5), ==, 1);
  g_assert_cmpfloat (stm_kaplan_meier_at (km, 2), ==, km->surv[1]);
  g_assert_cmpfloat (stm_kaplan_meier_before (km, 2), ==, km->surv[0]);
  g_assert_cmpfloat (stm_kaplan_meier_at (km, 4.5), ==, km->surv[3]);

  g_assert_null (stm_kaplan_meier (6, time, (double[]) { 1, 1, 2, 0, 0, 0 }, 0.95, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
}

static void
test_km_survfit (void)
{
  g_autoptr(StmDataTable) t = read_cohort ("gbsg.csv");
  GHashTable *ref;
  g_autofree double *time = NULL;
  g_autofree double *event = NULL;
  g_autoptr(StmKaplanMeier) km = NULL;
  gsize n;
  double worst = 0;

  if (t == NULL || (ref = r_reference (FALSE)) == NULL)
    return;
  n = stm_data_table_n_rows (t);
  time = g_memdup2 (stm_data_table_column (t, "rfstime", NULL), n * sizeof (double));
  event = g_memdup2 (stm_data_table_column (t, "status", NULL), n * sizeof (double));
  km = stm_kaplan_meier (n, time, event, 0.95, NULL);
  g_assert_cmpuint (km->n_times, ==, (gsize) stm_test_lookup (ref, "km_n"));
  for (gsize k = 0; k < km->n_times; k++)
    {
      g_assert_cmpfloat (km->time[k], ==, stm_test_lookup (ref, "km_time %" G_GSIZE_FORMAT, k));
      g_assert_cmpfloat (km->n_risk[k], ==, stm_test_lookup (ref, "km_risk %" G_GSIZE_FORMAT, k));
      assert_close (km->surv[k], stm_test_lookup (ref, "km_surv %" G_GSIZE_FORMAT, k), 1e-12, "surv");
      assert_close (km->se_log[k], stm_test_lookup (ref, "km_selog %" G_GSIZE_FORMAT, k), 1e-12, "se");
      assert_close (km->lower[k], stm_test_lookup (ref, "km_lower %" G_GSIZE_FORMAT, k), 1e-12, "lower");
      assert_close (km->upper[k], stm_test_lookup (ref, "km_upper %" G_GSIZE_FORMAT, k), 1e-12, "upper");
      worst = MAX (worst, fabs (km->surv[k] - stm_test_lookup (ref, "km_surv %" G_GSIZE_FORMAT, k)));
    }
  assert_close (km->std_err[stm_kaplan_meier_index (km, T5)],
                stm_test_lookup (ref, "km_summary_se_5y"), 1e-12, "summary std.err");
  g_test_message ("gbsg Kaplan-Meier: %" G_GSIZE_FORMAT " times, largest |S - survfit| %.1e",
                  km->n_times, worst);
}

/* ---- AUC and Brier ---------------------------------------------------- */

/* Six patients, horizon 4. Censoring KM: G = 1 before 2, 0.8 from 2,
 * 0.4 from 6. Cases 1 (t 1, w 1/G(1-) = 1) and 3 (t 3, w 1/G(3-) = 1.25);
 * controls 4, 5, 6 (t > 4); patient 2 (censored at 2) weighs nothing. */
static const double hand_time[] = { 1, 2, 3, 5, 6, 7 };
static const double hand_event[] = { 1, 0, 1, 1, 0, 0 };

static void
test_auc_hand (void)
{
  const double risk[] = { 0.9, 0.5, 0.4, 0.2, 0.6, 0.1 };
  const double tied[] = { 0.9, 0.5, 0.6, 0.2, 0.6, 0.1 };
  g_autoptr(GError) error = NULL;

  /* case 1 beats 3 controls, case 3 beats 2: (1 * 3 + 1.25 * 2) / (2.25 * 3) */
  g_assert_cmpfloat_with_epsilon (stm_time_auc (6, hand_time, hand_event, risk, 4, &error),
                                  5.5 / 6.75, 1e-15);
  g_assert_no_error (error);
  /* a tie with a control counts one half: (3 + 1.25 * 2.5) / 6.75 */
  g_assert_cmpfloat_with_epsilon (stm_time_auc (6, hand_time, hand_event, tied, 4, NULL),
                                  6.125 / 6.75, 1e-15);
  g_assert_true (isnan (stm_time_auc (6, hand_time, hand_event, risk, 0.5, &error)));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE);
}

/* Without censoring the IPCW AUC is the Mann-Whitney AUC of "event by t". */
static void
test_auc_uncensored (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  double time[300], event[300], risk[300], horizon = 1.0, wins = 0;
  gsize cases = 0, controls = 0;

  for (guint i = 0; i < 300; i++)
    {
      risk[i] = g_rand_double (rand);
      time[i] = -log (g_rand_double (rand)) / exp (2 * risk[i]);
      event[i] = 1;
      if (i % 7 == 0)
        risk[i] = 0.5;     /* some ties */
    }
  for (guint i = 0; i < 300; i++)
    for (guint j = 0; j < 300; j++)
      if (time[i] <= horizon && time[j] > horizon)
        wins += risk[i] > risk[j] ? 1 : risk[i] == risk[j] ? 0.5 : 0;
  for (guint i = 0; i < 300; i++)
    {
      cases += time[i] <= horizon;
      controls += time[i] > horizon;
    }
  g_assert_cmpfloat_with_epsilon (stm_time_auc (300, time, event, risk, horizon, NULL),
                                  wins / (cases * controls), 1e-14);
}

static void
test_brier_hand (void)
{
  const double predicted[] = { 0.8, 0.5, 0.3, 0.4, 0.2, 0.1 };
  g_autoptr(GError) error = NULL;
  double bs;

  /* cases 0.2^2 / 1 + 0.7^2 / 0.8; controls (0.4^2 + 0.2^2 + 0.1^2) / 0.8 */
  bs = stm_brier_score (6, hand_time, hand_event, predicted, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (bs, 0.915 / 6, 1e-15);

  /* uncensored: the mean squared error */
  bs = stm_brier_score (4, (double[]) { 1, 2, 5, 6 }, (double[]) { 1, 1, 1, 1 },
                        (double[]) { 0.9, 0.4, 0.3, 0.0 }, 3, NULL);
  g_assert_cmpfloat_with_epsilon (bs, (0.01 + 0.36 + 0.09 + 0) / 4, 1e-15);

  g_assert_true (isnan (stm_brier_score (6, hand_time, hand_event,
                                         (double[]) { 0.8, 0.5, 1.3, 0.4, 0.2, 0.1 }, 4,
                                         &error)));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
}

/* ---- calibration ------------------------------------------------------ */

static void
test_calibration_groups (void)
{
  double time[10], event[10], predicted[10];
  g_autoptr(StmCalibration) cal = NULL;

  /* uncensored: group 0 (p 0.1 .. 0.5) has 1 event by t = 10, group 1 has 4 */
  for (guint i = 0; i < 10; i++)
    {
      predicted[i] = (i + 1) / 10.0;
      event[i] = 1;
      time[i] = (i == 0 || i >= 6) ? 5 : 20;
    }
  cal = stm_calibration (10, time, event, predicted, 10, 2, 0.95, NULL);
  g_assert_nonnull (cal);
  g_assert_cmpuint (cal->n[0], ==, 5);
  g_assert_cmpuint (cal->n[1], ==, 5);
  g_assert_cmpuint (cal->n_events[0], ==, 1);
  g_assert_cmpuint (cal->n_events[1], ==, 4);
  g_assert_cmpfloat_with_epsilon (cal->predicted[0], 0.3, 1e-15);
  g_assert_cmpfloat_with_epsilon (cal->predicted[1], 0.8, 1e-15);
  g_assert_cmpfloat_with_epsilon (cal->observed[0], 0.2, 1e-15);
  g_assert_cmpfloat_with_epsilon (cal->observed[1], 0.8, 1e-15);
  g_assert_cmpfloat (cal->lower[0], <, 0.2);
  g_assert_cmpfloat (cal->upper[0], >, 0.2);
}

/* ---- validation ---------------------------------------------------------- */

static StmCoxFit *
fit_cox (const StmSurvData *data)
{
  StmCoxOptions o;
  g_autoptr(GError) error = NULL;
  StmCoxFit *fit;

  stm_cox_options_init (&o);
  o.eps = 1e-12;
  o.max_iter = 100;
  fit = stm_cox_fit (data, &o, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fit->converged);
  return fit;
}

static double *
linear_predictor (const Cohort *c, const double *beta)
{
  double *lp = g_new0 (double, c->data.n);

  for (gsize i = 0; i < c->data.n; i++)
    for (guint j = 0; j < c->p; j++)
      lp[i] += c->data.x[i * c->p + j] * beta[j];
  return lp;
}

/* The slope of the linear predictor refitted as the only covariate. */
static double
calibration_slope (const Cohort *c, const double *lp, double *se)
{
  StmSurvData d = c->data;
  g_autoptr(StmCoxFit) fit = NULL;

  d.p = 1;
  d.x = lp;
  d.names = NULL;
  fit = fit_cox (&d);
  *se = fit->se[0];
  return fit->beta[0];
}

static void
print_calibration (const StmCalibration *cal)
{
  for (guint g = 0; g < cal->n_groups; g++)
    g_test_message ("  5-year risk group %u (n %" G_GSIZE_FORMAT "): predicted %.3f, "
                    "observed %.3f (95%% CI %.3f to %.3f)", g + 1, cal->n[g],
                    cal->predicted[g], cal->observed[g], cal->lower[g], cal->upper[g]);
}

static void
compare_with_r (GHashTable *ref, const StmCoxFit *fit, double h0, double c_index,
                double slope, double auc, double brier, double brier_null,
                const StmCalibration *cal)
{
  for (guint j = 0; j < N_COMMON; j++)
    assert_close (fit->beta[j], stm_test_lookup (ref, "beta %u", j), 1e-6, "Rotterdam coefficient");
  assert_close (h0, stm_test_lookup (ref, "H0_t5"), 1e-6, "H0(5 y)");
  assert_close (c_index, stm_test_lookup (ref, "c_index"), 1e-9, "C on GBSG");
  assert_close (slope, stm_test_lookup (ref, "slope"), 1e-6, "calibration slope");
  assert_close (auc, stm_test_lookup (ref, "auc_t5"), 1e-9, "AUC(5 y)");
  assert_close (brier, stm_test_lookup (ref, "brier_t5"), 1e-6, "Brier(5 y)");
  assert_close (brier_null, stm_test_lookup (ref, "brier_null_t5"), 1e-9, "null Brier(5 y)");
  for (guint g = 0; g < cal->n_groups; g++)
    {
      g_assert_cmpuint (cal->n[g], ==, (gsize) stm_test_lookup (ref, "cal_n %u", g));
      assert_close (cal->predicted[g], stm_test_lookup (ref, "cal_pred %u", g), 1e-6, "predicted");
      assert_close (cal->observed[g], stm_test_lookup (ref, "cal_obs %u", g), 1e-12, "observed");
      assert_close (cal->lower[g], stm_test_lookup (ref, "cal_lower %u", g), 1e-12, "lower");
      assert_close (cal->upper[g], stm_test_lookup (ref, "cal_upper %u", g), 1e-12, "upper");
    }
  g_test_message ("all of the above match R's survival package (coxph, concordance, "
                  "survfit) and the IPCW formulas written in R");
}

static void
test_validation (void)
{
  g_autoptr(Cohort) rott = load_rotterdam ();
  g_autoptr(Cohort) gbsg = load_gbsg ();
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(StmCalibration) cal = NULL;
  g_autoptr(StmKaplanMeier) km = NULL;
  g_autofree double *lp = NULL;
  g_autofree double *pred = NULL;
  g_autofree double *null_pred = NULL;
  GHashTable *ref;
  double h0, c_index, slope, slope_se, auc, brier, brier_null, km5;
  gsize n;

  if (rott == NULL || gbsg == NULL)
    return;
  n = gbsg->data.n;
  fit = fit_cox (&rott->data);
  h0 = stm_cox_fit_cumhaz (fit, 0, T5);
  lp = linear_predictor (gbsg, fit->beta);
  pred = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    pred[i] = 1 - exp (-h0 * exp (lp[i]));
  c_index = stm_concordance_harrell (n, gbsg->data.time, gbsg->data.event, lp, NULL, NULL);
  slope = calibration_slope (gbsg, lp, &slope_se);
  auc = stm_time_auc (n, gbsg->data.time, gbsg->data.event, lp, T5, NULL);
  brier = stm_brier_score (n, gbsg->data.time, gbsg->data.event, pred, T5, NULL);
  km = stm_kaplan_meier (n, gbsg->data.time, gbsg->data.event, 0.95, NULL);
  km5 = stm_kaplan_meier_at (km, T5);
  null_pred = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    null_pred[i] = 1 - km5;
  brier_null = stm_brier_score (n, gbsg->data.time, gbsg->data.event, null_pred, T5, NULL);
  cal = stm_calibration (n, gbsg->data.time, gbsg->data.event, pred, T5, 5, 0.95, NULL);

  g_test_message ("Rotterdam (n %" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT " events) -> GBSG "
                  "(n %" G_GSIZE_FORMAT "): apparent C on Rotterdam %.4f", rott->data.n,
                  fit->n_events, n, fit->concordance);
  g_test_message ("GBSG: Harrell's C %.4f, calibration slope %.3f (SE %.3f), AUC(5 y) %.4f, "
                  "Brier(5 y) %.4f (Kaplan-Meier only: %.4f)", c_index, slope, slope_se, auc,
                  brier, brier_null);
  print_calibration (cal);

  g_assert_cmpfloat (c_index, >, 0.60);
  g_assert_cmpfloat (c_index, <, 0.75);
  g_assert_cmpfloat (slope, >, 0.5);
  g_assert_cmpfloat (slope, <, 1.2);
  g_assert_cmpfloat (auc, >, 0.6);
  g_assert_cmpfloat (brier, <, brier_null);
  for (guint g = 0; g + 1 < cal->n_groups; g++)
    g_assert_cmpfloat (cal->predicted[g], <, cal->predicted[g + 1]);

  if ((ref = r_reference (TRUE)) != NULL)
    compare_with_r (ref, fit, h0, c_index, slope, auc, brier, brier_null, cal);
}

/* ---- bootstrap ---------------------------------------------------------- */

static void
count_progress_cb (double fraction, gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_cmpfloat (fraction, <=, 1.0);
}

static void
test_bootstrap (void)
{
  g_autoptr(Cohort) rott = load_rotterdam ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  StmOptimism a, b, other;
  guint calls = 0;

  if (rott == NULL)
    return;
  g_assert_true (stm_bootstrap_optimism (&rott->data, NULL, 50, 99, count_progress_cb, &calls,
                                         NULL, &a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 50);
  g_assert_true (stm_bootstrap_optimism (&rott->data, NULL, 50, 99, NULL, NULL, NULL, &b, NULL));
  g_assert_true (stm_bootstrap_optimism (&rott->data, NULL, 50, 7, NULL, NULL, NULL, &other,
                                         NULL));
  g_test_message ("Rotterdam bootstrap (B = 50): apparent C %.4f, optimism %.4f (SD %.4f), "
                  "corrected %.4f; another seed: %.4f", a.apparent, a.optimism, a.optimism_sd,
                  a.corrected, other.corrected);
  g_assert_cmpuint (a.n_boot + a.n_failed, ==, 50);
  g_assert_cmpfloat (a.corrected, ==, b.corrected);
  g_assert_cmpfloat (a.optimism, !=, other.optimism);
  g_assert_cmpfloat (a.optimism, >, 0);
  g_assert_cmpfloat (a.optimism, <, 0.02);
  g_assert_cmpfloat_with_epsilon (a.corrected, a.apparent - a.optimism, 1e-15);

  g_cancellable_cancel (cancel);
  g_assert_false (stm_bootstrap_optimism (&rott->data, NULL, 50, 99, NULL, NULL, cancel, &a,
                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/kaplan-meier/hand", test_km_hand);
  g_test_add_func ("/metrics/kaplan-meier/survfit", test_km_survfit);
  g_test_add_func ("/metrics/auc/hand", test_auc_hand);
  g_test_add_func ("/metrics/auc/uncensored", test_auc_uncensored);
  g_test_add_func ("/metrics/brier/hand", test_brier_hand);
  g_test_add_func ("/metrics/calibration/groups", test_calibration_groups);
  g_test_add_func ("/metrics/validation/rotterdam-gbsg", test_validation);
  g_test_add_func ("/metrics/bootstrap", test_bootstrap);
  return g_test_run ();
}
