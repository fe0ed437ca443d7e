#!/usr/bin/env bash
# 4. Webhook ingestion: signed webhooks/s on loopback with p50/p99, vs verify-only and verify + one Azurite read (~1-2 min).
# Writes its section of docs/benchmarks.md. Options after the script name override the defaults (e.g. --n 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
bench_run webhooks --n 600 --concurrency 16 --seconds 45 "$@"
