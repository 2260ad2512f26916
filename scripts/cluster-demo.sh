#!/usr/bin/env bash
# make cluster-demo: a PostgreSQL 15 primary and its streaming replica (pg_basebackup -R), three agroal nodes in
# cluster mode on loopback in front of them, and Prometheus when it is installed. Ctrl-C stops everything and removes
# the temporary directory. Every login needs a password (SCRAM); remoting binds 127.0.0.1 only.
# As root, PostgreSQL and agroal run as the unprivileged user postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PG_BIN=/usr/lib/postgresql/15/bin
CONFIGURATION=${CONFIGURATION:-Release}
agroal_build=$root/src/Agroal.Actors/bin/$CONFIGURATION/net10.0
cli_build=$root/src/Agroal.Cli/bin/$CONFIGURATION/net10.0
for dll in "$agroal_build/agroal.dll" "$cli_build/agroal-cli.dll"; do
  [ -f "$dll" ] || { echo "cluster-demo: $dll is missing: run 'make cluster-demo' (it builds first)" >&2; exit 1; }
done
[ -x "$PG_BIN/postgres" ] || { echo "cluster-demo: PostgreSQL 15 is missing: run 'scripts/setup.sh demo'" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
secret() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

as_owner=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "cluster-demo: the user postgres is missing: run 'scripts/setup.sh demo'" >&2; exit 1; }
  owner=postgres
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

work=$(mktemp -d /tmp/agroal-cluster-demo.XXXXXX)
chmod 755 "$work"
home=$work/home
mkdir -p "$work/pg" "$home" "$work/bin" "$work/run"
chmod 700 "$home" "$work/pg"
[ "$owner" = "$(id -un)" ] || chown "$owner" "$work/pg" "$home" "$work/run"
cd "$work"
pids=()
pg_started=()
prometheus_pid=

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "cluster-demo: stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$prometheus_pid" ] && { kill -TERM "$prometheus_pid" 2>/dev/null || true; wait "$prometheus_pid" 2>/dev/null || true; }
  for data in "${pg_started[@]}"; do "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true; done
  rm -rf "$work"
  echo "cluster-demo: everything it started is stopped and $work is removed"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! "${as_owner[@]}" test -r "$agroal_build/agroal.dll" || ! "${as_owner[@]}" test -r "$cli_build/agroal-cli.dll"; then
  cp -r "$agroal_build" "$work/agroal-app" && cp -r "$cli_build" "$work/agroal-cli-app"
  agroal_build=$work/agroal-app cli_build=$work/agroal-cli-app
fi
agroal=(dotnet "$agroal_build/agroal.dll")
cli=(dotnet "$cli_build/agroal-cli.dll")
as_pooler() { "${as_owner[@]}" env HOME="$home" "$@"; }

primary_port=$(free_port)
replica_port=$(free_port)
password=demo-$(secret)
superuser_password=$(secret)

echo "cluster-demo: PostgreSQL 15 primary on 127.0.0.1:$primary_port"
primary=$work/pg/primary
replica=$work/pg/replica
printf '%s\n' "$superuser_password" >"$work/pg/superuser.pw"
[ "$owner" = "$(id -un)" ] || chown "$owner" "$work/pg/superuser.pw"
chmod 600 "$work/pg/superuser.pw"
"${as_owner[@]}" "$PG_BIN/initdb" -D "$primary" -U postgres --pwfile="$work/pg/superuser.pw" --auth=scram-sha-256 --locale=C -E UTF8 >"$work/initdb.log"
rm -f "$work/pg/superuser.pw"
cat >>"$primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$work/pg'
password_encryption = scram-sha-256
wal_level = replica
max_wal_senders = 5
hot_standby = on
fsync = off
CONF
cat >"$primary/pg_hba.conf" <<HBA
local all         all              scram-sha-256
host  all         all 127.0.0.1/32 scram-sha-256
host  replication all 127.0.0.1/32 scram-sha-256
HBA
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$primary" -l "$work/pg/primary.log" -w start >/dev/null
pg_started+=("$primary")
PGPASSWORD=$superuser_password psql -h 127.0.0.1 -p "$primary_port" -U postgres -qAtX -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE demo LOGIN PASSWORD '$password'" -c "CREATE DATABASE demo OWNER demo" postgres >/dev/null
PGPASSWORD=$password "$PG_BIN/pgbench" -h 127.0.0.1 -p "$primary_port" -U demo -i -s 1 -q demo >"$work/pgbench-init.log" 2>&1

echo "cluster-demo: streaming replica on 127.0.0.1:$replica_port (pg_basebackup -R)"
as_pooler env PGPASSWORD="$superuser_password" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$replica" -R -X stream -c fast >/dev/null
sed -i "s/^port = .*/port = $replica_port/" "$replica/postgresql.conf"
"${as_owner[@]}" chmod 700 "$replica"
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$replica" -l "$work/pg/replica.log" -w start >/dev/null
pg_started+=("$replica")

# The failover script: promote the replica (every node knows it; the cluster's coordinator is to run it once).
cat >"$work/failover.sh" <<SCRIPT
#!/bin/sh
exec $PG_BIN/pg_ctl -D $replica promote
SCRIPT
chmod 755 "$work/failover.sh"

echo "cluster-demo: vault (master key, users) in $home"
as_pooler PGAGROAL_PASSWORD="master-$(secret)" "${cli[@]}" admin master-key >/dev/null
as_pooler "${cli[@]}" admin -f "$work/run/pgagroal_users.conf" -U demo -P "$password" user add >/dev/null
printf 'host all all 127.0.0.1/32 scram-sha-256\n' >"$work/pgagroal_hba.conf"
printf 'demo demo 20 0 0\n' >"$work/pgagroal_databases.conf"

