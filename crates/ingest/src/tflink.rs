//! TFLink v1.0 `simpleFormat` (`tflink.net`, e.g.
//! `TFLink_Homo_sapiens_interactions_All_simpleFormat_v1.0.tsv.gz`): one
//! transcription factor → target row per line. [`TflinkReader`] imports it
//! into the regulation evidence.
//!
//! Fifteen tab-separated columns under a header line:
//!
//! | column | content |
//! | --- | --- |
//! | `UniprotID.TF`, `UniprotID.Target` | UniProtKB accessions (`Q9H9S0`) |
//! | `NCBI.GeneID.TF`, `NCBI.GeneID.Target` | GeneID, `-`/`NA` when TFLink has none, or several (`100271849,4207`) |
//! | `Name.TF`, `Name.Target` | gene symbol, `-` when none |
//! | `Detection.method` | `;`-separated (`chromatin immunoprecipitation assay;inferred by curator`) |
//! | `PubmedID` | `;`-separated PubMed ids |
//! | `Organism` | scientific name (`Homo sapiens`) |
//! | `Source.database` | `;`-separated (`GTRD;ReMap;TRRUST`) |
//! | `Small-scale.evidence` | `Yes` / `No` |
//! | `TF.TFLink.ortho` … `Target.nonTFLink.ortho` | orthologs (`Mm:O54908;Rn:D3Z9J1`), ignored |
//!
//! Each row becomes one [`Fact::Regulation`]: TFLink has already merged its
//! sources into one row per pair, and the store keeps every row as evidence.
//! `mode` and `weight` stay `None` because TFLink states no sign.
//!
//! The four ortholog columns are ignored: they name proteins of other
//! species by UniProt accession only, and Locus takes orthology from
//! Ensembl BioMart (`orthologs`), which names genes; reading them here would
//! add a second, unresolvable source of orthology.
//!
//! Quirks seen in the real file (`tflink_homo_sapiens_interactions.tsv.gz`,
//! 49 rows): an empty GeneID is written `-` there (`PTF1A → CEL`, line 16),
//! while TFLink's per-protein downloads write `NA`; both mean "none". The
//! per-protein files also hold two GeneIDs in one cell (`100271849,4207`
//! for MEF2B, a readthrough locus and the gene), so a GeneID cell is always
//! read as a list, split on `,` or `;`. The UniProt accession is required:
//! TFLink is built on UniProt, every row of every file seen has one, and a
//! row without it would name its gene only by symbol.
//!
//! The helpers for the cells TFLink writes the same way in all its files
//! (organism, `Yes`/`No`, GeneID and PubMed lists) live here and are shared
//! with [`crate::tflink_protein`], so both read them alike.

use std::path::Path;

// The header TFLink writes in `simpleFormat`, in order.
use locus_model::tflink::SIMPLE_FORMAT_COLUMNS as HEADER;
use locus_model::{Fact, GeneId, GeneRef, Pmid, RegulationEvidence, TaxId};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// The organisms TFLink v1.0 publishes, by NCBI taxonomy id. Their names
/// come from [`TaxId::scientific_name`], so the forward and reverse mappings
/// cannot drift apart. Yeast is 559292 (S288C), the strain TFLink's UniProt
/// entries belong to.
const TFLINK_TAXA: [TaxId; 7] = [
    TaxId::HUMAN,
    TaxId::MOUSE,
    TaxId(10116),
    TaxId(7955),
    TaxId(7227),
    TaxId(6239),
    TaxId(559292),
];

/// Streams a TFLink `simpleFormat` file, one [`Fact::Regulation`] per row.
pub type TflinkReader = Records<TflinkRecords>;

/// The parsing state behind [`TflinkReader`].
pub struct TflinkRecords {
    lines: LineReader,
}

impl TflinkReader {
    /// Opens `path` (plain or gzip) and checks the header, so a per-protein
    /// download or another format is refused before anything is imported.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header(
            "empty file: not a TFLink simpleFormat file (no `UniprotID.TF<TAB>UniprotID.Target…` header)",
        )?;
        if !header.split('\t').map(str::trim).eq(HEADER) {
            let hint = if header.starts_with("UniprotID.TF\tNCBI.GeneID.TF")
                || header.starts_with("UniprotID.Target\t")
                || header.starts_with("TFLinkID\t")
            {
                " (this looks like a TFLink per-protein download: import it as `tflink-protein`)"
            } else {
                ""
            };
            return Err(lines.line_error(format!(
                "not a TFLink simpleFormat file: expected the 15-column header `{}`{hint}",
                HEADER.join("<TAB>")
            )));
        }
        Ok(Records::new(TflinkRecords { lines }))
    }
}

