#!/usr/bin/env bash
# make demo: a throwaway PostgreSQL 15 with agroal in front of it, using the sample configuration in config/.
# Everything lives in one temporary directory (including the vault's master key); Ctrl-C stops and removes it all.
# Safe by default: every login, to PostgreSQL and through agroal, needs a password (SCRAM); nothing is trusted.
# As root, PostgreSQL and agroal both run as the unprivileged user postgres (neither should run as root).
#
# For scripts and tests:
#   AGROAL_DEMO_PORT=N         the pooler's port (default 2345; a free one when it is taken, or when N is 0)
#   AGROAL_DEMO_READY_FILE=F   once everything answers, also write the ready-to-paste lines to F (mode 0600)
# The demo never reads standard input; it runs until SIGINT or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PG_BIN=/usr/lib/postgresql/15/bin
CONFIGURATION=${CONFIGURATION:-Release}
agroal_build=$root/src/Agroal.Actors/bin/$CONFIGURATION/net10.0
cli_build=$root/src/Agroal.Cli/bin/$CONFIGURATION/net10.0
for dll in "$agroal_build/agroal.dll" "$cli_build/agroal-cli.dll"; do
  [ -f "$dll" ] || { echo "demo: $dll is missing: run 'make demo' (it builds first)" >&2; exit 1; }
done
[ -x "$PG_BIN/postgres" ] || { echo "demo: PostgreSQL 15 is missing: run 'scripts/setup.sh demo'" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port_is_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_or_free() { if port_is_free "$1"; then echo "$1"; else free_port; fi; }
secret() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

as_owner=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "demo: the user postgres is missing: run 'scripts/setup.sh demo'" >&2; exit 1; }
  owner=postgres
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

work=$(mktemp -d /tmp/agroal-demo.XXXXXX)
chmod 755 "$work"
pg_dir=$work/pg
run_dir=$work/run
home=$work/home
mkdir -p "$pg_dir" "$run_dir" "$home" "$work/bin"
chmod 700 "$home" "$pg_dir"
[ "$owner" = "$(id -un)" ] || chown "$owner" "$pg_dir" "$run_dir" "$home"
cd "$work"
agroal_pid=
pg_started=

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "demo: stopping"
  if [ -n "$agroal_pid" ]; then
    kill -TERM "$agroal_pid" 2>/dev/null || true
    wait "$agroal_pid" 2>/dev/null || true
  fi
  [ -n "$pg_started" ] && "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
  echo "demo: everything it started is stopped and $work is removed"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The build output must be readable by the pooler's user (a checkout under /root is not): copy it when it is not.
if ! "${as_owner[@]}" test -r "$agroal_build/agroal.dll" || ! "${as_owner[@]}" test -r "$cli_build/agroal-cli.dll"; then
  cp -r "$agroal_build" "$work/agroal-app" && cp -r "$cli_build" "$work/agroal-cli-app"
  agroal_build=$work/agroal-app cli_build=$work/agroal-cli-app
fi
agroal=(dotnet "$agroal_build/agroal.dll")
cli=(dotnet "$cli_build/agroal-cli.dll")
as_pooler() { "${as_owner[@]}" env HOME="$home" "$@"; }

pg_port=$(free_port)
agroal_port=${AGROAL_DEMO_PORT:-2345}
[ "$agroal_port" = 0 ] && agroal_port=$(free_port) || agroal_port=$(port_or_free "$agroal_port")
management_port=$(port_or_free 2346)
metrics_port=$(port_or_free 2347)
[ "$management_port" = "$agroal_port" ] && management_port=$(free_port)
[ "$metrics_port" = "$agroal_port" ] || [ "$metrics_port" = "$management_port" ] && metrics_port=$(free_port)
password=demo-$(secret)
admin_password=admin-$(secret)
superuser_password=$(secret)

echo "demo: starting PostgreSQL 15 on 127.0.0.1:$pg_port (scram-sha-256 for every login)"
printf '%s\n' "$superuser_password" >"$pg_dir/superuser.pw"
[ "$owner" = "$(id -un)" ] || chown "$owner" "$pg_dir/superuser.pw"
chmod 600 "$pg_dir/superuser.pw"
"${as_owner[@]}" "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --pwfile="$pg_dir/superuser.pw" \
  --auth=scram-sha-256 --locale=C -E UTF8 >"$work/initdb.log"
rm -f "$pg_dir/superuser.pw"
cat >>"$pg_dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir'
password_encryption = scram-sha-256
fsync = off
CONF
# No trust anywhere: the whole file is these lines.
cat >"$pg_dir/data/pg_hba.conf" <<HBA
local all all                scram-sha-256
host  all all 127.0.0.1/32   scram-sha-256
host  all all ::1/128        scram-sha-256
HBA
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w start >/dev/null
pg_started=1
PGPASSWORD=$superuser_password psql -h "$pg_dir" -p "$pg_port" -U postgres -qAtX -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE demo LOGIN PASSWORD '$password'" -c "CREATE DATABASE demo OWNER demo" postgres >/dev/null
PGPASSWORD=$password "$PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U demo -i -s 1 -q demo >"$work/pgbench-init.log" 2>&1

