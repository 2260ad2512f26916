#!/usr/bin/env bash
# pool-bench's candidate adapter for agroal (scripts/bench.sh passes it). pool-bench substitutes the placeholders:
#   bench-candidate.sh SRC CONFIGURATION {listen_port} {pg_port} {user} {password} {pool_size} {mode} {workdir} {db}
# It writes pgagroal-format files and a vault under {workdir}/agroal-{mode} and runs agroal in the foreground.
# AGROAL_EXTRA_MAIN (optional): more lines for the [pgagroal] section, e.g. "backlog = 4096".
# AGROAL_PREFILL (optional): the pool's initial and minimum size in databases.conf (1 unless set).
# AGROAL_AUTH (optional): the clients' hba method, scram-sha-256 unless set (trust takes the clients' SCRAM out of a
# login benchmark, on both sides of the socket).
set -euo pipefail
src=$1 configuration=$2 port=$3 pgport=$4 user=$5 pass=$6 pool=$7 mode=$8 dir=$9/agroal-$8 db=${10}
agroal_dll=$src/Agroal.Actors/bin/$configuration/net10.0/agroal.dll
cli_dll=$src/Agroal.Cli/bin/$configuration/net10.0/agroal-cli.dll
mkdir -p "$dir/home"; chmod 700 "$dir/home"; export HOME=$dir/home
PGAGROAL_PASSWORD=bench-master-pass dotnet "$cli_dll" admin master-key >/dev/null
dotnet "$cli_dll" admin -f "$dir/users.conf" -U "$user" -P "$pass" user add >/dev/null
cat >"$dir/pgagroal.conf" <<CONF
[pgagroal]
host = 127.0.0.1
port = $port
unix_socket_dir = $dir
log_type = file
log_path = $dir/agroal.log
log_level = ${AGROAL_LOG_LEVEL:-warn}
max_connections = $pool
blocking_timeout = 30
allow_unknown_users = off
pipeline = $mode
${AGROAL_EXTRA_MAIN:-}

[primary]
host = 127.0.0.1
port = $pgport
primary = on
CONF
echo "host all all all ${AGROAL_AUTH:-scram-sha-256}" >"$dir/hba.conf"
echo "$db $user $pool ${AGROAL_PREFILL:-1} ${AGROAL_PREFILL:-1}" >"$dir/databases.conf"
flag=(); [ "$(id -u)" = 0 ] && flag=(--allow-root)
exec dotnet "$agroal_dll" "${flag[@]}" -c "$dir/pgagroal.conf" -a "$dir/hba.conf" -u "$dir/users.conf" -l "$dir/databases.conf"
