#!/usr/bin/env bash
# pgbench against v5store on the same PostgreSQL server, in one run: initialises the pgbench
# tables (pgbench -i -s 10), then runs the TPC-B-like script and the select-only script (-S)
# with `pgbench -M prepared -c 4 -j 2 -T <seconds>` and the matching v5bench benchmarks
# (BM_TpcbLike/v5, BM_TpcbSelectOnly/v5, 4 threads) for the same time, and prints both rates
# and the ratio v5 / pgbench.
#
#   V5_BENCH_PG_DSN      libpq DSN of the database to use ("host=... port=... dbname=... user=...
#                        password=..."); its pgbench_* tables are re-created. Unset: a private
#                        PostgreSQL server is started (scripts/lib/servers.sh) and stopped after.
#   V5_COMPARE_SECONDS   seconds of each measured run (default 20)
#   V5_COMPARE_SCALE     pgbench scale factor (default 10)
#   V5BENCH              the v5bench executable (default build/bench/v5bench)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/compare_common.sh"
v5_compare_require_bench
scale="${V5_COMPARE_SCALE:-10}"

if [[ -z "${V5_BENCH_PG_DSN:-}" ]]; then
  source "$V5_ROOT/scripts/lib/servers.sh"
  trap v5_servers_stop EXIT
  v5_servers_start
  export V5_BENCH_PG_DSN="$V5_TEST_PG_DSN"
fi

# pgbench and psql take the DSN as their database name (a conninfo string).
echo "pgbench -i -s $scale ..." >&2
pgbench -i -q -s "$scale" "$V5_BENCH_PG_DSN" >/dev/null 2>&1

# pgbench's own preparation before each run: vacuum the small tables, empty the history.
fresh_tables() {
  psql -q -X "$V5_BENCH_PG_DSN" -c "VACUUM pgbench_branches" -c "VACUUM pgbench_tellers" \
    -c "TRUNCATE pgbench_history" >/dev/null
}

# run_pgbench ARGS...: prints pgbench's tps (without the initial connection time).
run_pgbench() {
  pgbench -M prepared -c 4 -j 2 -T "$V5_COMPARE_SECONDS" "$@" "$V5_BENCH_PG_DSN" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\) .*without initial connection time.*/\1/p'
}

echo "each run: ${V5_COMPARE_SECONDS} s, 4 clients, scale $scale" >&2
fresh_tables
tpcb_pgbench="$(run_pgbench)"
fresh_tables
tpcb_v5="$(v5_compare_bench '^BM_TpcbLike/v5')"
select_pgbench="$(run_pgbench -S)"
select_v5="$(v5_compare_bench '^BM_TpcbSelectOnly/v5')"

v5_compare_report "TPC-B-like" pgbench "$tpcb_pgbench" "$tpcb_v5"
v5_compare_report "select-only (-S)" pgbench "$select_pgbench" "$select_v5"
