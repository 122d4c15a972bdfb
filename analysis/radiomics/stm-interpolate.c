/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-interpolate.h"
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "stm-radiomics-chain.h"

/* scipy pads this many edge voxels before the spline prefilter (mode "nearest"). */
#define SPLINE_PAD 12
/* The cubic B-spline's pole, sqrt(3) - 2, and the terms after which z^k < 1e-17. */
#define SPLINE_POLE (-0.267949192431122706)
#define SPLINE_HORIZON 30
/* More points than this along one axis is a configuration mistake, not an image. */
#define MAX_AXIS_POINTS ((double) (1u << 30))
/* Positions within this of a half-way point round up, as exact arithmetic would. */
#define TIE_EPSILON 1e-9

/* The source voxels and weights that make one new point along an axis. */
typedef struct
{
  gsize  index[4];
  double weight[4];
  guint  n_taps;
} Tap;

gboolean
stm_grid_axis_align_centres (gsize        n_a,
                             double       s_a,
                             double       s_b,
                             StmGridAxis *axis,
                             GError     **error)
{
  if (n_a == 0 || !(s_a > 0) || !(s_b > 0) || !isfinite (s_a) || !isfinite (s_b))
    {
      g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG,
                   _("Cannot interpolate %g mm voxels to %g mm: spacings must be positive"),
                   s_a, s_b);
      return FALSE;
    }

  double exact = (double) n_a * s_a / s_b;
  double n = MAX (1.0, ceil (exact - 1e-9 * exact));
  if (n > MAX_AXIS_POINTS)
    {
      g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE,
                   _("Interpolating %zu voxels of %g mm to %g mm would make %.0f voxels "
                     "along one axis"), n_a, s_a, s_b, n);
      return FALSE;
    }
  axis->n = (gsize) n;
  axis->step = s_b / s_a;
  axis->origin = 0.5 * ((double) (n_a - 1) - axis->step * (double) (axis->n - 1));
  return TRUE;
}

void
stm_grid_axis_identity (gsize        n_a,
                        StmGridAxis *axis)
{
  axis->n = n_a;
  axis->origin = 0;
  axis->step = 1;
}

static gboolean
axis_is_identity (const StmGridAxis *axis,
                  gsize              n_a)
{
  return axis->n == n_a && axis->origin == 0 && axis->step == 1;
}

double
stm_interpolate_round (double x)
{
  if (fabs (x - trunc (x)) == 0.5)
    return 2.0 * round (x / 2.0);
  return round (x);
}

static gsize
clamp_index (double i,
             gsize  n)
{
  if (i <= 0)
    return 0;
  if (i >= (double) (n - 1))
    return n - 1;
  return (gsize) i;
}

static void
nearest_tap (double x,
             gsize  n,
             Tap   *tap)
{
  tap->n_taps = 1;
  tap->index[0] = clamp_index (floor (x + 0.5 + TIE_EPSILON), n);
  tap->weight[0] = 1;
}

/* Outside the line, the edge voxel's value: the padding the manual recommends. */
static void
linear_tap (double x,
            gsize  n,
            Tap   *tap)
{
  if (n == 1 || x <= 0 || x >= (double) (n - 1))
    {
      tap->n_taps = 1;
      tap->index[0] = clamp_index (x, n);
      tap->weight[0] = 1;
      return;
    }
  double f = floor (x);
  tap->n_taps = 2;
  tap->index[0] = (gsize) f;
  tap->index[1] = (gsize) f + 1;
  tap->weight[1] = x - f;
  tap->weight[0] = 1 - tap->weight[1];
}

/* Indices into the padded line of n + 2 * SPLINE_PAD spline coefficients. */
static void
cubic_tap (double x,
           gsize  n,
           Tap   *tap)
{
  gsize length = n + 2 * SPLINE_PAD;
  double xp = CLAMP (x + SPLINE_PAD, 0, (double) (length - 1));
  double f = floor (xp), t = xp - f, u = 1 - t;

  tap->n_taps = 4;
  tap->weight[0] = u * u * u / 6;
  tap->weight[1] = (4 - 6 * t * t + 3 * t * t * t) / 6;
  tap->weight[2] = (1 + 3 * t + 3 * t * t - 3 * t * t * t) / 6;
  tap->weight[3] = t * t * t / 6;
  for (int k = 0; k < 4; k++)
    tap->index[k] = clamp_index (f - 1 + k, length);
}

