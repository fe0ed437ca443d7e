#!/usr/bin/env bash
# 2. Engine throughput: 5 sequential no-op activities on the Durable Task Framework + Azure Storage provider (Azurite), a few settings, vs a bare loop (~2-5 min).
# Writes its section of docs/benchmarks.md. Options after the script name override the defaults (e.g. --n 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
bench_run engine --memory 5000 --table 300 --seconds 75 "$@"
