#!/usr/bin/env python3
"""Cuts the Locus demo dataset from real public files.

Run from the repository root with ../shared/data present and org.Hs.eg.db
unpacked (see README.md in this folder). Every output file keeps its source's
original format and rows; nothing is edited, only rows are selected.
"""
import gzip, os, re, sqlite3, sys, shutil

SHARED = os.environ.get("LOCUS_SHARED_DATA", "../shared/data")
ORGDB = sys.argv[1] if len(sys.argv) > 1 else "target/orgdb/org.Hs.eg.sqlite"
OUT = "demo/data"

def gz_write(path):
    """A gzip text writer with a fixed header timestamp, so rebuilding the
    demo gives byte-identical files (and stable sha256s in provenance)."""
    import io
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", mtime=0), encoding="utf-8")

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
# org.Hs.eg.db's literature and GO rows are cut for this set only (the
# network partners below would multiply the subset's size for little gain).
detail_symbols = set(symbols)

# --- The regulatory network (issue 3): rows of every network source whose TF
# or target is a core gene, whole TFLink per-protein files of the core
# genes, and the genes those rows name. Rows are selected, never edited.
import csv, glob
REG = f"{SHARED}/regulation"
core_ids = set()  # GeneIDs of the core genes, filled from gene_info below
gene_ids_wanted = set()

def keep_rows(src, dst, keep, header_lines=0, opener=open, writer=open):
    """Copies the header lines and every line for which keep(line) holds."""
    n = 0
    with opener(src, "rt", encoding="utf-8", newline="") as f, writer(dst, "w", encoding="utf-8", newline="") as out:
        for i, line in enumerate(f):
            if i < header_lines or keep(line):
                out.write(line)
                n += i >= header_lines
    return n

def csv_cells(line):
    return next(csv.reader([line]))

os.makedirs(f"{OUT}/regulation", exist_ok=True)
counts = {}
counts["trrust human"] = keep_rows(f"{REG}/trrust/trrust_rawdata.human.tsv", f"{OUT}/regulation/trrust_rawdata.human.tsv",
    lambda l: bool({*l.split("\t")[:2]} & set(CORE)))
for l in open(f"{OUT}/regulation/trrust_rawdata.human.tsv"):
    symbols.update(l.split("\t")[:2])
counts["collectri"] = keep_rows(f"{REG}/collectri/collectri.csv", f"{OUT}/regulation/collectri.csv",
    lambda l: bool({*csv_cells(l)[:2]} & set(CORE)), header_lines=1)
for r in list(csv.reader(open(f"{OUT}/regulation/collectri.csv")))[1:]:
    symbols.update(r[:2])
for table in sorted(os.listdir(f"{REG}/dorothea/networks/curated")):
    for src in glob.glob(f"{REG}/dorothea/networks/curated/{table}/*.sif"):
        dst_dir = f"{OUT}/regulation/dorothea/{table}"
        os.makedirs(dst_dir, exist_ok=True)
        dst_f = f"{dst_dir}/{os.path.basename(src)}"
        counts[f"dorothea {table}"] = keep_rows(src, dst_f, lambda l: bool({*csv_cells(l)[:2]} & set(CORE)), header_lines=1)
        for r in list(csv.reader(open(dst_f)))[1:]:
            symbols.update(r[:2])
counts["regnetwork"] = keep_rows(f"{REG}/regnetwork/new_kegg.human.reg.direction.txt",
    f"{OUT}/regulation/new_kegg.human.reg.direction.txt",
    lambda l: bool({l.split()[0], l.split()[2]} & set(CORE)), header_lines=1)
for l in list(open(f"{OUT}/regulation/new_kegg.human.reg.direction.txt"))[1:]:
    c = l.split(); symbols.update([c[0], c[2]]); gene_ids_wanted.update([int(c[1]), int(c[3])])
