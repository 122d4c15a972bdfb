/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Morphology: the IBSI digital phantom's 25 reference rows; the mesh's
 * closedness and orientation on random masks; the convex hull on random
 * points; closed forms for a voxel box; a voxelised sphere; translation
 * invariance; Moran's I and Geary's C by hand, by FFT against every pair,
 * and the sampled estimate against the exact value; and the time on a
 * 100 000-voxel sphere.
 */
#include "radiomics-test-support.h"
#include "stm-convex-hull.h"
#include "stm-mesh.h"
#include "stm-morphology.h"

#include <math.h>
#include <string.h>

#define FAMILY "morphology"

/* An nx x ny x nz ROI, empty; fill the morphological mask and the
 * intensities, then call roi_finish(). */
static StmRoi *
roi_new (gsize nx, gsize ny, gsize nz, double sx, double sy, double sz)
{
  StmRoi *roi = g_new0 (StmRoi, 1);
  gsize n = nx * ny * nz;

  roi->dims[0] = nx;
  roi->dims[1] = ny;
  roi->dims[2] = nz;
  roi->spacing[0] = sx;
  roi->spacing[1] = sy;
  roi->spacing[2] = sz;
  roi->intensity = g_new0 (float, n);
  roi->morph_mask = g_new0 (guint8, n);
  roi->int_mask = g_new0 (guint8, n);
  roi->levels = g_new0 (int, n);
  roi->ivh_levels = g_new0 (int, n);
  return roi;
}

/* Intensity mask = morphological mask, as without re-segmentation. */
static void
roi_finish (StmRoi *roi)
{
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];

  memcpy (roi->int_mask, roi->morph_mask, n);
  roi->n_int_voxels = roi->n_morph_voxels = 0;
  for (gsize i = 0; i < n; i++)
    roi->n_int_voxels += roi->morph_mask[i] != 0;
  roi->n_morph_voxels = roi->n_int_voxels;
}

static void
roi_set (StmRoi *roi, gsize x, gsize y, gsize z, float value)
{
  gsize i = stm_roi_index (roi, x, y, z);
  roi->morph_mask[i] = 1;
  roi->intensity[i] = value;
}

/* A ball of radius @r voxels (centres within r of the grid centre), 1 mm. */
static StmRoi *
ball_roi (double r)
{
  gsize n = 2 * (gsize) ceil (r) + 3;
  StmRoi *roi = roi_new (n, n, n, 1, 1, 1);
  double c = (n - 1) / 2.0;

  for (gsize z = 0; z < n; z++)
    for (gsize y = 0; y < n; y++)
      for (gsize x = 0; x < n; x++)
        if ((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c) <= r * r)
          roi_set (roi, x, y, z, 100 + 10 * sin (x * 0.3) + (x * 7 + y * 13 + z * 5) % 11);
  roi_finish (roi);
  return roi;
}

static double
feature (const StmFeatureTable *table, const char *code)
{
  const StmFeature *f = stm_feature_table_find (table, code, STM_AGG_3D);

  g_assert_nonnull (f);
  return f->value;
}

static StmFeatureTable *
morphology_of (const StmRoi *roi)
{
  StmFeatureTable *table = stm_feature_table_new ();
  stm_morphology_features (roi, table);
  g_assert_cmpuint (stm_feature_table_length (table), ==, 25);
  return table;
}

/* ---- the IBSI digital phantom ----------------------------------------- */

static void
test_phantom (void)
{
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  if (roi == NULL)
    return;
  g_autoptr(StmFeatureTable) table = morphology_of (roi);

  for (guint i = 0; i < stm_feature_table_length (table); i++)
    {
      const StmFeature *f = stm_feature_table_get (table, i);
      g_test_message ("%-50s %s %.6g", f->feature, f->ibsi_code, f->value);
    }
  g_assert_cmpuint (stm_test_check_reference (table, FAMILY, NULL), ==, 25);
}

/* ---- the mesh --------------------------------------------------------- */

/* Every directed edge a -> b appears once and its reverse once: the mesh
 * is closed and consistently oriented. */
