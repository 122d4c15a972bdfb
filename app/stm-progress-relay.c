/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-progress-relay.h"

struct _StmProgressRelay
{
  GWeakRef bar;
  gint     permille;           /* atomic */
  gint     idle_pending;       /* atomic */
};

static void
relay_clear (StmProgressRelay *relay)
{
  g_weak_ref_clear (&relay->bar);
}

StmProgressRelay *
stm_progress_relay_new (GtkProgressBar *bar)
{
  StmProgressRelay *relay = g_atomic_rc_box_new0 (StmProgressRelay);

  g_weak_ref_init (&relay->bar, bar);
  return relay;
}

StmProgressRelay *
stm_progress_relay_ref (StmProgressRelay *relay)
{
  return g_atomic_rc_box_acquire (relay);
}

void
stm_progress_relay_unref (StmProgressRelay *relay)
{
  g_atomic_rc_box_release_full (relay, (GDestroyNotify) relay_clear);
}

static gboolean
show_progress_cb (gpointer data)
{
  StmProgressRelay *relay = data;
  g_autoptr(GtkProgressBar) bar = g_weak_ref_get (&relay->bar);

  g_atomic_int_set (&relay->idle_pending, 0);
  if (bar != NULL)
    gtk_progress_bar_set_fraction (bar, g_atomic_int_get (&relay->permille) / 1000.0);
  return G_SOURCE_REMOVE;
}

void
stm_progress_relay_set (StmProgressRelay *relay, double fraction)
{
  g_atomic_int_set (&relay->permille, (gint) (CLAMP (fraction, 0.0, 1.0) * 1000));
  if (g_atomic_int_compare_and_exchange (&relay->idle_pending, 0, 1))
    g_idle_add_full (G_PRIORITY_LOW, show_progress_cb, stm_progress_relay_ref (relay),
                     (GDestroyNotify) stm_progress_relay_unref);
}

void
stm_progress_relay_func (double fraction, gpointer relay)
{
  stm_progress_relay_set (relay, fraction);
}
