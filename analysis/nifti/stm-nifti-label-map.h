/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "stm-label-map.h"

G_BEGIN_DECLS

/* A NIfTI mask or label image (whole numbers 0..255), which must lie on
 * the grid of @image; STM_LABEL_MAP_ERROR_GRID otherwise. */
StmLabelMap *stm_label_map_read_nifti (const char      *path,
                                       const StmVolume *image,
                                       GError         **error);

G_END_DECLS
