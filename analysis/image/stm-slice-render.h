/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One slice of a volume as a picture, without GTK: shared by the viewer
 * widget and stratum-cli render.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

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

gboolean         stm_slice_render_to_png (const StmVolume *volume,
                                          gsize            slice,
                                          StmWindow        window,
                                          gboolean         invert,
                                          const StmVolume *mask,
                                          const char      *path,
                                          GError         **error);

G_END_DECLS
