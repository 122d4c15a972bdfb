/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One patient as the published risk models (PREDICT, CTS5) see her: the
 * tumour, the patient, and the adjuvant options being considered. Parsed
 * from the JSON input contract of `stratum-cli predict`.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  STM_TRISTATE_NO,
  STM_TRISTATE_YES,
  STM_TRISTATE_UNKNOWN,
} StmTristate;

typedef struct
{
  double      age;               /* years at diagnosis; NAN until given */
  double      size_mm;           /* invasive tumour size; NAN until given */
  int         nodes;             /* positive nodes; -1 until given */
  int         grade;             /* 1..3, 0 = unknown */
  StmTristate er;
  StmTristate pr;
  StmTristate her2;
  StmTristate ki67;
  StmTristate screen_detected;
  int         chemo_generation;  /* 0 (none), 2 or 3 */
  gboolean    endocrine;         /* the options being considered */
  gboolean    trastuzumab;
  gboolean    bisphosphonates;
  gboolean    radiotherapy;
  double      heart_dose_gy;     /* mean heart dose of radiotherapy */
  gboolean    smoker;            /* current smoker */
} StmClinicalCase;

/* The heart dose assumed when none is given: the average that PREDICT v3
 * builds into its baseline (r.base.oth assumes 2 Gy). */
#define STM_CLINICAL_CASE_DEFAULT_HEART_DOSE_GY 2.0

/* Every value unknown or missing, no treatment, never-smoker, 2 Gy heart dose. */
void         stm_clinical_case_init       (StmClinicalCase        *c);
/* Resets @c and fills in the keys of the input contract; an unknown key or
 * a value of the wrong type is an STM_MODEL_ERROR_INVALID_INPUT naming the
 * key. Ranges are left to each model. */
gboolean     stm_clinical_case_from_json  (JsonObject             *object,
                                           StmClinicalCase        *c,
                                           GError                **error);
JsonNode    *stm_clinical_case_to_json    (const StmClinicalCase  *c);

/* "yes", "no" or "unknown". */
const char  *stm_tristate_to_string       (StmTristate             value);

G_END_DECLS
