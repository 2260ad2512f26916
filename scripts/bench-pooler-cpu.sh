#!/usr/bin/env bash
# Where one pooler's CPU goes under one pgbench load, for the issue 10 notes: a throw-away PostgreSQL 15 (trust,
# fsync off, scale 10), then PgBouncer or agroal (from this checkout's Release build, through bench-candidate.sh)
# in front of it, a warm-up, and one measured pgbench run (-S -M simple).
#   scripts/bench-pooler-cpu.sh TARGET [PIPELINE]
#     TARGET    epoll | dotnet (agroal with that ev_backend) | pgbouncer | floor (src/Agroal.RelayFloor's epoll
#               relay: one backend per client, no parsing, no pool; PIPELINE means nothing to it; build it first
#               with `dotnet build -c Release src/Agroal.RelayFloor`)
#     PIPELINE  transaction (default) | session
#   MODE=cpu (default)  user and system CPU of the pooler per transaction, from /proc/PID/stat, and its context
#                       switches per transaction by thread name (each thread wakes once per switch it makes)
#   MODE=syscalls       syscalls per transaction (strace -f; its TPS mean nothing, the counts do)
#   MODE=perf           perf record -g, then the split by DSO and the top user-space symbols (JIT code named,
#                       W^X off so that perf can map it); PERF_EVENTS replaces the sampling (-e sched:sched_wakeup
#                       records who wakes whom), PERF_KEEP=FILE keeps perf.data (perf-PID.map stays in /tmp)
#   MODE=runtime        per transaction from the runtime's own counters (dotnet-counters, a dotnet tool): managed
#                       bytes allocated, user and system CPU, methods the JIT compiled meanwhile (the collector's own
#                       attach included), GCs and thread-pool work items, and the median second's allocation (the
#                       collector alone allocates ~32 KB a second); COUNTERS_KEEP=FILE keeps the csv
#   DURATION (15) seconds measured, WARM (3) seconds of warm-up with WARM_CLIENTS (4) clients, CLIENTS (10),
#   PGB_LOAD (-S -M simple; "-M simple" runs tpcb, "-M simple -r" adds per-statement latencies), PGB_EXTRA (e.g. -C
#   for a new connection per transaction), PGB_LOG_KEEP=FILE keeps pgbench's output (cpu mode). agroal
#   asks its clients for SCRAM; PgBouncer trusts them unless PGB_AUTH=scram-sha-256, which makes logins comparable;
#   AGROAL_AUTH=trust makes agroal trust them too
#   (pgbench's own SCRAM takes most of a core at -C, which starves both poolers and blurs their figures).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
engine=$1 pipeline=${2:-transaction} duration=${DURATION:-15}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d /tmp/bench-pooler-cpu.XXXXXX); chmod 755 $work; chown postgres: $work
run_as=(setpriv --reuid="$(id -u postgres)" --regid="$(id -g postgres)" --init-groups --)
# Two neighbouring ports below the ephemeral range that no socket holds: a taken one would stop PostgreSQL or the
# pooler, or the wait below would find someone else's listener.
while :; do
  pg_port=$((20000 + RANDOM % 12000)); ag_port=$((pg_port+1))
  [ -z "$(ss -Htan "( sport = :$pg_port or sport = :$ag_port )")" ] && break
done
"${run_as[@]}" $pg_bin/initdb -D $work/pgdata -U postgres --auth=trust --no-sync >/dev/null
cat >>$work/pgdata/postgresql.conf <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$work'
fsync = off
synchronous_commit = off
autovacuum = off
jit = off
CONF
"${run_as[@]}" $pg_bin/postgres -D $work/pgdata >$work/pg.log 2>&1 </dev/null & pgpid=$!
trap 'kill $pgpid ${agpid:-} 2>/dev/null; sleep 1; rm -rf $work' EXIT
# A random port may be taken: then PostgreSQL exits, and waiting for it would never end.
until $pg_bin/pg_isready -q -h 127.0.0.1 -p $pg_port; do
  kill -0 $pgpid 2>/dev/null || { echo "bench-pooler-cpu: PostgreSQL did not start:" >&2; tail -3 $work/pg.log >&2; exit 1; }
  sleep 0.2
