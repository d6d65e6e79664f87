//! The Human Phenotype Ontology's annotation files: which phenotypes a
//! disease has, and which genes are linked to diseases and phenotypes.
//! [`HpoReader`] reads all three, telling them apart by their header line,
//! since they come from one release and a user should not have to name the
//! layout:
//!
//! - `genes_to_phenotype.txt`: a gene, an HPO term, how often the term is
//!   seen, and the disease through which the gene has it; one
//!   [`Fact::GenePhenotype`] per row. The gene is a bare NCBI GeneID:
//!
//!   ```text
//!   ncbi_gene_id  gene_symbol  hpo_id      hpo_name                 frequency  disease_id
//!   16            AARS1        HP:0002460  Distal muscle weakness   15/15      OMIM:613287
//!   ```
//!
//! - `genes_to_disease.txt`: a gene associated with a disease, with the kind
//!   of association (`MENDELIAN`, `POLYGENIC`, `UNKNOWN`) and the file HPO
//!   took it from (NCBI's `mim2gene_medgen` for OMIM, Orphanet's
//!   `en_product6.xml`); one [`Fact::GeneDisease`] per row. Here the gene
//!   is written `NCBIGene:64170`:
//!
//!   ```text
//!   ncbi_gene_id    gene_symbol  association_type  disease_id   source
//!   NCBIGene:64170  CARD9        MENDELIAN         OMIM:212050  ftp://ftp.ncbi.nlm.nih.gov/gene/DATA/mim2gene_medgen
//!   ```
//!
//! - `phenotype.hpoa`: a disease (OMIM, Orphanet or DECIPHER) has, or with
//!   qualifier `NOT` explicitly lacks, a phenotype, with references,
//!   evidence code, onset, frequency, sex, modifiers, aspect and curator;
//!   one [`Fact::DiseasePhenotype`] per row. `#` lines before the header
//!   describe the release (`#version: 2025-01-16`), which becomes
//!   [`release`](crate::FactSource::release):
//!
//!   ```text
//!   #version: 2025-01-16
//!   database_id  disease_name  qualifier  hpo_id  reference  evidence  onset  frequency  sex  modifier  aspect  biocuration
//!   OMIM:619340  Developmental and epileptic encephalopathy 96    HP:0011097  PMID:31675180  PCS    1/2      P  HPO:probinson[2021-06-21]
//!   ```
//!
//!   Most diseases in it have no name anywhere else Locus reads (an OMIM
//!   number is not a term of any ontology file), so the first row of each
//!   disease also yields a [`Fact::Term`] naming it, just before that
//!   row's annotation. HPO writes some diseases under two names on
//!   different rows (80 in the 2025-01-16 release, e.g. OMIM:617635 as
//!   both `Mental retardation, autosomal dominant 47` and `Intellectual
//!   developmental disorder, autosomal dominant 47`); the term takes the
//!   first, and each annotation keeps the name its own row gives.
//!
//! The columns are checked against the published header exactly, so a
//! layout HPO changes is refused at line 1 rather than read shifted. `-` or
//! an empty cell is a missing value (`None`), never a guessed one. The
//! gene files state no release, so their `release()` is `None`.

use std::collections::HashSet;
use std::path::Path;

use locus_model::{
    DiseasePhenotype, Fact, GeneDisease, GeneId, GenePhenotype, GeneRef, Ontology, OntologyTerm,
    TaxId, TermId, TermKind,
};

use crate::records::{RecordReader, Records};
use crate::{IngestError, LineReader, Result};

/// The header of `genes_to_phenotype.txt`.
const GENES_TO_PHENOTYPE: [&str; 6] = [
    "ncbi_gene_id",
    "gene_symbol",
    "hpo_id",
    "hpo_name",
    "frequency",
    "disease_id",
];

/// The header of `genes_to_disease.txt`.
const GENES_TO_DISEASE: [&str; 5] = [
    "ncbi_gene_id",
    "gene_symbol",
    "association_type",
    "disease_id",
    "source",
];

