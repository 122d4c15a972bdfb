/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One slice of a volume as a picture, without GTK: shared by the viewer
 * widget and stratum-cli render.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "stm-view-transform.h"
#include "stm-volume.h"
#include "stm-window.h"

G_BEGIN_DECLS

/* The mask overlay: a red fill blended at 35 %, out = (65 * image +
 * 35 * colour + 50) / 100 per channel, and an opaque contour. */
#define STM_SLICE_MASK_RGB          0xff0000u
#define STM_SLICE_MASK_ALPHA_PERCENT 35
#define STM_SLICE_CONTOUR_RGB       0xff0000u

/* Output size: millimetre-true pixels, the smaller in-plane spacing being
 * one pixel. FALSE when the spacing is not positive. */
gboolean         stm_slice_render_size   (const StmVolume *volume,
                                          int             *out_width,
                                          int             *out_height);

/*
 * Slice @slice (0-based) of @volume as an RGB24 cairo image surface,
 * nearest-neighbour so voxels stay crisp rectangles. Grey volumes go
 * through @window (inverted for MONOCHROME1); colour volumes are shown as
 * they are. @mask, when not NULL, lies on the same grid; its voxels above
 * 0.5 are filled, and the mask pixels with a 4-neighbour outside the mask
 * (or the image edge) form a contour one output pixel wide.
 */
cairo_surface_t *stm_slice_render        (const StmVolume *volume,
                                          gsize            slice,
                                          StmWindow        window,
                                          gboolean         invert,
                                          const StmVolume *mask,
                                          GError         **error);

/* Writes @surface as a PNG at @path, with a sentence when that fails. */
gboolean         stm_slice_render_write_png (cairo_surface_t *surface,
                                             const char      *path,
                                             GError         **error);

/*
 * Slice @slice of @volume at its native grid as packed RGB, 3 bytes per
 * voxel, row after row: grey volumes through @window (flipped when
 * @invert), colour volumes as they are. g_free() the result.
 */
guint8          *stm_slice_render_rgb     (const StmVolume *volume,
                                          gsize            slice,
                                          StmWindow        window,
                                          gboolean         invert);

/* The device-pixel rectangle of the view a magnified slice covers. */
typedef struct
{
  int x, y;            /* top-left, physical pixels from the view's corner */
  int width, height;   /* physical pixels */
} StmDeviceRect;

/*
 * The part of a slice that @transform shows, resampled nearest-neighbour
 * at @device_scale physical pixels per logical pixel, so that a magnified
 * voxel is a block of equal pixels whose edges fall exactly where
 * @transform puts the voxel boundaries. @rgb is the slice as
 * stm_slice_render_rgb() gives it (transform->nx x transform->ny).
 * A physical pixel shows the voxel under its centre, and only pixels whose
 * centre lies on the slice are produced. Returns packed RGB of
 * @rect->width x @rect->height pixels (stride 3 * width), or NULL when no
 * pixel of the view shows the slice. g_free() the result.
 */
guint8          *stm_slice_render_visible (const guint8           *rgb,
                                          const StmViewTransform *transform,
                                          double                  device_scale,
                                          StmDeviceRect          *rect);

/*
 * The whole view of @transform (view_width x view_height pixels, at one
 * pixel per logical pixel) as an RGB24 surface: black, with the slice
 * where @transform puts it, as the viewer shows it. Overlays are drawn on
 * top with stm_overlay_draw().
 */
cairo_surface_t *stm_slice_render_view    (const StmVolume        *volume,
                                          gsize                   slice,
                                          StmWindow               window,
                                          gboolean                invert,
                                          const StmViewTransform *transform,
                                          GError                **error);

G_END_DECLS
