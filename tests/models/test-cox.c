/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Cox regression against R's survival::coxph: the reference numbers of
 * ../shared/specs/cox-reference.md, and (when Rscript is installed)
 * survfit bands, stratified and weighted fits from cox_survfit.R.
 */
#include <math.h>
#include <string.h>

#include "stm-concordance.h"
#include "stm-cox.h"
#include "stm-data-table.h"
#include "stm-model-error.h"
#include "stm-test-support.h"

#define T5 (5 * 365.25)
#define TOL 1e-6

static const double band_times[] = { 365.25, 1000, T5, 2500 };

typedef struct
{
  guint  iterations;
  double coef[9], se[9], vcov[81];
  double loglik[2], tests[3];
  double concordance, concordance_se;
  double means[9];
  double h0_t5, h0_means_t5;
  double lp[3], surv_t5[3];
} CoxReference;

static const CoxReference gbsg_efron = {
  .iterations = 7,
  .coef = {
    0.0006187719493, 0.0074391384503, 0.0500224141267, 0.2831814971021,
    0.0001726452817, -0.0023065782814, -0.3208968032412,
  },
  .se = {
    0.0062603574640, 0.0039227994715, 0.0074180965795, 0.1058147905009,
    0.0004440395931, 0.0005779234670, 0.1286476464453,
  },
  .vcov = {
    3.919207558e-05, -1.433109619e-07, -1.872682707e-06, 2.961088570e-05,
    -8.110797583e-07, 2.156497008e-07, -1.462553068e-04,
    -1.433109619e-07, 1.538835569e-05, -1.133908977e-05, -2.449739015e-05,
    1.617509521e-07, -9.126066048e-08, -1.142187724e-05,
    -1.872682707e-06, -1.133908977e-05, 5.502815686e-05, 6.569826781e-06,
    -7.077594736e-08, 1.537636345e-07, 2.931957697e-05,
    2.961088570e-05, -2.449739015e-05, 6.569826781e-06, 1.119676989e-02,
    -1.046519141e-06, 1.410120465e-05, 1.119194960e-03,
    -8.110797583e-07, 1.617509521e-07, -7.077594736e-08, -1.046519141e-06,
    1.971711602e-07, -6.558171823e-08, -3.269354601e-06,
    2.156497008e-07, -9.126066048e-08, 1.537636345e-07, 1.410120465e-05,
    -6.558171823e-08, 3.339955337e-07, 6.601975178e-07,
    -1.462553068e-04, -1.142187724e-05, 2.931957697e-05, 1.119194960e-03,
    -3.269354601e-06, 6.601975178e-07, 1.655021694e-02,
  },
  .loglik = { -1788.104737123068, -1738.232853512966 },
  .tests = { 99.7437672202, 112.7641034362, 118.1849017158 },
  .concordance = 0.683945533245,
  .concordance_se = 0.0152160235,
  .means = {
    53.05247813411, 29.32944606414, 5.01020408163, 2.11661807580,
    96.25218658892, 109.99562682216, 0.00000000000,
  },
  .h0_t5 = 3.278866188498e-01,
  .h0_means_t5 = 0.777897377976,
  .lp = { 0.6894101248, 0.3685133216, 1.6844604875 },
  .surv_t5 = { 0.5203117385, 0.6225149614, 0.1708176199 },
};

static const CoxReference gbsg_breslow = {
  .iterations = 7,
  .coef = {
    0.0006131694067, 0.0074417087457, 0.0500161035346, 0.2830238047142,
    0.0001731459885, -0.0023066484799, -0.3208842128645,
  },
  .se = {
    0.0062600532710, 0.0039228784932, 0.0074189725102, 0.1058148672609,
    0.0004440438848, 0.0005778865469, 0.1286461662369,
  },
  .vcov = {
    3.918826696e-05, -1.423416136e-07, -1.875482349e-06, 2.959913057e-05,
    -8.110081823e-07, 2.157661657e-07, -1.462321996e-04,
    -1.423416136e-07, 1.538897567e-05, -1.133955432e-05, -2.447317224e-05,
    1.617180735e-07, -9.132732779e-08, -1.142489277e-05,
    -1.875482349e-06, -1.133955432e-05, 5.504115311e-05, 6.536818629e-06,
    -7.066022051e-08, 1.538017661e-07, 2.925718840e-05,
    2.959913057e-05, -2.447317224e-05, 6.536818629e-06, 1.119678613e-02,
    -1.043662397e-06, 1.410092663e-05, 1.119206409e-03,
    -8.110081823e-07, 1.617180735e-07, -7.066022051e-08, -1.043662397e-06,
    1.971749716e-07, -6.557685874e-08, -3.269551872e-06,
    2.157661657e-07, -9.132732779e-08, 1.538017661e-07, 1.410092663e-05,
    -6.557685874e-08, 3.339528611e-07, 6.644161409e-07,
    -1.462321996e-04, -1.142489277e-05, 2.925718840e-05, 1.119206409e-03,
    -3.269551872e-06, 6.644161409e-07, 1.654983609e-02,
  },
  .loglik = { -1788.173113043650, -1738.317106702767 },
  .tests = { 99.7120126818, 112.7196082367, 118.1287607212 },
  .concordance = 0.683960562703,
  .concordance_se = 0.0152162078,
  .means = {
    53.05247813411, 29.32944606414, 5.01020408163, 2.11661807580,
    96.25218658892, 109.99562682216, 0.00000000000,
  },
  .h0_t5 = 3.280698131646e-01,
  .h0_means_t5 = 0.777906552246,
  .lp = { 0.6888812336, 0.3679970208, 1.6836909637 },
  .surv_t5 = { 0.5203016542, 0.6225024931, 0.1708813081 },
};

