/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-load: time stm_dicom_collection_scan() + stm_series_load_volume() on
 * a folder, N times, and measure the peak resident memory above a baseline.
 *
 *   bench-load [-n N] [-w WARMUP_DIR] DIR
 *
 * The baseline is VmRSS after a warm-up load of WARMUP_DIR (so DCMTK's data
 * dictionary, the thread pool and the allocator arenas exist) and a warm-up
 * load of DIR (warm page cache), with every volume freed. For each measured
 * load the high-water mark is reset by writing "5" to /proc/self/clear_refs;
 * if the kernel does not honour that, each measured load runs in a forked
 * child whose own VmHWM is read at the end.
 *
 * Output: one "run" line per load, then one "result" line of key=value pairs
 * (seconds, bytes) for scripts.
 */
#include "stm-bench-support.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <malloc.h>

#include "stm-dicom-collection.h"
#include "stm-series-volume.h"
#include "stm-volume.h"

typedef struct
{
  double scan_s;
  double load_s;
  double total_s;
  double cpu_s;                 /* user + system CPU of the whole process */
  gint64 peak_kib;              /* VmHWM during scan + load, absolute */
  gint64 volume_bytes;
  gsize  dims[3];
  gboolean ok;
} Run;

/* Does resetting work? Grow RSS by 64 MiB, free it, reset: VmHWM must drop. */
static gboolean
hwm_reset_works (void)
{
  gsize size = 64u << 20;
  /* volatile: the compiler may not elide an allocation that is never read. */
  volatile char *block = malloc (size);
  gint64 high, after;

  if (block == NULL)
    return FALSE;
  for (gsize i = 0; i < size; i += 4096)
    block[i] = 1;
  high = stm_bench_status_kib ("VmHWM");
  free ((char *) block);        /* glibc returns a block this large with munmap */
  if (!stm_bench_reset_hwm ())
    return FALSE;
  after = stm_bench_status_kib ("VmHWM");
  return high > 0 && after > 0 && after < high - 32 * 1024;
}

static Run
load_once (const char *dir)
{
  const char *paths[] = { dir, NULL };
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  double t0, t1, t2, c0;

  c0 = stm_bench_cpu_s ();
  t0 = stm_bench_now_s ();
  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan (paths, NULL, NULL, NULL, &error);
  StmSeries *series = collection ? stm_dicom_collection_default_series (collection) : NULL;
  t1 = stm_bench_now_s ();
  if (series == NULL)
    {
      g_printerr ("bench-load: %s: %s\n", dir, error ? error->message : "no image series");
      return run;
    }
  g_autoptr(StmVolume) volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES,
                                                        NULL, NULL, NULL, &error);
  t2 = stm_bench_now_s ();
  if (volume == NULL)
    {
      g_printerr ("bench-load: %s: %s\n", dir, error->message);
      return run;
    }
  run.peak_kib = stm_bench_status_kib ("VmHWM");
  run.cpu_s = stm_bench_cpu_s () - c0;
  run.scan_s = t1 - t0;
  run.load_s = t2 - t1;
  run.total_s = t2 - t0;
  run.volume_bytes = (gint64) (stm_volume_n_voxels (volume) * stm_volume_bytes_per_voxel (volume));
  memcpy (run.dims, volume->dims, sizeof run.dims);
  run.ok = TRUE;
  return run;
}

