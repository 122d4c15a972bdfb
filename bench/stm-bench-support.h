/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every benchmark measures with: clocks, medians and peak memory. */
#pragma once

#include <glib.h>

#include "stm-volume.h"

G_BEGIN_DECLS

double   stm_bench_now_s           (void);   /* monotonic wall clock, seconds */
double   stm_bench_cpu_s           (void);   /* user + system CPU of the process */
double   stm_bench_thread_cpu_s    (void);   /* CPU of the calling thread */
double   stm_bench_median          (double *values,
                                    guint   n); /* sorts @values */
/* A "VmXXX:" field of /proc/self/status in KiB, -1 when missing. */
gint64   stm_bench_status_kib      (const char *field);
/* Resets VmHWM to the current RSS (/proc/self/clear_refs "5"). */
gboolean stm_bench_reset_hwm       (void);
/* The @p-th percentile (0..100, nearest rank) of @values; sorts @values. */
double   stm_bench_percentile      (double *values,
                                    guint   n,
                                    double  p);
/* Scans @dir and loads its default series, as the viewer opens a folder. */
StmVolume *stm_bench_load_dir      (const char *dir,
                                    GError    **error);
/* A float32 volume as .npy of shape (nz, ny, nx), for Python baselines. */
gboolean stm_bench_write_npy_float (const StmVolume *volume,
                                    const char      *path,
                                    GError         **error);

G_END_DECLS
