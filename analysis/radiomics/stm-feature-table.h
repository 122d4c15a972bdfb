/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Extracted features, one row per (feature, aggregation), keyed by the IBSI
 * codes: what `stratum-cli features` prints as CSV or JSON.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* IBSI aggregation codes. */
#define STM_AGG_3D           "DHQ4"   /* non-texture families, whole volume */
#define STM_AGG_2D_AVERAGED  "BTW3"   /* GLCM, GLRLM: per slice and direction, averaged */
#define STM_AGG_2D_SLICE     "SUJT"   /* per slice, directions merged, averaged over slices */
#define STM_AGG_25D_DIR      "JJUI"   /* per direction, slices merged, averaged over directions */
#define STM_AGG_25D_MERGED   "ZW7Z"   /* all slices and directions merged */
#define STM_AGG_3D_AVERAGED  "ITBB"   /* per 3D direction, averaged */
#define STM_AGG_3D_MERGED    "IAZD"   /* all 3D directions merged */
#define STM_AGG_2D           "8QNN"   /* GLSZM, GLDZM, NGTDM, NGLDM: per slice, averaged */
#define STM_AGG_25D          "62GR"   /* slices merged */
#define STM_AGG_3D_TEXTURE   "KOBO"   /* 3D */

typedef struct
{
  char   *family;          /* as in the IBSI tables: "morphology", "GLCM"... */
  char   *feature;         /* the IBSI feature name */
  char   *ibsi_code;       /* four characters, or "" where IBSI gives none */
  char   *aggregation;     /* one of STM_AGG_* */
  double  value;           /* NaN when undefined for this ROI */
} StmFeature;

typedef struct _StmFeatureTable StmFeatureTable;

StmFeatureTable  *stm_feature_table_new      (void);
void              stm_feature_table_free     (StmFeatureTable *table);
void              stm_feature_table_add      (StmFeatureTable *table,
                                              const char      *family,
                                              const char      *feature,
                                              const char      *ibsi_code,
                                              const char      *aggregation,
                                              double           value);
guint             stm_feature_table_length   (const StmFeatureTable *table);
const StmFeature *stm_feature_table_get      (const StmFeatureTable *table,
                                              guint            index);
/* The row with this code (or feature name when the code is empty) and aggregation. */
const StmFeature *stm_feature_table_find     (const StmFeatureTable *table,
                                              const char      *ibsi_code_or_name,
                                              const char      *aggregation);
/* Appends every row of @other. */
void              stm_feature_table_merge    (StmFeatureTable *table,
                                              const StmFeatureTable *other);
char             *stm_feature_table_to_csv   (const StmFeatureTable *table);
JsonNode         *stm_feature_table_to_json  (const StmFeatureTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmFeatureTable, stm_feature_table_free)

G_END_DECLS
