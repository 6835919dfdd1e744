#!/usr/bin/env bash
# vigie's betweenness, exact and sampled, against igraph's exact betweenness, on a Barabási–Albert graph of 100,000
# nodes and ~500,000 edges (unweighted shortest paths). Figures: bench/README.md.
#
#   bench/network/betweenness.sh                       # everything: about 2 h 15 on 2 cores
#   NODES=20000 KS=1000,4000 bench/network/betweenness.sh  # a smaller graph (minutes)
#   KS=2000,5000 SEEDS=1 bench/network/betweenness.sh  # other numbers of pivots (linear scaling) and seeds
#   KS_SOURCES=... SEEDS_SOURCES=...                   # the same for NetworkX's estimator (sources)
#   ONE_THREAD=0 IGRAPH=0 bench/network/betweenness.sh # skip vigie's one-thread exact run, or igraph's
#
# Exact results already in bench/network/results/ for the same graph are reused (delete them to measure again).
set -euo pipefail
cd "$(dirname "$0")/../.."

NODES=${NODES:-100000}
M=${M:-5}
SEED=${SEED:-1}
KS=${KS:-10000,20000,30000,50000}
SEEDS=${SEEDS:-1,2,3}
KS_SOURCES=${KS_SOURCES:-20000}
SEEDS_SOURCES=${SEEDS_SOURCES:-1}
TOP=${TOP:-100}
ONE_THREAD=${ONE_THREAD:-1}
IGRAPH=${IGRAPH:-1}
VENV=${VIGIE_NET_VENV:-/tmp/net-venv-central}
TARGET=${CARGO_TARGET_DIR:-target}
DATA=bench/network/data
RESULTS=bench/network/results/betweenness_${NODES}
mkdir -p "$DATA" "$RESULTS"

# Python with igraph, outside the repository.
if ! "$VENV/bin/python" -c "import igraph" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet igraph
fi
PY="$VENV/bin/python"

cargo build --release --quiet -p vigie-network --example betweenness_bench
BENCH="$TARGET/release/examples/betweenness_bench"

GRAPH="$DATA/ba_${NODES}_m${M}_s${SEED}.csv"
[ -s "$GRAPH" ] || python3 bench/network/make_ba_graph.py --nodes "$NODES" --m "$M" --seed "$SEED" "$GRAPH"

# The machine's load around each measurement (another job may run at the same time: the figures say so).
load() {
    echo "$(date -u +%FT%TZ) $1: $(uptime | sed 's/.*load average/load average/'); cpu pressure $(head -1 /proc/pressure/cpu 2>/dev/null)" |
        tee -a "$RESULTS/load.log" >&2
}

run_exact() { # NAME COMMAND...
    local name=$1
    shift
    if [ -s "$RESULTS/$name.json" ]; then
        echo "reusing $RESULTS/$name.json" >&2
        return
    fi
    load "before $name"
    "$@"
    load "after $name"
}

run_exact vigie_exact "$BENCH" "$GRAPH" exact "$RESULTS/vigie_exact.json"
if [ "$ONE_THREAD" = 1 ]; then
    run_exact vigie_exact_1thread env RAYON_NUM_THREADS=1 "$BENCH" "$GRAPH" exact "$RESULTS/vigie_exact_1thread.json"
fi
if [ "$IGRAPH" = 1 ]; then
    run_exact igraph_exact "$PY" bench/network/betweenness_peer.py "$GRAPH" "$RESULTS/igraph_exact.json"
    "$PY" bench/network/betweenness_peer.py --compare "$RESULTS/vigie_exact.json" "$RESULTS/igraph_exact.json" "$TOP" |
        tail -1 >"$RESULTS/agreement.json"
fi

sampled() { # ESTIMATOR KS SEEDS
    load "before sampled, $1"
    "$BENCH" "$GRAPH" sampled "$2" "$RESULTS/vigie_exact.json" --seeds "$3" --top "$TOP" --estimator "$1" |
        tail -1 >"$RESULTS/sampled_$1.json"
    load "after sampled, $1"
}
sampled linear "$KS" "$SEEDS"
sampled sources "$KS_SOURCES" "$SEEDS_SOURCES"

python3 bench/network/betweenness_summary.py "$RESULTS" | tee "$RESULTS/summary.md"