static const CoxReference rotterdam_efron = {
  .iterations = 6,
  .coef = {
    0.0045280899390, 0.3567458986743, 0.6439349097778, 0.0744200891766,
    0.3253528079866, -0.0000098780524, -0.0001109244254, -0.1280188474401,
    -0.0933487972344,
  },
  .se = {
    2.256076289e-03, 5.462288869e-02, 8.193608422e-02, 4.403398949e-03,
    6.021645904e-02, 9.224055280e-05, 9.639217515e-05, 7.733333531e-02,
    6.875537077e-02,
  },
  .vcov = {
    5.089880221e-06, -7.018339813e-06, -2.258654246e-05, -7.485687698e-07,
    -9.008172232e-07, -5.533416725e-08, 1.405902729e-09, -2.411782652e-05,
    6.355314023e-05,
    -7.018339813e-06, 2.983659968e-03, 2.012672273e-03, -4.947345364e-05,
    -2.330069048e-04, -8.965545317e-08, 2.821144445e-07, -1.596498647e-04,
    -2.110972939e-04,
    -2.258654246e-05, 2.012672273e-03, 6.713521897e-03, -1.027466780e-04,
    -4.852420584e-04, 2.057729677e-07, 9.707656639e-08, -1.853942429e-04,
    -4.798620825e-04,
    -7.485687698e-07, -4.947345364e-05, -1.027466780e-04, 1.938992230e-05,
    -1.304222130e-05, -1.736915923e-08, 2.015034830e-08, -4.573804585e-05,
    -5.408552234e-05,
    -9.008172232e-07, -2.330069048e-04, -4.852420584e-04, -1.304222130e-05,
    3.626021939e-03, -9.870227916e-08, 8.054549490e-07, -1.197193531e-04,
    -5.741865594e-06,
    -5.533416725e-08, -8.965545317e-08, 2.057729677e-07, -1.736915923e-08,
    -9.870227916e-08, 8.508319582e-09, -2.417401327e-09, 1.785162082e-07,
    2.858683321e-07,
    1.405902729e-09, 2.821144445e-07, 9.707656639e-08, 2.015034830e-08,
    8.054549490e-07, -2.417401327e-09, 9.291451430e-09, 2.794139343e-07,
    -4.814455761e-07,
    -2.411782652e-05, -1.596498647e-04, -1.853942429e-04, -4.573804585e-05,
    -1.197193531e-04, 1.785162082e-07, 2.794139343e-07, 5.980444751e-03,
    3.477684673e-04,
    6.355314023e-05, -2.110972939e-04, -4.798620825e-04, -5.408552234e-05,
    -5.741865594e-06, 2.858683321e-07, -4.814455761e-07, 3.477684673e-04,
    4.727301009e-03,
  },
  .loglik = { -12811.440395190792, -12566.362927454760 },
  .tests = { 490.1549354721, 614.2624414775, 678.1378413313 },
  .concordance = 0.667822463278,
  .concordance_se = 0.0068305383,
  .means = {
    55.05835010060, 0.00000000000, 0.00000000000, 2.71227364185,
    2.73373574782, 166.58953722334, 161.83132126090, 0.00000000000,
    0.00000000000,
  },
  .h0_t5 = 1.222036576244e-01,
  .h0_means_t5 = 0.457912336394,
  .lp = { 0.8710699890, 1.6936910152, 2.3257692972 },
  .surv_t5 = { 0.7467674098, 0.5144127252, 0.2863044564 },
};

static const CoxReference rotterdam_breslow = {
  .iterations = 6,
  .coef = {
    4.527807288e-03, 3.566847360e-01, 6.437544746e-01, 7.440410741e-02,
    3.253172410e-01, -9.835374914e-06, -1.109450709e-04, -1.279816354e-01,
    -9.330920336e-02,
  },
  .se = {
    2.256043109e-03, 5.462279492e-02, 8.193590646e-02, 4.403561886e-03,
    6.021628777e-02, 9.224110563e-05, 9.638990287e-05, 7.733352945e-02,
    6.875543659e-02,
  },
  .vcov = {
    5.089730512e-06, -7.019124153e-06, -2.258721491e-05, -7.485106086e-07,
    -8.994082009e-07, -5.533470325e-08, 1.408511709e-09, -2.411723488e-05,
    6.355170430e-05,
    -7.019124153e-06, 2.983649725e-03, 2.012662847e-03, -4.947413751e-05,
    -2.330344022e-04, -8.967739469e-08, 2.820123359e-07, -1.596083797e-04,
    -2.111029431e-04,
    -2.258721491e-05, 2.012662847e-03, 6.713492768e-03, -1.027440559e-04,
    -4.852592732e-04, 2.057139887e-07, 9.716503677e-08, -1.854772251e-04,
    -4.798349533e-04,
    -7.485106086e-07, -4.947413751e-05, -1.027440559e-04, 1.939135728e-05,
    -1.303274210e-05, -1.735682773e-08, 2.014914586e-08, -4.574263121e-05,
    -5.409199650e-05,
    -8.994082009e-07, -2.330344022e-04, -4.852592732e-04, -1.303274210e-05,
    3.626001312e-03, -9.873707615e-08, 8.054373195e-07, -1.197910627e-04,
    -5.726323723e-06,
    -5.533470325e-08, -8.967739469e-08, 2.057139887e-07, -1.735682773e-08,
    -9.873707615e-08, 8.508421567e-09, -2.417588364e-09, 1.785319206e-07,
    2.858163774e-07,
    1.408511709e-09, 2.820123359e-07, 9.716503677e-08, 2.014914586e-08,
    8.054373195e-07, -2.417588364e-09, 9.291013375e-09, 2.794021709e-07,
    -4.813974762e-07,
    -2.411723488e-05, -1.596083797e-04, -1.854772251e-04, -4.574263121e-05,
    -1.197910627e-04, 1.785319206e-07, 2.794021709e-07, 5.980474777e-03,
    3.478136404e-04,
    6.355170430e-05, -2.111029431e-04, -4.798349533e-04, -5.409199650e-05,
    -5.726323723e-06, 2.858163774e-07, -4.813974762e-07, 3.478136404e-04,
    4.727310061e-03,
  },
  .loglik = { -12811.709498735338, -12566.733118910894 },
  .tests = { 489.9527596489, 613.9541535056, 677.7613904593 },
  .concordance = 0.667825703279,
  .concordance_se = 0.0068305104,
  .means = {
    55.05835010060, 0.00000000000, 0.00000000000, 2.71227364185,
    2.73373574782, 166.58953722334, 161.83132126090, 0.00000000000,
    0.00000000000,
  },
  .h0_t5 = 1.222304376011e-01,
  .h0_means_t5 = 0.457942901528,
  .lp = { 0.8709858240, 1.6934965607, 2.3253811814 },
  .surv_t5 = { 0.7467379809, 0.5144042916, 0.2863649725 },
};

