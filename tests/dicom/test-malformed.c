/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Damaged input ends in a clear error, never in a crash, a hang or a huge
 * allocation: every file of ../shared/data/dicom/malformed, truncated copies
 * of valid files, and synthetic files whose headers promise terabytes.
 * Each file is loaded both ways the viewer loads one: alone, frame by frame,
 * and through a scan as the default series.
 */
#include "stm-dicom-collection.h"
#include "stm-series-volume.h"
#include "stm-test-support.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#define MAX_BYTES       (G_GUINT64_CONSTANT (512) << 20)
/* Generous enough for sanitizer builds; a hang is caught by meson's timeout. */
#define MAX_SECONDS     30.0
#define QUICK_SECONDS   5.0
/* Memory one load may add at its peak: the cap, plus frame buffers and parsed files. */
#define MAX_GROWTH_KIB  (G_GUINT64_CONSTANT (1024) << 10)

#define MALFORMED_DIR   "dicom/malformed"

/* ---- what a load must look like ------------------------------------------ */

/*
 * Files of the corpus that are valid or leniently readable, and that pydicom
 * (or DCMTK, where pydicom cannot parse the file) decodes to the same stored
 * values: each must open, with these dimensions, both ways. Where the same
 * image exists intact, the decoded values must equal those of the intact file.
 * (The fuzz/ images are all zero: for them only opening is really tested.)
 */
typedef struct
{
  const char *name;         /* relative to dicom/malformed */
  gsize       nx, ny, nz;
  const char *reference;    /* relative to ../shared/data, or NULL */
} ExpectedImage;

static const ExpectedImage must_open[] = {
  { "fuzz/baseline_BASELINE_valid_ct.dcm", 64, 64, 1, NULL },
  { "fuzz/cat03_TC0265_depth_100.dcm", 64, 64, 1, NULL },
  { "fuzz/cat05_TC0343_declares_explicit_data_implicit.dcm", 64, 64, 1, NULL },
  { "fuzz/cat07_TC0377_no_preamble.dcm", 64, 64, 1, NULL },
  { "fuzz/cat08_TC0433_vm_1000_backslash.dcm", 64, 64, 1, NULL },
  { "fuzz/cat12_TC0729_window_wc_intmin_ww_zero.dcm", 64, 64, 1, NULL },
  { "fuzz/cat12_TC0743_window_wc_nan_ww_nan.dcm", 64, 64, 1, NULL },
  /* NumberOfFrames "1A": pydicom decodes it once told the frame count. */
  { "badVR.dcm", 10, 10, 1, NULL },
  /* Rendered by DCMTK; the NEMA CT1 image. */
  { "GH177_CT1_BigEndian_undefined_length.dcm", 512, 512, 1,
    "dicom/ct/CT1_UNC.explicit_little_endian.dcm" },
  /* Only the sequence delimiter is cut off: every frame is complete. */
  { "emri_small_jpeg_2k_lossless_too_short.dcm", 64, 64, 10,
    "dicom/compressed/emri_small_RLE.dcm" },
};

static const ExpectedImage *
find_expected (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (must_open); i++)
    if (g_strcmp0 (must_open[i].name, name) == 0)
      return &must_open[i];
  return NULL;
}

static void
assert_sentence (const GError *error,
                 const char   *how)
{
  g_assert_nonnull (error);
  g_test_message ("%s: error: %s", how, error->message);
  g_assert_cmpstr (g_quark_to_string (error->domain), ==, g_quark_to_string (STM_DICOM_ERROR));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 1);
  g_assert_true (g_str_has_suffix (error->message, "."));
}

/* A "VmRSS:" or "VmHWM:" line of /proc/self/status, in KiB; 0 when unknown. */
static guint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

/*
 * Starts a new peak (Linux: "5" to clear_refs resets VmHWM) and returns the
 * resident size it starts from; without that, the process-wide peak is used.
 */
static guint64
start_peak_memory (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      gboolean reset = fputs ("5", f) >= 0;
      if (fclose (f) == 0 && reset)
        return status_kib ("VmRSS:");
    }
  return 0;
}

