/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-glcm.h"

#include <math.h>
#include <string.h>

typedef enum
{
  JOINT_MAX, JOINT_AVG, JOINT_VAR, JOINT_ENTR,
  DIFF_AVG, DIFF_VAR, DIFF_ENTR,
  SUM_AVG, SUM_VAR, SUM_ENTR,
  ENERGY, CONTRAST, DISSIMILARITY,
  INV_DIFF, INV_DIFF_NORM, INV_DIFF_MOM, INV_DIFF_MOM_NORM, INV_VAR,
  CORRELATION, AUTO_CORRELATION,
  CLUSTER_TENDENCY, CLUSTER_SHADE, CLUSTER_PROMINENCE,
  INFO_CORR_1, INFO_CORR_2,
} GlcmFeature;

static const struct
{
  const char *name;
  const char *code;
} glcm_features[STM_GLCM_N_FEATURES] = {
  { "Joint maximum", "GYBY" },
  { "Joint average", "60VM" },
  { "Joint variance", "UR99" },
  { "Joint entropy", "TU9B" },
  { "Difference average", "TF7R" },
  { "Difference variance", "D3YU" },
  { "Difference entropy", "NTRS" },
  { "Sum average", "ZGXS" },
  { "Sum variance", "OEEB" },
  { "Sum entropy", "P6QZ" },
  { "Angular second moment", "8ZQL" },
  { "Contrast", "ACUI" },
  { "Dissimilarity", "8S9J" },
  { "Inverse difference", "IB1Z" },
  { "Normalised inverse difference", "NDRX" },
  { "Inverse difference moment", "WF0Z" },
  { "Normalised inverse difference moment", "1QCO" },
  { "Inverse variance", "E8JP" },
  { "Correlation", "NI2N" },
  { "Autocorrelation", "QWB0" },
  { "Cluster tendency", "DG8W" },
  { "Cluster shade", "7NFM" },
  { "Cluster prominence", "AE86" },
  { "Information correlation 1", "R8DG" },
  { "Information correlation 2", "JN9H" },
};

const char *
stm_glcm_feature_name (guint index)
{
  g_return_val_if_fail (index < STM_GLCM_N_FEATURES, NULL);
  return glcm_features[index].name;
}

const char *
stm_glcm_feature_code (guint index)
{
  g_return_val_if_fail (index < STM_GLCM_N_FEATURES, NULL);
  return glcm_features[index].code;
}

/* ---- matrix construction ------------------------------------------------ */

void
stm_glcm_accumulate (const StmRoi              *roi,
                     const StmTextureLevels    *levels,
                     const StmTextureDirection *direction,
                     guint                      distance,
                     gboolean                   symmetric,
                     gsize                      z_begin,
                     gsize                      z_end,
                     double                    *counts)
{
  gsize nx = roi->dims[0], ny = roi->dims[1], n = levels->n;
  gssize sx = direction->x * (gssize) distance;
  gssize sy = direction->y * (gssize) distance;
  gssize sz = direction->z * (gssize) distance;
  gssize offset = (sz * (gssize) ny + sy) * (gssize) nx + sx;
  gsize x0, x1, y0, y1, z0, z1;
  const int *index = levels->index;

  if (levels->n == 0)
    return;
  stm_texture_range (nx, sx, &x0, &x1);
  stm_texture_range (ny, sy, &y0, &y1);
  stm_texture_range (roi->dims[2], sz, &z0, &z1);
  z0 = MAX (z0, z_begin);
  z1 = MIN (z1, z_end);
  for (gsize z = z0; z < z1; z++)
    for (gsize y = y0; y < y1; y++)
      {
        const int *row = roi->levels + stm_roi_index (roi, 0, y, z);
        for (gsize x = x0; x < x1; x++)
          {
            int a = row[x], b = row[(gssize) x + offset];
            if (a <= 0 || b <= 0)
              continue;
            counts[index[a] * n + index[b]] += 1;
            if (symmetric)
              counts[index[b] * n + index[a]] += 1;
          }
      }
}

/* ---- features of one matrix --------------------------------------------- */

/*
 * The probability distributions of one matrix (IBSI 3.6): joint p_ij seen
 * through its marginals p_i. and p_.j, the diagonal p_{i-j,k} and the
 * cross-diagonal p_{i+j,k}, plus the sums that need the whole matrix.
 */
