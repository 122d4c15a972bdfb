/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading a NIfTI-1 single file. Nothing in the header is trusted: the
 * dimensions, datatype and data offset are checked, and the volume size is
 * computed without overflow and held to the caller's cap before any
 * allocation. zlib reads .nii.gz and, transparently, plain .nii.
 */
#include "stm-nifti-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define CHUNK_BYTES (((gsize) 4) << 20)

/* What a checked header says about the voxel data. */
typedef struct
{
  gboolean       swap;
  gsize          dims[3];
  int            datatype;
  gsize          type_bytes;      /* bytes per stored voxel */
  StmVoxelFormat format;
  gsize          data_bytes;      /* stored voxel data */
  gsize          volume_bytes;    /* the StmVolume we allocate */
  gsize          vox_offset;
  gboolean       scale;
  double         slope;
  double         inter;
} NiftiLayout;

static char *
display_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  return g_filename_display_name (base);
}

static const char *
datatype_description (int datatype)
{
  switch (datatype)
    {
    case STM_NIFTI_TYPE_BINARY:
      return _("1-bit values");
    case STM_NIFTI_TYPE_COMPLEX64:
    case STM_NIFTI_TYPE_COMPLEX128:
    case STM_NIFTI_TYPE_COMPLEX256:
      return _("complex numbers");
    case STM_NIFTI_TYPE_FLOAT128:
      return _("128-bit floating-point numbers");
    case STM_NIFTI_TYPE_RGBA32:
      return _("RGBA colour");
    default:
      return NULL;
    }
}

/* Bytes per voxel of the datatypes we read, or 0. */
static gsize
datatype_bytes (int datatype)
{
  switch (datatype)
    {
    case STM_NIFTI_TYPE_UINT8:
    case STM_NIFTI_TYPE_INT8:
      return 1;
    case STM_NIFTI_TYPE_INT16:
    case STM_NIFTI_TYPE_UINT16:
      return 2;
    case STM_NIFTI_TYPE_RGB24:
      return 3;
    case STM_NIFTI_TYPE_INT32:
    case STM_NIFTI_TYPE_UINT32:
    case STM_NIFTI_TYPE_FLOAT32:
      return 4;
    case STM_NIFTI_TYPE_FLOAT64:
    case STM_NIFTI_TYPE_INT64:
    case STM_NIFTI_TYPE_UINT64:
      return 8;
    default:
      return 0;
    }
}

static gboolean
check_identity (StmNifti1Header  *h,
                NiftiLayout      *layout,
                GError          **error)
{
  gint32 swapped = (gint32) GUINT32_SWAP_LE_BE ((guint32) h->sizeof_hdr);

  if (h->sizeof_hdr != STM_NIFTI1_HEADER_SIZE && swapped == STM_NIFTI1_HEADER_SIZE)
    {
      _stm_nifti_header_swap (h);
      layout->swap = TRUE;
    }
  if (h->sizeof_hdr == 540 || swapped == 540)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                   _("This is a NIfTI-2 file; Stratum opens NIfTI-1 files only."));
      return FALSE;
    }
  if (h->sizeof_hdr != STM_NIFTI1_HEADER_SIZE)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                   _("This file is not a NIfTI image (its header size is wrong)."));
      return FALSE;
    }
  if (memcmp (h->magic, "ni1", 4) == 0)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                   _("This is the header of a two-file NIfTI pair (.hdr and .img); "
                     "Stratum opens single-file .nii and .nii.gz images."));
      return FALSE;
    }
  if (memcmp (h->magic, "n+1", 4) != 0)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                   _("This file is not a NIfTI-1 image (it has no NIfTI signature); "
                     "it may be an old ANALYZE file, which Stratum does not open."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_dims (const StmNifti1Header  *h,
            NiftiLayout            *layout,
            GError                **error)
{
  int ndim = h->dim[0];

  if (ndim < 1 || ndim > 7)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                   _("The NIfTI header is damaged: it gives %d dimensions "
                     "(a valid file has 1 to 7)."), ndim);
      return FALSE;
    }
  for (int i = 1; i <= ndim; i++)
    if (h->dim[i] <= 0)
      {
        g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                     _("The NIfTI header is damaged: dimension %d has size %d."), i, h->dim[i]);
        return FALSE;
      }
  if (ndim == 1)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                   _("This NIfTI file holds a one-dimensional signal, not an image."));
      return FALSE;
    }
  if (ndim >= 4 && h->dim[4] > 1)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                   _("This NIfTI file holds a series of %d volumes (4D); "
                     "Stratum opens a single 3D volume only."), h->dim[4]);
      return FALSE;
    }
  for (int i = 5; i <= ndim; i++)
    if (h->dim[i] > 1)
      {
        g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                     _("This NIfTI file holds %d values per voxel (vectors or tensors); "
                       "Stratum opens plain 3D images only."), h->dim[i]);
        return FALSE;
      }

  for (int i = 0; i < 3; i++)
    layout->dims[i] = i < ndim ? (gsize) h->dim[i + 1] : 1;
  return TRUE;
}

