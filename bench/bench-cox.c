/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-cox: time stm_cox_fit() (Efron ties, coxph's default control) on a
 * CSV cohort or on a synthetic cohort, as a counterpart to bench/cox_bench.R.
 *
 *   bench-cox [-r RUNS] [-c COEF_OUT] --csv PATH --time COL --event COL
 *             --covariates A,B,C
 *   bench-cox [-r RUNS] [-c COEF_OUT] --synthetic N --p P [--seed S]
 *             --write PATH
 *
 * Synthetic cohort (fixed seed): x_ij ~ N(0, 1) written with 4 decimals,
 * true beta_j = 0.2 (j - (p-1)/2) / p (|beta| <= 0.1), event time
 * T ~ Exp(0.001 exp(x'beta)), censoring C ~ Exp(0.001) (about 50 %
 * censored), time = ceil(min(T, C)) days, so there are many tied times and
 * Efron's correction matters. The CSV is written first and the fit uses the
 * values exactly as written (re-parsed), so R reads the same data.
 *
 * Each run times the whole stm_cox_fit() call (sorting, Newton iterations,
 * variance, baseline hazard, concordance) in wall time and in process CPU
 * time (user + system, all threads). Output: one "run" line per fit, then
 * one "result" line of key=value pairs for scripts. COEF_OUT receives the
 * coefficients, one per line (%.17g).
 */
#include "stm-bench-support.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib.h>

#include "stm-cox.h"
#include "stm-data-table.h"

/* xoshiro256** seeded with splitmix64: fixed, platform-independent. */
static guint64 rng_state[4];

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
rng_next (void)
{
  guint64 result = rotl (rng_state[1] * 5, 7) * 9;
  guint64 t = rng_state[1] << 17;

  rng_state[2] ^= rng_state[0];
  rng_state[3] ^= rng_state[1];
  rng_state[1] ^= rng_state[2];
  rng_state[0] ^= rng_state[3];
  rng_state[2] ^= t;
  rng_state[3] = rotl (rng_state[3], 45);
  return result;
}

/* Uniform on (0, 1). */
static double
rng_uniform (void)
{
  return ((double) (rng_next () >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double
rng_normal (void)
{
  static gboolean have_spare;
  static double spare;
  double u, v;

  if (have_spare)
    {
      have_spare = FALSE;
      return spare;
    }
  u = rng_uniform ();
  v = rng_uniform ();
  spare = sqrt (-2.0 * log (u)) * sin (2.0 * G_PI * v);
  have_spare = TRUE;
  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

typedef struct
{
  gsize   n;
  guint   p;
  double *time, *event, *x;
  char  **names;
} Cohort;

static void
cohort_clear (Cohort *c)
{
  g_free (c->time);
  g_free (c->event);
  g_free (c->x);
  g_strfreev (c->names);
}

static gboolean
make_synthetic (Cohort *c, gsize n, guint p, guint64 seed, const char *path,
                GError **error)
{
  g_autofree double *beta = g_new (double, p);
  FILE *out;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize n_events = 0;

  if (path == NULL || (out = fopen (path, "w")) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "cannot write the synthetic cohort to %s", path ? path : "(no --write)");
      return FALSE;
    }
  setvbuf (out, NULL, _IOFBF, 1 << 20);

  for (int k = 0; k < 4; k++)
    rng_state[k] = splitmix64 (&seed);

  c->n = n;
  c->p = p;
  c->time = g_new (double, n);
  c->event = g_new (double, n);
  c->x = g_new (double, n * p);
  c->names = g_new0 (char *, p + 1);

  fputs ("time,status", out);
  for (guint j = 0; j < p; j++)
    {
      beta[j] = 0.2 * ((double) j - 0.5 * (double) (p - 1)) / (double) p;
      c->names[j] = g_strdup_printf ("x%u", j + 1);
      fprintf (out, ",%s", c->names[j]);
    }
  fputc ('\n', out);

  for (gsize i = 0; i < n; i++)
    {
      double *xi = c->x + i * p;
      double eta = 0, t, cens;

      for (guint j = 0; j < p; j++)
        {
          /* The value the CSV holds, as any reader parses it. */
          g_ascii_formatd (buf, sizeof buf, "%.4f", rng_normal ());
          xi[j] = g_ascii_strtod (buf, NULL);
          eta += beta[j] * xi[j];
        }
      t = -log (rng_uniform ()) / (0.001 * exp (eta));
      cens = -log (rng_uniform ()) / 0.001;
      c->event[i] = t <= cens ? 1.0 : 0.0;
      c->time[i] = ceil (MIN (t, cens));
      n_events += c->event[i] > 0;

      fprintf (out, "%.0f,%.0f", c->time[i], c->event[i]);
      for (guint j = 0; j < p; j++)
        {
          g_ascii_formatd (buf, sizeof buf, "%.4f", xi[j]);
          fputc (',', out);
          fputs (buf, out);
        }
      fputc ('\n', out);
    }
  if (fclose (out) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "writing %s failed", path);
      return FALSE;
    }
  fprintf (stderr, "# synthetic n=%zu p=%u written to %s: %zu events (%.1f %% censored)\n",
           n, p, path, n_events, 100.0 * (1.0 - (double) n_events / (double) n));
  return TRUE;
}

static gboolean
read_cohort (Cohort *c, const char *path, const char *time_col,
             const char *event_col, const char *covariates, GError **error)
{
  g_autoptr (StmDataTable) table = stm_data_table_read_csv (path, error);
  const double *time, *event;
  const double **cols;
  gsize n;

  if (table == NULL)
    return FALSE;
  if ((time = stm_data_table_column (table, time_col, error)) == NULL
      || (event = stm_data_table_column (table, event_col, error)) == NULL)
    return FALSE;

  c->names = g_strsplit (covariates, ",", -1);
  c->p = g_strv_length (c->names);
  c->n = n = stm_data_table_n_rows (table);
  cols = g_new (const double *, c->p);
  for (guint j = 0; j < c->p; j++)
    if ((cols[j] = stm_data_table_column (table, c->names[j], error)) == NULL)
      {
        g_free (cols);
        return FALSE;
      }

  c->time = g_memdup2 (time, n * sizeof (double));
  c->event = g_memdup2 (event, n * sizeof (double));
  c->x = g_new (double, n * c->p);
  for (gsize i = 0; i < n; i++)
    for (guint j = 0; j < c->p; j++)
      c->x[i * c->p + j] = cols[j][i];
  g_free (cols);
  return TRUE;
}

int
main (int argc, char **argv)
{
  int runs = 5;
  gint64 synthetic = 0, p_opt = 50, seed = 20240601;
  g_autofree char *csv = NULL, *time_col = NULL, *event_col = NULL;
  g_autofree char *covariates = NULL, *write = NULL, *coef_out = NULL;
  GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Timed fits (5)", "N" },
    { "coef", 'c', 0, G_OPTION_ARG_FILENAME, &coef_out, "Write the coefficients here", "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Cohort CSV", "PATH" },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time_col, "Time column", "COL" },
    { "event", 0, 0, G_OPTION_ARG_STRING, &event_col, "Event column (1 = event)", "COL" },
    { "covariates", 0, 0, G_OPTION_ARG_STRING, &covariates, "Comma-separated covariate columns", "A,B" },
    { "synthetic", 0, 0, G_OPTION_ARG_INT64, &synthetic, "Generate N patients", "N" },
    { "p", 0, 0, G_OPTION_ARG_INT64, &p_opt, "Synthetic covariates (50)", "P" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Synthetic seed", "S" },
    { "write", 0, 0, G_OPTION_ARG_FILENAME, &write, "Write the synthetic CSV here", "PATH" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- time stm_cox_fit");
  g_autoptr (GError) error = NULL;
  g_autofree double *wall = NULL, *cpu = NULL;
  Cohort c = { 0 };
  StmSurvData data;
  StmCoxOptions options;
  StmCoxFit *fit = NULL;
  double cpu_sum = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-cox: %s\n", error->message);
      return 2;
    }
  if (runs < 1)
    runs = 1;

  if (synthetic > 0)
    {
      if (p_opt < 1 || p_opt > 10000
          || !make_synthetic (&c, (gsize) synthetic, (guint) p_opt, (guint64) seed, write, &error))
        {
          fprintf (stderr, "bench-cox: %s\n", error ? error->message : "bad --p");
          return 1;
        }
    }
  else if (csv && time_col && event_col && covariates)
    {
      if (!read_cohort (&c, csv, time_col, event_col, covariates, &error))
        {
          fprintf (stderr, "bench-cox: %s\n", error->message);
          return 1;
        }
    }
  else
    {
      fprintf (stderr, "bench-cox: give --csv, --time, --event and --covariates, or --synthetic\n");
      return 2;
    }

  data = (StmSurvData) {
    .n = c.n, .p = c.p, .time = c.time, .event = c.event, .x = c.x,
    .strata = NULL, .weights = NULL, .names = (const char * const *) c.names,
  };
  stm_cox_options_init (&options);
  options.ties = STM_TIES_EFRON;

  wall = g_new (double, runs);
  cpu = g_new (double, runs);
  for (int r = 0; r < runs; r++)
    {
      double t0, c0;

      if (fit)
        stm_cox_fit_free (fit);
      c0 = stm_bench_cpu_s ();
      t0 = stm_bench_now_s ();
      fit = stm_cox_fit (&data, &options, NULL, &error);
      wall[r] = stm_bench_now_s () - t0;
      cpu[r] = stm_bench_cpu_s () - c0;
      if (fit == NULL)
        {
          fprintf (stderr, "bench-cox: %s\n", error->message);
          cohort_clear (&c);
          return 1;
        }
      cpu_sum += cpu[r];
      printf ("run %d wall_s=%.6f cpu_s=%.6f iterations=%u\n", r + 1, wall[r], cpu[r], fit->iterations);
    }

  if (coef_out)
    {
      FILE *out = fopen (coef_out, "w");

      if (out == NULL)
        {
          fprintf (stderr, "bench-cox: cannot write %s\n", coef_out);
          return 1;
        }
      for (guint j = 0; j < fit->p; j++)
        fprintf (out, "%.17g\n", fit->beta[j]);
      fclose (out);
    }

  printf ("result n=%zu p=%u events=%zu runs=%d median_s=%.6f median_cpu_s=%.6f "
          "mean_cpu_s=%.6f iterations=%u converged=%d loglik=%.12g\n",
          fit->n, fit->p, fit->n_events, runs, stm_bench_median (wall, runs), stm_bench_median (cpu, runs),
          cpu_sum / runs, fit->iterations, fit->converged, fit->loglik);

  stm_cox_fit_free (fit);
  cohort_clear (&c);
  return 0;
}
