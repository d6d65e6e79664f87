#!/usr/bin/env bash
# A Locus cluster on loopback, for trials, tests and benchmarks:
#
#   scripts/cluster.sh start [--nodes N] [--dir DIR] [--port PORT] [--demo]
#       a PostgreSQL 15 primary; two hot standbys streaming from it;
#       N `locus serve` nodes (default 3) that write to the primary and
#       read from the standbys; nginx in front of the nodes on
#       127.0.0.1:PORT (default: a free port). --demo imports the bundled
#       demo dataset into the primary first.
#   scripts/cluster.sh stop [--dir DIR]
#       stops all of it and removes DIR.
#
# DIR (default /tmp/locus-cluster) holds the servers' data directories,
# every log, and cluster.env: the URLs of the primary (PRIMARY), the
# standbys (REPLICA1, REPLICA2), the nodes (NODE1 …) and nginx (FRONT),
# and the data directories (PRIMARY_DIR, REPLICA1_DIR, REPLICA2_DIR) for
# `scripts/pg.sh halt DIR` / `start DIR` when trying failures.
#
# The locus binary is $LOCUS_BIN, else target/release/locus (built if
# missing). PostgreSQL and nginx come from Debian's packages, installed
# when missing (as root). Authentication is `trust` on loopback: this is
# for trying things out; docs/deploy.md sets up a real cluster.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dir=/tmp/locus-cluster
nodes=3
front_port=
demo=0
command=${1:-}
shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) front_port=$2; shift 2 ;;
    --demo) demo=1; shift ;;
    *) echo "scripts/cluster.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_http() {
  local url=$1
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "scripts/cluster.sh: $url did not answer within 60 s" >&2
  return 1
}

stop_all() {
  [ -d "$dir" ] || return 0
  if [ -f "$dir/nginx.pid" ]; then
    kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  fi
  for pidfile in "$dir"/node*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  # Nodes finish requests in flight for up to 10 s; none are expected.
  for pidfile in "$dir"/node*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  for db in replica2 replica1 primary; do
    [ -d "$dir/$db" ] && bash "$here/pg.sh" stop "$dir/$db"
  done
  rm -rf "$dir"
}

case "$command" in
  start)
    if [ -e "$dir" ]; then
      echo "scripts/cluster.sh: $dir exists; run scripts/cluster.sh stop --dir $dir first" >&2
      exit 1
    fi
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "scripts/cluster.sh: installing nginx" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-core >/dev/null
      else
        echo "scripts/cluster.sh: nginx is not installed (Debian: apt-get install nginx-core)" >&2
        exit 1
      fi
    fi
    nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
    locus=${LOCUS_BIN:-$root/target/release/locus}
    if [ ! -x "$locus" ]; then
      echo "scripts/cluster.sh: building locus (release)" >&2
      (cd "$root" && cargo build --release -q -p locus)
    fi
    mkdir -p "$dir"
    trap 'echo "scripts/cluster.sh: start failed; stopping what started" >&2; stop_all' ERR

    primary_port=$(free_port)
    primary=$(bash "$here/pg.sh" start "$dir/primary" "$primary_port" 2>/dev/null)
    # Streaming replication needs WAL senders and replica-level WAL,
    # PostgreSQL 15's defaults; pg_hba.conf's `replication` lines from
    # initdb allow loopback.
    replica1=$(bash "$here/pg.sh" replica "$primary_port" "$dir/replica1" "$(free_port)" 2>/dev/null)
    replica2=$(bash "$here/pg.sh" replica "$primary_port" "$dir/replica2" "$(free_port)" 2>/dev/null)
    {
      echo "PRIMARY=$primary"
      echo "PRIMARY_DIR=$dir/primary"
      echo "REPLICA1=$replica1"
      echo "REPLICA1_DIR=$dir/replica1"
      echo "REPLICA2=$replica2"
      echo "REPLICA2_DIR=$dir/replica2"
    } >"$dir/cluster.env"

    "$locus" migrate --db "$primary" >"$dir/migrate.log" 2>&1
    if [ "$demo" = 1 ]; then
      echo "scripts/cluster.sh: importing the demo dataset into the primary" >&2
      "$locus" demo --no-serve --db "$primary" >"$dir/demo.log" 2>&1 \
        || { tail -5 "$dir/demo.log" >&2; false; }
    fi

    upstreams=
    for i in $(seq 1 "$nodes"); do
      port=$(free_port)
      setsid "$locus" serve --db "$primary" --read-replica "$replica1" --read-replica "$replica2" \
        --addr "127.0.0.1:$port" --log-format json >"$dir/node$i.log" 2>&1 < /dev/null &
      echo $! >"$dir/node$i.pid"
      echo "NODE$i=http://127.0.0.1:$port" >>"$dir/cluster.env"
      upstreams="$upstreams    server 127.0.0.1:$port max_fails=1 fail_timeout=2s;
"
    done
    for i in $(seq 1 "$nodes"); do
      wait_http "$(sed -n "s/^NODE$i=//p" "$dir/cluster.env")/healthz"
    done

    front_port=${front_port:-$(free_port)}
    mkdir -p "$dir/nginx-tmp"
    cat >"$dir/nginx.conf" <<CONF
daemon on;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
worker_processes auto;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx-tmp/body;
  proxy_temp_path $dir/nginx-tmp/proxy;
  fastcgi_temp_path $dir/nginx-tmp/fastcgi;
  uwsgi_temp_path $dir/nginx-tmp/uwsgi;
  scgi_temp_path $dir/nginx-tmp/scgi;
  upstream locus {
$upstreams    keepalive 64;
  }
  server {
    listen 127.0.0.1:$front_port;
    # A wiki edit may be 3 MB (the article limit and the form around it).
    client_max_body_size 4m;
    location / {
      proxy_pass http://locus;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      # A node that is down is skipped; a request is never sent twice
      # once a node has started answering it.
      proxy_next_upstream error timeout;
      proxy_connect_timeout 1s;
    }
  }
}
CONF
    "$nginx_bin" -e "$dir/nginx-error.log" -p "$dir" -c "$dir/nginx.conf"
    echo "FRONT=http://127.0.0.1:$front_port" >>"$dir/cluster.env"
    wait_http "http://127.0.0.1:$front_port/healthz"
    trap - ERR
    echo "scripts/cluster.sh: primary, 2 replicas, $nodes nodes and nginx are up; URLs in $dir/cluster.env" >&2
    echo "http://127.0.0.1:$front_port/"
    ;;
  stop)
    stop_all
    ;;
  *)
    echo "usage: scripts/cluster.sh start [--nodes N] [--dir DIR] [--port PORT] [--demo] | stop [--dir DIR]" >&2
    exit 2
    ;;
esac
