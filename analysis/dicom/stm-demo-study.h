/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A synthetic, anonymous breast study written as real DICOM files, so the
 * viewer has something to show without patient data and the tests have a
 * study whose truth is known exactly.
 *
 * The CT covers a fixed field of view of 358.4 x 358.4 x 300 mm whatever the
 * matrix: pixel spacing is 358.4 / ct_size (0.7 mm at 512) and slice spacing
 * 300 / ct_slices (1.0 mm at 300), so the anatomy and the lesion keep their
 * size in millimetres and a small test study is the same phantom, coarser.
 */

#define STM_DEMO_ERROR (stm_demo_error_quark ())
GQuark stm_demo_error_quark (void);

typedef enum
{
  STM_DEMO_ERROR_INVALID_OPTIONS,
  STM_DEMO_ERROR_WRITE,
} StmDemoError;

typedef struct
{
  guint ct_slices;      /* 8 to 2048, default 300 */
  guint ct_size;        /* rows = columns, 32 to 2048, default 512 */
  guint us_frames;      /* 1 to 1000, default 40 */
} StmDemoOptions;

void     stm_demo_options_init      (StmDemoOptions       *options);

/*
 * Writes DIR/ct/CT0001.dcm ... (file names in ascending z, InstanceNumber
 * descending so that instance 1 is the most superior slice) and
 * DIR/us/US0001.dcm; DIR is created if needed and files already there are
 * replaced. A failed or cancelled write may leave some files behind.
 */
gboolean stm_demo_study_write       (const char           *dir,
                                     const StmDemoOptions *options,
                                     GCancellable         *cancellable,
                                     GError              **error);

/*
 * The known truth of the phantom, for tests. The lesion is the set of voxels
 * whose centre lies in an ellipsoid (axis-aligned, LPS millimetres); each of
 * them holds exactly stm_demo_lesion_hu(), and no other voxel does.
 * The volume is that voxel count times the voxel volume for OPTIONS.
 */
double   stm_demo_lesion_volume_mm3 (const StmDemoOptions *options);
guint64  stm_demo_lesion_voxels     (const StmDemoOptions *options);
double   stm_demo_lesion_hu         (void);
void     stm_demo_lesion_ellipsoid  (double                centre[3],
                                     double                semi_axes[3]);

G_END_DECLS
