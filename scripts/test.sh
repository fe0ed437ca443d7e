#!/usr/bin/env bash
# Runs every test project (unit tests and tests through real Pebble, Azurite and maildev, which the tests start
# themselves on free ports) and prints one closing line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet build SslFlow.sln -c Release -warnaserror -nologo -v q 2>&1 | tail -n 30
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then echo "tests: 0 passed, 1 failed"; exit 1; fi
filter=()
[ "${SSLFLOW_BROWSER_TESTS:-1}" = "1" ] || filter=(--filter "Category!=Browser")
dotnet test SslFlow.sln -c Release --no-build --nologo "${filter[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=0; failed=0; skipped=0
while read -r f p s; do passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); done < <(
  sed -nE 's/.*(Passed|Failed)!  *- Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \3 \4/p' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
rm -f "$log"
exit "$status"
