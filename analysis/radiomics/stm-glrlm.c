/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-glrlm.h"

#include <math.h>
#include <string.h>

typedef enum
{
  SHORT_RUNS, LONG_RUNS, LOW_GREY, HIGH_GREY,
  SHORT_LOW, SHORT_HIGH, LONG_LOW, LONG_HIGH,
  GREY_NU, GREY_NU_NORM, RUN_NU, RUN_NU_NORM,
  RUN_PERCENTAGE, GREY_VAR, RUN_VAR, RUN_ENTROPY,
} GlrlmFeature;

static const struct
{
  const char *name;
  const char *code;
} glrlm_features[STM_GLRLM_N_FEATURES] = {
  { "Short runs emphasis", "22OV" },
  { "Long runs emphasis", "W4KF" },
  { "Low grey level run emphasis", "V3SW" },
  { "High grey level run emphasis", "G3QZ" },
  { "Short run low grey level emphasis", "HTZT" },
  { "Short run high grey level emphasis", "GD3A" },
  { "Long run low grey level emphasis", "IVPO" },
  { "Long run high grey level emphasis", "3KUM" },
  { "Grey level non-uniformity", "R5YN" },
  { "Normalised grey level non-uniformity", "OVBL" },
  { "Run length non-uniformity", "W92Y" },
  { "Normalised run length non-uniformity", "IC23" },
  { "Run percentage", "9ZK5" },
  { "Grey level variance", "8CE5" },
  { "Run length variance", "SXLW" },
  { "Run entropy", "HJ9O" },
};

const char *
stm_glrlm_feature_name (guint index)
{
  g_return_val_if_fail (index < STM_GLRLM_N_FEATURES, NULL);
  return glrlm_features[index].name;
}

const char *
stm_glrlm_feature_code (guint index)
{
  g_return_val_if_fail (index < STM_GLRLM_N_FEATURES, NULL);
  return glrlm_features[index].code;
}

/* ---- matrix construction ------------------------------------------------ */

gsize
stm_glrlm_max_run (const StmRoi *roi)
{
  return MAX (MAX (roi->dims[0], roi->dims[1]), MAX (roi->dims[2], 1));
}

/* Steps of @step from coordinate @c that stay in [0, size); unbounded for step 0. */
static inline gsize
steps_left (gsize c, gsize size, int step)
{
  return step > 0 ? size - 1 - c : step < 0 ? c : G_MAXSIZE;
}

/* Length of the run of level @l from flat index @i at (x, y, z) along @d. */
static gsize
run_length (const StmRoi *roi, gsize x, gsize y, gsize z, gsize i, gssize offset,
            const StmTextureDirection *d, int l)
{
  gsize ahead = MIN (MIN (steps_left (x, roi->dims[0], d->x), steps_left (y, roi->dims[1], d->y)),
                     steps_left (z, roi->dims[2], d->z));
  gsize length = 1;

  for (gssize j = (gssize) i + offset; length <= ahead && roi->levels[j] == l; j += offset)
    length++;
  return length;
}

/*
 * Where along each axis the voxel before (c - d) and the voxel after
 * (c + d) lie on the grid, so the scan tests a range, not a bound per step.
 */
typedef struct
{
  gsize before[3][2];
  gsize after[3][2];
} RunRanges;

static void
run_ranges_init (RunRanges *r, const StmRoi *roi, const StmTextureDirection *d)
{
  const int step[3] = { d->x, d->y, d->z };

  for (guint a = 0; a < 3; a++)
    {
      stm_texture_range (roi->dims[a], -step[a], &r->before[a][0], &r->before[a][1]);
      stm_texture_range (roi->dims[a], step[a], &r->after[a][0], &r->after[a][1]);
    }
}

static inline gboolean
in_range (const gsize range[2], gsize c)
{
  return c >= range[0] && c < range[1];
}

