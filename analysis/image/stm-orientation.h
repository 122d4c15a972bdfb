/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Patient-orientation letters and a scale bar length for a slice display. */
#pragma once

#include "stm-volume.h"

G_BEGIN_DECLS

void   stm_orientation_label   (const double       direction[3],
                                char               out[4]);
/*
 * The letters for the four edges of a slice: from the direction cosines,
 * or, when the file gave none, from its Patient Orientation (rows toward
 * the right edge, columns toward the bottom, the opposite letters on the
 * other edges). FALSE, and four empty strings, when neither is known.
 */
gboolean stm_orientation_markers (const StmGeometry *geometry,
                                  char               left[4],
                                  char               right[4],
                                  char               top[4],
                                  char               bottom[4]);
/* Whether @letters is a Patient Orientation value Stratum uses: 1 to 3
 * of A, P, R, L, H, F, each patient axis at most once ("FL", not "FF" or
 * "AP"), ended within STM_ORIENTATION_LETTERS bytes. */
gboolean stm_orientation_letters_valid (const char *letters);
double stm_scale_bar_length_mm (double             mm_per_pixel,
                                double             max_pixels);

G_END_DECLS
