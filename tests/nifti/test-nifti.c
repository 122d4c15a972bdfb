/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * NIfTI-1 reader and writer: round trips, agreement with nibabel both ways,
 * the IBSI phantoms, and damaged or hostile files.
 */
#include "stm-nifti.h"
#include "stm-test-support.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

/* Header offsets (nifti1.h). */
#define OFF_SIZEOF_HDR 0
#define OFF_DIM        40
#define OFF_DATATYPE   70
#define OFF_PIXDIM     76
#define OFF_VOX_OFFSET 108
#define OFF_SCL_SLOPE  112
#define OFF_SCL_INTER  116
#define OFF_QFORM_CODE 252
#define OFF_SFORM_CODE 254
#define OFF_MAGIC      344

#define SMALL_MAX_BYTES (G_GUINT64_CONSTANT (64) << 20)

/* ---- volumes and geometry ---------------------------------------------- */

static void
rotation (const double axis_in[3],
          double       degrees,
          double       m[3][3])
{
  double n = sqrt (axis_in[0] * axis_in[0] + axis_in[1] * axis_in[1] + axis_in[2] * axis_in[2]);
  double x = axis_in[0] / n, y = axis_in[1] / n, z = axis_in[2] / n;
  double c = cos (degrees * G_PI / 180.0), s = sin (degrees * G_PI / 180.0), t = 1.0 - c;

  m[0][0] = t * x * x + c;     m[0][1] = t * x * y - s * z; m[0][2] = t * x * z + s * y;
  m[1][0] = t * x * y + s * z; m[1][1] = t * y * y + c;     m[1][2] = t * y * z - s * x;
  m[2][0] = t * x * z - s * y; m[2][1] = t * y * z + s * x; m[2][2] = t * z * z + c;
}

typedef enum
{
  GEOMETRY_OBLIQUE,
  GEOMETRY_LEFT_HANDED,
  GEOMETRY_SHEARED,   /* gantry tilt: slices stacked off the normal */
} GeometryKind;

static void
make_geometry (GeometryKind  kind,
               StmGeometry  *g)
{
  static const double axis[3] = { 0.2, 0.9, -0.4 };
  double m[3][3];

  rotation (axis, 33.0, m);
  g->origin[0] = -120.3;
  g->origin[1] = 80.17;
  g->origin[2] = -45.9;
  g->spacing[0] = 0.7;
  g->spacing[1] = 0.82;
  g->spacing[2] = 2.5;
  for (int a = 0; a < 3; a++)
    for (int r = 0; r < 3; r++)
      g->axes[a][r] = m[r][a];

  if (kind == GEOMETRY_LEFT_HANDED)
    {
      for (int r = 0; r < 3; r++)
        g->axes[2][r] = -g->axes[2][r];
    }
  else if (kind == GEOMETRY_SHEARED)
    {
      double v[3], n;
      for (int r = 0; r < 3; r++)
        v[r] = g->axes[2][r] + 0.3 * g->axes[1][r];
      n = sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      for (int r = 0; r < 3; r++)
        g->axes[2][r] = v[r] / n;
    }
}

/* CT-like values: whole numbers for int16, or with fractions. */
static StmVolume *
make_float_volume (gsize        nx,
                   gsize        ny,
                   gsize        nz,
                   gboolean     whole,
                   GeometryKind kind)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_volume_new (STM_VOXEL_FLOAT32, nx, ny, nz,
                                      STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  float *data;

  g_assert_no_error (error);
  data = stm_volume_float_data (volume);
  for (gsize k = 0; k < nz; k++)
    for (gsize j = 0; j < ny; j++)
      for (gsize i = 0; i < nx; i++)
        {
          double v = (double) ((i * 7 + j * 13 + k * 31) % 4000) - 1024.0;
          if (!whole)
            v = v * 0.37 + sin ((double) (i + 2 * j + 3 * k)) * 1e-3;
          data[(k * ny + j) * nx + i] = (float) v;
        }
  make_geometry (kind, &volume->geometry);
  return volume;
}

static StmVolume *
make_rgb_volume (gsize nx,
                 gsize ny,
                 gsize nz)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_volume_new (STM_VOXEL_RGB8, nx, ny, nz,
                                      STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  guint8 *rgb;

  g_assert_no_error (error);
  rgb = stm_volume_rgb_data (volume);
  for (gsize n = 0; n < 3 * stm_volume_n_voxels (volume); n++)
    rgb[n] = (guint8) ((n * 37 + n / 7) & 0xff);
  make_geometry (GEOMETRY_OBLIQUE, &volume->geometry);
  return volume;
}

static void
assert_geometry_close (const StmGeometry *a,
                       const StmGeometry *b,
                       double             tolerance)
{
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpfloat_with_epsilon (a->origin[i], b->origin[i], tolerance);
      g_assert_cmpfloat_with_epsilon (a->spacing[i], b->spacing[i], tolerance);
      for (int r = 0; r < 3; r++)
        g_assert_cmpfloat_with_epsilon (a->axes[i][r], b->axes[i][r], tolerance);
    }
}

static void
assert_volumes_equal (const StmVolume *a,
                      const StmVolume *b)
{
  g_assert_cmpint (a->format, ==, b->format);
  for (int i = 0; i < 3; i++)
    g_assert_cmpuint (a->dims[i], ==, b->dims[i]);
  g_assert_true (memcmp (a->data, b->data,
                         stm_volume_n_voxels (a) * stm_volume_bytes_per_voxel (a)) == 0);
}

/* Our own LPS -> RAS, independent of the code under test. */
static void
geometry_to_ras (const StmGeometry *g,
                 double             affine[3][4])
{
  static const double sign[3] = { -1.0, -1.0, 1.0 };

  for (int r = 0; r < 3; r++)
    {
      for (int a = 0; a < 3; a++)
        affine[r][a] = sign[r] * g->spacing[a] * g->axes[a][r];
      affine[r][3] = sign[r] * g->origin[r];
    }
}