# TFLink: the whole per-protein files (BAX, NFE2L2, BACH2 are core genes)
# and the whole 49-row simpleFormat sample.
for src in sorted(glob.glob(f"{REG}/tflink/per_protein/*_of_*.tsv")):
    name = os.path.basename(src)
    if name.startswith("bindingSites"):
        with open(src, "rb") as f, gzip.GzipFile(f"{OUT}/regulation/{name}.gz", "wb", mtime=0) as out:
            out.write(f.read())
    else:
        shutil.copyfile(src, f"{OUT}/regulation/{name}")
        for l in list(open(src))[1:]:
            gene_ids_wanted.update(int(g) for g in l.split("\t")[1].split(",") if g != "NA")
            symbols.add(l.split("\t")[2])  # rows without a GeneID resolve by name
shutil.copyfile(f"{REG}/tflink/tflink_homo_sapiens_interactions.tsv.gz", f"{OUT}/regulation/tflink_homo_sapiens_interactions.tsv.gz")
for l in list(gzip.open(f"{REG}/tflink/tflink_homo_sapiens_interactions.tsv.gz", "rt"))[1:]:
    c = l.split("\t")
    gene_ids_wanted.update(int(g) for g in (c[2] + "," + c[3]).split(",") if g not in ("NA", "-"))
# STRING: the sample's rows whose two proteins org.Hs.eg.db maps to genes
# (its ensembl_prot table); the rest could only be reported as unresolved.
prot_gene = {p: int(g) for p, g in sqlite3.connect(ORGDB).execute(
    "SELECT e.prot_id, g.gene_id FROM ensembl_prot e JOIN genes g USING (_id)")}
def string_keep(l):
    a, b = l.split(" ")[:2]
    return a[5:] in prot_gene and b[5:] in prot_gene
with gzip.open(f"{SHARED}/interactions/9606.protein.links.detailed.v12.0.txt.gz", "rt") as f, \
        gz_write(f"{OUT}/regulation/9606.protein.links.detailed.v12.0.demo-subset.txt.gz") as out:
    n = 0
    for i, l in enumerate(f):
        if i == 0 or string_keep(l):
            out.write(l)
            if i:
                n += 1
                a, b = l.split(" ")[:2]
                gene_ids_wanted.update([prot_gene[a[5:]], prot_gene[b[5:]]])
    counts["string"] = n

# 1. NCBI gene_info, human: header + rows whose Symbol is in the set.

def gene_symbols_of(path):
    with gzip.open(path, "rt") as f:
        return [(int(c[1]), c[2]) for c in (l.split("\t") for l in f) if c[1].isdigit()]

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
                          f"{OUT}/Homo_sapiens.gene_info.gz",
                          lambda c: c[2] in symbols or int(c[1]) in gene_ids_wanted)
human_detail_ids = [i for i, s_ in gene_symbols_of(f"{OUT}/Homo_sapiens.gene_info.gz") if s_ in detail_symbols]

# Orthologs: BioMart rows pairing a demo human gene with a mouse gene; the
# mouse genes of those rows, plus TRRUST mouse rows of the core genes'
# mouse counterparts and their partners, make the mouse gene set.
def ensembl_of(path, ids):
    out = {}
    with gzip.open(path, "rt") as f:
        for line in f:
            c = line.split("\t")
            if c[1].isdigit() and int(c[1]) in ids:
                for x in c[5].split("|"):
                    if x.startswith("Ensembl:"):
                        out[x[len("Ensembl:"):]] = int(c[1])
    return out
human_ensembl = ensembl_of(f"{OUT}/Homo_sapiens.gene_info.gz", set(human_ids))
mouse_ensembl = set()
def h2m_keep(l):
    c = csv_cells(l)
    if c[0] in human_ensembl and c[3]:
        mouse_ensembl.add(c[3])
        return True
    return False
