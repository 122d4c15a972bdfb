/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * PREDICT v3.1 and v3.2: R/benefits31.R and R/benefits32.R of
 * WintonCentre/predict-v30-r @ 42223bc, coefficients from
 * inst/extdata/coefficients_v3.csv. v3.2 differs only in the two baseline
 * adjustments for radiotherapy.
 */
#include <math.h>

#include "stm-predict-private.h"

/* coefficients_v3.csv */
#define AG1_ER0   1.7560679383953317
#define AG2_ER0   4.555274634880487
#define SZ1_ER0   0.7443277265210039
#define ND1_ER0   0.6308590364310884
#define GR1_ER0   0.3462287839000938
#define SC1_ER0  (-0.2110969326598672)
#define YR1_ER0  (-0.045504610416172736)
#define AG1_ER1   0.1958986203588129
#define AG2_ER1   2.929125051895787
#define SZ1_ER1   2.27417420673498
#define ND1_ER1   0.6724828209061207
#define GR1_ER1   0.7050339629739382
#define SC1_ER1  (-0.32039363353015476)
#define YR1_ER1  (-0.048251370712776756)
#define AG_OT_1   4.211443507724736
#define AG_OT_2  (-31.41202815365277)
#define YR_OT    (-0.021186462111818898)
#define H0_BR_I  (-3.0153139765165835)
#define H0_BR_T1 (-0.5755380524044251)
#define H0_BR_T2 (-0.1028439317178058)
#define H1_BR_I  (-2.3193510039281637)
#define H1_BR_T1 (-3.622538332641392)
#define H1_BR_T2 (-0.542240944493945)
#define H_OT_I   (-4.845654758283992)
#define H_OT_T1   1.341348310005262
#define H_OT_T2   0.49539394353046057

/* "For web tool this is not an optional input - fixed at 2017". */
#define V3_YEAR 2017

#define V3_R_PROP    0.69   /* share of the population given radiotherapy */
#define V3_R_BREAST  0.82   /* breast-cancer hazard ratio, Darby et al */
#define V3_R_OTHER   1.02   /* other-cause hazard ratio per Gy heart dose */
#define V3_C_OTHER   1.2    /* other-cause hazard ratio of chemotherapy, Kerr et al 2022 */
#define V3_EXTENDED_EXTRA (-0.301)

static const double her2_er_pos[3][STM_PREDICT_YEARS] = {
  [STM_TRISTATE_YES] = { 0.608, .532, .457, .382, .307, .231, .156, .081, .006 },
  [STM_TRISTATE_NO] = { -.053, -.046, -.040, -.033, -.027, -.020, -.014, -.007 },
  [STM_TRISTATE_UNKNOWN] = { 0 },
};

static double
tristate_beta (StmTristate value,
               double      yes,
               double      no)
{
  return value == STM_TRISTATE_YES ? yes : value == STM_TRISTATE_NO ? no : 0.0;
}

static double
v3_r_base_br (StmPredictVersion      version,
              const StmClinicalCase *c)
{
  if (version == STM_PREDICT_V3_2)
    return c->er == STM_TRISTATE_YES ? 0.7 : 0.55;
  return log (1.0 / ((1.0 - V3_R_PROP) + V3_R_PROP * V3_R_BREAST));
}

/* v3.1 assumes an average heart dose of 2 Gy in the irradiated population. */
static double
v3_r_base_oth (StmPredictVersion version)
{
  if (version == STM_PREDICT_V3_2)
    return -0.062;
  return log (1.0 / ((1.0 - V3_R_PROP) + V3_R_PROP * (V3_R_OTHER * V3_R_OTHER)));
}

static void
v3_er_positive_pi (StmPredictVersion      version,
                   const StmClinicalCase *c,
                   double                *pi)
{
  double a = (c->age - 24.0) / 100.0;
  double base = AG1_ER1 * pow (a, -0.5) + AG2_ER1 * (a * a)
                + SZ1_ER1 * (1.0 - exp (-c->size_mm / 20.0))
                + ND1_ER1 * log (c->nodes + 1.0)
                + GR1_ER1 * _stm_predict_grade (c)
                + SC1_ER1 * _stm_predict_screen (c)
                + YR1_ER1 * (V3_YEAR - 2000);
  double rest = tristate_beta (c->ki67, 0.14904, -0.11333)
                + tristate_beta (c->pr, -0.0619, 0.2624)
                + v3_r_base_br (version, c);

  /* HER2 has a time-varying effect in ER-positive disease. */
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    pi[k] = base + her2_er_pos[c->her2][k] + rest;
}

static void
v3_er_negative_pi (StmPredictVersion      version,
                   const StmClinicalCase *c,
                   double                *pi)
{
  double a = (c->age - 24.0) / 100.0;
  double value = AG1_ER0 * a + AG2_ER0 * (a * log (a))
                 + SZ1_ER0 * log (c->size_mm)
                 + ND1_ER0 * log (c->nodes + 1.0)
                 + GR1_ER0 * _stm_predict_grade (c)
                 + SC1_ER0 * _stm_predict_screen (c)
                 + YR1_ER0 * (V3_YEAR - 2000)
                 + tristate_beta (c->her2, 0.2316, -0.08589)
                 + tristate_beta (c->pr, -0.2231, 0.0296)
                 + v3_r_base_br (version, c);

  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    pi[k] = value;
}

