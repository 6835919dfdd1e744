#!/usr/bin/env bash
# End to end: two synthetic agency lists of N people each (default 1,000,000), encoded at the source and linked
# with blocking, in one run; prints the time and peak memory of each step, the pair completeness and the F1.
# Usage: bench/linkage/million.sh [N]   Writes bench/linkage/data/people-N/ and results/million-N.txt (ignored by git).
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-1000000}
ROOT=$(cd ../.. && pwd)
DIR="data/people-$N"
mkdir -p "$DIR" results
(cd "$ROOT" && cargo build --release -q -p vigie --bin vigie)
VIGIE="$ROOT/target/release/vigie"
[ -f "$DIR/truth.csv" ] || python3 make_people.py "$N" 1 "$DIR"
echo "a secret shared by the two partners" > "$DIR/secret"
step() { # name, command...: wall seconds and peak resident memory of one command
  local name=$1; shift
  /usr/bin/env time -f "$name: %e s, peak memory %M KiB" "$@" 2>&1 | sed 's/^/  /'
}
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $N + $N records"
  for side in a b; do
    step "encode $side" "$VIGIE" link encode --schema "$ROOT/examples/demo/schema.json" --secret-file "$DIR/secret" \
      --input "$DIR/$side.csv" --output "$DIR/$side.jsonl"
  done
  for lsh in none 24x28; do
    step "match (blocking keys, LSH $lsh)" "$VIGIE" link match --lsh "$lsh" --truth "$DIR/truth.csv" \
      --output "$DIR/links-$lsh.csv" "$DIR/a.jsonl" "$DIR/b.jsonl"
  done
} | tee "results/million-$N.txt"
