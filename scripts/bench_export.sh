#!/usr/bin/env bash
# Whole-store export: `locus export` (TSV and JSONL, gzip) of a human store
# against the sqlite3 CLI writing the same tables with `-csv` (plain, and
# piped through `gzip -1` to match Locus's compression): time, rows/s and
# peak memory (GNU time's maximum resident set). Prints figures, asserts
# nothing.
#
# The store: the full org.Hs.eg.db, NCBI gene_info (human, mouse),
# gene2pubmed (2019) and the network files of ../shared/data when present.
# Reused from $BENCH_OUT/export.db when it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-bench-out}
locus=${LOCUS_BIN:-target/release/locus}
shared=${LOCUS_SHARED_DATA:-../shared/data}
mkdir -p "$out"
[ -x "$locus" ] || cargo build --release -p locus -q
command -v sqlite3 >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
db="$out/export.db"
if [ ! -f "$db" ]; then
  orgdb=$(scripts/fetch-orgdb.sh | tail -1)
  imp() { "$locus" import --db "$db" "$@" 2>>"$out/export-import.log"; }
  imp orgdb "$orgdb"
  if [ -d "$shared/ncbi_gene" ]; then
    imp gene-info "$shared"/ncbi_gene/{Homo_sapiens,Mus_musculus}.gene_info.gz
    imp gene2pubmed "$shared/literature/gene2pubmed_human_2019.tsv.gz"
    reg="$shared/regulation"
    imp tflink "$reg/tflink/tflink_homo_sapiens_interactions.tsv.gz"
    imp trrust "$reg"/trrust/trrust_rawdata.{human,mouse}.tsv
    imp collectri "$reg/collectri/collectri.csv"
    imp orthologs "$shared"/orthologs/{human_to_mouse,mouse_to_human}.csv.gz
    imp string "$shared/interactions/9606.protein.links.detailed.v12.0.txt.gz"
  else
    echo "skip: $shared not present; the store holds org.Hs.eg.db alone"
  fi
fi
echo "store: $(du -m "$db" | cut -f1) MB"

# The tables both tools write: the fact tables as stored, and the merged
# gene records and TF–target edges.
tables=(gene_best gene gene_alias gene_xref gene_pubmed go_annotation go_term regulation tf_target_edge ortholog interaction)
kinds=genes,gene_records,gene_aliases,gene_xrefs,gene_pubmed,go_annotations,go_terms,regulation_evidence,tf_target_edges,orthologs,interactions
rows=0
for t in "${tables[@]}"; do rows=$((rows + $(sqlite3 "$db" "SELECT count(*) FROM $t"))); done
echo "rows in the ${#tables[@]} tables: $rows"

measure() { # label command...: wall seconds and peak RSS of one run
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/export-run.out" 2>"$out/export-run.log" || { cat "$out/export-run.log"; return 1; }
  read -r secs kb <"$out/time.txt"
  printf "  %-44s %7.2f s %11.0f rows/s %7.0f MB peak RSS\n" "$label" "$secs" "$(python3 -c "print($rows/max($secs,1e-9))")" "$(python3 -c "print($kb/1024)")"
}
export db out
tables_list="${tables[*]}"
export tables_list

echo "## Export: the same ${#tables[@]} tables, three rounds each"
for round in 1 2 3; do
  echo "round $round"
  rm -rf "$out/export-tsv" "$out/export-jsonl"
  measure "locus export --format tsv (gzip -1)" "$locus" export --db "$db" --kinds "$kinds" "$out/export-tsv"
  measure "locus export --format jsonl (gzip -1)" "$locus" export --db "$db" --kinds "$kinds" --format jsonl "$out/export-jsonl"
  rm -rf "$out/export-parquet"
  measure "locus export --format parquet (snappy)" "$locus" export --db "$db" --kinds "$kinds" --format parquet "$out/export-parquet"
  measure "sqlite3 -csv, plain files" bash -c 'read -ra tables <<<"$tables_list"; dir=$out/export-sqlite; rm -rf "$dir"; mkdir -p "$dir"; for t in "${tables[@]}"; do sqlite3 -csv -header "$db" "SELECT * FROM $t" >"$dir/$t.csv"; done'
  measure "sqlite3 -csv | gzip -1" bash -c 'read -ra tables <<<"$tables_list"; dir=$out/export-sqlite; rm -rf "$dir"; mkdir -p "$dir"; for t in "${tables[@]}"; do sqlite3 -csv -header "$db" "SELECT * FROM $t" | gzip -1 >"$dir/$t.csv.gz"; done'
done
echo "sizes: locus tsv $(du -sm "$out/export-tsv" | cut -f1) MB, jsonl $(du -sm "$out/export-jsonl" | cut -f1) MB, parquet $(du -sm "$out/export-parquet" | cut -f1) MB, sqlite3 csv.gz $(du -sm "$out/export-sqlite" | cut -f1) MB"
echo "(locus: one snapshot of all tables, a header per file naming its imports, SHA-256 of every file; peak RSS is the whole process)"
echo "## Everything: every table and the wiki"
rm -rf "$out/export-all"
/usr/bin/time -f "%e %M" -o "$out/time.txt" "$locus" export --db "$db" "$out/export-all" >"$out/export-run.out"
read -r secs kb <"$out/time.txt"
grep -E "^exported" "$out/export-run.out" | sed 's/^/  /'
echo "  peak RSS $(python3 -c "print(round($kb/1024))") MB"
echo "## Round trip: that export imported into an empty store (locus import locus-export)"
rm -f "$out/restored.db"*
/usr/bin/time -f "%e %M" -o "$out/time.txt" "$locus" import --db "$out/restored.db" locus-export "$out/export-all" >"$out/export-run.out" 2>/dev/null
read -r secs kb <"$out/time.txt"
echo "  $(tail -1 "$out/export-run.out"); ${secs} s wall with the tagging pass, peak RSS $(python3 -c "print(round($kb/1024))") MB"
rm -rf "$out/export-again"
"$locus" export --db "$out/restored.db" "$out/export-again" >/dev/null
same=yes
for f in "$out"/export-all/*.gz; do
  n=$(basename "$f")
  cmp -s <(zcat "$f" | grep -v '^#') <(zcat "$out/export-again/$n" | grep -v '^#') || { same=no; echo "  differs: $n"; }
done
echo "  the restored store exports the same rows: $same"
rm -rf "$out/export-tsv" "$out/export-jsonl" "$out/export-parquet" "$out/export-sqlite" "$out/export-all" "$out/export-again" "$out/restored.db"*
