/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-ivh.h"

#include <math.h>

#define FAMILY "intensity-volume histogram"

/* The manual prints one code per section, so V10 and V90 share BC2M and
 * I10 and I90 share GBPN; the rows differ by feature name. */
#define CODE_VOLUME_AT_INTENSITY  "BC2M"
#define CODE_INTENSITY_AT_VOLUME  "GBPN"
#define CODE_VOLUME_DIFFERENCE    "DDTU"
#define CODE_INTENSITY_DIFFERENCE "CNV2"

typedef struct
{
  const StmRoi *roi;
  guint64      *at_least;   /* at_least[l]: voxels with IVH level >= l, l = 1..L+1 */
  guint64       n;          /* voxels in the IVH */
} Ivh;

static void
ivh_init (Ivh          *ivh,
          const StmRoi *roi)
{
  gsize total = roi->dims[0] * roi->dims[1] * roi->dims[2];
  guint n_levels = roi->ivh_n_levels;

  ivh->roi = roi;
  ivh->at_least = g_new0 (guint64, n_levels + 2);
  for (gsize i = 0; i < total; i++)
    {
      int l = roi->ivh_levels[i];
      if (!roi->int_mask[i])
        continue;
      g_warn_if_fail (l >= 1 && (guint) l <= n_levels);
      if (l >= 1 && (guint) l <= n_levels)
        ivh->at_least[l]++;
    }
  for (guint l = n_levels; l >= 1; l--)
    ivh->at_least[l] += ivh->at_least[l + 1];
  ivh->n = ivh->at_least[1];
}

static double
volume_fraction (const Ivh *ivh,
                 guint      level)
{
  return (double) ivh->at_least[level] / (double) ivh->n;
}

/* V_x: the largest volume fraction where gamma >= percent / 100. */
static double
volume_at_intensity (const Ivh *ivh,
                     guint      percent)
{
  const StmRoi *roi = ivh->roi;
  double low = roi->ivh_range[0], width = roi->ivh_range[1] - roi->ivh_range[0];
  double best = NAN;

  if (!(width > 0))
    return NAN;
  for (guint l = 1; l <= roi->ivh_n_levels; l++)
    {
      double nu = volume_fraction (ivh, l);
      if (100 * (roi->ivh_values[l - 1] - low) >= percent * width && (isnan (best) || nu > best))
        best = nu;
    }
  return best;
}

/* I_x: the smallest intensity whose volume fraction is <= percent / 100. */
static double
intensity_at_volume (const Ivh *ivh,
                     guint      percent)
{
  const StmRoi *roi = ivh->roi;
  double best = NAN, highest = roi->ivh_values[0];

  for (guint l = 1; l <= roi->ivh_n_levels; l++)
    {
      double value = roi->ivh_values[l - 1];
      highest = MAX (highest, value);
      if (100 * ivh->at_least[l] <= (guint64) percent * ivh->n && (isnan (best) || value < best))
        best = value;
    }
  return isnan (best) ? highest : best;
}

static void
add_row (StmFeatureTable *out,
         const char      *feature,
         const char      *code,
         double           value)
{
  stm_feature_table_add (out, FAMILY, feature, code, STM_AGG_3D, value);
}

/* v = { V10, V90, I10, I90 }, NaN for an empty ROI. */
static void
compute_values (const StmRoi *roi,
                double        v[4])
{
  Ivh ivh = { 0 };

  v[0] = v[1] = v[2] = v[3] = NAN;
  if (roi->ivh_n_levels == 0 || roi->ivh_values == NULL)
    return;
  ivh_init (&ivh, roi);
  if (ivh.n > 0)
    {
      v[0] = volume_at_intensity (&ivh, 10);
      v[1] = volume_at_intensity (&ivh, 90);
      v[2] = intensity_at_volume (&ivh, 10);
      v[3] = intensity_at_volume (&ivh, 90);
    }
  g_free (ivh.at_least);
}

void
stm_ivh_features (const StmRoi    *roi,
                  StmFeatureTable *out)
{
  double v[4];

  compute_values (roi, v);
  add_row (out, "Volume fraction at 10% intensity", CODE_VOLUME_AT_INTENSITY, v[0]);
  add_row (out, "Volume fraction at 90% intensity", CODE_VOLUME_AT_INTENSITY, v[1]);
  add_row (out, "Intensity at 10% volume", CODE_INTENSITY_AT_VOLUME, v[2]);
  add_row (out, "Intensity at 90% volume", CODE_INTENSITY_AT_VOLUME, v[3]);
  add_row (out, "Volume fraction difference between 10% and 90% intensity",
           CODE_VOLUME_DIFFERENCE, v[0] - v[1]);
  add_row (out, "Intensity difference between 10% and 90% volume",
           CODE_INTENSITY_DIFFERENCE, v[2] - v[3]);
}
