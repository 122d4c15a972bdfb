/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The machinery PREDICT versions share (section 1.3 of the spec): annual
 * baseline increments scaled by the prognostic indices, breast and other
 * survival multiplied into overall survival, and the public code's split of
 * each year's deaths in proportion to the two crude mortalities.
 */
#include <math.h>
#include <glib/gi18n.h>
#include <string.h>

#include "stm-model-card.h"
#include "stm-model-error.h"
#include "stm-predict-private.h"

static const char * const version_names[] = {
  [STM_PREDICT_V2_2] = "predict-v2.2",
  [STM_PREDICT_V3_1] = "predict-v3.1",
  [STM_PREDICT_V3_2] = "predict-v3.2",
};

const char *
stm_predict_version_to_string (StmPredictVersion version)
{
  g_return_val_if_fail ((guint) version < G_N_ELEMENTS (version_names), NULL);
  return version_names[version];
}

gboolean
stm_predict_version_from_string (const char        *name,
                                 StmPredictVersion *version)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (version_names); i++)
    if (g_str_equal (name, version_names[i]))
      {
        if (version != NULL)
          *version = (StmPredictVersion) i;
        return TRUE;
      }
  return FALSE;
}

double
_stm_predict_grade (const StmClinicalCase *c)
{
  return c->grade == 0 ? _STM_PREDICT_GRADE_UNKNOWN : (double) c->grade;
}

double
_stm_predict_screen (const StmClinicalCase *c)
{
  switch (c->screen_detected)
    {
    case STM_TRISTATE_YES:
      return 1.0;
    case STM_TRISTATE_NO:
      return 0.0;
    case STM_TRISTATE_UNKNOWN:
    default:
      return _STM_PREDICT_SCREEN_UNKNOWN;
    }
}

void
_stm_predict_add_plan (StmPredictModel *m,
                       const char      *name,
                       const char      *treatment,
                       int              reference,
                       const double    *br,
                       double           oth)
{
  StmPredictPlan *p;

  g_assert (m->n_plans < _STM_PREDICT_MAX_PLANS);
  p = &m->plans[m->n_plans++];
  p->name = name;
  p->treatment = treatment;
  p->reference = reference;
  memcpy (p->br, br, sizeof p->br);
  p->oth = oth;
}

/* ---- input checks ------------------------------------------------------ */

static gboolean
refuse (GError      **error,
        StmModelError code,
        const char   *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError      **error,
        StmModelError code,
        const char   *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (STM_MODEL_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

static gboolean
tristates_valid (const StmClinicalCase *c)
{
  StmTristate all[] = { c->er, c->pr, c->her2, c->ki67, c->screen_detected };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if ((guint) all[i] > STM_TRISTATE_UNKNOWN)
      return FALSE;
  return TRUE;
}

static gboolean
check_present (const StmClinicalCase  *c,
               GError                **error)
{
  if (!tristates_valid (c))
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT,
                   _("A receptor or detection status is not yes, no or unknown."));
  if (isnan (c->age))
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT, _("The age at diagnosis is missing."));
  if (isnan (c->size_mm))
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT, _("The tumour size is missing."));
  if (c->nodes == -1)
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT,
                   _("The number of positive nodes is missing."));
  if (c->er == STM_TRISTATE_UNKNOWN)
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT,
                   _("PREDICT needs the ER status (positive or negative); it is unknown."));
  return TRUE;
}

static gboolean
check_ranges (StmPredictVersion       version,
              const StmClinicalCase  *c,
              GError                **error)
{
  const char *name = stm_predict_version_to_string (version);

  if (!(c->age >= STM_PREDICT_AGE_MIN && c->age <= STM_PREDICT_AGE_MAX))
    return refuse (error, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("An age of %g years is outside the range of %s (%g to %g years)."),
                   c->age, name, STM_PREDICT_AGE_MIN, STM_PREDICT_AGE_MAX);
  if (!(c->size_mm >= STM_PREDICT_SIZE_MIN_MM && c->size_mm <= STM_PREDICT_SIZE_MAX_MM))
    return refuse (error, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("A tumour size of %g mm is outside the range of %s (%g to %g mm)."),
                   c->size_mm, name, STM_PREDICT_SIZE_MIN_MM, STM_PREDICT_SIZE_MAX_MM);
  if (c->nodes < 0 || c->nodes > STM_PREDICT_NODES_MAX)
    return refuse (error, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("%d positive nodes is outside the range of %s (0 to %d)."),
                   c->nodes, name, STM_PREDICT_NODES_MAX);
  if (c->grade < 0 || c->grade > 3)
    return refuse (error, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("Grade %d is not a tumour grade; the grade is 1, 2, 3 or unknown."),
                   c->grade);
  if (c->chemo_generation != 0 && c->chemo_generation != 2 && c->chemo_generation != 3)
    return refuse (error, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("Chemotherapy generation %d is not one PREDICT knows; "
                     "the chemotherapy generation is 0 (none), 2 or 3."), c->chemo_generation);
  return TRUE;
}