/* SHA-256 of the voxels as nibabel_dump.py hashes them: little-endian float32 or RGB bytes. */
static char *
volume_sha256 (const StmVolume *volume)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize n = stm_volume_n_voxels (volume);

  if (volume->format == STM_VOXEL_RGB8)
    g_checksum_update (sum, volume->data, 3 * n);
  else
    for (gsize i = 0; i < n; i++)
      {
        guint32 bits;
        memcpy (&bits, (const float *) volume->data + i, sizeof bits);
        bits = GUINT32_TO_LE (bits);
        g_checksum_update (sum, (const guchar *) &bits, sizeof bits);
      }
  return g_strdup (g_checksum_get_string (sum));
}

/* ---- files -------------------------------------------------------------- */

static GBytes *
read_all (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_raw (const char   *path,
           const guint8 *bytes,
           gsize         length)
{
  g_autoptr(GError) error = NULL;

  /* No fsync: the fuzz test writes thousands of these. */
  g_file_set_contents_full (path, (const char *) bytes, (gssize) length,
                            G_FILE_SET_CONTENTS_NONE, 0644, &error);
  g_assert_no_error (error);
}

/* Writes @bytes to @path, gzip-compressed when the name ends with .gz. */
static void
write_all (const char   *path,
           const guint8 *bytes,
           gsize         length)
{
  if (g_str_has_suffix (path, ".gz"))
    {
      gzFile gz = gzopen (path, "wb1");
      g_assert_nonnull (gz);
      g_assert_cmpint (length == 0 ? 0 : gzwrite (gz, bytes, (unsigned) length), ==, (int) length);
      g_assert_cmpint (gzclose (gz), ==, Z_OK);
      return;
    }
  write_raw (path, bytes, length);
}

static void
put16 (guint8 *b,
       gsize   offset,
       gint16  value)
{
  guint16 le = GUINT16_TO_LE ((guint16) value);
  memcpy (b + offset, &le, 2);
}

static void
put32 (guint8 *b,
       gsize   offset,
       gint32  value)
{
  guint32 le = GUINT32_TO_LE ((guint32) value);
  memcpy (b + offset, &le, 4);
}

static void
putf (guint8 *b,
      gsize   offset,
      float   value)
{
  guint32 bits;
  memcpy (&bits, &value, 4);
  put32 (b, offset, (gint32) bits);
}

static void
write_volume (const StmVolume *volume,
              const char      *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (stm_nifti_write (volume, path, &error));
  g_assert_no_error (error);
}

static StmVolume *
read_volume (const char *path)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_nifti_read (path, STM_VOLUME_DEFAULT_MAX_BYTES, &error);

  g_assert_no_error (error);
  g_assert_nonnull (volume);
  return volume;
}

static void
assert_read_fails (const char *path,
                   guint64     max_bytes,
                   int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) volume = stm_nifti_read (path, max_bytes, &error);

  g_assert_null (volume);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", path, error->message);
  g_assert_true (error->domain == STM_NIFTI_ERROR);
  if (code >= 0)
    g_assert_error (error, STM_NIFTI_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

/* ---- nibabel ------------------------------------------------------------ */

static JsonNode *
nibabel_dump (const char * const *paths)
{
  g_autofree char *out = stm_test_run_python ("nifti/nibabel_dump.py", paths);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (out == NULL)
    return NULL;
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
dump_at (JsonNode *root,
         guint     index)
{
  return json_array_get_object_element (json_node_get_array (root), index);
}

static void
assert_affine_matches (JsonArray     *rows,
                       const double   affine[3][4],
                       double         tolerance)
{
  for (guint r = 0; r < 3; r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      for (guint c = 0; c < 4; c++)
        {
          double theirs = json_array_get_double_element (row, c);
          g_assert_cmpfloat_with_epsilon (affine[r][c], theirs,
                                          tolerance * (1.0 + fabs (theirs)));
        }
    }
}

/* Shape, img.affine and the voxels (SHA-256) as nibabel sees them. */
static void
assert_matches_nibabel (const StmVolume *volume,
                        JsonObject      *dump)
{
  JsonArray *shape = json_object_get_array_member (dump, "shape");
  g_autofree char *sha = volume_sha256 (volume);
  double affine[3][4];

  for (guint i = 0; i < json_array_get_length (shape); i++)
    {
      gint64 n = json_array_get_int_element (shape, i);
      g_assert_cmpint (n, ==, i < 3 ? (gint64) volume->dims[i] : 1);
    }
  for (guint i = json_array_get_length (shape); i < 3; i++)
    g_assert_cmpuint (volume->dims[i], ==, 1);

  geometry_to_ras (&volume->geometry, affine);
  assert_affine_matches (json_object_get_array_member (dump, "affine"), affine, 1e-6);
  g_assert_cmpstr (sha, ==, json_object_get_string_member (dump, "sha256"));
}

/* ---- round trips -------------------------------------------------------- */

static void
round_trip (StmVolume  *volume,
            const char *name,
            gsize       expected_plain_size)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(StmVolume) back = NULL;

  write_volume (volume, path);
  back = read_volume (path);
  assert_volumes_equal (volume, back);
  assert_geometry_close (&volume->geometry, &back->geometry, 1e-5);
  g_assert_cmpfloat (back->frame_time_ms, ==, 0.0);

  if (expected_plain_size > 0)
    {
      GStatBuf st;
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, (goffset) expected_plain_size);
    }
  stm_test_remove_tree (dir);
}

static void
test_round_trip_float (void)
{
  for (GeometryKind kind = GEOMETRY_OBLIQUE; kind <= GEOMETRY_SHEARED; kind++)
    {
      g_autoptr(StmVolume) volume = make_float_volume (9, 7, 5, FALSE, kind);
      round_trip (volume, "float.nii", 352 + 9 * 7 * 5 * 4);
      round_trip (volume, "float.nii.gz", 0);
    }
}

