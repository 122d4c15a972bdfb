/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stm-dicom-collection.h"
#include "stm-radiomics.h"
#include "stm-series-volume.h"
#include "stm-us-calibration.h"

static gboolean
is_nifti_path (const char *path)
{
  return g_str_has_suffix (path, ".nii") || g_str_has_suffix (path, ".nii.gz");
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

/* ---- --frame: one frame of a DICOM image, calibrated ---------------------- */

static int
compare_instance_number (gconstpointer a, gconstpointer b)
{
  const StmDicomHeader *ha = *(StmDicomHeader * const *) a;
  const StmDicomHeader *hb = *(StmDicomHeader * const *) b;

  return (ha->instance_number > hb->instance_number) - (ha->instance_number < hb->instance_number);
}

/* The instance holding frame @frame (0-based) of @series, frames counted
 * over the instances in InstanceNumber order; @local is the frame in it. */
static const StmDicomHeader *
find_frame (StmSeries *series, guint frame, guint *local, GError **error)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (series->instances->len);
  guint total = stm_series_n_frames (series);

  /* Borrowed headers: the copy must not free them. */
  for (guint i = 0; i < series->instances->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (series->instances, i));
  g_ptr_array_sort (sorted, compare_instance_number);
  for (guint i = 0; i < sorted->len; i++)
    {
      const StmDicomHeader *h = g_ptr_array_index (sorted, i);

      if (frame < h->n_frames)
        {
          *local = frame;
          return h;
        }
      frame -= h->n_frames;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("The image has %u frames: --frame is between 1 and %u."), total, total);
  return NULL;
}

/* Slice @k of @volume as a volume of its own, identity geometry. */
static StmVolume *
take_slice (const StmVolume *volume, gsize k, GError **error)
{
  StmVolume *slice = stm_volume_new (volume->format, volume->dims[0], volume->dims[1], 1,
                                     STM_VOLUME_DEFAULT_MAX_BYTES, error);

  if (slice != NULL)
    memcpy (slice->data, stm_volume_slice_data (volume, k), stm_volume_slice_bytes (volume));
  return slice;
}

/* x0, y0, x1, y1 of the mask's voxels above 0.5; FALSE when there are none. */
static gboolean
mask_bounding_box (const StmVolume *mask, guint box[4])
{
  gboolean any = FALSE;

  box[0] = box[1] = G_MAXUINT;
  box[2] = box[3] = 0;
  for (gsize j = 0; j < mask->dims[1]; j++)
    for (gsize i = 0; i < mask->dims[0]; i++)
      if (stm_volume_grey_at (mask, i, j, 0) > 0.5)
        {
          any = TRUE;
          box[0] = MIN (box[0], (guint) i);
          box[1] = MIN (box[1], (guint) j);
          box[2] = MAX (box[2], (guint) i);
          box[3] = MAX (box[3], (guint) j);
        }
  return any;
}

/* mm per pixel (x, y): the ultrasound region holding the mask, else PixelSpacing. */
static gboolean
frame_spacing_mm (const StmDicomHeader *h, guint local, const StmVolume *mask,
                  double spacing[2], GError **error)
{
  const StmFrameGeometry *fg = h->frames != NULL ? &h->frames[local] : &h->image;
  const StmUsRegion *region;
  guint box[4];

  if (h->us_regions != NULL && h->us_regions->len > 0)
    {
      if (!mask_bounding_box (mask, box))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The mask is empty on this frame: there is no region to measure."));
          return FALSE;
        }
      return stm_us_region_for_box (h, box, &region, error) &&
             stm_us_region_spacing_mm (region, spacing, error);
    }
  if (!fg->has_pixel_spacing)
    fg = &h->image;
  if (!fg->has_pixel_spacing)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The image has neither ultrasound regions nor a pixel spacing: "
                             "its pixels have no size in millimetres."));
      return FALSE;
    }
  /* PixelSpacing is (between rows, between columns). */
  spacing[0] = fg->pixel_spacing[1];
  spacing[1] = fg->pixel_spacing[0];
  return TRUE;
}

/* The mask's slice for frame @frame: it is columns x rows x 1, or x frames. */
static StmVolume *
frame_mask (const char *mask_path, const StmDicomHeader *h, guint frame, guint n_frames,
            GError **error)
{
  const char *paths[] = { mask_path, NULL };
  g_autoptr(StmVolume) mask = stm_cli_load_volume (paths, NULL, NULL, error);

  if (mask == NULL)
    return NULL;
  if (mask->dims[0] != h->columns || mask->dims[1] != h->rows ||
      (mask->dims[2] != 1 && mask->dims[2] != n_frames))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The mask (%zu x %zu x %zu) does not fit the image: it must be %u x %u x 1 "
                     "or %u x %u x %u."), mask->dims[0], mask->dims[1], mask->dims[2],
                   h->columns, h->rows, h->columns, h->rows, n_frames);
      return NULL;
    }
  return take_slice (mask, mask->dims[2] == 1 ? 0 : frame, error);
}

