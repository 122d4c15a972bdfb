/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-viewport.h"

#include <glib/gi18n.h>

#include "stm-background.h"
#include "stm-dicom-names.h"
#include "stm-label-map.h"
#include "stm-nifti-label-map.h"
#include "stm-progress-relay.h"
#include "stm-series-preview.h"
#include "stm-series-volume.h"

struct _StmViewport
{
  GtkWidget            parent_instance;

  GtkLabel            *title_label;
  GtkLabel            *detail_label;
  StmSliceView        *slice_view;
  GtkWidget           *progress_box;
  GtkProgressBar      *progress_bar;
  StmMeasureLayer     *measure_layer;

  /* What is shown once fully loaded; unchanged by a load that fails. */
  StmDicomCollection  *collection;
  StmSeries           *series;
  StmVolume           *volume;
  StmLabelMap         *label_map;
  StmMeasurementList  *measurements;
  /* The user's work on every series shown here, by series id
   * (SeriesWork), so that showing a series again brings it back. */
  GHashTable          *work;

  /* The load in progress, and the display to return to if it fails. */
  GCancellable        *cancellable;
  GTask               *series_task;   /* its caller's task (not a reference) */
  StmSeries           *loading_series;  /* of job->collection, while loading */
  StmDicomCollection  *loading_collection;
  guint                saved_slice;
  StmWindow            saved_window;
  gboolean             saved_invert;

  /* Display defaults (GSettings, through the window). */
  char                *ct_preset;
  gboolean             invert_mono1;

  gboolean             active;
};

