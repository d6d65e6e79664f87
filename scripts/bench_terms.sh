#!/usr/bin/env bash
# Expression, disease and phenotype imports and term search: prints
# figures, asserts nothing. Run alone or from scripts/bench.sh.
#
#   imports of ../shared/data's expression, ontology and annotation files
#   into a store with NCBI's whole human gene_info: rows and rows/s
#   geo-gds (GDS507)   vs the same statistics in NumPy/SciPy
#                      (crates/ingest/tests/data/geo/reference.py)
#   obo + hpo (HPO 2025-01-16) vs pyhpo 4.0.0 loading the same release
#   go-db: the whole of GO.db (Debian r-bioc-go.db, scripts/fetch-godb.sh)
#   term search, search over every kind (the search box's autocomplete)
#   and a phenotype page over HTTP (wrk), and pyhpo's search
#
# Needs ../shared/data (LOCUS_SHARED_DATA) and wrk; a venv with numpy,
# scipy and pyhpo is made under target/ from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${LOCUS_SHARED_DATA:-../shared/data}
if [ ! -d "$shared/phenotypes" ]; then
  echo "skip: $shared/phenotypes not present (set LOCUS_SHARED_DATA)"
  exit 0
fi
out=bench-out
mkdir -p "$out"
[ -x target/release/locus ] || cargo build --release -p locus -q
locus=target/release/locus
DUR=${BENCH_SECONDS:-10}
venv=target/bench-terms-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import scipy, numpy, pyhpo' 2>/dev/null; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q numpy scipy pyhpo==4.0.0 >/dev/null
fi
secs() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
db="$out/terms.db"
rm -f "$db"*

echo "## Import: expression, ontologies and disease/phenotype annotations (../shared/data)"
$locus import --db "$db" gene-info "$shared/ncbi_gene/Homo_sapiens.gene_info.gz" 2>/dev/null
rows_of_last() {
  $locus stats --json --db "$db" | python3 -c '
import json, sys
last = max(json.load(sys.stdin)["imports"], key=lambda i: i["id"])
print(sum(last["row_counts"].values()) + sum(v for k, v in last["tallies"].items() if k.endswith("_rows_skipped")))'
}
imp() { # label kind file
  local t0 t1 n
  t0=$(secs)
  $locus import --db "$db" "$2" "$3" 2>/dev/null
  t1=$(secs)
  n=$(rows_of_last)
  printf "  %-34s %9d rows %7.2f s %10.0f rows/s\n" "$1" "$n" "$(python3 -c "print($t1-$t0)")" "$(python3 -c "print($n/max($t1-$t0,1e-9))")"
}
ex="$shared/expression"
imp "expression-atlas E-GEOD-52687" expression-atlas "$ex/expression_atlas/E-GEOD-52687-analytics.tsv.gz"
imp "expression-atlas E-MTAB-8510" expression-atlas "$ex/expression_atlas/E-MTAB-8510-analytics.tsv.gz"
imp "geo-gds GDS507 (tests computed)" geo-gds "$ex/geo/GDS507.soft.gz"
imp "obo hp.obo" obo "$shared/ontologies/hp.obo.gz"
imp "obo doid.obo" obo "$shared/ontologies/doid.obo.gz"
imp "hpo genes_to_phenotype" hpo "$shared/phenotypes/genes_to_phenotype.txt.gz"
imp "hpo genes_to_disease" hpo "$shared/phenotypes/genes_to_disease.txt"
imp "hpo phenotype.hpoa" hpo "$shared/phenotypes/phenotype.hpoa.gz"
imp "mim2gene-medgen" mim2gene-medgen "$shared/ncbi_gene/mim2gene_medgen"
imp "gaf (5,000-line sample)" gaf "$shared/go/goa_human_sample.gaf.gz"
godb=$(scripts/fetch-godb.sh | tail -1)
imp "go-db GO.db (whole GO, is_a graph)" go-db "$godb"

echo
echo "## GEO DataSet tests: Locus vs NumPy/SciPy on GDS507 (three rounds, medians)"
zcat "$ex/geo/GDS507.soft.gz" > "$out/GDS507.soft"
lt=(); pt=()
for _ in 1 2 3; do
  rm -f "$out/g.db"*
  $locus import --db "$out/g.db" gene-info "$shared/ncbi_gene/Homo_sapiens.gene_info.gz" 2>/dev/null
  t0=$(secs); $locus import --db "$out/g.db" geo-gds "$ex/geo/GDS507.soft.gz" 2>/dev/null; t1=$(secs)
  lt+=("$(python3 -c "print(round($t1-$t0,2))")")
  t0=$(secs); "$venv/bin/python" crates/ingest/tests/data/geo/reference.py "$out/GDS507.soft" > "$out/gds_ref.tsv"; t1=$(secs)
  pt+=("$(python3 -c "print(round($t1-$t0,2))")")
