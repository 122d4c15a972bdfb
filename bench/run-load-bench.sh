#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Load benchmark: Stratum (in-process and `stratum-cli export`) against
# `dcm2niix -z n` and pydicom + numpy, on the demo CT and the real CT series.
#
#   bench/run-load-bench.sh [BUILD_DIR]      (default /tmp/bench-build)
#
# BUILD_DIR must be a configured, compiled build (preferably --buildtype=release).
# Every command is run once to warm the page cache before it is timed: the
# numbers are warm-cache numbers.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-/tmp/bench-build}" && pwd)
shared=${STM_SHARED_DATA:-$here/../../shared/data}
ct=$shared/dicom/ct_series
cli=$build/app/stratum-cli
bench=$build/bench/bench-load
python=${STM_PYTHON:-/usr/bin/python3}
n_stm=${N_STM:-5}
n_d2n=${N_D2N:-5}
n_py=${N_PY:-3}

for tool in "$cli" "$bench"; do
  [ -x "$tool" ] || { echo "missing $tool: meson compile -C $build" >&2; exit 1; }
done
command -v dcm2niix >/dev/null || { echo "dcm2niix is not installed" >&2; exit 1; }

demo=$build/bench-data/demo
if [ ! -d "$demo/ct" ]; then
  echo "# generating the demo study in $demo" >&2
  rm -rf "$demo"
  mkdir -p "$demo"
  "$cli" demo -o "$demo" >/dev/null
fi

