/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One slice of a volume, window/levelled, millimetre-true, scaled to fit. */
#pragma once

#include <gtk/gtk.h>

#include "stm-volume.h"

G_BEGIN_DECLS

#define STM_TYPE_SLICE_VIEW (stm_slice_view_get_type ())
G_DECLARE_FINAL_TYPE (StmSliceView, stm_slice_view, STM, SLICE_VIEW, GtkWidget)

GtkWidget *stm_slice_view_new               (void);

StmVolume *stm_slice_view_get_volume        (StmSliceView *self);
void       stm_slice_view_set_volume        (StmSliceView *self,
                                             StmVolume    *volume);
guint      stm_slice_view_get_n_slices      (StmSliceView *self);
guint      stm_slice_view_get_slice         (StmSliceView *self);
void       stm_slice_view_set_slice         (StmSliceView *self,
                                             guint         slice);
double     stm_slice_view_get_window_center (StmSliceView *self);
double     stm_slice_view_get_window_width  (StmSliceView *self);
/* Sets centre and width together, so the texture is rebuilt once. */
void       stm_slice_view_set_window        (StmSliceView *self,
                                             double        center,
                                             double        width);
gboolean   stm_slice_view_get_invert        (StmSliceView *self);
void       stm_slice_view_set_invert        (StmSliceView *self,
                                             gboolean      invert);
gboolean   stm_slice_view_get_show_overlays (StmSliceView *self);
void       stm_slice_view_set_show_overlays (StmSliceView *self,
                                             gboolean      show_overlays);

G_END_DECLS
