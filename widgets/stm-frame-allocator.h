/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Keeps frame-sized blocks in the process for reuse. Call once at the
 * start of a GUI process, before anything is allocated in bulk.
 *
 * GTK allocates and frees buffers the size of a view every frame (texture
 * downloads and surfaces under its cairo renderer, staging copies under
 * GL). glibc gives freed memory at the top of its heap back to the kernel
 * once more than a few megabytes are free there, so each frame faulted
 * those pages in again, which costs the most on virtual machines. Blocks
 * of 32 MiB and more (volumes) still get their own mapping, returned when
 * freed. No effect outside glibc.
 */
void stm_frame_allocator_init (void);

G_END_DECLS
