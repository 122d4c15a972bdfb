/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "stm-cox.h"
#include "stm-data-table.h"
#include "stm-model-file.h"

G_BEGIN_DECLS

typedef enum { STM_PENALTY_NONE, STM_PENALTY_RIDGE, STM_PENALTY_ENET } StmPenalty;

typedef struct
{
  const char         *time_column;
  const char         *event_column;    /* a 0/1 column, or COLUMN=VALUE for a text column */
  const char * const *covariates;
  guint               n_covariates;
  const char         *strata_column;   /* NULL: unstratified */
  const char         *treatment;       /* a 0/1 covariate coding a treatment, or NULL */
  const char         *time_unit;       /* "days" (default), "months", "years" */
  StmTies             ties;
  StmPenalty          penalty;
  double              alpha;           /* elastic net mixing, 0 < alpha <= 1 */
  guint               folds;           /* cross-validation folds for the penalty */
  const char         *name;
  const char         *data_name;       /* provenance: where the data came from */
  double              horizon;         /* > 0: AUC, Brier and calibration at this time */
  guint               bootstrap;       /* > 0: optimism-corrected C from this many resamples */
} StmFitSpec;

/*
 * Fits a Cox model on the complete rows of @table (rows missing a needed
 * value are dropped and counted) and returns it as a model file, with its
 * Breslow baseline per stratum and the terms its confidence bands need.
 */
StmModel *stm_model_fit (const StmDataTable *table,
                         const StmFitSpec   *spec,
                         GCancellable       *cancellable,
                         GError            **error);

G_END_DECLS
