/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * PREDICT v2.2, v3.1 and v3.2 against every test vector of
 * ../shared/specs/predict.md (profiles P1-P4 and the repository's own T0),
 * to 1e-6 percentage points where the spec gives that many digits and to
 * its rounding where it gives fewer.
 *
 * Vectors that differ because we port the intended behaviour, not the
 * public code's quirk (spec section 1.6):
 *  - Q2, v2.2, P3 and P4 (ER-negative, no endocrine therapy): h10ctb at
 *    year 15 and the "extended ET" column. The public code adds the 10-year
 *    endocrine term (-0.26, years 11-15) with no endocrine therapy at all;
 *    a patient who takes no endocrine therapy gains nothing from taking it
 *    for 10 years, so h10ctb = hctb (80.8072570787 for P3, 72.8796003649
 *    for P4) and the extended benefit is 0. The v3 functions and the web
 *    tool guard it the same way. Run with the quirk, both reproduce the
 *    code's numbers (0.3407 and 0.3609) to 1e-6, so the difference is Q2
 *    alone.
 *  - Q5 and Q6 change no vector (every profile has radiotherapy and a known
 *    grade); their own tests below show the intended and the quirk results.
 *  - Q1 (v2.2 split of breast and other mortality) changes no vector: the
 *    spec gives only overall survival for v2.2.
 */
#include <math.h>

#include "stm-clinical-case.h"
#include "stm-model-card.h"
#include "stm-model-error.h"
#include "stm-predict-private.h"
#include "stm-predict.h"

#define SAME NAN

/* ---- profiles ------------------------------------------------------------- */

/* As the spec's table: 9 = unknown; screen 2 = unknown. */
typedef struct
{
  const char *id;
  double age, screen, size, grade, nodes, er, her2, ki67, pr;
  int gen, horm, traz, bis, radio;
  double heart;
  int smoker;
} Profile;

static const Profile profiles[] = {
  { "P1", 65, 0, 25, 2, 2, 1, 0, 0, 1, 3, 1, 0, 1, 1, 2, 0 },
  { "P2", 45, 0, 30, 3, 4, 1, 1, 1, 0, 3, 1, 1, 0, 1, 2, 0 },
  { "P3", 40, 0, 22, 3, 0, 0, 0, 1, 0, 3, 0, 0, 0, 1, 2, 0 },
  { "P4", 55, 1, 15, 3, 1, 0, 1, 1, 1, 3, 0, 1, 1, 1, 2, 0 },
};

static StmTristate
tristate (double code)
{
  return code == 1 ? STM_TRISTATE_YES : code == 0 ? STM_TRISTATE_NO : STM_TRISTATE_UNKNOWN;
}

static void
profile_case (const char      *id,
              StmClinicalCase *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      const Profile *p = &profiles[i];

      if (!g_str_equal (p->id, id))
        continue;
      stm_clinical_case_init (c);
      c->age = p->age;
      c->size_mm = p->size;
      c->nodes = (int) p->nodes;
      c->grade = p->grade == 9 ? 0 : (int) p->grade;
      c->er = tristate (p->er);
      c->pr = tristate (p->pr);
      c->her2 = tristate (p->her2);
      c->ki67 = tristate (p->ki67);
      c->screen_detected = tristate (p->screen);
      c->chemo_generation = p->gen;
      c->endocrine = p->horm;
      c->trastuzumab = p->traz;
      c->bisphosphonates = p->bis;
      c->radiotherapy = p->radio;
      c->heart_dose_gy = p->heart;
      c->smoker = p->smoker;
      return;
    }
  g_assert_not_reached ();
}

static StmPredictResult *
run_profile (const char        *id,
             StmPredictVersion  version,
             StmPredictQuirks   quirks)
{
  g_autoptr(GError) error = NULL;
  StmClinicalCase c;
  StmPredictResult *r;

  profile_case (id, &c);
  r = _stm_predict_run_with_quirks (version, &c, quirks, &error);
  g_assert_no_error (error);
  return r;
}

static double
os_at (const StmPredictResult *r,
       const char             *regimen,
       int                     year)
{
  const StmRegimen *g = stm_predict_result_get_regimen (r, regimen);

  g_assert_nonnull (g);
  return g->overall_survival[year - 1];
}

/* ---- comparison table ------------------------------------------------------- */

typedef struct
{
  GString *table;
  guint    misses;
  guint    checked;
  double   largest;
} Check;

static void
check_init (Check      *k,
            const char *title)
{
  k->table = g_string_new (NULL);
  g_string_append_printf (k->table, "%s\n%-34s %18s %18s %12s\n", title, "vector",
                          "expected", "got", "difference");
  k->misses = 0;
  k->checked = 0;
  k->largest = 0.0;
}

static void
check_value (Check      *k,
             const char *label,
             double      expected,
             double      got,
             double      tolerance)
{
  gboolean miss = !(fabs (got - expected) <= tolerance);

  k->checked++;
  k->misses += miss;
  k->largest = MAX (k->largest, fabs (got - expected));
  g_string_append_printf (k->table, "%-34s %18.10f %18.10f %12.3e%s\n", label, expected, got,
                          got - expected, miss ? "  MISS" : "");
}

/* Prints the whole table of expected against got when anything missed. */
static void
check_finish (Check *k)
{
  if (k->misses > 0)
    g_printerr ("%s", k->table->str);
  g_test_message ("%u values checked, %u missed, largest difference %.3g", k->checked,
                  k->misses, k->largest);
  g_string_free (k->table, TRUE);
  g_assert_cmpuint (k->misses, ==, 0);
}

/* ---- high-precision overall survival ------------------------------------ */

typedef struct
{
  const char        *profile;
  StmPredictVersion  version;
  const char        *regimen;
  int                year;
  double             code;       /* the public code's value */
  double             intended;   /* where the intended behaviour differs (Q2) */
} OsVector;