static Tap *
make_taps (const StmGridAxis *axis,
           gsize              n_src,
           StmInterp          method)
{
  Tap *taps = g_new (Tap, axis->n);

  for (gsize i = 0; i < axis->n; i++)
    {
      double x = axis->origin + (double) i * axis->step;
      if (method == STM_INTERP_NEAREST)
        nearest_tap (x, n_src, &taps[i]);
      else if (method == STM_INTERP_CUBIC)
        cubic_tap (x, n_src, &taps[i]);
      else
        linear_tap (x, n_src, &taps[i]);
    }
  return taps;
}

/* Index @i of a line of @n extended by half-sample symmetry (period 2n). */
static gsize
reflect_index (gssize i,
               gsize  n)
{
  gssize period = 2 * (gssize) n;
  gssize m = ((i % period) + period) % period;
  return m < (gssize) n ? (gsize) m : (gsize) (period - 1 - m);
}

/*
 * Samples to cubic B-spline coefficients in place (Unser's recursive
 * filter), with half-sample symmetric boundaries as scipy uses after its
 * padding. The causal start sums the reflected line until z^k < 1e-17.
 */
static void
spline_prefilter (double *c,
                  gsize   n)
{
  const double z = SPLINE_POLE;
  const double gain = (1 - z) * (1 - 1 / z);
  double first = 0, zk = 1;

  if (n < 2)
    return;
  for (gsize i = 0; i < n; i++)
    c[i] *= gain;
  for (gssize k = 0; k < SPLINE_HORIZON; k++, zk *= z)
    first += zk * c[reflect_index (-k, n)];
  c[0] = first;
  for (gsize i = 1; i < n; i++)
    c[i] += z * c[i - 1];
  c[n - 1] *= z / (z - 1);
  for (gsize i = n - 1; i-- > 0;)
    c[i] = z * (c[i + 1] - c[i]);
}

/* Copies one line into @line, padded with its edge values for the spline. */
static void
gather_line (const double *src,
             gsize         stride,
             gsize         n,
             StmInterp     method,
             double       *line)
{
  gsize pad = method == STM_INTERP_CUBIC ? SPLINE_PAD : 0;

  for (gsize i = 0; i < n; i++)
    line[pad + i] = src[i * stride];
  for (gsize i = 0; i < pad; i++)
    {
      line[i] = src[0];
      line[pad + n + i] = src[(n - 1) * stride];
    }
  if (method == STM_INTERP_CUBIC)
    spline_prefilter (line, n + 2 * pad);
}

/* Bytes of a grid of doubles, FALSE past the size a loader would allocate. */
static gboolean
grid_bytes (const gsize dims[3],
            gsize      *bytes)
{
  gsize n;

  return g_size_checked_mul (&n, dims[0], dims[1]) &&
         g_size_checked_mul (&n, n, dims[2]) &&
         g_size_checked_mul (bytes, n, sizeof (double)) &&
         *bytes <= STM_VOLUME_DEFAULT_MAX_BYTES;
}

static double *
alloc_grid (const gsize dims[3],
            GError    **error)
{
  gsize bytes = 0;
  double *data = NULL;

  if (grid_bytes (dims, &bytes))
    data = g_try_malloc (MAX (bytes, 1));
  if (data == NULL)
    g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE,
                 _("The interpolated region (%zu x %zu x %zu voxels) does not fit in memory; "
                   "choose a coarser spacing"), dims[0], dims[1], dims[2]);
  return data;
}

/* The lines along one axis of a grid: inner x outer of them, @stride apart inside. */
typedef struct
{
  gsize stride;
  gsize inner, outer;
  gsize inner_step, outer_step;
} Lines;

static Lines
lines_along (const gsize dims[3],
             int         a)
{
  Lines l = {
    .stride = a == 0 ? 1 : a == 1 ? dims[0] : dims[0] * dims[1],
    .inner = a == 0 ? dims[1] : dims[0],
    .outer = a == 2 ? dims[1] : dims[2],
    .inner_step = a == 0 ? dims[0] : 1,
    .outer_step = a == 2 ? dims[0] : dims[0] * dims[1],
  };
  return l;
}

static void
apply_taps (const double *line,
            const Tap    *taps,
            gsize         n,
            double       *dst,
            gsize         stride)
{
  for (gsize p = 0; p < n; p++)
    {
      double v = 0;
      for (guint k = 0; k < taps[p].n_taps; k++)
        v += taps[p].weight[k] * line[taps[p].index[k]];
      dst[p * stride] = v;
    }
}

