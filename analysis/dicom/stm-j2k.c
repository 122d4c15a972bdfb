/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-j2k.h"

#include <glib/gi18n.h>
#include <openjpeg.h>
#include <string.h>

#include "stm-dicom-file.h"

typedef struct
{
  const guint8 *data;
  gsize length;
  gsize position;
} MemoryStream;

static OPJ_SIZE_T
stream_read_cb (void *buffer, OPJ_SIZE_T n, void *user_data)
{
  MemoryStream *m = user_data;
  gsize left = m->length - m->position;

  if (left == 0)
    return (OPJ_SIZE_T) -1;
  n = MIN (n, left);
  memcpy (buffer, m->data + m->position, n);
  m->position += n;
  return n;
}

static OPJ_OFF_T
stream_skip_cb (OPJ_OFF_T n, void *user_data)
{
  MemoryStream *m = user_data;

  if (n < 0)
    n = -(OPJ_OFF_T) MIN ((gsize) -n, m->position);
  else
    n = (OPJ_OFF_T) MIN ((gsize) n, m->length - m->position);
  m->position += n;
  return n;
}

static OPJ_BOOL
stream_seek_cb (OPJ_OFF_T n, void *user_data)
{
  MemoryStream *m = user_data;

  if (n < 0 || (gsize) n > m->length)
    return OPJ_FALSE;
  m->position = (gsize) n;
  return OPJ_TRUE;
}

static opj_stream_t *
memory_stream_new (MemoryStream *m)
{
  opj_stream_t *stream = opj_stream_create (OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);

  opj_stream_set_user_data (stream, m, NULL);
  opj_stream_set_user_data_length (stream, m->length);
  opj_stream_set_read_function (stream, stream_read_cb);
  opj_stream_set_skip_function (stream, stream_skip_cb);
  opj_stream_set_seek_function (stream, stream_seek_cb);
  return stream;
}

static gboolean
check_components (const opj_image_t *image, guint columns, guint rows, guint samples,
                  GError **error)
{
  if (image->numcomps != samples)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("The JPEG 2000 image has %u components where the file declares %u."),
                   image->numcomps, samples);
      return FALSE;
    }
  for (guint c = 0; c < samples; c++)
    if (image->comps[c].w != columns || image->comps[c].h != rows ||
        image->comps[c].data == NULL)
      {
        g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                     _("The JPEG 2000 image is %u x %u where the file declares %u x %u."),
                     image->comps[c].w, image->comps[c].h, columns, rows);
        return FALSE;
      }
  return TRUE;
}

static void
store_samples (const opj_image_t *image, guint samples, guint bits_allocated, guint8 *out,
               gsize n_pixels)
{
  for (gsize p = 0; p < n_pixels; p++)
    for (guint c = 0; c < samples; c++)
      {
        gint32 v = image->comps[c].data[p];
        gsize index = p * samples + c;
        if (bits_allocated == 8)
          out[index] = (guint8) v;
        else if (bits_allocated == 16)
          ((guint16 *) out)[index] = (guint16) v;
        else
          ((guint32 *) out)[index] = (guint32) v;
      }
}

gboolean
stm_j2k_decode (const guint8 *data,
                gsize         length,
                guint         columns,
                guint         rows,
                guint         samples,
                guint         bits_allocated,
                guint8       *out,
                gsize         out_size,
                GError      **error)
{
  MemoryStream m = { data, length, 0 };
  gboolean jp2 = length >= 12 && memcmp (data + 4, "jP  ", 4) == 0;
  opj_codec_t *codec = opj_create_decompress (jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  opj_stream_t *stream = memory_stream_new (&m);
  opj_image_t *image = NULL;
  opj_dparameters_t params;
  gboolean ok = FALSE;
  gsize n_pixels = (gsize) columns * rows;

  opj_set_default_decoder_parameters (&params);
  if (n_pixels * samples * (bits_allocated / 8) > out_size)
    g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                 _("Internal error: the JPEG 2000 output buffer is too small."));
  else if (!opj_setup_decoder (codec, &params) ||
           !opj_read_header (stream, codec, &image) ||
           !opj_decode (codec, stream, image) ||
           !opj_end_decompress (codec, stream))
    g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                 _("The JPEG 2000 data of this image is damaged and cannot be decoded."));
  else if (check_components (image, columns, rows, samples, error))
    {
      store_samples (image, samples, bits_allocated, out, n_pixels);
      ok = TRUE;
    }

  if (image != NULL)
    opj_image_destroy (image);
  opj_stream_destroy (stream);
  opj_destroy_codec (codec);
  return ok;
}
