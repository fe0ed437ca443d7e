#!/usr/bin/env bash
# 2. Engine throughput: 5 sequential no-op activities, in memory and on Azurite, vs a bare loop (~1 min).
# Writes its section of docs/benchmarks.md. Options after the script name override the defaults (e.g. --n 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
bench_run engine --memory 5000 --table 300 --seconds 90 "$@"
