/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GLCM and GLRLM: every IBSI digital-phantom reference row, the phantom's
 * matrices as printed in the manual's "Digital phantom texture matrices"
 * chapter, invariants of the matrices on a random ROI, the rule that empty
 * matrices stay out of the averages, and the time taken on a 64^3 ROI.
 */
#include "radiomics-test-support.h"
#include "stm-glcm.h"
#include "stm-glrlm.h"

#include <math.h>
#include <string.h>
#include <time.h>

/* One element of a printed matrix: grey level i, column j (a grey level for
 * the GLCM, a run length for the GLRLM), count n. */
typedef struct
{
  int    i, j;
  double n;
} Element;

static StmRadiomicsConfig
ibsi_config (void)
{
  StmRadiomicsConfig config;

  memset (&config, 0, sizeof config);
  config.distance = 1;
  config.glcm_symmetric = TRUE;
  return config;
}

/* A ROI of nx x ny x nz voxels, all outside the mask until set_voxel(). */
static StmRoi *
roi_new (gsize nx, gsize ny, gsize nz, guint n_levels)
{
  StmRoi *roi = g_new0 (StmRoi, 1);
  gsize n = nx * ny * nz;

  roi->dims[0] = nx, roi->dims[1] = ny, roi->dims[2] = nz;
  roi->spacing[0] = roi->spacing[1] = roi->spacing[2] = 1;
  roi->intensity = g_new0 (float, n);
  roi->morph_mask = g_new0 (guint8, n);
  roi->int_mask = g_new0 (guint8, n);
  roi->levels = g_new0 (int, n);
  roi->n_levels = n_levels;
  return roi;
}

static void
set_voxel (StmRoi *roi, gsize x, gsize y, gsize z, int level)
{
  gsize i = stm_roi_index (roi, x, y, z);

  roi->levels[i] = level;
  roi->intensity[i] = level;
  roi->int_mask[i] = roi->morph_mask[i] = level > 0;
}

/* The voxels of a size^3 grid inside its inscribed ball, with uniform random levels 1..n_levels. */
static StmRoi *
random_roi (gsize size, guint n_levels, guint32 seed)
{
  StmRoi *roi = roi_new (size, size, size, n_levels);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double c = (size - 1) / 2.0, r2 = (size / 2.0) * (size / 2.0);

  for (gsize z = 0; z < size; z++)
    for (gsize y = 0; y < size; y++)
      for (gsize x = 0; x < size; x++)
        if ((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c) <= r2)
          {
            set_voxel (roi, x, y, z, g_rand_int_range (rand, 1, n_levels + 1));
            roi->n_int_voxels++;
          }
  roi->n_morph_voxels = roi->n_int_voxels;
  return roi;
}

static double
table_value (const StmFeatureTable *table, const char *code, const char *aggregation)
{
  const StmFeature *f = stm_feature_table_find (table, code, aggregation);

  g_assert_nonnull (f);
  return f->value;
}

/* ---- the IBSI reference values ------------------------------------------ */

static void
test_glcm_reference (void)
{
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  g_autoptr(StmFeatureTable) table = stm_feature_table_new ();
  StmRadiomicsConfig config = ibsi_config ();

  if (roi == NULL)
    return;
  stm_glcm_features (roi, &config, table);
  g_assert_cmpuint (stm_feature_table_length (table), ==, 150);
  g_assert_cmpuint (stm_test_check_reference (table, "GLCM", NULL), ==, 150);
}

static void
test_glrlm_reference (void)
{
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  g_autoptr(StmFeatureTable) table = stm_feature_table_new ();
  StmRadiomicsConfig config = ibsi_config ();

  if (roi == NULL)
    return;
  stm_glrlm_features (roi, &config, table);
  g_assert_cmpuint (stm_feature_table_length (table), ==, 96);
  g_assert_cmpuint (stm_test_check_reference (table, "GLRLM", NULL), ==, 96);
}

/* ---- the manual's phantom matrices -------------------------------------- */

/*
 * @counts against the printed elements, a list ended by { 0 }; every
 * element not printed must be zero. Columns are grey levels (GLCM) or run
 * lengths 1.. (GLRLM).
 */
