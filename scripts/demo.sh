#!/usr/bin/env bash
# Brings up the local stack (Pebble + challtestsrv, Azurite) and the service with its embedded defaults, places a
# demo DV order and prints its progress until it is ACTIVE. State stays in .localdata/ between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SSLFLOW_BROWSER_TESTS=0 bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/LocalHost -c Release -- demo "$@"
