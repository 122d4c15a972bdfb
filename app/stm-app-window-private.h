/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared between stm-app-window.c, -actions.c and -dnd.c. */
#pragma once

#include "stm-app-window.h"
#include "stm-dicom-collection.h"
#include "stm-measurement-panel.h"
#include "stm-study-browser.h"
#include "stm-viewport.h"

G_BEGIN_DECLS

struct _StmAppWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template children. */
  AdwWindowTitle       *title;
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *sidebar;
  StmStudyBrowser      *browser;
  StmMeasurementPanel  *measurement_panel;
  GtkPaned             *viewport_paned;
  StmViewport          *viewport1;
  StmViewport          *viewport2;
  GtkButton            *play_button;
  GtkWidget            *scan_box;
  GtkProgressBar       *scan_bar;
  GtkLabel             *scan_label;
  GtkAdjustment        *opacity_adjustment;
  GMenu                *recent_section;
  GMenu                *ct_presets_section;
  GMenu                *file_presets_section;

  StmDicomCollection   *collection;
  StmViewport          *active;
  GCancellable         *scan_cancellable;
  GCancellable         *mask_cancellable;
  guint                 n_busy;          /* series and mask loads under way */

  gboolean              split_view;
  gboolean              link_slices;
  gboolean              show_sidebar;
  gboolean              show_overlays;
  gboolean              show_labels;
  gboolean              cine_loop;
  StmMeasureTool        measure_tool;    /* the same on both viewports */
  gboolean              linking;         /* guards linked scrolling against echoes */
};

/* stm-app-window.c */
void  _stm_app_window_toast             (StmAppWindow *self,
                                         const char   *message);
void  _stm_app_window_cancel            (StmAppWindow *self);
void  _stm_app_window_set_active        (StmAppWindow *self,
                                         StmViewport  *viewport);
void  _stm_app_window_activate_other    (StmAppWindow *self);

/* stm-app-window-actions.c */
void  _stm_app_window_class_add_actions (GtkWidgetClass *widget_class);
void  _stm_app_window_update_actions    (StmAppWindow *self);
void  _stm_app_window_update_presets    (StmAppWindow *self);

/* stm-app-window-dnd.c */
void  _stm_app_window_init_dnd          (StmAppWindow *self);

G_END_DECLS
