/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-slice-view-private.h"

#include <math.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (StmSliceView, stm_slice_view, GTK_TYPE_WIDGET)

GParamSpec *_stm_slice_view_properties[N_PROPS];
#define properties _stm_slice_view_properties

enum {
  SIGNAL_VIEW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Every change of the mapping goes through here: caches that depend on
 * it go, and the measurement layer hears of it. */
void
_stm_slice_view_transform_changed (StmSliceView *self)
{
  _stm_slice_view_invalidate_view (self);
  _stm_slice_view_update_readout (self);
  if (self->transform.zoom != self->notified_zoom)
    {
      self->notified_zoom = self->transform.zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  g_signal_emit (self, signals[SIGNAL_VIEW_CHANGED], 0);
}

static void
free_preset (gpointer data)
{
  StmWindowPreset *preset = data;

  g_free (preset->explanation);
}

static void
stm_slice_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StmSliceView *self = STM_SLICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VOLUME: g_value_set_boxed (value, self->volume); break;
    case PROP_N_SLICES: g_value_set_uint (value, stm_slice_view_get_n_slices (self)); break;
    case PROP_SLICE: g_value_set_uint (value, self->slice); break;
    case PROP_WINDOW_CENTER: g_value_set_double (value, self->window.center); break;
    case PROP_WINDOW_WIDTH: g_value_set_double (value, self->window.width); break;
    case PROP_INVERT: g_value_set_boolean (value, self->invert); break;
    case PROP_SHOW_OVERLAYS: g_value_set_boolean (value, self->show_overlays); break;
    case PROP_ZOOM: g_value_set_double (value, self->transform.zoom); break;
    case PROP_LABEL_MAP: g_value_set_boxed (value, self->label_map); break;
    case PROP_LABEL_OPACITY: g_value_set_double (value, self->label_opacity); break;
    case PROP_SHOW_LABELS: g_value_set_boolean (value, self->show_labels); break;
    case PROP_PLAYING: g_value_set_boolean (value, self->playing); break;
    case PROP_LOOP: g_value_set_boolean (value, self->loop); break;
    case PROP_ACTIVE: g_value_set_boolean (value, self->active); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_zoom (StmSliceView *self, double zoom)
{
  if (zoom > 0 && self->transform.zoom > 0)
    stm_slice_view_zoom_at (self, zoom / self->transform.zoom,
                            self->transform.view_width / 2, self->transform.view_height / 2);
}

static void
stm_slice_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  StmSliceView *self = STM_SLICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VOLUME: stm_slice_view_set_volume (self, g_value_get_boxed (value)); break;
    case PROP_SLICE: stm_slice_view_set_slice (self, g_value_get_uint (value)); break;
    case PROP_WINDOW_CENTER:
      stm_slice_view_set_window (self, g_value_get_double (value), self->window.width);
      break;
    case PROP_WINDOW_WIDTH:
      stm_slice_view_set_window (self, self->window.center, g_value_get_double (value));
      break;
    case PROP_INVERT: stm_slice_view_set_invert (self, g_value_get_boolean (value)); break;
    case PROP_SHOW_OVERLAYS:
      stm_slice_view_set_show_overlays (self, g_value_get_boolean (value));
      break;
    case PROP_ZOOM: set_zoom (self, g_value_get_double (value)); break;
    case PROP_LABEL_MAP: stm_slice_view_set_label_map (self, g_value_get_boxed (value)); break;
    case PROP_LABEL_OPACITY:
      stm_slice_view_set_label_opacity (self, g_value_get_double (value));
      break;
    case PROP_SHOW_LABELS: stm_slice_view_set_show_labels (self, g_value_get_boolean (value)); break;
    case PROP_PLAYING: stm_slice_view_set_playing (self, g_value_get_boolean (value)); break;
    case PROP_LOOP: stm_slice_view_set_loop (self, g_value_get_boolean (value)); break;
    case PROP_ACTIVE: stm_slice_view_set_active (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_slice_view_dispose (GObject *object)
{
  StmSliceView *self = STM_SLICE_VIEW (object);

  _stm_slice_view_cine_stop (self);
  g_clear_pointer (&self->layer, gtk_widget_unparent);
  G_OBJECT_CLASS (stm_slice_view_parent_class)->dispose (object);
}

static void
stm_slice_view_finalize (GObject *object)
{
  StmSliceView *self = STM_SLICE_VIEW (object);

  _stm_slice_view_clear_caches (self);
  g_clear_pointer (&self->volume, stm_volume_unref);
  g_clear_pointer (&self->label_map, stm_label_map_unref);
  g_clear_pointer (&self->us_regions, g_array_unref);
  g_clear_pointer (&self->file_presets, g_array_unref);
  g_free (self->patient);
  g_free (self->study_date);
  g_free (self->series);
  g_free (self->readout);
  G_OBJECT_CLASS (stm_slice_view_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_VOLUME] =
    g_param_spec_boxed ("volume", NULL, NULL, STM_TYPE_VOLUME, rw);
  properties[PROP_N_SLICES] =
    g_param_spec_uint ("n-slices", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLICE] =
    g_param_spec_uint ("slice", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_WINDOW_CENTER] =
    g_param_spec_double ("window-center", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 127.5, rw);
  properties[PROP_WINDOW_WIDTH] =
    g_param_spec_double ("window-width", NULL, NULL, 1.0, G_MAXDOUBLE, 256.0, rw);
  properties[PROP_INVERT] =
    g_param_spec_boolean ("invert", NULL, NULL, FALSE, rw);
  properties[PROP_SHOW_OVERLAYS] =
    g_param_spec_boolean ("show-overlays", NULL, NULL, TRUE, rw);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, STM_VIEW_ZOOM_MIN, STM_VIEW_ZOOM_MAX, 1.0, rw);
  properties[PROP_LABEL_MAP] =
    g_param_spec_boxed ("label-map", NULL, NULL, STM_TYPE_LABEL_MAP, rw);
  properties[PROP_LABEL_OPACITY] =
    g_param_spec_double ("label-opacity", NULL, NULL, 0.0, 1.0, 0.35, rw);
  properties[PROP_SHOW_LABELS] =
    g_param_spec_boolean ("show-labels", NULL, NULL, TRUE, rw);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_LOOP] =
    g_param_spec_boolean ("loop", NULL, NULL, TRUE, rw);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stm_slice_view_class_init (StmSliceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stm_slice_view_get_property;
  object_class->set_property = stm_slice_view_set_property;
  object_class->dispose = stm_slice_view_dispose;
  object_class->finalize = stm_slice_view_finalize;
  install_properties (object_class);

  signals[SIGNAL_VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  _stm_slice_view_class_init_render (widget_class);
  _stm_slice_view_class_init_input (widget_class);
  gtk_widget_class_set_css_name (widget_class, "sliceview");
}

static void
stm_slice_view_init (StmSliceView *self)
{
  static const double unit[2] = { 1, 1 };

  self->window = (StmWindow) { 127.5, 256.0 };
  self->default_window = self->window;
  self->show_overlays = TRUE;
  self->label_opacity = 0.35;
  self->show_labels = TRUE;
  self->loop = TRUE;
  stm_view_transform_init (&self->transform, 0, 0, unit);
  self->notified_zoom = self->transform.zoom;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  _stm_slice_view_init_input (self);
  _stm_slice_view_update_actions (self);
}

GtkWidget *
stm_slice_view_new (void)
{
  return g_object_new (STM_TYPE_SLICE_VIEW, NULL);
}

StmVolume *
stm_slice_view_get_volume (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), NULL);
  return self->volume;
}

static void
volume_spacing (const StmVolume *volume, double spacing[2])
{
  for (int a = 0; a < 2; a++)
    spacing[a] = volume->geometry.spacing[a] > 0 ? volume->geometry.spacing[a] : 1.0;
}

/* A one-slice preview replaced by its full series keeps the reader's
 * zoom and pan; any other picture starts fitted. */
static void
reset_transform_for (StmSliceView *self, const StmVolume *volume)
{
  StmViewTransform *t = &self->transform;
  double width = t->view_width, height = t->view_height, spacing[2] = { 1, 1 };

  if (volume != NULL)
    volume_spacing (volume, spacing);
  if (volume != NULL && t->nx == volume->dims[0] && t->ny == volume->dims[1] &&
      fabs (t->spacing[0] - spacing[0]) < 1e-6 && fabs (t->spacing[1] - spacing[1]) < 1e-6)
    return;
  stm_view_transform_init (t, volume ? volume->dims[0] : 0, volume ? volume->dims[1] : 0, spacing);
  stm_view_transform_set_view_size (t, width, height);
}

void
stm_slice_view_set_volume (StmSliceView *self, StmVolume *volume)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  if (volume == self->volume)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  reset_transform_for (self, volume);
  g_clear_pointer (&self->volume, stm_volume_unref);
  self->volume = volume ? stm_volume_ref (volume) : NULL;
  self->series_slice = self->n_series_slices = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SLICES]);
  if (stm_slice_view_get_n_slices (self) < 2)
    stm_slice_view_set_playing (self, FALSE);
  /* Clamped here rather than through set_slice, so "view-changed" is
   * emitted once for the whole change. */
  if (self->slice >= stm_slice_view_get_n_slices (self) && self->slice > 0)
    {
      self->slice = MAX (stm_slice_view_get_n_slices (self), 1) - 1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLICE]);
    }
  _stm_slice_view_invalidate_image (self);
  _stm_slice_view_invalidate_labels (self);
  _stm_slice_view_invalidate_overlays (self);
  _stm_slice_view_transform_changed (self);
  _stm_slice_view_update_actions (self);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
