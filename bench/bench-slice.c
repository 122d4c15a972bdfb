/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-slice: the viewer's slice preparation, timed per slice while stepping
 * through a whole series, as scrolling does.
 *
 *   bench-slice [-n RUNS] [-c CENTER] [-w WIDTH] [-W VIEW_W] [-H VIEW_H]
 *               [-z ZOOM,...] [-e EXPORT.npy] DIR
 *
 * Loads DIR's default series once, then RUNS times steps through every slice
 * doing what StmSliceView does when the slice changes:
 *   wl      stm_slice_render_rgb(): modality values -> packed RGB through the
 *           window (a fresh buffer per slice, as the widget allocates one);
 *   visible stm_slice_render_visible(): the crisp nearest-neighbour resample
 *           of the part of the slice a VIEW_W x VIEW_H view shows at ZOOM
 *           (1 = fit), device scale 1, centred, no pan.
 * One warm-up pass precedes the timed runs. The per-run median and p95 of
 * the per-slice times, wall clock and the thread's CPU time (which leaves
 * out time the core spent on other processes), are printed, then one
 * "result" line per stage with the medians over runs (milliseconds). The
 * checksum is the sum of every output byte over one pass, for comparison
 * with bench/numpy_window.py.
 * -e writes the volume as float32 .npy (z, y, x) for that baseline.
 */
#include "stm-bench-support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "stm-slice-render.h"
#include "stm-view-transform.h"
#include "stm-window.h"

#define MAX_ZOOMS 8

/* One stage's per-slice times over one pass, wall and thread CPU, and the
 * summary of each timed pass. */
typedef struct
{
  const char *name;
  double     *wall_ms;
  double     *cpu_ms;
  double     *pass_median;      /* [0] wall, [1] CPU, per pass */
  double     *pass_p95;
  guint       n_passes;
} Stage;

static void
stage_init (Stage *stage, const char *name, gsize n_slices, guint n_runs)
{
  stage->name = name;
  stage->wall_ms = g_new (double, n_slices);
  stage->cpu_ms = g_new (double, n_slices);
  stage->pass_median = g_new (double, 2 * n_runs);
  stage->pass_p95 = g_new (double, 2 * n_runs);
  stage->n_passes = 0;
}

static void
stage_clear (Stage *stage)
{
  g_free (stage->wall_ms);
  g_free (stage->cpu_ms);
  g_free (stage->pass_median);
  g_free (stage->pass_p95);
}

static void
stage_end_pass (Stage *stage, guint n_slices, double zoom)
{
  guint k = 2 * stage->n_passes++;

  stage->pass_p95[k] = stm_bench_percentile (stage->wall_ms, n_slices, 95);
  stage->pass_median[k] = stm_bench_median (stage->wall_ms, n_slices);
  stage->pass_p95[k + 1] = stm_bench_percentile (stage->cpu_ms, n_slices, 95);
  stage->pass_median[k + 1] = stm_bench_median (stage->cpu_ms, n_slices);
  printf ("run %u %s zoom %g: wall median %.4f ms, p95 %.4f ms; CPU median %.4f ms, p95 %.4f ms\n",
          stage->n_passes, stage->name, zoom, stage->pass_median[k], stage->pass_p95[k],
          stage->pass_median[k + 1], stage->pass_p95[k + 1]);
}

/* The medians over passes of each pass's median and p95. */
static void
stage_print (Stage *stage, double zoom, guint64 checksum, const char *extra)
{
  guint n = stage->n_passes;
  g_autofree double *v = g_new (double, 4 * n);

  for (guint r = 0; r < n; r++)
    {
      v[r] = stage->pass_median[2 * r];
      v[n + r] = stage->pass_p95[2 * r];
      v[2 * n + r] = stage->pass_median[2 * r + 1];
      v[3 * n + r] = stage->pass_p95[2 * r + 1];
    }
  printf ("result stage=%s zoom=%g median_ms=%.4f p95_ms=%.4f cpu_median_ms=%.4f cpu_p95_ms=%.4f "
          "checksum=%" G_GUINT64_FORMAT "%s\n",
          stage->name, zoom, stm_bench_median (v, n), stm_bench_median (v + n, n),
          stm_bench_median (v + 2 * n, n), stm_bench_median (v + 3 * n, n), checksum, extra);
}

static guint64
byte_sum (const guint8 *bytes, gsize n)
{
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += bytes[i];
  return sum;
}

typedef struct
{
  double wall;
  double cpu;
} Clock;

static Clock
clock_now (void)
{
  return (Clock) { stm_bench_now_s (), stm_bench_thread_cpu_s () };
}

static void
record (Stage *stage, gsize z, Clock t0, Clock t1)
{
  stage->wall_ms[z] = (t1.wall - t0.wall) * 1e3;
  stage->cpu_ms[z] = (t1.cpu - t0.cpu) * 1e3;
}

/* Window/level alone: a warm-up pass, then RUNS passes over the series. */
static void
bench_wl (const StmVolume *volume, StmWindow window, guint n_runs)
{
  gsize nz = volume->dims[2], n = volume->dims[0] * volume->dims[1];
  Stage wl;
  guint64 checksum = 0;

  stage_init (&wl, "wl", nz, n_runs);
  for (guint r = 0; r <= n_runs; r++)   /* r == 0 is the warm-up */
    {
      for (gsize z = 0; z < nz; z++)
        {
          Clock t0 = clock_now ();
          g_autofree guint8 *rgb = stm_slice_render_rgb (volume, z, window, FALSE);

          record (&wl, z, t0, clock_now ());
          if (r == 0)
            checksum += byte_sum (rgb, 3 * n);
        }
      if (r > 0)
        stage_end_pass (&wl, (guint) nz, 0);
    }
  stage_print (&wl, 0, checksum, "");
  stage_clear (&wl);
}

