/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The morphology family: one pass each over the mesh, its convex hull, the
 * morphological mask's voxel centres and the intensity mask, filling a
 * value per feature, then the rows in the order of the IBSI manual.
 */
#include "stm-morphology.h"

#include <complex.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "stm-convex-hull.h"
#include "stm-mesh.h"

#define FAMILY "morphology"
#define RANDOM_SEED 0x1B51u   /* any fixed value: sampled rows are reproducible */

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

/* Eigenvalues of the sample covariance (divided by n - 1, which the IBSI
 * reference values need) of the voxel centres, largest first. */
static void
principal_variances (const StmRoi *roi, gsize n, double lambda[3])
{
  double mean[3] = { 0 }, cov[9] = { 0 }, w[3], dof = n > 1 ? n - 1 : 1;

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
            cov[3 * r + c] += (p[r] - mean[r]) * (p[c] - mean[c]) / dof;
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
  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    if (roi->int_mask[i])
      {
        double p[3];
        voxel_position (roi, i, p);
        vox->x[k] = p[0];
        vox->y[k] = p[1];
        vox->z[k] = p[2];
        vox->dv[k] = roi->intensity[i];
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
sums_pairs (const Voxels *vox)
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

/*
 * Whole rows of @m voxels, one drawn at random from each of m equal runs of
 * the voxels in raster order, so the sample spreads over the ROI. With W_i
 * and S_i the sums of w and w dv_j over row i, the totals are sum W_i,
 * sum dv_i S_i (Moran) and 2 sum dv_i^2 W_i - 2 sum dv_i S_i (Geary). The
 * first two are scaled up from the sample. In the third, dv_i^2 varies far
 * more between voxels than the geometric W_i does, and sum dv_i^2 is known
 * exactly: it is estimated as that sum times the sample's dv^2-weighted
 * mean of W_i, which takes most of the sampling noise out of Geary's C.
 */
static PairSums
sums_sampled (const Voxels *vox, gsize m)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (RANDOM_SEED);
  double w = 0, moran = 0, dv2_w = 0, dv2 = 0, scale = (double) vox->n / m;

  for (gsize k = 0; k < m; k++)
    {
      gsize from = k * vox->n / m, to = (k + 1) * vox->n / m;
      gsize i = from + (gsize) (g_rand_double (rand) * (to - from));
      Row r = row_sums (vox, i, 0);
      w += r.w;
      moran += vox->dv[i] * r.s;
      dv2_w += vox->dv[i] * vox->dv[i] * r.w;
      dv2 += vox->dv[i] * vox->dv[i];
    }
  dv2_w = dv2 > 0 ? vox->ss * dv2_w / dv2 : scale * dv2_w;
  return (PairSums) { scale * w, scale * moran, 2 * dv2_w - 2 * scale * moran };
}

/* ---- the same sums exactly, by convolution ---------------------------- */

/*
 * W_i = sum_j w_ij and S_i = sum_j w_ij dv_j are the convolutions of the
 * mask and of mask * dv with the kernel 1 / |offset| (0 at the origin).
 * On a grid of at least 2n - 1 points per axis (2^a 3^b of them) the
 * circular convolution by FFT is the linear one over the ROI. The kernel
 * is real and even, so its transform is real, and one complex transform of
 * mask + i mask dv gives both convolutions as the real and imaginary parts.
 */

typedef struct
{
  gsize           n;
  double complex *roots;    /* e^(-2 pi i t / n) */
  double complex *out;
} Fft;

static void
fft_init (Fft *f, gsize n)
{
  f->n = n;
  f->roots = g_new (double complex, n);
  f->out = g_new (double complex, n);
  for (gsize t = 0; t < n; t++)
    f->roots[t] = CMPLX (cos (2 * G_PI * t / n), -sin (2 * G_PI * t / n));
}

static void
fft_clear (Fft *f)
{
  g_free (f->roots);
  g_free (f->out);
}

/* e^(-+2 pi i t / n) for t < n. */
static double complex
fft_root (const Fft *f, gsize t, gboolean inverse)
{
  return inverse ? conj (f->roots[t]) : f->roots[t];
}

/* Without the C99 Annex G care for infinities, which costs a library call
 * per product: none occur here. */
static inline double complex
cmul (double complex a, double complex b)
{
  return CMPLX (creal (a) * creal (b) - cimag (a) * cimag (b),
                creal (a) * cimag (b) + cimag (a) * creal (b));
}

/* The p-point transform (p = 2 or 3) of c[] into t[]. */
static void
fft_butterfly (const double complex *c, gsize p, double complex *t, gboolean inverse)
{
  if (p == 2)
    {
      t[0] = c[0] + c[1];
      t[1] = c[0] - c[1];
    }
  else
    {
      /* w = e^(-+2 pi i / 3): t = c0 + c1 + c2, c0 + w c1 + w^2 c2, c0 + w^2 c1 + w c2. */
      double complex half = c[0] - 0.5 * (c[1] + c[2]);
      double complex d = (inverse ? 1 : -1) * (sqrt (3) / 2) * (c[1] - c[2]);
      double complex rot = CMPLX (-cimag (d), creal (d));   /* i d */
      t[0] = c[0] + c[1] + c[2];
      t[1] = half + rot;
      t[2] = half - rot;
    }
}

/* Transform of @line in place: Stockham autosort, decimation in frequency,
 * radix 2 and 3 (n = 2^a 3^b), between @line and f->out. */
static void
fft_line (Fft *f, double complex *line, gboolean inverse)
{
  double complex *x = line, *y = f->out;
  gsize l = f->n, m = 1;

  while (l > 1)
    {
      gsize p = l % 2 == 0 ? 2 : 3;
      l /= p;
      for (gsize j = 0; j < l; j++)
        {
          double complex twiddle[3] = { 1, fft_root (f, j * m, inverse),
                                        fft_root (f, 2 * j * m % f->n, inverse) };
          for (gsize k = 0; k < m; k++)
            {
              double complex c[3], t[3];
              for (gsize r = 0; r < p; r++)
                c[r] = x[k + j * m + r * l * m];
              fft_butterfly (c, p, t, inverse);
              for (gsize q = 0; q < p; q++)
                y[k + (p * j + q) * m] = cmul (t[q], twiddle[q]);
            }
        }
      m *= p;
      double complex *swap = x;
      x = y;
      y = swap;
    }
  if (x != line)
    memcpy (line, x, f->n * sizeof (double complex));
}

/* In place along @axis of the L[0] x L[1] x L[2] grid (unscaled inverse),
 * on the lines whose other coordinates are below @extent: the rest are
 * known to be zero, or not needed. Lines across x are gathered a slab of
 * them at a time, so memory is read along x. */
static void
fft_axis (double complex *data, const gsize L[3], const gsize extent[3], int axis,
          gboolean inverse)
{
  gsize stride[3] = { 1, L[0], L[0] * L[1] };
  int other = axis == 2 ? 1 : 2;
  Fft f;

  fft_init (&f, L[axis]);
  if (axis == 0)
    {
      for (gsize z = 0; z < extent[2]; z++)
        for (gsize y = 0; y < extent[1]; y++)
          fft_line (&f, data + y * stride[1] + z * stride[2], inverse);
    }
  else
    {
      g_autofree double complex *slab = g_new (double complex, extent[0] * f.n);
      for (gsize c = 0; c < extent[other]; c++)
        {
          double complex *base = data + c * stride[other];
          for (gsize t = 0; t < f.n; t++)
            for (gsize x = 0; x < extent[0]; x++)
              slab[x * f.n + t] = base[t * stride[axis] + x];
          for (gsize x = 0; x < extent[0]; x++)
            fft_line (&f, slab + x * f.n, inverse);
          for (gsize t = 0; t < f.n; t++)
            for (gsize x = 0; x < extent[0]; x++)
              base[t * stride[axis] + x] = slab[x * f.n + t];
        }
    }
  fft_clear (&f);
}

/* Forward: data non-zero only in the box @n; inverse: needed only there. */
static void
fft_3d (double complex *data, const gsize L[3], const gsize n[3], gboolean inverse)
{
  gsize extent[3] = { n[0], n[1], n[2] };

  for (int step = 0; step < 3; step++)
    {
      /* Forward x, y, z: each pass widens the non-zero part to its axis.
       * Inverse z, y, x: each pass narrows what is needed to the box. */
      int axis = inverse ? 2 - step : step;
      if (!inverse)
        {
          fft_axis (data, L, extent, axis, FALSE);
          extent[axis] = L[axis];
        }
      else
        {
          extent[axis] = L[axis];
          for (int a = 0; a < axis; a++)
            extent[a] = L[a];
          fft_axis (data, L, extent, axis, TRUE);
          extent[axis] = n[axis];
        }
    }
}

/* The smallest 2^a 3^b >= @min. */
static gsize
fft_size (gsize min)
{
  for (gsize n = MAX (min, 1);; n++)
    {
      gsize m = n;
      while (m % 2 == 0)
        m /= 2;
      while (m % 3 == 0)
        m /= 3;
      if (m == 1)
        return n;
    }
}

/* One axis of the kernel's transform: the kernel being even along it,
 * sum over x = -(n-1)..n-1 of e^(-2 pi i k x / L) K(x) is sum over x >= 0
 * of a_x cos (2 pi k x / L) K(x), a_0 = 1, else 2, and it is even in k:
 * k = 0..L/2 suffice. @dims[axis] goes from n to L/2 + 1. */
static double *
cosine_pass (const double *in, gsize dims[3], int axis, gsize L)
{
  gsize n = dims[axis], h = L / 2 + 1;
  gsize in_stride[3] = { 1, dims[0], dims[0] * dims[1] };
  int u = (axis + 1) % 3, v = (axis + 2) % 3;
  g_autofree double *table = g_new (double, h * n);

  for (gsize k = 0; k < h; k++)
    for (gsize x = 0; x < n; x++)
      table[k * n + x] = (x > 0 ? 2 : 1) * cos (2 * G_PI * (double) (k * x % L) / L);
  dims[axis] = h;
  gsize out_stride[3] = { 1, dims[0], dims[0] * dims[1] };
  double *out = g_new (double, dims[0] * dims[1] * dims[2]);
  for (gsize b = 0; b < dims[v]; b++)
    for (gsize a = 0; a < dims[u]; a++)
      {
        const double *line = in + a * in_stride[u] + b * in_stride[v];
        for (gsize k = 0; k < h; k++)
          {
            double sum = 0;
            for (gsize x = 0; x < n; x++)
              sum += table[k * n + x] * line[x * in_stride[axis]];
            out[a * out_stride[u] + b * out_stride[v] + k * out_stride[axis]] = sum;
          }
      }
  return out;
}

/* The transform of the kernel over offsets within a box of @n voxels,
 * real and even along every axis: its values for k = 0..L/2 per axis,
 * (L[0]/2 + 1) x (L[1]/2 + 1) x (L[2]/2 + 1). */
static double *
kernel_transform (const gsize n[3], const double spacing[3], const gsize L[3])
{
  gsize dims[3] = { n[0], n[1], n[2] };
  double *k = g_new (double, dims[0] * dims[1] * dims[2]);

  for (gsize z = 0; z < dims[2]; z++)
    for (gsize y = 0; y < dims[1]; y++)
      for (gsize x = 0; x < dims[0]; x++)
        {
          double ex = x * spacing[0], ey = y * spacing[1], ez = z * spacing[2];
          double d2 = ex * ex + ey * ey + ez * ez;
          k[(z * dims[1] + y) * dims[0] + x] = d2 > 0 ? 1 / sqrt (d2) : 0;
        }
  for (int axis = 0; axis < 3; axis++)
    {
      double *next = cosine_pass (k, dims, axis, L[axis]);
      g_free (k);
      k = next;
    }
  return k;
}

/* Multiplies the transform @z by the kernel's, and by 1 / N for the inverse. */
static void
apply_kernel (double complex *z, const double *kernel, const gsize L[3])
{
  gsize h0 = L[0] / 2 + 1, h1 = L[1] / 2 + 1, total = L[0] * L[1] * L[2];

  for (gsize kz = 0; kz < L[2]; kz++)
    for (gsize ky = 0; ky < L[1]; ky++)
      {
        gsize fz = MIN (kz, L[2] - kz), fy = MIN (ky, L[1] - ky);
        const double *row = kernel + (fz * h1 + fy) * h0;
        double complex *out = z + (kz * L[1] + ky) * L[0];
        for (gsize kx = 0; kx < L[0]; kx++)
          out[kx] *= row[MIN (kx, L[0] - kx)] / total;
      }
}

/* The bounding box of the intensity mask, where the convolutions run. */
typedef struct
{
  gsize lo[3], n[3];
  gsize L[3];          /* the FFT grid: 2^a 3^b >= 2 n - 1 per axis */
} Box;

static void
box_init (Box *box, const StmRoi *roi)
{
  gsize hi[3] = { 0, 0, 0 };

  for (int a = 0; a < 3; a++)
    box->lo[a] = roi->dims[a];
  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    if (roi->int_mask[i])
      {
        gsize at[3] = { i % roi->dims[0], i / roi->dims[0] % roi->dims[1],
                        i / (roi->dims[0] * roi->dims[1]) };
        for (int a = 0; a < 3; a++)
          {
            box->lo[a] = MIN (box->lo[a], at[a]);
            hi[a] = MAX (hi[a], at[a]);
          }
      }
  for (int a = 0; a < 3; a++)
    {
      box->lo[a] = MIN (box->lo[a], hi[a]);
      box->n[a] = hi[a] - box->lo[a] + 1;
      box->L[a] = fft_size (2 * box->n[a] - 1);
    }
}

static gsize
box_points (const Box *box)
{
  return box->L[0] * box->L[1] * box->L[2];
}

/* Where ROI voxel @i sits on the FFT grid. */
static gsize
box_at (const Box *box, const StmRoi *roi, gsize i)
{
  gsize nx = roi->dims[0], ny = roi->dims[1];
  gsize x = i % nx - box->lo[0], y = i / nx % ny - box->lo[1], z = i / (nx * ny) - box->lo[2];

  return (z * box->L[1] + y) * box->L[0] + x;
}

static PairSums
sums_fft (const StmRoi *roi, const Voxels *vox, const Box *box)
{
  gsize k = 0;
  g_autofree double *kernel = kernel_transform (box->n, roi->spacing, box->L);
  g_autofree double complex *z = g_new0 (double complex, box_points (box));
  PairSums p = { 0, 0, 0 };

  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    if (roi->int_mask[i])
      z[box_at (box, roi, i)] = CMPLX (1, vox->dv[k++]);
  fft_3d (z, box->L, box->n, FALSE);
  apply_kernel (z, kernel, box->L);
  fft_3d (z, box->L, box->n, TRUE);
  k = 0;
  for (gsize i = 0; i < roi_n_voxels (roi); i++)
    if (roi->int_mask[i])
      {
        double complex c = z[box_at (box, roi, i)];
        double dv = vox->dv[k++];
        p.w += creal (c);
        p.moran += dv * cimag (c);
        p.geary += 2 * dv * dv * creal (c) - 2 * dv * cimag (c);
      }
  return p;
}

static StmAutocorrelationMethod
choose_method (gsize n, const Box *box)
{
  if (n <= STM_AUTOCORRELATION_PAIRS_MAX_VOXELS)
    return STM_AUTOCORRELATION_PAIRS;
  if (box_points (box) <= STM_AUTOCORRELATION_FFT_MAX_POINTS)
    return STM_AUTOCORRELATION_FFT;
  return STM_AUTOCORRELATION_SAMPLED;
}

StmAutocorrelationMethod
stm_morphology_autocorrelation (const StmRoi             *roi,
                                StmAutocorrelationMethod  method,
                                double                   *moran_i,
                                double                   *geary_c)
{
  Box box;
  Voxels vox;
  PairSums p;

  box_init (&box, roi);
  voxels_collect (roi, &vox);
  if (method == STM_AUTOCORRELATION_AUTO)
    method = choose_method (vox.n, &box);
  if (method == STM_AUTOCORRELATION_PAIRS)
    p = sums_pairs (&vox);
  else if (method == STM_AUTOCORRELATION_FFT)
    p = sums_fft (roi, &vox, &box);
  else
    p = sums_sampled (&vox, MIN (MAX (STM_AUTOCORRELATION_PAIR_BUDGET / MAX (vox.n, 1),
                                      STM_AUTOCORRELATION_MIN_ROWS), vox.n));
  gboolean defined = vox.n > 1 && vox.ss > 0;
  *moran_i = defined ? vox.n / p.w * p.moran / vox.ss : NAN;
  *geary_c = defined ? (vox.n - 1) / (2 * p.w) * p.geary / vox.ss : NAN;
  g_free (vox.x);
  return method;
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
      stm_morphology_autocorrelation (roi, STM_AUTOCORRELATION_AUTO, &v[MORAN_I], &v[GEARY_C]);
    }
  for (int f = 0; f < N_FEATURES; f++)
    stm_feature_table_add (out, FAMILY, features[f].name, features[f].code, STM_AGG_3D, v[f]);
}
