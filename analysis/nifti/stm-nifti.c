/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the NIfTI reader and writer share: the header layout and its byte
 * swap, the choice of a header's affine, and the conversions between a
 * StmGeometry, the RAS affine and the qform quaternion.
 */
#include "stm-nifti-private.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

G_DEFINE_QUARK (stm-nifti-error-quark, stm_nifti_error)

G_STATIC_ASSERT (sizeof (StmNifti1Header) == STM_NIFTI1_HEADER_SIZE);
G_STATIC_ASSERT (offsetof (StmNifti1Header, dim) == 40);
G_STATIC_ASSERT (offsetof (StmNifti1Header, datatype) == 70);
G_STATIC_ASSERT (offsetof (StmNifti1Header, pixdim) == 76);
G_STATIC_ASSERT (offsetof (StmNifti1Header, vox_offset) == 108);
G_STATIC_ASSERT (offsetof (StmNifti1Header, xyzt_units) == 123);
G_STATIC_ASSERT (offsetof (StmNifti1Header, descrip) == 148);
G_STATIC_ASSERT (offsetof (StmNifti1Header, qform_code) == 252);
G_STATIC_ASSERT (offsetof (StmNifti1Header, srow_x) == 280);
G_STATIC_ASSERT (offsetof (StmNifti1Header, magic) == 344);

static void
swap16 (gint16 *value)
{
  *value = (gint16) GUINT16_SWAP_LE_BE ((guint16) *value);
}

static void
swap32 (void *value)
{
  guint32 bits;

  memcpy (&bits, value, sizeof bits);
  bits = GUINT32_SWAP_LE_BE (bits);
  memcpy (value, &bits, sizeof bits);
}

static void
swap32_array (float *values,
              gsize  n)
{
  for (gsize i = 0; i < n; i++)
    swap32 (&values[i]);
}

/* Swaps every multi-byte field, whichever way the header is going. */
void
_stm_nifti_header_swap (StmNifti1Header *h)
{
  swap32 (&h->sizeof_hdr);
  swap32 (&h->extents);
  swap16 (&h->session_error);
  for (int i = 0; i < 8; i++)
    swap16 (&h->dim[i]);
  swap32 (&h->intent_p1);
  swap32 (&h->intent_p2);
  swap32 (&h->intent_p3);
  swap16 (&h->intent_code);
  swap16 (&h->datatype);
  swap16 (&h->bitpix);
  swap16 (&h->slice_start);
  swap32_array (h->pixdim, 8);
  swap32 (&h->vox_offset);
  swap32 (&h->scl_slope);
  swap32 (&h->scl_inter);
  swap16 (&h->slice_end);
  swap32 (&h->cal_max);
  swap32 (&h->cal_min);
  swap32 (&h->slice_duration);
  swap32 (&h->toffset);
  swap32 (&h->glmax);
  swap32 (&h->glmin);
  swap16 (&h->qform_code);
  swap16 (&h->sform_code);
  swap32 (&h->quatern_b);
  swap32 (&h->quatern_c);
  swap32 (&h->quatern_d);
  swap32 (&h->qoffset_x);
  swap32 (&h->qoffset_y);
  swap32 (&h->qoffset_z);
  swap32_array (h->srow_x, 4);
  swap32_array (h->srow_y, 4);
  swap32_array (h->srow_z, 4);
}

const char *
_stm_nifti_zlib_message (gzFile file)
{
  int code;
  const char *message = gzerror (file, &code);
  const char *colon = strrchr (message, ':');

  return colon != NULL && colon[1] == ' ' ? colon + 2 : message;
}

/* LPS and RAS differ by the sign of x and y. */
static const double lps_ras_sign[3] = { -1.0, -1.0, 1.0 };

void
stm_nifti_affine_from_geometry (const StmGeometry *geometry,
                                double             affine[4][4])
{
  memset (affine, 0, 16 * sizeof (double));
  for (int r = 0; r < 3; r++)
    {
      for (int a = 0; a < 3; a++)
        affine[r][a] = lps_ras_sign[r] * geometry->spacing[a] * geometry->axes[a][r];
      affine[r][3] = lps_ras_sign[r] * geometry->origin[r];
    }
  affine[3][3] = 1.0;
}