stm_slice_view_get_n_slices (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 0);
  return self->volume ? (guint) self->volume->dims[2] : 0;
}

guint
stm_slice_view_get_slice (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 0);
  return self->slice;
}

/* The cine's own steps come here directly; a slice chosen by the user
 * restarts the cine's clock from it. */
void
_stm_slice_view_set_slice_internal (StmSliceView *self, guint slice)
{
  guint n = stm_slice_view_get_n_slices (self);

  slice = n > 0 ? MIN (slice, n - 1) : 0;
  if (slice == self->slice)
    return;
  self->slice = slice;
  _stm_slice_view_invalidate_image (self);
  _stm_slice_view_invalidate_labels (self);
  /* Only the image number and position change with the slice. */
  _stm_slice_view_invalidate_overlay_part (self, STM_OVERLAY_PART_TOP_RIGHT);
  _stm_slice_view_update_readout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLICE]);
  g_signal_emit (self, signals[SIGNAL_VIEW_CHANGED], 0);
}

/* Clamped to the volume's slices. */
void
stm_slice_view_set_slice (StmSliceView *self, guint slice)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  self->cine_anchor_time = 0;
  _stm_slice_view_set_slice_internal (self, slice);
}

double
stm_slice_view_get_window_center (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 0);
  return self->window.center;
}

