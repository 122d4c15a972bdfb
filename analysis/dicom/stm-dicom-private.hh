/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by the C++ files of the DCMTK shim. Never included from C. */
#pragma once

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "stm-dicom-file.h"

struct _StmDicomFile
{
  DcmFileFormat  *format;
  StmDicomHeader *header;
  Uint32          next_fragment;   /* where the frame after the last decoded one starts */
  guint           last_frame;
  gboolean        decompressed;    /* the whole pixel data was decompressed in memory */
};

void     _stm_dicom_init_once          (void);
void     _stm_dicom_read_header        (DcmFileFormat  *format,
                                        StmDicomHeader *header);
void     _stm_dicom_read_frame_attributes (DcmFileFormat  *format,
                                           StmDicomHeader *header);
gboolean _stm_dicom_check_pixel_data   (DcmFileFormat  *format,
                                        StmDicomHeader *header,
                                        GError        **error);
char    *_stm_dicom_condition_text     (const OFCondition &condition);
