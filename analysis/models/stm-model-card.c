/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <glib/gi18n.h>

#include "stm-cts5.h"
#include "stm-model-card.h"
#include "stm-model-error.h"
#include "stm-predict.h"

typedef struct
{
  const char *name;
  const char *unit;
  double      min;      /* NAN for a categorical input */
  double      max;
  const char *coding;
} CardInput;

typedef struct
{
  const char *study;
  const char *result;
} CardPerformance;

typedef struct
{
  const char             *name;
  const char             *title;
  const char             *version;
  const char * const     *papers;
  const char             *repository;
  const char             *commit;
  const char * const     *paths;
  const char             *licence;
  const char             *population;
  const char             *outcome;
  const CardInput        *inputs;
  guint                   n_inputs;
  const CardPerformance  *performance;
  guint                   n_performance;
  const char             *intended_use;
  const char * const     *limitations;
  const char * const     *deviations;
} CardSpec;

#define PREDICT_REPOSITORY "https://github.com/WintonCentre/predict-v30-r"
#define PREDICT_COMMIT     "42223bc1150bb9f88058b2801c770aa9ca091830"

/* ---- PREDICT ------------------------------------------------------------- */

#define PREDICT_COMMON_INPUTS \
  { "age", "years at diagnosis", STM_PREDICT_AGE_MIN, STM_PREDICT_AGE_MAX, \
    "continuous; v3 uses age - 24, so it needs age > 24" }, \
  { "size_mm", "mm", STM_PREDICT_SIZE_MIN_MM, STM_PREDICT_SIZE_MAX_MM, \
    "invasive tumour size" }, \
  { "nodes", "positive nodes", 0, STM_PREDICT_NODES_MAX, "count" }, \
  { "grade", NULL, NAN, NAN, "1, 2, 3 or \"unknown\" (coded 2.13, the average grade)" }, \
  { "er", NULL, NAN, NAN, "true or false; required (separate models)" }, \
  { "her2", NULL, NAN, NAN, "true, false or \"unknown\" (no HER2 term)" }, \
  { "ki67", NULL, NAN, NAN, "true, false or \"unknown\"; ER-positive only" }, \
  { "screen_detected", NULL, NAN, NAN, \
    "true, false or \"unknown\" (coded 0.204, the screen-detected share)" }, \
  { "chemo_generation", NULL, NAN, NAN, "0 (none), 2 or 3" }, \
  { "endocrine", NULL, NAN, NAN, "boolean; ER-positive only (refused for ER-negative)" }, \
  { "trastuzumab", NULL, NAN, NAN, "boolean; HER2-positive only (refused otherwise)" }, \
  { "bisphosphonates", NULL, NAN, NAN, "boolean; benefit shown in postmenopausal women" }

static const CardInput predict_v2_inputs[] = {
  PREDICT_COMMON_INPUTS,
};

static const CardInput predict_v3_inputs[] = {
  PREDICT_COMMON_INPUTS,
  { "pr", NULL, NAN, NAN, "true, false or \"unknown\" (no PR term)" },
  { "radiotherapy", NULL, NAN, NAN, "boolean" },
  { "heart_dose_gy", "Gy (mean heart dose)", 0, STM_PREDICT_HEART_DOSE_MAX,
    "used with radiotherapy only; default 2 Gy, the average built into the baseline" },
  { "smoker", NULL, NAN, NAN, "boolean: current smoker (false = never or ex-smoker)" },
};

static const char * const predict_v2_papers[] = {
  "Wishart GC et al. PREDICT: a new UK prognostic model that predicts survival following "
  "surgery for invasive breast cancer. Breast Cancer Res 2010;12(1):R1.",
  "Wishart GC et al. PREDICT Plus: development and validation of a prognostic model for early "
  "breast cancer that includes HER2. Br J Cancer 2012.",
  "Candido dos Reis FJ et al. An updated PREDICT breast cancer prognostication and treatment "
  "benefit prediction model with independent validation. Breast Cancer Res 2017;19:58.",
  NULL
};

static const char * const predict_v3_papers[] = {
  "Grootes I, Wishart GC, Pharoah PDP. An updated PREDICT breast cancer prognostic model "
  "including the benefits and harms of radiotherapy. npj Breast Cancer 2024. "
  "doi:10.1038/s41523-024-00612-y",
  "Grootes I et al. Incorporating progesterone receptor expression into the PREDICT breast "
  "prognostic model. Eur J Cancer 2022.",
  NULL
};