/// The header of `phenotype.hpoa` (after its `#` lines).
const PHENOTYPE_HPOA: [&str; 12] = [
    "database_id",
    "disease_name",
    "qualifier",
    "hpo_id",
    "reference",
    "evidence",
    "onset",
    "frequency",
    "sex",
    "modifier",
    "aspect",
    "biocuration",
];

/// Streams the annotations of one HPO annotation file (see the module
/// documentation for the three layouts).
pub type HpoReader = Records<HpoRecords>;

/// Which of the three files is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    GenesToPhenotype,
    GenesToDisease,
    PhenotypeHpoa,
}

impl Layout {
    /// The layout whose header `line` is, if any.
    fn of_header(line: &str) -> Option<Layout> {
        let cells = || line.trim_end().split('\t');
        if cells().eq(GENES_TO_PHENOTYPE) {
            Some(Layout::GenesToPhenotype)
        } else if cells().eq(GENES_TO_DISEASE) {
            Some(Layout::GenesToDisease)
        } else if cells().eq(PHENOTYPE_HPOA) {
            Some(Layout::PhenotypeHpoa)
        } else {
            None
        }
    }
}

/// The three headers as an error message shows them.
fn accepted_headers() -> String {
    format!(
        "`{}` (genes_to_phenotype.txt), `{}` (genes_to_disease.txt) or `{}` (phenotype.hpoa)",
        GENES_TO_PHENOTYPE.join("<TAB>"),
        GENES_TO_DISEASE.join("<TAB>"),
        PHENOTYPE_HPOA.join("<TAB>"),
    )
}

/// The parsing state behind [`HpoReader`].
pub struct HpoRecords {
    lines: LineReader,
    layout: Layout,
    /// The `#version:` line's date (`2025-01-16`), where the file has one.
    version: Option<String>,
    /// Diseases already named by a [`Fact::Term`] (`phenotype.hpoa` only).
    named: HashSet<TermId>,
    /// The annotation of a row whose disease term went out first.
    pending: Option<Fact>,
}

impl HpoReader {
    /// Opens `path` (plain or gzip), reads the `#` lines before the header
    /// for the release, and recognises the file by its header.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let mut version = None;
        let layout = loop {
            if !lines.advance_non_blank()? {
                return Err(IngestError::file(
                    path,
                    format!(
                        "empty file: no HPO annotation header; expected {}",
                        accepted_headers()
                    ),
                ));
            }
            let line = lines.line();
            // `phenotype.hpoa` opens with `#key: value` lines. A `#` line
            // with tabs is a header of another file (mim2gene_medgen's
            // `#MIM number<TAB>GeneID…`), refused below.
            if line.starts_with('#') && !line.contains('\t') {
                if let Some(v) = line.strip_prefix("#version:") {
                    version = Some(v.trim().to_string()).filter(|v| !v.is_empty());
                }
                continue;
            }
            break Layout::of_header(line).ok_or_else(|| {
                lines.line_error(format!(
                    "not an HPO annotation file: expected the header {}",
                    accepted_headers()
                ))
            })?;
        };
        Ok(Records::new(HpoRecords {
            lines,
            layout,
            version,
            named: HashSet::new(),
            pending: None,
        }))
    }
}

impl RecordReader for HpoRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if let Some(fact) = self.pending.take() {
            return Ok(Some(fact));
        }
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let (lines, line) = (&self.lines, self.lines.line());
        Ok(Some(match self.layout {
            Layout::GenesToPhenotype => Fact::GenePhenotype(gene_phenotype(lines, line)?),
            Layout::GenesToDisease => Fact::GeneDisease(gene_disease(lines, line)?),
            Layout::PhenotypeHpoa => {
                let annotation = disease_phenotype(lines, line)?;
                // A disease without a name has nothing to name it by; a
                // later row of it that has one still may.
                if annotation.disease_name.is_empty() || !self.named.insert(annotation.disease) {
                    Fact::DiseasePhenotype(annotation)
                } else {
                    let term = disease_term(&annotation);
                    self.pending = Some(Fact::DiseasePhenotype(annotation));
                    Fact::Term(term)
                }
            }
        }))
    }

    /// `HPO annotations 2025-01-16` from `#version:`; the gene files have
    /// no such line.
    fn release(&self) -> Option<String> {
        self.version
            .as_ref()
            .map(|v| format!("HPO annotations {v}"))
    }
}

