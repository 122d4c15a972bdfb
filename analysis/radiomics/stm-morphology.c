/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The morphology family: one pass each over the mesh, its convex hull, the
 * morphological mask's voxel centres and the intensity mask, filling a
 * value per feature, then the rows in the order of the IBSI manual.
 */
#include "stm-morphology.h"

#include <lapacke.h>
#include <math.h>

#include "stm-convex-hull.h"
#include "stm-mesh.h"

#define FAMILY "morphology"
#define RANDOM_SEED 0x1B51u   /* any fixed value: sampled rows are reproducible */
#define NEAR_HALF_WIDTH 3     /* Moran and Geary above the exact limit: a 7x7x7 near field */

typedef enum
{
  VOLUME, VOXEL_VOLUME, AREA, AREA_VOLUME, COMPACTNESS_1, COMPACTNESS_2, SPH_DISPROPORTION,
  SPHERICITY, ASPHERICITY, COM_SHIFT, DIAMETER, MAJOR, MINOR, LEAST, ELONGATION, FLATNESS,
  V_DENS_AABB, A_DENS_AABB, V_DENS_AEE, A_DENS_AEE, V_DENS_HULL, A_DENS_HULL, INTEGRATED,
  MORAN_I, GEARY_C, N_FEATURES
} Feature;

static const struct
{
  const char *name, *code;
} features[N_FEATURES] = {
  [VOLUME]            = { "Volume (mesh)", "RNU0" },
  [VOXEL_VOLUME]      = { "Volume (voxel counting)", "YEKZ" },
  [AREA]              = { "Surface area (mesh)", "C0JK" },
  [AREA_VOLUME]       = { "Surface to volume ratio", "2PR5" },
  [COMPACTNESS_1]     = { "Compactness 1", "SKGS" },
  [COMPACTNESS_2]     = { "Compactness 2", "BQWJ" },
  [SPH_DISPROPORTION] = { "Spherical disproportion", "KRCK" },
  [SPHERICITY]        = { "Sphericity", "QCFX" },
  [ASPHERICITY]       = { "Asphericity", "25C7" },
  [COM_SHIFT]         = { "Centre of mass shift", "KLMA" },
  [DIAMETER]          = { "Maximum 3D diameter", "L0JK" },
  [MAJOR]             = { "Major axis length", "TDIC" },
  [MINOR]             = { "Minor axis length", "P9VJ" },
  [LEAST]             = { "Least axis length", "7J51" },
  [ELONGATION]        = { "Elongation", "Q3CK" },
  [FLATNESS]          = { "Flatness", "N17B" },
  [V_DENS_AABB]       = { "Volume density (axis-aligned bounding box)", "PBX1" },
  [A_DENS_AABB]       = { "Area density (axis-aligned bounding box)", "R59B" },
  [V_DENS_AEE]        = { "Volume density (approximate enclosing ellipsoid)", "6BDE" },
  [A_DENS_AEE]        = { "Area density (approximate enclosing ellipsoid)", "RDD2" },
  [V_DENS_HULL]       = { "Volume density (convex hull)", "R3ER" },
  [A_DENS_HULL]       = { "Area density (convex hull)", "7T7F" },
  [INTEGRATED]        = { "Integrated intensity", "99N0" },
  [MORAN_I]           = { "Moran's I index", "N365" },
  [GEARY_C]           = { "Geary's C measure", "NPT7" },
};

static void
voxel_position (const StmRoi *roi, gsize i, double p[3])
{
  gsize nx = roi->dims[0], ny = roi->dims[1];

  p[0] = (i % nx) * roi->spacing[0];
  p[1] = (i / nx % ny) * roi->spacing[1];
  p[2] = (i / (nx * ny)) * roi->spacing[2];
}

static gsize
roi_n_voxels (const StmRoi *roi)
{
  return roi->dims[0] * roi->dims[1] * roi->dims[2];
}

/* ---- mesh, bounding box and convex hull ------------------------------- */