static void
assert_peak_memory (guint64 start_kib)
{
  guint64 peak = status_kib ("VmHWM:");
  struct rusage usage;

  if (peak == 0 && getrusage (RUSAGE_SELF, &usage) == 0)
    peak = (guint64) usage.ru_maxrss;
  g_test_message ("peak memory: %" G_GUINT64_FORMAT " MiB above the start",
                  (peak > start_kib ? peak - start_kib : 0) >> 10);
  g_assert_cmpuint (peak, <, start_kib + MAX_GROWTH_KIB);
}

typedef StmVolume *(*LoadFunc) (const char *path,
                                GError    **error);

static StmVolume *
load_frames (const char *path,
             GError    **error)
{
  return stm_dicom_file_load_frames (path, MAX_BYTES, error);
}

static StmVolume *
load_series (const char *path,
             GError    **error)
{
  const char *paths[] = { path, NULL };
  g_autoptr(StmDicomCollection) collection = NULL;
  StmSeries *series;

  collection = stm_dicom_collection_scan (paths, NULL, NULL, NULL, error);
  if (collection == NULL)
    return NULL;
  series = stm_dicom_collection_default_series (collection);
  g_assert_nonnull (series);
  for (guint i = 0; i < series->warnings->len; i++)
    g_test_message ("series warning: %s", (char *) g_ptr_array_index (series->warnings, i));
  return stm_series_load_volume (series, MAX_BYTES, NULL, NULL, NULL, error);
}

/* One load: a volume within the cap, or an error that is a sentence, in time. */
static StmVolume *
check_load (LoadFunc    load,
            const char *how,
            const char *path,
            double      max_seconds)
{
  g_autoptr(GError) error = NULL;
  guint64 start_kib = start_peak_memory ();
  gint64 start = g_get_monotonic_time ();
  StmVolume *volume = load (path, &error);
  double seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  if (volume == NULL)
    assert_sentence (error, how);
  else
    {
      gsize bytes = stm_volume_n_voxels (volume) * stm_volume_bytes_per_voxel (volume);
      g_assert_no_error (error);
      g_test_message ("%s: %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT
                      " %s", how, volume->dims[0], volume->dims[1], volume->dims[2],
                      volume->format == STM_VOXEL_RGB8 ? "RGB" : "grey");
      g_assert_cmpuint (bytes, <=, MAX_BYTES);
    }
  g_test_message ("%s: %.2f s", how, seconds);
  assert_peak_memory (start_kib);
  g_assert_cmpfloat (seconds, <, max_seconds);
  return volume;
}

static gboolean
same_volume (const StmVolume *a,
             const StmVolume *b)
{
  return a->format == b->format && a->dims[0] == b->dims[0] && a->dims[1] == b->dims[1] &&
         a->dims[2] == b->dims[2] &&
         memcmp (a->data, b->data,
                 stm_volume_n_voxels (a) * stm_volume_bytes_per_voxel (a)) == 0;
}

/* ---- the malformed corpus ------------------------------------------------ */

static void
test_corpus_file (gconstpointer data)
{
  const char *name = data;
  g_autofree char *relative = g_build_filename (MALFORMED_DIR, name, NULL);
  g_autofree char *path = stm_test_shared_path (relative);
  const ExpectedImage *expected = find_expected (name);
  g_autoptr(StmVolume) frames = NULL;
  g_autoptr(StmVolume) series = NULL;

  if (path == NULL)
    return;
  frames = check_load (load_frames, "as frames", path, MAX_SECONDS);
  series = check_load (load_series, "as a series", path, MAX_SECONDS);

  /* A single frame is the same image whichever way it was loaded. */
  if (frames != NULL && series != NULL && frames->dims[2] == 1)
    g_assert_true (same_volume (frames, series));

  if (expected == NULL)
    return;
  g_assert_nonnull (frames);
  g_assert_nonnull (series);
  for (StmVolume *v = frames; v != NULL; v = v == frames ? series : NULL)
    {
      g_assert_cmpuint (v->dims[0], ==, expected->nx);
      g_assert_cmpuint (v->dims[1], ==, expected->ny);
      g_assert_cmpuint (v->dims[2], ==, expected->nz);
    }
  if (expected->reference != NULL)
    {
      g_autofree char *reference_path = stm_test_shared_path (expected->reference);
      g_autoptr(GError) error = NULL;
      g_autoptr(StmVolume) reference = NULL;

      if (reference_path == NULL)
        return;
      reference = load_frames (reference_path, &error);
      g_assert_no_error (error);
      g_assert_true (same_volume (frames, reference));
    }
}

