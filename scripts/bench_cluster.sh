#!/usr/bin/env bash
# Scale-out figures (called by scripts/bench.sh; runs alone too):
#
#   replica lag while the full org.Hs.eg.db is imported into the primary
#   of a scripts/cluster.sh cluster (two hot standbys), sampled every
#   0.25 s from pg_stat_replication, and how long after the import's
#   commit both standbys show it;
#   req/s of one node against three nodes behind nginx (wrk), for gene
#   API answers across 20,000 genes (mostly response-cache misses, so
#   each reads the standbys) and for one cached gene page.
#
# Needs the release binary, PostgreSQL 15, nginx and wrk (scripts/cluster.sh
# and scripts/bench.sh install them). Prints figures, asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
locus=${LOCUS_BIN:-target/release/locus}
orgdb=${1:-$(scripts/fetch-orgdb.sh | tail -1)}
DUR=${BENCH_SECONDS:-10}
dir=$(mktemp -d -u /tmp/locus-bench-cluster.XXXXXX)
out=${BENCH_OUT:-bench-out}
mkdir -p "$out"

LOCUS_BIN=$locus scripts/cluster.sh start --nodes 3 --dir "$dir" >/dev/null
trap 'scripts/cluster.sh stop --dir "$dir"' EXIT
# shellcheck disable=SC1091
source "$dir/cluster.env"

echo "### Replica lag while org.Hs.eg.db is imported into the primary"
lag_log="$out/replica-lag.tsv"
: >"$lag_log"
sample() {
  while :; do
    psql -At -F $'\t' "$PRIMARY" -c "SELECT extract(epoch from now()), application_name, \
      (pg_current_wal_lsn() - replay_lsn)::bigint, COALESCE(extract(epoch from replay_lag), 0) \
      FROM pg_stat_replication" >>"$lag_log" 2>/dev/null || true
    sleep 0.25
  done
}
sample & sampler=$!
t0=$(date +%s.%N)
$locus import --db "$PRIMARY" orgdb "$orgdb" 2>"$out/cluster-import.log"
t1=$(date +%s.%N)
committed=$(psql -At "$PRIMARY" -c "SELECT pg_current_wal_lsn()")
for r in "$REPLICA1" "$REPLICA2"; do
  until [ "$(psql -At "$r" -c "SELECT pg_last_wal_replay_lsn() >= '$committed'::pg_lsn")" = t ]; do sleep 0.01; done
done
t2=$(date +%s.%N)
kill $sampler 2>/dev/null || true
wait $sampler 2>/dev/null || true
python3 - "$lag_log" "$t0" "$t1" "$t2" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.count("\t") == 3]
t0, t1, t2 = map(float, sys.argv[2:5])
during = [(float(t), int(b or 0), float(s or 0)) for t, _, b, s in rows if t0 <= float(t) <= t1]
bytes_ = sorted(b for _, b, _ in during)
secs = sorted(s for _, _, s in during)
def pct(xs, p):
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else 0
print(f"import into the primary: {t1 - t0:.1f} s; both standbys showed the commit {1000 * (t2 - t1):.0f} ms after it returned")
print(f"bytes of WAL the standbys were behind, over {len(during)} samples: median {pct(bytes_, .5) / 1e6:.1f} MB, p99 {pct(bytes_, .99) / 1e6:.1f} MB, max {max(bytes_, default=0) / 1e6:.1f} MB")
print(f"replay_lag (time behind): median {pct(secs, .5) * 1000:.0f} ms, p99 {pct(secs, .99) * 1000:.0f} ms, max {max(secs, default=0) * 1000:.0f} ms")
PY
echo "WAL written by the import: $(psql -At "$PRIMARY" -c "SELECT pg_size_pretty(pg_current_wal_lsn() - '0/0'::pg_lsn)") in all since initdb"

echo
echo "### One node against three behind nginx (wrk -t2 -c64 -d${DUR}s)"
# Let the nodes see the import (generation poll) and build their indexes.
for n in "$NODE1" "$NODE2" "$NODE3"; do
  for _ in $(seq 1 100); do
    curl -fsS "$n/api/v1/genes/TP53" >/dev/null 2>&1 && break
    sleep 0.1
  done
done
sleep 2
script="$out/cluster-genes.lua"
{
  printf 'local ids = {'
  psql -At "$PRIMARY" -c "SELECT gene_id FROM gene WHERE tax_id = 9606 ORDER BY md5(gene_id::text) LIMIT 20000" | paste -sd, -
  printf '}\nrequest = function()\n  return wrk.format("GET", "/api/v1/genes/" .. ids[math.random(#ids)])\nend\n'
} >"$script"
line() { # url [script]
  local r
  if [ -n "${2:-}" ]; then r=$(wrk -t2 -c64 -d"${DUR}s" --latency -s "$2" "$1"); else r=$(wrk -t2 -c64 -d"${DUR}s" --latency "$1"); fi
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$r")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$r")
  errors=$(grep -E "Non-2xx|Socket errors" <<<"$r" | tr '\n' ' ' || true)
  echo "$rps req/s, p99 $p99${errors:+, $errors}"
}
# Alternated, twice: this machine drifts.
for round in 1 2; do
  echo "round $round: /api/v1/genes/{random of 20,000}: one node $(line "$NODE1" "$script"); three nodes + nginx $(line "$FRONT" "$script")"
  echo "round $round: /genes/TP53 (cached): one node $(line "$NODE1/genes/TP53"); three nodes + nginx $(line "$FRONT/genes/TP53")"
done
echo "(2 cores run wrk, nginx, the nodes and three PostgreSQL servers: more nodes add no cores)"
