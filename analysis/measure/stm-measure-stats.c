/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measure-stats.h"

#include <math.h>
#include <string.h>

/* Welford's running mean and sum of squared deviations: one pass, and no
 * cancellation when the values sit far from zero (bone at 1000 HU). */
typedef struct
{
  gsize  n;
  double mean, m2, min, max;
} Accumulator;

static void
accumulate (Accumulator *acc, double value)
{
  double delta;

  if (!isfinite (value))
    return;
  acc->n++;
  delta = value - acc->mean;
  acc->mean += delta / acc->n;
  acc->m2 += delta * (value - acc->mean);
  acc->min = acc->n == 1 ? value : MIN (acc->min, value);
  acc->max = acc->n == 1 ? value : MAX (acc->max, value);
}

static double
voxel_value (const StmVolume *volume, gsize i, gsize j, gsize k)
{
  if (volume->format == STM_VOXEL_FLOAT32)
    return stm_volume_float_data (volume)[(k * volume->dims[1] + j) * volume->dims[0] + i];
  return stm_volume_grey_at (volume, i, j, k);
}

/* The voxel indices from ceil (lo) to floor (hi), kept on the slice;
 * FALSE when none is. */
static gboolean
index_range (double lo, double hi, gsize n, gsize *first, gsize *last)
{
  double a = MAX (ceil (lo), 0), b = MIN (floor (hi), (double) n - 1);

  if (!(a <= b))
    return FALSE;
  *first = (gsize) a;
  *last = (gsize) b;
  return TRUE;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* One row of a polygon by scanline: the even-odd rule of
 * stm_measure_region_contains() (a crossing at c counts for the points
 * with i < c), in time linear in the edges rather than per voxel, which a
 * freehand outline of thousands of points needs. */
static void
accumulate_polygon_row (Accumulator *acc, const StmVolume *volume, guint slice,
                        const StmVoxelPoint *p, guint n, gsize j, gsize i0, gsize i1,
                        GArray *crossings)
{
  g_array_set_size (crossings, 0);
  for (guint a = 0, b = n - 1; a < n; b = a++)
    if ((p[a].j > j) != (p[b].j > j))
      {
        double c = p[b].i + (j - p[b].j) * (p[a].i - p[b].i) / (p[a].j - p[b].j);

        g_array_append_val (crossings, c);
      }
  g_array_sort (crossings, compare_doubles);
  /* Inside between crossings 2m (included) and 2m + 1 (excluded). */
  for (guint m = 0; m + 1 < crossings->len; m += 2)
    {
      double from = MAX (ceil (g_array_index (crossings, double, m)), (double) i0);
      double to = MIN (ceil (g_array_index (crossings, double, m + 1)) - 1, (double) i1);

      for (double i = from; i <= to; i++)
        accumulate (acc, voxel_value (volume, (gsize) i, j, slice));
    }
}

static void
accumulate_region (Accumulator *acc, const StmVolume *volume, guint slice,
                   StmMeasurementKind kind, const StmVoxelPoint *points, guint n_points,
                   const gsize range[4])
{
  g_autoptr(GArray) crossings = g_array_new (FALSE, FALSE, sizeof (double));

  for (gsize j = range[2]; j <= range[3]; j++)
    {
      if (kind != STM_MEASUREMENT_ELLIPSE)
        {
          accumulate_polygon_row (acc, volume, slice, points, n_points, j, range[0], range[1],
                                  crossings);
          continue;
        }
      for (gsize i = range[0]; i <= range[1]; i++)
        if (stm_measure_region_contains (kind, points, n_points, i, j))
          accumulate (acc, voxel_value (volume, i, j, slice));
    }
}

gboolean
stm_measure_stats (const StmVolume *volume, guint slice, StmMeasurementKind kind,
                   const StmVoxelPoint *points, guint n_points, StmMeasureStats *stats)
{
  Accumulator acc = { 0 };
  double bounds[4];
  gsize range[4];   /* first i, last i, first j, last j */

  g_return_val_if_fail (volume != NULL && stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  if (!stm_measurement_kind_is_region (kind) || !stm_measurement_kind_accepts (kind, n_points) ||
      slice >= volume->dims[2])
    return FALSE;
  stm_measure_bounds (points, n_points, bounds);
  if (!index_range (bounds[0], bounds[2], volume->dims[0], &range[0], &range[1]) ||
      !index_range (bounds[1], bounds[3], volume->dims[1], &range[2], &range[3]))
    return FALSE;
  accumulate_region (&acc, volume, slice, kind, points, n_points, range);
  if (acc.n == 0)
    return FALSE;
  stats->count = acc.n;
  stats->mean = acc.mean;
  stats->sd = acc.n > 1 ? sqrt (acc.m2 / (acc.n - 1)) : 0;
  stats->min = acc.min;
  stats->max = acc.max;
  return TRUE;
}
