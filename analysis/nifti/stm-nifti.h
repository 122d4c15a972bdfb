/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * NIfTI-1 single-file images (.nii, .nii.gz) to and from StmVolume, on zlib
 * alone. Every size in a file is checked before anything is allocated.
 *
 * NIfTI places voxels in RAS millimetres; a StmVolume is in DICOM LPS. The
 * conversion negates x and y, and the reader picks the same affine as
 * nibabel (sform, else qform, else the ANALYZE pixdim box), so a file's
 * geometry here equals nibabel's img.affine with x and y negated.
 */
#pragma once

#include "stm-volume.h"

G_BEGIN_DECLS

#define STM_NIFTI_ERROR (stm_nifti_error_quark ())
GQuark stm_nifti_error_quark (void);

typedef enum
{
  STM_NIFTI_ERROR_IO,          /* cannot open, read or write the file */
  STM_NIFTI_ERROR_FORMAT,      /* not NIfTI-1, damaged or truncated */
  STM_NIFTI_ERROR_UNSUPPORTED, /* valid, but not something Stratum opens (4D, complex...) */
  STM_NIFTI_ERROR_TOO_LARGE,   /* over the caller's memory cap, or out of memory */
} StmNiftiError;

StmVolume *stm_nifti_read                 (const char        *path,
                                           guint64            max_bytes,
                                           GError           **error);
/* Writes .nii.gz when @path ends with ".gz", else plain .nii. */
gboolean   stm_nifti_write                (const StmVolume   *volume,
                                           const char        *path,
                                           GError           **error);

/*
 * The 4x4 NIfTI (RAS) affine of a geometry, row-major, last row 0 0 0 1:
 * voxel (i, j, k, 1) -> (x, y, z, 1) in RAS millimetres.
 */
void       stm_nifti_affine_from_geometry (const StmGeometry *geometry,
                                           double             affine[4][4]);
/*
 * The geometry of a NIfTI (RAS) affine: origin, column norms as spacing and
 * unit columns as axes. FALSE when a column is zero or not finite.
 */
gboolean   stm_nifti_geometry_from_affine (const double       affine[4][4],
                                           StmGeometry       *geometry);

G_END_DECLS
