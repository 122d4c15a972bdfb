/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Model files: a fitted model round-trips, a damaged file is refused with
 * a reason, predictions refuse inputs outside the training range, and the
 * survival band agrees with R's survfit.coxph.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stm-model-fit.h"
#include "stm-model-predict.h"
#include "stm-test-support.h"

static const char *gbsg_covariates[] = { "age", "size", "nodes", "grade", "er", "pgr", "hormon" };

static StmModel *
fit_gbsg (const char *strata)
{
  g_autofree char *path = stm_test_shared_path ("cohorts/gbsg.csv");
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return NULL;
  g_autoptr(StmDataTable) table = stm_data_table_read_csv (path, &error);
  g_assert_no_error (error);
  StmFitSpec spec = { "rfstime", "status", gbsg_covariates, G_N_ELEMENTS (gbsg_covariates),
                      strata, "hormon", "days", STM_TIES_EFRON, STM_PENALTY_NONE, 0, 10,
                      "gbsg test", "gbsg.csv" };
  StmModel *model = stm_model_fit (table, &spec, NULL, &error);
  g_assert_no_error (error);
  return model;
}

static JsonObject *
patient (double age, double size, double nodes, double grade, double er, double pgr,
         double hormon)
{
  JsonObject *o = json_object_new ();
  double v[] = { age, size, nodes, grade, er, pgr, hormon };

  for (gsize j = 0; j < G_N_ELEMENTS (v); j++)
    json_object_set_double_member (o, gbsg_covariates[j], v[j]);
  return o;
}

/* The reference numbers of ../shared/specs/cox-reference.md (gbsg, Efron). */
static void
test_fit_matches_reference (void)
{
  g_autoptr(StmModel) m = fit_gbsg (NULL);

  if (m == NULL)
    return;
  g_assert_cmpfloat_with_epsilon (m->loglik, -1738.232853512966, 1e-6);
  g_assert_cmpfloat_with_epsilon (m->concordance, 0.683945533245, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->estimate[2], 0.0500224141267, 1e-9);
  /* Breslow H0(5 years) at x = 0. */
  StmModelBaseline *b = g_ptr_array_index (m->baselines, 0);
  double h = 0;
  for (guint i = 0; i < b->time->len && g_array_index (b->time, double, i) <= 1826.25; i++)
    h = g_array_index (b->cumhaz, double, i);
  g_assert_cmpfloat (fabs (h / 3.278866188498e-01 - 1), <, 1e-6);

  /* Profile A: S(t5) = 0.5203117385 in R. */
  g_autoptr(JsonObject) a = patient (50, 20, 1, 2, 50, 50, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmModelPrediction) pred = stm_model_predict (m, a, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (pred->curve.survival[4] - 0.5203117385), <, 1e-8);
  g_assert_true (pred->has_treatment);
  g_assert_cmpfloat (fabs (pred->without_treatment.survival[4] - 0.5203117385), <, 1e-8);
  g_assert_cmpfloat (fabs (pred->with_treatment.survival[4] - 0.6225149614), <, 1e-8);
}

static void
assert_same_prediction (StmModel *a, StmModel *b, JsonObject *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmModelPrediction) pa = stm_model_predict (a, input, &error);
  g_assert_no_error (error);
  g_autoptr(StmModelPrediction) pb = stm_model_predict (b, input, &error);
  g_assert_no_error (error);
  for (guint y = 0; y < STM_MODEL_YEARS; y++)
    {
      g_assert_cmpfloat (fabs (pa->curve.survival[y] - pb->curve.survival[y]), <, 1e-12);
      g_assert_cmpfloat (fabs (pa->curve.lower[y] - pb->curve.lower[y]), <, 1e-12);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(StmModel) m = fit_gbsg ("meno");
  g_autoptr(GError) error = NULL;

  if (m == NULL)
    return;
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "model.json", NULL);
  g_assert_true (stm_model_save (m, path, &error));
  g_assert_no_error (error);
  g_autoptr(StmModel) back = stm_model_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->baselines->len, ==, 2);
  g_assert_cmpstr (back->strata_column, ==, "meno");

  g_autoptr(JsonObject) input = patient (50, 20, 1, 2, 50, 50, 0);
  json_object_set_string_member (input, "stratum", "1");
  assert_same_prediction (m, back, input);
  stm_test_remove_tree (dir);
}

