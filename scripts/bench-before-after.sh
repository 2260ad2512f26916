#!/usr/bin/env bash
# pool-bench with two builds of agroal side by side in one run, for a change's before/after figures: the candidate's
# "session" slot runs the build in BEFORE (another checkout, e.g. a git worktree at the commit before the change),
# its "transaction" slot this checkout's build. Both run the pipeline AGROAL_PIPELINE (transaction by default), so
# the target agroal-session is "before" and agroal-txn "after"; compare them with pgb-txn (or pgb-session when
# AGROAL_PIPELINE=session).
#   git worktree add /tmp/before HEAD~1 && make -C /tmp/before compile
#   BEFORE=/tmp/before scripts/bench-before-after.sh -d 6 -r 3 --scenarios churn-c10,sel-simple-c10 --targets pgb-txn,agroal-session,agroal-txn
# Builds are not made here: run `make compile` (Release) in both checkouts first. POOL_BENCH as for scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pool_bench=${POOL_BENCH:-$root/../shared/bench/pool-bench}
if [ "${1:-}" = --candidate ]; then
  # Called by pool-bench: SRC CONFIGURATION port pgport user password pool mode workdir db
  shift
  mode=$8 build=after src=$1
  if [ "$mode" = session ]; then build=before src=$BEFORE/src; fi
  set -- "$src" "${@:2:6}" "${AGROAL_PIPELINE:-transaction}" "${9}-$build" "${10}"
  mkdir -p "$9"
  exec "$root/scripts/bench-candidate.sh" "$@"
fi
: "${BEFORE:?set BEFORE to the checkout whose build is the 'before' (its src/*/bin/Release must exist)}"
[ -f "$BEFORE/src/Agroal.Actors/bin/Release/net10.0/agroal.dll" ] || { echo "bench-before-after: $BEFORE has no Release build: make -C $BEFORE compile" >&2; exit 1; }
adapter="BEFORE=$BEFORE AGROAL_PIPELINE=${AGROAL_PIPELINE:-transaction} $root/scripts/bench-before-after.sh --candidate $root/src Release {listen_port} {pg_port} {user} {password} {pool_size} {mode} {workdir} {db}"
as_user=(); [ "$(id -u)" = 0 ] && as_user=(--candidate-user postgres)
exec "$pool_bench" --candidate-name agroal --candidate-modes session,transaction "${as_user[@]}" --candidate "$adapter" "$@"
