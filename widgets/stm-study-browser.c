/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A GtkListBox with a row per series, under headers naming the patient and
 * the study (gtk_list_box_set_header_func). Thumbnails come from one worker
 * GTask per collection that posts each one to the main context as soon as
 * it is made; replacing the collection cancels it.
 */
#include "stm-study-browser.h"

#include "stm-dicom-names.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "stm-background.h"
#include "stm-series-preview.h"
#include "stm-series-thumbnail.h"

/* How many unreadable files the tooltip names before summing up the rest. */
#define MAX_SKIPPED_LISTED 10

typedef struct
{
  GtkListBoxRow *row;           /* owned by the list */
  GtkImage      *thumbnail;     /* owned by the row */
  GtkImage      *warning_icon;  /* owned by the row */
  GPtrArray     *warnings;      /* char *: the tooltip's lines */
  GdkTexture    *texture;
} SeriesRow;

struct _StmStudyBrowser
{
  GtkWidget           parent_instance;

  GtkWidget          *scroller;
  GtkListBox         *list;
  StmDicomCollection *collection;
  GHashTable         *rows;         /* series id -> SeriesRow */
  GCancellable       *cancellable;  /* the thumbnail worker's */
};

enum
{
  SERIES_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (StmStudyBrowser, stm_study_browser, GTK_TYPE_WIDGET)

/* Thumbnails ------------------------------------------------------------ */

/*
 * The way back to the browser, shared by the job and its results. The
 * worker never holds a strong reference: the widget must not be finalized
 * in the worker thread.
 */
typedef struct
{
  GWeakRef browser;
} BrowserLink;

/* What the worker needs; the collection reference keeps the series alive. */
typedef struct
{
  StmDicomCollection *collection;
  GPtrArray          *series;       /* StmSeries *, owned by the collection */
  BrowserLink        *link;
  GMainContext       *context;
  guint               size;
} ThumbnailJob;

/* One series' outcome, carried to the main thread. */
typedef struct
{
  BrowserLink  *link;
  GCancellable *cancellable;
  char         *series_id;
  GBytes       *pixels;         /* RGB8, or NULL on failure */
  guint         width, height;
  char         *error;
  GPtrArray    *warnings;       /* char *, from planning the series */
} ThumbnailResult;

static void
browser_link_clear (gpointer p)
{
  g_weak_ref_clear (&((BrowserLink *) p)->browser);
}

static void
browser_link_release (BrowserLink *link)
{
  g_atomic_rc_box_release_full (link, browser_link_clear);
}

static void
thumbnail_job_free (gpointer p)
{
  ThumbnailJob *job = p;

  g_ptr_array_unref (job->series);
  stm_dicom_collection_unref (job->collection);
  browser_link_release (job->link);
  g_main_context_unref (job->context);
  g_free (job);
}

static void
thumbnail_result_free (gpointer p)
{
  ThumbnailResult *result = p;

  browser_link_release (result->link);
  g_clear_object (&result->cancellable);
  g_free (result->series_id);
  g_clear_pointer (&result->pixels, g_bytes_unref);
  g_free (result->error);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_free (result);
}

static void
series_row_free (gpointer p)
{
  SeriesRow *sr = p;

  g_ptr_array_unref (sr->warnings);
  g_clear_object (&sr->texture);
  g_free (sr);
}

static void
add_warning_once (GPtrArray *warnings, const char *warning)
{
  for (guint i = 0; i < warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (warnings, i), warning))
      return;
  g_ptr_array_add (warnings, g_strdup (warning));
}

static void
series_row_show_warnings (SeriesRow *sr)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < sr->warnings->len; i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (sr->warnings, i));
  gtk_widget_set_visible (GTK_WIDGET (sr->warning_icon), sr->warnings->len > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (sr->warning_icon), text->str);
}

static void
series_row_show_thumbnail (SeriesRow *sr, ThumbnailResult *result)
{
  if (result->pixels == NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("No preview: %s"), result->error);

      gtk_image_set_from_icon_name (sr->thumbnail, "image-missing-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (sr->thumbnail), tooltip);
      return;
    }
  g_clear_object (&sr->texture);
  sr->texture = gdk_memory_texture_new ((int) result->width, (int) result->height,
                                        GDK_MEMORY_R8G8B8, result->pixels,
                                        3 * (gsize) result->width);
  gtk_image_set_from_paintable (sr->thumbnail, GDK_PAINTABLE (sr->texture));
  gtk_image_set_pixel_size (sr->thumbnail, STM_STUDY_BROWSER_THUMBNAIL_SIZE);
  /* The placeholder is dimmed; the image itself must show at full contrast. */
  gtk_widget_remove_css_class (GTK_WIDGET (sr->thumbnail), "dim-label");
}

