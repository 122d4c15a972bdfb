/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every real file that should decode is decoded and compared with an
 * independent decoder, pydicom (tests/dicom/pydicom_decode.py): exactly for
 * lossless syntaxes, within a stated tolerance for lossy ones. Syntaxes
 * Stratum cannot decode must fail with an error that names them.
 */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "stm-series-volume.h"
#include "stm-test-support.h"

typedef enum { EXACT, LOSSY } Expect;

typedef struct
{
  const char *path;
  Expect      expect;
  double      tolerance;   /* LOSSY: largest difference allowed, in stored units */
  /* Debian's pydicom 2.3.1 misreads a few files; these are checked against
   * another independent reference instead, named here. */
  const char *pydicom_wrong;
} Case;

static const Case cases[] = {
  { "ct/693_UNCI.dcm", EXACT },
  { "ct/CT1_UNC.explicit_little_endian.dcm", EXACT },
  { "ct/CT_small.dcm", EXACT },
  { "ct/ct_brain_single.dcm", EXACT },
  { "ct/dcmqi_24x38x3_mf.dcm", EXACT },
  { "ct/eCT_Supplemental.dcm", EXACT },
  { "compressed/693_J2KI.dcm", LOSSY, 1 },
  { "compressed/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm", LOSSY, 4 },
  { "compressed/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm", EXACT },
  { "compressed/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm", EXACT },
  { "compressed/CT0012.fragmented_no_bot_jpeg_ls.80.dcm", EXACT, 0,
    "GDCM misreads frames split over fragments; checked against ct/eCT_Supplemental.dcm" },
  { "compressed/CT0012.fragmented_no_bot_jpeg_ls.81.dcm", LOSSY, 2,
    "GDCM misreads frames split over fragments; checked against ct/eCT_Supplemental.dcm" },
  { "compressed/CT0012.not_fragmented_bot_rle.dcm", EXACT },
  { "compressed/CT1_J2KI", LOSSY, 1 },
  { "compressed/CT1_JLSN.dcm", EXACT },
  { "compressed/CT1_UNC.explicit_big_endian.dcm", EXACT },
  { "compressed/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm", EXACT },
  { "compressed/CT1_UNC.implicit_little_endian.dcm", EXACT },
  { "compressed/D_CLUNIE_CT1_RLE_FRAGS.dcm", EXACT },
  { "compressed/JLSL_16_15_1_1F.dcm", EXACT },
  { "compressed/JPEG-LL.dcm", EXACT },
  { "compressed/JPEG2000.dcm", LOSSY, 1 },
  { "compressed/JPGExtended.dcm", LOSSY, 4 },
  { "compressed/MR_small.dcm", EXACT },
  { "compressed/MR_small_RLE.dcm", EXACT },
  { "compressed/MR_small_bigendian.dcm", EXACT },
  { "compressed/MR_small_implicit.dcm", EXACT },
  { "compressed/MR_small_jp2klossless.dcm", EXACT },
  { "compressed/MR_small_jpeg_ls_lossless.dcm", EXACT },
  { "compressed/SC_rgb.dcm", EXACT },
  { "compressed/SC_rgb_dcmtk_+eb+cr.dcm", LOSSY, 8 },
  { "compressed/SC_rgb_dcmtk_+eb+cy+np.dcm", LOSSY, 8 },
  { "compressed/SC_rgb_gdcm_KY.dcm", LOSSY, 1 },
  { "compressed/SC_rgb_jls_lossy_line.dcm", EXACT },
  { "compressed/SC_rgb_jpeg_dcmtk.dcm", LOSSY, 8 },
  { "compressed/SC_rgb_jpeg_gdcm.dcm", EXACT },
  { "compressed/SC_rgb_rle.dcm", EXACT },
  { "compressed/SC_rgb_rle_16bit_2frame.dcm", EXACT },
  { "compressed/SC_rgb_small_odd_big_endian.dcm", EXACT, 0,
    "8-bit OW big endian is byte-swapped by pydicom 2.3; checked against pydicom 3's published values" },
  { "compressed/SC_ybr_full_422_uncompressed.dcm", LOSSY, 1 },
  { "compressed/emri_small_RLE.dcm", EXACT },
  { "compressed/image_dfl.dcm", EXACT },
  { "compressed/nema-ct1_jpll.dcm", EXACT },
  { "compressed/HTJ2K_08_RGB.dcm", EXACT },
  { "us/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm", LOSSY, 8 },
  { "us/IM00001.implicit_little_endian.dcm", EXACT },
  { "us/JPGLosslessP14SV1_1s_1f_8b.dcm", EXACT },
  { "us/OBXXXX1A_rle.dcm", EXACT },
  { "us/US-PAL-8-10x-echo.dcm", EXACT },
  { "us/US1_UNCR.dcm", EXACT },
  { "us/color-pl.dcm", EXACT },
  { "us/color-px.dcm", EXACT },
  { "us/examples_jpeg2k.dcm", EXACT },
  { "us/examples_palette.dcm", EXACT },
  { "us/examples_rgb_color.dcm", EXACT },
  { "us/examples_ybr_color.dcm", LOSSY, 8 },
  { "us/gdcm-US-ALOKA-16.dcm", EXACT },
  { "us/gdcm-US-ALOKA-16_big.dcm", EXACT },
  { "breast/GH133_MG_GE_MLO.dcm", EXACT },
  { "breast/MG_pixel_spacing_test.dcm", EXACT },
  { "other/examples_overlay.dcm", EXACT },
  { "other/mlut_18.dcm", EXACT },
  { "other/rtdose.dcm", EXACT },
  { "other/vlut_04.dcm", EXACT },
};

