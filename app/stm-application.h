/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define STM_APPLICATION_ID "io.github.stratumviewer.Stratum"

#define STM_TYPE_APPLICATION (stm_application_get_type ())
G_DECLARE_FINAL_TYPE (StmApplication, stm_application, STM, APPLICATION, AdwApplication)

StmApplication *stm_application_new (void);

G_END_DECLS
