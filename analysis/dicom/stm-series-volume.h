/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "stm-dicom-collection.h"
#include "stm-volume.h"

G_BEGIN_DECLS

/*
 * Decodes every frame of @series into one volume: modality values (HU for
 * CT) as floats, or RGB8 for colour, with the geometry of
 * stm_series_plan_volume(). Refuses volumes above @max_bytes before
 * allocating anything. Runs on all cores; @progress is called from the
 * worker threads.
 */
StmVolume *stm_series_load_volume (StmSeries      *series,
                                   guint64         max_bytes,
                                   StmProgressFunc progress,
                                   gpointer        progress_data,
                                   GCancellable   *cancellable,
                                   GError        **error);

/*
 * Every frame of one file, in the file's frame order, without any sorting
 * or geometry: for cine loops and for checking a decoder frame by frame.
 */
StmVolume *stm_dicom_file_load_frames (const char *path,
                                       guint64     max_bytes,
                                       GError    **error);

G_END_DECLS
