/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading what a set of paths holds (headers only), in a worker thread.
 * Every series is planned there once, so its warnings are known before it
 * is listed and later loads of its pixels only read the headers.
 */
#pragma once

#include <gio/gio.h>

#include "stm-dicom-collection.h"
#include "stm-progress-relay.h"

G_BEGIN_DECLS

/* Writes the demo study into @demo_dir first when it is not NULL and not
 * yet complete. @progress may be NULL. */
void                stm_study_scan_async  (const char * const  *paths,
                                           const char          *demo_dir,
                                           StmProgressRelay    *progress,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
StmDicomCollection *stm_study_scan_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
