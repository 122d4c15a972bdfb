/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * PREDICT v2.2: R/benefits22.R of WintonCentre/predict-v30-r @ 42223bc
 * (prognostic part identical to inst/Predict-v2.1-2018-04-07.R), with
 * radiotherapy disabled as there (r.enabled <- 0).
 */
#include <math.h>

#include "stm-predict-private.h"

#define V2_CHEMO_GEN2      (-0.248)
#define V2_CHEMO_GEN3      (-0.446)
#define V2_ENDOCRINE       (-0.3857)
/* Extra log hazard ratio of endocrine therapy in years 11-15 when it is
 * taken for 10 years ("including both ATLAS and aTTom trials"). */
#define V2_EXTENDED_EXTRA  (-0.26)
#define V2_TRASTUZUMAB     (-0.3567)
#define V2_BISPHOSPHONATES (-0.198)

static double
v2_her2_beta (const StmClinicalCase *c)
{
  switch (c->her2)
    {
    case STM_TRISTATE_YES:
      return 0.2413;
    case STM_TRISTATE_NO:
      return -0.0762;
    case STM_TRISTATE_UNKNOWN:
    default:
      return 0.0;
    }
}

static double
v2_ki67_beta (const StmClinicalCase *c)
{
  switch (c->ki67)
    {
    case STM_TRISTATE_YES:
      return 0.14904;
    case STM_TRISTATE_NO:
      return -0.11333;
    case STM_TRISTATE_UNKNOWN:
    default:
      return 0.0;
    }
}

static double
v2_er_positive_pi (const StmClinicalCase *c)
{
  double a = c->age / 10.0;
  double inv_a2 = 1.0 / (a * a);

  return 34.53642 * (inv_a2 - 0.0287449295)
         + -34.20342 * (inv_a2 * log (a) - 0.0510121013)
         + 0.7530729 * (log (c->size_mm / 100.0) + 1.545233938)
         + 0.7060723 * (log ((c->nodes + 1) / 10.0) + 1.387566896)
         + 0.746655 * _stm_predict_grade (c)
         + -0.22763366 * _stm_predict_screen (c)
         + v2_her2_beta (c) + v2_ki67_beta (c);
}

/*
 * The ER-negative model has grade as "2 or 3" against 1. The public code
 * tests `grade==2 || grade==3` after recoding unknown grade to 2.13, so an
 * unknown grade silently counts as grade 1 (quirk Q6). 2.13 is the imputed
 * mean grade, which lies in the "2 or 3" class; the author's own v3.0
 * script writes `grade>=2`. We follow that intent: unknown counts as 2 or 3.
 */
static double
v2_er_negative_pi (const StmClinicalCase *c,
                   StmPredictQuirks       quirks)
{
  double grade_val = c->grade == 1 ? 0.0 : 1.0;

  if (c->grade == 0 && (quirks & _STM_PREDICT_QUIRK_Q6))
    grade_val = 0.0;

  return 0.0089827 * (c->age - 56.3254902)
         + 2.093446 * (sqrt (c->size_mm / 100.0) - 0.5090456276)
         + 0.6260541 * (log ((c->nodes + 1) / 10.0) + 1.086916249)
         + 1.129091 * grade_val
         + v2_her2_beta (c);
}

static void
v2_baselines (const StmClinicalCase *c,
              StmPredictModel       *m)
{
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    {
      double t = k + 1;

      if (c->er == STM_TRISTATE_YES)
        m->base_br[k] = exp (0.7424402 - 7.527762 / sqrt (t) - 1.812513 * log (t) / sqrt (t));
      else
        m->base_br[k] = exp (-1.156036 + 0.4707332 / (t * t) - 3.51355 / t);
      m->base_oth[k] = exp (-6.052919 + 1.079863 * log (t) + 0.3255321 * sqrt (t));
    }
}

static void
fill (double *v,
      double  value)
{
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    v[k] = value;
}

/*
 * The regimens the v2 web tool stacks (h, +c, +t, +b) and the 10-year
 * endocrine variant. Inapplicable treatments have a log hazard ratio of 0.
 * The public code adds the extended-therapy term even with no endocrine
 * therapy (quirk Q2: ER-negative patients gain from it); here, as in the v3
 * functions and the web tool, it needs endocrine therapy.
 */
static void
v2_plans (const StmClinicalCase *c,
          StmPredictModel       *m)
{
  gboolean er_pos = c->er == STM_TRISTATE_YES;
  double h = c->endocrine && er_pos ? V2_ENDOCRINE : 0.0;
  double ch = c->chemo_generation == 2 ? V2_CHEMO_GEN2
              : c->chemo_generation == 3 ? V2_CHEMO_GEN3 : 0.0;
  double t = c->trastuzumab && c->her2 == STM_TRISTATE_YES ? V2_TRASTUZUMAB : 0.0;
  double b = c->bisphosphonates ? V2_BISPHOSPHONATES : 0.0;
  gboolean extended = h != 0.0 || (m->quirks & _STM_PREDICT_QUIRK_Q2);
  double br[STM_PREDICT_YEARS];

  fill (br, 0.0);
  _stm_predict_add_plan (m, "s", NULL, -1, br, 0.0);
  fill (br, h);
  _stm_predict_add_plan (m, "h", "endocrine", 0, br, 0.0);
  fill (br, h + ch);
  _stm_predict_add_plan (m, "hc", "chemotherapy", 1, br, 0.0);
  fill (br, h + ch + t);
  _stm_predict_add_plan (m, "hct", "trastuzumab", 2, br, 0.0);
  fill (br, h + ch + t + b);
  _stm_predict_add_plan (m, "hctb", "bisphosphonates", 3, br, 0.0);
  m->total = 4;
  for (int k = 10; k < STM_PREDICT_YEARS && extended; k++)
    br[k] = (h + V2_EXTENDED_EXTRA) + ch + t + b;
  _stm_predict_add_plan (m, "h10ctb", "extended_endocrine", 4, br, 0.0);
}

static void
v2_warnings (const StmClinicalCase *c,
             GPtrArray             *warnings)
{
  if (c->radiotherapy)
    g_ptr_array_add (warnings, g_strdup ("PREDICT v2.2 does not model radiotherapy; "
                                         "the radiotherapy option was ignored."));
  if (c->pr != STM_TRISTATE_UNKNOWN)
    g_ptr_array_add (warnings, g_strdup ("PREDICT v2.2 does not use the PR status."));
  if (c->smoker)
    g_ptr_array_add (warnings, g_strdup ("PREDICT v2.2 does not use smoking status."));
  if (c->er != STM_TRISTATE_YES && c->grade == 0)
    g_ptr_array_add (warnings, g_strdup ("The grade is unknown; for this ER-negative tumour it "
                                         "counts as grade 2 or 3 (the public code counted it "
                                         "as grade 1)."));
}

void
_stm_predict_v2_build (const StmClinicalCase *c,
                       StmPredictModel       *m,
                       GPtrArray             *warnings)
{
  double pi = c->er == STM_TRISTATE_YES ? v2_er_positive_pi (c)
              : v2_er_negative_pi (c, m->quirks);
  double a = c->age / 10.0;

  fill (m->pi, pi);
  m->mi = 0.0698252 * (a * a - 34.23391957);
  v2_baselines (c, m);
  v2_plans (c, m);
  v2_warnings (c, warnings);
}
