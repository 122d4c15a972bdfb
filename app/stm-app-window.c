/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-app-window.h"

#include "stm-demo-study.h"
#include "stm-series-volume.h"
#include "stm-slice-render.h"
#include "stm-slice-view.h"

/* Progress weights: scanning headers is quick next to decoding pixels. */
#define SCAN_SHARE 0.2

struct _StmAppWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *title;
  AdwToastOverlay      *toast_overlay;
  StmSliceView         *slice_view;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkLabel             *corner_label;

  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (StmAppWindow, stm_app_window, ADW_TYPE_APPLICATION_WINDOW)

/* What the worker needs, shared with the progress idle (refcounted). */
typedef struct
{
  GStrv    paths;
  char    *demo_dir;            /* write the demo here first when missing */
  GWeakRef window;
  gint     permille;            /* atomic */
  gint     idle_pending;        /* atomic */
} LoadJob;

typedef struct
{
  StmVolume *volume;
  StmWindow  voi;
  gboolean   invert;
  char      *title;
  char      *subtitle;
} LoadResult;

static void
load_job_clear (LoadJob *job)
{
  g_strfreev (job->paths);
  g_free (job->demo_dir);
  g_weak_ref_clear (&job->window);
}

static void
load_job_release (gpointer job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) load_job_clear);
}

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->volume, stm_volume_unref);
  g_free (result->title);
  g_free (result->subtitle);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static gboolean
progress_idle_cb (gpointer data)
{
  LoadJob *job = data;
  g_autoptr(StmAppWindow) self = g_weak_ref_get (&job->window);

  g_atomic_int_set (&job->idle_pending, 0);
  if (self != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&job->permille) / 1000.0);
  return G_SOURCE_REMOVE;
}

/* From worker threads: one low-priority idle at a time carries the latest value. */
static void
load_job_progress (LoadJob *job, double fraction)
{
  g_atomic_int_set (&job->permille, (gint) (CLAMP (fraction, 0.0, 1.0) * 1000));
  if (g_atomic_int_compare_and_exchange (&job->idle_pending, 0, 1))
    g_idle_add_full (G_PRIORITY_LOW, progress_idle_cb,
                     g_atomic_rc_box_acquire (job), load_job_release);
}

static void
scan_progress_cb (double fraction, gpointer data)
{
  load_job_progress (data, fraction * SCAN_SHARE);
}

static void
decode_progress_cb (double fraction, gpointer data)
{
  load_job_progress (data, SCAN_SHARE + fraction * (1 - SCAN_SHARE));
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

/* DICOM person names separate their parts with carets. */
static char *
display_name (const char *person_name)
{
  g_auto(GStrv) parts = NULL;

  if (person_name == NULL || *person_name == '\0')
    return g_strdup ("Anonymous patient");
  parts = g_strsplit (person_name, "^", -1);
  return g_strstrip (g_strjoinv (" ", parts));
}

/* The first window preset and MONOCHROME1 live in the headers. */
static void
read_display (const StmSeries *series, LoadResult *result)
{
  const StmDicomHeader *first = g_ptr_array_index (series->instances, 0);

  result->voi = stm_window_default (result->volume);
  for (guint i = 0; i < series->instances->len; i++)
    {
      const StmDicomHeader *h = g_ptr_array_index (series->instances, i);

      if (h->windows != NULL && h->windows->len > 0)
        {
          const StmWindowPreset *preset = &g_array_index (h->windows, StmWindowPreset, 0);

          result->voi = (StmWindow) { preset->center, MAX (preset->width, 1.0) };
          break;
        }
    }
  result->invert = g_strcmp0 (first->photometric, "MONOCHROME1") == 0;
  result->title = display_name (first->patient_name);
  result->subtitle = g_strdup_printf ("%s %s",
                                      series->modality ? series->modality : "",
                                      series->description ? series->description : "");
  g_strstrip (result->subtitle);
}

static LoadResult *
load_run (LoadJob *job, GCancellable *cancellable, GError **error)
{
  g_autoptr(StmDicomCollection) collection = NULL;
  g_autoptr(LoadResult) result = NULL;
  StmSeries *series;

  if (job->demo_dir != NULL && !ensure_demo (job->demo_dir, cancellable, error))
    return NULL;
  collection = stm_dicom_collection_scan ((const char * const *) job->paths,
                                          scan_progress_cb, job, cancellable, error);
  if (collection == NULL)
    return NULL;
  series = stm_dicom_collection_default_series (collection);
  if (series == NULL || series->instances->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "No DICOM images were found in the files opened.");
      return NULL;
    }
  result = g_new0 (LoadResult, 1);
  result->volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                           decode_progress_cb, job, cancellable, error);
  if (result->volume == NULL)
    return NULL;
  read_display (series, result);
  return g_steal_pointer (&result);
}

