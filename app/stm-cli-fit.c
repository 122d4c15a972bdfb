/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-cli.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "stm-model-fit.h"

static gboolean
parse_choices (const char *ties, const char *penalty, StmFitSpec *spec, GError **error)
{
  if (ties == NULL || g_strcmp0 (ties, "efron") == 0)
    spec->ties = STM_TIES_EFRON;
  else if (g_strcmp0 (ties, "breslow") == 0)
    spec->ties = STM_TIES_BRESLOW;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--ties is efron or breslow, not “%s”."), ties);
      return FALSE;
    }
  if (penalty == NULL)
    spec->penalty = STM_PENALTY_NONE;
  else if (g_strcmp0 (penalty, "ridge") == 0)
    spec->penalty = STM_PENALTY_RIDGE;
  else if (g_strcmp0 (penalty, "enet") == 0)
    spec->penalty = STM_PENALTY_ENET;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--penalty is ridge or enet, not “%s”."), penalty);
      return FALSE;
    }
  if (spec->penalty == STM_PENALTY_ENET && !(spec->alpha > 0 && spec->alpha <= 1))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--alpha must be above 0 and at most 1 for an elastic net."));
      return FALSE;
    }
  return TRUE;
}

/* What the fit printed: the model file minus its long arrays. */
static void
print_summary (const StmModel *model, const char *output)
{
  g_autoptr(JsonNode) root = stm_model_to_json (model);
  JsonObject *o = json_node_get_object (root);
  g_autofree char *text = NULL;

  json_object_remove_member (o, "baseline");
  json_object_remove_member (o, "strata");
  json_object_remove_member (o, "covariance");
  json_object_set_string_member (o, "model_file", output);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

int
stm_cli_fit (int argc, char **argv)
{
  g_autofree char *data = NULL, *time = NULL, *event = NULL, *covariates = NULL;
  g_autofree char *strata = NULL, *ties = NULL, *penalty = NULL, *output = NULL;
  g_autofree char *treatment = NULL, *unit = NULL, *name = NULL;
  double alpha = 0.5, horizon = 0;
  int bootstrap = 0;
  int folds = 10;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, N_("Cohort, as CSV with a header"), "CSV" },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time, N_("Follow-up time column"), "COL" },
    { "event", 0, 0, G_OPTION_ARG_STRING, &event, N_("Event column (0/1), or COL=VALUE"), "COL" },
    { "covariates", 0, 0, G_OPTION_ARG_STRING, &covariates, N_("Covariate columns"), "A,B,..." },
    { "strata", 0, 0, G_OPTION_ARG_STRING, &strata, N_("Stratify by this column"), "COL" },
    { "ties", 0, 0, G_OPTION_ARG_STRING, &ties, N_("efron (default) or breslow"), "METHOD" },
    { "penalty", 0, 0, G_OPTION_ARG_STRING, &penalty, N_("ridge or enet, chosen by cross-validation"), "KIND" },
    { "alpha", 0, 0, G_OPTION_ARG_DOUBLE, &alpha, N_("Elastic net mixing (default 0.5)"), "A" },
    { "folds", 0, 0, G_OPTION_ARG_INT, &folds, N_("Cross-validation folds (default 10)"), "K" },
    { "treatment", 0, 0, G_OPTION_ARG_STRING, &treatment, N_("0/1 covariate coding a treatment"), "COL" },
    { "time-unit", 0, 0, G_OPTION_ARG_STRING, &unit, N_("days (default), months or years"), "UNIT" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the model"), "NAME" },
    { "horizon", 0, 0, G_OPTION_ARG_DOUBLE, &horizon, N_("Time-dependent AUC, Brier score and calibration at this time"), "T" },
    { "bootstrap", 0, 0, G_OPTION_ARG_INT, &bootstrap, N_("Optimism-corrected C-index from B bootstrap resamples"), "B" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Model file to write"), "MODEL.json" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— fit a Cox model on a cohort"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stm_cli_usage (context, error->message);
  if (data == NULL || time == NULL || event == NULL || covariates == NULL || output == NULL ||
      argc > 1)
    return stm_cli_usage (context, _("fit needs --data, --time, --event, --covariates and -o."));

  g_auto(GStrv) names = g_strsplit (covariates, ",", -1);
  StmFitSpec spec = { time, event, (const char * const *) names, g_strv_length (names), strata,
                      treatment, unit, STM_TIES_EFRON, STM_PENALTY_NONE, alpha,
                      (guint) MAX (folds, 2), name, data, horizon, (guint) MAX (bootstrap, 0) };
  if (!parse_choices (ties, penalty, &spec, &error))
    return stm_cli_usage (context, error->message);

  g_autoptr(StmDataTable) table = stm_data_table_read_csv (data, &error);
  g_autoptr(StmModel) model = table ? stm_model_fit (table, &spec, NULL, &error) : NULL;
  if (model == NULL || !stm_model_save (model, output, &error))
    return stm_cli_fail (error);
  print_summary (model, output);
  return 0;
}
