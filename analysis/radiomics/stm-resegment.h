/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Re-segmentation, IBSI 1 section IF9H: the intensity mask (SEFI) is the
 * morphological mask (G5KJ) less the voxels outside the kept intensity
 * range. The range is the configured one (USB3) intersected with the
 * outlier range mean ± k SD of the mask's intensities (7ACA), both closed.
 */
#pragma once

#include <glib.h>

#include "stm-radiomics-config.h"

G_BEGIN_DECLS

/*
 * The closed intensity range that @config keeps, -INFINITY or INFINITY
 * for an open side. The outlier range uses the mean and population SD of
 * the @n intensities inside @morph_mask (the region before any
 * re-segmentation), so the two filters intersect rather than chain.
 */
void  stm_resegment_range (const float              *intensity,
                           const guint8             *morph_mask,
                           gsize                     n,
                           const StmRadiomicsConfig *config,
                           double                    range[2]);

/*
 * int_mask = morph_mask and range[0] <= intensity <= range[1]; a voxel
 * whose intensity is not a finite number (NaN in a float image) is never
 * in it. Returns the voxels kept.
 */
gsize stm_resegment_apply (const float              *intensity,
                           const guint8             *morph_mask,
                           gsize                     n,
                           const double              range[2],
                           guint8                   *int_mask);

G_END_DECLS
