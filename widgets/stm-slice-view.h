/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One slice of a volume, window/levelled, millimetre-true, fitted to the
 * view then zoomed and panned, with its overlays (corner annotations,
 * orientation markers, scale bar, pointer readout, label map). Cine plays
 * multi-frame ultrasound. A layer widget (measurements) can be put on top:
 * it receives the events first and the ones it leaves reach the view.
 *
 * Signal "view-changed" (no arguments): emitted whenever the mapping from
 * voxels to the screen may have changed: transform (zoom, pan, size),
 * slice or volume.
 *
 * Actions (for menus and buttons; shortcuts when the view has focus):
 *   slice-view.step (int32)       slices to move: Up/Left -1, Down/Right +1,
 *                                 Page Up/Down -10/+10, Home/End first/last
 *   slice-view.zoom-in            + = (keypad +), about the centre
 *   slice-view.zoom-out           - (keypad -)
 *   slice-view.fit                0, F
 *   slice-view.one-to-one         1: one voxel per physical pixel
 *   slice-view.reset              R: fit, default window, default inversion
 *   slice-view.invert             I (stateful boolean, property "invert")
 *   slice-view.play               Space when there is more than one frame
 *                                 (stateful boolean, property "playing")
 *   slice-view.loop               stateful boolean, property "loop"
 *   slice-view.show-overlays      stateful boolean
 *   slice-view.show-labels        stateful boolean
 *   slice-view.preset (string)    a CT preset id (stm_window_ct_presets():
 *                                 "soft-tissue", "lung", "bone",
 *                                 "mediastinum", "breast"), "file-N" for the
 *                                 file's Nth preset, or "default"
 * Mouse: wheel scrolls slices, Ctrl+wheel and pinch zoom toward the
 * pointer, middle drag or Space+primary drag pans, right drag sets W/L
 * (right: wider, down: higher centre).
 *
 * Properties besides the accessors below: "zoom" (1 = fit), "n-slices"
 * (read-only), "playing", "loop", "label-map", "label-opacity",
 * "show-labels", "show-overlays", "active".
 */
#pragma once

#include <gtk/gtk.h>

#include "stm-dicom-file.h"
#include "stm-label-map.h"
#include "stm-view-transform.h"
#include "stm-volume.h"
#include "stm-window.h"

G_BEGIN_DECLS

#define STM_TYPE_SLICE_VIEW (stm_slice_view_get_type ())
G_DECLARE_FINAL_TYPE (StmSliceView, stm_slice_view, STM, SLICE_VIEW, GtkWidget)

GtkWidget *stm_slice_view_new               (void);

/* The image. Setting a volume keeps the slice index (clamped); it keeps the
 * zoom and pan when the new volume has the same in-plane size and spacing
 * (a one-slice preview replaced by its series), else it fits. */
StmVolume *stm_slice_view_get_volume        (StmSliceView *self);
void       stm_slice_view_set_volume        (StmSliceView *self,
                                             StmVolume    *volume);
guint      stm_slice_view_get_n_slices      (StmSliceView *self);
guint      stm_slice_view_get_slice         (StmSliceView *self);
void       stm_slice_view_set_slice         (StmSliceView *self,
                                             guint         slice);

/* Window/level, in modality units. */
double     stm_slice_view_get_window_center (StmSliceView *self);
double     stm_slice_view_get_window_width  (StmSliceView *self);
/* Sets centre and width together, so the texture is rebuilt once. */
void       stm_slice_view_set_window        (StmSliceView *self,
                                             double        center,
                                             double        width);
gboolean   stm_slice_view_get_invert        (StmSliceView *self);
void       stm_slice_view_set_invert        (StmSliceView *self,
                                             gboolean      invert);
/* What reset returns to: the file's first preset, MONOCHROME1 inversion. */
void       stm_slice_view_set_default_display (StmSliceView *self,
                                               StmWindow     window,
                                               gboolean      invert);
/* The file's own window presets (copied; NULL for none), for the
 * "slice-view.preset" action with "file-N". */
void       stm_slice_view_set_file_presets  (StmSliceView          *self,
                                             const StmWindowPreset *presets,
                                             guint                  n_presets);