double
stm_slice_view_get_window_width (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 1);
  return self->window.width;
}

void
stm_slice_view_set_window (StmSliceView *self, double center, double width)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  g_return_if_fail (isfinite (center) && isfinite (width));

  width = MAX (width, 1.0);
  if (center == self->window.center && width == self->window.width)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (center != self->window.center)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_CENTER]);
  if (width != self->window.width)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_WIDTH]);
  self->window = (StmWindow) { center, width };
  _stm_slice_view_invalidate_image (self);
  _stm_slice_view_invalidate_overlay_part (self, STM_OVERLAY_PART_BOTTOM_LEFT);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
stm_slice_view_get_invert (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->invert;
}

void
stm_slice_view_set_invert (StmSliceView *self, gboolean invert)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  invert = !!invert;
  if (invert == self->invert)
    return;
  self->invert = invert;
  _stm_slice_view_invalidate_image (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVERT]);
}

void
stm_slice_view_set_default_display (StmSliceView *self, StmWindow window, gboolean invert)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  self->default_window = (StmWindow) { window.center, MAX (window.width, 1.0) };
  self->default_invert = !!invert;
}

void
stm_slice_view_set_file_presets (StmSliceView          *self,
                                 const StmWindowPreset *presets,
                                 guint                  n_presets)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  g_return_if_fail (presets != NULL || n_presets == 0);

  g_clear_pointer (&self->file_presets, g_array_unref);
  self->file_presets = g_array_sized_new (FALSE, FALSE, sizeof (StmWindowPreset), n_presets);
  g_array_set_clear_func (self->file_presets, free_preset);
  for (guint p = 0; p < n_presets; p++)
    {
      StmWindowPreset copy = presets[p];

      copy.explanation = g_strdup (presets[p].explanation);
      g_array_append_val (self->file_presets, copy);
    }
}

