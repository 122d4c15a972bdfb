/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-measurement.h"

#include <string.h>

struct _StmMeasurement
{
  GObject              parent_instance;

  StmMeasurementKind   kind;
  guint                slice;
  GArray              *points;        /* StmVoxelPoint */
  char                *label;

  gboolean             has_result;
  StmMeasurementResult result;
};

G_DEFINE_ENUM_TYPE (StmMeasurementKind, stm_measurement_kind,
                    G_DEFINE_ENUM_VALUE (STM_MEASUREMENT_DISTANCE, "distance"),
                    G_DEFINE_ENUM_VALUE (STM_MEASUREMENT_ANGLE, "angle"),
                    G_DEFINE_ENUM_VALUE (STM_MEASUREMENT_ELLIPSE, "ellipse"),
                    G_DEFINE_ENUM_VALUE (STM_MEASUREMENT_POLYGON, "polygon"),
                    G_DEFINE_ENUM_VALUE (STM_MEASUREMENT_FREEHAND, "freehand"))

G_DEFINE_FINAL_TYPE (StmMeasurement, stm_measurement, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_SLICE,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
stm_measurement_finalize (GObject *object)
{
  StmMeasurement *self = STM_MEASUREMENT (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->label, g_free);
  G_OBJECT_CLASS (stm_measurement_parent_class)->finalize (object);
}

static void
stm_measurement_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StmMeasurement *self = STM_MEASUREMENT (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_SLICE: g_value_set_uint (value, self->slice); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_measurement_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  StmMeasurement *self = STM_MEASUREMENT (object);

  switch (prop_id)
    {
    case PROP_KIND: self->kind = g_value_get_enum (value); break;
    case PROP_SLICE: self->slice = g_value_get_uint (value); break;
    case PROP_LABEL: stm_measurement_set_label (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stm_measurement_class_init (StmMeasurementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = stm_measurement_finalize;
  object_class->get_property = stm_measurement_get_property;
  object_class->set_property = stm_measurement_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, STM_TYPE_MEASUREMENT_KIND, STM_MEASUREMENT_DISTANCE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLICE] =
    g_param_spec_uint ("slice", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stm_measurement_init (StmMeasurement *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (StmVoxelPoint));
}

StmMeasurement *
stm_measurement_new (StmMeasurementKind kind, guint slice, const StmVoxelPoint *points,
                     guint n_points)
{
  StmMeasurement *self;

  g_return_val_if_fail (stm_measurement_kind_accepts (kind, n_points), NULL);
  g_return_val_if_fail (points != NULL, NULL);

  self = g_object_new (STM_TYPE_MEASUREMENT, "kind", kind, "slice", slice, NULL);
  g_array_append_vals (self->points, points, n_points);
  return self;
}

StmMeasurementKind
stm_measurement_get_kind (StmMeasurement *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT (self), STM_MEASUREMENT_DISTANCE);
  return self->kind;
}

guint
stm_measurement_get_slice (StmMeasurement *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT (self), 0);
  return self->slice;
}

const StmVoxelPoint *
stm_measurement_get_points (StmMeasurement *self, guint *n_points)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT (self), NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  *n_points = self->points->len;
  return (const StmVoxelPoint *) self->points->data;
}

void
stm_measurement_set_points (StmMeasurement *self, const StmVoxelPoint *points, guint n_points)
{
  g_return_if_fail (STM_IS_MEASUREMENT (self));
  g_return_if_fail (stm_measurement_kind_accepts (self->kind, n_points));
  g_return_if_fail (points != NULL);

  /* The caller may pass our own points back. */
  if (points != (const StmVoxelPoint *) self->points->data)
    {
      g_array_set_size (self->points, 0);
      g_array_append_vals (self->points, points, n_points);
    }
  self->has_result = FALSE;
}

const char *
stm_measurement_get_label (StmMeasurement *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT (self), NULL);
  return self->label;
}

void
stm_measurement_set_label (StmMeasurement *self, const char *label)
{
  g_return_if_fail (STM_IS_MEASUREMENT (self));

  if (g_strcmp0 (self->label, label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

void
stm_measurement_update (StmMeasurement *self, const StmMeasureContext *context)
{
  g_return_if_fail (STM_IS_MEASUREMENT (self));
  g_return_if_fail (context != NULL);

  stm_measure_compute (context, self->kind, self->slice,
                       (const StmVoxelPoint *) self->points->data, self->points->len,
                       &self->result);
  self->has_result = TRUE;
}

const StmMeasurementResult *
stm_measurement_get_result (StmMeasurement *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT (self), NULL);
  return self->has_result ? &self->result : NULL;
}

char *
stm_measurement_format (StmMeasurement *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT (self), NULL);

  if (!self->has_result)
    return g_strdup ("");
  return stm_measure_format (&self->result);
}

char *
stm_measurement_format_label (StmMeasurement *self)
{
  g_return_val_if_fail (STM_IS_MEASUREMENT (self), NULL);

  if (!self->has_result)
    return g_strdup ("");
  return stm_measure_format_label (&self->result);
}