const StmWindowPreset *stm_slice_view_get_file_presets (StmSliceView *self,
                                                        guint        *n_presets);
/* A CT preset id, "file-N" or "default"; FALSE when there is no such preset. */
gboolean   stm_slice_view_apply_preset      (StmSliceView *self,
                                             const char   *id);
/* Fit, default window and inversion. */
void       stm_slice_view_reset             (StmSliceView *self);

/* Zoom (1 = fit) and pan. */
double     stm_slice_view_get_zoom          (StmSliceView *self);
void       stm_slice_view_zoom_at           (StmSliceView *self,
                                             double        factor,
                                             double        x,
                                             double        y);
void       stm_slice_view_fit               (StmSliceView *self);
void       stm_slice_view_one_to_one        (StmSliceView *self);
void       stm_slice_view_pan               (StmSliceView *self,
                                             double        dx,
                                             double        dy);
/* The current mapping; valid until the next change ("view-changed"). */
const StmViewTransform *stm_slice_view_get_transform (StmSliceView *self);
/* Widget coordinates to continuous voxel (i, j) on the current slice;
 * FALSE when the point lies outside the slice (i, j are still set). */
gboolean   stm_slice_view_screen_to_voxel   (StmSliceView *self,
                                             double        x,
                                             double        y,
                                             double       *i,
                                             double       *j);
void       stm_slice_view_voxel_to_screen   (StmSliceView *self,
                                             double        i,
                                             double        j,
                                             double       *x,
                                             double       *y);

/* Corner annotations the view cannot know: patient, study date, series.
 * NULL for none. Slice n/N, position, W/L and zoom are the view's own. */
void       stm_slice_view_set_info          (StmSliceView *self,
                                             const char   *patient,
                                             const char   *study_date,
                                             const char   *series);
/* The volume shown is slice @index (from 0) of a series of @n still
 * loading: the overlay numbers it so ("Im 18/34", not "Im 1/1"). Cleared
 * by the next stm_slice_view_set_volume(); @n 0 clears it now. */
void       stm_slice_view_set_series_position (StmSliceView *self,
                                               guint         index,
                                               guint         n);
/* Ultrasound regions of the image (NULL or empty for none): the scale bar
 * and the readout use the calibrated region under them. Copied. */
void       stm_slice_view_set_us_regions    (StmSliceView      *self,
                                             const StmUsRegion *regions,
                                             guint              n_regions);
gboolean   stm_slice_view_get_show_overlays (StmSliceView *self);
void       stm_slice_view_set_show_overlays (StmSliceView *self,
                                             gboolean      show_overlays);

/* The label-map overlay, on the volume's grid (or NULL). */
StmLabelMap *stm_slice_view_get_label_map   (StmSliceView *self);
void       stm_slice_view_set_label_map     (StmSliceView *self,
                                             StmLabelMap  *map);
double     stm_slice_view_get_label_opacity (StmSliceView *self);
void       stm_slice_view_set_label_opacity (StmSliceView *self,
                                             double        opacity);
gboolean   stm_slice_view_get_show_labels   (StmSliceView *self);
void       stm_slice_view_set_show_labels   (StmSliceView *self,
                                             gboolean      show_labels);
/* Call after changing the map's voxels or labels in place. */
void       stm_slice_view_label_map_changed (StmSliceView *self);

/* Cine: frames advance at the volume's frame time (10 fps when unknown). */
gboolean   stm_slice_view_get_playing       (StmSliceView *self);
void       stm_slice_view_set_playing       (StmSliceView *self,
                                             gboolean      playing);
gboolean   stm_slice_view_get_loop          (StmSliceView *self);
void       stm_slice_view_set_loop          (StmSliceView *self,
                                             gboolean      loop);

/* A thin accent border marks the active one of several views. */
gboolean   stm_slice_view_get_active        (StmSliceView *self);
void       stm_slice_view_set_active        (StmSliceView *self,
                                             gboolean      active);

/* A widget drawn over the slice and given events first (or NULL). */
void       stm_slice_view_set_layer         (StmSliceView *self,
                                             GtkWidget    *layer);

G_END_DECLS
