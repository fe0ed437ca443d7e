#!/usr/bin/env bash
# 5. Waiting orders: resident memory of the local host with 10,000 orders waiting for DCV (bounded to 300 s; 50 orchestrations at once per host to fill faster).
# Writes its section of docs/benchmarks.md. Options after the script name override the defaults (e.g. --n 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
bench_run waiting --n 10000 --durable MaxConcurrentOrchestrations=50 --seconds 300 "$@"
