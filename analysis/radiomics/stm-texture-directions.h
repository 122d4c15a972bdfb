/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the directional texture families (GLCM, GLRLM) share: the IBSI
 * direction vectors, the coordinate ranges where a voxel and its neighbour
 * both lie on the grid, a dense numbering of the grey levels present (so a
 * matrix holds only those), and the averaging over directions and slices
 * behind the six aggregation methods.
 */
#pragma once

#include "stm-roi.h"

G_BEGIN_DECLS

typedef struct
{
  int x, y, z;
} StmTextureDirection;

#define STM_TEXTURE_N_2D 4
#define STM_TEXTURE_N_3D 13

/* IBSI 3.6: (1,0,0), (1,1,0), (0,1,0), (-1,1,0) in the slice plane. */
extern const StmTextureDirection stm_texture_directions_2d[STM_TEXTURE_N_2D];
/* IBSI 3.6: the 13 unique directions of the 26-neighbourhood. */
extern const StmTextureDirection stm_texture_directions_3d[STM_TEXTURE_N_3D];

/* The six GLCM/GLRLM aggregation methods, in the order they are computed. */
typedef enum
{
  STM_TEXTURE_2D_AVERAGED,    /* BTW3 */
  STM_TEXTURE_2D_SLICE,       /* SUJT */
  STM_TEXTURE_25D_DIR,        /* JJUI */
  STM_TEXTURE_25D_MERGED,     /* ZW7Z */
  STM_TEXTURE_3D_AVERAGED,    /* ITBB */
  STM_TEXTURE_3D_MERGED,      /* IAZD */
  STM_TEXTURE_N_AGGREGATIONS
} StmTextureAggregation;

const char *stm_texture_aggregation_code (StmTextureAggregation aggregation);

/*
 * The range [*begin, *end) of a coordinate c with both c and c + step in
 * [0, size); empty (begin == end) when |step| >= size.
 */
void        stm_texture_range            (gsize  size,
                                          gssize step,
                                          gsize *begin,
                                          gsize *end);

/*
 * The grey levels 1..n_levels that occur inside the intensity mask,
 * numbered 0..n-1 in increasing order: texture matrices are n x ... with
 * row k for grey level value[k].
 */
typedef struct
{
  guint   n;          /* levels present */
  guint   n_levels;   /* the ROI's n_levels (IBSI N_g) */
  int    *index;      /* n_levels + 1 entries: dense index of a level, -1 when absent */
  double *value;      /* n entries: the grey level of each dense index */
} StmTextureLevels;

StmTextureLevels *stm_texture_levels_new  (const StmRoi     *roi);
void              stm_texture_levels_free (StmTextureLevels *levels);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmTextureLevels, stm_texture_levels_free)

/*
 * A feature vector averaged over matrices (directions, slices). A NaN value
 * (a feature undefined for one matrix, e.g. a correlation without variance)
 * is left out of that feature's mean; a feature with no value is NaN.
 */
#define STM_TEXTURE_MAX_FEATURES 32

typedef struct
{
  double sum[STM_TEXTURE_MAX_FEATURES];
  guint  count[STM_TEXTURE_MAX_FEATURES];
} StmTextureMean;

void        stm_texture_mean_add         (StmTextureMean *mean,
                                          const double   *values,
                                          guint           n_features);
double      stm_texture_mean_get         (const StmTextureMean *mean,
                                          guint                 feature);

G_END_DECLS
