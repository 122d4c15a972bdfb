/* SPDX-License-Identifier: GPL-3.0-or-later */
/* StmSliceView: the slice textures, the overlay drawings, snapshot and layout. */
#include "stm-slice-view-private.h"

#include <math.h>

#include "stm-overlay.h"
#include "stm-slice-render.h"

/* Above this many physical pixels per voxel the slice is magnified and its
 * voxels are drawn as crisp blocks; below it GTK's linear filter smooths
 * the minified picture. */
#define MAGNIFIED_PIXELS_PER_VOXEL 1.0
#define ACTIVE_BORDER_WIDTH 2.0
/* Adwaita's accent blue: GTK 4.8 has no accent colour API. */
#define ACTIVE_BORDER_RGBA ((GdkRGBA) { 0.208, 0.518, 0.894, 1.0 })

static void
clear_overlay_nodes (StmSliceView *self)
{
  for (guint p = 0; p < STM_OVERLAY_N_PARTS; p++)
    g_clear_pointer (&self->overlay_nodes[p], gsk_render_node_unref);
}

static void
clear_view_caches (StmSliceView *self)
{
  g_clear_pointer (&self->base_node, gsk_render_node_unref);
  g_clear_object (&self->crisp);
  g_clear_pointer (&self->label_node, gsk_render_node_unref);
  clear_overlay_nodes (self);
}

void
_stm_slice_view_clear_caches (StmSliceView *self)
{
  clear_view_caches (self);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->rgb, g_bytes_unref);
}

/* The slice's pixels changed: slice, window, inversion or volume. The
 * overlays that change with them are invalidated by the caller. */
