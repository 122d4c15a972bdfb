/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The measurement list: its model signals, names, values and undo/redo. */
#include "stm-measurement-list.h"

typedef struct
{
  StmMeasurementList *list;
  StmVolume          *volume;
  GString            *changes;     /* "position-removed+added " per items-changed */
  guint               undo_notes, redo_notes;
} Fixture;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, Fixture *f)
{
  g_string_append_printf (f->changes, "%u-%u+%u ", position, removed, added);
}

static void
notify_cb (GObject *object, GParamSpec *pspec, Fixture *f)
{
  if (g_str_equal (pspec->name, "can-undo"))
    f->undo_notes++;
  else
    f->redo_notes++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->volume = stm_volume_new (STM_VOXEL_FLOAT32, 20, 20, 4, STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  g_assert_no_error (error);
  stm_geometry_init_identity (&f->volume->geometry);
  f->volume->geometry.spacing[0] = 0.5;
  f->volume->geometry.spacing[1] = 0.5;
  f->list = stm_measurement_list_new ();
  stm_measurement_list_set_volume (f->list, f->volume);
  f->changes = g_string_new (NULL);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_signal_connect (f->list, "notify::can-undo", G_CALLBACK (notify_cb), f);
  g_signal_connect (f->list, "notify::can-redo", G_CALLBACK (notify_cb), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_object_unref (f->list);
  stm_volume_unref (f->volume);
  g_string_free (f->changes, TRUE);
}

/* A distance of @length voxels along i on slice @slice. */
static StmMeasurement *
distance (guint slice, double length)
{
  StmVoxelPoint points[2] = { { 1, 1 }, { 1 + length, 1 } };

  return stm_measurement_new (STM_MEASUREMENT_DISTANCE, slice, points, 2);
}

static StmMeasurement *
item (Fixture *f, guint position)
{
  g_autoptr(StmMeasurement) m = g_list_model_get_item (G_LIST_MODEL (f->list), position);

  g_assert_nonnull (m);
  return m;   /* still held by the list */
}

/* The items, by label. */
static char *
labels (Fixture *f)
{
  GString *s = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->list));

  for (guint k = 0; k < n; k++)
    g_string_append_printf (s, "%s%s", k > 0 ? "," : "", stm_measurement_get_label (item (f, k)));
  return g_string_free (s, FALSE);
}

static void
assert_labels (Fixture *f, const char *expected)
{
  g_autofree char *got = labels (f);

  g_assert_cmpstr (got, ==, expected);
}

static void
take_changes (Fixture *f, const char *expected)
{
  g_assert_cmpstr (f->changes->str, ==, expected);
  g_string_truncate (f->changes, 0);
}

static void
add_three (Fixture *f)
{
  g_autoptr(StmMeasurement) a = distance (0, 10);
  g_autoptr(StmMeasurement) b = distance (1, 20);
  g_autoptr(StmMeasurement) c = NULL;
  StmVoxelPoint angle[3] = { { 0, 0 }, { 5, 5 }, { 10, 0 } };

  c = stm_measurement_new (STM_MEASUREMENT_ANGLE, 2, angle, 3);
  stm_measurement_list_add (f->list, a);
  stm_measurement_list_add (f->list, b);
  stm_measurement_list_add (f->list, c);
}

static void
test_add_names_and_values (Fixture *f, gconstpointer data)
{
  const StmMeasurementResult *r;
  g_autofree char *text = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == STM_TYPE_MEASUREMENT);
  add_three (f);
  take_changes (f, "0-0+1 1-0+1 2-0+1 ");
  assert_labels (f, "Distance 1,Distance 2,Angle 1");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 3));
  /* Measured on the list's volume as they were added: 10 voxels of 0.5 mm. */
  r = stm_measurement_get_result (item (f, 0));
  g_assert_nonnull (r);
  g_assert_true (r->calibrated);
  g_assert_cmpfloat_with_epsilon (r->length, 5.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (stm_measurement_get_result (item (f, 2))->angle, 90.0, 1e-9);
  /* A new spacing measures everything again. */
  f->volume->geometry.spacing[0] = 0.25;
  stm_measurement_list_set_us_regions (f->list, NULL, 0);
  take_changes (f, "0-3+3 ");
  g_assert_cmpfloat_with_epsilon (stm_measurement_get_result (item (f, 1))->length, 5.0, 1e-12);
  text = stm_measurement_format (item (f, 1));
  g_assert_cmpstr (text, ==, "5.0 mm");
}

