/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The measurement layer on a slice view, rendered through GTK: a distance
 * measured between two bright points of a phantom, where they are drawn
 * under zoom and pan, is right to 0.1 mm; the line lands on the pixels
 * between them; delete and undo; the panel lists it.
 */
#include <gtk/gtk.h>
#include <math.h>

#include "stm-measure-layer.h"
#include "stm-measurement-panel.h"
#include "stm-slice-view.h"
#include "stm-widget-test-support.h"

/*
 * 128 x 96 voxels of 0.5 x 0.8 mm (64 x 76.8 mm) at -1000 HU, with two
 * 1000 HU voxels at (30, 20) and (90, 70): 30 mm across and 40 mm down,
 * 50 mm apart, along no axis and with voxels that are not square.
 */
#define NX 128
#define NY 96
#define NZ 2
#define SPACING_X 0.5
#define SPACING_Y 0.8
#define VIEW_W 640
#define VIEW_H 640
static const double point_a[2] = { 30, 20 }, point_b[2] = { 90, 70 };
#define DISTANCE_MM 50.0

static StmVolume *
make_phantom (void)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_volume_new (STM_VOXEL_FLOAT32, NX, NY, NZ,
                                      STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  float *data;

  g_assert_no_error (error);
  stm_geometry_init_identity (&volume->geometry);
  volume->geometry.spacing[0] = SPACING_X;
  volume->geometry.spacing[1] = SPACING_Y;
  data = stm_volume_float_data (volume);
  for (gsize n = 0; n < stm_volume_n_voxels (volume); n++)
    data[n] = -1000.0f;
  for (gsize k = 0; k < NZ; k++)
    {
      data[(k * NY + (gsize) point_a[1]) * NX + (gsize) point_a[0]] = 1000.0f;
      data[(k * NY + (gsize) point_b[1]) * NX + (gsize) point_b[0]] = 1000.0f;
    }
  return volume;
}

typedef struct
{
  GtkWidget       *window;
  StmSliceView    *view;
  StmMeasureLayer *layer;
  StmVolume       *volume;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->volume = make_phantom ();
  f->view = STM_SLICE_VIEW (stm_slice_view_new ());
  f->layer = STM_MEASURE_LAYER (stm_measure_layer_new ());
  stm_slice_view_set_volume (f->view, f->volume);
  stm_slice_view_set_window (f->view, 0, 400);
  stm_slice_view_set_show_overlays (f->view, FALSE);
  stm_slice_view_set_layer (f->view, GTK_WIDGET (f->layer));
  gtk_widget_set_size_request (GTK_WIDGET (f->view), VIEW_W, VIEW_H);
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (GTK_WINDOW (f->window));
  while (gtk_widget_get_width (GTK_WIDGET (f->view)) != VIEW_W ||
         gtk_widget_get_height (GTK_WIDGET (f->view)) != VIEW_H)
    g_main_context_iteration (NULL, TRUE);
  /* Not the fit: magnified 1.6 times about the centre, then panned. */
  stm_slice_view_zoom_at (f->view, 1.6, VIEW_W / 2.0, VIEW_H / 2.0);
  stm_slice_view_pan (f->view, 23, 30);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  stm_volume_unref (f->volume);
}

static guint8 *
render (Fixture *f)
{
  return stm_widget_test_render (f->window, GTK_WIDGET (f->view), VIEW_W, VIEW_H);
}

static const guint8 *
pixel (const guint8 *pixels, int x, int y)
{
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, VIEW_W);
  g_assert_cmpint (y, <, VIEW_H);
  return pixels + 4 * (y * VIEW_W + x);
}

/* The brightness-weighted centre of the bright pixels within @radius of
 * (x, y): where the phantom's point is drawn. */
static void
bright_centroid (const guint8 *pixels, double x, double y, int radius, double *cx, double *cy)
{
  double sum = 0, sx = 0, sy = 0;

  for (int py = (int) y - radius; py <= (int) y + radius; py++)
    for (int px = (int) x - radius; px <= (int) x + radius; px++)
      {
        const guint8 *p = pixel (pixels, px, py);
        double w = p[1] > 128 ? p[1] : 0;   /* BGRA: green */

        sum += w;
        sx += w * (px + 0.5);
        sy += w * (py + 0.5);
      }
  g_assert_cmpfloat (sum, >, 0);
  *cx = sx / sum;
  *cy = sy / sum;
}

