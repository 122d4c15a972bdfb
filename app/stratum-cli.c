/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stratum-cli: the headless face of the analysis library. */
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "stm-cli.h"
#include "stm-config.h"
#include "stm-i18n.h"

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "info", stm_cli_info, N_("info PATH...                    patients, studies and series, as JSON") },
  { "export", stm_cli_export, N_("export PATH [--series ID] -o OUT.nii[.gz]   a series as NIfTI") },
  { "features", stm_cli_features, N_("features --image IMG --mask MASK [--config CFG.json] [--format csv|json]   IBSI biomarkers") },
  { "fit", stm_cli_fit, N_("fit --data CSV --time COL --event COL --covariates A,B -o MODEL.json   a Cox model") },
  { "predict", stm_cli_predict, N_("predict --model NAME|MODEL.json --input PATIENT.json   survival and benefits") },
  { "render", stm_cli_render, N_("render PATH [--series UID] [--slice N|--frame F] [--window C,W] [--mask MASK] -o OUT.png   one slice as a PNG") },
  { "demo", stm_cli_demo, N_("demo -o DIR [--slices N]        write the synthetic demo study") },
};

static int
usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: stratum-cli COMMAND [OPTIONS]"), _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", _(commands[i].summary));
  fprintf (out, "\n%s\n", _("stratum-cli COMMAND --help describes each command."));
  return out == stderr ? 2 : 0;
}

int
main (int argc, char **argv)
{
  stm_i18n_init ();
  /* Messages in the user's language, numbers in JSON and CSV always with a
   * decimal point, whatever the locale writes. */
  setlocale (LC_NUMERIC, "C");

  if (argc < 2)
    return usage (stderr);
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    return usage (stdout);
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("stratum-cli %s\n", STM_VERSION);
      return 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("stratum-cli: unknown command “%s”.\n"), argv[1]);
  return usage (stderr);
}
