/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "stm-demo-study.h"

int
stm_cli_demo (int argc, char **argv)
{
  g_autofree char *output = NULL;
  StmDemoOptions options;
  int slices = -1, size = -1, frames = -1;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Folder to write the study into"), "DIR" },
    { "slices", 0, 0, G_OPTION_ARG_INT, &slices, N_("CT slices (default 300)"), "N" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, N_("CT rows and columns (default 512)"), "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, N_("Ultrasound frames (default 40)"), "N" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— write the synthetic demo breast study (CT and ultrasound)"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (output == NULL || argc > 1)
    return stm_cli_usage (context, _("demo needs -o DIR and nothing else."));

  stm_demo_options_init (&options);
  if (slices > 0)
    options.ct_slices = (guint) slices;
  if (size > 0)
    options.ct_size = (guint) size;
  if (frames > 0)
    options.us_frames = (guint) frames;
  if (!stm_demo_study_write (output, &options, NULL, &error))
    return stm_cli_fail (error);
  return 0;
}
