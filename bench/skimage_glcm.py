#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Baseline for the GLCM part of bench-radiomics: scikit-image on the same
discretised ROI (int32 .npy, levels 1..N inside, 0 outside, shape nz, ny, nx).

Per z-slice: graycomatrix at distance 1 with the 4 angles 0, 45, 90, 135
degrees, symmetric, levels N+1; row and column 0 (pairs touching a voxel
outside the ROI) are dropped, as IBSI counts only pairs inside; then
graycoprops for contrast, correlation, energy and homogeneity on each of the
4 matrices. skimage is 2D only, so this matches Stratum's per-slice,
per-direction matrices (the BTW3 aggregation), not the 3D ones.

Prints one "result" line: median wall and CPU seconds of N runs, and the
total pair count (symmetric) for a cross-check against Stratum.
"""
import sys
import time

import numpy as np
from skimage.feature import graycomatrix, graycoprops

PROPS = ("contrast", "correlation", "energy", "homogeneity")
ANGLES = [0, np.pi / 4, np.pi / 2, 3 * np.pi / 4]


def glcm_slices(levels, n_levels):
    pairs = 0
    for z in range(levels.shape[0]):
        plane = levels[z]
        if not plane.any():
            continue
        m = graycomatrix(plane, [1], ANGLES, levels=n_levels + 1, symmetric=True,
                         normed=False)[1:, 1:, :, :]
        pairs += int(m.sum())
        for prop in PROPS:
            graycoprops(m, prop)
    return pairs


def main():
    path, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    levels = np.load(path).astype(np.uint16)
    n_levels = int(levels.max())
    pairs = glcm_slices(levels, n_levels)
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        glcm_slices(levels, n_levels)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    import skimage
    print(f"result wall_s={np.median(wall):.4f} cpu_s={np.median(cpu):.4f} "
          f"glcm_pairs={pairs} n_levels={n_levels} shape={'x'.join(map(str, levels.shape))} "
          f"skimage={skimage.__version__} numpy={np.__version__}")


if __name__ == "__main__":
    main()
