/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <stdio.h>

#include "stm-dicom-collection.h"
#include "stm-nifti.h"
#include "stm-series-volume.h"

static StmSeries *
choose_series (StmDicomCollection *collection, const char *id, GError **error)
{
  StmSeries *series;

  if (id == NULL)
    return stm_dicom_collection_default_series (collection);
  if ((series = stm_dicom_collection_find_series (collection, id)) == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "No series %s was found (stratum-cli info lists the series).", id);
  return series;
}

int
stm_cli_export (int argc, char **argv)
{
  g_autofree char *series_id = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "series", 0, 0, G_OPTION_ARG_STRING, &series_id, "Series to export (default: the largest)", "ID" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "NIfTI file to write (.nii or .nii.gz)", "OUT" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PATH... — write a series as NIfTI");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (argc < 2 || output == NULL)
    return stm_cli_usage (context, "export needs a PATH and -o OUT.nii[.gz].");

  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan ((const char * const *) argv + 1, NULL, NULL, NULL, &error);
  StmSeries *series = collection ? choose_series (collection, series_id, &error) : NULL;
  if (series == NULL)
    return stm_cli_fail (error);

  g_autoptr(StmVolume) volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                        NULL, NULL, NULL, &error);
  if (volume == NULL || !stm_nifti_write (volume, output, &error))
    return stm_cli_fail (error);

  for (guint i = 0; i < series->warnings->len; i++)
    fprintf (stderr, "stratum-cli: warning: %s\n", (char *) g_ptr_array_index (series->warnings, i));
  return 0;
}
