# Shared by scripts/bench-latency.sh and scripts/bench-10k-clients.sh (sourced, not run): a throwaway PostgreSQL 15,
# PgBouncer and agroal (through scripts/bench-candidate.sh) on 127.0.0.1, each stopped by its pid when the script exits.
# As root, PostgreSQL, PgBouncer and agroal run as the unprivileged user postgres (PostgreSQL refuses root).
# The caller sets: ROOT (the checkout), CONFIGURATION, PG_MAX_CONNECTIONS, and after bench_setup_dirs uses WORK and OUT.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BENCH_USER=bench
BENCH_DB=bench
BENCH_PASSWORD=p$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n')
PG_PORT=""
PG_PID=""
STARTED_PIDS=()
AS_USER=()
[ "$(id -u)" = 0 ] && AS_USER=(setpriv --reuid="$(id -u postgres)" --regid="$(id -g postgres)" --init-groups --)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

bench_setup_dirs() {  # bench_setup_dirs NAME -> WORK (scratch, removed at exit) and OUT (results, kept)
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$WORK"
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK"
  OUT=${OUT:-/tmp/$1-results/$(date +%Y%m%d-%H%M%S)}
  mkdir -p "$OUT"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid i
  set +e
  for pid in "${STARTED_PIDS[@]}"; do
    # Each was started with setsid: its process group is its own (agroal runs under dotnet inside a bash).
    kill -TERM -- "-$pid" 2>/dev/null
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  if [ -n "$PG_PID" ]; then
    kill -INT "$PG_PID" 2>/dev/null
    for ((i = 0; i < 300; i++)); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PG_PID" 2>/dev/null && kill -QUIT "$PG_PID" 2>/dev/null
  fi
  [ -n "${WORK:-}" ] && cp "$WORK"/*.log "$OUT"/ 2>/dev/null
  [ -n "${WORK:-}" ] && rm -rf "$WORK"
  log "results in $OUT"
}

free_port() {  # -> REPLY, a port nobody listens on
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { REPLY=$p; return 0; }
  done
  die "no free port"
}

wait_for_sql() {  # wait_for_sql PORT NAME PID: until SELECT 1 through PORT answers
  local port=$1 name=$2 pid=$3 out
  for _ in $(seq 240); do
    kill -0 "$pid" 2>/dev/null || die "$name (pid $pid) exited; see $WORK/$name.log"
    out=$(PGPASSWORD=$BENCH_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -h 127.0.0.1 -p "$port" -U "$BENCH_USER" -d "$BENCH_DB" -Atqc 'select 1' 2>&1) || true
    [ "$out" = 1 ] && return 0
    sleep 0.5
  done
  die "$name on port $port does not answer SELECT 1: $out"
}

start_postgres() {  # start_postgres: initdb, scram-sha-256 on TCP, role and database bench, pgbench -i -s 10
  free_port; PG_PORT=$REPLY
  "${AS_USER[@]}" "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync \
    >"$WORK/initdb.log" 2>&1 || die "initdb failed (see $WORK/initdb.log)"
  cat >>"$WORK/pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK'
max_connections = ${PG_MAX_CONNECTIONS:-100}
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
autovacuum = off
jit = off
password_encryption = 'scram-sha-256'
CONF
  setsid "${AS_USER[@]}" "$PG_BIN/postgres" -D "$WORK/pgdata" >"$WORK/postgres.log" 2>&1 </dev/null &
  PG_PID=$!
  for _ in $(seq 120); do "$PG_BIN/pg_isready" -q -h "$WORK" -p "$PG_PORT" && break; sleep 0.25; done
  "$PG_BIN/pg_isready" -q -h "$WORK" -p "$PG_PORT" || die "PostgreSQL did not start (see $WORK/postgres.log)"
  "$PG_BIN/psql" -X -q -h "$WORK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $BENCH_USER LOGIN PASSWORD '$BENCH_PASSWORD'" -c "CREATE DATABASE $BENCH_DB OWNER $BENCH_USER" >/dev/null
  PGPASSWORD=$BENCH_PASSWORD "$PG_BIN/pgbench" -i -q -s 10 -h 127.0.0.1 -p "$PG_PORT" -U "$BENCH_USER" "$BENCH_DB" >"$WORK/pgbench-init.log" 2>&1 \
    || die "pgbench -i failed (see $WORK/pgbench-init.log)"
  "$PG_BIN/psql" -X -q -h "$WORK" -p "$PG_PORT" -U postgres -d "$BENCH_DB" -c "VACUUM ANALYZE" -c CHECKPOINT >/dev/null
  log "PostgreSQL 15 on 127.0.0.1:$PG_PORT (pid $PG_PID)"
}

start_pgbouncer() {  # start_pgbouncer NAME MODE POOL MAX_CLIENTS -> REPLY (port); the PID is in STARTED_PIDS
  local name=$1 mode=$2 pool=$3 clients=$4 port secret
  free_port; port=$REPLY
  secret=$("$PG_BIN/psql" -X -h "$WORK" -p "$PG_PORT" -U postgres -d postgres -Atc "SELECT rolpassword FROM pg_authid WHERE rolname = '$BENCH_USER'")
  printf '"%s" "%s"\n' "$BENCH_USER" "$secret" >"$WORK/$name.users"
  cat >"$WORK/$name.ini" <<CONF
[databases]
$BENCH_DB = host=127.0.0.1 port=$PG_PORT dbname=$BENCH_DB

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $WORK/$name.users
pool_mode = $mode
default_pool_size = $pool
max_client_conn = $clients
listen_backlog = 4096
server_reset_query = DISCARD ALL
query_wait_timeout = 120
log_connections = 0
log_disconnections = 0
log_stats = 0
CONF
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK/$name.ini" "$WORK/$name.users"
  setsid "${AS_USER[@]}" pgbouncer "$WORK/$name.ini" >"$WORK/$name.log" 2>&1 </dev/null &
  STARTED_PIDS+=("$!")
  wait_for_sql "$port" "$name" "$!"
  log "$name: PgBouncer $mode, pool $pool, on port $port (pid $!)"
  REPLY=$port
}

start_agroal() {  # start_agroal NAME MODE POOL [EXTRA_MAIN_LINES] -> REPLY (port), AGROAL_PID (the dotnet process)
  local name=$1 mode=$2 pool=$3 extra=${4:-} port leader
  free_port; port=$REPLY
  mkdir -p "$WORK/$name"
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK/$name"
  AGROAL_EXTRA_MAIN="$extra" setsid "${AS_USER[@]}" bash "$ROOT/scripts/bench-candidate.sh" "$ROOT/src" "$CONFIGURATION" "$port" "$PG_PORT" \
    "$BENCH_USER" "$BENCH_PASSWORD" "$pool" "$mode" "$WORK/$name" "$BENCH_DB" >"$WORK/$name.log" 2>&1 </dev/null &
  leader=$!
  STARTED_PIDS+=("$leader")
  wait_for_sql "$port" "$name" "$leader"
  # bench-candidate.sh execs dotnet: the leader is agroal itself.
  AGROAL_PID=$leader
  log "$name: agroal $mode, max_connections $pool, on port $port (pid $AGROAL_PID)"
  REPLY=$port
}

background_busy() {  # -> REPLY: percent of one core busy over 3 s while nothing is driven
  local a b c d e
  read -r _ a b c _ _ d e _ </proc/stat; local before=$((a + b + c + d + e))
  sleep 3
  read -r _ a b c _ _ d e _ </proc/stat; local after=$((a + b + c + d + e))
  REPLY=$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz / 3 * 100 }')
}
