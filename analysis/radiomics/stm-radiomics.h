/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "stm-feature-table.h"
#include "stm-radiomics-config.h"
#include "stm-volume.h"

G_BEGIN_DECLS

/*
 * The IBSI chain and every feature family on @image inside @mask (a volume
 * on the same grid; voxels > 0.5 are in). Non-texture families are computed
 * over the volume (aggregation DHQ4); texture families with the 2D and 2.5D
 * aggregations when config->dimensions is 2d, the 3D ones when it is 3d.
 */
StmFeatureTable *stm_radiomics_extract (const StmVolume          *image,
                                        const StmVolume          *mask,
                                        const StmRadiomicsConfig *config,
                                        GCancellable             *cancellable,
                                        GError                  **error);

G_END_DECLS