G_DEFINE_FINAL_TYPE (StmViewport, stm_viewport, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_LOADING,
  PROP_ACTIVE,
  PROP_SERIES_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The measurements and label map of one series. */
typedef struct
{
  StmMeasurementList  *measurements;
  StmLabelMap         *label_map;    /* or NULL */
} SeriesWork;

static void
series_work_free (gpointer data)
{
  SeriesWork *work = data;

  g_clear_object (&work->measurements);
  g_clear_pointer (&work->label_map, stm_label_map_unref);
  g_free (work);
}

/* Keeps the shown series' work for when it is shown again. */
static void
save_work (StmViewport *self)
{
  SeriesWork *work;

  if (self->series == NULL)
    return;
  /* Nothing to keep: a list holds its volume, which is worth freeing. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->measurements)) == 0 &&
      self->label_map == NULL)
    {
      g_hash_table_remove (self->work, self->series->id);
      return;
    }
  work = g_new0 (SeriesWork, 1);
  work->measurements = g_object_ref (self->measurements);
  work->label_map = self->label_map ? stm_label_map_ref (self->label_map) : NULL;
  g_hash_table_replace (self->work, g_strdup (self->series->id), work);
  /* Stored, the list lets go of its volume (hundreds of megabytes); showing
   * the series again gives it back. The layer, which would hand it the
   * next volume shown, lets go of the list first. */
  {
    g_autoptr(StmMeasurementList) empty = stm_measurement_list_new ();

    stm_measure_layer_set_list (self->measure_layer, empty);
  }
  stm_measurement_list_set_volume (work->measurements, NULL);
}

/* What the series worker needs; the preview idle shares it. */
typedef struct
{
  StmDicomCollection  *collection;
  StmSeries           *series;
  guint                n_slices;        /* the series' own count, planned once */
  guint                preview_slice;
  StmProgressRelay    *progress;
  GWeakRef             viewport;
  GCancellable        *cancellable;
  gboolean             preview_shown;   /* main thread only */
} SeriesJob;

static void
series_job_free (gpointer data)
{
  SeriesJob *job = data;

  stm_dicom_collection_unref (job->collection);
  stm_progress_relay_unref (job->progress);
  g_weak_ref_clear (&job->viewport);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* The middle slice, on its way to the main thread. */
typedef struct
{
  GTask     *task;
  StmVolume *volume;
} Preview;

static void
preview_free (gpointer data)
{
  Preview *preview = data;

  g_object_unref (preview->task);
  stm_volume_unref (preview->volume);
  g_free (preview);
}

static const StmDicomHeader *
first_header (StmSeries *series)
{
  return g_ptr_array_index (series->instances, 0);
}

GArray *
stm_viewport_get_window_presets (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->series != NULL ? stm_series_window_presets (self->series) : NULL;
}

void
stm_viewport_set_display_defaults (StmViewport *self, const char *ct_preset, gboolean invert_mono1)
{
  g_return_if_fail (STM_IS_VIEWPORT (self));

  g_free (self->ct_preset);
  self->ct_preset = g_strdup (ct_preset);
  self->invert_mono1 = invert_mono1;
}

/* The chosen CT preset, else the file's first preset, else the volume's
 * range; MONOCHROME1 inverted unless the user said otherwise. @volume may
 * be the first slice alone, while the series loads. */
static void
apply_default_display (StmViewport *self, StmSeries *series, const StmVolume *volume)
{
  GArray *presets = stm_series_window_presets (series);
  StmWindow window = stm_window_default (volume);
  gboolean invert = self->invert_mono1 &&
                    g_strcmp0 (first_header (series)->photometric, "MONOCHROME1") == 0;
  const StmWindowPresetInfo *ct = NULL;

  if (g_strcmp0 (series->modality, "CT") == 0 && self->ct_preset != NULL)
    ct = stm_window_ct_preset_find (self->ct_preset);
  if (ct != NULL)
    window = ct->window;
  else if (presets != NULL)
    {
      const StmWindowPreset *preset = &g_array_index (presets, StmWindowPreset, 0);

      window = (StmWindow) { preset->center, MAX (preset->width, 1.0) };
    }
  stm_slice_view_set_default_display (self->slice_view, window, invert);
  stm_slice_view_set_window (self->slice_view, window.center, window.width);
  stm_slice_view_set_invert (self->slice_view, invert);
}

/* The annotations, regions and title of @series, which has @n_images
 * images or frames (the whole series', even over its first slice alone). */
static void
apply_series_info (StmViewport *self, StmSeries *series, gsize n_images)
{
  const StmDicomHeader *h = first_header (series);
  g_autofree char *patient = stm_dicom_person_name_display (h->patient_name);
  g_autofree char *title = stm_series_display_title (series);
  g_autofree char *detail = NULL;
  GArray *regions = h->us_regions;

  stm_slice_view_set_info (self->slice_view, patient, h->study_date, title);
  stm_slice_view_set_us_regions (self->slice_view,
                                 regions ? (StmUsRegion *) regions->data : NULL,
                                 regions ? regions->len : 0);
  stm_measure_layer_set_us_regions (self->measure_layer,
                                    regions ? (StmUsRegion *) regions->data : NULL,
                                    regions ? regions->len : 0);
  /* A cine is one file of many frames; a CT stack, many images. */
  if (series->instances->len == 1 && n_images > 1)
    detail = g_strdup_printf (ngettext ("%zu frame", "%zu frames", n_images), n_images);
  else
    detail = g_strdup_printf (ngettext ("%zu image", "%zu images", n_images), n_images);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->detail_label, detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
}

static void
set_loading (StmViewport *self, GCancellable *cancellable)
{
  g_set_object (&self->cancellable, cancellable);
  gtk_widget_set_visible (self->progress_box, cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewport.cancel", cancellable != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Back to the fully loaded series, as it was before the load began. */
static void
restore_shown (StmViewport *self)
{
  stm_slice_view_set_label_map (self->slice_view, NULL);
  stm_slice_view_set_volume (self->slice_view, self->volume);
  if (self->volume == NULL)
    return;
  /* Its regions before its measurements, so they are computed once. */
  apply_series_info (self, self->series, self->volume->dims[2]);
  stm_measure_layer_set_list (self->measure_layer, self->measurements);
  gtk_widget_set_visible (GTK_WIDGET (self->measure_layer), TRUE);
  stm_slice_view_set_label_map (self->slice_view, self->label_map);
  /* Its defaults (for Reset) as well as the window it had. */
  apply_default_display (self, self->series, self->volume);
  stm_slice_view_set_window (self->slice_view, self->saved_window.center,
                             self->saved_window.width);
  stm_slice_view_set_invert (self->slice_view, self->saved_invert);
  stm_slice_view_set_slice (self->slice_view, self->saved_slice);
}

static void
show_preview (StmViewport *self, SeriesJob *job, StmVolume *preview)
{
  g_autoptr(StmMeasurementList) none = stm_measurement_list_new ();

  /* The measurements and mask shown belong to the previous series: they
   * leave the view and the panel (not their list) until the new series
   * has loaded, or come back if its load fails. The first slice carries
   * its own series' annotations and window. */
  gtk_widget_set_visible (GTK_WIDGET (self->measure_layer), FALSE);
  stm_measure_layer_set_list (self->measure_layer, none);
  stm_slice_view_set_label_map (self->slice_view, NULL);
  stm_slice_view_set_volume (self->slice_view, preview);
  stm_slice_view_set_slice (self->slice_view, 0);
  stm_slice_view_set_series_position (self->slice_view, job->preview_slice, job->n_slices);
  apply_default_display (self, job->series, preview);
  apply_series_info (self, job->series, job->n_slices);
  job->preview_shown = TRUE;
  /* The end-to-end test waits for this line (G_MESSAGES_DEBUG=Stratum). */
  g_debug ("First image shown: slice %u, %zu x %zu, series %s", job->preview_slice,
           preview->dims[0], preview->dims[1], job->series->id);
}

static gboolean
preview_idle_cb (gpointer data)
{
  Preview *preview = data;
  SeriesJob *job = g_task_get_task_data (preview->task);
  g_autoptr(StmViewport) self = g_weak_ref_get (&job->viewport);

  /* Only while its load is the current one and still wanted. */
  if (self != NULL && self->cancellable == job->cancellable &&
      !g_cancellable_is_cancelled (job->cancellable))
    show_preview (self, job, preview->volume);
  return G_SOURCE_REMOVE;
}

/* Worker: the middle slice first, so the user sees the series at once. */
static void
send_preview (GTask *task, SeriesJob *job)
{
  Preview *preview;
  StmVolume *volume = stm_series_load_slice (job->series, job->preview_slice,
                                             STM_VOLUME_DEFAULT_MAX_BYTES,
                                             job->cancellable, NULL);

  if (volume == NULL)
    return;
  preview = g_new0 (Preview, 1);
  preview->task = g_object_ref (task);
  preview->volume = volume;
  g_idle_add_full (G_PRIORITY_DEFAULT, preview_idle_cb, preview, preview_free);
}

static void
series_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SeriesJob *job = task_data;
  GError *error = NULL;
  StmVolume *volume;

  send_preview (task, job);
  volume = stm_series_load_volume (job->series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                   stm_progress_relay_func, job->progress, cancellable, &error);
  if (volume == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, volume, (GDestroyNotify) stm_volume_unref);
}

static void
show_loaded (StmViewport *self, SeriesJob *job, StmVolume *volume)
{
  g_autoptr(StmMeasurementList) measurements = NULL;
  SeriesWork *work;

  save_work (self);
  {
    /* Ref before unref: the job may carry the collection already held. */
    StmDicomCollection *collection = stm_dicom_collection_ref (job->collection);

    g_clear_pointer (&self->collection, stm_dicom_collection_unref);
    self->collection = collection;
  }
  self->series = job->series;
  g_clear_pointer (&self->volume, stm_volume_unref);
  self->volume = stm_volume_ref (volume);
  g_clear_pointer (&self->label_map, stm_label_map_unref);

  stm_slice_view_set_label_map (self->slice_view, NULL);
  stm_slice_view_set_volume (self->slice_view, volume);
  /* The series' own list and label map when it was shown before, else a
   * fresh list; the old list is dropped last, after whoever showed it has
   * moved to the new one. */
  work = g_hash_table_lookup (self->work, self->series->id);
  if (work != NULL)
    {
      measurements = g_object_ref (work->measurements);
      self->label_map = work->label_map ? stm_label_map_ref (work->label_map) : NULL;
    }
  else
    measurements = stm_measurement_list_new ();
  stm_measure_layer_set_list (self->measure_layer, measurements);
  g_set_object (&self->measurements, measurements);
  gtk_widget_set_visible (GTK_WIDGET (self->measure_layer), TRUE);
  apply_default_display (self, self->series, self->volume);
  apply_series_info (self, self->series, self->volume->dims[2]);
  stm_slice_view_set_label_map (self->slice_view, self->label_map);
  stm_slice_view_set_slice (self->slice_view, MIN (job->preview_slice, volume->dims[2] - 1));
  if (!job->preview_shown)
    g_debug ("First image shown: slice %u, %zu x %zu, series %s", job->preview_slice,
             volume->dims[0], volume->dims[1], job->series->id);
  g_debug ("Series loaded: %s, %zu x %zu x %zu", self->series->id,
           volume->dims[0], volume->dims[1], volume->dims[2]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES_ID]);
}

static void
series_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) outer = data;
  StmViewport *self = g_task_get_source_object (outer);
  SeriesJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) volume = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer load replaced this one (and reported it): it owns the display. */
  if (self->series_task != outer)
    return;
  self->series_task = NULL;
  self->loading_series = NULL;
  g_clear_pointer (&self->loading_collection, stm_dicom_collection_unref);
  set_loading (self, NULL);
  if (volume == NULL)
    {
      restore_shown (self);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  show_loaded (self, job, volume);
  g_task_return_boolean (outer, TRUE);
}

