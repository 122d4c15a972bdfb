/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Interpolation to a new voxel spacing, IBSI 1 section "Interpolation"
 * (VTM2): the "align grid centres" grid (3WE3, 026Q, QCY4), nearest
 * neighbour, linear and cubic B-spline interpolation, the partial-volume
 * threshold of an interpolated mask (E8H9) and intensity rounding (68QD).
 *
 * Everything is computed in double precision. The three methods are
 * tensor products, so a volume is resampled one axis at a time. Beyond the
 * edges the image is padded with its boundary intensities, as the manual
 * recommends; the cubic spline pads 12 voxels and then evaluates the spline
 * of the padded line, which is what scipy.ndimage.map_coordinates (order 3,
 * mode "nearest") does, the interpolator of the IBSI reference
 * implementation MIRP.
 */
#pragma once

#include <gio/gio.h>

#include "stm-radiomics-config.h"
#include "stm-volume.h"

G_BEGIN_DECLS

/*
 * One axis of a new grid, in the grid coordinates of the source (voxel
 * centres at 0, 1, ..., n_a - 1): point i sits at origin + i * step.
 */
typedef struct
{
  gsize  n;
  double origin;
  double step;
} StmGridAxis;

/*
 * "Align grid centres" for one axis of n_a voxels spaced @s_a mm, resampled
 * to @s_b mm: n = ceil(n_a s_a / s_b), step = s_b / s_a and
 * origin = (n_a - 1 - step (n - 1)) / 2. The ceiling forgives a relative
 * 1e-9, so 4 x 0.3 mm at 0.2 mm gives the 6 points of exact arithmetic and
 * not the 7 that 1.2000000000000002 / 0.2 would.
 */
gboolean stm_grid_axis_align_centres (gsize        n_a,
                                      double       s_a,
                                      double       s_b,
                                      StmGridAxis *axis,
                                      GError     **error);

/* The axis left as it is: no interpolation along it. */
void     stm_grid_axis_identity      (gsize        n_a,
                                      StmGridAxis *axis);

/*
 * @src (dims[0] x dims[1] x dims[2], x fastest) sampled at the points of
 * @axes: a new array of axes[0].n x axes[1].n x axes[2].n values, or NULL
 * with an error when it would not fit in memory or on cancellation. An
 * identity axis is not resampled. @method is nearest, linear or cubic.
 */
double  *stm_interpolate_grid        (const double      *src,
                                      const gsize        dims[3],
                                      const StmGridAxis  axes[3],
                                      StmInterp          method,
                                      GCancellable      *cancellable,
                                      GError           **error);

/*
 * A whole volume resampled to @spacing (mm; spacing[2] is ignored when
 * @in_plane) on the "align grid centres" grid, with the new grid's origin
 * in the geometry. Colour volumes are converted to grey (BT.601 luma)
 * first. The result is float32, not rounded. It holds the whole volume in
 * double precision while it works: for a region, stm_radiomics_prepare()
 * interpolates only the part it needs.
 */
StmVolume *stm_interpolate_volume    (const StmVolume   *volume,
                                      const double       spacing[3],
                                      gboolean           in_plane,
                                      StmInterp          method,
                                      GCancellable      *cancellable,
                                      GError           **error);

/*
 * The partial-volume threshold (E8H9): a voxel whose interpolated mask
 * value is >= @threshold is in. Values within 1e-9 below it count as on
 * it: the interpolation weights come from grid positions such as
 * -1/6 + 2/3 that no binary fraction holds, and a mask value that is 0.5 in
 * exact arithmetic comes out as 0.49999999999999994 in double (or
 * 0.4999999 in float), which must not drop the voxel.
 */
static inline gboolean
stm_interpolate_mask_keeps (double value,
                            double threshold)
{
  return value >= threshold - 1e-9;
}

/*
 * Rounding to the nearest integer (68QD) with ties to even, as numpy.round
 * in MIRP: linear interpolation of integer CT values makes many exact
 * halves, and ties to even does not shift them all one way.
 */
double   stm_interpolate_round       (double x);

G_END_DECLS
