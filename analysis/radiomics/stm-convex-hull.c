/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Quickhull in 3D. Each face keeps the points strictly above it (its
 * outside set); the farthest such point is added by deleting every face it
 * sees and joining the horizon around them to it, and the deleted faces'
 * points go to the new faces they are above, or are dropped as inside.
 * Faces live in one growing array (dead ones stay, flagged), so the main
 * loop is a single pass over it: a face gains points only when created.
 *
 * Faces store the neighbour across each edge. A point exactly on a face's
 * plane does not see it, so a new face may be coplanar with an old one;
 * the volume and area are unaffected, and no face is ever degenerate.
 */
#include "stm-convex-hull.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define NONE G_MAXUINT32

typedef struct
{
  guint32  v[3];
  guint32  nb[3];         /* the face across edge v[i] -> v[(i + 1) % 3] */
  double   normal[3];     /* (b - a) x (c - a), not normalised: exact on integers */
  guint32  outside;       /* head of the outside-point list */
  guint32  farthest;
  double   far_dist;
  guint32  mark;          /* == Hull.stamp while visible from the current eye */
  gboolean alive;
} Face;

typedef struct
{
  guint32 a, b, face;     /* edge a -> b of a visible face; @face is the hidden one across */
} HorizonEdge;

typedef struct
{
  const double *p;
  gsize         n;
  double        eps;
  GArray       *faces;     /* Face */
  guint32      *next;      /* outside lists, by point */
  guint32      *start_of;  /* scratch: new face by its horizon start vertex */
  guint32       stamp;
  GArray       *stack, *visible, *orphans;  /* guint32 */
  GArray       *horizon;   /* HorizonEdge */
} Hull;

static Face *
face_at (const Hull *h, guint32 f)
{
  return &g_array_index (h->faces, Face, f);
}

static const double *
point (const Hull *h, guint32 i)
{
  return h->p + 3 * (gsize) i;
}

/* Signed height of @q above the plane of @f, times the normal's length. */
static double
face_distance (const Hull *h, const Face *f, guint32 q)
{
  const double *a = point (h, f->v[0]), *p = point (h, q);

  return f->normal[0] * (p[0] - a[0]) + f->normal[1] * (p[1] - a[1]) +
         f->normal[2] * (p[2] - a[2]);
}

static void
plane_normal (const double *a, const double *b, const double *c, double n[3])
{
  double u[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
  double v[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };

  n[0] = u[1] * v[2] - u[2] * v[1];
  n[1] = u[2] * v[0] - u[0] * v[2];
  n[2] = u[0] * v[1] - u[1] * v[0];
}

static guint32
face_add (Hull *h, guint32 a, guint32 b, guint32 c)
{
  Face f = { { a, b, c }, { NONE, NONE, NONE }, { 0 }, NONE, NONE, 0, 0, TRUE };

  plane_normal (point (h, a), point (h, b), point (h, c), f.normal);
  g_array_append_val (h->faces, f);
  return h->faces->len - 1;
}

static void
face_take_point (Hull *h, guint32 fi, guint32 q, double dist)
{
  Face *f = face_at (h, fi);

  h->next[q] = f->outside;
  f->outside = q;
  if (f->farthest == NONE || dist > f->far_dist)
    {
      f->farthest = q;
      f->far_dist = dist;
    }
}

/* Gives @q to the first of faces @first.. it lies strictly above. */
static void
assign_point (Hull *h, guint32 q, guint32 first)
{
  for (guint32 fi = first; fi < h->faces->len; fi++)
    {
      double d = face_distance (h, face_at (h, fi), q);
      if (d > h->eps)
        {
          face_take_point (h, fi, q, d);
          return;
        }
    }
}

/* Rounding-error bound of face_distance(): zero for small integers. */
static double
distance_tolerance (const double *p, gsize n)
{
  double lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };
  gboolean integral = TRUE;
  double extent = 0;

  for (gsize i = 0; i < 3 * n; i++)
    {
      lo[i % 3] = MIN (lo[i % 3], p[i]);
      hi[i % 3] = MAX (hi[i % 3], p[i]);
      integral = integral && p[i] == rint (p[i]) && fabs (p[i]) < 32768;
    }
  if (integral)
    return 0;
  for (int k = 0; k < 3; k++)
    extent = MAX (extent, hi[k] - lo[k]);
  return 32 * DBL_EPSILON * extent * extent * extent;
}

/* ---- initial tetrahedron ---------------------------------------------- */

static double
dist2 (const double *a, const double *b)
{
  return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
         (a[2] - b[2]) * (a[2] - b[2]);
}