typedef struct
{
  double *px, *py;      /* n: row and column marginals */
  double *pdiff;        /* n_levels: p_{i-j,k}, k = 0..N_g-1 */
  double *psum;         /* 2 n_levels + 1: p_{i+j,k}, k = 2..2 N_g */
  double  max, entropy, energy, ij;
  double  mx, my, vx, vy, hx, hy;   /* moments and entropies of the marginals */
} GlcmDistributions;

static double
plog2p (double p)
{
  return p > 0 ? p * log2 (p) : 0;
}

static void
distributions_init (GlcmDistributions *d, const StmTextureLevels *levels)
{
  memset (d, 0, sizeof *d);
  d->px = g_new0 (double, 2 * levels->n + 3 * levels->n_levels + 1);
  d->py = d->px + levels->n;
  d->pdiff = d->py + levels->n;
  d->psum = d->pdiff + levels->n_levels;
}

static void
distributions_clear (GlcmDistributions *d)
{
  g_clear_pointer (&d->px, g_free);
}

static double
matrix_total (const double *counts, gsize cells)
{
  double total = 0;

  for (gsize c = 0; c < cells; c++)
    total += counts[c];
  return total;
}

static void
distributions_fill (GlcmDistributions      *d,
                    const StmTextureLevels *levels,
                    const double           *counts,
                    double                  total)
{
  guint n = levels->n;

  memset (d->px, 0, (2 * n + 3 * levels->n_levels + 1) * sizeof (double));
  d->max = d->entropy = d->energy = d->ij = 0;
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        double p = counts[i * n + j] / total, vi = levels->value[i], vj = levels->value[j];
        if (p == 0)
          continue;
        d->px[i] += p;
        d->py[j] += p;
        d->pdiff[(guint) fabs (vi - vj)] += p;
        d->psum[(guint) (vi + vj)] += p;
        d->max = MAX (d->max, p);
        d->entropy -= plog2p (p);
        d->energy += p * p;
        d->ij += vi * vj * p;
      }
}

/* Mean, variance and entropy of a marginal distribution over the grey levels. */
static void
marginal_moments (const StmTextureLevels *levels,
                  const double           *p,
                  double                 *mean,
                  double                 *variance,
                  double                 *entropy)
{
  *mean = *variance = *entropy = 0;
  for (guint i = 0; i < levels->n; i++)
    *mean += levels->value[i] * p[i];
  for (guint i = 0; i < levels->n; i++)
    {
      *variance += (levels->value[i] - *mean) * (levels->value[i] - *mean) * p[i];
      *entropy -= plog2p (p[i]);
    }
}

/*
 * Features of p_{i-j,k}. The normalised inverse differences divide by N_g,
 * the number of levels of the discretisation (n_levels), not the number
 * present in the ROI: the phantom's values (0.856 and 0.902, 3D merged)
 * come out with 6 and not with the 4 levels that occur.
 */
static void
diagonal_features (const GlcmDistributions *d, guint n_levels, double *f)
{
  double ng = n_levels, mean = 0, var = 0, entropy = 0, contrast = 0;
  double id = 0, idn = 0, idm = 0, idmn = 0, inv_var = 0;

  for (guint k = 0; k < n_levels; k++)
    mean += k * d->pdiff[k];
  for (guint k = 0; k < n_levels; k++)
    {
      double p = d->pdiff[k];
      var += (k - mean) * (k - mean) * p;
      entropy -= plog2p (p);
      contrast += (double) k * k * p;
      id += p / (1.0 + k);
      idn += p / (1.0 + k / ng);
      idm += p / (1.0 + (double) k * k);
      idmn += p / (1.0 + (k / ng) * (k / ng));
      if (k > 0)
        inv_var += p / ((double) k * k);
    }
  f[DIFF_AVG] = f[DISSIMILARITY] = mean;
  f[DIFF_VAR] = var;
  f[DIFF_ENTR] = entropy;
  f[CONTRAST] = contrast;
  f[INV_DIFF] = id;
  f[INV_DIFF_NORM] = idn;
  f[INV_DIFF_MOM] = idm;
  f[INV_DIFF_MOM_NORM] = idmn;
  f[INV_VAR] = inv_var;
}

/*
 * Sum features, and the cluster features: their weight (i + j - mu_i. - mu_.j)^m
 * depends on i + j only, so they too are sums over p_{i+j,k}.
 */
