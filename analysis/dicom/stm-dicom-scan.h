/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal to analysis/dicom: the file-finding half of a collection scan. */
#pragma once

#include "stm-dicom-collection.h"

G_BEGIN_DECLS

/* Headers of every readable DICOM file under @paths, read on all cores. */
GPtrArray *_stm_dicom_read_headers (const char * const *paths,
                                    GPtrArray          *skipped,
                                    StmProgressFunc     progress,
                                    gpointer            progress_data,
                                    GCancellable       *cancellable,
                                    GError            **error);
void       _stm_dicom_skip         (GPtrArray          *skipped,
                                    const char         *path,
                                    const char         *message);

G_END_DECLS
