/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every setting of the IBSI chain, as read from the JSON configuration
 * (documented in the README). A setting left out means "not applied".
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum { STM_DIMS_3D, STM_DIMS_2D } StmFeatureDims;
typedef enum { STM_INTERP_NONE, STM_INTERP_NEAREST, STM_INTERP_LINEAR, STM_INTERP_CUBIC } StmInterp;
typedef enum { STM_DISCRETISE_NONE, STM_DISCRETISE_FBS, STM_DISCRETISE_FBN } StmDiscretise;

typedef struct
{
  StmDiscretise method;
  double        bin_width;    /* FBS */
  guint         bins;         /* FBN */
} StmDiscretisation;

typedef struct
{
  StmFeatureDims dimensions;       /* "3d" (default) or "2d" */

  /* interpolation: applied when spacing_mm is given */
  gboolean   interpolate;
  double     spacing_mm[3];        /* 2d: x and y only */
  StmInterp  image_interp;         /* nearest | linear | cubic */
  StmInterp  mask_interp;          /* nearest | linear */
  double     mask_threshold;       /* partial-volume threshold, default 0.5 */
  gboolean   round_intensities;

  /* re-segmentation */
  gboolean   has_range_min, has_range_max;
  double     range_min, range_max;
  gboolean   has_outlier;
  double     outlier_sigma;

  StmDiscretisation discretisation;  /* default: none (integer intensities as levels) */
  StmDiscretisation ivh;             /* default: none */

  /* texture */
  guint      distance;             /* Chebyshev distance, default 1 */
  gboolean   glcm_symmetric;       /* default TRUE */
  guint      ngldm_coarseness;     /* alpha, default 0 */
} StmRadiomicsConfig;

void     stm_radiomics_config_init       (StmRadiomicsConfig *config);
gboolean stm_radiomics_config_from_json  (JsonNode           *root,
                                          StmRadiomicsConfig *config,
                                          GError            **error);
gboolean stm_radiomics_config_load       (const char         *path,
                                          StmRadiomicsConfig *config,
                                          GError            **error);

G_END_DECLS
