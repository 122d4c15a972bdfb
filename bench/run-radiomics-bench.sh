#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Radiomics benchmark: the full IBSI feature set (3D) on the demo CT's lesion
# and on a 64^3 cube, on one core, with scikit-image's GLCM as a baseline for
# the GLCM part.
#
#   bench/run-radiomics-bench.sh [BUILD_DIR]      (default /tmp/rbench-build)
#
# BUILD_DIR must be a configured, compiled build (preferably --buildtype=release).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-/tmp/rbench-build}" && pwd)
cli=$build/app/stratum-cli
bench=$build/bench/bench-radiomics
python=${STM_PYTHON:-/usr/bin/python3}
runs=${N_RUNS:-5}
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
one_core=(taskset -c 0)

for tool in "$cli" "$bench"; do
  [ -x "$tool" ] || { echo "missing $tool: meson compile -C $build" >&2; exit 1; }
done
"$python" -c 'import skimage' 2>/dev/null ||
  { echo "scikit-image is missing: apt-get install -y python3-skimage" >&2; exit 1; }

demo=$build/bench-data/demo
if [ ! -d "$demo/ct" ]; then
  echo "# generating the demo study in $demo" >&2
  rm -rf "$demo"
  mkdir -p "$demo"
  "$cli" demo -o "$demo" >/dev/null
fi

tmp=$(mktemp -d /tmp/stm-radiomics-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"${one_core[@]}" "$bench" -n "$runs" -e "$tmp/lesion.npy" "$demo/ct" | tee "$tmp/bench.out" >&2
"${one_core[@]}" "$python" "$here/skimage_glcm.py" "$tmp/lesion.npy" "$runs" | tee "$tmp/sk.out" >&2

field () { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" | head -n 1; }
row () { grep "^result row=$1 " "$tmp/bench.out"; }
mib () { echo "$1 / 1048576" | bc -l | xargs printf '%.1f'; }
ms () { echo "$1 * 1000" | bc -l | xargs printf '%.0f'; }

buildtype=$(meson introspect --buildoptions "$build" 2>/dev/null |
  "$python" -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')
echo "# $(date -u '+%F %T UTC'), $(nproc) cores (pinned to core 0), $(uname -r), build $build ($buildtype)"
echo "# $(head -n 1 "$tmp/bench.out" | sed 's/^# //'); medians of $runs runs after one warm-up"
echo "# 3D features, FBS 25 HU on [-1000, 400]; peak = max over runs of VmHWM - VmRSS before the call"
echo
echo "| ROI | ROI voxels | bounding box | grey levels | features | wall ms | CPU ms | peak above baseline MiB | peak / bbox (bytes per bbox voxel) | peak / whole volume | target < 500 ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for r in lesion lesion+interp1mm cube64 cube64+interp1mm; do
  res=$(row "$r")
  peak=$(field peak_above_baseline_bytes <<< "$res")
  box=$(field bbox_voxels <<< "$res")
  vol=$(field volume_bytes <<< "$res")
  wall=$(field wall_s <<< "$res")
  ok=$(echo "$wall < 0.5" | bc -l | sed 's/1/yes/; s/0/no/')
  echo "| $r | $(field roi_voxels <<< "$res") | $(field bbox <<< "$res") | $(field n_levels <<< "$res") | $(field n_features <<< "$res") | $(ms "$wall") | $(ms "$(field cpu_s <<< "$res")") | $(mib "$peak") | $(echo "$peak / $box" | bc -l | xargs printf '%.1f') | $(echo "$peak / $vol" | bc -l | xargs printf '%.3f')x | $ok |"
done
echo
sk=$(grep '^result' "$tmp/sk.out")
g2d=$(row lesion-glcm2d)
fam=$(row lesion-glcm-family-2d)
echo "GLCM on the lesion's discretised ROI ($(field shape <<< "$sk") z,y,x; $(field n_levels <<< "$sk") levels), one core:"
echo
echo "| what | computes | wall ms | CPU ms | symmetric pair count |"
echo "|---|---|---|---|---|"
echo "| scikit-image $(field skimage <<< "$sk") | per slice: graycomatrix (d=1, 4 angles, symmetric, N+1 levels, row/col 0 dropped) + graycoprops x 4 properties | $(ms "$(field wall_s <<< "$sk")") | $(ms "$(field cpu_s <<< "$sk")") | $(field glcm_pairs <<< "$sk") |"
echo "| Stratum, same matrices | per slice and direction: stm_glcm_accumulate (d=1, symmetric) + stm_glcm_matrix_features (25 features) | $(ms "$(field wall_s <<< "$g2d")") | $(ms "$(field cpu_s <<< "$g2d")") | $(field glcm_pairs <<< "$g2d") |"
echo "| Stratum GLCM family, 2d config | stm_glcm_features: BTW3, SUJT, JJUI, ZW7Z x 25 features | $(ms "$(field wall_s <<< "$fam")") | $(ms "$(field cpu_s <<< "$fam")") | |"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
