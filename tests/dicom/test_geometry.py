#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Volume geometry of `stratum-cli info` and `export` against pydicom.

Usage: test_geometry.py STRATUM_CLI

Prints TAP. For each series in ../shared/data/dicom/ct_series the slice
count, size, spacing, origin, orientation and stacking direction must
agree to 1e-4 mm with geometry_reference.py, which works them out from
the DICOM attributes with pydicom and numpy; the warnings must name what
is odd about the series and nothing else. Further tests: an enhanced
multi-frame CT against the same data as single frames, a NIfTI export
against pydicom's pixels, files under shuffled names, the Sequence of
Ultrasound Regions, and a DICOMDIR made by DCMTK's dcmmkdir.
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pydicom

import geometry_reference as ref

TOLERANCE_MM = 1e-4

TILTED_SERIES = 'd2n_gantry_tilt'
GAP_SERIES = 'd2n_missing_slice'
ALL_SERIES = ['ibsi_sts002_ct', 'dcmqi_ct3slice', 'dcmqi_24x38x3', 'pydicom_ct5n_16x16',
              TILTED_SERIES, GAP_SERIES, 'dbdicom_skull_ct_jpegll']
TILT_WORDS = re.compile(r'tilt', re.IGNORECASE)
GAP_WORDS = re.compile(r'uneven|gap|missing', re.IGNORECASE)

# Which series go into the DICOMDIR: small, and Implicit as well as Explicit VR.
DICOMDIR_SERIES = ['dcmqi_24x38x3', 'pydicom_ct5n_16x16', 'dcmqi_ct3slice']


class Skip(Exception):
    pass


class Context:
    def __init__(self, cli, data):
        self.cli = cli
        self.data = data
        self.tmp = tempfile.mkdtemp(prefix='stratum-geometry-')
        self._references = {}
        self._info = {}

    def series_dir(self, name):
        return os.path.join(self.data, 'ct_series', name)

    def reference(self, name):
        if name not in self._references:
            self._references[name] = ref.series_geometry(files_in(self.series_dir(name)))
        return self._references[name]

    def run(self, *args):
        proc = subprocess.run([self.cli] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        if proc.returncode != 0:
            raise AssertionError('stratum-cli %s exited with %d: %s'
                                 % (' '.join(args), proc.returncode, proc.stderr.strip()))
        return proc

    def info(self, *paths):
        if paths not in self._info:
            self._info[paths] = json.loads(self.run('info', *paths).stdout)
        return self._info[paths]

    def only_series(self, *paths):
        series = all_series(self.info(*paths))
        if len(series) != 1:
            raise AssertionError('stratum-cli info %s lists %d series, expected 1'
                                 % (' '.join(paths), len(series)))
        return series[0]

    def export(self, path, name):
        out = os.path.join(self.tmp, name)
        proc = self.run('export', path, '-o', out)
        return out, proc.stderr


def files_in(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder)
                  if os.path.isfile(os.path.join(folder, f)))


def all_series(info):
    return [s for p in info['patients'] for st in p['studies'] for s in st['series']]


def running_under_ci():
    return os.environ.get('CI') == 'true'


def differs(a, b, tolerance=TOLERANCE_MM):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape != b.shape or not np.all(np.abs(a - b) <= tolerance)


def compare_geometry(series, geometry):
    """What differs between stratum-cli's series and the reference geometry."""
    problems = []
    for key in ('slices', 'rows', 'columns'):
        if series[key] != geometry[key]:
            problems.append('%s: expected %d, got %s' % (key, geometry[key], series[key]))
    for key in ('spacing', 'origin', 'orientation', 'stacking_direction'):
        if differs(series[key], geometry[key]):
            problems.append('%s: expected %s, got %s' % (key, geometry[key], series[key]))
    if series['uid'] != geometry['series_uid']:
        problems.append('uid: expected %s, got %s' % (geometry['series_uid'], series['uid']))
    if ref.even_spacing(geometry) and not problems:
        # Slice k must sit at origin + k * z * stacking_direction: this is what
        # makes a sheared volume exact.
        origin = np.asarray(series['origin'])
        step = series['spacing'][2] * np.asarray(series['stacking_direction'])
        for k, position in enumerate(geometry['positions']):
            if differs(origin + k * step, position):
                problems.append('slice %d: origin + k * z * stacking_direction = %s, '
                                'but ImagePositionPatient is %s'
                                % (k, (origin + k * step).tolist(), position))
                break
    return problems


def check(problems):
    if problems:
        raise AssertionError('\n'.join(problems))


# --- the series in ct_series/ ---------------------------------------------