gsize
stm_glrlm_accumulate (const StmRoi              *roi,
                      const StmTextureLevels    *levels,
                      const StmTextureDirection *direction,
                      gsize                      z_begin,
                      gsize                      z_end,
                      gsize                      max_run,
                      double                    *counts)
{
  gsize nx = roi->dims[0], ny = roi->dims[1], visited = 0;
  gssize offset = ((gssize) direction->z * (gssize) ny + direction->y) * (gssize) nx + direction->x;
  const int *grid = roi->levels;
  RunRanges r;

  if (levels->n == 0)
    return 0;
  run_ranges_init (&r, roi, direction);
  z_end = MIN (z_end, roi->dims[2]);
  for (gsize z = z_begin; z < z_end; z++)
    for (gsize y = 0; y < ny; y++)
      {
        gboolean before_row = in_range (r.before[2], z) && in_range (r.before[1], y);
        gboolean after_row = in_range (r.after[2], z) && in_range (r.after[1], y);
        for (gsize x = 0, i = stm_roi_index (roi, 0, y, z); x < nx; x++, i++)
          {
            int l = grid[i];
            gsize length = 1;
            if (l <= 0)
              continue;
            visited++;
            /* Only the first voxel of a run counts it. */
            if (before_row && in_range (r.before[0], x) && grid[(gssize) i - offset] == l)
              continue;
            if (after_row && in_range (r.after[0], x) && grid[(gssize) i + offset] == l)
              length = run_length (roi, x, y, z, i, offset, direction, l);
            counts[levels->index[l] * max_run + length - 1] += 1;
          }
      }
  return visited;
}

/* ---- features of one matrix --------------------------------------------- */

/* Marginal sums r_i. (per grey level) and r_.j (per run length). */
typedef struct
{
  double *by_level;   /* n */
  double *by_length;  /* max_run */
} GlrlmMarginals;

static void
marginals_init (GlrlmMarginals *m, const StmTextureLevels *levels, gsize max_run)
{
  m->by_level = g_new0 (double, levels->n + max_run);
  m->by_length = m->by_level + levels->n;
}

static void
marginals_clear (GlrlmMarginals *m)
{
  g_clear_pointer (&m->by_level, g_free);
}

/* Fills the marginals; computes the features that need every element. Returns N_s. */
static double
glrlm_joint_features (const StmTextureLevels *levels,
                      const double           *counts,
                      gsize                   max_run,
                      GlrlmMarginals         *m,
                      double                 *f)
{
  double total = 0, sl = 0, sh = 0, ll = 0, lh = 0, entropy = 0;

  memset (m->by_level, 0, (levels->n + max_run) * sizeof (double));
  for (guint i = 0; i < levels->n; i++)
    for (gsize j = 0; j < max_run; j++)
      {
        double r = counts[i * max_run + j], v2, l2;
        if (r == 0)
          continue;
        v2 = levels->value[i] * levels->value[i];
        l2 = (double) (j + 1) * (j + 1);
        m->by_level[i] += r;
        m->by_length[j] += r;
        total += r;
        sl += r / (v2 * l2);
        sh += r * v2 / l2;
        ll += r * l2 / v2;
        lh += r * v2 * l2;
        entropy -= r * log2 (r);
      }
  if (total <= 0)
    return 0;
  f[SHORT_LOW] = sl / total;
  f[SHORT_HIGH] = sh / total;
  f[LONG_LOW] = ll / total;
  f[LONG_HIGH] = lh / total;
  /* -sum (r/N) log2 (r/N) = log2 N - sum r log2 r / N */
  f[RUN_ENTROPY] = log2 (total) + entropy / total;
  return total;
}

static void
glrlm_grey_features (const StmTextureLevels *levels,
                     const GlrlmMarginals   *m,
                     double                  total,
                     double                 *f)
{
  double low = 0, high = 0, nu = 0, mean = 0, var = 0;

  for (guint i = 0; i < levels->n; i++)
    {
      double r = m->by_level[i], v = levels->value[i];
      low += r / (v * v);
      high += r * v * v;
      nu += r * r;
      mean += v * r / total;
    }
  for (guint i = 0; i < levels->n; i++)
    var += (levels->value[i] - mean) * (levels->value[i] - mean) * m->by_level[i] / total;
  f[LOW_GREY] = low / total;
  f[HIGH_GREY] = high / total;
  f[GREY_NU] = nu / total;
  f[GREY_NU_NORM] = nu / (total * total);
  f[GREY_VAR] = var;
}

