/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CTS5 against the test vectors of ../shared/specs/cts5.md: the score to
 * 1e-6, the category, and the derived risk to the two decimals printed.
 */
#include <math.h>
#include <string.h>

#include "stm-clinical-case.h"
#include "stm-cts5.h"
#include "stm-model-error.h"

typedef struct
{
  double          age;
  double          size_mm;
  int             grade;
  int             nodes;
  int             node_group;
  double          size_used;
  double          score;
  StmCts5Category category;
  double          derived_risk;   /* percent, printed to 2 decimals */
} Cts5Vector;

static const Cts5Vector vectors[] = {
  { 60, 15, 1, 0, 0, 15, 2.534220, STM_CTS5_LOW, 2.77 },
  { 45, 10, 2, 1, 1, 10, 2.754860, STM_CTS5_LOW, 3.45 },
  { 75, 22, 2, 1, 1, 22, 3.981956, STM_CTS5_HIGH, 11.28 },
  { 70, 35, 3, 5, 3, 30, 5.468540, STM_CTS5_HIGH, 41.08 },
};

static void
er_positive_case (StmClinicalCase *c,
                  double           age,
                  double           size_mm,
                  int              grade,
                  int              nodes)
{
  stm_clinical_case_init (c);
  c->er = STM_TRISTATE_YES;
  c->age = age;
  c->size_mm = size_mm;
  c->grade = grade;
  c->nodes = nodes;
}

static void
test_vectors (void)
{
  guint misses = 0;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const Cts5Vector *v = &vectors[i];
      g_autoptr(GError) error = NULL;
      StmClinicalCase c;
      StmCts5Result r;
      gboolean miss;

      er_positive_case (&c, v->age, v->size_mm, v->grade, v->nodes);
      g_assert_true (stm_cts5_compute (&c, &r, &error));
      g_assert_no_error (error);
      miss = fabs (r.score - v->score) > 1e-6 || r.category != v->category
             || fabs (r.derived_risk - v->derived_risk) > 0.005 + 1e-9
             || r.node_group != v->node_group || r.size_used_mm != v->size_used;
      misses += miss;
      g_printerr ("%s age %g size %g grade %d nodes %d: score %.6f (expected %.6f), %s "
                  "(expected %s), risk %.4f %% (expected %.2f %%), group %d (expected %d)\n",
                  miss ? "MISS" : "ok  ", v->age, v->size_mm, v->grade, v->nodes, r.score,
                  v->score, stm_cts5_category_to_string (r.category),
                  stm_cts5_category_to_string (v->category), r.derived_risk,
                  v->derived_risk, r.node_group, v->node_group);
    }
  g_assert_cmpuint (misses, ==, 0);
}

static int
group_of (int nodes)
{
  StmClinicalCase c;
  StmCts5Result r;

  er_positive_case (&c, 60, 15, 2, nodes);
  g_assert_true (stm_cts5_compute (&c, &r, NULL));
  return r.node_group;
}

