/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stm-radiomics.h"

/* The mask must lie on the image's grid: same size, same geometry to 1 µm. */
static gboolean
check_same_grid (const StmVolume *image, const StmVolume *mask, GError **error)
{
  gboolean same = memcmp (image->dims, mask->dims, sizeof image->dims) == 0;

  for (int a = 0; same && a < 3; a++)
    {
      same = fabs (image->geometry.spacing[a] - mask->geometry.spacing[a]) < 1e-3 &&
             fabs (image->geometry.origin[a] - mask->geometry.origin[a]) < 1e-3;
      for (int r = 0; same && r < 3; r++)
        same = fabs (image->geometry.axes[a][r] - mask->geometry.axes[a][r]) < 1e-4;
    }
  if (!same)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "The mask (%zu x %zu x %zu) is not on the image's grid (%zu x %zu x %zu); "
                 "resample it onto the image first.", mask->dims[0], mask->dims[1],
                 mask->dims[2], image->dims[0], image->dims[1], image->dims[2]);
  return same;
}

static int
print_table (const StmFeatureTable *table, const char *format)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonNode) root = stm_feature_table_to_json (table);
      text = json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  else
    {
      text = stm_feature_table_to_csv (table);
      fputs (text, stdout);
    }
  return 0;
}

int
stm_cli_features (int argc, char **argv)
{
  g_autofree char *image_path = NULL, *mask_path = NULL, *config_path = NULL;
  g_autofree char *format = NULL, *series_id = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &image_path, "DICOM series (folder or file) or NIfTI", "IMG" },
    { "series", 0, 0, G_OPTION_ARG_STRING, &series_id, "Series of IMG (default: the largest)", "ID" },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &mask_path, "Mask on the image's grid (NIfTI)", "MASK" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, "IBSI settings (JSON)", "CFG.json" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv (default) or json", "FORMAT" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("— IBSI imaging biomarkers of a region");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (image_path == NULL || mask_path == NULL || argc > 1)
    return stm_cli_usage (context, "features needs --image and --mask.");
  if (format != NULL && g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0)
    return stm_cli_usage (context, "--format is csv or json.");

  StmRadiomicsConfig config;
  stm_radiomics_config_init (&config);
  if (config_path != NULL && !stm_radiomics_config_load (config_path, &config, &error))
    return stm_cli_fail (error);

  const char *image_paths[] = { image_path, NULL };
  const char *mask_paths[] = { mask_path, NULL };
  g_autoptr(StmVolume) image = stm_cli_load_volume (image_paths, series_id, NULL, &error);
  g_autoptr(StmVolume) mask = image ? stm_cli_load_volume (mask_paths, NULL, NULL, &error) : NULL;
  if (mask == NULL || !check_same_grid (image, mask, &error))
    return stm_cli_fail (error);

  g_autoptr(StmFeatureTable) table = stm_radiomics_extract (image, mask, &config, NULL, &error);
  if (table == NULL)
    return stm_cli_fail (error);
  return print_table (table, format);
}
