/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * StmStudyBrowser on real folders: one row per series with its modality
 * and count, thumbnails arriving from the worker at the size the series'
 * millimetre aspect gives, and activation naming the right series.
 */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "stm-background.h"
#include "stm-series-preview.h"
#include "stm-study-browser.h"
#include "stm-test-support.h"

#define TIMEOUT_SECONDS 30

typedef struct
{
  GtkWidget          *window;
  StmStudyBrowser    *browser;
  StmDicomCollection *collection;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->collection = stm_test_scan_shared (data);
  if (f->collection == NULL)
    return;
  f->browser = STM_STUDY_BROWSER (stm_study_browser_new ());
  gtk_widget_set_size_request (GTK_WIDGET (f->browser), 300, 600);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->browser));
  gtk_window_present (GTK_WINDOW (f->window));
  stm_study_browser_set_collection (f->browser, f->collection);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  /* The thumbnail worker, cancelled, may still be decoding: the process
   * must not exit under it. */
  g_assert_true (stm_background_wait (30000));
  /* The browser holds its own reference: ours goes, the rows stay valid. */
  g_clear_pointer (&f->collection, stm_dicom_collection_unref);
}

static void
collect_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

/* The activatable rows: one per series, in display order. */
static GPtrArray *
series_rows (Fixture *f)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (f->browser), all);
  for (guint i = 0; i < all->len; i++)
    if (gtk_list_box_row_get_activatable (g_ptr_array_index (all, i)))
      g_ptr_array_add (rows, g_ptr_array_index (all, i));
  return rows;
}

static void
append_label_text (GtkWidget *widget, GString *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    append_label_text (c, text);
}

static char *
row_text (GtkWidget *row)
{
  GString *text = g_string_new ("|");

  append_label_text (row, text);
  return g_string_free (text, FALSE);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
all_thumbnails (Fixture *f, GPtrArray *series)
{
  for (guint i = 0; i < series->len; i++)
    if (stm_study_browser_get_thumbnail (f->browser,
                                         ((StmSeries *) g_ptr_array_index (series, i))->id) == NULL)
      return FALSE;
  return TRUE;
}

static void
wait_for_thumbnails (Fixture *f, GPtrArray *series)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (!timed_out && !all_thumbnails (f, series))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  g_assert_false (timed_out);
}

/* The expected thumbnail size, from the slice geometry, computed apart. */
static void
expected_size (StmSeries *series, int *width, int *height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) slice = stm_series_load_slice (series, 0, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                      NULL, &error);
  double w, h, size = STM_STUDY_BROWSER_THUMBNAIL_SIZE;

  g_assert_no_error (error);
  w = slice->dims[0] * slice->geometry.spacing[0];
  h = slice->dims[1] * slice->geometry.spacing[1];
  *width = (int) (w >= h ? size : MAX (1, lround (size * w / h)));
  *height = (int) (h > w ? size : MAX (1, lround (size * h / w)));
}

static void
test_rows (Fixture *f, gconstpointer data)
{
  if (f->collection == NULL)
    return;
  g_autoptr(GPtrArray) series = stm_dicom_collection_list_series (f->collection);
  g_autoptr(GPtrArray) rows = series_rows (f);

  g_assert_cmpuint (series->len, >, 1);
  g_assert_cmpuint (rows->len, ==, series->len);
  for (guint i = 0; i < rows->len; i++)
    {
      StmSeries *s = g_ptr_array_index (series, i);
      g_autofree char *text = row_text (g_ptr_array_index (rows, i));
      g_autofree char *modality = g_strdup_printf ("|%s|", s->modality);
      guint frames = stm_series_n_frames (s);
      g_autofree char *count = g_strdup_printf ("%u %s", frames,
                                                frames == s->instances->len
                                                ? (frames == 1 ? "image" : "images")
                                                : (frames == 1 ? "frame" : "frames"));

      g_test_message ("row %u: %s", i, text);
      g_assert_nonnull (strstr (text, modality));
      g_assert_nonnull (strstr (text, count));
      if (s->description != NULL && *s->description != '\0')
        g_assert_nonnull (strstr (text, s->description));
    }
}

static void
test_thumbnails (Fixture *f, gconstpointer data)
{
  if (f->collection == NULL)
    return;
  g_autoptr(GPtrArray) series = stm_dicom_collection_list_series (f->collection);

  wait_for_thumbnails (f, series);
  for (guint i = 0; i < series->len; i++)
    {
      StmSeries *s = g_ptr_array_index (series, i);
      GdkTexture *texture = stm_study_browser_get_thumbnail (f->browser, s->id);
      int width, height;

      expected_size (s, &width, &height);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
    }
}