/// A cell's value, `None` for HPO's missing values (`-` or empty).
fn present(cell: &str) -> Option<&str> {
    match cell.trim() {
        "" | "-" => None,
        v => Some(v),
    }
}

/// A cell that must hold a value.
fn required<'a>(lines: &LineReader, field: &str, cell: &'a str) -> Result<&'a str> {
    present(cell).ok_or_else(|| lines.field_error(field, "empty"))
}

/// An HPO term (`HP:0001250`) in column `field`.
fn hpo_term(lines: &LineReader, field: &str, cell: &str) -> Result<TermId> {
    let id: TermId = cell
        .trim()
        .parse()
        .map_err(|e: locus_model::BadTermId| lines.field_error(field, e.to_string()))?;
    if id.ontology != Ontology::Hp {
        return Err(lines.field_error(field, format!("not an HPO term (HP:…): {cell:?}")));
    }
    Ok(id)
}

/// A disease (`OMIM:212050`, `ORPHA:558`, `DECIPHER:16`) in column `field`.
fn disease(lines: &LineReader, field: &str, cell: &str) -> Result<TermId> {
    let id: TermId = cell
        .trim()
        .parse()
        .map_err(|e: locus_model::BadTermId| lines.field_error(field, e.to_string()))?;
    if id.kind() != TermKind::Disease {
        return Err(lines.field_error(
            field,
            format!("not a disease id (OMIM:, ORPHA:, DECIPHER:, …): {cell:?}"),
        ));
    }
    Ok(id)
}

/// An NCBI GeneID, bare (`64170`) or as genes_to_disease writes it
/// (`NCBIGene:64170`), always of a human gene: HPO annotates human disease.
fn human_gene(lines: &LineReader, id: &str, symbol: &str) -> Result<GeneRef> {
    let trimmed = id.trim();
    let gene_id: GeneId = trimmed
        .strip_prefix("NCBIGene:")
        .unwrap_or(trimmed)
        .parse()
        .map_err(|_| lines.field_error("ncbi_gene_id", format!("not an NCBI GeneID: {id:?}")))?;
    let mut gene = GeneRef::gene_id(TaxId::HUMAN, gene_id);
    // The symbol too, so a GeneID the store does not know can still be
    // matched by name.
    gene.symbol = present(symbol).map(str::to_string);
    Ok(gene)
}

/// One row of `genes_to_phenotype.txt`.
fn gene_phenotype(lines: &LineReader, line: &str) -> Result<GenePhenotype> {
    let [gene_id, symbol, hpo_id, hpo_name, frequency, disease_id] = lines.tab_cells(line)?;
    Ok(GenePhenotype {
        gene: human_gene(lines, gene_id, symbol)?,
        line: lines.line_no(),
        phenotype: hpo_term(lines, "hpo_id", hpo_id)?,
        phenotype_name: hpo_name.trim().to_string(),
        frequency: present(frequency).map(str::to_string),
        disease: present(disease_id)
            .map(|d| disease(lines, "disease_id", d))
            .transpose()?,
    })
}

/// One row of `genes_to_disease.txt`.
fn gene_disease(lines: &LineReader, line: &str) -> Result<GeneDisease> {
    let [gene_id, symbol, association, disease_id, source] = lines.tab_cells(line)?;
    Ok(GeneDisease {
        gene: human_gene(lines, gene_id, symbol)?,
        line: lines.line_no(),
        disease: disease(lines, "disease_id", disease_id)?,
        disease_name: None,
        association: required(lines, "association_type", association)?.to_string(),
        status: None,
        source: present(source).map(str::to_string),
        pmids: Vec::new(),
    })
}

