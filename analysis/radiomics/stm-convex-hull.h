/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The 3D convex hull of a point set by quickhull (Barber, Dobkin & Huhdanpaa
 * 1996), as a triangle set over the input points: what the IBSI convex hull
 * features (R3ER, 7T7F) and the maximum 3D diameter (L0JK) need.
 *
 * Orientation tests are exact when the coordinates are integers below 2^16
 * in magnitude, such as a marching-cubes mesh in half-voxel units; otherwise
 * points within a rounding-error bound of a face's plane count as on it.
 * Coplanar facets come out triangulated. Every corner of the hull is a
 * vertex; a point on a face or an edge may be one or not.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 *faces;       /* n_faces x 3 input point indices, counter-clockwise from outside */
  gsize    n_faces;
  guint32 *vertices;    /* the input points the faces use, ascending */
  gsize    n_vertices;
} StmConvexHull;

/* @points holds n_points x 3 coordinates. A hull with no faces when the
 * points are fewer than four or all coplanar. */
StmConvexHull *stm_convex_hull_new  (const double *points,
                                     gsize         n_points);
void           stm_convex_hull_free (StmConvexHull *hull);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmConvexHull, stm_convex_hull_free)

G_END_DECLS
