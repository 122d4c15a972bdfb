/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lengths, angles and areas against hand computations, with voxels that
 * are not square so a mix-up of the two spacings shows. */
#include <math.h>

#include "stm-measurement.h"

static void
test_length_anisotropic (void)
{
  /* 6 voxels of 0.5 mm across and 2 of 2 mm down: a 3-4-5 triangle. */
  const double spacing[2] = { 0.5, 2.0 };
  StmVoxelPoint a = { 0, 0 }, b = { 6, 2 };
  StmVoxelPoint c = { 2.25, 3.5 }, d = { 17.75, 11.0 };
  const double other[2] = { 0.7, 1.3 };

  g_assert_cmpfloat_with_epsilon (stm_measure_length (&a, &b, spacing), 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stm_measure_length (&b, &a, spacing), 5.0, 1e-12);
  /* 15.5 voxels of 0.7 mm = 10.85 mm; 7.5 of 1.3 mm = 9.75 mm. */
  g_assert_cmpfloat_with_epsilon (stm_measure_length (&c, &d, other),
                                  sqrt (10.85 * 10.85 + 9.75 * 9.75), 1e-12);
}

static void
test_angle_in_millimetres (void)
{
  const double square[2] = { 1, 1 }, tall[2] = { 1, 2 };
  StmVoxelPoint a = { 2, 0 }, vertex = { 0, 0 }, b = { 1, 1 }, c = { -3, 0 }, d = { 0, 5 };

  g_assert_cmpfloat_with_epsilon (stm_measure_angle (&a, &vertex, &b, square), 45.0, 1e-9);
  /* b is 1 mm across and 2 mm down on tall voxels: atan (2), not 45. */
  g_assert_cmpfloat_with_epsilon (stm_measure_angle (&a, &vertex, &b, tall),
                                  atan (2.0) * 180 / G_PI, 1e-9);
  g_assert_cmpfloat_with_epsilon (stm_measure_angle (&b, &vertex, &a, tall),
                                  atan (2.0) * 180 / G_PI, 1e-9);
  g_assert_cmpfloat_with_epsilon (stm_measure_angle (&a, &vertex, &c, tall), 180.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stm_measure_angle (&a, &vertex, &d, tall), 90.0, 1e-9);
  g_assert_cmpfloat (stm_measure_angle (&a, &vertex, &vertex, tall), ==, 0.0);
}

/* An L: a 4 x 1 bar with a 1 x 2 leg, 6 voxels², on voxels of 0.5 x 3 mm. */
static const StmVoxelPoint l_shape[] = {
  { 0, 0 }, { 4, 0 }, { 4, 1 }, { 1, 1 }, { 1, 3 }, { 0, 3 },
};

