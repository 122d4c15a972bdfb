/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stm-dicom-collection.h"
#include "stm-nifti.h"
#include "stm-series-volume.h"

int
stm_cli_fail (const GError *error)
{
  fprintf (stderr, "stratum-cli: %s\n", error->message);
  return 1;
}

int
stm_cli_usage (GOptionContext *context, const char *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "stratum-cli: %s\n\n%s", message, help);
  return 2;
}

static gboolean
is_nifti (const char *path)
{
  return g_str_has_suffix (path, ".nii") || g_str_has_suffix (path, ".nii.gz");
}

StmSeries *
stm_cli_choose_series (StmDicomCollection *collection,
                       const char         *series_id,
                       GError            **error)
{
  StmSeries *series = series_id ? stm_dicom_collection_find_series (collection, series_id)
                                : stm_dicom_collection_default_series (collection);

  if (series == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("No series %s was found (stratum-cli info lists the series)."),
                 series_id ? series_id : _("with images"));
  return series;
}

StmVolume *
stm_cli_load_volume (const char * const *paths,
                     const char         *series_id,
                     GPtrArray          *warnings,
                     GError            **error)
{
  if (paths[0] != NULL && paths[1] == NULL && is_nifti (paths[0]))
    return stm_nifti_read (paths[0], STM_VOLUME_DEFAULT_MAX_BYTES, error);

  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan (paths, NULL, NULL, NULL, error);
  StmSeries *series = collection ? stm_cli_choose_series (collection, series_id, error) : NULL;
  if (series == NULL)
    return NULL;
  StmVolume *volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                              NULL, NULL, NULL, error);
  for (guint i = 0; volume != NULL && warnings != NULL && i < series->warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (series->warnings, i)));
  return volume;
}

/* The mask must lie on the image's grid: same size, same geometry to 1 µm. */
gboolean
stm_cli_check_same_grid (const StmVolume *image,
                         const StmVolume *mask,
                         GError         **error)
{
  gboolean same = stm_volume_same_grid (image, mask);

  if (!same)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The mask (%zu x %zu x %zu) is not on the image's grid (%zu x %zu x %zu); "
                   "resample it onto the image first."), mask->dims[0], mask->dims[1],
                 mask->dims[2], image->dims[0], image->dims[1], image->dims[2]);
  return same;
}
