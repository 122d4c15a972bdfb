/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-feature-table.h"

#include <math.h>
#include <string.h>

struct _StmFeatureTable
{
  GArray *rows;   /* StmFeature */
};

static void
feature_clear (gpointer p)
{
  StmFeature *f = p;
  g_free (f->family);
  g_free (f->feature);
  g_free (f->ibsi_code);
  g_free (f->aggregation);
}

StmFeatureTable *
stm_feature_table_new (void)
{
  StmFeatureTable *t = g_new0 (StmFeatureTable, 1);
  t->rows = g_array_new (FALSE, TRUE, sizeof (StmFeature));
  g_array_set_clear_func (t->rows, feature_clear);
  return t;
}

void
stm_feature_table_free (StmFeatureTable *t)
{
  if (t == NULL)
    return;
  g_array_unref (t->rows);
  g_free (t);
}

void
stm_feature_table_add (StmFeatureTable *t,
                       const char      *family,
                       const char      *feature,
                       const char      *ibsi_code,
                       const char      *aggregation,
                       double           value)
{
  StmFeature f = { g_strdup (family), g_strdup (feature), g_strdup (ibsi_code ? ibsi_code : ""),
                   g_strdup (aggregation), value };
  g_array_append_val (t->rows, f);
}

guint
stm_feature_table_length (const StmFeatureTable *t)
{
  return t->rows->len;
}

const StmFeature *
stm_feature_table_get (const StmFeatureTable *t,
                       guint                  index)
{
  return index < t->rows->len ? &g_array_index (t->rows, StmFeature, index) : NULL;
}

const StmFeature *
stm_feature_table_find (const StmFeatureTable *t,
                        const char            *key,
                        const char            *aggregation)
{
  for (guint i = 0; i < t->rows->len; i++)
    {
      const StmFeature *f = &g_array_index (t->rows, StmFeature, i);
      const char *id = *f->ibsi_code ? f->ibsi_code : f->feature;
      if (g_strcmp0 (id, key) == 0 && g_strcmp0 (f->aggregation, aggregation) == 0)
        return f;
    }
  return NULL;
}

void
stm_feature_table_merge (StmFeatureTable       *t,
                         const StmFeatureTable *other)
{
  for (guint i = 0; i < other->rows->len; i++)
    {
      const StmFeature *f = &g_array_index (other->rows, StmFeature, i);
      stm_feature_table_add (t, f->family, f->feature, f->ibsi_code, f->aggregation, f->value);
    }
}

/* RFC 4180: quote a field holding a comma or a quote. */
static void
append_field (GString *out, const char *text)
{
  if (strpbrk (text, ",\"\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
stm_feature_table_to_csv (const StmFeatureTable *t)
{
  GString *out = g_string_new ("family,feature,ibsi_code,aggregation_code,value\n");
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < t->rows->len; i++)
    {
      const StmFeature *f = &g_array_index (t->rows, StmFeature, i);
      const char *fields[] = { f->family, f->feature, f->ibsi_code, f->aggregation };
      for (int k = 0; k < 4; k++)
        {
          append_field (out, fields[k]);
          g_string_append_c (out, ',');
        }
      g_string_append (out, isnan (f->value) ? "NA"
                                             : g_ascii_formatd (number, sizeof number, "%.17g", f->value));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

JsonNode *
stm_feature_table_to_json (const StmFeatureTable *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < t->rows->len; i++)
    {
      const StmFeature *f = &g_array_index (t->rows, StmFeature, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "family");
      json_builder_add_string_value (b, f->family);
      json_builder_set_member_name (b, "feature");
      json_builder_add_string_value (b, f->feature);
      json_builder_set_member_name (b, "ibsi_code");
      json_builder_add_string_value (b, f->ibsi_code);
      json_builder_set_member_name (b, "aggregation_code");
      json_builder_add_string_value (b, f->aggregation);
      json_builder_set_member_name (b, "value");
      if (isnan (f->value))
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, f->value);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}
