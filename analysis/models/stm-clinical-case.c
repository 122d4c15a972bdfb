/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <glib/gi18n.h>

#include "stm-clinical-case.h"
#include "stm-model-error.h"

typedef enum
{
  FIELD_NUMBER,
  FIELD_INTEGER,
  FIELD_GRADE,
  FIELD_TRISTATE,
  FIELD_BOOLEAN,
} FieldKind;

typedef struct
{
  const char *key;
  FieldKind   kind;
  gsize       offset;
} Field;

#define FIELD(key, kind, member) { key, kind, G_STRUCT_OFFSET (StmClinicalCase, member) }

/* The input contract; the order is the one the keys are listed and echoed in. */
static const Field fields[] = {
  FIELD ("age", FIELD_NUMBER, age),
  FIELD ("size_mm", FIELD_NUMBER, size_mm),
  FIELD ("nodes", FIELD_INTEGER, nodes),
  FIELD ("grade", FIELD_GRADE, grade),
  FIELD ("er", FIELD_TRISTATE, er),
  FIELD ("pr", FIELD_TRISTATE, pr),
  FIELD ("her2", FIELD_TRISTATE, her2),
  FIELD ("ki67", FIELD_TRISTATE, ki67),
  FIELD ("screen_detected", FIELD_TRISTATE, screen_detected),
  FIELD ("chemo_generation", FIELD_INTEGER, chemo_generation),
  FIELD ("endocrine", FIELD_BOOLEAN, endocrine),
  FIELD ("trastuzumab", FIELD_BOOLEAN, trastuzumab),
  FIELD ("bisphosphonates", FIELD_BOOLEAN, bisphosphonates),
  FIELD ("radiotherapy", FIELD_BOOLEAN, radiotherapy),
  FIELD ("heart_dose_gy", FIELD_NUMBER, heart_dose_gy),
  FIELD ("smoker", FIELD_BOOLEAN, smoker),
};

#define MEMBER(c, type, field) ((type *) (gpointer) ((guint8 *) (c) + (field)->offset))

void
stm_clinical_case_init (StmClinicalCase *c)
{
  g_return_if_fail (c != NULL);

  *c = (StmClinicalCase) {
    .age = NAN,
    .size_mm = NAN,
    .nodes = -1,
    .grade = 0,
    .er = STM_TRISTATE_UNKNOWN,
    .pr = STM_TRISTATE_UNKNOWN,
    .her2 = STM_TRISTATE_UNKNOWN,
    .ki67 = STM_TRISTATE_UNKNOWN,
    .screen_detected = STM_TRISTATE_UNKNOWN,
    .chemo_generation = 0,
    .heart_dose_gy = STM_CLINICAL_CASE_DEFAULT_HEART_DOSE_GY,
  };
}

const char *
stm_tristate_to_string (StmTristate value)
{
  switch (value)
    {
    case STM_TRISTATE_NO:
      return "no";
    case STM_TRISTATE_YES:
      return "yes";
    case STM_TRISTATE_UNKNOWN:
    default:
      return "unknown";
    }
}

static const Field *
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return &fields[i];
  return NULL;
}

static gboolean
wrong_type (const Field  *field,
            const char   *expected,
            GError      **error)
{
  g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
               _("The value of “%s” must be %s."), field->key, expected);
  return FALSE;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
node_is_string (JsonNode   *node,
                const char *text)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         g_str_equal (json_node_get_string (node), text);
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
read_integer (JsonNode  *node,
              int       *out)
{
  double value;

  if (!node_is_number (node))
    return FALSE;
  value = json_node_get_double (node);
  if (value != floor (value) || fabs (value) > G_MAXINT)
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
read_field (const Field      *field,
            JsonNode         *node,
            StmClinicalCase  *c,
            GError          **error)
{
  switch (field->kind)
    {
    case FIELD_NUMBER:
      if (!node_is_number (node))
        return wrong_type (field, _("a number"), error);
      *MEMBER (c, double, field) = json_node_get_double (node);
      return TRUE;

    case FIELD_INTEGER:
      if (!read_integer (node, MEMBER (c, int, field)))
        return wrong_type (field, _("a whole number"), error);
      return TRUE;

    case FIELD_GRADE:
      if (node_is_string (node, "unknown"))
        *MEMBER (c, int, field) = 0;
      else if (!read_integer (node, MEMBER (c, int, field)))
        return wrong_type (field, _("1, 2, 3 or \"unknown\""), error);
      return TRUE;

    case FIELD_TRISTATE:
      if (node_is_string (node, "unknown"))
        *MEMBER (c, StmTristate, field) = STM_TRISTATE_UNKNOWN;
      else if (node_is_boolean (node))
        *MEMBER (c, StmTristate, field) = json_node_get_boolean (node) ? STM_TRISTATE_YES
                                                                       : STM_TRISTATE_NO;
      else
        return wrong_type (field, _("true, false or \"unknown\""), error);
      return TRUE;

    case FIELD_BOOLEAN:
      if (!node_is_boolean (node))
        return wrong_type (field, _("true or false"), error);
      *MEMBER (c, gboolean, field) = json_node_get_boolean (node);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/*
 * Resets @c to the defaults of stm_clinical_case_init() and fills in the
 * keys present. A key outside the contract is an error, so that a typo
 * ("node" for "nodes") cannot silently change a prediction. Ranges are
 * checked by each model, which knows its own.
 */
gboolean
stm_clinical_case_from_json (JsonObject       *object,
                             StmClinicalCase  *c,
                             GError          **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stm_clinical_case_init (c);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      const Field *field = find_field (key);

      if (field == NULL)
        {
          g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                       _("Unknown key “%s” in the patient description; the keys are age, "
                         "size_mm, nodes, grade, er, pr, her2, ki67, screen_detected, "
                         "chemo_generation, endocrine, trastuzumab, bisphosphonates, "
                         "radiotherapy, heart_dose_gy and smoker."), key);
          return FALSE;
        }
      if (!read_field (field, node, c, error))
        return FALSE;
    }
  return TRUE;
}

static void
add_tristate (JsonBuilder *b,
              StmTristate  value)
{
  if (value == STM_TRISTATE_UNKNOWN)
    json_builder_add_string_value (b, "unknown");
  else
    json_builder_add_boolean_value (b, value == STM_TRISTATE_YES);
}

static void
add_field (JsonBuilder           *b,
           const Field           *field,
           const StmClinicalCase *c)
{
  double number;
  int integer;

  json_builder_set_member_name (b, field->key);
  switch (field->kind)
    {
    case FIELD_NUMBER:
      number = *MEMBER (c, const double, field);
      if (isfinite (number))
        json_builder_add_double_value (b, number);
      else
        json_builder_add_null_value (b);
      break;
    case FIELD_INTEGER:
      integer = *MEMBER (c, const int, field);
      if (field->offset == G_STRUCT_OFFSET (StmClinicalCase, nodes) && integer < 0)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, integer);
      break;
    case FIELD_GRADE:
      integer = *MEMBER (c, const int, field);
      if (integer == 0)
        json_builder_add_string_value (b, "unknown");
      else
        json_builder_add_int_value (b, integer);
      break;
    case FIELD_TRISTATE:
      add_tristate (b, *MEMBER (c, const StmTristate, field));
      break;
    case FIELD_BOOLEAN:
      json_builder_add_boolean_value (b, *MEMBER (c, const gboolean, field));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The case in the input contract's own form; values never given are null. */
JsonNode *
stm_clinical_case_to_json (const StmClinicalCase *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (c != NULL, NULL);

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    add_field (b, &fields[i], c);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
