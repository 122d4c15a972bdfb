/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Intensity-based statistics, intensity histogram and intensity-volume
 * histogram: every reference row of the IBSI digital phantom, then small
 * cases worked out by hand (values in the comments).
 */
#include "radiomics-test-support.h"
#include "stm-intensity-histogram.h"
#include "stm-intensity-stats.h"
#include "stm-ivh.h"

#include <math.h>

#define FAMILY_STATS     "intensity-based statistics"
#define FAMILY_HISTOGRAM "intensity histogram"
#define FAMILY_IVH       "intensity-volume histogram"

typedef void (*FamilyFunc) (const StmRoi *roi, StmFeatureTable *out);

/*
 * An n x 1 x 1 ROI. A NaN intensity marks a voxel outside both masks (its
 * NaN must never reach a feature). Levels and IVH levels are @levels, or
 * the intensities when NULL; the IVH values are 1..n_levels over the range
 * [1, n_levels], as for the phantom.
 */
static StmRoi *
line_roi (const double *intensity,
          const int    *levels,
          gsize         n,
          guint         n_levels)
{
  StmRoi *roi = g_new0 (StmRoi, 1);

  roi->dims[0] = n;
  roi->dims[1] = roi->dims[2] = 1;
  roi->spacing[0] = roi->spacing[1] = roi->spacing[2] = 1;
  roi->intensity = g_new (float, n);
  roi->morph_mask = g_new0 (guint8, n);
  roi->int_mask = g_new0 (guint8, n);
  roi->levels = g_new0 (int, n);
  roi->ivh_levels = g_new0 (int, n);
  for (gsize i = 0; i < n; i++)
    {
      gboolean in = !isnan (intensity[i]);
      roi->intensity[i] = intensity[i];
      roi->morph_mask[i] = roi->int_mask[i] = in;
      roi->levels[i] = roi->ivh_levels[i] = !in ? 0 : levels ? levels[i] : (int) intensity[i];
      roi->n_int_voxels += in;
    }
  roi->n_morph_voxels = roi->n_int_voxels;
  roi->n_levels = roi->ivh_n_levels = n_levels;
  roi->ivh_values = g_new (double, MAX (n_levels, 1));
  for (guint l = 0; l < n_levels; l++)
    roi->ivh_values[l] = l + 1;
  roi->ivh_range[0] = 1;
  roi->ivh_range[1] = n_levels;
  return roi;
}

static StmFeatureTable *
run (FamilyFunc    family,
     const StmRoi *roi)
{
  StmFeatureTable *table = stm_feature_table_new ();

  family (roi, table);
  return table;
}

static double
value_of (const StmFeatureTable *table,
          const char            *feature)
{
  for (guint i = 0; i < stm_feature_table_length (table); i++)
    {
      const StmFeature *f = stm_feature_table_get (table, i);
      if (g_strcmp0 (f->feature, feature) == 0)
        return f->value;
    }
  g_error ("no row named \"%s\"", feature);
}

#define assert_feature(table, feature, expected) \
  g_assert_cmpfloat_with_epsilon (value_of (table, feature), expected, 1e-12)

/* ---- the IBSI digital phantom ------------------------------------------ */

static void
check_phantom_family (FamilyFunc  family,
                      const char *family_name,
                      guint       expected_rows)
{
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  if (roi == NULL)
    return;
  g_autoptr(StmFeatureTable) table = run (family, roi);

  g_assert_cmpuint (stm_feature_table_length (table), ==, expected_rows);
  for (guint i = 0; i < stm_feature_table_length (table); i++)
    {
      const StmFeature *f = stm_feature_table_get (table, i);
      g_assert_cmpstr (f->family, ==, family_name);
      g_assert_cmpstr (f->aggregation, ==, STM_AGG_3D);
    }
  g_assert_cmpuint (stm_test_check_reference (table, family_name, NULL), ==, expected_rows);
}

static void
test_phantom_statistics (void)
{
  check_phantom_family (stm_intensity_stats_features, FAMILY_STATS, 18);
}

