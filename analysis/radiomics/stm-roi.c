/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-roi.h"

void
stm_roi_free (StmRoi *roi)
{
  if (roi == NULL)
    return;
  g_free (roi->intensity);
  g_free (roi->morph_mask);
  g_free (roi->int_mask);
  g_free (roi->levels);
  g_free (roi->ivh_levels);
  g_free (roi->ivh_values);
  g_free (roi);
}
