/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A label map read from a NIfTI mask or label image. */
#include "stm-nifti-label-map.h"

#include <glib/gi18n.h>
#include <string.h>

#include "stm-nifti.h"

static void
set_grid_error (const StmVolume *mask, const StmVolume *image, GError **error)
{
  if (memcmp (mask->dims, image->dims, sizeof mask->dims) != 0)
    g_set_error (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_GRID,
                 _("The mask does not lie on the image's grid (size %zu x %zu x %zu, "
                   "image %zu x %zu x %zu)."),
                 mask->dims[0], mask->dims[1], mask->dims[2],
                 image->dims[0], image->dims[1], image->dims[2]);
  else
    g_set_error_literal (error, STM_LABEL_MAP_ERROR, STM_LABEL_MAP_ERROR_GRID,
                         _("The mask does not lie on the image's grid (same size, but a "
                           "different position, spacing or orientation)."));
}

StmLabelMap *
stm_label_map_read_nifti (const char      *path,
                          const StmVolume *image,
                          GError         **error)
{
  g_return_val_if_fail (path != NULL && image != NULL, NULL);

  g_autoptr(StmVolume) volume = stm_nifti_read (path, STM_VOLUME_DEFAULT_MAX_BYTES, error);
  if (volume == NULL)
    return NULL;
  if (!stm_volume_same_grid (volume, image))
    {
      set_grid_error (volume, image, error);
      return NULL;
    }

  StmLabelMap *map = stm_label_map_new_from_volume (volume, error);
  if (map != NULL)
    map->geometry = image->geometry;   /* equal to within the grid tolerance */
  return map;
}