/* Each mutation of a valid file must be refused with STM_MODEL_ERROR_FORMAT. */
static void
test_damaged_files (void)
{
  g_autoptr(StmModel) m = fit_gbsg (NULL);
  static const char *mutations[] = {
    "format", "format_version", "coefficients.nodes", "covariance.asymmetric",
    "baseline.decreasing", "se.negative", "type", "treatment.unknown", "time_unit",
    "covariates.duplicate",
  };

  if (m == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autoptr(JsonNode) root = stm_model_to_json (m);
      JsonObject *o = json_node_get_object (root);
      const char *what = mutations[i];
      g_autoptr(GError) error = NULL;

      if (g_str_equal (what, "format"))
        json_object_set_string_member (o, "format", "something-else");
      else if (g_str_equal (what, "format_version"))
        json_object_set_int_member (o, "format_version", 99);
      else if (g_str_equal (what, "coefficients.nodes"))
        json_object_remove_member (json_object_get_object_member (o, "coefficients"), "nodes");
      else if (g_str_equal (what, "covariance.asymmetric"))
        json_node_set_double (json_array_get_element (json_array_get_array_element (
          json_object_get_array_member (o, "covariance"), 0), 1), 1.0);
      else if (g_str_equal (what, "baseline.decreasing"))
        {
          JsonArray *h = json_object_get_array_member (json_object_get_object_member (o, "baseline"), "cumhaz");
          json_node_set_double (json_array_get_element (h, 5), -1);
        }
      else if (g_str_equal (what, "se.negative"))
        json_object_set_double_member (json_object_get_object_member (
          json_object_get_object_member (o, "coefficients"), "age"), "se", -1);
      else if (g_str_equal (what, "type"))
        json_object_set_string_member (o, "type", "neural-network");
      else if (g_str_equal (what, "treatment.unknown"))
        json_object_set_string_member (o, "treatment", "radiotherapy");
      else if (g_str_equal (what, "time_unit"))
        json_object_set_string_member (o, "time_unit", "fortnights");
      else if (g_str_equal (what, "covariates.duplicate"))
        json_object_set_string_member (json_array_get_object_element (
          json_object_get_array_member (o, "covariates"), 1), "name", "age");

      g_autoptr(StmModel) back = stm_model_from_json (root, &error);
      g_test_message ("%s: %s", what, error ? error->message : "(accepted)");
      g_assert_null (back);
      g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FORMAT);
    }
}

static void
test_refuses_bad_input (void)
{
  g_autoptr(StmModel) m = fit_gbsg (NULL);
  g_autoptr(GError) error = NULL;

  if (m == NULL)
    return;
  g_autoptr(JsonObject) old = patient (120, 20, 1, 2, 50, 50, 0);
  g_assert_null (stm_model_predict (m, old, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_autoptr(JsonObject) typo = patient (50, 20, 1, 2, 50, 50, 0);
  json_object_set_double_member (typo, "nodez", 3);
  g_assert_null (stm_model_predict (m, typo, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_autoptr(JsonObject) missing = patient (50, 20, 1, 2, 50, 50, 0);
  json_object_remove_member (missing, "grade");
  g_assert_null (stm_model_predict (m, missing, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
}

/* The band at 5 years for profile C against R's survfit.coxph (conf.type "log"). */
static void
test_band_matches_r (void)
{
  g_autoptr(StmModel) m = fit_gbsg (NULL);
  g_autofree char *csv = stm_test_shared_path ("cohorts/gbsg.csv");

  if (m == NULL || csv == NULL)
    return;
  if (!g_file_test ("/usr/bin/Rscript", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("Rscript is not installed");
      return;
    }
  const char *args[] = { csv, NULL };
  g_autofree char *out = stm_test_run_python ("models/survfit_band.py", args);
  if (out == NULL)
    return;
  double s, lo, hi;
  g_assert_cmpint (sscanf (out, "%lf %lf %lf", &s, &lo, &hi), ==, 3);

  g_autoptr(JsonObject) c = patient (60, 40, 10, 3, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmModelPrediction) pred = stm_model_predict (m, c, &error);
  g_assert_no_error (error);
  g_test_message ("R: %.10f [%.10f, %.10f]; Stratum: %.10f [%.10f, %.10f]", s, lo, hi,
                  pred->curve.survival[4], pred->curve.lower[4], pred->curve.upper[4]);
  g_assert_cmpfloat (fabs (pred->curve.survival[4] / s - 1), <, 1e-6);
  g_assert_cmpfloat (fabs (pred->curve.lower[4] / lo - 1), <, 1e-6);
  g_assert_cmpfloat (fabs (pred->curve.upper[4] / hi - 1), <, 1e-6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/models/file/fit-matches-reference", test_fit_matches_reference);
  g_test_add_func ("/models/file/round-trip", test_round_trip);
  g_test_add_func ("/models/file/damaged", test_damaged_files);
  g_test_add_func ("/models/file/refuses-bad-input", test_refuses_bad_input);
  g_test_add_func ("/models/file/band-matches-r", test_band_matches_r);
  return g_test_run ();
}
