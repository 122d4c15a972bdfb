#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`stratum-cli features --frame N` on the demo ultrasound cine.

Usage: test_us_features.py STRATUM_CLI

Prints TAP. The demo cine is 640 x 480 RGB with one ultrasound region,
80,60..559,439, calibrated at 0.1 mm per pixel. A box mask inside the
region must be measured in millimetres (0.1 x 0.1 x 1 mm per pixel); a
mask given for every frame must give the same features as its slice; a
mask crossing the region's edge, or a frame that does not exist, must be
refused with a sentence.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

COLUMNS, ROWS, FRAMES = 640, 480, 3
REGION = (80, 60, 559, 439)
MM_PER_PIXEL = 0.1
REGION_SENTENCE = ('The region of interest crosses ultrasound regions (or lies outside them): '
                   'it cannot be calibrated.')


class Skip(Exception):
    pass


def import_nibabel():
    try:
        import nibabel
        import numpy
    except ImportError:
        if os.environ.get('CI') == 'true':
            raise AssertionError('nibabel (python3-nibabel) is missing, and CI must have it')
        raise Skip('nibabel (python3-nibabel) is not installed')
    return nibabel, numpy


def write_mask(path, box, frames=1, frame=None):
    """A uint8 box mask, x0,y0..x1,y1 inclusive, on one slice or on @frame of @frames."""
    nib, np = import_nibabel()
    data = np.zeros((COLUMNS, ROWS, frames), dtype=np.uint8)
    x0, y0, x1, y1 = box
    data[x0:x1 + 1, y0:y1 + 1, 0 if frame is None else frame] = 1
    nib.save(nib.Nifti1Image(data, np.eye(4)), path)


class Context:
    def __init__(self, cli):
        self.cli = cli
        self.tmp = tempfile.mkdtemp(prefix='stratum-us-features-')
        self.cine = os.path.join(self.tmp, 'demo', 'us', 'US0001.dcm')
        proc = self.run('demo', '-o', os.path.join(self.tmp, 'demo'), '--size', '64',
                        '--slices', '8', '--frames', str(FRAMES))
        if proc.returncode != 0 or not os.path.exists(self.cine):
            raise AssertionError('stratum-cli demo failed: %s' % proc.stderr.strip())

    def run(self, *args):
        return subprocess.run([self.cli] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=120)

    def features(self, mask, frame=2, extra=()):
        proc = self.run('features', '--image', self.cine, '--frame', str(frame),
                        '--mask', mask, '--format', 'json', *extra)
        if proc.returncode != 0:
            raise AssertionError('stratum-cli features exited with %d: %s'
                                 % (proc.returncode, proc.stderr.strip()))
        return {(row['ibsi_code'] or row['feature']): row['value']
                for row in json.loads(proc.stdout) if row['aggregation_code'] in ('DHQ4', None)}

    def refused(self, mask, frame=2):
        return self.run('features', '--image', self.cine, '--frame', str(frame),
                        '--mask', mask, '--format', 'json')


def close(a, b, rel):
    return abs(a - b) <= rel * abs(b)


def test_calibrated_volume(ctx):
    box = (200, 150, 299, 229)
    n = (box[2] - box[0] + 1) * (box[3] - box[1] + 1)
    mask = os.path.join(ctx.tmp, 'box.nii.gz')
    write_mask(mask, box)
    f = ctx.features(mask)
    expected = n * MM_PER_PIXEL * MM_PER_PIXEL * 1.0
    assert close(f['YEKZ'], expected, 1e-9), \
        'voxel-counting volume %r, expected %d x 0.1 x 0.1 x 1 = %r mm3' % (f['YEKZ'], n, expected)
    # The mesh of a 100 x 80 x 1 box: its volume is close to the voxel count's.
    assert close(f['RNU0'], expected, 0.05), 'mesh volume %r, expected about %r' % (f['RNU0'], expected)
    # Area scales as mm2: twice the box face (10 x 8 mm) plus its rim is
    # far below what a pixel-unit grid (8000 px2 per face) would give.
    face = n * MM_PER_PIXEL ** 2
    assert 2 * face * 0.9 < f['C0JK'] < 2 * face + 2 * (10 + 8) * 1.0 * 1.1, \
        'surface area %r mm2 does not fit a 10 x 8 x 1 mm box' % f['C0JK']


def test_mask_of_every_frame(ctx):
    box = (300, 200, 359, 259)
    one = os.path.join(ctx.tmp, 'one.nii.gz')
    every = os.path.join(ctx.tmp, 'every.nii.gz')
    write_mask(one, box)
    write_mask(every, box, frames=FRAMES, frame=2 - 1)
    a, b = ctx.features(one), ctx.features(every)
    assert a == b, 'a mask for every frame gives other features than its slice for frame 2'
    assert close(a['YEKZ'], 60 * 60 * 0.01, 1e-9), 'voxel-counting volume %r' % a['YEKZ']


def test_first_and_last_frame(ctx):
    box = (200, 150, 299, 229)
    mask = os.path.join(ctx.tmp, 'box.nii.gz')
    write_mask(mask, box)
    first, last = ctx.features(mask, frame=1), ctx.features(mask, frame=FRAMES)
    assert first['YEKZ'] == last['YEKZ'], 'the calibration changed between frames'


def test_mask_crossing_the_edge(ctx):
    mask = os.path.join(ctx.tmp, 'edge.nii.gz')
    write_mask(mask, (REGION[0] - 10, 100, REGION[0] + 50, 200))
    proc = ctx.refused(mask)
    assert proc.returncode == 1, 'exit code %d, expected 1' % proc.returncode
    assert REGION_SENTENCE in proc.stderr, 'stderr: %s' % proc.stderr.strip()
    assert proc.stdout == '', 'features were printed for an uncalibrated mask'


def test_frame_out_of_range(ctx):
    mask = os.path.join(ctx.tmp, 'box.nii.gz')
    write_mask(mask, (200, 150, 299, 229))
    proc = ctx.refused(mask, frame=FRAMES + 1)
    assert proc.returncode == 1, 'exit code %d, expected 1' % proc.returncode
    assert 'between 1 and %d' % FRAMES in proc.stderr, 'stderr: %s' % proc.stderr.strip()


def test_mask_of_wrong_size(ctx):
    nib, np = import_nibabel()
    mask = os.path.join(ctx.tmp, 'small.nii.gz')
    nib.save(nib.Nifti1Image(np.ones((64, 48, 1), dtype=np.uint8), np.eye(4)), mask)
    proc = ctx.refused(mask)
    assert proc.returncode == 1, 'exit code %d, expected 1' % proc.returncode
    assert 'does not fit the image' in proc.stderr, 'stderr: %s' % proc.stderr.strip()


TESTS = [test_calibrated_volume, test_mask_of_every_frame, test_first_and_last_frame,
         test_mask_crossing_the_edge, test_frame_out_of_range, test_mask_of_wrong_size]


def main():
    cli = sys.argv[1]
    print('1..%d' % len(TESTS))
    try:
        import_nibabel()
    except Skip as why:
        for i, test in enumerate(TESTS, 1):
            print('ok %d %s # SKIP %s' % (i, test.__name__, why))
        return 0
    ctx = Context(cli)
    failed = 0
    try:
        for i, test in enumerate(TESTS, 1):
            try:
                test(ctx)
                print('ok %d %s' % (i, test.__name__))
            except AssertionError as why:
                failed += 1
                print('not ok %d %s' % (i, test.__name__))
                for line in str(why).splitlines():
                    print('# ' + line)
            sys.stdout.flush()
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
