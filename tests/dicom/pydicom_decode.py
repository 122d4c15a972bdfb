#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent reference decode with pydicom, for tests/dicom/test-dicom-decode.c.

Usage: pydicom_decode.py OUTDIR FILE...
Writes OUTDIR/N.raw for the Nth file: frames x rows x columns of float32
modality values (grey) or uint8 RGB (colour), and prints one JSON object per
file on stdout: {"index", "kind": "float"|"rgb"|"error", "frames", "rows",
"columns", "message"}.
"""
import json
import os
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers import gdcm_handler, numpy_handler, pillow_handler, rle_handler
from pydicom.pixel_data_handlers.util import apply_color_lut, apply_modality_lut, convert_color_space

# Pillow first for JPEG baseline/extended and JPEG 2000 (it leaves YBR as YBR,
# which is converted below the documented way); GDCM for lossless JPEG and JPEG-LS.
pydicom.config.pixel_data_handlers = [numpy_handler, rle_handler, pillow_handler, gdcm_handler]


def frames_of(arr, ds, samples):
    n = int(getattr(ds, "NumberOfFrames", 1) or 1)
    if n == 1:
        arr = arr[np.newaxis]
    if samples == 3 and arr.shape[-1] != 3:
        arr = np.moveaxis(arr, 1, -1)
    return arr


HTJ2K = ("1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203")


def pixel_array(ds):
    """pydicom 2.3 has no HTJ2K handler: hand each frame's codestream to Pillow."""
    if ds.file_meta.TransferSyntaxUID not in HTJ2K:
        return ds.pixel_array
    import io
    from PIL import Image
    from pydicom.encaps import generate_pixel_data_frame
    n = int(getattr(ds, "NumberOfFrames", 1) or 1)
    frames = [np.asarray(Image.open(io.BytesIO(f))) for f in generate_pixel_data_frame(ds.PixelData, n)]
    return frames[0] if n == 1 else np.stack(frames)


def decode(path):
    ds = pydicom.dcmread(path, force=True)
    arr = pixel_array(ds)
    samples = int(getattr(ds, "SamplesPerPixel", 1))
    pi = str(ds.PhotometricInterpretation).strip()
    if pi == "PALETTE COLOR":
        rgb = apply_color_lut(arr, ds)
        if rgb.dtype != np.uint8:
            rgb = (rgb >> 8).astype(np.uint8)
        return "rgb", frames_of(rgb, ds, 3)
    if samples == 3:
        if pi.startswith("YBR_FULL"):
            arr = convert_color_space(arr, pi, "RGB")
        bits = int(ds.BitsStored)
        if bits > 8:
            arr = arr >> (bits - 8)
        return "rgb", frames_of(arr.astype(np.uint8), ds, 3)
    if "RescaleSlope" not in ds and "ModalityLUTSequence" not in ds:
        return "float", enhanced_modality_values(frames_of(sign_extend(arr, ds), ds, 1), ds)
    arr = sign_extend(arr, ds)
    values = apply_modality_lut(arr, ds).astype(np.float32)
    return "float", frames_of(values, ds, 1)


def sign_extend(arr, ds):
    """pydicom 2.3 leaves signed samples narrower than their container
    (BitsStored < BitsAllocated) unextended; PS3.5 8.1.1 says they are two's
    complement in BitsStored bits, as pydicom 3 reads them."""
    bits = int(ds.BitsStored)
    if int(ds.PixelRepresentation) != 1 or bits >= int(ds.BitsAllocated):
        return arr
    v = arr.astype(np.int64) & ((1 << bits) - 1)
    return np.where(v & (1 << (bits - 1)), v - (1 << bits), v)


def enhanced_modality_values(frames, ds):
    """Enhanced objects keep Rescale Slope/Intercept in the functional groups
    (shared, overridden per frame); pydicom 2.3's apply_modality_lut does not
    look there, so it is done here, per PS3.3 C.7.6.16.2.9."""
    def transform(group):
        seq = getattr(group, "PixelValueTransformationSequence", None) if group else None
        if seq:
            return float(seq[0].RescaleSlope), float(seq[0].RescaleIntercept)
        return None
    shared = ds.SharedFunctionalGroupsSequence[0] if "SharedFunctionalGroupsSequence" in ds else None
    per_frame = getattr(ds, "PerFrameFunctionalGroupsSequence", [])
    out = frames.astype(np.float64)
    for f in range(frames.shape[0]):
        t = (transform(per_frame[f]) if f < len(per_frame) else None) or transform(shared)
        if t:
            out[f] = out[f] * t[0] + t[1]
    return out.astype(np.float32)


def main():
    outdir, paths = sys.argv[1], sys.argv[2:]
    for index, path in enumerate(paths):
        try:
            kind, arr = decode(path)
            np.ascontiguousarray(arr).tofile(os.path.join(outdir, "%d.raw" % index))
            info = {"index": index, "kind": kind, "frames": int(arr.shape[0]),
                    "rows": int(arr.shape[1]), "columns": int(arr.shape[2])}
        except Exception as e:  # the C test reports what pydicom could not do
            info = {"index": index, "kind": "error", "message": str(e)}
        print(json.dumps(info))


if __name__ == "__main__":
    main()
