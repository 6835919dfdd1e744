#!/usr/bin/env bash
# Load on the demo city: `vigie serve --demo` (release; SQLite, or PostgreSQL with BACKEND=postgres) under wrk (Debian's `wrk`) at 50, 200 and 1,000
# concurrent connections, for the public portal's pages, a signed-in coordinator's dashboard pages and the heavy
# report pages (plan, diagnosis), and a mix of all with case views and sign-ins (mixed.lua). Prints
# throughput, p50 and p99 latency, errors (socket errors and non-2xx/3xx answers) and the server's peak memory.
# bench/README.md quotes the table. About 3 minutes.
#
#   bench/load/run.sh            # 20 s per run
#   DURATION=60s bench/load/run.sh
#   BACKEND=postgres bench/load/run.sh   # a private PostgreSQL server (scripts/postgres) on the same machine
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
DURATION="${DURATION:-20s}"
PORT="${PORT:-18090}"
ulimit -n 8192 || true
cargo build --release --quiet
work="$(mktemp -d)"
BACKEND="${BACKEND:-sqlite}"
pgdir=""
cleanup() {
  kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true
  sleep 1
  [ -n "$pgdir" ] && bash scripts/postgres stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
case "$BACKEND" in
  sqlite) db="$work/d.sqlite" ;;
  postgres)
    server=$(bash scripts/postgres 2>"$work/pgdir")
    pgdir=$(tail -1 "$work/pgdir")
    psql -q "$server" -c "CREATE DATABASE vigie_load"
    db="${server%/postgres}/vigie_load"
    ;;
  *) echo "BACKEND is sqlite or postgres" >&2; exit 1 ;;
esac
echo "backend: $BACKEND"
VIGIE_LOG=warn VIGIE_DEMO_PASSWORD=load-test-password ./target/release/vigie serve --demo --db "$db" \
  --key-file "$work/city.key" --addr "127.0.0.1:$PORT" >"$work/serve.log" 2>&1 &
echo $! >"$work/pid"
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
base="http://127.0.0.1:$PORT"
# Sign in as the coordinator: the form's CSRF token, then the session cookie.
jar="$work/cookies"
token=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$token&username=coordinator&password=load-test-password" "$base/login"
session=$(awk '$6 ~ /vigie_session/ {print $6"="$7}' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
export VIGIE_COOKIE="$session"
pid=$(cat "$work/pid")
printf "%-10s %8s %10s %10s %10s %8s\n" pages clients "req/s" "p50 ms" "p99 ms" errors
for clients in 50 200 1000; do
  for kind in public signed_in reports mixed; do
    out=$(wrk -t2 -c"$clients" -d"$DURATION" --latency --timeout 10s -s "bench/load/$kind.lua" "$base" 2>&1)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    sock=$(echo "$out" | awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub("us", "", v); printf "%.1f", v / 1000 } else if (v ~ /ms$/) { sub("ms", "", v); printf "%.1f", v } else if (v ~ /s$/) { sub("s", "", v); printf "%.1f", v * 1000 } else print v }'; }
    printf "%-10s %8s %10s %10s %10s %8s\n" "$kind" "$clients" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$(( ${sock:-0} + ${non2xx:-0} ))"
  done
done
echo "server peak memory: $(awk '/VmHWM/ {print $2/1024 " MiB"}' "/proc/$pid/status")"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
