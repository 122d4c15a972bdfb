/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-label-map.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>


G_DEFINE_QUARK (stm-label-map-error-quark, stm_label_map_error)
G_DEFINE_BOXED_TYPE (StmLabelMap, stm_label_map, stm_label_map_ref, stm_label_map_unref)

/*
 * Default label colours: ITK-SNAP's default label colour list (the X11
 * named colours in Logic/Common/ColorLabelTable.cxx, label 1 red, 2 green,
 * 3 blue...), in its order, without its near-white entries (papaya whip,
 * misty rose, snow, blanched almond, bisque, peach puff), which vanish
 * against bone and contrast on CT. Label N takes entry (N - 1) modulo the
 * length, so a label keeps its colour whatever other labels are present.
 */
static const guint32 default_colours[] = {
  0xff0000, 0x00ff00, 0x0000ff, 0xffff00, 0x00ffff, 0xff00ff,
  0x0000cd, 0xcd853f, 0xd2b48c, 0x66cdaa, 0x000080, 0x008b8b,
  0x2e8b57, 0x6a5acd, 0xdda0dd, 0xe9967a, 0xa52a2a, 0x9370db,
  0xda70d6, 0x4b0082, 0xffb6c1, 0x3cb371, 0xdaa520, 0x008080,
  0xbc8f8f, 0xff69b4, 0xdeb887, 0x7fff00, 0x8b4513,
};

static guint32
default_colour (guint8 value)
{
  return default_colours[(value - 1u) % G_N_ELEMENTS (default_colours)];
}

static void
label_clear (gpointer data)
{
  StmLabel *label = data;

  g_clear_pointer (&label->name, g_free);
}

/* A map of @dims voxels, all 0, with no labels. */
static StmLabelMap *
label_map_alloc (const gsize dims[3], const StmGeometry *geometry, GError **error)
{
  gsize plane, voxels;
  guint8 *data;

  if (dims[0] == 0 || dims[1] == 0 || dims[2] == 0)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_INVALID,
                   _("The label map would have no voxels (%zu x %zu x %zu)."),
                   dims[0], dims[1], dims[2]);
      return NULL;
    }
  if (!g_size_checked_mul (&plane, dims[0], dims[1]) ||
      !g_size_checked_mul (&voxels, plane, dims[2]) ||
      (data = g_try_malloc0 (voxels)) == NULL)
    {
      g_set_error (error, STM_VOLUME_ERROR, STM_VOLUME_ERROR_TOO_LARGE,
                   _("There is not enough memory for a label map of %zu x %zu x %zu voxels."),
                   dims[0], dims[1], dims[2]);
      return NULL;
    }

  StmLabelMap *map = g_new0 (StmLabelMap, 1);
  map->ref_count = 1;
  memcpy (map->dims, dims, sizeof map->dims);
  map->geometry = *geometry;
  map->data = data;
  map->labels = g_array_new (FALSE, TRUE, sizeof (StmLabel));
  g_array_set_clear_func (map->labels, label_clear);
  return map;
}

StmLabelMap *
stm_label_map_new (const StmVolume *image,
                   GError         **error)
{
  g_return_val_if_fail (image != NULL, NULL);

  return label_map_alloc (image->dims, &image->geometry, error);
}

static gboolean
is_label_value (float v)
{
  return isfinite (v) && v >= 0.0f && v <= 255.0f && v == floorf (v);
}

/* Copies the labels into @map, marking which values occur in @present. */
static gboolean
copy_label_values (StmLabelMap *map, const float *values, gsize n, gboolean present[256],
                   GError **error)
{
  for (gsize v = 0; v < n; v++)
    {
      if (!is_label_value (values[v]))
        {
          gsize i = v % map->dims[0], j = (v / map->dims[0]) % map->dims[1];
          gsize k = v / map->dims[0] / map->dims[1];

          g_set_error (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_VALUES,
                       _("The label image holds %g at voxel (%zu, %zu, %zu); labels must be "
                         "whole numbers from 0 to 255."),
                       (double) values[v], i, j, k);
          return FALSE;
        }
      map->data[v] = (guint8) values[v];
      present[map->data[v]] = TRUE;
    }
  return TRUE;
}

