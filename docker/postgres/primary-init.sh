#!/bin/sh
# Runs once, when the primary's data directory is created: the demo user and database (as make cluster-demo), the
# pgbench tables, and replication for the replica's pg_basebackup.
set -eu
psql -v ON_ERROR_STOP=1 -U postgres -d postgres -c "CREATE ROLE demo LOGIN PASSWORD '$DEMO_PASSWORD'" -c "CREATE DATABASE demo OWNER demo"
PGPASSWORD="$DEMO_PASSWORD" pgbench -U demo -i -s 1 -q demo
echo "host replication all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