/* A contradiction in the file is named as one: greyscale with three
 * samples per pixel is not an unsupported colour model. */
static void
test_greyscale_three_samples (void)
{
  g_autofree char *path = stm_test_shared_path (MALFORMED_DIR "/fuzz/cat04_TC0327_mono2_spp3.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) volume = NULL;

  if (path == NULL)
    return;
  volume = load_frames (path, &error);
  g_assert_null (volume);
  g_assert_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "greyscale (MONOCHROME2) but has 3 samples"));
}

/* The corpus is absent: one test that skips, or fails under CI. */
static void
test_corpus_present (void)
{
  g_autofree char *path = stm_test_shared_path (MALFORMED_DIR);

  g_assert_null (path);
}

/* ../shared/data/RELATIVE when it is there; NULL without marking anything. */
static char *
shared_path_if_present (const char *relative)
{
  const char *root = g_getenv ("STM_SHARED_DATA");
  g_autofree char *path = root != NULL ? g_build_filename (root, relative, NULL) : NULL;

  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every regular file under @folder, as paths relative to @root, sorted. */
static void
list_files (const char *root,
            const char *folder,
            GPtrArray  *out)
{
  g_autofree char *full = g_build_filename (root, folder, NULL);
  g_autoptr(GDir) dir = g_dir_open (full, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *relative = *folder ? g_build_filename (folder, name, NULL)
                                          : g_strdup (name);
      g_autofree char *child = g_build_filename (root, relative, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        list_files (root, relative, out);
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (out, g_steal_pointer (&relative));
    }
  g_ptr_array_sort (out, compare_names);
}

static void
add_corpus_tests (GPtrArray *names)
{
  g_autofree char *root = shared_path_if_present (MALFORMED_DIR);

  if (root == NULL)
    {
      g_test_add_func ("/malformed/corpus", test_corpus_present);
      return;
    }
  list_files (root, "", names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *test = g_strdup_printf ("/malformed/corpus/%s", name);
      g_test_add_data_func (test, name, test_corpus_file);
    }
}

/* The files that must open are in the corpus: a renamed file is not a silent pass. */
static void
test_expected_present (gconstpointer data)
{
  GPtrArray *names = (GPtrArray *) data;

  for (guint i = 0; i < G_N_ELEMENTS (must_open); i++)
    {
      gboolean found = FALSE;
      for (guint j = 0; j < names->len && !found; j++)
        found = g_strcmp0 (g_ptr_array_index (names, j), must_open[i].name) == 0;
      g_test_message ("%s: %s", must_open[i].name, found ? "present" : "missing");
      g_assert_true (found);
    }
}

/* ---- truncated copies of valid files ------------------------------------- */

static const char * const truncation_sources[] = {
  "dicom/ct/CT_small.dcm",
  "dicom/compressed/CT1_UNC.explicit_big_endian.dcm",
  "dicom/compressed/MR_small_RLE.dcm",
  "dicom/compressed/nema-ct1_jpll.dcm",
  "dicom/compressed/MR_small_jpeg_ls_lossless.dcm",
  "dicom/us/examples_ybr_color.dcm",
  "dicom/compressed/MR_small_jp2klossless.dcm",
};

static char *tmpdir;

typedef struct
{
  const char *source;       /* relative to ../shared/data */
  gsize       length;       /* bytes kept */
  gsize       pixels_end;   /* the first byte after the last of the pixel data */
  char       *what;         /* where the cut falls */
} Truncation;

static void
truncation_free (gpointer p)
{
  Truncation *t = p;

  g_free (t->what);
  g_free (t);
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  guint32 v;

  memcpy (&v, p, 4);
  return big_endian ? GUINT32_FROM_BE (v) : GUINT32_FROM_LE (v);
}

/*
 * Where the Pixel Data element (7FE0,0010) of the dataset starts, found by
 * its tag followed by an OB/OW VR: the last such match, since an icon image
 * may hold pixel data of its own earlier on. Every source is explicit VR.
 */
static gboolean
find_pixel_data (const guint8 *bytes,
                 gsize         size,
                 gsize        *out_tag,
                 gboolean     *out_big_endian)
{
  static const guint8 le[] = { 0xe0, 0x7f, 0x10, 0x00 }, be[] = { 0x7f, 0xe0, 0x00, 0x10 };
  gboolean found = FALSE;

  for (gsize i = 0; i + 12 <= size; i++)
    {
      gboolean is_le = memcmp (bytes + i, le, 4) == 0, is_be = memcmp (bytes + i, be, 4) == 0;
      if ((is_le || is_be) && (memcmp (bytes + i + 4, "OW", 2) == 0 ||
                               memcmp (bytes + i + 4, "OB", 2) == 0) &&
          bytes[i + 6] == 0 && bytes[i + 7] == 0)
        {
          *out_tag = i;
          *out_big_endian = is_be;
          found = TRUE;
        }
    }
  return found;
}

/* The end of the pixel data: after its value, or after the sequence delimiter. */
static gsize
pixel_data_end (const guint8 *bytes,
                gsize         size,
                gsize         tag,
                gboolean      big_endian)
{
  gsize pos = tag + 12;
  guint32 length = read_u32 (bytes + tag + 8, big_endian);

  if (length != G_MAXUINT32)
    return pos + length;
  /* Encapsulated: items (FFFE,E000) up to the delimiter (FFFE,E0DD), little endian. */
  while (pos + 8 <= size)
    {
      guint32 item_tag = read_u32 (bytes + pos, FALSE), item_length = read_u32 (bytes + pos + 4,
                                                                                  FALSE);
      pos += 8;
      if (item_tag == 0xe0ddfffe)
        return pos;
      g_assert_cmphex (item_tag, ==, 0xe000fffe);
      pos += item_length;
    }
  g_assert_not_reached ();
}

static void
add_cut (GArray     *cuts,
         GPtrArray  *whats,
         gssize      length,
         gsize       size,
         const char *what)
{
  if (length < 0 || (gsize) length >= size)
    return;
  for (guint i = 0; i < cuts->len; i++)
    if (g_array_index (cuts, gsize, i) == (gsize) length)
      return;
  g_array_append_val (cuts, length);
  g_ptr_array_add (whats, g_strdup (what));
}

static void
test_truncated (gconstpointer data)
{
  const Truncation *t = data;
  g_autofree char *source = stm_test_shared_path (t->source);
  g_autofree char *bytes = NULL;
  g_autofree char *base = g_path_get_basename (t->source);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) reference = NULL;
  gsize size;

  if (source == NULL)
    return;
  /* find_pixel_data() failed on a file that is there. */
  g_assert_cmpuint (t->pixels_end, >, 0);

  g_assert_true (g_file_get_contents (source, &bytes, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (t->length, <, size);
  name = g_strdup_printf ("%" G_GSIZE_FORMAT "-%s", t->length, base);
  path = g_build_filename (tmpdir, name, NULL);
  g_assert_true (g_file_set_contents (path, bytes, t->length, &error));
  g_assert_no_error (error);
  g_test_message ("%s cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes (%s); "
                  "pixel data ends at %" G_GSIZE_FORMAT,
                  base, t->length, size, t->what, t->pixels_end);

  for (guint way = 0; way < 2; way++)
    {
      LoadFunc load = way == 0 ? load_frames : load_series;
      const char *how = way == 0 ? "as frames" : "as a series";
      g_autoptr(StmVolume) volume = check_load (load, how, path, MAX_SECONDS);

      if (volume == NULL)
        continue;
      /* Only a cut after every pixel may load, and then to the very same image. */
      g_assert_cmpuint (t->length, >=, t->pixels_end);
      g_clear_pointer (&reference, stm_volume_unref);
      reference = load (source, &error);
      g_assert_no_error (error);
      g_assert_true (same_volume (volume, reference));
    }
  g_remove (path);
}

/* The full file loads: the truncations test damage, not an unsupported codec. */
static void
test_untruncated (gconstpointer data)
{
  const char *relative = data;
  g_autofree char *path = stm_test_shared_path (relative);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) frames = NULL;
  g_autoptr(StmVolume) series = NULL;

  if (path == NULL)
    return;
  frames = load_frames (path, &error);
  g_assert_no_error (error);
  series = load_series (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frames);
  g_assert_nonnull (series);
}

/* The source is absent (skip, or fail under CI), or has no Pixel Data where expected. */
static void
test_truncation_source (gconstpointer data)
{
  const Truncation *t = data;
  g_autofree char *path = stm_test_shared_path (t->source);

  g_assert_null (path);
}

/* About twenty lengths: each header region, the pixel data, the last byte. */
static void
add_truncation_tests (const char *source,
                      GPtrArray  *keep)
{
  g_autofree char *path = shared_path_if_present (source);
  g_autofree guint8 *bytes = NULL;
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GPtrArray) whats = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_path_get_basename (source);
  gsize size = 0, tag = 0, end, meta_end = 132;
  gboolean big_endian = FALSE;

  if (path == NULL || !g_file_get_contents (path, (char **) &bytes, &size, NULL) ||
      !find_pixel_data (bytes, size, &tag, &big_endian))
    {
      /* Absent (skip, or fail under CI) or not what this test expects: fail. */
      Truncation *t = g_new0 (Truncation, 1);
      g_autofree char *test = g_strdup_printf ("/malformed/truncated/%s", base);
      t->source = source;
      g_ptr_array_add (keep, t);
      g_test_add_data_func (test, t, test_truncation_source);
      return;
    }
  end = pixel_data_end (bytes, size, tag, big_endian);
  if (size >= 144 && memcmp (bytes + 128, "DICM", 4) == 0)
    meta_end = 144 + read_u32 (bytes + 140, FALSE);

  add_cut (cuts, whats, 0, size, "empty file");
  add_cut (cuts, whats, 1, size, "one byte");
  add_cut (cuts, whats, 64, size, "inside the preamble");
  add_cut (cuts, whats, 128, size, "after the preamble");
  add_cut (cuts, whats, 130, size, "inside DICM");
  add_cut (cuts, whats, 132, size, "after DICM");
  add_cut (cuts, whats, 137, size, "inside the meta group length");
  add_cut (cuts, whats, 144, size, "after the meta group length");
  add_cut (cuts, whats, (meta_end + 144) / 2, size, "inside the File Meta");
  add_cut (cuts, whats, meta_end - 1, size, "last byte of the File Meta missing");
  add_cut (cuts, whats, meta_end + 6, size, "inside the first dataset element");
  add_cut (cuts, whats, (meta_end + tag) / 2, size, "inside the dataset");
  add_cut (cuts, whats, tag, size, "before Pixel Data");
  add_cut (cuts, whats, tag + 5, size, "inside the Pixel Data VR");
  add_cut (cuts, whats, tag + 10, size, "inside the Pixel Data length");
  add_cut (cuts, whats, tag + 12, size, "at the start of the pixel values");
  add_cut (cuts, whats, tag + 18, size, "inside the first item or pixel");
  add_cut (cuts, whats, tag + 12 + (end - tag - 12) / 4, size, "a quarter into the pixels");
  add_cut (cuts, whats, tag + 12 + (end - tag - 12) / 2, size, "half way into the pixels");
  add_cut (cuts, whats, end - 9, size, "inside the last item header or pixels");
  add_cut (cuts, whats, end - 1, size, "last byte of the pixel data missing");
  add_cut (cuts, whats, end, size, "right after the pixel data");
  add_cut (cuts, whats, (gssize) size - 1, size, "last byte of the file missing");

  for (guint i = 0; i < cuts->len; i++)
    {
      Truncation *t = g_new0 (Truncation, 1);
      g_autofree char *test = NULL;

      t->source = source;
      t->length = g_array_index (cuts, gsize, i);
      t->pixels_end = end;
      t->what = g_strdup (g_ptr_array_index (whats, i));
      test = g_strdup_printf ("/malformed/truncated/%s/%06" G_GSIZE_FORMAT, base, t->length);
      g_ptr_array_add (keep, t);
      g_test_add_data_func (test, t, test_truncated);
    }
}

/* ---- synthetic headers that promise too much ----------------------------- */

static void
put_u16 (GByteArray *b,
         guint16     v)
{
  guint16 le = GUINT16_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &le, 2);
}

