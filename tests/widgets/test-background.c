/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stm_background_wait() waits for workers started with
 * stm_background_run_in_thread(), and no longer than it is told. */
#include "stm-background.h"

static void
sleeper (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  g_usleep (GPOINTER_TO_UINT (task_data) * G_TIME_SPAN_MILLISECOND);
  g_task_return_boolean (task, TRUE);
}

static void
start_sleeper (guint ms)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, GUINT_TO_POINTER (ms), NULL);
  stm_background_run_in_thread (task, sleeper);
}

static void
test_waits_for_workers (void)
{
  gint64 start;

  g_assert_true (stm_background_wait (0));
  start_sleeper (300);
  start_sleeper (100);
  /* Too short a wait says so. */
  g_assert_false (stm_background_wait (20));
  start = g_get_monotonic_time ();
  g_assert_true (stm_background_wait (10000));
  /* It returned once the longer one ended, not at its timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_TIME_SPAN_SECOND);
  g_assert_true (stm_background_wait (0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/background/waits-for-workers", test_waits_for_workers);
  return g_test_run ();
}
