/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measure-result.h"

#include <string.h>

static StmIntensityUnit
intensity_unit (const StmMeasureContext *context)
{
  if (context->volume->format != STM_VOXEL_FLOAT32 || context->n_us_regions > 0 ||
      context->volume->value_unit != STM_VALUE_HU)
    return STM_INTENSITY_GREY;
  return STM_INTENSITY_HU;
}

static void
compute_region (const StmMeasureContext *context, StmMeasurementKind kind, guint slice,
                const StmVoxelPoint *points, guint n_points, StmMeasurementResult *result)
{
  result->area = stm_measure_area (kind, points, n_points, result->spacing);
  if (context->volume != NULL)
    {
      result->has_stats = stm_measure_stats (context->volume, slice, kind, points, n_points,
                                             &result->stats);
      result->unit = intensity_unit (context);
    }
}

void
stm_measure_compute (const StmMeasureContext *context, StmMeasurementKind kind, guint slice,
                     const StmVoxelPoint *points, guint n_points, StmMeasurementResult *result)
{
  g_return_if_fail (context != NULL && result != NULL);
  g_return_if_fail (stm_measurement_kind_accepts (kind, n_points));

  memset (result, 0, sizeof *result);
  result->kind = kind;
  result->calibrated = stm_measure_calibrate (context, points, n_points, result->spacing);
  switch (kind)
    {
    case STM_MEASUREMENT_DISTANCE:
      result->length = stm_measure_length (&points[0], &points[1], result->spacing);
      break;
    case STM_MEASUREMENT_ANGLE:
      result->angle = stm_measure_angle (&points[0], &points[1], &points[2], result->spacing);
      break;
    case STM_MEASUREMENT_POLYGON:
    case STM_MEASUREMENT_FREEHAND:
      {
        guint n_loop = 0;
        g_autofree StmVoxelPoint *loop = stm_measure_first_loop (points, n_points, &n_loop);

        if (loop != NULL && n_loop >= 3)
          {
            compute_region (context, kind, slice, loop, n_loop, result);
            break;
          }
      }
      G_GNUC_FALLTHROUGH;
    case STM_MEASUREMENT_ELLIPSE:
      result->area = stm_measure_area (kind, points, n_points, result->spacing);
      if (context->volume != NULL)
        {
          result->has_stats = stm_measure_stats (context->volume, slice, kind, points, n_points,
                                                 &result->stats);
          result->unit = intensity_unit (context);
        }
      break;
    default:
      g_assert_not_reached ();
    }
}
