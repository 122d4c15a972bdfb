/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The viewer window. The type is StmAppWindow because StmWindow is already
 * the DICOM VOI window of analysis/image/stm-window.h.
 */
#pragma once

#include <adwaita.h>

#include "stm-application.h"

G_BEGIN_DECLS

#define STM_TYPE_APP_WINDOW (stm_app_window_get_type ())
G_DECLARE_FINAL_TYPE (StmAppWindow, stm_app_window, STM, APP_WINDOW, AdwApplicationWindow)

StmAppWindow *stm_app_window_new        (StmApplication *application);
/* Loads the series with most frames found in @files (files or folders). */
void          stm_app_window_load_files (StmAppWindow   *self,
                                         GFile         **files,
                                         guint           n_files);
/* Shows the synthetic demo study in @dir, writing it there first if needed. */
void          stm_app_window_load_demo  (StmAppWindow   *self,
                                         const char     *dir);

G_END_DECLS