static const OsVector os_vectors[] = {
  { "P1", STM_PREDICT_V2_2, "s", 5, 86.3654637981, SAME },
  { "P1", STM_PREDICT_V2_2, "s", 10, 67.1970812799, SAME },
  { "P1", STM_PREDICT_V2_2, "s", 15, 50.0098793170, SAME },
  { "P1", STM_PREDICT_V2_2, "hctb", 5, 91.9898710231, SAME },
  { "P1", STM_PREDICT_V2_2, "hctb", 10, 79.3762930008, SAME },
  { "P1", STM_PREDICT_V2_2, "hctb", 15, 65.6221402782, SAME },
  { "P1", STM_PREDICT_V2_2, "h10ctb", 5, 91.9898710231, SAME },
  { "P1", STM_PREDICT_V2_2, "h10ctb", 10, 79.3762930008, SAME },
  { "P1", STM_PREDICT_V2_2, "h10ctb", 15, 66.5053496428, SAME },
  { "P2", STM_PREDICT_V2_2, "s", 5, 58.2221583761, SAME },
  { "P2", STM_PREDICT_V2_2, "s", 10, 23.9225893626, SAME },
  { "P2", STM_PREDICT_V2_2, "s", 15, 9.6075282585, SAME },
  { "P2", STM_PREDICT_V2_2, "hctb", 5, 84.1922701001, SAME },
  { "P2", STM_PREDICT_V2_2, "hctb", 10, 63.3462643651, SAME },
  { "P2", STM_PREDICT_V2_2, "hctb", 15, 47.0354898299, SAME },
  { "P2", STM_PREDICT_V2_2, "h10ctb", 5, 84.1922701001, SAME },
  { "P2", STM_PREDICT_V2_2, "h10ctb", 10, 63.3462643651, SAME },
  { "P2", STM_PREDICT_V2_2, "h10ctb", 15, 50.0271041088, SAME },
  { "P3", STM_PREDICT_V2_2, "s", 5, 83.8080460604, SAME },
  { "P3", STM_PREDICT_V2_2, "s", 10, 77.1998312221, SAME },
  { "P3", STM_PREDICT_V2_2, "s", 15, 73.4492343394, SAME },
  { "P3", STM_PREDICT_V2_2, "hctb", 5, 89.0590154653, SAME },
  { "P3", STM_PREDICT_V2_2, "hctb", 10, 84.0607993047, SAME },
  { "P3", STM_PREDICT_V2_2, "hctb", 15, 80.8072570787, SAME },
  { "P3", STM_PREDICT_V2_2, "h10ctb", 5, 89.0590154653, SAME },
  { "P3", STM_PREDICT_V2_2, "h10ctb", 10, 84.0607993047, SAME },
  { "P3", STM_PREDICT_V2_2, "h10ctb", 15, 81.1479741462, 80.8072570787 },
  { "P4", STM_PREDICT_V2_2, "s", 5, 69.3344810221, SAME },
  { "P4", STM_PREDICT_V2_2, "s", 10, 58.0632133225, SAME },
  { "P4", STM_PREDICT_V2_2, "s", 15, 51.7170381985, SAME },
  { "P4", STM_PREDICT_V2_2, "hctb", 5, 86.2528497778, SAME },
  { "P4", STM_PREDICT_V2_2, "hctb", 10, 78.8416958893, SAME },
  { "P4", STM_PREDICT_V2_2, "hctb", 15, 72.8796003649, SAME },
  { "P4", STM_PREDICT_V2_2, "h10ctb", 5, 86.2528497778, SAME },
  { "P4", STM_PREDICT_V2_2, "h10ctb", 10, 78.8416958893, SAME },
  { "P4", STM_PREDICT_V2_2, "h10ctb", 15, 73.2404724958, 72.8796003649 },
  { "P1", STM_PREDICT_V3_1, "s", 5, 93.8553265811, SAME },
  { "P1", STM_PREDICT_V3_1, "s", 10, 83.2154476339, SAME },
  { "P1", STM_PREDICT_V3_1, "s", 15, 70.7836379069, SAME },
  { "P1", STM_PREDICT_V3_1, "rhctb", 5, 95.9119251353, SAME },
  { "P1", STM_PREDICT_V3_1, "rhctb", 10, 87.8960847327, SAME },
  { "P1", STM_PREDICT_V3_1, "rhctb", 15, 76.5546879180, SAME },
  { "P1", STM_PREDICT_V3_1, "rh10ctb", 5, 95.9119251353, SAME },
  { "P1", STM_PREDICT_V3_1, "rh10ctb", 10, 87.8960847327, SAME },
  { "P1", STM_PREDICT_V3_1, "rh10ctb", 15, 76.9450579574, SAME },
  { "P2", STM_PREDICT_V3_1, "s", 5, 74.7574823924, SAME },
  { "P2", STM_PREDICT_V3_1, "s", 10, 52.6800510577, SAME },
  { "P2", STM_PREDICT_V3_1, "s", 15, 37.9537824497, SAME },
  { "P2", STM_PREDICT_V3_1, "rhctb", 5, 92.5896566828, SAME },
  { "P2", STM_PREDICT_V3_1, "rhctb", 10, 84.0202736533, SAME },
  { "P2", STM_PREDICT_V3_1, "rhctb", 15, 76.1176101027, SAME },
  { "P2", STM_PREDICT_V3_1, "rh10ctb", 5, 92.5896566828, SAME },
  { "P2", STM_PREDICT_V3_1, "rh10ctb", 10, 84.0202736533, SAME },
  { "P2", STM_PREDICT_V3_1, "rh10ctb", 15, 77.6705778928, SAME },
  { "P3", STM_PREDICT_V3_1, "s", 5, 91.3135453234, SAME },
  { "P3", STM_PREDICT_V3_1, "s", 10, 86.4257960244, SAME },
  { "P3", STM_PREDICT_V3_1, "s", 15, 83.2594854044, SAME },
  { "P3", STM_PREDICT_V3_1, "rhctb", 5, 95.1081683346, SAME },
  { "P3", STM_PREDICT_V3_1, "rhctb", 10, 91.8932191946, SAME },
  { "P3", STM_PREDICT_V3_1, "rhctb", 15, 89.2486339004, SAME },
  { "P3", STM_PREDICT_V3_1, "rh10ctb", 5, 95.1081683346, SAME },
  { "P3", STM_PREDICT_V3_1, "rh10ctb", 10, 91.8932191946, SAME },
  { "P3", STM_PREDICT_V3_1, "rh10ctb", 15, 89.2486339004, SAME },
  { "P4", STM_PREDICT_V3_1, "s", 5, 91.1891213896, SAME },
  { "P4", STM_PREDICT_V3_1, "s", 10, 85.4341485675, SAME },
  { "P4", STM_PREDICT_V3_1, "s", 15, 80.6302773043, SAME },
  { "P4", STM_PREDICT_V3_1, "rhctb", 5, 96.4390717753, SAME },
  { "P4", STM_PREDICT_V3_1, "rhctb", 10, 92.7836250953, SAME },
  { "P4", STM_PREDICT_V3_1, "rhctb", 15, 88.2085037908, SAME },
  { "P4", STM_PREDICT_V3_1, "rh10ctb", 5, 96.4390717753, SAME },
  { "P4", STM_PREDICT_V3_1, "rh10ctb", 10, 92.7836250953, SAME },
  { "P4", STM_PREDICT_V3_1, "rh10ctb", 15, 88.2085037908, SAME },
  { "P1", STM_PREDICT_V3_2, "s", 5, 91.1643887138, SAME },
  { "P1", STM_PREDICT_V3_2, "s", 10, 77.0066766960, SAME },
  { "P1", STM_PREDICT_V3_2, "s", 15, 62.4445091200, SAME },
  { "P1", STM_PREDICT_V3_2, "rhctb", 5, 95.1731237710, SAME },
  { "P1", STM_PREDICT_V3_2, "rhctb", 10, 86.1422158957, SAME },
  { "P1", STM_PREDICT_V3_2, "rhctb", 15, 74.2121797314, SAME },
  { "P1", STM_PREDICT_V3_2, "rh10ctb", 5, 95.1731237710, SAME },
  { "P1", STM_PREDICT_V3_2, "rh10ctb", 10, 86.1422158957, SAME },
  { "P1", STM_PREDICT_V3_2, "rh10ctb", 15, 74.8808859546, SAME },
  { "P2", STM_PREDICT_V3_2, "s", 5, 60.0709157059, SAME },
  { "P2", STM_PREDICT_V3_2, "s", 10, 32.6533417776, SAME },
  { "P2", STM_PREDICT_V3_2, "s", 15, 18.5629629126, SAME },
  { "P2", STM_PREDICT_V3_2, "rhctb", 5, 87.6781679609, SAME },
  { "P2", STM_PREDICT_V3_2, "rhctb", 10, 74.5914576876, SAME },
  { "P2", STM_PREDICT_V3_2, "rhctb", 15, 63.7280252013, SAME },
  { "P2", STM_PREDICT_V3_2, "rh10ctb", 5, 87.6781679609, SAME },
  { "P2", STM_PREDICT_V3_2, "rh10ctb", 10, 74.5914576876, SAME },
  { "P2", STM_PREDICT_V3_2, "rh10ctb", 15, 66.0389378743, SAME },
  { "P3", STM_PREDICT_V3_2, "s", 5, 87.2781569358, SAME },
  { "P3", STM_PREDICT_V3_2, "s", 10, 80.6237574452, SAME },
  { "P3", STM_PREDICT_V3_2, "s", 15, 76.7431920489, SAME },
  { "P3", STM_PREDICT_V3_2, "rhctb", 5, 92.8858053304, SAME },
  { "P3", STM_PREDICT_V3_2, "rhctb", 10, 88.6252623816, SAME },
  { "P3", STM_PREDICT_V3_2, "rhctb", 15, 85.5618826996, SAME },
  { "P3", STM_PREDICT_V3_2, "rh10ctb", 5, 92.8858053304, SAME },
  { "P3", STM_PREDICT_V3_2, "rh10ctb", 10, 88.6252623816, SAME },
  { "P3", STM_PREDICT_V3_2, "rh10ctb", 15, 85.5618826996, SAME },
  { "P4", STM_PREDICT_V3_2, "s", 5, 87.3643030409, SAME },
  { "P4", STM_PREDICT_V3_2, "s", 10, 80.0135952003, SAME },
  { "P4", STM_PREDICT_V3_2, "s", 15, 74.7127297463, SAME },
  { "P4", STM_PREDICT_V3_2, "rhctb", 5, 95.2287030354, SAME },
  { "P4", STM_PREDICT_V3_2, "rhctb", 10, 91.0529453421, SAME },
  { "P4", STM_PREDICT_V3_2, "rhctb", 15, 86.3820526976, SAME },
  { "P4", STM_PREDICT_V3_2, "rh10ctb", 5, 95.2287030354, SAME },
  { "P4", STM_PREDICT_V3_2, "rh10ctb", 10, 91.0529453421, SAME },
  { "P4", STM_PREDICT_V3_2, "rh10ctb", 15, 86.3820526976, SAME },
};

