/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internals shared by the volume loader and the previews
 * (stm-series-preview.c, stm-series-thumbnail.c), so that a preview slice
 * is decoded by exactly the code that decodes the full volume.
 */
#pragma once

#include <gio/gio.h>

#include "stm-dicom-collection.h"
#include "stm-volume.h"

G_BEGIN_DECLS

/*
 * Decodes @frame of @file into slice @k of @volume (RGB8 or modality
 * floats, as the volume's format says), using @raw (@size bytes, at least
 * stm_dicom_frame_size() + 2) as scratch space.
 */
gboolean   _stm_dicom_decode_into      (StmDicomFile         *file,
                                        const StmDicomHeader *h,
                                        guint                 frame,
                                        guint8               *raw,
                                        gsize                 size,
                                        StmVolume            *volume,
                                        guint                 k,
                                        GError              **error);

/* A volume of @n_slices slices shaped like @first's frames; over @max_bytes fails. */
StmVolume *_stm_series_allocate_volume (const StmDicomHeader *first,
                                        gsize                 n_slices,
                                        guint64               max_bytes,
                                        GError              **error);

/*
 * Slice @index of the planned series (G_MAXUINT: the middle one), as by
 * stm_series_load_slice(), and the header of the file it comes from
 * (owned by the series).
 */
StmVolume *_stm_series_load_slice      (StmSeries            *series,
                                        guint                 index,
                                        guint64               max_bytes,
                                        const StmDicomHeader **out_header,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* Frames decoded so far by this process (all threads): for tests. */
guint      _stm_dicom_frames_decoded   (void);

G_END_DECLS
