#!/usr/bin/env bash
# Multiple systems estimation: `vigie estimate` against peer.py (SparseMSE's procedure in Python: statsmodels GLM,
# scipy HiGHS), side by side on the same capture tables. See README.md beside this file.
#
# Usage: bench/estimate/run.sh
# Environment (defaults in brackets):
#   VENV [/tmp/mse-venv]     Python virtual environment for the peer (made with numpy, scipy, statsmodels if missing)
#   VIGIE_RUNS [5]           timed runs of vigie per case
#   PEER_RUNS [3]            timed runs of the peer for the quick case (bic0)
#   PEER_RUNS_LONG [1]       timed runs of the peer for the cases that take minutes (stepwise, bic200)
#   CASES ["stepwise bic0 bic200"]   which cases to run
#   STEP_BOOT [1000]  BIC_BOOT [200]  SEED [1]  THRESHOLD [0.02]   bootstrap replicates, seed, stepwise threshold
#   PEER_ONLY [0]            1: time the peer alone (no cargo build, no vigie)
#   CHECK [1]                1: run check_peer.py (the peer against the published results) first
#   VIGIE_BIN                a vigie binary to use as it is (no cargo build)
#   RESULTS [bench/estimate/results]   where the outputs go
#   QUIET_WAIT [300]         before each run, wait up to this many seconds for CPU pressure (PSI avg10) below 5 %
#                            (0: do not wait). Each run records the CPU pressure during it, its CPU time and peak
#                            memory (GNU time).
# Writes bench/estimate/results/ (runs.jsonl, one JSON output per run, summary.md, machine.txt).
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
VENV=${VENV:-/tmp/mse-venv}
PY="$VENV/bin/python"
VIGIE_RUNS=${VIGIE_RUNS:-5}
PEER_RUNS=${PEER_RUNS:-3}
PEER_RUNS_LONG=${PEER_RUNS_LONG:-1}
CASES=${CASES:-"stepwise bic0 bic200"}
STEP_BOOT=${STEP_BOOT:-1000}
BIC_BOOT=${BIC_BOOT:-200}
SEED=${SEED:-1}
THRESHOLD=${THRESHOLD:-0.02}
PEER_ONLY=${PEER_ONLY:-0}
CHECK=${CHECK:-1}
QUIET_WAIT=${QUIET_WAIT:-300}
RESULTS=${RESULTS:-$HERE/results}

# 1. The peer's environment, from PyPI.
if ! "$PY" -c 'import numpy, scipy, statsmodels' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q numpy scipy statsmodels
fi

# 2. The tables (committed; made again only if missing).
if [ ! -f data/six_lists.csv ] || [ ! -f data/five_lists.csv ]; then
  python3 make_tables.py
fi

# 3. vigie, in release.
VIGIE=${VIGIE_BIN:-$ROOT/target/release/vigie}
if [ "$PEER_ONLY" != 1 ] && [ -z "${VIGIE_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p vigie)
fi

# GNU time gives each run's CPU time (user + system) and peak memory; installed from Debian if missing.
GNU_TIME=/usr/bin/time
if [ ! -x "$GNU_TIME" ]; then
  { apt-get install -y -q time >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q time >/dev/null 2>&1; }; } || true
  [ -x "$GNU_TIME" ] || GNU_TIME=
fi

mkdir -p "$RESULTS"
: > "$RESULTS/runs.jsonl"
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
  "$PY" -c 'import sys, numpy, scipy, statsmodels; print(f"Python {sys.version.split()[0]}; numpy {numpy.__version__}, scipy {scipy.__version__}, statsmodels {statsmodels.__version__}")'
  rustc --version 2>/dev/null || true
  date -u +"date: %Y-%m-%dT%H:%M:%SZ"
} | tee "$RESULTS/machine.txt"

if [ "$CHECK" = 1 ]; then
  echo "== the peer against the published results"
  "$PY" check_peer.py | tee "$RESULTS/check_peer.txt"
fi