static void
cross_diagonal_features (const GlcmDistributions *d,
                         guint                    n_levels,
                         double                   centre,
                         double                  *f)
{
  double mean = 0, var = 0, entropy = 0, tendency = 0, shade = 0, prominence = 0;

  for (guint k = 2; k <= 2 * n_levels; k++)
    mean += k * d->psum[k];
  for (guint k = 2; k <= 2 * n_levels; k++)
    {
      double p = d->psum[k], dev = k - mean, c = k - centre;
      var += dev * dev * p;
      entropy -= plog2p (p);
      tendency += c * c * p;
      shade += c * c * c * p;
      prominence += c * c * c * c * p;
    }
  f[SUM_AVG] = mean;
  f[SUM_VAR] = var;
  f[SUM_ENTR] = entropy;
  f[CLUSTER_TENDENCY] = tendency;
  f[CLUSTER_SHADE] = shade;
  f[CLUSTER_PROMINENCE] = prominence;
}

static void
distributions_marginals (GlcmDistributions *d, const StmTextureLevels *levels)
{
  marginal_moments (levels, d->px, &d->mx, &d->vx, &d->hx);
  marginal_moments (levels, d->py, &d->my, &d->vy, &d->hy);
}

/*
 * Joint and correlation features. HXY1 = -sum p_ij log2 (p_i. p_.j) and
 * HXY2 = -sum p_i. p_.j log2 (p_i. p_.j) both reduce to HX + HY, because
 * the marginals sum to one. IBSI writes HX alone as it assumes a symmetric
 * matrix (HX = HY); Haralick's max (HX, HY) also covers an asymmetric one.
 */
static void
joint_features (const GlcmDistributions *d, double *f)
{
  f[JOINT_MAX] = d->max;
  f[JOINT_AVG] = d->mx;
  f[JOINT_VAR] = d->vx;
  f[JOINT_ENTR] = d->entropy;
  f[ENERGY] = d->energy;
  f[AUTO_CORRELATION] = d->ij;
  f[CORRELATION] = (d->ij - d->mx * d->my) / sqrt (d->vx * d->vy);
  f[INFO_CORR_1] = (d->entropy - (d->hx + d->hy)) / MAX (d->hx, d->hy);
  f[INFO_CORR_2] = sqrt (1 - exp (-2 * MAX (d->hx + d->hy - d->entropy, 0)));
}

static gboolean
glcm_features_with (GlcmDistributions      *d,
                    const StmTextureLevels *levels,
                    const double           *counts,
                    double                 *values)
{
  double total = matrix_total (counts, (gsize) levels->n * levels->n);

  if (total <= 0)
    {
      for (guint f = 0; f < STM_GLCM_N_FEATURES; f++)
        values[f] = NAN;
      return FALSE;
    }
  distributions_fill (d, levels, counts, total);
  distributions_marginals (d, levels);
  joint_features (d, values);
  diagonal_features (d, levels->n_levels, values);
  cross_diagonal_features (d, levels->n_levels, d->mx + d->my, values);
  return TRUE;
}

gboolean
stm_glcm_matrix_features (const StmTextureLevels *levels,
                          const double           *counts,
                          double                 *values)
{
  GlcmDistributions d;
  gboolean filled;

  distributions_init (&d, levels);
  filled = glcm_features_with (&d, levels, counts, values);
  distributions_clear (&d);
  return filled;
}

/* ---- aggregation -------------------------------------------------------- */

/*
 * One extraction: the matrices in flight (all levels->n^2 counts in one
 * block) and the running means of each aggregation method.
 */
typedef struct
{
  const StmRoi           *roi;
  const StmTextureLevels *levels;
  guint                   distance;
  gboolean                symmetric;
  gsize                   cells;
  double                 *block;
  double                 *direction[STM_TEXTURE_N_2D];  /* one slice, one direction */
  double                 *stack[STM_TEXTURE_N_2D];      /* one direction, slices merged */
  double                 *slice;                        /* one slice, directions merged */
  double                 *single;                       /* one 3D direction */
  double                 *merged;                       /* every 2D, then every 3D matrix */
  GlcmDistributions       distributions;
  StmTextureMean          mean[STM_TEXTURE_N_AGGREGATIONS];
} GlcmRun;

