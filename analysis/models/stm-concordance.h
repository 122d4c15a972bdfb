/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Harrell's concordance index for a risk score and right-censored times,
 * exactly as survival::concordance() counts it for a Cox model:
 *  - (i, j) is comparable if t_i < t_j with an event at t_i, or t_i = t_j
 *    with an event at i and censoring at j (censored outlives the event);
 *  - two events at the same time are not comparable ("tied.y");
 *  - concordant if risk_i > risk_j, a tie in risk counts one half;
 *  - pairs are formed within strata only, and weighted by w_i w_j.
 * O(n log n) with Fenwick trees over the ranks of the risk score. The
 * standard error is the infinitesimal jackknife of concordance().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double concordant;
  double discordant;
  double tied_risk;    /* "tied.x" */
  double tied_time;    /* "tied.y": events at the same time, risks differ */
  double tied_both;    /* "tied.xy" */
  double concordance;  /* (concordant + tied_risk / 2) / comparable, NaN if none */
  double std_err;
} StmConcordance;

/* risk: higher means shorter survival (a Cox linear predictor). */
void   stm_concordance_compute  (gsize           n,
                                 const double   *time,
                                 const double   *event,
                                 const double   *risk,
                                 const int      *strata,
                                 const double   *weights,
                                 StmConcordance *out);

double stm_concordance_harrell  (gsize           n,
                                 const double   *time,
                                 const double   *event,
                                 const double   *risk,
                                 const int      *strata,
                                 double         *out_se);

G_END_DECLS