static void
test_round_trip_int16 (void)
{
  for (GeometryKind kind = GEOMETRY_OBLIQUE; kind <= GEOMETRY_SHEARED; kind++)
    {
      g_autoptr(StmVolume) volume = make_float_volume (9, 7, 5, TRUE, kind);
      /* The int16 extremes stay int16; one more and it must be float32. */
      stm_volume_float_data (volume)[0] = -32768.0f;
      stm_volume_float_data (volume)[1] = 32767.0f;
      round_trip (volume, "int16.nii", 352 + 9 * 7 * 5 * 2);
      round_trip (volume, "int16.nii.gz", 0);
      stm_volume_float_data (volume)[1] = 32768.0f;
      round_trip (volume, "wide.nii", 352 + 9 * 7 * 5 * 4);
    }
}

static void
test_round_trip_rgb (void)
{
  g_autoptr(StmVolume) volume = make_rgb_volume (11, 6, 4);

  round_trip (volume, "rgb.nii", 352 + 11 * 6 * 4 * 3);
  round_trip (volume, "rgb.nii.gz", 0);
}

static void
test_round_trip_cine (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (8, 6, 12, TRUE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cine.nii.gz", NULL);
  g_autoptr(StmVolume) back = NULL;

  volume->frame_time_ms = 33.3;
  write_volume (volume, path);
  back = read_volume (path);
  assert_volumes_equal (volume, back);
  g_assert_cmpfloat_with_epsilon (back->frame_time_ms, 33.3, 1e-4);
  stm_test_remove_tree (dir);
}

/* Writing over a file replaces it, and leaves no temporary file behind. */
static void
test_write_replaces (void)
{
  g_autoptr(StmVolume) small = make_float_volume (3, 3, 3, TRUE, GEOMETRY_OBLIQUE);
  g_autoptr(StmVolume) large = make_float_volume (9, 7, 5, FALSE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "over.nii.gz", NULL);
  g_autoptr(StmVolume) back = NULL;
  g_autoptr(GDir) listing = NULL;
  int n_files = 0;

  write_volume (large, path);
  write_volume (small, path);
  back = read_volume (path);
  assert_volumes_equal (small, back);

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpint (n_files, ==, 1);
  stm_test_remove_tree (dir);
}

static void
test_write_errors (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (4, 4, 4, TRUE, GEOMETRY_OBLIQUE);
  g_autoptr(StmVolume) wide = NULL;
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "no", "such", "dir.nii", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.nii", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (stm_nifti_write (volume, missing, &error));
  g_assert_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_IO);
  g_clear_error (&error);

  volume->geometry.spacing[1] = 0.0;
  g_assert_false (stm_nifti_write (volume, path, &error));
  g_assert_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  volume->geometry.spacing[1] = 1.0;
  volume->geometry.origin[2] = NAN;
  g_assert_false (stm_nifti_write (volume, path, &error));
  g_assert_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  wide = stm_volume_new (STM_VOXEL_FLOAT32, 40000, 1, 1, STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  g_assert_no_error (error);
  g_assert_false (stm_nifti_write (wide, path, &error));
  g_assert_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_UNSUPPORTED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  stm_test_remove_tree (dir);
}

/* ---- nibabel agreement -------------------------------------------------- */

typedef struct
{
  const char   *name;
  const char   *dtype;
  gboolean      rgb;
  gboolean      whole;
  GeometryKind  kind;
} WrittenCase;

static const WrittenCase written_cases[] = {
  { "float.nii.gz", "float32", FALSE, FALSE, GEOMETRY_OBLIQUE },
  { "float.nii", "float32", FALSE, FALSE, GEOMETRY_LEFT_HANDED },
  { "int16.nii.gz", "int16", FALSE, TRUE, GEOMETRY_OBLIQUE },
  { "int16-left.nii", "int16", FALSE, TRUE, GEOMETRY_LEFT_HANDED },
  { "int16-sheared.nii.gz", "int16", FALSE, TRUE, GEOMETRY_SHEARED },
  { "rgb.nii.gz", "rgb24", TRUE, FALSE, GEOMETRY_OBLIQUE },
};

static void
test_nibabel_reads_ours (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) stm_volume_unref);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *dumps;

  for (gsize c = 0; c < G_N_ELEMENTS (written_cases); c++)
    {
      const WrittenCase *wc = &written_cases[c];
      StmVolume *volume = wc->rgb ? make_rgb_volume (10, 7, 6)
                                  : make_float_volume (10, 7, 6, wc->whole, wc->kind);
      char *path = g_build_filename (dir, wc->name, NULL);

      write_volume (volume, path);
      g_ptr_array_add (volumes, volume);
      g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);

  root = nibabel_dump ((const char * const *) paths->pdata);
  if (root == NULL)
    {
      stm_test_remove_tree (dir);
      return;
    }
  dumps = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (dumps), ==, G_N_ELEMENTS (written_cases));

  for (guint c = 0; c < G_N_ELEMENTS (written_cases); c++)
    {
      const WrittenCase *wc = &written_cases[c];
      StmVolume *volume = g_ptr_array_index (volumes, c);
      JsonObject *dump = json_array_get_object_element (dumps, c);
      double affine[3][4];

      g_test_message ("nibabel reads %s", wc->name);
      assert_matches_nibabel (volume, dump);
      g_assert_cmpstr (json_object_get_string_member (dump, "dtype"), ==, wc->dtype);
      g_assert_cmpint (json_object_get_int_member (dump, "qform_code"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (dump, "sform_code"), ==, 1);

      /* The quaternion carries the same grid, unless it is sheared. */
      geometry_to_ras (&volume->geometry, affine);
      if (wc->kind != GEOMETRY_SHEARED)
        assert_affine_matches (json_object_get_array_member (dump, "qform"), affine, 1e-6);
    }
  stm_test_remove_tree (dir);
}