/* One load in a forked child; the child reports its Run through a pipe. */
static Run
load_in_child (const char *dir)
{
  Run run = { 0 };
  int fds[2];
  pid_t pid;

  if (pipe (fds) != 0)
    return run;
  fflush (NULL);
  pid = fork ();
  if (pid == 0)
    {
      close (fds[0]);
      run = load_once (dir);
      if (write (fds[1], &run, sizeof run) != (ssize_t) sizeof run)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  if (pid < 0 || read (fds[0], &run, sizeof run) != (ssize_t) sizeof run)
    run.ok = FALSE;
  close (fds[0]);
  if (pid > 0)
    waitpid (pid, NULL, 0);
  return run;
}

int
main (int argc, char **argv)
{
  guint n = 5;
  const char *warmup_dir = NULL;
  const char *dir = NULL;
  int opt;

  while ((opt = getopt (argc, argv, "n:w:")) != -1)
    switch (opt)
      {
      case 'n':
        n = (guint) MAX (1, atoi (optarg));
        break;
      case 'w':
        warmup_dir = optarg;
        break;
      default:
        fprintf (stderr, "usage: bench-load [-n N] [-w WARMUP_DIR] DIR\n");
        return 2;
      }
  if (optind != argc - 1)
    {
      fprintf (stderr, "usage: bench-load [-n N] [-w WARMUP_DIR] DIR\n");
      return 2;
    }
  dir = argv[optind];

  /* Warm-up: a tiny series (dictionary, pools, arenas), then DIR itself (page cache). */
  if (warmup_dir != NULL && !load_once (warmup_dir).ok)
    return 1;
  Run warm = load_once (dir);
  if (!warm.ok)
    return 1;

  gboolean use_reset = hwm_reset_works ();
  malloc_trim (0);
  gint64 baseline_kib = stm_bench_status_kib ("VmRSS");
  g_autofree double *totals = g_new (double, n);
  g_autofree double *scans = g_new (double, n);
  g_autofree double *loads = g_new (double, n);
  g_autofree double *cpus = g_new (double, n);
  g_autofree double *cpu_secs = g_new (double, n);
  g_autofree double *peaks = g_new (double, n);

  printf ("# %s: %zu x %zu x %zu, volume %.1f MiB, %u cores, peak method %s, baseline VmRSS %.1f MiB\n",
          dir, warm.dims[0], warm.dims[1], warm.dims[2], (double) warm.volume_bytes / 1048576.0,
          g_get_num_processors (), use_reset ? "clear_refs" : "fork",
          (double) baseline_kib / 1024.0);
  for (guint i = 0; i < n; i++)
    {
      gint64 base_kib;
      Run run;

      /* Give freed heap pages back so that a load cannot hide in memory that a
       * previous load left resident (glibc raises its mmap threshold). */
      malloc_trim (0);
      if (use_reset)
        {
          stm_bench_reset_hwm ();
          base_kib = stm_bench_status_kib ("VmRSS");
          run = load_once (dir);
        }
      else
        {
          base_kib = stm_bench_status_kib ("VmRSS");
          run = load_in_child (dir);
        }
      if (!run.ok)
        return 1;
      totals[i] = run.total_s;
      scans[i] = run.scan_s;
      loads[i] = run.load_s;
      cpus[i] = run.cpu_s / run.total_s;
      cpu_secs[i] = run.cpu_s;
      peaks[i] = (double) (run.peak_kib - base_kib) * 1024.0;
      printf ("run %u: scan %.4f s, load %.4f s, total %.4f s, cpu/wall %.2f, peak above baseline %.1f MiB (%.2fx volume)\n",
              i + 1, run.scan_s, run.load_s, run.total_s, cpus[i], peaks[i] / 1048576.0,
              peaks[i] / (double) run.volume_bytes);
    }

  double peak_med = stm_bench_median (peaks, n);
  printf ("result total_s=%.6f scan_s=%.6f load_s=%.6f cpu_s=%.6f cpu_per_wall=%.3f "
          "peak_above_baseline_bytes=%.0f volume_bytes=%" G_GINT64_FORMAT " peak_ratio=%.3f "
          "dims=%zux%zux%zu method=%s\n",
          stm_bench_median (totals, n), stm_bench_median (scans, n), stm_bench_median (loads, n), stm_bench_median (cpu_secs, n),
          stm_bench_median (cpus, n),
          peak_med, warm.volume_bytes, peak_med / (double) warm.volume_bytes,
          warm.dims[0], warm.dims[1], warm.dims[2], use_reset ? "clear_refs" : "fork");
  return 0;
}
