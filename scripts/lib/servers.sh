# Private PostgreSQL and MariaDB servers for tests. Source this file, then:
#
#   v5_servers_start [DIR]   starts both servers under DIR (default: a new temp dir) on free
#                            loopback ports and exports
#                              V5_TEST_PG_DSN     host=127.0.0.1 port=P dbname=v5test user=postgres password=...
#                              V5_TEST_MYSQL_DSN  host=127.0.0.1 port=P db=v5test user=v5 password=...
#                              V5_TEST_PG_BIN     the PostgreSQL server binaries (initdb, pg_ctl, ...)
#                              V5_TEST_MYSQL_ROOT_DSN  MariaDB root (all privileges, over TCP)
#                              V5_TEST_PGBOUNCER_DSN   the same PostgreSQL database through a
#                                                      PgBouncer in transaction pooling mode
#                              V5_TEST_GALERA_DSNS     a 3-node MariaDB Galera cluster, the
#                                                      nodes' DSNs separated by ';' (lib/galera.sh)
#                            Returns non-zero (after printing the server log) when one fails.
#   v5_servers_stop          stops whatever v5_servers_start started and removes DIR when it
#                            created it. Safe to call twice; meant for `trap v5_servers_stop EXIT`.
#
# PostgreSQL refuses to run as root, so it runs as the `postgres` user; both servers listen on
# 127.0.0.1 only and require a password over TCP (scram-sha-256 on PostgreSQL), so tests of a
# wrong password are real. Durability is traded for speed (fsync off): these are test servers.

V5_PG_VERSION="${V5_PG_VERSION:-15}"
V5_TEST_PG_BIN="${V5_TEST_PG_BIN:-/usr/lib/postgresql/$V5_PG_VERSION/bin}"

_v5_srv_dir=""
_v5_srv_dir_owned=0
_v5_pg_started=0
_v5_my_started=0
_v5_pgb_started=0
_v5_pg_replicas_started=0

_v5_log() { echo "servers: $*" >&2; }

# shellcheck source=galera.sh
source "$(dirname "${BASH_SOURCE[0]}")/galera.sh"

# Prints a free TCP port on 127.0.0.1 (the kernel picks it).
v5_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Prints a random alphanumeric secret.
_v5_secret() {
  python3 -c 'import secrets; print(secrets.token_hex(12))'
}

# Runs a command as the postgres user.
_v5_as_postgres() {
  runuser -u postgres -- "$@"
}

# v5_pg_start DIR: initdb + start in DIR/pg; exports V5_TEST_PG_DSN.
v5_pg_start() {
  local dir="$1/pg" port password attempt
  if ! id postgres >/dev/null 2>&1; then
    _v5_log "PostgreSQL: the postgres user does not exist (is the postgresql package installed?)"
    return 1
  fi
  if [[ ! -x "$V5_TEST_PG_BIN/initdb" ]]; then
    _v5_log "PostgreSQL: $V5_TEST_PG_BIN/initdb not found"
    return 1
  fi
  mkdir -p "$dir"
  chown postgres "$dir"
  chmod 700 "$dir"
  password="$(_v5_secret)"
  printf '%s\n' "$password" >"$dir/pwfile"
  chown postgres "$dir/pwfile"
  if ! _v5_as_postgres "$V5_TEST_PG_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 --locale=C --encoding=UTF8 --no-sync \
      >"$dir/initdb.log" 2>&1; then
    _v5_log "PostgreSQL: initdb failed:"
    cat "$dir/initdb.log" >&2
    return 1
  fi
  rm -f "$dir/pwfile"
  for attempt in 1 2 3; do
    port="$(v5_free_port)"
    if _v5_as_postgres "$V5_TEST_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 \
            -c password_encryption=scram-sha-256 -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off" start >"$dir/pg_ctl.log" 2>&1; then
      _v5_pg_started=1
      break
    fi
    _v5_log "PostgreSQL: start on port $port failed (attempt $attempt)"
  done
  if [[ $_v5_pg_started -ne 1 ]]; then
    _v5_log "PostgreSQL: could not start; server log:"
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
    return 1
  fi
  if ! _v5_as_postgres "$V5_TEST_PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt \
      -c "CREATE DATABASE v5test" >"$dir/setup.log" 2>&1; then
    _v5_log "PostgreSQL: creating database v5test failed:"
    cat "$dir/setup.log" >&2
    return 1
  fi
  export V5_TEST_PG_BIN
  export V5_TEST_PG_DSN="host=127.0.0.1 port=$port dbname=v5test user=postgres password=$password"
  # The password is checked over TCP (scram), exactly as the tests connect.
  if ! PGPASSWORD="$password" "$V5_TEST_PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres \
      -d v5test -qAt -c "SELECT 1" >/dev/null 2>"$dir/check.log"; then
    _v5_log "PostgreSQL: password login over TCP failed:"
    cat "$dir/check.log" >&2
    return 1
  fi
  _v5_log "PostgreSQL $V5_PG_VERSION up on 127.0.0.1:$port (data $dir/data)"
}