static void
set_plane_geometry (StmVolume *volume, const double spacing[2])
{
  stm_geometry_init_identity (&volume->geometry);
  volume->geometry.spacing[0] = spacing[0];
  volume->geometry.spacing[1] = spacing[1];
  volume->frame_time_ms = 0;
}

/*
 * Frame @frame (0-based) of the DICOM image at @image_path as a one-slice
 * volume, and the matching slice of the mask, both on a grid whose pixel
 * size is the calibration of the ultrasound region holding the mask (or
 * the PixelSpacing): origin 0, identity axes, slice spacing 1 mm.
 */
static gboolean
load_frame_pair (const char *image_path, const char *series_id, const char *mask_path,
                 guint frame, StmVolume **out_image, StmVolume **out_mask, GError **error)
{
  const char *paths[] = { image_path, NULL };
  g_autoptr(StmDicomCollection) collection = stm_dicom_collection_scan (paths, NULL, NULL,
                                                                        NULL, error);
  StmSeries *series = collection ? stm_cli_choose_series (collection, series_id, error) : NULL;
  const StmDicomHeader *h;
  guint local;
  double spacing[2];

  if (series == NULL || (h = find_frame (series, frame, &local, error)) == NULL)
    return FALSE;
  g_autoptr(StmVolume) mask = frame_mask (mask_path, h, frame, stm_series_n_frames (series),
                                          error);
  if (mask == NULL || !frame_spacing_mm (h, local, mask, spacing, error))
    return FALSE;
  g_autoptr(StmVolume) frames = stm_dicom_file_load_frames (h->path, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                            error);
  g_autoptr(StmVolume) image = frames ? take_slice (frames, local, error) : NULL;
  if (image == NULL)
    return FALSE;
  set_plane_geometry (image, spacing);
  set_plane_geometry (mask, spacing);
  *out_image = g_steal_pointer (&image);
  *out_mask = g_steal_pointer (&mask);
  return TRUE;
}

static gboolean
load_volume_pair (const char *image_path, const char *series_id, const char *mask_path,
                  StmVolume **out_image, StmVolume **out_mask, GError **error)
{
  const char *image_paths[] = { image_path, NULL };
  const char *mask_paths[] = { mask_path, NULL };
  g_autoptr(StmVolume) image = stm_cli_load_volume (image_paths, series_id, NULL, error);
  g_autoptr(StmVolume) mask = image ? stm_cli_load_volume (mask_paths, NULL, NULL, error) : NULL;

  if (mask == NULL || !stm_cli_check_same_grid (image, mask, error))
    return FALSE;
  *out_image = g_steal_pointer (&image);
  *out_mask = g_steal_pointer (&mask);
  return TRUE;
}

/* ---- The command -------------------------------------------------------- */

int
stm_cli_features (int argc, char **argv)
{
  g_autofree char *image_path = NULL, *mask_path = NULL, *config_path = NULL;
  g_autofree char *format = NULL, *series_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) image = NULL, mask = NULL;
  int frame = 0;
  const GOptionEntry entries[] = {
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &image_path, N_("DICOM series (folder or file) or NIfTI"), "IMG" },
    { "series", 0, 0, G_OPTION_ARG_STRING, &series_id, N_("Series of IMG (default: the largest)"), "ID" },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &mask_path, N_("Mask on the image's grid (NIfTI)"), "MASK" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path, N_("IBSI settings (JSON)"), "CFG.json" },
    { "frame", 0, 0, G_OPTION_ARG_INT, &frame,
      N_("Only frame N (from 1) of a DICOM image, in 2D, calibrated in mm"), "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv (default) or json"), "FORMAT" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— IBSI imaging biomarkers of a region"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (image_path == NULL || mask_path == NULL || argc > 1)
    return stm_cli_usage (context, _("features needs --image and --mask."));
  if (format != NULL && g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0)
    return stm_cli_usage (context, _("--format is csv or json."));
  if (frame < 0 || (frame > 0 && is_nifti_path (image_path)))
    return stm_cli_usage (context, _("--frame is a frame number, from 1, of a DICOM image."));

  StmRadiomicsConfig config;
  stm_radiomics_config_init (&config);
  if (config_path != NULL && !stm_radiomics_config_load (config_path, &config, &error))
    return stm_cli_fail (error);
  /* One frame is a plane: its features are 2D whatever the configuration says. */
  if (frame > 0)
    config.dimensions = STM_DIMS_2D;

  if (frame > 0 ? !load_frame_pair (image_path, series_id, mask_path, (guint) frame - 1,
                                    &image, &mask, &error)
                : !load_volume_pair (image_path, series_id, mask_path, &image, &mask, &error))
    return stm_cli_fail (error);

  g_autoptr(StmFeatureTable) table = stm_radiomics_extract (image, mask, &config, NULL, &error);
  if (table == NULL)
    return stm_cli_fail (error);
  return print_table (table, format);
}
