# shellcheck shell=bash
# A private 3-node MariaDB Galera cluster for tests. Sourced by servers.sh (which provides
# v5_free_port, _v5_secret, _v5_log, _v5_kill_pidfile and the MariaDB program lookups).
#
#   v5_galera_start DIR    installs one datadir, bootstraps node 1 from it (--wsrep-new-cluster)
#                          and joins nodes 2 and 3 (state transfer by rsync), all on free
#                          loopback ports, under DIR/galera/nodeN; exports
#                            V5_TEST_GALERA_DSNS   the three nodes' DSNs, separated by ';'
#                                                  (host=127.0.0.1 port=P db=v5test user=v5 password=...)
#                            V5_TEST_GALERA_DIR    DIR/galera (for v5_galera_kill / v5_galera_rejoin)
#                          Returns non-zero (after printing the node logs) when a node fails.
#   v5_galera_stop         stops the three nodes.
#   v5_galera_kill N       SIGKILLs node N (1..3); returns when the other two formed a primary
#                          component without it (about 3 s: evs.suspect_timeout).
#   v5_galera_rejoin N     restarts a killed node N on its ports: it recovers its position
#                          (--wsrep-recover) and rejoins by incremental state transfer; returns
#                          when it is Synced again.
# The two last work from any shell given V5_TEST_GALERA_DIR (tests call them through bash).
#
# A killed peer is declared gone after about 3 s (evs.suspect_timeout; the default is 5 s):
# shorter timeouts made healthy nodes drop out of the primary component for a moment on a
# loaded 2-core machine. Durability is traded for speed as for the single server.

_v5_galera_started=0

# _v5_galera_user: the account the nodes run as.
_v5_galera_user() { if id mysql >/dev/null 2>&1; then echo mysql; else echo root; fi; }

# _v5_galera_sql N SQL...: runs SQL as root on node N's socket, prints tab-separated rows.
_v5_galera_sql() {
  local node="$1"
  shift
  "$(_v5_my_client)" --no-defaults -S "$V5_TEST_GALERA_DIR/node$node/sock" -uroot -N -B -e "$*"
}

# _v5_galera_state N: prints node N's wsrep_local_state_comment (empty when unreachable).
_v5_galera_state() {
  _v5_galera_sql "$1" "SHOW GLOBAL STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2
}

# _v5_galera_wait_synced N SECONDS: waits until node N is Synced in a cluster of 3.
_v5_galera_wait_synced() {
  local node="$1" polls=$(($2 * 4)) size
  for _ in $(seq 1 "$polls"); do
    if [[ "$(_v5_galera_state "$node")" == Synced ]]; then
      size="$(_v5_galera_sql "$node" "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | cut -f2)"
      [[ "$size" == 3 ]] && return 0
    fi
    if [[ -f "$V5_TEST_GALERA_DIR/node$node/pid" ]] &&
        ! kill -0 "$(cat "$V5_TEST_GALERA_DIR/node$node/pid")" 2>/dev/null; then
      return 1
    fi
    sleep 0.25
  done
  return 1
}

# _v5_galera_port KIND N: node N's port of KIND (sql, gcomm, ist, sst) from DIR/ports.
_v5_galera_port() { sed -n "s/^$1$2=//p" "$V5_TEST_GALERA_DIR/ports"; }

