#!/usr/bin/env bash
# Runs every test once and prints the runner's summary as "N passed, N failed, N skipped".
# A run that executed no test fails, and so does one whose runner crashed.
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d /tmp/agroal-test-results.XXXXXX)
# This run's PostgreSQL clusters live under their own prefix (PostgresDirectories), so the clean-up below cannot kill
# another run's.
export AGROAL_TEST_RUN=${AGROAL_TEST_RUN:-r$(date +%s)$$}
trap 'rm -rf "$results"' EXIT
dotnet test src/Agroal.Tests/Agroal.Tests.csproj -c Release --no-build \
  --logger "trx;LogFileName=tests.trx" --results-directory "$results" \
  --blame-hang --blame-hang-timeout 5m "$@" 2>&1 | tee "$results/console.log"
rc=${PIPESTATUS[0]}
trx=$(find "$results" -name '*.trx' | head -n 1)
passed=0 failed=0 skipped=0 total=0
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  skipped=$(( ${total:-0} - ${executed:-0} ))
fi
# No PostgreSQL started by the tests may outlive them.
pkill -KILL -f "postgres -D /tmp/agroal-pg-$AGROAL_TEST_RUN-" 2>/dev/null || true
echo
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${executed:-0}" = 0 ]; then
  echo "tests: no test was executed" >&2
  exit 1
fi
[ "$rc" = 0 ] && [ "${failed:-0}" = 0 ] || exit 1