static void
assert_closed_oriented (const guint32 *faces, gsize n_faces)
{
  g_autoptr(GHashTable) edges = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, 3 * n_faces);

  for (gsize f = 0; f < n_faces; f++)
    for (int k = 0; k < 3; k++)
      {
        gint64 *key = &keys[3 * f + k];
        *key = (gint64) faces[3 * f + k] << 32 | faces[3 * f + (k + 1) % 3];
        g_assert_false (g_hash_table_contains (edges, key));
        g_hash_table_add (edges, key);
      }
  for (gsize i = 0; i < 3 * n_faces; i++)
    {
      gint64 reverse = (keys[i] & G_MAXUINT32) << 32 | (keys[i] >> 32);
      g_assert_true (g_hash_table_contains (edges, &reverse));
    }
}

static void
test_mesh_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int trial = 0; trial < 20; trial++)
    {
      gsize dims[3] = { g_rand_int_range (rand, 1, 9), g_rand_int_range (rand, 1, 9),
                        g_rand_int_range (rand, 1, 9) };
      double spacing[3] = { 0.7, 1.3, 2.5 };
      gsize n = dims[0] * dims[1] * dims[2];
      g_autofree guint8 *mask = g_new (guint8, n);
      gsize inside = 0;
      for (gsize i = 0; i < n; i++)
        inside += mask[i] = g_rand_double (rand) < 0.5;
      g_autoptr(StmMesh) mesh = stm_mesh_new_from_mask (mask, dims, spacing);
      assert_closed_oriented (mesh->faces, mesh->n_faces);
      /* Each voxel keeps at least its central octahedron (1/6 of it). */
      g_assert_cmpfloat (stm_mesh_volume (mesh), >=, inside * 0.7 * 1.3 * 2.5 / 6 - 1e-9);
    }
}

/* One voxel: the octahedron with vertices half a voxel from its centre. */
static void
test_mesh_single_voxel (void)
{
  guint8 mask[1] = { 1 };
  gsize dims[3] = { 1, 1, 1 };
  double spacing[3] = { 2, 2, 2 };
  g_autoptr(StmMesh) mesh = stm_mesh_new_from_mask (mask, dims, spacing);

  g_assert_cmpuint (mesh->n_vertices, ==, 6);
  g_assert_cmpuint (mesh->n_faces, ==, 8);
  g_assert_cmpfloat_with_epsilon (stm_mesh_volume (mesh), 8.0 / 6, 1e-12);
  g_assert_cmpfloat_with_epsilon (stm_mesh_area (mesh), 4 * sqrt (3), 1e-12);
}

/* ---- the convex hull -------------------------------------------------- */

/* No point lies above any face, and the hull is closed. */
static void
assert_hull_of (const double *p, gsize n, const StmConvexHull *hull)
{
  assert_closed_oriented (hull->faces, hull->n_faces);
  for (gsize f = 0; f < hull->n_faces; f++)
    {
      const double *a = p + 3 * hull->faces[3 * f], *b = p + 3 * hull->faces[3 * f + 1];
      const double *c = p + 3 * hull->faces[3 * f + 2];
      double u[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      double v[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      double nrm[3] = { u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2],
                        u[0] * v[1] - u[1] * v[0] };
      for (gsize i = 0; i < n; i++)
        {
          const double *q = p + 3 * i;
          double d = nrm[0] * (q[0] - a[0]) + nrm[1] * (q[1] - a[1]) + nrm[2] * (q[2] - a[2]);
          g_assert_cmpfloat (d, <=, 1e-9);
        }
    }
}

static void
test_hull_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (int trial = 0; trial < 10; trial++)
    {
      gsize n = 500;
      g_autofree double *p = g_new (double, 3 * n);
      gboolean lattice = trial % 2 == 0;
      for (gsize i = 0; i < 3 * n; i++)
        p[i] = lattice ? g_rand_int_range (rand, -6, 7) : g_rand_double_range (rand, -1, 1);
      /* On the lattice, the cube's corners among many points on its faces. */
      for (gsize i = 0; lattice && i < 8; i++)
        for (int k = 0; k < 3; k++)
          p[3 * (17 + 50 * i) + k] = (i >> k & 1) ? 6 : -6;
      g_autoptr(StmConvexHull) hull = stm_convex_hull_new (p, n);
      assert_hull_of (p, n, hull);
      if (lattice)
        {
          StmMesh surface = { p, n, hull->faces, hull->n_faces };
          g_assert_cmpfloat_with_epsilon (stm_mesh_volume (&surface), 12 * 12 * 12, 1e-9);
          /* Every corner is a vertex; a point on a face may be one too. */
          for (gsize i = 0; i < 8; i++)
            {
              gboolean found = FALSE;
              for (gsize k = 0; k < hull->n_vertices; k++)
                found = found || memcmp (p + 3 * hull->vertices[k], p + 3 * (17 + 50 * i),
                                         3 * sizeof (double)) == 0;
              g_assert_true (found);
            }
        }
    }
}

