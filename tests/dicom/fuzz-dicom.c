/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: one input is one file given to the viewer, loaded the
 * two ways it loads files (scanned as a series, and alone frame by frame)
 * under a 64 MiB cap. Built with -Dfuzzing=true and clang; see
 * tests/dicom/meson.build.
 *
 * The loaders open files by path (DCMTK reads pixel data lazily from the
 * file), so the input goes into a memfd named by its /proc/self/fd path:
 * no disk traffic, and nothing left behind when the fuzzer is killed.
 */
#define _GNU_SOURCE

#include "stm-dicom-collection.h"
#include "stm-series-volume.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_MAX_BYTES (G_GUINT64_CONSTANT (64) << 20)

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static int input_fd = -1;
static char *input_path;

static void
write_input (const uint8_t *data,
             size_t         size)
{
  size_t done = 0;

  if (input_fd < 0)
    {
      input_fd = memfd_create ("stratum-fuzz-input", MFD_CLOEXEC);
      if (input_fd < 0)
        abort ();
      input_path = g_strdup_printf ("/proc/self/fd/%d", input_fd);
    }
  if (ftruncate (input_fd, 0) != 0)
    abort ();
  while (done < size)
    {
      ssize_t n = pwrite (input_fd, data + done, size - done, (off_t) done);
      if (n <= 0)
        abort ();
      done += (size_t) n;
    }
}

/* An error must be a sentence in the project's domain, as the tests require. */
static void
check_error (GError *error)
{
  if (error == NULL || error->domain != STM_DICOM_ERROR || error->message == NULL ||
      !g_str_has_suffix (error->message, "."))
    {
      g_printerr ("fuzz-dicom: not a sentence in STM_DICOM_ERROR: %s\n",
                  error != NULL ? error->message : "(no error set)");
      abort ();
    }
  g_error_free (error);
}

static void
load_series (void)
{
  const char *paths[] = { input_path, NULL };
  GError *error = NULL;
  StmDicomCollection *collection = stm_dicom_collection_scan (paths, NULL, NULL, NULL, &error);
  StmSeries *series;
  StmVolume *volume;

  if (collection == NULL)
    {
      check_error (error);
      return;
    }
  series = stm_dicom_collection_default_series (collection);
  if (series != NULL)
    {
      volume = stm_series_load_volume (series, FUZZ_MAX_BYTES, NULL, NULL, NULL, &error);
      if (volume != NULL)
        stm_volume_unref (volume);
      else
        check_error (error);
    }
  stm_dicom_collection_unref (collection);
}

static void
load_frames (void)
{
  GError *error = NULL;
  StmVolume *volume = stm_dicom_file_load_frames (input_path, FUZZ_MAX_BYTES, &error);

  if (volume != NULL)
    stm_volume_unref (volume);
  else
    check_error (error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  write_input (data, size);
  load_series ();
  load_frames ();
  return 0;
}