static void
find_points (Fixture *f, const guint8 *pixels, double a[2], double b[2])
{
  double ax, ay, bx, by;

  stm_slice_view_voxel_to_screen (f->view, point_a[0], point_a[1], &ax, &ay);
  stm_slice_view_voxel_to_screen (f->view, point_b[0], point_b[1], &bx, &by);
  bright_centroid (pixels, ax, ay, 12, &a[0], &a[1]);
  bright_centroid (pixels, bx, by, 12, &b[0], &b[1]);
  g_test_message ("centroids off by %.3f and %.3f px", hypot (a[0] - ax, a[1] - ay), hypot (b[0] - bx, b[1] - by));
  /* Drawn where the view's mapping says, to under a pixel. */
  g_assert_cmpfloat (hypot (a[0] - ax, a[1] - ay), <, 0.75);
  g_assert_cmpfloat (hypot (b[0] - bx, b[1] - by), <, 0.75);
}

/* Drags from @a to @b as the primary-button gesture does. */
static void
drag (Fixture *f, const double a[2], const double b[2])
{
  g_assert_true (stm_measure_layer_press (f->layer, a[0], a[1], 1));
  for (int k = 1; k <= 4; k++)
    stm_measure_layer_drag (f->layer, a[0] + (b[0] - a[0]) * k / 4, a[1] + (b[1] - a[1]) * k / 4);
  stm_measure_layer_release (f->layer, b[0], b[1]);
}

static StmMeasurement *
only_measurement (Fixture *f)
{
  GListModel *list = G_LIST_MODEL (stm_measure_layer_get_list (f->layer));
  g_autoptr(StmMeasurement) m = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  m = g_list_model_get_item (list, 0);
  return m;   /* held by the list */
}

/* Whether a line crosses the pixels around (x, y): a bright, coloured
 * pixel where the phantom is black. */
static gboolean
line_near (const guint8 *pixels, double x, double y)
{
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        const guint8 *p = pixel (pixels, (int) floor (x) + dx, (int) floor (y) + dy);

        if (MAX (p[0], MAX (p[1], p[2])) > 150)
          return TRUE;
      }
  return FALSE;
}

/* The line at a quarter, half and three quarters between the ends, and
 * nothing 8 pixels to its side. */
static void
assert_line (const guint8 *pixels, const double a[2], const double b[2], gboolean present)
{
  double len = hypot (b[0] - a[0], b[1] - a[1]);
  double nx = -(b[1] - a[1]) / len, ny = (b[0] - a[0]) / len;

  for (int k = 1; k <= 3; k++)
    {
      double x = a[0] + (b[0] - a[0]) * k / 4, y = a[1] + (b[1] - a[1]) * k / 4;

      g_assert_true (line_near (pixels, x, y) == present);
      g_assert_false (line_near (pixels, x + 8 * nx, y + 8 * ny));
      g_assert_false (line_near (pixels, x - 8 * nx, y - 8 * ny));
    }
}

static void
test_distance_on_phantom (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *before = render (f);
  g_autofree guint8 *after = NULL;
  const StmMeasurementResult *r;
  g_autofree char *text = NULL;
  double a[2], b[2];

  /* The view is really zoomed and panned. */
  g_assert_cmpfloat (fabs (stm_slice_view_get_zoom (f->view) - 1.6), <, 1e-9);
  find_points (f, before, a, b);
  assert_line (before, a, b, FALSE);

  gtk_widget_activate_action (GTK_WIDGET (f->layer), "measure.tool", "s", "distance");
  g_assert_cmpint (stm_measure_layer_get_tool (f->layer), ==, STM_MEASURE_TOOL_DISTANCE);
  drag (f, a, b);
  r = stm_measurement_get_result (only_measurement (f));
  g_assert_nonnull (r);
  g_assert_true (r->calibrated);
  g_test_message ("measured %.4f mm", r->length);
  g_assert_cmpfloat (fabs (r->length - DISTANCE_MM), <=, 0.1);
  text = stm_measurement_format (only_measurement (f));
  g_assert_cmpstr (text, ==, "50.0 mm");
  g_assert_true (stm_measure_layer_get_selected (f->layer) == only_measurement (f));

  after = render (f);
  assert_line (after, a, b, TRUE);
}

