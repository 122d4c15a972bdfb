/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * stratum-cli render: one slice as a PNG through the viewer's own drawing
 * code, so the file shows what the viewer shows at zoom 1. The view is the
 * slice's millimetre-true size (the smaller spacing one pixel): the image
 * (stm_slice_render_view), the label map (stm_label_map_draw) and the
 * overlays (stm_overlay_draw) all go through one StmViewTransform.
 */
#include "stm-cli.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "stm-dicom-collection.h"
#include "stm-dicom-names.h"
#include "stm-label-map.h"
#include "stm-nifti-label-map.h"
#include "stm-overlay.h"
#include "stm-series-volume.h"
#include "stm-slice-render.h"

/* The viewer's label opacity, as the mask overlay always was. */
#define LABEL_OPACITY (STM_SLICE_MASK_ALPHA_PERCENT / 100.0)

typedef struct
{
  StmVolume *volume;
  StmWindow  window;
  gboolean   has_preset;
  gboolean   invert;
  /* The corner annotations, as the viewer shows them; NULL for NIfTI. */
  char      *patient;
  char      *study_date;
  char      *series;
  GArray    *us_regions;   /* StmUsRegion */
} StmRenderSource;

typedef struct
{
  const char *path;
  const char *series_id;
  int         number;          /* --slice or --frame, from 1; 0 for the middle */
  gboolean    number_is_frame; /* it came from --frame */
  StmWindow   window;
  gboolean    has_window;
  const char *mask_path;
  gboolean    overlays;
  const char *out_path;
} StmRenderOptions;

static void
render_source_clear (StmRenderSource *source)
{
  g_clear_pointer (&source->volume, stm_volume_unref);
  g_clear_pointer (&source->patient, g_free);
  g_clear_pointer (&source->study_date, g_free);
  g_clear_pointer (&source->series, g_free);
  g_clear_pointer (&source->us_regions, g_array_unref);
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
  GArray *presets = stm_series_window_presets (series);

  if (presets != NULL)
    {
      const StmWindowPreset *preset = &g_array_index (presets, StmWindowPreset, 0);

      source->window.center = preset->center;
      source->window.width = MAX (preset->width, 1.0);
      source->has_preset = TRUE;
    }
  if (series->instances->len > 0)
    {
      const StmDicomHeader *h = g_ptr_array_index (series->instances, 0);

      source->invert = g_strcmp0 (h->photometric, "MONOCHROME1") == 0;
    }
}

static void
read_annotations (const StmSeries *series, StmRenderSource *source)
{
  const StmDicomHeader *h;

  if (series->instances->len == 0)
    return;
  h = g_ptr_array_index (series->instances, 0);
  source->patient = stm_dicom_person_name_display (h->patient_name);
  source->study_date = g_strdup (h->study_date);
  source->series = stm_series_display_title (series);
  if (h->us_regions != NULL && h->us_regions->len > 0)
    {
      source->us_regions = g_array_sized_new (FALSE, FALSE, sizeof (StmUsRegion),
                                              h->us_regions->len);
      g_array_append_vals (source->us_regions, h->us_regions->data, h->us_regions->len);
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
  read_annotations (series, source);
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

/* A cine's images are frames in time, a stack's are slices in space, as
 * the overlays call them. */
static gboolean
is_cine (const StmRenderSource *source)
{
  return source->volume->frame_time_ms > 0 ||
         (source->us_regions != NULL && source->us_regions->len > 0);
}

/*
 * 0-based slice from --slice or --frame (1-based), default the middle one.
 * A frame asked of a stack, or a slice of a cine, is refused: it most
 * likely means the wrong series (the default one is the largest).
 */
static gboolean
pick_slice (const StmRenderSource *source, const StmRenderOptions *options, gsize *slice,
            GError **error)
{
  gsize n = source->volume->dims[2];
  int number = options->number;

  if (number > 0 && n > 1 && options->number_is_frame != is_cine (source))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           options->number_is_frame
                           ? _("This series is a stack of slices, not a cine: use --slice "
                               "(or --series to choose the cine).")
                           : _("This series is a cine: use --frame (or --series to choose a "
                               "stack of slices)."));
      return FALSE;
    }
  if (number == 0)
    {
      *slice = n / 2;
      return TRUE;
    }
  if ((gsize) number > n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The image has %zu slices or frames: choose one between 1 and %zu."), n, n);
      return FALSE;
    }
  *slice = (gsize) number - 1;
  return TRUE;
}

/* The view of the whole slice at zoom 1, one pixel per millimetre of the
 * smaller spacing. */
