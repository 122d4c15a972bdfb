#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end: stratum-cli render on the demo study and real ultrasound.
Prints TAP. Usage: test_render_cli.py STRATUM_CLI

Expected pictures are computed here with numpy, nibabel and pydicom, not
taken from Stratum: label contours from the mask array, the fill from the
documented blend (alpha A = round(255 * 0.35), premultiplied colour
round(c * A / 255) plus round(below * (255 - A) / 255)), cine frames from
pydicom's decoding."""
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

CLI = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/data"
US_CINE = os.path.join(SHARED, "dicom", "us", "IM00001.implicit_little_endian.dcm")
OPACITY = 0.35
results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


def check_png(path, name):
    with Image.open(path) as im:
        im = im.convert("RGB")
        check(name + ": 64 x 64", im.size == (64, 64), str(im.size))
        pixels = list(im.getdata())
    greys = {p[0] for p in pixels if p[0] == p[1] == p[2]}
    check(name + ": grey", len(greys) == len(set(pixels)))
    check(name + ": not blank (several grey levels)", len(greys) >= 8, str(len(greys)))
    return pixels


def main(tmp):
    demo = os.path.join(tmp, "demo")
    r = run("demo", "-o", demo, "--size", "64", "--slices", "8", "--frames", "2")
    check("demo exits 0", r.returncode == 0, r.stderr)
    out = os.path.join(tmp, "out.png")
    r = run("render", os.path.join(demo, "ct"), "--window", "40,400", "-o", out)
    check("render --window 40,400 exits 0", r.returncode == 0, r.stderr)
    soft = check_png(out, "soft tissue window") if r.returncode == 0 else []
    lung_png = os.path.join(tmp, "lung.png")
    r = run("render", os.path.join(demo, "ct"), "--slice", "4", "--window", "-600,1500",
            "-o", lung_png)
    check("render --slice 4 --window -600,1500 exits 0", r.returncode == 0, r.stderr)
    if r.returncode == 0 and soft:
        lung = check_png(lung_png, "lung window")
        check("another window changes the picture", lung != soft)
    r = run("render", os.path.join(demo, "ct"), "-o", os.path.join(tmp, "preset.png"))
    check("render with the file's preset exits 0", r.returncode == 0, r.stderr)
    for bad in ("40", "40,0", "a,b", "40,400,1"):
        r = run("render", os.path.join(demo, "ct"), "--window", bad, "-o", out)
        check("--window %s is a usage error (exit 2)" % bad, r.returncode == 2, r.stderr)
    r = run("render", os.path.join(demo, "ct"), "--slice", "99", "-o", out)
    check("--slice 99 of 8 fails with exit 1", r.returncode == 1 and
          r.stderr.count("\n") == 1, r.stderr)
    r = run("render", os.path.join(demo, "ct"))
    check("no -o is a usage error", r.returncode == 2, r.stderr)
    for bad in (("--slice", "0"), ("--frame", "0"), ("--slice", "-3"),
                ("--slice", "2", "--frame", "2")):
        r = run("render", os.path.join(demo, "ct"), *bad, "-o", out)
        check("%s is a usage error (exit 2)" % " ".join(bad), r.returncode == 2, r.stderr)
    r = run("render", os.path.join(demo, "ct"), "--frame", "2", "-o", out)
    check("--frame of a stack of slices fails with one sentence naming --slice",
          r.returncode == 1 and r.stderr.count("\n") == 1 and "--slice" in r.stderr, r.stderr)
    check_overlays(tmp)
    check_label_map(demo, tmp)
    check_cine_frame(tmp)
    check_errors(demo, tmp)


def load_rgb(path):
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).astype(np.int64)


