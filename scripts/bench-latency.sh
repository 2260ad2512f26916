#!/usr/bin/env bash
# Latency added by a pooler over direct PostgreSQL (issue 10's p99 goal): pgbench select-only, simple protocol,
# 10 clients, per-transaction logs (-l), against PostgreSQL 15 directly, PgBouncer (session and transaction mode) and
# agroal (session and transaction pipeline), all over the same PostgreSQL, runs interleaved and rotated per round.
# Prints p50/p99/p99.9 per target over every logged transaction, the spread of the per-round p99, and what each
# pooler adds to direct PostgreSQL's p50 and p99. Build first: dotnet build -c Release Agroal.Actors.sln
#   scripts/bench-latency.sh [-d SECONDS] [-r ROUNDS] [-c CLIENTS] [-R TPS] [--targets direct,pgb-session,pgb-txn,agroal-session,agroal-txn]
# -R runs every target at that many transactions a second in all (pgbench --rate, Poisson arrivals) instead of flat
# out: on two cores a saturated run measures mostly who waits for a core. The latency is then each transaction's own
# (pgbench's time minus its schedule lag, the wait for the client's own turn inside pgbench).
# The per-transaction logs and the table stay in $OUT (default /tmp/bench-latency-results/<timestamp>).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIGURATION=${CONFIGURATION:-Release}
DURATION=10 ROUNDS=3 CLIENTS=10 POOL=20 RATE=
TARGETS=direct,pgb-session,pgb-txn,agroal-session,agroal-txn
while (($#)); do
  case $1 in
    -d) DURATION=$2; shift 2 ;;
    -r) ROUNDS=$2; shift 2 ;;
    -c) CLIENTS=$2; shift 2 ;;
    -R) RATE=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench-latency: unknown argument $1" >&2; exit 1 ;;
  esac
done
[ -f "src/Agroal.Actors/bin/$CONFIGURATION/net10.0/agroal.dll" ] || { echo "bench-latency: build first (dotnet build -c $CONFIGURATION Agroal.Actors.sln)" >&2; exit 1; }
PG_MAX_CONNECTIONS=$((4 * POOL + CLIENTS + 10))
source scripts/bench-lib.sh
bench_setup_dirs bench-latency
IFS=, read -r -a names <<<"$TARGETS"

start_postgres
declare -A port
for name in "${names[@]}"; do
  case $name in
    direct) port[$name]=$PG_PORT ;;
    pgb-session) start_pgbouncer "$name" session "$POOL" 1000; port[$name]=$REPLY ;;
    pgb-txn) start_pgbouncer "$name" transaction "$POOL" 1000; port[$name]=$REPLY ;;
    agroal-session) start_agroal "$name" session "$POOL"; port[$name]=$REPLY ;;
    agroal-txn) start_agroal "$name" transaction "$POOL"; port[$name]=$REPLY ;;
    *) die "unknown target $name" ;;
  esac
done

pgbench_run() {  # pgbench_run TARGET SECONDS [more pgbench options]
  local name=$1 seconds=$2; shift 2
  PGPASSWORD=$BENCH_PASSWORD "$PG_BIN/pgbench" -n -S -M simple -c "$CLIENTS" -j 2 -T "$seconds" -h 127.0.0.1 -p "${port[$name]}" \
    -U "$BENCH_USER" "$@" "$BENCH_DB"
}

for name in "${names[@]}"; do
  pgbench_run "$name" 3 >/dev/null 2>&1 || die "warm-up of $name failed"
done
background_busy
log "background CPU busy before the benchmark: $REPLY% of one core (3 s sample)"
echo "background CPU busy before the benchmark: $REPLY% of one core" >"$OUT/summary.txt"

n=${#names[@]}
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < n; k++)); do
    name=${names[(round - 1 + k) % n]}
    mkdir -p "$OUT/$name"
    pgbench_run "$name" "$DURATION" ${RATE:+-R "$RATE"} -l --log-prefix="$OUT/$name/r$round" >"$OUT/$name/r$round.out" 2>&1 \
      || die "pgbench against $name failed: $(tail -3 "$OUT/$name/r$round.out")"
    log "round $round $name: $(awk '/^tps = /{ printf "%.0f tps", $3 }' "$OUT/$name/r$round.out")"
  done
done

# Column 3 of pgbench's per-transaction log is the transaction's latency in microseconds; with --rate it counts from
# the scheduled start, and column 7 is the schedule lag, which is taken off.
percentiles() {  # percentiles FILE... -> "count p50 p99 p999" (nearest rank)
  cat "$@" | awk -v rated="${RATE:+1}" '{ print rated ? $3 - $7 : $3 }' | sort -n | awk '{ v[NR] = $1 } END {
    r50 = int(NR * 0.50 + 0.999999); r99 = int(NR * 0.99 + 0.999999); r999 = int(NR * 0.999 + 0.999999)
    printf "%d %d %d %d\n", NR, v[r50], v[r99], v[r999] }'
}
declare -A p50 p99 p999 count spread tps
for name in "${names[@]}"; do
  read -r count[$name] p50[$name] p99[$name] p999[$name] <<<"$(percentiles "$OUT/$name"/r*.[0-9]*)"
  lows=() 
  for ((round = 1; round <= ROUNDS; round++)); do
    read -r _ _ r99 _ <<<"$(percentiles "$OUT/$name/r$round".[0-9]*)"
    lows+=("$r99")
  done
  spread[$name]=$(printf '%s\n' "${lows[@]}" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%d..%d", lo, hi }')
  tps[$name]=$(cat "$OUT/$name"/r*.out | awk '/^tps = / { print $3 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] }')
done
{
  echo "pgbench -n -S -M simple -c $CLIENTS -j 2 -T $DURATION${RATE:+ -R $RATE} -l, $ROUNDS rounds interleaved; latencies in us over every transaction of every round${RATE:+ (schedule lag taken off)}"
  echo
  echo "| target | transactions | TPS (median round) | p50 | p99 | p99.9 | p99 per round | added p50 | added p99 |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
  for name in "${names[@]}"; do
    added50=- added99=-
    if [ -n "${p99[direct]:-}" ] && [ "$name" != direct ]; then
      added50=$((p50[$name] - p50[direct])); added99=$((p99[$name] - p99[direct]))
    fi
    echo "| $name | ${count[$name]} | ${tps[$name]} | ${p50[$name]} | ${p99[$name]} | ${p999[$name]} | ${spread[$name]} | $added50 | $added99 |"
  done
} | tee -a "$OUT/summary.txt"