static gboolean
check_datatype (const StmNifti1Header  *h,
                NiftiLayout            *layout,
                GError                **error)
{
  const char *what;

  layout->datatype = h->datatype;
  layout->type_bytes = datatype_bytes (h->datatype);
  if (layout->type_bytes != 0)
    {
      layout->format = h->datatype == STM_NIFTI_TYPE_RGB24 ? STM_VOXEL_RGB8 : STM_VOXEL_FLOAT32;
      return TRUE;
    }

  what = datatype_description (h->datatype);
  if (what != NULL)
    g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED,
                 _("This NIfTI file stores its voxels as %s, which Stratum cannot open."), what);
  else
    g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                 _("The NIfTI header is damaged: its data type code %d is unknown."),
                 h->datatype);
  return FALSE;
}

static gboolean
check_sizes (const StmNifti1Header  *h,
             NiftiLayout            *layout,
             guint64                 max_bytes,
             GError                **error)
{
  const gsize *d = layout->dims;
  gsize voxels;
  double offset = h->vox_offset;

  if (!g_size_checked_mul (&voxels, d[0], d[1]) ||
      !g_size_checked_mul (&voxels, voxels, d[2]) ||
      !g_size_checked_mul (&layout->data_bytes, voxels, layout->type_bytes) ||
      !stm_volume_size_bytes (layout->format, d[0], d[1], d[2], &layout->volume_bytes) ||
      layout->volume_bytes > max_bytes)
    {
      g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_TOO_LARGE,
                   _("The image is too large to open (%zu x %zu x %zu voxels; "
                     "the limit is %s)."), d[0], d[1], d[2], limit);
      return FALSE;
    }

  /* Voxels start after the header and the 4-byte extension flag. */
  if (!isfinite (offset) || offset < STM_NIFTI1_VOX_OFFSET || offset > (double) G_MAXINT32 ||
      offset != floor (offset))
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                   _("The NIfTI header is damaged: the voxel data would start at byte %g, "
                     "which is not a valid position."), offset);
      return FALSE;
    }
  layout->vox_offset = (gsize) offset;
  return TRUE;
}

/* Intensity scaling as nibabel applies it: only for a finite, non-zero slope. */
static gboolean
check_scaling (const StmNifti1Header  *h,
               NiftiLayout            *layout,
               GError                **error)
{
  double slope = h->scl_slope, inter = h->scl_inter;

  layout->scale = FALSE;
  if (layout->format == STM_VOXEL_RGB8 || slope == 0.0 || !isfinite (slope))
    return TRUE;
  if (!isfinite (inter))
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                   _("The NIfTI header is damaged: its intensity offset (scl_inter) "
                     "is not a number."));
      return FALSE;
    }
  layout->slope = slope;
  layout->inter = inter;
  layout->scale = slope != 1.0 || inter != 0.0;
  return TRUE;
}

static gboolean
check_header (StmNifti1Header  *h,
              NiftiLayout      *layout,
              guint64           max_bytes,
              GError          **error)
{
  return check_identity (h, layout, error) &&
         check_dims (h, layout, error) &&
         check_datatype (h, layout, error) &&
         check_sizes (h, layout, max_bytes, error) &&
         check_scaling (h, layout, error);
}

/*
 * Reads up to @length bytes; fewer only at the end of the data. zlib
 * reports a cut gzip stream as a short read, and damaged compressed data
 * as an error.
 */