static void
check_matrix (const char             *label,
              const StmTextureLevels *levels,
              const double           *counts,
              gsize                   n_columns,
              gboolean                columns_are_levels,
              const Element          *expected)
{
  g_autofree double *want = g_new0 (double, levels->n * n_columns);

  for (const Element *e = expected; e->i != 0; e++)
    {
      int row = levels->index[e->i];
      int col = columns_are_levels ? levels->index[e->j] : e->j - 1;
      g_assert_cmpint (row, >=, 0);
      g_assert_cmpint (col, >=, 0);
      want[row * n_columns + col] = e->n;
    }
  for (gsize c = 0; c < levels->n * n_columns; c++)
    if (counts[c] != want[c])
      {
        gsize col = c % n_columns;
        g_test_message ("%s: element (%g, %g) is %g, the manual prints %g", label,
                        levels->value[c / n_columns],
                        columns_are_levels ? levels->value[col] : (double) (col + 1),
                        counts[c], want[c]);
        g_test_fail ();
      }
}

/* The GLCM of @n_directions directions over slices [z_begin, z_end), merged, against @expected. */
static void
check_glcm (const char                *label,
            const StmRoi              *roi,
            const StmTextureLevels    *levels,
            const StmTextureDirection *directions,
            guint                      n_directions,
            gsize                      z_begin,
            gsize                      z_end,
            const Element             *expected)
{
  g_autofree double *counts = g_new0 (double, levels->n * levels->n);

  for (guint d = 0; d < n_directions; d++)
    stm_glcm_accumulate (roi, levels, &directions[d], 1, TRUE, z_begin, z_end, counts);
  check_matrix (label, levels, counts, levels->n, TRUE, expected);
}

/* The same for the GLRLM; returns N_v, summed over the directions. */
static gsize
check_glrlm (const char                *label,
             const StmRoi              *roi,
             const StmTextureLevels    *levels,
             const StmTextureDirection *directions,
             guint                      n_directions,
             gsize                      z_begin,
             gsize                      z_end,
             const Element             *expected)
{
  gsize max_run = stm_glrlm_max_run (roi), n_voxels = 0;
  g_autofree double *counts = g_new0 (double, levels->n * max_run);

  for (guint d = 0; d < n_directions; d++)
    n_voxels += stm_glrlm_accumulate (roi, levels, &directions[d], z_begin, z_end,
                                      max_run, counts);
  check_matrix (label, levels, counts, max_run, FALSE, expected);
  return n_voxels;
}