/* Lossless members of a family decode to the same pixels as its reference. */
static const struct { const char *member, *reference; } families[] = {
  { "compressed/CT1_UNC.explicit_big_endian.dcm", "ct/CT1_UNC.explicit_little_endian.dcm" },
  { "compressed/CT1_UNC.implicit_little_endian.dcm", "ct/CT1_UNC.explicit_little_endian.dcm" },
  { "compressed/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm", "ct/CT1_UNC.explicit_little_endian.dcm" },
  { "compressed/D_CLUNIE_CT1_RLE_FRAGS.dcm", "ct/CT1_UNC.explicit_little_endian.dcm" },
  { "compressed/nema-ct1_jpll.dcm", "ct/CT1_UNC.explicit_little_endian.dcm" },
  { "compressed/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm", "ct/eCT_Supplemental.dcm" },
  { "compressed/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm", "ct/eCT_Supplemental.dcm" },
  { "compressed/CT0012.fragmented_no_bot_jpeg_ls.80.dcm", "ct/eCT_Supplemental.dcm" },
  { "compressed/CT0012.not_fragmented_bot_rle.dcm", "ct/eCT_Supplemental.dcm" },
  { "compressed/MR_small_RLE.dcm", "compressed/MR_small.dcm" },
  { "compressed/MR_small_bigendian.dcm", "compressed/MR_small.dcm" },
  { "compressed/MR_small_implicit.dcm", "compressed/MR_small.dcm" },
  { "compressed/MR_small_jp2klossless.dcm", "compressed/MR_small.dcm" },
  { "compressed/MR_small_jpeg_ls_lossless.dcm", "compressed/MR_small.dcm" },
  { "compressed/SC_rgb_rle.dcm", "compressed/SC_rgb.dcm" },
  { "compressed/SC_rgb_jpeg_gdcm.dcm", "compressed/SC_rgb.dcm" },
  { "us/color-pl.dcm", "us/color-px.dcm" },
};

/* pydicom's answers, by path: decoded once for all cases. */
static GHashTable *references;
static char *reference_dir;