static void
check_os_vectors (StmPredictQuirks quirks,
                  gboolean         want_code)
{
  Check k;

  check_init (&k, want_code ? "OS, public code's quirk Q2 on" : "OS, intended behaviour");
  for (guint i = 0; i < G_N_ELEMENTS (os_vectors); i++)
    {
      const OsVector *v = &os_vectors[i];
      g_autoptr(StmPredictResult) r = NULL;
      g_autofree char *label = NULL;
      double expected = want_code || isnan (v->intended) ? v->code : v->intended;

      if (want_code && v->version != STM_PREDICT_V2_2)
        continue;
      r = run_profile (v->profile, v->version, quirks);
      label = g_strdup_printf ("%s %s %s y%d", v->profile,
                               stm_predict_version_to_string (v->version), v->regimen, v->year);
      check_value (&k, label, expected, os_at (r, v->regimen, v->year), 1e-6);
    }
  check_finish (&k);
}

static void
test_os_vectors (void)
{
  check_os_vectors (_STM_PREDICT_QUIRK_NONE, FALSE);
}

/* The two Q2 vectors come back exactly when the quirk is switched on. */
static void
test_os_vectors_quirk_q2 (void)
{
  check_os_vectors (_STM_PREDICT_QUIRK_Q2, TRUE);
}

/* ---- the stacked benefit tables (4 decimals) ----------------------------- */