static void
put_u32 (GByteArray *b,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &le, 4);
}

/* One explicit VR little endian element; @length G_MAXUINT32 is undefined. */
static void
put_element (GByteArray   *b,
             guint16       group,
             guint16       element,
             const char   *vr,
             const guint8 *value,
             guint32       length)
{
  gboolean long_form = strstr ("OB OW OF SQ UT UN", vr) != NULL;

  put_u16 (b, group);
  put_u16 (b, element);
  g_byte_array_append (b, (const guint8 *) vr, 2);
  if (long_form)
    {
      put_u16 (b, 0);
      put_u32 (b, length);
    }
  else
    put_u16 (b, (guint16) length);
  if (value != NULL && length != G_MAXUINT32)
    g_byte_array_append (b, value, length);
}

static void
put_string (GByteArray *b,
            guint16     group,
            guint16     element,
            const char *vr,
            const char *value)
{
  g_autoptr(GByteArray) padded = g_byte_array_new ();
  guint8 pad = strcmp (vr, "UI") == 0 ? 0 : ' ';

  g_byte_array_append (padded, (const guint8 *) value, strlen (value));
  if (padded->len % 2 != 0)
    g_byte_array_append (padded, &pad, 1);
  put_element (b, group, element, vr, padded->data, padded->len);
}

