#!/usr/bin/env bash
# sysbench oltp_point_select against v5store on the same MariaDB server, in one run: prepares the
# sbtest tables (sysbench ... prepare), then runs `sysbench oltp_point_select --threads=4
# --time=<seconds> --rand-type=uniform` (Debian's sysbench, its MariaDB/MySQL driver, server-side
# prepared statements) and BM_OltpPointSelect/v5 (4 threads, uniform ids) for the same time,
# and prints both query rates and the ratio v5 / sysbench.
#
#   V5_BENCH_MYSQL_DSN   DSN of the database to use ("host=... port=... db=... user=...
#                        password=..."); its sbtest tables are re-created. Unset: a private
#                        MariaDB server is started (scripts/lib/servers.sh) and stopped after.
#   V5_COMPARE_SECONDS   seconds of each measured run (default 20)
#   V5_COMPARE_TABLES    sbtest tables (default 1); V5_COMPARE_TABLE_SIZE rows each (default 100000)
#   V5BENCH              the v5bench executable (default build/bench/v5bench)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/compare_common.sh"
v5_compare_require_bench
tables="${V5_COMPARE_TABLES:-1}"
table_size="${V5_COMPARE_TABLE_SIZE:-100000}"

if [[ -z "${V5_BENCH_MYSQL_DSN:-}" ]]; then
  source "$V5_ROOT/scripts/lib/servers.sh"
  trap v5_servers_stop EXIT
  v5_servers_start
  export V5_BENCH_MYSQL_DSN="$V5_TEST_MYSQL_DSN"
fi

# sysbench's connection options from the DSN's key=value pairs.
options=(--db-driver=mysql)
for pair in $V5_BENCH_MYSQL_DSN; do
  value="${pair#*=}"
  case "${pair%%=*}" in
    host) options+=("--mysql-host=$value") ;;
    port) options+=("--mysql-port=$value") ;;
    db | dbname) options+=("--mysql-db=$value") ;;
    user) options+=("--mysql-user=$value") ;;
    password | pass) options+=("--mysql-password=$value") ;;
  esac
done
options+=("--tables=$tables" "--table-size=$table_size")

echo "sysbench oltp_point_select prepare ($tables x $table_size rows) ..." >&2
sysbench oltp_point_select "${options[@]}" cleanup >/dev/null
sysbench oltp_point_select "${options[@]}" prepare >/dev/null

echo "each run: ${V5_COMPARE_SECONDS} s, 4 threads" >&2
point_sysbench="$(sysbench oltp_point_select "${options[@]}" --threads=4 --rand-type=uniform \
  --time="$V5_COMPARE_SECONDS" --events=0 --report-interval=0 run |
  sed -n 's/^ *queries: *[0-9]* *(\([0-9.]*\) per sec\.).*/\1/p')"
point_v5="$(v5_compare_bench '^BM_OltpPointSelect/v5')"

v5_compare_report "oltp_point_select" sysbench "$point_sysbench" "$point_v5"
