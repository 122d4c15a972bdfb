/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The real window, driven through its actions under Xvfb: a folder with two
 * series, another series, a mask (wrong grid, then right), split view with
 * linked slices, and the errors that must leave the study shown untouched.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "stm-app-window-private.h"
#include "stm-background.h"
#include "stm-dicom-collection.h"
#include "stm-label-map.h"
#include "stm-nifti.h"
#include "stm-recent.h"
#include "stm-series-volume.h"
#include "stm-slice-link.h"
#include "stm-test-support.h"
#include "stm-widget-test-support.h"

#define TIMEOUT_S 60

typedef struct
{
  char         *dir;            /* temporary: the study folder, masks */
  char         *study;
  StmAppWindow *window;
  GPtrArray    *toasts;         /* what the window said, from its debug log */
  /* The first slice of a loading series, as shown: */
  const char   *preview_series;          /* the series whose preview is awaited */
  gboolean      preview_seen;
  guint         preview_panel_items;     /* measurements in the side panel */
  StmWindow     preview_window;          /* the active view's window */
} Fixture;

static void
log_cb (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  Fixture *f = data;

  g_test_message ("%s", message);
  if (g_str_has_prefix (message, "Toast: "))
    g_ptr_array_add (f->toasts, g_strdup (message + strlen ("Toast: ")));
  /* The preview of the series a test waits for, in viewport 1, while it
   * still loads (the log line names the series). */
  if (g_str_has_prefix (message, "First image shown") && f->window != NULL &&
      f->preview_series != NULL && g_str_has_suffix (message, f->preview_series) &&
      stm_viewport_get_loading (f->window->viewport1))
    {
      StmSliceView *view = stm_viewport_get_slice_view (f->window->viewport1);
      StmMeasurementList *panel = stm_measurement_panel_get_list (f->window->measurement_panel);

      f->preview_seen = TRUE;
      f->preview_panel_items = panel ? g_list_model_get_n_items (G_LIST_MODEL (panel)) : 0;
      f->preview_window.center = stm_slice_view_get_window_center (view);
      f->preview_window.width = stm_slice_view_get_window_width (view);
    }
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("The window was still busy after %d s", TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

/* Until every scan and load has finished (their callbacks have run). */
static void
wait_idle (Fixture *f)
{
  guint timeout = g_timeout_add_seconds (TIMEOUT_S, timeout_cb, NULL);

  do
    g_main_context_iteration (NULL, TRUE);
  while (stm_app_window_get_busy (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (timeout);
}

/* Copies (the scanner does not follow symbolic links) one series folder. */
static void
copy_series (const char *study, const char *name)
{
  g_autofree char *source = stm_test_shared_path (name);
  g_autofree char *target = g_build_filename (study, strrchr (name, '/') + 1, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *file;

  g_assert_nonnull (source);
  dir = g_dir_open (source, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir (target, 0755), ==, 0);
  while ((file = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, file, NULL);
      g_autofree char *to = g_build_filename (target, file, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *probe = stm_test_shared_path ("dicom/ct_series/pydicom_ct5n_16x16");

  if (probe == NULL)
    return;
  f->dir = stm_test_make_tmpdir ();
  f->study = g_build_filename (f->dir, "study", NULL);
  g_assert_cmpint (g_mkdir (f->study, 0755), ==, 0);
  copy_series (f->study, "dicom/ct_series/pydicom_ct5n_16x16");
  copy_series (f->study, "dicom/ct_series/dcmqi_24x38x3");
  f->toasts = g_ptr_array_new_with_free_func (g_free);
  g_log_set_handler ("Stratum", G_LOG_LEVEL_DEBUG, log_cb, f);

  f->window = stm_app_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 600);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->dir == NULL)
    return;
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  /* Cancelled loads may still be reading the files about to be removed. */
  g_assert_true (stm_background_wait (30000));
  stm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->study);
  g_ptr_array_unref (f->toasts);
}

static void
open_study (Fixture *f)
{
  g_autoptr(GFile) folder = g_file_new_for_path (f->study);

  stm_app_window_open_files (f->window, &folder, 1);
  wait_idle (f);
}

static const char *
series_id_with_slices (Fixture *f, gsize n_slices)
{
  g_autoptr(GPtrArray) all = stm_dicom_collection_list_series (f->window->collection);

  for (guint i = 0; i < all->len; i++)
    {
      StmSeries *series = g_ptr_array_index (all, i);

      if (stm_series_n_frames (series) == n_slices)
        return series->id;
    }
  g_assert_not_reached ();
}

/* A NIfTI label map on the grid of @volume (or of a 4 x 4 x 4 box when
 * @volume is NULL): label 1 in the left half of every slice. */
static char *
write_mask (Fixture *f, const StmVolume *volume, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  gsize nx = volume ? volume->dims[0] : 4, ny = volume ? volume->dims[1] : 4;
  gsize nz = volume ? volume->dims[2] : 4;
  g_autoptr(StmVolume) mask = stm_volume_new (STM_VOXEL_FLOAT32, nx, ny, nz,
                                              STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  float *data = stm_volume_float_data (mask);

  g_assert_no_error (error);
  if (volume != NULL)
    mask->geometry = volume->geometry;
  else
    stm_geometry_init_identity (&mask->geometry);
  for (gsize v = 0; v < nx * ny * nz; v++)
    data[v] = (v % nx) < nx / 2 ? 1.0f : 0.0f;
  g_assert_true (stm_nifti_write (mask, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* @widget rendered by GSK's cairo renderer; saved as PNG into
 * $STM_TEST_SCREENSHOT_DIR/@name.png when that is set, for a human to look. */
static GdkTexture *
render (GtkWidget *widget, const char *name)
{
  const char *shots = g_getenv ("STM_TEST_SCREENSHOT_DIR");
  GdkTexture *texture =
    stm_widget_test_render_texture (GTK_WIDGET (gtk_widget_get_root (widget)), widget,
                                    gtk_widget_get_width (widget),
                                    gtk_widget_get_height (widget));

  if (shots != NULL)
    {
      g_autofree char *file = g_strdup_printf ("%s/%s.png", shots, name);

      gdk_texture_save_to_png (texture, file);
    }
  return texture;
}

/* Pixels within 10 of @rgb in every channel. */
static guint
count_colour (GdkTexture *texture, guint32 rgb)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *pixels = g_malloc ((gsize) 4 * width * height);
  int want[3] = { (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff };
  guint n = 0;

  gdk_texture_download (texture, pixels, 4 * width);
  for (int p = 0; p < width * height; p++)
    {
      const guint8 *px = pixels + 4 * p;   /* B, G, R, A */

      if (ABS (px[2] - want[0]) <= 10 && ABS (px[1] - want[1]) <= 10 &&
          ABS (px[0] - want[2]) <= 10)
        n++;
    }
  return n;
}

static gboolean
toasted (Fixture *f)
{
  gboolean any = f->toasts->len > 0;

  g_ptr_array_set_size (f->toasts, 0);
  return any;
}

static void
test_open_folder (Fixture *f, gconstpointer data)
{
  const char *largest, *other;

  if (f->window == NULL)
    return;
  open_study (f);
  g_assert_cmpuint (f->toasts->len, ==, 0);
  g_assert_true (stm_study_browser_get_collection (f->window->browser) == f->window->collection);
  largest = series_id_with_slices (f, 5);
  other = series_id_with_slices (f, 3);
  /* The series with most images is shown first, and highlighted. */
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, largest);
  g_assert_cmpstr (stm_study_browser_get_selected_series (f->window->browser), ==, largest);
  g_assert_cmpuint (stm_slice_view_get_n_slices (stm_viewport_get_slice_view (f->window->viewport1)),
                    ==, 5);
  /* Keys scroll the new study at once, without a click into the image. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 GTK_WIDGET (stm_viewport_get_slice_view (f->window->viewport1)));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", other);
  wait_idle (f);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, other);
  g_assert_cmpuint (stm_slice_view_get_n_slices (stm_viewport_get_slice_view (f->window->viewport1)),
                    ==, 3);
  g_object_unref (render (GTK_WIDGET (f->window), "window-browser"));

  /* Invert acts on the active view, and its state is the view's. */
  {
    StmSliceView *view = stm_viewport_get_slice_view (f->window->viewport1);
    gboolean before = stm_slice_view_get_invert (view), state;

    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.invert", NULL);
    g_assert_true (stm_slice_view_get_invert (view) == !before);
    g_object_get (f->window, "invert", &state, NULL);
    g_assert_true (state == !before);
  }

  /* One tool for both viewports; the panel lists the active series'. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.measure-tool", "s", "distance");
  g_assert_cmpint (stm_measure_layer_get_tool (stm_viewport_get_measure_layer (f->window->viewport1)),
                   ==, STM_MEASURE_TOOL_DISTANCE);
  g_assert_cmpint (stm_measure_layer_get_tool (stm_viewport_get_measure_layer (f->window->viewport2)),
                   ==, STM_MEASURE_TOOL_DISTANCE);
  g_assert_true (stm_measurement_panel_get_list (f->window->measurement_panel) ==
                 stm_measure_layer_get_list (stm_viewport_get_measure_layer (f->window->viewport1)));
}

static void
test_mask (Fixture *f, gconstpointer data)
{
  StmSliceView *view;
  g_autofree char *wrong = NULL, *right = NULL;
  g_autoptr(GFile) wrong_file = NULL, right_file = NULL;
  g_autoptr(GdkTexture) before = NULL, after = NULL;
  const StmLabel *label;

  if (f->window == NULL)
    return;
  open_study (f);
  view = stm_viewport_get_slice_view (f->window->viewport1);
  gtk_adjustment_set_value (f->window->opacity_adjustment, 1.0);

  wrong = write_mask (f, NULL, "wrong.nii.gz");
  wrong_file = g_file_new_for_path (wrong);
  stm_app_window_open_mask (f->window, wrong_file);
  wait_idle (f);
  g_assert_true (toasted (f));
  g_assert_null (stm_slice_view_get_label_map (view));

  right = write_mask (f, stm_viewport_get_volume (f->window->viewport1), "mask.nii.gz");
  right_file = g_file_new_for_path (right);
  before = render (GTK_WIDGET (view), "before-mask");
  stm_app_window_open_mask (f->window, right_file);
  wait_idle (f);
  g_assert_false (toasted (f));
  g_assert_nonnull (stm_slice_view_get_label_map (view));
  label = stm_label_map_find_label (stm_slice_view_get_label_map (view), 1);
  g_assert_nonnull (label);
  after = render (GTK_WIDGET (view), "mask");
  g_assert_cmpuint (count_colour (before, label->rgb), ==, 0);
  /* Half the image, at least a few hundred pixels, in the label's colour. */
  g_assert_cmpuint (count_colour (after, label->rgb), >, 500);
  g_object_unref (render (GTK_WIDGET (f->window), "window-mask"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-labels", NULL);
  g_assert_false (stm_slice_view_get_show_labels (view));
  {
    g_autoptr(GdkTexture) hidden = render (GTK_WIDGET (view), "mask-hidden");

    g_assert_cmpuint (count_colour (hidden, label->rgb), ==, 0);
  }
}

static void
test_split_view (Fixture *f, gconstpointer data)
{
  StmSliceView *left, *right;
  const char *largest;

  if (f->window == NULL)
    return;
  open_study (f);
  largest = stm_viewport_get_series_id (f->window->viewport1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.split-view", NULL);
  wait_idle (f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window->viewport2)));
  /* The second view shows another series. */
  g_assert_nonnull (stm_viewport_get_series_id (f->window->viewport2));
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport2), !=, largest);
  g_object_unref (render (GTK_WIDGET (f->window), "window-split"));

  /* F6 moves to the other view, which then shows the active border. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.other-viewport", NULL);
  g_assert_true (f->window->active == f->window->viewport2);
  g_assert_true (stm_slice_view_get_active (stm_viewport_get_slice_view (f->window->viewport2)));
  g_assert_false (stm_slice_view_get_active (stm_viewport_get_slice_view (f->window->viewport1)));

  /* The same series on both sides shares its frame of reference: linked. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", largest);
  wait_idle (f);
  left = stm_viewport_get_slice_view (f->window->viewport1);
  right = stm_viewport_get_slice_view (f->window->viewport2);
  stm_slice_view_set_slice (left, 1);
  g_assert_cmpuint (stm_slice_view_get_slice (right), ==, 1);
  stm_slice_view_set_slice (right, 4);
  g_assert_cmpuint (stm_slice_view_get_slice (left), ==, 4);
  g_object_set (f->window, "link-slices", FALSE, NULL);
  stm_slice_view_set_slice (left, 0);
  g_assert_cmpuint (stm_slice_view_get_slice (right), ==, 4);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.split-view", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->viewport2)));
  g_assert_true (f->window->active == f->window->viewport1);
  /* One view alone needs no marker. */
  g_assert_false (stm_slice_view_get_active (left));
}

/* A new study in a split view, one of whose two series cannot be
 * decoded: whichever side fails, the screen never shows two patients, and
 * the browser lists the one shown. */
static void
test_split_new_study_fails (Fixture *f, gconstpointer data)
{
  const char *files[] = { "dicom/malformed/MR_truncated.dcm", "dicom/ct/CT_small.dcm" };
  g_autofree char *study = NULL;
  g_autoptr(GFile) folder = NULL;
  StmDicomCollection *shown;

  if (f->window == NULL)
    return;
  open_study (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.split-view", NULL);
  wait_idle (f);
  g_assert_true (stm_viewport_get_collection (f->window->viewport2) == f->window->collection);

  study = g_build_filename (f->dir, "mixed", NULL);
  g_assert_cmpint (g_mkdir (study, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *source = stm_test_shared_path (files[i]);
      g_autofree char *target = g_build_filename (study, strrchr (files[i], '/') + 1, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (target, contents, length, NULL));
    }
  folder = g_file_new_for_path (study);
  stm_app_window_open_files (f->window, &folder, 1);
  wait_idle (f);
  g_assert_true (toasted (f));
  /* Whichever side failed: one study on screen, the one the browser lists. */
  shown = stm_study_browser_get_collection (f->window->browser);
  g_assert_true (shown == f->window->collection);
  for (guint v = 0; v < 2; v++)
    {
      StmViewport *viewport = v == 0 ? f->window->viewport1 : f->window->viewport2;

      g_assert_true (stm_viewport_get_collection (viewport) == shown ||
                     stm_viewport_get_collection (viewport) == NULL);
    }
  g_assert_nonnull (stm_viewport_get_collection (f->window->active));
}

/* Escape as the window's capture-phase key controllers see it first;
 * TRUE when one of them took it. */
static gboolean
press_escape (Fixture *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (c)) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (c, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
    }
  return handled;
}

static void
test_errors_keep_study (Fixture *f, gconstpointer data)
{
  g_autofree char *empty = NULL;
  g_autoptr(GFile) empty_file = NULL;
  StmSliceView *view;
  const char *shown, *other;
  StmVolume *volume;

  if (f->window == NULL)
    return;
  open_study (f);
  shown = stm_viewport_get_series_id (f->window->viewport1);
  view = stm_viewport_get_slice_view (f->window->viewport1);
  volume = stm_viewport_get_volume (f->window->viewport1);
  stm_slice_view_set_slice (view, 3);

  /* A folder without DICOM. */
  empty = g_build_filename (f->dir, "notes", NULL);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  {
    g_autofree char *text = g_build_filename (empty, "readme.txt", NULL);

    g_assert_true (g_file_set_contents (text, "not an image\n", -1, NULL));
  }
  empty_file = g_file_new_for_path (empty);
  stm_app_window_open_files (f->window, &empty_file, 1);
  wait_idle (f);
  g_assert_true (toasted (f));
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, shown);
  g_assert_true (stm_slice_view_get_volume (view) == volume);

  /* A study whose only image scans but cannot be decoded: the view keeps
   * the study shown, and so does the browser. */
  {
    g_autofree char *broken = g_build_filename (f->dir, "broken", NULL);
    g_autofree char *source = stm_test_shared_path ("dicom/malformed/MR_truncated.dcm");
    g_autofree char *target = g_build_filename (broken, "MR_truncated.dcm", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
    StmDicomCollection *before = f->window->collection;
    gsize length;

    g_assert_cmpint (g_mkdir (broken, 0755), ==, 0);
    g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (target, contents, length, NULL));
    stm_app_window_open_files (f->window, &broken_file, 1);
    wait_idle (f);
    g_assert_true (toasted (f));
    g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, shown);
    g_assert_true (stm_slice_view_get_volume (view) == volume);
    g_assert_true (f->window->collection == before);
    g_assert_true (stm_study_browser_get_collection (f->window->browser) == before);
    g_assert_cmpstr (stm_study_browser_get_selected_series (f->window->browser), ==, shown);
  }

  /* A load replaced by another says nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s",
                              series_id_with_slices (f, 3));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", shown);
  wait_idle (f);
  g_assert_false (toasted (f));
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, shown);
  volume = stm_viewport_get_volume (f->window->viewport1);
  stm_slice_view_set_slice (view, 3);

  /* Cancel during the load of another series. */
  other = series_id_with_slices (f, 3);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", other);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL);
  wait_idle (f);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, shown);
  g_assert_true (stm_slice_view_get_volume (view) == volume);
  g_assert_cmpuint (stm_slice_view_get_slice (view), ==, 3);
  g_assert_true (toasted (f));

  /* Escape cancels a load even while a measurement tool, which also
   * answers Escape, has the focus; the tool stays. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.measure-tool", "s", "distance");
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", other);
  g_assert_true (stm_viewport_get_loading (f->window->viewport1));
  g_assert_true (press_escape (f));
  wait_idle (f);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, shown);
  g_assert_true (toasted (f));
  g_assert_cmpint (stm_measure_layer_get_tool (stm_viewport_get_measure_layer (f->window->viewport1)),
                   ==, STM_MEASURE_TOOL_DISTANCE);
  /* With nothing loading, the window leaves Escape to the focused widget. */
  g_assert_false (press_escape (f));
}

/* Files dropped on the window: a folder opens as a study, a single NIfTI
 * file as a mask. */
static gboolean
drop_files (Fixture *f, GFile *file)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  GSList list = { file, NULL };
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, &list);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
    }
  g_value_unset (&value);
  return accepted;
}

static void
test_drop (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) mask_file = NULL;
  g_autofree char *mask = NULL;

  if (f->window == NULL)
    return;
  folder = g_file_new_for_path (f->study);
  g_assert_true (drop_files (f, folder));
  wait_idle (f);
  g_assert_nonnull (f->window->collection);
  g_assert_nonnull (stm_viewport_get_volume (f->window->viewport1));

  mask = write_mask (f, stm_viewport_get_volume (f->window->viewport1), "dropped.nii.gz");
  mask_file = g_file_new_for_path (mask);
  g_assert_true (drop_files (f, mask_file));
  wait_idle (f);
  g_assert_nonnull (stm_slice_view_get_label_map (stm_viewport_get_slice_view (f->window->viewport1)));
}

