/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One slice of a series before the whole series is decoded, so the viewer
 * can show the middle image at once. Everything here only reads @series:
 * it is safe to call from a worker thread beside stm_series_load_volume()
 * on the same series.
 */
#pragma once

#include "stm-dicom-collection.h"
#include "stm-volume.h"

G_BEGIN_DECLS

/* The slices (frames, for a multi-frame file) the full volume will have. */
guint      stm_series_n_slices      (StmSeries    *series);

/*
 * Slice @index (0-based, in volume order) of the volume
 * stm_series_load_volume() would build, as a volume of one slice with the
 * geometry that slice has in the full volume: same spacing and axes, origin
 * at the slice. Decodes one frame only. Unlike stm_series_load_volume() it
 * adds no warning to the series.
 */
StmVolume *stm_series_load_slice    (StmSeries    *series,
                                     guint         index,
                                     guint64       max_bytes,
                                     GCancellable *cancellable,
                                     GError      **error);

/*
 * The warnings loading @series would add (uneven spacing, gantry tilt...),
 * as a new array of strings, without touching series->warnings.
 */
GPtrArray *stm_series_plan_warnings (StmSeries    *series);

G_END_DECLS