/* Without sform (then without qform too) we fall back as nibabel does. */
static void
test_nibabel_qform_and_analyze (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (10, 7, 6, TRUE, GEOMETRY_LEFT_HANDED);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "ours.nii", NULL);
  g_autofree char *qform = g_build_filename (dir, "qform.nii", NULL);
  g_autofree char *analyze = g_build_filename (dir, "analyze.nii", NULL);
  const char *paths[] = { qform, analyze, NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *copy = NULL;
  g_autoptr(StmVolume) from_qform = NULL;
  g_autoptr(StmVolume) from_pixdim = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length;

  write_volume (volume, path);
  bytes = read_all (path);
  copy = g_memdup2 (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
  put16 (copy, OFF_SFORM_CODE, 0);
  write_all (qform, copy, length);
  put16 (copy, OFF_QFORM_CODE, 0);
  write_all (analyze, copy, length);

  from_qform = read_volume (qform);
  assert_geometry_close (&volume->geometry, &from_qform->geometry, 1e-5);
  from_pixdim = read_volume (analyze);
  g_assert_cmpfloat_with_epsilon (from_pixdim->geometry.spacing[2], 2.5, 1e-6);

  root = nibabel_dump (paths);
  stm_test_remove_tree (dir);
  if (root == NULL)
    return;
  assert_matches_nibabel (from_qform, dump_at (root, 0));
  assert_matches_nibabel (from_pixdim, dump_at (root, 1));
}

/*
 * The qform alone carries any rotation of either handedness (every branch
 * of nifti_mat44_to_quatern), as far as float32 allows: a is derived from
 * the stored b, c, d, so near a half turn (a -> 0) the orientation is only
 * good to about 1e-4. Exact half turns must come back exact.
 */
/* The quaternion's a for a geometry: 0.5 sqrt (1 + trace) of its RAS rotation. */
static double
qform_a (const StmGeometry *g)
{
  double affine[3][4], trace, det;

  geometry_to_ras (g, affine);
  det = affine[0][0] * (affine[1][1] * affine[2][2] - affine[1][2] * affine[2][1])
      - affine[0][1] * (affine[1][0] * affine[2][2] - affine[1][2] * affine[2][0])
      + affine[0][2] * (affine[1][0] * affine[2][1] - affine[1][1] * affine[2][0]);
  trace = affine[0][0] / g->spacing[0] + affine[1][1] / g->spacing[1]
        + (det < 0.0 ? -1.0 : 1.0) * affine[2][2] / g->spacing[2];
  return 0.5 * sqrt (MAX (1.0 + trace, 0.0));
}

/*
 * Near a half turn the qform cannot do better than this, whoever writes it:
 * b, c, d are float32, so 1 - b² - c² - d² = a² is only known to about
 * 3 * 2^-23, a = sqrt (a²) to sqrt (3 * 2^-23) ≈ 6e-4, and rotation terms
 * such as 2 (bc - ad) to twice that. (A tighter 3e-4 failed one random
 * rotation in twenty.)
 */
#define QFORM_NEAR_HALF_TURN_TOLERANCE 1.3e-3

static void
test_qform_rotations (void)
{
  static const double special[][4] = {
    { 1, 0, 0, 0 }, { 1, 0, 0, 180 }, { 0, 1, 0, 180 }, { 0, 0, 1, 180 },
    { 1, 1, 0, 180 }, { 0, 1, 1, 180 }, { 1, 0, 1, 179.9 }, { 0, 0, 1, 90 },
  };
  g_autoptr(StmVolume) volume = make_float_volume (4, 3, 2, TRUE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "rotated.nii", NULL);

  for (int n = 0; n < 400; n++)
    {
      double axis[3], degrees, m[3][3];
      g_autoptr(GBytes) bytes = NULL;
      g_autofree guint8 *copy = NULL;
      g_autoptr(StmVolume) back = NULL;
      gsize length;

      if (n / 2 < (int) G_N_ELEMENTS (special))
        {
          memcpy (axis, special[n / 2], sizeof axis);
          degrees = special[n / 2][3];
        }
      else
        {
          for (int i = 0; i < 3; i++)
            axis[i] = g_test_rand_double_range (-1.0, 1.0);
          degrees = g_test_rand_double_range (-180.0, 180.0);
        }
      rotation (axis, degrees, m);
      for (int a = 0; a < 3; a++)
        for (int r = 0; r < 3; r++)
          volume->geometry.axes[a][r] = (n % 2 == 1 && a == 2 ? -1.0 : 1.0) * m[r][a];

      write_volume (volume, path);
      bytes = read_all (path);
      copy = g_memdup2 (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
      put16 (copy, OFF_SFORM_CODE, 0);
      write_raw (path, copy, length);
      back = read_volume (path);
      assert_geometry_close (&volume->geometry, &back->geometry,
                             qform_a (&volume->geometry) > 0.05 || degrees == 180.0
                             ? 1e-5 : QFORM_NEAR_HALF_TURN_TOLERANCE);
    }
  stm_test_remove_tree (dir);
}

static int
error_code_named (const char *name)
{
  if (g_str_equal (name, "unsupported"))
    return STM_NIFTI_ERROR_UNSUPPORTED;
  if (g_str_equal (name, "format"))
    return STM_NIFTI_ERROR_FORMAT;
  g_assert_not_reached ();
}

/* Files nibabel wrote: both byte orders, every datatype, scaling, extensions. */
static void
test_nibabel_made (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  const char *make_args[] = { dir, NULL };
  g_autofree char *listing = stm_test_run_python ("nifti/nibabel_make.py", make_args);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) ok_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *made;

  if (listing == NULL)
    {
      stm_test_remove_tree (dir);
      return;
    }
  json_parser_load_from_data (parser, listing, -1, &error);
  g_assert_no_error (error);
  made = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (made); i++)
    {
      JsonObject *entry = json_array_get_object_element (made, i);
      const char *expect = json_object_get_string_member (entry, "expect");
      char *path = g_build_filename (dir, json_object_get_string_member (entry, "name"), NULL);

      if (g_str_equal (expect, "ok"))
        g_ptr_array_add (ok_paths, path);
      else
        {
          assert_read_fails (path, STM_VOLUME_DEFAULT_MAX_BYTES, error_code_named (expect));
          g_free (path);
        }
    }
  g_assert_cmpuint (ok_paths->len, >=, 10);
  g_ptr_array_add (ok_paths, NULL);

  root = nibabel_dump ((const char * const *) ok_paths->pdata);
  if (root == NULL)
    {
      stm_test_remove_tree (dir);
      return;
    }
  for (guint i = 0; i < ok_paths->len - 1; i++)
    {
      const char *path = g_ptr_array_index (ok_paths, i);
      g_autoptr(StmVolume) volume = read_volume (path);

      g_test_message ("Stratum reads nibabel's %s", path);
      assert_matches_nibabel (volume, dump_at (root, i));
    }
  stm_test_remove_tree (dir);
}

