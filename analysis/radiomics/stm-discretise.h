/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Intensity discretisation, IBSI 1 section 4R0B, and the separate
 * discretisation of the intensity-volume histogram (IBSI "Intensity-volume
 * histogram features", P88C). Levels start at 1; voxels outside the mask
 * get level 0.
 *
 * Fixed bin number (K15C): level = floor(N (x - min) / (max - min)) + 1,
 * and N for x = max, over the ROI's own minimum and maximum (never the
 * re-segmentation range). When every intensity is the same, every voxel is
 * x = max and gets level N.
 *
 * Fixed bin size (Q3RU): level = floor((x - lower) / w) + 1, where lower is
 * the re-segmentation range's lower bound when one is set, else the ROI
 * minimum.
 *
 * No discretisation ("none", the default) keeps intensities as grey
 * levels. Grey levels must start at 1, so "none" is fixed bin size with
 * w = 1 on intensities rounded to integers (ties to even): level =
 * round(x) - round(lower) + 1, lower as for fixed bin size. The IBSI 1
 * digital phantom (intensities 1..6, no range) keeps its levels 1..6 with
 * 2 and 5 absent, as the manual's reference values assume; CT with a
 * range from -1000 HU gets level = HU + 1001. It is meant for integer
 * data; continuous data (PET, interpolated without rounding) should use
 * fbs or fbn.
 *
 * n_levels, the Ng of the texture matrices, is the highest level in the
 * ROI: N for fixed bin number, and for the other two the level of the ROI
 * maximum, absent levels below it included (6 for the phantom).
 */
#pragma once

#include <glib.h>

#include "stm-radiomics-config.h"

G_BEGIN_DECLS

/* Texture matrices hold n_levels² counts; more levels than this is a mistake. */
#define STM_DISCRETISE_MAX_LEVELS     65536
#define STM_DISCRETISE_MAX_IVH_LEVELS (1 << 20)

/*
 * Grey levels of the @n voxels in @mask per @method, @lower_bound being the
 * re-segmentation range's lower bound or -INFINITY. Fails when the levels
 * would exceed STM_DISCRETISE_MAX_LEVELS.
 */
gboolean stm_discretise_levels (const float             *intensity,
                                const guint8            *mask,
                                gsize                    n,
                                const StmDiscretisation *method,
                                double                   lower_bound,
                                int                     *levels,
                                guint                   *n_levels,
                                GError                 **error);

/*
 * The intensity-volume histogram's levels, the intensity each level stands
 * for (@values, a new array of @n_levels) and the total range G
 * (@ivh_range) from which the IVH's intensity fractions are measured.
 * @range is the re-segmentation range, -INFINITY or INFINITY for an open
 * side. Following the manual:
 *  - "none" (discrete calibrated intensities, CT): X_d = X rounded to
 *    integers, w_d = 1, G = the re-segmentation range, an open side taken
 *    from the ROI's minimum or maximum; levels run over all of G.
 *  - "fbs" (continuous calibrated intensities, PET): fixed bin size from
 *    X_min, the range's lower bound or the ROI minimum; each level stands
 *    for its bin centre X_min + (level - 0.5) w, and
 *    G = [X_min + w/2, X_max - w/2] with X_max the range's upper bound or
 *    the ROI maximum.
 *  - "fbn" (arbitrary units, MRI): fixed bin number N over the ROI's
 *    minimum and maximum; each level stands for itself and G = [1, N].
 */
gboolean stm_discretise_ivh    (const float             *intensity,
                                const guint8            *mask,
                                gsize                    n,
                                const StmDiscretisation *method,
                                const double             range[2],
                                int                     *levels,
                                guint                   *n_levels,
                                double                 **values,
                                double                   ivh_range[2],
                                GError                 **error);

G_END_DECLS