/* Slice 1 is z = 0 of the NIfTI; the 2D merged matrices are per slice, directions merged. */
static void
test_glcm_phantom_matrices (void)
{
  static const Element slice1_x[] = {
    { 1, 1, 4 }, { 1, 4, 6 }, { 1, 6, 2 }, { 4, 1, 6 }, { 4, 4, 4 }, { 4, 6, 4 },
    { 6, 1, 2 }, { 6, 4, 4 }, { 0 },
  };
  static const Element slice1_y[] = {
    { 1, 1, 10 }, { 1, 4, 4 }, { 4, 1, 4 }, { 4, 4, 6 }, { 4, 6, 1 }, { 6, 4, 1 },
    { 6, 6, 4 }, { 0 },
  };
  static const Element merged_slices[4][15] = {
    { { 1, 1, 22 }, { 1, 4, 17 }, { 1, 6, 6 }, { 4, 1, 17 }, { 4, 4, 16 }, { 4, 6, 11 },
      { 6, 1, 6 }, { 6, 4, 11 }, { 6, 6, 4 }, { 0 } },
    { { 1, 1, 42 }, { 1, 3, 5 }, { 1, 4, 8 }, { 1, 6, 8 }, { 3, 1, 5 }, { 3, 4, 1 },
      { 3, 6, 2 }, { 4, 1, 8 }, { 4, 3, 1 }, { 4, 4, 4 }, { 4, 6, 3 }, { 6, 1, 8 },
      { 6, 3, 2 }, { 6, 4, 3 }, { 0 } },
    { { 1, 1, 56 }, { 1, 4, 7 }, { 1, 6, 4 }, { 4, 1, 7 }, { 4, 4, 2 }, { 6, 1, 4 }, { 0 } },
    { { 1, 1, 70 }, { 1, 4, 7 }, { 1, 6, 5 }, { 4, 1, 7 }, { 4, 4, 2 }, { 6, 1, 5 }, { 0 } },
  };
  static const Element volume_merged[] = {
    { 1, 1, 536 }, { 1, 3, 14 }, { 1, 4, 105 }, { 1, 6, 61 }, { 3, 1, 14 }, { 3, 4, 5 },
    { 3, 6, 6 }, { 4, 1, 105 }, { 4, 3, 5 }, { 4, 4, 64 }, { 4, 6, 28 }, { 6, 1, 61 },
    { 6, 3, 6 }, { 6, 4, 28 }, { 6, 6, 16 }, { 0 },
  };
  const StmTextureDirection *in_plane = stm_texture_directions_2d;
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  g_autoptr(StmTextureLevels) levels = NULL;

  if (roi == NULL)
    return;
  levels = stm_texture_levels_new (roi);
  g_assert_cmpuint (levels->n, ==, 4);  /* 1, 3, 4, 6 */
  check_glcm ("GLCM slice 1, (1,0,0)", roi, levels, &in_plane[0], 1, 0, 1, slice1_x);
  check_glcm ("GLCM slice 1, (0,1,0)", roi, levels, &in_plane[2], 1, 0, 1, slice1_y);
  for (gsize z = 0; z < 4; z++)
    {
      g_autofree char *label = g_strdup_printf ("GLCM slice %" G_GSIZE_FORMAT ", merged", z + 1);
      check_glcm (label, roi, levels, in_plane, STM_TEXTURE_N_2D, z, z + 1, merged_slices[z]);
    }
  check_glcm ("GLCM 3D, merged", roi, levels, stm_texture_directions_3d, STM_TEXTURE_N_3D,
              0, 4, volume_merged);
}

static void
test_glrlm_phantom_matrices (void)
{
  static const Element slice1_x[] = {
    { 1, 1, 5 }, { 1, 2, 2 }, { 4, 1, 4 }, { 4, 2, 2 }, { 6, 1, 3 }, { 0 },
  };
  static const Element slice1_y[] = {
    { 1, 1, 1 }, { 1, 2, 2 }, { 1, 4, 1 }, { 4, 1, 2 }, { 4, 2, 3 }, { 6, 3, 1 }, { 0 },
  };
  static const Element merged_slices[4][9] = {
    { { 1, 1, 16 }, { 1, 2, 8 }, { 1, 4, 1 }, { 4, 1, 17 }, { 4, 2, 6 }, { 4, 3, 1 },
      { 6, 1, 9 }, { 6, 3, 1 }, { 0 } },
    { { 1, 1, 10 }, { 1, 2, 15 }, { 1, 4, 2 }, { 3, 1, 4 }, { 4, 1, 12 }, { 4, 2, 2 },
      { 6, 1, 8 }, { 0 } },
    { { 1, 1, 10 }, { 1, 2, 11 }, { 1, 3, 5 }, { 1, 4, 1 }, { 1, 5, 1 }, { 4, 1, 6 },
      { 4, 2, 1 }, { 6, 1, 4 }, { 0 } },
    { { 1, 1, 6 }, { 1, 2, 9 }, { 1, 3, 6 }, { 1, 4, 2 }, { 1, 5, 2 }, { 4, 1, 6 },
      { 4, 2, 1 }, { 6, 1, 4 }, { 0 } },
  };
  static const Element volume_merged[] = {
    { 1, 1, 190 }, { 1, 2, 140 }, { 1, 3, 31 }, { 1, 4, 18 }, { 1, 5, 3 }, { 3, 1, 13 },
    { 4, 1, 149 }, { 4, 2, 24 }, { 4, 3, 1 }, { 4, 4, 2 }, { 6, 1, 78 }, { 6, 2, 3 },
    { 6, 3, 1 }, { 6, 4, 1 }, { 0 },
  };
  const StmTextureDirection *in_plane = stm_texture_directions_2d;
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  g_autoptr(StmTextureLevels) levels = NULL;
  gsize n_voxels;

  if (roi == NULL)
    return;
  levels = stm_texture_levels_new (roi);
  n_voxels = check_glrlm ("GLRLM slice 1, (1,0,0)", roi, levels, &in_plane[0], 1, 0, 1, slice1_x);
  g_assert_cmpuint (n_voxels, ==, 20);
  check_glrlm ("GLRLM slice 1, (0,1,0)", roi, levels, &in_plane[2], 1, 0, 1, slice1_y);
  for (gsize z = 0; z < 4; z++)
    {
      g_autofree char *label = g_strdup_printf ("GLRLM slice %" G_GSIZE_FORMAT ", merged", z + 1);
      check_glrlm (label, roi, levels, in_plane, STM_TEXTURE_N_2D, z, z + 1, merged_slices[z]);
    }
  n_voxels = check_glrlm ("GLRLM 3D, merged", roi, levels, stm_texture_directions_3d,
                          STM_TEXTURE_N_3D, 0, 4, volume_merged);
  g_assert_cmpuint (n_voxels, ==, 13 * 74);
}

