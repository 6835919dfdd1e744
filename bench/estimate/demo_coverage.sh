#!/usr/bin/env bash
# Coverage of vigie's intervals on the demo city's generator: for each seed, the demo city's five lists with their
# true capture histories (perfect linkage: truth/capture.csv) and its true number of victims (truth.json), then
# `vigie estimate`. Prints bias and the share of 95 % intervals that hold the truth.
# Usage: bench/estimate/demo_coverage.sh [CITIES] [BOOTSTRAP] [METHOD] [HETEROGENEITY]
#        (defaults 200, 200, bic, darroch; HETEROGENEITY none gives SparseMSE's models)
set -euo pipefail
cd "$(dirname "$0")"
CITIES=${1:-200}; BOOT=${2:-200}; METHOD=${3:-bic}; HET=${4:-darroch}
ROOT=$(cd ../.. && pwd)
(cd "$ROOT" && cargo build --release -q -p vigie --bin vigie)
VIGIE="$ROOT/target/release/vigie"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir -p results
OUT="results/demo_coverage-$METHOD-$HET.jsonl"; : > "$OUT"
for seed in $(seq 1 "$CITIES"); do
  "$VIGIE" demo generate --seed "$seed" --incidents 100 --out "$WORK/city" > /dev/null 2>&1
  truth=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['victims']['population'])" "$WORK/city/truth.json")
  "$VIGIE" estimate --table "$WORK/city/truth/capture.csv" --method "$METHOD" --heterogeneity "$HET" --bootstrap "$BOOT" --seed "$seed" --json \
    | python3 -c "import json,sys; e=json.load(sys.stdin); print(json.dumps({'seed': $seed, 'truth': $truth, 'observed': e['observed'], 'estimate': e['estimate'], 'lower': e['interval']['lower'], 'upper': e['interval']['upper'], 'warnings': [w['code'] for w in e['warnings']]}))" >> "$OUT"
done
python3 - "$OUT" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
cover = sum(r["lower"] <= r["truth"] <= r["upper"] for r in rows) / len(rows)
bias = statistics.mean((r["estimate"] - r["truth"]) / r["truth"] for r in rows)
seen = statistics.mean(r["observed"] / r["truth"] for r in rows)
poor = sum("poor_fit" in r["warnings"] for r in rows) / len(rows)
print(f"{len(rows)} demo cities: observed {100*seen:.0f} % of the victims on average; relative bias of the estimate "
      f"{100*bias:+.1f} %; 95 % intervals hold the truth in {100*cover:.0f} % of cities; poor_fit warned in {100*poor:.0f} %")
PY