static gboolean
apply_thumbnail_cb (gpointer data)
{
  ThumbnailResult *result = data;
  g_autoptr(StmStudyBrowser) self = NULL;
  SeriesRow *sr;

  /* Cancelled on the main thread when the collection changes: stale. */
  if (g_cancellable_is_cancelled (result->cancellable))
    return G_SOURCE_REMOVE;
  self = g_weak_ref_get (&result->link->browser);
  if (self == NULL || (sr = g_hash_table_lookup (self->rows, result->series_id)) == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < result->warnings->len; i++)
    add_warning_once (sr->warnings, g_ptr_array_index (result->warnings, i));
  series_row_show_warnings (sr);
  series_row_show_thumbnail (sr, result);
  return G_SOURCE_REMOVE;
}

static ThumbnailResult *
make_thumbnail (ThumbnailJob *job, StmSeries *series, GCancellable *cancellable)
{
  ThumbnailResult *result = g_new0 (ThumbnailResult, 1);
  g_autoptr(GError) error = NULL;
  guint8 *pixels;

  result->link = g_atomic_rc_box_acquire (job->link);
  result->cancellable = g_object_ref (cancellable);
  result->series_id = g_strdup (series->id);
  result->warnings = stm_series_plan_warnings (series);
  pixels = stm_series_thumbnail (series, job->size, &result->width, &result->height,
                                 cancellable, &error);
  if (pixels != NULL)
    result->pixels = g_bytes_new_take (pixels, 3 * (gsize) result->width * result->height);
  else
    result->error = g_strdup (error->message);
  return result;
}

static void
thumbnail_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ThumbnailJob *job = task_data;

  for (guint i = 0; i < job->series->len; i++)
    {
      g_autoptr(GSource) idle = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* Not g_main_context_invoke(): it would run the callback in this
       * thread whenever the main thread is not iterating. */
      idle = g_idle_source_new ();
      g_source_set_priority (idle, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (idle, apply_thumbnail_cb,
                             make_thumbnail (job, g_ptr_array_index (job->series, i),
                                             cancellable),
                             thumbnail_result_free);
      g_source_set_static_name (idle, "[stratum] study browser thumbnail");
      g_source_attach (idle, job->context);
    }
  g_task_return_boolean (task, TRUE);
}

static void
start_thumbnails (StmStudyBrowser *self)
{
  ThumbnailJob *job = g_new0 (ThumbnailJob, 1);
  g_autoptr(GTask) task = NULL;

  self->cancellable = g_cancellable_new ();
  job->collection = stm_dicom_collection_ref (self->collection);
  job->series = stm_dicom_collection_list_series (self->collection);
  job->link = g_atomic_rc_box_new0 (BrowserLink);
  g_weak_ref_init (&job->link->browser, self);
  job->context = g_main_context_ref_thread_default ();
  job->size = STM_STUDY_BROWSER_THUMBNAIL_SIZE * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  /* No source object: a running worker must not keep the widget alive. */
  task = g_task_new (NULL, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, start_thumbnails);
  g_task_set_task_data (task, job, thumbnail_job_free);
  stm_background_run_in_thread (task, thumbnail_worker);
}

