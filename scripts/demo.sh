#!/usr/bin/env bash
# make demo: a throwaway PostgreSQL 15 with agroal in front of it, using the sample configuration in config/.
# Everything lives in one temporary directory (including the vault's master key); Ctrl-C stops and removes it all.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PG_BIN=/usr/lib/postgresql/15/bin
CONFIGURATION=${CONFIGURATION:-Release}
AGROAL="dotnet $root/src/Agroal.Actors/bin/$CONFIGURATION/net10.0/agroal.dll"
CLI="dotnet $root/src/Agroal.Cli/bin/$CONFIGURATION/net10.0/agroal-cli.dll"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port_is_free() { ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

work=$(mktemp -d /tmp/agroal-demo.XXXXXX)
chmod 755 "$work"
pg_dir=$work/pg
agroal_pid=
as_pg=()
if [ "$(id -u)" = 0 ]; then
  as_pg=(runuser -u postgres --)
  mkdir -p "$pg_dir" && chown postgres "$pg_dir"
else
  mkdir -p "$pg_dir"
fi

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "demo: stopping"
  [ -n "$agroal_pid" ] && kill -TERM "$agroal_pid" 2>/dev/null && wait "$agroal_pid" 2>/dev/null || true
  [ -f "$pg_dir/data/postmaster.pid" ] && "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
  echo "demo: everything it started is stopped and $work is removed"
}
trap cleanup EXIT INT TERM

pg_port=$(free_port)
agroal_port=2345
port_is_free "$agroal_port" || agroal_port=$(free_port)
password=demo-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')

echo "demo: starting PostgreSQL 15 on 127.0.0.1:$pg_port"
"${as_pg[@]}" "$PG_BIN/initdb" -D "$pg_dir/data" --auth=trust -U postgres --locale=C -E UTF8 >"$work/initdb.log"
cat >>"$pg_dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir'
password_encryption = scram-sha-256
fsync = off
CONF
echo "host all all 127.0.0.1/32 scram-sha-256" >>"$pg_dir/data/pg_hba.conf"
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w start >/dev/null
psql -h "$pg_dir" -p "$pg_port" -U postgres -qAtX -c "CREATE ROLE demo LOGIN PASSWORD '$password'" -c "CREATE DATABASE demo OWNER demo" >/dev/null
PGPASSWORD=$password "$PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U demo -i -s 1 -q demo >"$work/pgbench-init.log" 2>&1

echo "demo: creating the vault (master key and users file) in $work"
export HOME=$work/home
mkdir -p "$HOME" && chmod 700 "$HOME"
PGAGROAL_PASSWORD=$(head -c 24 /dev/urandom | base64) $CLI admin master-key >/dev/null
$CLI admin -f "$work/pgagroal_users.conf" -U demo -P "$password" user add >/dev/null

# The sample files, pointed at this throwaway server and port.
sed -e "0,/^port = .*/s//port = $agroal_port/" \
    -e "s|^unix_socket_dir = .*|unix_socket_dir = $work|" \
    -e "s|^log_path = .*|log_path = $work/agroal.log|" \
    -e "s|^host = localhost .*|host = 127.0.0.1|" \
    config/pgagroal.conf | awk -v pgport="$pg_port" '
      /^\[/ { section = $0 }
      section != "[pgagroal]" && /^host *=/ { print "host = 127.0.0.1"; next }
      section != "[pgagroal]" && /^port *=/ { print "port = " pgport; next }
      { print }' >"$work/pgagroal.conf"
cp config/pgagroal_hba.conf config/pgagroal_databases.conf "$work/"

flag=(); [ "$(id -u)" = 0 ] && flag=(--allow-root)
$AGROAL "${flag[@]}" -c "$work/pgagroal.conf" -a "$work/pgagroal_hba.conf" -l "$work/pgagroal_databases.conf" -u "$work/pgagroal_users.conf" &
agroal_pid=$!
for _ in $(seq 1 100); do
  (echo >"/dev/tcp/127.0.0.1/$agroal_port") 2>/dev/null && break
  kill -0 "$agroal_pid" 2>/dev/null || { echo "demo: agroal exited during start-up" >&2; exit 1; }
  sleep 0.1
done

cat <<TRY

  agroal is serving on 127.0.0.1:$agroal_port in front of PostgreSQL 15 on 127.0.0.1:$pg_port.
  User demo, password $password, database demo (initialised by pgbench -i -s 1).

    PGPASSWORD=$password psql -h 127.0.0.1 -p $agroal_port -U demo demo
    PGPASSWORD=$password pgbench -h 127.0.0.1 -p $agroal_port -U demo -S -c 10 -T 10 demo
    PGPASSWORD=$password pgbench -h 127.0.0.1 -p $agroal_port -U demo -C -S -c 4 -T 10 demo

  Press Ctrl-C to stop agroal and PostgreSQL and remove $work.

TRY
wait "$agroal_pid"
