/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "stm-dicom-collection.h"

G_BEGIN_DECLS

/*
 * Path of a file under ../shared/data (the real public test data), or NULL
 * after marking the test skipped when it is absent. Under CI (CI=true) a
 * missing ../shared is a failure, not a skip.
 */
char     *stm_test_shared_path  (const char *relative);

/* The study scanned from a file or folder under ../shared/data, or NULL
 * after marking the test skipped (failed under CI) when it is absent. */
StmDicomCollection *stm_test_scan_shared (const char *relative);

/* Runs /usr/bin/python3 SCRIPT ARGS... (SCRIPT relative to tests/);
 * returns its stdout, or NULL after failing the test. */
char     *stm_test_run_python   (const char *script,
                                 const char * const *args);

/* A fresh temporary folder, removed by stm_test_remove_tree(). */
char     *stm_test_make_tmpdir  (void);
void      stm_test_remove_tree  (const char *path);

G_END_DECLS