static const char * const gbsg_names[] = {
  "age", "size", "nodes", "grade", "er", "pgr", "hormon", NULL
};
static const double gbsg_profiles[3][7] = {
  { 50, 20, 1, 2, 50, 50, 0 },
  { 50, 20, 1, 2, 50, 50, 1 },
  { 60, 40, 10, 3, 0, 0, 0 },
};
static const char * const rotterdam_names[] = {
  "age", "size20_50", "size_gt50", "nodes", "grade", "er", "pgr", "hormon", "chemo", NULL
};
static const double rotterdam_profiles[3][9] = {
  { 50, 0, 0, 0, 2, 50, 50, 0, 0 },
  { 60, 1, 0, 3, 3, 50, 50, 1, 0 },
  { 45, 0, 1, 8, 3, 0, 0, 0, 1 },
};

/* ------------------------------------------------------------ error record */

/* The largest relative error seen per quantity, reported at the end. */
static GHashTable *max_errors;

static void
check_close (const char *what,
             double      got,
             double      want,
             double      tol)
{
  double err = want == 0 ? fabs (got) : fabs (got - want) / fabs (want);
  double *worst = g_hash_table_lookup (max_errors, what);

  if (worst == NULL)
    {
      worst = g_new0 (double, 1);
      g_hash_table_insert (max_errors, g_strdup (what), worst);
    }
  *worst = MAX (*worst, isnan (err) ? INFINITY : err);
  if (!(err <= tol))
    {
      g_test_message ("%s: got %.15g, want %.15g (relative error %.3g)", what, got, want, err);
      g_test_fail ();
    }
}

static void
report_errors (void)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (max_errors),
                                       (GCompareFunc) g_strcmp0);

  for (GList *l = keys; l != NULL; l = l->next)
    g_test_message ("max relative error  %-34s %.2e", (char *) l->data,
                    *(double *) g_hash_table_lookup (max_errors, l->data));
}

/* ------------------------------------------------------------ cohorts */

typedef struct
{
  gsize       n;
  GHashTable *columns;   /* name -> double[n] */
} Cohort;

static void
cohort_free (Cohort *c)
{
  g_hash_table_unref (c->columns);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cohort, cohort_free)

static void
cohort_take_table (Cohort             *c,
                   const StmDataTable *table)
{
  for (guint j = 0; j < stm_data_table_n_columns (table); j++)
    {
      const char *name = stm_data_table_column_name (table, j);
      const double *v = stm_data_table_column (table, name, NULL);
      g_hash_table_insert (c->columns, g_strdup (name), g_memdup2 (v, c->n * sizeof (double)));
    }
}

static const double *
cohort_column (const Cohort *c,
               const char   *name)
{
  const double *v = g_hash_table_lookup (c->columns, name);

  g_assert_nonnull (v);
  return v;
}

static StmDataTable *
read_cohort_csv (const char *file)
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

static Cohort *
load_gbsg (void)
{
  g_autoptr(StmDataTable) table = read_cohort_csv ("gbsg.csv");
  Cohort *c;

  if (table == NULL)
    return NULL;
  c = g_new0 (Cohort, 1);
  c->n = stm_data_table_n_rows (table);
  c->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cohort_take_table (c, table);
  g_assert_cmpuint (c->n, ==, 686);
  return c;
}

/* rotterdam.csv joined with rotterdam_rfs.csv, size dummy-coded on "<=20". */
static Cohort *
load_rotterdam (void)
{
  g_autoptr(StmDataTable) table = read_cohort_csv ("rotterdam.csv");
  g_autoptr(StmDataTable) rfs = table ? read_cohort_csv ("rotterdam_rfs.csv") : NULL;
  double *mid, *large;
  Cohort *c;

  if (rfs == NULL)
    return NULL;
  c = g_new0 (Cohort, 1);
  c->n = stm_data_table_n_rows (table);
  c->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cohort_take_table (c, table);
  g_assert_cmpuint (stm_data_table_n_rows (rfs), ==, c->n);
  g_assert_cmpmem (stm_data_table_column (rfs, "pid", NULL), c->n * sizeof (double),
                   cohort_column (c, "pid"), c->n * sizeof (double));
  for (int k = 0; k < 2; k++)
    {
      const char *name = k == 0 ? "rfstime" : "rfs";
      g_hash_table_insert (c->columns, g_strdup (name),
                           g_memdup2 (stm_data_table_column (rfs, name, NULL),
                                      c->n * sizeof (double)));
    }
  mid = g_new (double, c->n);
  large = g_new (double, c->n);
  for (gsize i = 0; i < c->n; i++)
    {
      const char *size = stm_data_table_text (table, "size", i);
      mid[i] = g_strcmp0 (size, "20-50") == 0;
      large[i] = g_strcmp0 (size, ">50") == 0;
    }
  g_hash_table_insert (c->columns, g_strdup ("size20_50"), mid);
  g_hash_table_insert (c->columns, g_strdup ("size_gt50"), large);
  return c;
}

/* The n x p row-major matrix of the named columns. */
static double *
cohort_design (const Cohort       *c,
               const char * const *names)
{
  guint p = g_strv_length ((char **) names);
  double *x = g_new (double, c->n * p);

  for (guint j = 0; j < p; j++)
    {
      const double *v = cohort_column (c, names[j]);
      for (gsize i = 0; i < c->n; i++)
        x[i * p + j] = v[i];
    }
  return x;
}

static int *
cohort_strata (const Cohort *c,
               const char   *name,
               int           first)
{
  const double *v = cohort_column (c, name);
  int *s = g_new (int, c->n);

  for (gsize i = 0; i < c->n; i++)
    s[i] = (int) v[i] - first;
  return s;
}