/* Delete, undo, redo through the layer's actions, seen in the pixels. */
static void
test_delete_undo (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *blank = render (f);
  g_autofree guint8 *deleted = NULL, *restored = NULL;
  g_autoptr(StmMeasurement) m = NULL;
  GListModel *list = G_LIST_MODEL (stm_measure_layer_get_list (f->layer));
  double a[2], b[2];

  find_points (f, blank, a, b);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_DISTANCE);
  drag (f, a, b);
  m = g_object_ref (only_measurement (f));

  gtk_widget_activate_action (GTK_WIDGET (f->layer), "measure.delete", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_null (stm_measure_layer_get_selected (f->layer));
  deleted = render (f);
  assert_line (deleted, a, b, FALSE);

  gtk_widget_activate_action (GTK_WIDGET (f->layer), "measure.undo", NULL);
  g_assert_true (only_measurement (f) == m);
  restored = render (f);
  assert_line (restored, a, b, TRUE);

  gtk_widget_activate_action (GTK_WIDGET (f->layer), "measure.redo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
}

/* With no tool a press away from measurements goes to the view; on a
 * handle it drags it, recorded for undo. */
static void
test_edit_handle (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *pixels = render (f);
  StmMeasurementList *list = stm_measure_layer_get_list (f->layer);
  double a[2], b[2], grab[2], moved[2];
  StmMeasurement *m;

  find_points (f, pixels, a, b);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_DISTANCE);
  drag (f, a, b);
  m = only_measurement (f);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_NONE);
  g_assert_false (stm_measure_layer_press (f->layer, (a[0] + b[0]) / 2 + 40, (a[1] + b[1]) / 2, 1));
  g_assert_null (stm_measure_layer_get_selected (f->layer));

  /* B's handle, grabbed a few pixels off its centre, pulled back to A's
   * column: it moves with the pointer, and 40 mm straight down remain. */
  stm_slice_view_voxel_to_screen (f->view, point_a[0], point_b[1], &moved[0], &moved[1]);
  grab[0] = b[0] + 4;
  grab[1] = b[1] - 3;
  moved[0] += 4;
  moved[1] -= 3;
  drag (f, grab, moved);
  g_assert_true (only_measurement (f) == m);
  g_assert_cmpfloat (fabs (stm_measurement_get_result (m)->length - 40.0), <=, 0.1);
  g_assert_true (stm_measure_layer_get_selected (f->layer) == m);
  g_assert_true (stm_measurement_list_undo (list));
  g_assert_cmpfloat (fabs (stm_measurement_get_result (m)->length - DISTANCE_MM), <=, 0.1);
}

/* An angle by three clicks, a polygon by clicks closed with Enter's
 * action; both on the current slice only. */
