/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-zones.h"

#include <math.h>
#include <string.h>

/* ---- neighbourhoods ------------------------------------------------- */

StmNeighbours *
stm_neighbours_new (const gsize dims[3],
                    gboolean    planar,
                    guint       delta)
{
  StmNeighbours *nb = g_new0 (StmNeighbours, 1);
  int d = delta, dz = planar ? 0 : d;

  memcpy (nb->dims, dims, sizeof nb->dims);
  nb->planar = planar;
  nb->delta = delta;
  nb->offsets = g_new (gssize, (2 * d + 1) * (2 * d + 1) * (2 * dz + 1));
  for (int z = -dz; z <= dz; z++)
    for (int y = -d; y <= d; y++)
      for (int x = -d; x <= d; x++)
        if (x != 0 || y != 0 || z != 0)
          nb->offsets[nb->n_offsets++] = ((gssize) z * dims[1] + y) * (gssize) dims[0] + x;
  return nb;
}

void
stm_neighbours_free (StmNeighbours *neighbours)
{
  if (neighbours == NULL)
    return;
  g_free (neighbours->offsets);
  g_free (neighbours);
}

/* The slow path, for voxels near the grid's faces: the clipped box. */
static guint
clipped_neighbours (const StmNeighbours *nb, gsize voxel, const gsize c[3], gsize *out)
{
  gsize lo[3], hi[3];
  guint n = 0;

  for (guint a = 0; a < 3; a++)
    {
      gsize d = nb->planar && a == 2 ? 0 : nb->delta;
      lo[a] = c[a] > d ? c[a] - d : 0;
      hi[a] = MIN (c[a] + d, nb->dims[a] - 1);
    }
  for (gsize z = lo[2]; z <= hi[2]; z++)
    for (gsize y = lo[1]; y <= hi[1]; y++)
      for (gsize x = lo[0]; x <= hi[0]; x++)
        {
          gsize w = (z * nb->dims[1] + y) * nb->dims[0] + x;
          if (w != voxel)
            out[n++] = w;
        }
  return n;
}

guint
stm_neighbours_get (const StmNeighbours *nb,
                    gsize                voxel,
                    gsize               *out)
{
  gsize row = voxel / nb->dims[0];
  gsize c[3] = { voxel - row * nb->dims[0], row % nb->dims[1], row / nb->dims[1] };
  gsize d = nb->delta, dz = nb->planar ? 0 : d;

  if (c[0] < d || c[0] + d >= nb->dims[0] || c[1] < d || c[1] + d >= nb->dims[1] ||
      c[2] < dz || c[2] + dz >= nb->dims[2])
    return clipped_neighbours (nb, voxel, c, out);
  for (guint k = 0; k < nb->n_offsets; k++)
    out[k] = voxel + nb->offsets[k];
  return nb->n_offsets;
}

/* ---- zones ---------------------------------------------------------- */

/*
 * Two raster scans with union-find: no recursion and no stack, however
 * large a zone (10^5 voxels are common). A set's root is always its first
 * voxel in raster order, so zones are numbered slice by slice.
 */
