#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Baseline for bench/run-slice-bench.sh: window/level with numpy.

    numpy_window.py VOLUME.npy CENTER WIDTH RUNS [ZOOM:VIEW_W:VIEW_H:X,Y,W,H ...]

VOLUME.npy is float32 (z, y, x), written by `bench-slice -e`. For every
slice, as bench-slice does: a fresh (y, x, 3) uint8 RGB image through the
DICOM linear VOI function (the same line as stm_window_apply_float: one
multiply-add in float64, clamp to 0..255, truncate), and for each ZOOM the
nearest-neighbour resample of the visible region by np.take, with the
pixel-to-voxel maps computed from the image rectangle X,Y,W,H that
bench-slice prints (the same formula as stm_slice_render_visible).

"wl32" is the same window in float32 arithmetic (faster; may differ by one
grey level where a value falls on a rounding boundary). One warm-up pass,
then RUNS timed passes; prints per stage "result stage=... median_ms=...
p95_ms=... cpu_median_ms=... cpu_p95_ms=... checksum=..." (medians over runs
of the per-run median and p95 per slice, wall clock and thread CPU time;
checksum = sum of every output byte of one pass).
"""
import math
import sys
import time

import numpy as np


def window_line(center, width):
    width = max(width, 1.0)
    if width <= 1.0:
        scale = 1e30
        return scale, -(center - 0.5) * scale
    scale = 255.0 / (width - 1.0)
    return scale, 127.5 - (center - 0.5) * scale


def wl64(values, scale, offset):
    t = values * scale                     # float64 (scale is a Python float)
    t += offset + 0.5
    np.clip(t, 0.0, 255.0, out=t)
    grey = t.astype(np.uint8)
    rgb = np.empty(values.shape + (3,), dtype=np.uint8)
    rgb[...] = grey[..., None]
    return rgb


def wl32(values, scale, offset):
    t = values * np.float32(scale)
    t += np.float32(offset + 0.5)
    np.clip(t, 0.0, 255.0, out=t)
    grey = t.astype(np.uint8)
    rgb = np.empty(values.shape + (3,), dtype=np.uint8)
    rgb[...] = grey[..., None]
    return rgb


def visible_map(origin, step, n_voxels, limit):
    lo = max(math.ceil(origin - 0.5), 0)
    hi = min(math.ceil(origin + step * n_voxels - 0.5) - 1, limit - 1)
    u = np.arange(lo, hi + 1, dtype=np.float64)
    return np.clip(np.floor((u + 0.5 - origin) / step), 0, n_voxels - 1).astype(np.intp)


def visible(rgb, rect, view_w, view_h):
    ny, nx = rgb.shape[:2]
    xmap = visible_map(rect[0], rect[2] / nx, nx, math.ceil(view_w))
    ymap = visible_map(rect[1], rect[3] / ny, ny, math.ceil(view_h))
    # Two takes: faster than one 2-D fancy index (rgb[ymap[:, None], xmap]).
    return rgb.take(ymap, axis=0).take(xmap, axis=1)


def time_stage(volume, runs, prepare):
    """Medians over runs of the per-run median and p95, wall and thread CPU."""
    summary = {"wall": ([], []), "cpu": ([], [])}
    checksum = 0
    for r in range(runs + 1):
        wall, cpu = [], []
        for z in range(volume.shape[0]):
            t0, c0 = time.perf_counter(), time.thread_time()
            out = prepare(volume[z])
            c1, t1 = time.thread_time(), time.perf_counter()
            wall.append((t1 - t0) * 1e3)
            cpu.append((c1 - c0) * 1e3)
            if r == 0:
                checksum += int(out.sum(dtype=np.uint64))
        if r > 0:
            for key, ms in (("wall", wall), ("cpu", cpu)):
                ms.sort()
                summary[key][0].append(float(np.median(ms)))
                summary[key][1].append(ms[max(math.ceil(0.95 * len(ms)), 1) - 1])
    med = {key: (float(np.median(m)), float(np.median(p))) for key, (m, p) in summary.items()}
    return med["wall"], med["cpu"], checksum


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: numpy_window.py VOLUME.npy CENTER WIDTH RUNS [ZOOM:VIEW_W:VIEW_H:X,Y,W,H ...]")
    volume = np.load(sys.argv[1])
    scale, offset = window_line(float(sys.argv[2]), float(sys.argv[3]))
    runs = int(sys.argv[4])
    view_w, view_h = 1024.0, 768.0
    stages = [("wl", 0, lambda s: wl64(s, scale, offset)),
              ("wl32", 0, lambda s: wl32(s, scale, offset))]
    for spec in sys.argv[5:]:
        zoom, view_w, view_h, rect = spec.split(":")
        view_w, view_h = float(view_w), float(view_h)
        rect = [float(v) for v in rect.split(",")]
        stages.append(("wl+visible", zoom,
                       lambda s, rect=rect, w=view_w, h=view_h:
                       visible(wl64(s, scale, offset), rect, w, h)))
    print("# numpy %s, %s, volume %s" % (np.__version__, sys.version.split()[0],
                                         "x".join(map(str, volume.shape))))
    for name, zoom, prepare in stages:
        wall, cpu, checksum = time_stage(volume, runs, prepare)
        print("result stage=%s zoom=%s median_ms=%.4f p95_ms=%.4f cpu_median_ms=%.4f "
              "cpu_p95_ms=%.4f checksum=%d"
              % (name, zoom, wall[0], wall[1], cpu[0], cpu[1], checksum), flush=True)


if __name__ == "__main__":
    main()
