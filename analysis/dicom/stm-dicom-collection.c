/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Grouping DICOM headers into patients, studies, series and stacks. */
#include "stm-dicom-collection.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>

#include "stm-dicom-pixels.h"
#include "stm-dicom-scan.h"

static void
series_free (gpointer p)
{
  StmSeries *s = p;
  g_free (s->id);
  g_free (s->uid);
  g_free (s->description);
  g_free (s->modality);
  g_free (s->frame_of_reference_uid);
  g_ptr_array_unref (s->instances);
  g_ptr_array_unref (s->warnings);
  g_free (s);
}

static void
study_free (gpointer p)
{
  StmStudy *s = p;
  g_free (s->uid);
  g_free (s->date);
  g_free (s->time);
  g_free (s->description);
  g_free (s->accession_number);
  g_ptr_array_unref (s->series);
  g_free (s);
}

static void
patient_free (gpointer p)
{
  StmPatient *pt = p;
  g_free (pt->id);
  g_free (pt->name);
  g_free (pt->birth_date);
  g_free (pt->sex);
  g_ptr_array_unref (pt->studies);
  g_free (pt);
}

static void
skipped_free (gpointer p)
{
  StmSkippedFile *s = p;
  g_free (s->path);
  g_free (s->message);
  g_free (s);
}

static void
collection_clear (gpointer p)
{
  StmDicomCollection *collection = p;

  g_ptr_array_unref (collection->patients);
  g_ptr_array_unref (collection->skipped);
  g_ptr_array_unref (collection->other_objects);
}

/* A browser and a loading thread may share one collection: it is refcounted. */
StmDicomCollection *
stm_dicom_collection_ref (StmDicomCollection *collection)
{
  g_return_val_if_fail (collection != NULL, NULL);
  return g_atomic_rc_box_acquire (collection);
}

void
stm_dicom_collection_unref (StmDicomCollection *collection)
{
  if (collection != NULL)
    g_atomic_rc_box_release_full (collection, collection_clear);
}

GArray *
stm_series_window_presets (const StmSeries *series)
{
  g_return_val_if_fail (series != NULL, NULL);

  for (guint i = 0; i < series->instances->len; i++)
    {
      const StmDicomHeader *h = g_ptr_array_index (series->instances, i);

      if (h->windows != NULL && h->windows->len > 0)
        return h->windows;
    }
  return NULL;
}

static GMutex warnings_lock;

/* Planning a series again (info, then loading) must not repeat its warnings. */
static gboolean
has_warning (const StmSeries *series, const char *warning)
{
  for (guint i = 0; i < series->warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (series->warnings, i), warning))
      return TRUE;
  return FALSE;
}

void
stm_series_add_warning (StmSeries  *series,
                        const char *format,
                        ...)
{
  va_list args;
  g_autofree char *warning = NULL;

  va_start (args, format);
  warning = g_strdup_vprintf (format, args);
  va_end (args);
  /* Two viewports may load the same series at once: one writer at a time. */
  g_mutex_lock (&warnings_lock);
  if (!has_warning (series, warning))
    g_ptr_array_add (series->warnings, g_steal_pointer (&warning));
  g_mutex_unlock (&warnings_lock);
}

guint
stm_series_n_frames (const StmSeries *series)
{
  guint n = 0;

  for (guint i = 0; i < series->instances->len; i++)
    n += ((StmDicomHeader *) g_ptr_array_index (series->instances, i))->n_frames;
  return n;
}

static StmPatient *
find_patient (GPtrArray *patients, GHashTable *index, const StmDicomHeader *h)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", h->patient_id ? h->patient_id : "",
                                          h->patient_name ? h->patient_name : "");
  StmPatient *p = g_hash_table_lookup (index, key);

  if (p == NULL)
    {
      p = g_new0 (StmPatient, 1);
      p->id = g_strdup (h->patient_id);
      p->name = g_strdup (h->patient_name);
      p->birth_date = g_strdup (h->patient_birth_date);
      p->sex = g_strdup (h->patient_sex);
      p->studies = g_ptr_array_new_with_free_func (study_free);
      g_ptr_array_add (patients, p);
      g_hash_table_insert (index, g_steal_pointer (&key), p);
    }
  return p;
}

static StmStudy *
find_study (StmPatient *patient, GHashTable *index, const StmDicomHeader *h)
{
  const char *uid = h->study_uid ? h->study_uid : "";
  StmStudy *s = g_hash_table_lookup (index, uid);

  if (s == NULL)
    {
      s = g_new0 (StmStudy, 1);
      s->uid = g_strdup (uid);
      s->date = g_strdup (h->study_date);
      s->time = g_strdup (h->study_time);
      s->description = g_strdup (h->study_description);
      s->accession_number = g_strdup (h->accession_number);
      s->series = g_ptr_array_new_with_free_func (series_free);
      g_ptr_array_add (patient->studies, s);
      g_hash_table_insert (index, g_strdup (uid), s);
    }
  return s;
}

/* Files of one series that can share one volume agree on all of these. */
static char *
stack_key (const StmDicomHeader *h)
{
  const double *o = h->image.orientation;

  return g_strdup_printf ("%s|%s|%ux%u|%s|%.3f,%.3f,%.3f,%.3f,%.3f,%.3f",
                          h->series_uid ? h->series_uid : h->path,
                          h->frame_of_reference_uid ? h->frame_of_reference_uid : "",
                          h->columns, h->rows,
                          stm_dicom_header_is_colour (h) ? "colour" : "grey",
                          o[0], o[1], o[2], o[3], o[4], o[5]);
}

