/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writing a NIfTI-1 single file, little-endian, as dcm2niix would: int16
 * when every voxel is a whole number in range, else float32; RGB24 for
 * colour. Both qform and sform carry the geometry (code 1, scanner). The
 * file is written beside its final name and renamed into place, so a
 * failed write never leaves half a file under that name.
 */
#include "stm-nifti-private.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHUNK_VOXELS (((gsize) 1) << 20)

/*
 * deflate level 1: on a synthetic 512 x 512 x 300 CT (int16) it gives
 * 23.6 MiB against 22.7 MiB at the default level 6, in about 1 s against
 * 10 s; the air and the int16 high bytes do most of the work.
 */
#define GZ_WRITE_MODE "wb1"

typedef struct
{
  char   *path;
  char   *tmp_path;
  gzFile  gz;
  FILE   *fp;
} NiftiSink;

static char *
display_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  return g_filename_display_name (base);
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          errnum)
{
  g_autofree char *name = display_name (path);

  g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_IO,
               _("Could not write “%s”: %s."), name, g_strerror (errnum));
}

static gboolean
path_wants_gzip (const char *path)
{
  gsize len = strlen (path);

  return len >= 3 && g_ascii_strcasecmp (path + len - 3, ".gz") == 0;
}

static gboolean
sink_open (NiftiSink   *sink,
           const char  *path,
           GError     **error)
{
  int fd;

  errno = 0;
  sink->tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (sink->tmp_path, O_WRONLY, 0666);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      g_clear_pointer (&sink->tmp_path, g_free);
      return FALSE;
    }

  if (path_wants_gzip (path))
    {
      sink->gz = gzdopen (fd, GZ_WRITE_MODE);
      if (sink->gz != NULL)
        gzbuffer (sink->gz, 1024 * 1024);
    }
  else
    sink->fp = fdopen (fd, "wb");

  if (sink->gz == NULL && sink->fp == NULL)
    {
      set_write_error (error, path, errno != 0 ? errno : ENOMEM);
      g_close (fd, NULL);
      g_unlink (sink->tmp_path);
      g_clear_pointer (&sink->tmp_path, g_free);
      return FALSE;
    }
  sink->path = g_strdup (path);
  return TRUE;
}

static gboolean
sink_write (NiftiSink   *sink,
            const void  *data,
            gsize        length,
            GError     **error)
{
  const char *bytes = data;

  if (sink->fp != NULL)
    {
      if (fwrite (data, 1, length, sink->fp) == length)
        return TRUE;
      set_write_error (error, sink->path, errno != 0 ? errno : EIO);
      return FALSE;
    }

  while (length > 0)
    {
      unsigned part = (unsigned) MIN (length, ((gsize) 1) << 30);

      if (gzwrite (sink->gz, bytes, part) != (int) part)
        {
          int saved = errno, code;

          gzerror (sink->gz, &code);
          if (code == Z_ERRNO)
            set_write_error (error, sink->path, saved);
          else
            g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_IO,
                         _("Could not compress the NIfTI file (%s)."),
                         _stm_nifti_zlib_message (sink->gz));
          return FALSE;
        }
      bytes += part;
      length -= part;
    }
  return TRUE;
}

/* Closes the sink; on success so far, moves the file into place. */
static gboolean
sink_close (NiftiSink  *sink,
            gboolean    ok,
            GError    **error)
{
  int errnum = 0;

  if (sink->gz != NULL && gzclose (sink->gz) != Z_OK)
    errnum = errno != 0 ? errno : EIO;
  if (sink->fp != NULL && fclose (sink->fp) != 0)
    errnum = errno;
  sink->gz = NULL;
  sink->fp = NULL;

  if (ok && errnum != 0)
    {
      set_write_error (error, sink->path, errnum);
      ok = FALSE;
    }
  if (ok && g_rename (sink->tmp_path, sink->path) != 0)
    {
      set_write_error (error, sink->path, errno);
      ok = FALSE;
    }
  if (!ok && sink->tmp_path != NULL)
    g_unlink (sink->tmp_path);

  g_clear_pointer (&sink->tmp_path, g_free);
  g_clear_pointer (&sink->path, g_free);
  return ok;
}

