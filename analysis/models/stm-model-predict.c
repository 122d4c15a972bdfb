/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Predictions of a fitted Cox model file: S(t|x) = exp(-H0(t) exp(x'b)),
 * with the confidence band of survfit.coxph (conf.type "log"): the variance
 * of H(t|x) is exp(2x'b) [sum d/S0^2 + q' V q], q = sum (x - xbar) dH0.
 */
#include "stm-model-predict.h"
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

static double
years_to_model_time (const StmModel *m, double years)
{
  if (g_strcmp0 (m->time_unit, "days") == 0)
    return years * 365.25;
  if (g_strcmp0 (m->time_unit, "months") == 0)
    return years * 12;
  return years;
}

/* Reads the covariates from @input, refusing missing, unknown and out-of-range values. */
static gboolean
read_covariates (const StmModel *m, JsonObject *input, double *x, const char **stratum,
                 GError **error)
{
  g_autoptr(GList) members = json_object_get_members (input);

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = g_strcmp0 (l->data, "stratum") == 0;
      for (guint j = 0; !known && j < stm_model_n_covariates (m); j++)
        known = g_strcmp0 (((StmModelCovariate *) g_ptr_array_index (m->covariates, j))->name,
                           l->data) == 0;
      if (!known)
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                       _("“%s” is not an input of this model."), (char *) l->data);
          return FALSE;
        }
    }

  for (guint j = 0; j < stm_model_n_covariates (m); j++)
    {
      StmModelCovariate *c = g_ptr_array_index (m->covariates, j);
      JsonNode *n = json_object_get_member (input, c->name);
      if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) ||
          (json_node_get_value_type (n) != G_TYPE_DOUBLE &&
           json_node_get_value_type (n) != G_TYPE_INT64 &&
           json_node_get_value_type (n) != G_TYPE_BOOLEAN))
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                       _("The model needs a number for “%s”."), c->name);
          return FALSE;
        }
      x[j] = json_node_get_value_type (n) == G_TYPE_BOOLEAN ? json_node_get_boolean (n)
                                                             : json_node_get_double (n);
      if (!isfinite (x[j]) || x[j] < c->min || x[j] > c->max)
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_OUT_OF_RANGE,
                       _("%s = %g is outside the range the model was fitted on (%g to %g)."),
                       c->name, x[j], c->min, c->max);
          return FALSE;
        }
    }
  *stratum = json_object_has_member (input, "stratum")
             ? json_object_get_string_member (input, "stratum") : NULL;
  return TRUE;
}

/* H(t|x), and its standard error when the file carries the variance terms. */
static void
cumulative_hazard (const StmModel *m, const StmModelBaseline *b, const double *x, double t,
                   double *h, double *se)
{
  guint p = stm_model_n_covariates (m);
  double lp = 0, sum_dvar = 0, prev = 0;
  g_autofree double *q = g_new0 (double, p);

  for (guint j = 0; j < p; j++)
    lp += x[j] * m->estimate[j];

  *h = 0;
  for (guint i = 0; i < b->time->len && g_array_index (b->time, double, i) <= t; i++)
    {
      double cum = g_array_index (b->cumhaz, double, i), d = cum - prev;
      prev = cum;
      *h = cum;
      if (b->dvar == NULL)
        continue;
      sum_dvar += g_array_index (b->dvar, double, i);
      for (guint j = 0; j < p; j++)
        q[j] += (x[j] - g_array_index (b->xbar, double, (gsize) i * p + j)) * d;
    }
  *h *= exp (lp);

  if (b->dvar == NULL)
    {
      *se = NAN;
      return;
    }
  double quad = 0;
  for (guint j = 0; j < p; j++)
    for (guint k = 0; k < p; k++)
      quad += q[j] * m->covariance[j * p + k] * q[k];
  *se = exp (lp) * sqrt (sum_dvar + quad);
}

