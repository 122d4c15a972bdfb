/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-ngtdm.h"

#include <math.h>

#include "stm-zones.h"

enum { COARSENESS, CONTRAST, BUSYNESS, COMPLEXITY, STRENGTH, N_FEATURES };

static const struct
{
  const char *name;
  const char *ibsi_code;
} ngtdm_names[N_FEATURES] = {
  { "Coarseness", "QCDE" },
  { "Contrast", "65HE" },
  { "Busyness", "NQ30" },
  { "Complexity", "HDEZ" },
  { "Strength", "1X9X" },
};

/* The manual's cap on coarseness when every s_i is 0. */
#define MAX_COARSENESS 1e6

static guint
max_level (const StmRoi *roi)
{
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];
  int top = 0;

  for (gsize v = 0; v < n; v++)
    top = MAX (top, roi->levels[v]);
  return top;
}

/* Mean level of the ROI voxels around @v, itself excluded; FALSE when it has none. */
static gboolean
neighbour_mean (const int *levels, const StmNeighbours *nb, gsize v, gsize *around, double *mean)
{
  guint n = stm_neighbours_get (nb, v, around);
  double sum = 0;
  guint count = 0;

  for (guint k = 0; k < n; k++)
    if (levels[around[k]] > 0)
      {
        sum += levels[around[k]];
        count++;
      }
  *mean = count > 0 ? sum / count : 0;
  return count > 0;
}

StmNgtdm *
stm_ngtdm_new (const StmRoi *roi,
               guint         distance,
               gboolean      planar)
{
  gsize n_voxels = roi->dims[0] * roi->dims[1] * roi->dims[2];
  gsize slice = roi->dims[0] * roi->dims[1];
  g_autoptr(StmNeighbours) nb = stm_neighbours_new (roi->dims, planar, distance);
  g_autofree gsize *around = g_new (gsize, nb->n_offsets);
  StmNgtdm *m = g_new0 (StmNgtdm, 1);

  m->max_level = max_level (roi);
  m->n_groups = planar ? roi->dims[2] : 1;
  m->s = g_new0 (double, (gsize) m->n_groups * (m->max_level + 1));
  m->n = g_new0 (double, (gsize) m->n_groups * (m->max_level + 1));
  for (gsize v = 0; v < n_voxels; v++)
    {
      int level = roi->levels[v];
      gsize row = (planar ? v / slice : 0) * (m->max_level + 1) + level;
      double mean;
      if (level <= 0 || !neighbour_mean (roi->levels, nb, v, around, &mean))
        continue;
      m->s[row] += fabs (level - mean);
      m->n[row] += 1;
    }
  return m;
}

void
stm_ngtdm_free (StmNgtdm *ngtdm)
{
  if (ngtdm == NULL)
    return;
  g_free (ngtdm->s);
  g_free (ngtdm->n);
  g_free (ngtdm);
}

/* ---- features ------------------------------------------------------- */

/* The grey levels with p_i > 0 (N_g,p of them). */
typedef struct
{
  guint   n;
  double *level;
  double *p;
  double *s;
  double  n_vc;    /* voxels with a neighbour */
  double  sum_s;
  double  sum_ps;
} Present;

static void
present_levels (const double *s, const double *n, guint max_level, Present *g)
{
  g->n = 0;
  g->n_vc = g->sum_s = g->sum_ps = 0;
  for (guint i = 1; i <= max_level; i++)
    g->n_vc += n[i];
  for (guint i = 1; i <= max_level; i++)
    if (n[i] > 0)
      {
        g->level[g->n] = i;
        g->p[g->n] = n[i] / g->n_vc;
        g->s[g->n] = s[i];
        g->sum_s += s[i];
        g->sum_ps += g->p[g->n] * s[i];
        g->n++;
      }
}

/* The double sums over present levels behind contrast, busyness,
 * complexity and strength. */