/* Whether int16 holds every voxel exactly (NaN and infinities fail the range test). */
static gboolean
fits_int16 (const float *values,
            gsize        n)
{
  for (gsize i = 0; i < n; i++)
    {
      float v = values[i];

      if (!(v >= -32768.0f && v <= 32767.0f) || v != (float) (gint16) v)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_writable (const StmVolume  *volume,
                GError          **error)
{
  const StmGeometry *g = &volume->geometry;

  for (int a = 0; a < 3; a++)
    {
      if (volume->dims[a] == 0 || volume->dims[a] > G_MAXINT16)
        {
          g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                       _("This image cannot be saved as NIfTI-1: it is %zu x %zu x %zu voxels, "
                         "and NIfTI-1 allows 1 to 32767 along each side."),
                       volume->dims[0], volume->dims[1], volume->dims[2]);
          return FALSE;
        }
      if (!isfinite (g->spacing[a]) || g->spacing[a] <= 0.0 || !isfinite (g->origin[a]) ||
          !isfinite (g->axes[a][0]) || !isfinite (g->axes[a][1]) || !isfinite (g->axes[a][2]))
        {
          g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                       _("This image cannot be saved as NIfTI: its position or voxel size "
                         "in the patient is not valid."));
          return FALSE;
        }
    }
  return TRUE;
}

/*
 * The header keeps b, c, d as float32 and readers derive
 * a = sqrt (1 - b² - c² - d²), which is ill-conditioned near a half turn
 * (a ≈ 0): plain rounding can turn a = 0 into a = 1e-4, a visible tilt.
 * So each of b, c, d is rounded down or up, whichever combination gives
 * back a best, keeping 1 - b² - c² - d² above -2 float32 eps (nibabel
 * refuses a qform below -3).
 */
static void
round_quatern (const double quatern[4],
               float        out[3])
{
  double best = INFINITY;

  for (int i = 0; i < 3; i++)
    out[i] = (float) quatern[i + 1];
  for (int combo = 0; combo < 27; combo++)
    {
      float f[3];
      double w2, miss;

      for (int i = 0, code = combo; i < 3; i++, code /= 3)
        {
          f[i] = (float) quatern[i + 1];
          if (code % 3 == 1)
            f[i] = nextafterf (f[i], INFINITY);
          else if (code % 3 == 2)
            f[i] = nextafterf (f[i], -INFINITY);
        }
      w2 = 1.0 - ((double) f[0] * f[0] + (double) f[1] * f[1] + (double) f[2] * f[2]);
      if (w2 < -2.0 * FLT_EPSILON)
        continue;
      miss = fabs (sqrt (MAX (w2, 0.0)) - quatern[0]);
      for (int i = 0; i < 3; i++)
        miss += fabs (f[i] - quatern[i + 1]);
      if (miss < best)
        {
          best = miss;
          memcpy (out, f, sizeof f);
        }
    }
}

static void
fill_geometry (const StmVolume *volume,
               StmNifti1Header *h)
{
  double affine[4][4], quatern[4], offset[3], pixdim[3], qfac;
  float bcd[3] = { 0, 0, 0 };

  stm_nifti_affine_from_geometry (&volume->geometry, affine);
  _stm_nifti_affine_to_quatern (affine, quatern, offset, pixdim, &qfac);
  round_quatern (quatern, bcd);

  h->qform_code = 1;
  h->sform_code = 1;
  h->pixdim[0] = (float) qfac;
  for (int i = 0; i < 3; i++)
    h->pixdim[i + 1] = (float) pixdim[i];
  h->quatern_b = bcd[0];
  h->quatern_c = bcd[1];
  h->quatern_d = bcd[2];
  h->qoffset_x = (float) offset[0];
  h->qoffset_y = (float) offset[1];
  h->qoffset_z = (float) offset[2];
  for (int c = 0; c < 4; c++)
    {
      h->srow_x[c] = (float) affine[0][c];
      h->srow_y[c] = (float) affine[1][c];
      h->srow_z[c] = (float) affine[2][c];
    }
}

