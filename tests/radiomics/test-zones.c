/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GLSZM, GLDZM, NGTDM and NGLDM: every reference row of the IBSI 1 digital
 * phantom, the phantom's matrices from the manual's chapter "Digital
 * phantom texture matrices" (theibsi/ibsi-doc,
 * docs/06_Digital_phantom_texture_matrices.rst), zone labelling against
 * an independent union-find, edge distances, one zone of 10^5 voxels, and
 * timings on random ROIs.
 *
 * The manual's slices 1..4 are the NIfTI z indices 0..3.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "radiomics-test-support.h"
#include "stm-gldzm.h"
#include "stm-glszm.h"
#include "stm-ngldm.h"
#include "stm-ngtdm.h"
#include "stm-zones.h"

typedef void (*FamilyFunc) (const StmRoi *, const StmRadiomicsConfig *, StmFeatureTable *);

typedef struct
{
  const char *family;
  FamilyFunc  func;
  guint       n_rows;
} Family;

static const Family families[] = {
  { "GLSZM", stm_glszm_features, 16 * 3 },
  { "GLDZM", stm_gldzm_features, 16 * 3 },
  { "NGTDM", stm_ngtdm_features, 5 * 3 },
  { "NGLDM", stm_ngldm_features, 17 * 3 },
};

/* The manual's settings for the phantom: Chebyshev distance 1, coarseness 0. */
static StmRadiomicsConfig
phantom_config (void)
{
  StmRadiomicsConfig config;

  memset (&config, 0, sizeof config);
  config.distance = 1;
  config.glcm_symmetric = TRUE;
  config.ngldm_coarseness = 0;
  return config;
}

/* ---- reference values ----------------------------------------------- */

static void
test_reference (gconstpointer data)
{
  const Family *family = data;
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  g_autoptr(StmFeatureTable) table = stm_feature_table_new ();
  StmRadiomicsConfig config = phantom_config ();

  if (roi == NULL)
    return;
  family->func (roi, &config, table);
  g_assert_cmpuint (stm_feature_table_length (table), ==, family->n_rows);
  g_assert_cmpuint (stm_test_check_reference (table, family->family, NULL), ==, family->n_rows);
}

/* ---- the manual's matrices ------------------------------------------ */

/* The matrix of group @group of @pairs (G_MAXUINT: all groups) equals @expected. */
static void
assert_matrix (const StmZonePairs  *pairs,
               guint                group,
               const StmMatrixCell *expected,
               gsize                n_expected)
{
  gsize first = group == G_MAXUINT ? 0 : pairs->group_start[group];
  gsize last = group == G_MAXUINT ? pairs->n_pairs : pairs->group_start[group + 1];
  g_autoptr(StmZoneMatrix) m = stm_zone_matrix_new (pairs->pairs + first, last - first, 1);

  g_assert_cmpuint (m->n_cells, ==, n_expected);
  for (gsize k = 0; k < n_expected; k++)
    {
      g_assert_cmpint (m->cells[k].level, ==, expected[k].level);
      g_assert_cmpuint (m->cells[k].j, ==, expected[k].j);
      g_assert_cmpfloat (m->cells[k].count, ==, expected[k].count);
    }
}

static void
test_glszm_matrices (void)
{
  static const StmMatrixCell slice1[] = {
    { 1, 3, 1 }, { 1, 6, 1 }, { 4, 2, 1 }, { 4, 6, 1 }, { 6, 3, 1 },
  };
  static const StmMatrixCell volume[] = {
    { 1, 50, 1 }, { 3, 1, 1 }, { 4, 2, 1 }, { 4, 14, 1 }, { 6, 7, 1 },
  };
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();

  if (roi == NULL)
    return;
  g_autoptr(StmZonePairs) planar = stm_glszm_pairs (roi, TRUE);
  g_autoptr(StmZonePairs) vol = stm_glszm_pairs (roi, FALSE);
  assert_matrix (planar, 0, slice1, G_N_ELEMENTS (slice1));
  assert_matrix (vol, G_MAXUINT, volume, G_N_ELEMENTS (volume));
}

