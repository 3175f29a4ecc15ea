#!/usr/bin/env bash
# Generates a spec's service, builds it with -Wall -Wextra -Werror against the installed
# package, runs its smoke test on SQLite, and on PostgreSQL and MariaDB (fresh databases from
# V5_TEST_PG_DSN / V5_TEST_MYSQL_DSN), then starts the service and reads /health/ready and
# /metrics. The PostgreSQL smoke test runs twice: direct, and through the PgBouncer of
# V5_TEST_PGBOUNCER_DSN (transaction pooling) with the spec's database given `pooler:
# pgbouncer`, migrating through the direct DSN. Usage: service_test.sh V5GEN SPEC WORKDIR PREFIX
set -euo pipefail
v5gen=$1 spec=$2 work=$3 prefix=$4
name=$(basename "$spec" .yaml)
# ledger_pg.yaml reads its DSN from V5_LEDGER_PG; the smoke runs below pass their own DSNs.
export V5_LEDGER_PG="${V5_LEDGER_PG:-host=127.0.0.1 dbname=ledger}"
rm -rf "$work"
mkdir -p "$work"
out="$work/project"
# Generate from a copy, so what generate writes beside the spec (the versioned migrations
# directory) lands in the work directory, not in the source tree.
cp "$spec" "$work/$name.yaml"
spec="$work/$name.yaml"

"$v5gen" generate "$spec" -o "$out"
# A rerun is byte-identical: nothing is written.
"$v5gen" generate "$spec" -o "$out" | grep -q ": 0 written" || {
  echo "FAIL: regenerating $name wrote files"; exit 1; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$out" -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >/dev/null
cmake --build "$work/build" --parallel 2
system=$(sed -n 's/^  name: *\([a-z_0-9]*\).*/\1/p' "$spec" | head -1)
smoke="$work/build/${system}_smoke_test"

(cd "$work/build" && ctest --output-on-failure)

# The same smoke test against the servers, each in a fresh database.
db="v5smoke_${system}_$$"
if [ -z "${V5_TEST_PG_DSN:-}" ] || [ -z "${V5_TEST_MYSQL_DSN:-}" ]; then
  echo "FAIL: V5_TEST_PG_DSN and V5_TEST_MYSQL_DSN must be set (scripts/test.sh sets them)"
  exit 1
fi
psql "$V5_TEST_PG_DSN" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
pg_dsn=$(sed "s/dbname=[^ ]*/dbname=$db/" <<<"$V5_TEST_PG_DSN")
"$smoke" postgresql "$pg_dsn"
psql "$V5_TEST_PG_DSN" -qc "DROP DATABASE $db" >/dev/null

# Through PgBouncer: the smoke test reads its spec at run time and keeps the spec's pooler
# when given a DSN, so the project's spec gets `pooler: pgbouncer` for this run only.
if [ -z "${V5_TEST_PGBOUNCER_DSN:-}" ]; then
  echo "FAIL: V5_TEST_PGBOUNCER_DSN must be set (scripts/test.sh sets it)"
  exit 1
fi
project_spec="$out/spec/$name.yaml"
cp "$project_spec" "$work/spec.direct"
sed -i 's/^\(    \)dsn: .*/&\n\1pooler: pgbouncer/' "$project_spec"
grep -q "pooler: pgbouncer" "$project_spec" || { echo "FAIL: no pooler added to $project_spec"; exit 1; }
psql "$V5_TEST_PG_DSN" -qc "CREATE DATABASE $db" >/dev/null
pgb_dsn=$(sed "s/dbname=[^ ]*/dbname=$db/" <<<"$V5_TEST_PGBOUNCER_DSN")
"$smoke" postgresql "$pgb_dsn" "$pg_dsn"
cp "$work/spec.direct" "$project_spec"
# PgBouncer still holds server connections to the database.
psql "$V5_TEST_PG_DSN" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null

my() {
  local host port user pass
  host=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  port=$(sed -n 's/.*port=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  user=$(sed -n 's/.*user=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  pass=$(sed -n 's/.*password=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  mysql --protocol=tcp -h "$host" -P "$port" -u "$user" -p"$pass" -e "$1"
}
my "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
my_dsn=$(sed "s/db=[^ ]*/db=$db/" <<<"$V5_TEST_MYSQL_DSN")
"$smoke" mysql "$my_dsn"
my "DROP DATABASE $db"

# The service itself, on SQLite, on a free port: ready, metrics in the Prometheus format.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
service_spec="$work/service.yaml"
sed -e 's/backend: *postgresql/backend: sqlite/' -e 's/backend: *mysql/backend: sqlite/' \
    -e "s|dsn: .*|dsn: \"db=$work/service.db\"|" "$out/spec/$name.yaml" > "$service_spec"
api_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
V5_MONITORING_LISTEN="127.0.0.1:$port" V5_API_LISTEN="127.0.0.1:$api_port" \
  "$work/build/${system}_service" "$service_spec" > "$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/health/ready"
echo
curl -fsS "http://127.0.0.1:$port/metrics" > "$work/metrics.txt"
promtool check metrics < "$work/metrics.txt"
grep -q '^v5store_pool_connections' "$work/metrics.txt"
# The api component (the shop has one): a POST answered 201 with its Location, then a GET of it.
if grep -q 'type: api' "$service_spec"; then
  api="http://127.0.0.1:$api_port/api"
  location=$(curl -fsS -X POST -H 'Content-Type: application/json' \
    -d '{"email":"ann@example.com","name":"Ann"}' -D - -o /dev/null "$api/customers" |
    sed -n 's/^Location: *\([^[:space:]]*\).*/\1/p')
  [[ -n "$location" ]]
  row=$(curl -fsS "http://127.0.0.1:$api_port$location")
  grep -q '"email":"ann@example.com"' <<<"$row"
  openapi=$(curl -fsS "$api/openapi.json")
  grep -q '"openapi": "3.1.0"' <<<"$openapi"
fi
kill -TERM $pid
wait $pid
grep -q "stopping on SIGTERM" "$work/service.log"
echo "PASS: $name generated, built with -Werror, smoke-tested on sqlite, postgresql and mysql, served"
