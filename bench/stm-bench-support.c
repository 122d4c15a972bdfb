/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-bench-support.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>

#include "stm-dicom-collection.h"
#include "stm-series-volume.h"

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

double
stm_bench_thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
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

double
stm_bench_percentile (double *values,
                      guint   n,
                      double  p)
{
  double rank;

  if (n == 0)
    return 0;
  qsort (values, n, sizeof (double), compare_double);
  rank = ceil (p / 100.0 * n);
  return values[(guint) CLAMP (rank, 1, n) - 1];
}

StmVolume *
stm_bench_load_dir (const char  *dir,
                    GError     **error)
{
  const char *paths[] = { dir, NULL };
  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan (paths, NULL, NULL, NULL, error);
  StmSeries *series;

  if (collection == NULL)
    return NULL;
  series = stm_dicom_collection_default_series (collection);
  if (series == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s holds no image series.", dir);
      return NULL;
    }
  return stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES, NULL, NULL, NULL, error);
}

gboolean
stm_bench_write_npy_float (const StmVolume *volume,
                           const char      *path,
                           GError         **error)
{
  g_autofree char *dict = NULL;
  g_autoptr(GString) header = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  gsize bytes;
  guint16 dict_len;

  if (volume->format != STM_VOXEL_FLOAT32 ||
      !g_size_checked_mul (&bytes, stm_volume_n_voxels (volume), sizeof (float)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Only a float volume can be written as .npy.");
      return FALSE;
    }
  /* Version 1.0: magic, a little-endian header length, then a Python dict
   * padded with spaces and a newline to a multiple of 64 bytes. */
  dict = g_strdup_printf ("{'descr': '<f4', 'fortran_order': False, 'shape': (%zu, %zu, %zu), }",
                          volume->dims[2], volume->dims[1], volume->dims[0]);
  header = g_string_new (dict);
  while ((10 + header->len + 1) % 64 != 0)
    g_string_append_c (header, ' ');
  g_string_append_c (header, '\n');
  dict_len = GUINT16_TO_LE ((guint16) header->len);
  g_string_prepend_len (header, (const char *) &dict_len, 2);
  g_string_prepend_len (header, "\x93NUMPY\x01\x00", 8);

  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  return out != NULL &&
         g_output_stream_write_all (G_OUTPUT_STREAM (out), header->str, header->len,
                                    NULL, NULL, error) &&
         g_output_stream_write_all (G_OUTPUT_STREAM (out), stm_volume_float_data (volume),
                                    bytes, NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}