psi_total() { # microseconds some task waited for a CPU, since boot (empty without PSI)
  awk '/^some/ { for (i = 1; i <= NF; i++) if ($i ~ /^total=/) { sub("total=", "", $i); print $i } }' /proc/pressure/cpu 2>/dev/null || true
}
psi_avg10() {
  awk '/^some/ { for (i = 1; i <= NF; i++) if ($i ~ /^avg10=/) { sub("avg10=", "", $i); print $i } }' /proc/pressure/cpu 2>/dev/null || true
}
wait_quiet() {
  local waited=0 p=
  [ "$QUIET_WAIT" -gt 0 ] || return 0
  while [ "$waited" -lt "$QUIET_WAIT" ]; do
    p=$(psi_avg10)
    [ -z "$p" ] && return 0
    awk -v p="$p" 'BEGIN { exit !(p < 5) }' && return 0
    sleep 5
    waited=$((waited + 5))
  done
  echo "   (the machine is not quiet: CPU pressure ${p:-?} % after ${QUIET_WAIT} s; measuring anyway)" >&2
}

# measure CASE SIDE RUNS COMMAND...: time the whole command, JSON output to results/CASE.SIDE.N.json.
measure() {
  local case=$1 side=$2 runs=$3
  shift 3
  local i out t0 t1 p0 p1 status secs psi cpu rss
  for i in $(seq "$runs"); do
    out="$RESULTS/$case.$side.$i.json"
    wait_quiet
    p0=$(psi_total)
    t0=$(date +%s%N)
    status=0
    if [ -n "$GNU_TIME" ]; then
      "$GNU_TIME" -f '%U %S %M' -o "$out.time" "$@" > "$out" 2> "$out.err" || status=$?
    else
      "$@" > "$out" 2> "$out.err" || status=$?
    fi
    t1=$(date +%s%N)
    p1=$(psi_total)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    cpu=null rss=null
    if [ -n "$GNU_TIME" ] && [ -s "$out.time" ]; then
      read -r cpu rss < <(tail -n 1 "$out.time" | awk 'NF == 3 { printf "%.2f %d\n", $1 + $2, $3 }') || true
      cpu=${cpu:-null} rss=${rss:-null}
    fi
    if [ -n "$p0" ] && [ -n "$p1" ]; then
      psi=$(awk -v a="$p0" -v b="$p1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", 100 * (b - a) * 1000 / (e - s) }')
    else
      psi=null
    fi
    printf '{"case": "%s", "side": "%s", "run": %d, "seconds": %s, "cpu_seconds": %s, "maxrss_kib": %s, "status": %d, "psi_during": %s, "output": "%s"}\n' \
      "$case" "$side" "$i" "$secs" "$cpu" "$rss" "$status" "$psi" "$out" | tee -a "$RESULTS/runs.jsonl"
  done
}

# run_case CASE TABLE METHOD BOOT PEER_RUNS
run_case() {
  local case=$1 table=$2 method=$3 boot=$4 peer_runs=$5
  echo "== $case: --method $method on $(basename "$table"), $boot bootstrap replicates"
  local args=(--table "$table" --method "$method" --threshold "$THRESHOLD" --bootstrap "$boot" --seed "$SEED" --json)
  if [ "$PEER_ONLY" != 1 ]; then
    measure "$case" vigie "$VIGIE_RUNS" "$VIGIE" estimate "${args[@]}"
  fi
  measure "$case" peer "$peer_runs" "$PY" "$HERE/peer.py" "${args[@]}"
}

for c in $CASES; do
  case $c in
    stepwise) run_case stepwise "$HERE/data/six_lists.csv" stepwise "$STEP_BOOT" "$PEER_RUNS_LONG" ;;
    bic0) run_case bic0 "$HERE/data/five_lists.csv" bic 0 "$PEER_RUNS" ;;
    bic200) run_case bic200 "$HERE/data/five_lists.csv" bic "$BIC_BOOT" "$PEER_RUNS_LONG" ;;
    *) echo "unknown case $c (stepwise, bic0, bic200)" >&2; exit 2 ;;
  esac
done

echo "== summary"
python3 summarise.py "$RESULTS"