def geometry_test(name):
    def test(ctx):
        check(compare_geometry(ctx.only_series(ctx.series_dir(name)), ctx.reference(name)))
    return 'geometry of ct_series/%s' % name, test


def warnings_test(name):
    def test(ctx):
        geometry = ctx.reference(name)
        warnings = ctx.only_series(ctx.series_dir(name))['warnings']
        tilted = [w for w in warnings if TILT_WORDS.search(w)]
        gaps = [w for w in warnings if GAP_WORDS.search(w)]
        problems = []
        if name == TILTED_SERIES:
            if geometry['tilt_degrees'] <= ref.TILT_DEGREES:
                problems.append('the reference finds no tilt: has the data changed?')
            if not tilted:
                problems.append('no warning mentions the gantry tilt (%.2f°): %s'
                                % (geometry['tilt_degrees'], warnings))
            if gaps:
                problems.append('the spacing is even, yet: %s' % gaps)
        elif name == GAP_SERIES:
            if ref.even_spacing(geometry):
                problems.append('the reference finds no gap: has the data changed?')
            if not gaps:
                problems.append('no warning about the uneven spacing (steps %s): %s'
                                % (geometry['steps'], warnings))
            if tilted:
                problems.append('the series is not tilted, yet: %s' % tilted)
        elif warnings:
            problems.append('a regular series should have no warnings: %s' % warnings)
        check(problems)
    kind = {TILTED_SERIES: 'a gantry-tilt warning',
            GAP_SERIES: 'an uneven-spacing warning'}.get(name, 'no warnings')
    return 'ct_series/%s has %s' % (name, kind), test


# --- enhanced multi-frame CT ------------------------------------------------

def multiframe_path(ctx):
    return os.path.join(ctx.data, 'ct', 'dcmqi_24x38x3_mf.dcm')


def test_multiframe_reference(ctx):
    single = ctx.reference('dcmqi_24x38x3')
    multi = ref.series_geometry([multiframe_path(ctx)])
    problems = []
    for key in ('rows', 'columns', 'slices'):
        if single[key] != multi[key]:
            problems.append('%s: %s single-frame, %s multi-frame' % (key, single[key], multi[key]))
    for key in ('spacing', 'origin', 'orientation', 'stacking_direction', 'positions'):
        if differs(single[key], multi[key]):
            problems.append('%s: %s single-frame, %s multi-frame' % (key, single[key], multi[key]))
    check(problems)


def test_multiframe_info(ctx):
    series = ctx.only_series(multiframe_path(ctx))
    problems = compare_geometry(series, ref.series_geometry([multiframe_path(ctx)]))
    if series['instances'] != 1 or series['frames'] != 3:
        problems.append('expected 1 instance of 3 frames, got %s of %s'
                        % (series['instances'], series['frames']))
    if series['warnings']:
        problems.append('unexpected warnings: %s' % series['warnings'])
    single = ctx.only_series(ctx.series_dir('dcmqi_24x38x3'))
    for key in ('spacing', 'origin', 'orientation', 'stacking_direction'):
        if differs(series[key], single[key]):
            problems.append('%s: %s multi-frame, %s single-frame'
                            % (key, series[key], single[key]))
    check(problems)


def test_multiframe_export(ctx):
    nib = import_nibabel()
    multi, _ = ctx.export(multiframe_path(ctx), 'multiframe.nii')
    single, _ = ctx.export(ctx.series_dir('dcmqi_24x38x3'), 'singleframe.nii')
    a, b = nib.load(multi), nib.load(single)
    problems = []
    if a.shape != b.shape or not np.array_equal(a.get_fdata(), b.get_fdata()):
        problems.append('the voxels differ (shapes %s and %s)' % (a.shape, b.shape))
    if differs(a.affine, b.affine):
        problems.append('affines differ:\n%s\n%s' % (a.affine, b.affine))
    check(problems)


# --- NIfTI export ---------------------------------------------------------------

def import_nibabel():
    try:
        import nibabel
    except ImportError:
        if running_under_ci():
            raise AssertionError('nibabel (python3-nibabel) is missing, and CI must have it')
        raise Skip('nibabel (python3-nibabel) is not installed')
    return nibabel


