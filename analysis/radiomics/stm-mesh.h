/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The triangle mesh of a binary mask by marching cubes (IBSI "mesh-based
 * representation", WRJH): iso-level 0.5 on the mask padded with a border of
 * zeros, so every vertex sits half-way along a grid edge between an inside
 * and an outside voxel centre. The mesh is closed and its faces are
 * consistently oriented (counter-clockwise seen from outside), which the
 * signed-tetrahedra volume needs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double  *vertices;    /* n_vertices x 3, mm, relative to the centre of voxel (0, 0, 0) */
  gsize    n_vertices;
  guint32 *faces;       /* n_faces x 3 vertex indices, counter-clockwise from outside */
  gsize    n_faces;
} StmMesh;

/* @mask holds dims[0] * dims[1] * dims[2] bytes, x fastest; non-zero is inside. */
StmMesh *stm_mesh_new_from_mask (const guint8 *mask,
                                 const gsize   dims[3],
                                 const double  spacing[3]);
void     stm_mesh_free          (StmMesh *mesh);

/* |sum of a . (b x c) / 6| over the faces (IBSI RNU0), and the summed face
 * areas (C0JK). Both work on any closed, consistently oriented triangle set
 * sharing the StmMesh layout, such as a convex hull over the same vertices. */
double   stm_mesh_volume        (const StmMesh *mesh);
double   stm_mesh_area          (const StmMesh *mesh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmMesh, stm_mesh_free)

G_END_DECLS
