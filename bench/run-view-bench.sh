#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Slice view benchmark: StmSliceView (1024 x 768) scrolling through the demo
# CT one slice per frame under Xvfb, with the cairo renderer and with GTK's
# default renderer (GL; under Xvfb that is Mesa's llvmpipe, software GL on the
# CPU), at fit and magnified; and the memory the viewer holds, against the
# volume's own size.
#
#   bench/run-view-bench.sh [BUILD_DIR]      (default /tmp/view-bench-build)
#
# BUILD_DIR must be a configured, compiled build (preferably --buildtype=release).
# Xvfb has no display refresh: GTK paces frames with a 60 Hz timer, so fps
# cannot exceed about 60 and "work" (the main thread's time per frame) shows
# the headroom.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-/tmp/view-bench-build}" && pwd)
cli=$build/app/stratum-cli
bench=$build/bench/bench-slice-view
passes=${N_PASSES:-3}
zooms=${ZOOMS:-1 4}
renderers=${RENDERERS:-cairo default}
overlays=${OVERLAYS:-on off}   # "off" rows are diagnostics: the slice alone
# BENCH_ARGS=-A: glibc's default allocator instead of the application's tuning.

for tool in "$cli" "$bench"; do
  [ -x "$tool" ] || { echo "missing $tool: meson compile -C $build" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "xvfb-run is not installed" >&2; exit 1; }

demo=$build/bench-data/demo
if [ ! -d "$demo/ct" ]; then
  echo "# generating the demo study in $demo" >&2
  rm -rf "$demo"
  mkdir -p "$demo"
  "$cli" demo -o "$demo" >/dev/null
fi

tmp=$(mktemp -d /tmp/stm-view-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

field () { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" | head -n 1; }
run () {  # run RENDERER ZOOM OVERLAYS OUTFILE
  local env=(env -u GSK_RENDERER GTK_A11Y=none NO_AT_BRIDGE=1)
  [ "$1" = default ] || env+=(GSK_RENDERER="$1")
  xvfb-run -a -s '-screen 0 1280x1024x24' "${env[@]}" \
    "$bench" -p "$passes" -z "$2" $([ "$3" = on ] || echo -O) ${BENCH_ARGS:-} "$demo/ct" > "$4" 2> "$4.err" ||
    { echo "failed: $1 zoom $2 overlays $3" >&2; cat "$4" "$4.err" >&2; exit 1; }
  cat "$4" >&2
  grep -v '^$' "$4.err" >&2 || true
}

rows=()
mem_rows=()
for o in $overlays; do
for r in $renderers; do
  for z in $zooms; do
    out=$tmp/$r-$z-$o
    run "$r" "$z" "$o" "$out"
    res=$(grep '^result' "$out")
    gl=$(field gl <<< "$res" | tr _ ' ')
    name="$(field renderer <<< "$res")"
    [ "$gl" = - ] || name="$name (GL: $gl)"
    [ "$r" = default ] && name="default: $name"
    rows+=("| $name | $z | $o | $(field interval_ms <<< "$res") | $(field interval_p95_ms <<< "$res") | $(field fps <<< "$res") | $(field slow_frames <<< "$res") / $(field frames <<< "$res") | $(field work_ms <<< "$res") ($(field work_cpu_ms <<< "$res")) | $(field work_p95_ms <<< "$res") ($(field work_cpu_p95_ms <<< "$res")) | $(field process_cpu_per_frame_ms <<< "$res") | $(field x_server_cpu_per_frame_ms <<< "$res") | $(field snapshot_ms <<< "$res") ($(field snapshot_cpu_ms <<< "$res")) | $(field snapshot_p95_ms <<< "$res") ($(field snapshot_cpu_p95_ms <<< "$res")) |")
    vol=$(field volume_bytes <<< "$res")
    [ "$o" = on ] && mem_rows+=("| $name | $z | $(echo "$vol / 1048576" | bc -l | xargs printf '%.1f') | $(field loaded_ratio <<< "$res")x | $(field load_peak_ratio <<< "$res")x | $(field scroll_peak_ratio <<< "$res")x |")
  done
done
done

buildtype=$(meson introspect --buildoptions "$build" 2>/dev/null |
  /usr/bin/python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?')
echo "# $(date -u '+%F %T UTC'), $(getconf _NPROCESSORS_ONLN) cores, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), build $build ($buildtype), GTK $(pkg-config --modversion gtk4)"
echo "# Xvfb 1280x1024x24 (no GPU, frames paced by GTK's 60 Hz timer); StmSliceView 1024 x 768, demo CT 512 x 512 x 300, one slice per frame, $passes passes after one warm-up pass"
echo
echo "| renderer (under Xvfb) | zoom (fit = 1) | overlays | frame interval median ms | p95 ms | fps (1000 / median interval) | frames > 1.5 refresh intervals | main-thread work per frame median ms (CPU) | p95 ms (CPU) | process CPU per frame ms (all threads, mean) | Xvfb CPU per frame ms (mean) | view snapshot median ms (CPU) | p95 ms (CPU) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "| renderer | zoom | volume MiB (512 x 512 x 300 x 4 B) | RSS above baseline after loading | peak while loading | peak while scrolling (target <= 1.5x) |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${mem_rows[@]}"
echo
echo "Work: before-paint to the end of the paint phase (update, layout, snapshot, GSK render) on the main thread; CPU = that thread's CPU time, which leaves out time the cores spent on other processes. The Xvfb server's CPU (receiving and storing each frame) is its own column, from /proc/PID/stat."
echo "Baseline: VmRSS with the window shown and the view empty. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
