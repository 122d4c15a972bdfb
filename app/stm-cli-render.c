/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <math.h>
#include <string.h>

#include "stm-dicom-collection.h"
#include "stm-series-volume.h"
#include "stm-slice-render.h"

typedef struct
{
  StmVolume *volume;
  StmWindow  window;
  gboolean   has_preset;
  gboolean   invert;
} StmRenderSource;

static void
render_source_clear (StmRenderSource *source)
{
  g_clear_pointer (&source->volume, stm_volume_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StmRenderSource, render_source_clear)

/* "C,W" with W >= 1, as in --window 40,400. */
static gboolean
parse_window (const char *text, StmWindow *window)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  char *end;

  if (g_strv_length (parts) != 2)
    return FALSE;
  window->center = g_ascii_strtod (parts[0], &end);
  if (end == parts[0] || *end != '\0' || !isfinite (window->center))
    return FALSE;
  window->width = g_ascii_strtod (parts[1], &end);
  return end != parts[1] && *end == '\0' && isfinite (window->width) && window->width >= 1;
}

/* The first window preset of the series, and MONOCHROME1: both live in the
 * headers, which stm_cli_load_volume() does not hand back, so a DICOM
 * series is scanned and loaded here. */
static void
read_display_attributes (const StmSeries *series, StmRenderSource *source)
{
  for (guint i = 0; i < series->instances->len && !source->has_preset; i++)
    {
      const StmDicomHeader *h = g_ptr_array_index (series->instances, i);

      if (h->windows != NULL && h->windows->len > 0)
        {
          const StmWindowPreset *preset = &g_array_index (h->windows, StmWindowPreset, 0);

          source->window.center = preset->center;
          source->window.width = MAX (preset->width, 1.0);
          source->has_preset = TRUE;
        }
    }
  if (series->instances->len > 0)
    {
      const StmDicomHeader *h = g_ptr_array_index (series->instances, 0);

      source->invert = g_strcmp0 (h->photometric, "MONOCHROME1") == 0;
    }
}

static gboolean
load_dicom (const char *path, const char *series_id, StmRenderSource *source, GError **error)
{
  const char *paths[] = { path, NULL };
  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan (paths, NULL, NULL, NULL, error);
  StmSeries *series = collection ? stm_cli_choose_series (collection, series_id, error) : NULL;

  if (series == NULL)
    return FALSE;
  source->volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                           NULL, NULL, NULL, error);
  if (source->volume == NULL)
    return FALSE;
  read_display_attributes (series, source);
  return TRUE;
}

static gboolean
load_source (const char *path, const char *series_id, StmRenderSource *source, GError **error)
{
  const char *paths[] = { path, NULL };

  if (g_str_has_suffix (path, ".nii") || g_str_has_suffix (path, ".nii.gz"))
    source->volume = stm_cli_load_volume (paths, NULL, NULL, error);
  else if (!load_dicom (path, series_id, source, error))
    return FALSE;
  if (source->volume != NULL && !source->has_preset)
    source->window = stm_window_default (source->volume);
  return source->volume != NULL;
}

static StmVolume *
load_mask (const char *path, const StmVolume *image, GError **error)
{
  const char *paths[] = { path, NULL };
  g_autoptr(StmVolume) mask = stm_cli_load_volume (paths, NULL, NULL, error);

  if (mask == NULL || !stm_cli_check_same_grid (image, mask, error))
    return NULL;
  return g_steal_pointer (&mask);
}

/* 0-based slice from --slice or --frame (1-based), default the middle one. */
static gboolean
pick_slice (const StmVolume *volume, int number, gsize *slice, GError **error)
{
  gsize n = volume->dims[2];

  if (number == 0)
    {
      *slice = n / 2;
      return TRUE;
    }
  if ((gsize) number > n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The image has %zu slices or frames: choose one between 1 and %zu.", n, n);
      return FALSE;
    }
  *slice = (gsize) number - 1;
  return TRUE;
}

static int
render (const char *path, const char *series_id, int number, const StmWindow *window,
        const char *mask_path, const char *out_path)
{
  g_auto(StmRenderSource) source = { 0 };
  g_autoptr(StmVolume) mask = NULL;
  g_autoptr(GError) error = NULL;
  gsize slice;

  if (!load_source (path, series_id, &source, &error) ||
      !pick_slice (source.volume, number, &slice, &error) ||
      (mask_path != NULL && (mask = load_mask (mask_path, source.volume, &error)) == NULL))
    return stm_cli_fail (error);
  if (!stm_slice_render_to_png (source.volume, slice, window ? *window : source.window,
                                source.invert, mask, out_path, &error))
    return stm_cli_fail (error);
  return 0;
}

int
stm_cli_render (int argc, char **argv)
{
  g_autofree char *out_path = NULL, *series_id = NULL, *window_text = NULL, *mask_path = NULL;
  g_autoptr(GError) error = NULL;
  int slice = 0, frame = 0;
  StmWindow window;
  const GOptionEntry entries[] = {
    { "series", 0, 0, G_OPTION_ARG_STRING, &series_id, "Series to draw (default: the largest)", "UID" },
    { "slice", 0, 0, G_OPTION_ARG_INT, &slice, "Slice N, from 1 (default: the middle one)", "N" },
    { "frame", 0, 0, G_OPTION_ARG_INT, &frame, "Frame F of a cine, from 1", "F" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window_text,
      "Window centre and width, e.g. 40,400 (default: the file's first preset)", "C,W" },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &mask_path, "Mask on the image's grid (NIfTI)", "MASK" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "PNG to write", "OUT.png" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("PATH — one slice as a PNG, millimetre-true");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (argc != 2 || out_path == NULL)
    return stm_cli_usage (context, "render needs one PATH and -o OUT.png.");
  if (slice < 0 || frame < 0 || (slice > 0 && frame > 0))
    return stm_cli_usage (context, "--slice or --frame is one number, from 1.");
  if (window_text != NULL && !parse_window (window_text, &window))
    return stm_cli_usage (context, "--window is CENTRE,WIDTH with a width of at least 1, "
                                   "e.g. 40,400.");
  return render (argv[1], series_id, MAX (slice, frame), window_text ? &window : NULL,
                 mask_path, out_path);
}
