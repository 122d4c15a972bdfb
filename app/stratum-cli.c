/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stratum-cli: the headless face of the analysis library. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "stm-cli.h"
#include "stm-config.h"

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "info", stm_cli_info, "info PATH...                    patients, studies and series, as JSON" },
  { "export", stm_cli_export, "export PATH [--series ID] -o OUT.nii[.gz]   a series as NIfTI" },
  { "features", stm_cli_features, "features --image IMG --mask MASK [--config CFG.json] [--format csv|json]   IBSI biomarkers" },
  { "fit", stm_cli_fit, "fit --data CSV --time COL --event COL --covariates A,B -o MODEL.json   a Cox model" },
  { "predict", stm_cli_predict, "predict --model NAME|MODEL.json --input PATIENT.json   survival and benefits" },
  { "render", stm_cli_render, "render PATH [--series UID] [--slice N|--frame F] [--window C,W] [--mask MASK] -o OUT.png   one slice as a PNG" },
  { "demo", stm_cli_demo, "demo -o DIR [--slices N]        write the synthetic demo study" },
};

static int
usage (FILE *out)
{
  fprintf (out, "Usage: stratum-cli COMMAND [OPTIONS]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", commands[i].summary);
  fprintf (out, "\nstratum-cli COMMAND --help describes each command.\n");
  return out == stderr ? 2 : 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

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

  fprintf (stderr, "stratum-cli: unknown command “%s”.\n", argv[1]);
  return usage (stderr);
}