static GtkWidget *
find_icon (GtkWidget *widget, const char *icon_name)
{
  if (GTK_IS_IMAGE (widget) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)),
                                          icon_name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_icon (c, icon_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The warning icon shows what scanning and planning each series reported. */
static void
test_warnings (Fixture *f, gconstpointer data)
{
  if (f->collection == NULL)
    return;
  g_autoptr(GPtrArray) series = stm_dicom_collection_list_series (f->collection);
  g_autoptr(GPtrArray) rows = series_rows (f);
  guint warned = 0;

  wait_for_thumbnails (f, series);
  for (guint i = 0; i < series->len; i++)
    {
      StmSeries *s = g_ptr_array_index (series, i);
      g_autoptr(GPtrArray) planned = stm_series_plan_warnings (s);
      GtkWidget *icon = find_icon (g_ptr_array_index (rows, i), "dialog-warning-symbolic");
      const char *tooltip;

      g_assert_nonnull (icon);
      g_assert_cmpint (gtk_widget_get_visible (icon), ==, s->warnings->len + planned->len > 0);
      if (!gtk_widget_get_visible (icon))
        continue;
      warned++;
      tooltip = gtk_widget_get_tooltip_text (icon);
      g_test_message ("%s: %s", s->id, tooltip);
      for (guint w = 0; w < s->warnings->len; w++)
        g_assert_nonnull (strstr (tooltip, g_ptr_array_index (s->warnings, w)));
      for (guint w = 0; w < planned->len; w++)
        g_assert_nonnull (strstr (tooltip, g_ptr_array_index (planned, w)));
    }
  /* The gantry tilt and the missing slice at least. */
  g_assert_cmpuint (warned, >=, 2);
}

static void
activated_cb (StmStudyBrowser *browser, const char *id, char **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static void
test_activation (Fixture *f, gconstpointer data)
{
  if (f->collection == NULL)
    return;
  g_autoptr(GPtrArray) series = stm_dicom_collection_list_series (f->collection);
  g_autoptr(GPtrArray) rows = series_rows (f);
  g_autofree char *activated = NULL;

  g_signal_connect (f->browser, "series-activated", G_CALLBACK (activated_cb), &activated);
  for (guint i = 0; i < rows->len; i++)
    {
      StmSeries *s = g_ptr_array_index (series, i);

      gtk_widget_activate (g_ptr_array_index (rows, i));
      g_assert_cmpstr (activated, ==, s->id);
    }

  /* Selecting highlights without activating. */
  StmSeries *last = g_ptr_array_index (series, series->len - 1);
  StmSeries *first = g_ptr_array_index (series, 0);
  stm_study_browser_select_series (f->browser, first->id);
  g_assert_cmpstr (stm_study_browser_get_selected_series (f->browser), ==, first->id);
  g_assert_cmpstr (activated, ==, last->id);
  stm_study_browser_select_series (f->browser, NULL);
  g_assert_null (stm_study_browser_get_selected_series (f->browser));
}

/* Selecting a series out of sight scrolls to it. */
static void
test_select_scrolls (Fixture *f, gconstpointer data)
{
  if (f->collection == NULL)
    return;
  g_autoptr(GPtrArray) series = stm_dicom_collection_list_series (f->collection);
  GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (f->browser));
  GtkAdjustment *adjustment;

  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  while (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment) ||
         gtk_adjustment_get_page_size (adjustment) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  StmSeries *last = g_ptr_array_index (series, series->len - 1);
  stm_study_browser_select_series (f->browser, last->id);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
}

/* Replacing the collection while thumbnails are being made drops the old rows. */
static void
test_replace (Fixture *f, gconstpointer data)
{
  if (f->collection == NULL)
    return;
  g_autoptr(StmDicomCollection) other = stm_test_scan_shared ("dicom/ct_series/dcmqi_24x38x3");
  g_autoptr(GPtrArray) series = stm_dicom_collection_list_series (other);

  stm_study_browser_set_collection (f->browser, other);
  g_autoptr(GPtrArray) rows = series_rows (f);
  g_assert_cmpuint (rows->len, ==, 1);
  wait_for_thumbnails (f, series);
  stm_study_browser_set_collection (f->browser, NULL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = series_rows (f);
  g_assert_cmpuint (rows->len, ==, 0);
}

/* An anonymiser's blank birth date (00000000) is not shown as a date. */
static void
test_blank_birth_date (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) text = g_string_new ("|");

  if (f->collection == NULL)
    return;
  append_label_text (GTK_WIDGET (f->browser), text);
  g_test_message ("%s", text->str);
  g_assert_nonnull (strstr (text->str, "ID 0000000000"));
  g_assert_null (strstr (text->str, "born"));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  /* Seven series of five patients, some with loader warnings. */
  g_test_add ("/study-browser/rows", Fixture, "dicom/ct_series", fixture_set_up, test_rows,
              fixture_tear_down);
  g_test_add ("/study-browser/thumbnails", Fixture, "dicom/ct_series", fixture_set_up,
              test_thumbnails, fixture_tear_down);
  g_test_add ("/study-browser/warnings", Fixture, "dicom/ct_series", fixture_set_up,
              test_warnings, fixture_tear_down);
  g_test_add ("/study-browser/activation", Fixture, "dicom/ct_series", fixture_set_up,
              test_activation, fixture_tear_down);
  g_test_add ("/study-browser/select-scrolls", Fixture, "dicom/ct_series", fixture_set_up,
              test_select_scrolls, fixture_tear_down);
  /* Multi-frame and colour ultrasound. */
  g_test_add ("/study-browser/us-thumbnails", Fixture, "dicom/us", fixture_set_up,
              test_thumbnails, fixture_tear_down);
  g_test_add ("/study-browser/replace", Fixture, "dicom/ct_series", fixture_set_up, test_replace,
              fixture_tear_down);
  /* A mammogram whose anonymised birth date is 00000000. */
  g_test_add ("/study-browser/blank-birth-date", Fixture, "dicom/breast/GH133_MG_GE_MLO.dcm",
              fixture_set_up, test_blank_birth_date, fixture_tear_down);
  return g_test_run ();
}