static void
test_phantom_histogram (void)
{
  check_phantom_family (stm_intensity_histogram_features, FAMILY_HISTOGRAM, 23);
}

static void
test_phantom_ivh (void)
{
  check_phantom_family (stm_ivh_features, FAMILY_IVH, 6);
}

/* Exact values behind the rounded references: 50 ones, one 3, 16 fours, 7 sixes. */
static void
test_phantom_exact (void)
{
  g_autoptr(StmRoi) roi = stm_test_phantom_roi ();
  if (roi == NULL)
    return;
  g_autoptr(StmFeatureTable) stats = run (stm_intensity_stats_features, roi);
  g_autoptr(StmFeatureTable) ivh = run (stm_ivh_features, roi);

  assert_feature (stats, "Mean intensity", 159.0 / 74);
  assert_feature (stats, "Intensity-based energy", 567);
  /* The manual's note: some implementations give 4.2 (Hazen's estimator) instead of 4. */
  assert_feature (stats, "90th intensity percentile", 4);
  assert_feature (ivh, "Volume fraction at 10% intensity", 24.0 / 74);
  assert_feature (ivh, "Volume fraction at 90% intensity", 7.0 / 74);
}

/* ---- intensity-based statistics, by hand ------------------------------- */

/* {1, 2, 3, 4, 10} shuffled, and two voxels outside the mask. Mean 4,
 * deviations -3 -2 -1 0 6: m2 = 50/5, m3 = 180/5, m4 = 1394/5. Sorted
 * positions h = 4p: P10 = 1.4, P25 = 2, P75 = 4, P90 = 4 + 0.6 * 6 = 7.6;
 * [P10, P90] holds {2, 3, 4}. */
static void
test_statistics_five_values (void)
{
  static const double values[] = { 10, NAN, 3, 1, 4, NAN, 2 };
  g_autoptr(StmRoi) roi = line_roi (values, NULL, G_N_ELEMENTS (values), 10);
  g_autoptr(StmFeatureTable) t = run (stm_intensity_stats_features, roi);

  g_assert_cmpuint (stm_feature_table_length (t), ==, 18);
  assert_feature (t, "Mean intensity", 4);
  assert_feature (t, "Intensity variance", 10);
  assert_feature (t, "Intensity skewness", 36 / pow (10, 1.5));
  assert_feature (t, "(Excess) intensity kurtosis", 278.8 / 100 - 3);
  assert_feature (t, "Median intensity", 3);
  assert_feature (t, "Minimum intensity", 1);
  assert_feature (t, "10th intensity percentile", 1.4);
  assert_feature (t, "90th intensity percentile", 7.6);
  assert_feature (t, "Maximum intensity", 10);
  assert_feature (t, "Intensity interquartile range", 2);
  assert_feature (t, "Intensity range", 9);
  assert_feature (t, "Intensity-based mean absolute deviation", 12.0 / 5);
  assert_feature (t, "Intensity-based robust mean absolute deviation", 2.0 / 3);
  assert_feature (t, "Intensity-based median absolute deviation", 11.0 / 5);
  assert_feature (t, "Intensity-based coefficient of variation", sqrt (10) / 4);
  assert_feature (t, "Intensity-based quartile coefficient of dispersion", 2.0 / 6);
  assert_feature (t, "Intensity-based energy", 130);
  assert_feature (t, "Root mean square intensity", sqrt (26));
}