/* The two most distant of the six axis-extreme points. */
static void
extreme_pair (const Hull *h, guint32 *i0, guint32 *i1)
{
  guint32 ext[6] = { 0 };
  double best = -1;

  *i0 = *i1 = 0;

  for (guint32 i = 0; i < h->n; i++)
    for (int k = 0; k < 3; k++)
      {
        if (point (h, i)[k] < point (h, ext[2 * k])[k])
          ext[2 * k] = i;
        if (point (h, i)[k] > point (h, ext[2 * k + 1])[k])
          ext[2 * k + 1] = i;
      }
  for (int a = 0; a < 6; a++)
    for (int b = a + 1; b < 6; b++)
      if (dist2 (point (h, ext[a]), point (h, ext[b])) > best)
        {
          best = dist2 (point (h, ext[a]), point (h, ext[b]));
          *i0 = ext[a];
          *i1 = ext[b];
        }
}

/* The point farthest from the line i0 i1. */
static guint32
farthest_from_line (const Hull *h, guint32 i0, guint32 i1)
{
  guint32 best = i0;
  double best_d = 0;

  for (guint32 i = 0; i < h->n; i++)
    {
      double n[3];
      plane_normal (point (h, i0), point (h, i1), point (h, i), n);
      double d = n[0] * n[0] + n[1] * n[1] + n[2] * n[2];
      if (d > best_d)
        {
          best_d = d;
          best = i;
        }
    }
  return best;
}

/* Links every pair of faces among @faces[0..n) that share an edge. */
static void
link_faces (Hull *h, const guint32 *faces, guint n)
{
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      for (int e = 0; e < 3; e++)
        for (int k = 0; k < 3; k++)
          {
            Face *f = face_at (h, faces[i]), *g = face_at (h, faces[j]);
            if (i != j && f->v[e] == g->v[(k + 1) % 3] && f->v[(e + 1) % 3] == g->v[k])
              f->nb[e] = faces[j];
          }
}

/* FALSE when the points are coplanar (or fewer than four). */
static gboolean
initial_simplex (Hull *h)
{
  guint32 t[4], faces[4];
  double best = 0;

  if (h->n < 4)
    return FALSE;
  extreme_pair (h, &t[0], &t[1]);
  t[2] = farthest_from_line (h, t[0], t[1]);
  guint32 base = face_add (h, t[0], t[1], t[2]);
  t[3] = t[0];
  for (guint32 i = 0; i < h->n; i++)
    {
      double d = fabs (face_distance (h, face_at (h, base), i));
      if (d > best)
        {
          best = d;
          t[3] = i;
        }
    }
  g_array_set_size (h->faces, 0);
  if (best <= h->eps)
    return FALSE;
  /* Face t0 t1 t2 must look away from t3. */
  double n[3];
  plane_normal (point (h, t[0]), point (h, t[1]), point (h, t[2]), n);
  const double *a = point (h, t[0]), *d = point (h, t[3]);
  if (n[0] * (d[0] - a[0]) + n[1] * (d[1] - a[1]) + n[2] * (d[2] - a[2]) > 0)
    {
      guint32 swap = t[1];
      t[1] = t[2];
      t[2] = swap;
    }
  faces[0] = face_add (h, t[0], t[1], t[2]);
  faces[1] = face_add (h, t[0], t[3], t[1]);
  faces[2] = face_add (h, t[1], t[3], t[2]);
  faces[3] = face_add (h, t[2], t[3], t[0]);
  link_faces (h, faces, 4);
  for (guint32 i = 0; i < h->n; i++)
    if (i != t[0] && i != t[1] && i != t[2] && i != t[3])
      assign_point (h, i, 0);
  return TRUE;
}

/* ---- adding a point --------------------------------------------------- */

/* Marks the faces @eye sees (connected to @start, which it sees), and
 * records the horizon: the edges between seen and unseen faces. */
static void
find_visible (Hull *h, guint32 start, guint32 eye)
{
  h->stamp++;
  g_array_set_size (h->visible, 0);
  g_array_set_size (h->horizon, 0);
  g_array_set_size (h->stack, 0);
  face_at (h, start)->mark = h->stamp;
  g_array_append_val (h->stack, start);
  while (h->stack->len > 0)
    {
      guint32 fi = g_array_index (h->stack, guint32, h->stack->len - 1);
      g_array_set_size (h->stack, h->stack->len - 1);
      g_array_append_val (h->visible, fi);
      for (int e = 0; e < 3; e++)
        {
          Face *f = face_at (h, fi);
          guint32 nb = f->nb[e];
          Face *g = face_at (h, nb);
          if (g->mark == h->stamp)
            continue;
          if (face_distance (h, g, eye) > h->eps)
            {
              g->mark = h->stamp;
              g_array_append_val (h->stack, nb);
            }
          else
            {
              HorizonEdge edge = { f->v[e], f->v[(e + 1) % 3], nb };
              g_array_append_val (h->horizon, edge);
            }
        }
    }
}