v5_pg_stop() {
  local dir="$_v5_srv_dir/pg"
  if [[ $_v5_pg_started -eq 1 ]]; then
    _v5_as_postgres "$V5_TEST_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      _v5_as_postgres "$V5_TEST_PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    _v5_pg_started=0
    _v5_log "PostgreSQL stopped"
  fi
}

# v5_pg_replicas_start DIR [N]: N (default 2) streaming replicas of the PostgreSQL of
# v5_pg_start, each a pg_basebackup -R of it in DIR/pg-replica-I started on a free port; the
# first is synchronous (synchronous_standby_names names it; the primary runs with
# synchronous_commit=off, so only a session that sets synchronous_commit waits for it).
# Exports V5_TEST_PG_REPLICA_DSNS (the DSNs, separated by ';') and V5_TEST_PG_REPLICA_DIRS.
v5_pg_replicas_start() {
  local base="$1" count="${2:-2}" pg_port password i dir port dsns="" dirs="" attempt started
  pg_port="$(sed -n 's/.* port=\([0-9]*\).*/\1/p' <<<"$V5_TEST_PG_DSN")"
  password="${V5_TEST_PG_DSN##*password=}"
  for ((i = 1; i <= count; i++)); do
    dir="$base/pg-replica-$i"
    mkdir -p "$dir"
    chown postgres "$dir"
    chmod 700 "$dir"
    if ! _v5_as_postgres env PGPASSWORD="$password" "$V5_TEST_PG_BIN/pg_basebackup" \
        -h 127.0.0.1 -p "$pg_port" -U postgres -D "$dir/data" -R -X stream -c fast --no-sync \
        >"$dir/basebackup.log" 2>&1; then
      _v5_log "PostgreSQL replica $i: pg_basebackup failed:"
      cat "$dir/basebackup.log" >&2
      return 1
    fi
    started=0
    for attempt in 1 2 3; do
      port="$(v5_free_port)"
      if _v5_as_postgres "$V5_TEST_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 \
              -c cluster_name=v5_replica_$i -c hot_standby_feedback=on \
              -c wal_receiver_status_interval=1" \
          start >"$dir/pg_ctl.log" 2>&1; then
        started=1
        break
      fi
      _v5_log "PostgreSQL replica $i: start on port $port failed (attempt $attempt)"
    done
    if [[ $started -ne 1 ]]; then
      _v5_log "PostgreSQL replica $i: could not start; server log:"
      cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
      return 1
    fi
    _v5_pg_replicas_started=$i
    dsns+="${dsns:+;}host=127.0.0.1 port=$port dbname=v5test user=postgres password=$password"
    dirs+="${dirs:+;}$dir"
  done
  if ! _v5_as_postgres "$V5_TEST_PG_BIN/psql" -h "$base/pg" -p "$pg_port" -U postgres -d postgres \
      -qAt -c "ALTER SYSTEM SET synchronous_standby_names = 'v5_replica_1'" \
      -c "SELECT pg_reload_conf()" >"$base/pg/replicas.log" 2>&1; then
    _v5_log "PostgreSQL: setting synchronous_standby_names failed:"
    cat "$base/pg/replicas.log" >&2
    return 1
  fi
  export V5_TEST_PG_REPLICA_DSNS="$dsns"
  export V5_TEST_PG_REPLICA_DIRS="$dirs"
  _v5_log "PostgreSQL: $count streaming replicas up (v5_replica_1 synchronous)"
}

v5_pg_replicas_stop() {
  local i dir
  for ((i = _v5_pg_replicas_started; i >= 1; i--)); do
    dir="$_v5_srv_dir/pg-replica-$i"
    _v5_as_postgres "$V5_TEST_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop \
      >/dev/null 2>&1 || true
  done
  if [[ $_v5_pg_replicas_started -gt 0 ]]; then
    _v5_log "PostgreSQL replicas stopped"
  fi
  _v5_pg_replicas_started=0
}

