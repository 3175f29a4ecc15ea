#!/usr/bin/env bash
# PostgreSQL bulk insert (issue 23), in one run against one server:
#  1. BM_BulkInsert/v5_pg (Records::insert_many, COPY FROM STDIN) against `psql \copy` of the
#     same rows from a CSV file, BENCH_ROWS rows (default 100,000), alternated A B B A B A A B;
#     each side's median time, and the ratio of rows per second (v5 / psql).
#  2. Through bench/support/latency_proxy at BENCH_RTT_MS added round trip (default 1; checked
#     by bench/latency_check.sh first): BM_BulkInsert/v5_pg against
#     BM_BulkInsert/pg_row_at_a_time (a prepared INSERT per row in one transaction), both with
#     BENCH_RTT_ROWS rows (default 5,000: one at a time costs a round trip each), alternated
#     A B B A; the ratio of rows per second.
# The table is emptied before every run of either side.
#
# Usage: bench/compare_bulk_pg.sh
# v5's figure is one insert_many (the store opened before), psql's the \copy as its \timing
# reports it (psql's start and connection not counted).
# Environment: V5_TEST_PG_DSN (a PostgreSQL to use; unset: private servers are started and
#   stopped), V5BENCH, BENCH_ROWS, BENCH_RTT_ROWS, BENCH_RTT_MS.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=compare_common.sh
source "$root/bench/compare_common.sh"
# shellcheck source=../scripts/lib/servers.sh
source "$root/scripts/lib/servers.sh"
v5_compare_require_bench
rows="${BENCH_ROWS:-100000}"
rtt_rows="${BENCH_RTT_ROWS:-5000}"
rtt_ms="${BENCH_RTT_MS:-1}"
work="$(mktemp -d)"
proxy_pid=""
started=0
cleanup() {
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  [[ $started == 1 ]] && v5_servers_stop
  rm -rf "$work"
}
trap cleanup EXIT
if [[ -z ${V5_TEST_PG_DSN:-} ]]; then
  v5_servers_start >&2
  started=1
fi
dsn="$V5_TEST_PG_DSN"
export PGOPTIONS="-c client_min_messages=warning"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

psql -X -q "$dsn" -c "DROP TABLE IF EXISTS bench_bulk" \
  -c "CREATE TABLE bench_bulk (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, amount BIGINT NOT NULL)"
seq 1 "$rows" | awk '{ printf "%d,item-%d,%d\n", $1, $1, $1 * 3 }' >"$work/rows.csv"

# Milliseconds of one `psql \copy` of the CSV as psql's \timing reports it (the COPY
# itself, without psql's start and connection), the table emptied first.
psql_copy_ms() {
  psql -X -q "$dsn" -c "TRUNCATE bench_bulk"
  printf '\\timing on\n\\copy bench_bulk (id, name, amount) FROM %s CSV\n' "$work/rows.csv" |
    psql -X -q "$dsn" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}

# Milliseconds of one iteration of v5bench benchmark FILTER with N rows on DSN.
bench_ms() {
  local filter=$1 n=$2 bench_dsn=$3
  V5_BENCH_PG_DSN="$bench_dsn" V5_BULK_ROWS="$n" V5_BENCH_ITERATIONS=1 \
    "$V5BENCH" --benchmark_filter="^$filter(/|\$)" --benchmark_format=json |
    python3 -c 'import json, sys
run = json.load(sys.stdin)["benchmarks"][0]
if run.get("error_occurred"): sys.exit("bench: " + run.get("error_message", ""))
print("%.1f" % run["real_time"])'
}

ratio() { awk -v b="$1" -v a="$2" 'BEGIN { printf "%.2f", b / a }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "==> $rows rows: A = BM_BulkInsert/v5_pg, B = psql \\copy (CSV), A B B A B A A B"
a_runs=() b_runs=()
for side in A B B A B A A B; do
  if [[ $side == A ]]; then
    ms=$(bench_ms "BM_BulkInsert/v5_pg" "$rows" "$dsn"); a_runs+=("$ms")
    echo "    v5 insert_many: $ms ms"
  else
    ms=$(psql_copy_ms); b_runs+=("$ms")
    echo "    psql \\copy:     $ms ms"
  fi
done
a=$(printf '%s\n' "${a_runs[@]}" | median)
b=$(printf '%s\n' "${b_runs[@]}" | median)
echo "median: v5 $a ms, psql \\copy $b ms; rows/s ratio v5 / psql = $(ratio "$b" "$a")"

echo "==> through the latency proxy, ${rtt_ms} ms added round trip"
proxy_port=$(v5_free_port)
delay=$(awk -v r="$rtt_ms" 'BEGIN { print r / 2 }')
V5_LATENCY_KEEP=1 V5_LATENCY_PORT=$proxy_port "$root/bench/latency_check.sh" "$delay" >"$work/check.log"
cat "$work/check.log"
proxy_pid=$(sed -n 's/^latency_proxy pid \([0-9]*\).*/\1/p' "$work/check.log")
pg_port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$dsn")
proxied="${dsn/port=$pg_port/port=$proxy_port}"

echo "==> $rtt_rows rows: A = BM_BulkInsert/v5_pg, B = BM_BulkInsert/pg_row_at_a_time, A B B A"
a_runs=() b_runs=()
for side in A B B A; do
  if [[ $side == A ]]; then
    ms=$(bench_ms "BM_BulkInsert/v5_pg" "$rtt_rows" "$proxied"); a_runs+=("$ms")
    echo "    v5 insert_many:  $ms ms"
  else
    ms=$(bench_ms "BM_BulkInsert/pg_row_at_a_time" "$rtt_rows" "$proxied"); b_runs+=("$ms")
    echo "    row at a time:   $ms ms"
  fi
done
a=$(printf '%s\n' "${a_runs[@]}" | median)
b=$(printf '%s\n' "${b_runs[@]}" | median)
echo "median: v5 $a ms, row at a time $b ms; rows/s ratio v5 / row at a time = $(ratio "$b" "$a")"
psql -X -q "$dsn" -c "DROP TABLE IF EXISTS bench_bulk"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