/* Window/level then the visible region at @zoom: together, and the
 * resample alone, per slice. */
static void
bench_visible (const StmVolume *volume, StmWindow window, double view_w, double view_h,
               double zoom, guint n_runs)
{
  gsize nz = volume->dims[2];
  Stage total, resample;
  StmViewTransform transform;
  StmDeviceRect rect = { 0 };
  double image[4];
  guint64 checksum = 0;
  g_autofree char *extra = NULL;

  stm_view_transform_init (&transform, volume->dims[0], volume->dims[1],
                           volume->geometry.spacing);
  stm_view_transform_set_view_size (&transform, view_w, view_h);
  stm_view_transform_zoom_at (&transform, zoom, view_w / 2, view_h / 2);
  stm_view_transform_image_rect (&transform, image);
  stage_init (&total, "wl+visible", nz, n_runs);
  stage_init (&resample, "visible", nz, n_runs);

  for (guint r = 0; r <= n_runs; r++)
    {
      for (gsize z = 0; z < nz; z++)
        {
          Clock t0 = clock_now (), t1, t2;
          g_autofree guint8 *rgb = stm_slice_render_rgb (volume, z, window, FALSE);
          g_autofree guint8 *visible = NULL;

          t1 = clock_now ();
          visible = stm_slice_render_visible (rgb, &transform, 1.0, &rect);
          t2 = clock_now ();
          record (&total, z, t0, t2);
          record (&resample, z, t1, t2);
          if (r == 0 && visible != NULL)
            checksum += byte_sum (visible, 3 * (gsize) rect.width * rect.height);
        }
      if (r > 0)
        {
          stage_end_pass (&total, (guint) nz, zoom);
          stage_end_pass (&resample, (guint) nz, zoom);
        }
    }
  /* The image rectangle lets the baseline compute the same pixel-to-voxel maps. */
  extra = g_strdup_printf (" out=%dx%d out_origin=%d,%d image_rect=%.17g,%.17g,%.17g,%.17g",
                           rect.width, rect.height, rect.x, rect.y,
                           image[0], image[1], image[2], image[3]);
  stage_print (&total, zoom, checksum, extra);
  stage_print (&resample, zoom, checksum, extra);
  stage_clear (&total);
  stage_clear (&resample);
}

static void
usage (void)
{
  fprintf (stderr, "usage: bench-slice [-n RUNS] [-c CENTER] [-w WIDTH] [-W VIEW_W] [-H VIEW_H] "
                   "[-z ZOOM,...] [-e EXPORT.npy] DIR\n");
  exit (2);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) volume = NULL;
  StmWindow window = { 40, 400 };   /* the demo CT's first preset, soft tissue */
  double view_w = 1024, view_h = 768;
  double zooms[MAX_ZOOMS] = { 1, 4 };
  guint n_zooms = 2, n_runs = 5;
  const char *export_path = NULL;
  int opt;

  while ((opt = getopt (argc, argv, "n:c:w:W:H:z:e:")) != -1)
    switch (opt)
      {
      case 'n':
        n_runs = (guint) MAX (1, atoi (optarg));
        break;
      case 'c':
        window.center = g_ascii_strtod (optarg, NULL);
        break;
      case 'w':
        window.width = g_ascii_strtod (optarg, NULL);
        break;
      case 'W':
        view_w = g_ascii_strtod (optarg, NULL);
        break;
      case 'H':
        view_h = g_ascii_strtod (optarg, NULL);
        break;
      case 'z':
        {
          g_auto(GStrv) parts = g_strsplit (optarg, ",", MAX_ZOOMS);

          n_zooms = 0;
          for (guint i = 0; parts[i] != NULL; i++)
            zooms[n_zooms++] = g_ascii_strtod (parts[i], NULL);
        }
        break;
      case 'e':
        export_path = optarg;
        break;
      default:
        usage ();
      }
  if (optind != argc - 1)
    usage ();

  volume = stm_bench_load_dir (argv[optind], &error);
  if (volume == NULL)
    {
      g_printerr ("bench-slice: %s\n", error->message);
      return 1;
    }
  if (volume->format != STM_VOXEL_FLOAT32)
    {
      g_printerr ("bench-slice: %s is not a grey series\n", argv[optind]);
      return 1;
    }
  if (export_path != NULL && !stm_bench_write_npy_float (volume, export_path, &error))
    {
      g_printerr ("bench-slice: %s\n", error->message);
      return 1;
    }

  printf ("# %s: %zu x %zu x %zu, spacing %g x %g mm, window C %g W %g, view %g x %g, "
          "%u runs after one warm-up\n",
          argv[optind], volume->dims[0], volume->dims[1], volume->dims[2],
          volume->geometry.spacing[0], volume->geometry.spacing[1],
          window.center, window.width, view_w, view_h, n_runs);
  printf ("result window=%.17g,%.17g dims=%zux%zux%zu runs=%u\n", window.center, window.width,
          volume->dims[0], volume->dims[1], volume->dims[2], n_runs);
  bench_wl (volume, window, n_runs);
  for (guint i = 0; i < n_zooms; i++)
    bench_visible (volume, window, view_w, view_h, zooms[i], n_runs);
  return 0;
}
