#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server on loopback, for tests and local trials:
#
#   scripts/pg.sh start [DIR [PORT]]   initdb in DIR (default: a new temporary
#                                      directory), start on 127.0.0.1:PORT
#                                      (default: a free port); prints the URL
#   scripts/pg.sh stop DIR             stops it and removes DIR
#   scripts/pg.sh replica PRIMARY_PORT [DIR [PORT]]
#                                      a hot standby of the server on
#                                      PRIMARY_PORT (pg_basebackup, then
#                                      streaming replication); prints its URL
#   scripts/pg.sh halt DIR             stops a server and keeps DIR (start
#                                      DIR brings it back, as it was)
#
# Debian's postgresql-15 package is installed when missing (as root). As
# root, the server runs as the postgres user (PostgreSQL refuses root).
# Authentication is `trust` on loopback only: this server is for tests,
# never for data anyone keeps (docs/deploy.md sets up a real one).
set -euo pipefail

bin=/usr/lib/postgresql/15/bin

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_server() {
  [ -x "$bin/initdb" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/pg.sh: installing postgresql-15" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
    # The package starts a cluster of its own; tests use their own.
    command -v pg_ctlcluster >/dev/null 2>&1 && pg_ctlcluster 15 main stop 2>/dev/null || true
  fi
  [ -x "$bin/initdb" ] || { echo "scripts/pg.sh: PostgreSQL 15 is not installed and cannot be installed here" >&2; exit 1; }
}

# A data directory the server's user owns, as PostgreSQL demands.
own_dir() {
  mkdir -p "$1"
  [ "$(id -u)" = 0 ] && chown postgres "$1"
  chmod 700 "$1"
}

# Starts the server of data directory $1 and waits until it takes
# connections (a standby: read-only ones); prints its URL, and the
# directory on stderr.
run_server() {
  as_owner "$bin/pg_ctl" -D "$1" -l "$1/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$1/server.log" >&2; exit 1; }
  local port
  port=$(sed -n 's/^port = //p' "$1/postgresql.conf" | tail -1)
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  echo "$1" >&2
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
  start)
    install_server
    dir=${2:-$(mktemp -d /tmp/locus-pg.XXXXXX)}
    port=${3:-$(free_port)}
    own_dir "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      if ! said=$(as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 2>&1); then
        echo "$said" >&2
        exit 1
      fi
      cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = on
shared_buffers = 256MB
# A whole-genome import writes over a gigabyte of WAL: without room for
# it, checkpoints run back to back during the import (PostgreSQL's
# "Populating a Database" advice; docs/deploy.md).
max_wal_size = 8GB
checkpoint_timeout = 30min
wal_buffers = 64MB
CONF
    fi
    run_server "$dir"
    ;;
  replica)
    install_server
    primary_port=${2:?usage: scripts/pg.sh replica PRIMARY_PORT [DIR [PORT]]}
    dir=${3:-$(mktemp -d /tmp/locus-pg-replica.XXXXXX)}
    port=${4:-$(free_port)}
    own_dir "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      # A copy of the primary as of now, set up to stream from it
      # (-R writes primary_conninfo and standby.signal).
      if ! said=$(as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres \
          -D "$dir" -R -X stream -c fast 2>&1); then
        echo "$said" >&2
        exit 1
      fi
      # The copy carries the primary's settings; the last line wins.
      cat >>"$dir/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$dir'
hot_standby = on
# Vacuum on the primary waits for queries here instead of cancelling them.
hot_standby_feedback = on
max_standby_streaming_delay = 30s
CONF
    fi
    run_server "$dir"
    ;;
  halt)
    dir=${2:?usage: scripts/pg.sh halt DIR}
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
  stop)
    dir=${2:?usage: scripts/pg.sh stop DIR}
    if [ -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    fi
    ;;
  *)
    echo "usage: scripts/pg.sh start [DIR [PORT]] | replica PRIMARY_PORT [DIR [PORT]] | halt DIR | stop DIR" >&2
    exit 2
    ;;
esac