/* ---- invariants on a random ROI ----------------------------------------- */

/* Pairs at @d x @distance counted one by one, for comparison with a matrix total. */
static double
brute_force_pairs (const StmRoi *roi, const StmTextureDirection *d, int distance)
{
  gssize n[3] = { roi->dims[0], roi->dims[1], roi->dims[2] };
  double pairs = 0;

  for (gssize z = 0; z < n[2]; z++)
    for (gssize y = 0; y < n[1]; y++)
      for (gssize x = 0; x < n[0]; x++)
        {
          gssize u = x + d->x * distance, v = y + d->y * distance, w = z + d->z * distance;
          if (u < 0 || v < 0 || w < 0 || u >= n[0] || v >= n[1] || w >= n[2])
            continue;
          pairs += roi->int_mask[stm_roi_index (roi, x, y, z)] &&
                   roi->int_mask[stm_roi_index (roi, u, v, w)];
        }
  return pairs;
}

static double
matrix_total (const double *counts, gsize cells)
{
  double total = 0;

  for (gsize c = 0; c < cells; c++)
    total += counts[c];
  return total;
}

/*
 * The probabilities of @counts sum to one, and the joint average, sum
 * average and ASM computed from them agree with stm_glcm_matrix_features().
 */
static void
check_probabilities (const StmTextureLevels *levels, const double *counts)
{
  gsize n = levels->n;
  double values[STM_GLCM_N_FEATURES], total = matrix_total (counts, n * n);
  double sum_p = 0, mean = 0, energy = 0;

  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      {
        double p = counts[i * n + j] / total;
        sum_p += p;
        mean += levels->value[i] * p;
        energy += p * p;
      }
  g_assert_cmpfloat_with_epsilon (sum_p, 1.0, 1e-12);
  g_assert_true (stm_glcm_matrix_features (levels, counts, values));
  g_assert_cmpfloat_with_epsilon (values[1], mean, 1e-12);        /* joint average */
  g_assert_cmpfloat_with_epsilon (values[7], 2 * mean, 1e-12);    /* sum average */
  g_assert_cmpfloat_with_epsilon (values[10], energy, 1e-12);     /* ASM */
  /* sum variance = cluster tendency */
  g_assert_cmpfloat_with_epsilon (values[8], values[20], 1e-9);
}

/*
 * Each 3D direction at distances 1 and 2: the symmetric matrix holds every
 * in-mask pair twice, equals the one-sided matrix plus its transpose, and
 * its probabilities are a distribution.
 */