static void
glrlm_length_features (const GlrlmMarginals *m,
                       gsize                 max_run,
                       double                total,
                       double               *f)
{
  double shortr = 0, longr = 0, nu = 0, mean = 0, var = 0;

  for (gsize j = 0; j < max_run; j++)
    {
      double r = m->by_length[j], l = j + 1;
      shortr += r / (l * l);
      longr += r * l * l;
      nu += r * r;
      mean += l * r / total;
    }
  for (gsize j = 0; j < max_run; j++)
    var += (j + 1 - mean) * (j + 1 - mean) * m->by_length[j] / total;
  f[SHORT_RUNS] = shortr / total;
  f[LONG_RUNS] = longr / total;
  f[RUN_NU] = nu / total;
  f[RUN_NU_NORM] = nu / (total * total);
  f[RUN_VAR] = var;
}

static gboolean
glrlm_features_with (GlrlmMarginals         *m,
                     const StmTextureLevels *levels,
                     const double           *counts,
                     gsize                   max_run,
                     double                  n_voxels,
                     double                 *values)
{
  double total = glrlm_joint_features (levels, counts, max_run, m, values);

  if (total <= 0)
    {
      for (guint f = 0; f < STM_GLRLM_N_FEATURES; f++)
        values[f] = NAN;
      return FALSE;
    }
  glrlm_grey_features (levels, m, total, values);
  glrlm_length_features (m, max_run, total, values);
  values[RUN_PERCENTAGE] = total / n_voxels;
  return TRUE;
}

gboolean
stm_glrlm_matrix_features (const StmTextureLevels *levels,
                           const double           *counts,
                           gsize                   max_run,
                           double                  n_voxels,
                           double                 *values)
{
  GlrlmMarginals m;
  gboolean filled;

  marginals_init (&m, levels, max_run);
  filled = glrlm_features_with (&m, levels, counts, max_run, n_voxels, values);
  marginals_clear (&m);
  return filled;
}

/* ---- aggregation -------------------------------------------------------- */

/* A run length matrix in flight and the voxel count N_v it was built over. */
typedef struct
{
  double *counts;
  double  n_voxels;
} GlrlmMatrix;

typedef struct
{
  const StmRoi           *roi;
  const StmTextureLevels *levels;
  gsize                   max_run;
  gsize                   cells;
  double                 *block;
  GlrlmMatrix             direction;                   /* one slice, one direction */
  GlrlmMatrix             stack[STM_TEXTURE_N_2D];     /* one direction, slices merged */
  GlrlmMatrix             slice;                       /* one slice, directions merged */
  GlrlmMatrix             merged;                      /* every 2D, then every 3D matrix */
  GlrlmMarginals          marginals;
  StmTextureMean          mean[STM_TEXTURE_N_AGGREGATIONS];
} GlrlmRun;

static void
glrlm_run_init (GlrlmRun *run, const StmRoi *roi, const StmTextureLevels *levels)
{
  double *next;

  memset (run, 0, sizeof *run);
  run->roi = roi;
  run->levels = levels;
  run->max_run = stm_glrlm_max_run (roi);
  run->cells = levels->n * run->max_run;
  run->block = next = g_new0 (double, (STM_TEXTURE_N_2D + 3) * run->cells);
  run->direction.counts = next, next += run->cells;
  for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
    run->stack[d].counts = next, next += run->cells;
  run->slice.counts = next, next += run->cells;
  run->merged.counts = next;
  marginals_init (&run->marginals, levels, run->max_run);
}

static void
glrlm_run_clear (GlrlmRun *run)
{
  g_clear_pointer (&run->block, g_free);
  marginals_clear (&run->marginals);
}