/* ---- IBSI phantoms ------------------------------------------------------ */

/* README "IBSI 1 digital phantom: geometry": x fastest, then y, then z. */
static const guint8 ibsi1_image[80] = {
  1, 4, 4, 1, 1,  1, 4, 6, 1, 1,  4, 1, 6, 4, 1,  4, 4, 6, 4, 1,
  1, 4, 4, 1, 1,  1, 1, 6, 1, 1,  1, 1, 3, 1, 1,  4, 4, 6, 1, 1,
  1, 4, 4, 1, 1,  1, 1, 1, 1, 1,  1, 1, 9, 1, 1,  1, 1, 6, 1, 1,
  1, 4, 4, 1, 1,  1, 1, 1, 1, 1,  1, 1, 1, 1, 1,  1, 1, 6, 1, 1,
};
static const guint8 ibsi1_mask[80] = {
  1, 1, 1, 1, 1,  1, 1, 1, 1, 1,  1, 1, 1, 1, 1,  1, 1, 1, 1, 1,
  1, 1, 1, 1, 1,  1, 1, 1, 1, 1,  0, 1, 1, 1, 1,  1, 1, 1, 1, 1,
  1, 1, 1, 0, 0,  1, 1, 1, 1, 1,  1, 1, 0, 1, 1,  1, 1, 1, 1, 1,
  1, 1, 1, 0, 0,  1, 1, 1, 1, 1,  1, 1, 1, 1, 1,  1, 1, 1, 1, 1,
};

static void
assert_ibsi1_layout (const StmVolume   *volume,
                     const StmGeometry *expected)
{
  g_assert_cmpint (volume->format, ==, STM_VOXEL_FLOAT32);
  g_assert_cmpuint (volume->dims[0], ==, 5);
  g_assert_cmpuint (volume->dims[1], ==, 4);
  g_assert_cmpuint (volume->dims[2], ==, 4);
  assert_geometry_close (expected, &volume->geometry, 1e-12);
}

static void
test_ibsi1_phantom (void)
{
  g_autofree char *image_path =
    stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/image/phantom.nii.gz");
  g_autofree char *mask_path =
    stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/mask/mask.nii.gz");
  const char *paths[] = { image_path, mask_path, NULL };
  g_autoptr(StmVolume) image = NULL;
  g_autoptr(StmVolume) mask = NULL;
  g_autoptr(JsonNode) root = NULL;
  StmGeometry expected;
  gsize in_roi = 0;

  if (image_path == NULL || mask_path == NULL)
    return;
  image = read_volume (image_path);
  mask = read_volume (mask_path);

  /* sform diag (-2, -2, 2) in RAS is 2 mm along +x, +y, +z in LPS. */
  stm_geometry_init_identity (&expected);
  for (int a = 0; a < 3; a++)
    expected.spacing[a] = 2.0;
  assert_ibsi1_layout (image, &expected);
  assert_ibsi1_layout (mask, &expected);

  for (gsize n = 0; n < 80; n++)
    {
      float m = stm_volume_float_data (mask)[n];
      g_assert_cmpfloat (stm_volume_float_data (image)[n], ==, ibsi1_image[n]);
      g_assert_cmpfloat (m, ==, ibsi1_mask[n]);
      in_roi += m == 1.0f;
    }
  g_assert_cmpuint (in_roi, ==, 74);

  root = nibabel_dump (paths);
  if (root == NULL)
    return;
  assert_matches_nibabel (image, dump_at (root, 0));
  assert_matches_nibabel (mask, dump_at (root, 1));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
add_nifti_files (GPtrArray  *paths,
                 const char *dir,
                 int         depth)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_str_has_suffix (path, ".nii.gz"))
        g_ptr_array_add (paths, path);
      else
        {
          if (depth > 0 && g_file_test (path, G_FILE_TEST_IS_DIR))
            add_nifti_files (paths, path, depth - 1);
          g_free (path);
        }
    }
}

/* Every IBSI 2 phantom (image and mask) and reference response map. */
static void
test_ibsi2_files (void)
{
  g_autofree char *phantoms = stm_test_shared_path ("ibsi/ibsi2_digital_phantoms/nifti");
  g_autofree char *maps = stm_test_shared_path ("ibsi/ibsi2_reference_response_maps");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  gsize n_images = 0;

  if (phantoms == NULL || maps == NULL)
    return;
  add_nifti_files (paths, phantoms, 2);
  for (guint i = 0; i < paths->len; i++)
    n_images += strstr (g_ptr_array_index (paths, i), "/image/") != NULL;
  g_assert_cmpuint (n_images, >=, 9);
  add_nifti_files (paths, maps, 0);
  g_ptr_array_add (paths, NULL);

  root = nibabel_dump ((const char * const *) paths->pdata);
  if (root == NULL)
    return;
  for (guint i = 0; i < paths->len - 1; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(StmVolume) volume = read_volume (path);

      g_test_message ("%s", path);
      assert_matches_nibabel (volume, dump_at (root, i));
    }
}

/* ---- bad input ---------------------------------------------------------- */