static void
survival_curve (const StmModel *m, const StmModelBaseline *b, const double *x,
                StmSurvivalCurve *curve)
{
  const double z = 1.959963984540054;

  for (guint y = 0; y < STM_MODEL_YEARS; y++)
    {
      double h, se;
      cumulative_hazard (m, b, x, years_to_model_time (m, y + 1), &h, &se);
      curve->survival[y] = exp (-h);
      curve->lower[y] = isnan (se) ? NAN : curve->survival[y] * exp (-z * se);
      curve->upper[y] = isnan (se) ? NAN : MIN (1.0, curve->survival[y] * exp (z * se));
    }
}

StmModelPrediction *
stm_model_predict (const StmModel *m,
                   JsonObject     *input,
                   GError        **error)
{
  guint p = stm_model_n_covariates (m);
  g_autofree double *x = g_new0 (double, p);
  const char *stratum = NULL;

  if (!read_covariates (m, input, x, &stratum, error))
    return NULL;
  gint s = stm_model_find_stratum (m, stratum);
  if (s < 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   stratum ? _("“%s” is not a stratum of this model.") :
                             _("This model is stratified by %s: give the patient's “stratum”."),
                   stratum ? stratum : m->strata_column);
      return NULL;
    }
  const StmModelBaseline *b = g_ptr_array_index (m->baselines, s);

  StmModelPrediction *pred = g_new0 (StmModelPrediction, 1);
  for (guint j = 0; j < p; j++)
    pred->linear_predictor += x[j] * m->estimate[j];
  survival_curve (m, b, x, &pred->curve);

  for (guint j = 0; m->treatment != NULL && j < p; j++)
    if (g_strcmp0 (((StmModelCovariate *) g_ptr_array_index (m->covariates, j))->name,
                   m->treatment) == 0)
      {
        pred->has_treatment = TRUE;
        x[j] = 1;
        survival_curve (m, b, x, &pred->with_treatment);
        x[j] = 0;
        survival_curve (m, b, x, &pred->without_treatment);
      }
  return pred;
}

void
stm_model_prediction_free (StmModelPrediction *pred)
{
  g_free (pred);
}

static void
add_curve (JsonBuilder *b, const char *name, const StmSurvivalCurve *c)
{
  const char *keys[] = { "survival", "lower", "upper" };
  const double *values[] = { c->survival, c->lower, c->upper };

  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  for (int k = 0; k < 3; k++)
    {
      json_builder_set_member_name (b, keys[k]);
      json_builder_begin_array (b);
      for (guint y = 0; y < STM_MODEL_YEARS; y++)
        if (isnan (values[k][y]))
          json_builder_add_null_value (b);
        else
          json_builder_add_double_value (b, 100 * values[k][y]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

JsonNode *
stm_model_prediction_to_json (const StmModel           *m,
                              const StmModelPrediction *pred)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, m->name ? m->name : "fitted Cox model");
  json_builder_set_member_name (b, "years");
  json_builder_begin_array (b);
  for (guint y = 1; y <= STM_MODEL_YEARS; y++)
    json_builder_add_int_value (b, y);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "linear_predictor");
  json_builder_add_double_value (b, pred->linear_predictor);
  add_curve (b, "overall", &pred->curve);
  if (pred->has_treatment)
    {
      json_builder_set_member_name (b, "treatment");
      json_builder_add_string_value (b, m->treatment);
      add_curve (b, "with_treatment", &pred->with_treatment);
      add_curve (b, "without_treatment", &pred->without_treatment);
      json_builder_set_member_name (b, "benefit");
      json_builder_begin_array (b);
      for (guint y = 0; y < STM_MODEL_YEARS; y++)
        json_builder_add_double_value (b, 100 * (pred->with_treatment.survival[y] -
                                                 pred->without_treatment.survival[y]));
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "note");
  json_builder_add_string_value (b, "Survival in percent at years 1 to 15 (free of the model's "
                                    "endpoint), with 95% confidence bands; research use only.");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
