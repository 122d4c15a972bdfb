/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-us-calibration.h"

#include <glib/gi18n.h>
#include <math.h>

#define MM_PER_CM 10.0

static const char * const units_names[] = {
  [STM_US_UNITS_NONE] = N_("no units"),
  [STM_US_UNITS_PERCENT] = N_("percent"),
  [STM_US_UNITS_DB] = N_("decibels"),
  [STM_US_UNITS_CM] = N_("centimetres"),
  [STM_US_UNITS_SECONDS] = N_("seconds"),
  [STM_US_UNITS_HERTZ] = N_("hertz"),
  [STM_US_UNITS_DB_PER_SECOND] = N_("decibels per second"),
  [STM_US_UNITS_CM_PER_SECOND] = N_("centimetres per second"),
  [STM_US_UNITS_CM2] = N_("square centimetres"),
  [STM_US_UNITS_CM2_PER_SECOND] = N_("square centimetres per second"),
  [STM_US_UNITS_CM3] = N_("cubic centimetres"),
  [STM_US_UNITS_CM3_PER_SECOND] = N_("cubic centimetres per second"),
  [STM_US_UNITS_DEGREES] = N_("degrees"),
};

const char *
stm_us_units_name (int units)
{
  if (units < 0 || units >= (int) G_N_ELEMENTS (units_names))
    return _("unknown units");
  return _(units_names[units]);
}

static gboolean
region_holds_box (const StmUsRegion *r, const guint box[4])
{
  return box[0] >= r->min_x0 && box[1] >= r->min_y0 &&
         box[2] <= r->max_x1 && box[3] <= r->max_y1;
}

gboolean
stm_us_region_for_box (const StmDicomHeader *header,
                       const guint           box[4],
                       const StmUsRegion   **region,
                       GError              **error)
{
  const StmUsRegion *found = NULL;
  guint n_found = 0;

  g_return_val_if_fail (header != NULL && box != NULL && region != NULL, FALSE);

  for (guint i = 0; header->us_regions != NULL && i < header->us_regions->len; i++)
    {
      const StmUsRegion *r = &g_array_index (header->us_regions, StmUsRegion, i);

      if (region_holds_box (r, box))
        {
          found = r;
          n_found++;
        }
    }
  if (n_found != 1)
    {
      g_set_error_literal (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                           _("The region of interest crosses ultrasound regions (or lies "
                             "outside them): it cannot be calibrated."));
      return FALSE;
    }
  *region = found;
  return TRUE;
}

static gboolean
check_axis_units (int units, double delta, const char *axis, GError **error)
{
  if (units != STM_US_UNITS_CM)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                   _("The ultrasound region is calibrated in %s, not in distance, along %s: "
                     "its pixels have no size in millimetres."),
                   stm_us_units_name (units), axis);
      return FALSE;
    }
  if (!isfinite (delta) || delta == 0)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("The ultrasound region has no pixel size along %s (Physical Delta is %g)."),
                   axis, delta);
      return FALSE;
    }
  return TRUE;
}

gboolean
stm_us_region_spacing_mm (const StmUsRegion *region,
                          double             spacing[2],
                          GError           **error)
{
  g_return_val_if_fail (region != NULL && spacing != NULL, FALSE);

  /* PS3.3 C.8.5.5.1.15 has no millimetre code: distance is always cm. */
  if (!check_axis_units (region->units_x, region->delta_x, "x", error) ||
      !check_axis_units (region->units_y, region->delta_y, "y", error))
    return FALSE;
  /* A negative delta only says which way the axis runs; a pixel's size is positive. */
  spacing[0] = fabs (region->delta_x) * MM_PER_CM;
  spacing[1] = fabs (region->delta_y) * MM_PER_CM;
  return TRUE;
}