gboolean
stm_nifti_geometry_from_affine (const double  affine[4][4],
                                StmGeometry  *geometry)
{
  StmGeometry g;

  /* Every flag cleared: an affine knows its orientation and spacing. */
  stm_geometry_init_identity (&g);
  for (int a = 0; a < 3; a++)
    {
      double norm = sqrt (affine[0][a] * affine[0][a] + affine[1][a] * affine[1][a]
                          + affine[2][a] * affine[2][a]);

      if (!isfinite (norm) || norm <= 0.0 || !isfinite (affine[a][3]))
        return FALSE;
      g.spacing[a] = norm;
      for (int r = 0; r < 3; r++)
        g.axes[a][r] = lps_ras_sign[r] * affine[r][a] / norm;
      /* + 0.0 turns the -0.0 of a negated zero into 0.0. */
      g.origin[a] = lps_ras_sign[a] * affine[a][3] + 0.0;
    }
  *geometry = g;
  return TRUE;
}

/*
 * The qform of NIfTI-1 as nibabel reads it: a unit quaternion (a, b, c, d)
 * with a = sqrt (1 - b² - c² - d²), its rotation matrix, scaled by pixdim,
 * the third column times qfac. A b, c, d of norm above 1 (a damaged or
 * rounded header) gives a = 0, as in nifti1_io.
 */
static void
quatern_to_affine (double        b,
                   double        c,
                   double        d,
                   const double  offset[3],
                   const double  pixdim[3],
                   double        qfac,
                   double        affine[4][4])
{
  double a2 = 1.0 - (b * b + c * c + d * d);
  double a = a2 > 0.0 ? sqrt (a2) : 0.0;
  double n = a * a + b * b + c * c + d * d;
  double rot[3][3];

  if (n < 1e-12)
    {
      memset (rot, 0, sizeof rot);
      rot[0][0] = rot[1][1] = rot[2][2] = 1.0;
    }
  else
    {
      double s = 2.0 / n;

      rot[0][0] = 1.0 - s * (c * c + d * d);
      rot[0][1] = s * (b * c - a * d);
      rot[0][2] = s * (b * d + a * c);
      rot[1][0] = s * (b * c + a * d);
      rot[1][1] = 1.0 - s * (b * b + d * d);
      rot[1][2] = s * (c * d - a * b);
      rot[2][0] = s * (b * d - a * c);
      rot[2][1] = s * (c * d + a * b);
      rot[2][2] = 1.0 - s * (b * b + c * c);
    }

  memset (affine, 0, 16 * sizeof (double));
  for (int r = 0; r < 3; r++)
    {
      affine[r][0] = rot[r][0] * pixdim[0];
      affine[r][1] = rot[r][1] * pixdim[1];
      affine[r][2] = rot[r][2] * pixdim[2] * qfac;
      affine[r][3] = offset[r];
    }
  affine[3][3] = 1.0;
}

/* nibabel accepts the xform codes 1 to 5 and treats any other as 0. */
static gboolean
xform_code_valid (int code)
{
  return code >= 1 && code <= 5;
}

/* pixdim[1..3] as nibabel fixes them on load: absolute values, 0 -> 1. */
static void
spatial_pixdim (const StmNifti1Header *h,
                double                 pixdim[3])
{
  for (int i = 0; i < 3; i++)
    {
      pixdim[i] = fabs (h->pixdim[i + 1]);
      if (pixdim[i] == 0.0)
        pixdim[i] = 1.0;
    }
}

/*
 * nibabel's get_base_affine(): the pixdim box centred on the volume, x
 * flipped (radiological ANALYZE storage).
 */
static void
base_affine (const StmNifti1Header *h,
             double                 affine[4][4])
{
  static const double flip[3] = { -1.0, 1.0, 1.0 };
  int ndim = h->dim[0];
  double pixdim[3];

  spatial_pixdim (h, pixdim);
  memset (affine, 0, 16 * sizeof (double));
  for (int i = 0; i < 3; i++)
    {
      double size = i < ndim ? h->dim[i + 1] : 1.0;
      double zoom = i < ndim ? flip[i] * pixdim[i] : flip[i];
      affine[i][i] = zoom;
      affine[i][3] = -(size - 1.0) / 2.0 * zoom;
    }
  affine[3][3] = 1.0;
}

