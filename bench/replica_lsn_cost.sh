#!/usr/bin/env bash
# What read-your-writes `position` adds per write and per routed read, on the test servers
# (scripts/lib/servers.sh: a primary and its streaming replicas). pgbench, one client,
# prepared protocol: a write transaction alone; followed by SELECT pg_current_wal_lsn() or
# pg_current_wal_insert_lsn() on the same connection after COMMIT; and the replica's check
# SELECT pg_last_wal_replay_lsn() >= lsn. Rounds alternate to spread the machine's noise.
# Usage: set -a; source /tmp/srv-NAME.env; set +a; bench/replica_lsn_cost.sh [seconds] [rounds]
set -euo pipefail
seconds="${1:-4}"
rounds="${2:-3}"
port_of() { sed -n 's/.* port=\([0-9]*\).*/\1/p' <<<"$1"; }
primary="$(port_of "$V5_TEST_PG_DSN")"
replica="$(port_of "${V5_TEST_PG_REPLICA_DSNS%%;*}")"
export PGPASSWORD="${V5_TEST_PG_DSN##*password=}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
psql -h 127.0.0.1 -p "$primary" -U postgres -d v5test -qc \
  "CREATE TABLE IF NOT EXISTS v5_lsn_cost (id bigserial PRIMARY KEY, v int)"
write='BEGIN;\nINSERT INTO v5_lsn_cost (v) VALUES (1);\nCOMMIT;\n'
printf "$write" >"$work/write.sql"
printf "${write}SELECT pg_current_wal_lsn();\n" >"$work/write_lsn.sql"
printf "${write}SELECT pg_current_wal_insert_lsn();\n" >"$work/write_insert_lsn.sql"
printf "SELECT pg_last_wal_replay_lsn() >= '0/3000000'::pg_lsn;\n" >"$work/replica_check.sql"
latency() {
  pgbench -h 127.0.0.1 -p "$1" -U postgres -n -M prepared -c 1 -T "$seconds" -f "$2" v5test \
    2>&1 | sed -n 's/latency average = //p'
}
for ((round = 1; round <= rounds; round++)); do
  for script in write write_lsn write_insert_lsn; do
    echo "round $round $script: $(latency "$primary" "$work/$script.sql")"
  done
  echo "round $round replica_check: $(latency "$replica" "$work/replica_check.sql")"
done
psql -h 127.0.0.1 -p "$primary" -U postgres -d v5test -qc "DROP TABLE v5_lsn_cost"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
