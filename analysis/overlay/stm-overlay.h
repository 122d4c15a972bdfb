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
  /* When n_series_slices > 0, the volume drawn is one slice of a series
   * still loading: it is numbered as image series_slice + 1 of
   * n_series_slices, not 1 of 1. */
  gsize              series_slice;
  gsize              n_series_slices;
} StmOverlayInfo;

/*
 * The overlays' separate pieces, in drawing order. A viewer draws each in
 * its own small layer and redraws only those whose inputs changed: while
 * scrolling, only the top-right corner (image number, slice position).
 */
typedef enum
{
  STM_OVERLAY_PART_MARKER_LEFT,
  STM_OVERLAY_PART_MARKER_RIGHT,
  STM_OVERLAY_PART_MARKER_TOP,
  STM_OVERLAY_PART_MARKER_BOTTOM,
  STM_OVERLAY_PART_SCALE_BAR,
  STM_OVERLAY_PART_TOP_LEFT,      /* patient, study date */
  STM_OVERLAY_PART_TOP_RIGHT,     /* series, "Im n/N", slice position */
  STM_OVERLAY_PART_BOTTOM_LEFT,   /* readout (when @info has one), W/L, zoom */
  /*
   * Only the readout line of @info, exactly where BOTTOM_LEFT puts it
   * (above the W/L and zoom lines), for a viewer that leaves the readout
   * out of BOTTOM_LEFT so that a pointer move redraws one line.
   * stm_overlay_draw() does not draw this part.
   */
  STM_OVERLAY_PART_READOUT,
  STM_OVERLAY_N_PARTS
} StmOverlayPart;

/* Everything empty, device scale 1. */
void   stm_overlay_info_init      (StmOverlayInfo         *info);

/* Draws all the overlays of slice @slice of @volume shown through
 * @transform: every part but STM_OVERLAY_PART_READOUT, in order. */
void   stm_overlay_draw           (cairo_t                *cr,
                                   const StmVolume        *volume,
                                   gsize                   slice,
                                   const StmViewTransform *transform,
                                   const StmOverlayInfo   *info);

/* Draws one part, exactly as stm_overlay_draw() does. */
void   stm_overlay_draw_part      (cairo_t                *cr,
                                   StmOverlayPart          part,
                                   const StmVolume        *volume,
                                   gsize                   slice,
                                   const StmViewTransform *transform,
                                   const StmOverlayInfo   *info);

/*
 * The rectangle, in the view's logical pixels, that holds everything
 * stm_overlay_draw_part() paints for @part at any device scale: its ink
 * rounded out to whole pixels, with a pixel to spare for snapping. FALSE
 * when the part paints nothing.
 */
gboolean stm_overlay_part_extents (StmOverlayPart          part,
                                   const StmVolume        *volume,
                                   gsize                   slice,
                                   const StmViewTransform *transform,
                                   const StmOverlayInfo   *info,
                                   cairo_rectangle_int_t  *extents);

/*
 * The readout for the pointer over continuous voxel (i, j) of slice
 * @slice: the value ("-45 HU", or "RGB 120 80 40" for colour) and the
 * position, "(x, y, z) mm" in patient coordinates ("(x, y) mm in the
 * image" when the file gives no orientation), or for ultrasound the
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
