/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading and validating a model file: nothing inconsistent gets through. */
#include "stm-model-file.h"
#include <glib/gi18n.h>

#include <math.h>
#include <stdarg.h>

static gboolean fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Sets a FORMAT error; returns FALSE so that checks read "return fail (...)". */
static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FORMAT, message);
  return FALSE;
}

static const char *
get_string (JsonObject *o, const char *name, gboolean required, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  if (required)
    fail (error, _("The model file has no text “%s”."), name);
  return NULL;
}

static gboolean
get_number (JsonObject *o, const char *name, double *out, GError **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) ||
      (json_node_get_value_type (n) != G_TYPE_DOUBLE &&
       json_node_get_value_type (n) != G_TYPE_INT64))
    return fail (error, _("The model file has no number “%s”."), name);
  *out = json_node_get_double (n);
  if (!isfinite (*out))
    return fail (error, _("The model file's “%s” is not a finite number."), name);
  return TRUE;
}

static GArray *
get_doubles (JsonObject *o, const char *name, GError **error)
{
  JsonArray *a = json_object_has_member (o, name) ? json_object_get_array_member (o, name) : NULL;
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (double));

  if (a == NULL)
    {
      fail (error, _("The model file has no list “%s”."), name);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      double v = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_double (n) : NAN;
      if (!isfinite (v))
        {
          fail (error, _("Entry %u of “%s” in the model file is not a finite number."), i + 1, name);
          return NULL;
        }
      g_array_append_val (out, v);
    }
  return g_steal_pointer (&out);
}

static gboolean
read_covariates (JsonObject *root, StmModel *m, GError **error)
{
  JsonArray *list = json_object_has_member (root, "covariates")
                    ? json_object_get_array_member (root, "covariates") : NULL;
  JsonObject *coef = json_object_has_member (root, "coefficients")
                     ? json_object_get_object_member (root, "coefficients") : NULL;

  if (list == NULL || json_array_get_length (list) == 0 || coef == NULL)
    return fail (error, _("The model file lists no covariates or no coefficients."));
  guint p = json_array_get_length (list);
  if (json_object_get_size (coef) != p)
    return fail (error, _("The model file has %u coefficients for %u covariates."),
                 json_object_get_size (coef), p);

  m->estimate = g_new0 (double, p);
  m->se = g_new0 (double, p);
  for (guint j = 0; j < p; j++)
    {
      JsonObject *c = json_array_get_object_element (list, j);
      const char *name = c ? get_string (c, "name", TRUE, error) : NULL;
      if (name == NULL)
        return c ? FALSE : fail (error, _("Covariate %u of the model file is not an object."), j + 1);
      for (guint k = 0; k < j; k++)
        if (g_strcmp0 (((StmModelCovariate *) g_ptr_array_index (m->covariates, k))->name, name) == 0)
          return fail (error, _("The model file lists covariate “%s” twice."), name);
      g_autoptr(GArray) range = get_doubles (c, "range", error);
      if (range == NULL)
        return FALSE;
      if (range->len != 2 || g_array_index (range, double, 0) > g_array_index (range, double, 1))
        return fail (error, _("The range of covariate “%s” is not [min, max]."), name);

      StmModelCovariate *cov = g_new0 (StmModelCovariate, 1);
      cov->name = g_strdup (name);
      cov->unit = g_strdup (get_string (c, "unit", FALSE, NULL));
      cov->min = g_array_index (range, double, 0);
      cov->max = g_array_index (range, double, 1);
      cov->binary = g_strcmp0 (get_string (c, "coding", FALSE, NULL), "binary") == 0;
      g_ptr_array_add (m->covariates, cov);

      JsonObject *e = json_object_has_member (coef, name) ? json_object_get_object_member (coef, name) : NULL;
      if (e == NULL)
        return fail (error, _("The model file has no coefficient for covariate “%s”."), name);
      if (!get_number (e, "estimate", &m->estimate[j], error) || !get_number (e, "se", &m->se[j], error))
        return FALSE;
      if (m->se[j] < 0)
        return fail (error, _("The standard error of “%s” is negative."), name);
    }
  return TRUE;
}

