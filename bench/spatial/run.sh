#!/usr/bin/env bash
# Spatial benchmark: vigie against PySAL's esda (with numba) on the same machine, the same areas and the same GAL
# weights: global Moran, local Moran (LISA) and Gi* with 999 permutations, on 10,000 and 100,172 areas.
# Prints tables of medians, peak memory and ratios, then the agreement of the two on 10,000 areas.
#
# Usage: bench/spatial/run.sh [RUNS]     RUNS timed runs per side and size (default 3; at least 1)
# Environment: PERMS (default 999), VIGIE_BENCH_VENV (default /tmp/bench-venv), SIZES (default "n10k n100k"),
#   ESDA_CONFIGS: esda's configurations, N_JOBS:KEEP_SIMULATIONS (default "-1:yes 1:yes 1:no": both cores through
#   joblib, as the issue asks; one core; one core without keeping every simulated value, esda's fastest here),
#   QUIET_WAIT (see below).
# Writes bench/spatial/data/ (generated areas and GAL files) and bench/spatial/results/ (measurements, outputs),
# both ignored by git. Needs python3, cargo, and apt-get (for GNU time) or /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-3}
PERMS=${PERMS:-999}
SIZES=${SIZES:-n10k n100k}
ESDA_CONFIGS=${ESDA_CONFIGS:--1:yes 1:yes 1:no}
VENV=${VIGIE_BENCH_VENV:-/tmp/bench-venv}
ROOT=$(cd ../.. && pwd)
PY="$VENV/bin/python"

# --- tools --------------------------------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time
fi
# The Python side lives outside the repository, in a virtual environment made here when missing (or broken).
if ! "$PY" -c 'import esda, libpysal, numba, numpy, scipy' 2>/dev/null; then
  echo "== making the Python environment $VENV (esda, libpysal, numba from PyPI)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q esda libpysal numba numpy scipy
fi

echo "== building vigie (release) and the phases example"
(cd "$ROOT" && cargo build --release -q -p vigie && cargo build --release -q -p vigie-spatial --example phases)
VIGIE="$ROOT/target/release/vigie"
PHASES="$ROOT/target/release/examples/phases"