static void
save_display (StmViewport *self)
{
  self->saved_slice = stm_slice_view_get_slice (self->slice_view);
  self->saved_window.center = stm_slice_view_get_window_center (self->slice_view);
  self->saved_window.width = stm_slice_view_get_window_width (self->slice_view);
  self->saved_invert = stm_slice_view_get_invert (self->slice_view);
}

void
stm_viewport_load_series_async (StmViewport         *self,
                                StmDicomCollection  *collection,
                                const char          *series_id,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) inner = NULL;
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  StmSeries *series = stm_dicom_collection_find_series (collection, series_id);
  GTask *replaced = self->series_task;
  SeriesJob *job;

  g_task_set_source_tag (outer, stm_viewport_load_series_async);
  if (series == NULL || series->instances->len == 0)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("This series has no images to show."));
      g_object_unref (outer);
      return;
    }
  if (self->cancellable == NULL)
    save_display (self);
  g_cancellable_cancel (self->cancellable);

  job = g_new0 (SeriesJob, 1);
  job->collection = stm_dicom_collection_ref (collection);
  job->series = series;
  job->n_slices = stm_series_n_slices (series);
  job->preview_slice = job->n_slices / 2;
  job->progress = stm_progress_relay_new (self->progress_bar);
  g_weak_ref_init (&job->viewport, self);
  job->cancellable = g_object_ref (cancellable);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_loading (self, cancellable);
  self->series_task = outer;
  self->loading_series = series;
  g_clear_pointer (&self->loading_collection, stm_dicom_collection_unref);
  self->loading_collection = stm_dicom_collection_ref (collection);

  inner = g_task_new (NULL, cancellable, series_done_cb, outer);
  g_task_set_task_data (inner, job, series_job_free);
  stm_background_run_in_thread (inner, series_worker);
  /* Reported now, while this load is under way, so the caller can tell a
   * replaced load from one the user cancelled. */
  if (replaced != NULL)
    g_task_return_new_error (replaced, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("Loading was replaced by another series."));
}

