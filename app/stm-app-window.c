/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-app-window-private.h"

#include <glib/gi18n.h>

#include "stm-dicom-names.h"
#include "stm-progress-relay.h"
#include "stm-recent.h"
#include "stm-slice-link.h"
#include "stm-study-scan.h"

G_DEFINE_FINAL_TYPE (StmAppWindow, stm_app_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SPLIT_VIEW,
  PROP_LINK_SLICES,
  PROP_SHOW_SIDEBAR,
  PROP_SHOW_OVERLAYS,
  PROP_SHOW_LABELS,
  PROP_CINE_LOOP,
  PROP_MEASURE_TOOL,
  PROP_INVERT,
  PROP_PLAYING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static StmViewport *
other_viewport (StmAppWindow *self, StmViewport *viewport)
{
  return viewport == self->viewport1 ? self->viewport2 : self->viewport1;
}

void
_stm_app_window_toast (StmAppWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* Logged too, for the tests and for bug reports (G_MESSAGES_DEBUG=Stratum). */
  g_debug ("Toast: %s", message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
stm_app_window_get_busy (StmAppWindow *self)
{
  g_return_val_if_fail (STM_IS_APP_WINDOW (self), FALSE);

  return self->scan_cancellable != NULL || self->n_busy > 0;
}

/* @delta: series and mask loads started (+1) or ended (-1); 0 when only
 * the scan started or ended. */
static void
busy_changed (StmAppWindow *self, int delta)
{
  self->n_busy += delta;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  _stm_app_window_update_actions (self);
}

void
_stm_app_window_cancel (StmAppWindow *self)
{
  g_cancellable_cancel (self->scan_cancellable);
  g_cancellable_cancel (self->mask_cancellable);
  stm_viewport_cancel (self->viewport1);
  stm_viewport_cancel (self->viewport2);
}

/* While something loads, Escape cancels it (every load) wherever the focus
 * is: caught before the focused widget (a measurement tool would take it
 * to drop the tool). Otherwise Escape goes on to the focused widget. This
 * is Escape's only cancel binding. */
static gboolean
escape_cancels_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   StmAppWindow          *self)
{
  if (keyval != GDK_KEY_Escape || (state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      !stm_app_window_get_busy (self))
    return FALSE;
  _stm_app_window_cancel (self);
  return TRUE;
}

static void
init_escape (StmAppWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (escape_cancels_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/* The active series' patient and study. */
static void
update_title (StmAppWindow *self)
{
  StmSeries *series = stm_viewport_get_series (self->active);
  const StmDicomHeader *h = series ? g_ptr_array_index (series->instances, 0) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;
  g_autofree char *study = NULL;

  /* Nothing shown: no patient's name either. */
  if (h == NULL)
    {
      adw_window_title_set_title (self->title, _("Stratum"));
      adw_window_title_set_subtitle (self->title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Stratum"));
      return;
    }
  name = stm_dicom_person_name_display (h->patient_name);
  date = stm_dicom_date_display (h->study_date);
  study = g_strdup_printf ("%s %s", date, h->study_description ? h->study_description : "");
  adw_window_title_set_title (self->title, name);
  adw_window_title_set_subtitle (self->title, g_strstrip (study));
  gtk_window_set_title (GTK_WINDOW (self), name);
}

/* The cine button shows what a click will do. */
static void
update_play_button (StmAppWindow *self)
{
  gboolean playing = stm_slice_view_get_playing (stm_viewport_get_slice_view (self->active));

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
}

/* The window's "invert" and "playing" are the active view's, so the menu
 * shows their state. */
static void
view_state_changed_cb (StmSliceView *view, GParamSpec *pspec, StmAppWindow *self)
{
  if (self->active == NULL || view != stm_viewport_get_slice_view (self->active))
    return;
  update_play_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVERT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* The viewport the window's commands act on; outlined when there are two. */
void
_stm_app_window_set_active (StmAppWindow *self, StmViewport *viewport)
{
  const char *series_id = stm_viewport_get_series_id (viewport);

  self->active = viewport;
  stm_measurement_panel_set_list (self->measurement_panel,
                                  stm_measure_layer_get_list (stm_viewport_get_measure_layer (viewport)));
  stm_viewport_set_active (self->viewport1, self->split_view && viewport == self->viewport1);
  stm_viewport_set_active (self->viewport2, self->split_view && viewport == self->viewport2);
  if (series_id != NULL)
    stm_study_browser_select_series (self->browser, series_id);
  update_title (self);
  view_state_changed_cb (stm_viewport_get_slice_view (viewport), NULL, self);
  _stm_app_window_update_presets (self);
  _stm_app_window_update_actions (self);
}

/* F6: the other viewport of a split view becomes the active one. */
void
_stm_app_window_activate_other (StmAppWindow *self)
{
  StmViewport *other = other_viewport (self, self->active);

  if (!self->split_view)
    return;
  _stm_app_window_set_active (self, other);
  gtk_widget_grab_focus (GTK_WIDGET (stm_viewport_get_slice_view (other)));
}

static void
viewport_activated_cb (StmViewport *viewport, StmAppWindow *self)
{
  if (self->active != viewport)
    _stm_app_window_set_active (self, viewport);
}

/*
 * After a failed or cancelled load the view is back on the series it
 * showed before; when that came from the previous study (the new study's
 * first series failed), the browser goes back to that study too, so that
 * it never lists another patient than the one on screen.
 */
static void
browse_shown_study (StmAppWindow *self, StmViewport *viewport)
{
  StmDicomCollection *shown = stm_viewport_get_collection (viewport);
  StmViewport *other;

  if (shown == NULL || shown == self->collection)
    return;
  /* Ref before unref: @shown may be held only through the viewport. */
  shown = stm_dicom_collection_ref (shown);
  g_clear_pointer (&self->collection, stm_dicom_collection_unref);
  self->collection = shown;
  stm_study_browser_set_collection (self->browser, shown);
  stm_study_browser_select_series (self->browser, stm_viewport_get_series_id (viewport));
  /* In a split view the other side was given the new study too: it goes
   * back as well (a cancelled load restores what it showed), or empties,
   * so that the screen shows one patient. */
  other = other_viewport (self, viewport);
  if (stm_viewport_get_loading (other))
    stm_viewport_cancel (other);
  else if (stm_viewport_get_collection (other) != NULL && stm_viewport_get_collection (other) != shown)
    stm_viewport_clear (other);
}

static void
series_loaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(StmAppWindow) self = data;
  StmViewport *viewport = STM_VIEWPORT (source);
  g_autoptr(GError) error = NULL;

  busy_changed (self, -1);
  if (stm_viewport_load_series_finish (viewport, result, &error))
    {
      if (viewport == self->active)
        _stm_app_window_set_active (self, viewport);
      return;
    }
  /* Replaced by a newer load of the same viewport: nothing to say. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      stm_viewport_get_loading (viewport))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _stm_app_window_toast (self, _("Loading was cancelled."));
  else
    _stm_app_window_toast (self, error->message);
  if (viewport == self->active)
    browse_shown_study (self, viewport);
  else if (stm_viewport_get_collection (viewport) != NULL &&
           stm_viewport_get_collection (viewport) != self->collection)
    /* The other side went back to a study no longer browsed. */
    stm_viewport_clear (viewport);
}

static void
load_series (StmAppWindow *self, StmViewport *viewport, const char *series_id)
{
  busy_changed (self, +1);
  stm_viewport_load_series_async (viewport, self->collection, series_id,
                                  series_loaded_cb, g_object_ref (self));
}

/* Once a series is chosen, keys scroll it at once: a radiologist should
 * not have to click into the image first. */
static void
focus_active_view (StmAppWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (stm_viewport_get_slice_view (self->active)));
}

void
stm_app_window_show_series (StmAppWindow *self, const char *series_id)
{
  g_return_if_fail (STM_IS_APP_WINDOW (self));
  g_return_if_fail (series_id != NULL);

  if (self->collection == NULL)
    return;
  stm_study_browser_select_series (self->browser, series_id);
  /* The browser activates on a single click: showing the series again
   * would only start over. */
  if (stm_viewport_shows_series (self->active, self->collection, series_id))
    return;
  load_series (self, self->active, series_id);
}

static void
series_activated_cb (StmStudyBrowser *browser, const char *series_id, StmAppWindow *self)
{
  stm_app_window_show_series (self, series_id);
  focus_active_view (self);
}

/* For the second viewport: the largest series other than @except. */
static StmSeries *
largest_series_except (StmDicomCollection *collection, const char *except)
{
  g_autoptr(GPtrArray) all = stm_dicom_collection_list_series (collection);
  StmSeries *best = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      StmSeries *series = g_ptr_array_index (all, i);

      if (g_strcmp0 (series->id, except) != 0 &&
          (best == NULL || stm_series_n_frames (series) > stm_series_n_frames (best)))
        best = series;
    }
  return best;
}

static void
show_collection (StmAppWindow *self, StmDicomCollection *collection)
{
  StmSeries *series = stm_dicom_collection_default_series (collection);
  StmSeries *second;

  if (series == NULL)
    {
      _stm_app_window_toast (self, _("The files opened hold no image to show."));
      return;
    }
  /* Ref before unref: @collection may be the one already held. */
  collection = stm_dicom_collection_ref (collection);
  g_clear_pointer (&self->collection, stm_dicom_collection_unref);
  self->collection = collection;
  stm_study_browser_set_collection (self->browser, collection);
  if (collection->skipped->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf (ngettext ("%u DICOM file could not be read and was left out.",
                                   "%u DICOM files could not be read and were left out.",
                                   collection->skipped->len),
                         collection->skipped->len);

      _stm_app_window_toast (self, message);
    }
  stm_app_window_show_series (self, series->id);
  /* The other viewport never keeps a series of the study shown before. */
  second = largest_series_except (collection, series->id);
  if (second == NULL)
    second = series;
  if (self->split_view)
    load_series (self, other_viewport (self, self->active), second->id);
  else
    stm_viewport_clear (other_viewport (self, self->active));
  focus_active_view (self);
}

typedef struct
{
  StmAppWindow *window;
  GFile        *recent;     /* what the recent list remembers, or NULL */
} ScanRequest;

static void
scan_request_free (ScanRequest *request)
{
  g_object_unref (request->window);
  g_clear_object (&request->recent);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScanRequest, scan_request_free)

static void
remember_study (StmAppWindow *self, GFile *file)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  stm_recent_add (self->settings, file);
  /* The chooser starts beside the study, ready for the next one. */
  folder = g_file_get_parent (file);
  if (folder == NULL)
    return;
  uri = g_file_get_uri (folder);
  g_settings_set_string (self->settings, "last-folder", uri);
}

static void
scan_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(ScanRequest) request = data;
  StmAppWindow *self = request->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(StmDicomCollection) collection = stm_study_scan_finish (result, &error);

  /* A newer open replaced this one. */
  if (g_task_get_cancellable (G_TASK (result)) != self->scan_cancellable)
    return;
  g_clear_object (&self->scan_cancellable);
  gtk_widget_set_visible (self->scan_box, FALSE);
  busy_changed (self, 0);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _stm_app_window_toast (self, _("Opening was cancelled."));
  else if (error != NULL)
    {
      /* A recent study that cannot be read any more leaves the menu. */
      if (request->recent != NULL)
        stm_recent_remove (self->settings, request->recent);
      _stm_app_window_toast (self, error->message);
    }
  else
    {
      if (request->recent != NULL)
        remember_study (self, request->recent);
      show_collection (self, collection);
    }
}

static void
open_paths (StmAppWindow *self, GStrv paths, const char *demo_dir, const char *message,
            GFile *recent)
{
  g_autoptr(StmProgressRelay) progress = stm_progress_relay_new (self->scan_bar);
  ScanRequest *request = g_new0 (ScanRequest, 1);

  request->window = g_object_ref (self);
  request->recent = recent ? g_object_ref (recent) : NULL;
  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  self->scan_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->scan_label, message);
  gtk_progress_bar_set_fraction (self->scan_bar, 0);
  gtk_widget_set_visible (self->scan_box, TRUE);
  busy_changed (self, 0);
  stm_study_scan_async ((const char * const *) paths, demo_dir, progress,
                        self->scan_cancellable, scan_done_cb, request);
}

void
stm_app_window_open_files (StmAppWindow *self, GFile **files, guint n_files)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  g_autoptr(GFile) recent = NULL;

  g_return_if_fail (STM_IS_APP_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  if (paths[0] == NULL)
    {
      _stm_app_window_toast (self, _("Only local files and folders can be opened."));
      return;
    }
  recent = stm_recent_study_file (files, n_files);
  open_paths (self, paths, NULL, _("Reading the study…"), recent);
}

void
stm_app_window_open_demo (StmAppWindow *self, const char *dir)
{
  char *paths[] = { (char *) dir, NULL };

  g_return_if_fail (STM_IS_APP_WINDOW (self));

  open_paths (self, paths, dir, _("Opening the demo study…"), NULL);
}

static void
mask_loaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(StmAppWindow) self = data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  busy_changed (self, -1);
  if (cancellable == self->mask_cancellable)
    g_clear_object (&self->mask_cancellable);
  if (stm_viewport_load_mask_finish (STM_VIEWPORT (source), result, &error))
    {
      /* Shown on this view only: "show-labels" is the user's setting. */
      stm_slice_view_set_show_labels (stm_viewport_get_slice_view (STM_VIEWPORT (source)), TRUE);
      g_debug ("Mask shown");
      return;
    }
  /* A newer mask replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_cancellable_is_cancelled (cancellable))
    return;
  _stm_app_window_toast (self, error->message);
}

void
stm_app_window_open_mask (StmAppWindow *self, GFile *file)
{
  g_return_if_fail (STM_IS_APP_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->mask_cancellable);
  g_clear_object (&self->mask_cancellable);
  self->mask_cancellable = g_cancellable_new ();
  busy_changed (self, +1);
  stm_viewport_load_mask_async (self->active, file, self->mask_cancellable,
                                mask_loaded_cb, g_object_ref (self));
}

/* A series loaded into the active viewport brings its own (empty) list. */
static void
measurements_changed_cb (StmMeasureLayer *layer, GParamSpec *pspec, StmAppWindow *self)
{
  if (layer == stm_viewport_get_measure_layer (self->active))
    stm_measurement_panel_set_list (self->measurement_panel, stm_measure_layer_get_list (layer));
}

/* The layer's own keys (D, A, E, P, H, Escape) change the tool too. */
static void
tool_changed_cb (StmMeasureLayer *layer, GParamSpec *pspec, StmAppWindow *self)
{
  g_object_set (self, "measure-tool", stm_measure_layer_get_tool (layer), NULL);
}

static void
set_measure_tool (StmAppWindow *self, StmMeasureTool tool)
{
  if (self->measure_tool == tool)
    return;
  self->measure_tool = tool;
  stm_measure_layer_set_tool (stm_viewport_get_measure_layer (self->viewport1), tool);
  stm_measure_layer_set_tool (stm_viewport_get_measure_layer (self->viewport2), tool);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURE_TOOL]);
}