tmp=$(mktemp -d /tmp/stm-load-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

median () { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now () { date +%s.%N; }

# wall_runs N OUTFILE CMD...: warm up once, then N timed runs; appends
# "wall_s maxrss_kib" lines to OUTFILE.
wall_runs () {
  local n=$1 out=$2; shift 2
  "$@" >/dev/null 2>&1
  : > "$out"
  for ((i = 0; i < n; i++)); do
    local t0 t1
    t0=$(now)
    /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || {
      echo "failed: $*" >&2; cat "$tmp/stderr" >&2; exit 1; }
    t1=$(now)
    echo "$(echo "$t1 - $t0" | bc -l) $(tail -n 1 "$tmp/rss")" >> "$out"
  done
}

field () { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" | head -n 1; }
fmt () { printf '%.3f' "$1"; }
ratio () { echo "$1 / $2" | bc -l | xargs printf '%.1fx'; }

datasets=(
  "demo CT|$demo/ct"
  "ibsi_sts002_ct|$ct/ibsi_sts002_ct"
  "dbdicom_skull_ct_jpegll (JPEG lossless)|$ct/dbdicom_skull_ct_jpegll"
)

echo "# $(date -u '+%F %T UTC'), $(nproc) cores, $(uname -r), build $build ($(meson introspect --buildoptions "$build" 2>/dev/null | "$python" -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo '?'))"
echo "# dcm2niix: $(dcm2niix -v 2>&1 | grep -o 'v1[^ ]*' | head -n 1); pydicom $("$python" -c 'import pydicom; print(pydicom.__version__)'), numpy $("$python" -c 'import numpy; print(numpy.__version__)')"
echo "# warm cache; medians of $n_stm (Stratum, dcm2niix) and $n_py (pydicom) runs"
echo

rows=()
for entry in "${datasets[@]}"; do
  name=${entry%%|*}
  dir=${entry#*|}
  echo "## $name ($dir)" >&2

  "$bench" -n "$n_stm" -w "$ct/pydicom_ct5n_16x16" "$dir" > "$tmp/bench.out"
  cat "$tmp/bench.out" >&2
  res=$(grep '^result' "$tmp/bench.out")
  stm_in=$(field total_s <<< "$res")
  stm_cpu=$(field cpu_per_wall <<< "$res")
  stm_peak=$(field peak_ratio <<< "$res")
  stm_peak_mib=$(echo "$(field peak_above_baseline_bytes <<< "$res") / 1048576" | bc -l)
  vol_mib=$(echo "$(field volume_bytes <<< "$res") / 1048576" | bc -l)
  dims=$(field dims <<< "$res")
  stm_cpu_s=$(field cpu_s <<< "$res")
  # Diagnostic only: the same load with glibc asked to back large blocks with
  # transparent huge pages (fewer page faults on the fresh volume).
  thp=$(GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$bench" -n "$n_stm" -w "$ct/pydicom_ct5n_16x16" "$dir" | grep '^result')
  echo "THP: $thp" >&2
  stm_thp=$(field total_s <<< "$thp")

  wall_runs "$n_stm" "$tmp/export" "$cli" export "$dir" -o "$tmp/x.nii"
  stm_exp=$(cut -d' ' -f1 "$tmp/export" | median)
  stm_exp_rss=$(cut -d' ' -f2 "$tmp/export" | median)
  echo "stratum-cli export: $(tr '\n' ';' < "$tmp/export")" >&2

  mkdir -p "$tmp/d2n"
  wall_runs "$n_d2n" "$tmp/d2n.t" dcm2niix -z n -b n -o "$tmp/d2n" -f x "$dir"
  d2n=$(cut -d' ' -f1 "$tmp/d2n.t" | median)
  d2n_rss=$(cut -d' ' -f2 "$tmp/d2n.t" | median)
  echo "dcm2niix: $(tr '\n' ';' < "$tmp/d2n.t")" >&2

  "$python" "$here/pydicom_stack.py" "$dir" >/dev/null
  : > "$tmp/py.inner"; : > "$tmp/py.whole"; : > "$tmp/py.cpu"
  for ((i = 0; i < n_py; i++)); do
    t0=$(now)
    out=$("$python" "$here/pydicom_stack.py" "$dir")
    t1=$(now)
    field inner_s <<< "$out" >> "$tmp/py.inner"
    field cpu_s <<< "$out" >> "$tmp/py.cpu"
    echo "$t1 - $t0" | bc -l >> "$tmp/py.whole"
  done
  py_in=$(median < "$tmp/py.inner")
  py_whole=$(median < "$tmp/py.whole")
  py_cpu=$(median < "$tmp/py.cpu")
  echo "pydicom inner: $(tr '\n' ' ' < "$tmp/py.inner"); whole: $(tr '\n' ' ' < "$tmp/py.whole")" >&2

  rows+=("| $name | $dims | $(printf '%.1f' "$vol_mib") | $(fmt "$stm_in") | $(fmt "$stm_exp") | $(fmt "$d2n") | $(fmt "$py_in") | $(fmt "$py_whole") | $(ratio "$py_in" "$stm_in") | $(ratio "$py_whole" "$stm_exp") | $(ratio "$d2n" "$stm_exp") | $(printf '%.2f' "$stm_cpu") | $(fmt "$stm_cpu_s") / $(fmt "$py_cpu") | $(fmt "$stm_thp") | $(printf '%.1f' "$stm_peak_mib") MiB = $(printf '%.2f' "$stm_peak")x | $((stm_exp_rss / 1024)) / $((d2n_rss / 1024)) |")
done

echo "| series (warm cache) | dims | volume MiB | Stratum load s (in-process) | stratum-cli export s | dcm2niix -z n s | pydicom load+stack s (in-process) | pydicom s (whole process) | pydicom / Stratum (in-process) | pydicom / Stratum (whole process) | dcm2niix / stratum-cli export | Stratum CPU/wall (in-process) | CPU s Stratum / pydicom (in-process) | Stratum load s, THP malloc (diagnostic) | Stratum peak RSS above baseline (x volume) | max RSS MiB export / dcm2niix |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the $(nproc) cores; CPU s is less sensitive to that than wall s)."
echo "Targets: pydicom / Stratum >= 5x; dcm2niix / stratum-cli export > 1x; CPU/wall near 2 on 2 cores; peak above baseline <= 1.3x volume."
