#!/usr/bin/env bash
# All five benchmarks, one after the other (bounded to ~25 minutes on 2 cores); each rewrites its section of docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_apt lego lego
bench_apt certbot certbot
bench_build
start=$(date +%s)
export BENCH_SKIP_BUILD=1
for b in issuance engine renewal webhooks waiting; do
  bash bench/run-$b.sh
done
echo "bench: all done in $(( $(date +%s) - start )) s; see docs/benchmarks.md"
