/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How well a survival model predicts: the Kaplan-Meier estimator, the
 * time-dependent AUC, the Brier score and calibration at a horizon, and
 * Harrell's bootstrap optimism correction of the C-index. Harrell's C
 * itself is stm_concordance_harrell() (stm-concordance.h).
 *
 * time[i] is the follow-up, event[i] 1 for an event and 0 for censoring.
 * "risk" is any score where higher means earlier events (a Cox linear
 * predictor); "predicted" is a probability of an event by the horizon.
 *
 * Inverse probability of censoring weights (IPCW) use G, the Kaplan-Meier
 * estimate of the censoring distribution (censoring as the event; an
 * event at a censoring time counts as still at risk of censoring). As in
 * timeROC (Blanche et al., Stat Med 2013) and riskRegression::Score, a
 * case (event at T_i <= t) weighs 1 / G(T_i-), a control (T_j > t)
 * 1 / G(t), and patients censored by t weigh 0.
 */
#pragma once

#include "stm-cox.h"

G_BEGIN_DECLS

/* survfit (Surv (time, event) ~ 1) with conf.type = "log". */
typedef struct
{
  gsize    n_times;
  double  *time;        /* distinct times (events or censorings), ascending */
  double  *n_risk;
  double  *n_event;
  double  *n_censor;
  double  *surv;
  double  *std_err;     /* Greenwood SE of surv, as summary.survfit */
  double  *se_log;      /* Greenwood SE of -log surv, as survfit's $std.err */
  double  *lower;       /* surv * exp (-z se_log), NaN where surv is 0 */
  double  *upper;       /* min (1, surv * exp (z se_log)) */
  double   level;
} StmKaplanMeier;

StmKaplanMeier *stm_kaplan_meier       (gsize                 n,
                                        const double         *time,
                                        const double         *event,
                                        double                level,
                                        GError              **error);
void            stm_kaplan_meier_free  (StmKaplanMeier       *km);
/* Index of the last time <= t, or -1 before the first. */
gssize          stm_kaplan_meier_index (const StmKaplanMeier *km,
                                        double                t);
/* S(t), right-continuous (1 before the first time). */
double          stm_kaplan_meier_at    (const StmKaplanMeier *km,
                                        double                t);
/* S(t-), the value just before t. */
double          stm_kaplan_meier_before (const StmKaplanMeier *km,
                                         double                t);

/*
 * Cumulative/dynamic AUC at the horizon with IPCW (timeROC's estimator;
 * Uno's survAUC::AUC.uno weighs cases by G(T_i) instead): the weighted
 * share of (case, control) pairs where the case has the higher risk, ties
 * counting one half. Without censoring it is the ordinary AUC of
 * "event by t" against "no event by t". NaN with an error without cases
 * or controls.
 */
double          stm_time_auc           (gsize                 n,
                                        const double         *time,
                                        const double         *event,
                                        const double         *risk,
                                        double                horizon,
                                        GError              **error);

/*
 * The Brier score at the horizon with IPCW (Graf et al., Stat Med 1999):
 * (1/n) sum of (1 - p_i)^2 / G(T_i-) over cases and p_i^2 / G(t) over
 * controls, p the predicted event probability by t.
 */
double          stm_brier_score        (gsize                 n,
                                        const double         *time,
                                        const double         *event,
                                        const double         *predicted,
                                        double                horizon,
                                        GError              **error);

/*
 * Calibration at the horizon: patients in groups by quantiles of the
 * predicted probability (R's cut (p, quantile (p, 0:G / G),
 * include.lowest = TRUE): [q0, q1], (q1, q2], ...), and per group the mean
 * predicted probability against the Kaplan-Meier observed one, 1 - S(t),
 * with its log-transformed confidence interval. A group nobody in it was
 * followed to the horizon, or an empty one (tied quantiles), has NaN.
 */
typedef struct
{
  guint    n_groups;
  double   horizon;
  gsize   *n;
  gsize   *n_events;     /* events by the horizon */
  double  *predicted;    /* mean predicted probability */
  double  *observed;     /* 1 - KM at the horizon */
  double  *lower;        /* confidence interval of observed */
  double  *upper;
} StmCalibration;

StmCalibration *stm_calibration        (gsize                 n,
                                        const double         *time,
                                        const double         *event,
                                        const double         *predicted,
                                        double                horizon,
                                        guint                 n_groups,
                                        double                level,
                                        GError              **error);
void            stm_calibration_free   (StmCalibration       *calibration);

/*
 * Harrell's bootstrap optimism correction of the C-index (Harrell, Lee &
 * Mark, Stat Med 1996; rms::validate): for each of n_boot resamples (n rows
 * drawn with replacement) the Cox model is refitted (stm_cox_fit), and its
 * optimism is C on the resample minus C of the same coefficients on the
 * original data. Corrected = apparent - mean optimism. Resamples whose fit
 * fails or does not converge are skipped and counted. Resample b draws
 * row g_rand_int_range (0, n) n times from a GRand seeded, once, with the
 * seed's two 32-bit words. progress (may be NULL) is called after each
 * resample with the fraction done, in the calling thread.
 */
typedef void (*StmProgressFunc) (double   fraction,
                                 gpointer user_data);

typedef struct
{
  double  apparent;
  double  optimism;
  double  optimism_sd;
  double  corrected;
  guint   n_boot;       /* resamples used */
  guint   n_failed;
} StmOptimism;

gboolean        stm_bootstrap_optimism (const StmSurvData    *data,
                                        const StmCoxOptions  *options,
                                        guint                 n_boot,
                                        guint64               seed,
                                        StmProgressFunc       progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        StmOptimism          *out,
                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmKaplanMeier, stm_kaplan_meier_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmCalibration, stm_calibration_free)

G_END_DECLS