counts["orthologs human_to_mouse"] = keep_rows(f"{SHARED}/orthologs/human_to_mouse.csv.gz",
    f"{OUT}/regulation/human_to_mouse.csv.gz", h2m_keep, header_lines=1, opener=gzip.open, writer=lambda p, m, **kw: gz_write(p))
counts["orthologs mouse_to_human"] = keep_rows(f"{SHARED}/orthologs/mouse_to_human.csv.gz",
    f"{OUT}/regulation/mouse_to_human.csv.gz",
    lambda l: csv_cells(l)[0] in mouse_ensembl and csv_cells(l)[3] in human_ensembl,
    header_lines=1, opener=gzip.open, writer=lambda p, m, **kw: gz_write(p))
mouse_core = {s.capitalize() for s in CORE} | {"Trp53"}
mouse_symbols = set(mouse_core)
counts["trrust mouse"] = keep_rows(f"{REG}/trrust/trrust_rawdata.mouse.tsv", f"{OUT}/regulation/trrust_rawdata.mouse.tsv",
    lambda l: bool({*l.split("\t")[:2]} & mouse_core))
for l in open(f"{OUT}/regulation/trrust_rawdata.mouse.tsv"):
    mouse_symbols.update(l.split("\t")[:2])
def mouse_keep(c):
    if c[2] in mouse_symbols:
        return True
    return any(x[len("Ensembl:"):] in mouse_ensembl for x in c[5].split("|") if x.startswith("Ensembl:"))
mouse_ids = cut_gene_info(f"{SHARED}/ncbi_gene/Mus_musculus.gene_info.gz",
              f"{OUT}/Mus_musculus.gene_info.gz", mouse_keep)
for k, v in counts.items():
    print(f"{v:6d} rows  {k}")
print(len(mouse_ids), "mouse genes")

# 2. org.Hs.eg.db: same schema, rows of the same genes.
dst = f"{OUT}/org.Hs.eg.subset.sqlite"
if os.path.exists(dst):
    os.remove(dst)
src = sqlite3.connect(ORGDB)
out = sqlite3.connect(dst)
tables = ["metadata", "map_metadata", "genes", "gene_info", "chromosomes", "cytogenetic_locations",
          "genetype", "alias", "uniprot", "ensembl", "ensembl_prot", "omim", "pubmed", "go_bp", "go_mf", "go_cc"]
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
detail = ",".join(repr(str(i)) for i in human_detail_ids)
for t in tables[3:]:
    if t in ("uniprot", "ensembl", "ensembl_prot"):
        # identifiers of every demo gene: the network importers resolve
        # UniProt accessions and STRING's Ensembl proteins through them
        con.execute(f"INSERT INTO {t} SELECT * FROM src.{t} WHERE _id IN (SELECT _id FROM genes)")
    else:
        con.execute(f"INSERT INTO {t} SELECT * FROM src.{t} WHERE _id IN (SELECT _id FROM src.genes WHERE gene_id IN ({detail}))")
con.commit()
con.execute("DETACH src")
con.execute("VACUUM")
con.close()

# 3. GeneRIFs: the BACH1 table transcribed from Pharos, whole.
shutil.copyfile(f"{SHARED}/literature/pharos_bach1/BACH1_generifs.tsv", f"{OUT}/BACH1_generifs.tsv")
shutil.copyfile(f"{SHARED}/literature/pharos_bach1/BACH1_references.tsv", f"{OUT}/BACH1_references.tsv")
shutil.copyfile(f"{SHARED}/expression/pharos_bach1/BACH1_differential_expression.tsv", f"{OUT}/BACH1_differential_expression.tsv")
# 4. UniProtKB/Swiss-Prot sample, whole (14 entries).
shutil.copyfile(f"{SHARED}/proteins/uniprot_sprot_human_sample.dat.gz", f"{OUT}/uniprot_sprot_human_sample.dat.gz")
# 5. PubMed XML. A PubmedArticleSet file whose citations include demo-gene
#    papers, whole; and from the 2016 MEDLINE update file, the prolog and the
#    <MedlineCitation> elements (verbatim) of PMIDs linked to demo genes.
shutil.copyfile(f"{SHARED}/literature/biopython_tests/pubmed4.xml", f"{OUT}/pubmed4.xml")
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
# 6. GO.db: metadata, and of the ontology the terms the demo genes are
#    annotated with, their is_a ancestors and the direct is_a children of
#    the annotated terms (so whether an annotated term is a leaf, which the
#    development level asks, is as in the whole GO), the parent rows among
#    them, and the synonyms of the annotated terms and their ancestors (Debian r-bioc-go.db 3.16.0-1,
#    GO release 2022-07-01). Rows are copied whole, `_id` included.
GODB = os.environ.get("LOCUS_GODB", "target/godb/GO.sqlite")
go_dst = f"{OUT}/GO.subset.sqlite"
if os.path.exists(go_dst):
    os.remove(go_dst)
