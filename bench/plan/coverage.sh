#!/usr/bin/env bash
# How well the action plan's evaluation recovers planted effects: the demo city is generated with seeds 1..N
# (default 40), its plan evaluated, and each planted measure's true effect (truth.json) compared with the
# interval. Prints a table (bench/README.md quotes it). About a minute on 2 cores for N = 40.
#
#   bench/plan/coverage.sh        # N = 40
#   bench/plan/coverage.sh 100
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --release --quiet -p vigie-plan --example plan_coverage -- "${1:-40}"
