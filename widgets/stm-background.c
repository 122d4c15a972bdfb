/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-background.h"

#define JOB_FUNC_KEY "stm-background-func"

typedef struct
{
  GTaskThreadFunc func;
} JobFunc;

static GMutex lock;
static GCond idle;
static guint n_running;

static void
run_counted (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  JobFunc *job = g_object_get_data (G_OBJECT (task), JOB_FUNC_KEY);

  job->func (task, source, task_data, cancellable);
  g_mutex_lock (&lock);
  if (--n_running == 0)
    g_cond_broadcast (&idle);
  g_mutex_unlock (&lock);
}

void
stm_background_run_in_thread (GTask *task, GTaskThreadFunc func)
{
  JobFunc *job = g_new (JobFunc, 1);

  g_return_if_fail (G_IS_TASK (task) && func != NULL);

  job->func = func;
  g_object_set_data_full (G_OBJECT (task), JOB_FUNC_KEY, job, g_free);
  /* Counted from now, so that an exit cannot slip in before it starts. */
  g_mutex_lock (&lock);
  n_running++;
  g_mutex_unlock (&lock);
  g_task_run_in_thread (task, run_counted);
}

gboolean
stm_background_wait (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean done;

  g_mutex_lock (&lock);
  while (n_running > 0 && g_cond_wait_until (&idle, &lock, end))
    ;
  done = n_running == 0;
  g_mutex_unlock (&lock);
  return done;
}