static void
measure_aabb (const StmMesh *mesh, double v[N_FEATURES])
{
  double lo[3] = { INFINITY, INFINITY, INFINITY }, hi[3] = { -INFINITY, -INFINITY, -INFINITY };

  for (gsize i = 0; i < 3 * mesh->n_vertices; i++)
    {
      lo[i % 3] = MIN (lo[i % 3], mesh->vertices[i]);
      hi[i % 3] = MAX (hi[i % 3], mesh->vertices[i]);
    }
  double a = hi[0] - lo[0], b = hi[1] - lo[1], c = hi[2] - lo[2];
  v[V_DENS_AABB] = v[VOLUME] / (a * b * c);
  v[A_DENS_AABB] = v[AREA] / (2 * (a * b + b * c + a * c));
}

static double
max_distance (const StmMesh *mesh, const StmConvexHull *hull)
{
  double best = 0;

  for (gsize i = 0; i < hull->n_vertices; i++)
    {
      const double *p = mesh->vertices + 3 * (gsize) hull->vertices[i];
      for (gsize j = i + 1; j < hull->n_vertices; j++)
        {
          const double *q = mesh->vertices + 3 * (gsize) hull->vertices[j];
          double d = (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                     (p[2] - q[2]) * (p[2] - q[2]);
          best = MAX (best, d);
        }
    }
  return sqrt (best);
}

/* The hull is built on the vertices in half-voxel units, where they are
 * small integers and its orientation tests exact; the scaling to mm is
 * affine, so the same faces are the hull in mm. */
static void
measure_hull (const StmMesh *mesh, const double spacing[3], double v[N_FEATURES])
{
  g_autofree double *lattice = g_new (double, 3 * mesh->n_vertices);

  for (gsize i = 0; i < 3 * mesh->n_vertices; i++)
    lattice[i] = rint (2 * mesh->vertices[i] / spacing[i % 3]);
  g_autoptr(StmConvexHull) hull = stm_convex_hull_new (lattice, mesh->n_vertices);
  StmMesh surface = { mesh->vertices, mesh->n_vertices, hull->faces, hull->n_faces };

  v[DIAMETER] = max_distance (mesh, hull);
  v[V_DENS_HULL] = v[VOLUME] / stm_mesh_volume (&surface);
  v[A_DENS_HULL] = v[AREA] / stm_mesh_area (&surface);
}

static void
measure_mesh (const StmRoi *roi, double v[N_FEATURES])
{
  g_autoptr(StmMesh) mesh = stm_mesh_new_from_mask (roi->morph_mask, roi->dims, roi->spacing);
  double V, A;

  V = v[VOLUME] = stm_mesh_volume (mesh);
  A = v[AREA] = stm_mesh_area (mesh);
  v[AREA_VOLUME] = A / V;
  v[COMPACTNESS_1] = V / (sqrt (G_PI) * pow (A, 1.5));
  v[COMPACTNESS_2] = 36 * G_PI * V * V / (A * A * A);
  v[SPH_DISPROPORTION] = A / cbrt (36 * G_PI * V * V);
  v[SPHERICITY] = cbrt (36 * G_PI * V * V) / A;
  v[ASPHERICITY] = cbrt (A * A * A / (36 * G_PI * V * V)) - 1;
  measure_aabb (mesh, v);
  measure_hull (mesh, roi->spacing, v);
}

/* ---- principal component analysis ------------------------------------- */

/* Eigenvalues of the population covariance of the voxel centres, largest first. */
static void
principal_variances (const StmRoi *roi, gsize n, double lambda[3])
{
  double mean[3] = { 0 }, cov[9] = { 0 }, w[3];

  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    if (roi->morph_mask[i])
      {
        double p[3];
        voxel_position (roi, i, p);
        for (int k = 0; k < 3; k++)
          mean[k] += p[k] / n;
      }
  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    if (roi->morph_mask[i])
      {
        double p[3];
        voxel_position (roi, i, p);
        for (int r = 0; r < 3; r++)
          for (int c = r; c < 3; c++)
            cov[3 * r + c] += (p[r] - mean[r]) * (p[c] - mean[c]) / (n - 1);
      }
  if (LAPACKE_dsyev (LAPACK_ROW_MAJOR, 'N', 'U', 3, cov, 3, w) != 0)
    w[0] = w[1] = w[2] = NAN;
  for (int k = 0; k < 3; k++)
    lambda[k] = MAX (w[2 - k], 0);
}

/* Surface of the ellipsoid with semi-axes a >= b >= c: IBSI's Legendre
 * series to degree 20, with (alpha beta)^nu P_nu(x) expanded as a
 * homogeneous polynomial so that a sphere (alpha = beta = 0) is no 0/0. */
static double
ellipsoid_area (double a, double b, double c)
{
  double alpha = sqrt (1 - b * b / (a * a)), beta = sqrt (1 - c * c / (a * a));
  double s = (alpha * alpha + beta * beta) / 2, t2 = alpha * alpha * beta * beta;
  double q_prev = 1, q = s, sum = 1;

  for (int nu = 1; nu <= 20; nu++)
    {
      sum += q / (1 - 4.0 * nu * nu);
      double q_next = ((2 * nu + 1) * s * q - nu * t2 * q_prev) / (nu + 1);
      q_prev = q;
      q = q_next;
    }
  return 4 * G_PI * a * b * sum;
}

static void
measure_pca (const StmRoi *roi, gsize n, double v[N_FEATURES])
{
  double lambda[3];

  principal_variances (roi, n, lambda);
  v[MAJOR] = 4 * sqrt (lambda[0]);
  v[MINOR] = 4 * sqrt (lambda[1]);
  v[LEAST] = 4 * sqrt (lambda[2]);
  v[ELONGATION] = sqrt (lambda[1] / lambda[0]);
  v[FLATNESS] = sqrt (lambda[2] / lambda[0]);
  /* Semi-axes 2 sqrt(lambda); a point set with no extent has no ellipsoid. */
  double a = v[MAJOR] / 2, b = v[MINOR] / 2, c = v[LEAST] / 2;
  v[V_DENS_AEE] = a * b * c > 0 ? 3 * v[VOLUME] / (4 * G_PI * a * b * c) : NAN;
  v[A_DENS_AEE] = a * b * c > 0 ? v[AREA] / ellipsoid_area (a, b, c) : NAN;
}

/* ---- intensities ------------------------------------------------------ */

static void
measure_intensity (const StmRoi *roi, gsize n_morph, double v[N_FEATURES])
{
  double geom[3] = { 0 }, weighted[3] = { 0 }, total = 0;
  gsize n_int = 0;

  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    {
      double p[3];
      voxel_position (roi, i, p);
      for (int k = 0; k < 3; k++)
        {
          geom[k] += roi->morph_mask[i] ? p[k] / n_morph : 0;
          weighted[k] += roi->int_mask[i] ? p[k] * roi->intensity[i] : 0;
        }
      total += roi->int_mask[i] ? roi->intensity[i] : 0;
      n_int += roi->int_mask[i] != 0;
    }
  double shift2 = 0;
  for (int k = 0; k < 3; k++)
    shift2 += (geom[k] - weighted[k] / total) * (geom[k] - weighted[k] / total);
  v[COM_SHIFT] = n_int > 0 && total != 0 ? sqrt (shift2) : NAN;
  v[INTEGRATED] = n_int > 0 ? v[VOLUME] * total / n_int : NAN;
}

/* ---- Moran's I and Geary's C ------------------------------------------ */

typedef struct
{
  gsize   n;
  double *x, *y, *z;   /* voxel centres, mm */
  double *dv;          /* intensity minus the mean */
  double  ss;          /* sum of dv^2 */
  gsize  *at;          /* index in the ROI grid */
} Voxels;

static void
voxels_collect (const StmRoi *roi, Voxels *vox)
{
  double mean = 0;
  gsize k = 0;

  vox->n = 0;
  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    vox->n += roi->int_mask[i] != 0;
  vox->x = g_new (double, 4 * MAX (vox->n, 1));
  vox->y = vox->x + vox->n;
  vox->z = vox->y + vox->n;
  vox->dv = vox->z + vox->n;
  vox->at = g_new (gsize, MAX (vox->n, 1));
  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    if (roi->int_mask[i])
      {
        double p[3];
        voxel_position (roi, i, p);
        vox->x[k] = p[0];
        vox->y[k] = p[1];
        vox->z[k] = p[2];
        vox->dv[k] = roi->intensity[i];
        vox->at[k] = i;
        mean += roi->intensity[i];
        k++;
      }
  mean /= MAX (vox->n, 1);
  vox->ss = 0;
  for (gsize j = 0; j < vox->n; j++)
    {
      vox->dv[j] -= mean;
      vox->ss += vox->dv[j] * vox->dv[j];
    }
}

/* Sums over ordered pairs k1 != k2: of w, of w dv1 dv2 (Moran's
 * numerator) and of w (dv1 - dv2)^2 (Geary's). */
typedef struct
{
  double w, moran, geary;
} PairSums;

typedef struct
{
  double w, s, g;      /* sums of w, w dv_j, w (dv_i - dv_j)^2 */
} Row;

/* Row @i of the weight matrix over voxels @from..n-1, with w_ii = 0. */
static Row
row_sums (const Voxels *vox, gsize i, gsize from)
{
  double xi = vox->x[i], yi = vox->y[i], zi = vox->z[i], di = vox->dv[i];
  Row r = { 0, 0, 0 };

  for (gsize j = from; j < vox->n; j++)
    {
      double dx = vox->x[j] - xi, dy = vox->y[j] - yi, dz = vox->z[j] - zi;
      double d2 = dx * dx + dy * dy + dz * dz;
      double w = d2 > 0 ? 1 / sqrt (d2) : 0;
      double dd = di - vox->dv[j];
      r.w += w;
      r.s += w * vox->dv[j];
      r.g += w * dd * dd;
    }
  return r;
}

/* Each unordered pair once, then doubled. */
static PairSums
sums_exact (const Voxels *vox)
{
  PairSums p = { 0, 0, 0 };

  for (gsize i = 0; i < vox->n; i++)
    {
      Row r = row_sums (vox, i, i + 1);
      p.w += 2 * r.w;
      p.moran += 2 * vox->dv[i] * r.s;
      p.geary += 2 * r.g;
    }
  return p;
}

/* Per voxel, the sums of w and w dv_j over the voxels within
 * NEAR_HALF_WIDTH grid steps along every axis: the near field, exactly. */
static void
near_sums (const StmRoi *roi, const Voxels *vox, Row *near)
{
  gssize nx = roi->dims[0], ny = roi->dims[1], nz = roi->dims[2], h = NEAR_HALF_WIDTH;
  g_autofree gssize *slot = g_new (gssize, roi_n_voxels (roi));

  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    slot[i] = -1;
  for (gsize k = 0; k < vox->n; k++)
    slot[vox->at[k]] = k;
  for (gsize k = 0; k < vox->n; k++)
    {
      gssize x = vox->at[k] % nx, y = vox->at[k] / nx % ny, z = vox->at[k] / (nx * ny);
      near[k] = (Row) { 0, 0, 0 };
      for (gssize dz = MAX (-h, -z); dz <= MIN (h, nz - 1 - z); dz++)
        for (gssize dy = MAX (-h, -y); dy <= MIN (h, ny - 1 - y); dy++)
          for (gssize dx = MAX (-h, -x); dx <= MIN (h, nx - 1 - x); dx++)
            {
              gssize j = slot[((z + dz) * ny + y + dy) * nx + x + dx];
              if (j < 0 || (gsize) j == k)
                continue;
              double ex = dx * roi->spacing[0], ey = dy * roi->spacing[1], ez = dz * roi->spacing[2];
              double w = 1 / sqrt (ex * ex + ey * ey + ez * ez);
              near[k].w += w;
              near[k].s += w * vox->dv[j];
            }
    }
}

/*
 * Near-field sums exactly for every voxel, far-field sums from whole rows
 * of @m voxels, one drawn at random from each of m equal runs of the
 * voxels in raster order. With W_i and S_i the sums of w and w dv_j over
 * row i, the totals are sum W_i, sum dv_i S_i (Moran) and 2 sum dv_i^2 W_i
 * - 2 sum dv_i S_i (Geary). Their near parts carry the spatial correlation
 * and most of the variance between rows; only the smooth far parts are
 * scaled up from the sample. In sum dv_i^2 W_i, dv_i^2 varies far more
 * between voxels than the far W_i does and sum dv_i^2 is known, so its far
 * part is that sum times the sample's dv^2-weighted mean far W_i.
 */
static PairSums
sums_sampled (const StmRoi *roi, const Voxels *vox, gsize m)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (RANDOM_SEED);
  g_autofree Row *near = g_new (Row, vox->n);
  double w = 0, moran = 0, dv2_w = 0, far_w = 0, far_moran = 0, far_dv2_w = 0, dv2 = 0;
  double scale = (double) vox->n / m;

  near_sums (roi, vox, near);
  for (gsize i = 0; i < vox->n; i++)
    {
      w += near[i].w;
      moran += vox->dv[i] * near[i].s;
      dv2_w += vox->dv[i] * vox->dv[i] * near[i].w;
    }
  for (gsize k = 0; k < m; k++)
    {
      gsize from = k * vox->n / m, to = (k + 1) * vox->n / m;
      gsize i = from + (gsize) (g_rand_double (rand) * (to - from));
      Row r = row_sums (vox, i, 0);
      far_w += r.w - near[i].w;
      far_moran += vox->dv[i] * (r.s - near[i].s);
      far_dv2_w += vox->dv[i] * vox->dv[i] * (r.w - near[i].w);
      dv2 += vox->dv[i] * vox->dv[i];
    }
  w += scale * far_w;
  moran += scale * far_moran;
  dv2_w += dv2 > 0 ? vox->ss * far_dv2_w / dv2 : scale * far_dv2_w;
  return (PairSums) { w, moran, 2 * dv2_w - 2 * moran };
}

