#!/bin/sh
# azd's `dotnet publish` must compile src/Functions against the real Azure Functions / Durable / ACS packages.
# MSBuild reads environment variables as properties, so exporting the switch is enough.
set -eu
if [ "${SslFlowUseAzurePackages:-}" != "true" ]; then
  echo "Set SslFlowUseAzurePackages=true (export SslFlowUseAzurePackages=true) before azd deploy/up: the compile-only contracts cannot run." >&2
  exit 1
fi
