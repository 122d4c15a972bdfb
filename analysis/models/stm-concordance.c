/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Harrell's C by a sweep from the latest time back: a Fenwick tree over
 * the ranks of the risk score holds everyone seen so far (at risk later),
 * a second one the events seen so far, which gives each row's own counts
 * as well for the jackknife variance of survival::concordance().
 */
#include "stm-concordance.h"

#include <math.h>
#include <string.h>

typedef struct
{
  gsize   size;
  double *tree;    /* 1-based partial sums */
  double *node;    /* the weight at each rank */
  double  total;
} Fenwick;

static void
fenwick_reset (Fenwick *f,
               gsize    size)
{
  f->size = size;
  f->total = 0;
  memset (f->tree, 0, (size + 1) * sizeof (double));
  memset (f->node, 0, size * sizeof (double));
}

static void
fenwick_add (Fenwick *f,
             gsize    rank,
             double   w)
{
  f->node[rank] += w;
  f->total += w;
  for (gsize i = rank + 1; i <= f->size; i += i & (~i + 1))
    f->tree[i] += w;
}

/* The weight below, at and above a rank. */
typedef struct
{
  double below, equal, above;
} Split;

static Split
fenwick_split (const Fenwick *f,
               gsize          rank)
{
  Split s = { 0, f->node[rank], 0 };

  for (gsize i = rank; i > 0; i -= i & (~i + 1))
    s.below += f->tree[i];
  s.above = f->total - s.below - s.equal;
  return s;
}

typedef struct
{
  const double *time, *event, *risk, *weights;
  const int    *strata;
} Input;

static double
weight_of (const Input *in,
           gsize        i)
{
  return in->weights ? in->weights[i] : 1.0;
}

