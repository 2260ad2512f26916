#!/usr/bin/env bash
# Issue 10's memory goal: 10,000 concurrent logged-in clients over 20 backends in the transaction pipeline, all running
# select-only queries in a loop (pgbench -S -c 10000, which connects every client before the timed part starts), and
# agroal's resident memory under 300 MB. Reports agroal's VmRSS (sampled every 2 s, peak and last) and VmHWM, its open
# descriptors at the peak, TPS, failed transactions and aborted clients; then the same load on PgBouncer in transaction
# mode (same PostgreSQL, same pool size) as the control for what the client side allows on this machine.
# Build first: dotnet build -c Release Agroal.Actors.sln
#   scripts/bench-10k-clients.sh [-n CLIENTS] [-d SECONDS] [-p POOL] [--connect-seconds S] [--no-pgbouncer]
#   EV_BACKEND=dotnet|epoll picks agroal's socket engine (default auto).
# pgbench's -T clock starts before its clients connect: -T is CONNECTING + SECONDS (pgbench's TPS leaves the connection
# time out); ten thousand SCRAM logins take about 70 s on a loaded 2-core machine, most of it libpq's PBKDF2.
# As root the descriptor limit is raised with prlimit for this shell and everything it starts (agroal, pgbench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIGURATION=${CONFIGURATION:-Release}
CLIENTS=10000 DURATION=60 POOL=20 CONTROL=1 CONNECTING=150
while (($#)); do
  case $1 in
    -n) CLIENTS=$2; shift 2 ;;
    -d) DURATION=$2; shift 2 ;;
    -p) POOL=$2; shift 2 ;;
    --connect-seconds) CONNECTING=$2; shift 2 ;;
    --no-pgbouncer) CONTROL=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench-10k-clients: unknown argument $1" >&2; exit 1 ;;
  esac
done
[ -f "src/Agroal.Actors/bin/$CONFIGURATION/net10.0/agroal.dll" ] || { echo "bench-10k-clients: build first (dotnet build -c $CONFIGURATION Agroal.Actors.sln)" >&2; exit 1; }
PG_MAX_CONNECTIONS=$((2 * POOL + 20))
source scripts/bench-lib.sh
bench_setup_dirs bench-10k-clients

# Every client is a socket in pgbench and in the pooler, plus the runtime's own descriptors.
files=$((CLIENTS + 4096))
if [ "$(ulimit -n)" -lt "$files" ]; then
  prlimit --pid $$ --nofile="$files:$files" || die "cannot raise the descriptor limit to $files (prlimit needs root past the hard limit)"
fi
log "descriptor limit: $(ulimit -n)"

start_postgres
# A burst of thousands of connects: with pgagroal's default backlog (max_connections / 4) the kernel drops handshakes.
start_agroal agroal-txn transaction "$POOL" "backlog = 4096
blocking_timeout = 120
authentication_timeout = 120
ev_backend = ${EV_BACKEND:-auto}"
agroal_port=$REPLY
agroal_pid=$AGROAL_PID
agroal_files=$(awk '/Max open files/ { print $4 }' "/proc/$agroal_pid/limits")
[ "$agroal_files" -ge "$files" ] || die "agroal may open only $agroal_files descriptors, $files needed"
rss_kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
log "agroal idle: VmRSS $(($(rss_kib "$agroal_pid" VmRSS) / 1024)) MiB"

drive() {  # drive NAME PORT PID -> pgbench output in $OUT/NAME.out, RSS samples in $OUT/NAME.rss
  local name=$1 port=$2 pid=$3 bench
  PGPASSWORD=$BENCH_PASSWORD PGCONNECT_TIMEOUT=120 "$PG_BIN/pgbench" -n -S -M simple -c "$CLIENTS" -j 2 -T $((CONNECTING + DURATION)) -P 10 \
    -h 127.0.0.1 -p "$port" -U "$BENCH_USER" "$BENCH_DB" >"$OUT/$name.out" 2>&1 &
  bench=$!
  : >"$OUT/$name.rss"
  while kill -0 "$bench" 2>/dev/null; do
    printf '%(%H:%M:%S)T %s %s\n' -1 "$(rss_kib "$pid" VmRSS)" "$(ls "/proc/$pid/fd" | wc -l)" >>"$OUT/$name.rss"
    sleep 2
  done
  wait "$bench" || log "pgbench against $name exited with $? (see $OUT/$name.out)"
}

report() {  # report NAME PID
  local name=$1 pid=$2 peak last fds
  read -r peak fds <<<"$(awk '$2 > m { m = $2; f = $3 } END { print m, f }' "$OUT/$name.rss")"
  last=$(tail -1 "$OUT/$name.rss" | awk '{ print $2 }')
  awk -v name="$name" -v peak="$peak" -v last="$last" -v fds="$fds" -v hwm="$(rss_kib "$pid" VmHWM)" '
    /^initial connection time/ { conn = $5 }
    /^tps = / { tps = $3 }
    /^number of transactions actually processed/ { done = $NF }
    /^number of failed transactions/ { failed = $5 }
    /aborted/ { aborted++ }
    END {
      printf "%s: TPS %.0f, transactions %s, failed %s, aborted clients %d, connecting all clients took %s ms\n", name, tps, done, failed + 0, aborted, conn
      printf "%s: VmRSS peak %.1f MiB (with %d descriptors open), VmRSS at the end %.1f MiB, VmHWM %.1f MiB\n", name, peak / 1024, fds, last / 1024, hwm / 1024 }' \
    "$OUT/$name.out" | tee -a "$OUT/summary.txt"
}

background_busy
log "background CPU busy before the benchmark: $REPLY% of one core (3 s sample)"
echo "background CPU busy before the benchmark: $REPLY% of one core; pgbench -n -S -M simple -c $CLIENTS -j 2 -T $((CONNECTING + DURATION)) (clients connect first), pool $POOL" >"$OUT/summary.txt"
drive agroal-txn "$agroal_port" "$agroal_pid"
report agroal-txn "$agroal_pid"
if ((CONTROL)); then
  start_pgbouncer pgb-txn transaction "$POOL" $((CLIENTS + 100))
  pgb_port=$REPLY
  pgb_pid=${STARTED_PIDS[-1]}
  drive pgb-txn "$pgb_port" "$pgb_pid"
  report pgb-txn "$pgb_pid"
fi