static const char * const predict_v2_paths[] = {
  "R/benefits22.R", "inst/Predict-v2.2-2020-02-02.r", "inst/Predict-v2.1-2018-04-07.R", NULL
};

static const char * const predict_v3_paths[] = {
  "R/benefits31.R", "R/benefits32.R", "inst/extdata/coefficients_v3.csv", NULL
};

static const CardPerformance predict_v2_performance[] = {
  { "External validation in Swedish patients aged 40 or younger, diagnosed 2008-2019 "
    "(n = 3015; abstract)",
    "v2.2 over-estimated all-cause mortality: integrated calibration index 5.10 % at 5 years "
    "and 9.75 % at 10 years (v3.0: 0.69 % and 5.10 %)." },
  { "External validation in Dutch women under 40 with node-negative disease and no systemic "
    "treatment, diagnosed 1989-2000 (n = 2264; abstract)",
    "v2.2 under-estimated 10-year all-cause mortality (observed/expected 1.33, 95 % CI "
    "1.22-1.43); AUC 0.65 (0.62-0.68), 0.56 in ER-negative disease." },
};

static const CardPerformance predict_v3_performance[] = {
  { "Development paper (Grootes 2024): validation on 32,408 West Midlands cases and 100,551 "
    "cases from other English registries",
    "Predicted breast cancer deaths at 5, 10 and 15 years within 10 % of observed; AUC for "
    "15-year breast cancer survival 0.809 (West Midlands) and 0.846 (other registries)." },
};

static const char * const predict_limitations[] = {
  "Developed on UK registry data; calibration differs in other populations and in young "
  "women (see performance).",
  "Not for metastatic disease, neoadjuvant treatment or ductal carcinoma in situ alone.",
  "Treatment effects are log hazard ratios from trial meta-analyses, applied "
  "proportionally; they are not individual predictions of response.",
  NULL
};

static const char * const predict_v2_deviations[] = {
  "Extended (10-year) endocrine therapy: the public R code adds its -0.26 log hazard ratio in "
  "years 11-15 even without endocrine therapy (so ER-negative patients 'gain' from it); here, "
  "as in the v3 functions and the web tool, it applies only with endocrine therapy (quirk Q2).",
  "Unknown grade in ER-negative disease counts as grade 2 or 3; the public code compares the "
  "imputed 2.13 with 2 and 3 and so counts it as grade 1 (quirk Q6).",
  "Breast-cancer and other mortality are split for every regimen; the public R code converts "
  "cumulative to annual breast mortality only for its first two columns (quirk Q1). Overall "
  "survival and benefits are unaffected.",
  "Radiotherapy is not modelled (as in the public v2.2 code, r.enabled = 0).",
  NULL
};

static const char * const predict_v3_deviations[] = {
  "The heart-dose harm of radiotherapy (ln 1.02 per Gy on other-cause mortality) applies only "
  "when radiotherapy is given; the public code applies it to the radiotherapy regimens "
  "whatever the radiotherapy input (quirk Q5).",
  "Benefits are given unrounded; the web tool rounds them to 0.1 percentage points.",
  "The year of diagnosis is fixed at 2017, as in the web tool.",
  NULL
};

static const char * const predict_v32_deviations[] = {
  "As v3.1; v3.2 differs from v3.1 only in the radiotherapy baseline adjustments "
  "(r.base.br 0.7 for ER-positive, 0.55 for ER-negative; r.base.oth -0.062), which raise "
  "breast-cancer mortality markedly. Which version the public web site serves cannot be "
  "established from the code; v3.1 is the one the public package implements.",
  "The heart-dose harm of radiotherapy applies only when radiotherapy is given (quirk Q5).",
  NULL
};

#define PREDICT_POPULATION_V2 \
  "Women with early invasive breast cancer in the East Anglia cancer registry (Eastern Cancer " \
  "Registration and Information Centre), diagnosed 1999-2003; separate Cox models for " \
  "ER-positive and ER-negative disease, HER2 and Ki67 added later."
#define PREDICT_POPULATION_V3 \
  "35,474 women with invasive breast cancer diagnosed 2000-2017 and registered by the Eastern " \
  "Cancer Registry (England); Cox models for breast-cancer mortality (separately by ER status) " \
  "and for other-cause mortality."
#define PREDICT_OUTCOME \
  "Overall survival and cumulative breast-cancer and other-cause mortality, years 1-15 after " \
  "surgery, for each cumulative treatment regimen, and the absolute benefit of each treatment " \
  "in percentage points of overall survival."
