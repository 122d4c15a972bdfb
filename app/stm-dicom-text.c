/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-dicom-text.h"

#include <glib/gi18n.h>
#include <string.h>

char *
stm_dicom_text_person_name (const char *person_name)
{
  g_auto(GStrv) parts = NULL;

  if (person_name == NULL || *person_name == '\0')
    return g_strdup (_("Anonymous patient"));
  /* Family, given, middle, prefix and suffix are separated by carets. */
  parts = g_strsplit (person_name, "^", -1);
  return g_strstrip (g_strjoinv (" ", parts));
}

char *
stm_dicom_text_date (const char *date)
{
  if (date == NULL)
    return g_strdup ("");
  if (strlen (date) == 8 && strspn (date, "0123456789") == 8)
    return g_strdup_printf ("%.4s-%.2s-%.2s", date, date + 4, date + 6);
  return g_strdup (date);
}
