/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "stm-orientation.h"
#include "stm-test-support.h"

typedef struct
{
  char left[4], right[4], top[4], bottom[4];
} Markers;

static Markers
markers_for (const double row[3], const double col[3])
{
  StmGeometry g;
  Markers m;

  stm_geometry_init_identity (&g);
  for (int c = 0; c < 3; c++)
    {
      g.axes[0][c] = row[c];
      g.axes[1][c] = col[c];
    }
  stm_orientation_markers (&g, m.left, m.right, m.top, m.bottom);
  return m;
}

static void
test_axial (void)
{
  StmGeometry g;
  Markers m;

  stm_geometry_init_identity (&g);
  stm_orientation_markers (&g, m.left, m.right, m.top, m.bottom);
  g_assert_cmpstr (m.left, ==, "R");
  g_assert_cmpstr (m.right, ==, "L");
  g_assert_cmpstr (m.top, ==, "A");
  g_assert_cmpstr (m.bottom, ==, "P");
}

static void
test_oblique (void)
{
  double n = sqrt (1.25);
  double row[3] = { 1 / n, 0.5 / n, 0 };
  double three[3] = { -0.3, 0.8, 0.52 };
  char out[4];

  stm_orientation_label (row, out);
  g_assert_cmpstr (out, ==, "LP");
  row[0] = -row[0];
  row[1] = -row[1];
  stm_orientation_label (row, out);
  g_assert_cmpstr (out, ==, "RA");
  stm_orientation_label (three, out);
  g_assert_cmpstr (out, ==, "PHR");
}

/* Rows run anterior to posterior, columns head to foot. */
static void
test_sagittal (void)
{
  Markers m = markers_for ((double[3]) { 0, 1, 0 }, (double[3]) { 0, 0, -1 });

  g_assert_cmpstr (m.left, ==, "A");
  g_assert_cmpstr (m.right, ==, "P");
  g_assert_cmpstr (m.top, ==, "H");
  g_assert_cmpstr (m.bottom, ==, "F");
}

static void
test_gantry_tilt (void)
{
  Markers m = markers_for ((double[3]) { 1, 0, 0 }, (double[3]) { 0, 0.970, -0.242 });

  g_assert_cmpstr (m.bottom, ==, "PF");
  g_assert_cmpstr (m.top, ==, "AH");
  g_assert_cmpstr (m.right, ==, "L");
}

/* Rounding noise in a stored orientation does not add a letter. */
static void
test_noise (void)
{
  char out[4];

  stm_orientation_label ((double[3]) { 1e-6, -1, 5e-5 }, out);
  g_assert_cmpstr (out, ==, "A");
  stm_orientation_label ((double[3]) { 0, 0, 0 }, out);
  g_assert_cmpstr (out, ==, "");
}

static void
test_scale_bar (void)
{
  g_assert_cmpfloat (stm_scale_bar_length_mm (0.5, 100), ==, 50);
  g_assert_cmpfloat (stm_scale_bar_length_mm (1.0, 100), ==, 100);
  g_assert_cmpfloat (stm_scale_bar_length_mm (1.0, 99), ==, 50);
  g_assert_cmpfloat (stm_scale_bar_length_mm (0.7, 60), ==, 20);
  g_assert_cmpfloat (stm_scale_bar_length_mm (0.05, 30), ==, 1);
  g_assert_cmpfloat (stm_scale_bar_length_mm (0.01, 30), ==, 0.2);
  g_assert_cmpfloat (stm_scale_bar_length_mm (0.1, 0), ==, 0);
  g_assert_cmpfloat (stm_scale_bar_length_mm (0, 100), ==, 0);
}

/* Without direction cosines: a right MLO mammogram's Patient Orientation
 * (rows toward posterior, columns toward foot and left) on the right and
 * bottom edges, the opposite directions on the others; nothing without
 * letters, whatever the assumed axes say. */
static void
test_patient_orientation_letters (void)
{
  StmGeometry g;
  Markers m;

  stm_geometry_init_identity (&g);
  g.orientation_unknown = TRUE;
  g_strlcpy (g.patient_orientation[0], "P", sizeof g.patient_orientation[0]);
  g_strlcpy (g.patient_orientation[1], "FL", sizeof g.patient_orientation[1]);
  g_assert_true (stm_orientation_markers (&g, m.left, m.right, m.top, m.bottom));
  g_assert_cmpstr (m.right, ==, "P");
  g_assert_cmpstr (m.left, ==, "A");
  g_assert_cmpstr (m.bottom, ==, "FL");
  g_assert_cmpstr (m.top, ==, "HR");

  memset (g.patient_orientation, 0, sizeof g.patient_orientation);
  g_assert_false (stm_orientation_markers (&g, m.left, m.right, m.top, m.bottom));
  g_assert_cmpstr (m.left, ==, "");
  g_assert_cmpstr (m.right, ==, "");
  g_assert_cmpstr (m.top, ==, "");
  g_assert_cmpstr (m.bottom, ==, "");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/orientation/axial", test_axial);
  g_test_add_func ("/orientation/patient-orientation-letters", test_patient_orientation_letters);
  g_test_add_func ("/orientation/oblique", test_oblique);
  g_test_add_func ("/orientation/sagittal", test_sagittal);
  g_test_add_func ("/orientation/gantry-tilt", test_gantry_tilt);
  g_test_add_func ("/orientation/noise", test_noise);
  g_test_add_func ("/orientation/scale-bar", test_scale_bar);
  return g_test_run ();
}
