/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measurement-list.h"

#include <glib/gi18n.h>

/* One recorded change, enough to make it again or take it back. */
typedef enum
{
  CHANGE_ADD,
  CHANGE_REMOVE,
  CHANGE_EDIT,
} ChangeKind;

typedef struct
{
  ChangeKind      kind;
  StmMeasurement *measurement;
  guint           position;       /* ADD, REMOVE: where it was in the list */
  GArray         *before, *after; /* EDIT: the points */
} Change;

struct _StmMeasurementList
{
  GObject    parent_instance;

  GPtrArray *items;               /* StmMeasurement, owned */
  StmVolume *volume;
  GArray    *us_regions;          /* StmUsRegion */
  guint      n_named[STM_MEASUREMENT_FREEHAND + 1];

  GPtrArray *undo, *redo;         /* Change, newest last */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StmMeasurementList, stm_measurement_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
change_free (Change *change)
{
  g_clear_object (&change->measurement);
  g_clear_pointer (&change->before, g_array_unref);
  g_clear_pointer (&change->after, g_array_unref);
  g_free (change);
}

static GArray *
copy_points (const StmVoxelPoint *points, guint n_points)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (StmVoxelPoint), n_points);

  g_array_append_vals (copy, points, n_points);
  return copy;
}

static GType
stm_measurement_list_get_item_type (GListModel *model)
{
  return STM_TYPE_MEASUREMENT;
}

static guint
stm_measurement_list_get_n_items (GListModel *model)
{
  return STM_MEASUREMENT_LIST (model)->items->len;
}

static gpointer
stm_measurement_list_get_item (GListModel *model, guint position)
{
  StmMeasurementList *self = STM_MEASUREMENT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = stm_measurement_list_get_item_type;
  iface->get_n_items = stm_measurement_list_get_n_items;
  iface->get_item = stm_measurement_list_get_item;
}

static void
stm_measurement_list_dispose (GObject *object)
{
  StmMeasurementList *self = STM_MEASUREMENT_LIST (object);

  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->volume, stm_volume_unref);
  g_clear_pointer (&self->us_regions, g_array_unref);
  G_OBJECT_CLASS (stm_measurement_list_parent_class)->dispose (object);
}

static void
stm_measurement_list_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  StmMeasurementList *self = STM_MEASUREMENT_LIST (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO: g_value_set_boolean (value, stm_measurement_list_get_can_undo (self)); break;
    case PROP_CAN_REDO: g_value_set_boolean (value, stm_measurement_list_get_can_redo (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_measurement_list_class_init (StmMeasurementListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = stm_measurement_list_dispose;
  object_class->get_property = stm_measurement_list_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stm_measurement_list_init (StmMeasurementList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->us_regions = g_array_new (FALSE, FALSE, sizeof (StmUsRegion));
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
}

StmMeasurementList *
stm_measurement_list_new (void)
{
  return g_object_new (STM_TYPE_MEASUREMENT_LIST, NULL);
}

void
stm_measurement_list_get_context (StmMeasurementList *self, StmMeasureContext *context)
{
  g_return_if_fail (STM_IS_MEASUREMENT_LIST (self));
  g_return_if_fail (context != NULL);

  context->volume = self->volume;
  context->us_regions = (const StmUsRegion *) self->us_regions->data;
  context->n_us_regions = self->us_regions->len;
}

static void
update_measurement (StmMeasurementList *self, StmMeasurement *measurement)
{
  StmMeasureContext context;

  stm_measurement_list_get_context (self, &context);
  stm_measurement_update (measurement, &context);
}

static void
update_all (StmMeasurementList *self)
{
  guint n = self->items->len;

  for (guint k = 0; k < n; k++)
    update_measurement (self, g_ptr_array_index (self->items, k));
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

StmVolume *
stm_measurement_list_get_volume (StmMeasurementList *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), NULL);
  return self->volume;
}

void
stm_measurement_list_set_volume (StmMeasurementList *self, StmVolume *volume)
{
  g_return_if_fail (STM_IS_MEASUREMENT_LIST (self));

  if (self->volume == volume)
    return;
  if (volume != NULL)
    stm_volume_ref (volume);
  g_clear_pointer (&self->volume, stm_volume_unref);
  self->volume = volume;
  update_all (self);
}

void
stm_measurement_list_set_us_regions (StmMeasurementList *self, const StmUsRegion *regions,
                                     guint n_regions)
{
  g_return_if_fail (STM_IS_MEASUREMENT_LIST (self));
  g_return_if_fail (regions != NULL || n_regions == 0);

  g_array_set_size (self->us_regions, 0);
  g_array_append_vals (self->us_regions, regions, n_regions);
  update_all (self);
}

gboolean
stm_measurement_list_find (StmMeasurementList *self, StmMeasurement *measurement,
                           guint *position)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), FALSE);
  return g_ptr_array_find (self->items, measurement, position);
}

/* The three changes, done without recording them. */

