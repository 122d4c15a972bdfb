#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end: stratum-cli render on the demo study. Prints TAP.
Usage: test_render_cli.py STRATUM_CLI"""
import os
import shutil
import subprocess
import sys
import tempfile

from PIL import Image

CLI = sys.argv[1]
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
