#!/usr/bin/env bash
# 3. Renewal run: due-index read vs full scan of the inventory, for growing N (bounded to 120 s of filling).
# Writes its section of docs/benchmarks.md. Options after the script name override the defaults (e.g. --n 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
bench_run renewal --sizes 1000,5000,10000,20000,40000,80000 --seconds 120 "$@"
