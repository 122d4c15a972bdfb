/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The view mapping, checked against hand-worked numbers. */
#include <math.h>

#include "stm-view-transform.h"

/* 40 x 20 voxels of 1 x 2 mm = 40 x 40 mm; in a 200 x 100 view it fits
 * at 100 / 40 = 2.5 pixels per mm, as a 100 x 100 square at x = 50. */
static void
make (StmViewTransform *t)
{
  const double spacing[2] = { 1.0, 2.0 };

  stm_view_transform_init (t, 40, 20, spacing);
  stm_view_transform_set_view_size (t, 200, 100);
}

static void
test_fit (void)
{
  StmViewTransform t;
  double rect[4], x, y;

  make (&t);
  g_assert_cmpfloat_with_epsilon (stm_view_transform_pixels_per_mm (&t), 2.5, 1e-12);
  stm_view_transform_image_rect (&t, rect);
  g_assert_cmpfloat_with_epsilon (rect[0], 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect[1], 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect[2], 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect[3], 100, 1e-9);
  /* Voxel (0, 0) is 2.5 x 5 pixels; its centre is half of that in. */
  stm_view_transform_voxel_to_screen (&t, 0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 51.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 2.5, 1e-9);
  stm_view_transform_voxel_to_screen (&t, 39, 19, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 148.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 97.5, 1e-9);
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int n = 0; n < 1000; n++)
    {
      StmViewTransform t;
      double x = g_rand_double_range (rand, -50, 250), y = g_rand_double_range (rand, -50, 150);
      double i, j, x2, y2;

      make (&t);
      stm_view_transform_zoom_at (&t, g_rand_double_range (rand, 0.2, 30),
                                  g_rand_double_range (rand, 0, 200),
                                  g_rand_double_range (rand, 0, 100));
      stm_view_transform_pan (&t, g_rand_double_range (rand, -300, 300),
                              g_rand_double_range (rand, -300, 300));
      stm_view_transform_screen_to_voxel (&t, x, y, &i, &j);
      stm_view_transform_voxel_to_screen (&t, i, j, &x2, &y2);
      g_assert_cmpfloat_with_epsilon (x2, x, 1e-9);
      g_assert_cmpfloat_with_epsilon (y2, y, 1e-9);
    }
}

/* The voxel under the zoom point stays under it, and the zoom is clamped. */
static void
test_zoom_at (void)
{
  StmViewTransform t;
  double i0, j0, i1, j1;

  make (&t);
  stm_view_transform_screen_to_voxel (&t, 70, 30, &i0, &j0);
  stm_view_transform_zoom_at (&t, 4, 70, 30);
  g_assert_cmpfloat_with_epsilon (t.zoom, 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (stm_view_transform_pixels_per_mm (&t), 10, 1e-12);
  stm_view_transform_screen_to_voxel (&t, 70, 30, &i1, &j1);
  g_assert_cmpfloat_with_epsilon (i1, i0, 1e-9);
  g_assert_cmpfloat_with_epsilon (j1, j0, 1e-9);
  /* By hand: (70, 30) is 30 px left of and 20 px above the centre at
   * zoom 1, so 120 and 80 at zoom 4; pan = (-30 + 120, -20 + 80). */
  g_assert_cmpfloat_with_epsilon (t.pan_x, 90, 1e-9);
  g_assert_cmpfloat_with_epsilon (t.pan_y, 60, 1e-9);

  stm_view_transform_zoom_at (&t, 1000, 70, 30);
  g_assert_cmpfloat (t.zoom, ==, STM_VIEW_ZOOM_MAX);
  stm_view_transform_zoom_at (&t, 1e-9, 70, 30);
  g_assert_cmpfloat (t.zoom, ==, STM_VIEW_ZOOM_MIN);
  stm_view_transform_zoom_at (&t, NAN, 70, 30);
  g_assert_cmpfloat (t.zoom, ==, STM_VIEW_ZOOM_MIN);
  stm_view_transform_fit (&t);
  g_assert_cmpfloat (t.zoom, ==, 1);
  g_assert_cmpfloat (t.pan_x, ==, 0);
  g_assert_cmpfloat (t.pan_y, ==, 0);
}

/* One voxel of the smaller spacing (1 mm here) per physical pixel. */
static void
test_one_to_one (void)
{
  StmViewTransform t;
  double x0, y0, x1, y1;

  make (&t);
  stm_view_transform_one_to_one (&t, 1, 100, 50);
  stm_view_transform_voxel_to_screen (&t, 10, 10, &x0, &y0);
  stm_view_transform_voxel_to_screen (&t, 11, 11, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1 - x0, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (y1 - y0, 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (t.zoom, 0.4, 1e-12);
  /* At device scale 2 a voxel is half a logical pixel. */
  stm_view_transform_one_to_one (&t, 2, 100, 50);
  g_assert_cmpfloat_with_epsilon (stm_view_transform_pixels_per_mm (&t), 0.5, 1e-12);
}

static void
test_pan_and_resize (void)
{
  StmViewTransform t;
  double rect[4], x, y;

  make (&t);
  stm_view_transform_pan (&t, 12, -7);
  stm_view_transform_image_rect (&t, rect);
  g_assert_cmpfloat_with_epsilon (rect[0], 62, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect[1], -7, 1e-9);
  /* Resizing keeps zoom and pan from the (new) centre. */
  stm_view_transform_set_view_size (&t, 400, 100);
  stm_view_transform_voxel_to_screen (&t, 19.5, 9.5, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 200 + 12, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 50 - 7, 1e-9);
}

static void
test_empty_view (void)
{
  StmViewTransform t;
  const double spacing[2] = { 0, NAN };   /* unknown: 1 mm */
  double i, j;

  stm_view_transform_init (&t, 10, 6, spacing);
  g_assert_cmpfloat (t.spacing[0], ==, 1);
  g_assert_cmpfloat (t.spacing[1], ==, 1);
  g_assert_cmpfloat (stm_view_transform_pixels_per_mm (&t), ==, 0);
  stm_view_transform_screen_to_voxel (&t, 5, 5, &i, &j);
  g_assert_cmpfloat (i, ==, 4.5);
  g_assert_cmpfloat (j, ==, 2.5);
  stm_view_transform_one_to_one (&t, 1, 0, 0);
  g_assert_cmpfloat (t.zoom, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/view-transform/fit", test_fit);
  g_test_add_func ("/view-transform/round-trip", test_round_trip);
  g_test_add_func ("/view-transform/zoom-at", test_zoom_at);
  g_test_add_func ("/view-transform/one-to-one", test_one_to_one);
  g_test_add_func ("/view-transform/pan-and-resize", test_pan_and_resize);
  g_test_add_func ("/view-transform/empty-view", test_empty_view);
  return g_test_run ();
}