GO_TABLES = ["metadata", "map_metadata", "go_ontology", "go_term", "go_synonym",
             "go_bp_parents", "go_mf_parents", "go_cc_parents"]
src = sqlite3.connect(GODB)
out = sqlite3.connect(go_dst)
for t in GO_TABLES:
    (sql,) = src.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (t,)).fetchone()
    out.execute(sql)
out.commit(); out.close()
org = sqlite3.connect(dst)
annotated = {r[0] for t in ["go_bp", "go_mf", "go_cc"] for r in org.execute(f"SELECT go_id FROM {t}")}
org.close()
id_of = dict(src.execute("SELECT go_id, _id FROM go_term"))
parents, children = {}, {}
for t in ["go_bp_parents", "go_mf_parents", "go_cc_parents"]:
    for c, p_ in src.execute(f"SELECT _id, _parent_id FROM {t} WHERE relationship_type = 'isa'"):
        parents.setdefault(c, []).append(p_)
        children.setdefault(p_, []).append(c)
src.close()
seeds = {id_of[g] for g in annotated if g in id_of}
keep, stack = set(seeds), list(seeds)
while stack:
    for p_ in parents.get(stack.pop(), []):
        if p_ not in keep:
            keep.add(p_); stack.append(p_)
placed = set(keep)
for x in seeds:
    keep.update(children.get(x, []))
con = sqlite3.connect(go_dst)
con.execute("ATTACH ? AS src", (GODB,))
con.execute("CREATE TEMP TABLE keep (_id INTEGER PRIMARY KEY)")
con.executemany("INSERT INTO keep VALUES (?)", [(k,) for k in sorted(keep)])
con.execute("CREATE TEMP TABLE placed (_id INTEGER PRIMARY KEY)")
con.executemany("INSERT INTO placed VALUES (?)", [(k,) for k in sorted(placed)])
for t in ["metadata", "map_metadata", "go_ontology"]:
    con.execute(f"INSERT INTO {t} SELECT * FROM src.{t}")
con.execute("INSERT INTO go_term SELECT * FROM src.go_term WHERE _id IN (SELECT _id FROM keep) ORDER BY _id")
con.execute("INSERT INTO go_synonym SELECT * FROM src.go_synonym WHERE _id IN (SELECT _id FROM placed) ORDER BY rowid")
for t in ["go_bp_parents", "go_mf_parents", "go_cc_parents"]:
    con.execute(f"""INSERT INTO {t} SELECT * FROM src.{t}
        WHERE _id IN (SELECT _id FROM keep) AND _parent_id IN (SELECT _id FROM keep) ORDER BY rowid""")
con.commit()
con.execute("DETACH src")
con.execute("VACUUM")
con.close()
print(len(seeds), "annotated GO terms;", len(keep), "with ancestors and children")

print(len(symbols), "symbols;", len(human_ids), "human genes")

