/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by stm-nifti.c, stm-nifti-read.c and stm-nifti-write.c. */
#pragma once

#include "stm-nifti.h"

#include <zlib.h>

G_BEGIN_DECLS

/*
 * The 348-byte NIfTI-1 header, field for field as in nifti1.h. Every field
 * is naturally aligned, so the plain struct has the on-disk layout; the
 * static asserts in stm-nifti.c hold us to it.
 */
typedef struct
{
  gint32 sizeof_hdr;       /* 348 */
  char   data_type[10];
  char   db_name[18];
  gint32 extents;
  gint16 session_error;
  char   regular;
  char   dim_info;
  gint16 dim[8];
  float  intent_p1;
  float  intent_p2;
  float  intent_p3;
  gint16 intent_code;
  gint16 datatype;
  gint16 bitpix;
  gint16 slice_start;
  float  pixdim[8];
  float  vox_offset;
  float  scl_slope;
  float  scl_inter;
  gint16 slice_end;
  char   slice_code;
  char   xyzt_units;
  float  cal_max;
  float  cal_min;
  float  slice_duration;
  float  toffset;
  gint32 glmax;
  gint32 glmin;
  char   descrip[80];
  char   aux_file[24];
  gint16 qform_code;
  gint16 sform_code;
  float  quatern_b;
  float  quatern_c;
  float  quatern_d;
  float  qoffset_x;
  float  qoffset_y;
  float  qoffset_z;
  float  srow_x[4];
  float  srow_y[4];
  float  srow_z[4];
  char   intent_name[16];
  char   magic[4];         /* "n+1\0" for a single file */
} StmNifti1Header;

#define STM_NIFTI1_HEADER_SIZE 348
#define STM_NIFTI1_VOX_OFFSET  352  /* header + the 4-byte extension flag */

/* Datatype codes (nifti1.h). */
enum
{
  STM_NIFTI_TYPE_BINARY     = 1,
  STM_NIFTI_TYPE_UINT8      = 2,
  STM_NIFTI_TYPE_INT16      = 4,
  STM_NIFTI_TYPE_INT32      = 8,
  STM_NIFTI_TYPE_FLOAT32    = 16,
  STM_NIFTI_TYPE_COMPLEX64  = 32,
  STM_NIFTI_TYPE_FLOAT64    = 64,
  STM_NIFTI_TYPE_RGB24      = 128,
  STM_NIFTI_TYPE_INT8       = 256,
  STM_NIFTI_TYPE_UINT16     = 512,
  STM_NIFTI_TYPE_UINT32     = 768,
  STM_NIFTI_TYPE_INT64      = 1024,
  STM_NIFTI_TYPE_UINT64     = 1280,
  STM_NIFTI_TYPE_FLOAT128   = 1536,
  STM_NIFTI_TYPE_COMPLEX128 = 1792,
  STM_NIFTI_TYPE_COMPLEX256 = 2048,
  STM_NIFTI_TYPE_RGBA32     = 2304,
};

#define STM_NIFTI_UNITS_MM   2
#define STM_NIFTI_UNITS_SEC  8
#define STM_NIFTI_UNITS_MSEC 16
#define STM_NIFTI_UNITS_USEC 24

/* Marks files we wrote from a cine, whose pixdim[4] is the frame interval. */
#define STM_NIFTI_CINE_DESCRIP "Stratum cine"

void        _stm_nifti_header_swap          (StmNifti1Header       *header);

/* What went wrong in zlib, without the "PATH: " that gzerror() puts first. */
const char *_stm_nifti_zlib_message         (gzFile                 file);

/* The geometry nibabel would give a checked header, and a cine's frame interval. */
void        _stm_nifti_header_geometry      (const StmNifti1Header *header,
                                             StmGeometry           *geometry);
double      _stm_nifti_header_frame_time_ms (const StmNifti1Header *header);

/* nifti_mat44_to_quatern(): the qform nearest a RAS affine, quatern = a, b, c, d. */
void        _stm_nifti_affine_to_quatern    (const double           affine[4][4],
                                             double                 quatern[4],
                                             double                 offset[3],
                                             double                 pixdim[3],
                                             double                *qfac);

G_END_DECLS
