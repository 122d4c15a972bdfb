# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints, as a JSON list, what nibabel sees in each NIfTI file given.

For each file: shape, on-disk dtype, the affine nibabel uses (img.affine),
the raw qform/sform and their codes, and a SHA-256 of the voxels as
Stratum holds them (float32 modality values, or interleaved R, G, B bytes;
x fastest), plus their sum and the first and last values.
"""
import hashlib
import json
import sys

import nibabel as nib
import numpy as np


def dump(path):
    img = nib.load(path)
    hdr = img.header
    dtype = hdr.get_data_dtype()
    out = {
        'path': path,
        'shape': [int(n) for n in img.shape],
        'affine': img.affine.tolist(),
        'qform': hdr.get_qform().tolist(),
        'sform': hdr.get_sform().tolist(),
        'qform_code': int(hdr['qform_code']),
        'sform_code': int(hdr['sform_code']),
    }
    if dtype.names == ('R', 'G', 'B'):
        raw = np.asanyarray(img.dataobj)
        data = raw.tobytes(order='F')
        out['dtype'] = 'rgb24'
        out['sha256'] = hashlib.sha256(data).hexdigest()
        out['sum'] = float(np.frombuffer(data, dtype=np.uint8).sum(dtype=np.float64))
    else:
        values = img.get_fdata(dtype=np.float64).astype('<f4')
        flat = values.ravel(order='F')
        out['dtype'] = str(dtype.newbyteorder('='))
        out['sha256'] = hashlib.sha256(flat.tobytes()).hexdigest()
        out['sum'] = float(flat.sum(dtype=np.float64))
        out['first'] = float(flat[0])
        out['last'] = float(flat[-1])
    return out


def main():
    print(json.dumps([dump(path) for path in sys.argv[1:]]))


if __name__ == '__main__':
    main()
