#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Slice preparation benchmark: what the viewer does per slice while scrolling
# (window/level of the 512 x 512 slice to RGB, then the crisp nearest-neighbour
# resample of the visible region of a 1024 x 768 view), over the 300 slices of
# the demo CT, on one core, with numpy doing the same as a baseline.
#
#   bench/run-slice-bench.sh [BUILD_DIR]      (default /tmp/slice-bench-build)
#
# BUILD_DIR must be a configured, compiled build (preferably --buildtype=release).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-/tmp/slice-bench-build}" && pwd)
cli=$build/app/stratum-cli
bench=$build/bench/bench-slice
python=${STM_PYTHON:-/usr/bin/python3}
runs=${N_RUNS:-5}
zooms=${ZOOMS:-1,4}
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
one_core=(taskset -c 0)

for tool in "$cli" "$bench"; do
  [ -x "$tool" ] || { echo "missing $tool: meson compile -C $build" >&2; exit 1; }
done
"$python" -c 'import numpy' 2>/dev/null || { echo "numpy is missing: apt-get install -y python3-numpy" >&2; exit 1; }

demo=$build/bench-data/demo
if [ ! -d "$demo/ct" ]; then
  echo "# generating the demo study in $demo" >&2
  rm -rf "$demo"
  mkdir -p "$demo"
  "$cli" demo -o "$demo" >/dev/null
fi

tmp=$(mktemp -d /tmp/stm-slice-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"${one_core[@]}" "$bench" -n "$runs" -z "$zooms" -e "$tmp/ct.npy" "$demo/ct" | tee "$tmp/bench.out" >&2

field () { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" | head -n 1; }
stm () { grep "^result stage=$1 zoom=$2 " "$tmp/bench.out"; }
window=$(grep '^result window=' "$tmp/bench.out" | field window)
specs=()
for z in ${zooms//,/ }; do
  specs+=("$z:1024:768:$(stm wl+visible "$z" | field image_rect)")
done
"${one_core[@]}" "$python" "$here/numpy_window.py" "$tmp/ct.npy" "${window%,*}" "${window#*,}" "$runs" "${specs[@]}" |
  tee "$tmp/py.out" >&2
py () { grep "^result stage=$1 zoom=$2 " "$tmp/py.out"; }

ratio () { echo "$1 / $2" | bc -l | xargs printf '%.1fx'; }
same () { [ "$1" = "$2" ] && echo "equal" || echo "differ ($1 vs $2)"; }
buildtype=$(meson introspect --buildoptions "$build" 2>/dev/null |
  "$python" -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')
echo "# $(date -u '+%F %T UTC'), $(getconf _NPROCESSORS_ONLN) cores (pinned to core 0), $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), build $build ($buildtype)"
echo "# $(head -n 1 "$tmp/bench.out" | sed 's/^# //')"
echo "# $(head -n 1 "$tmp/py.out" | sed 's/^# //'); per slice: median and p95 over the series, median of $runs runs"
echo
echo "| per slice (512 x 512 demo CT, window C/W ${window/,/ / }) | Stratum median ms (CPU) | Stratum p95 ms (CPU) | numpy median ms (CPU) | numpy p95 ms (CPU) | numpy / Stratum (median, CPU) | same output bytes | target < 2 ms |"
echo "|---|---|---|---|---|---|---|---|"
ok () { echo "$1 < 2" | bc -l | sed 's/1/yes/; s/0/no/'; }
pair () { echo "$(field "$1" <<< "$2") ($(field "cpu_$1" <<< "$2"))"; }
cmp_ratio () { echo "$(ratio "$(field median_ms <<< "$2")" "$(field median_ms <<< "$1")") ($(ratio "$(field cpu_median_ms <<< "$2")" "$(field cpu_median_ms <<< "$1")"))"; }
row () {  # row LABEL STRATUM_RESULT NUMPY_RESULT
  local s=$2 p=$3
  echo "| $1 | $(pair median_ms "$s") | $(pair p95_ms "$s") | $(pair median_ms "$p") | $(pair p95_ms "$p") | $(cmp_ratio "$s" "$p") | $(same "$(field checksum <<< "$s")" "$(field checksum <<< "$p")") | $(ok "$(field median_ms <<< "$s")") |"
}
s=$(stm wl 0)
row "window/level -> RGB (stm_slice_render_rgb; numpy in float64)" "$s" "$(py wl 0)"
row "window/level -> RGB (numpy in float32)" "$s" "$(py wl32 0)"
for z in ${zooms//,/ }; do
  s=$(stm wl+visible "$z"); v=$(stm visible "$z")
  row "W/L + visible region at zoom $z (fit = 1): $(field out <<< "$s") px of a 1024 x 768 view" "$s" "$(py wl+visible "$z")"
  echo "| of which the resample alone (stm_slice_render_visible) | $(pair median_ms "$v") | $(pair p95_ms "$v") | | | | | |"
done
echo
echo "Wall-clock p95 includes time the core spent on other processes; the CPU figures (the thread's own CPU time) do not."
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