static StmSurvData
cohort_data (const Cohort       *c,
             const char         *time,
             const char         *event,
             const double       *x,
             const char * const *names)
{
  StmSurvData d = { 0 };

  d.n = c->n;
  d.p = g_strv_length ((char **) names);
  d.time = cohort_column (c, time);
  d.event = cohort_column (c, event);
  d.x = x;
  d.names = names;
  return d;
}

static StmCoxFit *
fit_tight (const StmSurvData *data,
           StmTies            ties)
{
  g_autoptr(GError) error = NULL;
  StmCoxOptions o;
  StmCoxFit *fit;

  stm_cox_options_init (&o);
  o.ties = ties;
  o.eps = 1e-12;
  o.toler_chol = 1e-15;
  o.max_iter = 100;
  fit = stm_cox_fit (data, &o, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fit);
  g_assert_true (fit->converged);
  g_assert_null (fit->warning);
  return fit;
}

/* ------------------------------------------------------------ spec references */

static void
check_reference (const StmCoxFit    *fit,
                 const CoxReference *ref,
                 const double       *profiles,
                 gsize               n_events)
{
  guint p = fit->p;

  g_assert_cmpuint (fit->n_events, ==, n_events);
  g_assert_cmpuint (fit->iterations, ==, ref->iterations);
  g_assert_cmpuint (fit->df, ==, p);
  for (guint j = 0; j < p; j++)
    {
      check_close ("coefficient", fit->beta[j], ref->coef[j], TOL);
      check_close ("standard error", fit->se[j], ref->se[j], TOL);
      check_close ("fit$means", fit->means[j], ref->means[j], TOL);
      for (guint k = 0; k < p; k++)
        check_close ("covariance", fit->cov[j * p + k], ref->vcov[j * p + k], TOL);
    }
  check_close ("log-likelihood (null)", fit->loglik_null, ref->loglik[0], TOL);
  check_close ("log-likelihood", fit->loglik, ref->loglik[1], TOL);
  check_close ("LR test", fit->lr_test, ref->tests[0], TOL);
  check_close ("Wald test", fit->wald_test, ref->tests[1], TOL);
  check_close ("score test", fit->score_test, ref->tests[2], TOL);
  check_close ("concordance", fit->concordance, ref->concordance, TOL);
  check_close ("concordance se", fit->concordance_se, ref->concordance_se, TOL);
  check_close ("H0(t5) at x = 0", stm_cox_fit_cumhaz (fit, 0, T5), ref->h0_t5, TOL);
  check_close ("H0(t5) at the means", stm_cox_fit_cumhaz_centred (fit, 0, T5),
               ref->h0_means_t5, TOL);
  for (int k = 0; k < 3; k++)
    {
      const double *x = profiles + k * p;
      double s, t5 = T5;
      g_autoptr(GError) error = NULL;

      check_close ("profile x'beta", stm_cox_fit_linear_predictor (fit, x), ref->lp[k], TOL);
      g_assert_true (stm_cox_fit_survival (fit, NULL, x, 0, &t5, 1, 0.95, &s, NULL, NULL, &error));
      g_assert_no_error (error);
      check_close ("profile S(t5)", s, ref->surv_t5[k], TOL);
    }
}

static void
test_gbsg (gconstpointer user_data)
{
  const CoxReference *ref = user_data;
  g_autoptr(Cohort) c = load_gbsg ();
  g_autofree double *x = NULL;
  g_autoptr(StmCoxFit) fit = NULL;
  StmSurvData data;

  if (c == NULL)
    return;
  x = cohort_design (c, gbsg_names);
  data = cohort_data (c, "rfstime", "status", x, gbsg_names);
  fit = fit_tight (&data, ref == &gbsg_efron ? STM_TIES_EFRON : STM_TIES_BRESLOW);
  check_reference (fit, ref, &gbsg_profiles[0][0], 299);
  g_assert_cmpstr (fit->names[6], ==, "hormon");
}

static void
test_rotterdam (gconstpointer user_data)
{
  const CoxReference *ref = user_data;
  g_autoptr(Cohort) c = load_rotterdam ();
  g_autofree double *x = NULL;
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(GTimer) timer = NULL;
  StmSurvData data;

  if (c == NULL)
    return;
  x = cohort_design (c, rotterdam_names);
  data = cohort_data (c, "rfstime", "rfs", x, rotterdam_names);
  timer = g_timer_new ();
  fit = fit_tight (&data, ref == &rotterdam_efron ? STM_TIES_EFRON : STM_TIES_BRESLOW);
  g_test_message ("rotterdam fit (with baseline and concordance): %.1f ms",
                  1e3 * g_timer_elapsed (timer, NULL));
  check_reference (fit, ref, &rotterdam_profiles[0][0], 1713);
}

/* ------------------------------------------------------------ R references */

static GHashTable *r_values;   /* key -> GArray of double */
static gboolean r_tried;

static GHashTable *
parse_r_output (const char *text)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_array_unref);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      GArray *v;

      if (fields[0] == NULL || fields[0][0] == '\0')
        continue;
      v = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint k = 1; fields[k] != NULL; k++)
        if (fields[k][0] != '\0')
          g_array_append_val (v, (double) { g_ascii_strtod (fields[k], NULL) });
      g_hash_table_insert (values, g_strdup (fields[0]), v);
    }
  return values;
}