static void
test_gldzm_matrices (void)
{
  static const StmMatrixCell slice2[] = {
    { 1, 1, 2 }, { 3, 2, 1 }, { 4, 1, 2 }, { 6, 1, 1 }, { 6, 2, 1 },
  };
  static const StmMatrixCell volume[] = {
    { 1, 1, 1 }, { 3, 1, 1 }, { 4, 1, 2 }, { 6, 1, 1 },
  };
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();

  if (roi == NULL)
    return;
  g_autoptr(StmZonePairs) planar = stm_gldzm_pairs (roi, TRUE);
  g_autoptr(StmZonePairs) vol = stm_gldzm_pairs (roi, FALSE);
  assert_matrix (planar, 1, slice2, G_N_ELEMENTS (slice2));
  assert_matrix (vol, G_MAXUINT, volume, G_N_ELEMENTS (volume));
}

static void
test_ngldm_matrices (void)
{
  static const StmMatrixCell slice1[] = {
    { 1, 2, 3 }, { 1, 3, 1 }, { 1, 4, 3 }, { 1, 5, 2 }, { 4, 2, 2 },
    { 4, 3, 4 }, { 4, 4, 2 }, { 6, 2, 2 }, { 6, 3, 1 },
  };
  static const StmMatrixCell volume[] = {
    { 1, 5, 2 }, { 1, 6, 2 }, { 1, 7, 1 }, { 1, 8, 6 }, { 1, 9, 4 },
    { 1, 10, 6 }, { 1, 11, 5 }, { 1, 12, 5 }, { 1, 13, 3 }, { 1, 14, 2 },
    { 1, 15, 5 }, { 1, 16, 3 }, { 1, 17, 3 }, { 1, 18, 2 }, { 1, 21, 1 },
    { 3, 1, 1 }, { 4, 2, 2 }, { 4, 4, 2 }, { 4, 5, 6 }, { 4, 6, 4 },
    { 4, 7, 2 }, { 6, 2, 1 }, { 6, 3, 4 }, { 6, 4, 1 }, { 6, 5, 1 },
  };
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();

  if (roi == NULL)
    return;
  g_autoptr(StmZonePairs) planar = stm_ngldm_pairs (roi, 1, 0, TRUE);
  g_autoptr(StmZonePairs) vol = stm_ngldm_pairs (roi, 1, 0, FALSE);
  assert_matrix (planar, 0, slice1, G_N_ELEMENTS (slice1));
  assert_matrix (vol, G_MAXUINT, volume, G_N_ELEMENTS (volume));
}

/* Rows (level, s_i, n_i) of group @group; the manual prints s to 6 decimals. */
static void
assert_ngtdm (const StmNgtdm *m, guint group, const double (*expected)[3], guint n_expected)
{
  const double *s = m->s + group * (m->max_level + 1);
  const double *n = m->n + group * (m->max_level + 1);
  guint rows = 0;

  for (guint i = 1; i <= m->max_level; i++)
    rows += n[i] > 0;
  g_assert_cmpuint (rows, ==, n_expected);
  for (guint k = 0; k < n_expected; k++)
    {
      guint i = expected[k][0];
      g_assert_cmpfloat_with_epsilon (s[i], expected[k][1], 1e-6);
      g_assert_cmpfloat (n[i], ==, expected[k][2]);
    }
}

static void
test_ngtdm_matrices (void)
{
  static const double slice2[][3] = {
    { 1, 11.928571, 12 }, { 3, 0.375, 1 }, { 4, 4.8, 4 }, { 6, 8.0, 2 },
  };
  static const double volume[][3] = {
    { 1, 39.946954, 50 }, { 3, 0.2, 1 }, { 4, 20.825401, 16 }, { 6, 24.127005, 7 },
  };
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();

  if (roi == NULL)
    return;
  g_autoptr(StmNgtdm) planar = stm_ngtdm_new (roi, 1, TRUE);
  g_autoptr(StmNgtdm) vol = stm_ngtdm_new (roi, 1, FALSE);
  assert_ngtdm (planar, 1, slice2, G_N_ELEMENTS (slice2));
  assert_ngtdm (vol, 0, volume, G_N_ELEMENTS (volume));
}