static void
test_clicks (Fixture *f, gconstpointer data)
{
  GListModel *list = G_LIST_MODEL (stm_measure_layer_get_list (f->layer));
  g_autoptr(StmMeasurement) angle = NULL, polygon = NULL;
  double p[4][2];
  const double voxels[4][2] = { { 30, 20 }, { 30, 70 }, { 90, 70 }, { 60, 30 } };

  for (int k = 0; k < 4; k++)
    stm_slice_view_voxel_to_screen (f->view, voxels[k][0], voxels[k][1], &p[k][0], &p[k][1]);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_ANGLE);
  for (int k = 0; k < 3; k++)
    {
      g_assert_true (stm_measure_layer_press (f->layer, p[k][0], p[k][1], 1));
      stm_measure_layer_release (f->layer, p[k][0], p[k][1]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  angle = g_list_model_get_item (list, 0);
  g_assert_cmpfloat_with_epsilon (stm_measurement_get_result (angle)->angle, 90.0, 0.1);

  stm_slice_view_set_slice (f->view, 1);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_POLYGON);
  for (int k = 0; k < 4; k++)
    {
      g_assert_true (stm_measure_layer_press (f->layer, p[k][0], p[k][1], 1));
      stm_measure_layer_release (f->layer, p[k][0], p[k][1]);
    }
  gtk_widget_activate_action (GTK_WIDGET (f->layer), "measure.finish", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  polygon = g_list_model_get_item (list, 1);
  g_assert_cmpuint (stm_measurement_get_slice (polygon), ==, 1);
  /* Shoelace on the four corners, in mm. */
  g_assert_cmpfloat_with_epsilon (stm_measurement_get_result (polygon)->area,
                                  stm_measure_polygon_area ((const StmVoxelPoint[]) {
                                    { 30, 20 }, { 30, 70 }, { 90, 70 }, { 60, 30 } }, 4,
                                    (const double[]) { SPACING_X, SPACING_Y }), 0.5);
}

/* Outlines that enclose nothing are not kept: a freehand stroke along a
 * line and a polygon of three points in a row. A real one is. */
static void
test_flat_outlines (Fixture *f, gconstpointer data)
{
  GListModel *list = G_LIST_MODEL (stm_measure_layer_get_list (f->layer));
  double a[2], b[2], c[2];

  stm_slice_view_voxel_to_screen (f->view, 30, 20, &a[0], &a[1]);
  stm_slice_view_voxel_to_screen (f->view, 90, 60, &b[0], &b[1]);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_FREEHAND);
  drag (f, a, b);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);

  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_POLYGON);
  c[0] = (a[0] + b[0]) / 2;
  c[1] = (a[1] + b[1]) / 2;
  for (int k = 0; k < 3; k++)
    {
      const double *p = k == 0 ? a : k == 1 ? c : b;

      g_assert_true (stm_measure_layer_press (f->layer, p[0], p[1], 1));
      stm_measure_layer_release (f->layer, p[0], p[1]);
    }
  gtk_widget_activate_action (GTK_WIDGET (f->layer), "measure.finish", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);

  /* There and back along another path: a closed loop with an area. */
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_FREEHAND);
  g_assert_true (stm_measure_layer_press (f->layer, a[0], a[1], 1));
  stm_measure_layer_drag (f->layer, b[0], a[1]);
  stm_measure_layer_drag (f->layer, b[0], b[1]);
  stm_measure_layer_release (f->layer, b[0], b[1]);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
}

/* Ultrasound regions given to the layer decide the calibration: the left
 * half is a B-mode region of 0.02 cm pixels, the right half a Doppler
 * strip in seconds. */
static void
test_ultrasound_regions (Fixture *f, gconstpointer data)
{
  const StmUsRegion regions[] = {
    { .min_x0 = 0, .min_y0 = 0, .max_x1 = 63, .max_y1 = NY - 1, .units_x = 3, .units_y = 3,
      .delta_x = 0.02, .delta_y = 0.02 },
    { .min_x0 = 64, .min_y0 = 0, .max_x1 = NX - 1, .max_y1 = NY - 1, .units_x = 4, .units_y = 7,
      .delta_x = 0.01, .delta_y = 0.5 },
  };
  GListModel *list = G_LIST_MODEL (stm_measure_layer_get_list (f->layer));
  g_autoptr(StmMeasurement) inside = NULL, across = NULL;
  g_autofree char *text = NULL;
  double a[2], b[2], c[2], d[2];

  stm_measure_layer_set_us_regions (f->layer, regions, G_N_ELEMENTS (regions));
  stm_slice_view_voxel_to_screen (f->view, 10, 20, &a[0], &a[1]);
  stm_slice_view_voxel_to_screen (f->view, 40, 60, &b[0], &b[1]);
  /* Not from a: a press on a handle would move it. */
  stm_slice_view_voxel_to_screen (f->view, 12, 25, &c[0], &c[1]);
  stm_slice_view_voxel_to_screen (f->view, 100, 60, &d[0], &d[1]);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_DISTANCE);
  drag (f, a, b);
  drag (f, c, d);
  inside = g_list_model_get_item (list, 0);
  across = g_list_model_get_item (list, 1);
  /* 30 x 40 pixels of 0.2 mm, the volume's own spacing left out. */
  g_assert_true (stm_measurement_get_result (inside)->calibrated);
  g_assert_cmpfloat (fabs (stm_measurement_get_result (inside)->length - 10.0), <=, 0.01);
  g_assert_false (stm_measurement_get_result (across)->calibrated);
  g_assert_cmpfloat (fabs (stm_measurement_get_result (across)->length - hypot (88, 35)), <=, 0.1);
  text = stm_measurement_format (across);
  g_assert_cmpstr (text, ==, "95 px (uncalibrated)");
  /* Without the regions, the volume's spacing again. */
  stm_measure_layer_set_us_regions (f->layer, NULL, 0);
  g_assert_true (stm_measurement_get_result (across)->calibrated);
  g_assert_cmpfloat (fabs (stm_measurement_get_result (across)->length -
                           hypot (88 * SPACING_X, 35 * SPACING_Y)), <=, 0.1);
}

