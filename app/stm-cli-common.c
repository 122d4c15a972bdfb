/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <stdio.h>

int
stm_cli_fail (const GError *error)
{
  fprintf (stderr, "stratum-cli: %s\n", error->message);
  return 1;
}

int
stm_cli_usage (GOptionContext *context, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "stratum-cli: %s\n\n%s", message, help);
  return 2;
}
