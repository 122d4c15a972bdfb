/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where each frame of a series goes in its volume, and the volume's
 * geometry. Slices are ordered by ImagePositionPatient projected on the
 * slice normal, never by file name or InstanceNumber; spacing comes from
 * the positions, never from SliceThickness. Whatever does not fit a
 * regular grid is reported as a warning on the series.
 */
#include "stm-series-geometry.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define POSITION_TOLERANCE_MM 0.01

static void
cross (const double a[3], const double b[3], double out[3])
{
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

static double
dot (const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static gboolean
normalise (double v[3])
{
  double n = sqrt (dot (v, v));

  if (n < 1e-9)
    return FALSE;
  for (int i = 0; i < 3; i++)
    v[i] /= n;
  return TRUE;
}

static const StmFrameGeometry *
frame_geometry (const StmDicomHeader *h, guint frame)
{
  return h->frames != NULL ? &h->frames[frame] : &h->image;
}

static GArray *
list_frames (const StmSeries *series)
{
  GArray *frames = g_array_new (FALSE, TRUE, sizeof (StmSliceSource));

  for (guint i = 0; i < series->instances->len; i++)
    {
      StmDicomHeader *h = g_ptr_array_index (series->instances, i);
      for (guint f = 0; f < h->n_frames; f++)
        {
          StmSliceSource s = { h, f, frame_geometry (h, f), 0 };
          g_array_append_val (frames, s);
        }
    }
  return frames;
}

static int
compare_distance (gconstpointer a, gconstpointer b)
{
  const StmSliceSource *x = a, *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  if (x->header->instance_number != y->header->instance_number)
    return x->header->instance_number < y->header->instance_number ? -1 : 1;
  return x->frame < y->frame ? -1 : x->frame > y->frame;
}

static int
compare_instance (gconstpointer a, gconstpointer b)
{
  const StmSliceSource *x = a, *y = b;

  if (x->header->instance_number != y->header->instance_number)
    return x->header->instance_number < y->header->instance_number ? -1 : 1;
  return x->frame < y->frame ? -1 : x->frame > y->frame;
}

static gboolean
all_positioned (GArray *frames)
{
  for (guint i = 0; i < frames->len; i++)
    {
      const StmFrameGeometry *g = g_array_index (frames, StmSliceSource, i).geometry;
      if (!g->has_position || !g->has_orientation)
        return FALSE;
    }
  return frames->len > 0;
}

static void
drop_duplicates (StmSeries *series, GArray *frames)
{
  guint dropped = 0;

  for (guint i = 1; i < frames->len; i++)
    {
      double d = g_array_index (frames, StmSliceSource, i).distance -
                 g_array_index (frames, StmSliceSource, i - 1).distance;
      if (fabs (d) < POSITION_TOLERANCE_MM)
        {
          g_array_remove_index (frames, i--);
          dropped++;
        }
    }
  if (dropped > 0)
    stm_series_add_warning (series,
                            ngettext ("%u image at the same position as another was left out "
                                      "of the volume.",
                                      "%u images at the same position as another were left out "
                                      "of the volume.", dropped),
                            dropped);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The typical step between slices, and a warning for each that departs from it. */
static double
check_spacing (StmSeries *series, GArray *frames)
{
  guint n = frames->len;
  g_autofree double *steps = g_new (double, n);

  for (guint i = 1; i < n; i++)
    steps[i - 1] = g_array_index (frames, StmSliceSource, i).distance -
                   g_array_index (frames, StmSliceSource, i - 1).distance;
  g_autofree double *sorted = g_memdup2 (steps, (n - 1) * sizeof (double));
  qsort (sorted, n - 1, sizeof (double), compare_doubles);
  double median = sorted[(n - 1) / 2];

  guint uneven = 0;
  for (guint i = 0; i + 1 < n; i++)
    if (fabs (steps[i] - median) > MAX (POSITION_TOLERANCE_MM, 0.01 * median))
      {
        if (uneven++ == 0)
          stm_series_add_warning (series, _("Slice spacing is uneven: %.2f mm between slices "
                                    "%u and %u where it is %.2f mm elsewhere (a slice may be "
                                    "missing); distances across that gap are not exact."),
                                  steps[i], i + 1, i + 2, median);
      }
  if (uneven > 1)
    stm_series_add_warning (series, _("%u gaps in all depart from the usual slice spacing."),
                            uneven);
  return median;
}

static void
set_in_plane (StmSeries *series, const StmSliceSource *first, StmGeometry *g)
{
  const StmFrameGeometry *fg = first->geometry;
  const StmDicomHeader *h = first->header;

  if (fg->has_orientation)
    {
      memcpy (g->axes[0], fg->orientation, 3 * sizeof (double));
      memcpy (g->axes[1], fg->orientation + 3, 3 * sizeof (double));
      if (!normalise (g->axes[0]) || !normalise (g->axes[1]))
        {
          stm_geometry_init_identity (g);
          g->orientation_unknown = TRUE;
        }
      cross (g->axes[0], g->axes[1], g->axes[2]);
    }
  else
    {
      g->orientation_unknown = TRUE;
      memcpy (g->patient_orientation, h->patient_orientation, sizeof g->patient_orientation);
    }
  if (fg->has_position)
    memcpy (g->origin, fg->position, 3 * sizeof (double));

  if (fg->has_pixel_spacing)
    {
      /* PixelSpacing is (between rows, between columns). */
      g->spacing[0] = fg->pixel_spacing[1];
      g->spacing[1] = fg->pixel_spacing[0];
    }
  else if (h->us_regions != NULL && h->us_regions->len > 0)
    {
      /* Ultrasound keeps its calibration per region; the volume stays in pixels. */
      g->spacing[0] = 1;
      g->spacing[1] = 1;
      g->spacing_unknown = TRUE;
    }
  else
    {
      g->spacing[0] = 1;
      g->spacing[1] = h->pixel_aspect[0] / h->pixel_aspect[1];
      g->spacing_unknown = TRUE;
      if (g_strcmp0 (h->modality, "CT") == 0 || g_strcmp0 (h->modality, "MR") == 0)
        stm_series_add_warning (series, _("The images have no pixel spacing: distances are "
                                  "in pixels."));
    }
}

static void
check_pixel_spacing (StmSeries *series, GArray *frames)
{
  const StmFrameGeometry *first = g_array_index (frames, StmSliceSource, 0).geometry;

  for (guint i = 1; i < frames->len; i++)
    {
      const StmFrameGeometry *g = g_array_index (frames, StmSliceSource, i).geometry;
      if (g->has_pixel_spacing != first->has_pixel_spacing ||
          fabs (g->pixel_spacing[0] - first->pixel_spacing[0]) > 1e-4 ||
          fabs (g->pixel_spacing[1] - first->pixel_spacing[1]) > 1e-4)
        {
          stm_series_add_warning (series, _("Pixel spacing changes within the series; the first "
                                    "image's spacing is used."));
          return;
        }
    }
}

static void
stack_by_position (StmSeries *series, GArray *frames, StmGeometry *g)
{
  for (guint i = 0; i < frames->len; i++)
    {
      StmSliceSource *s = &g_array_index (frames, StmSliceSource, i);
      s->distance = dot (s->geometry->position, g->axes[2]);
    }
  g_array_sort (frames, compare_distance);
  drop_duplicates (series, frames);

  const StmSliceSource *first = &g_array_index (frames, StmSliceSource, 0);
  memcpy (g->origin, first->geometry->position, sizeof g->origin);
  if (frames->len < 2)
    {
      g->spacing[2] = first->geometry->slice_thickness > 0 ? first->geometry->slice_thickness : 1;
      return;
    }

  const StmSliceSource *last = &g_array_index (frames, StmSliceSource, frames->len - 1);
  double step = check_spacing (series, frames);
  double along[3];
  for (int r = 0; r < 3; r++)
    along[r] = last->geometry->position[r] - first->geometry->position[r];
  normalise (along);

  double cosine = dot (along, g->axes[2]);
  double angle = acos (CLAMP (cosine, -1.0, 1.0)) * 180 / G_PI;
  if (angle > 0.01)
    {
      /* Gantry tilt: the true stacking direction is oblique to the slice plane. */
      stm_series_add_warning (series, _("The slices are tilted by %.2f° to their stacking "
                                "direction (gantry tilt): the volume is sheared, with exact "
                                "positions."), angle);
      memcpy (g->axes[2], along, sizeof along);
      g->spacing[2] = step / cosine;
    }
  else
    g->spacing[2] = step;
}

GArray *
stm_series_plan_volume (StmSeries   *series,
                        StmGeometry *geometry)
{
  GArray *frames = list_frames (series);

  stm_geometry_init_identity (geometry);
  if (frames->len == 0)
    return frames;

  check_pixel_spacing (series, frames);
  if (all_positioned (frames))
    {
      set_in_plane (series, &g_array_index (frames, StmSliceSource, 0), geometry);
      stack_by_position (series, frames, geometry);
      return frames;
    }

  g_array_sort (frames, compare_instance);
  set_in_plane (series, &g_array_index (frames, StmSliceSource, 0), geometry);
  const StmDicomHeader *h = g_array_index (frames, StmSliceSource, 0).header;
  geometry->spacing[2] = h->image.slice_thickness > 0 ? h->image.slice_thickness : 1;
  if (series->instances->len > 1)
    stm_series_add_warning (series, _("The images have no position in the patient: they are "
                              "ordered by instance number and the distance between them is "
                              "unknown."));
  return frames;
}
