#!/usr/bin/env bash
# Verifies the round trip that build/bench/latency_proxy adds before any figure is taken
# through it: times `SELECT 1` round trips with psql directly against PostgreSQL and through
# the proxy, and prints the measured added round-trip time (expected: 2 x DELAY_MS).
#
# Each path is timed with N1 and N2 queries in one psql session; connection set-up cancels
# out in the difference:  round trip = (t(N2) - t(N1)) / (N2 - N1).
#
# Usage: bench/latency_check.sh [DELAY_MS]          (default 5)
# Environment: V5_TEST_PG_DSN  the PostgreSQL to use (as scripts/lib/servers.sh exports it);
#                              unset: private servers are started (and stopped) for the check.
#              V5_PROXY_BIN    default build/bench/latency_proxy of this checkout
#              V5_LATENCY_N1 / V5_LATENCY_N2 (default 20 / 220)
#              V5_LATENCY_PORT the proxy's port (default: a free one); with V5_LATENCY_KEEP=1
#                              the proxy keeps running after a passing check (its pid printed),
#                              for benchmarks to use it.
# Exit status: 0 when the added round trip is within [0.9, 1.25] x 2 x DELAY_MS (+0.5 ms), else 1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
delay=${1:-5}
bin=${V5_PROXY_BIN:-$root/build/bench/latency_proxy}
n1=${V5_LATENCY_N1:-20}
n2=${V5_LATENCY_N2:-220}
[[ -x $bin ]] || { echo "error: $bin not found; build the latency_proxy target" >&2; exit 2; }
command -v psql >/dev/null || { echo "error: psql not installed" >&2; exit 2; }

source "$root/scripts/lib/servers.sh"
proxy_pid=""
cleanup() {
  if [[ -n $proxy_pid && ${V5_LATENCY_KEEP:-0} != 1 ]]; then kill "$proxy_pid" 2>/dev/null || true; fi
  if [[ ${started:-0} == 1 ]]; then v5_servers_stop; fi
}
trap cleanup EXIT
started=0
if [[ -z ${V5_TEST_PG_DSN:-} ]]; then
  v5_servers_start >&2
  started=1
fi
pg_port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$V5_TEST_PG_DSN")
proxy_port=${V5_LATENCY_PORT:-$(v5_free_port)}
"$bin" "$proxy_port" "127.0.0.1:$pg_port" "$delay" >"${TMPDIR:-/tmp}/latency_proxy.$proxy_port.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 50); do
  grep -q listening "${TMPDIR:-/tmp}/latency_proxy.$proxy_port.log" 2>/dev/null && break
  sleep 0.1
done
proxied_dsn=$(sed "s/port=$pg_port/port=$proxy_port/" <<<"$V5_TEST_PG_DSN")

# Milliseconds one psql session takes for N `SELECT 1` round trips on DSN.
session_ms() {
  local dsn=$1 n=$2 start end
  start=$(date +%s%N)
  yes 'SELECT 1;' | head -n "$n" | psql -X -q -t -A "$dsn" >/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))  # microseconds
}
# Microseconds per round trip on DSN.
round_trip_us() {
  local a b
  a=$(session_ms "$1" "$n1")
  b=$(session_ms "$1" "$n2")
  awk -v a="$a" -v b="$b" -v d="$((n2 - n1))" 'BEGIN { printf "%.1f", (b - a) / d }'
}

direct=$(round_trip_us "$V5_TEST_PG_DSN")
proxied=$(round_trip_us "$proxied_dsn")
uptime
awk -v d="$direct" -v p="$proxied" -v delay="$delay" -v port="$proxy_port" 'BEGIN {
  added = (p - d) / 1000; expected = 2 * delay
  printf "round trip: direct %.3f ms, through the proxy %.3f ms (127.0.0.1:%s)\n", d / 1000, p / 1000, port
  printf "added round trip: %.3f ms (expected %.3f ms: 2 x %s ms)\n", added, expected, delay
  ok = added >= 0.9 * expected && added <= 1.25 * expected + 0.5
  print ok ? "latency check: ok" : "latency check: FAILED (machine too loaded, or the proxy is wrong)"
  exit ok ? 0 : 1
}'
if [[ ${V5_LATENCY_KEEP:-0} == 1 ]]; then echo "latency_proxy pid $proxy_pid on port $proxy_port"; fi
