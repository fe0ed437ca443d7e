#!/usr/bin/env bash
# Shared by bench/run-*.sh: installs what a fresh Debian 12 machine (with the .NET 10 SDK and Node 20) lacks, builds
# the benchmark harness once (Release), and runs one benchmark, which rewrites its section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bench_apt() { # bench_apt <command> <package>...: installs the packages when the command is missing
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  local sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
  echo "bench: installing $* with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

bench_build() {
  bash scripts/setup.sh # Pebble (apt), Azurite and maildev (npm, pinned)
  if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
    dotnet build bench/SslFlow.Bench -c Release -nologo -v q -clp:ErrorsOnly
  fi
}

bench_run() { # bench_run <name> [options]; BENCH_QUICK=1 shrinks every benchmark to a smoke run (it still rewrites the doc)
  if [ "${BENCH_QUICK:-0}" = "1" ]; then
    case $1 in
      issuance) set -- "$@" --n 3;;
      engine) set -- "$@" --memory 300 --table 20 --seconds 30;;
      renewal) set -- "$@" --sizes 500,1000;;
      webhooks) set -- "$@" --n 50;;
      waiting) set -- "$@" --n 200;;
    esac
  fi
  echo "bench: $1 (load average $(cut -d' ' -f1-3 /proc/loadavg)) at $(date -u +%H:%M:%S) UTC"
  dotnet bench/SslFlow.Bench/bin/Release/net10.0/SslFlow.Bench.dll "$@"
}
