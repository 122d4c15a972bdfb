/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One planned slice of a series, decoded by the volume loader's own code
 * (stm-series-volume-private.h) so that it matches the full volume voxel
 * for voxel.
 */
#include "stm-series-preview.h"

#include <glib/gi18n.h>

#include "stm-dicom-pixels.h"
#include "stm-series-geometry.h"
#include "stm-series-volume-private.h"

/*
 * stm_series_plan_volume() records what it finds in series->warnings; a
 * preview may run beside the full load, so it plans a shallow copy whose
 * warnings are its own and leaves the shared series untouched.
 */
static GArray *
plan_quietly (StmSeries *series, StmGeometry *geometry, GPtrArray **out_warnings)
{
  StmSeries copy = *series;
  GArray *plan;

  copy.warnings = g_ptr_array_new_with_free_func (g_free);
  plan = stm_series_plan_volume (&copy, geometry);
  if (out_warnings != NULL)
    *out_warnings = g_steal_pointer (&copy.warnings);
  else
    g_ptr_array_unref (copy.warnings);
  return plan;
}

guint
stm_series_n_slices (StmSeries *series)
{
  StmGeometry geometry;
  g_autoptr(GArray) plan = NULL;

  g_return_val_if_fail (series != NULL, 0);

  plan = plan_quietly (series, &geometry, NULL);
  return plan->len;
}

GPtrArray *
stm_series_plan_warnings (StmSeries *series)
{
  StmGeometry geometry;
  GPtrArray *warnings = NULL;

  g_return_val_if_fail (series != NULL, NULL);

  g_array_unref (plan_quietly (series, &geometry, &warnings));
  return warnings;
}

static gboolean
decode_source (const StmSliceSource *source, StmVolume *volume, GError **error)
{
  g_autoptr(StmDicomFile) file = stm_dicom_file_open (source->header->path, error);
  const StmDicomHeader *h;
  gsize frame_size;

  if (file == NULL)
    return FALSE;
  h = stm_dicom_file_get_header (file);
  if (!stm_dicom_frame_size (h, &frame_size, error))
    return FALSE;
  /* Two spare bytes: DCMTK may swap an odd-length frame in place (as the loader does). */
  g_autofree guint8 *raw = g_try_malloc (frame_size + 2);
  if (raw == NULL)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_TOO_LARGE,
                   _("There is not enough memory to decode this image."));
      return FALSE;
    }
  return _stm_dicom_decode_into (file, h, source->frame, raw, frame_size + 2, volume, 0, error);
}

/* Voxel (0, 0, @index) of the full volume becomes the origin of the slice. */
static void
move_to_slice (StmGeometry *geometry, guint index)
{
  for (int r = 0; r < 3; r++)
    geometry->origin[r] += index * geometry->spacing[2] * geometry->axes[2][r];
}

StmVolume *
_stm_series_load_slice (StmSeries             *series,
                        guint                  index,
                        guint64                max_bytes,
                        const StmDicomHeader **out_header,
                        GCancellable          *cancellable,
                        GError               **error)
{
  StmGeometry geometry;
  g_autoptr(GArray) plan = plan_quietly (series, &geometry, NULL);
  g_autoptr(StmVolume) volume = NULL;
  GError *local = NULL;

  if (plan->len == 0)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_EMPTY,
                   _("The series holds no image to load."));
      return NULL;
    }
  if (index == G_MAXUINT)
    index = plan->len / 2;
  if (index >= plan->len)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_EMPTY,
                   _("The series has no image number %u (it has %u)."), index + 1, plan->len);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Shaped like the full volume, which follows its first slice. */
  const StmSliceSource *source = &g_array_index (plan, StmSliceSource, index);
  volume = _stm_series_allocate_volume (g_array_index (plan, StmSliceSource, 0).header, 1,
                                        max_bytes, error);
  if (volume == NULL)
    return NULL;
  move_to_slice (&geometry, index);
  volume->geometry = geometry;

  if (!decode_source (source, volume, &local))
    {
      g_propagate_prefixed_error (error, local, "%s: ", source->header->path);
      return NULL;
    }
  if (out_header != NULL)
    *out_header = source->header;
  return g_steal_pointer (&volume);
}

StmVolume *
stm_series_load_slice (StmSeries    *series,
                       guint         index,
                       guint64       max_bytes,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (index != G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _stm_series_load_slice (series, index, max_bytes, NULL, cancellable, error);
}
