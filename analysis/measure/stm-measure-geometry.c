/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measure-geometry.h"

#include <math.h>
#include <string.h>

gboolean
stm_measurement_kind_accepts (StmMeasurementKind kind, guint n_points)
{
  switch (kind)
    {
    case STM_MEASUREMENT_DISTANCE:
    case STM_MEASUREMENT_ELLIPSE:
      return n_points == 2;
    case STM_MEASUREMENT_ANGLE:
      return n_points == 3;
    case STM_MEASUREMENT_POLYGON:
    case STM_MEASUREMENT_FREEHAND:
      return n_points >= 3;
    default:
      return FALSE;
    }
}

gboolean
stm_measurement_kind_is_region (StmMeasurementKind kind)
{
  return kind == STM_MEASUREMENT_ELLIPSE || kind == STM_MEASUREMENT_POLYGON ||
         kind == STM_MEASUREMENT_FREEHAND;
}

double
stm_measure_length (const StmVoxelPoint *a, const StmVoxelPoint *b, const double spacing[2])
{
  return hypot ((b->i - a->i) * spacing[0], (b->j - a->j) * spacing[1]);
}

double
stm_measure_angle (const StmVoxelPoint *a, const StmVoxelPoint *vertex,
                   const StmVoxelPoint *b, const double spacing[2])
{
  double ux = (a->i - vertex->i) * spacing[0], uy = (a->j - vertex->j) * spacing[1];
  double vx = (b->i - vertex->i) * spacing[0], vy = (b->j - vertex->j) * spacing[1];

  if ((ux == 0 && uy == 0) || (vx == 0 && vy == 0))
    return 0;
  /* atan2 of cross and dot stays accurate near 0 and 180 degrees, where
   * acos of the normalised dot product loses digits. */
  return fabs (atan2 (ux * vy - uy * vx, ux * vx + uy * vy)) * 180.0 / G_PI;
}

double
stm_measure_polygon_area (const StmVoxelPoint *points, guint n_points, const double spacing[2])
{
  double twice = 0;

  if (n_points < 3)
    return 0;
  /* Relative to the first point, so large coordinates do not cancel. */
  for (guint k = 1; k + 1 < n_points; k++)
    {
      double xi = points[k].i - points[0].i, yi = points[k].j - points[0].j;
      double xj = points[k + 1].i - points[0].i, yj = points[k + 1].j - points[0].j;

      twice += xi * yj - xj * yi;
    }
  /* Scaling x and y scales every area by their product. */
  return fabs (twice) / 2 * spacing[0] * spacing[1];
}

/* Where segments p0-p1 and q0-q1 cross (not merely touch at an end). */
static gboolean
segments_cross (const StmVoxelPoint *p0, const StmVoxelPoint *p1, const StmVoxelPoint *q0,
                const StmVoxelPoint *q1, StmVoxelPoint *at)
{
  double rx = p1->i - p0->i, ry = p1->j - p0->j, sx = q1->i - q0->i, sy = q1->j - q0->j;
  double denom = rx * sy - ry * sx, t, u;

  if (fabs (denom) < 1e-12)
    return FALSE;
  t = ((q0->i - p0->i) * sy - (q0->j - p0->j) * sx) / denom;
  u = ((q0->i - p0->i) * ry - (q0->j - p0->j) * rx) / denom;
  if (!(t > 1e-9 && t < 1 - 1e-9 && u > 1e-9 && u < 1 - 1e-9))
    return FALSE;
  at->i = p0->i + t * rx;
  at->j = p0->j + t * ry;
  return TRUE;
}

