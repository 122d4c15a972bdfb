/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <locale.h>

#include "stm-application.h"
#include "stm-config.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StmApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, STM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Stratum"));
  app = stm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
