#!/usr/bin/env bash
# 1. End-to-end issuance: 50 DV certificates by http-01 from one Pebble, SslFlow vs lego vs certbot (~9 min).
# Writes its section of docs/benchmarks.md. Options after the script name override the defaults (e.g. --n 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_apt lego lego
bench_apt certbot certbot
bench_build
bench_run issuance --n 50 --seconds 420 "$@"
