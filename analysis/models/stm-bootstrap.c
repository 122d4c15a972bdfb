/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Harrell's bootstrap optimism correction of the C-index of a Cox model.
 */
#include "stm-metrics-private.h"
#include <glib/gi18n.h>
#include "stm-concordance.h"
#include "stm-model-error.h"

#include <math.h>
#include <string.h>

/* A resample's own arrays, viewed through data. */
typedef struct
{
  StmSurvData  data;
  double      *time, *event, *x, *weights;
  int         *strata;
} Resample;

static void
resample_init (Resample *r, const StmSurvData *src)
{
  r->data = *src;
  r->time = g_new (double, src->n);
  r->event = g_new (double, src->n);
  r->x = g_new (double, src->n * src->p);
  r->weights = src->weights ? g_new (double, src->n) : NULL;
  r->strata = src->strata ? g_new (int, src->n) : NULL;
  r->data.time = r->time;
  r->data.event = r->event;
  r->data.x = r->x;
  r->data.weights = r->weights;
  r->data.strata = r->strata;
}

static void
resample_clear (Resample *r)
{
  g_free (r->time);
  g_free (r->event);
  g_free (r->x);
  g_free (r->weights);
  g_free (r->strata);
}

static void
resample_draw (Resample *r, const StmSurvData *src, GRand *rand)
{
  for (gsize k = 0; k < src->n; k++)
    {
      gsize i = (gsize) g_rand_int_range (rand, 0, (gint32) src->n);

      r->time[k] = src->time[i];
      r->event[k] = src->event[i];
      memcpy (r->x + k * src->p, src->x + i * src->p, src->p * sizeof (double));
      if (r->weights)
        r->weights[k] = src->weights[i];
      if (r->strata)
        r->strata[k] = src->strata[i];
    }
}

/* Harrell's C of x'beta on data, within strata, with case weights. */
static double
harrell_c (const StmSurvData *data, const double *beta)
{
  g_autofree double *eta = g_new0 (double, data->n);
  StmConcordance c;

  for (gsize i = 0; i < data->n; i++)
    for (guint j = 0; j < data->p; j++)
      eta[i] += data->x[i * data->p + j] * beta[j];
  stm_concordance_compute (data->n, data->time, data->event, eta, data->strata,
                           data->weights, &c);
  return c.concordance;
}

/* The optimism of one resample, or NAN when its fit fails. Cancellation
 * is reported through error. */
static double
resample_optimism (Resample *r, const StmSurvData *data, const StmCoxOptions *options,
                   GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(StmCoxFit) fit = stm_cox_fit (&r->data, options, cancellable, &local);

  if (fit == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      return NAN;
    }
  if (!fit->converged)
    return NAN;
  return harrell_c (&r->data, fit->beta) - harrell_c (data, fit->beta);
}

static gboolean
apparent_c (const StmSurvData *data, const StmCoxOptions *options, GCancellable *cancellable,
            double *apparent, GError **error)
{
  g_autoptr(StmCoxFit) fit = stm_cox_fit (data, options, cancellable, error);

  if (fit == NULL)
    return FALSE;
  *apparent = harrell_c (data, fit->beta);
  return TRUE;
}

static void
summarise (StmOptimism *out, const GArray *optimism)
{
  double mean = 0, var = 0;

  for (guint b = 0; b < optimism->len; b++)
    mean += g_array_index (optimism, double, b) / optimism->len;
  for (guint b = 0; b < optimism->len; b++)
    var += pow (g_array_index (optimism, double, b) - mean, 2);
  out->n_boot = optimism->len;
  out->optimism = mean;
  out->optimism_sd = optimism->len > 1 ? sqrt (var / (optimism->len - 1)) : NAN;
  out->corrected = out->apparent - mean;
}

/* Draws and scores n_boot resamples into optimism; FALSE only when
 * cancelled. */
static gboolean
run_resamples (const StmSurvData *data, const StmCoxOptions *options, guint n_boot,
               GRand *rand, StmProgressFunc progress, gpointer user_data,
               GCancellable *cancellable, GArray *optimism, guint *n_failed, GError **error)
{
  Resample r;
  gboolean ok = TRUE;

  resample_init (&r, data);
  for (guint b = 0; b < n_boot && ok; b++)
    {
      double o;

      resample_draw (&r, data, rand);
      o = resample_optimism (&r, data, options, cancellable, error);
      if (error != NULL && *error != NULL)
        ok = FALSE;
      else if (isnan (o))
        (*n_failed)++;
      else
        g_array_append_val (optimism, o);
      if (ok && progress != NULL)
        progress ((double) (b + 1) / n_boot, user_data);
    }
  resample_clear (&r);
  return ok;
}

gboolean
stm_bootstrap_optimism (const StmSurvData    *data,
                        const StmCoxOptions  *options,
                        guint                 n_boot,
                        guint64               seed,
                        StmProgressFunc       progress,
                        gpointer              user_data,
                        GCancellable         *cancellable,
                        StmOptimism          *out,
                        GError              **error)
{
  guint32 words[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GArray) optimism = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) local = NULL;

  *out = (StmOptimism) { 0 };
  if (n_boot == 0 || data == NULL || data->n < 2 || data->n > G_MAXINT32)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_INVALID_INPUT,
                   _("The bootstrap needs patients and at least one resample"));
      return FALSE;
    }
  if (!apparent_c (data, options, cancellable, &out->apparent, error))
    return FALSE;
  rand = g_rand_new_with_seed_array (words, 2);
  if (!run_resamples (data, options, n_boot, rand, progress, user_data, cancellable,
                      optimism, &out->n_failed, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (optimism->len == 0)
    {
      g_set_error (error, STM_MODEL_ERROR, STM_MODEL_ERROR_FIT,
                   _("The Cox model could not be refitted on any bootstrap resample"));
      return FALSE;
    }
  summarise (out, optimism);
  return TRUE;
}