/* The CT window chosen in the preferences wins over the file's. */
static void
test_default_preset (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.stratumviewer.Stratum");
  const StmWindowPresetInfo *lung = stm_window_ct_preset_find ("lung");
  StmSliceView *view;

  if (f->window == NULL)
    return;
  g_assert_nonnull (lung);
  g_settings_set_string (settings, "default-window-preset", "lung");
  open_study (f);
  view = stm_viewport_get_slice_view (f->window->viewport1);
  g_assert_cmpfloat (stm_slice_view_get_window_center (view), ==, lung->window.center);
  g_assert_cmpfloat (stm_slice_view_get_window_width (view), ==, lung->window.width);
  g_settings_reset (settings, "default-window-preset");
}

/* Closing the window while it reads a study, a series or a mask. */
static void
test_close_while_loading (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *mask = NULL;
  g_autoptr(GFile) mask_file = NULL;
  GWeakRef weak;

  if (f->window == NULL)
    return;
  open_study (f);
  mask = write_mask (f, stm_viewport_get_volume (f->window->viewport1), "mask.nii.gz");
  mask_file = g_file_new_for_path (mask);
  folder = g_file_new_for_path (f->study);
  stm_app_window_open_mask (f->window, mask_file);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s",
                              series_id_with_slices (f, 3));
  stm_app_window_open_files (f->window, &folder, 1);
  g_weak_ref_init (&weak, f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  /* Every worker ends, every callback runs, and the window goes. */
  for (int i = 0; i < 2000; i++)
    {
      g_autoptr(GObject) still = g_weak_ref_get (&weak);

      if (still == NULL)
        break;
      g_usleep (1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

/* Two stacks of one frame of reference: 2 mm slices from z = 0 and 5 mm
 * slices from z = 1; the nearest 5 mm slice to each 2 mm one. */
static void
test_slice_link (void)
{
  g_autoptr(StmVolume) thin = stm_volume_new (STM_VOXEL_FLOAT32, 4, 4, 50, G_MAXUINT64, NULL);
  g_autoptr(StmVolume) thick = stm_volume_new (STM_VOXEL_FLOAT32, 8, 8, 20, G_MAXUINT64, NULL);
  guint slice;

  stm_geometry_init_identity (&thin->geometry);
  stm_geometry_init_identity (&thick->geometry);
  thin->geometry.spacing[2] = 2;
  thick->geometry.spacing[0] = thick->geometry.spacing[1] = 0.5;
  thick->geometry.spacing[2] = 5;
  thick->geometry.origin[2] = 1;
  for (guint k = 0; k < 50; k++)
    {
      double z = 2.0 * k;
      long expected = CLAMP (lround ((z - 1) / 5), 0, 19);

      g_assert_true (stm_slice_link_nearest (thin, k, thick, &slice));
      g_assert_cmpuint (slice, ==, expected);
    }
  /* Moved 200 mm up, the thick stack (z 199.5 to 298.5 mm) lies above
   * every thin slice (z 0 to 98 mm): no slice to follow to. */
  thick->geometry.origin[2] = 201;
  for (guint k = 0; k < 50; k++)
    g_assert_false (stm_slice_link_nearest (thin, k, thick, &slice));
  /* The edges: half a slice beyond the last one still counts. */
  thick->geometry.origin[2] = 0;
  thick->geometry.spacing[2] = 2;
  thick->dims[2] = 10;   /* z 0 to 18 mm, edge at 19 mm */
  g_assert_false (stm_slice_link_nearest (thin, 10, thick, &slice));  /* z = 20 */
  thin->geometry.spacing[2] = 1;
  g_assert_true (stm_slice_link_nearest (thin, 19, thick, &slice));   /* z = 19 */
  g_assert_cmpuint (slice, ==, 9);
}

/* Most recent first, no duplicates, at most max-recent-studies (10), and
 * an entry that failed to open (s11) dropped; none checked on disk. */
static void
test_recent (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.stratumviewer.Stratum");
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *removed = g_build_filename (dir, "s11", NULL);
  g_auto(GStrv) list = NULL;

  g_settings_set_strv (settings, "recent-studies", NULL);
  g_settings_set_uint (settings, "max-recent-studies", 10);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/s%u", dir, i);
      g_autoptr(GFile) file = g_file_new_for_path (name);

      g_assert_cmpint (g_mkdir (name, 0755), ==, 0);
      stm_recent_add (settings, file);
    }
  {
    g_autofree char *name = g_strdup_printf ("%s/s5", dir);
    g_autoptr(GFile) again = g_file_new_for_path (name);

    stm_recent_add (settings, again);
  }
  g_assert_cmpint (g_rmdir (removed), ==, 0);
  list = stm_recent_list (settings);
  g_assert_cmpuint (g_strv_length (list), ==, 10);
  g_assert_true (g_str_has_suffix (list[1], "/s11"));
  g_clear_pointer (&list, g_strfreev);
  {
    g_autoptr(GFile) gone = g_file_new_for_path (removed);

    stm_recent_remove (settings, gone);
  }
  list = stm_recent_list (settings);
  g_assert_cmpuint (g_strv_length (list), ==, 9);
  g_assert_true (g_str_has_suffix (list[0], "/s5"));
  g_assert_true (g_str_has_suffix (list[1], "/s10"));
  g_assert_true (g_str_has_suffix (list[8], "/s2"));
  stm_test_remove_tree (dir);
}

/* GtkApplication loads the shortcuts window on Ctrl+? and aborts if it
 * does not build. */
static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/stratumviewer/Stratum/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* Measurements and masks are the user's work: showing the series shown
 * again keeps them, and coming back to a series brings them back. */
static void
test_keep_work (Fixture *f, gconstpointer data)
{
  const StmVoxelPoint ends[2] = { { 1, 1 }, { 4, 5 } };
  g_autoptr(StmMeasurement) distance = NULL;
  g_autofree char *mask = NULL;
  g_autoptr(GFile) mask_file = NULL;
  StmMeasureLayer *layer;
  StmSliceView *view;
  StmMeasurementList *list;
  const char *largest, *other;

  if (f->window == NULL)
    return;
  open_study (f);
  largest = series_id_with_slices (f, 5);
  other = series_id_with_slices (f, 3);
  layer = stm_viewport_get_measure_layer (f->window->viewport1);
  view = stm_viewport_get_slice_view (f->window->viewport1);
  list = stm_measure_layer_get_list (layer);
  distance = stm_measurement_new (STM_MEASUREMENT_DISTANCE, 0, ends, 2);
  stm_measurement_list_add (list, distance);
  mask = write_mask (f, stm_viewport_get_volume (f->window->viewport1), "mask.nii.gz");
  mask_file = g_file_new_for_path (mask);
  /* A mask opened shows on its view, leaving the user's setting alone. */
  g_object_set (f->window, "show-labels", FALSE, NULL);
  g_assert_false (stm_slice_view_get_show_labels (view));
  stm_app_window_open_mask (f->window, mask_file);
  wait_idle (f);
  g_assert_nonnull (stm_slice_view_get_label_map (view));
  g_assert_true (stm_slice_view_get_show_labels (view));
  g_assert_false (f->window->show_labels);
  g_object_set (f->window, "show-labels", TRUE, NULL);

  /* The browser activates on a single click: nothing is reloaded. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", largest);
  g_assert_false (stm_viewport_get_loading (f->window->viewport1));
  wait_idle (f);
  g_assert_true (stm_measure_layer_get_list (layer) == list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_nonnull (stm_slice_view_get_label_map (view));

  f->preview_seen = FALSE;
  f->preview_series = other;
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", other);
  wait_idle (f);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, other);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stm_measure_layer_get_list (layer))),
                    ==, 0);
  /* Its first slice, shown while it loaded, already had its own window,
   * and the previous series' measurement had left the panel. */
  g_assert_true (f->preview_seen);
  g_assert_cmpuint (f->preview_panel_items, ==, 0);
  g_assert_cmpfloat (f->preview_window.center, ==, stm_slice_view_get_window_center (view));
  g_assert_cmpfloat (f->preview_window.width, ==, stm_slice_view_get_window_width (view));
  g_assert_null (stm_slice_view_get_label_map (view));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", largest);
  wait_idle (f);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, largest);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stm_measure_layer_get_list (layer))),
                    ==, 1);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (stm_measure_layer_get_list (layer)), 0) ==
                 (gpointer) distance);
  g_object_unref (distance);   /* the reference g_list_model_get_item() gave */
  g_assert_nonnull (stm_slice_view_get_label_map (view));
  g_assert_true (stm_measurement_panel_get_list (f->window->measurement_panel) ==
                 stm_measure_layer_get_list (layer));
}