static void
test_hull_degenerate (void)
{
  double flat[] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0.5, 0.5, 0 };
  g_autoptr(StmConvexHull) hull = stm_convex_hull_new (flat, 5);

  g_assert_cmpuint (hull->n_faces, ==, 0);
}

/* ---- a box ------------------------------------------------------------ */

/*
 * The mesh of an a x b x c box of unit voxels cuts every edge and corner:
 * per 2x2x2 cube of voxel centres, 8 inside corners keep volume 1, 4 (a
 * face) 1/2, 2 (an edge) 1/8, 1 (a corner) 1/48; the surface is 1 per face
 * cube, sqrt(2)/2 per edge cube, sqrt(3)/8 per corner.
 */
static void
box_closed_form (double a, double b, double c, double *volume, double *area)
{
  double faces = (a - 1) * (b - 1) + (b - 1) * (c - 1) + (a - 1) * (c - 1);
  double edges = (a - 1) + (b - 1) + (c - 1);

  *volume = (a - 1) * (b - 1) * (c - 1) + faces + edges / 2 + 1.0 / 6;
  *area = 2 * faces + 4 * edges * G_SQRT2 / 2 + sqrt (3);
}

/* Every vertex is a voxel centre moved half a voxel out along one axis, so
 * the most distant pair moves out along axes k and m at opposite corners. */
static double
box_diameter (double a, double b, double c, const double spacing[3])
{
  double n[3] = { a, b, c }, best = 0;

  for (int k = 0; k < 3; k++)
    for (int m = 0; m < 3; m++)
      {
        double d2 = 0;
        for (int j = 0; j < 3; j++)
          {
            double delta = (n[j] - 1 + 0.5 * (j == k) + 0.5 * (j == m)) * spacing[j];
            d2 += delta * delta;
          }
        best = MAX (best, d2);
      }
  return sqrt (best);
}

static double
mean_intensity (const StmRoi *roi)
{
  double sum = 0;

  for (gsize i = 0; i < roi->dims[0] * roi->dims[1] * roi->dims[2]; i++)
    sum += roi->int_mask[i] ? roi->intensity[i] : 0;
  return sum / roi->n_int_voxels;
}

static StmRoi *
box_roi (gsize a, gsize b, gsize c, gsize margin, double sx, double sy, double sz)
{
  StmRoi *roi = roi_new (a + 2 * margin, b + 2 * margin, c + 2 * margin, sx, sy, sz);

  for (gsize z = 0; z < c; z++)
    for (gsize y = 0; y < b; y++)
      for (gsize x = 0; x < a; x++)
        roi_set (roi, x + margin, y + margin, z + margin, 1 + (x + y + z) % 3);
  roi_finish (roi);
  return roi;
}

static void
test_box (void)
{
  g_autoptr(StmRoi) roi = box_roi (7, 4, 3, 2, 1, 1, 1);
  g_autoptr(StmFeatureTable) t = morphology_of (roi);
  double volume, area;

  box_closed_form (7, 4, 3, &volume, &area);
  g_assert_cmpfloat_with_epsilon (feature (t, "RNU0"), volume, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "C0JK"), area, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "YEKZ"), 7 * 4 * 3, 1e-9);
  /* The box's mesh is convex: it is its own hull. */
  g_assert_cmpfloat_with_epsilon (feature (t, "R3ER"), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (feature (t, "7T7F"), 1, 1e-12);
  /* Its bounding box is the voxels' own, 7 x 4 x 3. */
  g_assert_cmpfloat_with_epsilon (feature (t, "PBX1"), volume / (7 * 4 * 3), 1e-12);
  g_assert_cmpfloat_with_epsilon (feature (t, "R59B"), area / (2 * (28 + 12 + 21)), 1e-12);
  /* n equally spaced centres have variance (n^2 - 1) / 12, here with the
   * sample covariance's N / (N - 1), N = 84 voxels. */
  g_assert_cmpfloat_with_epsilon (feature (t, "TDIC"), 4 * sqrt (48 / 12.0 * 84 / 83), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "P9VJ"), 4 * sqrt (15 / 12.0 * 84 / 83), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "7J51"), 4 * sqrt (8 / 12.0 * 84 / 83), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "Q3CK"), sqrt (15 / 48.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "N17B"), sqrt (8 / 48.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "L0JK"), box_diameter (7, 4, 3, roi->spacing), 1e-12);
  g_assert_cmpfloat_with_epsilon (feature (t, "99N0"), mean_intensity (roi) * volume, 1e-9);
}

