/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "stm-application.h"
#include "stm-frame-allocator.h"
#include "stm-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StmApplication) app = NULL;

  stm_frame_allocator_init ();
  stm_i18n_init ();
  g_set_application_name (_("Stratum"));
  app = stm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
