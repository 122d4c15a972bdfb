/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a set of files holds, for a sidebar: each patient, their studies,
 * and a row per series with a thumbnail of its middle slice, its modality,
 * number, description, image or frame count, and the loader's warnings.
 * Thumbnails are made in a worker thread and appear as they are ready.
 */
#pragma once

#include <gtk/gtk.h>

#include "stm-dicom-collection.h"

G_BEGIN_DECLS

/* Thumbnails fit in this many pixels (times the widget's scale factor) a side. */
#define STM_STUDY_BROWSER_THUMBNAIL_SIZE 64

#define STM_TYPE_STUDY_BROWSER (stm_study_browser_get_type ())
G_DECLARE_FINAL_TYPE (StmStudyBrowser, stm_study_browser, STM, STUDY_BROWSER, GtkWidget)

GtkWidget          *stm_study_browser_new            (void);

/*
 * Shows @collection (NULL: nothing), keeping a reference to it
 * (stm_dicom_collection_ref()) so its series stay valid while shown, and
 * starts making thumbnails; a previous collection's thumbnails are
 * cancelled. Reads series->warnings now, on the calling (main) thread:
 * set the collection before starting a load of its series in a thread.
 */
void                stm_study_browser_set_collection (StmStudyBrowser    *self,
                                                      StmDicomCollection *collection);
/* (transfer none) */
StmDicomCollection *stm_study_browser_get_collection (StmStudyBrowser    *self);

/* Highlights the row of the series with id @series_id (NULL: none), without
 * emitting series-activated. */
void                stm_study_browser_select_series  (StmStudyBrowser    *self,
                                                      const char         *series_id);
/* (transfer none) The id of the highlighted series, or NULL. */
const char         *stm_study_browser_get_selected_series (StmStudyBrowser *self);

/* (transfer none) The thumbnail of a series once made, NULL before (or on failure). */
GdkTexture         *stm_study_browser_get_thumbnail  (StmStudyBrowser    *self,
                                                      const char         *series_id);

G_END_DECLS
