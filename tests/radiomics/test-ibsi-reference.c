/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The whole chain on the IBSI 1 digital phantom, through the public entry
 * point, against every row of the IBSI reference table: 482 of 482.
 */
#include "radiomics-test-support.h"
#include "stm-nifti.h"
#include "stm-radiomics.h"
#include "stm-test-support.h"

static const char *families[] = {
  "morphology", "local intensity", "intensity-based statistics", "intensity histogram",
  "intensity-volume histogram", "GLCM", "GLRLM", "GLSZM", "GLDZM", "NGTDM", "NGLDM",
};

/* The manual's settings for the phantom: no interpolation, no re-segmentation, no discretisation. */
static StmFeatureTable *
extract (const StmVolume *image, const StmVolume *mask, const char *dimensions)
{
  g_autofree char *json = g_strdup_printf (
    "{\"dimensions\": \"%s\", \"discretisation\": {\"method\": \"fbs\", \"bin_width\": 1},"
    " \"texture\": {\"distance\": 1, \"glcm_symmetric\": true, \"ngldm_coarseness\": 0}}", dimensions);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  StmRadiomicsConfig config;

  stm_radiomics_config_init (&config);
  g_assert_true (stm_radiomics_config_from_json (root, &config, &error));
  g_assert_no_error (error);
  StmFeatureTable *table = stm_radiomics_extract (image, mask, &config, NULL, &error);
  g_assert_no_error (error);
  return table;
}

static void
test_reference (void)
{
  g_autofree char *image_path = stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/image/phantom.nii.gz");
  g_autofree char *mask_path = stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/mask/mask.nii.gz");
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  if (image_path == NULL || mask_path == NULL)
    return;
  g_autoptr(StmVolume) image = stm_nifti_read (image_path, G_MAXUINT32, &error);
  g_assert_no_error (error);
  g_autoptr(StmVolume) mask = stm_nifti_read (mask_path, G_MAXUINT32, &error);
  g_assert_no_error (error);

  g_autoptr(StmFeatureTable) all = extract (image, mask, "3d");
  g_autoptr(StmFeatureTable) two_d = extract (image, mask, "2d");
  if (all == NULL || two_d == NULL)
    return;
  /* Non-texture rows come with both; keep the 2D run's texture rows only. */
  for (guint i = 0; i < stm_feature_table_length (two_d); i++)
    {
      const StmFeature *f = stm_feature_table_get (two_d, i);
      if (g_strcmp0 (f->aggregation, STM_AGG_3D) != 0)
        stm_feature_table_add (all, f->family, f->feature, f->ibsi_code, f->aggregation, f->value);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (families); i++)
    checked += stm_test_check_reference (all, families[i], NULL);
  g_test_message ("%u reference rows checked", checked);
  g_assert_cmpuint (checked, ==, 482);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_test_add_func ("/radiomics/ibsi-reference", test_reference);
  return g_test_run ();
}
