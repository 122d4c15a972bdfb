/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "stm-dicom-collection.h"

G_BEGIN_DECLS

/*
 * A small picture of the middle slice of @series: RGB8, 3 bytes a pixel,
 * rows packed (stride 3 * width), fitting in @size x @size pixels with the
 * slice's millimetre aspect. Grey images use the file's first window preset
 * (the slice's range when it has none), MONOCHROME1 inverted. Decodes one
 * frame, and only reads @series (safe in a worker thread). Free with g_free().
 */
guint8 *stm_series_thumbnail (StmSeries    *series,
                              guint         size,
                              guint        *out_width,
                              guint        *out_height,
                              GCancellable *cancellable,
                              GError      **error);

G_END_DECLS