echo "demo: creating the vault (master key, users and admins files) in $work"
as_pooler PGAGROAL_PASSWORD="master-$(secret)" "${cli[@]}" admin master-key >/dev/null
as_pooler "${cli[@]}" admin -f "$run_dir/pgagroal_users.conf" -U demo -P "$password" user add >/dev/null
as_pooler "${cli[@]}" admin -f "$run_dir/pgagroal_admins.conf" -U admin -P "$admin_password" user add >/dev/null

# The sample files, pointed at this throwaway server, its ports and directory.
sed -e "0,/^port = .*/s//port = $agroal_port/" \
    -e "s|^host = localhost .*|host = 127.0.0.1|" \
    -e "s|^unix_socket_dir = .*|unix_socket_dir = $run_dir|" \
    -e "s|^metrics = .*|metrics = $metrics_port|" \
    -e "s|^management = .*|management = $management_port|" \
    -e "s|^log_type = .*|log_type = file|" \
    -e "s|^log_path = .*|log_path = $run_dir/agroal.log|" \
    "$root/config/pgagroal.conf" | awk -v pgport="$pg_port" '
      /^\[/ { section = $0 }
      section != "[pgagroal]" && /^host *=/ { print "host = 127.0.0.1"; next }
      section != "[pgagroal]" && /^port *=/ { print "port = " pgport; next }
      { print }' >"$work/pgagroal.conf"
cp "$root/config/pgagroal_hba.conf" "$work/"
# The demo database gets its own limit, so agroal-cli knows it by name even before (or long after) a client used it.
sed -e 's/^all  *all  *all/demo                       all        20\n&/' "$root/config/pgagroal_databases.conf" >"$work/pgagroal_databases.conf"

# Wrappers for this session: `export PATH=$work/bin:$PATH` makes agroal and agroal-cli plain commands.
printf '#!/bin/sh\nexec dotnet %s "$@"\n' "$agroal_build/agroal.dll" >"$work/bin/agroal"
printf '#!/bin/sh\nexec dotnet %s "$@"\n' "$cli_build/agroal-cli.dll" >"$work/bin/agroal-cli"
chmod 755 "$work/bin/agroal" "$work/bin/agroal-cli"

"${as_owner[@]}" env HOME="$home" "${agroal[@]}" -c "$work/pgagroal.conf" -a "$work/pgagroal_hba.conf" -l "$work/pgagroal_databases.conf" \
  -u "$run_dir/pgagroal_users.conf" -A "$run_dir/pgagroal_admins.conf" >"$run_dir/agroal.out" 2>&1 &
agroal_pid=$!
for _ in $(seq 1 300); do
  (echo >"/dev/tcp/127.0.0.1/$agroal_port") 2>/dev/null && break
  if ! kill -0 "$agroal_pid" 2>/dev/null; then
    echo "demo: agroal exited during start-up:" >&2
    cat "$run_dir/agroal.out" "$run_dir/agroal.log" 2>/dev/null | tail -20 >&2
    exit 1
  fi
  sleep 0.1
done
# The demo checks its own lines before printing them.
PGPASSWORD=$password psql -h 127.0.0.1 -p "$agroal_port" -U demo -qAtX -c "SELECT 1" demo >/dev/null
"${cli[@]}" -c "$work/pgagroal.conf" ping

config=$work/pgagroal.conf
try=$(cat <<TRY

  agroal is serving on 127.0.0.1:$agroal_port in front of PostgreSQL 15 on 127.0.0.1:$pg_port, running as $owner.
  User demo, password $password, database demo (initialised by pgbench -i -s 1).

  Connect through agroal:
    PGPASSWORD=$password psql -h 127.0.0.1 -p $agroal_port -U demo demo
    PGPASSWORD=$password pgbench -h 127.0.0.1 -p $agroal_port -U demo -S -c 10 -T 10 demo
    PGPASSWORD=$password pgbench -h 127.0.0.1 -p $agroal_port -U demo -C -S -c 4 -T 10 demo

  Put agroal and agroal-cli on this shell's PATH (wrappers around the build output), then manage it:
    export PATH=$work/bin:\$PATH
    agroal-cli -c $config status
    agroal-cli -c $config status details
    agroal-cli -c $config flush idle demo
    agroal-cli -c $config shell
    agroal-cli -h 127.0.0.1 -p $management_port -U admin -P $admin_password status details
  (without the PATH line: ${cli[*]} -c $config status)

  Metrics: http://127.0.0.1:$metrics_port/metrics (Prometheus text), http://127.0.0.1:$metrics_port/ (what each metric means)
  Logs:    $run_dir/agroal.log, $pg_dir/postgres.log

  Press Ctrl-C to stop agroal and PostgreSQL and remove $work.
TRY
)
echo "$try"
echo
if [ -n "${AGROAL_DEMO_READY_FILE:-}" ]; then
  (umask 077 && echo "$try" >"$AGROAL_DEMO_READY_FILE.tmp" && mv "$AGROAL_DEMO_READY_FILE.tmp" "$AGROAL_DEMO_READY_FILE")
fi
wait "$agroal_pid" || true
agroal_pid=
echo "demo: agroal stopped (see $run_dir/agroal.log)" >&2
