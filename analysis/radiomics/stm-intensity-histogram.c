/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-intensity-histogram.h"

#include <math.h>

#include "stm-intensity-stats.h"

#define FAMILY "intensity histogram"

/* Values beyond the shared statistics, after them in one array. */
enum
{
  IH_MODE = STM_STAT_N,
  IH_ENTROPY,
  IH_UNIFORMITY,
  IH_MAX_GRADIENT,
  IH_MAX_GRADIENT_LEVEL,
  IH_MIN_GRADIENT,
  IH_MIN_GRADIENT_LEVEL,
  IH_N
};

/* In the manual's order. 1PR8 is printed twice by the manual (minimum and
 * 10th percentile); it is kept as printed, see the IBSI data README. */
static const struct
{
  int         value;
  const char *feature;
  const char *code;
} histogram_rows[] = {
  { STM_STAT_MEAN,         "Mean discretised intensity",                             "X6K6" },
  { STM_STAT_VARIANCE,     "Discretised intensity variance",                         "CH89" },
  { STM_STAT_SKEWNESS,     "Discretised intensity skewness",                         "88K1" },
  { STM_STAT_KURTOSIS,     "(Excess) discretised intensity kurtosis",                "C3I7" },
  { STM_STAT_MEDIAN,       "Median discretised intensity",                           "WIFQ" },
  { STM_STAT_MINIMUM,      "Minimum discretised intensity",                          "1PR8" },
  { STM_STAT_P10,          "10th discretised intensity percentile",                  "1PR8" },
  { STM_STAT_P90,          "90th discretised intensity percentile",                  "GPMT" },
  { STM_STAT_MAXIMUM,      "Maximum discretised intensity",                          "3NCY" },
  { IH_MODE,               "Intensity histogram mode",                               "AMMC" },
  { STM_STAT_IQR,          "Discretised intensity interquartile range",              "WR0O" },
  { STM_STAT_RANGE,        "Discretised intensity range",                            "5Z3W" },
  { STM_STAT_MAD,          "Intensity histogram mean absolute deviation",            "D2ZX" },
  { STM_STAT_RMAD,         "Intensity histogram robust mean absolute deviation",     "WRZB" },
  { STM_STAT_MEDAD,        "Intensity histogram median absolute deviation",          "4RNL" },
  { STM_STAT_COV,          "Intensity histogram coefficient of variation",           "CWYJ" },
  { STM_STAT_QCOD,         "Intensity histogram quartile coefficient of dispersion", "SLWD" },
  { IH_ENTROPY,            "Discretised intensity entropy",                          "TLU2" },
  { IH_UNIFORMITY,         "Discretised intensity uniformity",                       "BJ5W" },
  { IH_MAX_GRADIENT,       "Maximum histogram gradient",                             "12CE" },
  { IH_MAX_GRADIENT_LEVEL, "Maximum histogram gradient intensity",                   "8E6O" },
  { IH_MIN_GRADIENT,       "Minimum histogram gradient",                             "VQB3" },
  { IH_MIN_GRADIENT_LEVEL, "Minimum histogram gradient intensity",                   "RHQZ" },
};

/* counts[l] for levels l = 1..n_levels (counts[0] unused); *n their sum. */
static guint64 *
count_levels (const StmRoi *roi,
              gsize        *n)
{
  gsize total = roi->dims[0] * roi->dims[1] * roi->dims[2];
  guint64 *counts = g_new0 (guint64, roi->n_levels + 1);

  *n = 0;
  for (gsize i = 0; i < total; i++)
    {
      int l = roi->levels[i];
      if (!roi->int_mask[i])
        continue;
      g_warn_if_fail (l >= 1 && (guint) l <= roi->n_levels);
      if (l < 1 || (guint) l > roi->n_levels)
        continue;
      counts[l]++;
      (*n)++;
    }
  return counts;
}

/* The levels in ascending order: a counting sort. */
static double *
sorted_levels (const guint64 *counts,
               guint          n_levels,
               gsize          n)
{
  double *x = g_new (double, MAX (n, 1));
  gsize k = 0;

  for (guint l = 1; l <= n_levels; l++)
    for (guint64 c = 0; c < counts[l]; c++)
      x[k++] = l;
  return x;
}

static double
histogram_mode (const guint64 *counts,
                guint          n_levels,
                double         mean)
{
  guint best = 1;

  /* Ascending, with a strict comparison: an equidistant tie keeps the left bin. */
  for (guint l = 2; l <= n_levels; l++)
    if (counts[l] > counts[best] ||
        (counts[l] == counts[best] && fabs (l - mean) < fabs (best - mean)))
      best = l;
  return best;
}

static void
set_entropy_uniformity (const guint64 *counts,
                        guint          n_levels,
                        gsize          n,
                        double        *v)
{
  double entropy = 0, uniformity = 0;

  for (guint l = 1; l <= n_levels; l++)
    {
      double p = (double) counts[l] / n;
      if (p > 0)
        entropy -= p * log2 (p);
      uniformity += p * p;
    }
  v[IH_ENTROPY] = entropy;
  v[IH_UNIFORMITY] = uniformity;
}

/* H'_l: one-sided differences at the ends, central ones inside. */
static double
gradient_at (const guint64 *counts,
             guint          n_levels,
             guint          l)
{
  if (n_levels == 1)
    return 0;
  if (l == 1)
    return (double) counts[2] - (double) counts[1];
  if (l == n_levels)
    return (double) counts[l] - (double) counts[l - 1];
  return ((double) counts[l + 1] - (double) counts[l - 1]) / 2;
}

static void
set_gradient_extremes (const guint64 *counts,
                       guint          n_levels,
                       double        *v)
{
  double max = gradient_at (counts, n_levels, 1), min = max;
  guint max_level = 1, min_level = 1;

  for (guint l = 2; l <= n_levels; l++)
    {
      double g = gradient_at (counts, n_levels, l);
      if (g > max)
        {
          max = g;
          max_level = l;
        }
      if (g < min)
        {
          min = g;
          min_level = l;
        }
    }
  v[IH_MAX_GRADIENT] = max;
  v[IH_MAX_GRADIENT_LEVEL] = max_level;
  v[IH_MIN_GRADIENT] = min;
  v[IH_MIN_GRADIENT_LEVEL] = min_level;
}

static void
compute_values (const StmRoi *roi,
                double        v[IH_N])
{
  gsize n = 0;
  g_autofree guint64 *counts = count_levels (roi, &n);
  g_autofree double *x = sorted_levels (counts, roi->n_levels, n);

  _stm_intensity_summary (x, n, v);
  for (int k = STM_STAT_N; k < IH_N; k++)
    v[k] = NAN;
  if (n == 0)
    return;
  v[IH_MODE] = histogram_mode (counts, roi->n_levels, v[STM_STAT_MEAN]);
  set_entropy_uniformity (counts, roi->n_levels, n, v);
  set_gradient_extremes (counts, roi->n_levels, v);
}

void
stm_intensity_histogram_features (const StmRoi    *roi,
                                  StmFeatureTable *out)
{
  double v[IH_N];

  compute_values (roi, v);
  for (gsize i = 0; i < G_N_ELEMENTS (histogram_rows); i++)
    stm_feature_table_add (out, FAMILY, histogram_rows[i].feature, histogram_rows[i].code,
                           STM_AGG_3D, v[histogram_rows[i].value]);
}
