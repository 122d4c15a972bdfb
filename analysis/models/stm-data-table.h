/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A cohort read from CSV: named columns of doubles. Cells that are empty,
 * "NA" or not numbers are missing (NaN); text columns keep their strings so
 * that a caller can recode them ("R"/"N", "<=20"...).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STM_DATA_ERROR (stm_data_error_quark ())
GQuark stm_data_error_quark (void);

typedef enum
{
  STM_DATA_ERROR_IO,
  STM_DATA_ERROR_FORMAT,
  STM_DATA_ERROR_NO_COLUMN,
} StmDataError;

typedef struct _StmDataTable StmDataTable;

StmDataTable  *stm_data_table_read_csv     (const char    *path,
                                            GError       **error);
StmDataTable  *stm_data_table_parse_csv    (const char    *text,
                                            gsize          length,
                                            GError       **error);
void           stm_data_table_free         (StmDataTable  *table);

gsize          stm_data_table_n_rows       (const StmDataTable *table);
guint          stm_data_table_n_columns    (const StmDataTable *table);
const char    *stm_data_table_column_name  (const StmDataTable *table,
                                            guint               column);
/* The numeric values of a column (NaN where missing), or NULL with an error. */
const double  *stm_data_table_column       (const StmDataTable *table,
                                            const char         *name,
                                            GError            **error);
/* The cell as written (quotes removed), for text columns. */
const char    *stm_data_table_text         (const StmDataTable *table,
                                            const char         *name,
                                            gsize               row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmDataTable, stm_data_table_free)

G_END_DECLS
