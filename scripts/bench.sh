#!/usr/bin/env bash
# make bench: pool-bench's comparison of PostgreSQL direct, PgBouncer and agroal (session and transaction mode),
# agroal started through scripts/bench-candidate.sh from this checkout's build. Prints pool-bench's table.
#   POOL_BENCH   the harness (default ../shared/bench/pool-bench next to the checkout)
#   extra arguments go to pool-bench: scripts/bench.sh --dry-run, scripts/bench.sh -d 5 -r 2 --scenarios churn-c10
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
CONFIGURATION=${CONFIGURATION:-Release}
pool_bench=${POOL_BENCH:-$root/../shared/bench/pool-bench}
if [ ! -x "$pool_bench" ]; then
  echo "bench: pool-bench not found at $pool_bench: set POOL_BENCH=/path/to/pool-bench" >&2
  exit 1
fi
for dll in src/Agroal.Actors/bin/$CONFIGURATION/net10.0/agroal.dll src/Agroal.Cli/bin/$CONFIGURATION/net10.0/agroal-cli.dll; do
  [ -f "$dll" ] || { echo "bench: $dll is missing: run make bench (it builds first)" >&2; exit 1; }
done
adapter="$root/scripts/bench-candidate.sh $root/src $CONFIGURATION {listen_port} {pg_port} {user} {password} {pool_size} {mode} {workdir} {db}"
# As root, pool-bench runs PostgreSQL and PgBouncer as postgres; the candidate runs as the same user.
as_user=(); [ "$(id -u)" = 0 ] && as_user=(--candidate-user postgres)
exec "$pool_bench" --candidate-name agroal --candidate-modes session,transaction "${as_user[@]}" --candidate "$adapter" "$@"