static gboolean
init_transform (const StmVolume *volume, StmViewTransform *t, GError **error)
{
  int width, height;

  if (!stm_slice_render_size (volume, &width, &height))
    {
      g_set_error_literal (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE,
                           _("The slice cannot be drawn: its pixel spacing is invalid or "
                             "the picture would be too large."));
      return FALSE;
    }
  stm_view_transform_init (t, volume->dims[0], volume->dims[1], volume->geometry.spacing);
  stm_view_transform_set_view_size (t, width, height);
  return TRUE;
}

static void
draw_overlays (cairo_t *cr, const StmRenderSource *source, gsize slice, StmWindow window,
               const StmViewTransform *t)
{
  StmOverlayInfo info;

  stm_overlay_info_init (&info);
  info.patient = source->patient;
  info.study_date = source->study_date;
  info.series = source->series;
  info.window = window;
  if (source->us_regions != NULL)
    {
      info.us_regions = (const StmUsRegion *) source->us_regions->data;
      info.n_us_regions = source->us_regions->len;
    }
  stm_overlay_draw (cr, source->volume, slice, t, &info);
}

/* The image, the label map and the overlays, in the viewer's order. */
static cairo_surface_t *
draw_view (const StmRenderSource *source, gsize slice, StmWindow window,
           const StmLabelMap *labels, gboolean overlays, GError **error)
{
  StmViewTransform t;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (!init_transform (source->volume, &t, error) ||
      (surface = stm_slice_render_view (source->volume, slice, window, source->invert,
                                        &t, error)) == NULL)
    return NULL;
  cr = cairo_create (surface);
  if (labels != NULL)
    stm_label_map_draw (labels, cr, slice, &t, LABEL_OPACITY);
  if (overlays)
    draw_overlays (cr, source, slice, window, &t);
  cairo_destroy (cr);
  return surface;
}

static int
render (const StmRenderOptions *options)
{
  g_auto(StmRenderSource) source = { 0 };
  g_autoptr(StmLabelMap) labels = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  gboolean written;
  gsize slice;

  if (!load_source (options->path, options->series_id, &source, &error) ||
      !pick_slice (&source, options, &slice, &error))
    return stm_cli_fail (error);
  if (options->mask_path != NULL &&
      (labels = stm_label_map_read_nifti (options->mask_path, source.volume, &error)) == NULL)
    return stm_cli_fail (error);
  surface = draw_view (&source, slice, options->has_window ? options->window : source.window,
                       labels, options->overlays, &error);
  if (surface == NULL)
    return stm_cli_fail (error);
  written = stm_slice_render_write_png (surface, options->out_path, &error);
  cairo_surface_destroy (surface);
  return written ? 0 : stm_cli_fail (error);
}

int
stm_cli_render (int argc, char **argv)
{
  g_autofree char *out_path = NULL, *series_id = NULL, *window_text = NULL, *mask_path = NULL;
  g_autoptr(GError) error = NULL;
  /* Below any number a user may give: "not given". */
  int slice = G_MININT, frame = G_MININT;
  gboolean no_overlays = FALSE;
  StmRenderOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "series", 0, 0, G_OPTION_ARG_STRING, &series_id, N_("Series to draw (default: the largest)"), "UID" },
    { "slice", 0, 0, G_OPTION_ARG_INT, &slice, N_("Slice N, from 1 (default: the middle one)"), "N" },
    { "frame", 0, 0, G_OPTION_ARG_INT, &frame, N_("Frame F of a cine, from 1"), "F" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window_text,
      N_("Window centre and width, e.g. 40,400 (default: the file's first preset)"), "C,W" },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &mask_path,
      N_("Label map or mask on the image's grid (NIfTI, whole numbers 0 to 255)"), "MASK" },
    { "no-overlays", 0, 0, G_OPTION_ARG_NONE, &no_overlays,
      N_("Only the image (and the mask): no annotations, markers or scale bar"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("PNG to write"), "OUT.png" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("PATH — one slice as a PNG, millimetre-true"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (argc != 2 || out_path == NULL)
    return stm_cli_usage (context, _("render needs one PATH and -o OUT.png."));
  if ((slice != G_MININT && slice < 1) || (frame != G_MININT && frame < 1) ||
      (slice != G_MININT && frame != G_MININT))
    return stm_cli_usage (context, _("--slice or --frame is one number, from 1."));
  if (window_text != NULL && !parse_window (window_text, &options.window))
    return stm_cli_usage (context, _("--window is CENTRE,WIDTH with a width of at least 1, "
                                     "e.g. 40,400."));
  options.path = argv[1];
  options.series_id = series_id;
  options.number = MAX (MAX (slice, frame), 0);
  options.number_is_frame = frame != G_MININT;
  options.has_window = window_text != NULL;
  options.mask_path = mask_path;
  options.overlays = !no_overlays;
  options.out_path = out_path;
  return render (&options);
}
