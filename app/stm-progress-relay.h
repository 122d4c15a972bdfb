/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Carries the progress of a worker thread to a progress bar: the worker
 * stores the latest fraction and one low-priority idle at a time shows it,
 * so a loader reporting thousands of times costs the main loop nothing.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _StmProgressRelay StmProgressRelay;

/* Main thread. The relay holds a weak reference to @bar. */
StmProgressRelay *stm_progress_relay_new   (GtkProgressBar   *bar);
StmProgressRelay *stm_progress_relay_ref   (StmProgressRelay *relay);
void              stm_progress_relay_unref (StmProgressRelay *relay);

/* Any thread. */
void              stm_progress_relay_set   (StmProgressRelay *relay,
                                            double            fraction);
/* The same, in the shape of a StmProgressFunc. */
void              stm_progress_relay_func  (double            fraction,
                                            gpointer          relay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmProgressRelay, stm_progress_relay_unref)

G_END_DECLS