typedef struct
{
  const char        *profile;
  StmPredictVersion  version;
  int                year;
  double             s;
  double             steps[5];   /* v2: h c t b; v3: r h c t b */
  double             total;
  double             extended;
  double             extended_intended;
} StepVector;

static const StepVector step_vectors[] = {
  { "P1", STM_PREDICT_V2_2, 5, 86.3655, { 2.7555, 2.1657, 0.0000, 0.7032 }, 5.6244, 0.0000, SAME },
  { "P1", STM_PREDICT_V2_2, 10, 67.1971, { 5.8093, 4.7779, 0.0000, 1.5920 }, 12.1792, 0.0000, SAME },
  { "P1", STM_PREDICT_V2_2, 15, 50.0099, { 7.2424, 6.2367, 0.0000, 2.1331 }, 15.6123, 0.8832, SAME },
  { "P2", STM_PREDICT_V2_2, 5, 58.2222, { 10.7727, 9.5619, 5.6354, 0.0000 }, 25.9701, 0.0000, SAME },
  { "P2", STM_PREDICT_V2_2, 10, 23.9226, { 13.5285, 15.3063, 10.5889, 0.0000 }, 39.4237, 0.0000, SAME },
  { "P2", STM_PREDICT_V2_2, 15, 9.6075, { 10.3504, 14.9444, 12.1332, 0.0000 }, 37.4280, 2.9916, SAME },
  { "P3", STM_PREDICT_V2_2, 5, 83.8080, { 0.0000, 5.2510, 0.0000, 0.0000 }, 5.2510, 0.0000, SAME },
  { "P3", STM_PREDICT_V2_2, 10, 77.1998, { 0.0000, 6.8610, 0.0000, 0.0000 }, 6.8610, 0.0000, SAME },
  { "P3", STM_PREDICT_V2_2, 15, 73.4492, { 0.0000, 7.3580, 0.0000, 0.0000 }, 7.3580, 0.3407, 0.0 },
  { "P4", STM_PREDICT_V2_2, 5, 69.3345, { 0.0000, 9.1716, 5.3826, 2.3642 }, 16.9184, 0.0000, SAME },
  { "P4", STM_PREDICT_V2_2, 10, 58.0632, { 0.0000, 11.0393, 6.7281, 3.0110 }, 20.7785, 0.0000, SAME },
  { "P4", STM_PREDICT_V2_2, 15, 51.7170, { 0.0000, 11.1463, 6.9026, 3.1137 }, 21.1626, 0.3609, 0.0 },
  { "P1", STM_PREDICT_V3_1, 5, 93.8553, { 0.5716, 0.9756, 0.2688, 0.0000, 0.2406 }, 2.0566, 0.0000, SAME },
  { "P1", STM_PREDICT_V3_1, 10, 83.2154, { 1.3191, 2.3625, 0.4091, 0.0000, 0.5900 }, 4.6806, 0.0000, SAME },
  { "P1", STM_PREDICT_V3_1, 15, 70.7836, { 1.7134, 3.3445, -0.1258, 0.0000, 0.8390 }, 5.7711, 0.3904, SAME },
  { "P2", STM_PREDICT_V3_1, 5, 74.7575, { 3.9443, 6.1477, 4.9415, 2.7988, 0.0000 }, 17.8322, 0.0000, SAME },
  { "P2", STM_PREDICT_V3_1, 10, 52.6801, { 6.2601, 10.5404, 9.0838, 5.4560, 0.0000 }, 31.3402, 0.0000, SAME },
  { "P2", STM_PREDICT_V3_1, 15, 37.9538, { 6.9243, 12.5241, 11.4412, 7.2742, 0.0000 }, 38.1638, 1.5530, SAME },
  { "P3", STM_PREDICT_V3_1, 5, 91.3135, { 1.4366, 0.0000, 2.3581, 0.0000, 0.0000 }, 3.7946, 0.0000, SAME },
  { "P3", STM_PREDICT_V3_1, 10, 86.4258, { 2.0846, 0.0000, 3.3828, 0.0000, 0.0000 }, 5.4674, 0.0000, SAME },
  { "P3", STM_PREDICT_V3_1, 15, 83.2595, { 2.3322, 0.0000, 3.6570, 0.0000, 0.0000 }, 5.9891, 0.0000, SAME },
  { "P4", STM_PREDICT_V3_1, 5, 91.1891, { 1.3443, 0.0000, 2.1266, 1.2502, 0.5288 }, 5.2500, 0.0000, SAME },
  { "P4", STM_PREDICT_V3_1, 10, 85.4341, { 1.8960, 0.0000, 2.8278, 1.8424, 0.7833 }, 7.3495, 0.0000, SAME },
  { "P4", STM_PREDICT_V3_1, 15, 80.6303, { 2.0129, 0.0000, 2.6316, 2.0570, 0.8768 }, 7.5782, 0.0000, SAME },
  { "P1", STM_PREDICT_V3_2, 5, 91.1644, { 1.0534, 1.6871, 0.8476, 0.0000, 0.4206 }, 4.0087, 0.0000, SAME },
  { "P1", STM_PREDICT_V3_2, 10, 77.0067, { 2.3668, 3.9539, 1.7977, 0.0000, 1.0171 }, 9.1355, 0.0000, SAME },
  { "P1", STM_PREDICT_V3_2, 15, 62.4445, { 3.0560, 5.4227, 1.8606, 0.0000, 1.4284 }, 11.7677, 0.6687, SAME },
  { "P2", STM_PREDICT_V3_2, 5, 60.0709, { 5.7110, 9.3311, 7.9451, 4.6201, 0.0000 }, 27.6073, 0.0000, SAME },
  { "P2", STM_PREDICT_V3_2, 10, 32.6533, { 7.1690, 13.4059, 13.0334, 8.3297, 0.0000 }, 41.9381, 0.0000, SAME },
  { "P2", STM_PREDICT_V3_2, 15, 18.5630, { 6.4081, 13.5733, 14.8378, 10.3460, 0.0000 }, 45.1651, 2.3109, SAME },
  { "P3", STM_PREDICT_V3_2, 5, 87.2782, { 2.0995, 0.0000, 3.5081, 0.0000, 0.0000 }, 5.6076, 0.0000, SAME },
  { "P3", STM_PREDICT_V3_2, 10, 80.6238, { 2.9909, 0.0000, 5.0106, 0.0000, 0.0000 }, 8.0015, 0.0000, SAME },
  { "P3", STM_PREDICT_V3_2, 15, 76.7432, { 3.3300, 0.0000, 5.4887, 0.0000, 0.0000 }, 8.8187, 0.0000, SAME },
  { "P4", STM_PREDICT_V3_2, 5, 87.3643, { 1.9803, 0.0000, 3.2303, 1.8623, 0.7916 }, 7.8644, 0.0000, SAME },
  { "P4", STM_PREDICT_V3_2, 10, 80.0136, { 2.7643, 0.0000, 4.3924, 2.7183, 1.1643 }, 11.0394, 0.0000, SAME },
  { "P4", STM_PREDICT_V3_2, 15, 74.7127, { 2.9602, 0.0000, 4.3857, 3.0234, 1.3000 }, 11.6693, 0.0000, SAME },
};

