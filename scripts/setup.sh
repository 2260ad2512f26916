#!/usr/bin/env bash
# Installs what one make target needs on a fresh Debian machine, and nothing that is already there.
#   scripts/setup.sh build   the .NET 10 SDK only (checked, not installed)
#   scripts/setup.sh demo    + PostgreSQL 15 server and clients (psql, pgbench)
#   scripts/setup.sh bench   + PgBouncer (pool-bench compares agroal with it)
#   scripts/setup.sh test    + PgBouncer, openssl, Prometheus (promtool), iproute2 (ss, the backlog test) and Chromium (the console test)
# Without an argument it prepares for `make test`. A non-root user missing a package is told the apt-get line to run.
set -euo pipefail

target=${1:-test}
case "$target" in
  build | demo | bench | test) ;;
  *) echo "setup: unknown target '$target': use build, demo, bench or test" >&2; exit 64 ;;
esac

PG_BIN=/usr/lib/postgresql/15/bin
need=()
want() { case " ${need[*]-} " in *" $1 "*) ;; *) need+=("$1") ;; esac; }
if [ "$target" != build ]; then
  [ -x "$PG_BIN/postgres" ] || want postgresql-15
  [ -x /usr/bin/psql ] || want postgresql-client-15
  [ -x /usr/bin/pgbench ] || [ -x "$PG_BIN/pgbench" ] || want postgresql-client-15
fi
if [ "$target" = bench ] || [ "$target" = test ]; then
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || want pgbouncer
fi
if [ "$target" = test ]; then
  command -v openssl >/dev/null 2>&1 || want openssl
  command -v promtool >/dev/null 2>&1 || want prometheus
  command -v ss >/dev/null 2>&1 || want iproute2
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || want chromium
fi

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    sudo=; command -v sudo >/dev/null 2>&1 && sudo='sudo '
    echo "setup: 'make $target' needs ${need[*]}, which only root can install. Run:" >&2
    echo "  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # The Debian packages start their own services; the tests and the demo run private instances instead. A
  # policy-rc.d that was already there belongs to the machine's owner: it is left as it is.
  policy=/usr/sbin/policy-rc.d
  created_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
    trap '[ -n "$created_policy" ] && rm -f "$policy"' EXIT
  fi
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# PostgreSQL refuses to run as root, and so does the pooler in the demo: as root, both run as this user.
if [ "$target" != build ] && [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
command -v dotnet >/dev/null 2>&1 || {
  echo "setup: the .NET 10 SDK (dotnet) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
}
