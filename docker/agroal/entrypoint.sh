#!/bin/sh
# Creates this node's vault on first start (master key from AGROAL_MASTER_KEY, the user DEMO_USER with
# DEMO_PASSWORD), then runs agroal with the files mounted in /etc/pgagroal.
set -eu
users=/var/lib/agroal/pgagroal_users.conf
if [ ! -f "$HOME/.pgagroal/master.key" ]; then
  PGAGROAL_PASSWORD="$AGROAL_MASTER_KEY" agroal-cli admin master-key >/dev/null
fi
if [ ! -f "$users" ]; then
  agroal-cli admin -f "$users" -U "$DEMO_USER" -P "$DEMO_PASSWORD" user add >/dev/null
fi
exec agroal -c /etc/pgagroal/pgagroal.conf -a /etc/pgagroal/pgagroal_hba.conf -l /etc/pgagroal/pgagroal_databases.conf -u "$users" "$@"
