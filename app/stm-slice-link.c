/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "stm-slice-link.h"

#include <math.h>

gboolean
stm_slice_link_nearest (const StmVolume *from,
                        guint            slice,
                        const StmVolume *to,
                        guint           *out_slice)
{
  double centre[3] = { (from->dims[0] - 1) / 2.0, (from->dims[1] - 1) / 2.0, slice };
  double lps[3], voxel[3];

  g_return_val_if_fail (out_slice != NULL, FALSE);

  if (to->dims[2] == 0)
    return FALSE;
  stm_geometry_voxel_to_lps (&from->geometry, centre, lps);
  /* The k coordinate of a point is its position along the stacking axis,
   * exact for sheared (gantry-tilted) volumes too. */
  if (!stm_geometry_lps_to_voxel (&to->geometry, lps, voxel) || !isfinite (voxel[2]))
    return FALSE;
  /* Outside the other stack there is no slice to follow to. */
  if (voxel[2] < -0.5 || voxel[2] > to->dims[2] - 0.5)
    return FALSE;
  *out_slice = (guint) MIN (lround (MAX (voxel[2], 0.0)), (long) to->dims[2] - 1);
  return TRUE;
}
