/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "stm-dicom-file.h"

G_BEGIN_DECLS

/* Colour images (RGB, YBR, palette) become RGB8; others modality values. */
gboolean stm_dicom_header_is_colour (const StmDicomHeader *header);

/*
 * Stored samples to modality values: BitsStored masking below HighBit, sign
 * extension, then the Modality LUT or Rescale Slope/Intercept of @frame.
 * MONOCHROME1 is not inverted here: that is a display matter.
 */
gboolean stm_dicom_frame_to_float   (const StmDicomHeader   *header,
                                     const StmFrameGeometry *frame,
                                     const guint8           *raw,
                                     float                  *out,
                                     GError                **error);

/* Decoded colour samples (RGB, YBR_FULL, native YBR_FULL_422, palette) to RGB8. */
gboolean stm_dicom_frame_to_rgb     (const StmDicomHeader   *header,
                                     const guint8           *raw,
                                     const char             *photometric,
                                     guint                   planar,
                                     guint8                 *out,
                                     GError                **error);

G_END_DECLS