StmLabelMap *
stm_label_map_new_from_volume (const StmVolume *labels,
                               GError         **error)
{
  gboolean present[256] = { FALSE };

  g_return_val_if_fail (labels != NULL, NULL);

  if (labels->format != STM_VOXEL_FLOAT32)
    {
      g_set_error_literal (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_VALUES,
                           _("The label image is in colour; labels must be whole numbers "
                             "from 0 to 255."));
      return NULL;
    }

  g_autoptr(StmLabelMap) map = label_map_alloc (labels->dims, &labels->geometry, error);
  if (map == NULL)
    return NULL;
  /* label_map_alloc() checked that the voxel count does not overflow. */
  if (!copy_label_values (map, stm_volume_float_data (labels),
                          labels->dims[0] * labels->dims[1] * labels->dims[2], present, error))
    return NULL;

  for (guint value = 1; value < 256; value++)
    if (present[value])
      {
        g_autofree char *name = g_strdup_printf (_("Label %u"), value);

        stm_label_map_set_label (map, (guint8) value, name, default_colour ((guint8) value));
      }
  return g_steal_pointer (&map);
}

StmLabelMap *
stm_label_map_ref (StmLabelMap *map)
{
  g_return_val_if_fail (map != NULL, NULL);

  g_atomic_int_inc (&map->ref_count);
  return map;
}

void
stm_label_map_unref (StmLabelMap *map)
{
  g_return_if_fail (map != NULL);

  if (!g_atomic_int_dec_and_test (&map->ref_count))
    return;
  g_free (map->data);
  g_array_unref (map->labels);
  g_free (map);
}

/* Index of label @value in map->labels, or of where it would go. */
static guint
label_index (const StmLabelMap *map, guint8 value)
{
  guint i = 0;

  while (i < map->labels->len && g_array_index (map->labels, StmLabel, i).value < value)
    i++;
  return i;
}

const StmLabel *
stm_label_map_find_label (const StmLabelMap *map,
                          guint8             value)
{
  g_return_val_if_fail (map != NULL, NULL);

  guint i = label_index (map, value);
  if (i < map->labels->len && g_array_index (map->labels, StmLabel, i).value == value)
    return &g_array_index (map->labels, StmLabel, i);
  return NULL;
}

void
stm_label_map_set_label (StmLabelMap *map,
                         guint8       value,
                         const char  *name,
                         guint32      rgb)
{
  g_return_if_fail (map != NULL);
  g_return_if_fail (value != 0);
  g_return_if_fail (name != NULL);

  guint i = label_index (map, value);
  if (i == map->labels->len || g_array_index (map->labels, StmLabel, i).value != value)
    {
      StmLabel label = { .value = value, .name = NULL, .visible = TRUE };

      g_array_insert_val (map->labels, i, label);
    }

  StmLabel *label = &g_array_index (map->labels, StmLabel, i);
  char *copy = g_strdup (name);   /* @name may be label->name itself */
  g_free (label->name);
  label->name = copy;
  label->rgb = rgb & 0xffffff;
}

void
stm_label_map_set_visible (StmLabelMap *map,
                           guint8       value,
                           gboolean     visible)
{
  g_return_if_fail (map != NULL);

  StmLabel *label = (StmLabel *) stm_label_map_find_label (map, value);
  if (label != NULL)
    label->visible = !!visible;
}

const guint8 *
stm_label_map_slice (const StmLabelMap *map,
                     gsize              k)
{
  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (k < map->dims[2], NULL);

  return map->data + k * map->dims[0] * map->dims[1];
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */
/* ------------------------------------------------------------------ */

/*
 * The fill is documented as cairo's OVER of a premultiplied colour: with
 * A = round (255 * opacity), a label colour channel c becomes
 * c' = round (c * A / 255), and a pixel d below becomes
 * c' + round (d * (255 - A) / 255).
 */

typedef struct
{
  /* Premultiplied ARGB32 fill per value, 0 for hidden or absent labels. */
  guint32  fill[256];
  guint32  rgb[256];
  gboolean visible[256];
  gboolean any_visible;
} StmLabelStyle;

static void
label_style_init (StmLabelStyle *style, const StmLabelMap *map, double opacity)
{
  guint32 alpha = isnan (opacity) ? 0 : (guint32) lround (CLAMP (opacity, 0.0, 1.0) * 255.0);

  memset (style, 0, sizeof *style);
  for (guint i = 0; i < map->labels->len; i++)
    {
      const StmLabel *label = &g_array_index (map->labels, StmLabel, i);
      guint32 premultiplied = alpha << 24;

      if (!label->visible)
        continue;
      for (int shift = 0; shift < 24; shift += 8)
        premultiplied |= ((((label->rgb >> shift) & 0xff) * alpha + 127) / 255) << shift;
      style->fill[label->value] = premultiplied;
      style->rgb[label->value] = label->rgb;
      style->visible[label->value] = TRUE;
      style->any_visible = TRUE;
    }
}

/* Voxel rectangle [x0, x1) x [y0, y1) holding every visible voxel. */
typedef struct
{
  gsize x0, y0, x1, y1;
} StmVoxelBox;

/* Shrinks @box to the voxels in it that hold a visible label. */
static gboolean
visible_box (const guint8 *slice, gsize nx, const StmLabelStyle *style, StmVoxelBox *box)
{
  StmVoxelBox found = { box->x1, box->y1, box->x0, box->y0 };

  for (gsize j = box->y0; j < box->y1; j++)
    {
      const guint8 *row = slice + j * nx;
      gsize first = box->x1, last = 0;

      for (gsize i = box->x0; i < box->x1; i++)
        if (style->visible[row[i]])
          {
            if (first == box->x1)
              first = i;
            last = i + 1;
          }
      if (first == box->x1)
        continue;
      found.x0 = MIN (found.x0, first);
      found.x1 = MAX (found.x1, last);
      found.y0 = MIN (found.y0, j);
      found.y1 = j + 1;
    }
  *box = found;
  return box->x1 > box->x0;
}

/* The target surface's device transform, a scale and an offset, which
 * cairo_user_to_device() leaves out (device = scale * user + offset). */
static void
target_device_transform (cairo_t *cr, cairo_matrix_t *m)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  double sx = 1, sy = 1, ox = 0, oy = 0;

  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_matrix_init (m, sx, 0, 0, sy, ox, oy);
}

