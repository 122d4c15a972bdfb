/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <glib/gi18n.h>

#include "stm-cts5.h"
#include "stm-model-card.h"
#include "stm-model-error.h"

/* Nodes enter as five groups: 0, 1, 2-3, 4-9, 10 or more. */
static int
node_group (int nodes)
{
  if (nodes == 0)
    return 0;
  if (nodes == 1)
    return 1;
  if (nodes <= 3)
    return 2;
  if (nodes <= 9)
    return 3;
  return 4;
}

/*
 * The continuous risk is derived, not published: the JCO paper's baseline
 * could not be retrieved, only the categories (< 5 %, 5-10 %, > 10 % late
 * distant recurrence in years 5-10, at CTS5 = 3.13 and 3.86). Reading the
 * cut points as points on a proportional-hazards curve
 * risk = 1 - exp(-H0 exp(CTS5)), each gives a baseline:
 * H0 = -ln(0.95) / exp(3.13) = 0.0022424 and -ln(0.90) / exp(3.86) = 0.0022197.
 * They agree within 1 %, which supports the reading; we take their
 * geometric mean (0.0022311), which puts both cut points within 0.05
 * percentage points of 5 % and 10 %.
 */
double
stm_cts5_baseline_hazard (void)
{
  double at_low = -log (0.95) / exp (STM_CTS5_LOW_CUT);
  double at_high = -log (0.90) / exp (STM_CTS5_HIGH_CUT);

  return sqrt (at_low * at_high);
}

const char *
stm_cts5_category_to_string (StmCts5Category category)
{
  switch (category)
    {
    case STM_CTS5_LOW:
      return "low";
    case STM_CTS5_INTERMEDIATE:
      return "intermediate";
    case STM_CTS5_HIGH:
    default:
      return "high";
    }
}

static gboolean
refuse (GError      **error,
        StmModelError code,
        const char   *message)
{
  g_set_error_literal (error, STM_MODEL_ERROR, code, message);
  return FALSE;
}

static gboolean
check_scope (const StmClinicalCase  *c,
             GError                **error)
{
  if (c->er == STM_TRISTATE_NO)
    return refuse (error, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("CTS5 applies only to ER-positive breast cancer; this tumour is "
                     "ER-negative."));
  if (c->er != STM_TRISTATE_YES)
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT,
                   _("CTS5 applies only to ER-positive breast cancer; the ER status is "
                     "unknown."));
  if (isnan (c->age))
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT, _("The age at diagnosis is missing."));
  if (isnan (c->size_mm))
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT, _("The tumour size is missing."));
  if (c->nodes == -1)
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT,
                   _("The number of positive nodes is missing."));
  if (c->grade == 0)
    return refuse (error, STM_MODEL_ERROR_INVALID_INPUT,
                   _("CTS5 needs the tumour grade (1, 2 or 3); it is unknown."));
  return TRUE;
}

static gboolean
check_ranges (const StmClinicalCase  *c,
              GError                **error)
{
  if (!(c->age >= STM_CTS5_AGE_MIN && c->age <= STM_CTS5_AGE_MAX))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("An age of %g years is outside the range of CTS5 (%g to %g years)."),
                   c->age, STM_CTS5_AGE_MIN, STM_CTS5_AGE_MAX);
      return FALSE;
    }
  if (!(c->size_mm >= STM_CTS5_SIZE_MIN_MM && c->size_mm <= STM_CTS5_SIZE_MAX_MM))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("A tumour size of %g mm is outside the range of CTS5 (%g to %g mm)."),
                   c->size_mm, STM_CTS5_SIZE_MIN_MM, STM_CTS5_SIZE_MAX_MM);
      return FALSE;
    }
  if (c->nodes < 0 || c->nodes > STM_CTS5_NODES_MAX)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("%d positive nodes is outside the range of CTS5 (0 to %d)."),
                   c->nodes, STM_CTS5_NODES_MAX);
      return FALSE;
    }
  if (c->grade < 1 || c->grade > 3)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                   _("Grade %d is not a tumour grade; CTS5 takes grade 1, 2 or 3."), c->grade);
      return FALSE;
    }
  return TRUE;
}

/* The cut points compare the score at 1e-9, so that a score printed as
 * 3.13 is not sent to "low" by a rounding error in its last bit. */
static StmCts5Category
categorise (double score)
{
  double s = round (score * 1e9) / 1e9;

  if (s < STM_CTS5_LOW_CUT)
    return STM_CTS5_LOW;
  if (s > STM_CTS5_HIGH_CUT)
    return STM_CTS5_HIGH;
  return STM_CTS5_INTERMEDIATE;
}

/*
 * CTS5 = 0.438 N + 0.988 (0.093 S - 0.001 S^2 + 0.375 G + 0.017 A), with the
 * node term outside the bracket, N the node group and S the size capped at
 * 30 mm. Refuses ER-negative or unknown-ER tumours and a missing grade.
 */
gboolean
stm_cts5_compute (const StmClinicalCase  *c,
                  StmCts5Result          *out,
                  GError                **error)
{
  double s;
  int n;

  g_return_val_if_fail (c != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_scope (c, error) || !check_ranges (c, error))
    return FALSE;

  n = node_group (c->nodes);
  s = MIN (c->size_mm, STM_CTS5_SIZE_CAP_MM);
  out->node_group = n;
  out->size_used_mm = s;
  out->score = 0.438 * n + 0.988 * (0.093 * s - 0.001 * s * s + 0.375 * c->grade
                                    + 0.017 * c->age);
  out->category = categorise (out->score);
  out->derived_risk = 100.0 * (1.0 - exp (-stm_cts5_baseline_hazard () * exp (out->score)));
  return TRUE;
}

static void
add_member_double (JsonBuilder *b,
                   const char  *name,
                   double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static void
add_member_string (JsonBuilder *b,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

JsonNode *
stm_cts5_result_to_json (const StmCts5Result *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (r != NULL, NULL);

  json_builder_begin_object (b);
  add_member_string (b, "model", "cts5");
  json_builder_set_member_name (b, "model_card");
  json_builder_add_value (b, stm_model_card_builtin ("cts5", NULL));
  add_member_double (b, "score", r->score);
  add_member_string (b, "category", stm_cts5_category_to_string (r->category));
  add_member_string (b, "category_meaning",
                     r->category == STM_CTS5_LOW ? "< 5 % late distant recurrence, years 5-10"
                     : r->category == STM_CTS5_HIGH ? "> 10 % late distant recurrence, years 5-10"
                     : "5-10 % late distant recurrence, years 5-10");
  add_member_double (b, "derived_risk", r->derived_risk);
  add_member_string (b, "derived_risk_unit", "percent, distant recurrence in years 5-10");
  add_member_string (b, "derived_risk_note", "derived, not published");
  json_builder_set_member_name (b, "node_group");
  json_builder_add_int_value (b, r->node_group);
  add_member_double (b, "size_used_mm", r->size_used_mm);
  add_member_string (b, "scope", "Postmenopausal women with ER-positive breast cancer, free of "
                     "distant recurrence after 5 years of endocrine therapy.");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