static void
fill_header (const StmVolume *volume,
             int              datatype,
             StmNifti1Header *h)
{
  memset (h, 0, sizeof *h);
  h->sizeof_hdr = STM_NIFTI1_HEADER_SIZE;
  h->regular = 'r';
  h->dim[0] = 3;
  for (int i = 1; i < 8; i++)
    h->dim[i] = i <= 3 ? (gint16) volume->dims[i - 1] : 1;
  h->datatype = (gint16) datatype;
  h->bitpix = datatype == STM_NIFTI_TYPE_INT16 ? 16 : datatype == STM_NIFTI_TYPE_RGB24 ? 24 : 32;
  for (int i = 4; i < 8; i++)
    h->pixdim[i] = 1.0f;
  h->vox_offset = STM_NIFTI1_VOX_OFFSET;
  h->scl_slope = datatype == STM_NIFTI_TYPE_RGB24 ? 0.0f : 1.0f;
  h->scl_inter = 0.0f;
  h->xyzt_units = STM_NIFTI_UNITS_MM | STM_NIFTI_UNITS_SEC;
  fill_geometry (volume, h);

  /* Frames run along z; pixdim[4] keeps their interval for our reader. */
  if (volume->frame_time_ms > 0.0 && isfinite (volume->frame_time_ms))
    {
      h->pixdim[4] = (float) (volume->frame_time_ms / 1000.0);
      g_strlcpy (h->descrip, STM_NIFTI_CINE_DESCRIP, sizeof h->descrip);
    }
  else
    g_strlcpy (h->descrip, "Stratum", sizeof h->descrip);
  memcpy (h->magic, "n+1", 4);

  if (G_BYTE_ORDER == G_BIG_ENDIAN)
    _stm_nifti_header_swap (h);
}

static gboolean
write_voxels (NiftiSink        *sink,
              const StmVolume  *volume,
              int               datatype,
              GError          **error)
{
  gsize n_voxels = stm_volume_n_voxels (volume);
  g_autofree guint8 *chunk = NULL;

  /* Colour, and float32 on a little-endian host, go out as they are. */
  if (datatype == STM_NIFTI_TYPE_RGB24 ||
      (datatype == STM_NIFTI_TYPE_FLOAT32 && G_BYTE_ORDER == G_LITTLE_ENDIAN))
    return sink_write (sink, volume->data, n_voxels * stm_volume_bytes_per_voxel (volume),
                       error);

  chunk = g_malloc (CHUNK_VOXELS * sizeof (float));
  for (gsize first = 0; first < n_voxels; first += CHUNK_VOXELS)
    {
      const float *src = (const float *) volume->data + first;
      gsize n = MIN (CHUNK_VOXELS, n_voxels - first);

      if (datatype == STM_NIFTI_TYPE_INT16)
        {
          gint16 *out = (gint16 *) (gpointer) chunk;
          for (gsize i = 0; i < n; i++)
            out[i] = GINT16_TO_LE ((gint16) src[i]);
          if (!sink_write (sink, out, n * sizeof *out, error))
            return FALSE;
        }
      else
        {
          guint32 *out = (guint32 *) (gpointer) chunk;
          memcpy (out, src, n * sizeof *out);
          for (gsize i = 0; i < n; i++)
            out[i] = GUINT32_TO_LE (out[i]);
          if (!sink_write (sink, out, n * sizeof *out, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
stm_nifti_write (const StmVolume  *volume,
                 const char       *path,
                 GError          **error)
{
  static const guint8 no_extensions[4] = { 0 };
  StmNifti1Header header;
  NiftiSink sink = { 0 };
  int datatype;
  gboolean ok;

  g_return_val_if_fail (volume != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (volume, error))
    return FALSE;

  if (volume->format == STM_VOXEL_RGB8)
    datatype = STM_NIFTI_TYPE_RGB24;
  else if (fits_int16 (volume->data, stm_volume_n_voxels (volume)))
    datatype = STM_NIFTI_TYPE_INT16;
  else
    datatype = STM_NIFTI_TYPE_FLOAT32;
  fill_header (volume, datatype, &header);

  if (!sink_open (&sink, path, error))
    return FALSE;
  ok = sink_write (&sink, &header, sizeof header, error) &&
       sink_write (&sink, no_extensions, sizeof no_extensions, error) &&
       write_voxels (&sink, volume, datatype, error);
  return sink_close (&sink, ok, error);
}