const StmWindowPreset *
stm_slice_view_get_file_presets (StmSliceView *self, guint *n_presets)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), NULL);

  *n_presets = self->file_presets ? self->file_presets->len : 0;
  return *n_presets > 0 ? (const StmWindowPreset *) self->file_presets->data : NULL;
}

gboolean
stm_slice_view_apply_preset (StmSliceView *self, const char *id)
{
  const StmWindowPresetInfo *info;

  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (strcmp (id, "default") == 0)
    {
      stm_slice_view_set_window (self, self->default_window.center, self->default_window.width);
      return TRUE;
    }
  if (g_str_has_prefix (id, "file-"))
    {
      char *end = NULL;
      guint64 n = g_ascii_strtoull (id + 5, &end, 10);
      const StmWindowPreset *preset;

      if (end == id + 5 || *end != '\0' || self->file_presets == NULL ||
          n >= self->file_presets->len)
        return FALSE;
      preset = &g_array_index (self->file_presets, StmWindowPreset, n);
      stm_slice_view_set_window (self, preset->center, preset->width);
      return TRUE;
    }
  info = stm_window_ct_preset_find (id);
  if (info == NULL)
    return FALSE;
  stm_slice_view_set_window (self, info->window.center, info->window.width);
  return TRUE;
}

void
stm_slice_view_reset (StmSliceView *self)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  stm_slice_view_fit (self);
  stm_slice_view_set_window (self, self->default_window.center, self->default_window.width);
  stm_slice_view_set_invert (self, self->default_invert);
}

double
stm_slice_view_get_zoom (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 1.0);
  return self->transform.zoom;
}

void
stm_slice_view_zoom_at (StmSliceView *self, double factor, double x, double y)
{
  StmViewTransform before;

  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  before = self->transform;
  stm_view_transform_zoom_at (&self->transform, factor, x, y);
  if (memcmp (&before, &self->transform, sizeof before) != 0)
    _stm_slice_view_transform_changed (self);
}

void
stm_slice_view_fit (StmSliceView *self)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  if (self->transform.zoom == 1.0 && self->transform.pan_x == 0 && self->transform.pan_y == 0)
    return;
  stm_view_transform_fit (&self->transform);
  _stm_slice_view_transform_changed (self);
}

void
stm_slice_view_one_to_one (StmSliceView *self)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  stm_view_transform_one_to_one (&self->transform,
                                 gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                 self->transform.view_width / 2,
                                 self->transform.view_height / 2);
  _stm_slice_view_transform_changed (self);
}

void
stm_slice_view_pan (StmSliceView *self, double dx, double dy)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  if (dx == 0 && dy == 0)
    return;
  stm_view_transform_pan (&self->transform, dx, dy);
  _stm_slice_view_transform_changed (self);
}

const StmViewTransform *
stm_slice_view_get_transform (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), NULL);
  return &self->transform;
}

gboolean
stm_slice_view_screen_to_voxel (StmSliceView *self, double x, double y, double *i, double *j)
{
  const StmViewTransform *t;

  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);

  t = &self->transform;
  stm_view_transform_screen_to_voxel (t, x, y, i, j);
  return t->nx > 0 && *i >= -0.5 && *j >= -0.5 && *i < t->nx - 0.5 && *j < t->ny - 0.5;
}

void
stm_slice_view_voxel_to_screen (StmSliceView *self, double i, double j, double *x, double *y)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  stm_view_transform_voxel_to_screen (&self->transform, i, j, x, y);
}

static void
replace_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
stm_slice_view_set_info (StmSliceView *self,
                         const char   *patient,
                         const char   *study_date,
                         const char   *series)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  replace_string (&self->patient, patient);
  replace_string (&self->study_date, study_date);
  replace_string (&self->series, series);
  _stm_slice_view_invalidate_overlays (self);
}