# --- data ---------------------------------------------------------------------------------------------------------
mkdir -p data results
rm -f results/*  # this run's measurements and outputs only
[ -f data/n10k.geojson ] && [ -f data/n10k_rook.gal ] || python3 make_data.py 100 100 data/n10k
[ -f data/n100k.geojson ] && [ -f data/n100k_rook.gal ] || python3 make_data.py 316 317 data/n100k
case_n() { case $1 in n10k) echo 10000 ;; n100k) echo 100172 ;; esac; }

# --- the machine --------------------------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "$(rustc --version)"
  "$PY" -c 'import sys, esda, libpysal, numba, numpy, scipy, joblib
print(f"Python {sys.version.split()[0]}; esda {esda.__version__}, libpysal {libpysal.__version__}, "
      f"numba {numba.__version__}, numpy {numpy.__version__}, scipy {scipy.__version__}, joblib {joblib.__version__}")'
  echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg); CPU pressure: $(head -n 1 /proc/pressure/cpu 2>/dev/null)"
} | tee results/machine.txt

# --- the runs -----------------------------------------------------------------------------------------------------
OUT=results/runs.jsonl
: > "$OUT"
# Appends one record: the JSON objects given, merged (later keys win).
add() { "$PY" -c 'import json, sys; print(json.dumps({k: v for a in sys.argv[1:] for k, v in json.loads(a).items()}))' \
  "$@" >> "$OUT"; }
gnu_maxrss() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }
# Other work on the machine skews the timings: before each measurement, wait (up to QUIET_WAIT seconds, default 300)
# until the CPU pressure of the last 10 s (Linux PSI, the share of time some task waited for a CPU) is below 5 %.
# Each record keeps that figure (psi_before) and the pressure during the run (psi_during, same scale), so a
# disturbed run can be seen in results/runs.jsonl.
QUIET_WAIT=${QUIET_WAIT:-300}
psi() { awk '/^some/ {split($2, a, "="); print a[2]}' /proc/pressure/cpu 2>/dev/null || echo 0; }
psi_total() { awk '/^some/ {split($5, a, "="); print a[2]}' /proc/pressure/cpu 2>/dev/null || echo 0; }
quiet() {
  local waited=0
  while awk -v p="$(psi)" 'BEGIN {exit !(p > 5)}' && [ "$waited" -lt "$QUIET_WAIT" ]; do
    sleep 5; waited=$((waited + 5))
  done
  [ "$waited" -lt "$QUIET_WAIT" ] || echo "   warning: the machine stayed busy (CPU pressure $(psi) %)" >&2
  PSI_BEFORE=$(psi); PSI_T0=$(psi_total); T0=$(date +%s.%N)
}
# The CPU pressure during the measurement just made: stalled time / wall time, in %.
during() { awk -v a="$PSI_T0" -v b="$(psi_total)" -v t0="$T0" -v t1="$(date +%s.%N)" \
  'BEGIN {printf "{\"psi_before\": %s, \"psi_during\": %.1f}", '"$PSI_BEFORE"', (b - a) / 1e4 / (t1 - t0)}'; }

for c in $SIZES; do
  n=$(case_n "$c")
  vargs=(diagnose spatial --areas "data/$c.geojson" --id-field id --variable value --weights "gal:data/${c}_rook.gal"
         --permutations "$PERMS" --seed 1 --json)
  echo "== $c ($n areas), $RUNS runs per side, $PERMS permutations"
  for r in $(seq "$RUNS"); do
    # vigie: one process, so GNU time's maximum resident set size is its peak memory.
    quiet
    m=$("$PY" treepeak.py --interval 0 -- /usr/bin/time -v -o results/time.log "$VIGIE" "${vargs[@]}")
    add "$m" "$(during)" "{\"case\": \"$c\", \"n\": $n, \"side\": \"vigie\", \"run\": $r, \"permutations\": $PERMS,
              \"maxrss_kib\": $(gnu_maxrss results/time.log)}"
    echo "   vigie run $r: $(tail -n 1 "$OUT")"
    quiet
    m=$("$PY" treepeak.py --interval 0 --stdout "results/vigie_$c.json" -- /usr/bin/time -v -o results/time.log \
        "$VIGIE" "${vargs[@]}")
    add "$m" "$(during)" "{\"case\": \"$c\", \"n\": $n, \"side\": \"vigie-file\", \"run\": $r,
              \"maxrss_kib\": $(gnu_maxrss results/time.log)}"
    quiet
    ph=$("$PHASES" "data/$c.geojson" id value "data/${c}_rook.gal" | "$PY" -c 'import json, re, sys
keys = {"read and validate": "read_s", "overlap check": "overlap_s", "GAL": "gal_s", "global Moran": "moran_s",
        "local Moran": "local_moran_s", "Gi*": "gi_star_s"}
out = {}
for line in sys.stdin:
    label, _, rest = line.partition(":")
    for k, v in keys.items():
        if label.startswith(k):
            out[v] = float(re.match(r"\s*([0-9.]+)", rest).group(1))
print(json.dumps(out))')
    add "$ph" "$(during)" "{\"case\": \"$c\", \"n\": $n, \"side\": \"phases\", \"run\": $r}"
  done
  # esda: one process per configuration, numba warmed up once, then RUNS timed repetitions (reading + computing).
  # With n_jobs other than 1 its permutations run in loky worker processes: the whole tree's memory is sampled too.
  # On 10,000 areas the first configuration also writes its results, and those of two more seeds, for the
  # agreement check (esda's permutations are drawn from the seed alone: n_jobs does not change its p-values).
  first=1
  for cfg in $ESDA_CONFIGS; do
    jobs=${cfg%%:*} keep=${cfg#*:}
    extra=()
    [ "$c" = n10k ] && [ $first = 1 ] && extra=(--results results/esda_n10k_seed12345.json --other-seeds 54321 777
                                              --other-results results/esda_n10k_seed)
    first=0
    quiet
    m=$("$PY" treepeak.py --interval 0.05 --stdout results/esda_runs.jsonl -- /usr/bin/time -v -o results/time.log \
        "$PY" esda_bench.py "data/$c" --permutations "$PERMS" --n-jobs "$jobs" --keep-simulations "$keep" \
        --repeat "$RUNS" "${extra[@]}")
    d=$(during)
    echo "   esda process, n_jobs=$jobs keep_simulations=$keep (warm-up, $RUNS runs${extra:+, two more seeds}): $m"
    while read -r line; do
      add "$line" "$m" "$d" "{\"case\": \"$c\", \"side\": \"esda\", \"config\": \"$cfg\",
                             \"maxrss_kib\": $(gnu_maxrss results/time.log)}"
      echo "   esda  $(tail -n 1 "$OUT")"
    done < results/esda_runs.jsonl
  done
done
rm -f results/time.log results/esda_runs.jsonl

echo
"$PY" summarise.py "$OUT" | tee results/summary.md

# --- agreement ----------------------------------------------------------------------------------------------------
echo
# vigie's output of its last timed run (seed 1) and of two more seeds, against esda's first repetition (seed 12345)
# and its two runs with other seeds: how much each tool's pseudo p-values move with the seed alone is the yardstick.
if [ -f results/esda_n10k_seed12345.json ]; then
  echo "== agreement on 10,000 areas ($PERMS permutations)"
  "$VIGIE" diagnose weights --areas data/n10k.geojson --id-field id --weights rook --out results/vigie_rook_n10k.gal
  "$PY" check_gal.py data/n10k_rook.gal results/vigie_rook_n10k.gal
  for s in 2 3; do
    "$VIGIE" diagnose spatial --areas data/n10k.geojson --id-field id --variable value \
      --weights gal:data/n10k_rook.gal --permutations "$PERMS" --seed $s --json > "results/vigie_n10k_seed$s.json"
  done
  "$PY" compare.py --vigie results/vigie_n10k.json results/vigie_n10k_seed2.json results/vigie_n10k_seed3.json \
    --esda results/esda_n10k_seed12345.json results/esda_n10k_seed54321.json results/esda_n10k_seed777.json \
    | tee results/agreement.txt
fi