static void
test_undo_delete (Fixture *f, gconstpointer data)
{
  g_autoptr(StmMeasurement) b = NULL;

  add_three (f);
  b = g_object_ref (item (f, 1));
  take_changes (f, "0-0+1 1-0+1 2-0+1 ");
  g_assert_true (stm_measurement_list_remove (f->list, b));
  g_assert_false (stm_measurement_list_remove (f->list, b));
  take_changes (f, "1-1+0 ");
  assert_labels (f, "Distance 1,Angle 1");
  g_assert_true (stm_measurement_list_get_can_redo (f->list) == FALSE);
  /* Back in the middle, the same object. */
  g_assert_true (stm_measurement_list_undo (f->list));
  take_changes (f, "1-0+1 ");
  g_assert_true (item (f, 1) == b);
  assert_labels (f, "Distance 1,Distance 2,Angle 1");
  g_assert_true (stm_measurement_list_get_can_redo (f->list));
  g_assert_true (stm_measurement_list_redo (f->list));
  take_changes (f, "1-1+0 ");
  assert_labels (f, "Distance 1,Angle 1");
}

static void
test_undo_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(StmMeasurement) m = distance (0, 10);
  StmVoxelPoint moved[2] = { { 1, 1 }, { 1, 13 } };
  StmVoxelPoint three[3] = { { 0, 0 }, { 1, 1 }, { 2, 2 } };
  const StmVoxelPoint *points;
  guint n;

  stm_measurement_list_add (f->list, m);
  take_changes (f, "0-0+1 ");
  g_assert_true (stm_measurement_list_edit (f->list, m, moved, 2));
  g_assert_false (stm_measurement_list_edit (f->list, m, three, 3));
  take_changes (f, "0-1+1 ");
  g_assert_cmpfloat_with_epsilon (stm_measurement_get_result (m)->length, 6.0, 1e-12);
  g_assert_true (stm_measurement_list_undo (f->list));
  take_changes (f, "0-1+1 ");
  points = stm_measurement_get_points (m, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (points[1].i, ==, 11);
  g_assert_cmpfloat (points[1].j, ==, 1);
  g_assert_cmpfloat_with_epsilon (stm_measurement_get_result (m)->length, 5.0, 1e-12);
  g_assert_true (stm_measurement_list_redo (f->list));
  points = stm_measurement_get_points (m, &n);
  g_assert_cmpfloat (points[1].j, ==, 13);
  g_assert_cmpfloat_with_epsilon (stm_measurement_get_result (m)->length, 6.0, 1e-12);
}

/* Undo all, redo all, and a new change forgetting the redo history. */
static void
test_undo_sequence (Fixture *f, gconstpointer data)
{
  g_autoptr(StmMeasurement) d = distance (3, 2);

  add_three (f);
  g_assert_cmpuint (f->undo_notes, ==, 1);
  stm_measurement_list_remove (f->list, item (f, 0));
  assert_labels (f, "Distance 2,Angle 1");
  for (int k = 0; k < 4; k++)
    g_assert_true (stm_measurement_list_undo (f->list));
  g_assert_false (stm_measurement_list_undo (f->list));
  g_assert_false (stm_measurement_list_get_can_undo (f->list));
  assert_labels (f, "");
  g_assert_cmpuint (f->undo_notes, ==, 2);
  g_assert_cmpuint (f->redo_notes, ==, 1);
  for (int k = 0; k < 2; k++)
    g_assert_true (stm_measurement_list_redo (f->list));
  assert_labels (f, "Distance 1,Distance 2");
  /* A new measurement: the rest cannot be redone, and names go on. */
  stm_measurement_list_add (f->list, d);
  g_assert_false (stm_measurement_list_get_can_redo (f->list));
  g_assert_false (stm_measurement_list_redo (f->list));
  g_assert_cmpuint (f->redo_notes, ==, 2);
  assert_labels (f, "Distance 1,Distance 2,Distance 3");
  g_assert_true (stm_measurement_list_undo (f->list));
  assert_labels (f, "Distance 1,Distance 2");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/measure/list/add-names-values", Fixture, NULL,
              fixture_set_up, test_add_names_and_values, fixture_tear_down);
  g_test_add ("/measure/list/undo-delete", Fixture, NULL,
              fixture_set_up, test_undo_delete, fixture_tear_down);
  g_test_add ("/measure/list/undo-edit", Fixture, NULL,
              fixture_set_up, test_undo_edit, fixture_tear_down);
  g_test_add ("/measure/list/undo-sequence", Fixture, NULL,
              fixture_set_up, test_undo_sequence, fixture_tear_down);
  return g_test_run ();
}
