/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * IBSI intensity histogram features (ZVCW): 23 features of the discretised
 * grey levels 1..N_g inside the intensity mask, over the volume (DHQ4).
 *
 * The statistics (mean to quartile coefficient of dispersion) are those of
 * stm-intensity-stats.h applied to the levels, with the same percentile
 * estimator. The histogram has all N_g = roi->n_levels bins, empty ones
 * included, as the gradient requires. Ties: the mode is the most frequent
 * level closest to the mean, the lower one when two are equally close (as
 * the manual says); the gradient intensities are the lowest level where
 * the maximum (minimum) gradient occurs. With a single bin the gradient is
 * 0 at level 1. An empty ROI gives NaN everywhere.
 */
#pragma once

#include "stm-feature-table.h"
#include "stm-roi.h"

G_BEGIN_DECLS

void stm_intensity_histogram_features (const StmRoi    *roi,
                                       StmFeatureTable *out);

G_END_DECLS