/* A new study in split view: the second view shows a series of it, never
 * one of the study shown before. */
static void
test_split_new_study (Fixture *f, gconstpointer data)
{
  g_autofree char *study2 = NULL;
  g_autoptr(GFile) folder = NULL;
  const char *only;

  if (f->window == NULL)
    return;
  open_study (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.split-view", NULL);
  wait_idle (f);
  g_assert_nonnull (stm_viewport_get_series_id (f->window->viewport2));

  study2 = g_build_filename (f->dir, "study2", NULL);
  g_assert_cmpint (g_mkdir (study2, 0755), ==, 0);
  /* Only the series the first view showed; the second showed the other. */
  copy_series (study2, "dicom/ct_series/pydicom_ct5n_16x16");
  folder = g_file_new_for_path (study2);
  stm_app_window_open_files (f->window, &folder, 1);
  wait_idle (f);
  only = series_id_with_slices (f, 5);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, only);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport2), ==, only);
  g_assert_true (stm_viewport_get_series (f->window->viewport2) ==
                 stm_dicom_collection_find_series (f->window->collection, only));
  g_assert_cmpuint (stm_slice_view_get_n_slices (stm_viewport_get_slice_view (f->window->viewport2)),
                    ==, 5);
}

/* Escape (win.cancel) stops the loads of both views, each keeping the
 * series it showed. */
