/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-overlay.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "stm-dicom-names.h"
#include "stm-orientation.h"
#include "stm-us-calibration.h"

/* Words are marked for translation; unit symbols (mm, cm, HU, s, Hz) are
 * international and are not. */

/* Inset from the view's edges, and the scale bar's share of the width. */
#define MARGIN 6.0
#define SCALE_BAR_FRACTION 0.25
#define DEFAULT_FONT "Sans 10"
/* Logical pixels added around a part's measured ink. */
#define EXTENTS_SPARE 2
/* A stacking direction this close to a patient axis is that axis. */
#define AXIS_ALIGNED 0.99

void
stm_overlay_info_init (StmOverlayInfo *info)
{
  *info = (StmOverlayInfo) { 0 };
  info->window = (StmWindow) { 127.5, 256.0 };
  info->device_scale = 1.0;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || text[0] == '\0';
}

/* Rounds a user-space point to the nearest device pixel, so text is not
 * blurred across two pixel rows whatever the scale. */
static void
snap_to_device (cairo_t *cr, double *x, double *y)
{
  cairo_user_to_device (cr, x, y);
  *x = round (*x);
  *y = round (*y);
  cairo_device_to_user (cr, x, y);
}

/*
 * White text on a dark shadow, readable over bone and air alike. (ax, ay)
 * anchors the text: 0 left/top, 0.5 centre, 1 right/bottom; @align sets
 * how lines of a multi-line text line up.
 */
