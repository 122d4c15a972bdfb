/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The GUI's worker threads (study scan, series and mask loads,
 * thumbnails), counted so that a process can wait for them before it
 * exits: GLib does not join them, and one still decoding while the
 * libraries' globals are torn down at exit crashes the exit.
 */

/* g_task_run_in_thread(), counted until @func returns. */
void     stm_background_run_in_thread (GTask           *task,
                                       GTaskThreadFunc  func);

/* Waits until no counted worker runs, at most @timeout_ms; FALSE when
 * some still do. Cancel them first. */
gboolean stm_background_wait          (guint            timeout_ms);

G_END_DECLS