static void
put_us (GByteArray *b,
        guint16     group,
        guint16     element,
        guint16     value)
{
  guint16 le = GUINT16_TO_LE (value);
  put_element (b, group, element, "US", (const guint8 *) &le, 2);
}

typedef struct
{
  const char *name;
  const char *transfer_syntax;
  guint16     rows, columns, samples, bits;
  const char *frames;         /* NumberOfFrames as written */
  guint32     pixel_bytes;    /* native, or the one fragment when encapsulated */
  gboolean    encapsulated;
  gboolean    may_open;       /* a clamp to the data present may give one frame */
} Synthetic;

#define EXPLICIT_LE "1.2.840.10008.1.2.1"
#define RLE         "1.2.840.10008.1.2.5"
#define JPEG_LL     "1.2.840.10008.1.2.4.70"
#define J2K         "1.2.840.10008.1.2.4.90"

static const Synthetic synthetics[] = {
  { "huge-frames", EXPLICIT_LE, 65535, 65535, 1, 16, "999999", 64, FALSE, FALSE },
  { "huge-rgb32", EXPLICIT_LE, 65535, 65535, 3, 32, "999999", 64, FALSE, FALSE },
  { "huge-rle", RLE, 65535, 65535, 1, 16, "999999", 64, TRUE, FALSE },
  { "huge-jpeg-lossless", JPEG_LL, 65535, 65535, 1, 16, "999999", 64, TRUE, FALSE },
  { "huge-j2k", J2K, 65535, 65535, 1, 16, "999999", 64, TRUE, FALSE },
  { "frames-overflow", EXPLICIT_LE, 4, 4, 1, 16, "4294967297", 32, FALSE, TRUE },
  { "frames-negative", EXPLICIT_LE, 4, 4, 1, 16, "-1", 32, FALSE, TRUE },
  { "one-frame-of-million", EXPLICIT_LE, 4, 4, 1, 16, "999999", 32, FALSE, TRUE },
};