def compare_nifti(path, geometry):
    nib = import_nibabel()
    img = nib.load(path)
    problems = []
    expected = ref.modality_volume(geometry)
    if img.shape != expected.shape:
        return ['shape: expected %s (columns, rows, slices), got %s' % (expected.shape, img.shape)]
    voxels = img.get_fdata()
    if not np.allclose(voxels, expected, rtol=0, atol=1e-3):
        where = np.unravel_index(np.argmax(np.abs(voxels - expected)), expected.shape)
        problems.append('voxels differ from pydicom: max |diff| %g at %s (got %g, expected %g)'
                        % (np.max(np.abs(voxels - expected)), tuple(int(i) for i in where),
                           voxels[where], expected[where]))
    affine = ref.ras_affine(geometry)
    header = img.header
    for label, matrix, code in (('affine', img.affine, 1),
                                ('sform', header.get_sform(), int(header['sform_code'])),
                                ('qform', header.get_qform(), int(header['qform_code']))):
        if code == 0:
            problems.append('%s_code is 0' % label)
        elif differs(matrix, affine):
            problems.append('%s: expected\n%s\ngot\n%s' % (label, affine, matrix))
    return problems


def test_export(ctx):
    path, stderr = ctx.export(ctx.series_dir('ibsi_sts002_ct'), 'ibsi.nii')
    problems = compare_nifti(path, ctx.reference('ibsi_sts002_ct'))
    if stderr.strip():
        problems.append('export of a regular series printed: %s' % stderr.strip())
    check(problems)


# --- file names must not matter --------------------------------------------------

def shuffled_copy(ctx, name):
    folder = os.path.join(ctx.tmp, 'shuffled-' + name)
    if os.path.isdir(folder):
        return folder
    os.mkdir(folder)
    sources = files_in(ctx.series_dir(name))
    rng = random.Random(0x5eed)
    rng.shuffle(sources)
    names = {}
    for source in sources:
        target = ''.join(rng.choice('0123456789abcdefghijklmnopqrstuvwxyz') for _ in range(9))
        if target in names:
            raise AssertionError('duplicate random name')
        names[target] = source
        shutil.copyfile(source, os.path.join(folder, target))
    # The test proves nothing if the new names happen to sort like the positions.
    by_name = [names[n] for n in sorted(names)]
    if by_name == [path for path, _ in ctx.reference(name)['sorted_frames']]:
        raise AssertionError('the shuffled names sort in slice order: change the seed')
    return folder


def test_shuffled_info(ctx):
    name = 'ibsi_sts002_ct'
    folder = shuffled_copy(ctx, name)
    original = ctx.only_series(ctx.series_dir(name))
    shuffled = ctx.only_series(folder)
    problems = compare_geometry(shuffled, ctx.reference(name))
    for key in ('slices', 'rows', 'columns', 'spacing', 'origin', 'orientation',
                'stacking_direction', 'warnings'):
        if shuffled[key] != original[key]:
            problems.append('%s: %s from the original names, %s from shuffled names'
                            % (key, original[key], shuffled[key]))
    check(problems)


def test_shuffled_export(ctx):
    name = 'ibsi_sts002_ct'
    path, _ = ctx.export(shuffled_copy(ctx, name), 'shuffled.nii')
    check(compare_nifti(path, ctx.reference(name)))


# --- ultrasound --------------------------------------------------------------------

def compare_regions(got, expected):
    problems = []
    if len(got) != len(expected):
        return ['%d regions, expected %d' % (len(got), len(expected))]
    for i, (g, e) in enumerate(zip(got, expected)):
        for key, value in e.items():
            if key not in g:
                problems.append('region %d: no %s (expected %s)' % (i, key, value))
            elif differs(g[key], value, 1e-9 * max(1.0, float(np.max(np.abs(value))))):
                problems.append('region %d: %s expected %s, got %s' % (i, key, value, g[key]))
        if 'reference_pixel' not in e and g.get('reference_pixel') is not None:
            problems.append('region %d: reference_pixel %s, but the file has none'
                            % (i, g['reference_pixel']))
    return problems


def us_test(filename, need_frame_time=False):
    def test(ctx):
        path = os.path.join(ctx.data, 'us', filename)
        regions, frame_time = ref.ultrasound_regions(path)
        series = ctx.only_series(path)
        problems = compare_regions(series['ultrasound_regions'], regions)
        if need_frame_time and frame_time is None:
            problems.append('the file has no FrameTime: has the data changed?')
        if frame_time is not None and differs(series['frame_time_ms'] or 0, frame_time, 1e-9):
            problems.append('frame_time_ms: expected %s, got %s'
                            % (frame_time, series['frame_time_ms']))
        check(problems)
    extra = ' and frame time' if need_frame_time else ''
    return 'us/%s: ultrasound regions%s' % (filename, extra), test