# v5_pgbouncer_start DIR: a PgBouncer in transaction pooling mode in DIR/pgbouncer, in front
# of the PostgreSQL of v5_pg_start (whose DSN it reads), for every database of that server;
# exports V5_TEST_PGBOUNCER_DSN (database v5test). Clients
# log in with the server's user and password (scram-sha-256, from a private userlist), which
# PgBouncer also uses towards the server. PgBouncer refuses to run as root: it runs as postgres.
v5_pgbouncer_start() {
  local dir="$1/pgbouncer" pg_port password port attempt i
  local binary="${V5_TEST_PGBOUNCER_BIN:-/usr/sbin/pgbouncer}"
  if [[ ! -x "$binary" ]]; then
    _v5_log "PgBouncer: $binary not found (is the pgbouncer package installed?)"
    return 1
  fi
  pg_port="$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$V5_TEST_PG_DSN")"
  password="$(sed -n 's/.*password=\([^ ]*\).*/\1/p' <<<"$V5_TEST_PG_DSN")"
  mkdir -p "$dir"
  chown postgres "$dir"
  chmod 700 "$dir"
  printf '"postgres" "%s"\n' "$password" >"$dir/userlist.txt"
  chown postgres "$dir/userlist.txt"
  chmod 600 "$dir/userlist.txt"
  for attempt in 1 2 3; do
    port="$(v5_free_port)"
    # default_pool_size: server connections per database and user, shared by every client.
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    chown postgres "$dir/pgbouncer.ini"
    rm -f "$dir/pgbouncer.pid"
    if _v5_as_postgres "$binary" -d "$dir/pgbouncer.ini" >"$dir/start.log" 2>&1; then
      for i in $(seq 1 40); do
        if PGPASSWORD="$password" "$V5_TEST_PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres \
            -d v5test -qAt -c "SELECT 1" >/dev/null 2>"$dir/check.log"; then
          _v5_pgb_started=1
          break 2
        fi
        sleep 0.25
      done
    fi
    _v5_log "PgBouncer: start on port $port failed (attempt $attempt)"
    _v5_kill_pidfile "$dir/pgbouncer.pid" 0.25
  done
  if [[ $_v5_pgb_started -ne 1 ]]; then
    _v5_log "PgBouncer: could not start; log:"
    cat "$dir/start.log" "$dir/pgbouncer.log" "$dir/check.log" >&2 2>/dev/null || true
    return 1
  fi
  export V5_TEST_PGBOUNCER_DSN="host=127.0.0.1 port=$port dbname=v5test user=postgres password=$password"
  _v5_log "PgBouncer $("$binary" --version | sed -n '1s/.* //p') (transaction pooling) up on 127.0.0.1:$port"
}

v5_pgbouncer_stop() {
  if [[ $_v5_pgb_started -eq 1 ]]; then
    _v5_kill_pidfile "$_v5_srv_dir/pgbouncer/pgbouncer.pid" 0.25
    _v5_pgb_started=0
    _v5_log "PgBouncer stopped"
  fi
}

# The MariaDB server and client programs (Debian names first).
_v5_my_server() { command -v mariadbd || command -v mysqld || echo /usr/sbin/mariadbd; }
_v5_my_client() { command -v mariadb || command -v mysql; }
_v5_my_install_db() { command -v mariadb-install-db || command -v mysql_install_db; }