static void
draw_text (cairo_t *cr, const StmOverlayInfo *info, const char *text,
           double x, double y, double ax, double ay, PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  int w, h;

  if (is_empty (text))
    return;
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string (info->font ? info->font : DEFAULT_FONT);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  x -= ax * w;
  y -= ay * h;
  snap_to_device (cr, &x, &y);
  /* A dark halo around the glyphs plus a drop shadow: white text stays
   * readable on an inverted (white) background too. */
  cairo_save (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_move_to (cr, x + 1, y + 1);
  pango_cairo_show_layout (cr, layout);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The letters on one side of the view, placed inside its edge; none when
 * the file gives no orientation. */
static void
draw_marker (cairo_t *cr, const StmVolume *volume, const StmViewTransform *t,
             const StmOverlayInfo *info, StmOverlayPart side)
{
  char left[4], right[4], top[4], bottom[4];
  double w = t->view_width, h = t->view_height;

  stm_orientation_markers (&volume->geometry, left, right, top, bottom);
  switch (side)
    {
    case STM_OVERLAY_PART_MARKER_LEFT:
      draw_text (cr, info, left, MARGIN, h / 2, 0, 0.5, PANGO_ALIGN_LEFT);
      break;
    case STM_OVERLAY_PART_MARKER_RIGHT:
      draw_text (cr, info, right, w - MARGIN, h / 2, 1, 0.5, PANGO_ALIGN_LEFT);
      break;
    case STM_OVERLAY_PART_MARKER_TOP:
      draw_text (cr, info, top, w / 2, MARGIN, 0.5, 0, PANGO_ALIGN_LEFT);
      break;
    case STM_OVERLAY_PART_MARKER_BOTTOM:
      draw_text (cr, info, bottom, w / 2, h - MARGIN, 0.5, 1, PANGO_ALIGN_LEFT);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A bar @len logical pixels long ending at (x1, y), ticked at both ends,
 * in a dark pass then a white one for the shadow. */
static void
stroke_bar (cairo_t *cr, double x1, double y, double len)
{
  double x0 = x1 - len;

  snap_to_device (cr, &x0, &y);
  snap_to_device (cr, &x1, &y);
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  for (int pass = 0; pass < 2; pass++)
    {
      double o = pass == 0 ? 1 : 0;

      if (pass == 0)
        cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      /* Half-pixel offsets put a one-pixel line on one pixel row. */
      cairo_move_to (cr, x0 + o - 0.5, y + o - 4.5);
      cairo_line_to (cr, x0 + o - 0.5, y + o - 0.5);
      cairo_line_to (cr, x1 + o - 0.5, y + o - 0.5);
      cairo_line_to (cr, x1 + o - 0.5, y + o - 4.5);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/*
 * A bar of a round length in millimetres, with its length above it: in
 * centimetres for ultrasound once it reaches 1 cm, as the scanners label
 * their depth scales. Nothing when the scale is unknown.
 */
static void
draw_scale_bar (cairo_t *cr, const StmVolume *volume, const StmViewTransform *t,
                const StmOverlayInfo *info)
{
  double ppm = stm_view_transform_pixels_per_mm (t);
  double mm_per_pixel, mm, len, x1, y;
  const StmUsRegion *region = NULL;
  g_autofree char *label = NULL;

  if (!(ppm > 0))
    return;
  mm_per_pixel = 1.0 / ppm;
  if (info->n_us_regions > 0)
    {
      region = stm_overlay_us_scale_region (info->us_regions, info->n_us_regions);
      if (region == NULL)
        return;
      /* The region's mm per voxel over the view's pixels per voxel. */
      mm_per_pixel = fabs (region->delta_x) * 10.0 / (t->spacing[0] * ppm);
    }
  else if (volume->geometry.spacing_unknown)
    return;
  mm = stm_scale_bar_length_mm (mm_per_pixel, t->view_width * SCALE_BAR_FRACTION);
  if (mm <= 0)
    return;
  len = round (mm / mm_per_pixel);
  x1 = t->view_width - MARGIN;
  y = t->view_height - MARGIN;
  stroke_bar (cr, x1, y, len);
  if (region != NULL && mm >= 10)
    label = g_strdup_printf ("%g cm", mm / 10);
  else
    label = g_strdup_printf ("%g mm", mm);
  draw_text (cr, info, label, x1 - len / 2, y - 4, 0.5, 1, PANGO_ALIGN_CENTER);
}

/* Lines joined by newlines, skipping empty ones. */
static char *
join_lines (const char *const *lines, gsize n)
{
  GString *text = g_string_new (NULL);

  for (gsize l = 0; l < n; l++)
    {
      if (is_empty (lines[l]))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, lines[l]);
    }
  return g_string_free (text, FALSE);
}

/* Grey images show their W/L under the readout; colour ones do not. */
static gboolean
has_window_line (const StmVolume *volume)
{
  return volume->format != STM_VOXEL_RGB8;
}

static gboolean
is_cine (const StmVolume *volume, const StmOverlayInfo *info)
{
  return volume->frame_time_ms > 0 || info->n_us_regions > 0;
}

/* A slice position only where the file gave the direction cosines (the
 * orientation letters then come from its Patient Orientation, or are not
 * shown): made-up axes could put a lesion on the wrong side. A cine
 * (ultrasound) has no patient axes at all. */
static gboolean
has_patient_axes (const StmVolume *volume, const StmOverlayInfo *info)
{
  return !is_cine (volume, info) && !volume->geometry.orientation_unknown;
}

/* Whole numbers for the usual HU windows, more digits for narrow ones. */
static char *
format_window (StmWindow window)
{
  if (window.width >= 10)
    return g_strdup_printf (_("W: %.0f L: %.0f"), window.width, window.center);
  return g_strdup_printf (_("W: %.3g L: %.3g"), window.width, window.center);
}

static void
draw_top_left (cairo_t *cr, const StmViewTransform *t, const StmOverlayInfo *info)
{
  g_autofree char *date = stm_dicom_date_display (info->study_date);
  g_autofree char *text = join_lines ((const char *[]) { info->patient, date }, 2);

  draw_text (cr, info, text, MARGIN, MARGIN, 0, 0, PANGO_ALIGN_LEFT);
}

static void
draw_top_right (cairo_t *cr, const StmVolume *volume, gsize slice,
                const StmViewTransform *t, const StmOverlayInfo *info)
{
  gboolean cine = is_cine (volume, info);
  gsize shown = info->n_series_slices > 0 ? info->series_slice : slice;
  gsize total = info->n_series_slices > 0 ? info->n_series_slices : volume->dims[2];
  g_autofree char *number = NULL, *position = NULL, *text = NULL;

  number = g_strdup_printf (cine ? _("Fr %zu/%zu") : _("Im %zu/%zu"), shown + 1, total);
  if (has_patient_axes (volume, info))
    position = stm_overlay_slice_position (volume, slice);
  text = join_lines ((const char *[]) { info->series, number, position }, 3);
  draw_text (cr, info, text, t->view_width - MARGIN, MARGIN, 1, 0, PANGO_ALIGN_RIGHT);
}

static void
draw_bottom_left (cairo_t *cr, const StmVolume *volume, const StmViewTransform *t,
                  const StmOverlayInfo *info)
{
  double unit = MIN (t->spacing[0], t->spacing[1]);
  double percent = stm_view_transform_pixels_per_mm (t) * unit * info->device_scale * 100;
  g_autofree char *window = NULL, *zoom = NULL, *text = NULL;

  if (has_window_line (volume))
    window = format_window (info->window);
  zoom = g_strdup_printf (_("Zoom: %.0f%%"), percent);
  text = join_lines ((const char *[]) { info->readout, window, zoom }, 3);
  draw_text (cr, info, text, MARGIN, t->view_height - MARGIN, 0, 1, PANGO_ALIGN_LEFT);
}

static void
draw_readout (cairo_t *cr, const StmVolume *volume, const StmViewTransform *t,
              const StmOverlayInfo *info)
{
  g_autoptr(GString) text = NULL;

  if (is_empty (info->readout))
    return;
  /* Blank lines stand for the W/L and zoom lines drawn below it. */
  text = g_string_new (info->readout);
  for (int l = has_window_line (volume) ? 2 : 1; l > 0; l--)
    g_string_append (text, "\n ");
  draw_text (cr, info, text->str, MARGIN, t->view_height - MARGIN, 0, 1, PANGO_ALIGN_LEFT);
}

void
stm_overlay_draw_part (cairo_t                *cr,
                       StmOverlayPart          part,
                       const StmVolume        *volume,
                       gsize                   slice,
                       const StmViewTransform *transform,
                       const StmOverlayInfo   *info)
{
  g_return_if_fail (cr != NULL && volume != NULL && transform != NULL && info != NULL);
  g_return_if_fail (part < STM_OVERLAY_N_PARTS);

  if (!(transform->view_width > 0) || !(transform->view_height > 0))
    return;
  cairo_save (cr);
  switch (part)
    {
    case STM_OVERLAY_PART_MARKER_LEFT:
    case STM_OVERLAY_PART_MARKER_RIGHT:
    case STM_OVERLAY_PART_MARKER_TOP:
    case STM_OVERLAY_PART_MARKER_BOTTOM:
      /* A cine (ultrasound) has no patient axes to mark. */
      if (!is_cine (volume, info))
        draw_marker (cr, volume, transform, info, part);
      break;
    case STM_OVERLAY_PART_SCALE_BAR:
      draw_scale_bar (cr, volume, transform, info);
      break;
    case STM_OVERLAY_PART_TOP_LEFT:
      draw_top_left (cr, transform, info);
      break;
    case STM_OVERLAY_PART_TOP_RIGHT:
      draw_top_right (cr, volume, slice, transform, info);
      break;
    case STM_OVERLAY_PART_BOTTOM_LEFT:
      draw_bottom_left (cr, volume, transform, info);
      break;
    case STM_OVERLAY_PART_READOUT:
      draw_readout (cr, volume, transform, info);
      break;
    case STM_OVERLAY_N_PARTS:
    default:
      g_assert_not_reached ();
    }
  cairo_restore (cr);
}

void
stm_overlay_draw (cairo_t                *cr,
                  const StmVolume        *volume,
                  gsize                   slice,
                  const StmViewTransform *transform,
                  const StmOverlayInfo   *info)
{
  g_return_if_fail (cr != NULL && volume != NULL && transform != NULL && info != NULL);

  for (StmOverlayPart part = 0; part < STM_OVERLAY_N_PARTS; part++)
    if (part != STM_OVERLAY_PART_READOUT)
      stm_overlay_draw_part (cr, part, volume, slice, transform, info);
}

/*
 * Measured by recording the drawing at device scale 1. At another scale
 * text snaps to other device pixels (by under half a logical pixel) and
 * glyphs hint differently, hence the spare pixels on each side.
 */
gboolean
stm_overlay_part_extents (StmOverlayPart          part,
                          const StmVolume        *volume,
                          gsize                   slice,
                          const StmViewTransform *transform,
                          const StmOverlayInfo   *info,
                          cairo_rectangle_int_t  *extents)
{
  cairo_surface_t *recording;
  cairo_t *cr;
  double x, y, w, h;

  g_return_val_if_fail (volume != NULL && transform != NULL && info != NULL, FALSE);
  g_return_val_if_fail (part < STM_OVERLAY_N_PARTS && extents != NULL, FALSE);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  stm_overlay_draw_part (cr, part, volume, slice, transform, info);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (recording, &x, &y, &w, &h);
  cairo_surface_destroy (recording);
  if (!(w > 0) || !(h > 0))
    return FALSE;
  extents->x = (int) floor (x) - EXTENTS_SPARE;
  extents->y = (int) floor (y) - EXTENTS_SPARE;
  extents->width = (int) ceil (x + w) + EXTENTS_SPARE - extents->x;
  extents->height = (int) ceil (y + h) + EXTENTS_SPARE - extents->y;
  return TRUE;
}

char *
stm_overlay_slice_position (const StmVolume *volume, gsize slice)
{
  static const char *const letters[3] = { "X", "Y", "Z" };
  const double *n = volume->geometry.axes[2];
  double voxel[3] = { (volume->dims[0] - 1) / 2.0, (volume->dims[1] - 1) / 2.0, slice };
  double centre[3], norm = sqrt (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  int axis = 0;

  stm_geometry_voxel_to_lps (&volume->geometry, voxel, centre);
  for (int a = 1; a < 3; a++)
    if (fabs (n[a]) > fabs (n[axis]))
      axis = a;
  if (norm > 0 && fabs (n[axis]) / norm >= AXIS_ALIGNED)
    /* TRANSLATORS: an axis letter (X, Y or Z) and the slice's position
     * along it; space it as your language spaces a colon. */
    return g_strdup_printf (_("%s: %.1f mm"), letters[axis], centre[axis]);
  if (!(norm > 0))
    return g_strdup ("");
  return g_strdup_printf (_("Pos: %.1f mm"),
                          (centre[0] * n[0] + centre[1] * n[1] + centre[2] * n[2]) / norm);
}

const StmUsRegion *
stm_overlay_us_region_at (const StmUsRegion *regions, guint n_regions, double i, double j)
{
  double x = floor (i + 0.5), y = floor (j + 0.5);

  for (guint r = 0; regions != NULL && r < n_regions; r++)
    if (x >= regions[r].min_x0 && x <= regions[r].max_x1 &&
        y >= regions[r].min_y0 && y <= regions[r].max_y1)
      return &regions[r];
  return NULL;
}

static gboolean
region_in_cm (const StmUsRegion *r)
{
  /* Scanners may write negative deltas (axis direction); the size is the magnitude. */
  return r->units_x == STM_US_UNITS_CM && r->units_y == STM_US_UNITS_CM &&
         fabs (r->delta_x) > 0 && fabs (r->delta_y) > 0;
}

const StmUsRegion *
stm_overlay_us_scale_region (const StmUsRegion *regions, guint n_regions)
{
  const StmUsRegion *best = NULL;
  double best_area = -1;

  for (guint r = 0; regions != NULL && r < n_regions; r++)
    {
      const StmUsRegion *region = &regions[r];
      double area = ((double) region->max_x1 - region->min_x0 + 1) *
                    ((double) region->max_y1 - region->min_y0 + 1);

      /* Spatial format 1 is a 2D (tissue or colour flow) image. */
      if (region->spatial_format == 1 && region_in_cm (region) && area > best_area)
        {
          best = region;
          best_area = area;
        }
    }
  return best;
}

/* One calibrated coordinate in its unit: distances in millimetres. */
static char *
format_us_coordinate (double value, int units)
{
  switch (units)
    {
    case STM_US_UNITS_CM: return g_strdup_printf ("%.1f mm", value * 10);
    case STM_US_UNITS_SECONDS: return g_strdup_printf ("%.3f s", value);
    case STM_US_UNITS_CM_PER_SECOND: return g_strdup_printf ("%.1f cm/s", value);
    case STM_US_UNITS_HERTZ: return g_strdup_printf ("%.0f Hz", value);
    case STM_US_UNITS_DB: return g_strdup_printf ("%.1f dB", value);
    case STM_US_UNITS_PERCENT: return g_strdup_printf ("%.1f %%", value);
    case STM_US_UNITS_DEGREES: return g_strdup_printf ("%.1f°", value);
    default: return g_strdup_printf ("%.3g", value);
    }
}

/*
 * The reference pixel (0018,6020)/(0018,6022) is given relative to the
 * region's top-left corner (PS3.3 C.8.5.5.1.5); without one the corner
 * itself is the origin.
 */
static char *
us_position (const StmUsRegion *regions, guint n_regions, double i, double j)
{
  const StmUsRegion *r = stm_overlay_us_region_at (regions, n_regions, i, j);
  double ox, oy;
  g_autofree char *x = NULL, *y = NULL;

  if (r == NULL || r->units_x == STM_US_UNITS_NONE || r->units_y == STM_US_UNITS_NONE ||
      !(r->delta_x != 0) || !(r->delta_y != 0))
    return g_strdup (_("uncalibrated"));
  ox = r->min_x0 + (r->has_reference ? r->reference_x0 : 0);
  oy = r->min_y0 + (r->has_reference ? r->reference_y0 : 0);
  x = format_us_coordinate ((i - ox) * r->delta_x, r->units_x);
  y = format_us_coordinate ((j - oy) * r->delta_y, r->units_y);
  /* TRANSLATORS: a position (x, y); use a separator that cannot be taken
   * for the decimal mark of your language. */
  return g_strdup_printf (_("(%s, %s)"), x, y);
}

char *
stm_overlay_readout (const StmVolume   *volume,
                     gsize              slice,
                     double             i,
                     double             j,
                     const StmUsRegion *regions,
                     guint              n_regions)
{
  double vi = floor (i + 0.5), vj = floor (j + 0.5);
  g_autofree char *value = NULL, *position = NULL;

  if (!(vi >= 0 && vj >= 0 && vi < volume->dims[0] && vj < volume->dims[1]) ||
      slice >= volume->dims[2])
    return NULL;
  if (volume->format == STM_VOXEL_RGB8)
    {
      const guint8 *p = (const guint8 *) stm_volume_slice_data (volume, slice) +
                        3 * ((gsize) vj * volume->dims[0] + (gsize) vi);

      value = g_strdup_printf ("RGB %u %u %u", p[0], p[1], p[2]);
    }
  else
    {
      double v = stm_volume_grey_at (volume, (gsize) vi, (gsize) vj, slice);

      /* Ultrasound grey levels have no unit; CT values are HU. */
      value = n_regions > 0 || volume->value_unit != STM_VALUE_HU ? g_strdup_printf ("%.6g", v)
                                                                  : g_strdup_printf (_("%.6g HU"), v);
    }
  /* A cine without regions (ultrasound) has no known pixel size. */
  if (n_regions > 0)
    position = us_position (regions, n_regions, i, j);
  else if (volume->geometry.spacing_unknown)
    position = g_strdup_printf ("(%.0f, %.0f) px", vi, vj);
  /* No patient axes: millimetres across and down from the first pixel's
   * centre, as in the image. */
  else if (volume->geometry.orientation_unknown)
    {
      /* TRANSLATORS: a position in the image, in millimetres; use the same
       * separator as for patient positions. */
      position = g_strdup_printf (_("(%.1f, %.1f) mm in the image"),
                                  i * volume->geometry.spacing[0],
                                  j * volume->geometry.spacing[1]);
    }
  else
    {
      double voxel[3] = { i, j, slice }, lps[3];

      stm_geometry_voxel_to_lps (&volume->geometry, voxel, lps);
      /* TRANSLATORS: a patient position in millimetres; use a separator that
       * cannot be taken for the decimal mark of your language. */
      position = g_strdup_printf (_("(%.1f, %.1f, %.1f) mm"), lps[0], lps[1], lps[2]);
    }
  return g_strdup_printf ("%s  %s", value, position);
}
