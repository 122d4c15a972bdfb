/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "stm-nifti.h"

int
stm_cli_export (int argc, char **argv)
{
  g_autofree char *series_id = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  const GOptionEntry entries[] = {
    { "series", 0, 0, G_OPTION_ARG_STRING, &series_id, N_("Series to export (default: the largest)"), "ID" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("NIfTI file to write (.nii or .nii.gz)"), "OUT" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH... — write a series as NIfTI"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (argc < 2 || output == NULL)
    return stm_cli_usage (context, _("export needs a PATH and -o OUT.nii[.gz]."));

  g_autoptr(StmVolume) volume = stm_cli_load_volume ((const char * const *) argv + 1, series_id,
                                                     warnings, &error);
  if (volume == NULL || !stm_nifti_write (volume, output, &error))
    return stm_cli_fail (error);
  for (guint i = 0; i < warnings->len; i++)
    fprintf (stderr, _("stratum-cli: warning: %s\n"), (char *) g_ptr_array_index (warnings, i));
  return 0;
}