/* A row of the panel: go to its slice and select it. */
static void
measurement_activated_cb (StmMeasurementPanel *panel, StmMeasurement *measurement,
                          StmAppWindow *self)
{
  StmMeasureLayer *layer = stm_viewport_get_measure_layer (self->active);

  stm_slice_view_set_slice (stm_viewport_get_slice_view (self->active),
                            stm_measurement_get_slice (measurement));
  stm_measure_layer_set_selected (layer, measurement);
  gtk_widget_grab_focus (GTK_WIDGET (stm_viewport_get_slice_view (self->active)));
}

/* Linked scrolling: the other view follows to the slice nearest in space,
 * when both show fully loaded series of one frame of reference. */
static void
slice_changed_cb (StmSliceView *view, GParamSpec *pspec, StmAppWindow *self)
{
  StmViewport *from = self->viewport1;
  StmViewport *to;
  StmVolume *from_volume, *to_volume;
  const char *frame;
  guint slice;

  if (!self->split_view || !self->link_slices || self->linking)
    return;
  if (stm_viewport_get_slice_view (from) != view)
    from = self->viewport2;
  to = other_viewport (self, from);
  from_volume = stm_viewport_get_volume (from);
  to_volume = stm_viewport_get_volume (to);
  frame = stm_viewport_get_frame_of_reference (from);
  if (from_volume == NULL || to_volume == NULL || frame == NULL || *frame == '\0' ||
      g_strcmp0 (frame, stm_viewport_get_frame_of_reference (to)) != 0 ||
      stm_slice_view_get_volume (view) != from_volume ||
      stm_slice_view_get_volume (stm_viewport_get_slice_view (to)) != to_volume)
    return;
  if (!stm_slice_link_nearest (from_volume, stm_slice_view_get_slice (view), to_volume, &slice))
    return;
  self->linking = TRUE;
  stm_slice_view_set_slice (stm_viewport_get_slice_view (to), slice);
  self->linking = FALSE;
}

