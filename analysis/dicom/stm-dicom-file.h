/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The C face of the DCMTK shim: the only door between Stratum and C++.
 * A StmDicomFile is one parsed DICOM file whose pixel data stays on disk
 * until a frame is asked for; its attributes are copied into a plain
 * StmDicomHeader that outlives the file.
 */
#pragma once

#include <glib.h>

#include "stm-volume.h"

G_BEGIN_DECLS

#define STM_DICOM_ERROR (stm_dicom_error_quark ())
GQuark stm_dicom_error_quark (void);

typedef enum
{
  STM_DICOM_ERROR_IO,            /* cannot open or read the file */
  STM_DICOM_ERROR_NOT_DICOM,     /* not DICOM at all */
  STM_DICOM_ERROR_MALFORMED,     /* DICOM, but damaged or inconsistent */
  STM_DICOM_ERROR_NO_IMAGE,      /* valid, but holds no image (SR, RT plan...) */
  STM_DICOM_ERROR_UNSUPPORTED,   /* an encoding Stratum cannot decode */
  STM_DICOM_ERROR_TOO_LARGE,     /* over the memory cap */
  STM_DICOM_ERROR_EMPTY,         /* nothing readable was found */
} StmDicomError;

typedef struct
{
  char   *explanation;
  double  center;
  double  width;
} StmWindowPreset;

/* One entry of the Sequence of Ultrasound Regions (0018,6011). */
typedef struct
{
  guint  min_x0, min_y0, max_x1, max_y1;   /* pixel bounds, inclusive */
  int    spatial_format;                    /* 1 = 2D, 2 = M-mode, 3 = spectral... */
  int    data_type;
  int    units_x, units_y;                  /* 3 = cm, 4 = s, ... (PS3.3 C.8.5.5.1.15) */
  double delta_x, delta_y;                  /* physical units per pixel */
  gboolean has_reference;
  double reference_x0, reference_y0;
} StmUsRegion;

/* A lookup table from the file: descriptor plus data, first entry first. */
typedef struct
{
  guint    n_entries;
  gint32   first_mapped;
  guint    bits;
  guint16 *data;
} StmLut;

typedef struct
{
  double position[3];
  gboolean has_position;
  double orientation[6];
  gboolean has_orientation;
  double pixel_spacing[2];
  gboolean has_pixel_spacing;
  double slice_thickness;
  double rescale_slope, rescale_intercept;
  gboolean has_rescale;
} StmFrameGeometry;

typedef struct
{
  char   *path;
  char   *sop_class_uid;
  char   *sop_instance_uid;
  char   *transfer_syntax_uid;
  char   *transfer_syntax_name;

  char   *patient_name;
  char   *patient_id;
  char   *patient_birth_date;
  char   *patient_sex;
  char   *study_uid;
  char   *study_date;
  char   *study_time;
  char   *study_description;
  char   *accession_number;
  char   *series_uid;
  char   *series_description;
  int     series_number;
  char   *modality;
  char   *frame_of_reference_uid;
  char   *acquisition_date;
  char   *acquisition_time;
  int     instance_number;

  /* Image pixel module. */
  gboolean has_pixel_data;
  gboolean encapsulated;
  guint    rows, columns;
  guint    samples_per_pixel;
  guint    bits_allocated, bits_stored, high_bit;
  guint    pixel_representation;
  guint    planar_configuration;
  char    *photometric;
  guint    declared_frames;        /* NumberOfFrames as written */
  guint    n_frames;               /* frames actually present */
  guint64  pixel_data_length;      /* bytes, native pixel data only */
  gboolean has_padding;
  gint32   padding_value;
  double   pixel_aspect[2];        /* PixelAspectRatio, 1:1 when absent */
  /* Patient Orientation (0020,0020): the patient directions of the rows
   * and of the columns as letters ("P", "FL"); "" when absent or not
   * made of A, P, R, L, H, F. */
  char     patient_orientation[2][STM_ORIENTATION_LETTERS];

  /* Geometry of the whole image, and per frame for enhanced objects. */
  StmFrameGeometry image;
  StmFrameGeometry *frames;        /* n_frames entries, or NULL */

  double   frame_time_ms;          /* 0 when absent */
  double  *frame_time_vector;      /* n_frames entries, or NULL */

  GArray  *windows;                /* StmWindowPreset */
  GArray  *us_regions;             /* StmUsRegion */
  StmLut   palette[3];             /* red, green, blue; n_entries 0 when absent */
  StmLut   modality_lut;           /* Modality LUT Sequence, n_entries 0 when absent */
  StmLut   voi_lut;                /* first VOI LUT Sequence item */

  char   **dicomdir_files;         /* DICOMDIR: referenced files, relative, '/' separated */
} StmDicomHeader;

void             stm_dicom_header_free     (StmDicomHeader *header);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmDicomHeader, stm_dicom_header_free)

/* Quick sniff: does the file start like DICOM (Part 10 or a raw dataset)? */
gboolean         stm_dicom_file_sniff      (const char *path);

typedef struct _StmDicomFile StmDicomFile;

StmDicomFile    *stm_dicom_file_open       (const char *path,
                                            GError    **error);
void             stm_dicom_file_free       (StmDicomFile *file);
const StmDicomHeader *stm_dicom_file_get_header (StmDicomFile *file);
StmDicomHeader  *stm_dicom_file_steal_header (StmDicomFile *file);

/*
 * The size in bytes of one decoded frame: rows x columns x samples x
 * BitsAllocated / 8, computed with overflow checks. FALSE, with an error,
 * when the image is not one Stratum can decode.
 */
gboolean         stm_dicom_frame_size      (const StmDicomHeader *header,
                                            gsize                *out_size,
                                            GError              **error);

/*
 * Decodes one frame into @buffer (of stm_dicom_frame_size() bytes or more):
 * samples of BitsAllocated bits in host byte order, unmasked. On return
 * @out_photometric names the colour model of the decoded samples (a JPEG
 * decoder turns YBR into RGB) and @out_planar their planar configuration.
 */
gboolean         stm_dicom_file_decode_frame (StmDicomFile *file,
                                              guint         frame,
                                              guint8       *buffer,
                                              gsize         buffer_size,
                                              char        **out_photometric,
                                              guint        *out_planar,
                                              GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StmDicomFile, stm_dicom_file_free)

G_END_DECLS