/* Runs cox_survfit.R once; NULL (test skipped) without Rscript or data. */
static GHashTable *
r_reference (void)
{
  g_autofree char *rscript = g_find_program_in_path ("Rscript");
  g_autofree char *script = NULL, *dir = NULL, *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (r_tried)
    {
      if (r_values == NULL)
        g_test_skip ("Rscript or the cohorts are not available");
      return r_values;
    }
  r_tried = TRUE;
  if (rscript == NULL)
    {
      g_test_skip ("Rscript is not installed");
      return NULL;
    }
  dir = stm_test_shared_path ("cohorts");
  if (dir == NULL)
    return NULL;
  script = g_build_filename (g_getenv ("STM_TESTS_SRCDIR"), "models", "cox_survfit.R", NULL);
  if (!g_spawn_sync (NULL, (char *[]) { rscript, script, dir, NULL }, NULL, G_SPAWN_DEFAULT,
                     NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("cox_survfit.R failed: %s\n%s", error->message, err ? err : "");
      g_test_fail ();
      return NULL;
    }
  r_values = parse_r_output (out);
  return r_values;
}

static const GArray *
r_get (const char *key)
{
  const GArray *v = g_hash_table_lookup (r_values, key);

  if (v == NULL)
    g_error ("cox_survfit.R printed no %s", key);
  return v;
}

static void
check_r (const char   *what,
         const char   *key,
         const double *got,
         gsize         n)
{
  const GArray *want = r_get (key);

  g_assert_cmpuint (want->len, <=, n);
  for (guint i = 0; i < want->len; i++)
    check_close (what, got[i], g_array_index (want, double, i), TOL);
}

/* survfit(fit, newdata = x, ctype = 1, conf.type) at band_times. */
static void
check_band (const char        *key,
            const StmCoxFit   *fit,
            const StmSurvData *training,
            const double      *x,
            guint              stratum,
            StmConfType        type)
{
  double s[4], lo[4], hi[4], se[4];
  g_autoptr(GError) error = NULL;
  g_autofree char *k_surv = g_strconcat (key, ".surv", NULL);
  g_autofree char *k_se = g_strconcat (key, ".std.err", NULL);
  g_autofree char *k_lo = g_strconcat (key, ".lower", NULL);
  g_autofree char *k_hi = g_strconcat (key, ".upper", NULL);

  g_assert_true (stm_cox_fit_survival_band (fit, training, x, stratum, band_times, 4, 0.95,
                                            type, s, lo, hi, se, &error));
  g_assert_no_error (error);
  /* summary.survfit reports the standard error of S, i.e. S se(H). */
  for (int i = 0; i < 4; i++)
    se[i] *= s[i];
  check_r ("survfit surv", k_surv, s, 4);
  check_r ("survfit std.err", k_se, se, 4);
  check_r ("survfit lower", k_lo, lo, 4);
  check_r ("survfit upper", k_hi, hi, 4);
}

static void
check_r_fit (const char      *tag,
             const StmCoxFit *fit)
{
  g_autofree char *k_coef = g_strconcat (tag, ".coef", NULL);
  g_autofree char *k_se = g_strconcat (tag, ".se", NULL);
  g_autofree char *k_ll = g_strconcat (tag, ".loglik", NULL);
  g_autofree char *k_tests = g_strconcat (tag, ".tests", NULL);
  g_autofree char *k_c = g_strconcat (tag, ".concordance", NULL);
  double ll[2] = { fit->loglik_null, fit->loglik };
  double tests[3] = { fit->lr_test, fit->wald_test, fit->score_test };
  double c[2] = { fit->concordance, fit->concordance_se };

  check_r ("R coefficient", k_coef, fit->beta, fit->p);
  check_r ("R standard error", k_se, fit->se, fit->p);
  check_r ("R log-likelihood", k_ll, ll, 2);
  check_r ("R tests", k_tests, tests, 3);
  check_r ("R concordance", k_c, c, 2);
}

static void
test_gbsg_bands (void)
{
  g_autoptr(Cohort) c = load_gbsg ();
  g_autofree double *x = NULL;
  g_autoptr(StmCoxFit) efron = NULL, breslow = NULL;
  StmSurvData data;

  if (c == NULL || r_reference () == NULL)
    return;
  x = cohort_design (c, gbsg_names);
  data = cohort_data (c, "rfstime", "status", x, gbsg_names);
  efron = fit_tight (&data, STM_TIES_EFRON);
  breslow = fit_tight (&data, STM_TIES_BRESLOW);
  for (int k = 0; k < 3; k++)
    {
      g_autofree char *log_key = g_strdup_printf ("gbsg.efron.%d.log", k + 1);
      g_autofree char *loglog_key = g_strdup_printf ("gbsg.efron.%d.loglog", k + 1);
      check_band (log_key, efron, &data, gbsg_profiles[k], 0, STM_CONF_LOG);
      check_band (loglog_key, efron, &data, gbsg_profiles[k], 0, STM_CONF_LOG_LOG);
    }
  check_band ("gbsg.breslow.3.log", breslow, &data, gbsg_profiles[2], 0, STM_CONF_LOG);
  check_band ("gbsg.breslow.3.plain", breslow, &data, gbsg_profiles[2], 0, STM_CONF_PLAIN);
}

static void
test_gbsg_strata (void)
{
  static const char * const names[] = { "age", "size", "nodes", "er", "pgr", "hormon", NULL };
  static const double zero[6] = { 0 };
  static const double profile[6] = { 60, 40, 10, 0, 0, 0 };
  g_autoptr(Cohort) c = load_gbsg ();
  g_autofree double *x = NULL;
  g_autofree int *strata = NULL;
  g_autoptr(StmCoxFit) fit = NULL;
  StmSurvData data;

  if (c == NULL || r_reference () == NULL)
    return;
  x = cohort_design (c, names);
  strata = cohort_strata (c, "grade", 1);
  data = cohort_data (c, "rfstime", "status", x, names);
  data.strata = strata;
  fit = fit_tight (&data, STM_TIES_EFRON);
  g_assert_cmpuint (fit->n_strata, ==, 3);
  check_r_fit ("gbsg.strata", fit);
  for (guint s = 0; s < 3; s++)
    {
      g_autofree char *key = g_strdup_printf ("gbsg.strata.h0.%u", s);
      double h0[4];
      for (int i = 0; i < 4; i++)
        h0[i] = stm_cox_fit_cumhaz (fit, s, band_times[i]);
      check_r ("R stratum H0(t) at x = 0", key, h0, 4);
      for (int i = 0; i < 4; i++)
        {
          double surv;
          g_assert_true (stm_cox_fit_survival (fit, &data, zero, s, &band_times[i], 1, 0.95,
                                               &surv, NULL, NULL, NULL));
          check_close ("stratum H0 from training", -log (surv), h0[i], 1e-9);
        }
    }
  check_band ("gbsg.strata.3.log", fit, &data, profile, 2, STM_CONF_LOG);
}

static void
test_gbsg_weights (void)
{
  g_autoptr(Cohort) c = load_gbsg ();
  g_autofree double *x = NULL, *w = NULL;
  g_autoptr(StmCoxFit) fit = NULL;
  const double *pid;
  StmSurvData data;

  if (c == NULL || r_reference () == NULL)
    return;
  x = cohort_design (c, gbsg_names);
  pid = cohort_column (c, "pid");
  w = g_new (double, c->n);
  for (gsize i = 0; i < c->n; i++)
    w[i] = 1 + fmod (pid[i], 3);
  data = cohort_data (c, "rfstime", "status", x, gbsg_names);
  data.weights = w;
  fit = fit_tight (&data, STM_TIES_EFRON);
  check_r_fit ("gbsg.weights", fit);
}

static void
test_rotterdam_strata (void)
{
  static const char * const names[] = {
    "age", "size20_50", "size_gt50", "nodes", "grade", "er", "pgr", "hormon", "chemo", NULL
  };
  static const double profile[9] = { 60, 1, 0, 3, 3, 50, 50, 1, 0 };
  g_autoptr(Cohort) c = load_rotterdam ();
  g_autofree double *x = NULL;
  g_autofree int *strata = NULL;
  g_autoptr(StmCoxFit) fit = NULL;
  StmSurvData data;

  if (c == NULL || r_reference () == NULL)
    return;
  x = cohort_design (c, names);
  strata = cohort_strata (c, "meno", 0);
  data = cohort_data (c, "rfstime", "rfs", x, names);
  data.strata = strata;
  fit = fit_tight (&data, STM_TIES_BRESLOW);
  check_r_fit ("rotterdam.strata", fit);
  check_band ("rotterdam.strata.1.log", fit, &data, profile, 1, STM_CONF_LOG);
}

/* Hormonal therapy on and off for profile A: each curve against survfit,
 * the difference against the delta method built from survfit's parts. */
static void
test_gbsg_treatment (void)
{
  g_autoptr(Cohort) c = load_gbsg ();
  g_autofree double *x = NULL;
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(StmCoxTreatmentEffect) effect = NULL;
  g_autoptr(GError) error = NULL;
  StmSurvData data;

  if (c == NULL || r_reference () == NULL)
    return;
  x = cohort_design (c, gbsg_names);
  data = cohort_data (c, "rfstime", "status", x, gbsg_names);
  fit = fit_tight (&data, STM_TIES_EFRON);
  effect = stm_cox_fit_treatment_effect (fit, &data, gbsg_profiles[1], 0, 6, band_times, 4,
                                         0.95, &error);
  g_assert_no_error (error);
  check_r ("treated surv", "gbsg.efron.2.log.surv", effect->surv_treated, 4);
  check_r ("treated lower", "gbsg.efron.2.log.lower", effect->lower_treated, 4);
  check_r ("treated upper", "gbsg.efron.2.log.upper", effect->upper_treated, 4);
  check_r ("untreated surv", "gbsg.efron.1.log.surv", effect->surv_untreated, 4);
  check_r ("untreated lower", "gbsg.efron.1.log.lower", effect->lower_untreated, 4);
  check_r ("untreated upper", "gbsg.efron.1.log.upper", effect->upper_untreated, 4);
  check_r ("treatment difference", "gbsg.treatment.difference", effect->difference, 4);
  check_r ("treatment difference se", "gbsg.treatment.se", effect->se_difference, 4);
  for (int i = 0; i < 4; i++)
    {
      double half = stm_normal_quantile_two_sided (0.95) * effect->se_difference[i];
      check_close ("difference band", effect->upper_difference[i] - effect->difference[i],
                   half, 1e-12);
      g_assert_cmpfloat (effect->lower_difference[i], <, effect->difference[i]);
    }
}

/* ------------------------------------------------------------ concordance */

typedef struct
{
  double count[3];      /* concordant, discordant, tied risk */
  double tied_time, tied_both;
  double *own[3];
} BruteConcordance;

static void
brute_pair (BruteConcordance *b,
            const double     *risk,
            const double     *w,
            gsize             i,
            gsize             j)
{
  int k = risk[i] > risk[j] ? 0 : risk[i] < risk[j] ? 1 : 2;

  b->count[k] += w[i] * w[j];
  b->own[k][i] += w[j];
  b->own[k][j] += w[i];
}

/* The O(n^2) definition, with each row's own pair counts. */
static void
brute_concordance (gsize             n,
                   const double     *time,
                   const double     *event,
                   const double     *risk,
                   const int        *strata,
                   const double     *w,
                   BruteConcordance *b)
{
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      {
        if (i == j || strata[i] != strata[j] || event[i] != 1)
          continue;
        if (time[i] < time[j] || (time[i] == time[j] && event[j] == 0))
          brute_pair (b, risk, w, i, j);
        else if (time[i] == time[j] && i < j)
          {
            if (risk[i] == risk[j])
              b->tied_both += w[i] * w[j];
            else
              b->tied_time += w[i] * w[j];
          }
      }
}

static void
test_concordance_brute_force (void)
{
  const gsize n = 400;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240521);
  g_autofree double *time = g_new (double, n), *event = g_new (double, n);
  g_autofree double *risk = g_new (double, n), *w = g_new (double, n);
  g_autofree double *own = g_new0 (double, 3 * n);
  g_autofree int *strata = g_new (int, n);
  BruteConcordance b = { { 0 }, 0, 0, { own, own + n, own + 2 * n } };
  StmConcordance c;
  double npair, somer, var = 0;

  for (gsize i = 0; i < n; i++)
    {
      time[i] = g_rand_int_range (rand, 1, 40);
      event[i] = g_rand_double (rand) < 0.6;
      risk[i] = g_rand_int_range (rand, 0, 25) / 4.0;
      strata[i] = g_rand_int_range (rand, 0, 3);
      w[i] = 0.5 + g_rand_double (rand);
    }
  brute_concordance (n, time, event, risk, strata, w, &b);
  stm_concordance_compute (n, time, event, risk, strata, w, &c);
  check_close ("concordance counts", c.concordant, b.count[0], 1e-12);
  check_close ("concordance counts", c.discordant, b.count[1], 1e-12);
  check_close ("concordance counts", c.tied_risk, b.count[2], 1e-12);
  check_close ("concordance counts", c.tied_time, b.tied_time, 1e-12);
  check_close ("concordance counts", c.tied_both, b.tied_both, 1e-12);
  npair = b.count[0] + b.count[1] + b.count[2];
  somer = (b.count[0] - b.count[1]) / npair;
  for (gsize i = 0; i < n; i++)
    {
      double d = w[i] * ((own[i] - own[n + i]) / npair -
                         somer / npair * (own[i] + own[n + i] + own[2 * n + i]));
      var += d * d;
    }
  check_close ("concordance vs brute force", c.concordance,
               (b.count[0] + b.count[2] / 2) / npair, 1e-12);
  check_close ("concordance se vs brute force", c.std_err, sqrt (var / 4), 1e-10);
}

