/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "stm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StmApplication) app = NULL;

  g_set_application_name ("Stratum");
  app = stm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