/* Both ways of building a matrix: dense counting, and sorting when j is large. */
static void
test_matrix_build (void)
{
  static const StmZonePair sparse[] = {
    { 2, 5000 }, { 1, 3 }, { 2, 5000 }, { 1, 3 }, { 1, 7000 }, { 3, 3 },
  };
  static const StmMatrixCell sparse_cells[] = {
    { 1, 3, 2 }, { 1, 7000, 1 }, { 2, 5000, 2 }, { 3, 3, 1 },
  };
  static const StmZonePair small[] = { { 2, 5 }, { 1, 3 }, { 2, 5 }, { 1, 3 }, { 1, 7 }, { 3, 3 } };
  static const StmMatrixCell small_cells[] = { { 1, 3, 2 }, { 1, 7, 1 }, { 2, 5, 2 }, { 3, 3, 1 } };
  g_autoptr(StmZonePairs) pairs = stm_zone_pairs_new (G_N_ELEMENTS (sparse), 1);

  memcpy (pairs->pairs, sparse, sizeof sparse);
  assert_matrix (pairs, G_MAXUINT, sparse_cells, G_N_ELEMENTS (sparse_cells));
  memcpy (pairs->pairs, small, sizeof small);
  assert_matrix (pairs, G_MAXUINT, small_cells, G_N_ELEMENTS (small_cells));
}

/* ---- synthetic ROIs ------------------------------------------------- */

/* Random levels 1..@n_levels inside a ball of @radius voxels (0: the whole grid). */
static StmRoi *
random_roi (gsize nx, gsize ny, gsize nz, guint n_levels, double radius, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  StmRoi *roi = g_new0 (StmRoi, 1);
  gsize n = nx * ny * nz;

  roi->dims[0] = nx, roi->dims[1] = ny, roi->dims[2] = nz;
  roi->spacing[0] = roi->spacing[1] = roi->spacing[2] = 1;
  roi->morph_mask = g_new0 (guint8, n);
  roi->int_mask = g_new0 (guint8, n);
  roi->levels = g_new0 (int, n);
  roi->n_levels = n_levels;
  for (gsize v = 0; v < n; v++)
    {
      double dx = v % nx - (nx - 1) / 2.0, dy = (v / nx) % ny - (ny - 1) / 2.0;
      double dz = v / (nx * ny) - (nz - 1) / 2.0;
      gboolean in = radius <= 0 || dx * dx + dy * dy + dz * dz <= radius * radius;
      roi->morph_mask[v] = roi->int_mask[v] = in;
      roi->levels[v] = in ? g_rand_int_range (rand, 1, n_levels + 1) : 0;
      roi->n_int_voxels += in;
    }
  roi->n_morph_voxels = roi->n_int_voxels;
  return roi;
}

/* ---- zone labelling ------------------------------------------------- */

static gsize
find_root (gsize *parent, gsize v)
{
  while (parent[v] != v)
    v = parent[v] = parent[parent[v]];
  return v;
}

/* Components of equal level by union-find, independently of stm_zones_label(). */
static gsize
count_components (const StmRoi *roi, gboolean planar)
{
  const gsize *d = roi->dims;
  gsize n = d[0] * d[1] * d[2], count = 0;
  g_autofree gsize *parent = g_new (gsize, n);

  for (gsize v = 0; v < n; v++)
    parent[v] = v;
  for (gsize z = 0; z < d[2]; z++)
    for (gsize y = 0; y < d[1]; y++)
      for (gsize x = 0; x < d[0]; x++)
        for (int k = 0; k < 27; k++)
          {
            gssize wx = x + k % 3 - 1, wy = y + k / 3 % 3 - 1, wz = z + k / 9 - 1;
            gsize v = stm_roi_index (roi, x, y, z), w;
            if (wx < 0 || wy < 0 || wz < 0 || wx >= (gssize) d[0] || wy >= (gssize) d[1] ||
                wz >= (gssize) d[2] || (planar && wz != (gssize) z))
              continue;
            w = stm_roi_index (roi, wx, wy, wz);
            if (roi->levels[v] > 0 && roi->levels[w] == roi->levels[v])
              parent[find_root (parent, v)] = find_root (parent, w);
          }
  for (gsize v = 0; v < n; v++)
    count += roi->levels[v] > 0 && find_root (parent, v) == v;
  return count;
}

/* Every mask voxel is labelled with its zone's level, sizes add up, and
 * the labels are exactly the connected components. */
