# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent check of the synthetic demo study with pydicom.

Usage: demo_check.py DIR SLICES SIZE FRAMES LESION_HU VOLUME_MM3 CX CY CZ A B C

CX CY CZ and A B C are the lesion ellipsoid's centre and semi-axes (LPS mm).
Prints one "ok ..." line; exits non-zero with the reason on stderr otherwise.
"""
import os
import sys

import numpy as np
import pydicom
from pydicom.tag import Tag

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
US_MULTIFRAME_STORAGE = "1.2.840.10008.5.1.4.1.1.3.1"
EXPLICIT_LE = "1.2.840.10008.1.2.1"


def fail(message):
    sys.stderr.write("demo_check: " + message + "\n")
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def check_common(ds, name):
    expect(ds.file_meta.TransferSyntaxUID == EXPLICIT_LE, f"{name}: not Explicit VR Little Endian")
    expect(ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID, f"{name}: file meta")
    expect(str(ds.PatientName) == "STRATUM^DEMO", f"{name}: PatientName {ds.PatientName}")
    expect(ds.PatientID == "STRATUM-DEMO-0001", f"{name}: PatientID")
    expect(ds.StudyDescription == "Synthetic breast phantom", f"{name}: StudyDescription")
    for uid in (ds.SOPInstanceUID, ds.StudyInstanceUID, ds.SeriesInstanceUID,
                ds.FrameOfReferenceUID):
        expect(len(uid) <= 64 and uid.is_valid, f"{name}: invalid UID {uid}")


def check_ct(folder, slices, size, lesion_hu, volume, centre, semi):
    names = sorted(os.listdir(folder))
    expect(names == ["CT%04d.dcm" % (k + 1) for k in range(slices)],
           f"CT file names: {names[:3]}... ({len(names)})")
    hu = np.empty((slices, size, size), dtype=np.int32)
    z = np.empty(slices)
    first = None
    for k, name in enumerate(names):
        ds = pydicom.dcmread(os.path.join(folder, name))
        check_common(ds, name)
        expect(ds.SOPClassUID == CT_IMAGE_STORAGE and ds.Modality == "CT", f"{name}: not CT")
        expect((ds.Rows, ds.Columns) == (size, size), f"{name}: {ds.Rows} x {ds.Columns}")
        expect((ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation)
               == (16, 16, 15, 1), f"{name}: pixel format")
        expect(ds.SamplesPerPixel == 1 and ds.PhotometricInterpretation == "MONOCHROME2",
               f"{name}: photometric")
        expect(float(ds.RescaleSlope) == 1 and float(ds.RescaleIntercept) == -1024,
               f"{name}: rescale")
        expect([float(v) for v in ds.ImageOrientationPatient] == [1, 0, 0, 0, 1, 0],
               f"{name}: orientation")
        expect(ds.SeriesDescription == "Chest CT (synthetic)", f"{name}: SeriesDescription")
        expect(list(ds.WindowCenter) == [40, -600] and list(ds.WindowWidth) == [400, 1500],
               f"{name}: window presets")
        expect(list(ds.WindowCenterWidthExplanation) == ["SOFT TISSUE", "LUNG"],
               f"{name}: window names")
        # Instance 1 is the most superior slice: numbers descend with the file names.
        expect(int(ds.InstanceNumber) == slices - k, f"{name}: InstanceNumber {ds.InstanceNumber}")
        if first is None:
            first = ds
        else:
            for key in ("StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID"):
                expect(getattr(ds, key) == getattr(first, key), f"{name}: {key} differs")
            expect(ds.PixelSpacing == first.PixelSpacing, f"{name}: PixelSpacing differs")
            expect(ds.ImagePositionPatient[:2] == first.ImagePositionPatient[:2],
                   f"{name}: x, y position differs")
        z[k] = float(ds.ImagePositionPatient[2])
        hu[k] = ds.pixel_array.astype(np.int32) * int(ds.RescaleSlope) + int(ds.RescaleIntercept)

    dz = float(first.SliceThickness)
    steps = np.diff(z)
    expect(np.all(np.abs(steps - dz) < 1e-6), f"slice steps {steps.min()}..{steps.max()} != {dz}")
    row_mm, col_mm = (float(v) for v in first.PixelSpacing)
    x0, y0 = (float(v) for v in first.ImagePositionPatient[:2])

    # Voxel centres in LPS, computed the way the writer does: origin + index * spacing.
    x = x0 + np.arange(size, dtype=np.float64) * col_mm
    y = y0 + np.arange(size, dtype=np.float64) * row_mm
    a = (x - centre[0]) / semi[0]
    b = (y - centre[1]) / semi[1]
    c = (z - centre[2]) / semi[2]
    r2 = a[None, None, :] * a[None, None, :] + b[None, :, None] * b[None, :, None]
    r2 = r2 + c[:, None, None] * c[:, None, None]
    inside = r2 <= 1.0
    by_value = hu == lesion_hu

    n = int(inside.sum())
    expect(n > 50, f"only {n} lesion voxels")
    expect(np.all(hu[inside] == lesion_hu),
           f"{int((hu[inside] != lesion_hu).sum())} lesion voxels are not {lesion_hu} HU")
    differ = inside != by_value
    expect(np.all(np.abs(r2[differ] - 1.0) < 1e-9),
           f"{int(differ.sum())} voxels hold {lesion_hu} HU outside the lesion")
    expect(not (inside[0].any() or inside[-1].any() or inside[:, 0].any()
                or inside[:, -1].any() or inside[:, :, 0].any() or inside[:, :, -1].any()),
           "the lesion touches the edge of the volume")
    measured = n * row_mm * col_mm * dz
    expect(abs(measured - volume) <= 1e-9 * volume,
           f"lesion volume {measured} mm3 != {volume} mm3")
    expect(hu[inside].mean() == lesion_hu, "lesion mean HU")

    # Air in a corner: -1000 HU with noise of about 10 HU.
    corner = hu[:, :size // 8, :size // 8]
    expect(abs(corner.mean() + 1000) < 2 and 7 < corner.std() < 13,
           f"air {corner.mean():.1f} +- {corner.std():.1f} HU")
    expect(hu.min() >= -1100 and hu.max() <= 800, f"HU range {hu.min()}..{hu.max()}")
    return first, n


def check_us(folder, frames, ct):
    names = sorted(os.listdir(folder))
    expect(names == ["US0001.dcm"], f"US file names: {names}")
    ds = pydicom.dcmread(os.path.join(folder, names[0]))
    check_common(ds, names[0])
    expect(ds.SOPClassUID == US_MULTIFRAME_STORAGE and ds.Modality == "US", "US: SOP class")
    expect(ds.StudyInstanceUID == ct.StudyInstanceUID, "US: not in the CT's study")
    expect(ds.SeriesInstanceUID != ct.SeriesInstanceUID, "US: same series as the CT")
    expect(ds.FrameOfReferenceUID != ct.FrameOfReferenceUID, "US: same frame of reference")
    expect(ds.SeriesDescription == "Breast ultrasound cine (synthetic)", "US: SeriesDescription")
    expect((ds.Rows, ds.Columns, int(ds.NumberOfFrames)) == (480, 640, frames),
           f"US: {ds.Rows} x {ds.Columns} x {ds.NumberOfFrames}")
    expect((ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration)
           == (3, "RGB", 0), "US: colour format")
    expect((ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation) == (8, 8, 7, 0),
           "US: pixel format")
    expect(float(ds.FrameTime) == 50 and int(ds.CineRate) == 20, "US: frame time")
    expect(Tag(ds.FrameIncrementPointer) == Tag(0x0018, 0x1063), "US: FrameIncrementPointer")

    regions = ds.SequenceOfUltrasoundRegions
    expect(len(regions) == 1, f"US: {len(regions)} regions")
    r = regions[0]
    expect((r.RegionSpatialFormat, r.RegionDataType) == (1, 1), "US: region type")
    box = (r.RegionLocationMinX0, r.RegionLocationMinY0,
           r.RegionLocationMaxX1, r.RegionLocationMaxY1)
    expect(box == (80, 60, 559, 439), f"US: region {box}")
    expect((r.PhysicalUnitsXDirection, r.PhysicalUnitsYDirection) == (3, 3), "US: units")
    expect(abs(r.PhysicalDeltaX - 0.01) < 1e-12 and abs(r.PhysicalDeltaY - 0.01) < 1e-12,
           "US: physical delta")
    expect(0 <= r.ReferencePixelX0 <= box[2] - box[0] and
           0 <= r.ReferencePixelY0 <= box[3] - box[1], "US: reference pixel")

    px = ds.pixel_array
    expect(px.shape == (frames, 480, 640, 3) and px.dtype == np.uint8, f"US: shape {px.shape}")
    inside = px[:, box[1]:box[3] + 1, box[0]:box[2] + 1].astype(np.int32)
    grey = (inside[..., 0] == inside[..., 1]) & (inside[..., 1] == inside[..., 2])
    expect(grey.all(), "US: colour inside the B-mode region")
    expect((inside[..., 0] > 0).mean() > 0.4, "US: the fan is mostly dark")
    outside = px.astype(np.int32).copy()
    outside[:, box[1]:box[3] + 1, box[0]:box[2] + 1] = 0
    coloured = (outside[..., 0] != outside[..., 2]).sum(axis=(1, 2))
    expect(np.all(coloured > 100), "US: no colour annotation outside the region")
    if frames > 1:
        expect(np.any(px[0] != px[frames // 2]), "US: frames do not change")


def main():
    if len(sys.argv) != 13:
        fail(__doc__)
    folder = sys.argv[1]
    slices, size, frames = (int(v) for v in sys.argv[2:5])
    lesion_hu = int(float(sys.argv[5]))
    volume = float(sys.argv[6])
    centre = [float(v) for v in sys.argv[7:10]]
    semi = [float(v) for v in sys.argv[10:13]]

    ct, n = check_ct(os.path.join(folder, "ct"), slices, size, lesion_hu, volume, centre, semi)
    check_us(os.path.join(folder, "us"), frames, ct)
    print(f"ok {slices} CT slices, {n} lesion voxels, {volume:.3f} mm3, {frames} US frames")


if __name__ == "__main__":
    main()
