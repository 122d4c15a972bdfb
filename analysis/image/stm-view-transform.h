/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where a slice lies on screen: the millimetre-true picture fitted to the
 * view, then zoomed and panned. GTK-free, so the widget, the measurement
 * layer and stratum-cli render share one mapping.
 *
 * Voxel coordinates are continuous: voxel (i, j) has its centre at (i, j)
 * and covers [i - 0.5, i + 0.5] x [j - 0.5, j + 0.5]. Screen coordinates are
 * logical pixels of the view, (0, 0) at its top-left corner.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Zoom limits, relative to fit-to-view. */
#define STM_VIEW_ZOOM_MIN 0.1
#define STM_VIEW_ZOOM_MAX 64.0

typedef struct
{
  /* The slice: its size in voxels and a voxel's size in millimetres
   * (1 where the spacing is unknown). */
  gsize  nx, ny;
  double spacing[2];
  /* The view, in logical pixels. */
  double view_width, view_height;
  /* 1 fits the whole slice in the view; 2 shows it twice as large. */
  double zoom;
  /* Offset of the slice's centre from the view's centre, logical pixels. */
  double pan_x, pan_y;
} StmViewTransform;

void     stm_view_transform_init             (StmViewTransform       *t,
                                              gsize                   nx,
                                              gsize                   ny,
                                              const double            spacing[2]);
void     stm_view_transform_set_view_size    (StmViewTransform       *t,
                                              double                  width,
                                              double                  height);
/* Logical pixels per millimetre at the current zoom (0 for an empty view). */
double   stm_view_transform_pixels_per_mm    (const StmViewTransform *t);
void     stm_view_transform_voxel_to_screen  (const StmViewTransform *t,
                                              double                  i,
                                              double                  j,
                                              double                 *x,
                                              double                 *y);
void     stm_view_transform_screen_to_voxel  (const StmViewTransform *t,
                                              double                  x,
                                              double                  y,
                                              double                 *i,
                                              double                 *j);
/* Multiplies the zoom by @factor (clamped to the limits), keeping the
 * point under (x, y) where it is. */
void     stm_view_transform_zoom_at          (StmViewTransform       *t,
                                              double                  factor,
                                              double                  x,
                                              double                  y);
/* One voxel of the smaller spacing per @device_scale logical pixels, so
 * one voxel per physical pixel, keeping the point under (x, y). */
void     stm_view_transform_one_to_one       (StmViewTransform       *t,
                                              double                  device_scale,
                                              double                  x,
                                              double                  y);
void     stm_view_transform_pan              (StmViewTransform       *t,
                                              double                  dx,
                                              double                  dy);
/* Zoom 1, no pan. */
void     stm_view_transform_fit              (StmViewTransform       *t);
/* The slice's rectangle on screen: x, y, width, height. */
void     stm_view_transform_image_rect       (const StmViewTransform *t,
                                              double                  rect[4]);

G_END_DECLS