static gboolean
check_heart_dose (StmPredictVersion       version,
                  const StmClinicalCase  *c,
                  GError                **error)
{
  if (version == STM_PREDICT_V2_2 || !c->radiotherapy)
    return TRUE;
  if (!(c->heart_dose_gy >= 0.0 && c->heart_dose_gy <= STM_PREDICT_HEART_DOSE_MAX))
    return refuse (error, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("A mean heart dose of %g Gy is outside the range of %s (0 to %g Gy)."),
                   c->heart_dose_gy, stm_predict_version_to_string (version),
                   STM_PREDICT_HEART_DOSE_MAX);
  return TRUE;
}

static gboolean
check_consistent (const StmClinicalCase  *c,
                  GError                **error)
{
  if (c->endocrine && c->er == STM_TRISTATE_NO)
    return refuse (error, STM_MODEL_ERROR_CONTRADICTORY,
                   _("Endocrine therapy was chosen for an ER-negative tumour; "
                     "PREDICT credits endocrine therapy only in ER-positive disease."));
  if (c->trastuzumab && c->her2 == STM_TRISTATE_NO)
    return refuse (error, STM_MODEL_ERROR_CONTRADICTORY,
                   _("Trastuzumab was chosen for a HER2-negative tumour; "
                     "it is given only for HER2-positive disease."));
  if (c->trastuzumab && c->her2 == STM_TRISTATE_UNKNOWN)
    return refuse (error, STM_MODEL_ERROR_CONTRADICTORY,
                   _("Trastuzumab was chosen but the HER2 status is unknown; "
                     "it is given only for HER2-positive disease."));
  return TRUE;
}

/*
 * Refuses, with a sentence naming the problem, a case PREDICT cannot take:
 * a missing value, a value outside the documented range, or an option that
 * contradicts the tumour (endocrine therapy for ER-negative, trastuzumab for
 * HER2-negative or unknown).
 */
gboolean
stm_predict_validate (StmPredictVersion       version,
                      const StmClinicalCase  *c,
                      GError                **error)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) version >= G_N_ELEMENTS (version_names))
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT, _("Unknown PREDICT version %d."),
                   (int) version);
  return check_present (c, error)
         && check_ranges (version, c, error)
         && check_heart_dose (version, c, error)
         && check_consistent (c, error);
}

/* ---- survival ------------------------------------------------------------ */

static double
increment (const double *cumulative,
           int           k)
{
  return k == 0 ? cumulative[0] : cumulative[k] - cumulative[k - 1];
}

static StmRegimen *
regimen_compute (const StmPredictModel *m,
                 const StmPredictPlan  *p)
{
  StmRegimen *out = g_new0 (StmRegimen, 1);
  double h_br = 0.0, h_oth = 0.0, bc = 0.0;
  double s_br_prev = 1.0, s_oth_prev = 1.0, os_prev = 1.0;

  out->name = g_strdup (p->name);
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    {
      double s_br, s_oth, os, m_br, m_oth;

      h_br += increment (m->base_br, k) * exp (m->pi[k] + p->br[k]);
      h_oth += increment (m->base_oth, k) * exp (m->mi + p->oth);
      s_br = exp (-h_br);
      s_oth = exp (-h_oth);
      os = s_br * s_oth;
      m_br = s_br_prev - s_br;
      m_oth = s_oth_prev - s_oth;
      /* Each year's deaths split in proportion to the two crude mortalities. */
      if (m_br + m_oth > 0.0)
        bc += (os_prev - os) * m_br / (m_br + m_oth);
      out->overall_survival[k] = 100.0 * os;
      out->breast_cancer_mortality[k] = 100.0 * bc;
      out->other_mortality[k] = 100.0 * ((1.0 - os) - bc);
      s_br_prev = s_br;
      s_oth_prev = s_oth;
      os_prev = os;
    }
  return out;
}

