#!/usr/bin/env python3
"""Cuts the Locus demo dataset from real public files.

Run from the repository root with ../shared/data present and org.Hs.eg.db
unpacked (see README.md in this folder). Every output file keeps its source's
original format and rows; nothing is edited, only rows are selected.
"""
import gzip, os, re, sqlite3, sys, shutil

SHARED = os.environ.get("LOCUS_SHARED_DATA", "../shared/data")
ORGDB = sys.argv[1] if len(sys.argv) > 1 else "/tmp/orgdb/x/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite"
OUT = "demo/data"

CORE = ["BACH1", "BACH2", "BAX", "HMOX1", "NFE2L2", "KEAP1", "MAFK", "TP53"]
# GABPA shares the alias NRF2 with NFE2L2: the demo shows the ambiguity page.
EXTRA = ["GABPA"]

def trrust_neighbours():
    out = set()
    with open(f"{SHARED}/regulation/trrust/trrust_rawdata.human.tsv") as f:
        for line in f:
            tf, target = line.split("\t")[:2]
            if tf in CORE or target in CORE:
                out.update([tf, target])
    return out

def uniprot_genes():
    names = []
    with gzip.open(f"{SHARED}/proteins/uniprot_sprot_human_sample.dat.gz", "rt") as f:
        for line in f:
            m = re.match(r"GN   Name=([^;{ ]+)", line)
            if m:
                names.append(m.group(1))
    return names

symbols = set(CORE) | set(EXTRA) | trrust_neighbours() | set(uniprot_genes())

# 1. NCBI gene_info, human: header + rows whose Symbol is in the set.
def gz_write(path):
    """A gzip text writer with a fixed header timestamp, so rebuilding the
    demo gives byte-identical files (and stable sha256s in provenance)."""
    import io
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8")

def cut_gene_info(src, dst, keep):
    kept = []
    with gzip.open(src, "rt") as f, gz_write(dst) as out:
        for i, line in enumerate(f):
            cols = line.rstrip("\n").split("\t")
            if i == 0 or keep(cols):
                out.write(line)
                if i:
                    kept.append(int(cols[1]))
    return kept

human_ids = cut_gene_info(f"{SHARED}/ncbi_gene/Homo_sapiens.gene_info.gz",
                          f"{OUT}/Homo_sapiens.gene_info.gz", lambda c: c[2] in symbols)
mouse_core = {s.capitalize() for s in CORE} | {"Trp53"}
cut_gene_info(f"{SHARED}/ncbi_gene/Mus_musculus.gene_info.gz",
              f"{OUT}/Mus_musculus.gene_info.gz", lambda c: c[2] in mouse_core)

# 2. org.Hs.eg.db: same schema, rows of the same genes.
dst = f"{OUT}/org.Hs.eg.subset.sqlite"
if os.path.exists(dst):
    os.remove(dst)
src = sqlite3.connect(ORGDB)
out = sqlite3.connect(dst)
tables = ["metadata", "map_metadata", "genes", "gene_info", "chromosomes", "cytogenetic_locations",
          "genetype", "alias", "uniprot", "ensembl", "omim", "pubmed", "go_bp", "go_mf", "go_cc"]
for t in tables:
    (sql,) = src.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()
    out.execute(sql)
out.commit()
out.close()
src.close()
con = sqlite3.connect(dst)
con.execute("ATTACH ? AS src", (ORGDB,))
con.execute("INSERT INTO metadata SELECT * FROM src.metadata")
con.execute("INSERT INTO map_metadata SELECT * FROM src.map_metadata")
ids = ",".join(str(i) for i in human_ids)
con.execute(f"INSERT INTO genes SELECT * FROM src.genes WHERE gene_id IN ({','.join(repr(str(i)) for i in human_ids)})")
for t in tables[3:]:
    con.execute(f"INSERT INTO {t} SELECT * FROM src.{t} WHERE _id IN (SELECT _id FROM genes)")
con.commit()
con.execute("DETACH src")
con.execute("VACUUM")
con.close()

# 3. GeneRIFs: the BACH1 table transcribed from Pharos, whole.
shutil.copy(f"{SHARED}/literature/pharos_bach1/BACH1_generifs.tsv", f"{OUT}/BACH1_generifs.tsv")
# 4. UniProtKB/Swiss-Prot sample, whole (14 entries).
shutil.copy(f"{SHARED}/proteins/uniprot_sprot_human_sample.dat.gz", f"{OUT}/uniprot_sprot_human_sample.dat.gz")
# 5. PubMed XML. A PubmedArticleSet file whose citations include demo-gene
#    papers, whole; and from the 2016 MEDLINE update file, the prolog and the
#    <MedlineCitation> elements (verbatim) of PMIDs linked to demo genes.
shutil.copy(f"{SHARED}/literature/biopython_tests/pubmed4.xml", f"{OUT}/pubmed4.xml")
demo_pmids = {r[0] for r in sqlite3.connect(dst).execute("SELECT DISTINCT pubmed_id FROM pubmed")}
with gzip.open(f"{SHARED}/literature/medline16n0902.xml.gz", "rt", encoding="utf-8") as f:
    text = f.read()
start = text.index("<MedlineCitation ")
end = text.rindex("</MedlineCitation>") + len("</MedlineCitation>")
kept = []
for m in re.finditer(r"<MedlineCitation .*?</MedlineCitation>", text[start:end], re.S):
    pmid = re.search(r"<PMID[^>]*>(\d+)</PMID>", m.group(0)).group(1)
    if pmid in demo_pmids:
        kept.append(m.group(0))
with gz_write(f"{OUT}/medline16n0902.demo-subset.xml.gz") as out:
    out.write(text[:start] + "\n".join(kept) + "\n" + text[end:].lstrip("\n"))
print(len(kept), "MEDLINE citations kept")
# 6. GO.db: metadata and the go_term rows of every GO id the demo genes are
#    annotated with (Debian r-bioc-go.db 3.16.0-1, GO release 2022-07-01).
GODB = os.environ.get("LOCUS_GODB", "/tmp/godb/x/usr/lib/R/site-library/GO.db/extdata/GO.sqlite")
go_dst = f"{OUT}/GO.subset.sqlite"
if os.path.exists(go_dst):
    os.remove(go_dst)
src = sqlite3.connect(GODB)
out = sqlite3.connect(go_dst)
for t in ["metadata", "map_metadata", "go_ontology", "go_term"]:
    (sql,) = src.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()
    out.execute(sql)
out.commit(); out.close(); src.close()
con = sqlite3.connect(go_dst)
con.execute("ATTACH ? AS src", (GODB,))
con.execute("ATTACH ? AS org", (dst,))
for t in ["metadata", "map_metadata", "go_ontology"]:
    con.execute(f"INSERT INTO {t} SELECT * FROM src.{t}")
con.execute("""INSERT INTO go_term SELECT * FROM src.go_term WHERE go_id IN (
    SELECT go_id FROM org.go_bp UNION SELECT go_id FROM org.go_mf UNION SELECT go_id FROM org.go_cc)""")
con.commit()
con.execute("DETACH src"); con.execute("DETACH org")
con.execute("VACUUM")
con.close()

print(len(symbols), "symbols;", len(human_ids), "human genes")
