/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measure-format.h"

#include <glib/gi18n.h>

static const char * const kind_names[] = {
  [STM_MEASUREMENT_DISTANCE] = N_("Distance"),
  [STM_MEASUREMENT_ANGLE] = N_("Angle"),
  [STM_MEASUREMENT_ELLIPSE] = N_("Ellipse"),
  [STM_MEASUREMENT_POLYGON] = N_("Polygon"),
  [STM_MEASUREMENT_FREEHAND] = N_("Freehand"),
};

const char *
stm_measurement_kind_name (StmMeasurementKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), "");
  return _(kind_names[kind]);
}

/* Pixels are whole numbers: a tenth of a pixel claims a precision an
 * uncalibrated measurement does not have. */
static char *
format_size (const StmMeasurementResult *r)
{
  switch (r->kind)
    {
    case STM_MEASUREMENT_DISTANCE:
      return r->calibrated ? g_strdup_printf (_("%.1f mm"), r->length)
                           : g_strdup_printf (_("%.0f px"), r->length);
    case STM_MEASUREMENT_ANGLE:
      return g_strdup_printf (_("%.1f°"), r->angle);
    default:
      /* TRANSLATORS: "A" abbreviates area. */
      return r->calibrated ? g_strdup_printf (_("A %.1f mm²"), r->area)
                           : g_strdup_printf (_("A %.0f px²"), r->area);
    }
}

static char *
format_mean_sd (const StmMeasurementResult *r)
{
  if (r->unit == STM_INTENSITY_HU)
    /* TRANSLATORS: mean and standard deviation of the voxels in a region. */
    return g_strdup_printf (_("mean %.1f HU  SD %.1f"), r->stats.mean, r->stats.sd);
  return g_strdup_printf (_("mean %.1f  SD %.1f"), r->stats.mean, r->stats.sd);
}

static char *
mark_uncalibrated (const StmMeasurementResult *r, char *text)
{
  char *marked;

  if (r->calibrated)
    return text;
  /* TRANSLATORS: a value measured in pixels, the image having no usable scale. */
  marked = g_strdup_printf (_("%s (uncalibrated)"), text);
  g_free (text);
  return marked;
}

char *
stm_measure_format (const StmMeasurementResult *result)
{
  g_autofree char *size = NULL, *stats = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  size = format_size (result);
  if (!result->has_stats)
    return mark_uncalibrated (result, g_steal_pointer (&size));
  stats = format_mean_sd (result);
  return mark_uncalibrated (result, g_strdup_printf ("%s  %s", size, stats));
}

char *
stm_measure_format_label (const StmMeasurementResult *result)
{
  g_autofree char *size = NULL, *stats = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (!result->has_stats)
    return stm_measure_format (result);
  size = mark_uncalibrated (result, format_size (result));
  stats = format_mean_sd (result);
  return g_strdup_printf ("%s\n%s", size, stats);
}

char *
stm_measure_format_details (const StmMeasurementResult *result)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (!result->has_stats)
    return stm_measure_format (result);
  label = stm_measure_format_label (result);
  return g_strdup_printf (ngettext ("%s\nmin %.1f  max %.1f  (%zu voxel)",
                                    "%s\nmin %.1f  max %.1f  (%zu voxels)",
                                    result->stats.count),
                          label, result->stats.min, result->stats.max, result->stats.count);
}
