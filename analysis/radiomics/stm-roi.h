/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A region of interest ready for feature extraction: the output of the IBSI
 * processing chain (interpolation, re-segmentation, discretisation), on a
 * grid cropped to the mask's bounding box. Every feature family reads this
 * and nothing else, so a family never re-implements any step of the chain.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gsize   dims[3];        /* nx, ny, nz of the grid: the mask's box plus the image around it that
                           * local intensity needs (both masks 0 there); (z * ny + y) * nx + x */
  double  spacing[3];     /* mm, after interpolation */

  float  *intensity;      /* nx*ny*nz intensities after interpolation (and rounding) */
  guint8 *morph_mask;     /* 1 inside the morphological mask (interpolated, not re-segmented) */
  guint8 *int_mask;       /* 1 inside the intensity mask (morph_mask minus re-segmented voxels) */

  /* Discretised grey levels 1..n_levels inside int_mask, 0 outside; used by
   * the intensity histogram and every texture family. */
  int    *levels;
  guint   n_levels;

  /* The intensity-volume histogram's own discretisation (IBSI 4.4): for
   * "none" the intensities themselves, else bin centres or levels, as
   * IVH_levels with value ivh_value[level - 1]. */
  int    *ivh_levels;     /* 1..ivh_n_levels inside int_mask, 0 outside */
  guint   ivh_n_levels;
  double *ivh_values;     /* ivh_n_levels intensities (or bin values) per level */
  double  ivh_range[2];   /* the IVH's intensity range (re-segmentation range when set) */

  gsize   n_int_voxels;   /* voxels in int_mask */
  gsize   n_morph_voxels; /* voxels in morph_mask */
} StmRoi;

static inline gsize
stm_roi_index (const StmRoi *roi, gsize x, gsize y, gsize z)
{
  return (z * roi->dims[1] + y) * roi->dims[0] + x;
}

void stm_roi_free (StmRoi *roi);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmRoi, stm_roi_free)

G_END_DECLS