static void
test_node_groups_and_size_cap (void)
{
  StmClinicalCase c;
  StmCts5Result at30, at80;
  const int nodes[] = { 0, 1, 2, 3, 4, 9, 10, 40 };
  const int groups[] = { 0, 1, 2, 2, 3, 3, 4, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    g_assert_cmpint (group_of (nodes[i]), ==, groups[i]);

  er_positive_case (&c, 60, 30, 2, 0);
  g_assert_true (stm_cts5_compute (&c, &at30, NULL));
  c.size_mm = 80;
  g_assert_true (stm_cts5_compute (&c, &at80, NULL));
  g_assert_cmpfloat (at30.score, ==, at80.score);
}

/* The derived curve puts the published cut points within 0.05 percentage
 * points of 5 % and 10 %, and the categories change exactly at them. */
static void
test_derived_curve (void)
{
  double h0 = stm_cts5_baseline_hazard ();

  g_assert_cmpfloat_with_epsilon (h0, 0.0022311, 1e-7);
  g_assert_cmpfloat_with_epsilon (100 * (1 - exp (-h0 * exp (STM_CTS5_LOW_CUT))), 5.0, 0.05);
  g_assert_cmpfloat_with_epsilon (100 * (1 - exp (-h0 * exp (STM_CTS5_HIGH_CUT))), 10.0, 0.05);
}

/* The age at which a case with these size, grade and nodes scores @cut;
 * age moves the score by 0.988 x 0.017 a year. */
static double
age_at_score (StmClinicalCase *c,
              double           cut)
{
  StmCts5Result r;

  c->age = 50;
  g_assert_true (stm_cts5_compute (c, &r, NULL));
  return 50 + (cut - r.score) / (0.988 * 0.017);
}

static StmCts5Category
category_at_age (StmClinicalCase *c,
                 double           age)
{
  StmCts5Result r;

  c->age = age;
  g_assert_true (stm_cts5_compute (c, &r, NULL));
  return r.category;
}

static void
test_category_boundaries (void)
{
  StmClinicalCase c;
  double age;

  er_positive_case (&c, 50, 20, 2, 0);
  age = age_at_score (&c, STM_CTS5_LOW_CUT);
  g_assert_cmpint (category_at_age (&c, age - 0.01), ==, STM_CTS5_LOW);
  g_assert_cmpint (category_at_age (&c, age + 0.01), ==, STM_CTS5_INTERMEDIATE);
  er_positive_case (&c, 50, 20, 2, 1);
  age = age_at_score (&c, STM_CTS5_HIGH_CUT);
  g_assert_cmpint (category_at_age (&c, age - 0.01), ==, STM_CTS5_INTERMEDIATE);
  g_assert_cmpint (category_at_age (&c, age + 0.01), ==, STM_CTS5_HIGH);
}

static void
assert_refused (const StmClinicalCase *c,
                StmModelError          code,
                const char            *needle)
{
  g_autoptr(GError) error = NULL;
  StmCts5Result r;

  g_assert_false (stm_cts5_compute (c, &r, &error));
  g_assert_error (error, STM_MODEL_ERROR, (int) code);
  if (strstr (error->message, needle) == NULL)
    g_error ("The message “%s” does not name “%s”.", error->message, needle);
}

static void
test_refusals (void)
{
  StmClinicalCase c;

  er_positive_case (&c, 60, 15, 1, 0);
  c.er = STM_TRISTATE_NO;
  assert_refused (&c, STM_MODEL_ERROR_OUT_OF_RANGE, "ER-negative");
  c.er = STM_TRISTATE_UNKNOWN;
  assert_refused (&c, STM_MODEL_ERROR_INVALID_INPUT, "ER status is unknown");
  er_positive_case (&c, 60, 15, 0, 0);
  assert_refused (&c, STM_MODEL_ERROR_INVALID_INPUT, "grade");
  er_positive_case (&c, 60, 15, 4, 0);
  assert_refused (&c, STM_MODEL_ERROR_OUT_OF_RANGE, "Grade 4");
  er_positive_case (&c, 120, 15, 1, 0);
  assert_refused (&c, STM_MODEL_ERROR_OUT_OF_RANGE, "age");
  er_positive_case (&c, 60, 0, 1, 0);
  assert_refused (&c, STM_MODEL_ERROR_OUT_OF_RANGE, "size");
  er_positive_case (&c, 60, 15, 1, 101);
  assert_refused (&c, STM_MODEL_ERROR_OUT_OF_RANGE, "nodes");
  er_positive_case (&c, 60, 15, 1, -1);
  assert_refused (&c, STM_MODEL_ERROR_INVALID_INPUT, "nodes");
}

static void
test_json (void)
{
  g_autoptr(JsonNode) node = NULL;
  StmClinicalCase c;
  StmCts5Result r;
  JsonObject *o;

  er_positive_case (&c, 75, 22, 2, 1);
  g_assert_true (stm_cts5_compute (&c, &r, NULL));
  node = stm_cts5_result_to_json (&r);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "model"), ==, "cts5");
  g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "high");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "score"), 3.981956, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "derived_risk"), 11.28,
                                  0.005);
  g_assert_cmpstr (json_object_get_string_member (o, "derived_risk_note"), ==,
                   "derived, not published");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "model_card"),
                                                  "name"), ==, "cts5");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cts5/vectors", test_vectors);
  g_test_add_func ("/cts5/node-groups-and-size-cap", test_node_groups_and_size_cap);
  g_test_add_func ("/cts5/derived-curve", test_derived_curve);
  g_test_add_func ("/cts5/category-boundaries", test_category_boundaries);
  g_test_add_func ("/cts5/refusals", test_refusals);
  g_test_add_func ("/cts5/json", test_json);

  return g_test_run ();
}