void
stm_slice_view_set_series_position (StmSliceView *self, guint index, guint n)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  g_return_if_fail (n == 0 || index < n);

  self->series_slice = index;
  self->n_series_slices = n;
  _stm_slice_view_invalidate_overlay_part (self, STM_OVERLAY_PART_TOP_RIGHT);
}

void
stm_slice_view_set_us_regions (StmSliceView      *self,
                               const StmUsRegion *regions,
                               guint              n_regions)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  g_return_if_fail (regions != NULL || n_regions == 0);

  g_clear_pointer (&self->us_regions, g_array_unref);
  if (n_regions > 0)
    {
      self->us_regions = g_array_sized_new (FALSE, FALSE, sizeof (StmUsRegion), n_regions);
      g_array_append_vals (self->us_regions, regions, n_regions);
    }
  _stm_slice_view_update_readout (self);
  _stm_slice_view_invalidate_overlays (self);
}

gboolean
stm_slice_view_get_show_overlays (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->show_overlays;
}

/* Annotations, markers, scale bar and readout; the slice texture is kept. */
void
stm_slice_view_set_show_overlays (StmSliceView *self, gboolean show_overlays)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  show_overlays = !!show_overlays;
  if (show_overlays == self->show_overlays)
    return;
  self->show_overlays = show_overlays;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_OVERLAYS]);
}

StmLabelMap *
stm_slice_view_get_label_map (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), NULL);
  return self->label_map;
}

void
stm_slice_view_set_label_map (StmSliceView *self, StmLabelMap *map)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  if (map == self->label_map)
    return;
  g_clear_pointer (&self->label_map, stm_label_map_unref);
  self->label_map = map ? stm_label_map_ref (map) : NULL;
  _stm_slice_view_invalidate_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL_MAP]);
}

double
stm_slice_view_get_label_opacity (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), 0);
  return self->label_opacity;
}

void
stm_slice_view_set_label_opacity (StmSliceView *self, double opacity)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  opacity = CLAMP (opacity, 0.0, 1.0);
  if (opacity == self->label_opacity)
    return;
  self->label_opacity = opacity;
  _stm_slice_view_invalidate_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL_OPACITY]);
}

gboolean
stm_slice_view_get_show_labels (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->show_labels;
}

void
stm_slice_view_set_show_labels (StmSliceView *self, gboolean show_labels)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  show_labels = !!show_labels;
  if (show_labels == self->show_labels)
    return;
  self->show_labels = show_labels;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LABELS]);
}

void
stm_slice_view_label_map_changed (StmSliceView *self)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  _stm_slice_view_invalidate_labels (self);
}

gboolean
stm_slice_view_get_playing (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->playing;
}

/* Playing needs at least two frames. */
void
stm_slice_view_set_playing (StmSliceView *self, gboolean playing)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  playing = playing && stm_slice_view_get_n_slices (self) > 1;
  if (playing == self->playing)
    return;
  self->playing = playing;
  if (playing)
    _stm_slice_view_cine_start (self);
  else
    _stm_slice_view_cine_stop (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
stm_slice_view_get_loop (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->loop;
}

void
stm_slice_view_set_loop (StmSliceView *self, gboolean loop)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  loop = !!loop;
  if (loop == self->loop)
    return;
  self->loop = loop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP]);
}

gboolean
stm_slice_view_get_active (StmSliceView *self)
{
  g_return_val_if_fail (STM_IS_SLICE_VIEW (self), FALSE);
  return self->active;
}

void
stm_slice_view_set_active (StmSliceView *self, gboolean active)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));

  active = !!active;
  if (active == self->active)
    return;
  self->active = active;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/* The layer is a real child: it is picked first, and the events it does
 * not claim bubble up to the view. */
void
stm_slice_view_set_layer (StmSliceView *self, GtkWidget *layer)
{
  g_return_if_fail (STM_IS_SLICE_VIEW (self));
  g_return_if_fail (layer == NULL || GTK_IS_WIDGET (layer));

  if (layer == self->layer)
    return;
  g_clear_pointer (&self->layer, gtk_widget_unparent);
  if (layer != NULL)
    {
      self->layer = layer;
      gtk_widget_set_parent (layer, GTK_WIDGET (self));
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
