/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A series' middle slice as a small picture for the study browser. */
#include "stm-series-thumbnail.h"

#include <math.h>
#include <string.h>

#include "stm-series-volume-private.h"
#include "stm-window.h"

/* Thumbnails are small: a cap keeps a wrong @size from allocating much. */
#define MAX_THUMBNAIL_SIZE 1024

static StmWindow
choose_window (const StmDicomHeader *h, const StmVolume *slice)
{
  if (h->windows != NULL && h->windows->len > 0)
    {
      const StmWindowPreset *preset = &g_array_index (h->windows, StmWindowPreset, 0);

      return (StmWindow) { preset->center, MAX (preset->width, 1.0) };
    }
  return stm_window_default (slice);
}

/* The slice as display RGB8, full resolution. */
static guint8 *
slice_to_rgb (const StmDicomHeader *h, const StmVolume *slice)
{
  gsize n = slice->dims[0] * slice->dims[1];
  guint8 *rgb = g_malloc (3 * n);

  if (slice->format == STM_VOXEL_RGB8)
    memcpy (rgb, stm_volume_rgb_data (slice), 3 * n);
  else
    stm_window_apply_float (stm_volume_float_data (slice), n, choose_window (h, slice),
                            g_strcmp0 (h->photometric, "MONOCHROME1") == 0, rgb);
  return rgb;
}

/* The longer physical side gets @size pixels, the other its share (at least 1). */
static void
fit_size (const StmVolume *slice, guint size, guint *out_width, guint *out_height)
{
  double sx = slice->geometry.spacing[0] > 0 ? slice->geometry.spacing[0] : 1.0;
  double sy = slice->geometry.spacing[1] > 0 ? slice->geometry.spacing[1] : 1.0;
  double width_mm = slice->dims[0] * sx, height_mm = slice->dims[1] * sy;

  if (width_mm >= height_mm)
    {
      *out_width = size;
      *out_height = CLAMP ((guint) lround (size * height_mm / width_mm), 1, size);
    }
  else
    {
      *out_height = size;
      *out_width = CLAMP ((guint) lround (size * width_mm / height_mm), 1, size);
    }
}

/*
 * Box filter along one axis: output sample o averages the input over
 * [o, o + 1) * n_in / n_out, each input sample weighted by how much of it
 * lies in that interval. @lines independent lines of 3 channels each;
 * samples along the axis are @step floats apart, lines @line_step apart.
 */
static void
area_resample (const float *in, gsize n_in, float *out, gsize n_out,
               gsize lines, gsize in_step, gsize out_step, gsize in_line, gsize out_line)
{
  double scale = (double) n_in / n_out;

  for (gsize o = 0; o < n_out; o++)
    {
      double lo = o * scale, hi = (o + 1) * scale;
      gsize first = (gsize) floor (lo), end = MIN ((gsize) ceil (hi), n_in);

      for (gsize l = 0; l < lines; l++)
        {
          double sum[3] = { 0, 0, 0 };

          for (gsize i = first; i < end; i++)
            {
              double w = MIN (hi, i + 1.0) - MAX (lo, (double) i);
              const float *p = in + l * in_line + i * in_step;

              for (int c = 0; c < 3; c++)
                sum[c] += w * p[c];
            }
          for (int c = 0; c < 3; c++)
            out[l * out_line + o * out_step + c] = (float) (sum[c] / scale);
        }
    }
}

/* Rows converted to floats at a time: a mammogram's full slice as floats
 * would cost 88 MB for a 64-pixel icon. */
#define RESIZE_BAND_ROWS 64

static guint8 *
resize_rgb (const guint8 *rgb, gsize nx, gsize ny, guint width, guint height)
{
  g_autofree float *band = g_new (float, 3 * nx * RESIZE_BAND_ROWS);
  g_autofree float *rows = g_new (float, 3 * (gsize) width * ny);
  g_autofree float *out = g_new (float, 3 * (gsize) width * height);
  guint8 *result = g_malloc (3 * (gsize) width * height);

  /* Across each row, a band at a time, then down each column of the
   * narrowed image. */
  for (gsize y0 = 0; y0 < ny; y0 += RESIZE_BAND_ROWS)
    {
      gsize n_rows = MIN (RESIZE_BAND_ROWS, ny - y0);

      for (gsize i = 0; i < 3 * nx * n_rows; i++)
        band[i] = rgb[3 * nx * y0 + i];
      area_resample (band, nx, rows + 3 * (gsize) width * y0, width, n_rows, 3, 3, 3 * nx,
                     3 * (gsize) width);
    }
  area_resample (rows, ny, out, height, width, 3 * (gsize) width, 3 * (gsize) width, 3, 3);
  for (gsize i = 0; i < 3 * (gsize) width * height; i++)
    result[i] = (guint8) CLAMP (lround (out[i]), 0, 255);
  return result;
}

guint8 *
stm_series_thumbnail (StmSeries    *series,
                      guint         size,
                      guint        *out_width,
                      guint        *out_height,
                      GCancellable *cancellable,
                      GError      **error)
{
  const StmDicomHeader *header = NULL;
  g_autoptr(StmVolume) slice = NULL;
  g_autofree guint8 *rgb = NULL;
  guint width, height;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (size > 0 && size <= MAX_THUMBNAIL_SIZE, NULL);
  g_return_val_if_fail (out_width != NULL && out_height != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  slice = _stm_series_load_slice (series, G_MAXUINT, STM_VOLUME_DEFAULT_MAX_BYTES, &header,
                                  cancellable, error);
  if (slice == NULL)
    return NULL;
  rgb = slice_to_rgb (header, slice);
  fit_size (slice, size, &width, &height);
  *out_width = width;
  *out_height = height;
  return resize_rgb (rgb, slice->dims[0], slice->dims[1], width, height);
}