US_FILES = ['IM00001.implicit_little_endian.dcm',
            'IM00001.fragmented_no_bot_jpeg_baseline.50.dcm',
            'JPGLosslessP14SV1_1s_1f_8b.dcm',
            'OBXXXX1A_rle.dcm',
            'examples_palette.dcm',
            'gdcm-US-ALOKA-16.dcm',
            'gdcm-US-ALOKA-16_big.dcm']


# --- pixel aspect ratio ----------------------------------------------------------

def aspect_test(filename):
    """PixelAspectRatio (an IS pair: vertical, horizontal) as pydicom reads it; without
    PixelSpacing it alone shapes the pixels, so rows are that much taller than columns."""
    def test(ctx):
        path = os.path.join(ctx.data, 'us', filename)
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        expected = [float(v) for v in ds.PixelAspectRatio]
        if 'PixelSpacing' in ds or 'SequenceOfUltrasoundRegions' in ds:
            raise AssertionError('%s has gained a pixel spacing: has the data changed?' % filename)
        series = ctx.only_series(path)
        problems = []
        if differs(series['pixel_aspect_ratio'], expected, 1e-12):
            problems.append('pixel_aspect_ratio: expected %s, got %s'
                            % (expected, series['pixel_aspect_ratio']))
        ratio = series['spacing'][1] / series['spacing'][0]
        if differs(ratio, expected[0] / expected[1], 1e-12):
            problems.append('row/column spacing %s, expected %s' % (ratio, expected[0] / expected[1]))
        check(problems)
    return 'us/%s: pixel aspect ratio shapes the pixels' % filename, test


# --- orientation known or not ------------------------------------------------------

ORIENTATION_FOLDERS = ['us', 'breast', 'ct', 'compressed']
LETTERS = re.compile(r'^[APRLHF]{1,3}$')


def usable_letters(value):
    """A Patient Orientation value: 1-3 direction letters, each patient axis at most once."""
    axes = [a for letter in value for a, pair in enumerate(('RL', 'AP', 'HF')) if letter in pair]
    return bool(LETTERS.match(value)) and len(set(axes)) == len(axes)