/* Values printed to 4 decimals: they match when they round to the same. */
#define ROUNDED_4 (0.5e-4 + 1e-9)

static void
check_step_vector (Check            *k,
                   const StepVector *v,
                   StmPredictQuirks  quirks)
{
  g_autoptr(StmPredictResult) r = run_profile (v->profile, v->version, quirks);
  const char *name = stm_predict_version_to_string (v->version);
  guint n_steps = v->version == STM_PREDICT_V2_2 ? 4 : 5;
  double extended = quirks || isnan (v->extended_intended) ? v->extended
                                                           : v->extended_intended;
  g_autofree char *label = g_strdup_printf ("%s %s y%d", v->profile, name, v->year);

  g_assert_cmpuint (r->benefits->len, ==, n_steps + 1);
  check_value (k, label, v->s, os_at (r, "s", v->year), ROUNDED_4);
  for (guint i = 0; i < n_steps; i++)
    {
      const StmBenefit *b = r->benefits->pdata[i];
      g_autofree char *step = g_strdup_printf ("%s +%s", label, b->treatment);

      check_value (k, step, v->steps[i], b->overall_survival[v->year - 1], ROUNDED_4);
    }
  check_value (k, "  total", v->total, r->total_benefit[v->year - 1], ROUNDED_4);
  check_value (k, "  extended_endocrine", extended,
               stm_predict_result_get_benefit (r, "extended_endocrine")
                 ->overall_survival[v->year - 1], ROUNDED_4);
}

static void
test_step_vectors (void)
{
  Check k;

  check_init (&k, "Stacked benefits, intended behaviour");
  for (guint i = 0; i < G_N_ELEMENTS (step_vectors); i++)
    check_step_vector (&k, &step_vectors[i], _STM_PREDICT_QUIRK_NONE);
  check_finish (&k);

  check_init (&k, "Stacked benefits v2.2, public code's quirk Q2 on");
  for (guint i = 0; i < G_N_ELEMENTS (step_vectors); i++)
    if (step_vectors[i].version == STM_PREDICT_V2_2)
      check_step_vector (&k, &step_vectors[i], _STM_PREDICT_QUIRK_Q2);
  check_finish (&k);
}

/* ---- breast-cancer-specific mortality, surgery only ---------------------- */

typedef struct
{
  const char        *profile;
  StmPredictVersion  version;
  int                year;
  double             bcsm;
} BcVector;

static const BcVector bc_vectors[] = {
  { "P1", STM_PREDICT_V3_1, 5, 3.783860 },
  { "P1", STM_PREDICT_V3_1, 10, 9.560899 },
  { "P1", STM_PREDICT_V3_1, 15, 14.667787 },
  { "P2", STM_PREDICT_V3_1, 5, 24.814494 },
  { "P2", STM_PREDICT_V3_1, 10, 45.958892 },
  { "P2", STM_PREDICT_V3_1, 15, 59.166239 },
  { "P3", STM_PREDICT_V3_1, 5, 8.349454 },
  { "P3", STM_PREDICT_V3_1, 10, 12.500268 },
  { "P3", STM_PREDICT_V3_1, 15, 14.447849 },
  { "P4", STM_PREDICT_V3_1, 5, 7.930850 },
  { "P4", STM_PREDICT_V3_1, 10, 11.815385 },
  { "P4", STM_PREDICT_V3_1, 15, 13.614746 },
  { "P1", STM_PREDICT_V3_2, 5, 6.559411 },
  { "P1", STM_PREDICT_V3_2, 10, 16.078606 },
  { "P1", STM_PREDICT_V3_2, 15, 23.846151 },
  { "P2", STM_PREDICT_V3_2, 5, 39.515575 },
  { "P2", STM_PREDICT_V3_2, 10, 66.035010 },
  { "P2", STM_PREDICT_V3_2, 15, 78.693684 },
  { "P3", STM_PREDICT_V3_2, 5, 12.396247 },
  { "P3", STM_PREDICT_V3_2, 10, 18.339539 },
  { "P3", STM_PREDICT_V3_2, 15, 21.054349 },
  { "P4", STM_PREDICT_V3_2, 5, 11.785581 },
  { "P4", STM_PREDICT_V3_2, 10, 17.340124 },
  { "P4", STM_PREDICT_V3_2, 15, 19.815381 },
};

static void
test_bc_mortality_vectors (void)
{
  Check k;

  check_init (&k, "Breast-cancer mortality, surgery only");
  for (guint i = 0; i < G_N_ELEMENTS (bc_vectors); i++)
    {
      const BcVector *v = &bc_vectors[i];
      g_autoptr(StmPredictResult) r = run_profile (v->profile, v->version, 0);
      const StmRegimen *s = stm_predict_result_get_regimen (r, "s");
      g_autofree char *label = g_strdup_printf ("%s %s y%d", v->profile,
                                                stm_predict_version_to_string (v->version),
                                                v->year);

      check_value (&k, label, v->bcsm, s->breast_cancer_mortality[v->year - 1], 1e-6);
    }
  check_finish (&k);
}

/* ---- T0: the repository's own test ----------------------------------------- */

