/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-dicom-names.h"

#include <glib/gi18n.h>
#include <string.h>

char *
stm_dicom_person_name_display (const char *person_name)
{
  /* Family, given, middle, prefix and suffix are separated by carets. */
  g_auto(GStrv) parts = g_strsplit (person_name != NULL ? person_name : "", "^", -1);
  g_autoptr(GString) name = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, parts[i]);
    }
  if (name->len == 0)
    return g_strdup (_("Anonymous patient"));
  return g_string_free (g_steal_pointer (&name), FALSE);
}

char *
stm_dicom_date_display (const char *date)
{
  if (date != NULL && strlen (date) == 8 && strspn (date, "0123456789") == 8)
    return g_strdup_printf ("%.4s-%.2s-%.2s", date, date + 4, date + 6);
  return g_strdup (date != NULL ? date : "");
}

char *
stm_series_display_title (const StmSeries *series)
{
  g_autofree char *text = g_strdup_printf ("%s %s", series->modality ? series->modality : "",
                                           series->description ? series->description : "");

  g_strstrip (text);
  return *text ? g_steal_pointer (&text) : g_strdup (_("Unnamed series"));
}