static void
matrix_zero (GlrlmMatrix *m, gsize cells)
{
  memset (m->counts, 0, cells * sizeof (double));
  m->n_voxels = 0;
}

static void
matrix_add (GlrlmMatrix *to, const GlrlmMatrix *from, gsize cells)
{
  for (gsize c = 0; c < cells; c++)
    to->counts[c] += from->counts[c];
  to->n_voxels += from->n_voxels;
}

static void
matrix_fill (GlrlmRun                  *run,
             GlrlmMatrix               *m,
             const StmTextureDirection *d,
             gsize                      z_begin,
             gsize                      z_end)
{
  matrix_zero (m, run->cells);
  m->n_voxels = stm_glrlm_accumulate (run->roi, run->levels, d, z_begin, z_end,
                                      run->max_run, m->counts);
}

/* Features of one matrix into the mean of @aggregation; empty matrices do not count. */
static void
glrlm_run_average (GlrlmRun *run, const GlrlmMatrix *m, StmTextureAggregation aggregation)
{
  double values[STM_GLRLM_N_FEATURES];

  if (glrlm_features_with (&run->marginals, run->levels, m->counts, run->max_run,
                           m->n_voxels, values))
    stm_texture_mean_add (&run->mean[aggregation], values, STM_GLRLM_N_FEATURES);
}

static void
glrlm_run_slice (GlrlmRun *run, gsize z)
{
  matrix_zero (&run->slice, run->cells);
  for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
    {
      matrix_fill (run, &run->direction, &stm_texture_directions_2d[d], z, z + 1);
      glrlm_run_average (run, &run->direction, STM_TEXTURE_2D_AVERAGED);
      matrix_add (&run->slice, &run->direction, run->cells);
      matrix_add (&run->stack[d], &run->direction, run->cells);
    }
  glrlm_run_average (run, &run->slice, STM_TEXTURE_2D_SLICE);
}

static void
glrlm_run_2d (GlrlmRun *run)
{
  for (gsize z = 0; z < run->roi->dims[2]; z++)
    glrlm_run_slice (run, z);
  matrix_zero (&run->merged, run->cells);
  for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
    {
      glrlm_run_average (run, &run->stack[d], STM_TEXTURE_25D_DIR);
      matrix_add (&run->merged, &run->stack[d], run->cells);
    }
  glrlm_run_average (run, &run->merged, STM_TEXTURE_25D_MERGED);
}

static void
glrlm_run_3d (GlrlmRun *run)
{
  matrix_zero (&run->merged, run->cells);
  for (guint d = 0; d < STM_TEXTURE_N_3D; d++)
    {
      matrix_fill (run, &run->direction, &stm_texture_directions_3d[d], 0, run->roi->dims[2]);
      glrlm_run_average (run, &run->direction, STM_TEXTURE_3D_AVERAGED);
      matrix_add (&run->merged, &run->direction, run->cells);
    }
  glrlm_run_average (run, &run->merged, STM_TEXTURE_3D_MERGED);
}

static void
glrlm_emit (const StmTextureMean *means, StmFeatureTable *out)
{
  for (guint a = 0; a < STM_TEXTURE_N_AGGREGATIONS; a++)
    for (guint f = 0; f < STM_GLRLM_N_FEATURES; f++)
      stm_feature_table_add (out, "GLRLM", glrlm_features[f].name, glrlm_features[f].code,
                             stm_texture_aggregation_code (a),
                             stm_texture_mean_get (&means[a], f));
}

void
stm_glrlm_features (const StmRoi             *roi,
                    const StmRadiomicsConfig *config,
                    StmFeatureTable          *out)
{
  g_autoptr(StmTextureLevels) levels = NULL;
  GlrlmRun run;

  (void) config;
  g_return_if_fail (roi != NULL && out != NULL);
  levels = stm_texture_levels_new (roi);
  glrlm_run_init (&run, roi, levels);
  if (levels->n > 0)
    {
      glrlm_run_2d (&run);
      glrlm_run_3d (&run);
    }
  glrlm_emit (run.mean, out);
  glrlm_run_clear (&run);
}
