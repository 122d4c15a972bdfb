#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Cox benchmark: stm_cox_fit (bench-cox) against R's survival::coxph, both
# with Efron ties and default convergence control, on the Rotterdam cohort
# (RFS endpoint) and on synthetic cohorts of n = 50k, 100k, 200k, 400k
# patients x p = 50 standard-normal covariates (fixed seed), in the same run.
#
#   bench/run-cox-bench.sh [BUILD_DIR]      (default /tmp/coxbench-build)
#
# BUILD_DIR must be a configured, compiled build (--buildtype=release).
# Environment: RUNS (timed fits per tool and data set, 5), SIZES ("50000
# 100000 200000 400000"; empty for Rotterdam only), P (50), SEED (20240601).
#
# Rotterdam: time = rfstime = ifelse(recur == 1, rtime, dtime), event =
# rfs = pmax(recur, death); 10 covariates age, size20_50, size_gt50 (dummies
# of the text column size against "<=20"), nodes, grade, er, pgr, hormon,
# chemo, meno. Both tools read the same derived CSV; the synthetic CSV is
# written by bench-cox and read by R.
#
# Prints a Markdown table of median wall times (and median CPU times, all
# threads) and the maximum relative difference of the coefficients.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-/tmp/coxbench-build}" && pwd)
shared=${STM_SHARED_DATA:-$here/../../shared/data}
bench=$build/bench/bench-cox
runs=${RUNS:-5}
sizes=${SIZES-"50000 100000 200000 400000"}
p=${P:-50}
seed=${SEED:-20240601}
tol=1e-6

[ -x "$bench" ] || { echo "missing $bench: meson compile -C $build" >&2; exit 1; }
command -v Rscript >/dev/null || { echo "Rscript is not installed" >&2; exit 1; }

tmp=$(mktemp -d /tmp/stm-cox-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

field () { sed -n "s/^result .*\b$1=\([^ ]*\).*/\1/p"; }

# Max over coefficients of |a - b| / |b| (b = R's).
max_rel () {
  paste "$1" "$2" | awk '
    { d = $1 - $2; if (d < 0) d = -d; b = $2; if (b < 0) b = -b
      r = (b > 0) ? d / b : d; if (r > m) m = r }
    END { printf "%.2e", m }'
}

rows=()
fail=0

run_pair () {   # label n_label csv time event covariates (bench-cox args already given as $7...)
  local label=$1 csv=$2 time=$3 event=$4 covs=$5
  shift 5
  local s_out r_out
  s_out=$("$bench" -r "$runs" -c "$tmp/stm.coef" "$@")
  echo "$s_out" | sed 's/^/  stratum: /' >&2
  r_out=$(Rscript "$here/cox_bench.R" "$csv" "$time" "$event" "$covs" "$runs" "$tmp/r.coef")
  echo "$r_out" | sed 's/^/  R:       /' >&2
  local n pp s r sc rc rel ratio per100k
  n=$(echo "$s_out" | field n)
  pp=$(echo "$s_out" | field p)
  s=$(echo "$s_out" | field median_s)
  sc=$(echo "$s_out" | field median_cpu_s)
  r=$(echo "$r_out" | field median_s)
  rc=$(echo "$r_out" | field median_cpu_s)
  rel=$(max_rel "$tmp/stm.coef" "$tmp/r.coef")
  ratio=$(awk -v s="$s" -v r="$r" 'BEGIN { printf "%.1f", (s > 0) ? r / s : 0 }')
  per100k=$(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.4f", s * 100000 / n }')
  if ! awk -v x="$rel" -v t="$tol" 'BEGIN { exit !(x <= t) }'; then fail=1; fi
  rows+=("| $label | $n | $pp | $(printf %.4f "$s") | $(printf %.4f "$sc") | $(printf %.4f "$r") | $(printf %.4f "$rc") | ${ratio}x | $per100k | $rel |")
}

# Rotterdam, RFS endpoint, size dummies (fields have no embedded commas).
rot=$tmp/rotterdam_rfs_bench.csv
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/"/, "", h); c[h] = i }
                   print "rfstime,rfs,age,size20_50,size_gt50,nodes,grade,er,pgr,hormon,chemo,meno"; next }
         { s = $c["size"]; gsub(/"/, "", s)
           rfstime = ($c["recur"] == 1) ? $c["rtime"] : $c["dtime"]
           rfs = ($c["recur"] > $c["death"]) ? $c["recur"] : $c["death"]
           print rfstime "," rfs "," $c["age"] "," (s == "20-50") "," (s == ">50") "," $c["nodes"] "," \
                 $c["grade"] "," $c["er"] "," $c["pgr"] "," $c["hormon"] "," $c["chemo"] "," $c["meno"] }' \
    "$shared/cohorts/rotterdam.csv" > "$rot"
covs=age,size20_50,size_gt50,nodes,grade,er,pgr,hormon,chemo,meno
echo "# rotterdam (RFS, 10 covariates)" >&2
run_pair rotterdam "$rot" rfstime rfs "$covs" --csv "$rot" --time rfstime --event rfs --covariates "$covs"

for n in $sizes; do
  syn=$tmp/synthetic_${n}x${p}.csv
  echo "# synthetic n=$n p=$p seed=$seed" >&2
  run_pair synthetic "$syn" time status all --synthetic "$n" --p "$p" --seed "$seed" --write "$syn"
  rm -f "$syn"
done

echo
echo "Cox fit, Efron ties, median of $runs fits in the same run (wall s; CPU s = user + system, all threads)."
echo
echo "| data | n | p | Stratum s | Stratum CPU s | R coxph s | R CPU s | R / Stratum | Stratum s per 100k patients | max rel. diff. beta |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
if [ "$fail" = 0 ]; then
  echo "Coefficients agree with coxph to <= $tol relative on every data set."
else
  echo "WARNING: a coefficient differs from coxph by more than $tol relative." >&2
  exit 1
fi