static gboolean
read_bytes (gzFile       file,
            void        *buffer,
            gsize        length,
            gsize       *out_read,
            GError     **error)
{
  gsize done = 0;

  while (done < length)
    {
      int n = gzread (file, (char *) buffer + done, (unsigned) MIN (length - done, CHUNK_BYTES));

      if (n < 0)
        {
          int saved = errno, code;

          gzerror (file, &code);
          if (code == Z_ERRNO)
            g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_IO,
                         _("The NIfTI file could not be read: %s."), g_strerror (saved));
          else
            g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                         _("The compressed NIfTI file is damaged (%s)."),
                         _stm_nifti_zlib_message (file));
          return FALSE;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  *out_read = done;
  return TRUE;
}

static void
set_truncated (GError     **error,
               const char  *where,
               gsize        got,
               gsize        wanted)
{
  g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
               /* TRANSLATORS: %s is "header", "header extensions" or "voxel data". */
               _("The NIfTI file is truncated: it ends inside its %s "
                 "(%zu of %zu bytes are there)."), where, got, wanted);
}

/*
 * A plain file must be long enough for the data its header promises; a
 * short one is refused before the volume is allocated. (For .nii.gz the
 * length is only known once decompressed, and a short stream fails while
 * reading.)
 */
static gboolean
check_plain_length (gzFile              file,
                    const char         *path,
                    const NiftiLayout  *layout,
                    GError            **error)
{
  GStatBuf st;
  guint64 needed = (guint64) layout->vox_offset + layout->data_bytes;

  if (!gzdirect (file) || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return TRUE;
  if ((guint64) st.st_size >= needed)
    return TRUE;
  if ((guint64) st.st_size <= layout->vox_offset)
    set_truncated (error, _("header extensions"), (gsize) st.st_size, layout->vox_offset);
  else
    set_truncated (error, _("voxel data"), (gsize) st.st_size - layout->vox_offset,
                   layout->data_bytes);
  return FALSE;
}

static gboolean
skip_extensions (gzFile              file,
                 const NiftiLayout  *layout,
                 GError            **error)
{
  gsize remaining = layout->vox_offset - STM_NIFTI1_HEADER_SIZE;
  gsize total = remaining;
  guint8 scratch[4096];

  while (remaining > 0)
    {
      gsize want = MIN (remaining, sizeof scratch), got;

      if (!read_bytes (file, scratch, want, &got, error))
        return FALSE;
      if (got < want)
        {
          set_truncated (error, _("header extensions"), total - remaining + got, total);
          return FALSE;
        }
      remaining -= got;
    }
  return TRUE;
}

static void
swap_in_place (guint8 *bytes,
               gsize   n,
               gsize   size)
{
  for (gsize i = 0; i < n; i++, bytes += size)
    for (gsize lo = 0, hi = size - 1; lo < hi; lo++, hi--)
      {
        guint8 t = bytes[lo];
        bytes[lo] = bytes[hi];
        bytes[hi] = t;
      }
}

/* Two plain loops, so that the compiler vectorises each. */
#define CONVERT(ctype)                                                  \
  {                                                                     \
    ctype v;                                                            \
    if (scale)                                                          \
      for (gsize i = 0; i < n; i++)                                     \
        {                                                               \
          memcpy (&v, src + i * sizeof v, sizeof v);                    \
          dst[i] = (float) ((double) v * slope + inter);                \
        }                                                               \
    else                                                                \
      for (gsize i = 0; i < n; i++)                                     \
        {                                                               \
          memcpy (&v, src + i * sizeof v, sizeof v);                    \
          dst[i] = (float) (double) v;                                  \
        }                                                               \
  }

/* Stored voxels (already in host byte order) to scaled float32. */
static void
convert_to_float (const guint8      *src,
                  gsize              n,
                  const NiftiLayout *layout,
                  float             *dst)
{
  gboolean scale = layout->scale;
  double slope = layout->slope, inter = layout->inter;

  switch (layout->datatype)
    {
    case STM_NIFTI_TYPE_UINT8:
      CONVERT (guint8);
      break;
    case STM_NIFTI_TYPE_INT8:
      CONVERT (gint8);
      break;
    case STM_NIFTI_TYPE_INT16:
      CONVERT (gint16);
      break;
    case STM_NIFTI_TYPE_UINT16:
      CONVERT (guint16);
      break;
    case STM_NIFTI_TYPE_INT32:
      CONVERT (gint32);
      break;
    case STM_NIFTI_TYPE_UINT32:
      CONVERT (guint32);
      break;
    case STM_NIFTI_TYPE_INT64:
      CONVERT (gint64);
      break;
    case STM_NIFTI_TYPE_UINT64:
      CONVERT (guint64);
      break;
    case STM_NIFTI_TYPE_FLOAT32:
      CONVERT (float);
      break;
    case STM_NIFTI_TYPE_FLOAT64:
      CONVERT (double);
      break;
    default:
      g_assert_not_reached ();
    }
}

#undef CONVERT

static gboolean
read_voxels (gzFile              file,
             const NiftiLayout  *layout,
             StmVolume          *volume,
             GError            **error)
{
  gsize chunk_voxels = CHUNK_BYTES / layout->type_bytes;
  gsize n_voxels = layout->data_bytes / layout->type_bytes;
  g_autofree guint8 *chunk = g_malloc (chunk_voxels * layout->type_bytes);
  guint8 *out = volume->data;
  gsize out_size = stm_volume_bytes_per_voxel (volume);

  for (gsize first = 0; first < n_voxels; first += chunk_voxels)
    {
      gsize n = MIN (chunk_voxels, n_voxels - first);
      gsize want = n * layout->type_bytes, got;

      if (!read_bytes (file, chunk, want, &got, error))
        return FALSE;
      if (got < want)
        {
          set_truncated (error, _("voxel data"), first * layout->type_bytes + got,
                         layout->data_bytes);
          return FALSE;
        }
      if (layout->format == STM_VOXEL_RGB8)
        {
          memcpy (out + first * out_size, chunk, want);
          continue;
        }
      if (layout->swap && layout->type_bytes > 1)
        swap_in_place (chunk, n, layout->type_bytes);
      convert_to_float (chunk, n, layout, (float *) (gpointer) (out + first * out_size));
    }
  return TRUE;
}

/*
 * zlib checks a gzip stream's CRC and length only at its end, so read one
 * byte past the voxels: a cut or corrupted trailer is caught here rather
 * than passed over. Bytes after the voxels are harmless.
 */
static gboolean
check_stream_end (gzFile   file,
                  GError **error)
{
  guint8 byte;
  gsize got;
  int code;

  if (gzdirect (file))
    return TRUE;
  if (!read_bytes (file, &byte, 1, &got, error))
    return FALSE;
  gzerror (file, &code);
  if (got == 0 && code == Z_BUF_ERROR)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT,
                   _("The NIfTI file is truncated: its compressed data ends early."));
      return FALSE;
    }
  return TRUE;
}

