/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-radiomics: time stm_radiomics_extract() (the full IBSI feature set)
 * on the demo CT's lesion and on a 64 x 64 x 64 cube, and the GLCM part
 * alone, and measure the peak resident memory above a baseline.
 *
 *   bench-radiomics [-n N] [-e EXPORT.npy] DEMO_CT_DIR
 *
 * Rows: lesion and cube, each without interpolation and with 1 mm
 * isotropic linear interpolation; 3D features, FBS 25 HU on [-1000, 400].
 * "glcm2d" rows time what scikit-image's graycomatrix + graycoprops do (see
 * skimage_glcm.py): the 4 in-plane matrices of every slice at distance 1,
 * symmetric (stm_glcm_accumulate), then their features
 * (stm_glcm_matrix_features: all 25, where graycoprops gives 4). "glcm-family"
 * rows time stm_glcm_features() with the 2d configuration (the BTW3, SUJT,
 * JJUI and ZW7Z aggregations). -e writes the lesion's discretised ROI
 * (levels, 0 outside; int32, shape nz, ny, nx) for skimage_glcm.py.
 *
 * Memory: VmHWM - VmRSS before the call, with the high-water mark reset
 * through /proc/self/clear_refs ("5") as bench-load.c does.
 * Output: one "result" line of key=value pairs per row.
 */
#include "stm-bench-support.h"
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "stm-demo-study.h"
#include "stm-dicom-collection.h"
#include "stm-glcm.h"
#include "stm-radiomics.h"
#include "stm-radiomics-chain.h"
#include "stm-series-volume.h"
#include "stm-texture-directions.h"

#define CONFIG_COMMON \
  "\"resegmentation\": { \"range\": [-1000, 400] }," \
  "\"discretisation\": { \"method\": \"fbs\", \"bin_width\": 25 }"

static const char CONFIG_3D[] = "{ \"dimensions\": \"3d\", " CONFIG_COMMON " }";
static const char CONFIG_3D_INTERP[] =
  "{ \"dimensions\": \"3d\", \"interpolation\": { \"spacing_mm\": [1, 1, 1],"
  " \"image\": \"linear\", \"mask\": \"linear\" }, " CONFIG_COMMON " }";
static const char CONFIG_2D[] = "{ \"dimensions\": \"2d\", " CONFIG_COMMON " }";

typedef struct
{
  double wall_s;
  double cpu_s;
  gint64 peak_kib;      /* above the VmRSS before the call */
} Sample;

typedef void (*BenchFunc) (gpointer data);

static Sample
measure (BenchFunc func, gpointer data)
{
  Sample s;
  gint64 rss;
  double t0, c0;

  malloc_trim (0);
  stm_bench_reset_hwm ();
  rss = stm_bench_status_kib ("VmRSS");
  c0 = stm_bench_cpu_s ();
  t0 = stm_bench_now_s ();
  func (data);
  s.wall_s = stm_bench_now_s () - t0;
  s.cpu_s = stm_bench_cpu_s () - c0;
  s.peak_kib = stm_bench_status_kib ("VmHWM") - rss;
  return s;
}

/* One warm-up, then @n samples; prints a "result" line. */
static void
bench_row (const char *name, guint n, BenchFunc func, gpointer data, const char *extra)
{
  g_autofree double *wall = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);
  gint64 peak = 0;

  func (data);
  for (guint i = 0; i < n; i++)
    {
      Sample s = measure (func, data);

      wall[i] = s.wall_s;
      cpu[i] = s.cpu_s;
      peak = MAX (peak, s.peak_kib);
    }
  /* median() sorts: wall[0] is the minimum only after it. */
  double wall_median = stm_bench_median (wall, n);

  g_print ("result row=%s n=%u wall_s=%.4f min_wall_s=%.4f cpu_s=%.4f peak_above_baseline_bytes=%"
           G_GINT64_FORMAT " %s\n", name, n, wall_median, wall[0], stm_bench_median (cpu, n),
           peak * 1024, extra != NULL ? extra : "");
}

static StmRadiomicsConfig
config_from (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config;

  stm_radiomics_config_init (&config);
  if (!json_parser_load_from_data (parser, json, -1, &error)
      || !stm_radiomics_config_from_json (json_parser_get_root (parser), &config, &error))
    g_error ("bench-radiomics: bad configuration: %s", error->message);
  return config;
}