/// TFLink files state no release, so `release` keeps its default.
impl RecordReader for TflinkRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let row = parse_row(&self.lines, self.lines.line())?;
        Ok(Some(Fact::Regulation(row)))
    }
}

fn parse_row(lines: &LineReader, line: &str) -> Result<RegulationEvidence> {
    // The last four cells are TFLink's ortholog lists, ignored (see above).
    let [tf_uniprot, target_uniprot, tf_gene_ids, target_gene_ids, tf_name, target_name, methods, pmids, organism, databases, small_scale, ..] =
        lines.tab_cells::<15>(line)?;
    let tax_id = parse_organism(lines, "Organism", organism)?;
    Ok(RegulationEvidence {
        tf: GeneRef {
            tax_id,
            gene_ids: parse_gene_ids(lines, "NCBI.GeneID.TF", tf_gene_ids)?,
            uniprot: Some(required(lines, "UniprotID.TF", tf_uniprot)?),
            ensembl: None,
            symbol: optional(tf_name),
            complex: false,
        },
        target: GeneRef {
            tax_id,
            gene_ids: parse_gene_ids(lines, "NCBI.GeneID.Target", target_gene_ids)?,
            uniprot: Some(required(lines, "UniprotID.Target", target_uniprot)?),
            ensembl: None,
            symbol: optional(target_name),
            complex: false,
        },
        databases: split_list(databases, ';'),
        methods: split_list(methods, ';'),
        pmids: parse_pmids(lines, "PubmedID", pmids)?,
        mode: None,
        weight: None,
        small_scale: Some(parse_yes_no(lines, "Small-scale.evidence", small_scale)?),
        line: lines.line_no(),
    })
}

/// Whether a cell is one of TFLink's ways of writing "no value": `-`
/// (names, orthologs, GeneIDs in `simpleFormat`), `NA` (GeneIDs in the
/// per-protein downloads) or nothing.
fn is_absent(cell: &str) -> bool {
    matches!(cell.trim(), "" | "-" | "NA")
}

/// A cell's value, or `None` when TFLink writes it as absent.
pub(crate) fn optional(cell: &str) -> Option<String> {
    (!is_absent(cell)).then(|| cell.trim().to_string())
}

/// A cell that must hold a value (the UniProt accessions, which key TFLink).
pub(crate) fn required(lines: &LineReader, field: &str, cell: &str) -> Result<String> {
    optional(cell).ok_or_else(|| lines.field_error(field, format!("empty value {cell:?}")))
}

/// The items of a list cell (`GTRD;ReMap;TRRUST` with `sep` `;`), trimmed,
/// without empty items; an absent cell is an empty list.
///
/// The separator is the file's own (`;` in `simpleFormat`, `,` in the
/// per-protein downloads) rather than both, since a method name could hold
/// the other character.
pub(crate) fn split_list(cell: &str, sep: char) -> Vec<String> {
    if is_absent(cell) {
        return Vec::new();
    }
    cell.split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The NCBI taxonomy id of an organism as TFLink names it (`Homo sapiens`).
pub(crate) fn tax_id_of_organism(name: &str) -> Option<TaxId> {
    TFLINK_TAXA
        .into_iter()
        .find(|&t| t.scientific_name() == Some(name))
}

/// The `Organism` cell as a taxonomy id; an organism TFLink does not
/// publish is an error rather than a guess, since every gene of the row is
/// resolved within it.
pub(crate) fn parse_organism(lines: &LineReader, field: &str, cell: &str) -> Result<TaxId> {
    tax_id_of_organism(cell.trim()).ok_or_else(|| {
        let known: Vec<&str> = TFLINK_TAXA
            .iter()
            .filter_map(|&t| t.scientific_name())
            .collect();
        lines.field_error(
            field,
            format!(
                "unknown organism {cell:?} (TFLink publishes {})",
                known.join(", ")
            ),
        )
    })
}

/// TFLink's `Small-scale.evidence` flag, written exactly `Yes` or `No`.
pub(crate) fn parse_yes_no(lines: &LineReader, field: &str, cell: &str) -> Result<bool> {
    match cell.trim() {
        "Yes" => Ok(true),
        "No" => Ok(false),
        other => Err(lines.field_error(field, format!("expected `Yes` or `No`, found {other:?}"))),
    }
}

/// A GeneID cell: absent (`NA`, `-`), one id, or several split on `,` or
/// `;` (TFLink writes both a readthrough locus and the gene, `100271849,4207`;
/// the store keeps whichever it holds).
pub(crate) fn parse_gene_ids(lines: &LineReader, field: &str, cell: &str) -> Result<Vec<GeneId>> {
    if is_absent(cell) {
        return Ok(Vec::new());
    }
    cell.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|id| match id.parse::<GeneId>() {
            Ok(g) if g > GeneId(0) => Ok(g),
            _ => Err(lines.field_error(field, format!("not an NCBI GeneID: {id:?}"))),
        })
        .collect()
}

