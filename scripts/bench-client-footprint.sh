#!/usr/bin/env bash
# Where a logged-in client's bytes go (issue 10): N clients log in through agroal's transaction pipeline and then sit
# idle (pgbench runs a script that only sleeps), or, with --busy, keep running select-only queries over a small pool
# so that most of them wait for a backend. Once all are connected it reports agroal's VmRSS against its idle RSS before
# the clients came, and, when dotnet-gcdump is installed (dotnet tool install -g dotnet-gcdump), a heap dump's top
# types by bytes, divided by N.
# Build first: dotnet build -c Release Agroal.Actors.sln
#   scripts/bench-client-footprint.sh [-n CLIENTS] [-p POOL] [--busy] [--settle SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIGURATION=${CONFIGURATION:-Release}
CLIENTS=2000 POOL=20 BUSY=0 SETTLE=20
while (($#)); do
  case $1 in
    -n) CLIENTS=$2; shift 2 ;;
    -p) POOL=$2; shift 2 ;;
    --busy) BUSY=1; shift ;;
    --settle) SETTLE=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench-client-footprint: unknown argument $1" >&2; exit 1 ;;
  esac
done
[ -f "src/Agroal.Actors/bin/$CONFIGURATION/net10.0/agroal.dll" ] || { echo "bench-client-footprint: build first (dotnet build -c $CONFIGURATION Agroal.Actors.sln)" >&2; exit 1; }
PG_MAX_CONNECTIONS=$((2 * POOL + 20))
source scripts/bench-lib.sh
bench_setup_dirs bench-client-footprint
files=$((CLIENTS + 4096))
if [ "$(ulimit -n)" -lt "$files" ]; then
  prlimit --pid $$ --nofile="$files:$files" || die "cannot raise the descriptor limit to $files"
fi

start_postgres
start_agroal agroal-txn transaction "$POOL" "backlog = 4096
blocking_timeout = 300
authentication_timeout = 300"
port=$REPLY pid=$AGROAL_PID
rss_kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
idle_kib=$(rss_kib "$pid" VmRSS)
log "agroal before the clients: VmRSS $((idle_kib / 1024)) MiB"

script=$WORK/client.sql
if ((BUSY)); then
  printf '\\set aid random(1, 1000000)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n' >"$script"
else
  printf '\\sleep 600 s\n' >"$script"
fi
PGPASSWORD=$BENCH_PASSWORD PGCONNECT_TIMEOUT=300 "$PG_BIN/pgbench" -n -M simple -c "$CLIENTS" -j 2 -T 900 -f "$script" \
  -h 127.0.0.1 -p "$port" -U "$BENCH_USER" "$BENCH_DB" >"$OUT/pgbench.out" 2>&1 &
bench=$!
# Every client that logged in holds one established socket towards the pooler's port.
for _ in $(seq 600); do
  n=$(ss -Htn state established "( sport = :$port )" | wc -l)
  ((n >= CLIENTS)) && break
  kill -0 "$bench" 2>/dev/null || die "pgbench ended early (see $OUT/pgbench.out)"
  sleep 1
done
log "$n clients connected; settling for $SETTLE s"
sleep "$SETTLE"
rss=$(rss_kib "$pid" VmRSS)
{
  echo "clients $CLIENTS, pool $POOL, $( ((BUSY)) && echo 'busy (select-only loop)' || echo idle)"
  echo "VmRSS before clients $((idle_kib / 1024)) MiB, with clients $((rss / 1024)) MiB, VmHWM $(($(rss_kib "$pid" VmHWM) / 1024)) MiB"
  echo "RSS per client: $(((rss - idle_kib) * 1024 / CLIENTS)) bytes"
} | tee "$OUT/summary.txt"
gcdump=$(command -v dotnet-gcdump || echo "$HOME/.dotnet/tools/dotnet-gcdump")
if [ -x "$gcdump" ]; then
  "$gcdump" collect -p "$pid" -o "$OUT/agroal.gcdump" >"$OUT/gcdump.log" 2>&1 || log "dotnet-gcdump failed (see $OUT/gcdump.log)"
  if [ -f "$OUT/agroal.gcdump" ]; then
    "$gcdump" report "$OUT/agroal.gcdump" >"$OUT/gcdump-report.txt" 2>&1
    echo "top types (bytes, count, bytes per client):" | tee -a "$OUT/summary.txt"
    # The report's rows: size, count, type name.
    awk -v n="$CLIENTS" '$1 ~ /^[0-9,]+$/ && $2 ~ /^[0-9,]+$/ { s = $1; c = $2; gsub(",", "", s); gsub(",", "", c); $1 = ""; $2 = "";
      printf "%12d %8d %7.1f %s\n", s, c, s / n, $0 }' "$OUT/gcdump-report.txt" | head -40 | tee -a "$OUT/summary.txt"
  fi
fi
kill "$bench" 2>/dev/null || true
wait "$bench" 2>/dev/null || true