/* The affine map from voxel coordinates to the device pixels of @cr's
 * target surface. */
static void
voxel_to_device_matrix (cairo_t *cr, const StmViewTransform *t, cairo_matrix_t *m)
{
  double x0, y0, xi, yi, xj, yj;
  cairo_matrix_t device;

  stm_view_transform_voxel_to_screen (t, 0, 0, &x0, &y0);
  stm_view_transform_voxel_to_screen (t, 1, 0, &xi, &yi);
  stm_view_transform_voxel_to_screen (t, 0, 1, &xj, &yj);
  cairo_matrix_init (m, xi - x0, yi - y0, xj - x0, yj - y0, x0, y0);
  cairo_get_matrix (cr, &device);
  cairo_matrix_multiply (m, m, &device);
  target_device_transform (cr, &device);
  cairo_matrix_multiply (m, m, &device);
}

/* Makes @cr's user space the device pixels of its target. */
static void
use_device_space (cairo_t *cr)
{
  cairo_matrix_t m;

  target_device_transform (cr, &m);
  if (cairo_matrix_invert (&m) == CAIRO_STATUS_SUCCESS)
    cairo_set_matrix (cr, &m);
}

/* Voxel index range [lo, hi) covering continuous coordinates lo..hi and
 * one voxel more on each side, clamped to 0..n. */
static void
voxel_range (double lo, double hi, gsize n, gsize *first, gsize *end)
{
  double a = floor (lo + 0.5) - 1, b = floor (hi + 0.5) + 2;

  *first = (gsize) CLAMP (a, 0.0, (double) n);
  *end = (gsize) CLAMP (b, 0.0, (double) n);
}

/* The voxels whose squares can show in @cr's clip, so that a zoomed view
 * reads only the part of the slice it shows. */
static gboolean
clip_box (cairo_t *cr, const cairo_matrix_t *voxel_to_device, gsize nx, gsize ny,
          StmVoxelBox *box)
{
  cairo_matrix_t device_to_voxel = *voxel_to_device;
  double x0, y0, x1, y1, lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };

  if (cairo_matrix_invert (&device_to_voxel) != CAIRO_STATUS_SUCCESS)
    return FALSE;
  cairo_save (cr);
  use_device_space (cr);
  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
  cairo_restore (cr);
  for (int c = 0; c < 4; c++)
    {
      double i = c & 1 ? x1 : x0, j = c & 2 ? y1 : y0;

      cairo_matrix_transform_point (&device_to_voxel, &i, &j);
      lo[0] = MIN (lo[0], i);
      hi[0] = MAX (hi[0], i);
      lo[1] = MIN (lo[1], j);
      hi[1] = MAX (hi[1], j);
    }
  if (!isfinite (lo[0] + hi[0] + lo[1] + hi[1]))
    return FALSE;
  voxel_range (lo[0], hi[0], nx, &box->x0, &box->x1);
  voxel_range (lo[1], hi[1], ny, &box->y0, &box->y1);
  return box->x1 > box->x0 && box->y1 > box->y0;
}

