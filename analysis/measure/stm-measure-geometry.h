/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The geometry of a measurement's points on a slice: lengths, angles and
 * areas with a pixel spacing that may differ along x and y, and which
 * voxel centres a region holds. Plain functions of the points, so the
 * measurement object, the layer's live preview and the tests share them.
 *
 * A spacing is (mm per voxel along i, mm per voxel along j); pass (1, 1)
 * to get pixels.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  STM_MEASUREMENT_DISTANCE,
  STM_MEASUREMENT_ANGLE,
  STM_MEASUREMENT_ELLIPSE,
  STM_MEASUREMENT_POLYGON,
  STM_MEASUREMENT_FREEHAND,
} StmMeasurementKind;

/* Continuous voxel coordinates on a slice: (i, j) is voxel (i, j)'s centre. */
typedef struct
{
  double i, j;
} StmVoxelPoint;

/* Whether @n_points points make a measurement of @kind (see stm-measurement.h). */
gboolean stm_measurement_kind_accepts   (StmMeasurementKind kind,
                                         guint              n_points);
/* Whether the kind encloses a region (area and intensity statistics). */
gboolean stm_measurement_kind_is_region (StmMeasurementKind kind);

/* Distance from @a to @b. */
double   stm_measure_length             (const StmVoxelPoint *a,
                                         const StmVoxelPoint *b,
                                         const double         spacing[2]);
/* The angle a-vertex-b in degrees, 0 to 180, measured in millimetres (so
 * a right angle on the patient is 90 whatever the voxel shape); 0 when an
 * arm has no length. */
double   stm_measure_angle              (const StmVoxelPoint *a,
                                         const StmVoxelPoint *vertex,
                                         const StmVoxelPoint *b,
                                         const double         spacing[2]);
/* Area of the closed polygon (shoelace formula), whatever its orientation. */
double   stm_measure_polygon_area       (const StmVoxelPoint *points,
                                         guint                n_points,
                                         const double         spacing[2]);

/* The ellipse inscribed in the box with opposite corners @a and @b. */
typedef struct
{
  double ci, cj;   /* centre */
  double ri, rj;   /* semi-axes, voxels */
} StmEllipse;

void     stm_ellipse_from_corners       (const StmVoxelPoint *a,
                                         const StmVoxelPoint *b,
                                         StmEllipse          *ellipse);
/* pi * a * b in the units of @spacing. */
double   stm_ellipse_area               (const StmEllipse    *ellipse,
                                         const double         spacing[2]);

/* Area of a region measurement (ELLIPSE, POLYGON, FREEHAND), 0 otherwise. */
/*
 * An outline that crosses itself (a freehand loop closed with an overlap)
 * cut at its first self-crossing: the closed loop that crossing makes,
 * starting with the crossing point, in a new array of *@out_n points.
 * NULL when the outline (closed back to its first point) does not cross
 * itself. Area and statistics then describe the same region.
 */
StmVoxelPoint *stm_measure_first_loop     (const StmVoxelPoint *points,
                                           guint                n_points,
                                           guint               *out_n);
double   stm_measure_area               (StmMeasurementKind   kind,
                                         const StmVoxelPoint *points,
                                         guint                n_points,
                                         const double         spacing[2]);

/*
 * Whether the region holds the point (i, j). The ellipse holds the points
 * on its outline; a polygon holds its inside by the even-odd rule, and a
 * point exactly on an edge may fall either way.
 */
gboolean stm_measure_region_contains    (StmMeasurementKind   kind,
                                         const StmVoxelPoint *points,
                                         guint                n_points,
                                         double               i,
                                         double               j);

/* The smallest box holding every point: min_i, min_j, max_i, max_j. */
void     stm_measure_bounds             (const StmVoxelPoint *points,
                                         guint                n_points,
                                         double               bounds[4]);

G_END_DECLS