done
med() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
echo "locus import geo-gds (parse, 17,952 Welch tests, BH, resolve, write): $(med "${lt[@]}") s of ${lt[*]}"
echo "NumPy/SciPy reference.py (parse, tests, BH; writes TSV): $(med "${pt[@]}") s of ${pt[*]}"

echo
echo "## HPO: Locus import vs pyhpo 4.0.0 loading the same release (2025-01-16)"
t0=$(secs)
rm -f "$out/h.db"*
$locus import --db "$out/h.db" gene-info "$shared/ncbi_gene/Homo_sapiens.gene_info.gz" 2>/dev/null
t1=$(secs)
for f in "obo $shared/ontologies/hp.obo.gz" "hpo $shared/phenotypes/genes_to_phenotype.txt.gz" "hpo $shared/phenotypes/phenotype.hpoa.gz"; do
  # shellcheck disable=SC2086
  $locus import --db "$out/h.db" $f 2>/dev/null
done
t2=$(secs)
echo "locus: hp.obo + genes_to_phenotype + phenotype.hpoa into a store: $(python3 -c "print(round($t2-$t1,2))") s (gene_info first: $(python3 -c "print(round($t1-$t0,2))") s)"
"$venv/bin/python" - <<'PY'
import time
t0 = time.time()
from pyhpo import Ontology
Ontology()
t1 = time.time()
print(f"pyhpo: Ontology() (hp.obo, genes and diseases, in memory): {t1 - t0:.2f} s")
n = 1000
t0 = time.time()
for _ in range(n):
    list(Ontology.search("seiz"))
t1 = time.time()
print(f"pyhpo: Ontology.search('seiz') in process: {(t1 - t0) / n * 1e6:.0f} µs per query ({len(list(Ontology.search('seiz')))} terms)")
PY

echo
echo "## Term search and pages over HTTP: wrk -t2 -c16 -d${DUR}s"
$locus serve --db "$db" --addr 127.0.0.1:8093 --log-format off 2>/dev/null & pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:8093/healthz >/dev/null && break; sleep 0.1; done
for u in "/api/v1/search/terms?q=seiz&limit=10" "/api/v1/terms/HP:0001250" "/phenotypes/HP:0001250" "/diseases/OMIM:151623"; do
  curl -s -o /dev/null "http://127.0.0.1:8093$u"
  line=$(wrk -t2 -c16 -d"${DUR}s" --latency "http://127.0.0.1:8093$u" | awk '/Requests\/sec/ {r=$2} /99%/ {p=$2} END {print r, p}')
  printf "  %-40s %s req/s, p99 %s\n" "$u" ${line}
done
# Mostly uncached: each request a different query, drawn from the words of
# HPO's term names (the response cache keys by URL, so a word is answered
# from the index the first time only).
zcat "$shared/ontologies/hp.obo.gz" | awk -F': ' '/^name: / {print $2}' | tr ' ' '\n' \
  | tr -cd 'A-Za-z\n' | awk 'length($0) >= 3 {print tolower($0)}' | sort -u > "$out/words.txt"
lua() { # route seed: a wrk script asking random prefixes of HPO words
  cat > "$out/random.lua" <<LUA
local words = {}
for w in io.lines("$out/words.txt") do words[#words + 1] = w end
math.randomseed($2)
request = function()
  local w = words[math.random(#words)]
  local n = math.random(2, #w)
  return wrk.format("GET", "/api/v1/$1&q=" .. string.sub(w, 1, n))
end
LUA
}
seed=1
for route in "search/all?limit=10&text=false" "search/all?limit=10" "search/terms?limit=10" "search?limit=10" "search/text?limit=20"; do
  lua "$route" $((seed++))
  line=$(wrk -t1 -c4 -d"${DUR}s" --latency -s "$out/random.lua" http://127.0.0.1:8093 | awk '/Requests\/sec/ {r=$2} /50%/ {m=$2} /99%/ {p=$2} END {print r, m, p}')
  printf "  random prefixes %-28s %s req/s, p50 %s, p99 %s\n" "/api/v1/$route" ${line}
  # One connection, other queries (a new seed: the response cache holds
  # the ones above): the latency a person typing sees, without three
  # other connections' requests queued on the two cores.
  lua "$route" $((seed++))
  line=$(wrk -t1 -c1 -d"${DUR}s" --latency -s "$out/random.lua" http://127.0.0.1:8093 | awk '/Requests\/sec/ {r=$2} /50%/ {m=$2} /99%/ {p=$2} END {print r, m, p}')
  printf "    one connection %-27s %s req/s, p50 %s, p99 %s\n" "" ${line}
done
kill "$pid" 2>/dev/null || true