static int
stratum_of (const Input *in,
            gsize        i)
{
  return in->strata ? in->strata[i] : 0;
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* Stratum, then decreasing time, censored before events, then risk. */
static int
compare_time (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Input *in = user_data;
  gsize i = *(const gsize *) a, j = *(const gsize *) b;
  int c = CMP (stratum_of (in, i), stratum_of (in, j));

  if (c == 0)
    c = CMP (in->time[j], in->time[i]);
  if (c == 0)
    c = CMP (in->event[i], in->event[j]);
  if (c == 0)
    c = CMP (in->risk[i], in->risk[j]);
  return c;
}

static int
compare_risk (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Input *in = user_data;
  gsize i = *(const gsize *) a, j = *(const gsize *) b;
  int c = CMP (stratum_of (in, i), stratum_of (in, j));

  return c != 0 ? c : CMP (in->risk[i], in->risk[j]);
}

typedef struct
{
  Input           in;
  gsize           n;          /* usable rows */
  gsize          *by_time;
  gsize          *rank;       /* per input row: rank of risk within stratum */
  Fenwick         all, deaths;
  double         *own[3];     /* per input row: concordant, discordant, tied */
  StmConcordance *out;
} Sweep;

static gboolean
usable (const Input *in,
        gsize        i)
{
  return isfinite (in->time[i]) && isfinite (in->risk[i]) &&
         (in->event[i] == 0 || in->event[i] == 1) && weight_of (in, i) > 0;
}

/* Ranks of the risk within each stratum (equal risks share a rank). */
static gsize
rank_risks (Sweep *sw)
{
  g_autofree gsize *by_risk = g_memdup2 (sw->by_time, sw->n * sizeof (gsize));
  gsize largest = 0, rank = 0;

  g_qsort_with_data (by_risk, sw->n, sizeof (gsize), compare_risk, &sw->in);
  for (gsize k = 0; k < sw->n; k++)
    {
      gsize i = by_risk[k], prev = k > 0 ? by_risk[k - 1] : 0;
      if (k == 0 || stratum_of (&sw->in, i) != stratum_of (&sw->in, prev))
        rank = 0;
      else if (sw->in.risk[i] != sw->in.risk[prev])
        rank++;
      sw->rank[i] = rank;
      largest = MAX (largest, rank + 1);
    }
  return largest;
}

/* Row i as the later member of pairs: the events that the tree `deaths`
 * will gain from now on are compared with it (sign -1 now, +1 at the end). */
static void
count_as_survivor (Sweep *sw,
                   gsize  i,
                   double sign)
{
  Split s = fenwick_split (&sw->deaths, sw->rank[i]);

  sw->own[0][i] += sign * s.above;
  sw->own[1][i] += sign * s.below;
  sw->own[2][i] += sign * s.equal;
}

static void
count_ties_in_time (Sweep *sw,
                    gsize  from,
                    gsize  to)
{
  double before = 0, same_risk = 0;

  for (gsize k = from; k < to; k++)
    {
      gsize i = sw->by_time[k];
      double w = weight_of (&sw->in, i);
      if (k > from && sw->in.risk[i] != sw->in.risk[sw->by_time[k - 1]])
        same_risk = 0;
      sw->out->tied_time += w * before;
      sw->out->tied_both += w * same_risk;
      before += w;
      same_risk += w;
    }
}

/* The events at one time, by_time[from..to), against everyone at risk. */
static void
count_events (Sweep *sw,
              gsize  from,
              gsize  to)
{
  count_ties_in_time (sw, from, to);
  for (gsize k = from; k < to; k++)
    {
      gsize i = sw->by_time[k];
      double w = weight_of (&sw->in, i);
      Split s = fenwick_split (&sw->all, sw->rank[i]);

      sw->out->concordant += w * s.below;
      sw->out->discordant += w * s.above;
      sw->out->tied_risk += w * s.equal;
      sw->own[0][i] += s.below;
      sw->own[1][i] += s.above;
      sw->own[2][i] += s.equal;
    }
  for (gsize k = from; k < to; k++)
    fenwick_add (&sw->deaths, sw->rank[sw->by_time[k]], weight_of (&sw->in, sw->by_time[k]));
  for (gsize k = from; k < to; k++)
    {
      gsize i = sw->by_time[k];
      count_as_survivor (sw, i, -1);
      fenwick_add (&sw->all, sw->rank[i], weight_of (&sw->in, i));
    }
}

static void
sweep_stratum (Sweep *sw,
               gsize  from,
               gsize  to,
               gsize  n_ranks)
{
  const Input *in = &sw->in;
  gsize k = from;

  fenwick_reset (&sw->all, n_ranks);
  fenwick_reset (&sw->deaths, n_ranks);
  while (k < to)
    {
      double t = in->time[sw->by_time[k]];
      gsize end;

      for (; k < to && in->time[sw->by_time[k]] == t && in->event[sw->by_time[k]] == 0; k++)
        {
          count_as_survivor (sw, sw->by_time[k], -1);
          fenwick_add (&sw->all, sw->rank[sw->by_time[k]], weight_of (in, sw->by_time[k]));
        }
      for (end = k; end < to && in->time[sw->by_time[end]] == t; end++)
        ;
      count_events (sw, k, end);
      k = end;
    }
  for (k = from; k < to; k++)
    count_as_survivor (sw, sw->by_time[k], +1);
}

/* survival::concordancefit's dfbeta and var = sum(dfbeta^2) / 4. */
static double
jackknife_se (const Sweep *sw)
{
  const StmConcordance *c = sw->out;
  double npair = c->concordant + c->discordant + c->tied_risk;
  double somer = (c->concordant - c->discordant) / npair;
  double var = 0;

  for (gsize k = 0; k < sw->n; k++)
    {
      gsize i = sw->by_time[k];
      double dfbeta = weight_of (&sw->in, i) *
                      ((sw->own[0][i] - sw->own[1][i]) / npair -
                       somer / npair * (sw->own[0][i] + sw->own[1][i] + sw->own[2][i]));
      var += dfbeta * dfbeta;
    }
  return sqrt (var / 4);
}

static void
sweep_all (Sweep *sw,
           gsize  n_ranks)
{
  gsize from = 0;

  sw->all.tree = g_new (double, n_ranks + 1);
  sw->all.node = g_new (double, MAX (n_ranks, 1));
  sw->deaths.tree = g_new (double, n_ranks + 1);
  sw->deaths.node = g_new (double, MAX (n_ranks, 1));
  while (from < sw->n)
    {
      int s = stratum_of (&sw->in, sw->by_time[from]);
      gsize to = from, ranks = 0;
      for (; to < sw->n && stratum_of (&sw->in, sw->by_time[to]) == s; to++)
        ranks = MAX (ranks, sw->rank[sw->by_time[to]] + 1);
      sweep_stratum (sw, from, to, ranks);
      from = to;
    }
  g_free (sw->all.tree);
  g_free (sw->all.node);
  g_free (sw->deaths.tree);
  g_free (sw->deaths.node);
}

void
stm_concordance_compute (gsize           n,
                         const double   *time,
                         const double   *event,
                         const double   *risk,
                         const int      *strata,
                         const double   *weights,
                         StmConcordance *out)
{
  Sweep sw = { { time, event, risk, weights, strata }, 0 };
  g_autofree gsize *rank = g_new0 (gsize, MAX (n, 1));
  g_autofree double *own = g_new0 (double, 3 * MAX (n, 1));
  gsize n_ranks;
  double npair;

  memset (out, 0, sizeof *out);
  sw.out = out;
  sw.rank = rank;
  sw.own[0] = own;
  sw.own[1] = own + n;
  sw.own[2] = own + 2 * n;
  sw.by_time = g_new (gsize, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (usable (&sw.in, i))
      sw.by_time[sw.n++] = i;
  g_qsort_with_data (sw.by_time, sw.n, sizeof (gsize), compare_time, &sw.in);
  n_ranks = rank_risks (&sw);
  sweep_all (&sw, n_ranks);
  out->tied_time -= out->tied_both;
  npair = out->concordant + out->discordant + out->tied_risk;
  out->concordance = npair > 0 ? (out->concordant + out->tied_risk / 2) / npair : NAN;
  out->std_err = npair > 0 ? jackknife_se (&sw) : NAN;
  g_free (sw.by_time);
}

double
stm_concordance_harrell (gsize         n,
                         const double *time,
                         const double *event,
                         const double *risk,
                         const int    *strata,
                         double       *out_se)
{
  StmConcordance c;

  stm_concordance_compute (n, time, event, risk, strata, NULL, &c);
  if (out_se != NULL)
    *out_se = c.std_err;
  return c.concordance;
}
