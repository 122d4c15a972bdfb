/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-slice-render.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Surfaces larger than this are refused (cairo's own limit is 32767). */
#define MAX_SIDE 32767

gboolean
stm_slice_render_size (const StmVolume *volume, int *out_width, int *out_height)
{
  double sx = volume->geometry.spacing[0], sy = volume->geometry.spacing[1];
  double unit = MIN (sx, sy), w, h;

  if (!(unit > 0) || !isfinite (sx) || !isfinite (sy))
    return FALSE;
  w = round (volume->dims[0] * (sx / unit));
  h = round (volume->dims[1] * (sy / unit));
  if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE)
    return FALSE;
  *out_width = (int) w;
  *out_height = (int) h;
  return TRUE;
}

/* Source index of each output index, nearest neighbour at pixel centres. */
static gsize *
nearest_map (gsize n_source, int n_out)
{
  gsize *map = g_new (gsize, n_out);

  for (int u = 0; u < n_out; u++)
    map[u] = MIN (((2 * (gsize) u + 1) * n_source) / (2 * (gsize) n_out), n_source - 1);
  return map;
}

guint8 *
stm_slice_render_rgb (const StmVolume *volume, gsize slice, StmWindow window, gboolean invert)
{
  gsize n = volume->dims[0] * volume->dims[1];
  guint8 *rgb = g_malloc (3 * n);

  if (volume->format == STM_VOXEL_RGB8)
    memcpy (rgb, stm_volume_slice_data (volume, slice), 3 * n);
  else
    stm_window_apply_float (stm_volume_slice_data (volume, slice), n, window, invert, rgb);
  return rgb;
}

/* 1 for the mask's voxels above 0.5 on the slice, 0 elsewhere. */
static guint8 *
slice_mask (const StmVolume *mask, gsize slice)
{
  gsize nx = mask->dims[0], ny = mask->dims[1];
  guint8 *inside = g_malloc (nx * ny);

  for (gsize j = 0; j < ny; j++)
    for (gsize i = 0; i < nx; i++)
      inside[j * nx + i] = stm_volume_grey_at (mask, i, j, slice) > 0.5;
  return inside;
}

static inline guint32
blend (guint32 rgb, guint32 colour)
{
  guint32 out = 0;

  for (int shift = 0; shift < 24; shift += 8)
    {
      guint32 a = (rgb >> shift) & 0xff, b = (colour >> shift) & 0xff;
      guint32 c = ((100 - STM_SLICE_MASK_ALPHA_PERCENT) * a +
                   STM_SLICE_MASK_ALPHA_PERCENT * b + 50) / 100;

      out |= c << shift;
    }
  return out;
}

typedef struct
{
  guint32 *pixels;
  int      stride;   /* in pixels */
  int      width, height;
} StmPixels;

static inline gboolean
pixel_inside (const guint8 *inside, gsize nx, const gsize *xmap, const gsize *ymap,
              const StmPixels *p, int u, int v)
{
  if (u < 0 || v < 0 || u >= p->width || v >= p->height)
    return FALSE;
  return inside[ymap[v] * nx + xmap[u]];
}

/* Fills and outlines the mask at output resolution, so the contour is one
 * output pixel wide whatever the anisotropy. */
static void
draw_mask (StmPixels *p, const guint8 *inside, gsize nx, const gsize *xmap, const gsize *ymap)
{
  for (int v = 0; v < p->height; v++)
    for (int u = 0; u < p->width; u++)
      {
        guint32 *px = &p->pixels[(gsize) v * p->stride + u];

        if (!pixel_inside (inside, nx, xmap, ymap, p, u, v))
          continue;
        if (pixel_inside (inside, nx, xmap, ymap, p, u - 1, v) &&
            pixel_inside (inside, nx, xmap, ymap, p, u + 1, v) &&
            pixel_inside (inside, nx, xmap, ymap, p, u, v - 1) &&
            pixel_inside (inside, nx, xmap, ymap, p, u, v + 1))
          *px = blend (*px, STM_SLICE_MASK_RGB);
        else
          *px = STM_SLICE_CONTOUR_RGB;
      }
}