static void
test_glcm_probabilities (void)
{
  g_autoptr(StmRoi) roi = random_roi (24, 8, 7);
  g_autoptr(StmTextureLevels) levels = stm_texture_levels_new (roi);
  gsize n = levels->n, nz = roi->dims[2];
  g_autofree double *sym = g_new (double, n * n);
  g_autofree double *one_sided = g_new (double, n * n);

  for (guint distance = 1; distance <= 2; distance++)
    for (guint d = 0; d < STM_TEXTURE_N_3D; d++)
      {
        const StmTextureDirection *dir = &stm_texture_directions_3d[d];
        memset (sym, 0, n * n * sizeof (double));
        memset (one_sided, 0, n * n * sizeof (double));
        stm_glcm_accumulate (roi, levels, dir, distance, TRUE, 0, nz, sym);
        stm_glcm_accumulate (roi, levels, dir, distance, FALSE, 0, nz, one_sided);
        g_assert_cmpfloat (matrix_total (sym, n * n), ==,
                           2 * brute_force_pairs (roi, dir, distance));
        for (gsize i = 0; i < n; i++)
          for (gsize j = 0; j < n; j++)
            g_assert_cmpfloat (sym[i * n + j], ==, one_sided[i * n + j] + one_sided[j * n + i]);
        check_probabilities (levels, sym);
      }
}

/* Each voxel lies in exactly one run per direction: sum of j r_ij = N_v. */
static void
test_glrlm_runs_cover_roi (void)
{
  g_autoptr(StmRoi) roi = random_roi (24, 3, 11);
  g_autoptr(StmTextureLevels) levels = stm_texture_levels_new (roi);
  gsize max_run = stm_glrlm_max_run (roi);
  g_autofree double *counts = g_new (double, levels->n * max_run);

  for (guint d = 0; d < STM_TEXTURE_N_3D; d++)
    {
      double covered = 0, probabilities = 0, runs = 0;
      gsize n_voxels;
      memset (counts, 0, levels->n * max_run * sizeof (double));
      n_voxels = stm_glrlm_accumulate (roi, levels, &stm_texture_directions_3d[d], 0,
                                       roi->dims[2], max_run, counts);
      g_assert_cmpuint (n_voxels, ==, roi->n_int_voxels);
      for (gsize c = 0; c < levels->n * max_run; c++)
        {
          covered += counts[c] * (c % max_run + 1);
          runs += counts[c];
        }
      for (gsize c = 0; c < levels->n * max_run; c++)
        probabilities += counts[c] / runs;
      g_assert_cmpfloat (covered, ==, n_voxels);
      g_assert_cmpfloat_with_epsilon (probabilities, 1.0, 1e-12);
    }
}

/* ---- empty matrices ------------------------------------------------------ */

/* The 2D averaged and slice-merged values of @codes agree in @a and @b. */
static void
check_same_2d (const StmFeatureTable *a,
               const StmFeatureTable *b,
               const char * const    *codes,
               gsize                  n_codes)
{
  for (gsize c = 0; c < n_codes; c++)
    for (guint agg = STM_TEXTURE_2D_AVERAGED; agg <= STM_TEXTURE_2D_SLICE; agg++)
      {
        const char *code = stm_texture_aggregation_code (agg);
        g_assert_cmpfloat_with_epsilon (table_value (a, codes[c], code),
                                        table_value (b, codes[c], code), 1e-12);
      }
}

/*
 * A slice holding one voxel has no pair: its GLCMs are empty and must not
 * change the 2D averages. A slice without any ROI voxel has no run either.
 */
static void
test_empty_slices_excluded (void)
{
  g_autoptr(StmRoi) one = roi_new (4, 4, 1, 4);
  g_autoptr(StmRoi) three = roi_new (4, 4, 3, 4);
  g_autoptr(StmFeatureTable) a = stm_feature_table_new ();
  g_autoptr(StmFeatureTable) b = stm_feature_table_new ();
  StmRadiomicsConfig config = ibsi_config ();
  static const char *const glcm_codes[] = { "60VM", "TU9B", "NI2N", "R8DG" };
  static const char *const glrlm_codes[] = { "22OV", "9ZK5", "HJ9O" };

  for (gsize y = 0; y < 4; y++)
    for (gsize x = 0; x < 4; x++)
      {
        set_voxel (one, x, y, 0, 1 + (x * 3 + y * 5) % 4);
        set_voxel (three, x, y, 0, 1 + (x * 3 + y * 5) % 4);
      }
  set_voxel (three, 2, 2, 2, 3);   /* slice 2 empty, slice 3 a lone voxel */
  stm_glcm_features (one, &config, a);
  stm_glcm_features (three, &config, b);
  check_same_2d (a, b, glcm_codes, G_N_ELEMENTS (glcm_codes));

  set_voxel (three, 2, 2, 2, 0);   /* now only the empty slice differs */
  stm_glrlm_features (one, &config, a);
  stm_glrlm_features (three, &config, b);
  check_same_2d (a, b, glrlm_codes, G_N_ELEMENTS (glrlm_codes));
}

