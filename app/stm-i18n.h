/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The locale and the text domain, for stratum and stratum-cli. */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "stm-config.h"

/* The catalogues are looked up under the install prefix, or under the
 * folder the environment variable STM_LOCALEDIR names: an uninstalled run
 * (tools/run.sh, tests) points it at the build tree's po/ folder. */
static inline void
stm_i18n_init (void)
{
  const char *dir = g_getenv ("STM_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : STM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