static void
test_truncated (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (20, 16, 10, FALSE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *cut = g_build_filename (dir, "cut.nii", NULL);
  g_autofree char *cut_gz = g_build_filename (dir, "cut.nii.gz", NULL);

  for (int compressed = 0; compressed < 2; compressed++)
    {
      const char *name = compressed ? "whole.nii.gz" : "whole.nii";
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GBytes) bytes = NULL;
      const guint8 *data;
      gsize length;

      write_volume (volume, path);
      bytes = read_all (path);
      data = g_bytes_get_data (bytes, &length);

      /* Plain: inside the header, the extension flag and the data. Gzip:
       * inside the gzip header, the deflate stream and the trailer. */
      gsize cuts[] = { 0, 1, 2, 9, 10, 40, 100, 347, 348, 351, 352, 353,
                       length / 2, length - 8, length - 4, length - 1 };
      for (gsize c = 0; c < G_N_ELEMENTS (cuts); c++)
        {
          if (cuts[c] >= length)
            continue;
          const char *target = compressed ? cut_gz : cut;
          g_autoptr(GError) error = NULL;
          g_autoptr(StmVolume) back = NULL;

          /* Raw bytes: the .gz copy is cut after compression. */
          write_raw (target, data, cuts[c]);
          back = stm_nifti_read (target, STM_VOLUME_DEFAULT_MAX_BYTES, &error);
          g_assert_null (back);
          g_assert_error (error, STM_NIFTI_ERROR, STM_NIFTI_ERROR_FORMAT);
          g_test_message ("cut at %zu: %s", cuts[c], error->message);
          if (cuts[c] > 0)
            g_assert_true (g_str_has_prefix (error->message, "The NIfTI file is truncated"));
        }
    }

  /* Truncated after compression of a short stream: gzip of a cut .nii. */
  {
    g_autofree char *path = g_build_filename (dir, "whole.nii", NULL);
    g_autoptr(GBytes) bytes = read_all (path);
    gsize length;
    const guint8 *data = g_bytes_get_data (bytes, &length);

    for (gsize at = 100; at < length; at += length / 5)
      {
        write_all (cut_gz, data, at);
        assert_read_fails (cut_gz, STM_VOLUME_DEFAULT_MAX_BYTES, STM_NIFTI_ERROR_FORMAT);
      }
  }
  stm_test_remove_tree (dir);
}

typedef enum
{
  PUT_NONE,
  PUT_I16,
  PUT_I32,
  PUT_F32,
  PUT_MAGIC,
} PutKind;

/* One field written into a header, little-endian. */
typedef struct
{
  PutKind     kind;
  gsize       offset;
  double      value;
  const char *magic;
} Put;

typedef struct
{
  const char *what;
  Put         puts[4];
  int         code;
} BadHeader;

#define HUGE_DIMS                                                                  \
  { PUT_I16, OFF_DIM + 2, G_MAXINT16 }, { PUT_I16, OFF_DIM + 4, G_MAXINT16 },      \
  { PUT_I16, OFF_DIM + 6, G_MAXINT16 }, { PUT_I16, OFF_DATATYPE, 64 }

static const BadHeader bad_headers[] = {
  { "wrong sizeof_hdr", { { PUT_I32, OFF_SIZEOF_HDR, 349 } }, STM_NIFTI_ERROR_FORMAT },
  { "NIfTI-2", { { PUT_I32, OFF_SIZEOF_HDR, 540 } }, STM_NIFTI_ERROR_UNSUPPORTED },
  { "a zero dimension", { { PUT_I16, OFF_DIM + 2, 0 } }, STM_NIFTI_ERROR_FORMAT },
  { "a negative dimension", { { PUT_I16, OFF_DIM + 4, -5 } }, STM_NIFTI_ERROR_FORMAT },
  { "dim[0] = 0", { { PUT_I16, OFF_DIM, 0 } }, STM_NIFTI_ERROR_FORMAT },
  { "dim[0] = 9", { { PUT_I16, OFF_DIM, 9 } }, STM_NIFTI_ERROR_FORMAT },
  { "dim[0] = 1", { { PUT_I16, OFF_DIM, 1 } }, STM_NIFTI_ERROR_UNSUPPORTED },
  { "a 4D series", { { PUT_I16, OFF_DIM, 4 }, { PUT_I16, OFF_DIM + 8, 3 } },
    STM_NIFTI_ERROR_UNSUPPORTED },
  { "a vector image", { { PUT_I16, OFF_DIM, 5 }, { PUT_I16, OFF_DIM + 10, 3 } },
    STM_NIFTI_ERROR_UNSUPPORTED },
  { "complex voxels", { { PUT_I16, OFF_DATATYPE, 32 } }, STM_NIFTI_ERROR_UNSUPPORTED },
  { "RGBA voxels", { { PUT_I16, OFF_DATATYPE, 2304 } }, STM_NIFTI_ERROR_UNSUPPORTED },
  { "an unknown datatype", { { PUT_I16, OFF_DATATYPE, 9999 } }, STM_NIFTI_ERROR_FORMAT },
  { "vox_offset inside the header", { { PUT_F32, OFF_VOX_OFFSET, 100 } },
    STM_NIFTI_ERROR_FORMAT },
  { "vox_offset NaN", { { PUT_F32, OFF_VOX_OFFSET, NAN } }, STM_NIFTI_ERROR_FORMAT },
  { "vox_offset 352.5", { { PUT_F32, OFF_VOX_OFFSET, 352.5 } }, STM_NIFTI_ERROR_FORMAT },
  { "vox_offset 3e9", { { PUT_F32, OFF_VOX_OFFSET, 3e9 } }, STM_NIFTI_ERROR_FORMAT },
  { "vox_offset past the end", { { PUT_F32, OFF_VOX_OFFSET, 1e6 } }, STM_NIFTI_ERROR_FORMAT },
  { "a wrong magic", { { PUT_MAGIC, OFF_MAGIC, 0, "n+2" } }, STM_NIFTI_ERROR_FORMAT },
  { "a pair header", { { PUT_MAGIC, OFF_MAGIC, 0, "ni1" } }, STM_NIFTI_ERROR_UNSUPPORTED },
  { "an infinite scl_inter",
    { { PUT_F32, OFF_SCL_SLOPE, 2 }, { PUT_F32, OFF_SCL_INTER, INFINITY } },
    STM_NIFTI_ERROR_FORMAT },
  { "32767^3 float64 voxels", { HUGE_DIMS }, STM_NIFTI_ERROR_TOO_LARGE },
};