static void
glcm_run_init (GlcmRun                  *run,
               const StmRoi             *roi,
               const StmTextureLevels   *levels,
               const StmRadiomicsConfig *config)
{
  double *next;

  memset (run, 0, sizeof *run);
  run->roi = roi;
  run->levels = levels;
  run->distance = config != NULL ? MAX (config->distance, 1) : 1;
  run->symmetric = config != NULL ? config->glcm_symmetric : TRUE;
  run->cells = (gsize) levels->n * levels->n;
  run->block = next = g_new0 (double, (2 * STM_TEXTURE_N_2D + 3) * run->cells);
  for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
    {
      run->direction[d] = next, next += run->cells;
      run->stack[d] = next, next += run->cells;
    }
  run->slice = next, next += run->cells;
  run->single = next, next += run->cells;
  run->merged = next;
  distributions_init (&run->distributions, levels);
}

static void
glcm_run_clear (GlcmRun *run)
{
  g_clear_pointer (&run->block, g_free);
  distributions_clear (&run->distributions);
}

static void
matrix_add (double *to, const double *from, gsize cells)
{
  for (gsize c = 0; c < cells; c++)
    to[c] += from[c];
}

static void
matrix_zero (double *m, gsize cells)
{
  memset (m, 0, cells * sizeof (double));
}

/* Features of one matrix into the mean of @aggregation; empty matrices do not count. */
static void
glcm_run_average (GlcmRun *run, const double *counts, StmTextureAggregation aggregation)
{
  double values[STM_GLCM_N_FEATURES];

  if (glcm_features_with (&run->distributions, run->levels, counts, values))
    stm_texture_mean_add (&run->mean[aggregation], values, STM_GLCM_N_FEATURES);
}

static void
glcm_run_slice (GlcmRun *run, gsize z)
{
  matrix_zero (run->slice, run->cells);
  for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
    {
      matrix_zero (run->direction[d], run->cells);
      stm_glcm_accumulate (run->roi, run->levels, &stm_texture_directions_2d[d],
                           run->distance, run->symmetric, z, z + 1, run->direction[d]);
      glcm_run_average (run, run->direction[d], STM_TEXTURE_2D_AVERAGED);
      matrix_add (run->slice, run->direction[d], run->cells);
      matrix_add (run->stack[d], run->direction[d], run->cells);
    }
  glcm_run_average (run, run->slice, STM_TEXTURE_2D_SLICE);
}

static void
glcm_run_2d (GlcmRun *run)
{
  for (gsize z = 0; z < run->roi->dims[2]; z++)
    glcm_run_slice (run, z);
  matrix_zero (run->merged, run->cells);
  for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
    {
      glcm_run_average (run, run->stack[d], STM_TEXTURE_25D_DIR);
      matrix_add (run->merged, run->stack[d], run->cells);
    }
  glcm_run_average (run, run->merged, STM_TEXTURE_25D_MERGED);
}

static void
glcm_run_3d (GlcmRun *run)
{
  matrix_zero (run->merged, run->cells);
  for (guint d = 0; d < STM_TEXTURE_N_3D; d++)
    {
      matrix_zero (run->single, run->cells);
      stm_glcm_accumulate (run->roi, run->levels, &stm_texture_directions_3d[d], run->distance,
                           run->symmetric, 0, run->roi->dims[2], run->single);
      glcm_run_average (run, run->single, STM_TEXTURE_3D_AVERAGED);
      matrix_add (run->merged, run->single, run->cells);
    }
  glcm_run_average (run, run->merged, STM_TEXTURE_3D_MERGED);
}

static void
glcm_emit (const StmTextureMean *means, StmFeatureTable *out)
{
  for (guint a = 0; a < STM_TEXTURE_N_AGGREGATIONS; a++)
    for (guint f = 0; f < STM_GLCM_N_FEATURES; f++)
      stm_feature_table_add (out, "GLCM", glcm_features[f].name, glcm_features[f].code,
                             stm_texture_aggregation_code (a),
                             stm_texture_mean_get (&means[a], f));
}

void
stm_glcm_features (const StmRoi             *roi,
                   const StmRadiomicsConfig *config,
                   StmFeatureTable          *out)
{
  g_autoptr(StmTextureLevels) levels = NULL;
  GlcmRun run;

  g_return_if_fail (roi != NULL && out != NULL);
  levels = stm_texture_levels_new (roi);
  glcm_run_init (&run, roi, levels, config);
  if (levels->n > 0)
    {
      glcm_run_2d (&run);
      glcm_run_3d (&run);
    }
  glcm_emit (run.mean, out);
  glcm_run_clear (&run);
}
