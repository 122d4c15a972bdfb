/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decoding a series into one volume, a file per job, on all cores. */
#include "stm-series-volume.h"

#include <glib/gi18n.h>

#include "stm-dicom-pixels.h"
#include "stm-series-geometry.h"
#include "stm-series-volume-private.h"

/* Frames decoded by this process: lets tests prove that a preview decodes one. */
static gint frames_decoded;

typedef struct
{
  const StmDicomHeader *header;
  GArray               *slices;     /* guint: volume slice k of each frame, in frame order */
  GArray               *frames;     /* guint: frame numbers */
} FileJob;

typedef struct
{
  StmVolume      *volume;
  GCancellable   *cancellable;
  StmProgressFunc progress;
  gpointer        progress_data;
  guint           n_slices;
  gint            done;
  GMutex          lock;
  GError         *error;            /* the first failure */
} LoadState;

static void
file_job_free (gpointer p)
{
  FileJob *job = p;
  g_array_unref (job->slices);
  g_array_unref (job->frames);
  g_free (job);
}

static void
fail (LoadState *state, GError *error)
{
  g_mutex_lock (&state->lock);
  if (state->error == NULL)
    state->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&state->lock);
}

static gboolean
has_failed (LoadState *state)
{
  gboolean failed;

  g_mutex_lock (&state->lock);
  failed = state->error != NULL;
  g_mutex_unlock (&state->lock);
  return failed;
}

/* The file may have changed since the scan read the header that sized the
 * volume: what is decoded must still fit the slice it is written to. */
static gboolean
check_same_image (const StmDicomHeader *h, guint frame, const StmVolume *volume, GError **error)
{
  gboolean colour = stm_dicom_header_is_colour (h);

  if (h->columns != volume->dims[0] || h->rows != volume->dims[1] ||
      colour != (volume->format == STM_VOXEL_RGB8) || !h->has_pixel_data)
    {
      g_set_error_literal (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                           _("The image size differs from the rest of the series."));
      return FALSE;
    }
  if (frame >= h->n_frames)
    {
      g_set_error_literal (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                           _("The file holds fewer frames than when it was read."));
      return FALSE;
    }
  return TRUE;
}

gboolean
_stm_dicom_decode_into (StmDicomFile         *file,
                        const StmDicomHeader *h,
                        guint                 frame,
                        guint8               *raw,
                        gsize                 size,
                        StmVolume            *volume,
                        guint                 k,
                        GError              **error)
{
  g_autofree char *photometric = NULL;
  guint planar = 0;

  if (!check_same_image (h, frame, volume, error))
    return FALSE;
  g_atomic_int_inc (&frames_decoded);
  if (!stm_dicom_file_decode_frame (file, frame, raw, size, &photometric, &planar, error))
    return FALSE;
  if (volume->format == STM_VOXEL_RGB8)
    return stm_dicom_frame_to_rgb (h, raw, photometric, planar,
                                   stm_volume_slice_data (volume, k), error);
  return stm_dicom_frame_to_float (h, h->frames ? &h->frames[frame] : &h->image, raw,
                                   stm_volume_slice_data (volume, k), error);
}

guint
_stm_dicom_frames_decoded (void)
{
  return (guint) g_atomic_int_get (&frames_decoded);
}

static void
load_file_cb (gpointer data, gpointer user_data)
{
  FileJob *job = data;
  LoadState *state = user_data;
  GError *error = NULL;
  gsize frame_size;

  if (g_cancellable_is_cancelled (state->cancellable) || has_failed (state))
    return;

  g_autoptr(StmDicomFile) file = stm_dicom_file_open (job->header->path, &error);
  if (file == NULL || !stm_dicom_frame_size (stm_dicom_file_get_header (file), &frame_size,
                                             &error))
    {
      fail (state, error);
      return;
    }
  /* Two spare bytes: DCMTK may swap an odd-length frame in place. */
  g_autofree guint8 *raw = g_try_malloc (frame_size + 2);
  if (raw == NULL)
    {
      fail (state, g_error_new (STM_DICOM_ERROR, STM_DICOM_ERROR_TOO_LARGE,
                                _("There is not enough memory to decode this image.")));
      return;
    }

  for (guint i = 0; i < job->frames->len; i++)
    {
      if (g_cancellable_is_cancelled (state->cancellable))
        return;
      if (!_stm_dicom_decode_into (file, stm_dicom_file_get_header (file),
                                   g_array_index (job->frames, guint, i), raw, frame_size + 2,
                                   state->volume, g_array_index (job->slices, guint, i),
                                   &error))
        {
          g_prefix_error (&error, "%s: ", job->header->path);
          fail (state, error);
          return;
        }
      gint done = g_atomic_int_add (&state->done, 1) + 1;
      if (state->progress != NULL)
        state->progress ((double) done / state->n_slices, state->progress_data);
    }
}

