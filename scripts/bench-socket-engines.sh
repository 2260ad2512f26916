#!/usr/bin/env bash
# pool-bench with agroal's two socket engines side by side in one run (ev_backend): the candidate's "session" slot
# runs agroal's transaction pipeline on .NET's socket engine (ev_backend = dotnet), its "transaction" slot the same
# pipeline on agroal's epoll loops (ev_backend = epoll). So the target agroal-session is the dotnet engine and
# agroal-txn the epoll engine, both compared with PgBouncer in transaction mode (pgb-txn). AGROAL_PIPELINE=session runs
# agroal's session pipeline in both slots instead (compare with pgb-session then).
#   scripts/bench-socket-engines.sh -d 6 -r 3 --scenarios sel-simple-c10,sel-ext-c10,tpcb-c20 --targets pgb-txn,agroal-session,agroal-txn
# Builds are not made here: run `make compile` (Release) first. POOL_BENCH as for scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pool_bench=${POOL_BENCH:-$root/../shared/bench/pool-bench}
if [ "${1:-}" = --candidate ]; then
  # Called by pool-bench: SRC CONFIGURATION port pgport user password pool mode workdir db
  shift
  mode=$8
  engine=epoll; [ "$mode" = session ] && engine=dotnet
  set -- "${@:1:7}" "${AGROAL_PIPELINE:-transaction}" "${9}-$engine" "${10}"
  mkdir -p "$9"
  AGROAL_EXTRA_MAIN="ev_backend = $engine" exec "$root/scripts/bench-candidate.sh" "$@"
fi
adapter="AGROAL_PIPELINE=${AGROAL_PIPELINE:-transaction} $root/scripts/bench-socket-engines.sh --candidate $root/src Release {listen_port} {pg_port} {user} {password} {pool_size} {mode} {workdir} {db}"
as_user=(); [ "$(id -u)" = 0 ] && as_user=(--candidate-user postgres)
exec "$pool_bench" --candidate-name agroal --candidate-modes session,transaction "${as_user[@]}" --candidate "$adapter" "$@"