/* Kills the visible faces and collects their outside points but @eye. */
static void
collect_orphans (Hull *h, guint32 eye)
{
  g_array_set_size (h->orphans, 0);
  for (guint i = 0; i < h->visible->len; i++)
    {
      Face *f = face_at (h, g_array_index (h->visible, guint32, i));
      for (guint32 q = f->outside; q != NONE; q = h->next[q])
        if (q != eye)
          g_array_append_val (h->orphans, q);
      f->alive = FALSE;
      f->outside = NONE;
    }
}

/* One new face per horizon edge a -> b, joined to @eye; returns the first. */
static guint32
build_cone (Hull *h, guint32 eye)
{
  guint32 first = h->faces->len;

  for (guint i = 0; i < h->horizon->len; i++)
    {
      HorizonEdge *edge = &g_array_index (h->horizon, HorizonEdge, i);
      guint32 fi = face_add (h, edge->a, edge->b, eye);
      Face *hidden = face_at (h, edge->face);
      for (int e = 0; e < 3; e++)
        if (hidden->v[e] == edge->b && hidden->v[(e + 1) % 3] == edge->a)
          hidden->nb[e] = fi;
      face_at (h, fi)->nb[0] = edge->face;
      h->start_of[edge->a] = fi;
    }
  /* Face (a, b, eye) meets (b, c, eye) across b -> eye. */
  for (guint32 fi = first; fi < h->faces->len; fi++)
    {
      Face *f = face_at (h, fi);
      guint32 gi = h->start_of[f->v[1]];
      f->nb[1] = gi;
      face_at (h, gi)->nb[2] = fi;
    }
  for (guint32 fi = first; fi < h->faces->len; fi++)
    h->start_of[face_at (h, fi)->v[0]] = NONE;
  return first;
}

static void
add_point (Hull *h, guint32 fi)
{
  guint32 eye = face_at (h, fi)->farthest;

  find_visible (h, fi, eye);
  collect_orphans (h, eye);
  guint32 first = build_cone (h, eye);
  for (guint i = 0; i < h->orphans->len; i++)
    assign_point (h, g_array_index (h->orphans, guint32, i), first);
}

/* ---- result ----------------------------------------------------------- */

static StmConvexHull *
hull_result (const Hull *h)
{
  StmConvexHull *out = g_new0 (StmConvexHull, 1);
  g_autofree guint8 *used = g_new0 (guint8, h->n);
  GArray *faces = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *vertices = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint fi = 0; fi < h->faces->len; fi++)
    {
      const Face *f = face_at (h, fi);
      if (!f->alive)
        continue;
      g_array_append_vals (faces, f->v, 3);
      for (int k = 0; k < 3; k++)
        used[f->v[k]] = 1;
    }
  for (guint32 i = 0; i < h->n; i++)
    if (used[i])
      g_array_append_val (vertices, i);
  out->n_faces = faces->len / 3;
  out->faces = (guint32 *) g_array_free (faces, FALSE);
  out->n_vertices = vertices->len;
  out->vertices = (guint32 *) g_array_free (vertices, FALSE);
  return out;
}

StmConvexHull *
stm_convex_hull_new (const double *points,
                     gsize         n_points)
{
  Hull h = { points, n_points };
  StmConvexHull *out;

  g_return_val_if_fail (n_points < NONE, NULL);
  h.eps = distance_tolerance (points, n_points);
  h.faces = g_array_new (FALSE, FALSE, sizeof (Face));
  h.next = g_new (guint32, MAX (n_points, 1));
  h.start_of = g_new (guint32, MAX (n_points, 1));
  memset (h.start_of, 0xff, MAX (n_points, 1) * sizeof (guint32));
  h.stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  h.visible = g_array_new (FALSE, FALSE, sizeof (guint32));
  h.orphans = g_array_new (FALSE, FALSE, sizeof (guint32));
  h.horizon = g_array_new (FALSE, FALSE, sizeof (HorizonEdge));

  if (initial_simplex (&h))
    for (guint32 fi = 0; fi < h.faces->len; fi++)
      if (face_at (&h, fi)->alive && face_at (&h, fi)->outside != NONE)
        add_point (&h, fi);
  out = hull_result (&h);

  g_array_unref (h.faces);
  g_free (h.next);
  g_free (h.start_of);
  g_array_unref (h.stack);
  g_array_unref (h.visible);
  g_array_unref (h.orphans);
  g_array_unref (h.horizon);
  return out;
}

void
stm_convex_hull_free (StmConvexHull *hull)
{
  if (hull == NULL)
    return;
  g_free (hull->faces);
  g_free (hull->vertices);
  g_free (hull);
}