static void
apply_puts (guint8    *header,
            const Put  puts[4])
{
  for (int i = 0; i < 4 && puts[i].kind != PUT_NONE; i++)
    {
      const Put *p = &puts[i];

      switch (p->kind)
        {
        case PUT_I16:
          put16 (header, p->offset, (gint16) p->value);
          break;
        case PUT_I32:
          put32 (header, p->offset, (gint32) p->value);
          break;
        case PUT_F32:
          putf (header, p->offset, (float) p->value);
          break;
        case PUT_MAGIC:
          memcpy (header + p->offset, p->magic, 4);
          break;
        case PUT_NONE:
        default:
          g_assert_not_reached ();
        }
    }
}

static void
test_bad_headers (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (6, 5, 4, TRUE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "good.nii", NULL);
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  write_volume (volume, path);
  bytes = read_all (path);
  g_bytes_get_data (bytes, &length);

  for (gsize c = 0; c < G_N_ELEMENTS (bad_headers); c++)
    for (int compressed = 0; compressed < 2; compressed++)
      {
        g_autofree char *bad = g_build_filename (dir, compressed ? "bad.nii.gz" : "bad.nii", NULL);
        g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), length);

        g_test_message ("a header with %s", bad_headers[c].what);
        apply_puts (copy, bad_headers[c].puts);
        write_all (bad, copy, length);
        assert_read_fails (bad, STM_VOLUME_DEFAULT_MAX_BYTES, bad_headers[c].code);
      }

  /* Sizes past any cap: a plain file is measured before allocating. */
  {
    g_autofree char *bad = g_build_filename (dir, "huge.nii", NULL);
    g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), length);

    static const Put huge[4] = { HUGE_DIMS };

    apply_puts (copy, huge);
    write_all (bad, copy, length);
    assert_read_fails (bad, G_MAXUINT64, STM_NIFTI_ERROR_FORMAT);
  }
  stm_test_remove_tree (dir);
}

/* A header of the other byte order: swap every field we patch. */
static void
test_big_endian_header_checked (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (6, 5, 4, TRUE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "le.nii", NULL);
  g_autofree char *bad = g_build_filename (dir, "be.nii", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *copy = NULL;
  gsize length;
  guint32 be = GUINT32_TO_BE (348);

  write_volume (volume, path);
  bytes = read_all (path);
  copy = g_memdup2 (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
  /* Only sizeof_hdr is big-endian: the rest then reads as nonsense dims. */
  memcpy (copy + OFF_SIZEOF_HDR, &be, 4);
  write_all (bad, copy, length);
  assert_read_fails (bad, STM_VOLUME_DEFAULT_MAX_BYTES, -1);
  stm_test_remove_tree (dir);
}

static void
test_max_bytes (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (10, 8, 6, FALSE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "capped.nii.gz", NULL);
  guint64 bytes = 10 * 8 * 6 * sizeof (float);
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) back = NULL;

  write_volume (volume, path);
  assert_read_fails (path, bytes - 1, STM_NIFTI_ERROR_TOO_LARGE);
  assert_read_fails (path, 0, STM_NIFTI_ERROR_TOO_LARGE);
  back = stm_nifti_read (path, bytes, &error);
  g_assert_no_error (error);
  assert_volumes_equal (volume, back);
  stm_test_remove_tree (dir);
}

static void
test_not_nifti (void)
{
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.nii", NULL);
  g_autofree char *text = g_build_filename (dir, "text.nii", NULL);
  g_autofree char *corrupt = g_build_filename (dir, "corrupt.nii.gz", NULL);
  g_autoptr(StmVolume) volume = make_float_volume (16, 16, 8, FALSE, GEOMETRY_OBLIQUE);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *copy = NULL;
  gsize length;
  static const char lorem[] = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
  g_autoptr(GString) long_text = g_string_new (NULL);

  assert_read_fails (missing, STM_VOLUME_DEFAULT_MAX_BYTES, STM_NIFTI_ERROR_IO);
  assert_read_fails (dir, STM_VOLUME_DEFAULT_MAX_BYTES, -1);

  for (int i = 0; i < 10; i++)
    g_string_append (long_text, lorem);
  write_all (text, (const guint8 *) long_text->str, long_text->len);
  assert_read_fails (text, STM_VOLUME_DEFAULT_MAX_BYTES, STM_NIFTI_ERROR_FORMAT);

  /* Damage in the middle of the deflate stream, and a wrong CRC. */
  write_volume (volume, corrupt);
  bytes = read_all (corrupt);
  copy = g_memdup2 (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
  for (gsize i = length / 2; i < length / 2 + 16; i++)
    copy[i] ^= 0x5a;
  write_raw (corrupt, copy, length);
  assert_read_fails (corrupt, STM_VOLUME_DEFAULT_MAX_BYTES, STM_NIFTI_ERROR_FORMAT);

  memcpy (copy, g_bytes_get_data (bytes, NULL), length);
  copy[length - 6] ^= 0x01;
  write_raw (corrupt, copy, length);
  assert_read_fails (corrupt, STM_VOLUME_DEFAULT_MAX_BYTES, STM_NIFTI_ERROR_FORMAT);
  stm_test_remove_tree (dir);
}

/*
 * Random damage to the header and to the compressed stream: every outcome
 * is a volume or a STM_NIFTI_ERROR, never a crash or a large allocation.
 */
static void
test_fuzz (void)
{
  g_autoptr(StmVolume) volume = make_float_volume (12, 9, 7, FALSE, GEOMETRY_OBLIQUE);
  g_autofree char *dir = stm_test_make_tmpdir ();
  g_autofree char *plain = g_build_filename (dir, "seed.nii", NULL);
  g_autofree char *gz = g_build_filename (dir, "seed.nii.gz", NULL);
  g_autofree char *fuzz = g_build_filename (dir, "fuzz.nii", NULL);
  guint n_ok = 0, n_failed = 0;

  write_volume (volume, plain);
  write_volume (volume, gz);

  for (int round = 0; round < 3000; round++)
    {
      gboolean in_header = round % 2 == 0;
      g_autoptr(GBytes) bytes = read_all (in_header ? plain : gz);
      gsize length;
      g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &length),
                                           g_bytes_get_size (bytes));
      int n_changes = g_test_rand_int_range (1, 6);
      g_autoptr(GError) error = NULL;
      g_autoptr(StmVolume) back = NULL;

      for (int c = 0; c < n_changes; c++)
        {
          gsize at = (gsize) g_test_rand_int_range (0, in_header ? 352 : (gint32) length);
          copy[at] = (guint8) g_test_rand_int_range (0, 256);
        }
      if (g_test_rand_int_range (0, 8) == 0)
        length = (gsize) g_test_rand_int_range (0, (gint32) length);
      /* Raw bytes, compressed or not, as they are. */
      write_raw (fuzz, copy, length);
      back = stm_nifti_read (fuzz, SMALL_MAX_BYTES, &error);
      g_assert_true ((back == NULL) != (error == NULL));
      if (error != NULL)
        {
          g_assert_true (error->domain == STM_NIFTI_ERROR);
          n_failed++;
        }
      else
        n_ok++;
    }
  g_test_message ("fuzz: %u read, %u refused", n_ok, n_failed);
  g_assert_cmpuint (n_failed, >, 0);
  stm_test_remove_tree (dir);
}