static guint32
find_root (guint32 *parent, guint32 v)
{
  while (parent[v] != v)
    {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
  return v;
}

static void
unite (guint32 *parent, guint32 a, guint32 b)
{
  a = find_root (parent, a);
  b = find_root (parent, b);
  if (a < b)
    parent[b] = a;
  else
    parent[a] = b;
}

/* The linked neighbours seen before a voxel in a raster scan: 13 of the 26
 * in 3D, the last 4 (of the 8 in the slice) when planar. */
static const int earlier[13][3] = {
  { -1, -1, -1 }, { 0, -1, -1 }, { 1, -1, -1 },
  { -1, 0, -1 }, { 0, 0, -1 }, { 1, 0, -1 },
  { -1, 1, -1 }, { 0, 1, -1 }, { 1, 1, -1 },
  { -1, -1, 0 }, { 0, -1, 0 }, { 1, -1, 0 }, { -1, 0, 0 },
};

static gboolean
in_grid (const gsize dims[3], gsize x, gsize y, gsize z, const int step[3])
{
  return (step[0] >= 0 || x > 0) && (step[0] <= 0 || x + 1 < dims[0]) &&
         (step[1] >= 0 || y > 0) && (step[1] <= 0 || y + 1 < dims[1]) &&
         (step[2] >= 0 || z > 0);
}

/* First scan: unite each voxel with its earlier neighbours of equal level. */
static void
link_earlier (const int *levels, const gsize dims[3], gboolean planar, guint32 *parent)
{
  gssize offset[13];
  guint first = planar ? 9 : 0;
  gsize v = 0;

  for (guint k = 0; k < 13; k++)
    offset[k] = ((gssize) earlier[k][2] * (gssize) dims[1] + earlier[k][1]) * (gssize) dims[0] +
                earlier[k][0];
  for (gsize z = 0; z < dims[2]; z++)
    for (gsize y = 0; y < dims[1]; y++)
      for (gsize x = 0; x < dims[0]; x++, v++)
        {
          if (levels[v] <= 0)
            continue;
          parent[v] = v;
          for (guint k = first; k < 13; k++)
            if (in_grid (dims, x, y, z, earlier[k]) && levels[v + offset[k]] == levels[v])
              unite (parent, v, v + offset[k]);
        }
}

/* Second scan: number the roots in raster order and count voxels. */
static void
number_zones (StmZones *zones, const int *levels, gsize n, gsize slice, guint32 *parent)
{
  for (gsize v = 0; v < n; v++)
    {
      guint g = zones->n_groups > 1 ? v / slice : 0;
      guint32 root;
      if (levels[v] <= 0)
        continue;
      zones->group_voxels[g]++;
      root = find_root (parent, v);
      if (root == v)
        {
          zones->zone_level[zones->n_zones] = levels[v];
          zones->zone_size[zones->n_zones] = 0;
          zones->n_zones++;
          zones->group_start[g + 1] = zones->n_zones;
        }
      /* The root comes first in raster order, so it is numbered already. */
      zones->labels[v] = root == v ? zones->n_zones : zones->labels[root];
      zones->zone_size[zones->labels[v] - 1]++;
    }
  /* Groups without zones start where the previous one ended. */
  for (guint g = 1; g <= zones->n_groups; g++)
    zones->group_start[g] = MAX (zones->group_start[g], zones->group_start[g - 1]);
}

static gsize
count_mask (const int *levels, gsize n)
{
  gsize count = 0;

  for (gsize v = 0; v < n; v++)
    count += levels[v] > 0;
  return count;
}

StmZones *
stm_zones_label (const int   *levels,
                 const gsize  dims[3],
                 gboolean     planar)
{
  gsize n = dims[0] * dims[1] * dims[2];
  gsize n_mask = count_mask (levels, n);

  g_return_val_if_fail (n < G_MAXUINT32, NULL);
  g_autofree guint32 *parent = g_new (guint32, MAX (n, 1));
  StmZones *zones = g_new0 (StmZones, 1);
  zones->labels = g_new0 (guint32, MAX (n, 1));
  zones->zone_level = g_new (int, MAX (n_mask, 1));
  zones->zone_size = g_new (gsize, MAX (n_mask, 1));
  zones->n_groups = planar ? dims[2] : 1;
  zones->group_start = g_new0 (gsize, zones->n_groups + 1);
  zones->group_voxels = g_new0 (gsize, MAX (zones->n_groups, 1));
  link_earlier (levels, dims, planar, parent);
  number_zones (zones, levels, n, dims[0] * dims[1], parent);
  return zones;
}

void
stm_zones_free (StmZones *zones)
{
  if (zones == NULL)
    return;
  g_free (zones->labels);
  g_free (zones->zone_level);
  g_free (zones->zone_size);
  g_free (zones->group_start);
  g_free (zones->group_voxels);
  g_free (zones);
}

/* ---- distance to the ROI edge --------------------------------------- */

/* The face neighbours (4 in the slice, or 6) of @v inside the grid; FALSE
 * when some neighbour lies outside it. */
static gboolean
face_neighbours (gsize        v,
                 const gsize  dims[3],
                 gboolean     planar,
                 gsize        out[6],
                 guint       *n_out)
{
  gsize c[3] = { v % dims[0], (v / dims[0]) % dims[1], v / (dims[0] * dims[1]) };
  gsize stride[3] = { 1, dims[0], dims[0] * dims[1] };
  guint axes = planar ? 2 : 3;
  gboolean inside = TRUE;

  *n_out = 0;
  for (guint a = 0; a < axes; a++)
    {
      if (c[a] > 0)
        out[(*n_out)++] = v - stride[a];
      else
        inside = FALSE;
      if (c[a] + 1 < dims[a])
        out[(*n_out)++] = v + stride[a];
      else
        inside = FALSE;
    }
  return inside;
}

static gboolean
on_edge (const guint8 *mask, gsize v, const gsize dims[3], gboolean planar)
{
  gsize nb[6];
  guint n_nb;

  if (!face_neighbours (v, dims, planar, nb, &n_nb))
    return TRUE;
  for (guint k = 0; k < n_nb; k++)
    if (!mask[nb[k]])
      return TRUE;
  return FALSE;
}

/* Breadth-first from the edge voxels inward: the same as the manual's
 * repeated erosion with a 4- or 6-connected structuring element. */
void
stm_zones_edge_distance (const guint8 *mask,
                         const gsize   dims[3],
                         gboolean      planar,
                         guint        *distance)
{
  gsize n = dims[0] * dims[1] * dims[2];
  g_autofree gsize *queue = g_new (gsize, MAX (n, 1));
  gsize head = 0, tail = 0;

  for (gsize v = 0; v < n; v++)
    {
      distance[v] = mask[v] && on_edge (mask, v, dims, planar);
      if (distance[v] == 1)
        queue[tail++] = v;
    }
  while (head < tail)
    {
      gsize v = queue[head++], nb[6];
      guint n_nb;
      face_neighbours (v, dims, planar, nb, &n_nb);
      for (guint k = 0; k < n_nb; k++)
        if (mask[nb[k]] && distance[nb[k]] == 0)
          {
            distance[nb[k]] = distance[v] + 1;
            queue[tail++] = nb[k];
          }
    }
}

/* ---- pairs ---------------------------------------------------------- */

StmZonePairs *
stm_zone_pairs_new (gsize n_pairs,
                    guint n_groups)
{
  StmZonePairs *p = g_new0 (StmZonePairs, 1);

  p->pairs = g_new0 (StmZonePair, MAX (n_pairs, 1));
  p->n_pairs = n_pairs;
  p->n_groups = n_groups;
  p->group_start = g_new0 (gsize, n_groups + 1);
  p->group_voxels = g_new0 (gsize, MAX (n_groups, 1));
  return p;
}

StmZonePairs *
stm_zone_pairs_new_for_zones (const StmZones *zones)
{
  StmZonePairs *p = stm_zone_pairs_new (zones->n_zones, zones->n_groups);

  for (gsize z = 0; z < zones->n_zones; z++)
    p->pairs[z].level = zones->zone_level[z];
  memcpy (p->group_start, zones->group_start, (zones->n_groups + 1) * sizeof (gsize));
  memcpy (p->group_voxels, zones->group_voxels, zones->n_groups * sizeof (gsize));
  return p;
}

void
stm_zone_pairs_free (StmZonePairs *pairs)
{
  if (pairs == NULL)
    return;
  g_free (pairs->pairs);
  g_free (pairs->group_start);
  g_free (pairs->group_voxels);
  g_free (pairs);
}

/* ---- count matrices ------------------------------------------------- */

/* Stable counting sort on the level (@by_level) or on j. */
static void
counting_sort (const StmZonePair *in,
               StmZonePair       *out,
               gsize              n,
               guint              max_key,
               gboolean           by_level)
{
  g_autofree gsize *start = g_new0 (gsize, (gsize) max_key + 2);

  for (gsize k = 0; k < n; k++)
    start[(by_level ? (guint) in[k].level : in[k].j) + 1]++;
  for (guint key = 1; key <= max_key + 1; key++)
    start[key] += start[key - 1];
  for (gsize k = 0; k < n; k++)
    out[start[by_level ? (guint) in[k].level : in[k].j]++] = in[k];
}

/* Cells from pairs sorted by level, then j: one per run. */
static void
append_runs (StmZoneMatrix *m, const StmZonePair *sorted, gsize n)
{
  for (gsize k = 0; k < n; k++)
    {
      StmMatrixCell *last = m->n_cells > 0 ? &m->cells[m->n_cells - 1] : NULL;
      if (last != NULL && last->level == sorted[k].level && last->j == sorted[k].j)
        last->count++;
      else
        m->cells[m->n_cells++] = (StmMatrixCell) { sorted[k].level, sorted[k].j, 1 };
    }
}

static void
sorted_cells (StmZoneMatrix *m, const StmZonePair *pairs, gsize n_pairs)
{
  g_autofree StmZonePair *by_j = g_new (StmZonePair, MAX (n_pairs, 1));
  g_autofree StmZonePair *sorted = g_new (StmZonePair, MAX (n_pairs, 1));

  counting_sort (pairs, by_j, n_pairs, m->max_j, FALSE);
  counting_sort (by_j, sorted, n_pairs, m->max_level, TRUE);
  append_runs (m, sorted, n_pairs);
}

/* For small matrices (NGLDM, most slices): count into a dense array. */
static void
dense_cells (StmZoneMatrix *m, const StmZonePair *pairs, gsize n_pairs)
{
  gsize width = (gsize) m->max_j + 1;
  g_autofree guint32 *count = g_new0 (guint32, ((gsize) m->max_level + 1) * width);

  for (gsize k = 0; k < n_pairs; k++)
    count[(gsize) pairs[k].level * width + pairs[k].j]++;
  for (guint i = 0; i <= m->max_level; i++)
    for (guint j = 0; j <= m->max_j; j++)
      if (count[i * width + j] > 0)
        m->cells[m->n_cells++] = (StmMatrixCell) { i, j, count[i * width + j] };
}

StmZoneMatrix *
stm_zone_matrix_new (const StmZonePair *pairs,
                     gsize              n_pairs,
                     double             n_voxels)
{
  StmZoneMatrix *m = g_new0 (StmZoneMatrix, 1);
  gsize dense;

  m->n_voxels = n_voxels;
  for (gsize k = 0; k < n_pairs; k++)
    {
      m->max_level = MAX (m->max_level, (guint) pairs[k].level);
      m->max_j = MAX (m->max_j, pairs[k].j);
    }
  m->cells = g_new (StmMatrixCell, MAX (n_pairs, 1));
  dense = ((gsize) m->max_level + 1) * ((gsize) m->max_j + 1);
  if (n_pairs < G_MAXUINT32 && dense <= MAX (4 * n_pairs, 4096))
    dense_cells (m, pairs, n_pairs);
  else
    sorted_cells (m, pairs, n_pairs);
  return m;
}

void
stm_zone_matrix_free (StmZoneMatrix *matrix)
{
  if (matrix == NULL)
    return;
  g_free (matrix->cells);
  g_free (matrix);
}

/* ---- features ------------------------------------------------------- */

/* The features that sum over cells, before dividing by N_s. */
static void
cell_sums (const StmZoneMatrix *m, double v[STM_ZM_N_FEATURES], double *n_s)
{
  for (gsize k = 0; k < m->n_cells; k++)
    {
      double i2 = (double) m->cells[k].level * m->cells[k].level;
      double j2 = (double) m->cells[k].j * m->cells[k].j;
      double s = m->cells[k].count;
      *n_s += s;
      v[STM_ZM_SMALL_J] += s / j2;
      v[STM_ZM_LARGE_J] += s * j2;
      v[STM_ZM_LOW_GREY] += s / i2;
      v[STM_ZM_HIGH_GREY] += s * i2;
      v[STM_ZM_SMALL_J_LOW_GREY] += s / (i2 * j2);
      v[STM_ZM_SMALL_J_HIGH_GREY] += s * i2 / j2;
      v[STM_ZM_LARGE_J_LOW_GREY] += s * j2 / i2;
      v[STM_ZM_LARGE_J_HIGH_GREY] += s * i2 * j2;
    }
  for (guint f = STM_ZM_SMALL_J; f <= STM_ZM_LARGE_J_HIGH_GREY; f++)
    v[f] /= *n_s;
}

/* Non-uniformities: sums of squared marginal counts. */
static void
marginal_sums (const StmZoneMatrix *m, double n_s, double v[STM_ZM_N_FEATURES])
{
  g_autofree double *row = g_new0 (double, (gsize) m->max_level + 1);
  g_autofree double *col = g_new0 (double, (gsize) m->max_j + 1);

  for (gsize k = 0; k < m->n_cells; k++)
    {
      row[m->cells[k].level] += m->cells[k].count;
      col[m->cells[k].j] += m->cells[k].count;
    }
  for (guint i = 0; i <= m->max_level; i++)
    v[STM_ZM_GREY_NU] += row[i] * row[i];
  for (guint j = 0; j <= m->max_j; j++)
    v[STM_ZM_J_NU] += col[j] * col[j];
  v[STM_ZM_GREY_NU_NORM] = v[STM_ZM_GREY_NU] / (n_s * n_s);
  v[STM_ZM_J_NU_NORM] = v[STM_ZM_J_NU] / (n_s * n_s);
  v[STM_ZM_GREY_NU] /= n_s;
  v[STM_ZM_J_NU] /= n_s;
}

/* Variances, entropy and energy of the joint probabilities p_ij. */
static void
probability_moments (const StmZoneMatrix *m, double n_s, double v[STM_ZM_N_FEATURES])
{
  double mu_i = 0, mu_j = 0;

  for (gsize k = 0; k < m->n_cells; k++)
    {
      double p = m->cells[k].count / n_s;
      mu_i += m->cells[k].level * p;
      mu_j += m->cells[k].j * p;
      v[STM_ZM_J_ENTROPY] -= p * log2 (p);
      v[STM_ZM_J_ENERGY] += p * p;
    }
  for (gsize k = 0; k < m->n_cells; k++)
    {
      double p = m->cells[k].count / n_s;
      double di = m->cells[k].level - mu_i, dj = m->cells[k].j - mu_j;
      v[STM_ZM_GREY_VARIANCE] += di * di * p;
      v[STM_ZM_J_VARIANCE] += dj * dj * p;
    }
}

void
stm_zone_matrix_features (const StmZoneMatrix *matrix,
                          double               values[STM_ZM_N_FEATURES])
{
  double n_s = 0;

  for (guint f = 0; f < STM_ZM_N_FEATURES; f++)
    values[f] = 0;
  if (matrix->n_cells == 0)
    {
      for (guint f = 0; f < STM_ZM_N_FEATURES; f++)
        values[f] = NAN;
      return;
    }
  cell_sums (matrix, values, &n_s);
  marginal_sums (matrix, n_s, values);
  probability_moments (matrix, n_s, values);
  values[STM_ZM_PERCENTAGE] = n_s / matrix->n_voxels;
}

/* ---- aggregation ---------------------------------------------------- */

static void
pairs_features (const StmZonePair *pairs,
                gsize              n_pairs,
                double             n_voxels,
                double             values[STM_ZM_N_FEATURES])
{
  g_autoptr(StmZoneMatrix) m = stm_zone_matrix_new (pairs, n_pairs, n_voxels);

  stm_zone_matrix_features (m, values);
}

/* 8QNN: features of each slice that holds voxels, averaged. */
static void
slice_average (const StmZonePairs *p, double values[STM_ZM_N_FEATURES])
{
  guint n_slices = 0;

  for (guint f = 0; f < STM_ZM_N_FEATURES; f++)
    values[f] = 0;
  for (guint g = 0; g < p->n_groups; g++)
    {
      double slice[STM_ZM_N_FEATURES];
      gsize first = p->group_start[g];
      if (p->group_voxels[g] == 0)
        continue;
      pairs_features (p->pairs + first, p->group_start[g + 1] - first, p->group_voxels[g], slice);
      for (guint f = 0; f < STM_ZM_N_FEATURES; f++)
        values[f] += slice[f];
      n_slices++;
    }
  for (guint f = 0; f < STM_ZM_N_FEATURES; f++)
    values[f] = n_slices > 0 ? values[f] / n_slices : NAN;
}

/* 62GR and KOBO: one matrix from every pair. */
static void
merged (const StmZonePairs *p, double values[STM_ZM_N_FEATURES])
{
  gsize n_voxels = 0;

  for (guint g = 0; g < p->n_groups; g++)
    n_voxels += p->group_voxels[g];
  pairs_features (p->pairs, p->n_pairs, n_voxels, values);
}

static void
add_rows (StmFeatureTable          *out,
          const char               *family,
          const StmZoneFeatureName *names,
          guint                     n_names,
          const char               *aggregation,
          const double              values[STM_ZM_N_FEATURES])
{
  for (guint k = 0; k < n_names; k++)
    stm_feature_table_add (out, family, names[k].name, names[k].ibsi_code, aggregation,
                           values[names[k].feature]);
}

void
stm_zone_pairs_add_features (const StmZonePairs       *planar,
                             const StmZonePairs       *volume,
                             const char               *family,
                             const StmZoneFeatureName *names,
                             guint                     n_names,
                             StmFeatureTable          *out)
{
  double values[STM_ZM_N_FEATURES];

  slice_average (planar, values);
  add_rows (out, family, names, n_names, STM_AGG_2D, values);
  merged (planar, values);
  add_rows (out, family, names, n_names, STM_AGG_25D, values);
  merged (volume, values);
  add_rows (out, family, names, n_names, STM_AGG_3D_TEXTURE, values);
}
