#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with the .NET 10 SDK and Node 20 lacks: Pebble, nginx, lego (the customer's ACME
# client in the CaaS tests), BIND 9 and PowerDNS (the dns-01 tests' authoritative servers) and chromium (apt) and the
# pinned npm parts (Azurite, maildev, playwright-core). Safe to run again. SSLFLOW_BROWSER_TESTS=0 skips chromium
# (and scripts/test.sh then leaves out the dashboard browser test).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
command -v lego >/dev/null 2>&1 || missing+=(lego)
# nginx: the installation tests and the demo start their own instance (src/DevStack/NginxRunner.cs); Debian's service is not used.
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
# BIND 9 and PowerDNS (sqlite3 backend): the DNS tests start their own named / pdns_server with their own config, zones
# and free ports (src/DevStack/BindRunner.cs, PowerDnsRunner.cs); the services Debian starts on install are not used.
[ -x /usr/sbin/named ] || command -v named >/dev/null 2>&1 || missing+=(bind9)
command -v dig >/dev/null 2>&1 || missing+=(bind9-dnsutils)
[ -x /usr/sbin/pdns_server ] || command -v pdns_server >/dev/null 2>&1 || missing+=(pdns-server)
ls /usr/lib/*/pdns/libgsqlite3backend.so >/dev/null 2>&1 || missing+=(pdns-backend-sqlite3)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if [ "${SSLFLOW_BROWSER_TESTS:-1}" = "1" ]; then command -v chromium >/dev/null 2>&1 || missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  echo "setup: installing ${missing[*]} with apt-get"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x node_modules/.bin/azurite-table ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (pinned Azurite, maildev, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