/* A ROI without any voxel still yields every row, as NaN. */
static void
test_empty_roi (void)
{
  g_autoptr(StmRoi) roi = roi_new (3, 3, 3, 4);
  g_autoptr(StmFeatureTable) table = stm_feature_table_new ();

  stm_glcm_features (roi, NULL, table);
  stm_glrlm_features (roi, NULL, table);
  g_assert_cmpuint (stm_feature_table_length (table), ==, 150 + 96);
  for (guint i = 0; i < stm_feature_table_length (table); i++)
    g_assert_true (isnan (stm_feature_table_get (table, i)->value));
}

/* ---- timing --------------------------------------------------------------- */

static double
cpu_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Best of three runs of one family, wall clock and CPU time, in ms. */
static void
time_family (void (*features) (const StmRoi *, const StmRadiomicsConfig *, StmFeatureTable *),
             const StmRoi *roi, double *wall, double *cpu)
{
  StmRadiomicsConfig config = ibsi_config ();

  *wall = *cpu = G_MAXDOUBLE;
  for (guint run = 0; run < 3; run++)
    {
      g_autoptr(StmFeatureTable) table = stm_feature_table_new ();
      gint64 w0 = g_get_monotonic_time ();
      double c0 = cpu_ms ();
      features (roi, &config, table);
      *cpu = MIN (*cpu, cpu_ms () - c0);
      *wall = MIN (*wall, (g_get_monotonic_time () - w0) / 1e3);
    }
}

static void
test_timing (void)
{
  g_autoptr(StmRoi) roi = roi_new (64, 64, 64, 32);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  double glcm_wall, glcm_cpu, glrlm_wall, glrlm_cpu;

  for (gsize z = 0; z < 64; z++)
    for (gsize y = 0; y < 64; y++)
      for (gsize x = 0; x < 64; x++)
        set_voxel (roi, x, y, z, g_rand_int_range (rand, 1, 33));
  roi->n_int_voxels = roi->n_morph_voxels = 64 * 64 * 64;

  time_family (stm_glcm_features, roi, &glcm_wall, &glcm_cpu);
  time_family (stm_glrlm_features, roi, &glrlm_wall, &glrlm_cpu);
  g_test_message ("64x64x64 random ROI, 32 levels (262144 voxels), best of 3: "
                  "GLCM %.1f ms (CPU %.1f ms), GLRLM %.1f ms (CPU %.1f ms)",
                  glcm_wall, glcm_cpu, glrlm_wall, glrlm_cpu);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/radiomics/glcm/reference", test_glcm_reference);
  g_test_add_func ("/radiomics/glrlm/reference", test_glrlm_reference);
  g_test_add_func ("/radiomics/glcm/phantom-matrices", test_glcm_phantom_matrices);
  g_test_add_func ("/radiomics/glrlm/phantom-matrices", test_glrlm_phantom_matrices);
  g_test_add_func ("/radiomics/glcm/probabilities", test_glcm_probabilities);
  g_test_add_func ("/radiomics/glrlm/runs-cover-roi", test_glrlm_runs_cover_roi);
  g_test_add_func ("/radiomics/texture/empty-slices-excluded", test_empty_slices_excluded);
  g_test_add_func ("/radiomics/texture/empty-roi", test_empty_roi);
  g_test_add_func ("/radiomics/texture/timing", test_timing);
  return g_test_run ();
}