static GtkWidget *
find_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
activated_cb (StmMeasurementPanel *panel, StmMeasurement *m, StmMeasurement **out)
{
  *out = m;
}

/* The panel lists the measurement with its value; activating its row
 * hands it over; its delete button removes it. */
static void
test_panel (Fixture *f, gconstpointer data)
{
  StmMeasurementList *list = stm_measure_layer_get_list (f->layer);
  GtkWidget *panel = stm_measurement_panel_new ();
  GtkWidget *window = gtk_window_new ();
  StmMeasurement *activated = NULL;
  GtkWidget *value, *row, *button;
  double a[2], b[2];

  stm_measurement_panel_set_list (STM_MEASUREMENT_PANEL (panel), list);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (find_label (panel, "No measurements"));

  stm_slice_view_voxel_to_screen (f->view, point_a[0], point_a[1], &a[0], &a[1]);
  stm_slice_view_voxel_to_screen (f->view, point_b[0], point_b[1], &b[0], &b[1]);
  stm_measure_layer_set_tool (f->layer, STM_MEASURE_TOOL_DISTANCE);
  drag (f, a, b);
  g_assert_nonnull (find_label (panel, "Distance 1"));
  g_assert_nonnull (find_label (panel, "Slice 1"));
  value = find_label (panel, "50.0 mm");
  g_assert_nonnull (value);

  g_signal_connect (panel, "measurement-activated", G_CALLBACK (activated_cb), &activated);
  row = gtk_widget_get_ancestor (value, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  g_assert_true (activated == only_measurement (f));

  /* The row's button is the only button in it. */
  button = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_nonnull (find_label (panel, "No measurements"));

  /* On a cine a measurement lies on a frame. */
  stm_measurement_list_get_volume (list)->frame_time_ms = 40;
  drag (f, a, b);
  g_assert_nonnull (find_label (panel, "Frame 1"));
  g_assert_null (find_label (panel, "Slice 1"));

  /* From the keyboard, on the focused row: Delete, then undo and redo. */
  row = gtk_widget_get_ancestor (find_label (panel, "Frame 1"), GTK_TYPE_LIST_BOX_ROW);
  g_assert_true (gtk_widget_grab_focus (row));
  gtk_widget_activate_action (panel, "panel.delete-focused", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  gtk_widget_activate_action (panel, "panel.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  gtk_widget_activate_action (panel, "panel.redo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  /* Without a focused row Delete removes nothing. */
  gtk_widget_activate_action (panel, "panel.undo", NULL);
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  gtk_widget_activate_action (panel, "panel.delete-focused", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  /* The row made again by undo takes Delete too. */
  row = gtk_widget_get_ancestor (find_label (panel, "Frame 1"), GTK_TYPE_LIST_BOX_ROW);
  g_assert_true (gtk_widget_grab_focus (row));
  gtk_widget_activate_action (panel, "panel.delete-focused", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* A list only the panel holds can be replaced (its bindings die with it). */
  {
    StmMeasurementList *own = stm_measurement_list_new ();

    stm_measurement_panel_set_list (STM_MEASUREMENT_PANEL (panel), own);
    g_object_unref (own);
    stm_measurement_panel_set_list (STM_MEASUREMENT_PANEL (panel), list);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/measure-layer/distance-on-phantom", Fixture, NULL,
              fixture_set_up, test_distance_on_phantom, fixture_tear_down);
  g_test_add ("/measure-layer/delete-undo", Fixture, NULL,
              fixture_set_up, test_delete_undo, fixture_tear_down);
  g_test_add ("/measure-layer/edit-handle", Fixture, NULL,
              fixture_set_up, test_edit_handle, fixture_tear_down);
  g_test_add ("/measure-layer/clicks", Fixture, NULL,
              fixture_set_up, test_clicks, fixture_tear_down);
  g_test_add ("/measure-layer/flat-outlines", Fixture, NULL,
              fixture_set_up, test_flat_outlines, fixture_tear_down);
  g_test_add ("/measure-layer/ultrasound-regions", Fixture, NULL,
              fixture_set_up, test_ultrasound_regions, fixture_tear_down);
  g_test_add ("/measure-layer/panel", Fixture, NULL,
              fixture_set_up, test_panel, fixture_tear_down);
  return g_test_run ();
}
