#!/usr/bin/env bash
# Pooler CPU per transaction of two agroal builds and PgBouncer, interleaved run by run, for scenarios that
# bench-before-after.sh cannot put both builds in (pool-bench runs the 200-client and prepared scenarios in the
# transaction slot only, which is the "after" build there).
#   git worktree add /tmp/before HEAD~1 && make -C /tmp/before compile
#   BEFORE=/tmp/before RUNS=3 CLIENTS=200 WARM_CLIENTS=200 WARM=10 scripts/bench-pooler-cpu-compare.sh [PIPELINE]
# Every other setting (DURATION, WARM, WARM_CLIENTS, CLIENTS, PGB_EXTRA) goes to bench-pooler-cpu.sh unchanged;
# PgBouncer asks for SCRAM too (PGB_AUTH), so that logins cost both the same. Compare figures within one output only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?set BEFORE to the checkout whose build is the 'before' (make -C \$BEFORE compile first)}"
pipeline=${1:-transaction} runs=${RUNS:-3}
# One measured run, on one line; a run that made no transactions shows why instead.
one() {
  local out
  out=$("$@" 2>&1) || true
  if ! grep -q '^tps' <<<"$out"; then echo "FAILED: $(tail -n 5 <<<"$out" | tr '\n' ' ')"; return; fi
  # The loop thread's (or PgBouncer's) own user time, without the tiered compiler's and other threads'.
  awk '/^user/ { u = $2; s = $5 } /^tps/ { t = $3 }
    /^CPU us\/tx by thread/ { for (i = 1; i <= NF; i++) if ($i ~ /^(agroal-epoll-0|pgbouncer)\/user=/) { split($i, kv, "="); lu = kv[2] } }
    END { printf "user %5.1f  system %5.1f  total %5.1f us/tx  loop thread user %5.1f  tps %8.0f\n", u, s, u + s, lu, t }' <<<"$out"
}
for run in $(seq 1 "$runs"); do
  echo "run $run before:    $(one "$BEFORE/scripts/bench-pooler-cpu.sh" epoll "$pipeline")"
  echo "run $run after:     $(one scripts/bench-pooler-cpu.sh epoll "$pipeline")"
  echo "run $run pgbouncer: $(PGB_AUTH=${PGB_AUTH:-scram-sha-256} one scripts/bench-pooler-cpu.sh pgbouncer "$pipeline")"
done
