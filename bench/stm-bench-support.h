/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every benchmark measures with: clocks, medians and peak memory. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

double   stm_bench_now_s           (void);   /* monotonic wall clock, seconds */
double   stm_bench_cpu_s           (void);   /* user + system CPU of the process */
double   stm_bench_median          (double *values,
                                    guint   n); /* sorts @values */
/* A "VmXXX:" field of /proc/self/status in KiB, -1 when missing. */
gint64   stm_bench_status_kib      (const char *field);
/* Resets VmHWM to the current RSS (/proc/self/clear_refs "5"). */
gboolean stm_bench_reset_hwm       (void);

G_END_DECLS