/* Scaling the axes scales every volume by the voxel volume, and the axis
 * lengths along their axes. */
static void
test_box_anisotropic (void)
{
  g_autoptr(StmRoi) roi = box_roi (7, 4, 3, 1, 0.5, 2, 3);
  g_autoptr(StmFeatureTable) t = morphology_of (roi);
  double volume, area;

  box_closed_form (7, 4, 3, &volume, &area);
  g_assert_cmpfloat_with_epsilon (feature (t, "RNU0"), volume * 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "YEKZ"), 84 * 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "R3ER"), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (feature (t, "PBX1"), volume / 84, 1e-12);
  /* Variances 0.25 * 48/12 = 1, 4 * 15/12 = 5, 9 * 8/12 = 6, times 84 / 83. */
  g_assert_cmpfloat_with_epsilon (feature (t, "TDIC"), 4 * sqrt (6 * 84 / 83.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "P9VJ"), 4 * sqrt (5 * 84 / 83.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "7J51"), 4 * sqrt (84 / 83.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (feature (t, "L0JK"), box_diameter (7, 4, 3, roi->spacing), 1e-12);
}

/* ---- a sphere --------------------------------------------------------- */

static void
test_sphere (void)
{
  const double r = 12;
  g_autoptr(StmRoi) roi = ball_roi (r);
  g_autoptr(StmFeatureTable) t = morphology_of (roi);
  double ideal = 4 * G_PI * r * r * r / 3;

  g_test_message ("r = %g: mesh volume %.1f, voxels %.0f, ideal %.1f; sphericity %.4f; "
                  "diameter %.3f", r, feature (t, "RNU0"), feature (t, "YEKZ"), ideal,
                  feature (t, "QCFX"), feature (t, "L0JK"));
  g_assert_cmpfloat (fabs (feature (t, "RNU0") / ideal - 1), <, 0.03);
  g_assert_cmpfloat (fabs (feature (t, "RNU0") / feature (t, "YEKZ") - 1), <, 0.03);
  g_assert_cmpfloat (fabs (feature (t, "YEKZ") / ideal - 1), <, 0.02);
  g_assert_cmpfloat (feature (t, "QCFX"), >, 0.9);
  g_assert_cmpfloat (feature (t, "QCFX"), <, 1);
  g_assert_cmpfloat_with_epsilon (feature (t, "25C7"), 1 / feature (t, "QCFX") - 1, 1e-12);
  /* The most distant vertices are half a voxel beyond the outermost centres. */
  g_assert_cmpfloat_with_epsilon (feature (t, "L0JK"), 2 * r + 1, 0.05);
  /* A ball's variance along any axis is r^2 / 5. */
  g_assert_cmpfloat (fabs (feature (t, "TDIC") / (4 * r / sqrt (5)) - 1), <, 0.02);
  g_assert_cmpfloat (feature (t, "Q3CK"), >, 0.99);
  g_assert_cmpfloat (feature (t, "N17B"), >, 0.99);
  g_assert_cmpfloat (feature (t, "R3ER"), >, 0.95);
  g_assert_cmpfloat (feature (t, "R3ER"), <=, 1);
}

/* ---- translation ------------------------------------------------------ */

static StmRoi *
blob_roi (gsize margin)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  StmRoi *roi = roi_new (9 + 2 * margin, 8 + margin, 7 + 3 * margin, 0.8, 0.8, 2.5);

  for (gsize z = 0; z < 7; z++)
    for (gsize y = 0; y < 8; y++)
      for (gsize x = 0; x < 9; x++)
        {
          gboolean in = (x - 4.0) * (x - 4.0) / 16 + (y - 3.5) * (y - 3.5) / 12 +
                        (z - 3.0) * (z - 3.0) / 9 <= 1 && g_rand_double (rand) < 0.85;
          float value = g_rand_int_range (rand, -50, 200);
          if (in)
            roi_set (roi, x + margin, y + margin / 2, z + margin, value);
        }
  roi_finish (roi);
  return roi;
}

