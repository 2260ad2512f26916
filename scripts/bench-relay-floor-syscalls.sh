#!/usr/bin/env bash
# Syscalls per transaction of PgBouncer (session mode), the epoll relay and the dotnet relay, one after the other,
# on the same select-only load: pgbench -n -S -M simple -c 10 -j 2 -T $DURATION. Each target is warmed up (JIT,
# PgBouncer's server connections), then strace -f attaches to its process (all threads) for the measured pgbench
# run only. Per transaction it prints recvfrom, the recvfrom calls that failed with EAGAIN, sendto, epoll_wait and
# every syscall together. strace slows each target down several times over, so its TPS here mean nothing; the
# counts per transaction do not depend on speed as long as every wait ends with one request or one response.
#
# pool-bench does not expose its setup as a library, so this script starts its own throw-away PostgreSQL 15 with
# pool-bench's settings (fsync off, autovacuum off, ...), but with trust authentication for TCP as well: the
# connections are made once per run, so authentication does not show in per-transaction counts.
#   DURATION   seconds of the measured pgbench run (default 10)
#   PG_BIN     PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
#   KEEP=1     keep the work directory (traces, logs) instead of deleting it
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${DURATION:-10}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
clients=10
for tool in strace pgbouncer "$pg_bin/postgres" "$pg_bin/pgbench"; do
  command -v "$tool" >/dev/null || { echo "bench-relay-floor-syscalls: $tool not found (apt-get install -y strace pgbouncer postgresql-15)" >&2; exit 1; }
done

dotnet build -c Release -nologo -v quiet src/Agroal.RelayFloor/Agroal.RelayFloor.csproj >&2
dll=$root/src/Agroal.RelayFloor/bin/Release/net10.0/agroal-relay-floor.dll

work=$(mktemp -d "${TMPDIR:-/tmp}/relay-floor-syscalls.XXXXXX")
chmod 755 "$work"
run_as=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL and PgBouncer refuse to run as root.
  run_as=(setpriv --reuid="$(id -u postgres)" --regid="$(id -g postgres)" --init-groups --)
  chown postgres: "$work"
fi
started_pids=()
cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}
wait_port() {
  local deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "bench-relay-floor-syscalls: nothing listens on port $1" >&2; exit 2; }
    sleep 0.2
  done
}

pg_port=$(free_port)
"${run_as[@]}" "$pg_bin/initdb" -D "$work/pgdata" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync \
  >"$work/initdb.log" 2>&1
cat >>"$work/pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$work'
max_connections = 100
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
checkpoint_timeout = 1h
max_wal_size = 4GB
autovacuum = off
jit = off
CONF
"${run_as[@]}" "$pg_bin/postgres" -D "$work/pgdata" >"$work/postgres.log" 2>&1 </dev/null &
started_pids+=("$!")
wait_port "$pg_port"
until "$pg_bin/pg_isready" -q -h "$work" -p "$pg_port" -U postgres; do sleep 0.2; done
export PGSSLMODE=disable PGGSSENCMODE=disable PGUSER=postgres PGDATABASE=postgres
"$pg_bin/pgbench" -i -q -s 10 -h 127.0.0.1 -p "$pg_port" >"$work/pgbench-init.log" 2>&1
"$pg_bin/psql" -X -q -h "$work" -p "$pg_port" -c "VACUUM ANALYZE" -c CHECKPOINT >/dev/null

declare -A target_port target_pid
pgb_port=$(free_port)
echo '"postgres" ""' >"$work/userlist.txt"
cat >"$work/pgbouncer.ini" <<INI
[databases]
postgres = host=127.0.0.1 port=$pg_port dbname=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pgb_port
unix_socket_dir =
auth_type = trust
auth_file = $work/userlist.txt
pool_mode = session
default_pool_size = 20
max_client_conn = 1000
log_connections = 0
log_disconnections = 0
log_stats = 0
INI
chmod 644 "$work/pgbouncer.ini" "$work/userlist.txt"
"${run_as[@]}" pgbouncer "$work/pgbouncer.ini" >"$work/pgbouncer.log" 2>&1 </dev/null &
started_pids+=("$!"); target_pid[pgbouncer]=$!; target_port[pgbouncer]=$pgb_port

for engine in epoll dotnet; do
  port=$(free_port)
  DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$dll" --listen-port "$port" --pg-port "$pg_port" \
    --engine "$engine" >"$work/relay-$engine.log" 2>&1 </dev/null &
  started_pids+=("$!"); target_pid[$engine]=$!; target_port[$engine]=$port
done

printf '%-10s %8s %8s %10s %8s %8s %10s %8s  %s\n' target tps tx recvfrom EAGAIN sendto epoll_wait all "(syscalls per transaction; tps under strace)"
for target in pgbouncer epoll dotnet; do
  port=${target_port[$target]} pid=${target_pid[$target]}
  wait_port "$port"
  "$pg_bin/pgbench" -n -S -M simple -c 4 -j 2 -T 3 -h 127.0.0.1 -p "$port" >"$work/warmup-$target.log" 2>&1
  trace=$work/$target.trace
  strace -f -qq -s 0 -o "$trace" -p "$pid" &
  strace_pid=$!
  sleep 1   # let strace attach to every thread before the load starts
  "$pg_bin/pgbench" -n -S -M simple -c "$clients" -j 2 -T "$duration" -h 127.0.0.1 -p "$port" >"$work/pgbench-$target.log" 2>&1
  kill -INT "$strace_pid"; wait "$strace_pid" || true
  tx=$(awk -F': ' '/number of transactions actually processed/ { split($2, a, "/"); print a[1] }' "$work/pgbench-$target.log")
  tps=$(awk '/^tps = / { printf "%.0f", $3 }' "$work/pgbench-$target.log")
  [ -n "$tx" ] && [ "$tx" -gt 0 ] || { echo "bench-relay-floor-syscalls: pgbench through $target failed:" >&2; cat "$work/pgbench-$target.log" >&2; exit 2; }
  # A call interrupted by another thread's syscall shows as "name(... <unfinished ...>" and later
  # "<... name resumed> ... = result": the call is counted at its start and its result read where it ends.
  awk -v tx="$tx" -v target="$target" -v tps="$tps" '
    { sub(/^[0-9]+ +/, "") }
    /^<\.\.\. [a-z0-9_]+ resumed>/ { name = $2; if (/= -1 EAGAIN/) eagain[name]++; next }
    /^[a-z0-9_]+\(/ { name = substr($0, 1, index($0, "(") - 1); calls[name]++; all++; if (/= -1 EAGAIN/) eagain[name]++ }
    END {
      printf "%-10s %8s %8d %10.2f %8.2f %8.2f %10.2f %8.2f\n", target, tps, tx, calls["recvfrom"] / tx,
        eagain["recvfrom"] / tx, calls["sendto"] / tx, (calls["epoll_wait"] + calls["epoll_pwait"]) / tx, all / tx
      for (n in calls) if (calls[n] / tx >= 0.01) other = other sprintf(" %s=%.2f", n, calls[n] / tx)
      print "           all calls per tx:" other > "/dev/stderr"
    }' "$trace"
done
