/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-bench-support.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

double
stm_bench_now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

double
stm_bench_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec * 1e-6
       + (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec * 1e-6;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
stm_bench_median (double *values,
                  guint   n)
{
  if (n == 0)
    return 0;
  qsort (values, n, sizeof (double), compare_double);
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

gint64
stm_bench_status_kib (const char *field)
{
  FILE *file = fopen ("/proc/self/status", "r");
  char line[256];
  gint64 value = -1;
  size_t len = strlen (field);

  if (file == NULL)
    return -1;
  while (fgets (line, sizeof line, file) != NULL)
    if (strncmp (line, field, len) == 0 && line[len] == ':')
      {
        value = g_ascii_strtoll (line + len + 1, NULL, 10);
        break;
      }
  fclose (file);
  return value;
}

gboolean
stm_bench_reset_hwm (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, "5", 1) == 1;
  close (fd);
  return ok;
}