done
export PGUSER=postgres PGDATABASE=postgres PGSSLMODE=disable
$pg_bin/pgbench -i -q -s 10 -h 127.0.0.1 -p $pg_port >/dev/null 2>&1
# JIT code named in perf reports, for either .NET target (PgBouncer ignores these).
[ "${MODE:-cpu}" = perf ] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
if [ "$engine" = pgbouncer ]; then
# The SCRAM secret as PostgreSQL stores it, as pool-bench gives PgBouncer: a plain password would cost PgBouncer a
# key derivation per login, which agroal's vault does not.
secret=$($pg_bin/psql -h 127.0.0.1 -p $pg_port -Atc "SET password_encryption = 'scram-sha-256'; ALTER ROLE postgres PASSWORD 'benchpass'; SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'" | tail -1)
echo "\"postgres\" \"$secret\"" > $work/userlist.txt
cat > $work/pgbouncer.ini <<INI
[databases]
postgres = host=127.0.0.1 port=$pg_port dbname=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $ag_port
unix_socket_dir =
auth_type = ${PGB_AUTH:-trust}
auth_file = $work/userlist.txt
pool_mode = $pipeline
default_pool_size = 20
max_client_conn = 1000
INI
chmod 644 $work/*.ini $work/userlist.txt
"${run_as[@]}" pgbouncer $work/pgbouncer.ini >$work/agroal.out 2>&1 </dev/null & agpid=$!
sleep 1
elif [ "$engine" = floor ]; then
floor_dll=$root/src/Agroal.RelayFloor/bin/Release/net10.0/agroal-relay-floor.dll
[ -f "$floor_dll" ] || { echo "bench-pooler-cpu: $floor_dll is missing: dotnet build -c Release src/Agroal.RelayFloor" >&2; exit 1; }
dotnet "$floor_dll" --listen-port $ag_port --pg-port $pg_port --engine epoll --threads 1 >$work/agroal.out 2>&1 & agpid=$!
else
AGROAL_EXTRA_MAIN="ev_backend = $engine" "$root/scripts/bench-candidate.sh" "$root/src" Release $ag_port $pg_port postgres benchpass 20 $pipeline $work postgres >$work/agroal.out 2>&1 & agpid=$!
fi
export PGPASSWORD=benchpass
for i in $(seq 1 150); do (exec 3<>/dev/tcp/127.0.0.1/$ag_port) 2>/dev/null && break; sleep 0.2; done
if ! kill -0 $agpid 2>/dev/null; then
  echo "bench-pooler-cpu: the pooler did not start:" >&2; tail -n 20 $work/agroal.out >&2; exit 1
fi
[ "$engine" = pgbouncer ] || [ "$engine" = floor ] || agpid=$(pgrep -f "dotnet.*agroal.dll.*$work" | head -1)
$pg_bin/pgbench -n ${PGB_LOAD:--S -M simple} ${PGB_EXTRA:-} -c ${WARM_CLIENTS:-4} -j 2 -T ${WARM:-3} -h 127.0.0.1 -p $ag_port > $work/warm.log 2>&1 || { cat $work/warm.log $work/agroal.out; exit 1; }
mode=${MODE:-cpu}
# The measured load, the same in every mode, and the transactions it made.
measured_pgbench() {
  $pg_bin/pgbench -n ${PGB_LOAD:--S -M simple} ${PGB_EXTRA:-} -c ${CLIENTS:-10} -j 2 -T $duration -h 127.0.0.1 -p $ag_port > $work/pgbench.log 2>&1 || {
    echo "bench-pooler-cpu: the measured pgbench failed:" >&2; tail -n 15 $work/pgbench.log >&2
    echo "bench-pooler-cpu: the pooler's output:" >&2; tail -n 30 $work/agroal.out >&2; exit 1; }
}
transactions() { awk -F': ' '/number of transactions actually processed/ { split($2, a, "/"); print a[1] }' $work/pgbench.log; }
if [ "$mode" = cpu ]; then
  # Context switches (voluntary + involuntary) per thread name, summed over the threads alive at that moment.
  switches() { for t in /proc/$agpid/task/*; do echo "$(tr ' ' '_' < $t/comm) $(awk '/ctxt_switches/ { n += $2 } END { print n }' $t/status)"; done | awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort; }
  # User and system ticks per thread name, as NAME/user and NAME/system (the comm field may hold spaces: it is read
  # from the comm file).
  threadcpu() { for t in /proc/$agpid/task/*; do n=$(tr ' ' '_' < $t/comm); sed 's/^.*) //' $t/stat | awk -v n="$n" '{ print n "/user", $12; print n "/system", $13 }'; done | awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort; }
  threadcpu > $work/threadcpu0
  read -r u0 s0 < <(awk '{print $14, $15}' /proc/$agpid/stat)
  switches > $work/switches0
  measured_pgbench
  read -r u1 s1 < <(awk '{print $14, $15}' /proc/$agpid/stat)
  switches > $work/switches1
  threadcpu > $work/threadcpu1
  tx=$(transactions)
  awk -v u=$((u1-u0)) -v s=$((s1-s0)) -v tx=$tx 'BEGIN { printf "user %.1f us/tx, system %.1f us/tx\n", u*10000/tx, s*10000/tx }'
  # A thread that started during the run counts from zero.
  join -a 2 -e 0 -o 2.1,1.2,2.2 $work/switches0 $work/switches1 | awk -v tx=$tx '
    { d = ($3 - $2) / tx; total += d; if (d >= 0.05) line = line sprintf(" %s=%.2f", $1, d) }
    END { printf "context switches/tx %.2f:%s\n", total, line }'
  [ -n "${PGB_LOG_KEEP:-}" ] && cp $work/pgbench.log "$PGB_LOG_KEEP"
  join -a 2 -e 0 -o 2.1,1.2,2.2 $work/threadcpu0 $work/threadcpu1 | awk -v tx=$tx '
    { d = ($3 - $2) * 10000 / tx; if (d >= 0.05) line = line sprintf(" %s=%.1f", $1, d) }
    END { printf "CPU us/tx by thread:%s\n", line }'
  grep -E "^tps|actually processed" $work/pgbench.log
  exit 0
fi
if [ "$mode" = perf ]; then
  perf record ${PERF_EVENTS:--F 999} -g -p $agpid -o $work/perf.data -- sleep $duration >/dev/null 2>&1 &
  perfpid=$!
  measured_pgbench
  wait $perfpid || true
  [ -n "${PERF_KEEP:-}" ] && cp $work/perf.data "$PERF_KEEP"
  # head closes the pipe early; under pipefail that would end the script before the TPS line.
  perf report -i $work/perf.data --no-children --sort dso --stdio -g none 2>/dev/null | grep -v "^#" | grep "%" | head -12 || true
  perf report -i $work/perf.data --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v "^#" | grep "%" | grep -v "\[k\]" | head -45 || true
  grep "^tps" $work/pgbench.log
  exit 0
fi
if [ "$mode" = runtime ]; then
  counters=${DOTNET_COUNTERS:-$HOME/.dotnet/tools/dotnet-counters}
  # A background job of a script ignores SIGINT: the collector stops by itself, a second after pgbench.
  $counters collect -p $agpid --counters System.Runtime --format csv --refresh-interval 1 \
    --duration "$(printf '%02d:%02d:%02d' $(((duration + 3) / 3600)) $(((duration + 3) % 3600 / 60)) $(((duration + 3) % 60)))" \
    -o $work/counters.csv >/dev/null 2>&1 &
  cpid=$!
  sleep 2
  measured_pgbench
  wait $cpid || true
  [ -n "${COUNTERS_KEEP:-}" ] && cp $work/counters.csv "$COUNTERS_KEEP"
  tx=$(transactions)
  # Each counter is an increment per second: the run's total is their sum. The first two seconds (the collector's
  # attach: about 1.7 MB of EventSource set-up and the methods it compiles) are left out. The run's last second holds
  # the clients' disconnections. The median second's allocation is the steady state's: about 32 KB whatever the load
  # (at 10 transactions a second as at 15,000), which is the collector's own reports.
  awk -F, -v tx=$tx '
    NR == 1 { next }
    !($1 in sec) { sec[$1] = ++seconds }
    seconds < 3 { next }
    $3 ~ /total_allocated/ { alloc += $NF; per[seconds] = $NF }
    $3 ~ /jit.compiled_methods/ { jit += $NF }
    $3 ~ /cpu.mode=user/ { user += $NF }
    $3 ~ /cpu.mode=system/ { sys += $NF }
    $3 ~ /gc.collections/ { gcs += $NF }
    $3 ~ /work_item.count/ { items += $NF }
    END {
      n = 0; for (i in per) v[++n] = per[i]
      for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
      printf "allocated %.1f bytes/tx (median second %.0f bytes), user %.2f us/tx, system %.2f us/tx, %d methods compiled, %d GCs, %.3f thread-pool items/tx, %d tx\n",
        alloc / tx, n ? v[int((n + 1) / 2)] : 0, user * 1e6 / tx, sys * 1e6 / tx, jit, gcs, items / tx, tx }' $work/counters.csv
  grep "^tps" $work/pgbench.log
  exit 0
fi
strace -f -qq -s 0 -o $work/trace -p $agpid & spid=$!
sleep 1
measured_pgbench
kill -INT $spid; wait $spid || true
tx=$(transactions)
awk -v tx="$tx" '
    { sub(/^[0-9]+ +/, "") }
    /^<\.\.\. [a-z0-9_]+ resumed>/ { name = $2; if (/= -1 EAGAIN/) eagain[name]++; next }
    /^[a-z0-9_]+\(/ { name = substr($0, 1, index($0, "(") - 1); calls[name]++; all++; if (/= -1 EAGAIN/) eagain[name]++ }
    END { printf "tx=%d all=%.2f\n", tx, all/tx; for (n in calls) if (calls[n] / tx >= 0.01) printf " %s=%.2f (EAGAIN %.2f)\n", n, calls[n] / tx, eagain[n]/tx }' $work/trace