# 7. Expression Atlas: the two differential experiments' analytics rows of
#    genes whose Ensembl id the org.Hs.eg.db subset knows, with each
#    experiment's configuration and the Atlas' contrastdetails.tsv whole.
ATLAS = f"{SHARED}/expression/expression_atlas"
os.makedirs(f"{OUT}/expression_atlas", exist_ok=True)
con = sqlite3.connect(dst)
demo_ensembl = {r[0] for r in con.execute("SELECT ensembl_id FROM ensembl")}
con.close()
for exp in ["E-GEOD-52687", "E-MTAB-8510"]:
    kept = 0
    with gzip.open(f"{ATLAS}/{exp}-analytics.tsv.gz", "rt") as src, \
            gz_write(f"{OUT}/expression_atlas/{exp}-analytics.tsv.gz") as out:
        for i, line in enumerate(src):
            if i == 0 or line.split("\t", 1)[0] in demo_ensembl:
                out.write(line)
                kept += i > 0
    shutil.copyfile(f"{ATLAS}/{exp}-configuration.xml", f"{OUT}/expression_atlas/{exp}-configuration.xml")
    print(exp, kept, "Expression Atlas genes kept")
shutil.copyfile(f"{ATLAS}/contrastdetails.tsv", f"{OUT}/expression_atlas/contrastdetails.tsv")

# 8. GEO DataSet GDS507: the header and subsets whole; of the table, the
#    probes whose IDENTIFIER is the symbol of a demo human gene. Locus
#    adjusts p-values over the genes of the file it imports, so the demo's
#    adjusted p-values are over this cut, not the whole DataSet.
demo_symbols = {s_ for _, s_ in gene_symbols_of(f"{OUT}/Homo_sapiens.gene_info.gz")}
os.makedirs(f"{OUT}/geo", exist_ok=True)
kept, in_table, header_seen = 0, False, False
with gzip.open(f"{SHARED}/expression/geo/GDS507.soft.gz", "rt") as src, \
        gz_write(f"{OUT}/geo/GDS507.demo-subset.soft.gz") as out:
    for line in src:
        if line.rstrip("\n") in ("!dataset_table_begin", "!dataset_table_end"):
            in_table = line.startswith("!dataset_table_begin")
            out.write(line)
            continue
        if not in_table:
            out.write(line)
        elif not header_seen:
            header_seen = True
            out.write(line)
        elif line.split("\t")[1] in demo_symbols:
            out.write(line)
            kept += 1
print("GDS507:", kept, "probes kept")

# 9. Diseases and phenotypes of the detail genes (the org.Hs.eg.db
#    literature set): their rows of HPO's genes_to_disease and
#    genes_to_phenotype and NCBI's mim2gene_medgen; the phenotype.hpoa
#    rows of every disease those name; the hp.obo stanzas of every HPO term
#    the cut uses, with their is_a ancestors; the doid.obo stanzas that
#    cross-reference one of the cut's diseases, with their ancestors; the
#    GAF sample's rows of demo genes; Orphanet's three-disorder excerpt
#    whole. Every kept line or stanza is verbatim.
con = sqlite3.connect(dst)
detail_ids = {r[0] for r in con.execute(
    "SELECT DISTINCT g.gene_id FROM genes g JOIN pubmed p ON p._id = g._id")}
con.close()
PH = f"{SHARED}/phenotypes"
os.makedirs(f"{OUT}/phenotypes", exist_ok=True)
diseases, hpo_terms = set(), set()
with open(f"{PH}/genes_to_disease.txt") as src, open(f"{OUT}/phenotypes/genes_to_disease.txt", "w") as out:
    for i, line in enumerate(src):
        c = line.split("\t")
        if i == 0 or c[0].replace("NCBIGene:", "") in detail_ids:
            out.write(line)
            if i:
                diseases.add(c[3])