static void
draw_fill (cairo_t *cr, const guint8 *slice, gsize nx, const StmVoxelBox *box,
           const StmLabelStyle *style, const cairo_matrix_t *voxel_to_device)
{
  int width = (int) (box->x1 - box->x0), height = (int) (box->y1 - box->y0);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_matrix_t m;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return;
    }

  guint8 *pixels = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (int v = 0; v < height; v++)
    {
      const guint8 *row = slice + (box->y0 + (gsize) v) * nx + box->x0;
      guint32 *out = (guint32 *) (pixels + (gsize) v * stride);

      for (int u = 0; u < width; u++)
        out[u] = style->fill[row[u]];
    }
  cairo_surface_mark_dirty (surface);

  /* Surface pixel (u, v) covers voxel (x0 + u, y0 + v), whose square is
   * [i - 0.5, i + 0.5] in voxel coordinates. */
  cairo_save (cr);
  use_device_space (cr);
  m = *voxel_to_device;
  cairo_matrix_translate (&m, box->x0 - 0.5, box->y0 - 0.5);
  cairo_transform (cr, &m);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  /* Painted, not filled as a rectangle: outside the surface the pattern is
   * transparent, so the fill's border stays as crisp as the voxels. */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_NONE);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

/*
 * A contour run: along voxel edge line @line (the edge between voxel row
 * or column line - 1 and line), from voxel @start to @end (exclusive),
 * with the label's voxels on side @inside (0: towards line - 1, 1: towards
 * line).
 */
typedef struct
{
  guint8  value;
  guint8  vertical;
  guint8  inside;
  gsize   line, start, end;
} StmEdgeRun;

typedef struct
{
  guint8 value;
  gsize  start;
} StmOpenRun;

/* Continues, closes or opens the run of @value at @pos. */
static inline void
track_run (StmOpenRun *open, guint8 value, gsize pos, GArray *runs, gboolean vertical,
           guint8 inside, gsize line)
{
  if (open->value == value)
    return;
  if (open->value != 0)
    {
      StmEdgeRun run = { open->value, vertical, inside, line, open->start, pos };

      g_array_append_val (runs, run);
    }
  open->value = value;
  open->start = pos;
}

/* The label on one side of an edge between voxels @a and @b, if visible
 * and different from the other side. */
static inline guint8
edge_label (guint8 a, guint8 b, const StmLabelStyle *style)
{
  return a != b && style->visible[a] ? a : 0;
}

/* Horizontal edges: line j lies between rows j - 1 and j, a row of
 * @zeros standing for those beyond the slice. Only lines touching @box
 * can hold edges of a visible label. */
static void
collect_horizontal_runs (const guint8 *slice, gsize nx, gsize ny, const guint8 *zeros,
                         const StmVoxelBox *box, const StmLabelStyle *style, GArray *runs)
{
  for (gsize j = box->y0; j <= box->y1; j++)
    {
      const guint8 *above = j > 0 ? slice + (j - 1) * nx : zeros;
      const guint8 *below = j < ny ? slice + j * nx : zeros;
      StmOpenRun up = { 0, 0 }, down = { 0, 0 };

      for (gsize i = box->x0; i < box->x1; i++)
        {
          guint8 a = above[i], b = below[i];

          if (a == b && up.value == 0 && down.value == 0)
            continue;
          track_run (&up, edge_label (a, b, style), i, runs, FALSE, 0, j);
          track_run (&down, edge_label (b, a, style), i, runs, FALSE, 1, j);
        }
      track_run (&up, 0, box->x1, runs, FALSE, 0, j);
      track_run (&down, 0, box->x1, runs, FALSE, 1, j);
    }
}

/* Vertical edges: line i lies between columns i - 1 and i; the slice is
 * read row by row with one open run per line and side. */
static void
collect_vertical_runs (const guint8 *slice, gsize nx, const StmVoxelBox *box,
                       const StmLabelStyle *style, GArray *runs)
{
  gsize n_lines = box->x1 - box->x0 + 1;
  g_autofree StmOpenRun *left = g_new0 (StmOpenRun, n_lines);
  g_autofree StmOpenRun *right = g_new0 (StmOpenRun, n_lines);

  for (gsize j = box->y0; j < box->y1; j++)
    {
      const guint8 *row = slice + j * nx;
      guint8 a = box->x0 > 0 ? row[box->x0 - 1] : 0;

      for (gsize l = 0; l < n_lines; l++)
        {
          gsize i = box->x0 + l;
          guint8 b = i < nx ? row[i] : 0;

          if (a != b || left[l].value != 0 || right[l].value != 0)
            {
              track_run (&left[l], edge_label (a, b, style), j, runs, TRUE, 0, i);
              track_run (&right[l], edge_label (b, a, style), j, runs, TRUE, 1, i);
            }
          a = b;
        }
    }
  for (gsize l = 0; l < n_lines; l++)
    {
      track_run (&left[l], 0, box->y1, runs, TRUE, 0, box->x0 + l);
      track_run (&right[l], 0, box->y1, runs, TRUE, 1, box->x0 + l);
    }
}

