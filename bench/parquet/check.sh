#!/usr/bin/env bash
# Interoperability of `vigie export parquet`: exports the demo city and computes the same area statistics
# (incidents per area and year, mean indicator per area, incidents per 1,000 inhabitants) with DataFusion and Spark SQL
# reading the partitioned folders as they are, and compares them with vigie's own figures (its JSON API on the same
# database). Needs python3 (a venv with datafusion, pyarrow and, if it installs, pyspark) and Java 17 for Spark.
# Tests never need this.
#
#   bench/parquet/check.sh            # VENV=DIR to reuse a venv, VIGIE=PATH to use a built binary
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-bench/parquet/.venv}
PORT=${PORT:-18931}
PASSWORD=parquet-check-password

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q datafusion pyarrow
  "$VENV/bin/pip" install -q pyspark || echo "pyspark did not install: Spark is skipped"
fi
if [ -z "${VIGIE:-}" ]; then
  cargo build --release -q -p vigie
  VIGIE=${CARGO_TARGET_DIR:-target}/release/vigie
fi

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

VIGIE_LOG=warn VIGIE_DEMO_PASSWORD=$PASSWORD "$VIGIE" serve --demo --db "$work/d.sqlite" --addr "127.0.0.1:$PORT" \
  >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/login" && break
  sleep 1
done

"$VIGIE" key generate "$work/export.secret" >/dev/null
"$VIGIE" export parquet --db "$work/d.sqlite" --out "$work/export" --secret-file "$work/export.secret"
echo
# Spark's own log goes to standard error.
SPARK_LOCAL_IP=127.0.0.1 "$VENV/bin/python" bench/parquet/compare.py "$work/export" "http://127.0.0.1:$PORT" analyst "$PASSWORD"
