#!/usr/bin/env bash
# Leiden benchmark: vigie against python-igraph on the same machine and the same synthetic graph of about 1,000,000
# weighted edges (make_graph.py: 100,000 nodes, planted communities, seed 1): modularity at resolution 1, until an
# iteration changes nothing (igraph's n_iterations=-1). Runs vigie and igraph alternately, one seed per run
# (seeds 0, 1, ...), each in its own process, and prints the medians, the ratio and the modularity reached.
#
# Usage: bench/network/leiden.sh [RUNS]     RUNS runs per side (default 3)
# Environment: VIGIE_LEIDEN_VENV (default /tmp/net-venv-leiden), CARGO_TARGET_DIR (where cargo builds; default
#   ROOT/target), QUIET_WAIT (see below).
# Writes bench/network/data/leiden_1m.csv (generated once) and bench/network/results/leiden_* (this run's
# measurements). Needs python3 and cargo; pip installs igraph from PyPI into the virtual environment when missing.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-3}
VENV=${VIGIE_LEIDEN_VENV:-/tmp/net-venv-leiden}
ROOT=$(cd ../.. && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PY="$VENV/bin/python"

# --- tools --------------------------------------------------------------------------------------------------------
if ! "$PY" -c 'import igraph' 2>/dev/null; then
  echo "== making the Python environment $VENV (igraph from PyPI)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q igraph
fi
echo "== building the vigie-network example leiden_bench (release)"
(cd "$ROOT" && cargo build --release -q -p vigie-network --example leiden_bench)
BENCH="$TARGET/release/examples/leiden_bench"

# --- data ---------------------------------------------------------------------------------------------------------
mkdir -p data results
GRAPH=data/leiden_1m.csv
[ -f "$GRAPH" ] || python3 make_graph.py "$GRAPH"

# --- the machine --------------------------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  rustc --version
  "$PY" -c 'import sys, igraph; print(f"Python {sys.version.split()[0]}; python-igraph {igraph.__version__}")'
  echo "uptime before the runs: $(uptime)"
  echo "CPU pressure before the runs: $(head -n 1 /proc/pressure/cpu 2>/dev/null)"
} | tee results/leiden_machine.txt

# --- the runs -----------------------------------------------------------------------------------------------------
OUT=results/leiden_runs.jsonl
: > "$OUT"
# Other work on the machine skews the timings: before each run, wait (up to QUIET_WAIT seconds, default 300) until
# the CPU pressure of the last 10 s (Linux PSI: the share of time some task waited for a CPU) is below 5 %. Each
# record keeps that figure, the pressure during the run and the load average after it.
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
# Appends the last JSON line of a side's output, with the pressure before and during the run and the load average.
record() {
  local json=$1
  local during
  during=$(awk -v a="$PSI_T0" -v b="$(psi_total)" -v t0="$T0" -v t1="$(date +%s.%N)" \
    'BEGIN {printf "%.1f", (b - a) / 1e4 / (t1 - t0)}')
  "$PY" -c 'import json, sys
r = json.loads(sys.argv[1]); r.update(psi_before=float(sys.argv[2]), psi_during=float(sys.argv[3]), loadavg=sys.argv[4])
print(json.dumps(r))' "$json" "$PSI_BEFORE" "$during" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
}

for r in $(seq 0 $((RUNS - 1))); do
  echo "== run $((r + 1)) of $RUNS (seed $r)"
  quiet
  out=$("$BENCH" "$GRAPH" 1 "$r")
  echo "$out" | sed -n '2p' | sed 's/^/   vigie:  /'
  record "$(echo "$out" | tail -n 1)"
  quiet
  out=$("$PY" leiden_peer.py "$GRAPH" 1 "$r")
  echo "$out" | sed -n '2p' | sed 's/^/   igraph: /'
  record "$(echo "$out" | tail -n 1)"
done
echo "uptime after the runs: $(uptime)" | tee -a results/leiden_machine.txt

# --- summary ------------------------------------------------------------------------------------------------------
"$PY" - "$OUT" <<'PYEOF' | tee results/leiden_summary.txt
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
side = {s: [r for r in runs if r["side"] == s] for s in ("vigie", "igraph")}
def col(s, k): return [x for r in side[s] for x in r[k]]
print(f"graph: {runs[0]['nodes']:,} nodes, {runs[0]['edges']:,} edges; {len(side['vigie'])} runs per side "
      f"(seeds {', '.join(str(x) for x in col('vigie', 'seeds'))})")
print()
print("| side | median time | times | median CPU time | modularity (each run) | communities | CPU pressure during (%) |")
print("|---|---|---|---|---|---|---|")
med = {}
for s in ("vigie", "igraph"):
    t, c = col(s, "times_s"), col(s, "cpu_s")
    med[s] = (statistics.median(t), statistics.median(c))
    print(f"| {s} | {med[s][0]:.2f} s | {', '.join(f'{x:.2f}' for x in t)} | {med[s][1]:.2f} s | "
          f"{', '.join(f'{q:.6f}' for q in col(s, 'modularity'))} | {', '.join(str(x) for x in col(s, 'communities'))} | "
          f"{', '.join(str(r['psi_during']) for r in side[s])} |")
print()
print(f"igraph / vigie, median wall-clock time: {med['igraph'][0] / med['vigie'][0]:.2f}x; "
      f"median CPU time: {med['igraph'][1] / med['vigie'][1]:.2f}x")
qv, qi = col("vigie", "modularity"), col("igraph", "modularity")
print(f"modularity, mean (min..max): vigie {statistics.mean(qv):.6f} ({min(qv):.6f}..{max(qv):.6f}), "
      f"igraph {statistics.mean(qi):.6f} ({min(qi):.6f}..{max(qi):.6f}); "
      f"vigie - igraph, mean: {statistics.mean(qv) - statistics.mean(qi):+.6f}")
PYEOF