static void
test_cancel_both (Fixture *f, gconstpointer data)
{
  const char *largest, *other;

  if (f->window == NULL)
    return;
  open_study (f);
  largest = series_id_with_slices (f, 5);
  other = series_id_with_slices (f, 3);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.split-view", NULL);
  wait_idle (f);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport2), ==, other);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.other-viewport", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", largest);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.other-viewport", NULL);
  g_assert_true (f->window->active == f->window->viewport1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-series", "s", other);
  g_assert_true (stm_viewport_get_loading (f->window->viewport1));
  g_assert_true (stm_viewport_get_loading (f->window->viewport2));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL);
  wait_idle (f);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport1), ==, largest);
  g_assert_cmpstr (stm_viewport_get_series_id (f->window->viewport2), ==, other);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/slice-link/nearest", test_slice_link);
  g_test_add_func ("/recent/list", test_recent);
  g_test_add_func ("/app-window/help-overlay", test_help_overlay);
  g_test_add ("/app-window/open-folder", Fixture, NULL, fixture_set_up, test_open_folder,
              fixture_tear_down);
  g_test_add ("/app-window/mask", Fixture, NULL, fixture_set_up, test_mask, fixture_tear_down);
  g_test_add ("/app-window/split-view", Fixture, NULL, fixture_set_up, test_split_view,
              fixture_tear_down);
  g_test_add ("/app-window/errors-keep-study", Fixture, NULL, fixture_set_up,
              test_errors_keep_study, fixture_tear_down);
  g_test_add ("/app-window/drop", Fixture, NULL, fixture_set_up, test_drop, fixture_tear_down);
  g_test_add ("/app-window/default-preset", Fixture, NULL, fixture_set_up, test_default_preset,
              fixture_tear_down);
  g_test_add ("/app-window/close-while-loading", Fixture, NULL, fixture_set_up,
              test_close_while_loading, fixture_tear_down);
  g_test_add ("/app-window/keep-work", Fixture, NULL, fixture_set_up, test_keep_work,
              fixture_tear_down);
  g_test_add ("/app-window/split-new-study-fails", Fixture, NULL, fixture_set_up,
              test_split_new_study_fails, fixture_tear_down);
  g_test_add ("/app-window/split-new-study", Fixture, NULL, fixture_set_up,
              test_split_new_study, fixture_tear_down);
  g_test_add ("/app-window/cancel-both", Fixture, NULL, fixture_set_up, test_cancel_both,
              fixture_tear_down);
  return g_test_run ();
}