# _v5_galera_write_cnf N: node N's option file from the ports in DIR/ports.
_v5_galera_write_cnf() {
  local node="$1" dir="$V5_TEST_GALERA_DIR/node$1" user
  user="$(_v5_galera_user)"
  local sql gcomm ist sst
  sql="$(_v5_galera_port sql "$node")"
  gcomm="$(_v5_galera_port gcomm "$node")"
  ist="$(_v5_galera_port ist "$node")"
  sst="$(_v5_galera_port sst "$node")"
  cat >"$dir/my.cnf" <<CNF
[mysqld]
user=$user
datadir=$dir/data
port=$sql
bind-address=127.0.0.1
socket=$dir/sock
pid-file=$dir/pid
log-error=$dir/server.log
skip-name-resolve
max-connections=200
innodb-flush-log-at-trx-commit=2
innodb-doublewrite=0
innodb-buffer-pool-size=64M
innodb-log-file-size=32M
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
binlog-format=ROW
default-storage-engine=InnoDB
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=/usr/lib/galera/libgalera_smm.so
wsrep-cluster-name=v5test
wsrep-cluster-address=gcomm://127.0.0.1:$(_v5_galera_port gcomm 1),127.0.0.1:$(_v5_galera_port gcomm 2),127.0.0.1:$(_v5_galera_port gcomm 3)
wsrep-node-name=node$node
wsrep-node-address=127.0.0.1:$gcomm
wsrep-node-incoming-address=127.0.0.1:$sql
wsrep-sst-method=rsync
wsrep-sst-receive-address=127.0.0.1:$sst
wsrep-slave-threads=2
wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gcomm;ist.recv_addr=127.0.0.1:$ist;gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S"
CNF
}

# _v5_galera_launch N [OPTION...]: starts node N in the background.
_v5_galera_launch() {
  local node="$1" dir="$V5_TEST_GALERA_DIR/node$1"
  shift
  rm -f "$dir/pid"
  "$(_v5_my_server)" --defaults-file="$dir/my.cnf" "$@" >>"$dir/stdout.log" 2>&1 &
}

_v5_galera_logs() {
  local node
  for node in 1 2 3; do
    _v5_log "Galera node $node log (tail):"
    tail -n 40 "$V5_TEST_GALERA_DIR/node$node/server.log" >&2 2>/dev/null || true
  done
}

v5_galera_start() {
  local base="$1/galera" node install_db user password root_password start=$SECONDS
  install_db="$(_v5_my_install_db)" || true
  if [[ ! -r /usr/lib/galera/libgalera_smm.so || -z "$install_db" ]]; then
    _v5_log "Galera: /usr/lib/galera/libgalera_smm.so or mariadb-install-db not found" \
      "(are galera-4 and mariadb-server installed?)"
    return 1
  fi
  if ! command -v rsync >/dev/null; then
    _v5_log "Galera: rsync (the state transfer method) not found"
    return 1
  fi
  user="$(_v5_galera_user)"
  export V5_TEST_GALERA_DIR="$base"
  mkdir -p "$base"
  chmod 755 "$base"
  {
    for node in 1 2 3; do
      echo "sql$node=$(v5_free_port)"
      echo "gcomm$node=$(v5_free_port)"
      echo "ist$node=$(v5_free_port)"
      echo "sst$node=$(v5_free_port)"
    done
  } >"$base/ports"
  for node in 1 2 3; do
    mkdir -p "$base/node$node"
    chown "$user" "$base/node$node"
    chmod 700 "$base/node$node"
    _v5_galera_write_cnf "$node"
  done
  # Only node 1 needs a datadir: the joiners receive theirs by state transfer.
  if ! "$install_db" --no-defaults --user="$user" --datadir="$base/node1/data" --skip-test-db \
      --auth-root-authentication-method=socket >"$base/install.log" 2>&1; then
    _v5_log "Galera: mariadb-install-db failed:"
    cat "$base/install.log" >&2
    return 1
  fi
  _v5_galera_launch 1 --wsrep-new-cluster
  _v5_galera_started=1
  for _ in $(seq 1 120); do
    [[ "$(_v5_galera_state 1)" == Synced ]] && break
    sleep 0.25
  done
  if [[ "$(_v5_galera_state 1)" != Synced ]]; then
    _v5_log "Galera: node 1 did not bootstrap"
    _v5_galera_logs
    return 1
  fi
  password="$(_v5_secret)"
  root_password="$(_v5_secret)"
  if ! _v5_galera_sql 1 "CREATE DATABASE v5test;
      CREATE USER 'v5'@'%' IDENTIFIED BY '$password';
      GRANT ALL PRIVILEGES ON *.* TO 'v5'@'%' WITH GRANT OPTION;
      CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '$root_password';
      GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" \
      >"$base/setup.log" 2>&1; then
    _v5_log "Galera: creating database v5test and user v5 failed:"
    cat "$base/setup.log" >&2
    return 1
  fi
  # The joiners start together; the donor serves one state transfer at a time.
  mkdir -p "$base/node2/data" "$base/node3/data"
  chown "$user" "$base/node2/data" "$base/node3/data"
  _v5_galera_launch 2
  _v5_galera_launch 3
  for node in 1 2 3; do
    if ! _v5_galera_wait_synced "$node" 90; then
      _v5_log "Galera: node $node did not join the cluster"
      _v5_galera_logs
      return 1
    fi
  done
  local dsns=() ports=()
  for node in 1 2 3; do
    ports+=("$(_v5_galera_port sql "$node")")
    dsns+=("host=127.0.0.1 port=${ports[-1]} db=v5test user=v5 password=$password")
  done
  export V5_TEST_GALERA_DSNS
  V5_TEST_GALERA_DSNS="$(IFS=';'; echo "${dsns[*]}")"
  _v5_log "Galera cluster of 3 up on 127.0.0.1:$(IFS=,; echo "${ports[*]}") in $((SECONDS - start))s" \
    "(load $(cut -d' ' -f1-3 /proc/loadavg))"
}