StmVoxelPoint *
stm_measure_first_loop (const StmVoxelPoint *points, guint n_points, guint *out_n)
{
  g_return_val_if_fail (points != NULL && out_n != NULL, NULL);

  /* Segment e runs from point e to point e + 1, the last one back to 0. */
  for (guint b = 2; b < n_points; b++)
    for (guint a = 0; a + 1 < b; a++)
      {
        const StmVoxelPoint *b1 = &points[(b + 1) % n_points];
        StmVoxelPoint at, *loop;

        if ((b + 1) % n_points == a)
          continue;             /* the closing segment meets the first at point 0 */
        if (!segments_cross (&points[a], &points[a + 1], &points[b], b1, &at))
          continue;
        *out_n = b - a + 1;
        loop = g_new (StmVoxelPoint, *out_n);
        loop[0] = at;
        memcpy (loop + 1, points + a + 1, (b - a) * sizeof *points);
        return loop;
      }
  return NULL;
}

void
stm_ellipse_from_corners (const StmVoxelPoint *a, const StmVoxelPoint *b, StmEllipse *ellipse)
{
  ellipse->ci = (a->i + b->i) / 2;
  ellipse->cj = (a->j + b->j) / 2;
  ellipse->ri = fabs (b->i - a->i) / 2;
  ellipse->rj = fabs (b->j - a->j) / 2;
}

double
stm_ellipse_area (const StmEllipse *ellipse, const double spacing[2])
{
  return G_PI * ellipse->ri * spacing[0] * ellipse->rj * spacing[1];
}

double
stm_measure_area (StmMeasurementKind kind, const StmVoxelPoint *points, guint n_points,
                  const double spacing[2])
{
  StmEllipse ellipse;

  if (!stm_measurement_kind_accepts (kind, n_points))
    return 0;
  switch (kind)
    {
    case STM_MEASUREMENT_ELLIPSE:
      stm_ellipse_from_corners (&points[0], &points[1], &ellipse);
      return stm_ellipse_area (&ellipse, spacing);
    case STM_MEASUREMENT_POLYGON:
    case STM_MEASUREMENT_FREEHAND:
      return stm_measure_polygon_area (points, n_points, spacing);
    default:
      return 0;
    }
}

static gboolean
ellipse_contains (const StmEllipse *e, double i, double j)
{
  double di, dj;

  if (e->ri <= 0 || e->rj <= 0)
    return FALSE;
  di = (i - e->ci) / e->ri;
  dj = (j - e->cj) / e->rj;
  return di * di + dj * dj <= 1.0;
}

/* Even-odd rule: count the edges a ray towards +i crosses. */
static gboolean
polygon_contains (const StmVoxelPoint *p, guint n, double i, double j)
{
  gboolean inside = FALSE;

  for (guint a = 0, b = n - 1; a < n; b = a++)
    {
      if ((p[a].j > j) != (p[b].j > j))
        {
          double cross_i = p[b].i + (j - p[b].j) * (p[a].i - p[b].i) / (p[a].j - p[b].j);

          if (i < cross_i)
            inside = !inside;
        }
    }
  return inside;
}

gboolean
stm_measure_region_contains (StmMeasurementKind kind, const StmVoxelPoint *points,
                             guint n_points, double i, double j)
{
  StmEllipse ellipse;

  if (!stm_measurement_kind_is_region (kind) || !stm_measurement_kind_accepts (kind, n_points))
    return FALSE;
  if (kind == STM_MEASUREMENT_ELLIPSE)
    {
      stm_ellipse_from_corners (&points[0], &points[1], &ellipse);
      return ellipse_contains (&ellipse, i, j);
    }
  return polygon_contains (points, n_points, i, j);
}

void
stm_measure_bounds (const StmVoxelPoint *points, guint n_points, double bounds[4])
{
  g_return_if_fail (n_points > 0);

  bounds[0] = bounds[2] = points[0].i;
  bounds[1] = bounds[3] = points[0].j;
  for (guint k = 1; k < n_points; k++)
    {
      bounds[0] = MIN (bounds[0], points[k].i);
      bounds[1] = MIN (bounds[1], points[k].j);
      bounds[2] = MAX (bounds[2], points[k].i);
      bounds[3] = MAX (bounds[3], points[k].j);
    }
}
