/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From decoded samples to modality values (grey) or RGB8 (colour). */
#include "stm-dicom-pixels.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

gboolean
stm_dicom_header_is_colour (const StmDicomHeader *h)
{
  return h->samples_per_pixel == 3 || g_strcmp0 (h->photometric, "PALETTE COLOR") == 0;
}

/* The stored value of sample @index: masked to BitsStored below HighBit, sign-extended. */
static inline gint64
stored_value (const StmDicomHeader *h, const guint8 *raw, gsize index)
{
  guint64 v;
  guint shift = h->high_bit + 1 - h->bits_stored;
  guint64 mask = h->bits_stored >= 64 ? G_MAXUINT64 : ((guint64) 1 << h->bits_stored) - 1;

  switch (h->bits_allocated)
    {
    case 8: v = raw[index]; break;
    case 16: v = ((const guint16 *) raw)[index]; break;
    default: v = ((const guint32 *) raw)[index]; break;
    }
  v = (v >> shift) & mask;
  if (h->pixel_representation == 1 && (v >> (h->bits_stored - 1)) & 1)
    return (gint64) v - ((gint64) 1 << h->bits_stored);
  return (gint64) v;
}

static double
lut_lookup (const StmLut *lut, gint64 value)
{
  gint64 index = value - lut->first_mapped;

  index = CLAMP (index, 0, (gint64) lut->n_entries - 1);
  return lut->data[index];
}

gboolean
stm_dicom_frame_to_float (const StmDicomHeader  *h,
                          const StmFrameGeometry *frame,
                          const guint8          *raw,
                          float                 *out,
                          GError               **error)
{
  gsize n = (gsize) h->rows * h->columns;
  double slope = frame->has_rescale ? frame->rescale_slope : 1.0;
  double intercept = frame->has_rescale ? frame->rescale_intercept : 0.0;

  if (stm_dicom_header_is_colour (h))
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                   _("Internal error: a colour image was read as grey."));
      return FALSE;
    }

  if (h->modality_lut.n_entries > 0 && !frame->has_rescale)
    {
      for (gsize p = 0; p < n; p++)
        out[p] = (float) lut_lookup (&h->modality_lut, stored_value (h, raw, p));
      return TRUE;
    }
  /* The common CT case, kept tight: 16-bit samples, integer rescale. */
  if (h->bits_allocated == 16 && h->bits_stored == 16)
    {
      if (h->pixel_representation == 1)
        for (gsize p = 0; p < n; p++)
          out[p] = (float) (((const gint16 *) raw)[p] * slope + intercept);
      else
        for (gsize p = 0; p < n; p++)
          out[p] = (float) (((const guint16 *) raw)[p] * slope + intercept);
      return TRUE;
    }
  for (gsize p = 0; p < n; p++)
    out[p] = (float) (stored_value (h, raw, p) * slope + intercept);
  return TRUE;
}

static inline guint8
clamp_byte (double v)
{
  v = floor (v + 0.5);
  return (guint8) CLAMP (v, 0.0, 255.0);
}

/* YBR_FULL to RGB as in PS3.3 C.7.6.3.1.2 (and pydicom). */
static inline void
ybr_to_rgb (double y, double cb, double cr, guint8 *rgb)
{
  cb -= 128;
  cr -= 128;
  rgb[0] = clamp_byte (y + 1.402 * cr);
  rgb[1] = clamp_byte (y - (0.114 * 1.772 / 0.587) * cb - (0.299 * 1.402 / 0.587) * cr);
  rgb[2] = clamp_byte (y + 1.772 * cb);
}

static guint8
sample_to_byte (const StmDicomHeader *h, gint64 v)
{
  if (h->bits_stored > 8)
    v >>= h->bits_stored - 8;
  return (guint8) CLAMP (v, 0, 255);
}

static void
palette_to_rgb (const StmDicomHeader *h, const guint8 *raw, guint8 *out, gsize n)
{
  for (gsize p = 0; p < n; p++)
    {
      gint64 v = stored_value (h, raw, p);
      for (int c = 0; c < 3; c++)
        {
          double e = lut_lookup (&h->palette[c], v);
          out[3 * p + c] = h->palette[c].bits == 16 ? (guint8) ((guint) e >> 8) : (guint8) e;
        }
    }
}

/* Native YBR_FULL_422: Y1 Y2 Cb Cr for each pair of pixels on a row. */
static void
ybr422_to_rgb (const StmDicomHeader *h, const guint8 *raw, guint8 *out)
{
  for (guint y = 0; y < h->rows; y++)
    for (guint x = 0; x < h->columns; x++)
      {
        gsize pair = ((gsize) y * h->columns + x) / 2;
        const guint8 *s = raw + 4 * pair;
        ybr_to_rgb (s[x % 2], s[2], s[3], out + 3 * ((gsize) y * h->columns + x));
      }
}

gboolean
stm_dicom_frame_to_rgb (const StmDicomHeader *h,
                        const guint8         *raw,
                        const char           *photometric,
                        guint                 planar,
                        guint8               *out,
                        GError              **error)
{
  gsize n = (gsize) h->rows * h->columns;
  gboolean ybr = g_strcmp0 (photometric, "YBR_FULL") == 0;

  if (g_strcmp0 (photometric, "PALETTE COLOR") == 0)
    {
      if (h->palette[0].n_entries == 0 || h->palette[1].n_entries == 0 ||
          h->palette[2].n_entries == 0)
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                       _("This palette colour image has no usable colour table."));
          return FALSE;
        }
      palette_to_rgb (h, raw, out, n);
      return TRUE;
    }
  if (g_strcmp0 (photometric, "YBR_FULL_422") == 0 && h->bits_allocated == 8)
    {
      ybr422_to_rgb (h, raw, out);
      return TRUE;
    }
  if (photometric != NULL && g_str_has_prefix (photometric, "MONOCHROME"))
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("The image says it is greyscale (%s) but has %u samples per pixel."),
                   photometric, h->samples_per_pixel);
      return FALSE;
    }
  if (h->samples_per_pixel != 3 ||
      (!ybr && g_strcmp0 (photometric, "RGB") != 0))
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                   _("The colour model %s is not supported."), photometric ? photometric : _("(none)"));
      return FALSE;
    }

  for (gsize p = 0; p < n; p++)
    {
      guint8 s[3];
      for (int c = 0; c < 3; c++)
        s[c] = sample_to_byte (h, stored_value (h, raw, planar == 1 ? c * n + p : 3 * p + c));
      if (ybr)
        ybr_to_rgb (s[0], s[1], s[2], out + 3 * p);
      else
        memcpy (out + 3 * p, s, 3);
    }
  return TRUE;
}
