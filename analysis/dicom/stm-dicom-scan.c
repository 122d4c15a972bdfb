/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finding DICOM files under paths (files, folders, DICOMDIRs) and reading their headers. */
#include "stm-dicom-scan.h"

#include <glib/gi18n.h>
#include <string.h>

#define DICOMDIR_SOP_CLASS "1.2.840.10008.1.3.10"

typedef struct
{
  char    *path;
  gboolean explicit_file;   /* named by the user: report it even when it is not DICOM */
} Candidate;

static void
candidate_free (gpointer p)
{
  Candidate *c = p;
  g_free (c->path);
  g_free (c);
}

static void
add_candidate (GPtrArray *out, const char *path, gboolean explicit_file)
{
  Candidate *c = g_new0 (Candidate, 1);
  c->path = g_strdup (path);
  c->explicit_file = explicit_file;
  g_ptr_array_add (out, c);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
walk_folder (const char *folder, GPtrArray *out, GCancellable *cancellable, guint depth)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (depth > 32 || g_cancellable_is_cancelled (cancellable) ||
      (dir = g_dir_open (folder, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* Sorted, so that scans are reproducible whatever the file system's order. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        walk_folder (child, out, cancellable, depth + 1);
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        add_candidate (out, child, FALSE);
    }
}

/* Media file systems (CDs) may change the case of DICOMDIR references. */
static char *
resolve_case_insensitive (const char *base, const char *relative)
{
  g_auto(GStrv) parts = g_strsplit (relative, "/", -1);
  g_autofree char *current = g_strdup (base);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *exact = g_build_filename (current, parts[i], NULL);
      g_autoptr(GDir) dir = NULL;
      const char *name;
      char *found = NULL;

      if (g_file_test (exact, G_FILE_TEST_EXISTS))
        {
          g_free (current);
          current = g_steal_pointer (&exact);
          continue;
        }
      if ((dir = g_dir_open (current, 0, NULL)) == NULL)
        return NULL;
      while (found == NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_ascii_strcasecmp (name, parts[i]) == 0)
          found = g_build_filename (current, name, NULL);
      if (found == NULL)
        return NULL;
      g_free (current);
      current = found;
    }
  return g_steal_pointer (&current);
}

static gboolean
expand_dicomdir (const char *path, GPtrArray *out, GPtrArray *skipped)
{
  g_autoptr(StmDicomFile) file = stm_dicom_file_open (path, NULL);
  const StmDicomHeader *h;

  if (file == NULL)
    return FALSE;
  h = stm_dicom_file_get_header (file);
  if (g_strcmp0 (h->sop_class_uid, DICOMDIR_SOP_CLASS) != 0 && h->dicomdir_files == NULL)
    return FALSE;

  g_autofree char *base = g_path_get_dirname (path);
  for (guint i = 0; h->dicomdir_files != NULL && h->dicomdir_files[i] != NULL; i++)
    {
      g_autofree char *target = resolve_case_insensitive (base, h->dicomdir_files[i]);
      if (target != NULL)
        add_candidate (out, target, TRUE);
      else
        _stm_dicom_skip (skipped, h->dicomdir_files[i],
                         _("The DICOMDIR refers to this file, but it is missing."));
    }
  return TRUE;
}

void
_stm_dicom_skip (GPtrArray *skipped, const char *path, const char *message)
{
  StmSkippedFile *s = g_new0 (StmSkippedFile, 1);
  s->path = g_strdup (path);
  s->message = g_strdup (message);
  g_ptr_array_add (skipped, s);
}

static gboolean
is_dicomdir_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  return g_ascii_strcasecmp (base, "DICOMDIR") == 0;
}

static GPtrArray *
collect_candidates (const char * const *paths, GPtrArray *skipped, GCancellable *cancellable,
                    GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (candidate_free);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      const char *path = paths[i];
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        walk_folder (path, out, cancellable, 0);
      else if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_IO,
                       _("%s does not exist."), path);
          return NULL;
        }
      else if (!(is_dicomdir_name (path) && expand_dicomdir (path, out, skipped)))
        add_candidate (out, path, TRUE);
    }
  return g_steal_pointer (&out);
}

typedef struct
{
  GPtrArray      *candidates;
  StmDicomHeader **headers;
  char          **errors;
  GCancellable   *cancellable;
  StmProgressFunc progress;
  gpointer        progress_data;
  gint            done;
} ScanJob;

static void
scan_one_cb (gpointer index_ptr, gpointer user_data)
{
  ScanJob *job = user_data;
  guint index = GPOINTER_TO_UINT (index_ptr) - 1;
  Candidate *c = g_ptr_array_index (job->candidates, index);
  g_autoptr(GError) error = NULL;

  if (!g_cancellable_is_cancelled (job->cancellable) &&
      (c->explicit_file || stm_dicom_file_sniff (c->path)))
    {
      g_autoptr(StmDicomFile) file = stm_dicom_file_open (c->path, &error);
      if (file != NULL)
        job->headers[index] = stm_dicom_file_steal_header (file);
      else if (c->explicit_file || !g_error_matches (error, STM_DICOM_ERROR,
                                                     STM_DICOM_ERROR_NOT_DICOM))
        job->errors[index] = g_strdup (error->message);
    }

  gint done = g_atomic_int_add (&job->done, 1) + 1;
  if (job->progress != NULL)
    job->progress ((double) done / job->candidates->len, job->progress_data);
}

GPtrArray *
_stm_dicom_read_headers (const char * const *paths,
                         GPtrArray          *skipped,
                         StmProgressFunc     progress,
                         gpointer            progress_data,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(GPtrArray) candidates = collect_candidates (paths, skipped, cancellable, error);
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (
    (GDestroyNotify) stm_dicom_header_free);

  if (candidates == NULL)
    return NULL;

  ScanJob job = { candidates, g_new0 (StmDicomHeader *, candidates->len + 1),
                  g_new0 (char *, candidates->len + 1), cancellable, progress,
                  progress_data, 0 };
  GThreadPool *pool = g_thread_pool_new (scan_one_cb, &job, (int) g_get_num_processors (),
                                         FALSE, NULL);
  for (guint i = 0; i < candidates->len; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);
      if (job.headers[i] != NULL)
        g_ptr_array_add (headers, job.headers[i]);
      else if (job.errors[i] != NULL)
        _stm_dicom_skip (skipped, c->path, job.errors[i]);
      g_free (job.errors[i]);
    }
  g_free (job.headers);
  g_free (job.errors);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&headers);
}