void
stm_morphology_autocorrelation (const StmRoi *roi,
                                gboolean      exact,
                                double       *moran_i,
                                double       *geary_c)
{
  Voxels vox;
  PairSums p;

  voxels_collect (roi, &vox);
  if (exact || vox.n <= STM_AUTOCORRELATION_EXACT_MAX_VOXELS)
    p = sums_exact (&vox);
  else
    p = sums_sampled (roi, &vox, MIN (MAX (STM_AUTOCORRELATION_PAIR_BUDGET / vox.n,
                                      STM_AUTOCORRELATION_MIN_ROWS), vox.n));
  gboolean defined = vox.n > 1 && vox.ss > 0;
  *moran_i = defined ? vox.n / p.w * p.moran / vox.ss : NAN;
  *geary_c = defined ? (vox.n - 1) / (2 * p.w) * p.geary / vox.ss : NAN;
  g_free (vox.x);
  g_free (vox.at);
}

/* ---- the family ------------------------------------------------------- */

static gsize
count_morph_voxels (const StmRoi *roi)
{
  gsize n = 0;

  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    n += roi->morph_mask[i] != 0;
  return n;
}

void
stm_morphology_features (const StmRoi    *roi,
                         StmFeatureTable *out)
{
  double v[N_FEATURES];
  gsize n = count_morph_voxels (roi);

  for (int f = 0; f < N_FEATURES; f++)
    v[f] = NAN;
  if (n > 0)
    {
      v[VOXEL_VOLUME] = n * roi->spacing[0] * roi->spacing[1] * roi->spacing[2];
      measure_mesh (roi, v);
      measure_pca (roi, n, v);
      measure_intensity (roi, n, v);
      stm_morphology_autocorrelation (roi, FALSE, &v[MORAN_I], &v[GEARY_C]);
    }
  for (int f = 0; f < N_FEATURES; f++)
    stm_feature_table_add (out, FAMILY, features[f].name, features[f].code, STM_AGG_3D, v[f]);
}