static void
set_split_view (StmAppWindow *self, gboolean split)
{
  StmSeries *second;

  split = !!split;
  if (self->split_view == split)
    return;
  self->split_view = split;
  gtk_widget_set_visible (GTK_WIDGET (self->viewport2), split);
  if (split)
    gtk_paned_set_position (self->viewport_paned,
                            gtk_widget_get_width (GTK_WIDGET (self->viewport_paned)) / 2);
  if (!split && self->active == self->viewport2)
    self->active = self->viewport1;
  _stm_app_window_set_active (self, self->active);
  /* A second viewport never used shows the next largest series. */
  if (split && self->collection != NULL && stm_viewport_get_series_id (self->viewport2) == NULL &&
      !stm_viewport_get_loading (self->viewport2))
    {
      second = largest_series_except (self->collection,
                                      stm_viewport_get_series_id (self->viewport1));
      if (second == NULL)
        second = stm_dicom_collection_default_series (self->collection);
      load_series (self, self->viewport2, second->id);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPLIT_VIEW]);
}

static void
apply_view_settings (StmAppWindow *self, StmViewport *viewport)
{
  StmSliceView *view = stm_viewport_get_slice_view (viewport);

  stm_slice_view_set_show_overlays (view, self->show_overlays);
  stm_slice_view_set_loop (view, self->cine_loop);
  stm_slice_view_set_label_opacity (view, gtk_adjustment_get_value (self->opacity_adjustment));
}