#define PREDICT_USE \
  "Research and teaching: reproduce the published PREDICT estimates for a woman with early " \
  "invasive breast cancer after surgery, to inform discussion of adjuvant options."

static const CardSpec predict_v22_card = {
  "predict-v2.2", "PREDICT Breast v2.2", "2.2 (R code dated 2020-02-02)",
  predict_v2_papers, PREDICT_REPOSITORY, PREDICT_COMMIT, predict_v2_paths, "MIT",
  PREDICT_POPULATION_V2, PREDICT_OUTCOME,
  predict_v2_inputs, G_N_ELEMENTS (predict_v2_inputs),
  predict_v2_performance, G_N_ELEMENTS (predict_v2_performance),
  PREDICT_USE, predict_limitations, predict_v2_deviations,
};

static const CardSpec predict_v31_card = {
  "predict-v3.1", "PREDICT Breast v3.1", "3.1 (R code dated 2023-05-23)",
  predict_v3_papers, PREDICT_REPOSITORY, PREDICT_COMMIT, predict_v3_paths, "MIT",
  PREDICT_POPULATION_V3, PREDICT_OUTCOME,
  predict_v3_inputs, G_N_ELEMENTS (predict_v3_inputs),
  predict_v3_performance, G_N_ELEMENTS (predict_v3_performance),
  PREDICT_USE, predict_limitations, predict_v3_deviations,
};

static const CardSpec predict_v32_card = {
  "predict-v3.2", "PREDICT Breast v3.2", "3.2 (R/benefits32.R)",
  predict_v3_papers, PREDICT_REPOSITORY, PREDICT_COMMIT, predict_v3_paths, "MIT",
  PREDICT_POPULATION_V3, PREDICT_OUTCOME,
  predict_v3_inputs, G_N_ELEMENTS (predict_v3_inputs),
  predict_v3_performance, G_N_ELEMENTS (predict_v3_performance),
  PREDICT_USE, predict_limitations, predict_v32_deviations,
};

/* ---- CTS5 ---------------------------------------------------------------- */

static const CardInput cts5_inputs[] = {
  { "age", "years at diagnosis", STM_CTS5_AGE_MIN, STM_CTS5_AGE_MAX, "continuous" },
  { "size_mm", "mm", STM_CTS5_SIZE_MIN_MM, STM_CTS5_SIZE_MAX_MM, "capped at 30 mm" },
  { "nodes", "positive nodes", 0, STM_CTS5_NODES_MAX,
    "grouped: 0, 1, 2-3, 4-9, 10 or more (0..4)" },
  { "grade", NULL, NAN, NAN, "1, 2 or 3 (required)" },
  { "er", NULL, NAN, NAN, "must be true: ER-negative tumours are refused" },
};

static const char * const cts5_papers[] = {
  "Dowsett M, Sestak I, Regan MM, et al. Integration of clinical variables for the prediction "
  "of late distant recurrence in patients with estrogen receptor-positive breast cancer "
  "treated with 5 years of endocrine therapy: CTS5. J Clin Oncol 2018;36(19):1941-1948. "
  "doi:10.1200/JCO.2017.76.4258",
  NULL
};

static const char * const cts5_paths[] = { NULL };

static const CardPerformance cts5_performance[] = {
  { "Development (ATAC, n = 4,735) and validation (BIG 1-98, n = 6,711), Dowsett 2018",
    "Hazard ratio per unit of CTS5 2.47 (95 % CI 2.24-2.73) in ATAC and 2.07 (1.88-2.28) in "
    "BIG 1-98; 43 % of the validation cohort was low risk, with 3.6 % (2.7-4.9 %) distant "
    "recurrence in years 5-10." },
  { "Royal Marsden unselected cohort, 1,662 postmenopausal women (Richman 2020)",
    "Hazard ratio 2.18 (1.78-2.67); 10-year distant recurrence 2.9 %, 7.2 % and 12.9 % for "
    "low, intermediate and high risk; more recurrences than expected in the high-risk group." },
  { "GEICAM / El Alamo IV, 5,739 HR-positive HER2-negative patients (The Oncologist 2025)",
    "Categories separated risk (HR 2.55 intermediate and 5.77 high against low) but CTS5 "
    "over-estimated distant recurrence in the low- and high-risk groups." },
};

static const char * const cts5_limitations[] = {
  "The continuous risk is derived, not published: risk = 1 - exp(-H0 exp(CTS5)), with H0 = "
  "0.0022311, the geometric mean of the baselines implied by the published cut points "
  "(5 % at 3.13, 10 % at 3.86). It is a display aid; the categories are the published "
  "output, and above a score of about 5 the curve is an extrapolation.",
  "Formula as stated on a calculator page citing Dowsett 2018 (node term outside the "
  "0.988 bracket, node groups rather than counts); the primary full text was not read.",
  "External validations report over-estimation in some cohorts.",
  NULL
};

