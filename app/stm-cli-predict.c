/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "stm-cts5.h"
#include "stm-model-predict.h"
#include "stm-predict.h"

static JsonObject *
read_input (const char *path, JsonParser *parser, GError **error)
{
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, _("The patient file cannot be read: "));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("The patient file must hold one JSON object."));
      return NULL;
    }
  return json_node_get_object (root);
}

static JsonNode *
predict_builtin (const char *model, JsonObject *input, GError **error)
{
  StmClinicalCase c;
  StmPredictVersion version;

  stm_clinical_case_init (&c);
  if (!stm_clinical_case_from_json (input, &c, error))
    return NULL;
  if (g_strcmp0 (model, "cts5") == 0)
    {
      StmCts5Result r;
      return stm_cts5_compute (&c, &r, error) ? stm_cts5_result_to_json (&r) : NULL;
    }
  if (!stm_predict_version_from_string (model, &version))
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("“%s” is neither a built-in model (predict-v2.2, predict-v3.1, cts5) "
                     "nor a model file."), model);
      return NULL;
    }
  g_autoptr(StmPredictResult) result = stm_predict_run (version, &c, error);
  return result ? stm_predict_result_to_json (result) : NULL;
}

static JsonNode *
predict_fitted (const char *path, JsonObject *input, GError **error)
{
  g_autoptr(StmModel) model = stm_model_load (path, error);
  g_autoptr(StmModelPrediction) prediction = model ? stm_model_predict (model, input, error) : NULL;

  return prediction ? stm_model_prediction_to_json (model, prediction) : NULL;
}

int
stm_cli_predict (int argc, char **argv)
{
  g_autofree char *model = NULL;
  g_autofree char *input_path = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model,
      N_("predict-v2.2 (default), predict-v3.1, cts5, or a model file"), "MODEL" },
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input_path, N_("The patient, as JSON"), "PATIENT.json" },
    { NULL },
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— survival and treatment benefit for one patient, as JSON"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (input_path == NULL || argc > 1)
    return stm_cli_usage (context, _("predict needs --input PATIENT.json."));

  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *input = read_input (input_path, parser, &error);
  const char *name = model ? model : "predict-v2.2";
  g_autoptr(JsonNode) out = NULL;
  if (input != NULL)
    out = g_file_test (name, G_FILE_TEST_EXISTS) || g_str_has_suffix (name, ".json")
          ? predict_fitted (name, input, &error) : predict_builtin (name, input, &error);
  if (out == NULL)
    return stm_cli_fail (error);

  g_autofree char *text = json_to_string (out, TRUE);
  printf ("%s\n", text);
  return 0;
}
