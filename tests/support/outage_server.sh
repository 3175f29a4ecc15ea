#!/usr/bin/env bash
# A private PostgreSQL or MariaDB server for the outage tests, in its own directory on a free
# loopback port, that the test stops and starts under a running store. Never touches the
# shared dev servers.
#
#   outage_server.sh pg|my init DIR     create and start; prints the DSN
#   outage_server.sh pg|my stop DIR     stop (waits until the server is gone)
#   outage_server.sh pg|my start DIR    start again on the same port (waits until it answers)
#   outage_server.sh pg|my destroy DIR  stop if running and remove DIR
set -euo pipefail
# shellcheck source=../../scripts/lib/servers.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib/servers.sh"

kind="$1" action="$2" dir="$3"
PG_BIN="${V5_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
as_postgres() { runuser -u postgres -- "$@"; }
my_server() { command -v mariadbd || command -v mysqld || echo /usr/sbin/mariadbd; }
my_client() { command -v mariadb || command -v mysql; }
my_user() { if id mysql >/dev/null 2>&1; then echo mysql; else echo root; fi; }

pg_start() {
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" \
    start >"$dir/pg_ctl.log" 2>&1
}

my_start() {
  "$(my_server)" --no-defaults --user="$(my_user)" --datadir="$dir/data" \
    --port="$(cat "$dir/port")" --bind-address=127.0.0.1 --socket="$dir/sock" \
    --pid-file="$dir/pid" --log-error="$dir/server.log" --skip-name-resolve \
    --innodb-flush-log-at-trx-commit=2 --innodb-buffer-pool-size=32M >/dev/null 2>&1 &
  for _ in $(seq 1 240); do
    if "$(my_client)" --no-defaults -S "$dir/sock" -uroot -e "SELECT 1" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.05
  done
  cat "$dir/server.log" >&2
  return 1
}

my_stop() { _v5_kill_pidfile "$dir/pid" 0.05 600; }

case "$kind:$action" in
  pg:init)
    rm -rf "$dir"
    mkdir -p "$dir"
    chown postgres "$dir"
    chmod 700 "$dir"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --locale=C \
      --encoding=UTF8 --no-sync >"$dir/initdb.log" 2>&1
    free_port >"$dir/port"
    pg_start
    echo "host=127.0.0.1 port=$(cat "$dir/port") dbname=postgres user=postgres"
    ;;
  pg:stop) as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null ;;
  pg:start) pg_start ;;
  pg:destroy)
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  my:init)
    rm -rf "$dir"
    mkdir -p "$dir"
    chown "$(my_user)" "$dir"
    chmod 700 "$dir"
    "$(command -v mariadb-install-db || command -v mysql_install_db)" --no-defaults \
      --user="$(my_user)" --datadir="$dir/data" --skip-test-db \
      --auth-root-authentication-method=socket >"$dir/install.log" 2>&1
    free_port >"$dir/port"
    my_start
    "$(my_client)" --no-defaults -S "$dir/sock" -uroot <<SQL
CREATE DATABASE outage;
CREATE USER 'outage'@'127.0.0.1' IDENTIFIED BY 'outage';
GRANT ALL PRIVILEGES ON outage.* TO 'outage'@'127.0.0.1';
SQL
    echo "host=127.0.0.1 port=$(cat "$dir/port") db=outage user=outage password=outage"
    ;;
  my:stop) my_stop ;;
  my:start) my_start ;;
  my:destroy)
    my_stop
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 pg|my init|stop|start|destroy DIR" >&2
    exit 2
    ;;
esac