/*
 * Adds run @r to the path in device pixels: the edge is mapped through
 * @m, then moved half a pixel to the label's side onto the centres of the
 * device pixels just inside it, so a 1-pixel butt-capped line covers whole
 * pixels.
 */
static void
add_run_to_path (cairo_t *cr, const StmEdgeRun *r, const cairo_matrix_t *m)
{
  double line = r->line - 0.5, a = r->start - 0.5, b = r->end - 0.5;
  double x0 = r->vertical ? line : a, y0 = r->vertical ? a : line;
  double x1 = r->vertical ? line : b, y1 = r->vertical ? b : line;
  double nx = r->vertical ? (r->inside ? 1 : -1) : 0, ny = r->vertical ? 0 : (r->inside ? 1 : -1);

  cairo_matrix_transform_point (m, &x0, &y0);
  cairo_matrix_transform_point (m, &x1, &y1);
  cairo_matrix_transform_distance (m, &nx, &ny);

  if (fabs (y1 - y0) < 1e-6)
    {
      double y = round (y0) + (ny > 0 ? 0.5 : -0.5);

      x0 = round (x0);
      x1 = round (x1);
      if (x0 == x1)
        return;
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
    }
  else if (fabs (x1 - x0) < 1e-6)
    {
      double x = round (x0) + (nx > 0 ? 0.5 : -0.5);

      y0 = round (y0);
      y1 = round (y1);
      if (y0 == y1)
        return;
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
    }
  else
    {
      /* Rotated by the caller's matrix: nothing to snap to. */
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x1, y1);
    }
}

static void
set_source_rgb32 (cairo_t *cr, guint32 rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* Strokes the runs one label at a time, grouped by a counting sort. */
static void
stroke_runs (cairo_t *cr, GArray *runs, const StmLabelStyle *style,
             const cairo_matrix_t *voxel_to_device)
{
  gsize first[257] = { 0 };
  g_autofree guint *order = g_new (guint, MAX (runs->len, 1));

  for (guint r = 0; r < runs->len; r++)
    first[g_array_index (runs, StmEdgeRun, r).value + 1]++;
  for (int v = 1; v <= 256; v++)
    first[v] += first[v - 1];
  {
    gsize next[256];

    memcpy (next, first, sizeof next);
    for (guint r = 0; r < runs->len; r++)
      order[next[g_array_index (runs, StmEdgeRun, r).value]++] = r;
  }

  cairo_save (cr);
  use_device_space (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_new_path (cr);
  for (int v = 1; v < 256; v++)
    {
      if (first[v] == first[v + 1])
        continue;
      for (gsize o = first[v]; o < first[v + 1]; o++)
        add_run_to_path (cr, &g_array_index (runs, StmEdgeRun, order[o]), voxel_to_device);
      set_source_rgb32 (cr, style->rgb[v]);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
stm_label_map_draw (const StmLabelMap      *map,
                    cairo_t                *cr,
                    gsize                   k,
                    const StmViewTransform *transform,
                    double                  opacity)
{
  StmLabelStyle style;
  StmVoxelBox box;
  cairo_matrix_t voxel_to_device;

  g_return_if_fail (map != NULL && cr != NULL && transform != NULL);
  g_return_if_fail (k < map->dims[2]);
  g_return_if_fail (transform->nx == map->dims[0] && transform->ny == map->dims[1]);

  const guint8 *slice = stm_label_map_slice (map, k);
  gsize nx = map->dims[0], ny = map->dims[1];

  label_style_init (&style, map, opacity);
  if (!style.any_visible)
    return;
  voxel_to_device_matrix (cr, transform, &voxel_to_device);
  if (!clip_box (cr, &voxel_to_device, nx, ny, &box) ||
      !visible_box (slice, nx, &style, &box) ||
      box.x1 - box.x0 > G_MAXINT || box.y1 - box.y0 > G_MAXINT)
    return;

  if (opacity > 0)
    draw_fill (cr, slice, nx, &box, &style, &voxel_to_device);

  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (StmEdgeRun));
  g_autofree guint8 *zeros = g_malloc0 (nx);
  collect_horizontal_runs (slice, nx, ny, zeros, &box, &style, runs);
  collect_vertical_runs (slice, nx, &box, &style, runs);
  stroke_runs (cr, runs, &style, &voxel_to_device);
}