static void
apply_view_settings_to_both (StmAppWindow *self)
{
  apply_view_settings (self, self->viewport1);
  apply_view_settings (self, self->viewport2);
}

/* Apart from the others: a mask just opened shows its labels on its own
 * view whatever the setting, until the setting changes. */
static void
apply_show_labels (StmAppWindow *self)
{
  stm_slice_view_set_show_labels (stm_viewport_get_slice_view (self->viewport1), self->show_labels);
  stm_slice_view_set_show_labels (stm_viewport_get_slice_view (self->viewport2), self->show_labels);
}

static void
opacity_changed_cb (GtkAdjustment *adjustment, StmAppWindow *self)
{
  apply_view_settings_to_both (self);
}

static gboolean *
boolean_field (StmAppWindow *self, guint prop_id)
{
  switch (prop_id)
    {
    case PROP_LINK_SLICES: return &self->link_slices;
    case PROP_SHOW_SIDEBAR: return &self->show_sidebar;
    case PROP_SHOW_OVERLAYS: return &self->show_overlays;
    case PROP_SHOW_LABELS: return &self->show_labels;
    case PROP_CINE_LOOP: return &self->cine_loop;
    default: return NULL;
    }
}

static void
stm_app_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StmAppWindow *self = STM_APP_WINDOW (object);
  gboolean *field = boolean_field (self, prop_id);

  if (field != NULL)
    g_value_set_boolean (value, *field);
  else if (prop_id == PROP_SPLIT_VIEW)
    g_value_set_boolean (value, self->split_view);
  else if (prop_id == PROP_MEASURE_TOOL)
    g_value_set_enum (value, self->measure_tool);
  /* Asked for as the template is built, before there is an active view. */
  else if (prop_id == PROP_INVERT)
    g_value_set_boolean (value, self->active != NULL &&
                         stm_slice_view_get_invert (stm_viewport_get_slice_view (self->active)));
  else if (prop_id == PROP_PLAYING)
    g_value_set_boolean (value, self->active != NULL &&
                         stm_slice_view_get_playing (stm_viewport_get_slice_view (self->active)));
  else if (prop_id == PROP_BUSY)
    g_value_set_boolean (value, stm_app_window_get_busy (self));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
