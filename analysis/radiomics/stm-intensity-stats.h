/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IBSI intensity-based statistical features (UHIW): 18 features of the
 * intensities inside the intensity mask, over the volume (DHQ4).
 *
 * Percentiles: the manual names percentiles without fixing an estimator,
 * and notes that some implementations give 4.2 instead of the reference 4
 * for the digital phantom's 90th percentile. We use linear interpolation
 * between order statistics (Hyndman-Fan type 7, the default of R's
 * quantile() and numpy.percentile(), which the IBSI reference values
 * agree with): with the values sorted x_0 <= ... <= x_{n-1} and
 * h = (n - 1) p, P_p = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)).
 * The median is P_50.
 *
 * Undefined values are NaN: every feature of an empty ROI, the coefficient
 * of variation when the mean is 0, the quartile coefficient of dispersion
 * when P75 + P25 = 0. When every intensity is equal the variance is 0 and,
 * as the manual defines, skewness and kurtosis are 0.
 */
#pragma once

#include "stm-feature-table.h"
#include "stm-roi.h"

G_BEGIN_DECLS

void stm_intensity_stats_features (const StmRoi    *roi,
                                   StmFeatureTable *out);

/* Shared with the intensity histogram, whose first 16 features are these
 * statistics of the discretised intensities. */
typedef enum
{
  STM_STAT_MEAN,
  STM_STAT_VARIANCE,
  STM_STAT_SKEWNESS,
  STM_STAT_KURTOSIS,
  STM_STAT_MEDIAN,
  STM_STAT_MINIMUM,
  STM_STAT_P10,
  STM_STAT_P90,
  STM_STAT_MAXIMUM,
  STM_STAT_IQR,
  STM_STAT_RANGE,
  STM_STAT_MAD,
  STM_STAT_RMAD,
  STM_STAT_MEDAD,
  STM_STAT_COV,
  STM_STAT_QCOD,
  STM_STAT_ENERGY,
  STM_STAT_RMS,
  STM_STAT_N
} StmStat;

/* The @percent-th percentile (0..100) of @n > 0 values sorted ascending. */
double _stm_percentile_sorted   (const double *sorted,
                                 gsize         n,
                                 guint         percent);

/* Every StmStat of @n values sorted ascending; all NaN when @n is 0. */
void   _stm_intensity_summary   (const double *sorted,
                                 gsize         n,
                                 double        stats[STM_STAT_N]);

G_END_DECLS