static const char * const cts5_deviations[] = {
  "Scores are compared with the cut points after rounding to 1e-9, so a score of exactly "
  "3.13 or 3.86 is intermediate as published.",
  NULL
};

static const CardSpec cts5_card = {
  "cts5", "CTS5 (Clinical Treatment Score post-5 years)",
  "final CTS5 from pooled ATAC and BIG 1-98 data",
  cts5_papers, NULL, NULL, cts5_paths, NULL,
  "Postmenopausal women with ER-positive breast cancer, alive and free of distant recurrence "
  "after 5 years of endocrine therapy: ATAC (n = 4,735, development) and BIG 1-98 "
  "(n = 6,711, validation); the final score was derived from both pooled.",
  "Late distant recurrence, years 5-10 after diagnosis: score, risk group (low < 5 %, "
  "intermediate 5-10 %, high > 10 %) and a derived continuous risk.",
  cts5_inputs, G_N_ELEMENTS (cts5_inputs),
  cts5_performance, G_N_ELEMENTS (cts5_performance),
  "Research and teaching: estimate the residual risk of late distant recurrence after 5 years "
  "of endocrine therapy, to inform discussion of extended endocrine therapy.",
  cts5_limitations, cts5_deviations,
};

static const CardSpec * const cards[] = {
  &predict_v22_card, &predict_v31_card, &predict_v32_card, &cts5_card,
};

/* ---- building ------------------------------------------------------------ */

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_strings (JsonBuilder        *b,
             const char         *member,
             const char * const *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_source (JsonBuilder    *b,
            const CardSpec *card)
{
  json_builder_set_member_name (b, "source");
  json_builder_begin_object (b);
  add_strings (b, "papers", card->papers);
  add_string (b, "version", card->version);
  json_builder_set_member_name (b, "code");
  json_builder_begin_object (b);
  add_string (b, "repository", card->repository);
  add_string (b, "commit", card->commit);
  add_strings (b, "paths", card->paths);
  add_string (b, "licence", card->licence);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
add_input (JsonBuilder     *b,
           const CardInput *input)
{
  json_builder_begin_object (b);
  add_string (b, "name", input->name);
  add_string (b, "unit", input->unit);
  json_builder_set_member_name (b, "range");
  if (isnan (input->min))
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, input->min);
      json_builder_add_double_value (b, input->max);
      json_builder_end_array (b);
    }
  add_string (b, "coding", input->coding);
  json_builder_end_object (b);
}

static void
add_inputs (JsonBuilder    *b,
            const CardSpec *card)
{
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_array (b);
  for (guint i = 0; i < card->n_inputs; i++)
    add_input (b, &card->inputs[i]);
  json_builder_end_array (b);
}

static void
add_performance (JsonBuilder    *b,
                 const CardSpec *card)
{
  json_builder_set_member_name (b, "performance");
  json_builder_begin_array (b);
  for (guint i = 0; i < card->n_performance; i++)
    {
      json_builder_begin_object (b);
      add_string (b, "study", card->performance[i].study);
      add_string (b, "result", card->performance[i].result);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static JsonNode *
card_build (const CardSpec *card)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "name", card->name);
  add_string (b, "title", card->title);
  add_string (b, "kind", "published");
  add_source (b, card);
  add_string (b, "population", card->population);
  add_string (b, "outcome", card->outcome);
  add_inputs (b, card);
  add_performance (b, card);
  add_string (b, "intended_use", card->intended_use);
  add_strings (b, "limitations", card->limitations);
  add_strings (b, "deviations_from_public_code", card->deviations);
  add_string (b, "disclaimer", STM_MODEL_CARD_DISCLAIMER);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

const char * const *
stm_model_card_builtin_names (void)
{
  static const char * const names[] = {
    "predict-v2.2", "predict-v3.1", "predict-v3.2", "cts5", NULL
  };

  return names;
}

JsonNode *
stm_model_card_builtin (const char  *model_name,
                        GError     **error)
{
  g_return_val_if_fail (model_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    if (g_str_equal (cards[i]->name, model_name))
      return card_build (cards[i]);
  g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
               _("There is no built-in model called “%s”; the built-in models are "
                 "predict-v2.2, predict-v3.1, predict-v3.2 and cts5."), model_name);
  return NULL;
}
