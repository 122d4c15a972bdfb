/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CTS5 (Clinical Treatment Score post-5 years, Dowsett et al, J Clin Oncol
 * 2018): the risk of late distant recurrence (years 5 to 10) of ER-positive
 * breast cancer in postmenopausal women free of distant recurrence after
 * 5 years of endocrine therapy.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "stm-clinical-case.h"

G_BEGIN_DECLS

typedef enum
{
  STM_CTS5_LOW,            /* < 5 % late distant recurrence, years 5-10 */
  STM_CTS5_INTERMEDIATE,   /* 5-10 % */
  STM_CTS5_HIGH,           /* > 10 % */
} StmCts5Category;

typedef struct
{
  double          score;
  StmCts5Category category;      /* the published output */
  double          derived_risk;  /* percent, years 5-10: derived, not published */
  int             node_group;    /* 0..4 as the score uses it */
  double          size_used_mm;  /* size capped at 30 mm */
} StmCts5Result;

#define STM_CTS5_LOW_CUT        3.13
#define STM_CTS5_HIGH_CUT       3.86
#define STM_CTS5_SIZE_CAP_MM   30.0
#define STM_CTS5_AGE_MIN       18.0
#define STM_CTS5_AGE_MAX      100.0
#define STM_CTS5_SIZE_MIN_MM    1.0
#define STM_CTS5_SIZE_MAX_MM  500.0
#define STM_CTS5_NODES_MAX    100

gboolean     stm_cts5_compute            (const StmClinicalCase  *c,
                                          StmCts5Result          *out,
                                          GError                **error);
double       stm_cts5_baseline_hazard    (void);
const char  *stm_cts5_category_to_string (StmCts5Category         category);
JsonNode    *stm_cts5_result_to_json     (const StmCts5Result    *r);

G_END_DECLS