/* ------------------------------------------------------------ bad input */

typedef struct
{
  double time[12], event[12], x[24];
  int    strata[12];
  StmSurvData data;
} Small;

static const char * const small_names[] = { "nodes", "size", NULL };

/* coxph gives nodes 0.2454 (se 0.2465), size -0.3138 (se 0.1897). */
static void
small_init (Small *s)
{
  static const double nodes[12] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8 };
  static const double size[12] = { 12, 15, 11, 18, 14, 13, 17, 16, 10, 19, 12, 14 };

  for (int i = 0; i < 12; i++)
    {
      s->time[i] = 10 + 7 * ((i * 5) % 12);
      s->event[i] = i % 3 != 0;
      s->x[2 * i] = nodes[i];
      s->x[2 * i + 1] = size[i];
      s->strata[i] = 0;
    }
  s->data = (StmSurvData) { 12, 2, s->time, s->event, s->x, NULL, NULL, small_names };
}

static void
expect_error (const StmSurvData *data,
              int                code,
              const char        *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmCoxFit) fit = stm_cox_fit (data, NULL, NULL, &error);

  g_assert_null (fit);
  g_assert_error (error, STM_MODEL_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, fragment);
  g_test_message ("rejected: %s", error->message);
}

static void
test_bad_input (void)
{
  Small s;

  small_init (&s);
  s.data.n = 0;
  expect_error (&s.data, STM_MODEL_ERROR_INVALID_INPUT, "no patients");

  small_init (&s);
  memset (s.event, 0, sizeof s.event);
  expect_error (&s.data, STM_MODEL_ERROR_INVALID_INPUT, "No events in the data.");

  small_init (&s);
  s.x[2 * 4 + 1] = NAN;
  expect_error (&s.data, STM_MODEL_ERROR_INVALID_INPUT,
                "Row 5 has a missing value for covariate size");

  small_init (&s);
  s.time[7] = -1;
  expect_error (&s.data, STM_MODEL_ERROR_INVALID_INPUT, "Row 8");

  small_init (&s);
  s.event[2] = 2;
  expect_error (&s.data, STM_MODEL_ERROR_INVALID_INPUT, "Row 3");

  small_init (&s);
  for (int i = 0; i < 12; i++)
    s.x[2 * i] = 4;
  expect_error (&s.data, STM_MODEL_ERROR_INVALID_INPUT, "Covariate nodes is constant");

  small_init (&s);
  for (int i = 0; i < 12; i++)
    s.x[2 * i + 1] = 3 * s.x[2 * i] - 1;
  expect_error (&s.data, STM_MODEL_ERROR_FIT, "Covariate size is a linear combination");

  /* Constant within each stratum: not estimable either. */
  small_init (&s);
  for (int i = 0; i < 12; i++)
    s.strata[i] = (int) s.x[2 * i];
  s.data.strata = s.strata;
  expect_error (&s.data, STM_MODEL_ERROR_FIT, "nodes");

  small_init (&s);
  s.strata[3] = -1;
  s.data.strata = s.strata;
  expect_error (&s.data, STM_MODEL_ERROR_INVALID_INPUT, "Row 4");
}