/// A PubmedID cell in any of the forms TFLink writes:
///
/// - a plain list split on `;` or `,` (`19148141;29087512` in
///   `simpleFormat`, `29087512,20068156` in `targets_of_…` downloads);
/// - a PubMed search URL (`https://www.ncbi.nlm.nih.gov/pubmed/?term=22470139%5Buid%5D+OR+29087512%5Buid%5D`
///   in `tfs_of_…` downloads), whose `term` is the ids joined by `+OR+`,
///   each tagged `[uid]` (URL-encoded `%5Buid%5D`).
///
/// An absent cell is an empty list. Ids are kept in the file's order.
pub(crate) fn parse_pmids(lines: &LineReader, field: &str, cell: &str) -> Result<Vec<Pmid>> {
    let cell = cell.trim();
    if is_absent(cell) {
        return Ok(Vec::new());
    }
    let pmid = |item: &str| -> Result<Pmid> {
        match item.parse::<Pmid>() {
            Ok(p) if p > Pmid(0) => Ok(p),
            _ => Err(lines.field_error(field, format!("not a PubMed id: {item:?}"))),
        }
    };
    if cell.starts_with("http://") || cell.starts_with("https://") {
        let term = cell
            .split_once("?term=")
            .map(|(_, q)| q.split('&').next().unwrap_or(q))
            .ok_or_else(|| {
                lines.field_error(field, format!("a URL without a `?term=` query: {cell:?}"))
            })?;
        term.split("+OR+")
            .map(|t| {
                let t = t.trim();
                let id = strip_suffix_ignore_case(t, "%5Buid%5D")
                    .or_else(|| t.strip_suffix("[uid]"))
                    .unwrap_or(t);
                pmid(id)
            })
            .collect()
    } else {
        cell.split([';', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(pmid)
            .collect()
    }
}

/// `s` without `suffix`, compared ASCII-case-insensitively (URL escapes
/// may be written `%5b` as well as `%5B`).
fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let (head, tail) = (s.get(..cut)?, s.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;
    use std::path::PathBuf;

    /// Header and rows 2–11 and 16 of the real `simpleFormat` sample (see
    /// `tests/data/tflink/README.md`).
    fn fixture() -> PathBuf {
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/tflink/tflink_homo_sapiens_interactions.tsv"
        ))
    }

    fn regulations(r: TflinkReader) -> Vec<RegulationEvidence> {
        crate::test_support::regulations(r)
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_real_rows() {
        let r = TflinkReader::open(&fixture()).unwrap();
        assert_eq!(r.release(), None);
        let rows = regulations(r);
        assert_eq!(rows.len(), 11);
        let first = &rows[0];
        assert_eq!(
            first.tf,
            GeneRef {
                tax_id: TaxId::HUMAN,
                gene_ids: vec![GeneId(79923)],
                uniprot: Some("Q9H9S0".into()),
                ensembl: None,
                symbol: Some("NANOG".into()),
                complex: false,
            }
        );
        assert_eq!(first.target.gene_ids, [GeneId(22943)]);
        assert_eq!(first.target.uniprot.as_deref(), Some("O94907"));
        assert_eq!(first.target.symbol.as_deref(), Some("DKK1"));
        assert_eq!(first.databases, strings(&["GTRD", "ReMap", "TRRUST"]));
        assert_eq!(
            first.methods,
            strings(&["chromatin immunoprecipitation assay", "inferred by curator"])
        );
        assert_eq!(
            first.pmids,
            [19148141, 29087512, 29126285, 27924024].map(Pmid)
        );
        assert_eq!(first.small_scale, Some(true));
        assert_eq!((first.mode, first.weight), (None, None));
        assert_eq!(first.line, 2);

        // The fixture's last row is line 16 of the original file: the
        // target's GeneID is written `-`.
        let cel = rows.last().unwrap();
        assert_eq!(cel.line, 12);
        assert_eq!(cel.tf.symbol.as_deref(), Some("PTF1A"));
        assert_eq!(cel.tf.gene_ids, [GeneId(256297)]);
        assert!(cel.target.gene_ids.is_empty());
        assert_eq!(cel.target.uniprot.as_deref(), Some("P19835"));
        assert_eq!(cel.pmids, [11023822, 29087512].map(Pmid));
    }

    /// The whole real sample: 49 rows, all human, all small-scale.
    /// Measured with `zcat … | tail -n +2 | wc -l` (49), `cut -f9 | sort -u`
    /// (only `Homo sapiens`), `cut -f11 | sort | uniq -c` (49 `Yes`),
    /// `awk -F'\t' 'NR>1{n+=split($8,a,";")} END{print n}'` (162 PubMed ids)
    /// and the same on column 10 (112 database names); the only `-` GeneID
    /// is the target of line 16.
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_real_sample() {
        let p = crate::test_support::shared_data(
            "regulation/tflink/tflink_homo_sapiens_interactions.tsv.gz",
        );
        let rows = regulations(TflinkReader::open(&p).unwrap());
        assert_eq!(rows.len(), 49);
        assert!(rows
            .iter()
            .all(|r| r.tf.tax_id == TaxId::HUMAN && r.target.tax_id == TaxId::HUMAN));
        assert!(rows.iter().all(|r| r.small_scale == Some(true)));
        assert_eq!(rows.iter().map(|r| r.pmids.len()).sum::<usize>(), 162);
        assert_eq!(rows.iter().map(|r| r.databases.len()).sum::<usize>(), 112);
        let no_gene: Vec<u64> = rows
            .iter()
            .filter(|r| r.tf.gene_ids.is_empty() || r.target.gene_ids.is_empty())
            .map(|r| r.line)
            .collect();
        assert_eq!(no_gene, [16]);
        assert_eq!(rows.last().unwrap().line, 50);
    }

    fn with_extra_line(dir: &tempfile::TempDir, extra: &str) -> PathBuf {
        let mut text = std::fs::read_to_string(fixture()).unwrap();
        text.push_str(extra);
        text.push('\n');
        let p = dir.path().join("tflink.tsv");
        std::fs::write(&p, text).unwrap();
        p
    }

    /// The error of the hand-made line appended after the 11 fixture rows
    /// (so on line 13).
    fn error_of_extra_line(extra: &str) -> (String, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = with_extra_line(&dir, extra);
        let mut r = TflinkReader::open(&p).unwrap();
        assert_eq!(r.by_ref().take(11).filter(|f| f.is_ok()).count(), 11);
        let err = r.next().unwrap().unwrap_err().to_string();
        assert!(r.next().is_none(), "iterator ends after an error");
        (err, p)
    }

    /// Line 2 of the real file, for editing into malformed lines.
    const NANOG_DKK1: [&str; 15] = [
        "Q9H9S0",
        "O94907",
        "79923",
        "22943",
        "NANOG",
        "DKK1",
        "chromatin immunoprecipitation assay;inferred by curator",
        "19148141;29087512;29126285;27924024",
        "Homo sapiens",
        "GTRD;ReMap;TRRUST",
        "Yes",
        "-",
        "-",
        "Dr:Q9PWH3;Dr:F1RBK0;Mm:O54908",
        "Rn:D3Z9J1",
    ];

    fn edited(col: usize, value: &str) -> String {
        let mut cells = NANOG_DKK1;
        cells[col] = value;
        cells.join("\t")
    }

    #[test]
    fn malformed_rows_name_file_line_and_field() {
        let cases = [
            (
                edited(2, "NANOG"),
                "field `NCBI.GeneID.TF`: not an NCBI GeneID: \"NANOG\"",
            ),
            (
                edited(3, "22943;x"),
                "field `NCBI.GeneID.Target`: not an NCBI GeneID: \"x\"",
            ),
            (
                edited(7, "19148141;PMID29087512"),
                "field `PubmedID`: not a PubMed id: \"PMID29087512\"",
            ),
            (
                edited(8, "Homo sapiens sapiens"),
                "field `Organism`: unknown organism \"Homo sapiens sapiens\"",
            ),
            (
                edited(10, "yes"),
                "field `Small-scale.evidence`: expected `Yes` or `No`, found \"yes\"",
            ),
            (edited(0, "-"), "field `UniprotID.TF`: empty value \"-\""),
            (
                NANOG_DKK1[..14].join("\t"),
                "expected 15 tab-separated columns, found 14",
            ),
        ];
        for (line, expected) in cases {
            let (err, p) = error_of_extra_line(&line);
            let expected = format!("{}:13: {expected}", p.display());
            assert!(err.starts_with(&expected), "{err}\nexpected: {expected}");
        }
    }

    #[test]
    fn refuses_other_formats() {
        let dir = tempfile::tempdir().unwrap();
        // A per-protein download (the first line of tfs_of_Q07812.tsv).
        let p = dir.path().join("tfs_of_Q07812.tsv");
        std::fs::write(&p, "UniprotID.TF\tNCBI.GeneID.TF\tName.TF\tDetection.method\tPubmedID\tOrganism\tSource.database\tSmall-scale.evidence\n").unwrap();
        let err = TflinkReader::open(&p).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!(
                "{}:1: not a TFLink simpleFormat file",
                p.display()
            )),
            "{err}"
        );
        assert!(err.contains("import it as `tflink-protein`"), "{err}");
        let p = dir.path().join("empty.tsv");
        std::fs::write(&p, "\n").unwrap();
        let err = TflinkReader::open(&p).err().unwrap().to_string();
        assert!(err.contains("empty file"), "{err}");
    }

    #[test]
    fn organism_names_round_trip() {
        for t in TFLINK_TAXA {
            let name = t.scientific_name().unwrap();
            assert_eq!(tax_id_of_organism(name), Some(t), "{name}");
        }
        assert_eq!(tax_id_of_organism("Mus musculus"), Some(TaxId::MOUSE));
        assert_eq!(
            tax_id_of_organism("Saccharomyces cerevisiae"),
            Some(TaxId(559292))
        );
        assert_eq!(tax_id_of_organism("homo sapiens"), None);
    }

    #[test]
    fn pmid_cells_in_every_form() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        std::fs::write(&p, "x\n").unwrap();
        let mut lines = LineReader::open(&p).unwrap();
        lines.advance().unwrap();
        let f = |cell: &str| parse_pmids(&lines, "PubmedID", cell);
        assert_eq!(
            f("https://www.ncbi.nlm.nih.gov/pubmed/?term=22470139%5Buid%5D+OR+29087512%5Buid%5D")
                .unwrap(),
            [22470139, 29087512].map(Pmid)
        );
        assert_eq!(
            f("https://www.ncbi.nlm.nih.gov/pubmed/?term=27924024%5buid%5d").unwrap(),
            [Pmid(27924024)]
        );
        assert_eq!(
            f("29087512,20068156,27924024").unwrap(),
            [29087512, 20068156, 27924024].map(Pmid)
        );
        assert_eq!(
            f("11023822;29087512").unwrap(),
            [11023822, 29087512].map(Pmid)
        );
        assert!(f("-").unwrap().is_empty());
        let err = f("https://www.ncbi.nlm.nih.gov/pubmed/?term=BACH2%5Buid%5D").unwrap_err();
        assert!(
            err.to_string()
                .contains("x:1: field `PubmedID`: not a PubMed id: \"BACH2\""),
            "{err}"
        );
        let err = f("https://www.ncbi.nlm.nih.gov/pubmed/").unwrap_err();
        assert!(
            err.to_string().contains("without a `?term=` query"),
            "{err}"
        );
        assert!(f("0").is_err());
        assert_eq!(
            parse_gene_ids(&lines, "NCBI.GeneID.TF", "100271849,4207").unwrap(),
            [100271849, 4207].map(GeneId)
        );
        assert!(parse_gene_ids(&lines, "NCBI.GeneID.TF", "NA")
            .unwrap()
            .is_empty());
    }
}