static void
test_statistics_percentiles (void)
{
  static const double one[] = { 7 };
  static const double two[] = { 0, 10 };
  static const double eleven[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  static const double ties[] = { 1, 1, 1, 4, 4, 4, 4, 4, 6, 6 };

  for (guint p = 0; p <= 100; p += 5)
    g_assert_cmpfloat (_stm_percentile_sorted (one, 1, p), ==, 7);
  /* h = p / 100 between the two values. */
  g_assert_cmpfloat (_stm_percentile_sorted (two, 2, 0), ==, 0);
  g_assert_cmpfloat_with_epsilon (_stm_percentile_sorted (two, 2, 10), 1, 1e-12);
  g_assert_cmpfloat (_stm_percentile_sorted (two, 2, 50), ==, 5);
  g_assert_cmpfloat_with_epsilon (_stm_percentile_sorted (two, 2, 90), 9, 1e-12);
  g_assert_cmpfloat (_stm_percentile_sorted (two, 2, 100), ==, 10);
  /* h = 10 p / 100 is whole: the order statistic itself, exactly. */
  g_assert_cmpfloat (_stm_percentile_sorted (eleven, 11, 10), ==, 1);
  g_assert_cmpfloat (_stm_percentile_sorted (eleven, 11, 90), ==, 9);
  g_assert_cmpfloat (_stm_percentile_sorted (eleven, 11, 25), ==, 2.5);
  /* Inside a run of ties the interpolation stays on the tied value. */
  g_assert_cmpfloat (_stm_percentile_sorted (ties, 10, 50), ==, 4);
  g_assert_cmpfloat (_stm_percentile_sorted (ties, 10, 75), ==, 4);
  /* h = 2.7 between 1 and 4; h = 8.1 between 6 and 6. */
  g_assert_cmpfloat_with_epsilon (_stm_percentile_sorted (ties, 10, 30), 1 + 0.7 * 3, 1e-12);
  g_assert_cmpfloat (_stm_percentile_sorted (ties, 10, 90), ==, 6);
}

/* Two distinct values: P10 = 1 and P90 = 9 hold neither, so the robust
 * mean absolute deviation has no voxels. One value: everything collapses. */
static void
test_statistics_tiny (void)
{
  static const double two[] = { 10, 0 };
  static const double one[] = { -3 };
  g_autoptr(StmRoi) roi2 = line_roi (two, (const int[]) { 1, 1 }, 2, 1);
  g_autoptr(StmRoi) roi1 = line_roi (one, (const int[]) { 1 }, 1, 1);
  g_autoptr(StmFeatureTable) t2 = run (stm_intensity_stats_features, roi2);
  g_autoptr(StmFeatureTable) t1 = run (stm_intensity_stats_features, roi1);

  assert_feature (t2, "Median intensity", 5);
  assert_feature (t2, "10th intensity percentile", 1);
  assert_feature (t2, "90th intensity percentile", 9);
  assert_feature (t2, "Intensity skewness", 0);
  assert_feature (t2, "(Excess) intensity kurtosis", -2);
  g_assert_true (isnan (value_of (t2, "Intensity-based robust mean absolute deviation")));

  assert_feature (t1, "Median intensity", -3);
  assert_feature (t1, "Intensity variance", 0);
  assert_feature (t1, "Intensity-based robust mean absolute deviation", 0);
  assert_feature (t1, "Intensity-based coefficient of variation", 0);
}

/* The manual: skewness and kurtosis are 0 when the variance is 0. 0.1f
 * repeated has a rounded mean; the result must still be exactly 0. */
static void
test_statistics_all_equal (void)
{
  static const double tenths[] = { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 };
  static const double zeros[] = { 0, 0, 0 };
  g_autoptr(StmRoi) roi = line_roi (tenths, (const int[]) { 1, 1, 1, 1, 1, 1, 1 }, 7, 1);
  g_autoptr(StmRoi) zero_roi = line_roi (zeros, (const int[]) { 1, 1, 1 }, 3, 1);
  g_autoptr(StmFeatureTable) t = run (stm_intensity_stats_features, roi);
  g_autoptr(StmFeatureTable) z = run (stm_intensity_stats_features, zero_roi);
  static const char *const zero_features[] = {
    "Intensity variance", "Intensity skewness", "(Excess) intensity kurtosis",
    "Intensity interquartile range", "Intensity range",
    "Intensity-based mean absolute deviation", "Intensity-based robust mean absolute deviation",
    "Intensity-based median absolute deviation", "Intensity-based coefficient of variation",
    "Intensity-based quartile coefficient of dispersion",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (zero_features); i++)
    g_assert_cmpfloat (value_of (t, zero_features[i]), ==, 0);
  g_assert_cmpfloat (value_of (t, "Median intensity"), ==, 0.1f);
  g_assert_cmpfloat (value_of (t, "10th intensity percentile"), ==, 0.1f);
  /* Mean 0: the two ratios are undefined. */
  g_assert_true (isnan (value_of (z, "Intensity-based coefficient of variation")));
  g_assert_true (isnan (value_of (z, "Intensity-based quartile coefficient of dispersion")));
  g_assert_cmpfloat (value_of (z, "Intensity skewness"), ==, 0);
}

/* Nothing in the mask: every row is present, and NaN. */
static void
test_empty_roi (void)
{
  static const double none[] = { NAN, NAN };
  g_autoptr(StmRoi) roi = line_roi (none, NULL, 2, 3);
  const struct { FamilyFunc family; guint rows; } families[] = {
    { stm_intensity_stats_features, 18 },
    { stm_intensity_histogram_features, 23 },
    { stm_ivh_features, 6 },
  };

  for (gsize k = 0; k < G_N_ELEMENTS (families); k++)
    {
      g_autoptr(StmFeatureTable) t = run (families[k].family, roi);
      g_assert_cmpuint (stm_feature_table_length (t), ==, families[k].rows);
      for (guint i = 0; i < families[k].rows; i++)
        g_assert_true (isnan (stm_feature_table_get (t, i)->value));
    }
}

/* ---- intensity histogram, by hand -------------------------------------- */

/* Levels {1, 1, 2, 4} of N_g = 4 (bin 3 empty): counts 2 1 0 1,
 * p = 1/2 1/4 0 1/4, H' = (1 - 2, (0 - 2)/2, (1 - 1)/2, 1 - 0) = (-1, -1, 0, 1). */
static void
test_histogram_by_hand (void)
{
  static const double intensity[] = { 4, 1, 2, 1 };
  g_autoptr(StmRoi) roi = line_roi (intensity, NULL, 4, 4);
  g_autoptr(StmFeatureTable) t = run (stm_intensity_histogram_features, roi);

  g_assert_cmpuint (stm_feature_table_length (t), ==, 23);
  assert_feature (t, "Mean discretised intensity", 2);
  assert_feature (t, "Discretised intensity variance", 1.5);
  assert_feature (t, "Median discretised intensity", 1.5);
  assert_feature (t, "10th discretised intensity percentile", 1);
  assert_feature (t, "90th discretised intensity percentile", 2 + 0.7 * 2);
  assert_feature (t, "Intensity histogram mode", 1);
  assert_feature (t, "Discretised intensity range", 3);
  assert_feature (t, "Discretised intensity entropy", 1.5);
  assert_feature (t, "Discretised intensity uniformity", 0.375);
  assert_feature (t, "Maximum histogram gradient", 1);
  assert_feature (t, "Maximum histogram gradient intensity", 4);
  /* -1 at levels 1 and 2: the first. */
  assert_feature (t, "Minimum histogram gradient", -1);
  assert_feature (t, "Minimum histogram gradient intensity", 1);
}

static double
mode_of (const int *levels,
         gsize      n,
         guint      n_levels)
{
  g_autofree double *intensity = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    intensity[i] = levels[i];
  g_autoptr(StmRoi) roi = line_roi (intensity, levels, n, n_levels);
  g_autoptr(StmFeatureTable) t = run (stm_intensity_histogram_features, roi);

  return value_of (t, "Intensity histogram mode");
}

static void
test_histogram_mode_ties (void)
{
  /* Counts tie at 1 and 3, mean 2.4: 3 is closer. */
  g_assert_cmpfloat (mode_of ((const int[]) { 1, 1, 3, 3, 4 }, 5, 4), ==, 3);
  /* Mean 2, 1 and 3 equally close: the one left of the mean. */
  g_assert_cmpfloat (mode_of ((const int[]) { 3, 1, 3, 1 }, 4, 3), ==, 1);
  /* Counts tie at 2 and 4, equally close to the mean 3: the left one. */
  g_assert_cmpfloat (mode_of ((const int[]) { 5, 4, 2, 4, 2, 1 }, 6, 5), ==, 2);
  /* No tie: the highest count wins whatever the mean. */
  g_assert_cmpfloat (mode_of ((const int[]) { 1, 5, 5, 5, 1 }, 5, 5), ==, 5);
}

/* One bin: entropy 0, uniformity 1, gradient 0 at level 1. */
static void
test_histogram_single_level (void)
{
  static const double intensity[] = { 1, 1, 1 };
  g_autoptr(StmRoi) roi = line_roi (intensity, NULL, 3, 1);
  g_autoptr(StmFeatureTable) t = run (stm_intensity_histogram_features, roi);

  assert_feature (t, "Discretised intensity variance", 0);
  assert_feature (t, "Discretised intensity skewness", 0);
  assert_feature (t, "(Excess) discretised intensity kurtosis", 0);
  assert_feature (t, "Intensity histogram mode", 1);
  assert_feature (t, "Discretised intensity entropy", 0);
  assert_feature (t, "Discretised intensity uniformity", 1);
  assert_feature (t, "Maximum histogram gradient", 0);
  assert_feature (t, "Maximum histogram gradient intensity", 1);
  assert_feature (t, "Minimum histogram gradient", 0);
  assert_feature (t, "Minimum histogram gradient intensity", 1);
}

/* ---- intensity-volume histogram, by hand ------------------------------- */

static StmFeatureTable *
ivh_of (StmRoi *roi)
{
  return run (stm_ivh_features, roi);
}

static void
assert_ivh (const StmFeatureTable *t,
            double v10, double v90, double i10, double i90)
{
  assert_feature (t, "Volume fraction at 10% intensity", v10);
  assert_feature (t, "Volume fraction at 90% intensity", v90);
  assert_feature (t, "Intensity at 10% volume", i10);
  assert_feature (t, "Intensity at 90% volume", i90);
  assert_feature (t, "Volume fraction difference between 10% and 90% intensity", v10 - v90);
  assert_feature (t, "Intensity difference between 10% and 90% volume", i10 - i90);
}

/* Levels 1..10, one voxel each, G = [1, 10]: nu_l = (11 - l) / 10 and
 * gamma_l = (l - 1) / 9. gamma >= 0.1 first at l = 2 (nu 0.9), gamma >= 0.9
 * only at l = 10 (nu 0.1); nu <= 0.1 first at l = 10, nu <= 0.9 at l = 2. */
static void
test_ivh_ramp (void)
{
  static const double ramp[] = { 7, 1, 10, 2, 9, 3, 8, 4, 6, 5 };
  g_autoptr(StmRoi) roi = line_roi (ramp, NULL, 10, 10);
  g_autoptr(StmFeatureTable) t = ivh_of (roi);

  assert_ivh (t, 0.9, 0.1, 10, 2);
}

/* The same ramp with fixed-bin-size bin centres 0.5..9.5 (w = 1) and
 * G = [0.5, 9.5]: gamma and nu are unchanged, the intensities are the centres. */
static void
test_ivh_bin_centres (void)
{
  static const double ramp[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  g_autoptr(StmRoi) roi = line_roi (ramp, NULL, 10, 10);

  for (guint l = 0; l < 10; l++)
    roi->ivh_values[l] = l + 0.5;
  roi->ivh_range[0] = 0.5;
  roi->ivh_range[1] = 9.5;
  g_autoptr(StmFeatureTable) t = ivh_of (roi);
  assert_ivh (t, 0.9, 0.1, 9.5, 1.5);
}

/* A re-segmentation range [1, 10] wider than the data (levels 1..5): the
 * empty levels 6..10 have nu = 0, so V90 = 0 and I10 = 6. */
static void
test_ivh_wide_range (void)
{
  static const double ramp[] = { 1, 2, 3, 4, 5 };
  g_autoptr(StmRoi) roi = line_roi (ramp, NULL, 5, 10);
  g_autoptr(StmFeatureTable) t = ivh_of (roi);

  assert_ivh (t, 0.8, 0, 6, 2);
}

/* Exactly 10 % of the volume at the top level counts as "at most 10 %";
 * with 2 of 3 voxels there no level qualifies and I10 is the highest
 * intensity of the IVH. */
static void
test_ivh_boundaries (void)
{
  static const double tenth[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 2 };
  static const double heavy_top[] = { 1, 2, 2 };
  g_autoptr(StmRoi) roi = line_roi (tenth, NULL, 10, 2);
  g_autoptr(StmRoi) top = line_roi (heavy_top, NULL, 3, 2);
  g_autoptr(StmFeatureTable) t = ivh_of (roi);
  g_autoptr(StmFeatureTable) u = ivh_of (top);

  assert_ivh (t, 0.1, 0.1, 2, 2);
  assert_ivh (u, 2.0 / 3, 2.0 / 3, 2, 2);
}

/* One intensity, G = [4, 4]: gamma is undefined, so V is NaN; I is 4. */
static void
test_ivh_all_equal (void)
{
  static const double fours[] = { 4, 4, 4, 4 };
  g_autoptr(StmRoi) roi = line_roi (fours, (const int[]) { 1, 1, 1, 1 }, 4, 1);

  roi->ivh_values[0] = 4;
  roi->ivh_range[0] = roi->ivh_range[1] = 4;
  g_autoptr(StmFeatureTable) t = ivh_of (roi);
  g_assert_true (isnan (value_of (t, "Volume fraction at 10% intensity")));
  g_assert_true (isnan (value_of (t, "Volume fraction at 90% intensity")));
  g_assert_true (isnan (value_of (t, "Volume fraction difference between 10% and 90% intensity")));
  assert_feature (t, "Intensity at 10% volume", 4);
  assert_feature (t, "Intensity at 90% volume", 4);
  assert_feature (t, "Intensity difference between 10% and 90% volume", 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/radiomics/intensity/phantom/statistics", test_phantom_statistics);
  g_test_add_func ("/radiomics/intensity/phantom/histogram", test_phantom_histogram);
  g_test_add_func ("/radiomics/intensity/phantom/ivh", test_phantom_ivh);
  g_test_add_func ("/radiomics/intensity/phantom/exact", test_phantom_exact);
  g_test_add_func ("/radiomics/intensity/statistics/five-values", test_statistics_five_values);
  g_test_add_func ("/radiomics/intensity/statistics/percentiles", test_statistics_percentiles);
  g_test_add_func ("/radiomics/intensity/statistics/tiny", test_statistics_tiny);
  g_test_add_func ("/radiomics/intensity/statistics/all-equal", test_statistics_all_equal);
  g_test_add_func ("/radiomics/intensity/empty-roi", test_empty_roi);
  g_test_add_func ("/radiomics/intensity/histogram/by-hand", test_histogram_by_hand);
  g_test_add_func ("/radiomics/intensity/histogram/mode-ties", test_histogram_mode_ties);
  g_test_add_func ("/radiomics/intensity/histogram/single-level", test_histogram_single_level);
  g_test_add_func ("/radiomics/intensity/ivh/ramp", test_ivh_ramp);
  g_test_add_func ("/radiomics/intensity/ivh/bin-centres", test_ivh_bin_centres);
  g_test_add_func ("/radiomics/intensity/ivh/wide-range", test_ivh_wide_range);
  g_test_add_func ("/radiomics/intensity/ivh/boundaries", test_ivh_boundaries);
  g_test_add_func ("/radiomics/intensity/ivh/all-equal", test_ivh_all_equal);

  return g_test_run ();
}