stm_app_window_set_property (GObject *object, guint prop_id, const GValue *value,
                             GParamSpec *pspec)
{
  StmAppWindow *self = STM_APP_WINDOW (object);
  gboolean *field = boolean_field (self, prop_id);
  gboolean new_value;

  if (prop_id == PROP_MEASURE_TOOL)
    {
      set_measure_tool (self, g_value_get_enum (value));
      return;
    }
  new_value = g_value_get_boolean (value);
  if (prop_id == PROP_SPLIT_VIEW)
    {
      set_split_view (self, new_value);
      return;
    }
  if (prop_id == PROP_INVERT)
    {
      stm_slice_view_set_invert (stm_viewport_get_slice_view (self->active), new_value);
      return;
    }
  if (prop_id == PROP_PLAYING)
    {
      stm_slice_view_set_playing (stm_viewport_get_slice_view (self->active), new_value);
      return;
    }
  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*field == new_value)
    return;
  *field = new_value;
  gtk_widget_set_visible (self->sidebar, self->show_sidebar);
  apply_view_settings_to_both (self);
  if (prop_id == PROP_SHOW_LABELS)
    apply_show_labels (self);
  g_object_notify_by_pspec (object, pspec);
}

static void
restore_window_size (StmAppWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
stm_app_window_close_request (GtkWindow *window)
{
  StmAppWindow *self = STM_APP_WINDOW (window);
  int width, height;

  /* The tasks under way hold the window until they end: stop them now
   * rather than when the window is finally disposed. */
  _stm_app_window_cancel (self);
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  return GTK_WINDOW_CLASS (stm_app_window_parent_class)->close_request (window);
}

static void
bind_settings (StmAppWindow *self)
{
  static const char *const bindings[][2] = {
    { "sidebar-visible", "show-sidebar" },
    { "show-overlay-text", "show-overlays" },
    { "show-labels", "show-labels" },
    { "cine-loop", "cine-loop" },
    { "link-slices", "link-slices" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (self->settings, bindings[i][0], self, bindings[i][1], G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "label-opacity", self->opacity_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
display_defaults_changed_cb (GSettings *settings, const char *key, StmAppWindow *self)
{
  g_autofree char *preset = g_settings_get_string (settings, "default-window-preset");
  gboolean invert = g_settings_get_boolean (settings, "invert-mono1");

  stm_viewport_set_display_defaults (self->viewport1, preset, invert);
  stm_viewport_set_display_defaults (self->viewport2, preset, invert);
}

static void
recent_changed_cb (GSettings *settings, const char *key, StmAppWindow *self)
{
  stm_recent_fill_menu (settings, self->recent_section, "win.open-recent");
}

static void
stm_app_window_dispose (GObject *object)
{
  StmAppWindow *self = STM_APP_WINDOW (object);

  g_cancellable_cancel (self->scan_cancellable);
  g_cancellable_cancel (self->mask_cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_object (&self->mask_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STM_TYPE_APP_WINDOW);
  g_clear_pointer (&self->collection, stm_dicom_collection_unref);
  G_OBJECT_CLASS (stm_app_window_parent_class)->dispose (object);
}

static void
stm_app_window_finalize (GObject *object)
{
  StmAppWindow *self = STM_APP_WINDOW (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (stm_app_window_parent_class)->finalize (object);
}

static void
install_boolean_property (GObjectClass *object_class, guint prop_id, const char *name,
                          gboolean default_value)
{
  properties[prop_id] =
    g_param_spec_boolean (name, NULL, NULL, default_value,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
stm_app_window_class_init (StmAppWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = stm_app_window_get_property;
  object_class->set_property = stm_app_window_set_property;
  object_class->dispose = stm_app_window_dispose;
  object_class->finalize = stm_app_window_finalize;
  window_class->close_request = stm_app_window_close_request;

  install_boolean_property (object_class, PROP_SPLIT_VIEW, "split-view", FALSE);
  install_boolean_property (object_class, PROP_LINK_SLICES, "link-slices", FALSE);
  install_boolean_property (object_class, PROP_SHOW_SIDEBAR, "show-sidebar", FALSE);
  install_boolean_property (object_class, PROP_SHOW_OVERLAYS, "show-overlays", FALSE);
  install_boolean_property (object_class, PROP_SHOW_LABELS, "show-labels", FALSE);
  install_boolean_property (object_class, PROP_CINE_LOOP, "cine-loop", FALSE);
  properties[PROP_MEASURE_TOOL] =
    g_param_spec_enum ("measure-tool", NULL, NULL, STM_TYPE_MEASURE_TOOL, STM_MEASURE_TOOL_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  install_boolean_property (object_class, PROP_INVERT, "invert", FALSE);
  install_boolean_property (object_class, PROP_PLAYING, "playing", FALSE);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STM_TYPE_MEASUREMENT_PANEL);
  g_type_ensure (STM_TYPE_STUDY_BROWSER);
  g_type_ensure (STM_TYPE_VIEWPORT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stratumviewer/Stratum/stm-app-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, title);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, browser);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, measurement_panel);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, viewport_paned);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, viewport1);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, viewport2);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, scan_box);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, scan_bar);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, scan_label);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, opacity_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, ct_presets_section);
  gtk_widget_class_bind_template_child (widget_class, StmAppWindow, file_presets_section);

  _stm_app_window_class_add_actions (widget_class);
}

