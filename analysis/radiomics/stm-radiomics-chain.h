/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The IBSI chapter 1 processing chain, in its order: interpolation (VTM2),
 * re-segmentation (IF9H), discretisation (4R0B) and the intensity-volume
 * histogram's own discretisation. Its output, a StmRoi, is all that the
 * feature families read.
 *
 * Colour images (STM_VOXEL_RGB8, e.g. ultrasound) enter the chain as grey:
 * each voxel becomes its BT.601 luma 0.299 R + 0.587 G + 0.114 B
 * (stm_volume_grey_at()), a continuous value in [0, 255]. IBSI considers
 * single-channel images only, and the manual lets a multi-channel image be
 * "converted to a single-channel representation"; luma is the one DICOM
 * and every viewer use for display, so the features describe the grey image
 * the reader saw.
 */
#pragma once

#include <gio/gio.h>

#include "stm-radiomics-config.h"
#include "stm-roi.h"
#include "stm-volume.h"

G_BEGIN_DECLS

#define STM_RADIOMICS_ERROR (stm_radiomics_error_quark ())
GQuark stm_radiomics_error_quark (void);

typedef enum
{
  STM_RADIOMICS_ERROR_CONFIG,        /* the JSON configuration is wrong */
  STM_RADIOMICS_ERROR_GRID,          /* the mask is not on the image's grid */
  STM_RADIOMICS_ERROR_EMPTY,         /* no voxel left in the region */
  STM_RADIOMICS_ERROR_TOO_LARGE,     /* interpolation or discretisation would not fit */
} StmRadiomicsError;

/*
 * From a volume and a mask on its grid (mask voxels > 0.5 are in) to the
 * ROI, per @config; a 2d configuration interpolates in-plane, slice by
 * slice. The result is cropped to the bounding box of the (interpolated)
 * morphological mask plus the 6.2 mm of image around it that local
 * intensity's 1 cm3 spheres need (both masks are 0 there; every other
 * family only looks inside the masks). Only the part of the volume around
 * the mask is ever interpolated, so memory follows the ROI, not the volume.
 */
StmRoi *stm_radiomics_prepare (const StmVolume          *image,
                               const StmVolume          *mask,
                               const StmRadiomicsConfig *config,
                               GCancellable             *cancellable,
                               GError                  **error);

G_END_DECLS