static void
test_translation (void)
{
  g_autoptr(StmRoi) a = blob_roi (0);
  g_autoptr(StmRoi) b = blob_roi (4);
  g_autoptr(StmFeatureTable) ta = morphology_of (a);
  g_autoptr(StmFeatureTable) tb = morphology_of (b);

  for (guint i = 0; i < 25; i++)
    {
      const StmFeature *fa = stm_feature_table_get (ta, i), *fb = stm_feature_table_get (tb, i);
      g_assert_cmpstr (fa->ibsi_code, ==, fb->ibsi_code);
      g_assert_true (isfinite (fa->value));
      g_assert_cmpfloat_with_epsilon (fa->value, fb->value, 1e-9 * MAX (1, fabs (fa->value)));
    }
}

/* ---- Moran's I and Geary's C ------------------------------------------ */

/* Two voxels: the only pair is anti-correlated (I = -1), and Geary's C
 * is (N - 1) / 2W * 2w (a - b)^2 / ((a - b)^2 / 2) = 1. */
static void
test_autocorrelation_pair (void)
{
  g_autoptr(StmRoi) roi = roi_new (3, 1, 1, 1.5, 1, 1);
  double moran, geary;

  roi_set (roi, 0, 0, 0, 4);
  roi_set (roi, 2, 0, 0, 10);
  roi_finish (roi);
  for (int m = STM_AUTOCORRELATION_PAIRS; m <= STM_AUTOCORRELATION_FFT; m++)
    {
      stm_morphology_autocorrelation (roi, m, &moran, &geary);
      g_assert_cmpfloat_with_epsilon (moran, -1, 1e-12);
      g_assert_cmpfloat_with_epsilon (geary, 1, 1e-12);
    }
}

/* A smooth pattern with noise on an n x n x n box, 1 x 1 x 2 mm, with
 * holes, @margin voxels from the grid's low corner. */
static StmRoi *
pattern_roi (gsize n, gsize margin)
{
  StmRoi *roi = roi_new (n + margin, n + margin + 1, n + margin, 1, 1, 2);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (gsize z = 0; z < n; z++)
    for (gsize y = 0; y < n; y++)
      for (gsize x = 0; x < n; x++)
        {
          float value = 20 * sin (x / 4.0) * cos (y / 5.0) + g_rand_double_range (rand, -5, 5);
          if ((x * 3 + y * 5 + z * 7) % 13 != 0)
            roi_set (roi, x + margin, y + margin, z + margin, value);
        }
  roi_finish (roi);
  return roi;
}

/* The convolution is the sum over pairs, to rounding. */
static void
test_autocorrelation_fft (void)
{
  g_autoptr(StmRoi) roi = pattern_roi (22, 0);
  double moran, geary, moran_pairs, geary_pairs;

  g_assert_cmpint (stm_morphology_autocorrelation (roi, STM_AUTOCORRELATION_AUTO, &moran, &geary),
                   ==, STM_AUTOCORRELATION_FFT);
  stm_morphology_autocorrelation (roi, STM_AUTOCORRELATION_PAIRS, &moran_pairs, &geary_pairs);
  g_test_message ("Moran's I %.12f (pairs %.12f), Geary's C %.12f (pairs %.12f)",
                  moran, moran_pairs, geary, geary_pairs);
  g_assert_cmpfloat_with_epsilon (moran, moran_pairs, 1e-10);
  g_assert_cmpfloat_with_epsilon (geary, geary_pairs, 1e-10);

  /* The convolution runs on the mask's own box, wherever it lies. */
  g_autoptr(StmRoi) moved = pattern_roi (22, 3);
  stm_morphology_autocorrelation (moved, STM_AUTOCORRELATION_FFT, &moran, &geary);
  g_assert_cmpfloat_with_epsilon (moran, moran_pairs, 1e-10);
  g_assert_cmpfloat_with_epsilon (geary, geary_pairs, 1e-10);
}