with gzip.open(f"{PH}/genes_to_phenotype.txt.gz", "rt") as src, \
        gz_write(f"{OUT}/phenotypes/genes_to_phenotype.txt.gz") as out:
    for i, line in enumerate(src):
        c = line.rstrip("\n").split("\t")
        if i == 0 or c[0] in detail_ids:
            out.write(line)
            if i:
                hpo_terms.add(c[2])
                diseases.add(c[5])
with gzip.open(f"{PH}/phenotype.hpoa.gz", "rt") as src, \
        gz_write(f"{OUT}/phenotypes/phenotype.hpoa.gz") as out:
    for line in src:
        c = line.rstrip("\n").split("\t")
        if line.startswith("#") or c[0] == "database_id" or c[0] in diseases:
            out.write(line)
            if c[0] in diseases:
                hpo_terms.add(c[3])
                hpo_terms.update(x for x in [c[6]] + c[9].split(";") if x.startswith("HP:"))
                if c[7].startswith("HP:"):
                    hpo_terms.add(c[7])
with open(f"{SHARED}/ncbi_gene/mim2gene_medgen") as src, open(f"{OUT}/phenotypes/mim2gene_medgen", "w") as out:
    for i, line in enumerate(src):
        c = line.split("\t")
        if i == 0 or (c[2] == "phenotype" and c[1] in detail_ids):
            out.write(line)

def obo_stanzas(path):
    """(header, [(id, is_a ids, xrefs, text)]) of an OBO file, verbatim."""
    with gzip.open(path, "rt") as f:
        text = f.read()
    parts = re.split(r"\n(?=\[)", text)
    stanzas = []
    for p in parts[1:]:
        if not p.startswith("[Term]"):
            stanzas.append((None, [], [], p))
            continue
        tid = re.search(r"^id: (\S+)", p, re.M).group(1)
        parents = re.findall(r"^is_a: (\S+)", p, re.M)
        xrefs = re.findall(r"^xref: (\S+)", p, re.M)
        stanzas.append((tid, parents, xrefs, p))
    return parts[0], stanzas

def with_ancestors(stanzas, wanted):
    parents = {t: ps for t, ps, _, _ in stanzas if t}
    todo, seen = list(wanted), set()
    while todo:
        t = todo.pop()
        if t in seen or t not in parents:
            continue
        seen.add(t)
        todo.extend(parents[t])
    return seen

def write_obo(dst_path, header, stanzas, keep):
    kept = [s for t, _, _, s in stanzas if t in keep]
    with gz_write(dst_path) as out:
        out.write(header.rstrip("\n") + "\n\n" + "\n".join(k.rstrip("\n") + "\n" for k in kept))
    return len(kept)

os.makedirs(f"{OUT}/ontologies", exist_ok=True)
header, stanzas = obo_stanzas(f"{SHARED}/ontologies/hp.obo.gz")
print("hp.obo:", write_obo(f"{OUT}/ontologies/hp.demo-subset.obo.gz", header, stanzas,
                           with_ancestors(stanzas, hpo_terms)), "terms kept")
header, stanzas = obo_stanzas(f"{SHARED}/ontologies/doid.obo.gz")
as_doid_xref = {d.replace("ORPHA:", "ORDO:") for d in diseases} | diseases
doid_hits = {t for t, _, xs, _ in stanzas if t and any(x in as_doid_xref for x in xs)}
print("doid.obo:", write_obo(f"{OUT}/ontologies/doid.demo-subset.obo.gz", header, stanzas,
                             with_ancestors(stanzas, doid_hits)), "terms kept")
with gzip.open(f"{SHARED}/go/goa_human_sample.gaf.gz", "rt") as src, \
        open(f"{OUT}/phenotypes/goa_human_sample.demo-subset.gaf", "w") as out:
    for line in src:
        if line.startswith("!") or line.split("\t")[2] in demo_symbols:
            out.write(line)
shutil.copyfile(f"{PH}/orphanet_example.xml", f"{OUT}/phenotypes/orphanet_example.xml")
print(len(diseases), "diseases;", len(hpo_terms), "HPO terms in the cut")
