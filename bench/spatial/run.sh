#!/usr/bin/env bash
# Spatial benchmark: vigie against PySAL's esda (with numba) on the same machine, the same areas and the same GAL
# weights: global Moran, local Moran (LISA) and Gi* with 999 permutations, on 10,000 and 100,000 areas.
# Prints a table of medians, peak memory and ratios, and the agreement between the two on 10,000 areas.
# Usage: bench/spatial/run.sh [RUNS]   (RUNS timed runs per case, default 3; 100,000 areas runs once per side)
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-3}
PERMS=999
VENV=${VIGIE_BENCH_VENV:-/tmp/vigie-bench-venv}
ROOT=$(cd ../.. && pwd)

if [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q esda libpysal numba
fi
echo "== building vigie (release)"
(cd "$ROOT" && cargo build --release -q -p vigie)
VIGIE="$ROOT/target/release/vigie"

mkdir -p data results
[ -f data/n10k.geojson ] || python3 make_data.py 100 100 data/n10k
[ -f data/n100k.geojson ] || python3 make_data.py 316 317 data/n100k

# Peak resident memory (KiB) and wall seconds of a command, from GNU time.
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" > /dev/null
  cat "$log"
  rm -f "$log"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

printf "\n%-8s %-6s %12s %12s %12s\n" "areas" "side" "median s" "compute s" "peak MiB"
for case in n10k n100k; do
  runs=$RUNS; [ "$case" = n100k ] && runs=1
  v_times=(); v_mem=0
  for _ in $(seq "$runs"); do
    read -r t m < <(measure "$VIGIE" diagnose spatial --areas "data/$case.geojson" --id-field id --variable value \
      --weights "gal:data/${case}_rook.gal" --permutations $PERMS --seed 1 --json)
    v_times+=("$t"); v_mem=$m
  done
  vt=$(printf "%s\n" "${v_times[@]}" | median)
  e_times=(); e_comp=(); e_mem=0
  for _ in $(seq "$runs"); do
    line=$("$VENV/bin/python" esda_bench.py "data/$case" $PERMS -1)
    e_comp+=("$(echo "$line" | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["compute_s"])')")
    e_times+=("$(echo "$line" | "$VENV/bin/python" -c 'import json,sys; d=json.load(sys.stdin); print(d["compute_s"]+d["read_s"])')")
    e_mem=$(echo "$line" | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["peak_rss_kib"])')
  done
  et=$(printf "%s\n" "${e_times[@]}" | median)
  ec=$(printf "%s\n" "${e_comp[@]}" | median)
  printf "%-8s %-6s %12.2f %12s %12.0f\n" "$case" vigie "$vt" "(all)" "$((v_mem / 1024))"
  printf "%-8s %-6s %12.2f %12.2f %12.0f\n" "$case" esda "$et" "$ec" "$((e_mem / 1024))"
  awk -v e="$et" -v c="$ec" -v v="$vt" -v em="$e_mem" -v vm="$v_mem" 'BEGIN {
    printf "%-8s ratio  esda/vigie time %.1fx (esda computing only: %.1fx), memory %.1fx\n", "", e/v, c/v, em/vm }'
done

echo
echo "== agreement on 10,000 areas"
"$VIGIE" diagnose spatial --areas data/n10k.geojson --id-field id --variable value --weights gal:data/n10k_rook.gal \
  --permutations $PERMS --seed 1 --json > results/vigie_n10k.json
"$VENV/bin/python" esda_bench.py data/n10k $PERMS -1 results/esda_n10k.json > /dev/null
"$VENV/bin/python" compare.py results/vigie_n10k.json results/esda_n10k.json
