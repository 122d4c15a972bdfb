/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-discretise.h"
#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "stm-interpolate.h"
#include "stm-radiomics-chain.h"

static gboolean
mask_min_max (const float  *intensity,
              const guint8 *mask,
              gsize         n,
              double       *min,
              double       *max)
{
  gboolean any = FALSE;

  *min = INFINITY;
  *max = -INFINITY;
  for (gsize i = 0; i < n; i++)
    if (mask[i])
      {
        any = TRUE;
        *min = MIN (*min, intensity[i]);
        *max = MAX (*max, intensity[i]);
      }
  return any;
}

static double
fbs_level (double x,
           double lower,
           double width)
{
  return floor ((x - lower) / width) + 1;
}

static double
none_level (double x,
            double lower)
{
  return stm_interpolate_round (x) - stm_interpolate_round (lower) + 1;
}

/* The manual's second case, x = max gives N, also covers max = min. */
static double
fbn_level (double x,
           double min,
           double max,
           guint  bins)
{
  if (x >= max)
    return bins;
  return MIN (floor (bins * (x - min) / (max - min)) + 1, (double) bins);
}

/* Every method is monotonic in x, so the ROI maximum has the top level. */
static double
level_of (double                   x,
          const StmDiscretisation *method,
          double                   lower,
          double                   min,
          double                   max)
{
  switch (method->method)
    {
    case STM_DISCRETISE_FBN:
      return fbn_level (x, min, max, method->bins);
    case STM_DISCRETISE_FBS:
      return fbs_level (x, lower, method->bin_width);
    case STM_DISCRETISE_NONE:
    default:
      return none_level (x, lower);
    }
}

static gboolean
check_levels (double      top,
              double      cap,
              const char *what,
              GError    **error)
{
  if (top <= cap)
    return TRUE;
  g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_TOO_LARGE,
               _("%s would have %.0f grey levels, more than the %.0f Stratum allows; "
                 "use a wider bin or fewer bins"), what, top, cap);
  return FALSE;
}

/* A lower bound above the ROI minimum cannot come from re-segmentation; clamp, never 0. */
static void
fill_levels (const float             *intensity,
             const guint8            *mask,
             gsize                    n,
             const StmDiscretisation *method,
             double                   lower,
             double                   min,
             double                   max,
             double                   top,
             int                     *levels)
{
  for (gsize i = 0; i < n; i++)
    levels[i] = mask[i] ? (int) CLAMP (level_of (intensity[i], method, lower, min, max), 1, top)
                        : 0;
}

gboolean
stm_discretise_levels (const float             *intensity,
                       const guint8            *mask,
                       gsize                    n,
                       const StmDiscretisation *method,
                       double                   lower_bound,
                       int                     *levels,
                       guint                   *n_levels,
                       GError                 **error)
{
  double min, max;

  *n_levels = 0;
  if (!mask_min_max (intensity, mask, n, &min, &max))
    {
      memset (levels, 0, n * sizeof *levels);
      return TRUE;
    }
  double lower = isfinite (lower_bound) ? lower_bound : min;
  double top = MAX (1, level_of (max, method, lower, min, max));
  if (!check_levels (top, STM_DISCRETISE_MAX_LEVELS, _("The discretised region"), error))
    return FALSE;
  fill_levels (intensity, mask, n, method, lower, min, max, top, levels);
  *n_levels = (guint) top;
  return TRUE;
}

/* Levels of the IVH: value of level l is first + (l - 1) * step. */
typedef struct
{
  double lower, top, first, step, g_min, g_max;
} IvhScale;

static void
ivh_scale (const StmDiscretisation *method,
           double                   lo,
           double                   hi,
           double                   min,
           double                   max,
           IvhScale                *s)
{
  s->lower = lo;
  s->step = 1;
  if (method->method == STM_DISCRETISE_FBN)
    {
      s->top = method->bins;
      s->first = s->g_min = 1;
      s->g_max = method->bins;
    }
  else if (method->method == STM_DISCRETISE_FBS)
    {
      double w = method->bin_width, q = (hi - lo) / w;
      s->top = MAX (ceil (q - 1e-9 * MAX (1, q)), fbs_level (max, lo, w));
      s->step = w;
      s->first = s->g_min = lo + 0.5 * w;
      s->g_max = hi - 0.5 * w;
    }
  else
    {
      s->first = s->g_min = stm_interpolate_round (lo);
      s->g_max = stm_interpolate_round (hi);
      s->top = MAX (s->g_max, stm_interpolate_round (max)) - s->g_min + 1;
    }
  s->top = MAX (s->top, 1);
}

gboolean
stm_discretise_ivh (const float             *intensity,
                    const guint8            *mask,
                    gsize                    n,
                    const StmDiscretisation *method,
                    const double             range[2],
                    int                     *levels,
                    guint                   *n_levels,
                    double                 **values,
                    double                   ivh_range[2],
                    GError                 **error)
{
  double min, max;
  IvhScale s;

  *n_levels = 0;
  *values = NULL;
  ivh_range[0] = ivh_range[1] = 0;
  if (!mask_min_max (intensity, mask, n, &min, &max))
    {
      memset (levels, 0, n * sizeof *levels);
      return TRUE;
    }
  ivh_scale (method, isfinite (range[0]) ? range[0] : min, isfinite (range[1]) ? range[1] : max,
             min, max, &s);
  if (!check_levels (s.top, STM_DISCRETISE_MAX_IVH_LEVELS, _("The intensity-volume histogram"),
                     error))
    return FALSE;
  fill_levels (intensity, mask, n, method, s.lower, min, max, s.top, levels);
  *n_levels = (guint) s.top;
  *values = g_new (double, *n_levels);
  for (guint l = 0; l < *n_levels; l++)
    (*values)[l] = s.first + l * s.step;
  ivh_range[0] = s.g_min;
  ivh_range[1] = s.g_max;
  return TRUE;
}
