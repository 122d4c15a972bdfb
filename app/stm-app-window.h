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

/* @application may be NULL (tests). */
StmAppWindow *stm_app_window_new         (StmApplication *application);
/* Reads what @files (files or folders) hold, lists it in the browser and
 * shows the series with most frames; the study shown before stays on error. */
void          stm_app_window_open_files  (StmAppWindow   *self,
                                          GFile         **files,
                                          guint           n_files);
/* Shows the synthetic demo study in @dir, writing it there first if needed. */
void          stm_app_window_open_demo   (StmAppWindow   *self,
                                          const char     *dir);
/* Loads series @series_id of the open study into the active viewport. */
void          stm_app_window_show_series (StmAppWindow   *self,
                                          const char     *series_id);
/* Shows a NIfTI label map over the active viewport's series. */
void          stm_app_window_open_mask   (StmAppWindow   *self,
                                          GFile          *file);
/* TRUE while a study, a series or a mask is being read. */
gboolean      stm_app_window_get_busy    (StmAppWindow   *self);

G_END_DECLS
