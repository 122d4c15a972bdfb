/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One viewport: a slice view with its series, its label map and its
 * measurements, under a small header naming the series. It loads its
 * own series in a worker, showing the middle slice first and the whole
 * volume when it is decoded; a failed or cancelled load leaves the series
 * shown before untouched.
 */
#pragma once

#include <gtk/gtk.h>

#include "stm-dicom-collection.h"
#include "stm-measure-layer.h"
#include "stm-slice-view.h"

G_BEGIN_DECLS

#define STM_TYPE_VIEWPORT (stm_viewport_get_type ())
G_DECLARE_FINAL_TYPE (StmViewport, stm_viewport, STM, VIEWPORT, GtkWidget)

GtkWidget    *stm_viewport_new                   (void);

StmSliceView *stm_viewport_get_slice_view        (StmViewport          *self);
/* The measurements over the slice view; its list belongs to the series
 * shown and is replaced (notify::list) when another series is loaded. A
 * series shown again gets back its list and label map. */
StmMeasureLayer *stm_viewport_get_measure_layer  (StmViewport          *self);
/* The fully loaded series shown, or NULL before the first one. */
StmSeries    *stm_viewport_get_series            (StmViewport          *self);
/* The study that series belongs to, or NULL. */
StmDicomCollection *stm_viewport_get_collection  (StmViewport          *self);
const char   *stm_viewport_get_series_id         (StmViewport          *self);
StmVolume    *stm_viewport_get_volume            (StmViewport          *self);
const char   *stm_viewport_get_frame_of_reference (StmViewport         *self);
/* The file's own window presets (StmWindowPreset), or NULL. */
GArray       *stm_viewport_get_window_presets    (StmViewport          *self);
gboolean      stm_viewport_get_loading           (StmViewport          *self);
gboolean      stm_viewport_get_active            (StmViewport          *self);
void          stm_viewport_set_active            (StmViewport          *self,
                                                  gboolean              active);

/* How series loaded from now on are first shown: CT with the window
 * @ct_preset (an id of stm_window_ct_presets(); "auto" or an unknown id
 * for the file's own window), MONOCHROME1 inverted or not. */
void          stm_viewport_set_display_defaults  (StmViewport          *self,
                                                  const char           *ct_preset,
                                                  gboolean              invert_mono1);

/* Replaces any load in progress. Fails with G_IO_ERROR_CANCELLED when
 * cancelled, or when replaced: then the viewport is loading again as the
 * callback runs (stm_viewport_get_loading()). */
void          stm_viewport_load_series_async     (StmViewport          *self,
                                                  StmDicomCollection   *collection,
                                                  const char           *series_id,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      stm_viewport_load_series_finish    (StmViewport          *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void          stm_viewport_cancel                (StmViewport          *self);
/* Whether @series_id of @collection is shown, or being loaded. */
gboolean      stm_viewport_shows_series          (StmViewport          *self,
                                                  StmDicomCollection   *collection,
                                                  const char           *series_id);
/* Cancels any load and shows nothing; the series' measurements and
 * label map are kept for when it is shown again. */
void          stm_viewport_clear                 (StmViewport          *self);

/* Reads a NIfTI label map on the grid of the shown volume and shows it;
 * on any error the label map shown before stays. */
void          stm_viewport_load_mask_async       (StmViewport          *self,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      stm_viewport_load_mask_finish      (StmViewport          *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
