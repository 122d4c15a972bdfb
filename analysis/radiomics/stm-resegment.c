/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-resegment.h"

#include <math.h>

/* Mean and population SD of the finite intensities in the mask (two passes). */
static gboolean
mask_mean_sd (const float  *intensity,
              const guint8 *mask,
              gsize         n,
              double       *mean,
              double       *sd)
{
  double sum = 0, squares = 0;
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    if (mask[i] && isfinite (intensity[i]))
      {
        sum += intensity[i];
        count++;
      }
  if (count == 0)
    return FALSE;
  *mean = sum / (double) count;
  for (gsize i = 0; i < n; i++)
    if (mask[i] && isfinite (intensity[i]))
      squares += (intensity[i] - *mean) * (intensity[i] - *mean);
  *sd = sqrt (squares / (double) count);
  return TRUE;
}

void
stm_resegment_range (const float              *intensity,
                     const guint8             *morph_mask,
                     gsize                     n,
                     const StmRadiomicsConfig *config,
                     double                    range[2])
{
  double mean, sd;

  range[0] = config->has_range_min ? config->range_min : -INFINITY;
  range[1] = config->has_range_max ? config->range_max : INFINITY;
  if (config->has_outlier && mask_mean_sd (intensity, morph_mask, n, &mean, &sd))
    {
      range[0] = MAX (range[0], mean - config->outlier_sigma * sd);
      range[1] = MIN (range[1], mean + config->outlier_sigma * sd);
    }
}

gsize
stm_resegment_apply (const float  *intensity,
                     const guint8 *morph_mask,
                     gsize         n,
                     const double  range[2],
                     guint8       *int_mask)
{
  gsize kept = 0;

  for (gsize i = 0; i < n; i++)
    {
      double v = intensity[i];
      int_mask[i] = morph_mask[i] && isfinite (v) && v >= range[0] && v <= range[1];
      kept += int_mask[i];
    }
  return kept;
}