/* ---- speed (-m perf) ---------------------------------------------------- */

static StmVolume *
make_ct_volume (gsize nx,
                gsize ny,
                gsize nz)
{
  g_autoptr(GError) error = NULL;
  StmVolume *volume = stm_volume_new (STM_VOXEL_FLOAT32, nx, ny, nz,
                                      STM_VOLUME_DEFAULT_MAX_BYTES, &error);
  float *data = stm_volume_float_data (volume);
  guint32 noise = 12345;

  g_assert_no_error (error);
  for (gsize k = 0; k < nz; k++)
    for (gsize j = 0; j < ny; j++)
      for (gsize i = 0; i < nx; i++)
        {
          double x = ((double) i - nx / 2.0) / (nx * 0.4);
          double y = ((double) j - ny / 2.0) / (ny * 0.3);
          double r = x * x + y * y;
          float v = -1000.0f;

          noise = noise * 1664525u + 1013904223u;
          if (r < 1.0)
            v = (r < 0.05 ? 700.0f : 40.0f) + (float) ((noise >> 24) % 21) - 10.0f;
          data[(k * ny + j) * nx + i] = v;
        }
  make_geometry (GEOMETRY_OBLIQUE, &volume->geometry);
  return volume;
}

static void
test_perf (void)
{
  g_autoptr(StmVolume) volume = make_ct_volume (512, 512, 300);
  g_autofree char *dir = stm_test_make_tmpdir ();
  const char *names[] = { "ct.nii.gz", "ct.nii" };

  for (gsize n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *path = g_build_filename (dir, names[n], NULL);
      g_autoptr(StmVolume) back = NULL;
      GStatBuf st;
      double write_s, read_s;

      g_test_timer_start ();
      write_volume (volume, path);
      write_s = g_test_timer_elapsed ();
      g_test_timer_start ();
      back = read_volume (path);
      read_s = g_test_timer_elapsed ();
      g_stat (path, &st);
      g_test_message ("512x512x300 %s: write %.2f s, read %.2f s, %.1f MiB", names[n],
                      write_s, read_s, st.st_size / 1048576.0);
      assert_volumes_equal (volume, back);
    }
  stm_test_remove_tree (dir);
}

/* Leaves a page of the stack full of 'A's, as an earlier call might. */
static G_GNUC_NO_INLINE void
dirty_stack (void)
{
  volatile char junk[8192];

  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = 'A';
}

static G_GNUC_NO_INLINE void
geometry_after_dirty_stack (const double affine[4][4], StmGeometry *g)
{
  dirty_stack ();
  g_assert_true (stm_nifti_geometry_from_affine (affine, g));
}

/* An affine knows its axes and spacing: no flag says otherwise, whatever
 * was on the stack before. */
static void
test_affine_flags_cleared (void)
{
  const double affine[4][4] = { { -0.7, 0, 0, 10 }, { 0, -0.8, 0, 20 }, { 0, 0, 2.5, -30 },
                                { 0, 0, 0, 1 } };
  StmGeometry g;

  memset (&g, 'B', sizeof g);
  geometry_after_dirty_stack (affine, &g);
  g_assert_false (g.spacing_unknown);
  g_assert_false (g.orientation_unknown);
  g_assert_cmpint (g.patient_orientation[0][0], ==, '\0');
  g_assert_cmpint (g.patient_orientation[1][0], ==, '\0');
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/nifti/round-trip/float", test_round_trip_float);
  g_test_add_func ("/nifti/round-trip/int16", test_round_trip_int16);
  g_test_add_func ("/nifti/round-trip/rgb", test_round_trip_rgb);
  g_test_add_func ("/nifti/round-trip/cine", test_round_trip_cine);
  g_test_add_func ("/nifti/write/replaces", test_write_replaces);
  g_test_add_func ("/nifti/write/errors", test_write_errors);
  g_test_add_func ("/nifti/write/qform-rotations", test_qform_rotations);
  g_test_add_func ("/nifti/affine/flags-cleared", test_affine_flags_cleared);
  g_test_add_func ("/nifti/nibabel/reads-ours", test_nibabel_reads_ours);
  g_test_add_func ("/nifti/nibabel/qform-and-analyze", test_nibabel_qform_and_analyze);
  g_test_add_func ("/nifti/nibabel/made-by-nibabel", test_nibabel_made);
  g_test_add_func ("/nifti/ibsi/ibsi1-phantom", test_ibsi1_phantom);
  g_test_add_func ("/nifti/ibsi/ibsi2-files", test_ibsi2_files);
  g_test_add_func ("/nifti/bad/truncated", test_truncated);
  g_test_add_func ("/nifti/bad/headers", test_bad_headers);
  g_test_add_func ("/nifti/bad/swapped-sizeof-hdr", test_big_endian_header_checked);
  g_test_add_func ("/nifti/bad/max-bytes", test_max_bytes);
  g_test_add_func ("/nifti/bad/not-nifti", test_not_nifti);
  g_test_add_func ("/nifti/bad/fuzz", test_fuzz);
  if (g_test_perf ())
    g_test_add_func ("/nifti/perf/write-ct", test_perf);

  return g_test_run ();
}
