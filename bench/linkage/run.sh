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

# 2. Encoding FEBRL 4 (4a and 4b, 5,000 records each) with equivalent schemas (the same fields, tokens and bits per
# token). clkhash computes the filters only: vigie is timed with the same schema without its blocking keys (the same
# work) and with them (what examples/febrl/schema.json asks: four keyed blocking keys per record more). Both sides in
# process, reading the file and deriving the keys not timed; the rounds alternate the two sides, so that a change in
# the machine's speed during the run falls on both, and each round's ratio is of medians measured side by side.
echo "== encoding FEBRL 4, $RUNS rounds"
python3 - "$ROOT/examples/febrl/schema.json" data/febrl_filters_only.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["blocking"] = []
json.dump(s, open(sys.argv[2], "w"))
PY
echo "a secret shared by the two partners" > data/secret
: > results/encode.jsonl
for round in $(seq "$RUNS"); do
  for part in a b; do
    csv="$ROOT/examples/febrl/febrl4$part.csv"
    tag="{\"round\": $round, \"file\": \"4$part\", "
    "$PY" clkhash_bench.py "$csv" 5 | sed "s/^{/$tag/" | tee -a results/encode.jsonl
    "$ENCODE" data/febrl_filters_only.json "$csv" rec_id 201 | sed "s/^{/$tag\"schema\": \"filters only\", /" | tee -a results/encode.jsonl
    "$ENCODE" "$ROOT/examples/febrl/schema.json" "$csv" rec_id 201 | sed "s/^{/$tag\"schema\": \"with blocking keys\", /" | tee -a results/encode.jsonl
  done
done
# The whole command (process start, reading, writing and syncing the file included), on both files.
python3 - "$VIGIE" "$ROOT" "$RUNS" <<'PY' | tee -a results/encode.jsonl
import json, resource, statistics, subprocess, sys, time
vigie, root, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for _ in range(runs):
    t = time.perf_counter()
    for part in "ab":
        subprocess.run([vigie, "link", "encode", "--schema", f"{root}/examples/febrl/schema.json", "--secret-file",
                        "data/secret", "--input", f"{root}/examples/febrl/febrl4{part}.csv", "--id-field", "rec_id",
                        "--output", f"data/febrl4{part}.jsonl"], check=True, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"side": "command", "records": 10000, "seconds": statistics.median(times), "maxrss_kib": rss}))
PY

# 3. Ratios.
python3 - <<'PY'
import json, statistics
m = [json.loads(l) for l in open("results/match.jsonl")]
a = next(x for x in m if x["side"] == "anonlink")
for v in (x for x in m if x["side"] == "vigie"):
    print(f"matching: vigie {v['threads']} thread(s) {v['seconds']:.2f} s = {v['comparisons'] / v['seconds'] / 1e6:.0f} M comparisons/s;"
          f" anonlink {a['seconds']:.2f} s = {a['comparisons'] / a['seconds'] / 1e6:.0f} M/s; ratio {a['seconds'] / v['seconds']:.2f}x")
e = [json.loads(l) for l in open("results/encode.jsonl")]
rounds = sorted({x["round"] for x in e if "round" in x})
def rate(rows):
    # Records per second over both files: all records over the sum of the median seconds.
    return sum(x["records"] for x in rows) / sum(x["seconds"] for x in rows)
c = [rate([x for x in e if x.get("round") == r and x["side"] == "clkhash"]) for r in rounds]
print(f"encoding FEBRL 4 (10,000 records): clkhash {statistics.median(c):.0f} records/s (rounds: {', '.join(f'{x:.0f}' for x in c)})")
for schema in ("filters only", "with blocking keys"):
    for threads in sorted({x["threads"] for x in e if x.get("schema") == schema}):
        v = [rate([x for x in e if x.get("round") == r and x.get("schema") == schema and x.get("threads") == threads])
             for r in rounds]
        ratios = [vr / cr for vr, cr in zip(v, c)]
        print(f"  vigie, {schema}, {threads} thread(s): {statistics.median(v):.0f} records/s; ratio {statistics.median(ratios):.1f}x"
              f" (rounds: {', '.join(f'{x:.1f}' for x in ratios)})")
cmd = next(x for x in e if x["side"] == "command")
print(f"  vigie link encode on 4a then 4b, whole commands (with blocking keys): {cmd['seconds']:.3f} s ="
      f" {cmd['records'] / cmd['seconds']:.0f} records/s, at most {cmd['maxrss_kib'] / 1024:.0f} MiB;"
      f" ratio {cmd['records'] / cmd['seconds'] / statistics.median(c):.1f}x clkhash in process")
PY
