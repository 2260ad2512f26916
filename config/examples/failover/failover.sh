#!/bin/sh
# Sample failover script for agroal (and pgagroal): promote the replica that agroal chose.
# Arguments: old_host old_port new_host new_port. Exit 0 only when the new primary accepts writes.
set -eu
old_host=$1 old_port=$2 new_host=$3 new_port=$4
echo "failover: $old_host:$old_port -> $new_host:$new_port"
# On the replica's host, as the postgres user; adapt to your set-up (ssh, patroni, pg_ctl on a local data directory).
ssh "postgres@$new_host" "pg_ctl promote -w -D /var/lib/postgresql/15/main"
# Wait until the new primary leaves recovery.
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if [ "$(psql -h "$new_host" -p "$new_port" -U postgres -XAtc 'SELECT pg_is_in_recovery()' postgres)" = f ]; then
    exit 0
  fi
  sleep 1
done
exit 1