static void
check_labels (const StmRoi *roi, gboolean planar)
{
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];
  g_autoptr(StmZones) zones = stm_zones_label (roi->levels, roi->dims, planar);
  g_autofree gsize *sizes = g_new0 (gsize, zones->n_zones);
  gsize total = 0;

  for (gsize v = 0; v < n; v++)
    {
      guint32 label = zones->labels[v];
      g_assert_cmpuint (label != 0, ==, roi->levels[v] > 0);
      if (label == 0)
        continue;
      g_assert_cmpint (zones->zone_level[label - 1], ==, roi->levels[v]);
      sizes[label - 1]++;
    }
  for (gsize z = 0; z < zones->n_zones; z++)
    {
      g_assert_cmpuint (sizes[z], ==, zones->zone_size[z]);
      total += sizes[z];
    }
  g_assert_cmpuint (total, ==, roi->n_int_voxels);
  g_assert_cmpuint (zones->group_start[zones->n_groups], ==, zones->n_zones);
  g_assert_cmpuint (zones->n_zones, ==, count_components (roi, planar));
}

static void
test_labels_random (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      g_autoptr(StmRoi) roi = random_roi (13, 11, 7, 1 + seed % 4, seed % 2 ? 5.5 : 0, seed);
      check_labels (roi, TRUE);
      check_labels (roi, FALSE);
    }
}

/* One zone of 10^5 voxels: a walk on the call stack would overflow here. */
static void
test_huge_zone (void)
{
  g_autoptr(StmRoi) roi = random_roi (50, 50, 40, 1, 0, 1);
  g_autoptr(StmZonePairs) vol = stm_glszm_pairs (roi, FALSE);
  g_autoptr(StmZonePairs) planar = stm_glszm_pairs (roi, TRUE);
  g_autoptr(StmFeatureTable) table = stm_feature_table_new ();
  StmRadiomicsConfig config = phantom_config ();

  g_assert_cmpuint (vol->n_pairs, ==, 1);
  g_assert_cmpuint (vol->pairs[0].j, ==, 100000);
  g_assert_cmpuint (planar->n_pairs, ==, 40);
  g_assert_cmpuint (planar->pairs[39].j, ==, 2500);
  stm_glszm_features (roi, &config, table);
  stm_gldzm_features (roi, &config, table);
  g_assert_cmpfloat (stm_feature_table_find (table, "48P8", STM_AGG_3D_TEXTURE)->value, ==, 1e10);
  /* The zone touches the edge: distance 1. */
  g_assert_cmpfloat (stm_feature_table_find (table, "0GBI", STM_AGG_3D_TEXTURE)->value, ==, 1);
}

/* An empty ROI gives NaN; one voxel has zones but no neighbourhood (NGTDM NaN). */
static void
test_degenerate (void)
{
  g_autoptr(StmRoi) roi = random_roi (3, 3, 2, 1, 0, 1);
  StmRadiomicsConfig config = phantom_config ();

  memset (roi->levels, 0, 18 * sizeof (int));
  memset (roi->int_mask, 0, 18);
  memset (roi->morph_mask, 0, 18);
  roi->n_int_voxels = roi->n_morph_voxels = 0;
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(StmFeatureTable) table = stm_feature_table_new ();
      for (gsize f = 0; f < G_N_ELEMENTS (families); f++)
        families[f].func (roi, &config, table);
      g_assert_cmpuint (stm_feature_table_length (table), ==, (16 + 16 + 5 + 17) * 3);
      if (pass == 0)
        g_assert_true (isnan (stm_feature_table_find (table, "48P8", STM_AGG_25D)->value));
      else
        {
          g_assert_cmpfloat (stm_feature_table_find (table, "48P8", STM_AGG_2D)->value, ==, 1);
          g_assert_cmpfloat (stm_feature_table_find (table, "VIWW", STM_AGG_3D_TEXTURE)->value, ==, 1);
          g_assert_true (isnan (stm_feature_table_find (table, "QCDE", STM_AGG_2D)->value));
        }
      roi->levels[4] = 2;
      roi->int_mask[4] = roi->morph_mask[4] = 1;
      roi->n_int_voxels = roi->n_morph_voxels = 1;
    }
}

/* ---- edge distance -------------------------------------------------- */