void
_stm_slice_view_invalidate_image (StmSliceView *self)
{
  g_clear_pointer (&self->base_node, gsk_render_node_unref);
  g_clear_object (&self->crisp);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->rgb, g_bytes_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where the slice lies changed: zoom, pan or size. */
void
_stm_slice_view_invalidate_view (StmSliceView *self)
{
  clear_view_caches (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_stm_slice_view_invalidate_overlays (StmSliceView *self)
{
  clear_overlay_nodes (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_stm_slice_view_invalidate_overlay_part (StmSliceView *self, StmOverlayPart part)
{
  g_clear_pointer (&self->overlay_nodes[part], gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_stm_slice_view_invalidate_labels (StmSliceView *self)
{
  g_clear_pointer (&self->label_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const StmUsRegion *
us_regions (StmSliceView *self, guint *n_regions)
{
  *n_regions = self->us_regions ? self->us_regions->len : 0;
  return *n_regions > 0 ? (const StmUsRegion *) self->us_regions->data : NULL;
}

/* The readout follows the pointer, the slice and the transform; the
 * overlays are redrawn only when its text changes. */
void
_stm_slice_view_update_readout (StmSliceView *self)
{
  g_autofree char *readout = NULL;

  if (self->pointer_inside && self->volume != NULL)
    {
      const StmUsRegion *regions;
      guint n_regions;
      double i, j;

      regions = us_regions (self, &n_regions);
      stm_view_transform_screen_to_voxel (&self->transform, self->pointer_x, self->pointer_y,
                                          &i, &j);
      readout = stm_overlay_readout (self->volume, self->slice, i, j, regions, n_regions);
    }
  if (g_strcmp0 (readout, self->readout) == 0)
    return;
  g_free (self->readout);
  self->readout = g_steal_pointer (&readout);
  _stm_slice_view_invalidate_overlay_part (self, STM_OVERLAY_PART_READOUT);
}

static GdkTexture *
rgb_texture (GBytes *bytes, int width, int height)
{
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, 3 * (gsize) width);
}

/* Lazily, so a W/L drag that moves centre and width many times per frame
 * builds one texture per frame. */
static void
ensure_texture (StmSliceView *self)
{
  const StmVolume *v = self->volume;
  gsize n = v->dims[0] * v->dims[1];

  if (self->texture != NULL)
    return;
  self->rgb = g_bytes_new_take (stm_slice_render_rgb (v, self->slice, self->window, self->invert),
                                3 * n);
  self->texture = rgb_texture (self->rgb, (int) v->dims[0], (int) v->dims[1]);
}

static gboolean
is_magnified (StmSliceView *self, int scale)
{
  double ppm = stm_view_transform_pixels_per_mm (&self->transform);
  double unit = MIN (self->transform.spacing[0], self->transform.spacing[1]);

  return ppm * unit * scale > MAGNIFIED_PIXELS_PER_VOXEL;
}

#if !GTK_CHECK_VERSION (4, 10, 0)
/* GTK 4.8 filters textures linearly, which blurs magnified voxels: the
 * visible part is resampled on the CPU at device resolution instead, and
 * drawn one texture pixel per physical pixel. */
static void
ensure_crisp (StmSliceView *self, int scale)
{
  g_autofree guint8 *pixels = NULL;
  g_autoptr(GBytes) bytes = NULL;
  StmDeviceRect rect;

  if (self->crisp != NULL && self->crisp_scale == scale)
    return;
  g_clear_object (&self->crisp);
  pixels = stm_slice_render_visible (g_bytes_get_data (self->rgb, NULL), &self->transform,
                                     scale, &rect);
  if (pixels == NULL)
    return;
  bytes = g_bytes_new_take (g_steal_pointer (&pixels), 3 * (gsize) rect.width * rect.height);
  self->crisp = rgb_texture (bytes, rect.width, rect.height);
  self->crisp_scale = scale;
  graphene_rect_init (&self->crisp_bounds, (double) rect.x / scale, (double) rect.y / scale,
                      (double) rect.width / scale, (double) rect.height / scale);
}
#endif

static void
append_slice (StmSliceView *self, GtkSnapshot *snapshot)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double r[4];
  graphene_rect_t bounds;

  ensure_texture (self);
  stm_view_transform_image_rect (&self->transform, r);
  graphene_rect_init (&bounds, r[0], r[1], r[2], r[3]);
#if GTK_CHECK_VERSION (4, 10, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_snapshot_append_scaled_texture (snapshot, self->texture,
                                      is_magnified (self, scale) ? GSK_SCALING_FILTER_NEAREST
                                                                 : GSK_SCALING_FILTER_LINEAR,
                                      &bounds);
  G_GNUC_END_IGNORE_DEPRECATIONS
#else
  if (is_magnified (self, scale))
    {
      ensure_crisp (self, scale);
      if (self->crisp != NULL)
        gtk_snapshot_append_texture (snapshot, self->crisp, &self->crisp_bounds);
      return;
    }
  gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
#endif
}

/* Contours are stroked along voxel edges, so a label at the slice's
 * border reaches this far past it. */
#define LABEL_STROKE_SPARE 2.0

/*
 * The label map over the slice's on-screen part only (plus the strokes'
 * spare), so a zoomed-out slice does not cost a view-sized layer.
 */
static GskRenderNode *
label_node (StmSliceView *self)
{
  double r[4], x0, y0, x1, y1;
  GtkSnapshot *snapshot;
  cairo_t *cr;

  stm_view_transform_image_rect (&self->transform, r);
  x0 = MAX (floor (r[0] - LABEL_STROKE_SPARE), 0);
  y0 = MAX (floor (r[1] - LABEL_STROKE_SPARE), 0);
  x1 = MIN (ceil (r[0] + r[2] + LABEL_STROKE_SPARE), self->transform.view_width);
  y1 = MIN (ceil (r[1] + r[3] + LABEL_STROKE_SPARE), self->transform.view_height);
  if (!(x1 > x0) || !(y1 > y0))
    return gsk_container_node_new (NULL, 0);
  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0));
  stm_label_map_draw (self->label_map, cr, self->slice, &self->transform, self->label_opacity);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
init_overlay_info (StmSliceView *self, StmOverlayInfo *info, char **font_name)
{
  PangoFontDescription *font =
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));

  *font_name = font ? pango_font_description_to_string (font) : NULL;
  stm_overlay_info_init (info);
  info->patient = self->patient;
  info->study_date = self->study_date;
  info->series = self->series;
  info->window = self->window;
  info->device_scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  info->us_regions = us_regions (self, &info->n_us_regions);
  info->font = *font_name;
  info->series_slice = self->series_slice;
  info->n_series_slices = self->n_series_slices;
}

/*
 * One overlay part in a cairo node just large enough for it: GTK's cairo
 * renderer then composites a few small surfaces per frame rather than one
 * the size of the view. The readout is its own part, left out of the
 * bottom-left corner, so that a pointer move redraws one line.
 */
static GskRenderNode *
overlay_part_node (StmSliceView *self, StmOverlayPart part)
{
  g_autofree char *font_name = NULL;
  GtkSnapshot *snapshot;
  StmOverlayInfo info;
  cairo_rectangle_int_t e;
  cairo_t *cr;

  init_overlay_info (self, &info, &font_name);
  if (part == STM_OVERLAY_PART_READOUT)
    info.readout = self->readout;
  if (!stm_overlay_part_extents (part, self->volume, self->slice, &self->transform, &info, &e))
    return gsk_container_node_new (NULL, 0);
  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (e.x, e.y, e.width, e.height));
  stm_overlay_draw_part (cr, part, self->volume, self->slice, &self->transform, &info);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
append_overlays (StmSliceView *self, GtkSnapshot *snapshot)
{
  for (StmOverlayPart part = 0; part < STM_OVERLAY_N_PARTS; part++)
    {
      if (self->overlay_nodes[part] == NULL)
        self->overlay_nodes[part] = overlay_part_node (self, part);
      gtk_snapshot_append_node (snapshot, self->overlay_nodes[part]);
    }
}

static void
append_active_border (StmSliceView *self, GtkSnapshot *snapshot)
{
  GskRoundedRect outline;
  const float w = ACTIVE_BORDER_WIDTH;
  const GdkRGBA c = ACTIVE_BORDER_RGBA;

  gsk_rounded_rect_init_from_rect (&outline,
                                   &GRAPHENE_RECT_INIT (0, 0, self->transform.view_width,
                                                        self->transform.view_height), 0);
  gtk_snapshot_append_border (snapshot, &outline, (float[4]) { w, w, w, w },
                              (GdkRGBA[4]) { c, c, c, c });
}

static GskRenderNode *
base_node (StmSliceView *self)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, self->transform.view_width,
                                                  self->transform.view_height));
  if (self->volume != NULL)
    append_slice (self, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

/* A label map from another grid is not drawn rather than misplaced. */
static gboolean
labels_shown (StmSliceView *self)
{
  const StmLabelMap *map = self->label_map;

  return map != NULL && self->show_labels && self->volume != NULL &&
         map->dims[0] == self->volume->dims[0] && map->dims[1] == self->volume->dims[1] &&
         map->dims[2] == self->volume->dims[2];
}

/* Only cached nodes are appended; each is rebuilt when its inputs change. */
static void
stm_slice_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  StmSliceView *self = STM_SLICE_VIEW (widget);

  if (self->transform.view_width > 0 && self->transform.view_height > 0)
    {
      if (self->base_node == NULL)
        self->base_node = base_node (self);
      gtk_snapshot_append_node (snapshot, self->base_node);
    }
  if (self->volume != NULL && self->transform.view_width > 0 && self->transform.view_height > 0)
    {
      if (labels_shown (self))
        {
          if (self->label_node == NULL)
            self->label_node = label_node (self);
          gtk_snapshot_append_node (snapshot, self->label_node);
        }
      if (self->show_overlays)
        append_overlays (self, snapshot);
    }
  if (self->active)
    append_active_border (self, snapshot);
  if (self->layer != NULL)
    gtk_widget_snapshot_child (widget, self->layer, snapshot);
}

static void
stm_slice_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  StmSliceView *self = STM_SLICE_VIEW (widget);

  *minimum = *natural = 0;
  if (self->layer != NULL && gtk_widget_should_layout (self->layer))
    gtk_widget_measure (self->layer, orientation, for_size, minimum, natural, NULL, NULL);
}

static void
stm_slice_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  StmSliceView *self = STM_SLICE_VIEW (widget);

  if (width != self->transform.view_width || height != self->transform.view_height)
    {
      stm_view_transform_set_view_size (&self->transform, width, height);
      _stm_slice_view_transform_changed (self);
    }
  if (self->layer != NULL && gtk_widget_should_layout (self->layer))
    gtk_widget_size_allocate (self->layer, &(GtkAllocation) { 0, 0, width, height }, -1);
}

void
_stm_slice_view_class_init_render (GtkWidgetClass *widget_class)
{
  widget_class->snapshot = stm_slice_view_snapshot;
  widget_class->measure = stm_slice_view_measure;
  widget_class->size_allocate = stm_slice_view_size_allocate;
}
