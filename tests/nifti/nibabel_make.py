# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes NIfTI-1 files with nibabel into OUTDIR, for Stratum's reader.

Covers both byte orders, every datatype Stratum reads, intensity scaling,
sform, qform-only (left-handed) and ANALYZE-style geometry, 2D and 4D
with one volume, header extensions, and some files Stratum must refuse.
Prints a JSON list of {"name", "expect"} where expect is "ok" or the
StmNiftiError it must give ("unsupported" or "format").
"""
import json
import os
import sys

import nibabel as nib
import numpy as np


def rotation(axis, degrees):
    axis = np.asarray(axis, dtype=np.float64)
    axis /= np.linalg.norm(axis)
    x, y, z = axis
    c, s = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    t = 1 - c
    return np.array([[t * x * x + c, t * x * y - s * z, t * x * z + s * y],
                     [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
                     [t * x * z - s * y, t * y * z + s * x, t * z * z + c]])


def oblique(zooms, offset, left_handed=False):
    affine = np.eye(4)
    affine[:3, :3] = rotation([0.3, -0.5, 0.8], 27.0) @ np.diag(zooms)
    if left_handed:
        affine[:3, 2] *= -1
    affine[:3, 3] = offset
    return affine


def save(outdir, name, data, affine, endian='<', dtype=None, slope=None, inter=None,
         qform_only=False, no_xform=False, extension=False):
    header = nib.Nifti1Header(endianness=endian)
    header.set_data_dtype(dtype if dtype is not None else data.dtype)
    img = nib.Nifti1Image(data, affine, header, dtype=dtype)
    img.set_qform(affine, code='scanner')
    if qform_only:
        img.set_sform(None, code=0)
    if no_xform:
        img.set_sform(None, code=0)
        img.set_qform(None, code=0)
    if slope is not None:
        img.header.set_slope_inter(slope, inter)
    if extension:
        img.header.extensions.append(nib.nifti1.Nifti1Extension('comment', b'made by nibabel ' * 5))
    nib.save(img, os.path.join(outdir, name))


def main():
    outdir = sys.argv[1]
    rng = np.random.default_rng(17)
    shape = (7, 6, 5)
    aff = oblique([0.7, 0.8, 2.5], [-120.5, 80.25, -45.125])
    made = []

    def ok(name):
        made.append({'name': name, 'expect': 'ok'})

    ints = rng.integers(-1000, 3000, size=shape)
    save(outdir, 'be_int16_scaled.nii', ints.astype(np.int16), aff, endian='>',
         slope=0.5, inter=-1024.0)
    ok('be_int16_scaled.nii')
    save(outdir, 'le_uint16_qform.nii.gz', rng.integers(0, 65535, size=shape).astype(np.uint16),
         oblique([1.25, 1.25, 3.0], [10.0, -20.0, 30.0], left_handed=True), qform_only=True)
    ok('le_uint16_qform.nii.gz')
    save(outdir, 'be_float32.nii.gz', rng.normal(0, 100, size=shape).astype(np.float32), aff,
         endian='>')
    ok('be_float32.nii.gz')
    save(outdir, 'float64.nii.gz', rng.normal(0, 1e3, size=shape), aff, dtype=np.float64)
    ok('float64.nii.gz')
    save(outdir, 'int8.nii.gz', rng.integers(-128, 127, size=shape).astype(np.int8), aff)
    ok('int8.nii.gz')
    save(outdir, 'uint8.nii', rng.integers(0, 255, size=shape).astype(np.uint8), aff)
    ok('uint8.nii')
    save(outdir, 'be_int32_scaled.nii.gz', rng.integers(-2**31, 2**31 - 1, size=shape,
         dtype=np.int64).astype(np.int32), aff, endian='>', slope=1e-3, inter=5.0)
    ok('be_int32_scaled.nii.gz')
    save(outdir, 'uint32.nii.gz', rng.integers(0, 2**32 - 1, size=shape,
         dtype=np.int64).astype(np.uint32), aff)
    ok('uint32.nii.gz')
    save(outdir, 'int64.nii.gz', rng.integers(-2**40, 2**40, size=shape, dtype=np.int64), aff,
         dtype=np.int64)
    ok('int64.nii.gz')
    rgb = np.zeros(shape, dtype=[('R', 'u1'), ('G', 'u1'), ('B', 'u1')])
    for channel in 'RGB':
        rgb[channel] = rng.integers(0, 255, size=shape)
    save(outdir, 'rgb24.nii.gz', rgb, aff)
    ok('rgb24.nii.gz')
    save(outdir, 'analyze_mode.nii', ints.astype(np.int16), np.diag([1.5, 2.5, 3.0, 1.0]),
         no_xform=True)
    ok('analyze_mode.nii')
    save(outdir, 'one_frame_4d.nii.gz', ints.astype(np.int16).reshape(shape + (1,)), aff)
    ok('one_frame_4d.nii.gz')
    save(outdir, 'flat_2d.nii.gz', ints[:, :, 0].astype(np.int16), aff)
    ok('flat_2d.nii.gz')
    save(outdir, 'extension.nii.gz', ints.astype(np.int16), aff, extension=True)
    ok('extension.nii.gz')

    save(outdir, 'series_4d.nii.gz', np.zeros(shape + (3,), dtype=np.int16), aff)
    made.append({'name': 'series_4d.nii.gz', 'expect': 'unsupported'})
    save(outdir, 'complex.nii.gz', np.zeros(shape, dtype=np.complex64), aff)
    made.append({'name': 'complex.nii.gz', 'expect': 'unsupported'})
    pair = nib.Nifti1Pair(np.zeros(shape, dtype=np.int16), aff)
    nib.save(pair, os.path.join(outdir, 'pair.hdr'))
    made.append({'name': 'pair.hdr', 'expect': 'unsupported'})

    print(json.dumps(made))


if __name__ == '__main__':
    main()
