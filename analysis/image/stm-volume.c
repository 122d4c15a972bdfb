/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-volume.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

G_DEFINE_QUARK (stm-volume-error-quark, stm_volume_error)
G_DEFINE_BOXED_TYPE (StmVolume, stm_volume, stm_volume_ref, stm_volume_unref)

void
stm_geometry_init_identity (StmGeometry *geometry)
{
  memset (geometry, 0, sizeof *geometry);
  for (int a = 0; a < 3; a++)
    {
      geometry->spacing[a] = 1.0;
      geometry->axes[a][a] = 1.0;
    }
}

void
stm_geometry_voxel_to_lps (const StmGeometry *geometry,
                           const double       voxel[3],
                           double             lps[3])
{
  for (int r = 0; r < 3; r++)
    {
      lps[r] = geometry->origin[r];
      for (int a = 0; a < 3; a++)
        lps[r] += voxel[a] * geometry->spacing[a] * geometry->axes[a][r];
    }
}

/* Inverts the 3x3 matrix whose columns are spacing[a] * axes[a]. */
gboolean
stm_geometry_lps_to_voxel (const StmGeometry *geometry,
                           const double       lps[3],
                           double             voxel[3])
{
  double m[3][3], d[3];

  for (int r = 0; r < 3; r++)
    {
      d[r] = lps[r] - geometry->origin[r];
      for (int a = 0; a < 3; a++)
        m[r][a] = geometry->spacing[a] * geometry->axes[a][r];
    }

  double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
             - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
             + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  if (fabs (det) < 1e-12)
    return FALSE;

  for (int a = 0; a < 3; a++)
    {
      double c[3][3];
      memcpy (c, m, sizeof c);
      for (int r = 0; r < 3; r++)
        c[r][a] = d[r];
      voxel[a] = (c[0][0] * (c[1][1] * c[2][2] - c[1][2] * c[2][1])
                - c[0][1] * (c[1][0] * c[2][2] - c[1][2] * c[2][0])
                + c[0][2] * (c[1][0] * c[2][1] - c[1][1] * c[2][0])) / det;
    }
  return TRUE;
}

static gsize
format_bytes (StmVoxelFormat format)
{
  return format == STM_VOXEL_RGB8 ? 3 : sizeof (float);
}

gboolean
stm_volume_size_bytes (StmVoxelFormat format,
                       gsize          nx,
                       gsize          ny,
                       gsize          nz,
                       gsize         *out_bytes)
{
  gsize plane, voxels, bytes;

  if (!g_size_checked_mul (&plane, nx, ny) ||
      !g_size_checked_mul (&voxels, plane, nz) ||
      !g_size_checked_mul (&bytes, voxels, format_bytes (format)))
    return FALSE;
  *out_bytes = bytes;
  return TRUE;
}

/*
 * Large volumes go on 2 MiB-aligned memory marked for transparent huge
 * pages: filling a 300 MiB CT volume then takes a few hundred page faults
 * instead of 80,000, which was most of the loading time. free() releases it.
 */
static gpointer
allocate_voxels (gsize bytes)
{
  const gsize huge = 2 << 20;
  gpointer data = NULL;

  if (bytes < huge)
    return g_try_malloc0 (bytes);
  if (posix_memalign (&data, huge, bytes) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  madvise (data, bytes, MADV_HUGEPAGE);
#endif
  memset (data, 0, bytes);
  return data;
}

StmVolume *
stm_volume_new (StmVoxelFormat format,
                gsize          nx,
                gsize          ny,
                gsize          nz,
                guint64        max_bytes,
                GError       **error)
{
  gsize bytes;

  if (nx == 0 || ny == 0 || nz == 0)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID,
                   _("The image has no pixels (%zu x %zu x %zu)."), nx, ny, nz);
      return NULL;
    }
  if (!stm_volume_size_bytes (format, nx, ny, nz, &bytes) || bytes > max_bytes)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE,
                   _("The image is too large to load (%zu x %zu x %zu voxels, limit %llu MiB)."),
                   nx, ny, nz, (unsigned long long) (max_bytes >> 20));
      return NULL;
    }

  gpointer data = allocate_voxels (bytes);
  if (data == NULL)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE,
                   _("There is not enough memory to load this image (%zu MiB)."), bytes >> 20);
      return NULL;
    }

  StmVolume *volume = g_new0 (StmVolume, 1);
  volume->ref_count = 1;
  volume->format = format;
  volume->dims[0] = nx;
  volume->dims[1] = ny;
  volume->dims[2] = nz;
  volume->data = data;
  stm_geometry_init_identity (&volume->geometry);
  return volume;
}

StmVolume *
stm_volume_ref (StmVolume *volume)
{
  g_return_val_if_fail (volume != NULL, NULL);
  g_atomic_int_inc (&volume->ref_count);
  return volume;
}

void
stm_volume_unref (StmVolume *volume)
{
  g_return_if_fail (volume != NULL);
  if (!g_atomic_int_dec_and_test (&volume->ref_count))
    return;
  g_free (volume->data);
  g_free (volume);
}

gsize
stm_volume_n_voxels (const StmVolume *volume)
{
  return volume->dims[0] * volume->dims[1] * volume->dims[2];
}

gsize
stm_volume_bytes_per_voxel (const StmVolume *volume)
{
  return format_bytes (volume->format);
}

gsize
stm_volume_slice_bytes (const StmVolume *volume)
{
  return volume->dims[0] * volume->dims[1] * format_bytes (volume->format);
}

gpointer
stm_volume_slice_data (const StmVolume *volume,
                       gsize            k)
{
  g_return_val_if_fail (k < volume->dims[2], NULL);
  return (guint8 *) volume->data + k * stm_volume_slice_bytes (volume);
}

float *
stm_volume_float_data (const StmVolume *volume)
{
  g_return_val_if_fail (volume->format == STM_VOXEL_FLOAT32, NULL);
  return volume->data;
}

guint8 *
stm_volume_rgb_data (const StmVolume *volume)
{
  g_return_val_if_fail (volume->format == STM_VOXEL_RGB8, NULL);
  return volume->data;
}

/*
 * Grey value of a voxel. For colour voxels this is the ITU-R BT.601 luma
 * Y = 0.299 R + 0.587 G + 0.114 B (the Y of DICOM's YBR_FULL), the
 * documented grey conversion that analysis uses on ultrasound frames.
 */
double
stm_volume_grey_at (const StmVolume *volume,
                    gsize            i,
                    gsize            j,
                    gsize            k)
{
  gsize index = (k * volume->dims[1] + j) * volume->dims[0] + i;

  if (volume->format == STM_VOXEL_FLOAT32)
    return ((const float *) volume->data)[index];

  const guint8 *rgb = (const guint8 *) volume->data + 3 * index;
  return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
}

gboolean
stm_volume_same_grid (const StmVolume *a,
                      const StmVolume *b)
{
  gboolean same = memcmp (a->dims, b->dims, sizeof a->dims) == 0;

  for (int i = 0; same && i < 3; i++)
    {
      same = fabs (a->geometry.spacing[i] - b->geometry.spacing[i]) < 1e-3 &&
             fabs (a->geometry.origin[i] - b->geometry.origin[i]) < 1e-3;
      for (int r = 0; same && r < 3; r++)
        same = fabs (a->geometry.axes[i][r] - b->geometry.axes[i][r]) < 1e-4;
    }
  return same;
}
