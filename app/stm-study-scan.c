/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-study-scan.h"

#include "stm-background.h"
#include "stm-demo-study.h"
#include "stm-series-geometry.h"

typedef struct
{
  GStrv             paths;
  char             *demo_dir;
  StmProgressRelay *progress;
} ScanJob;

static void
scan_job_free (gpointer data)
{
  ScanJob *job = data;

  g_strfreev (job->paths);
  g_free (job->demo_dir);
  g_clear_pointer (&job->progress, stm_progress_relay_unref);
  g_free (job);
}

/* A partly written demo (cancelled, disk full) has no marker and is rewritten. */
static gboolean
ensure_demo (const char *dir, GCancellable *cancellable, GError **error)
{
  g_autofree char *marker = g_build_filename (dir, "complete", NULL);
  StmDemoOptions options;

  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    return TRUE;
  stm_demo_options_init (&options);
  return stm_demo_study_write (dir, &options, cancellable, error) &&
         g_file_set_contents (marker, "", 0, error);
}

/* Planning adds each irregularity to the series' warnings, once. */
static void
plan_every_series (StmDicomCollection *collection)
{
  g_autoptr(GPtrArray) all = stm_dicom_collection_list_series (collection);

  for (guint i = 0; i < all->len; i++)
    {
      StmGeometry geometry;

      g_array_unref (stm_series_plan_volume (g_ptr_array_index (all, i), &geometry));
    }
}

static void
scan_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ScanJob *job = task_data;
  GError *error = NULL;
  StmDicomCollection *collection;

  if (job->demo_dir != NULL && !ensure_demo (job->demo_dir, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  collection = stm_dicom_collection_scan ((const char * const *) job->paths,
                                          job->progress ? stm_progress_relay_func : NULL,
                                          job->progress, cancellable, &error);
  if (collection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  plan_every_series (collection);
  g_task_return_pointer (task, collection, (GDestroyNotify) stm_dicom_collection_unref);
}

void
stm_study_scan_async (const char * const  *paths,
                      const char          *demo_dir,
                      StmProgressRelay    *progress,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ScanJob *job = g_new0 (ScanJob, 1);

  job->paths = g_strdupv ((char **) paths);
  job->demo_dir = g_strdup (demo_dir);
  job->progress = progress ? stm_progress_relay_ref (progress) : NULL;
  g_task_set_source_tag (task, stm_study_scan_async);
  g_task_set_task_data (task, job, scan_job_free);
  stm_background_run_in_thread (task, scan_worker);
}

StmDicomCollection *
stm_study_scan_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