static const double t0_hctb_benefit[STM_PREDICT_YEARS] = {
  0.1423600, 0.5289672, 1.0759822, 1.7200768, 2.4213923, 3.1543309, 3.9019877, 4.6529417,
  5.3993493, 6.135767218134225, 6.85840054034158, 7.564607730104955, 8.252566579852982,
  8.921043783391924, 9.569233116719345,
};

static void
t0_case (StmClinicalCase *c)
{
  stm_clinical_case_init (c);
  c->age = 25;
  c->size_mm = 2;
  c->nodes = 2;
  c->grade = 1;
  c->er = STM_TRISTATE_YES;
  c->screen_detected = STM_TRISTATE_YES;
  c->her2 = STM_TRISTATE_YES;
  c->ki67 = STM_TRISTATE_YES;
  c->chemo_generation = 3;
  c->endocrine = TRUE;
  c->trastuzumab = TRUE;
  c->bisphosphonates = TRUE;
}

static void
test_t0 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmPredictResult) r = NULL;
  StmClinicalCase c;
  Check k;

  t0_case (&c);
  r = stm_predict_run (STM_PREDICT_V2_2, &c, &error);
  g_assert_no_error (error);
  check_init (&k, "T0 (cljs-predict-test), hctb - s");
  for (int y = 1; y <= STM_PREDICT_YEARS; y++)
    {
      g_autofree char *label = g_strdup_printf ("T0 v2.2 hctb-s y%d", y);

      check_value (&k, label, t0_hctb_benefit[y - 1], r->total_benefit[y - 1], 1e-6);
    }
  check_finish (&k);
}

/* T0's and P1's intermediate values: indices and baselines. */
static void
test_intermediates (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  StmPredictModel m;
  StmClinicalCase c;

  t0_case (&c);
  _stm_predict_model_build (STM_PREDICT_V2_2, &c, 0, &m, warnings);
  g_assert_cmpfloat_with_epsilon (m.pi[0], 0.5200516245385054, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.base_br[0], 0.0011302439325964351, 1e-15);
  g_assert_cmpfloat_with_epsilon (m.base_br[9], 0.05193237928632519, 1e-15);
  g_assert_cmpfloat_with_epsilon (m.base_oth[0], 0.003255573, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.base_oth[14], 0.154460731, 1e-9);
  c.age = 65;
  _stm_predict_model_build (STM_PREDICT_V2_2, &c, 0, &m, warnings);
  g_assert_cmpfloat_with_epsilon (m.mi, 0.5597244192408362, 1e-12);
  c.er = STM_TRISTATE_NO;
  c.endocrine = FALSE;
  _stm_predict_model_build (STM_PREDICT_V2_2, &c, 0, &m, warnings);
  g_assert_cmpfloat_with_epsilon (m.base_br[0], 0.015012789617578808, 1e-15);
  g_assert_cmpfloat_with_epsilon (m.base_br[9], 0.22253215565946607, 1e-15);

  profile_case ("P1", &c);
  _stm_predict_model_build (STM_PREDICT_V2_2, &c, 0, &m, warnings);
  g_assert_cmpfloat_with_epsilon (m.pi[0], 1.607260755738747, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.mi, 0.559724419240836, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.base_br[9], 0.051932379286325, 1e-14);
  g_assert_cmpfloat_with_epsilon (m.base_oth[9], 0.079101798594829, 1e-14);
  _stm_predict_model_build (STM_PREDICT_V3_1, &c, 0, &m, warnings);
  g_assert_cmpfloat_with_epsilon (m.pi[0], 3.653920593146780, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.mi, 1.808163807305799, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.base_br[9], 0.002627061555821, 1e-14);
  g_assert_cmpfloat_with_epsilon (m.base_oth[9], 0.012903446732288, 1e-14);
  _stm_predict_model_build (STM_PREDICT_V3_2, &c, 0, &m, warnings);
  g_assert_cmpfloat_with_epsilon (m.pi[0], 4.22130306853194, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.mi, 1.77365834449519, 1e-12);
}

/* ---- quirks Q5 and Q6 ---------------------------------------------------------- */

/*
 * Q5: without radiotherapy the "r" regimens must equal surgery alone. The
 * public code still charges the heart-dose harm, so its radiotherapy
 * "benefit" for P1 without radiotherapy is negative.
 */
static void
test_quirk_q5 (void)
{
  g_autoptr(StmPredictResult) intended = NULL;
  g_autoptr(StmPredictResult) code = NULL;
  StmClinicalCase c;

  profile_case ("P1", &c);
  c.radiotherapy = FALSE;
  intended = stm_predict_run (STM_PREDICT_V3_1, &c, NULL);
  code = _stm_predict_run_with_quirks (STM_PREDICT_V3_1, &c, _STM_PREDICT_QUIRK_Q5, NULL);
  for (int y = 1; y <= STM_PREDICT_YEARS; y++)
    {
      g_assert_cmpfloat (stm_predict_result_get_benefit (intended, "radiotherapy")
                           ->overall_survival[y - 1], ==, 0.0);
      g_assert_cmpfloat (stm_predict_result_get_benefit (code, "radiotherapy")
                           ->overall_survival[y - 1], <, 0.0);
    }
}

/*
 * Q6: in v2.2 an ER-negative tumour of unknown grade counts as grade 2 or 3
 * (the ER-negative model has no other grade term, so it matches grade 3
 * exactly); the public code counts it as grade 1.
 */
static void
test_quirk_q6 (void)
{
  g_autoptr(StmPredictResult) unknown = NULL;
  g_autoptr(StmPredictResult) code = NULL;
  g_autoptr(StmPredictResult) grade3 = NULL;
  g_autoptr(StmPredictResult) grade1 = NULL;
  StmClinicalCase c;

  profile_case ("P3", &c);
  grade3 = stm_predict_run (STM_PREDICT_V2_2, &c, NULL);
  c.grade = 1;
  grade1 = stm_predict_run (STM_PREDICT_V2_2, &c, NULL);
  c.grade = 0;
  unknown = stm_predict_run (STM_PREDICT_V2_2, &c, NULL);
  code = _stm_predict_run_with_quirks (STM_PREDICT_V2_2, &c, _STM_PREDICT_QUIRK_Q6, NULL);
  for (int y = 1; y <= STM_PREDICT_YEARS; y++)
    {
      g_assert_cmpfloat (os_at (unknown, "hctb", y), ==, os_at (grade3, "hctb", y));
      g_assert_cmpfloat (os_at (code, "hctb", y), ==, os_at (grade1, "hctb", y));
    }
}