static StmVolume *
load_ct (const char *dir)
{
  const char *paths[] = { dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(StmDicomCollection) collection =
    stm_dicom_collection_scan (paths, NULL, NULL, NULL, &error);
  StmSeries *series = collection ? stm_dicom_collection_default_series (collection) : NULL;
  StmVolume *volume;

  if (series == NULL)
    g_error ("bench-radiomics: %s: %s", dir, error ? error->message : "no image series");
  volume = stm_series_load_volume (series, STM_VOLUME_DEFAULT_MAX_BYTES, NULL, NULL, NULL, &error);
  if (volume == NULL)
    g_error ("bench-radiomics: %s: %s", dir, error->message);
  return volume;
}

static StmVolume *
empty_mask (const StmVolume *image)
{
  g_autoptr(GError) error = NULL;
  StmVolume *mask = stm_volume_new (STM_VOXEL_FLOAT32, image->dims[0], image->dims[1],
                                    image->dims[2], STM_VOLUME_DEFAULT_MAX_BYTES, &error);

  g_assert_no_error (error);
  mask->geometry = image->geometry;
  memset (mask->data, 0, stm_volume_n_voxels (mask) * sizeof (float));
  return mask;
}

/* The voxels whose centre lies in the demo lesion's ellipsoid: the lesion itself. */
static StmVolume *
lesion_mask (const StmVolume *image, gsize *n_inside)
{
  StmVolume *mask = empty_mask (image);
  float *m = stm_volume_float_data (mask);
  double centre[3], semi[3];
  gsize i = 0;

  stm_demo_lesion_ellipsoid (centre, semi);
  *n_inside = 0;
  for (gsize z = 0; z < image->dims[2]; z++)
    for (gsize y = 0; y < image->dims[1]; y++)
      for (gsize x = 0; x < image->dims[0]; x++, i++)
        {
          double voxel[3] = { x, y, z }, p[3], r = 0;

          stm_geometry_voxel_to_lps (&image->geometry, voxel, p);
          for (int a = 0; a < 3; a++)
            r += (p[a] - centre[a]) * (p[a] - centre[a]) / (semi[a] * semi[a]);
          if (r <= 1)
            {
              m[i] = 1;
              (*n_inside)++;
            }
        }
  return mask;
}

/* A 64^3 cube centred on the body (mean position of voxels above -300 HU). */
static StmVolume *
cube_mask (const StmVolume *image, gsize side)
{
  StmVolume *mask = empty_mask (image);
  const float *v = stm_volume_float_data (image);
  float *m = stm_volume_float_data (mask);
  double sum[3] = { 0, 0, 0 };
  gsize lo[3], n = 0, i = 0;

  for (gsize z = 0; z < image->dims[2]; z++)
    for (gsize y = 0; y < image->dims[1]; y++)
      for (gsize x = 0; x < image->dims[0]; x++, i++)
        if (v[i] > -300)
          {
            sum[0] += x, sum[1] += y, sum[2] += z;
            n++;
          }
  for (int a = 0; a < 3; a++)
    lo[a] = CLAMP ((gssize) (sum[a] / MAX (n, 1)) - (gssize) side / 2, 0,
                   (gssize) image->dims[a] - (gssize) side);
  for (gsize z = lo[2]; z < lo[2] + side; z++)
    for (gsize y = lo[1]; y < lo[1] + side; y++)
      for (gsize x = lo[0]; x < lo[0] + side; x++)
        m[(z * image->dims[1] + y) * image->dims[0] + x] = 1;
  return mask;
}

typedef struct
{
  const StmVolume   *image;
  const StmVolume   *mask;
  StmRadiomicsConfig config;
  const StmRoi      *roi;
  gsize              n_features;
  double             glcm_pairs;
} Job;

static void
extract_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StmFeatureTable) table =
    stm_radiomics_extract (job->image, job->mask, &job->config, NULL, &error);

  if (table == NULL)
    g_error ("bench-radiomics: %s", error->message);
  job->n_features = stm_feature_table_length (table);
}

static void
glcm_family_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(StmFeatureTable) table = stm_feature_table_new ();

  stm_glcm_features (job->roi, &job->config, table);
  job->n_features = stm_feature_table_length (table);
}

/* The skimage-equivalent work: 4 in-plane matrices per slice, and their features. */
static void
glcm_2d_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(StmTextureLevels) levels = stm_texture_levels_new (job->roi);
  gsize cells = (gsize) levels->n * levels->n;
  g_autofree double *counts = g_new (double, cells);
  double values[STM_GLCM_N_FEATURES];

  job->glcm_pairs = 0;
  for (gsize z = 0; z < job->roi->dims[2]; z++)
    for (guint d = 0; d < STM_TEXTURE_N_2D; d++)
      {
        memset (counts, 0, cells * sizeof (double));
        stm_glcm_accumulate (job->roi, levels, &stm_texture_directions_2d[d], 1, TRUE,
                             z, z + 1, counts);
        for (gsize c = 0; c < cells; c++)
          job->glcm_pairs += counts[c];
        stm_glcm_matrix_features (levels, counts, values);
      }
}

