/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "stm-dicom-json.h"

int
stm_cli_info (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH... — list patients, studies and series as JSON"));
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (argc < 2)
    return stm_cli_usage (context, _("info needs at least one file or folder."));

  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan ((const char * const *) argv + 1, NULL, NULL, NULL, &error);
  if (collection == NULL)
    return stm_cli_fail (error);

  g_autoptr(JsonNode) root = stm_dicom_collection_to_json (collection);
  g_autofree char *text = json_to_string (root, TRUE);
  printf ("%s\n", text);
  return 0;
}
