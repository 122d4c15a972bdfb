/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The JSON configuration of the IBSI chain:
 *
 *   { "dimensions": "3d",
 *     "interpolation": { "spacing_mm": [2.0, 2.0, 2.0], "image": "linear", "mask": "linear",
 *                        "mask_threshold": 0.5, "round_intensities": true },
 *     "resegmentation": { "range": [-1000, 400], "outlier_sigma": 3 },
 *     "discretisation": { "method": "fbs", "bin_width": 25 },
 *     "ivh": { "method": "fbn", "bins": 1000 },
 *     "texture": { "distance": 1, "glcm_symmetric": true, "ngldm_coarseness": 0 } }
 *
 * "dimensions" is "3d" or "2d" (slice by slice: in-plane interpolation with
 * two spacings, 2D and 2.5D texture). A key left out is not applied:
 * without "interpolation.spacing_mm" nothing is interpolated, without
 * "resegmentation" nothing is removed, without "discretisation" or "ivh"
 * intensities are their own levels ("method": "none"). Where interpolation
 * is applied, the image and mask default to linear, the threshold to 0.5,
 * and rounding is off. Either bound of "range" may be null (open). A
 * discretisation is {"method": "fbs", "bin_width": W},
 * {"method": "fbn", "bins": N} or {"method": "none"}. Unknown keys and
 * values of the wrong type are errors that name the key.
 */
#include "stm-radiomics-config.h"
#include <glib/gi18n.h>

#include <math.h>

#include "stm-discretise.h"
#include "stm-radiomics-chain.h"

void
stm_radiomics_config_init (StmRadiomicsConfig *config)
{
  *config = (StmRadiomicsConfig) {
    .dimensions = STM_DIMS_3D,
    .image_interp = STM_INTERP_LINEAR,
    .mask_interp = STM_INTERP_LINEAR,
    .mask_threshold = 0.5,
    .discretisation = { .method = STM_DISCRETISE_NONE },
    .ivh = { .method = STM_DISCRETISE_NONE },
    .distance = 1,
    .glcm_symmetric = TRUE,
    .ngldm_coarseness = 0,
  };
}

static gboolean G_GNUC_PRINTF (2, 3)
config_error (GError    **error,
              const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG, message);
  return FALSE;
}

/* "section.key", or "key" at the top level. */
static char *
key_path (const char *section,
          const char *key)
{
  return section != NULL ? g_strdup_printf ("%s.%s", section, key) : g_strdup (key);
}

/* Only keys a method needs are looked up without json_object_has_member(). */
static JsonNode *
require_member (JsonObject *object,
                const char *path,
                const char *key,
                GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    config_error (error, _("“%s” is missing"), path);
  return node;
}

static gboolean
check_keys (JsonObject         *object,
            const char         *section,
            const char * const *known,
            GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *path = key_path (section, l->data);
        return config_error (error, _("Unknown key “%s” in the radiomics configuration"), path);
      }
  return TRUE;
}

static gboolean
node_is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
          json_node_get_value_type (node) == G_TYPE_INT64);
}

static double
node_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static gboolean
get_number (JsonObject *object,
            const char *section,
            const char *key,
            double      min,
            gboolean    min_inclusive,
            double      max,
            double     *out,
            GError    **error)
{
  g_autofree char *path = key_path (section, key);
  JsonNode *node = require_member (object, path, key, error);

  if (node == NULL)
    return FALSE;
  if (!node_is_number (node))
    return config_error (error, _("“%s” should be a number"), path);
  *out = node_number (node);
  if (!isfinite (*out) || *out < min || (*out == min && !min_inclusive) || *out > max)
    return config_error (error, _("“%s” is %g, out of its range (%s%g to %g)"), path, *out,
                         min_inclusive ? "" : _("above "), min, max);
  return TRUE;
}