static void
test_bad_request (void)
{
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  double t = 50, s, lo, hi, x[2] = { 1, 12 };
  Small small;

  small_init (&small);
  fit = stm_cox_fit (&small.data, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (stm_cox_fit_survival (fit, &small.data, x, 1, &t, 1, 0.95, &s, &lo, &hi, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (stm_cox_fit_survival (fit, NULL, x, 0, &t, 1, 0.95, &s, &lo, &hi, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_true (stm_cox_fit_survival (fit, NULL, x, 0, &t, 1, 0.95, &s, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (stm_cox_fit_treatment_effect (fit, &small.data, x, 0, 2, &t, 1, 0.95, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
}

/* Every event happens in the group with z = 1 before anyone with z = 0
 * dies: the likelihood keeps rising as beta_z grows (monotone likelihood). */
static void
test_monotone_likelihood (void)
{
  static const char * const names[] = { "z", "age", NULL };
  double time[40], event[40], x[80];
  StmSurvData data = { 40, 2, time, event, x, NULL, NULL, names };
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  StmCoxOptions o;

  for (int i = 0; i < 40; i++)
    {
      time[i] = i + 1;
      event[i] = i < 20 || i % 4 == 0;
      x[2 * i] = i < 20;
      x[2 * i + 1] = 40 + (i * 13) % 29;
    }
  stm_cox_options_init (&o);
  o.max_iter = 50;
  fit = stm_cox_fit (&data, &o, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fit->warning);
  g_assert_nonnull (strstr (fit->warning, "z"));
  g_assert_nonnull (strstr (fit->warning, "infinite"));
  /* coxph (iter.max = 50) stops at the same place: z = 21.77357, 19 iterations. */
  g_assert_cmpuint (fit->iterations, ==, 19);
  g_assert_cmpfloat_with_epsilon (fit->beta[0], 21.77357022, 1e-6);
  g_test_message ("beta_z = %g after %u iterations: %s", fit->beta[0], fit->iterations,
                  fit->warning);
}

static void
test_not_converged (void)
{
  g_autoptr(Cohort) c = load_gbsg ();
  g_autofree double *x = NULL;
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  StmCoxOptions o;
  StmSurvData data;

  if (c == NULL)
    return;
  x = cohort_design (c, gbsg_names);
  data = cohort_data (c, "rfstime", "status", x, gbsg_names);
  stm_cox_options_init (&o);
  o.max_iter = 2;
  fit = stm_cox_fit (&data, &o, NULL, &error);
  g_assert_null (fit);
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT);
  g_assert_cmpstr (error->message, ==, "The model did not converge after 2 iterations.");
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  Small s;

  small_init (&s);
  g_cancellable_cancel (cancellable);
  fit = stm_cox_fit (&s.data, NULL, cancellable, &error);
  g_assert_null (fit);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* No covariates: the log-likelihood of the null model and the
 * Nelson-Aalen estimate as the baseline. */
static void
test_null_model (void)
{
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  double nelson_aalen = 0;
  Small s;

  small_init (&s);
  s.data.p = 0;
  fit = stm_cox_fit (&s.data, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fit->loglik, ==, fit->loglik_null);
  for (int i = 0; i < 12; i++)
    {
      int at_risk = 0;
      for (int j = 0; j < 12; j++)
        at_risk += s.time[j] >= s.time[i];
      if (s.event[i] && s.time[i] <= 60)
        nelson_aalen += 1.0 / at_risk;
    }
  check_close ("null model H0", stm_cox_fit_cumhaz (fit, 0, 60), nelson_aalen, 1e-12);
}

/* ------------------------------------------------------------ scale */

static double
normal (GRand *rand)
{
  return sqrt (-2 * log (1 - g_rand_double (rand))) * cos (2 * G_PI * g_rand_double (rand));
}

static void
synthetic_cohort (gsize   n,
                  guint   p,
                  double *x,
                  double *time,
                  double *event,
                  double *beta)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint j = 0; j < p; j++)
    beta[j] = (j % 2 ? -0.3 : 0.3) / sqrt (1 + j / 5.0);
  for (gsize i = 0; i < n; i++)
    {
      double lp = 0, t, censor;
      for (guint j = 0; j < p; j++)
        {
          x[i * p + j] = j % 5 == 4 ? g_rand_double (rand) < 0.3 : normal (rand);
          lp += x[i * p + j] * beta[j];
        }
      t = -log (1 - g_rand_double (rand)) / (0.0005 * exp (lp));
      censor = g_rand_double_range (rand, 200, 4000);
      time[i] = ceil (MIN (t, censor));   /* whole days: many ties */
      event[i] = t <= censor;
    }
}

/* A large synthetic cohort recovers its coefficients; STM_COX_BENCH=1
 * runs the 200,000 x 50 size and reports the time. */
static void
test_synthetic (void)
{
  gboolean bench = g_getenv ("STM_COX_BENCH") != NULL;
  gsize n = bench ? 200000 : 20000;
  guint p = bench ? 50 : 20;
  g_autofree double *x = g_new (double, n * p), *time = g_new (double, n);
  g_autofree double *event = g_new (double, n), *beta = g_new (double, p);
  StmSurvData data = { n, p, time, event, x, NULL, NULL, NULL };
  g_autoptr(StmCoxFit) fit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;

  synthetic_cohort (n, p, x, time, event, beta);
  for (int ties = 0; ties < 2; ties++)
    {
      g_clear_pointer (&fit, stm_cox_fit_free);
      g_clear_pointer (&timer, g_timer_destroy);
      timer = g_timer_new ();
      fit = stm_cox_fit (&data, &(StmCoxOptions) { ties, 20, 1e-9, 1e-12, NULL }, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s, %" G_GSIZE_FORMAT " x %u, %" G_GSIZE_FORMAT " events: "
                      "%u iterations in %.2f s", ties ? "Breslow" : "Efron", n, p,
                      fit->n_events, fit->iterations, g_timer_elapsed (timer, NULL));
      for (guint j = 0; j < p; j++)
        g_assert_cmpfloat (fabs (fit->beta[j] - beta[j]), <, 5 * fit->se[j]);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  max_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_test_add_data_func ("/cox/gbsg/efron", &gbsg_efron, test_gbsg);
  g_test_add_data_func ("/cox/gbsg/breslow", &gbsg_breslow, test_gbsg);
  g_test_add_data_func ("/cox/rotterdam/efron", &rotterdam_efron, test_rotterdam);
  g_test_add_data_func ("/cox/rotterdam/breslow", &rotterdam_breslow, test_rotterdam);
  g_test_add_func ("/cox/r/gbsg-bands", test_gbsg_bands);
  g_test_add_func ("/cox/r/gbsg-strata", test_gbsg_strata);
  g_test_add_func ("/cox/r/gbsg-weights", test_gbsg_weights);
  g_test_add_func ("/cox/r/rotterdam-strata", test_rotterdam_strata);
  g_test_add_func ("/cox/r/gbsg-treatment", test_gbsg_treatment);
  g_test_add_func ("/cox/concordance/brute-force", test_concordance_brute_force);
  g_test_add_func ("/cox/bad-input", test_bad_input);
  g_test_add_func ("/cox/bad-request", test_bad_request);
  g_test_add_func ("/cox/monotone-likelihood", test_monotone_likelihood);
  g_test_add_func ("/cox/not-converged", test_not_converged);
  g_test_add_func ("/cox/cancelled", test_cancelled);
  g_test_add_func ("/cox/null-model", test_null_model);
  g_test_add_func ("/cox/synthetic", test_synthetic);
  status = g_test_run ();
  report_errors ();
  g_clear_pointer (&r_values, g_hash_table_unref);
  g_hash_table_unref (max_errors);
  return status;
}
