#!/usr/bin/env bash
# Import -> generate -> build -> smoke test on the imported database itself, per backend: the
# generated repositories insert, read, update and remove rows in the existing tables (hostile
# names, column mappings, opaque columns, a read-only table), and read the fixture's rows.
# Usage: generate_build_test.sh V5GEN FIXTURES WORKDIR PREFIX
set -euo pipefail
v5gen=$1 fixtures=$2 work=$3 prefix=$4
rm -rf "$work"
mkdir -p "$work"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ -z "${V5_TEST_PG_DSN:-}" ] || [ -z "${V5_TEST_MYSQL_DSN:-}" ]; then
  echo "FAIL: V5_TEST_PG_DSN and V5_TEST_MYSQL_DSN must be set (scripts/test.sh sets them)"
  exit 1
fi
db="v5import_$$"

my() {
  local host port user pass
  host=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  port=$(sed -n 's/.*port=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  user=$(sed -n 's/.*user=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  pass=$(sed -n 's/.*password=\([^ ]*\).*/\1/p' <<<"$V5_TEST_MYSQL_DSN")
  mysql --protocol=tcp -h "$host" -P "$port" -u "$user" -p"$pass" "$@"
}

# import_build BACKEND SYSTEM DSN: import, validate, generate, build, smoke-test on the DSN.
import_build() {
  local backend=$1 system=$2 dsn=$3 dir="$work/$1"
  local var
  var="$(tr '[:lower:]' '[:upper:]' <<<"$system")_DSN"
  mkdir -p "$dir"
  "$v5gen" import --backend "$backend" --dsn "$dsn" --name "$system" -o "$dir/$system.yaml"
  export "$var=$dsn"
  "$v5gen" validate "$dir/$system.yaml" >/dev/null
  "$v5gen" diff "$dir/$system.yaml"
  "$v5gen" generate "$dir/$system.yaml" -o "$dir/project"
  cmake -S "$dir/project" -B "$dir/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >/dev/null
  cmake --build "$dir/build" --parallel 2 --target "${system}_smoke_test"
  "$dir/build/${system}_smoke_test" "$backend" "$dsn"
  # The smoke test removed what it wrote: the fixture's rows and tables are as they were.
  "$v5gen" diff "$dir/$system.yaml"
}

sqlite3 "$work/chinook.db" < "$fixtures/chinook_sqlite.sql"
import_build sqlite chinook "db=$work/chinook.db"

psql "$V5_TEST_PG_DSN" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
pg_dsn=$(sed "s/dbname=[^ ]*/dbname=$db/" <<<"$V5_TEST_PG_DSN")
psql "$pg_dsn" -q -v ON_ERROR_STOP=1 -f "$fixtures/pagila_postgresql.sql" >/dev/null
import_build postgresql pagila "$pg_dsn"
psql "$V5_TEST_PG_DSN" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null

my -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
my "$db" < "$fixtures/chinook_mysql.sql"
my_dsn=$(sed "s/db=[^ ]*/db=$db/" <<<"$V5_TEST_MYSQL_DSN")
import_build mysql chinook "$my_dsn"
my -e "DROP DATABASE $db"
echo "PASS: imported, generated, built and smoke-tested on sqlite, postgresql and mysql"