/* ---- invariants -------------------------------------------------------------- */

/* Every regimen: survival and the two mortalities add up to 100 %, and the
 * mortalities never fall. */
static void
test_partition (void)
{
  for (guint v = STM_PREDICT_V2_2; v <= STM_PREDICT_V3_2; v++)
    for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
      {
        g_autoptr(StmPredictResult) r = run_profile (profiles[p].id, v, 0);

        for (guint i = 0; i < r->regimens->len; i++)
          {
            const StmRegimen *g = r->regimens->pdata[i];

            for (int k = 0; k < STM_PREDICT_YEARS; k++)
              {
                g_assert_cmpfloat_with_epsilon (g->overall_survival[k]
                                                + g->breast_cancer_mortality[k]
                                                + g->other_mortality[k], 100.0, 1e-9);
                if (k > 0)
                  g_assert_cmpfloat (g->breast_cancer_mortality[k], >=,
                                     g->breast_cancer_mortality[k - 1]);
              }
          }
      }
}

static void
test_regimen_names (void)
{
  const char *v2[] = { "s", "h", "hc", "hct", "hctb", "h10ctb" };
  const char *v3[] = { "s", "r", "rh", "rhc", "rhct", "rhctb", "rh10ctb" };
  g_autoptr(StmPredictResult) r2 = run_profile ("P3", STM_PREDICT_V2_2, 0);
  g_autoptr(StmPredictResult) r3 = run_profile ("P3", STM_PREDICT_V3_1, 0);

  g_assert_cmpuint (r2->regimens->len, ==, G_N_ELEMENTS (v2));
  for (guint i = 0; i < G_N_ELEMENTS (v2); i++)
    g_assert_cmpstr (((StmRegimen *) r2->regimens->pdata[i])->name, ==, v2[i]);
  g_assert_cmpuint (r3->regimens->len, ==, G_N_ELEMENTS (v3));
  for (guint i = 0; i < G_N_ELEMENTS (v3); i++)
    g_assert_cmpstr (((StmRegimen *) r3->regimens->pdata[i])->name, ==, v3[i]);
  /* P3 is ER-negative and HER2-negative: endocrine and trastuzumab add nothing. */
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    {
      g_assert_cmpfloat (stm_predict_result_get_benefit (r3, "endocrine")->overall_survival[k],
                         ==, 0.0);
      g_assert_cmpfloat (stm_predict_result_get_benefit (r3, "trastuzumab")->overall_survival[k],
                         ==, 0.0);
    }
}

/* ---- refusals -------------------------------------------------------------------- */

static void
assert_refused (StmPredictVersion      version,
                const StmClinicalCase *c,
                StmModelError          code,
                const char            *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmPredictResult) r = stm_predict_run (version, c, &error);

  g_assert_null (r);
  g_assert_error (error, STM_MODEL_ERROR, (int) code);
  if (strstr (error->message, needle) == NULL)
    g_error ("The message “%s” does not name “%s”.", error->message, needle);
}

static void
test_refuse_out_of_range (void)
{
  StmClinicalCase c;

  profile_case ("P1", &c);
  c.age = 24;
  assert_refused (STM_PREDICT_V3_1, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "age");
  c.age = 86;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "age");
  profile_case ("P1", &c);
  c.size_mm = 0.5;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "size");
  c.size_mm = 501;
  assert_refused (STM_PREDICT_V3_1, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "size");
  profile_case ("P1", &c);
  c.nodes = 101;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "nodes");
  c.nodes = -3;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "nodes");
  profile_case ("P1", &c);
  c.grade = 4;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "Grade 4");
  profile_case ("P1", &c);
  c.chemo_generation = 1;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "generation");
  profile_case ("P1", &c);
  c.heart_dose_gy = 25;
  assert_refused (STM_PREDICT_V3_1, &c, STM_MODEL_ERROR_OUT_OF_RANGE, "heart dose");
  /* v2.2 has no radiotherapy, so it neither uses nor refuses the heart dose. */
  g_assert_true (stm_predict_validate (STM_PREDICT_V2_2, &c, NULL));
}

static void
test_refuse_missing (void)
{
  StmClinicalCase c;

  stm_clinical_case_init (&c);
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_INVALID_INPUT, "age");
  profile_case ("P1", &c);
  c.er = STM_TRISTATE_UNKNOWN;
  c.endocrine = FALSE;
  assert_refused (STM_PREDICT_V3_1, &c, STM_MODEL_ERROR_INVALID_INPUT, "ER status");
  profile_case ("P1", &c);
  c.nodes = -1;
  assert_refused (STM_PREDICT_V3_1, &c, STM_MODEL_ERROR_INVALID_INPUT, "nodes");
}

static void
test_refuse_contradictory (void)
{
  StmClinicalCase c;

  profile_case ("P3", &c);
  c.endocrine = TRUE;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_CONTRADICTORY, "ER-negative");
  profile_case ("P1", &c);
  c.trastuzumab = TRUE;
  assert_refused (STM_PREDICT_V3_1, &c, STM_MODEL_ERROR_CONTRADICTORY, "HER2-negative");
  c.her2 = STM_TRISTATE_UNKNOWN;
  assert_refused (STM_PREDICT_V2_2, &c, STM_MODEL_ERROR_CONTRADICTORY, "HER2 status is unknown");
}