static StmSeries *
new_series (const StmDicomHeader *h, guint stack_number)
{
  StmSeries *s = g_new0 (StmSeries, 1);

  s->uid = g_strdup (h->series_uid ? h->series_uid : "");
  s->id = stack_number > 1 ? g_strdup_printf ("%s#%u", s->uid, stack_number) : g_strdup (s->uid);
  s->description = g_strdup (h->series_description);
  s->modality = g_strdup (h->modality);
  s->number = h->series_number;
  s->frame_of_reference_uid = g_strdup (h->frame_of_reference_uid);
  s->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) stm_dicom_header_free);
  s->warnings = g_ptr_array_new_with_free_func (g_free);
  return s;
}

static void
add_to_series (StmStudy *study, GHashTable *stacks, GHashTable *stack_counts,
               StmDicomHeader *h)
{
  g_autofree char *key = stack_key (h);
  StmSeries *s = g_hash_table_lookup (stacks, key);

  if (s == NULL)
    {
      const char *uid = h->series_uid ? h->series_uid : "";
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (stack_counts, uid)) + 1;
      g_hash_table_insert (stack_counts, g_strdup (uid), GUINT_TO_POINTER (n));
      s = new_series (h, n);
      if (n > 1)
        stm_series_add_warning (s, _("Series %s holds images of different frame of reference, "
                                  "orientation or size; they are shown as separate stacks."), uid);
      g_ptr_array_add (study->series, s);
      g_hash_table_insert (stacks, g_steal_pointer (&key), s);
    }
  g_ptr_array_add (s->instances, h);
}

static int
compare_series (gconstpointer a, gconstpointer b)
{
  const StmSeries *x = *(StmSeries * const *) a, *y = *(StmSeries * const *) b;

  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static void
group_headers (StmDicomCollection *c, GPtrArray *headers)
{
  g_autoptr(GHashTable) patients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) studies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) stacks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < headers->len; i++)
    {
      StmDicomHeader *h = g_ptr_array_steal_index (headers, i--);
      if (!h->has_pixel_data)
        {
          g_ptr_array_add (c->other_objects, h);
          continue;
        }
      StmPatient *patient = find_patient (c->patients, patients, h);
      StmStudy *study = find_study (patient, studies, h);
      add_to_series (study, stacks, counts, h);
    }
  for (guint p = 0; p < c->patients->len; p++)
    {
      StmPatient *patient = g_ptr_array_index (c->patients, p);
      for (guint s = 0; s < patient->studies->len; s++)
        g_ptr_array_sort (((StmStudy *) g_ptr_array_index (patient->studies, s))->series,
                          compare_series);
    }
}

/* Two counts, each with its own plural, in one sentence. */
static void
set_nothing_found (const StmDicomCollection *c, GError **error)
{
  guint n_skipped = c->skipped->len;
  guint n_other = c->other_objects->len;
  g_autofree char *skipped = g_strdup_printf (ngettext ("%u unreadable file",
                                                        "%u unreadable files", n_skipped),
                                              n_skipped);
  g_autofree char *other = g_strdup_printf (ngettext ("%u non-image object",
                                                      "%u non-image objects", n_other),
                                            n_other);

  g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_EMPTY,
               /* TRANSLATORS: the two parts are "3 unreadable files" and "1 non-image object". */
               _("No DICOM image was found (%s, %s)."), skipped, other);
}

StmDicomCollection *
stm_dicom_collection_scan (const char * const *paths,
                           StmProgressFunc     progress,
                           gpointer            progress_data,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(StmDicomCollection) c = g_atomic_rc_box_new0 (StmDicomCollection);
  g_autoptr(GPtrArray) headers = NULL;

  c->patients = g_ptr_array_new_with_free_func (patient_free);
  c->skipped = g_ptr_array_new_with_free_func (skipped_free);
  c->other_objects = g_ptr_array_new_with_free_func ((GDestroyNotify) stm_dicom_header_free);

  headers = _stm_dicom_read_headers (paths, c->skipped, progress, progress_data, cancellable,
                                     error);
  if (headers == NULL)
    return NULL;
  c->n_files = headers->len;
  group_headers (c, headers);

  if (c->patients->len == 0)
    {
      if (c->skipped->len == 1 && c->other_objects->len == 0)
        g_set_error_literal (error, STM_DICOM_ERROR, STM_DICOM_ERROR_EMPTY,
                             ((StmSkippedFile *) g_ptr_array_index (c->skipped, 0))->message);
      else
        set_nothing_found (c, error);
      return NULL;
    }
  return g_steal_pointer (&c);
}

GPtrArray *
stm_dicom_collection_list_series (StmDicomCollection *c)
{
  GPtrArray *all = g_ptr_array_new ();

  for (guint p = 0; p < c->patients->len; p++)
    {
      StmPatient *patient = g_ptr_array_index (c->patients, p);
      for (guint s = 0; s < patient->studies->len; s++)
        {
          StmStudy *study = g_ptr_array_index (patient->studies, s);
          for (guint i = 0; i < study->series->len; i++)
            g_ptr_array_add (all, g_ptr_array_index (study->series, i));
        }
    }
  return all;
}

StmSeries *
stm_dicom_collection_find_series (StmDicomCollection *c,
                                  const char         *id)
{
  g_autoptr(GPtrArray) all = stm_dicom_collection_list_series (c);

  for (guint i = 0; i < all->len; i++)
    {
      StmSeries *s = g_ptr_array_index (all, i);
      if (g_strcmp0 (s->id, id) == 0)
        return s;
    }
  return NULL;
}

StmSeries *
stm_dicom_collection_default_series (StmDicomCollection *c)
{
  g_autoptr(GPtrArray) all = stm_dicom_collection_list_series (c);
  StmSeries *best = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      StmSeries *s = g_ptr_array_index (all, i);
      if (best == NULL || stm_series_n_frames (s) > stm_series_n_frames (best))
        best = s;
    }
  return best;
}