static void
draw_image (StmPixels *p, const guint8 *rgb, gsize nx, const gsize *xmap, const gsize *ymap)
{
  for (int v = 0; v < p->height; v++)
    {
      const guint8 *row = rgb + 3 * ymap[v] * nx;
      guint32 *out = p->pixels + (gsize) v * p->stride;

      for (int u = 0; u < p->width; u++)
        {
          const guint8 *s = row + 3 * xmap[u];

          out[u] = ((guint32) s[0] << 16) | ((guint32) s[1] << 8) | s[2];
        }
    }
}

static gboolean
check_inputs (const StmVolume *volume, gsize slice, const StmVolume *mask, GError **error)
{
  if (slice >= volume->dims[2])
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID,
                   _("The image has %zu slices: there is no slice %zu."),
                   volume->dims[2], slice + 1);
      return FALSE;
    }
  if (mask != NULL && memcmp (mask->dims, volume->dims, sizeof volume->dims) != 0)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID,
                   _("The mask (%zu x %zu x %zu) is not on the image's grid (%zu x %zu x %zu)."),
                   mask->dims[0], mask->dims[1], mask->dims[2],
                   volume->dims[0], volume->dims[1], volume->dims[2]);
      return FALSE;
    }
  return TRUE;
}

static cairo_surface_t *
new_surface (const StmVolume *volume, GError **error)
{
  cairo_surface_t *surface;
  int width, height;

  if (!stm_slice_render_size (volume, &width, &height))
    {
      g_set_error_literal (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE,
                           _("The slice cannot be drawn: its pixel spacing is invalid or "
                             "the picture would be too large."));
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE,
                   _("The slice cannot be drawn: %s."),
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

cairo_surface_t *
stm_slice_render (const StmVolume *volume,
                  gsize            slice,
                  StmWindow        window,
                  gboolean         invert,
                  const StmVolume *mask,
                  GError         **error)
{
  cairo_surface_t *surface;
  StmPixels p;

  if (!check_inputs (volume, slice, mask, error) ||
      (surface = new_surface (volume, error)) == NULL)
    return NULL;

  cairo_surface_flush (surface);
  p.pixels = (guint32 *) cairo_image_surface_get_data (surface);
  p.stride = cairo_image_surface_get_stride (surface) / 4;
  p.width = cairo_image_surface_get_width (surface);
  p.height = cairo_image_surface_get_height (surface);

  g_autofree gsize *xmap = nearest_map (volume->dims[0], p.width);
  g_autofree gsize *ymap = nearest_map (volume->dims[1], p.height);
  g_autofree guint8 *rgb = stm_slice_render_rgb (volume, slice, window, invert);

  draw_image (&p, rgb, volume->dims[0], xmap, ymap);
  if (mask != NULL)
    {
      g_autofree guint8 *inside = slice_mask (mask, slice);

      draw_mask (&p, inside, volume->dims[0], xmap, ymap);
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

gboolean
stm_slice_render_write_png (cairo_surface_t *surface, const char *path, GError **error)
{
  cairo_status_t status;

  g_return_val_if_fail (surface != NULL && path != NULL, FALSE);

  status = cairo_surface_write_to_png (surface, path);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The picture could not be written to %s (%s)."),
                   name, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/*
 * The physical pixels along one axis whose centres lie on the slice, and
 * the voxel each shows. @origin is where voxel -0.5 lies and @step the
 * size of a voxel, both in physical pixels; @limit is the view's size.
 * Returns the number of pixels (0 for none) and sets *first.
 */
static int
visible_span (double origin, double step, gsize n_voxels, int limit, int *first, gsize **map)
{
  double lo = ceil (origin - 0.5), hi = ceil (origin + step * n_voxels - 0.5) - 1;
  int n;

  lo = MAX (lo, 0);
  hi = MIN (hi, limit - 1.0);
  if (!(step > 0) || !(lo <= hi))
    return 0;
  *first = (int) lo;
  n = (int) (hi - lo) + 1;
  *map = g_new (gsize, n);
  for (int u = 0; u < n; u++)
    {
      double voxel = floor ((lo + u + 0.5 - origin) / step);

      (*map)[u] = (gsize) CLAMP (voxel, 0, (double) n_voxels - 1);
    }
  return n;
}

static void
resample_row (const guint8 *row, const gsize *xmap, int width, guint8 *dst)
{
  for (int u = 0; u < width; u++)
    {
      const guint8 *src = row + 3 * xmap[u];

      dst[3 * u] = src[0];
      dst[3 * u + 1] = src[1];
      dst[3 * u + 2] = src[2];
    }
}

guint8 *
stm_slice_render_visible (const guint8           *rgb,
                          const StmViewTransform *transform,
                          double                  device_scale,
                          StmDeviceRect          *rect)
{
  double image[4];
  int limit_x = (int) ceil (transform->view_width * device_scale);
  int limit_y = (int) ceil (transform->view_height * device_scale);
  g_autofree gsize *xmap = NULL, *ymap = NULL;
  gsize row_bytes, bytes;
  guint8 *out;

  *rect = (StmDeviceRect) { 0 };
  if (!(device_scale > 0) || transform->nx == 0 || transform->ny == 0)
    return NULL;
  stm_view_transform_image_rect (transform, image);
  rect->width = visible_span (image[0] * device_scale, image[2] * device_scale / transform->nx,
                              transform->nx, limit_x, &rect->x, &xmap);
  rect->height = visible_span (image[1] * device_scale, image[3] * device_scale / transform->ny,
                               transform->ny, limit_y, &rect->y, &ymap);
  if (rect->width == 0 || rect->height == 0 ||
      !g_size_checked_mul (&row_bytes, 3, rect->width) ||
      !g_size_checked_mul (&bytes, row_bytes, rect->height))
    {
      *rect = (StmDeviceRect) { 0 };
      return NULL;
    }
  out = g_malloc (bytes);
  for (int v = 0; v < rect->height; v++)
    {
      guint8 *dst = out + (gsize) v * row_bytes;

      /* A magnified voxel spans several rows: the row above is reused. */
      if (v > 0 && ymap[v] == ymap[v - 1])
        {
          memcpy (dst, dst - row_bytes, row_bytes);
          continue;
        }
      resample_row (rgb + 3 * ymap[v] * transform->nx, xmap, rect->width, dst);
    }
  return out;
}

cairo_surface_t *
stm_slice_render_view (const StmVolume        *volume,
                       gsize                   slice,
                       StmWindow               window,
                       gboolean                invert,
                       const StmViewTransform *transform,
                       GError                **error)
{
  int width = (int) ceil (transform->view_width), height = (int) ceil (transform->view_height);
  g_autofree guint8 *rgb = NULL, *visible = NULL;
  cairo_surface_t *surface;
  StmDeviceRect rect;
  StmPixels p;

  if (!check_inputs (volume, slice, NULL, error))
    return NULL;
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE ||
      transform->nx != volume->dims[0] || transform->ny != volume->dims[1])
    {
      g_set_error_literal (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID,
                           _("The view does not fit the slice or has no usable size."));
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE,
                   _("The view cannot be drawn: %s."),
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  p.pixels = (guint32 *) cairo_image_surface_get_data (surface);
  p.stride = cairo_image_surface_get_stride (surface) / 4;
  memset (p.pixels, 0, (gsize) p.stride * 4 * height);
  rgb = stm_slice_render_rgb (volume, slice, window, invert);
  visible = stm_slice_render_visible (rgb, transform, 1.0, &rect);
  for (int v = 0; visible != NULL && v < rect.height; v++)
    for (int u = 0; u < rect.width; u++)
      {
        const guint8 *s = visible + 3 * ((gsize) v * rect.width + u);

        p.pixels[(gsize) (rect.y + v) * p.stride + rect.x + u] =
          ((guint32) s[0] << 16) | ((guint32) s[1] << 8) | s[2];
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}
