/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-texture-directions.h"

#include <math.h>
#include <string.h>

#include "stm-feature-table.h"

const StmTextureDirection stm_texture_directions_2d[STM_TEXTURE_N_2D] = {
  { 1, 0, 0 }, { 1, 1, 0 }, { 0, 1, 0 }, { -1, 1, 0 },
};

const StmTextureDirection stm_texture_directions_3d[STM_TEXTURE_N_3D] = {
  { 0, 0, 1 }, { 0, 1, 0 }, { 1, 0, 0 }, { 0, 1, 1 }, { 0, 1, -1 },
  { 1, 0, 1 }, { 1, 0, -1 }, { 1, 1, 0 }, { 1, -1, 0 }, { 1, 1, 1 },
  { 1, 1, -1 }, { 1, -1, 1 }, { 1, -1, -1 },
};

const char *
stm_texture_aggregation_code (StmTextureAggregation aggregation)
{
  static const char *const codes[STM_TEXTURE_N_AGGREGATIONS] = {
    STM_AGG_2D_AVERAGED, STM_AGG_2D_SLICE, STM_AGG_25D_DIR,
    STM_AGG_25D_MERGED, STM_AGG_3D_AVERAGED, STM_AGG_3D_MERGED,
  };

  g_return_val_if_fail (aggregation < STM_TEXTURE_N_AGGREGATIONS, NULL);
  return codes[aggregation];
}

void
stm_texture_range (gsize  size,
                   gssize step,
                   gsize *begin,
                   gsize *end)
{
  gsize magnitude = step < 0 ? (gsize) -step : (gsize) step;

  if (magnitude >= size)
    {
      *begin = *end = 0;
      return;
    }
  *begin = step < 0 ? magnitude : 0;
  *end = step < 0 ? size : size - magnitude;
}

/* Marks the levels present; FALSE when a level lies outside 1..n_levels. */
static gboolean
levels_present (const StmRoi *roi, gboolean *present)
{
  gsize n_voxels = roi->dims[0] * roi->dims[1] * roi->dims[2];

  for (gsize i = 0; i < n_voxels; i++)
    {
      int l = roi->levels[i];
      if (l > 0 && (guint) l > roi->n_levels)
        return FALSE;
      present[MAX (l, 0)] = TRUE;
    }
  present[0] = FALSE;
  return TRUE;
}

StmTextureLevels *
stm_texture_levels_new (const StmRoi *roi)
{
  StmTextureLevels *levels = g_new0 (StmTextureLevels, 1);
  g_autofree gboolean *present = g_new0 (gboolean, roi->n_levels + 1);

  levels->n_levels = roi->n_levels;
  levels->index = g_new (int, roi->n_levels + 1);
  levels->value = g_new (double, roi->n_levels + 1);
  /* Matrices index by level unchecked: an invalid ROI gets no levels at all. */
  if (!levels_present (roi, present))
    {
      g_critical ("A texture ROI holds a grey level above its n_levels (%u)", roi->n_levels);
      memset (present, 0, (roi->n_levels + 1) * sizeof (gboolean));
    }
  for (guint l = 0; l <= roi->n_levels; l++)
    {
      levels->index[l] = present[l] ? (int) levels->n : -1;
      if (present[l])
        levels->value[levels->n++] = l;
    }
  return levels;
}

void
stm_texture_levels_free (StmTextureLevels *levels)
{
  if (levels == NULL)
    return;
  g_free (levels->index);
  g_free (levels->value);
  g_free (levels);
}

void
stm_texture_mean_add (StmTextureMean *mean,
                      const double   *values,
                      guint           n_features)
{
  g_return_if_fail (n_features <= STM_TEXTURE_MAX_FEATURES);
  for (guint f = 0; f < n_features; f++)
    if (!isnan (values[f]))
      {
        mean->sum[f] += values[f];
        mean->count[f]++;
      }
}

double
stm_texture_mean_get (const StmTextureMean *mean,
                      guint                 feature)
{
  g_return_val_if_fail (feature < STM_TEXTURE_MAX_FEATURES, NAN);
  return mean->count[feature] > 0 ? mean->sum[feature] / mean->count[feature] : NAN;
}
