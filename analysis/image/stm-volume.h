/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STM_VOLUME_ERROR (stm_volume_error_quark ())
GQuark stm_volume_error_quark (void);

typedef enum
{
  STM_VOLUME_ERROR_TOO_LARGE,
  STM_VOLUME_ERROR_INVALID,
} StmVolumeError;

/*
 * Voxel formats. Grey images hold modality values (Hounsfield units for CT)
 * as 32-bit floats, so a rescale slope of 0.5 or a PET SUV is exact and the
 * analysis code has a single type to read. Colour images (ultrasound,
 * secondary capture) hold interleaved 8-bit R, G, B; see
 * stm_volume_grey_at() for the documented grey conversion.
 */
typedef enum
{
  STM_VOXEL_FLOAT32,
  STM_VOXEL_RGB8,
} StmVoxelFormat;

/*
 * Patient geometry, DICOM LPS millimetres. Voxel (i, j, k) has its centre at
 *   origin + i * spacing[0] * axes[0] + j * spacing[1] * axes[1] + k * spacing[2] * axes[2]
 * axes[0] is the row direction (first triplet of ImageOrientationPatient,
 * along which the column index i grows), axes[1] the column direction, and
 * axes[2] the direction in which slices are stacked. axes[2] is normally the
 * normal row x column, but it is the true stacking direction for a sheared
 * (gantry-tilted) series, so the mapping stays exact.
 */
/* Room for orientation letters such as "FL" (at most three, one per
 * patient axis) and their end. */
#define STM_ORIENTATION_LETTERS 4

typedef struct
{
  double origin[3];
  double spacing[3];
  double axes[3][3];
  /* The file gave no pixel size (ultrasound calibrated per region, a
   * secondary capture): spacing[0] and spacing[1] are then pixel units,
   * and nothing may be shown or measured in millimetres from them. */
  gboolean spacing_unknown;
  /* The file gave no direction cosines (a mammogram or an echo with only
   * Patient Orientation, a secondary capture): axes[] are the identity by
   * assumption, so no patient direction or position may be shown from them. */
  gboolean orientation_unknown;
  /* Then the file's Patient Orientation, when it gave one: the patient
   * directions along the rows and down the columns ("P", "FL"), else "". */
  char     patient_orientation[2][STM_ORIENTATION_LETTERS];
} StmGeometry;

void     stm_geometry_init_identity (StmGeometry  *geometry);
void     stm_geometry_voxel_to_lps  (const StmGeometry *geometry,
                                     const double  voxel[3],
                                     double        lps[3]);
gboolean stm_geometry_lps_to_voxel  (const StmGeometry *geometry,
                                     const double  lps[3],
                                     double        voxel[3]);

/* Largest volume a loader allocates unless told otherwise: 8 GiB. */
#define STM_VOLUME_DEFAULT_MAX_BYTES (G_GUINT64_CONSTANT (8) << 30)

/* What grey values mean: Hounsfield units unless the loader knows the
 * image is not CT (ultrasound, MR...), whose values carry no unit here. */
typedef enum
{
  STM_VALUE_HU = 0,
  STM_VALUE_UNITLESS,
} StmValueUnit;

typedef struct _StmVolume StmVolume;

struct _StmVolume
{
  /*< public, read-only >*/
  StmVoxelFormat format;
  gsize          dims[3];       /* nx (columns), ny (rows), nz (slices or frames) */
  StmGeometry    geometry;
  gpointer       data;          /* x fastest, then y, then z */
  double         frame_time_ms; /* cine frame interval, 0 when not a cine */
  StmValueUnit   value_unit;

  /*< private >*/
  gint           ref_count;
};

#define STM_TYPE_VOLUME (stm_volume_get_type ())
GType       stm_volume_get_type          (void) G_GNUC_CONST;

gboolean    stm_volume_size_bytes        (StmVoxelFormat format,
                                          gsize          nx,
                                          gsize          ny,
                                          gsize          nz,
                                          gsize         *out_bytes);
StmVolume  *stm_volume_new               (StmVoxelFormat format,
                                          gsize          nx,
                                          gsize          ny,
                                          gsize          nz,
                                          guint64        max_bytes,
                                          GError       **error);
StmVolume  *stm_volume_ref               (StmVolume     *volume);
void        stm_volume_unref             (StmVolume     *volume);

gsize       stm_volume_n_voxels          (const StmVolume *volume);
gsize       stm_volume_bytes_per_voxel   (const StmVolume *volume);
gsize       stm_volume_slice_bytes       (const StmVolume *volume);
gpointer    stm_volume_slice_data        (const StmVolume *volume,
                                          gsize            k);
float      *stm_volume_float_data        (const StmVolume *volume);
guint8     *stm_volume_rgb_data          (const StmVolume *volume);
/* Same size, and the same geometry to 1 µm (origin, spacing) and 1e-4 (axes). */
gboolean    stm_volume_same_grid         (const StmVolume *a,
                                          const StmVolume *b);
double      stm_volume_grey_at           (const StmVolume *volume,
                                          gsize            i,
                                          gsize            j,
                                          gsize            k);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmVolume, stm_volume_unref)

G_END_DECLS