static void
regimen_free (gpointer data)
{
  StmRegimen *r = data;

  g_free (r->name);
  g_free (r);
}

static void
benefit_free (gpointer data)
{
  StmBenefit *b = data;

  g_free (b->treatment);
  g_free (b->regimen);
  g_free (b->reference);
  g_free (b);
}

static StmBenefit *
benefit_new (const StmPredictPlan *p,
             const StmRegimen     *with,
             const StmRegimen     *without)
{
  StmBenefit *b = g_new0 (StmBenefit, 1);

  b->treatment = g_strdup (p->treatment);
  b->regimen = g_strdup (with->name);
  b->reference = g_strdup (without->name);
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    b->overall_survival[k] = with->overall_survival[k] - without->overall_survival[k];
  return b;
}

static void
add_common_warnings (StmPredictVersion      version,
                     const StmClinicalCase *c,
                     GPtrArray             *warnings)
{
  if (c->grade == 0 && (c->er == STM_TRISTATE_YES || version != STM_PREDICT_V2_2))
    g_ptr_array_add (warnings, g_strdup ("The grade is unknown; the model uses the average "
                                         "grade (2.13)."));
  if (c->screen_detected == STM_TRISTATE_UNKNOWN)
    g_ptr_array_add (warnings, g_strdup ("It is unknown whether the tumour was screen-detected; "
                                         "the model uses the screen-detected share (0.204)."));
  if (c->her2 == STM_TRISTATE_UNKNOWN)
    g_ptr_array_add (warnings, g_strdup ("The HER2 status is unknown; no HER2 term was applied "
                                         "and trastuzumab is not considered."));
  if (c->ki67 == STM_TRISTATE_UNKNOWN && c->er == STM_TRISTATE_YES)
    g_ptr_array_add (warnings, g_strdup ("The Ki67 status is unknown; no Ki67 term was applied."));
  if (c->bisphosphonates)
    g_ptr_array_add (warnings, g_strdup ("The bisphosphonate benefit was shown in postmenopausal "
                                         "women only."));
}

static void
result_fill (StmPredictResult      *r,
             const StmPredictModel *m)
{
  const StmRegimen *full, *s;

  for (guint i = 0; i < m->n_plans; i++)
    g_ptr_array_add (r->regimens, regimen_compute (m, &m->plans[i]));
  for (guint i = 0; i < m->n_plans; i++)
    if (m->plans[i].treatment != NULL)
      g_ptr_array_add (r->benefits,
                       benefit_new (&m->plans[i], r->regimens->pdata[i],
                                    r->regimens->pdata[m->plans[i].reference]));
  full = r->regimens->pdata[m->total];
  s = r->regimens->pdata[0];
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    r->total_benefit[k] = full->overall_survival[k] - s->overall_survival[k];
}

void
_stm_predict_model_build (StmPredictVersion      version,
                          const StmClinicalCase *c,
                          StmPredictQuirks       quirks,
                          StmPredictModel       *m,
                          GPtrArray             *warnings)
{
  *m = (StmPredictModel) { .quirks = quirks };
  if (version == STM_PREDICT_V2_2)
    _stm_predict_v2_build (c, m, warnings);
  else
    _stm_predict_v3_build (version, c, m, warnings);
}

StmPredictResult *
_stm_predict_run_with_quirks (StmPredictVersion       version,
                              const StmClinicalCase  *c,
                              StmPredictQuirks        quirks,
                              GError                **error)
{
  StmPredictModel m;
  StmPredictResult *r;

  if (!stm_predict_validate (version, c, error))
    return NULL;

  r = g_new0 (StmPredictResult, 1);
  r->version = version;
  r->input = *c;
  r->regimens = g_ptr_array_new_with_free_func (regimen_free);
  r->benefits = g_ptr_array_new_with_free_func (benefit_free);
  r->warnings = g_ptr_array_new_with_free_func (g_free);

  add_common_warnings (version, c, r->warnings);
  _stm_predict_model_build (version, c, quirks, &m, r->warnings);
  result_fill (r, &m);
  return r;
}