static void
insert_at (StmMeasurementList *self, StmMeasurement *measurement, guint position)
{
  position = MIN (position, self->items->len);
  update_measurement (self, measurement);
  g_ptr_array_insert (self->items, position, g_object_ref (measurement));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static void
remove_at (StmMeasurementList *self, guint position)
{
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
set_points (StmMeasurementList *self, StmMeasurement *measurement, GArray *points)
{
  guint position;

  if (!stm_measurement_list_find (self, measurement, &position))
    g_return_if_reached ();
  stm_measurement_set_points (measurement, (const StmVoxelPoint *) points->data, points->len);
  update_measurement (self, measurement);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
notify_history (StmMeasurementList *self, gboolean could_undo, gboolean could_redo)
{
  if (could_undo != stm_measurement_list_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != stm_measurement_list_get_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
record (StmMeasurementList *self, Change *change)
{
  gboolean could_undo = stm_measurement_list_get_can_undo (self);
  gboolean could_redo = stm_measurement_list_get_can_redo (self);

  g_ptr_array_add (self->undo, change);
  g_ptr_array_set_size (self->redo, 0);
  notify_history (self, could_undo, could_redo);
}

static Change *
change_new (ChangeKind kind, StmMeasurement *measurement, guint position)
{
  Change *change = g_new0 (Change, 1);

  change->kind = kind;
  change->measurement = g_object_ref (measurement);
  change->position = position;
  return change;
}

static void
name_measurement (StmMeasurementList *self, StmMeasurement *measurement)
{
  StmMeasurementKind kind = stm_measurement_get_kind (measurement);
  g_autofree char *label = NULL;

  if (stm_measurement_get_label (measurement) != NULL)
    return;
  /* TRANSLATORS: a measurement's name, as "Distance 2". */
  label = g_strdup_printf (_("%s %u"), stm_measurement_kind_name (kind), ++self->n_named[kind]);
  stm_measurement_set_label (measurement, label);
}

void
stm_measurement_list_add (StmMeasurementList *self, StmMeasurement *measurement)
{
  g_return_if_fail (STM_IS_MEASUREMENT_LIST (self));
  g_return_if_fail (STM_IS_MEASUREMENT (measurement));
  g_return_if_fail (!g_ptr_array_find (self->items, measurement, NULL));

  name_measurement (self, measurement);
  record (self, change_new (CHANGE_ADD, measurement, self->items->len));
  insert_at (self, measurement, self->items->len);
}

gboolean
stm_measurement_list_remove (StmMeasurementList *self, StmMeasurement *measurement)
{
  guint position;

  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), FALSE);

  if (!stm_measurement_list_find (self, measurement, &position))
    return FALSE;
  record (self, change_new (CHANGE_REMOVE, measurement, position));
  remove_at (self, position);
  return TRUE;
}

gboolean
stm_measurement_list_edit (StmMeasurementList *self, StmMeasurement *measurement,
                           const StmVoxelPoint *points, guint n_points)
{
  const StmVoxelPoint *old;
  guint n_old;
  Change *change;

  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), FALSE);
  g_return_val_if_fail (points != NULL, FALSE);

  if (!stm_measurement_list_find (self, measurement, NULL) ||
      !stm_measurement_kind_accepts (stm_measurement_get_kind (measurement), n_points))
    return FALSE;
  old = stm_measurement_get_points (measurement, &n_old);
  change = change_new (CHANGE_EDIT, measurement, 0);
  change->before = copy_points (old, n_old);
  change->after = copy_points (points, n_points);
  record (self, change);
  set_points (self, measurement, change->after);
  return TRUE;
}

/* Undo and redo move the change between the stacks and make it backwards
 * or forwards. */
static void
apply (StmMeasurementList *self, Change *change, gboolean forwards)
{
  guint position;

  switch (change->kind)
    {
    case CHANGE_ADD:
    case CHANGE_REMOVE:
      if ((change->kind == CHANGE_ADD) == forwards)
        insert_at (self, change->measurement, change->position);
      else if (stm_measurement_list_find (self, change->measurement, &position))
        remove_at (self, position);
      break;
    case CHANGE_EDIT:
      set_points (self, change->measurement, forwards ? change->after : change->before);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
move_change (StmMeasurementList *self, GPtrArray *from, GPtrArray *to, gboolean forwards)
{
  gboolean could_undo = stm_measurement_list_get_can_undo (self);
  gboolean could_redo = stm_measurement_list_get_can_redo (self);
  Change *change;

  if (from->len == 0)
    return FALSE;
  change = g_ptr_array_steal_index (from, from->len - 1);
  g_ptr_array_add (to, change);
  apply (self, change, forwards);
  notify_history (self, could_undo, could_redo);
  return TRUE;
}

gboolean
stm_measurement_list_undo (StmMeasurementList *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), FALSE);
  return move_change (self, self->undo, self->redo, FALSE);
}

gboolean
stm_measurement_list_redo (StmMeasurementList *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), FALSE);
  return move_change (self, self->redo, self->undo, TRUE);
}

gboolean
stm_measurement_list_get_can_undo (StmMeasurementList *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), FALSE);
  return self->undo->len > 0;
}

gboolean
stm_measurement_list_get_can_redo (StmMeasurementList *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT_LIST (self), FALSE);
  return self->redo->len > 0;
}