static void
qform_affine (const StmNifti1Header *h,
              double                 affine[4][4])
{
  double pixdim[3];
  double offset[3] = { h->qoffset_x, h->qoffset_y, h->qoffset_z };

  spatial_pixdim (h, pixdim);
  quatern_to_affine (h->quatern_b, h->quatern_c, h->quatern_d, offset, pixdim,
                     h->pixdim[0] < 0.0f ? -1.0 : 1.0, affine);
}

static void
sform_affine (const StmNifti1Header *h,
              double                 affine[4][4])
{
  const float *rows[3] = { h->srow_x, h->srow_y, h->srow_z };

  memset (affine, 0, 16 * sizeof (double));
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 4; c++)
      affine[r][c] = rows[r][c];
  affine[3][3] = 1.0;
}

/*
 * nibabel's get_best_affine(): sform, else qform, else the pixdim box. A
 * degenerate matrix (a zero or infinite column) cannot place voxels, so we
 * fall through to the next one where nibabel would keep it.
 */
void
_stm_nifti_header_geometry (const StmNifti1Header *h,
                            StmGeometry           *geometry)
{
  double affine[4][4];

  if (xform_code_valid (h->sform_code))
    {
      sform_affine (h, affine);
      if (stm_nifti_geometry_from_affine (affine, geometry))
        return;
    }
  if (xform_code_valid (h->qform_code))
    {
      qform_affine (h, affine);
      if (stm_nifti_geometry_from_affine (affine, geometry))
        return;
    }
  base_affine (h, affine);
  if (!stm_nifti_geometry_from_affine (affine, geometry))
    stm_geometry_init_identity (geometry);
}

/* pixdim[4] of a cine we wrote, in milliseconds; 0 for any other file. */
double
_stm_nifti_header_frame_time_ms (const StmNifti1Header *h)
{
  double scale;

  if (strncmp (h->descrip, STM_NIFTI_CINE_DESCRIP, strlen (STM_NIFTI_CINE_DESCRIP)) != 0 ||
      !isfinite (h->pixdim[4]) || h->pixdim[4] <= 0.0f)
    return 0.0;
  switch (h->xyzt_units & 0x38)
    {
    case STM_NIFTI_UNITS_MSEC:
      scale = 1.0;
      break;
    case STM_NIFTI_UNITS_USEC:
      scale = 1e-3;
      break;
    default:
      scale = 1e3;
      break;
    }
  return h->pixdim[4] * scale;
}

static double
mat33_determinant (const double m[3][3])
{
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
       - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
       + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

static void
mat33_inverse (const double m[3][3],
               double       inv[3][3])
{
  double det = mat33_determinant (m);

  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++)
      {
        /* Cofactor of m[c][r], the transpose of the cofactor matrix. */
        int r0 = (c + 1) % 3, r1 = (c + 2) % 3;
        int c0 = (r + 1) % 3, c1 = (r + 2) % 3;
        inv[r][c] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
      }
}

/* Largest row (or, transposed, column) sum of absolute values. */
static double
mat33_row_norm (const double m[3][3],
                gboolean     transposed)
{
  double best = 0.0;

  for (int i = 0; i < 3; i++)
    {
      double sum = 0.0;
      for (int j = 0; j < 3; j++)
        sum += fabs (transposed ? m[j][i] : m[i][j]);
      best = MAX (best, sum);
    }
  return best;
}

/*
 * The orthogonal matrix closest to @m (polar decomposition by Higham's
 * scaled Newton iteration), as nifti_mat33_polar() in nifti1_io. Using it
 * rather than Gram-Schmidt keeps the qform of a sheared (gantry-tilted)
 * geometry independent of the column order.
 */