static void
pair_sums (const Present *g, double v[N_FEATURES])
{
  double contrast = 0, busy = 0, complexity = 0, strength = 0;

  for (guint a = 0; a < g->n; a++)
    for (guint b = 0; b < g->n; b++)
      {
        double di = g->level[a] - g->level[b];
        contrast += g->p[a] * g->p[b] * di * di;
        busy += fabs (g->level[a] * g->p[a] - g->level[b] * g->p[b]);
        complexity += fabs (di) * (g->p[a] * g->s[a] + g->p[b] * g->s[b]) / (g->p[a] + g->p[b]);
        strength += (g->p[a] + g->p[b]) * di * di;
      }
  v[CONTRAST] = g->n > 1 ? contrast / (g->n * (g->n - 1.0)) * g->sum_s / g->n_vc : 0;
  v[BUSYNESS] = g->n > 1 && busy > 0 ? g->sum_ps / busy : 0;
  v[COMPLEXITY] = complexity / g->n_vc;
  v[STRENGTH] = g->sum_s > 0 ? strength / g->sum_s : 0;
}

static void
matrix_features (const double *s, const double *n, guint max_level, double v[N_FEATURES])
{
  g_autofree double *buffer = g_new (double, 3 * ((gsize) max_level + 1));
  Present g = { 0, buffer, buffer + max_level + 1, buffer + 2 * (max_level + 1) };

  present_levels (s, n, max_level, &g);
  if (g.n_vc == 0)
    {
      for (guint f = 0; f < N_FEATURES; f++)
        v[f] = NAN;
      return;
    }
  v[COARSENESS] = g.sum_ps > 0 ? MIN (1 / g.sum_ps, MAX_COARSENESS) : MAX_COARSENESS;
  pair_sums (&g, v);
}

/* 8QNN: the features of each slice with a valid neighbourhood, averaged. */
static void
slice_average (const StmNgtdm *m, double v[N_FEATURES])
{
  gsize row = m->max_level + 1;
  guint n_slices = 0;

  for (guint f = 0; f < N_FEATURES; f++)
    v[f] = 0;
  for (guint g = 0; g < m->n_groups; g++)
    {
      double slice[N_FEATURES];
      matrix_features (m->s + g * row, m->n + g * row, m->max_level, slice);
      if (isnan (slice[0]))
        continue;
      for (guint f = 0; f < N_FEATURES; f++)
        v[f] += slice[f];
      n_slices++;
    }
  for (guint f = 0; f < N_FEATURES; f++)
    v[f] = n_slices > 0 ? v[f] / n_slices : NAN;
}

/* 62GR and KOBO: the groups' s_i and n_i summed into one matrix. */
static void
merged (const StmNgtdm *m, double v[N_FEATURES])
{
  gsize row = m->max_level + 1;
  g_autofree double *s = g_new0 (double, row);
  g_autofree double *n = g_new0 (double, row);

  for (guint g = 0; g < m->n_groups; g++)
    for (gsize i = 0; i < row; i++)
      {
        s[i] += m->s[g * row + i];
        n[i] += m->n[g * row + i];
      }
  matrix_features (s, n, m->max_level, v);
}

static void
add_rows (StmFeatureTable *out, const char *aggregation, const double v[N_FEATURES])
{
  for (guint f = 0; f < N_FEATURES; f++)
    stm_feature_table_add (out, "NGTDM", ngtdm_names[f].name, ngtdm_names[f].ibsi_code,
                           aggregation, v[f]);
}

void
stm_ngtdm_features (const StmRoi             *roi,
                    const StmRadiomicsConfig *config,
                    StmFeatureTable          *out)
{
  guint delta = config != NULL ? MAX (config->distance, 1) : 1;
  g_autoptr(StmNgtdm) planar = stm_ngtdm_new (roi, delta, TRUE);
  g_autoptr(StmNgtdm) volume = stm_ngtdm_new (roi, delta, FALSE);
  double v[N_FEATURES];

  slice_average (planar, v);
  add_rows (out, STM_AGG_2D, v);
  merged (planar, v);
  add_rows (out, STM_AGG_25D, v);
  merged (volume, v);
  add_rows (out, STM_AGG_3D_TEXTURE, v);
}
