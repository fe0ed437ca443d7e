#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with the .NET 10 SDK and Node 20 lacks: Pebble (apt) and the pinned
# npm parts (Azurite, maildev). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
if [ "${SSLFLOW_BROWSER_TESTS:-0}" = "1" ]; then command -v chromium >/dev/null 2>&1 || missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  echo "setup: installing ${missing[*]} with apt-get"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x node_modules/.bin/azurite-table ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (pinned Azurite, maildev)"
  npm ci --no-audit --no-fund --loglevel=error
fi