remoting=($(free_port) $(free_port) $(free_port))
seeds="127.0.0.1:${remoting[0]},127.0.0.1:${remoting[1]},127.0.0.1:${remoting[2]}"
ports=() metrics=()
for i in 0 1 2; do
  node=$work/node$i
  mkdir -p "$node"
  [ "$owner" = "$(id -un)" ] || chown "$owner" "$node"
  ports+=($(free_port)); metrics+=($(free_port))
  cat >"$node/pgagroal.conf" <<CONF
[pgagroal]
host = 127.0.0.1
port = ${ports[$i]}
metrics = ${metrics[$i]}
unix_socket_dir = $node
log_type = file
log_path = $node/agroal.log
log_level = info
max_connections = 20
pipeline = session
allow_unknown_users = false
failover = on
failover_script = $work/failover.sh
health_check_user = demo
cluster = on
cluster_host = 127.0.0.1
cluster_port = ${remoting[$i]}
cluster_seed_nodes = $seeds
cluster_name = agroal-demo

[primary]
host = 127.0.0.1
port = $primary_port
primary = on

[replica]
host = 127.0.0.1
port = $replica_port
CONF
  # Not through as_pooler: a function in the background is a subshell, and its pid is not the pooler's.
  "${as_owner[@]}" env HOME="$home" "${agroal[@]}" -c "$node/pgagroal.conf" -a "$work/pgagroal_hba.conf" -l "$work/pgagroal_databases.conf" \
    -u "$work/run/pgagroal_users.conf" >"$node/agroal.out" 2>&1 &
  pids+=($!)
done
for i in 0 1 2; do
  for _ in $(seq 1 300); do
    (echo >"/dev/tcp/127.0.0.1/${ports[$i]}") 2>/dev/null && break
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "cluster-demo: node $i exited during start-up:" >&2; tail -20 "$work/node$i/agroal.out" "$work/node$i/agroal.log" >&2 || true; exit 1; }
    sleep 0.1
  done
done
# Wait until node 0 sees three Up members.
for _ in $(seq 1 600); do
  up=$(curl -s "http://127.0.0.1:${metrics[0]}/metrics" | awk '/^agroal_cluster_members\{status="up"\}/ { print $2 }')
  [ "${up:-0}" = 3 ] && break
  sleep 0.1
done
[ "${up:-0}" = 3 ] || { echo "cluster-demo: the three nodes did not form a cluster; see $work/node*/agroal.log" >&2; exit 1; }
for i in 0 1 2; do PGPASSWORD=$password psql -h 127.0.0.1 -p "${ports[$i]}" -U demo -qAtX -c "SELECT 1" demo >/dev/null; done

if command -v prometheus >/dev/null 2>&1; then
  prometheus_port=$(free_port)
  mkdir -p "$work/prometheus"
  cat >"$work/prometheus/prometheus.yml" <<YML
global: { scrape_interval: 5s }
scrape_configs:
  - job_name: agroal
    static_configs:
      - targets: ['127.0.0.1:${metrics[0]}', '127.0.0.1:${metrics[1]}', '127.0.0.1:${metrics[2]}']
YML
  [ "$owner" = "$(id -un)" ] || chown -R "$owner" "$work/prometheus"
  "${as_owner[@]}" prometheus --config.file="$work/prometheus/prometheus.yml" --storage.tsdb.path="$work/prometheus/data" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus/prometheus.log" 2>&1 &
  prometheus_pid=$!
  prometheus_line="Prometheus: http://127.0.0.1:$prometheus_port/ (scrapes the three nodes)"
else
  prometheus_line="Prometheus is not installed: each node's metrics are at http://127.0.0.1:<metrics>/metrics"
fi

# pg_ctl refuses to run as root: as root the hint runs it as the owner of the data directories.
pg_ctl_hint="${as_owner[*]:+${as_owner[*]} }$PG_BIN/pg_ctl"
printf '#!/bin/sh\nexec dotnet %s "$@"\n' "$cli_build/agroal-cli.dll" >"$work/bin/agroal-cli"
chmod 755 "$work/bin/agroal-cli"
cat <<TRY

  Three agroal nodes in cluster agroal-demo, in front of PostgreSQL 15 primary 127.0.0.1:$primary_port and replica 127.0.0.1:$replica_port.
    node0: clients 127.0.0.1:${ports[0]}, metrics ${metrics[0]}, remoting ${remoting[0]}, pid ${pids[0]}
    node1: clients 127.0.0.1:${ports[1]}, metrics ${metrics[1]}, remoting ${remoting[1]}, pid ${pids[1]}
    node2: clients 127.0.0.1:${ports[2]}, metrics ${metrics[2]}, remoting ${remoting[2]}, pid ${pids[2]}
  User demo, password $password, database demo.

  Try:
    export PATH=$work/bin:\$PATH
    agroal-cli -c $work/node0/pgagroal.conf cluster members
    PGPASSWORD=$password pgbench -h 127.0.0.1 -p ${ports[1]} -U demo -S -c 4 -T 30 demo
    kill -9 ${pids[2]}        # node2 dies: the others see it unreachable, the resolver removes it (about 15 s)
    agroal-cli -c $work/node0/pgagroal.conf cluster down 127.0.0.1:${remoting[1]}   # node1 stops serving
    $pg_ctl_hint -D $primary -m immediate stop   # kill the primary: the coordinator runs failover.sh once, every node follows
  $prometheus_line
  Logs: $work/node*/agroal.log, $work/pg/*.log

  Press Ctrl-C to stop the nodes, Prometheus and PostgreSQL and remove $work.
TRY
# Runs until Ctrl-C (or SIGTERM), whichever nodes the visitor kills meanwhile.
while :; do sleep 1; done
