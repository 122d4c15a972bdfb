#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Baseline for bench/run-load-bench.sh: load a CT series with pydicom + numpy.

Reads every file under DIR, keeps the series with most image files, sorts
the slices by ImagePositionPatient projected on the slice normal, and stacks
them into a float32 volume of modality values (slope/intercept applied).
Prints "result inner_s=... dims=ZxYxX" where inner_s covers read + sort +
stack (interpreter start-up and imports excluded).
"""
import os
import sys
import time

import numpy as np
import pydicom


def load(directory):
    files = []
    for root, _dirs, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            try:
                ds = pydicom.dcmread(path)
            except Exception:  # not DICOM
                continue
            if "PixelData" in ds and "ImagePositionPatient" in ds:
                files.append(ds)
    by_series = {}
    for ds in files:
        by_series.setdefault(ds.SeriesInstanceUID, []).append(ds)
    slices = max(by_series.values(), key=len)

    orientation = np.array(slices[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(orientation[:3], orientation[3:])
    slices.sort(key=lambda ds: float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float))))

    rows, cols = int(slices[0].Rows), int(slices[0].Columns)
    volume = np.empty((len(slices), rows, cols), dtype=np.float32)
    for k, ds in enumerate(slices):
        slope = float(getattr(ds, "RescaleSlope", 1.0))
        intercept = float(getattr(ds, "RescaleIntercept", 0.0))
        pixels = ds.pixel_array.astype(np.float32)
        if slope != 1.0:
            pixels *= slope
        if intercept != 0.0:
            pixels += intercept
        volume[k] = pixels
    return volume


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pydicom_stack.py DIR")
    start, start_cpu = time.perf_counter(), time.process_time()
    volume = load(sys.argv[1])
    inner, inner_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print("result inner_s=%.6f cpu_s=%.6f dims=%s mean=%.3f"
          % (inner, inner_cpu, "x".join(map(str, volume.shape)), float(volume.mean())))


if __name__ == "__main__":
    main()