/*
 * Overall survival and the two mortalities for years 1..15 under each
 * regimen, and the benefit of each treatment, for a case that passes
 * stm_predict_validate(); NULL with the reason otherwise.
 */
StmPredictResult *
stm_predict_run (StmPredictVersion       version,
                 const StmClinicalCase  *c,
                 GError                **error)
{
  return _stm_predict_run_with_quirks (version, c, _STM_PREDICT_QUIRK_NONE, error);
}

void
stm_predict_result_free (StmPredictResult *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->regimens, g_ptr_array_unref);
  g_clear_pointer (&r->benefits, g_ptr_array_unref);
  g_clear_pointer (&r->warnings, g_ptr_array_unref);
  g_free (r);
}

const StmRegimen *
stm_predict_result_get_regimen (const StmPredictResult *r,
                                const char             *name)
{
  g_return_val_if_fail (r != NULL && name != NULL, NULL);

  for (guint i = 0; i < r->regimens->len; i++)
    {
      const StmRegimen *regimen = r->regimens->pdata[i];

      if (g_str_equal (regimen->name, name))
        return regimen;
    }
  return NULL;
}

const StmBenefit *
stm_predict_result_get_benefit (const StmPredictResult *r,
                                const char             *treatment)
{
  g_return_val_if_fail (r != NULL && treatment != NULL, NULL);

  for (guint i = 0; i < r->benefits->len; i++)
    {
      const StmBenefit *b = r->benefits->pdata[i];

      if (g_str_equal (b->treatment, treatment))
        return b;
    }
  return NULL;
}

/* ---- JSON ---------------------------------------------------------------- */

static void
add_series (JsonBuilder  *b,
            const char   *member,
            const double *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    json_builder_add_double_value (b, values[k]);
  json_builder_end_array (b);
}

static void
add_regimens (JsonBuilder            *b,
              const StmPredictResult *r)
{
  json_builder_set_member_name (b, "regimens");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->regimens->len; i++)
    {
      const StmRegimen *regimen = r->regimens->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, regimen->name);
      add_series (b, "overall_survival", regimen->overall_survival);
      add_series (b, "breast_cancer_mortality", regimen->breast_cancer_mortality);
      add_series (b, "other_mortality", regimen->other_mortality);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_benefits (JsonBuilder            *b,
              const StmPredictResult *r)
{
  json_builder_set_member_name (b, "benefits");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->benefits->len; i++)
    {
      const StmBenefit *benefit = r->benefits->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "treatment");
      json_builder_add_string_value (b, benefit->treatment);
      json_builder_set_member_name (b, "regimen");
      json_builder_add_string_value (b, benefit->regimen);
      json_builder_set_member_name (b, "reference");
      json_builder_add_string_value (b, benefit->reference);
      add_series (b, "overall_survival", benefit->overall_survival);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_years_and_warnings (JsonBuilder            *b,
                        const StmPredictResult *r)
{
  json_builder_set_member_name (b, "years");
  json_builder_begin_array (b);
  for (int k = 1; k <= STM_PREDICT_YEARS; k++)
    json_builder_add_int_value (b, k);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->warnings->len; i++)
    json_builder_add_string_value (b, r->warnings->pdata[i]);
  json_builder_end_array (b);
}

/*
 * {"model", "model_card", "input", "years", "regimens", "benefits",
 *  "total_benefit", "warnings"}: survival and mortality in percent,
 * benefits in percentage points of overall survival, years 1..15.
 */
JsonNode *
stm_predict_result_to_json (const StmPredictResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *name;

  g_return_val_if_fail (r != NULL, NULL);

  name = stm_predict_version_to_string (r->version);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "model_card");
  json_builder_add_value (b, stm_model_card_builtin (name, NULL));
  json_builder_set_member_name (b, "input");
  json_builder_add_value (b, stm_clinical_case_to_json (&r->input));
  add_years_and_warnings (b, r);
  add_regimens (b, r);
  add_benefits (b, r);
  add_series (b, "total_benefit", r->total_benefit);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
