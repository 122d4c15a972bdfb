/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs Rscript on tests/models/SCRIPT; NULL when R or a package it needs is
 * missing (the script exits with 77): the test is then skipped, or, when
 * @optional, only told that there is no comparison with R. */
char       *stm_test_run_r            (const char         *script,
                                       const char * const *args,
                                       gboolean            optional);
/* "key ... value" lines into key -> double. */
GHashTable *stm_test_parse_key_values (const char         *out);
/* The value of the key built from @format; aborts when R printed none. */
double      stm_test_lookup           (GHashTable         *table,
                                       const char         *format,
                                       ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
