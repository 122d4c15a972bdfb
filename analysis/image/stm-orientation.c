/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-orientation.h"

#include <math.h>
#include <string.h>

/* Components at or below this are rounding noise, not an obliquity. */
#define MIN_COMPONENT 0.0001

/*
 * The DICOM convention (PS3.3 C.7.6.1.1.1): one letter per patient axis
 * the direction leans along, strongest first, so a row direction
 * (1, 0.5, 0) reads "LP". LPS: +x is L, +y is P, +z is H.
 */
void
stm_orientation_label (const double direction[3], char out[4])
{
  static const char positive[3] = { 'L', 'P', 'H' };
  static const char negative[3] = { 'R', 'A', 'F' };
  int order[3] = { 0, 1, 2 };
  int n = 0;

  /* Stable insertion sort by magnitude: ties keep x, y, z order. */
  for (int a = 1; a < 3; a++)
    for (int b = a; b > 0 && fabs (direction[order[b]]) > fabs (direction[order[b - 1]]); b--)
      {
        int t = order[b];

        order[b] = order[b - 1];
        order[b - 1] = t;
      }
  for (int a = 0; a < 3; a++)
    {
      double c = direction[order[a]];

      if (!(fabs (c) > MIN_COMPONENT))
        break;
      out[n++] = c > 0 ? positive[order[a]] : negative[order[a]];
    }
  out[n] = '\0';
}

/* Screen right is +axes[0] and screen down is +axes[1]. */
/* Each letter of @letters turned to the opposite direction: "FL" -> "HR". */
static void
opposite_letters (const char *letters, char out[4])
{
  static const char from[] = "APRLHF", to[] = "PALRFH";
  size_t n = strlen (letters);

  for (size_t i = 0; i < n; i++)
    out[i] = to[strchr (from, letters[i]) - from];
  out[n] = '\0';
}

gboolean
stm_orientation_letters_valid (const char *letters)
{
  static const char *const axes[3] = { "RL", "AP", "HF" };
  gboolean used[3] = { FALSE, FALSE, FALSE };
  size_t n = strnlen (letters, STM_ORIENTATION_LETTERS);

  if (n == 0 || n >= STM_ORIENTATION_LETTERS)
    return FALSE;
  for (size_t i = 0; i < n; i++)
    {
      int axis = -1;

      for (int a = 0; a < 3; a++)
        if (strchr (axes[a], letters[i]) != NULL)
          axis = a;
      if (axis < 0 || used[axis])
        return FALSE;
      used[axis] = TRUE;
    }
  return TRUE;
}

static gboolean
markers_from_letters (const StmGeometry *geometry,
                      char left[4], char right[4], char top[4], char bottom[4])
{
  const char *row = geometry->patient_orientation[0], *col = geometry->patient_orientation[1];

  left[0] = right[0] = top[0] = bottom[0] = '\0';
  if (!stm_orientation_letters_valid (row) || !stm_orientation_letters_valid (col))
    return FALSE;
  g_strlcpy (right, row, 4);
  g_strlcpy (bottom, col, 4);
  opposite_letters (row, left);
  opposite_letters (col, top);
  return TRUE;
}

gboolean
stm_orientation_markers (const StmGeometry *geometry,
                         char               left[4],
                         char               right[4],
                         char               top[4],
                         char               bottom[4])
{
  const double *row = geometry->axes[0], *col = geometry->axes[1];
  double row_neg[3] = { -row[0], -row[1], -row[2] };
  double col_neg[3] = { -col[0], -col[1], -col[2] };

  if (geometry->orientation_unknown)
    return markers_from_letters (geometry, left, right, top, bottom);
  stm_orientation_label (row, right);
  stm_orientation_label (row_neg, left);
  stm_orientation_label (col, bottom);
  stm_orientation_label (col_neg, top);
  return TRUE;
}

/*
 * The largest 1, 2 or 5 x 10^k mm that spans at most max_pixels; 0 when
 * nothing sensible fits.
 */
double
stm_scale_bar_length_mm (double mm_per_pixel, double max_pixels)
{
  static const double steps[] = { 5, 2 };
  double max_mm = mm_per_pixel * max_pixels;
  double decade;

  if (!isfinite (max_mm) || !(mm_per_pixel > 0) || !(max_pixels > 0))
    return 0;
  /* A hair of slack, so exactly 100 mm is not lost to log10 rounding. */
  max_mm *= 1 + 1e-9;
  decade = pow (10, floor (log10 (max_mm)));
  for (gsize s = 0; s < G_N_ELEMENTS (steps); s++)
    if (steps[s] * decade <= max_mm)
      return steps[s] * decade;
  return decade;
}