def test_orientation_known(ctx):
    """Every single image of these folders: the direction cosines are known exactly when the
    file has ImageOrientationPatient (enhanced objects keep theirs in functional groups and
    are left out), and without them the Patient Orientation letters are carried, as pydicom
    reads them."""
    problems, checked, unknown, lettered = [], 0, 0, 0
    for folder in ORIENTATION_FOLDERS:
        for path in files_in(os.path.join(ctx.data, folder)):
            try:
                ds = pydicom.dcmread(path, stop_before_pixels=True)
            except Exception:
                continue
            if 'PixelData' not in ds and 'Rows' not in ds:
                continue
            if 'SharedFunctionalGroupsSequence' in ds or 'PerFrameFunctionalGroupsSequence' in ds:
                continue
            proc = subprocess.run([ctx.cli, 'info', path], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
            if proc.returncode != 0:
                continue
            series = all_series(json.loads(proc.stdout))
            if len(series) != 1:
                continue
            got = series[0]
            checked += 1
            known = 'ImageOrientationPatient' in ds
            name = os.path.relpath(path, ctx.data)
            if got['orientation_known'] != known:
                problems.append('%s: orientation_known %s, the file %s ImageOrientationPatient'
                                % (name, got['orientation_known'], 'has' if known else 'lacks'))
            expected = None
            value = [str(v) for v in ds.get('PatientOrientation', [])] \
                if 'PatientOrientation' in ds else []
            if not known and len(value) == 2 and all(usable_letters(v) for v in value):
                expected = value
            unknown += not known
            lettered += expected is not None
            if got['patient_orientation'] != expected:
                problems.append('%s: patient_orientation %s, expected %s'
                                % (name, got['patient_orientation'], expected))
    if checked < 10 or unknown < 3 or lettered < 1:
        problems.append('only %d images checked, %d without orientation, %d of them with '
                        'letters: has the data changed?' % (checked, unknown, lettered))
    check(problems)


# --- DICOMDIR ---------------------------------------------------------------------

def test_dicomdir(ctx):
    dcmmkdir = shutil.which('dcmmkdir')
    if dcmmkdir is None:
        if running_under_ci():
            raise AssertionError("DCMTK's dcmmkdir is missing, and CI must have it")
        raise Skip("DCMTK's dcmmkdir is not installed")
    root = os.path.join(ctx.tmp, 'media')
    n = 0
    for s, name in enumerate(DICOMDIR_SERIES, 1):
        folder = os.path.join(root, 'SERIES%02d' % s)
        os.makedirs(folder)
        for source in files_in(ctx.series_dir(name)):
            n += 1
            shutil.copyfile(source, os.path.join(folder, 'IMG%05d' % n))
    # -Nxc: some files are Implicit VR, which the general-purpose profile rejects;
    # +I: invent type 1 attributes the source files lack.
    proc = subprocess.run([dcmmkdir, '+r', '-Nxc', '+I', '-q'], cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=60)
    dicomdir = os.path.join(root, 'DICOMDIR')
    if proc.returncode != 0 or not os.path.isfile(dicomdir):
        raise AssertionError('dcmmkdir failed (%d): %s' % (proc.returncode, proc.stdout))

    from_dir = {s['uid']: s for s in all_series(ctx.info(dicomdir))}
    from_folder = {s['uid']: s for s in all_series(ctx.info(root))}
    expected = {ctx.reference(name)['series_uid'] for name in DICOMDIR_SERIES}
    problems = []
    if set(from_folder) != expected:
        problems.append('the folder lists %s, expected %s'
                        % (sorted(from_folder), sorted(expected)))
    if set(from_dir) != set(from_folder):
        problems.append('the DICOMDIR lists %s, the folder %s'
                        % (sorted(from_dir), sorted(from_folder)))
    for uid in set(from_dir) & set(from_folder):
        a, b = from_dir[uid], from_folder[uid]
        for key in ('modality', 'instances', 'frames', 'slices', 'rows', 'columns',
                    'spacing', 'origin', 'orientation', 'stacking_direction', 'warnings'):
            if a[key] != b[key]:
                problems.append('%s %s: %s from the DICOMDIR, %s from the folder'
                                % (uid, key, a[key], b[key]))
    check(problems)


# --- TAP ------------------------------------------------------------------------

def all_tests():
    tests = []
    for name in ALL_SERIES:
        tests.append(geometry_test(name))
        tests.append(warnings_test(name))
    tests += [
        ('enhanced CT ct/dcmqi_24x38x3_mf.dcm: pydicom sees the same geometry as '
         'ct_series/dcmqi_24x38x3', test_multiframe_reference),
        ('enhanced CT ct/dcmqi_24x38x3_mf.dcm: info matches pydicom and the single frames',
         test_multiframe_info),
        ('enhanced CT ct/dcmqi_24x38x3_mf.dcm: export equals the single-frame export',
         test_multiframe_export),
        ('export ct_series/ibsi_sts002_ct: voxels and affine match pydicom', test_export),
        ('shuffled file names: info gives identical geometry', test_shuffled_info),
        ('shuffled file names: export stacks by position', test_shuffled_export),
        us_test('examples_ybr_color.dcm', need_frame_time=True),
    ]
    tests += [us_test(f) for f in US_FILES]
    tests += [aspect_test(f) for f in ('color-px.dcm', 'color-pl.dcm')]
    tests.append(('orientation known exactly with ImageOrientationPatient; else the '
                  'Patient Orientation letters, as pydicom reads them', test_orientation_known))
    tests.append(('DICOMDIR from dcmmkdir lists the same series as its folder', test_dicomdir))
    return tests


def find_data():
    root = os.environ.get('STM_SHARED_DATA')
    if not root:
        here = os.path.dirname(os.path.abspath(__file__))
        root = os.path.join(here, '..', '..', '..', 'shared', 'data')
    return os.path.join(root, 'dicom')


def main(argv):
    # pydicom's complaints about the files (e.g. 'ISO-IR 100') are not this test's business.
    warnings.filterwarnings('ignore', category=UserWarning, module='pydicom')
    if len(argv) != 2:
        sys.stderr.write('usage: %s STRATUM_CLI\n' % argv[0])
        return 2
    data = find_data()
    if not os.path.isdir(os.path.join(data, 'ct_series')):
        if running_under_ci():
            print('1..1')
            print('not ok 1 - shared test data at %s (CI must have it)' % data)
            return 1
        print('1..0 # SKIP %s is not here (a plain clone has no ../shared)' % data)
        return 0

    ctx = Context(os.path.abspath(argv[1]), data)
    tests = all_tests()
    failed = 0
    print('1..%d' % len(tests))
    try:
        for number, (name, test) in enumerate(tests, 1):
            try:
                test(ctx)
                print('ok %d - %s' % (number, name))
            except Skip as why:
                print('ok %d # SKIP %s: %s' % (number, name, why))
            except Exception as error:  # a crash in one test must not hide the others
                failed += 1
                print('not ok %d - %s' % (number, name))
                detail = str(error) or type(error).__name__
                if not isinstance(error, AssertionError):
                    detail = '%s: %s' % (type(error).__name__, detail)
                for line in detail.splitlines():
                    print('# ' + line)
            sys.stdout.flush()
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