gboolean
stm_viewport_shows_series (StmViewport        *self,
                           StmDicomCollection *collection,
                           const char         *series_id)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), FALSE);
  g_return_val_if_fail (series_id != NULL, FALSE);

  /* A cancelled load is still under way until its callback runs. */
  if (self->cancellable != NULL)
    return !g_cancellable_is_cancelled (self->cancellable) &&
           self->loading_series != NULL && self->loading_collection == collection &&
           g_strcmp0 (self->loading_series->id, series_id) == 0;
  return self->series != NULL && self->collection == collection &&
         g_strcmp0 (self->series->id, series_id) == 0;
}

void
stm_viewport_clear (StmViewport *self)
{
  g_return_if_fail (STM_IS_VIEWPORT (self));

  stm_viewport_cancel (self);
  save_work (self);
  g_clear_pointer (&self->label_map, stm_label_map_unref);
  self->series = NULL;
  g_clear_pointer (&self->volume, stm_volume_unref);
  g_clear_pointer (&self->collection, stm_dicom_collection_unref);
  stm_slice_view_set_label_map (self->slice_view, NULL);
  stm_slice_view_set_volume (self->slice_view, NULL);
  stm_slice_view_set_info (self->slice_view, NULL, NULL, NULL);
  /* An empty list, so that nothing of the series cleared stays in view. */
  {
    g_autoptr(StmMeasurementList) empty = stm_measurement_list_new ();

    stm_measure_layer_set_list (self->measure_layer, empty);
    g_set_object (&self->measurements, empty);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->measure_layer), FALSE);
  gtk_label_set_text (self->title_label, "");
  gtk_label_set_text (self->detail_label, "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES_ID]);
}