static void
load_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  LoadResult *result = load_run (task_data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, load_result_free);
}

static void
set_loading (StmAppWindow *self, gboolean loading)
{
  gtk_widget_set_visible (self->progress_box, loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", loading);
}

static void
show_error (StmAppWindow *self, const char *message, guint timeout)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_result (StmAppWindow *self, LoadResult *result)
{
  stm_slice_view_set_volume (self->slice_view, result->volume);
  stm_slice_view_set_invert (self->slice_view, result->invert);
  stm_slice_view_set_window (self->slice_view, result->voi.center, result->voi.width);
  stm_slice_view_set_slice (self->slice_view, stm_slice_view_get_n_slices (self->slice_view) / 2);
  adw_window_title_set_title (self->title, result->title);
  adw_window_title_set_subtitle (self->title, result->subtitle);
  gtk_window_set_title (GTK_WINDOW (self), result->title);
  gtk_widget_grab_focus (GTK_WIDGET (self->slice_view));
  /* The end-to-end test waits for this line (G_MESSAGES_DEBUG=Stratum). */
  g_debug ("First image shown: %zu x %zu x %zu", result->volume->dims[0],
           result->volume->dims[1], result->volume->dims[2]);
}

static void
load_done_cb (GObject *source, GAsyncResult *res, gpointer data)
{
  StmAppWindow *self = STM_APP_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(LoadResult) result = g_task_propagate_pointer (G_TASK (res), &error);

  /* A newer load replaced this one: its outcome is no longer wanted. */
  if (g_task_get_cancellable (G_TASK (res)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, "Loading was cancelled.", 5);
  else if (error != NULL)
    show_error (self, error->message, 0);
  else
    show_result (self, result);
}

static void
load_start (StmAppWindow *self, GStrv paths, char *demo_dir, const char *message)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job = g_atomic_rc_box_new0 (LoadJob);

  job->paths = paths;
  job->demo_dir = demo_dir;
  g_weak_ref_init (&job->window, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_label_set_text (self->progress_label, message);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, load_start);
  g_task_set_task_data (task, job, load_job_release);
  g_task_run_in_thread (task, load_worker);
}

void
stm_app_window_load_files (StmAppWindow *self, GFile **files, guint n_files)
{
  GStrvBuilder *builder = g_strv_builder_new ();

  g_return_if_fail (STM_IS_APP_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  load_start (self, g_strv_builder_end (builder), NULL, "Reading the study…");
  g_strv_builder_unref (builder);
}

void
stm_app_window_load_demo (StmAppWindow *self, const char *dir)
{
  g_autofree char *ct_dir = g_build_filename (dir, "ct", NULL);
  char *paths[] = { ct_dir, NULL };

  g_return_if_fail (STM_IS_APP_WINDOW (self));

  load_start (self, g_strdupv (paths), g_strdup (dir), "Opening the demo study…");
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_cancellable_cancel (STM_APP_WINDOW (widget)->cancellable);
}

static void
update_corner_label_cb (StmAppWindow *self)
{
  StmSliceView *view = self->slice_view;
  guint n = stm_slice_view_get_n_slices (view);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->corner_label), n > 0);
  text = g_strdup_printf ("Slice %u/%u   W %.0f  L %.0f",
                          stm_slice_view_get_slice (view) + 1, n,
                          stm_slice_view_get_window_width (view),
                          stm_slice_view_get_window_center (view));
  gtk_label_set_text (self->corner_label, text);
}

static void
stm_app_window_dispose (GObject *object)
{
  StmAppWindow *self = STM_APP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STM_TYPE_APP_WINDOW);
  G_OBJECT_CLASS (stm_app_window_parent_class)->dispose (object);
}

static void
stm_app_window_class_init (StmAppWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stm_app_window_dispose;

  g_type_ensure (STM_TYPE_SLICE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stratumviewer/Stratum/stm-app-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, title);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, slice_view);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, corner_label);

  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
}

static void
stm_app_window_init (StmAppWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
  g_signal_connect_swapped (self->slice_view, "notify", G_CALLBACK (update_corner_label_cb), self);
}

StmAppWindow *
stm_app_window_new (StmApplication *application)
{
  return g_object_new (STM_TYPE_APP_WINDOW, "application", application, NULL);
}