static void
mat33_polar (const double m[3][3],
             double       out[3][3])
{
  double x[3][3], y[3][3], z[3][3];
  double dif = 1.0;

  memcpy (x, m, sizeof x);
  for (int tries = 0; mat33_determinant (x) == 0.0 && tries < 100; tries++)
    {
      double nudge = 0.00001 * (0.001 + mat33_row_norm (x, FALSE));
      for (int i = 0; i < 3; i++)
        x[i][i] += nudge;
    }

  for (int k = 0; ; k++)
    {
      double gam = 1.0, gmi = 1.0;

      mat33_inverse (x, y);
      if (dif > 0.3)
        {
          double alp = sqrt (mat33_row_norm (x, FALSE) * mat33_row_norm (x, TRUE));
          double bet = sqrt (mat33_row_norm (y, FALSE) * mat33_row_norm (y, TRUE));
          gam = sqrt (bet / alp);
          gmi = 1.0 / gam;
        }
      dif = 0.0;
      for (int r = 0; r < 3; r++)
        for (int c = 0; c < 3; c++)
          {
            z[r][c] = 0.5 * (gam * x[r][c] + gmi * y[c][r]);
            dif += fabs (z[r][c] - x[r][c]);
          }
      if (k >= 100 || dif < 3e-12)
        break;
      memcpy (x, z, sizeof x);
    }
  memcpy (out, z, sizeof z);
}

/* nifti_mat44_to_quatern() of nifti1_io. */
void
_stm_nifti_affine_to_quatern (const double  affine[4][4],
                              double        quatern[4],
                              double        offset[3],
                              double        pixdim[3],
                              double       *qfac)
{
  double q[3][3], p[3][3];
  double a, b, c, d;

  for (int col = 0; col < 3; col++)
    {
      double norm = sqrt (affine[0][col] * affine[0][col] + affine[1][col] * affine[1][col]
                          + affine[2][col] * affine[2][col]);

      offset[col] = affine[col][3];
      if (norm == 0.0)
        {
          for (int r = 0; r < 3; r++)
            q[r][col] = r == col ? 1.0 : 0.0;
          norm = 1.0;
        }
      else
        {
          for (int r = 0; r < 3; r++)
            q[r][col] = affine[r][col] / norm;
        }
      pixdim[col] = norm;
    }

  mat33_polar (q, p);

  /* A left-handed grid: qfac -1 and the third column flipped. */
  if (mat33_determinant (p) > 0.0)
    *qfac = 1.0;
  else
    {
      *qfac = -1.0;
      for (int r = 0; r < 3; r++)
        p[r][2] = -p[r][2];
    }

  a = p[0][0] + p[1][1] + p[2][2] + 1.0;
  if (a > 0.5)
    {
      a = 0.5 * sqrt (a);
      b = 0.25 * (p[2][1] - p[1][2]) / a;
      c = 0.25 * (p[0][2] - p[2][0]) / a;
      d = 0.25 * (p[1][0] - p[0][1]) / a;
    }
  else
    {
      double xd = 1.0 + p[0][0] - (p[1][1] + p[2][2]);
      double yd = 1.0 + p[1][1] - (p[0][0] + p[2][2]);
      double zd = 1.0 + p[2][2] - (p[0][0] + p[1][1]);

      if (xd > 1.0)
        {
          b = 0.5 * sqrt (xd);
          c = 0.25 * (p[0][1] + p[1][0]) / b;
          d = 0.25 * (p[0][2] + p[2][0]) / b;
          a = 0.25 * (p[2][1] - p[1][2]) / b;
        }
      else if (yd > 1.0)
        {
          c = 0.5 * sqrt (yd);
          b = 0.25 * (p[0][1] + p[1][0]) / c;
          d = 0.25 * (p[1][2] + p[2][1]) / c;
          a = 0.25 * (p[0][2] - p[2][0]) / c;
        }
      else
        {
          d = 0.5 * sqrt (zd);
          b = 0.25 * (p[0][2] + p[2][0]) / d;
          c = 0.25 * (p[1][2] + p[2][1]) / d;
          a = 0.25 * (p[1][0] - p[0][1]) / d;
        }
      if (a < 0.0)
        {
          a = -a;
          b = -b;
          c = -c;
          d = -d;
        }
    }
  quatern[0] = a;
  quatern[1] = b;
  quatern[2] = c;
  quatern[3] = d;
}