static void
decode_references (void)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *root = g_getenv ("STM_SHARED_DATA");

  references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) json_object_unref);
  if (root == NULL || !g_file_test (root, G_FILE_TEST_IS_DIR))
    return;

  reference_dir = stm_test_make_tmpdir ();
  g_ptr_array_add (argv, g_strdup (g_getenv ("STM_PYTHON")));
  g_ptr_array_add (argv, g_build_filename (g_getenv ("STM_TESTS_SRCDIR"), "dicom",
                                           "pydicom_decode.py", NULL));
  g_ptr_array_add (argv, g_strdup (reference_dir));
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_ptr_array_add (paths, g_build_filename (root, "dicom", cases[i].path, NULL));
      g_ptr_array_add (argv, g_strdup (g_ptr_array_index (paths, i)));
    }
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                     NULL, NULL, NULL) || out == NULL)
    return;

  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      JsonObject *o = json_node_get_object (node);
      gint64 index = json_object_get_int_member (o, "index");
      g_hash_table_insert (references, g_strdup (cases[index].path), json_object_ref (o));
    }
}

static void
check_published_values (const StmVolume *v)
{
  /* pydicom's own test suite (PixelReference EXPB_8_3_1F_ODD). */
  static const guint8 expected[][5] = {
    { 0, 0, 166, 141, 52 }, { 1, 0, 63, 87, 176 }, { 2, 0, 158, 158, 158 }, { 2, 2, 158, 158, 158 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const guint8 *p = stm_volume_rgb_data (v) + 3 * (expected[i][0] * v->dims[0] + expected[i][1]);
      g_assert_cmpmem (p, 3, expected[i] + 2, 3);
    }
}

static void
check_against_family (const StmVolume *v, const Case *c)
{
  g_autofree char *path = stm_test_shared_path ("dicom/ct/eCT_Supplemental.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) ref = stm_dicom_file_load_frames (path, G_MAXUINT32, &error);
  double worst = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (stm_volume_n_voxels (ref), ==, stm_volume_n_voxels (v));
  for (gsize i = 0; i < stm_volume_n_voxels (v); i++)
    worst = MAX (worst, fabs (stm_volume_float_data (v)[i] - stm_volume_float_data (ref)[i]));
  g_test_message ("%s: largest difference from the uncompressed original %g", c->path, worst);
  g_assert_cmpfloat (worst, <=, c->tolerance);
}

static double
max_difference (const StmVolume *ours, const guint8 *theirs, gsize n_bytes)
{
  double worst = 0;

  if (ours->format == STM_VOXEL_RGB8)
    {
      for (gsize i = 0; i < n_bytes; i++)
        worst = MAX (worst, fabs ((double) ((guint8 *) ours->data)[i] - theirs[i]));
      return worst;
    }
  for (gsize i = 0; i < n_bytes / sizeof (float); i++)
    {
      double a = ((float *) ours->data)[i], b = ((const float *) theirs)[i];
      /* Exact for integer rescales; one float ulp of slack for fractional ones. */
      double d = fabs (a - b);
      if (d > 1e-6 * MAX (fabs (a), 1.0))
        worst = MAX (worst, d);
    }
  return worst;
}

/* A real file relabelled as MPEG-2 video: Stratum must say which syntax it cannot decode. */
static void
test_unsupported (void)
{
  g_autofree char *source = stm_test_shared_path ("dicom/compressed/MR_small_RLE.dcm");
  g_autofree char *dir = NULL, *target = NULL;
  g_autoptr(GError) error = NULL;

  if (source == NULL)
    return;
  dir = stm_test_make_tmpdir ();
  target = g_build_filename (dir, "mpeg2.dcm", NULL);
  const char *args[] = { source, target, "1.2.840.10008.1.2.4.100", NULL };
  g_free (stm_test_run_python ("dicom/relabel_syntax.py", args));

  g_autoptr(StmVolume) volume = stm_dicom_file_load_frames (target, G_MAXUINT32, &error);
  g_assert_null (volume);
  g_assert_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED);
  g_test_message ("%s", error ? error->message : "");
  g_assert_true (error != NULL && strstr (error->message, "MPEG-2") != NULL);
  stm_test_remove_tree (dir);
}

static void
test_decode (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *relative = g_build_filename ("dicom", c->path, NULL);
  g_autofree char *path = stm_test_shared_path (relative);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  g_autoptr(StmVolume) volume = stm_dicom_file_load_frames (path, G_MAXUINT32, &error);
  g_assert_no_error (error);
  if (volume == NULL)
    return;

  if (c->pydicom_wrong != NULL)
    {
      g_test_message ("%s: %s", c->path, c->pydicom_wrong);
      if (volume->format == STM_VOXEL_RGB8)
        check_published_values (volume);
      else
        check_against_family (volume, c);
      return;
    }

  JsonObject *ref = g_hash_table_lookup (references, c->path);
  g_assert_nonnull (ref);
  if (g_strcmp0 (json_object_get_string_member (ref, "kind"), "error") == 0)
    {
      g_test_message ("pydicom cannot decode %s: %s", c->path,
                      json_object_get_string_member (ref, "message"));
      g_test_fail ();
      return;
    }
  g_assert_cmpint (json_object_get_int_member (ref, "frames"), ==, volume->dims[2]);
  g_assert_cmpint (json_object_get_int_member (ref, "rows"), ==, volume->dims[1]);
  g_assert_cmpint (json_object_get_int_member (ref, "columns"), ==, volume->dims[0]);
  g_assert_cmpstr (json_object_get_string_member (ref, "kind"), ==,
                   volume->format == STM_VOXEL_RGB8 ? "rgb" : "float");

  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".raw",
                                           json_object_get_int_member (ref, "index"));
  g_autofree char *raw_path = g_build_filename (reference_dir, name, NULL);
  g_autofree guint8 *theirs = NULL;
  gsize length = 0;
  g_assert_true (g_file_get_contents (raw_path, (char **) &theirs, &length, NULL));
  g_assert_cmpuint (length, ==, stm_volume_n_voxels (volume) * stm_volume_bytes_per_voxel (volume));

  double worst = max_difference (volume, theirs, length);
  g_test_message ("%s: largest difference from pydicom %g", c->path, worst);
  g_assert_cmpfloat (worst, <=, c->expect == LOSSY ? c->tolerance : 0);
}

