#!/usr/bin/env bash
# Measures Locus's text tagger on the test splits of the gold corpora in
# ../shared/data/text_mining (document-level precision, recall, F1; see
# scripts/eval_tagger.py), and its speed and memory.
#
#   scripts/eval_tagger.sh            # evaluate with the shipped learned file
#   scripts/eval_tagger.sh --learn    # first rebuild crates/tagger/data/learned.tsv
#                                     # from the training splits (never the test ones)
#
# The vocabulary is a store of every human and mouse gene (NCBI gene_info),
# human gene2pubmed (to rank genes sharing an alias), the Disease Ontology
# and HPO, built once into target/tagger-eval.db.
set -euo pipefail
cd "$(dirname "$0")/.."
S=${LOCUS_SHARED_DATA:-../shared/data}
T=$S/text_mining
if [ ! -d "$T" ]; then
    echo "skip: $T is missing (set LOCUS_SHARED_DATA to the data share)"
    exit 0
fi
cargo build --release --quiet
LOCUS=target/release/locus
DB=target/tagger-eval.db
if [ ! -f "$DB" ]; then
    rm -f "$DB.tmp"
    $LOCUS import --db "$DB.tmp" gene-info "$S/ncbi_gene/Homo_sapiens.gene_info.gz" "$S/ncbi_gene/Mus_musculus.gene_info.gz"
    $LOCUS import --db "$DB.tmp" gene2pubmed "$S/literature/gene2pubmed_human_2019.tsv.gz"
    $LOCUS import --db "$DB.tmp" obo "$S/ontologies/doid.obo.gz" "$S/ontologies/hp.obo.gz"
    mv "$DB.tmp" "$DB"
fi
if [ "${1:-}" = "--learn" ]; then
    $LOCUS tag-learn --db "$DB" \
        "$T/GNormPlus_Train.PubTator" "$T/NLMgene_Train.PubTator" \
        "$T/BC5CDR_TrainDev.PubTator" "$T/NCBIdisease_TrainDev.PubTator" \
        --held-out "$T/GNormPlus_Test.PubTator" --held-out "$T/NLMgene_Test.PubTator" \
        --held-out "$T/BC5CDR_Test.PubTator" --held-out "$T/NCBIdisease_Test.PubTator" \
        --out crates/tagger/data/learned.tsv
    cargo build --release --quiet
fi
OUT=target/tagger-eval
mkdir -p $OUT
echo "== BC2GN test (GNormPlus_Test), human genes, genes normalised to human only"
$LOCUS tag --db "$DB" --organism human "$T/GNormPlus_Test.PubTator" > $OUT/GNormPlus_Test.human.PubTator 2>/dev/null
python3 scripts/eval_tagger.py "$T/GNormPlus_Test.PubTator" $OUT/GNormPlus_Test.human.PubTator --type Gene --human-only
echo "== BC2GN test, human genes, every organism in the store allowed"
$LOCUS tag --db "$DB" "$T/GNormPlus_Test.PubTator" > $OUT/GNormPlus_Test.PubTator 2>/dev/null
python3 scripts/eval_tagger.py "$T/GNormPlus_Test.PubTator" $OUT/GNormPlus_Test.PubTator --type Gene --human-only
echo "== NLM-Gene test (multi-species; Locus holds human and mouse genes)"
$LOCUS tag --db "$DB" "$T/NLMgene_Test.PubTator" > $OUT/NLMgene_Test.PubTator 2>/dev/null
python3 scripts/eval_tagger.py "$T/NLMgene_Test.PubTator" $OUT/NLMgene_Test.PubTator --type Gene
echo "== BC5CDR test"
$LOCUS tag --db "$DB" "$T/BC5CDR_Test.PubTator" > $OUT/BC5CDR_Test.PubTator 2>/dev/null
python3 scripts/eval_tagger.py "$T/BC5CDR_Test.PubTator" $OUT/BC5CDR_Test.PubTator --type Disease
python3 scripts/eval_tagger.py "$T/BC5CDR_Test.PubTator" $OUT/BC5CDR_Test.PubTator --type Chemical
echo "== NCBI disease test"
$LOCUS tag --db "$DB" "$T/NCBIdisease_Test.PubTator" > $OUT/NCBIdisease_Test.PubTator 2>/dev/null
python3 scripts/eval_tagger.py "$T/NCBIdisease_Test.PubTator" $OUT/NCBIdisease_Test.PubTator --type Disease
echo "== Throughput and memory: every abstract of the eight corpora, 20 times over (one core)"
rm -f $OUT/all.PubTator
for i in $(seq 20); do cat "$T"/*.PubTator >> $OUT/all.PubTator; done
/usr/bin/time -f "peak memory %M KB, wall %e s" taskset -c 0 $LOCUS tag --db "$DB" $OUT/all.PubTator > /dev/null