gboolean
stm_viewport_load_series_finish (StmViewport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
stm_viewport_cancel (StmViewport *self)
{
  g_return_if_fail (STM_IS_VIEWPORT (self));

  g_cancellable_cancel (self->cancellable);
}

typedef struct
{
  char      *path;
  StmVolume *image;
} MaskJob;

static void
mask_job_free (gpointer data)
{
  MaskJob *job = data;

  g_free (job->path);
  stm_volume_unref (job->image);
  g_free (job);
}

static void
mask_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  MaskJob *job = task_data;
  GError *error = NULL;
  StmLabelMap *map = stm_label_map_read_nifti (job->path, job->image, &error);

  if (map == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, map, (GDestroyNotify) stm_label_map_unref);
}

static void
mask_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GTask) outer = data;
  StmViewport *self = g_task_get_source_object (outer);
  MaskJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(StmLabelMap) map = g_task_propagate_pointer (G_TASK (result), &error);

  if (map == NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else if (g_task_return_error_if_cancelled (outer))
    return;
  else if (job->image != self->volume || self->cancellable != NULL)
    g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The mask was not applied because another series was opened."));
  else
    {
      g_clear_pointer (&self->label_map, stm_label_map_unref);
      self->label_map = stm_label_map_ref (map);
      stm_slice_view_set_label_map (self->slice_view, map);
      g_task_return_boolean (outer, TRUE);
    }
}

void
stm_viewport_load_mask_async (StmViewport         *self,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  MaskJob *job;

  g_task_set_source_tag (outer, stm_viewport_load_mask_async);
  if (self->volume == NULL || self->cancellable != NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("Open a series and let it load before opening its mask."));
      g_object_unref (outer);
      return;
    }
  job = g_new0 (MaskJob, 1);
  job->path = g_file_get_path (file);
  job->image = stm_volume_ref (self->volume);
  if (job->path == NULL)
    {
      mask_job_free (job);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only masks stored as local files can be opened."));
      g_object_unref (outer);
      return;
    }
  inner = g_task_new (NULL, cancellable, mask_done_cb, outer);
  g_task_set_task_data (inner, job, mask_job_free);
  stm_background_run_in_thread (inner, mask_worker);
}

gboolean
stm_viewport_load_mask_finish (StmViewport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GtkWidget *
stm_viewport_new (void)
{
  return g_object_new (STM_TYPE_VIEWPORT, NULL);
}

StmSliceView *
stm_viewport_get_slice_view (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->slice_view;
}

StmMeasureLayer *
stm_viewport_get_measure_layer (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->measure_layer;
}

StmSeries *
stm_viewport_get_series (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->series;
}

StmDicomCollection *
stm_viewport_get_collection (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->series ? self->collection : NULL;
}

const char *
stm_viewport_get_series_id (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->series ? self->series->id : NULL;
}

StmVolume *
stm_viewport_get_volume (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->volume;
}

const char *
stm_viewport_get_frame_of_reference (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), NULL);

  return self->series ? self->series->frame_of_reference_uid : NULL;
}