/* One axis: every line along @a of @src resampled at @axis's points. */
static double *
resample_axis (const double      *src,
               const gsize        dims[3],
               int                a,
               const StmGridAxis *axis,
               StmInterp          method,
               GCancellable      *cancellable,
               GError           **error)
{
  gsize out_dims[3] = { dims[0], dims[1], dims[2] };

  out_dims[a] = axis->n;
  g_autofree double *out = alloc_grid (out_dims, error);
  if (out == NULL)
    return NULL;

  Lines in = lines_along (dims, a), to = lines_along (out_dims, a);
  g_autofree Tap *taps = make_taps (axis, dims[a], method);
  g_autofree double *line = g_new (double, dims[a] + 2 * SPLINE_PAD);
  for (gsize o = 0; o < in.outer; o++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (gsize i = 0; i < in.inner; i++)
        {
          gather_line (src + o * in.outer_step + i * in.inner_step, in.stride, dims[a], method,
                       line);
          apply_taps (line, taps, axis->n, out + o * to.outer_step + i * to.inner_step,
                      to.stride);
        }
    }
  return g_steal_pointer (&out);
}

double *
stm_interpolate_grid (const double      *src,
                      const gsize        dims[3],
                      const StmGridAxis  axes[3],
                      StmInterp          method,
                      GCancellable      *cancellable,
                      GError           **error)
{
  gsize cur_dims[3] = { dims[0], dims[1], dims[2] };
  const double *cur = src;
  double *owned = NULL;
  gsize bytes;

  g_return_val_if_fail (method == STM_INTERP_NEAREST || method == STM_INTERP_LINEAR ||
                        method == STM_INTERP_CUBIC, NULL);

  for (int a = 0; a < 3; a++)
    {
      if (axis_is_identity (&axes[a], cur_dims[a]))
        continue;
      double *next = resample_axis (cur, cur_dims, a, &axes[a], method, cancellable, error);
      g_free (owned);
      if (next == NULL)
        return NULL;
      cur = owned = next;
      cur_dims[a] = axes[a].n;
    }
  if (owned == NULL && (owned = alloc_grid (dims, error)) != NULL && grid_bytes (dims, &bytes))
    memcpy (owned, src, bytes);
  return owned;
}

static double *
volume_to_grey (const StmVolume *volume,
                GError         **error)
{
  double *grey = alloc_grid (volume->dims, error);

  if (grey == NULL)
    return NULL;
  gsize i = 0;
  for (gsize z = 0; z < volume->dims[2]; z++)
    for (gsize y = 0; y < volume->dims[1]; y++)
      for (gsize x = 0; x < volume->dims[0]; x++)
        grey[i++] = stm_volume_grey_at (volume, x, y, z);
  return grey;
}

static StmVolume *
volume_from_grid (const double      *data,
                  const StmVolume   *source,
                  const StmGridAxis  axes[3],
                  GError           **error)
{
  StmVolume *out = stm_volume_new (STM_VOXEL_FLOAT32, axes[0].n, axes[1].n, axes[2].n,
                                   STM_VOLUME_DEFAULT_MAX_BYTES, error);
  double first[3] = { axes[0].origin, axes[1].origin, axes[2].origin };

  if (out == NULL)
    return NULL;
  out->geometry = source->geometry;
  stm_geometry_voxel_to_lps (&source->geometry, first, out->geometry.origin);
  for (int a = 0; a < 3; a++)
    out->geometry.spacing[a] = source->geometry.spacing[a] * axes[a].step;
  float *values = stm_volume_float_data (out);
  for (gsize i = 0; i < stm_volume_n_voxels (out); i++)
    values[i] = (float) data[i];
  return out;
}

StmVolume *
stm_interpolate_volume (const StmVolume *volume,
                        const double     spacing[3],
                        gboolean         in_plane,
                        StmInterp        method,
                        GCancellable    *cancellable,
                        GError         **error)
{
  StmGridAxis axes[3];

  for (int a = 0; a < 3; a++)
    {
      if (a == 2 && in_plane)
        stm_grid_axis_identity (volume->dims[2], &axes[2]);
      else if (!stm_grid_axis_align_centres (volume->dims[a], volume->geometry.spacing[a],
                                             spacing[a], &axes[a], error))
        return NULL;
    }
  g_autofree double *grey = volume_to_grey (volume, error);
  if (grey == NULL)
    return NULL;
  g_autofree double *data = stm_interpolate_grid (grey, volume->dims, axes, method,
                                                  cancellable, error);
  if (data == NULL)
    return NULL;
  return volume_from_grid (data, volume, axes, error);
}