# v5_my_start DIR: install a private datadir in DIR/my and start it; exports V5_TEST_MYSQL_DSN.
v5_my_start() {
  local dir="$1/my" port password root_password attempt user=root server client install_db i
  server="$(_v5_my_server)"
  client="$(_v5_my_client)" || true
  install_db="$(_v5_my_install_db)" || true
  if [[ ! -x "$server" || -z "$client" || -z "$install_db" ]]; then
    _v5_log "MariaDB: server, client or mariadb-install-db not found (is mariadb-server installed?)"
    return 1
  fi
  mkdir -p "$dir"
  if id mysql >/dev/null 2>&1; then
    user=mysql
  fi
  chown "$user" "$dir"
  chmod 700 "$dir"
  if ! "$install_db" --no-defaults --user="$user" --datadir="$dir/data" --skip-test-db \
      --auth-root-authentication-method=socket >"$dir/install.log" 2>&1; then
    _v5_log "MariaDB: mariadb-install-db failed:"
    cat "$dir/install.log" >&2
    return 1
  fi
  for attempt in 1 2 3; do
    port="$(v5_free_port)"
    rm -f "$dir/server.log"
    "$server" --no-defaults --user="$user" --datadir="$dir/data" --port="$port" \
      --bind-address=127.0.0.1 --socket="$dir/sock" --pid-file="$dir/pid" \
      --log-error="$dir/server.log" --skip-name-resolve --max-connections=300 \
      --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 --innodb-buffer-pool-size=128M \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      >/dev/null 2>&1 &
    for i in $(seq 1 60); do
      if "$client" --no-defaults -S "$dir/sock" -uroot -e "SELECT 1" >/dev/null 2>&1; then
        _v5_my_started=1
        break 2
      fi
      if [[ -f "$dir/server.log" ]] && grep -q "Do you already have another server running" \
          "$dir/server.log"; then
        break
      fi
      sleep 0.5
    done
    _v5_log "MariaDB: start on port $port failed (attempt $attempt)"
    _v5_kill_pidfile "$dir/pid" 0.5
  done
  if [[ $_v5_my_started -ne 1 ]]; then
    _v5_log "MariaDB: could not start; server log:"
    cat "$dir/server.log" >&2 2>/dev/null || true
    return 1
  fi
  password="$(_v5_secret)"
  root_password="$(_v5_secret)"
  if ! "$client" --no-defaults -S "$dir/sock" -uroot >"$dir/setup.log" 2>&1 <<SQL; then
CREATE DATABASE v5test;
CREATE USER 'v5'@'%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'v5'@'%' WITH GRANT OPTION;
CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '$root_password';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
    _v5_log "MariaDB: creating database v5test and user v5 failed:"
    cat "$dir/setup.log" >&2
    return 1
  fi
  export V5_TEST_MYSQL_DSN="host=127.0.0.1 port=$port db=v5test user=v5 password=$password"
  export V5_TEST_MYSQL_ROOT_DSN="host=127.0.0.1 port=$port db=v5test user=root password=$root_password"
  if ! "$client" --no-defaults --protocol=tcp -h 127.0.0.1 -P "$port" -uv5 -p"$password" v5test \
      -e "SELECT 1" >/dev/null 2>"$dir/check.log"; then
    _v5_log "MariaDB: password login over TCP failed:"
    cat "$dir/check.log" >&2
    return 1
  fi
  _v5_log "MariaDB $("$server" --version | sed -n 's/.*Ver \([0-9.]*\).*/\1/p') up on 127.0.0.1:$port (data $dir/data)"
}

# Stops the process whose pid is in PIDFILE: SIGTERM (a clean shutdown), then SIGKILL when it
# is still there after POLLS (default 60) polls of POLL seconds.
_v5_kill_pidfile() {
  local pidfile="$1" poll="$2" polls="${3:-60}" pid i
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 "$polls"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep "$poll"
  done
  kill -9 "$pid" 2>/dev/null || true
}

v5_my_stop() {
  if [[ $_v5_my_started -eq 1 ]]; then
    _v5_kill_pidfile "$_v5_srv_dir/my/pid" 0.5
    _v5_my_started=0
    _v5_log "MariaDB stopped"
  fi
}

v5_servers_start() {
  if [[ -n "${1:-}" ]]; then
    _v5_srv_dir="$1"
    mkdir -p "$_v5_srv_dir"
  else
    _v5_srv_dir="$(mktemp -d /tmp/v5srv.XXXXXX)"
    _v5_srv_dir_owned=1
  fi
  # The postgres and mysql users must reach their subdirectories.
  chmod 755 "$_v5_srv_dir"
  # The storage health category holds this disk against 0.8 / 0.9 (df's Use%): say so up
  # front, so a nearly full disk is not mistaken for a failing readiness test.
  local used
  used="$(df --output=pcent "$_v5_srv_dir" | tail -n 1 | tr -dc '0-9')"
  if [[ -n "$used" && "$used" -ge 80 ]]; then
    _v5_log "warning: the disk holding $_v5_srv_dir is ${used}% full; tests that expect" \
      "a ready store fail at 90% (storage health is critical)"
  fi
  v5_pg_start "$_v5_srv_dir" || return 1
  v5_pg_replicas_start "$_v5_srv_dir" || return 1
  v5_pgbouncer_start "$_v5_srv_dir" || return 1
  v5_my_start "$_v5_srv_dir" || return 1
  v5_galera_start "$_v5_srv_dir" || return 1
}

v5_servers_stop() {
  [[ -n "$_v5_srv_dir" ]] || return 0
  v5_pgbouncer_stop
  v5_pg_replicas_stop
  v5_pg_stop
  v5_my_stop
  v5_galera_stop
  if [[ $_v5_srv_dir_owned -eq 1 ]]; then
    rm -rf "$_v5_srv_dir"
  fi
  _v5_srv_dir=""
}
