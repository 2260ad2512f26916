#!/bin/sh
# failover_script: agroal passes the old primary's host and port, then the new primary's. In the containers there is
# no pg_ctl of the replica (make cluster-demo uses pg_ctl promote), so promote it over SQL as the superuser
# (PGPASSWORD comes from the compose file).
set -eu
exec psql -h "$3" -p "$4" -U postgres -d postgres -qAtX -v ON_ERROR_STOP=1 -c "SELECT pg_promote()"
