#!/usr/bin/env bash
# The relay floor benchmark: pool-bench with src/Agroal.RelayFloor (a byte-copying TCP relay, no pooling, no
# parsing) as the candidate, to see what the .NET socket layer alone costs per transaction next to PgBouncer.
# pool-bench starts one candidate instance per mode; the mode means nothing to a relay, so it only picks the engine:
#   cand-session = --engine dotnet  (Socket.ReceiveAsync/SendAsync, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1)
#   cand-txn     = --engine epoll   (own edge-triggered epoll loop, --threads $RELAY_EPOLL_THREADS)
# One run therefore interleaves direct PostgreSQL, PgBouncer session, the dotnet relay and the epoll relay.
# Because a relay holds one server connection per client, only PgBouncer in session mode is a like-for-like
# comparison; pool-bench's "TPS x pgbouncer" of cand-txn is against pgb-txn and is empty unless that is a target.
#   RELAY_SWAP=1            swap the engines between the two slots, to check that the slot does not bias the result
#   RELAY_EPOLL_THREADS=N   epoll loop threads (default 1)
#   POOL_BENCH              the harness (default ../shared/bench/pool-bench next to the checkout)
# Extra arguments go to pool-bench after the defaults, so a repeated option overrides them:
#   scripts/bench-relay-floor.sh --dry-run;  scripts/bench-relay-floor.sh -d 10 -r 5
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pool_bench=${POOL_BENCH:-$root/../shared/bench/pool-bench}
if [ ! -x "$pool_bench" ]; then
  echo "bench-relay-floor: pool-bench not found at $pool_bench: set POOL_BENCH=/path/to/pool-bench" >&2
  exit 1
fi
dotnet build -c Release -nologo -v quiet src/Agroal.RelayFloor/Agroal.RelayFloor.csproj >&2
dll=$root/src/Agroal.RelayFloor/bin/Release/net10.0/agroal-relay-floor.dll
[ -f "$dll" ] || { echo "bench-relay-floor: $dll is missing after the build" >&2; exit 1; }

session_engine=dotnet txn_engine=epoll
if [ "${RELAY_SWAP:-0}" = 1 ]; then session_engine=epoll txn_engine=dotnet; fi
threads=${RELAY_EPOLL_THREADS:-1}
echo "bench-relay-floor: cand-session = $session_engine relay, cand-txn = $txn_engine relay (epoll threads: $threads)" >&2

# pool-bench runs this with bash -c after substituting the placeholders; \$engine is expanded by that shell.
# The inline-completions switch only affects the dotnet engine (the epoll engine makes no .NET socket calls).
candidate="case {mode} in session) engine=$session_engine;; *) engine=$txn_engine;; esac;"
candidate+=" DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 exec dotnet $dll"
candidate+=" --listen-port {listen_port} --pg-port {pg_port} --engine \$engine --threads $threads"

exec "$pool_bench" --candidate-modes session,transaction --candidate "$candidate" \
  -d 6 -r 3 --scenarios sel-simple-c10,sel-ext-c10,tpcb-c20 --targets direct,pgb-session,cand-session,cand-txn "$@"