static void
test_polygon_area (void)
{
  const double spacing[2] = { 0.5, 3.0 };
  StmVoxelPoint reversed[G_N_ELEMENTS (l_shape)], shifted[G_N_ELEMENTS (l_shape)];
  guint n = G_N_ELEMENTS (l_shape);

  for (guint k = 0; k < n; k++)
    {
      reversed[k] = l_shape[n - 1 - k];
      shifted[k] = (StmVoxelPoint) { l_shape[k].i + 1000.25, l_shape[k].j + 2000.5 };
    }
  g_assert_cmpfloat_with_epsilon (stm_measure_polygon_area (l_shape, n, spacing), 9.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stm_measure_polygon_area (reversed, n, spacing), 9.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stm_measure_polygon_area (shifted, n, spacing), 9.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (stm_measure_area (STM_MEASUREMENT_POLYGON, l_shape, n, spacing),
                                  9.0, 1e-12);
  g_assert_cmpfloat (stm_measure_polygon_area (l_shape, 2, spacing), ==, 0.0);
}

/* A freehand trace of a circle: its area is the regular polygon's,
 * n / 2 r² sin (2 pi / n), and near pi r². */
static void
test_freehand_area (void)
{
  const double spacing[2] = { 0.8, 0.8 };
  const guint n = 720;
  const double r = 25;
  g_autofree StmVoxelPoint *points = g_new (StmVoxelPoint, n);
  double exact = n / 2.0 * r * r * sin (2 * G_PI / n) * 0.64;

  for (guint k = 0; k < n; k++)
    points[k] = (StmVoxelPoint) { 40 + r * cos (2 * G_PI * k / n), 30 + r * sin (2 * G_PI * k / n) };
  g_assert_cmpfloat_with_epsilon (stm_measure_area (STM_MEASUREMENT_FREEHAND, points, n, spacing),
                                  exact, 1e-9);
  g_assert_cmpfloat_with_epsilon (exact, G_PI * r * r * 0.64, 1e-4 * exact);
}

static double
ellipse_perimeter (double a, double b)
{
  /* Ramanujan's approximation, within 0.01 % for these shapes. */
  return G_PI * (3 * (a + b) - sqrt ((3 * a + b) * (a + 3 * b)));
}

/*
 * The ellipse's area is the exact pi a b; its statistics count the voxel
 * centres inside, which differ from the area in voxels by less than the
 * perimeter in voxels (each centre that can go either way lies within half
 * a voxel of the outline). That is the tolerance documented here.
 */
static void
test_ellipse_area (void)
{
  const double spacing[2] = { 0.8, 0.6 };
  StmVoxelPoint corners[2] = { { 50.1, 44.2 }, { 10.3, 20.6 } };
  double a = (50.1 - 10.3) / 2, b = (44.2 - 20.6) / 2;
  double area = stm_measure_area (STM_MEASUREMENT_ELLIPSE, corners, 2, spacing);
  gsize count = 0;

  g_assert_cmpfloat_with_epsilon (area, G_PI * a * 0.8 * b * 0.6, 1e-9);
  for (int j = 0; j < 60; j++)
    for (int i = 0; i < 60; i++)
      count += stm_measure_region_contains (STM_MEASUREMENT_ELLIPSE, corners, 2, i, j);
  g_assert_cmpfloat (fabs (count - G_PI * a * b), <, ellipse_perimeter (a, b));
  /* The centre and the ends of the axes are inside, the box corners not. */
  g_assert_true (stm_measure_region_contains (STM_MEASUREMENT_ELLIPSE, corners, 2, 30.2, 32.4));
  g_assert_true (stm_measure_region_contains (STM_MEASUREMENT_ELLIPSE, corners, 2, 10.4, 32.4));
  g_assert_false (stm_measure_region_contains (STM_MEASUREMENT_ELLIPSE, corners, 2, 11, 21.5));
}

static void
test_polygon_contains (void)
{
  guint n = G_N_ELEMENTS (l_shape);

  g_assert_true (stm_measure_region_contains (STM_MEASUREMENT_POLYGON, l_shape, n, 3.5, 0.5));
  g_assert_true (stm_measure_region_contains (STM_MEASUREMENT_POLYGON, l_shape, n, 0.5, 2.5));
  /* The notch of the L. */
  g_assert_false (stm_measure_region_contains (STM_MEASUREMENT_POLYGON, l_shape, n, 2.5, 2.5));
  g_assert_false (stm_measure_region_contains (STM_MEASUREMENT_POLYGON, l_shape, n, -0.5, 0.5));
  g_assert_false (stm_measure_region_contains (STM_MEASUREMENT_DISTANCE, l_shape, 2, 0.5, 0.5));
}

static void
test_kinds (void)
{
  g_assert_true (stm_measurement_kind_accepts (STM_MEASUREMENT_DISTANCE, 2));
  g_assert_false (stm_measurement_kind_accepts (STM_MEASUREMENT_DISTANCE, 3));
  g_assert_true (stm_measurement_kind_accepts (STM_MEASUREMENT_ANGLE, 3));
  g_assert_false (stm_measurement_kind_accepts (STM_MEASUREMENT_ELLIPSE, 3));
  g_assert_false (stm_measurement_kind_accepts (STM_MEASUREMENT_POLYGON, 2));
  g_assert_true (stm_measurement_kind_accepts (STM_MEASUREMENT_FREEHAND, 300));
  g_assert_false (stm_measurement_kind_is_region (STM_MEASUREMENT_ANGLE));
  g_assert_true (stm_measurement_kind_is_region (STM_MEASUREMENT_FREEHAND));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/measure/geometry/length-anisotropic", test_length_anisotropic);
  g_test_add_func ("/measure/geometry/angle-in-millimetres", test_angle_in_millimetres);
  g_test_add_func ("/measure/geometry/polygon-area", test_polygon_area);
  g_test_add_func ("/measure/geometry/freehand-area", test_freehand_area);
  g_test_add_func ("/measure/geometry/ellipse-area", test_ellipse_area);
  g_test_add_func ("/measure/geometry/polygon-contains", test_polygon_contains);
  g_test_add_func ("/measure/geometry/kinds", test_kinds);
  return g_test_run ();
}
