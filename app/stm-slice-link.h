/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Linked scrolling between two volumes in one frame of reference: the
 * slice of one volume that lies nearest to a slice of the other.
 */
#pragma once

#include "stm-volume.h"

G_BEGIN_DECLS

/*
 * The slice of @to whose centre plane lies nearest to the centre of slice
 * @slice of @from, measured along @to's stacking axis. FALSE when that
 * point lies outside @to's stack (more than half a slice beyond its first
 * or last slice), or @to has no slices or a degenerate geometry.
 */
gboolean stm_slice_link_nearest (const StmVolume *from,
                                 guint            slice,
                                 const StmVolume *to,
                                 guint           *out_slice);

G_END_DECLS
