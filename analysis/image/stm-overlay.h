/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The overlays of a displayed slice, drawn with cairo and Pango without
 * GTK, so the viewer and stratum-cli render draw the same picture: corner
 * annotations, orientation markers, a scale bar and the pointer readout.
 *
 * Corners: top-left patient and study date; top-right series, "Im n/N"
 * (or "Fr n/N" for a cine) and the slice position; bottom-left the pointer
 * readout, W/L and zoom; bottom-right the scale bar. Everything is in the
 * view's logical pixels (those of @transform), white on a dark shadow,
 * placed on whole device pixels.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "stm-dicom-file.h"
#include "stm-view-transform.h"
#include "stm-volume.h"
#include "stm-window.h"

G_BEGIN_DECLS

typedef struct
{
  /* Shown as given; NULL or "" for none. A DICOM date (YYYYMMDD) is
   * shown as YYYY-MM-DD. */
  const char        *patient;
  const char        *study_date;
  const char        *series;
  /* The window in use (ignored for colour volumes). */
  StmWindow          window;
  /* Physical pixels per logical pixel, for the zoom percentage (1:1 is
   * one voxel per physical pixel); 1 when drawing a file. */
  double             device_scale;
  /* Ultrasound regions (NULL for none): when present the scale bar and
   * positions use their calibration. With regions, or for a cine (frame
   * time set), there are no orientation markers: an ultrasound image has
   * no patient axes. */
  const StmUsRegion *us_regions;
  guint              n_us_regions;
  /* The pointer readout line (stm_overlay_readout()), or NULL. */
  const char        *readout;
  /* A Pango font description; NULL for "Sans 10". */
  const char        *font;
} StmOverlayInfo;

/* Everything empty, device scale 1. */
void   stm_overlay_info_init      (StmOverlayInfo         *info);

/* Draws all the overlays of slice @slice of @volume shown through @transform. */
void   stm_overlay_draw           (cairo_t                *cr,
                                   const StmVolume        *volume,
                                   gsize                   slice,
                                   const StmViewTransform *transform,
                                   const StmOverlayInfo   *info);

/*
 * Only the readout line of @info, exactly where stm_overlay_draw() puts it
 * (above the W/L and zoom lines): the viewer draws it on its own, so that a
 * pointer move redraws one line rather than every overlay.
 */
void   stm_overlay_draw_readout   (cairo_t                *cr,
                                   const StmVolume        *volume,
                                   const StmViewTransform *transform,
                                   const StmOverlayInfo   *info);

/*
 * The readout for the pointer over continuous voxel (i, j) of slice
 * @slice: the value ("-45 HU", or "RGB 120 80 40" for colour) and the
 * position, "(x, y, z) mm" in patient coordinates, or for ultrasound the
 * calibrated position in the region under the pointer relative to its
 * reference pixel ("uncalibrated" outside calibrated regions, and for a
 * cine without regions, whose pixel size is unknown). NULL when
 * (i, j) is off the slice. g_free() the result.
 */
char  *stm_overlay_readout        (const StmVolume        *volume,
                                   gsize                   slice,
                                   double                  i,
                                   double                  j,
                                   const StmUsRegion      *regions,
                                   guint                   n_regions);

/* The slice centre's position: "Z: 12.5 mm" (the LPS coordinate) when the
 * slices stack along a patient axis, as in an axial series, else
 * "Pos: 12.5 mm" along the stacking direction. g_free() it. */
char  *stm_overlay_slice_position (const StmVolume        *volume,
                                   gsize                   slice);

/* The region holding pixel (i, j), the first when regions overlap; NULL for none. */
const StmUsRegion *stm_overlay_us_region_at   (const StmUsRegion *regions,
                                               guint              n_regions,
                                               double             i,
                                               double             j);
/* The largest 2D region calibrated in centimetres on both axes, which
 * sets the ultrasound scale bar; NULL for none. */
const StmUsRegion *stm_overlay_us_scale_region (const StmUsRegion *regions,
                                                guint              n_regions);

G_END_DECLS