def check_overlays(tmp):
    """The overlays are drawn by default, and only then: on a 256-pixel
    picture, where the corners leave the middle free."""
    demo = os.path.join(tmp, "demo256")
    r = run("demo", "-o", demo, "--size", "256", "--slices", "8", "--frames", "2")
    check("demo --size 256 exits 0", r.returncode == 0, r.stderr)
    plain, annotated = os.path.join(tmp, "plain.png"), os.path.join(tmp, "annotated.png")
    r1 = run("render", os.path.join(demo, "ct"), "--no-overlays", "-o", plain)
    r2 = run("render", os.path.join(demo, "ct"), "-o", annotated)
    check("render --no-overlays exits 0", r1.returncode == 0, r1.stderr)
    check("render with overlays exits 0", r2.returncode == 0, r2.stderr)
    if r1.returncode or r2.returncode:
        return
    a, b = load_rgb(plain), load_rgb(annotated)
    check("overlays keep the size", a.shape == b.shape, "%s %s" % (a.shape, b.shape))
    if a.shape != b.shape:
        return
    changed = np.any(a != b, axis=2)
    white = np.all(b == 255, axis=2) & changed
    check("overlays draw white text and marks over the image", white.sum() >= 20,
          str(white.sum()))
    # The scale bar and the markers sit near the edges, not over the middle.
    h, w = changed.shape
    check("the middle of the image is left alone",
          not changed[h // 3: 2 * h // 3, w // 3: 2 * w // 3].any())
    check("an orientation marker at the middle of the left edge",
          white[h // 2 - 8: h // 2 + 8, : w // 10].any())
    check("a scale bar or text in the bottom-right corner",
          white[h - h // 8:, w - w // 3:].any())


def blend(below, colour):
    alpha = int(round(OPACITY * 255))
    premultiplied = np.rint(np.asarray(colour, dtype=np.float64) * alpha / 255)
    return premultiplied + np.rint(below * (255 - alpha) / 255)


def contour_mask(labels):
    """Voxels of a label with a 4-neighbour of another value or the edge."""
    padded = np.pad(labels, 1, constant_values=-1)
    centre = padded[1:-1, 1:-1]
    edge = np.zeros(labels.shape, dtype=bool)
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        edge |= padded[1 + dy: padded.shape[0] - 1 + dy, 1 + dx: padded.shape[1] - 1 + dx] != centre
    return edge & (labels > 0)


def write_labels(exported, path):
    """Three labels on slice 4 (index 3) of the exported CT grid: a block,
    a ring touching it and a single voxel at the image corner."""
    import nibabel as nib

    image = nib.load(exported)
    nx, ny, nz = image.shape[:3]
    labels = np.zeros((nx, ny, nz), dtype=np.uint8)
    labels[10:30, 12:25, 3] = 1                  # [i, j, k]
    labels[30:40, 12:30, 3] = 3
    labels[33:37, 17:24, 3] = 0                  # a hole in label 3
    labels[0, 0, 3] = 7
    labels[5:9, 40:50, 2] = 1                    # another slice: not drawn
    nib.save(nib.Nifti1Image(labels, image.affine), path)
    return labels


def check_label_map(demo, tmp):
    exported = os.path.join(tmp, "ct.nii.gz")
    r = run("export", os.path.join(demo, "ct"), "-o", exported)
    check("export the CT grid as NIfTI", r.returncode == 0, r.stderr)
    if r.returncode:
        return
    mask = os.path.join(tmp, "labels.nii.gz")
    labels = write_labels(exported, mask)
    base_png, masked_png = os.path.join(tmp, "base.png"), os.path.join(tmp, "masked.png")
    r1 = run("render", os.path.join(demo, "ct"), "--slice", "4", "--no-overlays", "-o", base_png)
    r2 = run("render", os.path.join(demo, "ct"), "--slice", "4", "--no-overlays",
             "--mask", mask, "-o", masked_png)
    check("render --mask LABELS exits 0", r1.returncode == 0 and r2.returncode == 0,
          r1.stderr + r2.stderr)
    if r1.returncode or r2.returncode:
        return
    base, masked = load_rgb(base_png), load_rgb(masked_png)
    # Pixel (u, v) shows voxel (i, j) = (u, v) on the demo's square pixels.
    slice_labels = labels[:, :, 3].T.astype(np.int64)      # [j, i]
    check("mask render is the slice's size", masked.shape[:2] == slice_labels.shape,
          "%s %s" % (masked.shape, slice_labels.shape))
    if masked.shape[:2] != slice_labels.shape:
        return
    edge = contour_mask(slice_labels)
    colours = {}
    for value in (1, 3, 7):
        on_edge = masked[edge & (slice_labels == value)]
        distinct = {tuple(p) for p in on_edge}
        check("label %d: one contour colour" % value, len(distinct) == 1, str(distinct))
        colours[value] = next(iter(distinct))
    check("three distinct label colours", len(set(colours.values())) == 3, str(colours))
    check("label 1 is red", colours[1] == (255, 0, 0), str(colours[1]))
    outside = slice_labels == 0
    check("no change outside the labels", np.array_equal(masked[outside], base[outside]),
          str(np.argwhere(np.any(masked != base, axis=2) & outside)[:5]))
    for value in (1, 3):
        inside = (slice_labels == value) & ~edge
        expected = blend(base[inside], colours[value])
        check("label %d: interior is the %.0f %% blend" % (value, OPACITY * 100),
              inside.any() and np.array_equal(masked[inside], expected),
              str(np.abs(masked[inside] - expected).max() if inside.any() else "empty"))


def check_cine_frame(tmp):
    if not os.path.exists(US_CINE):
        # Under CI the shared data must be there.
        check("# SKIP real ultrasound cine not found", os.environ.get("CI") != "true", US_CINE)
        return
    import warnings

    import pydicom

    warnings.simplefilter("ignore", UserWarning)   # pydicom on the file's charset name

    frames = pydicom.dcmread(US_CINE).pixel_array          # (frames, rows, cols, 3)
    out = os.path.join(tmp, "frame.png")
    for frame in (1, 5, frames.shape[0]):
        r = run("render", US_CINE, "--frame", str(frame), "--no-overlays", "-o", out)
        check("render --frame %d of the ultrasound cine exits 0" % frame, r.returncode == 0,
              r.stderr)
        if r.returncode:
            continue
        picture = load_rgb(out)
        expected = frames[frame - 1].astype(np.int64)
        check("--frame %d is the frame pydicom decodes" % frame,
              picture.shape == expected.shape and np.array_equal(picture, expected),
              "%s %s" % (picture.shape, expected.shape))
    r = run("render", US_CINE, "--frame", str(frames.shape[0] + 1), "-o", out)
    check("--frame past the last fails with one sentence", r.returncode == 1 and
          r.stderr.count("\n") == 1, r.stderr)
    r = run("render", US_CINE, "--frame", "2", "-o", out)
    check("the cine renders with overlays", r.returncode == 0, r.stderr)
    r = run("render", US_CINE, "--slice", "2", "-o", out)
    check("--slice of a cine fails with one sentence naming --frame",
          r.returncode == 1 and r.stderr.count("\n") == 1 and "--frame" in r.stderr, r.stderr)


def check_errors(demo, tmp):
    import nibabel as nib

    out = os.path.join(tmp, "error.png")
    wrong = os.path.join(tmp, "wrong-grid.nii.gz")
    nib.save(nib.Nifti1Image(np.ones((10, 10, 4), dtype=np.uint8), np.eye(4)), wrong)
    cases = [
        ("a mask on the wrong grid", ("--mask", wrong), "grid"),
        ("a missing mask", ("--mask", os.path.join(tmp, "missing.nii.gz")), ""),
    ]
    for name, extra, word in cases:
        r = run("render", os.path.join(demo, "ct"), *extra, "-o", out)
        check(name + " fails with one sentence", r.returncode == 1 and
              r.stderr.count("\n") == 1 and word in r.stderr and not os.path.exists(out),
              r.stderr)
    fractional = os.path.join(tmp, "fractional.nii.gz")
    exported = os.path.join(tmp, "ct.nii.gz")
    if os.path.exists(exported):
        grid = nib.load(exported)
        nib.save(nib.Nifti1Image(np.full(grid.shape[:3], 0.5, dtype=np.float32), grid.affine),
                 fractional)
        r = run("render", os.path.join(demo, "ct"), "--mask", fractional, "-o", out)
        check("a mask of fractions fails with one sentence", r.returncode == 1 and
              r.stderr.count("\n") == 1 and "0.5" in r.stderr, r.stderr)
    r = run("render", os.path.join(tmp, "no-such-study"), "-o", out)
    check("a missing image fails with one sentence", r.returncode == 1 and
          r.stderr.count("\n") == 1, r.stderr)


if __name__ == "__main__":
    tmp = tempfile.mkdtemp(prefix="stratum-render-")
    try:
        main(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % len(results))
    for n, (name, ok, detail) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
        if not ok and detail:
            for line in str(detail).splitlines():
                print("# " + line)
    sys.exit(0 if all(ok for _, ok, _ in results) else 1)