v5_galera_stop() {
  local node
  [[ $_v5_galera_started -eq 1 ]] || return 0
  # The joiners first, the bootstrap node last, so the last one down is safe to bootstrap.
  for node in 3 2 1; do
    _v5_kill_pidfile "$V5_TEST_GALERA_DIR/node$node/pid" 0.25 120
  done
  _v5_galera_started=0
  _v5_log "Galera cluster stopped"
}

v5_galera_kill() {
  local pidfile="$V5_TEST_GALERA_DIR/node$1/pid" pid other size gone=0
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  kill -9 "$pid" || return 1
  # Gone, or a zombie its starting shell has not reaped yet.
  for _ in $(seq 1 40); do
    if [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" =~ ^Z|^$ ]]; then
      gone=1
      break
    fi
    sleep 0.05
  done
  [[ $gone -eq 1 ]] || return 1
  # Then until the others formed a primary component without it (a node restarted on the same
  # address before that would meet its own ghost in the view).
  other=$(($1 % 3 + 1))
  for _ in $(seq 1 120); do
    size="$(_v5_galera_sql "$other" "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | cut -f2)"
    [[ "$size" == 2 && "$(_v5_galera_state "$other")" == Synced ]] && return 0
    sleep 0.25
  done
  return 1
}

v5_galera_rejoin() {
  local node="$1" dir="$V5_TEST_GALERA_DIR/node$1" position
  # The position a SIGKILL left in the InnoDB log, so the node asks for an incremental state
  # transfer (from the donor's gcache) instead of a full copy.
  "$(_v5_my_server)" --defaults-file="$dir/my.cnf" --wsrep-recover --log-error="$dir/recover.log" \
    >/dev/null 2>&1 || true
  position="$(sed -n 's/.*WSREP: Recovered position: *\([^ ]*\).*/\1/p' "$dir/recover.log" | tail -n 1)"
  rm -f "$dir/recover.log"
  if [[ -n "$position" ]]; then
    _v5_galera_launch "$node" --wsrep-start-position="$position"
  else
    _v5_galera_launch "$node"
  fi
  _v5_galera_wait_synced "$node" 90 || {
    _v5_log "Galera: node $node did not rejoin"
    tail -n 40 "$dir/server.log" >&2
    return 1
  }
}