static StmVolume *
read_stream (gzFile       file,
             const char  *path,
             guint64      max_bytes,
             GError     **error)
{
  StmNifti1Header header;
  NiftiLayout layout = { 0 };
  g_autoptr(StmVolume) volume = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize got;

  if (!read_bytes (file, &header, sizeof header, &got, error))
    return NULL;
  if (got == 0 && g_stat (path, &st) == 0 && st.st_size == 0)
    {
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT, _("The file is empty."));
      return NULL;
    }
  if (got < sizeof header)
    {
      set_truncated (error, _("header"), got, sizeof header);
      return NULL;
    }
  if (!check_header (&header, &layout, max_bytes, error) ||
      !check_plain_length (file, path, &layout, error) ||
      !skip_extensions (file, &layout, error))
    return NULL;

  volume = stm_volume_new (layout.format, layout.dims[0], layout.dims[1], layout.dims[2],
                           max_bytes, &local_error);
  if (volume == NULL)
    {
      g_set_error_literal (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_TOO_LARGE,
                           local_error->message);
      return NULL;
    }
  if (!read_voxels (file, &layout, volume, error) ||
      !check_stream_end (file, error))
    return NULL;

  _stm_nifti_header_geometry (&header, &volume->geometry);
  volume->frame_time_ms = _stm_nifti_header_frame_time_ms (&header);
  return g_steal_pointer (&volume);
}

StmVolume *
stm_nifti_read (const char  *path,
                guint64      max_bytes,
                GError     **error)
{
  gzFile file;
  StmVolume *volume;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  errno = 0;
  file = gzopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;
      g_autofree char *name = display_name (path);
      g_set_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_IO,
                   _("Could not open “%s”: %s."), name,
                   saved != 0 ? g_strerror (saved) : _("out of memory"));
      return NULL;
    }
  gzbuffer (file, 256 * 1024);

  volume = read_stream (file, path, max_bytes, error);
  gzclose (file);
  return volume;
}