/* ---- JSON input and output ------------------------------------------------------ */

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_json_input (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  StmClinicalCase c;
  JsonObject *o;

  o = parse_object (parser, "{\"age\": 65, \"size_mm\": 25, \"nodes\": 2.0, \"grade\": "
                            "\"unknown\", \"er\": true, \"pr\": \"unknown\", \"her2\": false, "
                            "\"ki67\": false, \"screen_detected\": false, "
                            "\"chemo_generation\": 3, \"endocrine\": true, "
                            "\"trastuzumab\": false, \"bisphosphonates\": true, "
                            "\"radiotherapy\": true, \"heart_dose_gy\": 1.5, \"smoker\": false}");
  g_assert_true (stm_clinical_case_from_json (o, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (c.age, ==, 65);
  g_assert_cmpint (c.nodes, ==, 2);
  g_assert_cmpint (c.grade, ==, 0);
  g_assert_cmpint (c.er, ==, STM_TRISTATE_YES);
  g_assert_cmpint (c.pr, ==, STM_TRISTATE_UNKNOWN);
  g_assert_cmpint (c.her2, ==, STM_TRISTATE_NO);
  g_assert_cmpint (c.chemo_generation, ==, 3);
  g_assert_true (c.radiotherapy);
  g_assert_cmpfloat (c.heart_dose_gy, ==, 1.5);
}

static void
assert_json_refused (const char *text,
                     const char *needle)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  StmClinicalCase c;

  g_assert_false (stm_clinical_case_from_json (parse_object (parser, text), &c, &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
  if (strstr (error->message, needle) == NULL)
    g_error ("The message “%s” does not name “%s”.", error->message, needle);
}

static void
test_json_input_errors (void)
{
  assert_json_refused ("{\"age\": 65, \"node\": 2}", "“node”");
  assert_json_refused ("{\"age\": \"sixty\"}", "“age”");
  assert_json_refused ("{\"er\": \"positive\"}", "“er”");
  assert_json_refused ("{\"nodes\": 2.5}", "“nodes”");
  assert_json_refused ("{\"grade\": \"high\"}", "“grade”");
  assert_json_refused ("{\"endocrine\": 1}", "“endocrine”");
  assert_json_refused ("{\"screen_detected\": null}", "“screen_detected”");
}

static JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_object_member (o, name);
}

static void
test_json_output (void)
{
  g_autoptr(StmPredictResult) r = run_profile ("P2", STM_PREDICT_V3_1, 0);
  g_autoptr(JsonNode) node = stm_predict_result_to_json (r);
  JsonObject *o = json_node_get_object (node), *first;
  JsonArray *regimens, *benefits;

  g_assert_cmpstr (json_object_get_string_member (o, "model"), ==, "predict-v3.1");
  g_assert_cmpstr (json_object_get_string_member (member_object (o, "model_card"), "name"),
                   ==, "predict-v3.1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "years")), ==, 15);
  regimens = json_object_get_array_member (o, "regimens");
  g_assert_cmpuint (json_array_get_length (regimens), ==, 7);
  first = json_array_get_object_element (regimens, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "s");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first,
                    "breast_cancer_mortality")), ==, 15);
  g_assert_cmpfloat_with_epsilon (
    json_array_get_double_element (json_object_get_array_member (first, "overall_survival"), 4),
    74.7574823924, 1e-6);
  benefits = json_object_get_array_member (o, "benefits");
  g_assert_cmpuint (json_array_get_length (benefits), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (benefits, 0),
                   "treatment"), ==, "radiotherapy");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (benefits, 5),
                   "treatment"), ==, "extended_endocrine");
  g_assert_true (json_object_has_member (o, "warnings"));
  g_assert_true (json_object_has_member (member_object (o, "input"), "heart_dose_gy"));
}

/* ---- model cards ------------------------------------------------------------------ */

static void
assert_card (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = stm_model_card_builtin (name, &error);
  JsonObject *card, *source;
  const char *required[] = { "population", "outcome", "intended_use", "disclaimer" };

  g_assert_no_error (error);
  card = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (card, "name"), ==, name);
  source = member_object (card, "source");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (source, "papers")), >, 0);
  g_assert_nonnull (json_object_get_string_member (source, "version"));
  g_assert_true (json_object_has_member (member_object (source, "code"), "commit"));
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_cmpuint (strlen (json_object_get_string_member (card, required[i])), >, 20);
  g_assert_nonnull (strstr (json_object_get_string_member (card, "disclaimer"),
                            "not a certified medical device"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (card, "inputs")), >=, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (card, "performance")),
                    >, 0);
}

static void
test_model_cards (void)
{
  const char * const *names = stm_model_card_builtin_names ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    assert_card (names[i]);
  g_assert_null (stm_model_card_builtin ("predict-v9", &error));
  g_assert_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT);
}

static void
test_version_names (void)
{
  StmPredictVersion v;

  g_assert_true (stm_predict_version_from_string ("predict-v3.1", &v));
  g_assert_cmpint (v, ==, STM_PREDICT_V3_1);
  g_assert_true (stm_predict_version_from_string ("predict-v2.2", &v));
  g_assert_cmpint (v, ==, STM_PREDICT_V2_2);
  g_assert_false (stm_predict_version_from_string ("predict-v2", &v));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/predict/vectors/overall-survival", test_os_vectors);
  g_test_add_func ("/predict/vectors/overall-survival-quirk-q2", test_os_vectors_quirk_q2);
  g_test_add_func ("/predict/vectors/stacked-benefits", test_step_vectors);
  g_test_add_func ("/predict/vectors/breast-cancer-mortality", test_bc_mortality_vectors);
  g_test_add_func ("/predict/vectors/t0", test_t0);
  g_test_add_func ("/predict/vectors/intermediates", test_intermediates);
  g_test_add_func ("/predict/quirks/q5-heart-dose", test_quirk_q5);
  g_test_add_func ("/predict/quirks/q6-unknown-grade", test_quirk_q6);
  g_test_add_func ("/predict/partition", test_partition);
  g_test_add_func ("/predict/regimen-names", test_regimen_names);
  g_test_add_func ("/predict/refuse/out-of-range", test_refuse_out_of_range);
  g_test_add_func ("/predict/refuse/missing", test_refuse_missing);
  g_test_add_func ("/predict/refuse/contradictory", test_refuse_contradictory);
  g_test_add_func ("/predict/json/input", test_json_input);
  g_test_add_func ("/predict/json/input-errors", test_json_input_errors);
  g_test_add_func ("/predict/json/output", test_json_output);
  g_test_add_func ("/predict/model-cards", test_model_cards);
  g_test_add_func ("/predict/version-names", test_version_names);

  return g_test_run ();
}