/* Current smokers against the never/ex smokers, for a population with 10 %
 * smokers, a relative risk of 2 and 25 % of other deaths smoking-related. */
static double
v3_smoker_beta (const StmClinicalCase *c)
{
  double rr_acm = 0.25 * 2.0 + 1.0 - 0.25;
  double mean = 1.0 - 0.1 + rr_acm * 0.1;

  return c->smoker ? log (rr_acm / mean) : log (1.0 / mean);
}

static double
v3_mi (StmPredictVersion      version,
       const StmClinicalCase *c)
{
  double a = (c->age - 24.0) / 100.0;
  double a3 = a * a * a;

  return AG_OT_1 * a3 + AG_OT_2 * (a3 * log (a)) + YR_OT * (V3_YEAR - 2000)
         + v3_r_base_oth (version) + v3_smoker_beta (c);
}

static void
v3_baselines (const StmClinicalCase *c,
              StmPredictModel       *m)
{
  for (int k = 0; k < STM_PREDICT_YEARS; k++)
    {
      double t = (k + 1) / 10.0;

      if (c->er == STM_TRISTATE_YES)
        m->base_br[k] = exp (H1_BR_I + H1_BR_T1 * pow (t, -0.5)
                             + H1_BR_T2 * (pow (t, -0.5) * log (t)));
      else
        m->base_br[k] = exp (H0_BR_I + H0_BR_T1 / t + H0_BR_T2 * (log (t) / t));
      m->base_oth[k] = exp (H_OT_I + H_OT_T1 * log (t) + H_OT_T2 * t);
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
 * The regimens the v3 web tool stacks (r, +h, +c, +t, +b) and the 10-year
 * endocrine variant. The public code applies the heart-dose harm to every
 * "r" regimen whether or not radiotherapy is given (quirk Q5); here the harm
 * comes with radiotherapy only.
 */
static void
v3_plans (const StmClinicalCase *c,
          StmPredictModel       *m)
{
  double r = c->radiotherapy ? log (V3_R_BREAST) : 0.0;
  gboolean harm = c->radiotherapy || (m->quirks & _STM_PREDICT_QUIRK_Q5);
  double r_oth = harm ? log (V3_R_OTHER) * c->heart_dose_gy : 0.0;
  double h = c->endocrine && c->er == STM_TRISTATE_YES ? -0.3857 : 0.0;
  double ch = c->chemo_generation == 2 ? -0.248 : c->chemo_generation == 3 ? -0.446 : 0.0;
  double c_oth = c->chemo_generation != 0 ? log (V3_C_OTHER) : 0.0;
  double t = c->trastuzumab && c->her2 == STM_TRISTATE_YES ? -0.3567 : 0.0;
  double b = c->bisphosphonates ? -0.198 : 0.0;
  double br[STM_PREDICT_YEARS];

  fill (br, 0.0);
  _stm_predict_add_plan (m, "s", NULL, -1, br, 0.0);
  fill (br, r);
  _stm_predict_add_plan (m, "r", "radiotherapy", 0, br, r_oth);
  fill (br, r + h);
  _stm_predict_add_plan (m, "rh", "endocrine", 1, br, r_oth);
  fill (br, r + h + ch);
  _stm_predict_add_plan (m, "rhc", "chemotherapy", 2, br, r_oth + c_oth);
  fill (br, r + h + ch + t);
  _stm_predict_add_plan (m, "rhct", "trastuzumab", 3, br, r_oth + c_oth);
  fill (br, r + h + ch + t + b);
  _stm_predict_add_plan (m, "rhctb", "bisphosphonates", 4, br, r_oth + c_oth);
  m->total = 5;
  for (int k = 10; k < STM_PREDICT_YEARS && h != 0.0; k++)
    br[k] = r + (V3_EXTENDED_EXTRA + h) + ch + t + b;
  _stm_predict_add_plan (m, "rh10ctb", "extended_endocrine", 5, br, r_oth + c_oth);
}

static void
v3_warnings (const StmClinicalCase *c,
             GPtrArray             *warnings)
{
  if (c->pr == STM_TRISTATE_UNKNOWN)
    g_ptr_array_add (warnings, g_strdup ("The PR status is unknown; no PR term was applied."));
  if (c->radiotherapy && c->heart_dose_gy > 0.0)
    g_ptr_array_add (warnings,
                     g_strdup_printf ("Radiotherapy is credited with a mean heart dose of "
                                      "%g Gy, which raises other-cause mortality.",
                                      c->heart_dose_gy));
}

void
_stm_predict_v3_build (StmPredictVersion      version,
                       const StmClinicalCase *c,
                       StmPredictModel       *m,
                       GPtrArray             *warnings)
{
  if (c->er == STM_TRISTATE_YES)
    v3_er_positive_pi (version, c, m->pi);
  else
    v3_er_negative_pi (version, c, m->pi);
  m->mi = v3_mi (version, c);
  v3_baselines (c, m);
  v3_plans (c, m);
  v3_warnings (c, warnings);
}