/// One row of `phenotype.hpoa`.
fn disease_phenotype(lines: &LineReader, line: &str) -> Result<DiseasePhenotype> {
    let [database_id, disease_name, qualifier, hpo_id, reference, evidence, onset, frequency, sex, modifier, aspect, biocuration] =
        lines.tab_cells(line)?;
    let negated = match qualifier.trim() {
        "" => false,
        "NOT" => true,
        other => {
            return Err(lines.field_error(
                "qualifier",
                format!("expected `NOT` or nothing, found {other:?}"),
            ))
        }
    };
    let modifiers = modifier
        .split(';')
        .filter(|m| !m.trim().is_empty())
        .map(|m| hpo_term(lines, "modifier", m))
        .collect::<Result<Vec<_>>>()?;
    Ok(DiseasePhenotype {
        line: lines.line_no(),
        disease: disease(lines, "database_id", database_id)?,
        disease_name: disease_name.trim().to_string(),
        negated,
        phenotype: hpo_term(lines, "hpo_id", hpo_id)?,
        references: reference
            .split(';')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect(),
        evidence: required(lines, "evidence", evidence)?.to_string(),
        onset: present(onset)
            .map(|o| hpo_term(lines, "onset", o))
            .transpose()?,
        frequency: present(frequency).map(str::to_string),
        sex: present(sex).map(str::to_string),
        modifiers,
        aspect: required(lines, "aspect", aspect)?.to_string(),
        biocuration: biocuration.trim().to_string(),
    })
}

