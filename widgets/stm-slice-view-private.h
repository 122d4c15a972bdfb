/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * StmSliceView's insides, shared by its files: stm-slice-view.c (state and
 * public API), stm-slice-view-render.c (textures, overlays, snapshot,
 * layout) and stm-slice-view-input.c (gestures, keys, actions, cine).
 */
#pragma once

#include "stm-slice-view.h"
#include "stm-overlay.h"

G_BEGIN_DECLS

struct _StmSliceView
{
  GtkWidget         parent_instance;

  StmVolume        *volume;
  guint             slice;
  StmWindow         window;
  gboolean          invert;
  StmWindow         default_window;
  gboolean          default_invert;
  gboolean          show_overlays;
  gboolean          active;
  StmViewTransform  transform;
  double            notified_zoom;       /* the zoom "notify::zoom" last told */

  /* Corner annotations and ultrasound calibration. */
  char             *patient;
  char             *study_date;
  char             *series;
  guint             series_slice, n_series_slices;   /* see set_series_position */
  GArray           *us_regions;          /* StmUsRegion */
  GArray           *file_presets;        /* StmWindowPreset, strings owned */

  StmLabelMap      *label_map;
  double            label_opacity;
  gboolean          show_labels;

  /* Cine: frames follow the frame clock from an anchor (time, frame), so
   * a late frame drops frames instead of slowing the clip down. */
  gboolean          playing;
  gboolean          loop;
  guint             tick_id;
  gint64            cine_anchor_time;    /* 0 until the first tick */
  guint             cine_anchor_slice;

  GtkWidget        *layer;

  /*
   * Caches, NULL when they must be rebuilt; snapshot() only appends them.
   * GTK keeps the GPU upload per texture object, so an unchanged slice is
   * drawn from the same object.
   *  - rgb/texture: the slice through the window at its native grid;
   *    rebuilt on slice, window, invert or volume change.
   *  - crisp: on GTK 4.8 a magnified slice resampled nearest-neighbour at
   *    device resolution over the visible region; also rebuilt when the
   *    transform or the size changes.
   *  - base_node: the background and the slice as one node, so an
 *    unchanged frame only re-appends nodes.
 *  - label_node: the label map as a cairo drawing.
 *  - overlay_nodes: one small cairo node per overlay part, so that a new
 *    slice redraws only the top-right corner and a pointer move only the
 *    readout; an empty container node stands for a part with no ink.
   */
  GBytes           *rgb;
  GdkTexture       *texture;
  GdkTexture       *crisp;
  graphene_rect_t   crisp_bounds;
  int               crisp_scale;
  GskRenderNode    *base_node;           /* background and slice */
  GskRenderNode    *label_node;
  GskRenderNode    *overlay_nodes[STM_OVERLAY_N_PARTS];

  /* The pointer readout, while the pointer is over the slice. */
  gboolean          pointer_inside;
  double            pointer_x, pointer_y;
  char             *readout;

  /* Gestures in progress. */
  StmWindow         drag_start_window;
  double            pan_last_x, pan_last_y;
  gboolean          space_held;
  gboolean          space_panned;
  double            pinch_start_zoom;
  double            scroll_accum;
};

enum {
  PROP_0,
  PROP_VOLUME,
  PROP_N_SLICES,
  PROP_SLICE,
  PROP_WINDOW_CENTER,
  PROP_WINDOW_WIDTH,
  PROP_INVERT,
  PROP_SHOW_OVERLAYS,
  PROP_ZOOM,
  PROP_LABEL_MAP,
  PROP_LABEL_OPACITY,
  PROP_SHOW_LABELS,
  PROP_PLAYING,
  PROP_LOOP,
  PROP_ACTIVE,
  N_PROPS
};

extern GParamSpec *_stm_slice_view_properties[N_PROPS];

/* stm-slice-view.c */
void     _stm_slice_view_transform_changed (StmSliceView *self);
void     _stm_slice_view_set_slice_internal (StmSliceView *self,
                                            guint         slice);

/* stm-slice-view-render.c */
void     _stm_slice_view_invalidate_image    (StmSliceView *self);
void     _stm_slice_view_invalidate_view     (StmSliceView *self);
void     _stm_slice_view_invalidate_overlays (StmSliceView *self);
void     _stm_slice_view_invalidate_overlay_part (StmSliceView   *self,
                                                  StmOverlayPart  part);
void     _stm_slice_view_invalidate_labels   (StmSliceView *self);
void     _stm_slice_view_clear_caches        (StmSliceView *self);
void     _stm_slice_view_update_readout      (StmSliceView *self);
void     _stm_slice_view_class_init_render   (GtkWidgetClass *widget_class);

/* stm-slice-view-input.c */
void     _stm_slice_view_init_input          (StmSliceView   *self);
void     _stm_slice_view_class_init_input    (GtkWidgetClass *widget_class);
void     _stm_slice_view_update_actions      (StmSliceView   *self);
void     _stm_slice_view_cine_start          (StmSliceView   *self);
void     _stm_slice_view_cine_stop           (StmSliceView   *self);

G_END_DECLS
