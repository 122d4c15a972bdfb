/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "radiomics-test-support.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stm-data-table.h"
#include "stm-nifti.h"
#include "stm-test-support.h"

StmRoi *
stm_test_phantom_roi (void)
{
  g_autofree char *image_path = stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/image/phantom.nii.gz");
  g_autofree char *mask_path = stm_test_shared_path ("ibsi/ibsi1_digital_phantom/nifti/mask/mask.nii.gz");
  g_autoptr(GError) error = NULL;

  if (image_path == NULL || mask_path == NULL)
    return NULL;
  g_autoptr(StmVolume) image = stm_nifti_read (image_path, G_MAXUINT32, &error);
  g_assert_no_error (error);
  g_autoptr(StmVolume) mask = stm_nifti_read (mask_path, G_MAXUINT32, &error);
  g_assert_no_error (error);

  StmRoi *roi = g_new0 (StmRoi, 1);
  gsize n = stm_volume_n_voxels (image);
  memcpy (roi->dims, image->dims, sizeof roi->dims);
  memcpy (roi->spacing, image->geometry.spacing, sizeof roi->spacing);
  roi->intensity = g_new (float, n);
  roi->morph_mask = g_new0 (guint8, n);
  roi->int_mask = g_new0 (guint8, n);
  roi->levels = g_new0 (int, n);
  roi->ivh_levels = g_new0 (int, n);
  roi->n_levels = 6;
  roi->ivh_n_levels = 6;
  roi->ivh_values = g_new (double, 6);
  for (guint l = 0; l < 6; l++)
    roi->ivh_values[l] = l + 1;
  roi->ivh_range[0] = 1;
  roi->ivh_range[1] = 6;
  for (gsize i = 0; i < n; i++)
    {
      float v = stm_volume_float_data (image)[i];
      gboolean in = stm_volume_float_data (mask)[i] > 0.5f;
      roi->intensity[i] = v;
      roi->morph_mask[i] = roi->int_mask[i] = in;
      roi->levels[i] = roi->ivh_levels[i] = in ? (int) v : 0;
      roi->n_int_voxels += in;
    }
  roi->n_morph_voxels = roi->n_int_voxels;
  return roi;
}

/* Rounded to 3 significant digits, as the IBSI analysis scripts do. */
static double
signif3 (double v)
{
  if (v == 0 || !isfinite (v))
    return v;
  double scale = pow (10, 2 - floor (log10 (fabs (v))));
  return round (v * scale) / scale;
}

static gboolean
aggregation_wanted (const char *code, const char * const *aggregations)
{
  if (aggregations == NULL)
    return TRUE;
  for (guint i = 0; aggregations[i] != NULL; i++)
    if (g_strcmp0 (aggregations[i], code) == 0)
      return TRUE;
  return FALSE;
}

guint
stm_test_check_reference (const StmFeatureTable *table,
                          const char            *family,
                          const char * const    *aggregations)
{
  g_autofree char *path = stm_test_shared_path ("ibsi/digital_phantom_reference.csv");
  g_autoptr(GError) error = NULL;
  guint checked = 0, missed = 0;

  if (path == NULL)
    return 0;
  g_autoptr(StmDataTable) ref = stm_data_table_read_csv (path, &error);
  g_assert_no_error (error);
  const double *values = stm_data_table_column (ref, "value", NULL);
  const double *tolerances = stm_data_table_column (ref, "tolerance", NULL);

  for (gsize r = 0; r < stm_data_table_n_rows (ref); r++)
    {
      const char *fam = stm_data_table_text (ref, "family", r);
      const char *agg = stm_data_table_text (ref, "aggregation_code", r);
      const char *code = stm_data_table_text (ref, "ibsi_code", r);
      const char *name = stm_data_table_text (ref, "feature", r);
      if (g_strcmp0 (fam, family) != 0 || !aggregation_wanted (agg, aggregations))
        continue;
      /* Codes printed twice by the manual (see the data README) are matched by name. */
      const StmFeature *f = NULL;
      for (guint i = 0; f == NULL && i < stm_feature_table_length (table); i++)
        {
          const StmFeature *c = stm_feature_table_get (table, i);
          if (g_strcmp0 (c->aggregation, agg) == 0 && g_strcmp0 (c->family, family) == 0 &&
              g_strcmp0 (c->feature, name) == 0)
            f = c;
        }
      double expected = values[r], tol = tolerances[r];
      gboolean ok = f != NULL && (isnan (tol) ? signif3 (f->value) == signif3 (expected)
                                              : fabs (f->value - expected) <= tol + 1e-12);
      checked++;
      if (!ok)
        {
          missed++;
          g_test_message ("MISS %-40s %-4s %-4s expected %-12g got %-14.8g (tolerance %g)",
                          name, code, agg, expected, f ? f->value : NAN, tol);
        }
    }
  g_test_message ("%s: %u of %u reference rows match", family, checked - missed, checked);
  if (missed > 0)
    g_test_fail ();
  return checked;
}