/// The term naming an annotation's disease: only the id and name are
/// known from this file.
fn disease_term(annotation: &DiseasePhenotype) -> OntologyTerm {
    OntologyTerm {
        id: annotation.disease,
        name: annotation.disease_name.clone(),
        definition: None,
        synonyms: Vec::new(),
        parents: Vec::new(),
        xrefs: Vec::new(),
        obsolete: false,
        replaced_by: None,
        line: annotation.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    fn cut(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/hpo")
            .join(name)
    }

    fn read(path: &Path) -> Result<Vec<Fact>> {
        HpoReader::open(path)?.collect()
    }

    fn id(s: &str) -> TermId {
        s.parse().unwrap()
    }

    #[test]
    fn genes_to_phenotype_rows() {
        let mut reader = HpoReader::open(&cut("genes_to_phenotype.cut.txt")).unwrap();
        let rows: Vec<GenePhenotype> = crate::test_support::facts(reader.by_ref(), |f| match f {
            Fact::GenePhenotype(g) => Ok(g),
            other => Err(Box::new(other)),
        });
        assert_eq!(reader.release(), None);
        assert_eq!(rows.len(), 8);
        let nat2 = &rows[0];
        assert_eq!(nat2.gene.gene_ids, [GeneId(10)]);
        assert_eq!(nat2.gene.symbol.as_deref(), Some("NAT2"));
        assert_eq!(nat2.gene.tax_id, TaxId::HUMAN);
        assert_eq!(nat2.line, 2);
        assert_eq!(nat2.phenotype, id("HP:0000007"));
        assert_eq!(nat2.phenotype_name, "Autosomal recessive inheritance");
        assert_eq!(nat2.frequency, None, "`-` is no frequency");
        assert_eq!(nat2.disease, Some(id("OMIM:243400")));
        let frequencies: Vec<Option<&str>> = rows.iter().map(|r| r.frequency.as_deref()).collect();
        assert_eq!(
            frequencies,
            [
                None,
                None,
                Some("15/15"),
                Some("3/3"),
                Some("HP:0040283"),
                Some("12%"),
                Some("77.8%"),
                None
            ]
        );
        assert_eq!(rows[4].disease, Some(id("ORPHA:33364")));
        assert_eq!(rows[7].gene.symbol.as_deref(), Some("CARD9"));
        assert_eq!(rows[7].disease, Some(id("OMIM:212050")));
    }

    #[test]
    fn genes_to_disease_rows() {
        let mut reader = HpoReader::open(&cut("genes_to_disease.cut.txt")).unwrap();
        let rows: Vec<GeneDisease> = crate::test_support::facts(reader.by_ref(), |f| match f {
            Fact::GeneDisease(g) => Ok(g),
            other => Err(Box::new(other)),
        });
        assert_eq!(reader.release(), None);
        let summary: Vec<(u64, &str, TermId, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.gene.gene_ids[0].get(),
                    r.gene.symbol.as_deref().unwrap(),
                    r.disease,
                    r.association.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (64170, "CARD9", id("OMIM:212050"), "MENDELIAN"),
                (6505, "SLC1A1", id("OMIM:615232"), "POLYGENIC"),
                (3265, "HRAS", id("ORPHA:79414"), "UNKNOWN"),
                (64170, "CARD9", id("ORPHA:457088"), "UNKNOWN"),
            ]
        );
        let card9 = &rows[0];
        assert_eq!(
            card9.source.as_deref(),
            Some("ftp://ftp.ncbi.nlm.nih.gov/gene/DATA/mim2gene_medgen")
        );
        assert_eq!(
            rows[3].source.as_deref(),
            Some("http://www.orphadata.org/data/xml/en_product6.xml")
        );
        assert_eq!((card9.line, card9.status.as_deref()), (2, None));
        assert!(card9.pmids.is_empty() && card9.disease_name.is_none());
    }

    #[test]
    fn phenotype_hpoa_rows_and_disease_names() {
        let mut reader = HpoReader::open(&cut("phenotype.cut.hpoa")).unwrap();
        let facts: Vec<Fact> = reader.by_ref().map(|f| f.unwrap()).collect();
        assert_eq!(
            reader.release().as_deref(),
            Some("HPO annotations 2025-01-16")
        );
        let mut terms = Vec::new();
        let mut rows = Vec::new();
        for fact in facts {
            match fact {
                Fact::Term(t) => {
                    // The term comes just before the first row of its disease.
                    assert!(rows.iter().all(|r: &DiseasePhenotype| r.disease != t.id));
                    terms.push(t)
                }
                Fact::DiseasePhenotype(d) => rows.push(d),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(rows.len(), 11);
        let named: Vec<(String, &str, u64)> = terms
            .iter()
            .map(|t| (t.id.to_string(), t.name.as_str(), t.line))
            .collect();
        assert_eq!(
            named,
            [
                (
                    "OMIM:619340".into(),
                    "Developmental and epileptic encephalopathy 96",
                    6
                ),
                (
                    "OMIM:612567".into(),
                    "Inflammatory bowel disease 25, early onset, autosomal recessive",
                    9
                ),
                (
                    "DECIPHER:16".into(),
                    "22q11 deletion syndrome (Velocardiofacial / DiGeorge syndrome)",
                    11
                ),
                ("OMIM:194200".into(), "Wolff-Parkinson-White syndrome", 13),
                ("OMIM:191900".into(), "Muckle-Wells syndrome", 14),
                ("ORPHA:79414".into(), "Woolly hair nevus", 15),
                ("ORPHA:199310".into(), "Tetragametic chimerism syndrome", 16),
            ]
        );
        assert!(terms.iter().all(|t| t.definition.is_none()
            && t.synonyms.is_empty()
            && t.parents.is_empty()
            && t.xrefs.is_empty()
            && !t.obsolete
            && t.replaced_by.is_none()));

        let first = &rows[0];
        assert_eq!((first.line, first.disease), (6, id("OMIM:619340")));
        assert_eq!(first.phenotype, id("HP:0011097"));
        assert_eq!(first.references, ["PMID:31675180"]);
        assert_eq!(
            (first.evidence.as_str(), first.frequency.as_deref()),
            ("PCS", Some("1/2"))
        );
        assert_eq!((first.onset, first.sex.as_deref()), (None, None));
        assert!(!first.negated && first.modifiers.is_empty());
        assert_eq!(
            (first.aspect.as_str(), first.biocuration.as_str()),
            ("P", "HPO:probinson[2021-06-21]")
        );
        assert_eq!(
            (rows[2].aspect.as_str(), rows[2].frequency.as_deref()),
            ("I", None)
        );

        let ibd = &rows[3];
        assert_eq!(ibd.onset, Some(id("HP:0003593")));
        assert_eq!(ibd.sex.as_deref(), Some("FEMALE"));

        let muckle_wells = &rows[8];
        assert_eq!(muckle_wells.references, ["PMID:14872505", "PMID:27435956"]);
        assert_eq!(muckle_wells.modifiers, [id("HP:0025206"), id("HP:0025303")]);
        assert_eq!(rows[9].frequency.as_deref(), Some("HP:0040281"));

        let chimerism = &rows[10];
        assert!(chimerism.negated, "qualifier NOT");
        assert_eq!(
            (chimerism.disease, chimerism.phenotype),
            (id("ORPHA:199310"), id("HP:0001263"))
        );
        assert_eq!(rows.iter().filter(|r| r.negated).count(), 1);
    }

    #[test]
    fn bad_input_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(cut("phenotype.cut.hpoa")).unwrap();
        let path = dir.path().join("phenotype.hpoa");
        // One hand-made malformed line: a qualifier HPO does not use.
        std::fs::write(
            &path,
            text.replacen("\t\tHP:0011097", "\tMAYBE\tHP:0011097", 1),
        )
        .unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(":6: field `qualifier`: expected `NOT` or nothing, found \"MAYBE\""),
            "{e}"
        );
        std::fs::write(&path, text.replacen("\tHP:0003593\t", "\tOMIM:1\t", 1)).unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(":9: field `onset`: not an HPO term (HP:…): \"OMIM:1\""),
            "{e}"
        );

        let text = std::fs::read_to_string(cut("genes_to_disease.cut.txt")).unwrap();
        let path = dir.path().join("genes_to_disease.txt");
        std::fs::write(&path, text.replacen("NCBIGene:6505", "NCBIGene:SLC1A1", 1)).unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(":3: field `ncbi_gene_id`: not an NCBI GeneID: \"NCBIGene:SLC1A1\""),
            "{e}"
        );
        std::fs::write(&path, text.replacen("\tORPHA:79414", "\tORPHA-79414", 1)).unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(
                ":4: field `disease_id`: not a term id of HP, DOID, OMIM, ORPHA, MONDO, DECIPHER \
                 or GO: \"ORPHA-79414\""
            ),
            "{e}"
        );
    }

    #[test]
    fn other_headers_are_refused_with_the_three_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mim2gene_medgen");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/mim2gene_medgen/mim2gene_medgen.cut"),
            &path,
        )
        .unwrap();
        let e = HpoReader::open(&path).err().unwrap().to_string();
        assert!(
            e.contains(":1: not an HPO annotation file: expected the header `ncbi_gene_id<TAB>"),
            "{e}"
        );
        assert!(
            e.contains("(genes_to_phenotype.txt)")
                && e.contains("(genes_to_disease.txt)")
                && e.contains("`database_id<TAB>disease_name<TAB>qualifier<TAB>hpo_id")
                && e.contains("(phenotype.hpoa)"),
            "{e}"
        );
        std::fs::write(&path, "").unwrap();
        let e = HpoReader::open(&path).err().unwrap().to_string();
        assert!(e.contains("empty file: no HPO annotation header"), "{e}");
    }

    /// Tallies of a whole file's facts by kind.
    #[derive(Default, Debug, PartialEq)]
    struct Tally {
        terms: usize,
        gene_phenotypes: usize,
        gene_diseases: usize,
        disease_phenotypes: usize,
    }

    fn tally(path: &Path, mut each: impl FnMut(&Fact)) -> Tally {
        let mut t = Tally::default();
        for fact in HpoReader::open(path).unwrap() {
            let fact = fact.unwrap();
            match &fact {
                Fact::Term(_) => t.terms += 1,
                Fact::GenePhenotype(_) => t.gene_phenotypes += 1,
                Fact::GeneDisease(_) => t.gene_diseases += 1,
                Fact::DiseasePhenotype(_) => t.disease_phenotypes += 1,
                other => panic!("{other:?}"),
            }
            each(&fact);
        }
        t
    }

    /// Counts from
    /// `zcat genes_to_phenotype.txt.gz | awk -F'\t' 'NR>1{n++; if($5=="-") d++} $2=="CARD9"{c++; if($5!="-") f++} END{print n, d, c, f}'`
    /// (316589 56023 20 11).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_genes_to_phenotype_file() {
        let path = crate::test_support::shared_data("phenotypes/genes_to_phenotype.txt.gz");
        let (mut no_frequency, mut card9, mut card9_with_frequency) = (0, 0, 0);
        let t = tally(&path, |f| {
            let Fact::GenePhenotype(g) = f else { return };
            no_frequency += usize::from(g.frequency.is_none());
            if g.gene.gene_ids == [GeneId(64170)] {
                assert_eq!(g.gene.symbol.as_deref(), Some("CARD9"));
                assert_eq!(g.disease, Some(id("OMIM:212050")));
                card9 += 1;
                card9_with_frequency += usize::from(g.frequency.is_some());
            }
        });
        assert_eq!(
            t,
            Tally {
                gene_phenotypes: 316_589,
                ..Tally::default()
            }
        );
        assert_eq!(
            (no_frequency, card9, card9_with_frequency),
            (56_023, 20, 11)
        );
    }

    /// Counts from
    /// `awk -F'\t' 'NR>1{n++; t[$3]++} $2=="CARD9"{print $3, $4} END{print n, t["MENDELIAN"], t["POLYGENIC"], t["UNKNOWN"]}' genes_to_disease.txt`
    /// (15708 6891 601 8216; CARD9: MENDELIAN OMIM:212050, UNKNOWN ORPHA:457088).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_genes_to_disease_file() {
        let path = crate::test_support::shared_data("phenotypes/genes_to_disease.txt");
        let mut kinds = std::collections::BTreeMap::new();
        let mut card9 = Vec::new();
        let t = tally(&path, |f| {
            let Fact::GeneDisease(g) = f else { return };
            *kinds.entry(g.association.clone()).or_insert(0) += 1;
            if g.gene.gene_ids == [GeneId(64170)] {
                card9.push((g.association.clone(), g.disease.to_string()));
            }
        });
        assert_eq!(
            t,
            Tally {
                gene_diseases: 15_708,
                ..Tally::default()
            }
        );
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            [
                ("MENDELIAN".to_string(), 6_891),
                ("POLYGENIC".to_string(), 601),
                ("UNKNOWN".to_string(), 8_216)
            ]
        );
        assert_eq!(
            card9,
            [
                ("MENDELIAN".to_string(), "OMIM:212050".to_string()),
                ("UNKNOWN".to_string(), "ORPHA:457088".to_string())
            ]
        );
    }

    /// Counts from
    /// `zcat phenotype.hpoa.gz | awk -F'\t' '/^#/{next} !h{h=1; next} {n++; if(!($1 in d)){d[$1]; nd++} if($3=="NOT") no++; if($7!="") on++; if($9!="") sx++; if($10!="") m+=split($10,a,";"); r+=split($5,b,";")} $1=="OMIM:212050"{c++} END{print n, nd, no, on, sx, m, r, c}'`
    /// (271702 rows, 12687 diseases, 711 NOT, 3043 with onset, 639 with
    /// sex, 1047 modifiers, 283758 references, 20 rows of OMIM:212050).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn the_whole_phenotype_hpoa_file() {
        let path = crate::test_support::shared_data("phenotypes/phenotype.hpoa.gz");
        let (mut not, mut onset, mut sex, mut modifiers, mut references, mut card9_disease) =
            (0, 0, 0, 0, 0, 0);
        let mut name = None;
        let t = tally(&path, |f| match f {
            Fact::DiseasePhenotype(d) => {
                not += usize::from(d.negated);
                onset += usize::from(d.onset.is_some());
                sex += usize::from(d.sex.is_some());
                modifiers += d.modifiers.len();
                references += d.references.len();
                card9_disease += usize::from(d.disease == id("OMIM:212050"));
            }
            Fact::Term(t) if t.id == id("OMIM:212050") => name = Some(t.name.clone()),
            _ => {}
        });
        assert_eq!(
            t,
            Tally {
                terms: 12_687,
                disease_phenotypes: 271_702,
                ..Tally::default()
            }
        );
        assert_eq!(
            (not, onset, sex, modifiers, references, card9_disease),
            (711, 3_043, 639, 1_047, 283_758, 20)
        );
        assert_eq!(
            name.as_deref(),
            Some("Candidiasis, familial chronic mucocutaneous, autosomal recessive")
        );
    }
}
