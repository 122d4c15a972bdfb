/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-model-file.h"
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "stm-config.h"

static void
covariate_free (gpointer p)
{
  StmModelCovariate *c = p;
  g_free (c->name);
  g_free (c->unit);
  g_free (c);
}

static void
baseline_free (gpointer p)
{
  StmModelBaseline *b = p;
  g_free (b->label);
  g_clear_pointer (&b->time, g_array_unref);
  g_clear_pointer (&b->cumhaz, g_array_unref);
  g_clear_pointer (&b->dvar, g_array_unref);
  g_clear_pointer (&b->xbar, g_array_unref);
  g_free (b);
}

StmModel *
stm_model_new (void)
{
  StmModel *m = g_new0 (StmModel, 1);
  m->covariates = g_ptr_array_new_with_free_func (covariate_free);
  m->lr_test = m->wald_test = m->score_test = NAN;
  m->baselines = g_ptr_array_new_with_free_func (baseline_free);
  return m;
}

void
stm_model_free (StmModel *m)
{
  if (m == NULL)
    return;
  char **strings[] = { &m->type, &m->name, &m->time_unit, &m->ties, &m->strata_column,
                       &m->treatment, &m->training_data, &m->created, &m->stratum_version,
                       &m->intended_use };
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    g_free (*strings[i]);
  g_ptr_array_unref (m->covariates);
  g_ptr_array_unref (m->baselines);
  g_free (m->estimate);
  g_free (m->se);
  g_free (m->covariance);
  g_clear_pointer (&m->metrics, json_object_unref);
  g_free (m);
}

guint
stm_model_n_covariates (const StmModel *m)
{
  return m->covariates->len;
}

gint
stm_model_find_stratum (const StmModel *m,
                        const char     *label)
{
  for (guint s = 0; s < m->baselines->len; s++)
    {
      StmModelBaseline *b = g_ptr_array_index (m->baselines, s);
      if (label == NULL ? m->baselines->len == 1 : g_strcmp0 (b->label, label) == 0)
        return (gint) s;
    }
  return -1;
}

/* ---- writing ---- */

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_double_array (JsonBuilder *b, const char *name, const double *v, gsize n)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (gsize i = 0; i < n; i++)
    json_builder_add_double_value (b, v[i]);
  json_builder_end_array (b);
}

static void
write_covariates (JsonBuilder *b, const StmModel *m)
{
  guint p = stm_model_n_covariates (m);

  json_builder_set_member_name (b, "covariates");
  json_builder_begin_array (b);
  for (guint j = 0; j < p; j++)
    {
      StmModelCovariate *c = g_ptr_array_index (m->covariates, j);
      double range[2] = { c->min, c->max };
      json_builder_begin_object (b);
      add_string (b, "name", c->name);
      add_string (b, "unit", c->unit);
      add_double_array (b, "range", range, 2);
      add_string (b, "coding", c->binary ? "binary" : "numeric");
      add_string (b, "transform", "identity");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "coefficients");
  json_builder_begin_object (b);
  for (guint j = 0; j < p; j++)
    {
      json_builder_set_member_name (b, ((StmModelCovariate *) g_ptr_array_index (m->covariates, j))->name);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "estimate");
      json_builder_add_double_value (b, m->estimate[j]);
      json_builder_set_member_name (b, "se");
      json_builder_add_double_value (b, m->se[j]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "covariance");
  json_builder_begin_array (b);
  for (guint j = 0; j < p; j++)
    {
      json_builder_begin_array (b);
      for (guint k = 0; k < p; k++)
        json_builder_add_double_value (b, m->covariance[j * p + k]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

static void
write_baseline_arrays (JsonBuilder *b, const StmModelBaseline *base)
{
  add_double_array (b, "time", (double *) base->time->data, base->time->len);
  add_double_array (b, "cumhaz", (double *) base->cumhaz->data, base->cumhaz->len);
  if (base->dvar != NULL && base->xbar != NULL)
    {
      add_double_array (b, "dvar", (double *) base->dvar->data, base->dvar->len);
      add_double_array (b, "xbar", (double *) base->xbar->data, base->xbar->len);
    }
}

static void
write_baselines (JsonBuilder *b, const StmModel *m)
{
  json_builder_set_member_name (b, "baseline");
  json_builder_begin_object (b);
  write_baseline_arrays (b, g_ptr_array_index (m->baselines, 0));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "strata");
  if (m->strata_column == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  add_string (b, "column", m->strata_column);
  json_builder_set_member_name (b, "baselines");
  json_builder_begin_array (b);
  for (guint s = 0; s < m->baselines->len; s++)
    {
      StmModelBaseline *base = g_ptr_array_index (m->baselines, s);
      json_builder_begin_object (b);
      add_string (b, "stratum", base->label);
      write_baseline_arrays (b, base);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
write_training (JsonBuilder *b, const StmModel *m)
{
  json_builder_set_member_name (b, "training");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, m->n);
  json_builder_set_member_name (b, "events");
  json_builder_add_int_value (b, m->n_events);
  json_builder_set_member_name (b, "rows_dropped");
  json_builder_add_int_value (b, m->n_dropped);
  json_builder_set_member_name (b, "median_follow_up");
  if (isnan (m->median_follow_up))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, m->median_follow_up);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "metrics");
  if (m->metrics != NULL)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, m->metrics);
      json_builder_add_value (b, node);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "provenance");
  json_builder_begin_object (b);
  add_string (b, "data", m->training_data);
  add_string (b, "created", m->created);
  add_string (b, "stratum_version", m->stratum_version);
  json_builder_end_object (b);
  add_string (b, "intended_use", m->intended_use);
}

static void
write_tests (JsonBuilder *b, const StmModel *m)
{
  const char *names[] = { "likelihood_ratio", "wald", "score" };
  const double values[] = { m->lr_test, m->wald_test, m->score_test };

  json_builder_set_member_name (b, "tests");
  json_builder_begin_object (b);
  for (int i = 0; i < 3; i++)
    {
      json_builder_set_member_name (b, names[i]);
      if (isnan (values[i]))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, values[i]);
    }
  json_builder_set_member_name (b, "df");
  json_builder_add_int_value (b, stm_model_n_covariates (m));
  json_builder_end_object (b);
}

JsonNode *
stm_model_to_json (const StmModel *m)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  double loglik[2] = { m->loglik_null, m->loglik };

  json_builder_begin_object (b);
  add_string (b, "format", STM_MODEL_FORMAT);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, STM_MODEL_FORMAT_VERSION);
  add_string (b, "type", m->type);
  add_string (b, "name", m->name);
  add_string (b, "time_unit", m->time_unit);
  add_string (b, "ties", m->ties);
  add_string (b, "treatment", m->treatment);
  write_covariates (b, m);
  add_double_array (b, "loglik", loglik, 2);
  json_builder_set_member_name (b, "concordance");
  json_builder_add_double_value (b, m->concordance);
  write_tests (b, m);
  write_baselines (b, m);
  write_training (b, m);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
stm_model_save (const StmModel *m,
                const char     *path,
                GError        **error)
{
  g_autoptr(JsonNode) root = stm_model_to_json (m);
  g_autofree char *text = json_to_string (root, TRUE);
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_IO,
                   _("Could not write the model file: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}