static gboolean
read_covariance (JsonObject *root, StmModel *m, GError **error)
{
  guint p = stm_model_n_covariates (m);
  JsonArray *rows = json_object_has_member (root, "covariance")
                    ? json_object_get_array_member (root, "covariance") : NULL;

  if (rows == NULL || json_array_get_length (rows) != p)
    return fail (error, _("The model file's covariance is not a %u x %u matrix."), p, p);
  m->covariance = g_new0 (double, (gsize) p * p);
  for (guint j = 0; j < p; j++)
    {
      JsonArray *row = json_array_get_array_element (rows, j);
      if (row == NULL || json_array_get_length (row) != p)
        return fail (error, _("The model file's covariance is not a %u x %u matrix."), p, p);
      for (guint k = 0; k < p; k++)
        {
          double v = json_array_get_double_element (row, k);
          if (!isfinite (v))
            return fail (error, _("The model file's covariance holds a value that is not a number."));
          m->covariance[j * p + k] = v;
        }
    }
  for (guint j = 0; j < p; j++)
    {
      double var = m->covariance[j * p + j];
      if (var < 0 || fabs (sqrt (var) - m->se[j]) > 1e-6 * MAX (m->se[j], 1e-12))
        return fail (error, _("The covariance does not agree with the standard error of “%s”."),
                     ((StmModelCovariate *) g_ptr_array_index (m->covariates, j))->name);
      for (guint k = 0; k < j; k++)
        if (fabs (m->covariance[j * p + k] - m->covariance[k * p + j]) >
            1e-9 * MAX (fabs (m->covariance[j * p + k]), 1e-300))
          return fail (error, _("The model file's covariance matrix is not symmetric."));
    }
  return TRUE;
}

static StmModelBaseline *
read_baseline (JsonObject *o, guint p, GError **error)
{
  g_autoptr(GArray) time = get_doubles (o, "time", error);
  g_autoptr(GArray) cumhaz = time ? get_doubles (o, "cumhaz", error) : NULL;

  if (cumhaz == NULL)
    return NULL;
  if (time->len == 0 || time->len != cumhaz->len)
    {
      fail (error, _("The baseline hazard has %u times and %u values."), time->len, cumhaz->len);
      return NULL;
    }
  for (guint i = 0; i < time->len; i++)
    {
      double t = g_array_index (time, double, i), h = g_array_index (cumhaz, double, i);
      if (h < 0 || (i > 0 && (t <= g_array_index (time, double, i - 1) ||
                               h < g_array_index (cumhaz, double, i - 1))))
        {
          fail (error, _("The baseline hazard must grow with time (entry %u does not)."), i + 1);
          return NULL;
        }
    }

  StmModelBaseline *b = g_new0 (StmModelBaseline, 1);
  b->time = g_steal_pointer (&time);
  b->cumhaz = g_steal_pointer (&cumhaz);
  if (json_object_has_member (o, "dvar"))
    {
      b->dvar = get_doubles (o, "dvar", NULL);
      b->xbar = get_doubles (o, "xbar", NULL);
      if (b->dvar == NULL || b->xbar == NULL || b->dvar->len != b->time->len ||
          b->xbar->len != (gsize) b->time->len * p)
        {
          g_clear_pointer (&b->dvar, g_array_unref);
          g_clear_pointer (&b->xbar, g_array_unref);
        }
    }
  return b;
}

static gboolean
read_baselines (JsonObject *root, StmModel *m, GError **error)
{
  JsonNode *strata = json_object_get_member (root, "strata");
  guint p = stm_model_n_covariates (m);

  if (strata == NULL || JSON_NODE_HOLDS_NULL (strata))
    {
      JsonObject *o = json_object_has_member (root, "baseline")
                      ? json_object_get_object_member (root, "baseline") : NULL;
      StmModelBaseline *b = o ? read_baseline (o, p, error) : NULL;
      if (b == NULL)
        return o ? FALSE : fail (error, _("The model file has no baseline hazard."));
      g_ptr_array_add (m->baselines, b);
      return TRUE;
    }

  JsonObject *s = json_node_get_object (strata);
  JsonArray *list = s && json_object_has_member (s, "baselines")
                    ? json_object_get_array_member (s, "baselines") : NULL;
  const char *column = s ? get_string (s, "column", TRUE, error) : NULL;
  if (column == NULL || list == NULL || json_array_get_length (list) == 0)
    return fail (error, _("The model file's strata are incomplete."));
  m->strata_column = g_strdup (column);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      const char *label = o ? get_string (o, "stratum", TRUE, error) : NULL;
      StmModelBaseline *b = label ? read_baseline (o, p, error) : NULL;
      if (b == NULL)
        return FALSE;
      b->label = g_strdup (label);
      g_ptr_array_add (m->baselines, b);
    }
  return TRUE;
}