static void
cancel_thumbnails (StmStudyBrowser *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

/* Text ------------------------------------------------------------------ */

/* A DICOM DA: "YYYYMMDD", or "YYYY.MM.DD" as ACR-NEMA wrote it. */
static GDateTime *
parse_date (const char *date)
{
  int y, m, d;

  if (date == NULL)
    return NULL;
  if ((strlen (date) == 8 && sscanf (date, "%4d%2d%2d", &y, &m, &d) == 3) ||
      (strlen (date) == 10 && sscanf (date, "%4d.%2d.%2d", &y, &m, &d) == 3))
    return g_date_time_new_local (y, m, d, 0, 0, 0);
  return NULL;
}

/* A DICOM TM: "HHMM..." or "HH:MM...". */
static gboolean
parse_time (const char *time, int *hours, int *minutes)
{
  if (time == NULL || strlen (time) < 4)
    return FALSE;
  if (sscanf (time, "%2d%2d", hours, minutes) != 2 &&
      sscanf (time, "%2d:%2d", hours, minutes) != 2)
    return FALSE;
  return *hours >= 0 && *hours < 24 && *minutes >= 0 && *minutes < 60;
}

/* A date (and time, when given) for people; the raw text when it is not a date. */
static char *
format_date (const char *date, const char *time)
{
  g_autoptr(GDateTime) when = parse_date (date);
  g_autofree char *day = NULL;
  int hours, minutes;

  if (when == NULL)
    return g_strdup (date != NULL ? date : "");
  /* TRANSLATORS: a study or birth date, see g_date_time_format() */
  day = g_date_time_format (when, _("%-d %b %Y"));
  if (!parse_time (time, &hours, &minutes))
    return g_steal_pointer (&day);
  /* TRANSLATORS: a study date then its time of day */
  return g_strdup_printf (_("%s, %02d:%02d"), day, hours, minutes);
}

static const char *
sex_name (const char *sex)
{
  if (g_strcmp0 (sex, "M") == 0)
    return _("Male");
  if (g_strcmp0 (sex, "F") == 0)
    return _("Female");
  if (g_strcmp0 (sex, "O") == 0)
    return _("Other");
  return NULL;
}

static char *
patient_details (const StmPatient *patient)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (patient->id != NULL && *patient->id != '\0')
    g_ptr_array_add (parts, g_strdup_printf (_("ID %s"), patient->id));
  if (sex_name (patient->sex) != NULL)
    g_ptr_array_add (parts, g_strdup (sex_name (patient->sex)));
  /* Anonymisers blank a birth date to zeros: that is no date to show. */
  if (patient->birth_date != NULL && strspn (patient->birth_date, "0") != strlen (patient->birth_date))
    {
      g_autofree char *date = format_date (patient->birth_date, NULL);
      g_ptr_array_add (parts, g_strdup_printf (_("born %s"), date));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static char *
series_count (const StmSeries *series)
{
  guint frames = stm_series_n_frames (series);

  if (frames == series->instances->len)
    return g_strdup_printf (ngettext ("%u image", "%u images", frames), frames);
  return g_strdup_printf (ngettext ("%u frame", "%u frames", frames), frames);
}

static char *
series_title (const StmSeries *series)
{
  if (series->description != NULL && *series->description != '\0')
    return g_strdup (series->description);
  return g_strdup (_("No description"));
}

/* Rows ------------------------------------------------------------------ */

static GtkWidget *
label_new (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The skipped-files line closes the list: it labels, it cannot be opened. */
static GtkWidget *
inert_row_new (GtkWidget *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
patient_header_new (const StmPatient *patient, gboolean first)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *name = stm_dicom_person_name_display (patient->name);
  g_autofree char *details = patient_details (patient);

  gtk_box_append (GTK_BOX (box), label_new (name, "heading"));
  if (*details != '\0')
    {
      GtkWidget *label = label_new (details, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, first ? 6 : 18);
  gtk_widget_set_tooltip_text (box, name);
  return box;
}

static GtkWidget *
study_header_new (const StmStudy *study)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *date = format_date (study->date, study->time);

  gtk_box_append (GTK_BOX (box), label_new (*date != '\0' ? date : _("Undated study"),
                                            "caption-heading"));
  if (study->description != NULL && *study->description != '\0')
    {
      GtkWidget *label = label_new (study->description, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_start (box, 6);
  return box;
}

static GtkWidget *
series_labels_new (const StmSeries *series)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *title = series_title (series);
  g_autofree char *count = series_count (series);
  /* SeriesNumber is optional, and 0 when absent. */
  g_autofree char *details = series->number != 0
                             ? g_strdup_printf (_("Series %d · %s"), series->number, count)
                             : g_strdup (count);
  GtkWidget *label;

  gtk_box_append (GTK_BOX (line),
                  label_new (series->modality && *series->modality ? series->modality : "?",
                             "caption-heading"));
  label = label_new (title, NULL);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (box), line);
  label = label_new (details, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static SeriesRow *
series_row_new (const StmSeries *series)
{
  SeriesRow *sr = g_new0 (SeriesRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *tooltip = g_strdup_printf ("%s %d: %s", series->modality ? series->modality : "",
                                              series->number,
                                              series->description ? series->description : "");

  sr->thumbnail = GTK_IMAGE (gtk_image_new_from_icon_name ("image-x-generic-symbolic"));
  gtk_image_set_pixel_size (sr->thumbnail, STM_STUDY_BROWSER_THUMBNAIL_SIZE / 2);
  gtk_widget_set_size_request (GTK_WIDGET (sr->thumbnail), STM_STUDY_BROWSER_THUMBNAIL_SIZE,
                               STM_STUDY_BROWSER_THUMBNAIL_SIZE);
  gtk_widget_add_css_class (GTK_WIDGET (sr->thumbnail), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (sr->thumbnail));
  gtk_box_append (GTK_BOX (box), series_labels_new (series));

  sr->warning_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (sr->warning_icon), "warning");
  gtk_widget_set_valign (GTK_WIDGET (sr->warning_icon), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (sr->warning_icon));

  sr->warnings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < series->warnings->len; i++)
    add_warning_once (sr->warnings, g_ptr_array_index (series->warnings, i));
  series_row_show_warnings (sr);

  sr->row = GTK_LIST_BOX_ROW (gtk_list_box_row_new ());
  gtk_list_box_row_set_child (sr->row, box);
  gtk_widget_set_tooltip_text (GTK_WIDGET (sr->row), g_strstrip (tooltip));
  g_object_set_data_full (G_OBJECT (sr->row), "stm-series-id", g_strdup (series->id), g_free);
  return sr;
}

static GtkWidget *
skipped_row_new (GPtrArray *skipped)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *summary = g_strdup_printf (ngettext ("%u file could not be read",
                                                        "%u files could not be read",
                                                        skipped->len), skipped->len);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  for (guint i = 0; i < MIN (skipped->len, MAX_SKIPPED_LISTED); i++)
    {
      const StmSkippedFile *file = g_ptr_array_index (skipped, i);
      g_autofree char *base = g_path_get_basename (file->path);

      g_string_append_printf (tooltip, "%s• %s: %s", i > 0 ? "\n" : "", base, file->message);
    }
  if (skipped->len > MAX_SKIPPED_LISTED)
    g_string_append_printf (tooltip, "\n%s", _("…and more."));
  gtk_widget_add_css_class (icon, "warning");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label_new (summary, "caption"));
  gtk_widget_set_tooltip_text (box, tooltip->str);
  gtk_widget_set_margin_top (box, 12);
  return inert_row_new (box);
}

static void
clear_rows (StmStudyBrowser *self)
{
  GtkListBoxRow *row;

  g_hash_table_remove_all (self->rows);
  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
}

static void
add_row (StmStudyBrowser *self, GtkWidget *row)
{
  gtk_list_box_append (self->list, row);
}

/*
 * Patients and studies are headers above their first series row, so the
 * keyboard moves from series to series and only series can be selected.
 */
static void
update_header_cb (GtkListBoxRow *row, GtkListBoxRow *before, gpointer data)
{
  const StmPatient *patient = g_object_get_data (G_OBJECT (row), "stm-patient");
  const StmStudy *study = g_object_get_data (G_OBJECT (row), "stm-study");
  const StmPatient *previous_patient = NULL;
  const StmStudy *previous_study = NULL;
  GtkWidget *header;

  if (before != NULL)
    {
      previous_patient = g_object_get_data (G_OBJECT (before), "stm-patient");
      previous_study = g_object_get_data (G_OBJECT (before), "stm-study");
    }
  if (study == NULL || study == previous_study)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  /* The rows never move: a header once made stays right. */
  if (gtk_list_box_row_get_header (row) != NULL)
    return;
  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  if (patient != previous_patient)
    gtk_box_append (GTK_BOX (header), patient_header_new (patient, before == NULL));
  gtk_box_append (GTK_BOX (header), study_header_new (study));
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_list_box_row_set_header (row, header);
}

static void
build_rows (StmStudyBrowser *self)
{
  GPtrArray *patients = self->collection->patients;

  for (guint p = 0; p < patients->len; p++)
    {
      const StmPatient *patient = g_ptr_array_index (patients, p);

      for (guint s = 0; s < patient->studies->len; s++)
        {
          const StmStudy *study = g_ptr_array_index (patient->studies, s);

          for (guint i = 0; i < study->series->len; i++)
            {
              const StmSeries *series = g_ptr_array_index (study->series, i);
              SeriesRow *sr = series_row_new (series);

              /* For the header function; the collection outlives the rows. */
              g_object_set_data (G_OBJECT (sr->row), "stm-patient", (gpointer) patient);
              g_object_set_data (G_OBJECT (sr->row), "stm-study", (gpointer) study);
              add_row (self, GTK_WIDGET (sr->row));
              g_hash_table_replace (self->rows, g_strdup (series->id), sr);
            }
        }
    }
  if (self->collection->skipped->len > 0)
    add_row (self, skipped_row_new (self->collection->skipped));
}

/* Public ---------------------------------------------------------------- */

void
stm_study_browser_set_collection (StmStudyBrowser    *self,
                                  StmDicomCollection *collection)
{
  g_return_if_fail (STM_IS_STUDY_BROWSER (self));

  if (collection == self->collection)
    return;
  cancel_thumbnails (self);
  clear_rows (self);
  if (collection != NULL)
    stm_dicom_collection_ref (collection);
  g_clear_pointer (&self->collection, stm_dicom_collection_unref);
  self->collection = collection;
  if (collection == NULL)
    return;
  build_rows (self);
  start_thumbnails (self);
}

StmDicomCollection *
stm_study_browser_get_collection (StmStudyBrowser *self)
{
  g_return_val_if_fail (STM_IS_STUDY_BROWSER (self), NULL);
  return self->collection;
}

/* Brings a selected row into view; before the first layout there is nothing to scroll. */
static void
scroll_to_row (StmStudyBrowser *self, GtkListBoxRow *row)
{
  GtkAdjustment *adjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  graphene_point_t top;

  if (!gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (self->list),
                                 &GRAPHENE_POINT_INIT (0, 0), &top))
    return;
  gtk_adjustment_clamp_page (adjustment, top.y, top.y + gtk_widget_get_height (GTK_WIDGET (row)));
}

void
stm_study_browser_select_series (StmStudyBrowser *self,
                                 const char      *series_id)
{
  SeriesRow *sr;

  g_return_if_fail (STM_IS_STUDY_BROWSER (self));

  sr = series_id != NULL ? g_hash_table_lookup (self->rows, series_id) : NULL;
  if (sr == NULL)
    gtk_list_box_unselect_all (self->list);
  else
    {
      gtk_list_box_select_row (self->list, sr->row);
      scroll_to_row (self, sr->row);
    }
}

const char *
stm_study_browser_get_selected_series (StmStudyBrowser *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (STM_IS_STUDY_BROWSER (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "stm-series-id") : NULL;
}

GdkTexture *
stm_study_browser_get_thumbnail (StmStudyBrowser *self,
                                 const char      *series_id)
{
  SeriesRow *sr;

  g_return_val_if_fail (STM_IS_STUDY_BROWSER (self), NULL);
  g_return_val_if_fail (series_id != NULL, NULL);

  sr = g_hash_table_lookup (self->rows, series_id);
  return sr != NULL ? sr->texture : NULL;
}

GtkWidget *
stm_study_browser_new (void)
{
  return g_object_new (STM_TYPE_STUDY_BROWSER, NULL);
}

/* Class ----------------------------------------------------------------- */

static void
row_activated_cb (GtkListBox *list, GtkListBoxRow *row, StmStudyBrowser *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "stm-series-id");

  if (id != NULL)
    g_signal_emit (self, signals[SERIES_ACTIVATED], 0, id);
}

static void
stm_study_browser_dispose (GObject *object)
{
  StmStudyBrowser *self = STM_STUDY_BROWSER (object);

  cancel_thumbnails (self);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->collection, stm_dicom_collection_unref);
  G_OBJECT_CLASS (stm_study_browser_parent_class)->dispose (object);
}

static void
stm_study_browser_class_init (StmStudyBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stm_study_browser_dispose;

  /**
   * StmStudyBrowser::series-activated:
   * @series_id: the StmSeries id of the row
   *
   * A series row was clicked, or Enter was pressed on it.
   */
  signals[SERIES_ACTIVATED] =
    g_signal_new ("series-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "studybrowser");
}

static void
stm_study_browser_init (StmStudyBrowser *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, series_row_free);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_list_box_set_header_func (self->list, update_header_cb, NULL, NULL);
  gtk_list_box_set_placeholder (self->list, label_new (_("No images"), "dim-label"));
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, 0);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                               GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}
