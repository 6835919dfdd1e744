#!/usr/bin/env bash
# Record linkage: vigie against anonlink (matching) and clkhash (encoding), side by side on the same data.
# Usage: bench/linkage/run.sh [RUNS]   (default 3). Environment: VIGIE_BENCH_VENV (default /tmp/link-venv).
# Writes bench/linkage/data/ (generated filters) and bench/linkage/results/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-3}
VENV=${VIGIE_BENCH_VENV:-/tmp/link-venv}
ROOT=$(cd ../.. && pwd)
PY="$VENV/bin/python"
mkdir -p data results
if ! "$PY" -c 'import anonlink, clkhash, bitarray' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q anonlink clkhash bitarray
fi
(cd "$ROOT" && cargo build --release -q -p vigie -p vigie-linkage --example match_bench --example encode_bench --bin vigie)
VIGIE="$ROOT/target/release/vigie"
BENCH="$ROOT/target/release/examples/match_bench"
ENCODE="$ROOT/target/release/examples/encode_bench"
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  "$PY" -c 'import sys, anonlink, clkhash; print(f"Python {sys.version.split()[0]}; anonlink {anonlink.__version__}, clkhash {clkhash.__version__}")' 2>/dev/null || true
  rustc --version
} | tee results/machine.txt

# 1. Matching all pairs of 20,000 x 20,000 random 1024-bit filters (40 % of bits set) at threshold 0.7.
[ -f data/a20k.jsonl ] || python3 make_filters.py 20000 1024 0.4 1 data/a20k.jsonl data/b20k.jsonl
echo "== matching, 20,000 x 20,000, threshold 0.7, $RUNS runs"
"$PY" anonlink_bench.py data/a20k.jsonl data/b20k.jsonl 0.7 "$RUNS" | tee results/match.jsonl
"$BENCH" data/a20k.jsonl data/b20k.jsonl 0.7 "$RUNS" | tee -a results/match.jsonl

# 2. Encoding FEBRL 4a (5,000 records) with equivalent schemas.
echo "== encoding FEBRL 4a, $RUNS runs"
"$PY" clkhash_bench.py "$ROOT/examples/febrl/febrl4a.csv" "$RUNS" | tee results/encode.jsonl
echo "a secret shared by the two partners" > data/secret
# In process, as clkhash is timed (reading the file and deriving the keys not timed), then the whole command.
"$ENCODE" "$ROOT/examples/febrl/schema.json" "$ROOT/examples/febrl/febrl4a.csv" rec_id "$((RUNS * 5))" | tee -a results/encode.jsonl
for r in $(seq "$RUNS"); do
  /usr/bin/env time -f '{"side": "vigie", "seconds": %e, "maxrss_kib": %M}' "$VIGIE" link encode \
    --schema "$ROOT/examples/febrl/schema.json" --secret-file data/secret --input "$ROOT/examples/febrl/febrl4a.csv" \
    --id-field rec_id --output data/febrl4a.jsonl 2>&1 | tail -n 1 | tee -a results/encode.jsonl
done

# 3. Ratios.
python3 - <<'PY'
import json, statistics
m = [json.loads(l) for l in open("results/match.jsonl")]
a = next(x for x in m if x["side"] == "anonlink")
for v in (x for x in m if x["side"] == "vigie"):
    print(f"matching: vigie {v['threads']} thread(s) {v['seconds']:.2f} s = {v['comparisons'] / v['seconds'] / 1e6:.0f} M comparisons/s;"
          f" anonlink {a['seconds']:.2f} s = {a['comparisons'] / a['seconds'] / 1e6:.0f} M/s; ratio {a['seconds'] / v['seconds']:.2f}x")
e = [json.loads(l) for l in open("results/encode.jsonl")]
c = next(x for x in e if x["side"] == "clkhash")
crate = c["records"] / c["seconds"]
for v in (x for x in e if x["side"] == "vigie" and "threads" in x):
    print(f"encoding FEBRL 4a in process: vigie {v['threads']} thread(s) {v['records_per_second']:.0f} records/s;"
          f" clkhash {crate:.0f} records/s; ratio {v['records_per_second'] / crate:.1f}x")
vs = statistics.median(x["seconds"] for x in e if x["side"] == "vigie" and "threads" not in x)
print(f"encoding 5,000 records: vigie {vs:.2f} s (whole command) = {5000 / max(vs, 1e-9):.0f} records/s;"
      f" clkhash {c['seconds']:.2f} s = {crate:.0f} records/s; ratio {c['seconds'] / max(vs, 1e-9):.1f}x")
PY