static void
test_edge_distance (void)
{
  const gsize square[3] = { 7, 7, 1 }, cube[3] = { 5, 5, 5 };
  g_autofree guint8 *mask = g_new (guint8, 125);
  g_autofree guint *distance = g_new (guint, 125);

  memset (mask, 1, 125);
  stm_zones_edge_distance (mask, square, TRUE, distance);
  g_assert_cmpuint (distance[0], ==, 1);
  g_assert_cmpuint (distance[3 * 7 + 3], ==, 4);
  g_assert_cmpuint (distance[1 * 7 + 2], ==, 2);
  /* A hole beside the centre brings the centre to the edge. */
  mask[3 * 7 + 4] = 0;
  stm_zones_edge_distance (mask, square, TRUE, distance);
  g_assert_cmpuint (distance[3 * 7 + 3], ==, 1);
  g_assert_cmpuint (distance[3 * 7 + 4], ==, 0);
  /* 6-connected in 3D: the cube's centre is 3 steps in; diagonal steps do not count. */
  memset (mask, 1, 125);
  stm_zones_edge_distance (mask, cube, FALSE, distance);
  g_assert_cmpuint (distance[(2 * 5 + 2) * 5 + 2], ==, 3);
  g_assert_cmpuint (distance[(1 * 5 + 1) * 5 + 1], ==, 2);
  stm_zones_edge_distance (mask, cube, TRUE, distance);
  g_assert_cmpuint (distance[(2 * 5 + 2) * 5 + 2], ==, 3);
  g_assert_cmpuint (distance[(0 * 5 + 2) * 5 + 2], ==, 3);
}

/* ---- timings -------------------------------------------------------- */

/* CPU time of this thread in microseconds: the machine may be busy with other work. */
static gint64
cpu_time (void)
{
  struct timespec t;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * G_GINT64_CONSTANT (1000000) + t.tv_nsec / 1000;
}

static void
time_families (const StmRoi *roi, const char *what)
{
  StmRadiomicsConfig config = phantom_config ();
  gint64 total_cpu = 0, total_wall = 0;

  for (gsize f = 0; f < G_N_ELEMENTS (families); f++)
    {
      g_autoptr(StmFeatureTable) table = stm_feature_table_new ();
      gint64 wall = g_get_monotonic_time (), cpu = cpu_time ();
      families[f].func (roi, &config, table);
      cpu = cpu_time () - cpu;
      wall = g_get_monotonic_time () - wall;
      total_cpu += cpu;
      total_wall += wall;
      g_assert_cmpuint (stm_feature_table_length (table), ==, families[f].n_rows);
      g_test_message ("%s: %s (2D, 2.5D and 3D) %.1f ms CPU, %.1f ms wall", what,
                      families[f].family, cpu / 1e3, wall / 1e3);
    }
  g_test_message ("%s: GLSZM + GLDZM + NGTDM + NGLDM %.1f ms CPU, %.1f ms wall", what,
                  total_cpu / 1e3, total_wall / 1e3);
}

static void
test_timing (void)
{
  g_autoptr(StmRoi) cube = random_roi (64, 64, 64, 32, 0, 64);
  g_autoptr(StmRoi) ball = random_roi (64, 64, 64, 32, 28.8, 100);
  g_autofree char *ball_name = g_strdup_printf ("%" G_GSIZE_FORMAT "-voxel ball, 32 random levels",
                                                ball->n_int_voxels);

  time_families (cube, "64^3 cube, 32 random levels");
  time_families (ball, ball_name);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize f = 0; f < G_N_ELEMENTS (families); f++)
    {
      g_autofree char *path = g_strdup_printf ("/radiomics/zones/reference/%s", families[f].family);
      g_test_add_data_func (path, &families[f], test_reference);
    }
  g_test_add_func ("/radiomics/zones/matrix/build", test_matrix_build);
  g_test_add_func ("/radiomics/zones/matrix/glszm", test_glszm_matrices);
  g_test_add_func ("/radiomics/zones/matrix/gldzm", test_gldzm_matrices);
  g_test_add_func ("/radiomics/zones/matrix/ngtdm", test_ngtdm_matrices);
  g_test_add_func ("/radiomics/zones/matrix/ngldm", test_ngldm_matrices);
  g_test_add_func ("/radiomics/zones/labels-random", test_labels_random);
  g_test_add_func ("/radiomics/zones/edge-distance", test_edge_distance);
  g_test_add_func ("/radiomics/zones/huge-zone", test_huge_zone);
  g_test_add_func ("/radiomics/zones/degenerate", test_degenerate);
  g_test_add_func ("/radiomics/zones/timing", test_timing);
  return g_test_run ();
}