static void
test_family (gconstpointer data)
{
  const guint index = GPOINTER_TO_UINT (data);
  g_autofree char *member_rel = g_build_filename ("dicom", families[index].member, NULL);
  g_autofree char *ref_rel = g_build_filename ("dicom", families[index].reference, NULL);
  g_autofree char *member = stm_test_shared_path (member_rel);
  g_autofree char *reference = member ? stm_test_shared_path (ref_rel) : NULL;
  g_autoptr(GError) error = NULL;

  if (reference == NULL)
    return;
  g_autoptr(StmVolume) a = stm_dicom_file_load_frames (member, G_MAXUINT32, &error);
  g_assert_no_error (error);
  g_autoptr(StmVolume) b = stm_dicom_file_load_frames (reference, G_MAXUINT32, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (a->dims, sizeof a->dims, b->dims, sizeof b->dims);
  g_assert_true (memcmp (a->data, b->data, stm_volume_n_voxels (a) *
                         stm_volume_bytes_per_voxel (a)) == 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  decode_references ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/dicom/decode/%s", cases[i].path);
      g_test_add_data_func (name, &cases[i], test_decode);
    }
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      g_autofree char *name = g_strdup_printf ("/dicom/family/%s", families[i].member);
      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_family);
    }

  g_test_add_func ("/dicom/decode/unsupported-syntax", test_unsupported);

  int status = g_test_run ();
  if (reference_dir != NULL)
    stm_test_remove_tree (reference_dir);
  g_clear_pointer (&references, g_hash_table_unref);
  return status;
}
