/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference numbers computed by R scripts in tests/models/, for the model tests. */
#include "r-reference.h"

#include <stdarg.h>
#include <string.h>

/* Runs Rscript on tests/models/SCRIPT; NULL when R is missing (after
 * skipping the test unless the comparison is optional). */
char *
stm_test_run_r (const char *script, const char * const *args, gboolean optional)
{
  g_autofree char *rscript = g_find_program_in_path ("Rscript");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (rscript == NULL)
    {
      if (optional)
        g_test_message ("Rscript is not installed: no comparison with R");
      else
        g_test_skip ("Rscript is not installed");
      return NULL;
    }
  g_ptr_array_add (argv, g_strdup (rscript));
  g_ptr_array_add (argv, g_strdup ("--vanilla"));
  g_ptr_array_add (argv, g_build_filename (g_getenv ("STM_TESTS_SRCDIR"), "models", script, NULL));
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("could not run Rscript: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    {
      if (!g_error_matches (error, G_SPAWN_EXIT_ERROR, 77))
        {
          g_test_message ("%s failed: %s\n%s", script, error->message, err);
          g_test_fail ();
        }
      else if (optional)
        g_test_message ("R lacks the survival package: no comparison with R");
      else
        g_test_skip ("R lacks the survival package");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* "key ... value" lines into key -> value. */
GHashTable *
stm_test_parse_key_values (const char *out)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *space = strrchr (line, ' ');
      double *v;

      if (space == NULL)
        continue;
      *space = '\0';
      v = g_new (double, 1);
      *v = g_ascii_strtod (space + 1, NULL);
      g_hash_table_insert (table, g_strdup (g_strstrip (line)), v);
    }
  return table;
}

double
stm_test_lookup (GHashTable *table, const char *format, ...)
{
  va_list ap;
  g_autofree char *key = NULL;
  double *v;

  va_start (ap, format);
  key = g_strdup_vprintf (format, ap);
  va_end (ap);
  v = g_hash_table_lookup (table, key);
  if (v == NULL)
    g_error ("the R reference printed no %s", key);
  return *v;
}
