#!/usr/bin/env bash
# Installs what the build, the tests and the demo need on a fresh Debian machine, and nothing that is already there.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
need=()
[ -x "$PG_BIN/postgres" ] || need+=(postgresql-15)
[ -x /usr/bin/psql ] || need+=(postgresql-client-15)
[ -x /usr/bin/pgbench ] || [ -x "$PG_BIN/pgbench" ] || need+=(postgresql-client-15)
command -v pgbouncer >/dev/null 2>&1 || need+=(pgbouncer)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The Debian packages start their own services; the tests and the demo run private instances instead.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi
# PostgreSQL refuses to run as root: the tests start it as this user.
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
command -v dotnet >/dev/null 2>&1 || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
