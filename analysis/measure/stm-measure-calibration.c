/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measure-calibration.h"

#include <math.h>

#include "stm-us-calibration.h"

/* The pixels holding the points, as the inclusive pixel box the region
 * lookup takes; FALSE when a point lies off the image. */
static gboolean
pixel_box (const StmMeasureContext *context, const StmVoxelPoint *points, guint n_points,
           guint box[4])
{
  double bounds[4];

  stm_measure_bounds (points, n_points, bounds);
  for (int k = 0; k < 4; k++)
    {
      /* Voxel n covers [n - 0.5, n + 0.5). */
      double index = floor (bounds[k] + 0.5);
      double limit = context->volume != NULL ? (double) context->volume->dims[k % 2] : G_MAXUINT;

      if (!(index >= 0 && index < limit))
        return FALSE;
      box[k] = (guint) index;
    }
  return TRUE;
}

static gboolean
region_spacing (const StmMeasureContext *context, const StmVoxelPoint *points,
                guint n_points, double spacing[2])
{
  /* The lookup reads the regions from a header; lend it ours. */
  g_autoptr(GArray) regions = g_array_sized_new (FALSE, FALSE, sizeof (StmUsRegion),
                                                 context->n_us_regions);
  StmDicomHeader header = { 0 };
  const StmUsRegion *region = NULL;
  guint box[4];

  if (!pixel_box (context, points, n_points, box))
    return FALSE;
  g_array_append_vals (regions, context->us_regions, context->n_us_regions);
  header.us_regions = regions;
  return stm_us_region_for_box (&header, box, &region, NULL) &&
         stm_us_region_spacing_mm (region, spacing, NULL);
}

static gboolean
volume_spacing (const StmVolume *volume, double spacing[2])
{
  if (volume == NULL || volume->geometry.spacing_unknown)
    return FALSE;
  for (int k = 0; k < 2; k++)
    if (!(isfinite (volume->geometry.spacing[k]) && volume->geometry.spacing[k] > 0))
      return FALSE;
  spacing[0] = volume->geometry.spacing[0];
  spacing[1] = volume->geometry.spacing[1];
  return TRUE;
}

gboolean
stm_measure_calibrate (const StmMeasureContext *context, const StmVoxelPoint *points,
                       guint n_points, double spacing[2])
{
  gboolean calibrated;

  g_return_val_if_fail (context != NULL && spacing != NULL, FALSE);
  g_return_val_if_fail (points != NULL && n_points > 0, FALSE);

  if (context->us_regions != NULL && context->n_us_regions > 0)
    calibrated = region_spacing (context, points, n_points, spacing);
  else
    calibrated = volume_spacing (context->volume, spacing);
  if (!calibrated)
    spacing[0] = spacing[1] = 1;
  return calibrated;
}
