/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-view-transform.h"

#include <math.h>

/* An empty view (size 0) until stm_view_transform_set_view_size(). */
void
stm_view_transform_init (StmViewTransform *t,
                         gsize             nx,
                         gsize             ny,
                         const double      spacing[2])
{
  *t = (StmViewTransform) { 0 };
  t->nx = nx;
  t->ny = ny;
  for (int a = 0; a < 2; a++)
    t->spacing[a] = spacing != NULL && spacing[a] > 0 && isfinite (spacing[a]) ? spacing[a] : 1.0;
  t->zoom = 1.0;
}

/* The view keeps its zoom and its pan from the centre, so a slice that was
 * centred stays centred when the window is resized. */
void
stm_view_transform_set_view_size (StmViewTransform *t, double width, double height)
{
  t->view_width = MAX (width, 0.0);
  t->view_height = MAX (height, 0.0);
}

/* Logical pixels per millimetre when the slice just fits the view. */
static double
fit_pixels_per_mm (const StmViewTransform *t)
{
  double w_mm = t->nx * t->spacing[0], h_mm = t->ny * t->spacing[1];

  if (!(w_mm > 0) || !(h_mm > 0) || !(t->view_width > 0) || !(t->view_height > 0))
    return 0;
  return MIN (t->view_width / w_mm, t->view_height / h_mm);
}

double
stm_view_transform_pixels_per_mm (const StmViewTransform *t)
{
  return fit_pixels_per_mm (t) * t->zoom;
}

/* Voxel centres are at integers and the slice's centre is at
 * ((nx - 1) / 2, (ny - 1) / 2), which lies at the view's centre plus pan. */
void
stm_view_transform_voxel_to_screen (const StmViewTransform *t,
                                    double i, double j, double *x, double *y)
{
  double ppm = stm_view_transform_pixels_per_mm (t);

  *x = t->view_width / 2 + t->pan_x + (i - ((double) t->nx - 1) / 2.0) * t->spacing[0] * ppm;
  *y = t->view_height / 2 + t->pan_y + (j - ((double) t->ny - 1) / 2.0) * t->spacing[1] * ppm;
}

/* An empty view maps every point to the slice's centre. */
void
stm_view_transform_screen_to_voxel (const StmViewTransform *t,
                                    double x, double y, double *i, double *j)
{
  double ppm = stm_view_transform_pixels_per_mm (t);

  *i = ((double) t->nx - 1) / 2.0;
  *j = ((double) t->ny - 1) / 2.0;
  if (!(ppm > 0))
    return;
  *i += (x - t->view_width / 2 - t->pan_x) / (t->spacing[0] * ppm);
  *j += (y - t->view_height / 2 - t->pan_y) / (t->spacing[1] * ppm);
}

/* Sets the zoom, moving the pan so the point under (x, y) stays there:
 * the offset of that point from the slice's centre scales with the zoom. */
static void
set_zoom_at (StmViewTransform *t, double zoom, double x, double y)
{
  double ratio;

  zoom = CLAMP (zoom, STM_VIEW_ZOOM_MIN, STM_VIEW_ZOOM_MAX);
  if (!isfinite (zoom) || !(t->zoom > 0))
    return;
  ratio = zoom / t->zoom;
  t->pan_x = (x - t->view_width / 2) - (x - t->view_width / 2 - t->pan_x) * ratio;
  t->pan_y = (y - t->view_height / 2) - (y - t->view_height / 2 - t->pan_y) * ratio;
  t->zoom = zoom;
}

void
stm_view_transform_zoom_at (StmViewTransform *t, double factor, double x, double y)
{
  if (!(factor > 0) || !isfinite (factor))
    return;
  set_zoom_at (t, t->zoom * factor, x, y);
}

void
stm_view_transform_one_to_one (StmViewTransform *t, double device_scale, double x, double y)
{
  double fit = fit_pixels_per_mm (t);
  double unit = MIN (t->spacing[0], t->spacing[1]);

  if (!(fit > 0) || !(device_scale > 0))
    return;
  /* unit * fit * zoom logical pixels = 1 / device_scale. */
  set_zoom_at (t, 1.0 / (device_scale * unit * fit), x, y);
}

void
stm_view_transform_pan (StmViewTransform *t, double dx, double dy)
{
  if (!isfinite (dx) || !isfinite (dy))
    return;
  t->pan_x += dx;
  t->pan_y += dy;
}

void
stm_view_transform_fit (StmViewTransform *t)
{
  t->zoom = 1.0;
  t->pan_x = 0;
  t->pan_y = 0;
}

/* The outer edges of the corner voxels, half a voxel beyond their centres. */
void
stm_view_transform_image_rect (const StmViewTransform *t, double rect[4])
{
  double x0, y0, x1, y1;

  stm_view_transform_voxel_to_screen (t, -0.5, -0.5, &x0, &y0);
  stm_view_transform_voxel_to_screen (t, t->nx - 0.5, t->ny - 0.5, &x1, &y1);
  rect[0] = x0;
  rect[1] = y0;
  rect[2] = x1 - x0;
  rect[3] = y1 - y0;
}