/* Groups the planned slices by file so that each file is opened once. */
static GPtrArray *
make_jobs (GArray *plan)
{
  g_autoptr(GHashTable) by_header = g_hash_table_new (NULL, NULL);
  GPtrArray *jobs = g_ptr_array_new_with_free_func (file_job_free);

  for (guint k = 0; k < plan->len; k++)
    {
      const StmSliceSource *s = &g_array_index (plan, StmSliceSource, k);
      FileJob *job = g_hash_table_lookup (by_header, s->header);
      if (job == NULL)
        {
          job = g_new0 (FileJob, 1);
          job->header = s->header;
          job->slices = g_array_new (FALSE, FALSE, sizeof (guint));
          job->frames = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_header, (gpointer) s->header, job);
          g_ptr_array_add (jobs, job);
        }
      g_array_append_val (job->slices, k);
      g_array_append_val (job->frames, s->frame);
    }
  return jobs;
}

/* Only CT values are Hounsfield units; ultrasound or MR grey levels have none. */
static StmValueUnit
value_unit_of (const StmDicomHeader *header)
{
  return g_strcmp0 (header->modality, "CT") == 0 ? STM_VALUE_HU : STM_VALUE_UNITLESS;
}

StmVolume *
_stm_series_allocate_volume (const StmDicomHeader *first,
                             gsize                 n_slices,
                             guint64               max_bytes,
                             GError              **error)
{
  StmVoxelFormat format = stm_dicom_header_is_colour (first) ? STM_VOXEL_RGB8 : STM_VOXEL_FLOAT32;
  GError *local = NULL;

  StmVolume *volume = stm_volume_new (format, first->columns, first->rows, n_slices, max_bytes,
                                      &local);
  if (volume == NULL)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_TOO_LARGE, "%s", local->message);
      g_error_free (local);
      return NULL;
    }
  if (first->n_frames > 1 && first->frame_time_ms > 0)
    volume->frame_time_ms = first->frame_time_ms;
  volume->value_unit = value_unit_of (first);
  return volume;
}

StmVolume *
stm_series_load_volume (StmSeries      *series,
                        guint64         max_bytes,
                        StmProgressFunc progress,
                        gpointer        progress_data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  StmGeometry geometry;
  g_autoptr(GArray) plan = stm_series_plan_volume (series, &geometry);
  g_autoptr(StmVolume) volume = NULL;

  if (plan->len == 0)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_EMPTY,
                   _("The series holds no image to load."));
      return NULL;
    }
  volume = _stm_series_allocate_volume (g_array_index (plan, StmSliceSource, 0).header,
                                        plan->len, max_bytes, error);
  if (volume == NULL)
    return NULL;
  volume->geometry = geometry;

  g_autoptr(GPtrArray) jobs = make_jobs (plan);
  LoadState state = { volume, cancellable, progress, progress_data, plan->len, 0, { 0 }, NULL };
  g_mutex_init (&state.lock);
  guint threads = MIN (g_get_num_processors (), MAX (jobs->len, 1));
  GThreadPool *pool = g_thread_pool_new (load_file_cb, &state, (int) threads, FALSE, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_thread_pool_push (pool, g_ptr_array_index (jobs, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&state.lock);

  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&volume);
}

StmVolume *
stm_dicom_file_load_frames (const char *path,
                            guint64     max_bytes,
                            GError    **error)
{
  g_autoptr(StmDicomFile) file = stm_dicom_file_open (path, error);
  const StmDicomHeader *h;
  gsize frame_size;

  if (file == NULL)
    return NULL;
  h = stm_dicom_file_get_header (file);
  if (!h->has_pixel_data || h->n_frames == 0)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_NO_IMAGE,
                   _("This file holds no image (it is a %s object)."),
                   h->modality && *h->modality ? h->modality : _("non-image"));
      return NULL;
    }
  if (!stm_dicom_frame_size (h, &frame_size, error))
    return NULL;

  StmVoxelFormat format = stm_dicom_header_is_colour (h) ? STM_VOXEL_RGB8 : STM_VOXEL_FLOAT32;
  GError *local = NULL;
  g_autoptr(StmVolume) volume = stm_volume_new (format, h->columns, h->rows, h->n_frames,
                                                max_bytes, &local);
  if (volume == NULL)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_TOO_LARGE, "%s", local->message);
      g_error_free (local);
      return NULL;
    }
  volume->frame_time_ms = h->frame_time_ms;
  volume->value_unit = value_unit_of (h);

  g_autofree guint8 *raw = g_malloc (frame_size + 2);
  for (guint f = 0; f < h->n_frames; f++)
    if (!_stm_dicom_decode_into (file, h, f, raw, frame_size + 2, volume, f, error))
      return NULL;
  return g_steal_pointer (&volume);
}