/* IBSI's sub-sampling approximation, against the exact values: 59 000
 * voxels, of which about 2 270 rows are drawn. */
static void
test_autocorrelation_sampled (void)
{
  g_autoptr(StmRoi) roi = pattern_roi (40, 0);
  double moran, geary, moran_exact, geary_exact, again;

  stm_morphology_autocorrelation (roi, STM_AUTOCORRELATION_SAMPLED, &moran, &geary);
  stm_morphology_autocorrelation (roi, STM_AUTOCORRELATION_FFT, &moran_exact, &geary_exact);
  g_test_message ("sampled: Moran's I %.5f (exact %.5f), Geary's C %.5f (exact %.5f)",
                  moran, moran_exact, geary, geary_exact);
  g_assert_cmpfloat (fabs (moran / moran_exact - 1), <, 0.05);
  g_assert_cmpfloat (fabs (geary / geary_exact - 1), <, 0.01);
  /* The seed is fixed. */
  stm_morphology_autocorrelation (roi, STM_AUTOCORRELATION_SAMPLED, &again, &geary);
  g_assert_cmpfloat (again, ==, moran);
}

static void
test_constant_intensity (void)
{
  g_autoptr(StmRoi) roi = box_roi (3, 3, 3, 0, 1, 1, 1);
  g_autoptr(StmFeatureTable) t = NULL;

  for (gsize i = 0; i < 27; i++)
    roi->intensity[i] = 5;
  t = morphology_of (roi);
  g_assert_true (isnan (feature (t, "N365")));
  g_assert_true (isnan (feature (t, "NPT7")));
  g_assert_cmpfloat_with_epsilon (feature (t, "KLMA"), 0, 1e-12);
}

static void
test_empty (void)
{
  g_autoptr(StmRoi) roi = roi_new (3, 3, 3, 1, 1, 1);
  g_autoptr(StmFeatureTable) t = NULL;

  roi_finish (roi);
  t = morphology_of (roi);
  for (guint i = 0; i < 25; i++)
    g_assert_true (isnan (stm_feature_table_get (t, i)->value));
}

/* ---- performance ------------------------------------------------------ */

static void
test_sphere_100k (void)
{
  g_autoptr(StmRoi) roi = ball_roi (28.8);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(StmFeatureTable) t = morphology_of (roi);
  double seconds = g_timer_elapsed (timer, NULL);

  g_test_message ("%" G_GSIZE_FORMAT " voxels: morphology in %.3f s (sphericity %.4f, "
                  "Moran's I %.4f)", roi->n_int_voxels, seconds, feature (t, "QCFX"),
                  feature (t, "N365"));
  g_assert_cmpuint (roi->n_int_voxels, >, 99000);
  g_assert_cmpfloat (fabs (feature (t, "RNU0") / feature (t, "YEKZ") - 1), <, 0.02);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/morphology/phantom", test_phantom);
  g_test_add_func ("/morphology/mesh/random", test_mesh_random);
  g_test_add_func ("/morphology/mesh/single-voxel", test_mesh_single_voxel);
  g_test_add_func ("/morphology/hull/random", test_hull_random);
  g_test_add_func ("/morphology/hull/degenerate", test_hull_degenerate);
  g_test_add_func ("/morphology/box", test_box);
  g_test_add_func ("/morphology/box-anisotropic", test_box_anisotropic);
  g_test_add_func ("/morphology/sphere", test_sphere);
  g_test_add_func ("/morphology/translation", test_translation);
  g_test_add_func ("/morphology/autocorrelation/pair", test_autocorrelation_pair);
  g_test_add_func ("/morphology/autocorrelation/fft", test_autocorrelation_fft);
  g_test_add_func ("/morphology/autocorrelation/sampled", test_autocorrelation_sampled);
  g_test_add_func ("/morphology/constant-intensity", test_constant_intensity);
  g_test_add_func ("/morphology/empty", test_empty);
  g_test_add_func ("/morphology/sphere-100k", test_sphere_100k);
  return g_test_run ();
}