static void
connect_viewport (StmAppWindow *self, StmViewport *viewport)
{
  StmMeasureLayer *layer = stm_viewport_get_measure_layer (viewport);

  g_signal_connect_object (viewport, "activated", G_CALLBACK (viewport_activated_cb), self, 0);
  g_signal_connect_object (stm_viewport_get_slice_view (viewport), "notify::slice",
                           G_CALLBACK (slice_changed_cb), self, 0);
  g_signal_connect_object (stm_viewport_get_slice_view (viewport), "notify::playing",
                           G_CALLBACK (view_state_changed_cb), self, 0);
  g_signal_connect_object (stm_viewport_get_slice_view (viewport), "notify::invert",
                           G_CALLBACK (view_state_changed_cb), self, 0);
  g_signal_connect_object (layer, "notify::list", G_CALLBACK (measurements_changed_cb), self, 0);
  g_signal_connect_object (layer, "notify::tool", G_CALLBACK (tool_changed_cb), self, 0);
}

static void
stm_app_window_init (StmAppWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new ("io.github.stratumviewer.Stratum");
  self->active = self->viewport1;
  self->show_sidebar = TRUE;
  connect_viewport (self, self->viewport1);
  connect_viewport (self, self->viewport2);
  g_signal_connect_object (self->browser, "series-activated",
                           G_CALLBACK (series_activated_cb), self, 0);
  g_signal_connect_object (self->measurement_panel, "measurement-activated",
                           G_CALLBACK (measurement_activated_cb), self, 0);
  g_signal_connect_object (self->opacity_adjustment, "value-changed",
                           G_CALLBACK (opacity_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::recent-studies",
                           G_CALLBACK (recent_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::default-window-preset",
                           G_CALLBACK (display_defaults_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::invert-mono1",
                           G_CALLBACK (display_defaults_changed_cb), self, 0);
  display_defaults_changed_cb (self->settings, NULL, self);
  bind_settings (self);
  apply_view_settings_to_both (self);
  apply_show_labels (self);
  recent_changed_cb (self->settings, "recent-studies", self);
  restore_window_size (self);
  _stm_app_window_init_dnd (self);
  init_escape (self);
  _stm_app_window_set_active (self, self->viewport1);
  _stm_app_window_update_actions (self);
}

StmAppWindow *
stm_app_window_new (StmApplication *application)
{
  return g_object_new (STM_TYPE_APP_WINDOW, "application", application, NULL);
}
