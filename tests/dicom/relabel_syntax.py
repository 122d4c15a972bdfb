#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""relabel_syntax.py IN OUT UID: copy a DICOM file, declaring another transfer syntax."""
import sys

import pydicom

ds = pydicom.dcmread(sys.argv[1])
ds.file_meta.TransferSyntaxUID = sys.argv[3]
ds.save_as(sys.argv[2], write_like_original=True)