gboolean
stm_viewport_get_loading (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), FALSE);

  return self->cancellable != NULL;
}

gboolean
stm_viewport_get_active (StmViewport *self)
{
  g_return_val_if_fail (STM_IS_VIEWPORT (self), FALSE);

  return self->active;
}

void
stm_viewport_set_active (StmViewport *self, gboolean active)
{
  g_return_if_fail (STM_IS_VIEWPORT (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  stm_slice_view_set_active (self->slice_view, active);
  if (active)
    gtk_widget_add_css_class (GTK_WIDGET (self), "active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "active");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  stm_viewport_cancel (STM_VIEWPORT (widget));
}

/* A click anywhere in the viewport, or focus entering it, makes it the one
 * the window's commands act on. */
static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, StmViewport *self)
{
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static void
focus_enter_cb (GtkEventControllerFocus *controller, StmViewport *self)
{
  g_signal_emit (self, signals[ACTIVATED], 0);
}

static void
stm_viewport_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StmViewport *self = STM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_LOADING: g_value_set_boolean (value, stm_viewport_get_loading (self)); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    case PROP_SERIES_ID: g_value_set_string (value, stm_viewport_get_series_id (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_viewport_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  StmViewport *self = STM_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ACTIVE: stm_viewport_set_active (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_viewport_dispose (GObject *object)
{
  StmViewport *self = STM_VIEWPORT (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STM_TYPE_VIEWPORT);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (stm_viewport_parent_class)->dispose (object);
}

static void
stm_viewport_finalize (GObject *object)
{
  StmViewport *self = STM_VIEWPORT (object);

  g_clear_pointer (&self->label_map, stm_label_map_unref);
  g_clear_object (&self->measurements);
  g_clear_pointer (&self->work, g_hash_table_unref);
  g_clear_pointer (&self->loading_collection, stm_dicom_collection_unref);
  g_clear_pointer (&self->volume, stm_volume_unref);
  g_clear_pointer (&self->collection, stm_dicom_collection_unref);
  g_free (self->ct_preset);
  G_OBJECT_CLASS (stm_viewport_parent_class)->finalize (object);
}

static void
stm_viewport_class_init (StmViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stm_viewport_get_property;
  object_class->set_property = stm_viewport_set_property;
  object_class->dispose = stm_viewport_dispose;
  object_class->finalize = stm_viewport_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERIES_ID] =
    g_param_spec_string ("series-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (STM_TYPE_SLICE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stratumviewer/Stratum/stm-viewport.ui");
  gtk_widget_class_bind_template_child (widget_class, StmViewport, title_label);
  gtk_widget_class_bind_template_child (widget_class, StmViewport, detail_label);
  gtk_widget_class_bind_template_child (widget_class, StmViewport, slice_view);
  gtk_widget_class_bind_template_child (widget_class, StmViewport, progress_box);
  gtk_widget_class_bind_template_child (widget_class, StmViewport, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, focus_enter_cb);

  gtk_widget_class_install_action (widget_class, "viewport.cancel", NULL, cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "stmviewport");
}

static void
stm_viewport_init (StmViewport *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_widget_init_template (GTK_WIDGET (self));
  self->invert_mono1 = TRUE;
  self->work = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, series_work_free);
  self->measure_layer = STM_MEASURE_LAYER (stm_measure_layer_new ());
  /* The viewport holds every list its layer shows (see show_loaded()). */
  self->measurements = stm_measurement_list_new ();
  stm_measure_layer_set_list (self->measure_layer, self->measurements);
  stm_slice_view_set_layer (self->slice_view, GTK_WIDGET (self->measure_layer));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewport.cancel", FALSE);
}
