/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-data-table.h"
#include <glib/gi18n.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (stm-data-error-quark, stm_data_error)

struct _StmDataTable
{
  GPtrArray *names;     /* char * */
  GPtrArray *cells;     /* per column: GPtrArray of char * */
  GPtrArray *values;    /* per column: double[] */
  gsize      n_rows;
};

void
stm_data_table_free (StmDataTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->names);
  g_ptr_array_unref (table->cells);
  g_ptr_array_unref (table->values);
  g_free (table);
}

/* Splits one CSV record (RFC 4180 quoting) starting at *pos; advances *pos. */
static GPtrArray *
read_record (const char *text, gsize length, gsize *pos)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gsize i = *pos;

  for (; i < length; i++)
    {
      char c = text[i];
      if (quoted)
        {
          if (c == '"' && i + 1 < length && text[i + 1] == '"')
            g_string_append_c (field, text[++i]);
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
        }
      else if (c == '"')
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && i + 1 < length && text[i + 1] == '\n')
            i++;
          i++;
          break;
        }
      else
        g_string_append_c (field, c);
    }
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  *pos = i;
  return fields;
}

static double
parse_number (const char *cell)
{
  char *end = NULL;
  double v;

  if (cell == NULL || *cell == '\0' || g_ascii_strcasecmp (cell, "NA") == 0)
    return NAN;
  v = g_ascii_strtod (cell, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  return end != NULL && *end == '\0' && end != cell ? v : NAN;
}

StmDataTable *
stm_data_table_parse_csv (const char *text,
                          gsize       length,
                          GError    **error)
{
  g_autoptr(StmDataTable) table = g_new0 (StmDataTable, 1);
  gsize pos = 0;

  table->names = read_record (text, length, &pos);
  if (table->names->len == 0 || (table->names->len == 1 &&
                                 *(char *) g_ptr_array_index (table->names, 0) == '\0'))
    {
      g_set_error (error, STM_DATA_ERROR, STM_DATA_ERROR_FORMAT, _("The CSV file has no header."));
      return NULL;
    }
  table->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  table->values = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < table->names->len; c++)
    g_ptr_array_add (table->cells, g_ptr_array_new_with_free_func (g_free));

  while (pos < length)
    {
      g_autoptr(GPtrArray) fields = read_record (text, length, &pos);
      if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
        continue;
      if (fields->len != table->names->len)
        {
          g_set_error (error, STM_DATA_ERROR, STM_DATA_ERROR_FORMAT,
                       _("Row %zu of the CSV file has %u fields where the header has %u."),
                       table->n_rows + 2, fields->len, table->names->len);
          return NULL;
        }
      for (guint c = 0; c < fields->len; c++)
        g_ptr_array_add (g_ptr_array_index (table->cells, c),
                         g_strdup (g_ptr_array_index (fields, c)));
      table->n_rows++;
    }

  for (guint c = 0; c < table->names->len; c++)
    {
      GPtrArray *cells = g_ptr_array_index (table->cells, c);
      double *v = g_new (double, MAX (table->n_rows, 1));
      for (gsize r = 0; r < table->n_rows; r++)
        v[r] = parse_number (g_ptr_array_index (cells, r));
      g_ptr_array_add (table->values, v);
    }
  return g_steal_pointer (&table);
}

StmDataTable *
stm_data_table_read_csv (const char *path,
                         GError    **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &text, &length, &local))
    {
      g_set_error (error, STM_DATA_ERROR, STM_DATA_ERROR_IO, _("Cannot read %s: %s"), path,
                   local->message);
      return NULL;
    }
  return stm_data_table_parse_csv (text, length, error);
}

gsize
stm_data_table_n_rows (const StmDataTable *table)
{
  return table->n_rows;
}

guint
stm_data_table_n_columns (const StmDataTable *table)
{
  return table->names->len;
}

const char *
stm_data_table_column_name (const StmDataTable *table,
                            guint               column)
{
  return column < table->names->len ? g_ptr_array_index (table->names, column) : NULL;
}

static gint
find_column (const StmDataTable *table, const char *name)
{
  for (guint c = 0; c < table->names->len; c++)
    if (g_strcmp0 (g_ptr_array_index (table->names, c), name) == 0)
      return (gint) c;
  return -1;
}

const double *
stm_data_table_column (const StmDataTable *table,
                       const char         *name,
                       GError            **error)
{
  gint c = find_column (table, name);

  if (c < 0)
    {
      g_set_error (error, STM_DATA_ERROR, STM_DATA_ERROR_NO_COLUMN,
                   _("The data has no column named “%s”."), name);
      return NULL;
    }
  return g_ptr_array_index (table->values, c);
}

const char *
stm_data_table_text (const StmDataTable *table,
                     const char         *name,
                     gsize               row)
{
  gint c = find_column (table, name);

  if (c < 0 || row >= table->n_rows)
    return NULL;
  return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (table->cells, c), row);
}