static gboolean
get_uint (JsonObject *object,
          const char *section,
          const char *key,
          guint       min,
          guint       max,
          guint      *out,
          GError    **error)
{
  g_autofree char *path = key_path (section, key);
  JsonNode *node = require_member (object, path, key, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return config_error (error, _("“%s” should be a whole number"), path);
  gint64 v = json_node_get_int (node);
  if (v < min || v > max)
    return config_error (error, _("“%s” is %lld, out of its range (%u to %u)"),
                         path, (long long) v, min, max);
  *out = (guint) v;
  return TRUE;
}

static gboolean
get_bool (JsonObject *object,
          const char *section,
          const char *key,
          gboolean   *out,
          GError    **error)
{
  g_autofree char *path = key_path (section, key);
  JsonNode *node = require_member (object, path, key, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return config_error (error, _("“%s” should be true or false"), path);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* The index of the string value in @choices (NULL-terminated). */
static gboolean
get_choice (JsonObject         *object,
            const char         *section,
            const char         *key,
            const char * const *choices,
            guint              *out,
            GError            **error)
{
  g_autofree char *path = key_path (section, key);
  JsonNode *node = require_member (object, path, key, error);
  const char *value = NULL;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    value = json_node_get_string (node);
  for (guint i = 0; value != NULL && choices[i] != NULL; i++)
    if (g_strcmp0 (value, choices[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  g_autofree char *list = g_strjoinv (", ", (char **) choices);
  return config_error (error, _("“%s” should be one of %s"), path, list);
}

static JsonObject *
get_object (JsonObject *object,
            const char *key,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      config_error (error, _("“%s” should be an object { ... }"), key);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *section,
           const char *key,
           GError    **error)
{
  g_autofree char *path = key_path (section, key);
  JsonNode *node = require_member (object, path, key, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      config_error (error, _("“%s” should be an array [ ... ]"), path);
      return NULL;
    }
  return json_node_get_array (node);
}

/* Spacings are checked against "dimensions" once the whole file is read. */
static gboolean
parse_spacing (JsonObject         *object,
               StmRadiomicsConfig *config,
               guint              *n_spacing,
               GError            **error)
{
  JsonArray *array = get_array (object, "interpolation", "spacing_mm", error);

  if (array == NULL)
    return FALSE;
  *n_spacing = json_array_get_length (array);
  if (*n_spacing < 2 || *n_spacing > 3)
    return config_error (error, _("“interpolation.spacing_mm” should hold 2 (2d) or 3 (3d) "
                           "spacings, not %u"), *n_spacing);
  for (guint i = 0; i < *n_spacing; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      double v = node_is_number (node) ? node_number (node) : NAN;
      if (!(v > 0) || !isfinite (v))
        return config_error (error, _("“interpolation.spacing_mm” should hold positive numbers "
                               "of millimetres"));
      config->spacing_mm[i] = v;
    }
  config->interpolate = TRUE;
  return TRUE;
}

static gboolean
parse_interpolation (JsonObject         *root,
                     StmRadiomicsConfig *config,
                     guint              *n_spacing,
                     GError            **error)
{
  static const char * const keys[] = {
    "spacing_mm", "image", "mask", "mask_threshold", "round_intensities", NULL
  };
  static const char * const image_methods[] = { "nearest", "linear", "cubic", NULL };
  static const char * const mask_methods[] = { "nearest", "linear", NULL };
  const char *s = "interpolation";
  JsonObject *o = get_object (root, s, error);
  guint choice;

  if (o == NULL || !check_keys (o, s, keys, error))
    return FALSE;
  if (json_object_has_member (o, "spacing_mm") && !parse_spacing (o, config, n_spacing, error))
    return FALSE;
  if (json_object_has_member (o, "image"))
    {
      if (!get_choice (o, s, "image", image_methods, &choice, error))
        return FALSE;
      config->image_interp = STM_INTERP_NEAREST + choice;
    }
  if (json_object_has_member (o, "mask"))
    {
      if (!get_choice (o, s, "mask", mask_methods, &choice, error))
        return FALSE;
      config->mask_interp = STM_INTERP_NEAREST + choice;
    }
  if (json_object_has_member (o, "mask_threshold") &&
      !get_number (o, s, "mask_threshold", 0, FALSE, 1, &config->mask_threshold, error))
    return FALSE;
  return !json_object_has_member (o, "round_intensities") ||
         get_bool (o, s, "round_intensities", &config->round_intensities, error);
}

/* One bound of the range: a number, or null for an open side. */
static gboolean
parse_bound (JsonArray *array,
             guint      i,
             gboolean  *has,
             double    *value,
             GError   **error)
{
  JsonNode *node = json_array_get_element (array, i);

  *has = !JSON_NODE_HOLDS_NULL (node);
  if (!*has)
    return TRUE;
  if (!node_is_number (node) || !isfinite (node_number (node)))
    return config_error (error, _("“resegmentation.range” bounds should be numbers or null"));
  *value = node_number (node);
  return TRUE;
}

static gboolean
parse_range (JsonObject         *object,
             StmRadiomicsConfig *config,
             GError            **error)
{
  JsonArray *array = get_array (object, "resegmentation", "range", error);

  if (array == NULL)
    return FALSE;
  if (json_array_get_length (array) != 2)
    return config_error (error, _("“resegmentation.range” should hold 2 bounds [low, high]"));
  if (!parse_bound (array, 0, &config->has_range_min, &config->range_min, error) ||
      !parse_bound (array, 1, &config->has_range_max, &config->range_max, error))
    return FALSE;
  if (config->has_range_min && config->has_range_max && config->range_min > config->range_max)
    return config_error (error, _("“resegmentation.range” is [%g, %g]: its low bound is above "
                           "its high bound"), config->range_min, config->range_max);
  return TRUE;
}

static gboolean
parse_resegmentation (JsonObject         *root,
                      StmRadiomicsConfig *config,
                      GError            **error)
{
  static const char * const keys[] = { "range", "outlier_sigma", NULL };
  const char *s = "resegmentation";
  JsonObject *o = get_object (root, s, error);

  if (o == NULL || !check_keys (o, s, keys, error))
    return FALSE;
  if (json_object_has_member (o, "range") && !parse_range (o, config, error))
    return FALSE;
  if (!json_object_has_member (o, "outlier_sigma"))
    return TRUE;
  config->has_outlier = TRUE;
  return get_number (o, s, "outlier_sigma", 0, FALSE, G_MAXDOUBLE, &config->outlier_sigma, error);
}

static gboolean
parse_discretisation (JsonObject        *root,
                      const char        *s,
                      guint              max_bins,
                      StmDiscretisation *d,
                      GError           **error)
{
  static const char * const methods[] = { "none", "fbs", "fbn", NULL };
  static const char * const none_keys[] = { "method", NULL };
  static const char * const fbs_keys[] = { "method", "bin_width", NULL };
  static const char * const fbn_keys[] = { "method", "bins", NULL };
  static const char * const *keys[] = { none_keys, fbs_keys, fbn_keys };
  JsonObject *o = get_object (root, s, error);
  guint choice;

  if (o == NULL || !get_choice (o, s, "method", methods, &choice, error) ||
      !check_keys (o, s, keys[choice], error))
    return FALSE;
  d->method = choice == 1 ? STM_DISCRETISE_FBS : choice == 2 ? STM_DISCRETISE_FBN
                                                             : STM_DISCRETISE_NONE;
  if (d->method == STM_DISCRETISE_FBS)
    return get_number (o, s, "bin_width", 0, FALSE, G_MAXDOUBLE, &d->bin_width, error);
  if (d->method == STM_DISCRETISE_FBN)
    return get_uint (o, s, "bins", 1, max_bins, &d->bins, error);
  return TRUE;
}

static gboolean
parse_texture (JsonObject         *root,
               StmRadiomicsConfig *config,
               GError            **error)
{
  static const char * const keys[] = { "distance", "glcm_symmetric", "ngldm_coarseness", NULL };
  const char *s = "texture";
  JsonObject *o = get_object (root, s, error);

  if (o == NULL || !check_keys (o, s, keys, error))
    return FALSE;
  if (json_object_has_member (o, "distance") &&
      !get_uint (o, s, "distance", 1, 1000, &config->distance, error))
    return FALSE;
  if (json_object_has_member (o, "glcm_symmetric") &&
      !get_bool (o, s, "glcm_symmetric", &config->glcm_symmetric, error))
    return FALSE;
  return !json_object_has_member (o, "ngldm_coarseness") ||
         get_uint (o, s, "ngldm_coarseness", 0, 1000, &config->ngldm_coarseness, error);
}

static gboolean
parse_dimensions (JsonObject         *root,
                  StmRadiomicsConfig *config,
                  GError            **error)
{
  static const char * const dims[] = { "3d", "2d", NULL };
  guint choice;

  if (!get_choice (root, NULL, "dimensions", dims, &choice, error))
    return FALSE;
  config->dimensions = choice == 1 ? STM_DIMS_2D : STM_DIMS_3D;
  return TRUE;
}

static gboolean
check_spacing_dimensions (StmRadiomicsConfig *config,
                          guint               n_spacing,
                          GError            **error)
{
  guint wanted = config->dimensions == STM_DIMS_2D ? 2 : 3;

  if (!config->interpolate || n_spacing == wanted)
    {
      if (config->dimensions == STM_DIMS_2D)
        config->spacing_mm[2] = 0;
      return TRUE;
    }
  return config_error (error, _("“interpolation.spacing_mm” has %u spacings, but \"dimensions\" "
                         "is %s, which needs %u"), n_spacing,
                       config->dimensions == STM_DIMS_2D ? "2d" : "3d", wanted);
}

static gboolean
parse_root (JsonObject         *root,
            StmRadiomicsConfig *c,
            GError            **error)
{
  static const char * const keys[] = {
    "dimensions", "interpolation", "resegmentation", "discretisation", "ivh", "texture", NULL
  };
  guint n_spacing = 0;

  return check_keys (root, NULL, keys, error) &&
         (!json_object_has_member (root, "dimensions") || parse_dimensions (root, c, error)) &&
         (!json_object_has_member (root, "interpolation") ||
          parse_interpolation (root, c, &n_spacing, error)) &&
         (!json_object_has_member (root, "resegmentation") ||
          parse_resegmentation (root, c, error)) &&
         (!json_object_has_member (root, "discretisation") ||
          parse_discretisation (root, "discretisation", STM_DISCRETISE_MAX_LEVELS,
                                &c->discretisation, error)) &&
         (!json_object_has_member (root, "ivh") ||
          parse_discretisation (root, "ivh", STM_DISCRETISE_MAX_IVH_LEVELS, &c->ivh, error)) &&
         (!json_object_has_member (root, "texture") || parse_texture (root, c, error)) &&
         check_spacing_dimensions (c, n_spacing, error);
}

/* @config is only changed when the whole document is valid. */
gboolean
stm_radiomics_config_from_json (JsonNode           *root,
                                StmRadiomicsConfig *config,
                                GError            **error)
{
  StmRadiomicsConfig parsed;

  g_return_val_if_fail (root != NULL && config != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return config_error (error, _("The radiomics configuration should be a JSON object { ... }"));
  stm_radiomics_config_init (&parsed);
  if (!parse_root (json_node_get_object (root), &parsed, error))
    return FALSE;
  *config = parsed;
  return TRUE;
}

gboolean
stm_radiomics_config_load (const char         *path,
                           StmRadiomicsConfig *config,
                           GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;

  if (!json_parser_load_from_file (parser, path, &local))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, STM_RADIOMICS_ERROR, STM_RADIOMICS_ERROR_CONFIG,
                   _("Cannot read the radiomics configuration %s: %s"), name, local->message);
      return FALSE;
    }
  if (json_parser_get_root (parser) == NULL)
    return config_error (error, _("The radiomics configuration %s is empty"), path);
  if (!stm_radiomics_config_from_json (json_parser_get_root (parser), config, error))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}
