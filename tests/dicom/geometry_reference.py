# SPDX-License-Identifier: GPL-3.0-or-later
"""Volume geometry of a DICOM series worked out with pydicom and numpy alone.

This is the reference test_geometry.py holds Stratum to, so it must not
borrow anything from Stratum: it reads the attributes itself and follows
PS3.3 C.7.6.2 (Image Plane) and C.7.6.16 (functional groups).

Slices are ordered by ImagePositionPatient projected on the slice normal
(row cosine x column cosine). The in-plane spacing comes from
PixelSpacing, which is (between rows, between columns), so x is
PixelSpacing[1]. Between slices, the typical step is the median of the
projected distances; when the line through the first and last positions
is not the normal (gantry tilt) the slices are stacked along that line,
and the step along it is the projected step divided by the cosine of the
tilt, so that origin + k * step * direction lands on slice k.
"""
import math

import numpy as np
import pydicom

# Above this angle between the normal and the line of slice positions the
# series is treated as tilted; below it the difference is rounding noise.
TILT_DEGREES = 0.01


def _unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def _frame_attr(ds, frame_item, sequence, keyword):
    """An attribute from the per-frame group, else the shared one, else None."""
    for groups in (frame_item, _shared(ds)):
        if groups is None or sequence not in groups:
            continue
        items = groups[sequence].value
        if len(items) > 0 and keyword in items[0]:
            return items[0][keyword].value
    return None


def _shared(ds):
    if 'SharedFunctionalGroupsSequence' in ds and len(ds.SharedFunctionalGroupsSequence) > 0:
        return ds.SharedFunctionalGroupsSequence[0]
    return None


def frames_of(path):
    """One entry per frame: where it is, how it lies, and where its pixels are."""
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    instance = int(ds.get('InstanceNumber', 0) or 0)
    per_frame = ds.get('PerFrameFunctionalGroupsSequence')
    if per_frame is None:
        return ds, [{
            'path': path, 'frame': 0, 'instance': instance,
            'position': np.array([float(v) for v in ds.ImagePositionPatient]),
            'orientation': np.array([float(v) for v in ds.ImageOrientationPatient]),
            'pixel_spacing': [float(v) for v in ds.PixelSpacing],
        }]
    frames = []
    for index, item in enumerate(per_frame):
        frames.append({
            'path': path, 'frame': index, 'instance': instance,
            'position': np.array([float(v) for v in _frame_attr(
                ds, item, 'PlanePositionSequence', 'ImagePositionPatient')]),
            'orientation': np.array([float(v) for v in _frame_attr(
                ds, item, 'PlaneOrientationSequence', 'ImageOrientationPatient')]),
            'pixel_spacing': [float(v) for v in _frame_attr(
                ds, item, 'PixelMeasuresSequence', 'PixelSpacing')],
        })
    return ds, frames


def series_geometry(paths):
    """The geometry of the volume the given files make, as a dict."""
    frames = []
    first_ds = None
    series_uids = set()
    for path in paths:
        ds, more = frames_of(path)
        first_ds = first_ds or ds
        series_uids.add(str(ds.SeriesInstanceUID))
        frames.extend(more)
    if len(series_uids) != 1:
        raise ValueError('%d series among %d files' % (len(series_uids), len(paths)))

    iop = frames[0]['orientation']
    for f in frames:
        if not np.allclose(f['orientation'], iop, atol=1e-6):
            raise ValueError('orientation changes within the series')
    row, col = _unit(iop[:3]), _unit(iop[3:])
    normal = _unit(np.cross(row, col))

    for f in frames:
        f['distance'] = float(np.dot(f['position'], normal))
    frames.sort(key=lambda f: (f['distance'], f['instance'], f['frame']))

    distances = np.array([f['distance'] for f in frames])
    steps = np.diff(distances)
    projected_step = float(np.median(steps)) if len(steps) else None

    stacking = normal
    tilt = 0.0
    if len(frames) > 1:
        along = _unit(frames[-1]['position'] - frames[0]['position'])
        cosine = float(np.clip(np.dot(along, normal), -1.0, 1.0))
        tilt = math.degrees(math.acos(cosine))
        if tilt > TILT_DEGREES:
            stacking = along
    step = projected_step / float(np.dot(stacking, normal)) if projected_step else None

    ps = frames[0]['pixel_spacing']
    return {
        'series_uid': series_uids.pop(),
        'rows': int(first_ds.Rows),
        'columns': int(first_ds.Columns),
        'slices': len(frames),
        'spacing': [ps[1], ps[0], step],
        'projected_step': projected_step,
        'steps': steps.tolist(),
        'origin': frames[0]['position'].tolist(),
        'orientation': np.concatenate([row, col]).tolist(),
        'normal': normal.tolist(),
        'stacking_direction': stacking.tolist(),
        'tilt_degrees': tilt,
        'positions': [f['position'].tolist() for f in frames],
        'sorted_frames': [(f['path'], f['frame']) for f in frames],
    }


def even_spacing(geometry, tolerance=1e-3):
    """True when every projected step is the median one."""
    step = geometry['projected_step']
    return step is not None and all(abs(s - step) <= tolerance for s in geometry['steps'])


def modality_volume(geometry):
    """The voxels, modality values, as a (columns, rows, slices) array.

    NIfTI's first index runs along a row (i), its second down the columns
    (j), so each DICOM slice, which numpy holds as [row, column], is
    transposed.
    """
    cache = {}
    slices = []
    for path, frame in geometry['sorted_frames']:
        if path not in cache:
            ds = pydicom.dcmread(path)
            pixels = ds.pixel_array.astype(np.float64)
            if int(ds.get('NumberOfFrames', 1) or 1) == 1:
                pixels = pixels[np.newaxis]
            slope = float(ds.get('RescaleSlope', 1) or 1)
            intercept = float(ds.get('RescaleIntercept', 0) or 0)
            cache[path] = pixels * slope + intercept
        slices.append(cache[path][frame].T)
    return np.stack(slices, axis=2)


def ras_affine(geometry):
    """The voxel-to-RAS affine of the volume: LPS with x and y negated."""
    sx, sy, sz = geometry['spacing']
    orientation = np.asarray(geometry['orientation'])
    lps = np.eye(4)
    lps[:3, 0] = orientation[:3] * sx
    lps[:3, 1] = orientation[3:] * sy
    lps[:3, 2] = np.asarray(geometry['stacking_direction']) * sz
    lps[:3, 3] = geometry['origin']
    return np.diag([-1.0, -1.0, 1.0, 1.0]) @ lps


def ultrasound_regions(path):
    """SequenceOfUltrasoundRegions as stratum-cli names the values."""
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    regions = []
    for item in ds.get('SequenceOfUltrasoundRegions', []):
        region = {
            'bounds': [float(item.RegionLocationMinX0), float(item.RegionLocationMinY0),
                       float(item.RegionLocationMaxX1), float(item.RegionLocationMaxY1)],
            'spatial_format': int(item.RegionSpatialFormat),
            'data_type': int(item.RegionDataType),
            'units_x': int(item.PhysicalUnitsXDirection),
            'units_y': int(item.PhysicalUnitsYDirection),
            'physical_delta': [float(item.PhysicalDeltaX), float(item.PhysicalDeltaY)],
        }
        if 'ReferencePixelX0' in item and 'ReferencePixelY0' in item:
            region['reference_pixel'] = [float(item.ReferencePixelX0),
                                         float(item.ReferencePixelY0)]
        regions.append(region)
    frame_time = float(ds.FrameTime) if 'FrameTime' in ds else None
    return regions, frame_time
