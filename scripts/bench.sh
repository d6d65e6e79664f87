#!/usr/bin/env bash
# Locus benchmarks: prints figures, asserts nothing. Takes ~10 minutes.
#
#   full org.Hs.eg.db import   vs sqlite3 CLI .import + the same indexes;
#                              into PostgreSQL vs SQLite, uncached page renders on both;
#                              replica lag under that import, req/s of 1 node vs 3 behind nginx
#   gene page req/s and p99    vs nginx serving the same page bytes (wrk -t2 -c64),
#                              identity, gzip and brotli, nginx with gzip_static /
#                              brotli_static serving Locus's own compressed bytes
#   304 revalidation req/s     vs nginx's 304 for the same file
#   uncached TP53 render, autocomplete latency, server RSS
#   network import rows/s, 1-hop neighbours and shortest paths, /targets req/s
#   expression, ontology and disease/phenotype imports; GEO tests vs
#   NumPy/SciPy; HPO vs pyhpo; term search over HTTP (scripts/bench_terms.sh)
#   wiki: authorship agreement and speed vs WikiWho 1.0.3 (its venv under
#   target/), save and render p99, MediaWiki import of Anarchism, readers
#   (wrk) while an editor saves every 100 ms
#   whole-store export (TSV, JSONL) rows/s and peak memory vs sqlite3 -csv
#   MCP tool calls (stdio and HTTP) through the official Python SDK, p50/p99,
#   beside the same questions of the JSON API
#
# Needs Debian's wrk, nginx-core, libnginx-mod-http-brotli-static and
# sqlite3 (installed if missing, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-out
mkdir -p "$out"
pkgs=()
command -v wrk >/dev/null || pkgs+=(wrk)
command -v nginx >/dev/null || pkgs+=(nginx-core)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || pkgs+=(libnginx-mod-http-brotli-static)
command -v sqlite3 >/dev/null || pkgs+=(sqlite3)
if [ ${#pkgs[@]} -gt 0 ]; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi
orgdb=$(scripts/fetch-orgdb.sh | tail -1)
cargo build --release -p locus -q
locus=target/release/locus
DUR=${BENCH_SECONDS:-10}

secs() { python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }

echo "## Import: full org.Hs.eg.db ($(du -m "$orgdb" | cut -f1) MB)"
# The same rows as TSV, loaded by the sqlite3 CLI with equivalent indexes.
q() { sqlite3 -separator $'\t' "$orgdb" "$1" > "$out/$2.tsv"; }
q "SELECT g.gene_id, gi.symbol, gi.gene_name, (SELECT group_concat(chromosome,'|') FROM chromosomes c WHERE c._id=g._id), (SELECT group_concat(cytogenetic_location,' and ') FROM cytogenetic_locations l WHERE l._id=g._id), (SELECT gene_type FROM genetype t WHERE t._id=g._id) FROM genes g JOIN gene_info gi ON gi._id=g._id" gene
q "SELECT g.gene_id, a.alias_symbol FROM alias a JOIN genes g USING(_id)" alias
q "SELECT g.gene_id, 'UniProtKB', u.uniprot_id FROM uniprot u JOIN genes g USING(_id) UNION ALL SELECT g.gene_id, 'Ensembl', e.ensembl_id FROM ensembl e JOIN genes g USING(_id) UNION ALL SELECT g.gene_id, 'MIM', o.omim_id FROM omim o JOIN genes g USING(_id)" xref
q "SELECT g.gene_id, p.pubmed_id FROM pubmed p JOIN genes g USING(_id)" pubmed
q "SELECT g.gene_id, 'P', t.go_id, t.evidence FROM go_bp t JOIN genes g USING(_id) UNION ALL SELECT g.gene_id, 'F', t.go_id, t.evidence FROM go_mf t JOIN genes g USING(_id) UNION ALL SELECT g.gene_id, 'C', t.go_id, t.evidence FROM go_cc t JOIN genes g USING(_id)" go
rows=$(cat "$out"/{gene,alias,xref,pubmed,go}.tsv | wc -l)
sqlite_load() {
  rm -f "$out/baseline.db"*
sqlite3 "$out/baseline.db" <<SQL >/dev/null
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE gene(gene_id INTEGER, symbol TEXT, description TEXT, chromosome TEXT, map_location TEXT, gene_type TEXT);
CREATE TABLE gene_alias(gene_id INTEGER, alias TEXT);
CREATE TABLE gene_xref(gene_id INTEGER, db TEXT, xref_id TEXT);
CREATE TABLE gene_pubmed(gene_id INTEGER, pmid INTEGER);
CREATE TABLE go_annotation(gene_id INTEGER, aspect TEXT, go_id TEXT, evidence TEXT);
.mode tabs
.import $out/gene.tsv gene
.import $out/alias.tsv gene_alias
.import $out/xref.tsv gene_xref
.import $out/pubmed.tsv gene_pubmed
.import $out/go.tsv go_annotation
CREATE UNIQUE INDEX g1 ON gene(gene_id);
CREATE INDEX g2 ON gene(symbol COLLATE NOCASE);
CREATE INDEX a1 ON gene_alias(gene_id, alias);
CREATE INDEX a2 ON gene_alias(alias COLLATE NOCASE);
CREATE INDEX x1 ON gene_xref(gene_id, db, xref_id);
CREATE INDEX x2 ON gene_xref(db, xref_id);
CREATE INDEX p1 ON gene_pubmed(gene_id, pmid);
CREATE INDEX o1 ON go_annotation(gene_id, aspect, go_id, evidence);
SQL
}
# Three rounds, each tool in turn (this machine drifts by tens of percent
# within minutes); the medians are compared.
lt=(); st=()
for round in 1 2 3; do
  t0=$(secs); sqlite_load; t1=$(secs); st+=("$(python3 -c "print(round($t1-$t0,2))")")
  rm -f "$out/full.db" "$out/full.db-wal" "$out/full.db-shm"
  t0=$(secs); $locus import --db "$out/full.db" orgdb "$orgdb" 2>"$out/import.log"; t1=$(secs)
  lt+=("$(python3 -c "print(round($t1-$t0,2))")")
done
tail -1 "$out/import.log"
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
locus_import=$(median "${lt[@]}"); sqlite_import=$(median "${st[@]}")
echo "locus import orgdb: ${locus_import} s median of ${lt[*]} (includes derived PubMed counts and scores)"
echo "sqlite3 .import + indexes of the same $rows rows: ${sqlite_import} s median of ${st[*]}"
echo "ratio locus/sqlite3: $(python3 -c "print(round($locus_import/$sqlite_import,2))")"

echo
echo "## PostgreSQL: the same import, and uncached renders on both backends (same store content)"
# A throwaway PostgreSQL 15 on loopback (scripts/pg.sh); the SQLite figures
# beside these are from this run: the import medians above, and the
# render bench on out/full.db, which holds just the org.Hs.eg.db import.
pg_err=$(mktemp)
if pg_admin=$(scripts/pg.sh start 2>"$pg_err"); then
  pg_dir=$(tail -1 "$pg_err")
  pg_url="${pg_admin%/postgres}/bench"
  pt=()
  for round in 1 2 3; do
    psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null
    t0=$(secs); $locus import --db "$pg_url" orgdb "$orgdb" 2>"$out/pg-import.log"; t1=$(secs)
    pt+=("$(python3 -c "print(round($t1-$t0,2))")")
  done
  pg_import=$(median "${pt[@]}")
  echo "locus import orgdb into PostgreSQL: ${pg_import} s median of ${pt[*]}; SQLite in this run: ${locus_import} s"
  echo "ratio PostgreSQL/SQLite: $(python3 -c "print(round($pg_import/$locus_import,2))") (goal <= 1.5)"
  echo "PostgreSQL database size: $(psql -At "$pg_url" -c "SELECT pg_size_pretty(pg_database_size('bench'))"); SQLite file: $(du -h "$out/full.db" | cut -f1)"
  echo "uncached renders, SQLite (out/full.db):"
  LOCUS_BENCH_DB="$PWD/$out/full.db" cargo bench -q -p locus-web --bench render 2>/dev/null | grep -E "render /genes/(TP53|BACH1) uncached"
  echo "uncached renders, PostgreSQL:"
  LOCUS_BENCH_DB="$pg_url" cargo bench -q -p locus-web --bench render 2>/dev/null | grep -E "render /genes/(TP53|BACH1) uncached"
  scripts/pg.sh stop "$pg_dir"
else
  echo "skip: no PostgreSQL server ($(tail -1 "$pg_err"))"
fi
rm -f "$pg_err"

echo
echo "## Scale-out: a primary, two hot standbys, three nodes behind nginx (scripts/bench_cluster.sh)"
LOCUS_BIN=$locus BENCH_OUT=$out scripts/bench_cluster.sh "$orgdb" || echo "skip: the cluster did not start"

echo
echo "## Import: the regulatory network, orthologs and STRING (../shared/data)"
shared=${LOCUS_SHARED_DATA:-../shared/data}
if [ -d "$shared/regulation" ]; then
  $locus import --db "$out/full.db" gene-info "$shared"/ncbi_gene/{Homo_sapiens,Mus_musculus}.gene_info.gz 2>>"$out/import.log"
  reg="$shared/regulation"
  net_t0=$(secs); net_rows=0
  # Rows read by the imports after import number $1: rows written, plus
  # rows skipped because a gene did not resolve, plus STRING rows of one gene.
  rows_since() {
    $locus stats --json --db "$out/full.db" | python3 -c '
import json, sys
after = int(sys.argv[1])
n = 0
for i in json.load(sys.stdin)["imports"]:
    if i["id"] > after:
        n += sum(i["row_counts"].values())
        n += sum(v for k, v in i["tallies"].items() if k.endswith("_rows_skipped") or k == "interaction_same_gene")
print(n)' "$1"
  }
  last_import() { $locus stats --json --db "$out/full.db" | python3 -c 'import json,sys; print(max([i["id"] for i in json.load(sys.stdin)["imports"]] or [0]))'; }
  imp() { # kind files...
    local kind=$1; shift
    local t0 t1 n before
    before=$(last_import)
    t0=$(secs)
    $locus import --db "$out/full.db" "$kind" "$@" 2>"$out/net-import.log"
    t1=$(secs)
    n=$(rows_since "$before")
    net_rows=$((net_rows + n))
    printf "  %-16s %8d rows %7.2f s %10.0f rows/s\n" "$kind" "$n" "$(python3 -c "print($t1-$t0)")" "$(python3 -c "print($n/max($t1-$t0,1e-9))")"
  }
  imp tflink "$reg/tflink/tflink_homo_sapiens_interactions.tsv.gz"
  imp tflink-protein "$reg"/tflink/per_protein/{tfs_of_Q07812,tfs_of_Q16236,tfs_of_Q9BYV9,bindingSites_of_Q9BYV9}.tsv
  imp trrust "$reg"/trrust/trrust_rawdata.{human,mouse}.tsv
  imp collectri "$reg/collectri/collectri.csv"
  imp dorothea "$reg"/dorothea/networks/curated/*/*.sif
  imp regnetwork "$reg/regnetwork/new_kegg.human.reg.direction.txt"
  imp orthologs "$shared"/orthologs/{human_to_mouse,mouse_to_human}.csv.gz
  imp string "$shared/interactions/9606.protein.links.detailed.v12.0.txt.gz"
  net_t1=$(secs)
  echo "all network files: $net_rows rows in $(python3 -c "print(round($net_t1-$net_t0,2))") s ($(python3 -c "print(round($net_rows/($net_t1-$net_t0)))") rows/s, each import one transaction incl. the edge merge)"
else
  echo "skip: $shared/regulation not present (set LOCUS_SHARED_DATA); network figures below are for an empty network"
fi

echo
echo "## Graph queries in process (full store)"
LOCUS_BENCH_DB="$PWD/$out/full.db" cargo bench -q -p locus-web --bench graph 2>/dev/null | grep -v '^$'

echo "baseline: NetworkX on the same edges (KGX export of the store)"
if python3 -c 'import networkx' 2>/dev/null || pip install -q networkx 2>/dev/null; then
  $locus serve --db "$out/full.db" --addr 127.0.0.1:8092 2>/dev/null & nxpid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:8092/healthz >/dev/null && break; sleep 0.1; done
  curl -sf http://127.0.0.1:8092/downloads/9606/kgx_edges.tsv > "$out/kgx_edges.tsv"
  kill $nxpid 2>/dev/null || true
  python3 scripts/bench_networkx.py "$out/kgx_edges.tsv"
else
  echo "skip: networkx not installable"
fi

echo
echo "## Uncached render and in-process search (full store)"
LOCUS_BENCH_DB="$PWD/$out/full.db" cargo bench -q -p locus-web --bench render 2>/dev/null | grep -v '^$'

echo
echo "## HTTP: wrk -t2 -c64 -d${DUR}s"
$locus serve --db "$out/full.db" --addr 127.0.0.1:8090 2>"$out/serve.log" &
spid=$!
trap 'kill $spid 2>/dev/null || true; [ -f "$out/nginx.pid" ] && kill $(cat "$out/nginx.pid") 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:8090/healthz >/dev/null && break; sleep 0.1; done
# nginx serves Locus's own bytes: the page as is, and Locus's gzip and
# brotli bodies as the precompressed files gzip_static and brotli_static send.
mkdir -p "$out/static/genes"
for g in BACH1 TP53; do
  curl -sf "http://127.0.0.1:8090/genes/$g" > "$out/static/genes/$g"
  curl -sf -H 'Accept-Encoding: gzip' "http://127.0.0.1:8090/genes/$g" > "$out/static/genes/$g.gz"
  curl -sf -H 'Accept-Encoding: br' "http://127.0.0.1:8090/genes/$g" > "$out/static/genes/$g.br"
done
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
cat > "$out/nginx.conf" <<NGX
$( [ -f "$brotli_module" ] && echo "load_module $brotli_module;" )
worker_processes 2;
pid $PWD/$out/nginx.pid;
error_log $PWD/$out/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  gzip_static on;
  $( [ -f "$brotli_module" ] && echo "brotli_static on;" )
  client_body_temp_path $PWD/$out/ntmp; proxy_temp_path $PWD/$out/ntmp; fastcgi_temp_path $PWD/$out/ntmp;
  uwsgi_temp_path $PWD/$out/ntmp; scgi_temp_path $PWD/$out/ntmp;
  server { listen 127.0.0.1:8091; root $PWD/$out/static; }
}
NGX
mkdir -p "$out/ntmp"
nginx -c "$PWD/$out/nginx.conf"
sleep 0.5
wrk_line() { # url [header] -> "req/s p99"
  wrk -t2 -c64 -d"${DUR}s" --latency ${2:+-H "$2"} "$1" > "$out/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$out/wrk.txt")
  echo "$rps $p99"
}
bytes() { curl -s -o /dev/null -w '%{size_download}' ${2:+-H "$2"} "$1"; }
printf "%-14s %-9s %9s %12s %10s %12s %10s %8s\n" page coding bytes "locus req/s" "p99" "nginx req/s" "p99" "ratio"
for g in BACH1 TP53; do
  for enc in identity gzip br; do
    h=""; [ "$enc" != identity ] && h="Accept-Encoding: $enc"
    b=$(bytes "http://127.0.0.1:8090/genes/$g" "$h")
    nb=$(bytes "http://127.0.0.1:8091/genes/$g" "$h")
    read -r lr lp <<<"$(wrk_line "http://127.0.0.1:8090/genes/$g" "$h")"
    read -r nr np <<<"$(wrk_line "http://127.0.0.1:8091/genes/$g" "$h")"
    printf "%-14s %-9s %9s %12s %10s %12s %10s %8s\n" "/genes/$g" "$enc" "$b${nb:+/$nb}" "$lr" "$lp" "$nr" "$np" "$(python3 -c "print(f'{$lr/$nr:.0%}')")"
  done
done
echo "(bytes: Locus/nginx on the wire for the same request)"

echo
echo "## 304 revalidation: wrk -t2 -c64 -d${DUR}s, If-None-Match with the current ETag"
for g in BACH1 TP53; do
  etag=$(curl -sI "http://127.0.0.1:8090/genes/$g" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
  netag=$(curl -sI "http://127.0.0.1:8091/genes/$g" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
  read -r lr lp <<<"$(wrk_line "http://127.0.0.1:8090/genes/$g" "If-None-Match: $etag")"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://127.0.0.1:8090/genes/$g")
  read -r nr np <<<"$(wrk_line "http://127.0.0.1:8091/genes/$g" "If-None-Match: $netag")"
  printf "%-14s locus %s: %12s req/s p99 %-9s  nginx: %12s req/s p99 %s\n" "/genes/$g" "$code" "$lr" "$lp" "$nr" "$np"
done

echo
echo "## Network API over HTTP: wrk -t2 -c64 -d${DUR}s"
for u in "/api/v1/genes/TP53/targets" "/api/v1/genes/BACH1/targets" "/api/v1/genes/TP53/neighbors?limit=50" "/api/v1/graph/path?from=BACH1&to=TP53&max_hops=4"; do
  read -r lr lp <<<"$(wrk_line "http://127.0.0.1:8090$u")"
  printf "%-48s %12s req/s  p99 %s  (%s bytes)\n" "$u" "$lr" "$lp" "$(curl -s "http://127.0.0.1:8090$u" | wc -c)"
done

echo
echo "## Autocomplete over HTTP: wrk -t1 -c4 -d5s --latency"
for q in b ba bach; do
  wrk -t1 -c4 -d5s --latency "http://127.0.0.1:8090/api/v1/search?q=$q&limit=10" > "$out/wrk.txt"
  printf "q=%-6s p50 %-9s p99 %-9s %s req/s\n" "$q" "$(awk '$1=="50%" {print $2}' "$out/wrk.txt")" \
    "$(awk '$1=="99%" {print $2}' "$out/wrk.txt")" "$(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt")"
done

echo
echo "## Server memory (full human store loaded, after the runs above)"
grep -E 'VmRSS|VmHWM' /proc/$spid/status

# ---------------------------------------------------------------------------
echo
echo "## Wiki"
# WikiWho 1.0.3, the peer for authorship, from PyPI in a venv under target/.
wvenv=target/wikiwho-venv
if ! "$wvenv/bin/python" -c 'import WikiWho' 2>/dev/null; then
  python3 -m venv "$wvenv" >/dev/null 2>&1 && "$wvenv/bin/pip" install -q WikiWho==1.0.3 >/dev/null 2>&1 || true
fi
peer="$out/wikiwho"; mkdir -p "$peer"
fixtures=crates/ingest/tests/data/wiki_history
wh=$shared/wiki_history
if "$wvenv/bin/python" -c 'import WikiWho' 2>/dev/null; then
  echo "### WikiWho 1.0.3 (Python) on each history: final-text tokens for the comparison below"
  for h in "adam_himebauch:$fixtures/adam_himebauch_revisions.json.gz" "familia:$fixtures/familia.xml" \
           "Finger_Lakes3_dummy:$fixtures/Finger_Lakes3_dummy.xml" "Hallo:$wh/Hallo.xml" \
           "Anarchism:$wh/Anarchism_enwiki_full_history.xml.lzma"; do
    name=${h%%:*}; file=${h#*:}
    [ -f "$file" ] || continue
    printf "%-22s " "$name"
    /usr/bin/time -f "%e s wall, %M kB peak" "$wvenv/bin/python" scripts/wikiwho_peer.py "$file" --tokens "$peer/$name.json" 2>&1 | tr '\n' ' '
    echo
  done
fi
rm -f "$out/wiki-demo.db"*
$locus demo --no-serve --db "$out/wiki-demo.db" 2>/dev/null
LOCUS_BENCH_DEMO="$PWD/$out/wiki-demo.db" LOCUS_WIKIWHO_TOKENS="$PWD/$peer" LOCUS_SHARED_DATA="$shared" \
  cargo bench -q -p locus --bench wiki 2>/dev/null | grep -v '^$'
if [ -f "$wh/Anarchism_enwiki_full_history.xml.lzma" ]; then
  echo "### locus import mediawiki, Anarchism (15,180 revisions, 1.05 GB of XML): attribution and storage"
  rm -f "$out/anarchism.db"*
  /usr/bin/time -f "%e s wall, %M kB peak" $locus import --db "$out/anarchism.db" mediawiki "$wh/Anarchism_enwiki_full_history.xml.lzma" 2>&1
  echo "store: $(du -m "$out/anarchism.db" | cut -f1) MB"
fi
echo "### 64 readers of /wiki/gene/BACH1 (wrk -t2 -c64 -d${DUR}s), without and with an editor saving every 100 ms"
cp "$out/wiki-demo.db" "$out/wiki-serve.db"
token=$($locus token create --db "$out/wiki-serve.db" ada --label bench 2>/dev/null)
$locus serve --db "$out/wiki-serve.db" --addr 127.0.0.1:8097 --log-format off 2>/dev/null & wpid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:8097/healthz >/dev/null && break; sleep 0.1; done
read -r r0 p0 <<<"$(wrk_line "http://127.0.0.1:8097/wiki/gene/BACH1")"
python3 - "$token" "$out/editor.txt" "$DUR" <<'PY' & epid=$!
import json, sys, time, urllib.request
token, report, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
base = "http://127.0.0.1:8097/api/v1/wiki/gene/BACH1"
saves = errors = 0
start = time.time()
while time.time() - start < seconds + 1:
    doc = json.load(urllib.request.urlopen(base))
    text = doc["markdown"]
    line = "\n\nSaved by the benchmark editor."
    text = text[: -len(line)] if text.endswith(line) else text + line
    req = urllib.request.Request(base, method="PUT", data=json.dumps(
        {"markdown": text, "base_revision": doc["revision"], "comment": "bench"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req).read()
        saves += 1
    except Exception:
        errors += 1
    time.sleep(0.1)
open(report, "w").write(f"{saves} saves, {errors} failed saves")
PY
sleep 0.5
read -r r1 p1 <<<"$(wrk_line "http://127.0.0.1:8097/wiki/gene/BACH1")"
wait $epid || true
errs=$(awk '/Non-2xx|Socket errors/' "$out/wrk.txt" | tr '\n' ' ')
printf "no editing:    %10s req/s p99 %s\n" "$r0" "$p0"
printf "editor saving: %10s req/s p99 %s  (%s; readers' errors: %s)\n" "$r1" "$p1" "$(cat "$out/editor.txt")" "${errs:-none}"
kill $wpid 2>/dev/null || true

echo
scripts/bench_terms.sh

# ---------------------------------------------------------------------------
echo
echo "## Whole-store export vs sqlite3 -csv (scripts/bench_export.sh)"
LOCUS_BIN=$locus BENCH_OUT=$out scripts/bench_export.sh

echo
echo "## MCP: tool calls as an agent makes them (demo store)"
# The official MCP Python SDK from PyPI, in the venv scripts/test.sh makes.
mvenv=target/mcp-venv
if ! "$mvenv/bin/python" -c 'import mcp' 2>/dev/null; then
  python3 -m venv "$mvenv" >/dev/null 2>&1 && "$mvenv/bin/pip" install -q mcp==2.3.0 >/dev/null 2>&1 || true
fi
if "$mvenv/bin/python" -c 'import mcp' 2>/dev/null; then
  rm -f "$out/mcp-demo.db"*
  $locus demo --no-serve --db "$out/mcp-demo.db" 2>/dev/null
  $locus serve --db "$out/mcp-demo.db" --addr 127.0.0.1:8098 --log-format off 2>/dev/null & mpid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:8098/healthz >/dev/null && break; sleep 0.1; done
  "$mvenv/bin/python" scripts/bench_mcp.py "$locus" "$out/mcp-demo.db" http://127.0.0.1:8098 200
  kill $mpid 2>/dev/null || true
else
  echo "skipped: the MCP Python SDK could not be installed from PyPI"
fi

# ---------------------------------------------------------------------------
# Optional: the same figures for an earlier commit, side by side, so a
# change's cost is measured in one run on one machine (this machine's
# speed drifts by tens of percent from hour to hour).
#   BENCH_BASELINE=<commit> scripts/bench.sh
if [ -n "${BENCH_BASELINE:-}" ]; then
  echo
  echo "## Baseline: $BENCH_BASELINE against this tree, alternated"
  command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null 2>&1 || true; }
  base=target/bench-baseline
  rm -rf "$base/src"; mkdir -p "$base"
  git worktree add -f "$base/src" "$BENCH_BASELINE" -q
  CARGO_TARGET_DIR="$PWD/$base/target" cargo build --release -q -p locus --manifest-path "$base/src/Cargo.toml"
  old="$PWD/$base/target/release/locus"
  hyperfine -w 1 -r 5 -N \
    -n "$BENCH_BASELINE orgdb" "sh -c 'rm -f $out/b.db*; $old import --db $out/b.db orgdb $orgdb 2>/dev/null'" \
    -n "this tree orgdb" "sh -c 'rm -f $out/b.db*; $locus import --db $out/b.db orgdb $orgdb 2>/dev/null'" | grep -E "Time|±|faster|^ "
  if [ -d "$shared/regulation" ]; then
    net() { # binary
      echo "rm -f $out/n.db*; $1 import --db $out/n.db gene-info $shared/ncbi_gene/Homo_sapiens.gene_info.gz 2>/dev/null && $1 import --db $out/n.db collectri $shared/regulation/collectri/collectri.csv 2>/dev/null && $1 import --db $out/n.db trrust $shared/regulation/trrust/trrust_rawdata.human.tsv 2>/dev/null && $1 import --db $out/n.db dorothea $shared/regulation/dorothea/networks/curated/trrust/network_with_pubmed.sif 2>/dev/null"
    }
    hyperfine -w 1 -r 5 -N -n "$BENCH_BASELINE gene_info + 3 network files" "sh -c '$(net "$old")'" \
      -n "this tree gene_info + 3 network files" "sh -c '$(net "$locus")'" | grep -E "Time|±|faster|^ "
  fi
  # Re-importing NCBI's human gene_info: a tree that records what changed
  # per gene reads both imports' genes and compares them.
  gi="$shared/ncbi_gene/Homo_sapiens.gene_info.gz"
  if [ -f "$gi" ]; then
    for b in old new; do
      bin=$old; [ $b = new ] && bin=$locus
      rm -f "$out/r$b.db"*; $bin import --db "$out/r$b.db" gene-info "$gi" 2>/dev/null
    done
    hyperfine -w 1 -r 5 -N -n "$BENCH_BASELINE gene_info re-import" "$old import --db $out/rold.db gene-info $gi" \
      -n "this tree gene_info re-import" "$locus import --db $out/rnew.db gene-info $gi" | grep -E "Time|±|faster|^ "
  fi
  # Each binary serves a store it built itself (the stored row counts
  # changed form), of the full org.Hs.eg.db.
  for b in old new; do
    bin=$old; [ $b = new ] && bin=$locus
    rm -f "$out/$b.db"*; $bin import --db "$out/$b.db" orgdb "$orgdb" 2>/dev/null
  done
  $old serve --db "$out/old.db" --addr 127.0.0.1:8094 2>/dev/null & opid=$!
  $locus serve --db "$out/new.db" --addr 127.0.0.1:8095 2>/dev/null & npid=$!
  # What the request log costs: the same tree with it off.
  $locus serve --db "$out/new.db" --addr 127.0.0.1:8096 --log-format off 2>/dev/null & qpid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:8094/healthz >/dev/null && curl -sf http://127.0.0.1:8095/healthz >/dev/null && curl -sf http://127.0.0.1:8096/healthz >/dev/null && break; sleep 0.1; done
  # Three rounds, each binary in turn, so drift hits both alike.
  for round in 1 2 3; do
    for u in /genes/BACH1 "/api/v1/genes/BACH1" "/api/v1/search?q=bach&limit=10"; do
      read -r orr op <<<"$(wrk_line "http://127.0.0.1:8094$u")"
      read -r nrr np <<<"$(wrk_line "http://127.0.0.1:8095$u")"
      read -r qrr qp <<<"$(wrk_line "http://127.0.0.1:8096$u")"
      printf "round %s %-32s %s: %10s req/s p99 %-8s  this tree: %10s req/s p99 %-8s  log off: %10s req/s p99 %s\n" "$round" "$u" "$BENCH_BASELINE" "$orr" "$op" "$nrr" "$np" "$qrr" "$qp"
    done
  done
  kill $opid $npid $qpid 2>/dev/null || true
  git worktree remove --force "$base/src" || true
fi
