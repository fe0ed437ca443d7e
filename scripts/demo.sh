#!/usr/bin/env bash
# Brings up the local stack (Pebble + challtestsrv, Azurite) and the service with its embedded defaults, places a
# demo DV order, an OV order and an S/MIME Pro order and prints their progress until they are ACTIVE, then keeps the
# service up (dashboard URL and demo API key printed) until Ctrl-C. `scripts/demo.sh --exit` ends after the orders (for
# scripts). State stays in .localdata/ between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SSLFLOW_BROWSER_TESTS=0 bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/DevHost -c Release -- demo "$@"
