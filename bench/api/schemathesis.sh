#!/usr/bin/env bash
# Runs schemathesis (PyPI) against vigie's open API: builds vigie (release), serves the demo city on a temporary
# database, makes a machine token with every scope through the command line (as the coordinator, the role that
# reads the most of the API), and lets schemathesis generate requests from /api/openapi.json.
#
#   bash bench/api/schemathesis.sh            # checks: not_a_server_error and response_schema_conformance
#   MAX_EXAMPLES=200 bash bench/api/schemathesis.sh
#
# Needs python3 with venv and the network to PyPI the first time (the venv is kept in $VENV, default
# ~/.cache/vigie-schemathesis). Tests never need it.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${VENV:-$HOME/.cache/vigie-schemathesis}"
PORT="${PORT:-18093}"
MAX_EXAMPLES="${MAX_EXAMPLES:-50}"
CHECKS="${CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance}"
PROFILE="${PROFILE:-release}"   # PROFILE=debug for a quicker build while fixing
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/$([ "$PROFILE" = release ] && echo release || echo debug)/vigie"

echo "== building vigie ($PROFILE)" >&2
if [ "$PROFILE" = release ]; then
    (cd "$ROOT" && cargo build --release -p vigie --quiet)
else
    (cd "$ROOT" && cargo build -p vigie --quiet)
fi

if [ ! -x "$VENV/bin/schemathesis" ]; then
    echo "== installing schemathesis into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet "schemathesis>=4,<5"
fi

WORK="$(mktemp -d)"
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== serving the demo city on 127.0.0.1:$PORT ($WORK)" >&2
VIGIE_DEMO_PASSWORD="schemathesis-demo-password" \
    "$BIN" serve --demo --db "$WORK/demo.sqlite" --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && grep -q "listening" "$WORK/serve.log" && break
    sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null

TOKEN="$("$BIN" token create --db "$WORK/demo.sqlite" --name schemathesis --role coordinator \
    --scope all --expires-days 1 2>/dev/null)"

echo "== schemathesis $("$VENV/bin/schemathesis" --version 2>/dev/null | tail -1)" >&2
set +e
"$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/openapi.json" \
    --url "http://127.0.0.1:$PORT" \
    --header "Authorization: Bearer $TOKEN" \
    --checks "$CHECKS" \
    --max-examples "$MAX_EXAMPLES" \
    --seed 2026 \
    --no-color
status=$?
set -e
errors=$(grep -c " ERROR " "$WORK/serve.log" || true)
echo "server log: $errors ERROR lines"
grep " ERROR " "$WORK/serve.log" | head -20 || true
echo "audit entries of the token: $(sqlite3 "$WORK/demo.sqlite" "SELECT count(*) FROM audit_log WHERE action = 'api.token'" 2>/dev/null || echo '?')"
exit $status
