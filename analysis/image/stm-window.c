/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-window.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

/*
 * Inside the window the VOI function is linear, and it is 0 at its lower
 * bound and 255 at its upper bound, so "the formula clamped to 0..255"
 * is the same function as the three cases of the standard: one
 * multiply-add and a clamp per pixel, which the compiler vectorises.
 */
typedef struct
{
  double scale;
  double offset;
} StmWindowLine;

static StmWindowLine
window_line (StmWindow window)
{
  double width = MAX (window.width, 1.0);
  StmWindowLine line;

  if (width <= 1.0)
    {
      /* Width 1 is a threshold at c - 0.5: a steep line does the same. */
      line.scale = 1e30;
      line.offset = -(window.center - 0.5) * line.scale;
      return line;
    }
  /* ((x - (c - 0.5)) / (w - 1) + 0.5) * 255 */
  line.scale = 255.0 / (width - 1.0);
  line.offset = 127.5 - (window.center - 0.5) * line.scale;
  return line;
}

static inline guint8
line_grey (StmWindowLine line, double x)
{
  double y = x * line.scale + line.offset + 0.5;

  /* !(y > 0) also sends NaN to 0. */
  if (!(y > 0.0))
    return 0;
  if (y >= 255.0)
    return 255;
  return (guint8) y;
}

guint8
stm_window_grey (double value, StmWindow window)
{
  return line_grey (window_line (window), value);
}

void
stm_window_apply_float (const float *values,
                        gsize        n,
                        StmWindow    window,
                        gboolean     invert,
                        guint8      *out_rgb)
{
  StmWindowLine line = window_line (window);
  guint8 flip = invert ? 255 : 0;

  for (gsize i = 0; i < n; i++)
    {
      guint8 g = line_grey (line, values[i]) ^ flip;

      out_rgb[3 * i] = g;
      out_rgb[3 * i + 1] = g;
      out_rgb[3 * i + 2] = g;
    }
}

StmWindow
stm_window_default (const StmVolume *volume)
{
  StmWindow window = { 128.0, 256.0 };
  const float *values;
  gsize n;
  float lo = INFINITY, hi = -INFINITY;

  if (volume->format != STM_VOXEL_FLOAT32)
    return window;
  values = stm_volume_float_data (volume);
  n = stm_volume_n_voxels (volume);
  for (gsize i = 0; i < n; i++)
    {
      /* NaN fails both comparisons and is skipped. */
      if (values[i] < lo)
        lo = values[i];
      if (values[i] > hi)
        hi = values[i];
    }
  if (!(lo <= hi))
    lo = hi = 0;
  /* Lower bound c - 0.5 - (w - 1) / 2 = min, upper bound = max. */
  window.width = (double) hi - lo + 1.0;
  window.center = ((double) lo + hi) / 2.0 + 0.5;
  return window;
}

/*
 * Soft tissue, lung, bone and mediastinum are the values Radiopaedia lists
 * in "Windowing (CT)" (https://radiopaedia.org/articles/windowing-ct):
 * soft tissue W 400 L 40 (range 350-400 / 20-60), lungs W 1500 L -600,
 * bones W 1800 L 400, mediastinum W 350 L 50. There is no published
 * breast-specific CT window: breast tissue on chest CT is read in the
 * soft-tissue window, so "breast" uses W 400 L 40 as well (it is listed
 * because readers look for it by that name).
 */
static const StmWindowPresetInfo ct_presets[] = {
  { "soft-tissue", N_("Soft Tissue"), { 40, 400 } },
  { "lung", N_("Lung"), { -600, 1500 } },
  { "bone", N_("Bone"), { 400, 1800 } },
  { "mediastinum", N_("Mediastinum"), { 50, 350 } },
  { "breast", N_("Breast"), { 40, 400 } },
};

const StmWindowPresetInfo *
stm_window_ct_presets (guint *n_presets)
{
  *n_presets = G_N_ELEMENTS (ct_presets);
  return ct_presets;
}

const StmWindowPresetInfo *
stm_window_ct_preset_find (const char *id)
{
  for (gsize p = 0; id != NULL && p < G_N_ELEMENTS (ct_presets); p++)
    if (strcmp (ct_presets[p].id, id) == 0)
      return &ct_presets[p];
  return NULL;
}