static gboolean
read_header (JsonObject *root, StmModel *m, GError **error)
{
  const char *format = get_string (root, "format", FALSE, NULL);
  JsonNode *version = json_object_get_member (root, "format_version");
  const char *type, *unit;

  if (g_strcmp0 (format, STM_MODEL_FORMAT) != 0)
    return fail (error, _("This is not a Stratum model file."));
  if (version == NULL || json_node_get_int (version) != STM_MODEL_FORMAT_VERSION)
    return fail (error, _("This model file is of a version this Stratum cannot read."));
  if ((type = get_string (root, "type", TRUE, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (type, "cox") != 0 && g_strcmp0 (type, "cox-penalized") != 0)
    return fail (error, _("Model type “%s” is not known."), type);
  unit = get_string (root, "time_unit", TRUE, error);
  if (unit == NULL)
    return FALSE;
  if (g_strcmp0 (unit, "days") && g_strcmp0 (unit, "months") && g_strcmp0 (unit, "years"))
    return fail (error, _("Time unit “%s” is not days, months or years."), unit);
  m->type = g_strdup (type);
  m->time_unit = g_strdup (unit);
  m->name = g_strdup (get_string (root, "name", FALSE, NULL));
  m->ties = g_strdup (get_string (root, "ties", FALSE, NULL));
  m->treatment = g_strdup (get_string (root, "treatment", FALSE, NULL));
  return TRUE;
}

static gboolean
read_loglik (JsonObject *root, StmModel *m, GError **error)
{
  g_autoptr(GArray) loglik = get_doubles (root, "loglik", error);

  if (loglik == NULL)
    return FALSE;
  if (loglik->len != 2)
    return fail (error, _("The model file's loglik is not [null model, fitted]."));
  m->loglik_null = g_array_index (loglik, double, 0);
  m->loglik = g_array_index (loglik, double, 1);
  return get_number (root, "concordance", &m->concordance, error);
}

static void
read_training (JsonObject *root, StmModel *m)
{
  JsonObject *t = json_object_has_member (root, "training")
                  ? json_object_get_object_member (root, "training") : NULL;
  JsonObject *p = json_object_has_member (root, "provenance")
                  ? json_object_get_object_member (root, "provenance") : NULL;

  if (t != NULL)
    {
      m->n = (gsize) json_object_get_int_member_with_default (t, "n", 0);
      m->n_events = (gsize) json_object_get_int_member_with_default (t, "events", 0);
      m->n_dropped = (gsize) json_object_get_int_member_with_default (t, "rows_dropped", 0);
      m->median_follow_up = json_object_get_double_member_with_default (t, "median_follow_up", NAN);
    }
  if (p != NULL)
    {
      m->training_data = g_strdup (get_string (p, "data", FALSE, NULL));
      m->created = g_strdup (get_string (p, "created", FALSE, NULL));
      m->stratum_version = g_strdup (get_string (p, "stratum_version", FALSE, NULL));
    }
  m->intended_use = g_strdup (get_string (root, "intended_use", FALSE, NULL));
  if (json_object_has_member (root, "tests") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "tests")))
    {
      JsonObject *tests = json_object_get_object_member (root, "tests");
      m->lr_test = json_object_get_double_member_with_default (tests, "likelihood_ratio", NAN);
      m->wald_test = json_object_get_double_member_with_default (tests, "wald", NAN);
      m->score_test = json_object_get_double_member_with_default (tests, "score", NAN);
    }
  if (json_object_has_member (root, "metrics") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "metrics")))
    m->metrics = json_object_ref (json_object_get_object_member (root, "metrics"));
}

static gboolean
check_treatment (StmModel *m, GError **error)
{
  for (guint j = 0; m->treatment != NULL && j < stm_model_n_covariates (m); j++)
    {
      StmModelCovariate *c = g_ptr_array_index (m->covariates, j);
      if (g_strcmp0 (c->name, m->treatment) == 0)
        return c->binary ? TRUE : fail (error, _("The treatment “%s” is not a 0/1 covariate."), c->name);
    }
  return m->treatment == NULL ? TRUE
                              : fail (error, _("The treatment “%s” is not a covariate of the model."),
                                      m->treatment);
}

StmModel *
stm_model_from_json (JsonNode *root,
                     GError  **error)
{
  g_autoptr(StmModel) m = stm_model_new ();
  JsonObject *o;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, _("This is not a Stratum model file."));
      return NULL;
    }
  o = json_node_get_object (root);
  if (!read_header (o, m, error) || !read_covariates (o, m, error) ||
      !read_covariance (o, m, error) || !read_loglik (o, m, error) ||
      !read_baselines (o, m, error) || !check_treatment (m, error))
    return NULL;
  read_training (o, m);
  return g_steal_pointer (&m);
}

StmModel *
stm_model_load (const char *path,
                GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;

  if (!json_parser_load_from_file (parser, path, &local))
    {
      gboolean io = g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
                    local->domain == G_FILE_ERROR;
      g_set_error (error, STM_MODEL_ERROR, io ? STM_MODEL_ERROR_IO : STM_MODEL_ERROR_FORMAT,
                   io ? _("Cannot read the model file: %s") : _("The model file is not valid JSON: %s"),
                   local->message);
      return NULL;
    }
  return stm_model_from_json (json_parser_get_root (parser), error);
}