/* levels as int32 .npy, shape (nz, ny, nx). */
static void
export_levels (const StmRoi *roi, const char *path)
{
  g_autofree char *dict = g_strdup_printf ("{'descr': '<i4', 'fortran_order': False, "
                                           "'shape': (%zu, %zu, %zu), }",
                                           roi->dims[2], roi->dims[1], roi->dims[0]);
  gsize header = 10 + strlen (dict) + 1;
  gsize pad = (64 - header % 64) % 64;
  guint16 hlen = GUINT16_TO_LE ((guint16) (strlen (dict) + pad + 1));
  gsize n = roi->dims[0] * roi->dims[1] * roi->dims[2];
  FILE *f = fopen (path, "wb");

  if (f == NULL)
    g_error ("bench-radiomics: cannot write %s", path);
  fwrite ("\x93NUMPY\x01\x00", 1, 8, f);
  fwrite (&hlen, 2, 1, f);
  fputs (dict, f);
  for (gsize i = 0; i < pad; i++)
    fputc (' ', f);
  fputc ('\n', f);
  G_STATIC_ASSERT (sizeof (int) == 4);
  fwrite (roi->levels, sizeof (int), n, f);
  fclose (f);
}

static StmRoi *
prepare (const Job *job)
{
  g_autoptr(GError) error = NULL;
  StmRoi *roi = stm_radiomics_prepare (job->image, job->mask, &job->config, NULL, &error);

  if (roi == NULL)
    g_error ("bench-radiomics: %s", error->message);
  return roi;
}

static void
bench_case (const char *name, const StmVolume *image, const StmVolume *mask,
            guint n, const char *export_path)
{
  static const struct { const char *suffix, *json; } configs[] = {
    { "", CONFIG_3D }, { "+interp1mm", CONFIG_3D_INTERP },
  };
  gsize volume_bytes = stm_volume_n_voxels (image) * sizeof (float);

  for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
    {
      Job job = { image, mask, config_from (configs[c].json), NULL, 0, 0 };
      g_autoptr(StmRoi) roi = prepare (&job);
      g_autofree char *row = g_strconcat (name, configs[c].suffix, NULL);
      g_autofree char *extra = NULL;
      gsize box = roi->dims[0] * roi->dims[1] * roi->dims[2];

      extract_cb (&job);
      extra = g_strdup_printf ("roi_voxels=%zu bbox=%zux%zux%zu bbox_voxels=%zu "
                               "volume_bytes=%zu n_levels=%u n_features=%zu",
                               roi->n_morph_voxels, roi->dims[0], roi->dims[1], roi->dims[2],
                               box, volume_bytes, roi->n_levels, job.n_features);
      bench_row (row, n, extract_cb, &job, extra);
      if (c == 0 && export_path != NULL)
        export_levels (roi, export_path);
    }

  {
    Job job = { image, mask, config_from (CONFIG_2D), NULL, 0, 0 };
    g_autoptr(StmRoi) roi = prepare (&job);
    g_autofree char *row = g_strconcat (name, "-glcm2d", NULL);
    g_autofree char *row_family = g_strconcat (name, "-glcm-family-2d", NULL);
    g_autofree char *extra = NULL;

    job.roi = roi;
    glcm_2d_cb (&job);
    extra = g_strdup_printf ("glcm_pairs=%.0f slices=%zu", job.glcm_pairs, roi->dims[2]);
    bench_row (row, n, glcm_2d_cb, &job, extra);
    bench_row (row_family, n, glcm_family_cb, &job, NULL);
  }
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("DEMO_CT_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *export_path = NULL;
  int n = 5;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &n, "Timed runs per row (default 5)", "N" },
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &export_path,
      "Write the lesion's discretised ROI as .npy", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  StmDemoOptions options;
  gsize n_lesion;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || n < 1)
    {
      g_printerr ("usage: bench-radiomics [-n N] [-e FILE.npy] DEMO_CT_DIR\n");
      return 2;
    }
  g_autoptr(StmVolume) image = load_ct (argv[1]);
  g_autoptr(StmVolume) lesion = lesion_mask (image, &n_lesion);
  g_autoptr(StmVolume) cube = cube_mask (image, 64);

  stm_demo_options_init (&options);
  g_print ("# volume %zux%zux%zu, lesion %zu voxels (demo truth %" G_GUINT64_FORMAT "), "
           "HWM reset %s\n", image->dims[0], image->dims[1], image->dims[2], n_lesion,
           stm_demo_lesion_voxels (&options), stm_bench_reset_hwm () ? "clear_refs" : "unavailable");
  bench_case ("lesion", image, lesion, n, export_path);
  bench_case ("cube64", image, cube, n, NULL);
  return 0;
}
