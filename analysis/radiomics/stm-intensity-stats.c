/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-intensity-stats.h"

#include <math.h>
#include <stdlib.h>

#define FAMILY "intensity-based statistics"

static const struct
{
  StmStat     stat;
  const char *feature;
  const char *code;
} stat_rows[] = {
  { STM_STAT_MEAN,     "Mean intensity",                                     "Q4LE" },
  { STM_STAT_VARIANCE, "Intensity variance",                                 "ECT3" },
  { STM_STAT_SKEWNESS, "Intensity skewness",                                 "KE2A" },
  { STM_STAT_KURTOSIS, "(Excess) intensity kurtosis",                        "IPH6" },
  { STM_STAT_MEDIAN,   "Median intensity",                                   "Y12H" },
  { STM_STAT_MINIMUM,  "Minimum intensity",                                  "1GSF" },
  { STM_STAT_P10,      "10th intensity percentile",                          "QG58" },
  { STM_STAT_P90,      "90th intensity percentile",                          "8DWT" },
  { STM_STAT_MAXIMUM,  "Maximum intensity",                                  "84IY" },
  { STM_STAT_IQR,      "Intensity interquartile range",                      "SALO" },
  { STM_STAT_RANGE,    "Intensity range",                                    "2OJQ" },
  { STM_STAT_MAD,      "Intensity-based mean absolute deviation",            "4FUA" },
  { STM_STAT_RMAD,     "Intensity-based robust mean absolute deviation",     "1128" },
  { STM_STAT_MEDAD,    "Intensity-based median absolute deviation",          "N72L" },
  { STM_STAT_COV,      "Intensity-based coefficient of variation",           "7TET" },
  { STM_STAT_QCOD,     "Intensity-based quartile coefficient of dispersion", "9S40" },
  { STM_STAT_ENERGY,   "Intensity-based energy",                             "N8CA" },
  { STM_STAT_RMS,      "Root mean square intensity",                         "5ZWQ" },
};

double
_stm_percentile_sorted (const double *sorted,
                        gsize         n,
                        guint         percent)
{
  g_return_val_if_fail (n > 0 && percent <= 100, NAN);

  /* h = (n - 1) percent / 100, split exactly into its whole and fractional
   * parts so that, say, the 90th percentile of 11 values is x_9 itself. */
  guint64 scaled = (guint64) (n - 1) * percent;
  gsize lo = scaled / 100;
  double frac = (double) (scaled % 100) / 100.0;

  if (frac == 0)
    return sorted[lo];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static double
mean_of (const double *x,
         gsize         n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += x[i];
  return sum / n;
}

static double
mean_abs_deviation (const double *x,
                    gsize         n,
                    double        centre)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += fabs (x[i] - centre);
  return sum / n;
}

/* Mean, variance, skewness, kurtosis, energy and RMS: a second pass over
 * the deviations from the mean, in double precision. */
static void
set_moments (const double *x,
             gsize         n,
             double       *s)
{
  double mean = mean_of (x, n), m2 = 0, m3 = 0, m4 = 0, sum_sq = 0;
  /* Sorted, so this is exact; it spares 0/0 from rounding noise in m2. */
  gboolean constant = x[0] == x[n - 1];

  for (gsize i = 0; i < n; i++)
    {
      double d = x[i] - mean, d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
      sum_sq += x[i] * x[i];
    }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  s[STM_STAT_MEAN] = mean;
  s[STM_STAT_VARIANCE] = constant ? 0 : m2;
  s[STM_STAT_SKEWNESS] = constant ? 0 : m3 / pow (m2, 1.5);
  s[STM_STAT_KURTOSIS] = constant ? 0 : m4 / (m2 * m2) - 3;
  s[STM_STAT_MAD] = constant ? 0 : mean_abs_deviation (x, n, mean);
  s[STM_STAT_COV] = mean != 0 ? sqrt (s[STM_STAT_VARIANCE]) / mean : NAN;
  s[STM_STAT_ENERGY] = sum_sq;
  s[STM_STAT_RMS] = sqrt (sum_sq / n);
}

/* Mean absolute deviation of the values in [p10, p90]: a contiguous run of
 * the sorted values. NaN when the run is empty (two distinct values). */
static double
robust_mad (const double *x,
            gsize         n,
            double        p10,
            double        p90)
{
  gsize lo = 0, hi = n;

  while (lo < n && x[lo] < p10)
    lo++;
  while (hi > lo && x[hi - 1] > p90)
    hi--;
  if (hi == lo)
    return NAN;
  return mean_abs_deviation (x + lo, hi - lo, mean_of (x + lo, hi - lo));
}

static void
set_order_statistics (const double *x,
                      gsize         n,
                      double       *s)
{
  double p25 = _stm_percentile_sorted (x, n, 25);
  double p75 = _stm_percentile_sorted (x, n, 75);

  s[STM_STAT_MEDIAN] = _stm_percentile_sorted (x, n, 50);
  s[STM_STAT_MINIMUM] = x[0];
  s[STM_STAT_P10] = _stm_percentile_sorted (x, n, 10);
  s[STM_STAT_P90] = _stm_percentile_sorted (x, n, 90);
  s[STM_STAT_MAXIMUM] = x[n - 1];
  s[STM_STAT_IQR] = p75 - p25;
  s[STM_STAT_RANGE] = x[n - 1] - x[0];
  s[STM_STAT_QCOD] = p75 + p25 != 0 ? (p75 - p25) / (p75 + p25) : NAN;
  s[STM_STAT_MEDAD] = mean_abs_deviation (x, n, s[STM_STAT_MEDIAN]);
  s[STM_STAT_RMAD] = robust_mad (x, n, s[STM_STAT_P10], s[STM_STAT_P90]);
}

void
_stm_intensity_summary (const double *sorted,
                        gsize         n,
                        double        stats[STM_STAT_N])
{
  for (int k = 0; k < STM_STAT_N; k++)
    stats[k] = NAN;
  if (n == 0)
    return;
  set_moments (sorted, n, stats);
  set_order_statistics (sorted, n, stats);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The intensities inside the intensity mask, sorted ascending. */
static double *
sorted_intensities (const StmRoi *roi,
                    gsize        *n_out)
{
  gsize total = roi->dims[0] * roi->dims[1] * roi->dims[2], n = 0;
  double *x;

  for (gsize i = 0; i < total; i++)
    n += roi->int_mask[i] != 0;
  x = g_new (double, MAX (n, 1));
  n = 0;
  for (gsize i = 0; i < total; i++)
    if (roi->int_mask[i])
      x[n++] = roi->intensity[i];
  qsort (x, n, sizeof *x, compare_doubles);
  *n_out = n;
  return x;
}

void
stm_intensity_stats_features (const StmRoi    *roi,
                              StmFeatureTable *out)
{
  gsize n = 0;
  g_autofree double *x = sorted_intensities (roi, &n);
  double s[STM_STAT_N];

  _stm_intensity_summary (x, n, s);
  for (gsize i = 0; i < G_N_ELEMENTS (stat_rows); i++)
    stm_feature_table_add (out, FAMILY, stat_rows[i].feature, stat_rows[i].code, STM_AGG_3D,
                           s[stat_rows[i].stat]);
}
