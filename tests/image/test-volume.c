/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "stm-volume.h"

static void
test_size_overflow (void)
{
  gsize bytes = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (stm_volume_size_bytes (STM_VOXEL_FLOAT32, 512, 512, 300, &bytes));
  g_assert_cmpuint (bytes, ==, (gsize) 512 * 512 * 300 * 4);
  g_assert_false (stm_volume_size_bytes (STM_VOXEL_RGB8, G_MAXSIZE / 2, 3, 1, &bytes));
  g_assert_false (stm_volume_size_bytes (STM_VOXEL_FLOAT32, 65535, 65535, 999999, &bytes) &&
                  bytes < ((gsize) 1 << 40));

  g_assert_null (stm_volume_new (STM_VOXEL_FLOAT32, 65535, 65535, 999999, G_MAXUINT64, &error));
  g_assert_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (stm_volume_new (STM_VOXEL_FLOAT32, 100, 100, 100, 1000, &error));
  g_assert_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (stm_volume_new (STM_VOXEL_FLOAT32, 0, 100, 100, G_MAXUINT64, &error));
  g_assert_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID);
}

/* An oblique, sheared, anisotropic geometry maps voxels to LPS and back. */
static void
test_geometry_round_trip (void)
{
  StmGeometry g = { { 10, -20, 30 }, { 0.7, 0.8, 2.5 },
                    { { 1, 0, 0 }, { 0, 0.970, -0.242 }, { 0, 0, 1 } } };
  double voxel[3] = { 12.5, -3, 7 }, lps[3], back[3];

  stm_geometry_voxel_to_lps (&g, voxel, lps);
  g_assert_cmpfloat_with_epsilon (lps[0], 10 + 12.5 * 0.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (lps[1], -20 - 3 * 0.8 * 0.970, 1e-9);
  g_assert_cmpfloat_with_epsilon (lps[2], 30 + 3 * 0.8 * 0.242 + 7 * 2.5, 1e-9);
  g_assert_true (stm_geometry_lps_to_voxel (&g, lps, back));
  for (int a = 0; a < 3; a++)
    g_assert_cmpfloat_with_epsilon (back[a], voxel[a], 1e-9);
}

static void
test_grey_of_colour (void)
{
  g_autoptr(StmVolume) v = stm_volume_new (STM_VOXEL_RGB8, 2, 1, 1, G_MAXUINT64, NULL);
  guint8 *rgb = stm_volume_rgb_data (v);

  rgb[0] = 255; rgb[1] = 0; rgb[2] = 0;
  rgb[3] = 10; rgb[4] = 200; rgb[5] = 30;
  g_assert_cmpfloat_with_epsilon (stm_volume_grey_at (v, 0, 0, 0), 0.299 * 255, 1e-9);
  g_assert_cmpfloat_with_epsilon (stm_volume_grey_at (v, 1, 0, 0),
                                  0.299 * 10 + 0.587 * 200 + 0.114 * 30, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/volume/size-overflow", test_size_overflow);
  g_test_add_func ("/volume/geometry-round-trip", test_geometry_round_trip);
  g_test_add_func ("/volume/grey-of-colour", test_grey_of_colour);
  return g_test_run ();
}