/* Preamble, "DICM" and the File Meta group, always explicit VR little endian. */
static void
put_file_meta (GByteArray *b,
               const char *transfer_syntax)
{
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  static const guint8 version[] = { 0, 1 };
  guint8 preamble[128] = { 0 };

  put_element (meta, 0x0002, 0x0001, "OB", version, 2);
  put_string (meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.2");
  put_string (meta, 0x0002, 0x0003, "UI", "2.25.1234567890");
  put_string (meta, 0x0002, 0x0010, "UI", transfer_syntax);

  g_byte_array_append (b, preamble, sizeof preamble);
  g_byte_array_append (b, (const guint8 *) "DICM", 4);
  put_u16 (b, 0x0002);
  put_u16 (b, 0x0000);
  g_byte_array_append (b, (const guint8 *) "UL", 2);
  put_u16 (b, 4);
  put_u32 (b, meta->len);
  g_byte_array_append (b, meta->data, meta->len);
}

static GByteArray *
build_synthetic (const Synthetic *s)
{
  GByteArray *b = g_byte_array_new ();
  g_autofree guint8 *pixels = g_malloc0 (s->pixel_bytes);

  for (guint32 i = 0; i < s->pixel_bytes; i++)
    pixels[i] = (guint8) (i * 37);

  put_file_meta (b, s->transfer_syntax);
  put_string (b, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
  put_string (b, 0x0008, 0x0018, "UI", "2.25.1234567890");
  put_string (b, 0x0008, 0x0060, "CS", "CT");
  put_string (b, 0x0010, 0x0010, "PN", "Synthetic^Huge");
  put_string (b, 0x0020, 0x000d, "UI", "2.25.1");
  put_string (b, 0x0020, 0x000e, "UI", "2.25.2");
  put_us (b, 0x0028, 0x0002, s->samples);
  put_string (b, 0x0028, 0x0004, "CS", s->samples == 3 ? "RGB" : "MONOCHROME2");
  if (s->samples == 3)
    put_us (b, 0x0028, 0x0006, 0);
  put_string (b, 0x0028, 0x0008, "IS", s->frames);
  put_us (b, 0x0028, 0x0010, s->rows);
  put_us (b, 0x0028, 0x0011, s->columns);
  put_us (b, 0x0028, 0x0100, s->bits);
  put_us (b, 0x0028, 0x0101, s->bits);
  put_us (b, 0x0028, 0x0102, s->bits - 1);
  put_us (b, 0x0028, 0x0103, 0);

  if (!s->encapsulated)
    put_element (b, 0x7fe0, 0x0010, "OW", pixels, s->pixel_bytes);
  else
    {
      put_element (b, 0x7fe0, 0x0010, "OB", NULL, G_MAXUINT32);
      put_u16 (b, 0xfffe);                      /* empty Basic Offset Table */
      put_u16 (b, 0xe000);
      put_u32 (b, 0);
      put_u16 (b, 0xfffe);                      /* the one fragment */
      put_u16 (b, 0xe000);
      put_u32 (b, s->pixel_bytes);
      g_byte_array_append (b, pixels, s->pixel_bytes);
      put_u16 (b, 0xfffe);                      /* sequence delimiter */
      put_u16 (b, 0xe0dd);
      put_u32 (b, 0);
    }
  return b;
}

static void
test_synthetic (gconstpointer data)
{
  const Synthetic *s = data;
  g_autoptr(GByteArray) bytes = build_synthetic (s);
  g_autofree char *name = g_strdup_printf ("%s.dcm", s->name);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %u x %u, %u x %u bits, NumberOfFrames %s, %u bytes of %s pixel data",
                  s->name, s->columns, s->rows, s->samples, s->bits, s->frames, s->pixel_bytes,
                  s->encapsulated ? "encapsulated" : "native");

  for (guint way = 0; way < 2; way++)
    {
      g_autoptr(StmVolume) volume = check_load (way == 0 ? load_frames : load_series,
                                                way == 0 ? "as frames" : "as a series",
                                                path, QUICK_SECONDS);
      if (volume == NULL)
        continue;
      g_assert_true (s->may_open);
      g_assert_cmpuint (volume->dims[2], ==, 1);
    }
  g_remove (path);
}

/*
 * An attribute whose length runs gigabytes past the end of the file, in
 * implicit VR where every length has 32 bits: a reader that trusts the
 * length allocates it. Under tools/sanitize-malformed.sh an allocation over
 * 1 GiB aborts the test.
 */
typedef struct
{
  const char *name;
  guint16     group, element;
  guint32     length;
} Overlong;

#define IMPLICIT_LE "1.2.840.10008.1.2"

static const Overlong overlongs[] = {
  { "overlong-patient-name", 0x0010, 0x0010, 0xfffffff0 },
  { "overlong-image-position", 0x0020, 0x0032, 0xb5000032 },
  { "overlong-rows", 0x0028, 0x0010, 0x80000000 },
  /* Integer strings are also filled and scanned: 1.1 GiB resident, seconds of work. */
  { "overlong-instance-number", 0x0020, 0x0013, 0x48000000 },
  { "overlong-number-of-frames", 0x0028, 0x0008, 0x48000000 },
};

static void
put_implicit (GByteArray *b,
              guint16     group,
              guint16     element,
              const char *value,
              guint32     length)
{
  put_u16 (b, group);
  put_u16 (b, element);
  put_u32 (b, length);
  if (value != NULL)
    g_byte_array_append (b, (const guint8 *) value, length);
}

static GByteArray *
build_overlong (const Overlong *o)
{
  GByteArray *b = g_byte_array_new ();
  static const char tail[] = "-0.5\\12.25\\100.0\\MONOCHROME2 Synthetic^Overlong 1.2.3.4.5.6";

  put_file_meta (b, IMPLICIT_LE);
  put_implicit (b, 0x0008, 0x0016, "1.2.840.10008.5.1.4.1.1.2", 26);
  put_implicit (b, 0x0008, 0x0018, "2.25.1234567890", 16);
  put_implicit (b, 0x0008, 0x0060, "CT", 2);
  if (o->group > 0x0010)
    put_implicit (b, 0x0010, 0x0010, "Synthetic^Overlong", 18);
  if (o->group > 0x0020 || (o->group == 0x0020 && o->element > 0x000e))
    {
      put_implicit (b, 0x0020, 0x000d, "2.25.1", 6);
      put_implicit (b, 0x0020, 0x000e, "2.25.2", 6);
    }
  if (o->group > 0x0028)
    put_implicit (b, 0x0028, 0x0002, "\x01\x00", 2);
  /* The claimed value starts here and ends gigabytes beyond the file. */
  put_implicit (b, o->group, o->element, NULL, o->length);
  g_byte_array_append (b, (const guint8 *) tail, sizeof tail - 1);
  return b;
}

static void
test_overlong (gconstpointer data)
{
  const Overlong *o = data;
  g_autoptr(GByteArray) bytes = build_overlong (o);
  g_autofree char *name = g_strdup_printf ("%s.dcm", o->name);
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error));
  g_assert_no_error (error);
  g_test_message ("%s: (%04x,%04x) claims %u bytes in a file of %u",
                  o->name, o->group, o->element, o->length, bytes->len);

  for (guint way = 0; way < 2; way++)
    {
      g_autoptr(StmVolume) volume = check_load (way == 0 ? load_frames : load_series,
                                                way == 0 ? "as frames" : "as a series",
                                                path, QUICK_SECONDS);
      /* Nothing after the attribute is readable: there is no image to show. */
      g_assert_null (volume);
    }
  g_remove (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) truncations = g_ptr_array_new_with_free_func (truncation_free);
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = stm_test_make_tmpdir ();

  add_corpus_tests (names);
  if (names->len > 0)
    g_test_add_data_func ("/malformed/must-open-listed", names, test_expected_present);
  g_test_add_func ("/malformed/message/greyscale-three-samples", test_greyscale_three_samples);

  for (guint i = 0; i < G_N_ELEMENTS (truncation_sources); i++)
    {
      g_autofree char *base = g_path_get_basename (truncation_sources[i]);
      g_autofree char *test = g_strdup_printf ("/malformed/untruncated/%s", base);
      g_test_add_data_func (test, truncation_sources[i], test_untruncated);
      add_truncation_tests (truncation_sources[i], truncations);
    }
  for (guint i = 0; i < G_N_ELEMENTS (synthetics); i++)
    {
      g_autofree char *test = g_strdup_printf ("/malformed/synthetic/%s", synthetics[i].name);
      g_test_add_data_func (test, &synthetics[i], test_synthetic);
    }
  for (guint i = 0; i < G_N_ELEMENTS (overlongs); i++)
    {
      g_autofree char *test = g_strdup_printf ("/malformed/synthetic/%s", overlongs[i].name);
      g_test_add_data_func (test, &overlongs[i], test_overlong);
    }

  status = g_test_run ();
  stm_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
