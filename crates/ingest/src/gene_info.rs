//! NCBI Gene `gene_info` files (`Homo_sapiens.gene_info.gz`, `All_Data.gene_info.gz`, …).
//! [`GeneInfoReader`] imports them, one [`Fact::Gene`] per line.
//!
//! One gene per line, 16 tab-separated columns under a `#tax_id` header:
//!
//! ```text
//! #tax_id GeneID Symbol LocusTag Synonyms dbXrefs chromosome map_location description
//! type_of_gene Symbol_from_nomenclature_authority Full_name_from_nomenclature_authority
//! Nomenclature_status Other_designations Modification_date Feature_type
//! ```
//!
//! NCBI writes `-` for an empty cell and joins list cells with `|`. This is
//! the primary gene record of Locus, so the reader is strict: a line that
//! does not have exactly 16 columns, or whose ids or date do not parse, is an
//! error naming the line and column rather than a silently dropped gene.
//!
//! The file states no release; each row carries its own `Modification_date`,
//! so the newest one seen stands in for the release once the file is read.

use std::path::Path;

use locus_model::{DbXref, Fact, GeneId, GeneRecord, TaxId};

use crate::records::{RecordReader, Records};
use crate::{LineReader, Result};

/// Columns of `gene_info` as NCBI has published it since `Feature_type` was added.
const COLUMNS: usize = 16;

/// Streams the genes of a `gene_info` file, one [`Fact::Gene`] per line.
pub type GeneInfoReader = Records<GeneInfoRecords>;

/// The parsing state behind [`GeneInfoReader`].
pub struct GeneInfoRecords {
    lines: LineReader,
    /// Newest `Modification_date` seen so far, ISO formatted (so it orders as text).
    newest: Option<String>,
}

impl GeneInfoReader {
    /// Opens `path` (plain or gzip) and checks the `#tax_id` header, so a
    /// wrong file is refused before anything is imported.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header("empty file: not a gene_info file (no `#tax_id` header)")?;
        if !header.starts_with("#tax_id") {
            return Err(lines
                .line_error("not a gene_info file: the first line must be the `#tax_id` header"));
        }
        Ok(Records::new(GeneInfoRecords {
            lines,
            newest: None,
        }))
    }
}

impl RecordReader for GeneInfoRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        // Blank lines are passed over (a trailing one is not a gene), which
        // keeps hand-cut subsets importable.
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let gene = parse_gene(&self.lines, self.lines.line())?;
        if let Some(date) = &gene.modification_date {
            if self.newest.as_deref().is_none_or(|n| date.as_str() > n) {
                self.newest = Some(date.clone());
            }
        }
        Ok(Some(Fact::Gene(gene)))
    }

    /// The newest `Modification_date` of the rows read so far; complete only
    /// after the iterator is drained, `None` before the first dated record.
    fn release(&self) -> Option<String> {
        self.newest
            .as_ref()
            .map(|d| format!("NCBI Gene, records modified up to {d}"))
    }
}

/// Parses one data line; `lines` supplies file and line number for errors.
fn parse_gene(lines: &LineReader, line: &str) -> Result<GeneRecord> {
    // In NCBI's column order.
    #[rustfmt::skip]
    let [
        tax_id, gene_id, symbol, locus_tag, synonyms, db_xrefs, chromosome, map_location,
        description, gene_type, nom_symbol, nom_name, nom_status, other_designations, mod_date,
        _feature_type,
    ] = lines.tab_cells::<COLUMNS>(line)?;

    let tax_id: TaxId = tax_id
        .parse()
        .map_err(|_| lines.field_error("tax_id", format!("not a taxonomy id: {tax_id:?}")))?;
    let gene_id: GeneId = gene_id
        .parse()
        .map_err(|_| lines.field_error("GeneID", format!("not an integer: {gene_id:?}")))?;
    let symbol = cell(symbol)
        .ok_or_else(|| lines.field_error("Symbol", "missing gene symbol"))?
        .to_string();

    Ok(GeneRecord {
        gene_id,
        tax_id,
        symbol,
        locus_tag: owned(locus_tag),
        synonyms: list(synonyms),
        db_xrefs: parse_xrefs(lines, db_xrefs)?,
        chromosome: owned(chromosome),
        map_location: owned(map_location),
        description: owned(description),
        gene_type: owned(gene_type),
        nomenclature_symbol: owned(nom_symbol),
        nomenclature_name: owned(nom_name),
        nomenclature_status: owned(nom_status),
        other_designations: list(other_designations),
        modification_date: parse_date(lines, mod_date)?,
    })
}

/// A cell's value, or `None` for NCBI's empty markers (`-` or nothing).
fn cell(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && s != "-").then_some(s)
}

fn owned(s: &str) -> Option<String> {
    cell(s).map(str::to_string)
}

/// A `|`-separated list cell; `-` is the empty list.
fn list(s: &str) -> Vec<String> {
    match cell(s) {
        None => Vec::new(),
        Some(s) => s
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "-")
            .map(str::to_string)
            .collect(),
    }
}

/// `dbXrefs`: `|`-separated `DB:ID`. Only the first colon separates, because
/// the id may itself contain one (`HGNC:HGNC:935` is db `HGNC`, id `HGNC:935`).
fn parse_xrefs(lines: &LineReader, s: &str) -> Result<Vec<DbXref>> {
    let Some(s) = cell(s) else {
        return Ok(Vec::new());
    };
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| match x.split_once(':') {
            Some((db, id)) if !db.trim().is_empty() && !id.trim().is_empty() => Ok(DbXref {
                db: db.trim().to_string(),
                id: id.trim().to_string(),
            }),
            _ => Err(lines.field_error(
                "dbXrefs",
                format!("cross-reference {x:?} is not of the form DB:ID"),
            )),
        })
        .collect()
}

/// `Modification_date` is `YYYYMMDD`; stored as ISO `YYYY-MM-DD` so dates
/// compare as text and read as dates. Anything else is an error rather than
/// a date Locus would show wrongly.
fn parse_date(lines: &LineReader, s: &str) -> Result<Option<String>> {
    let Some(s) = cell(s) else {
        return Ok(None);
    };
    let bad = || {
        lines.field_error(
            "Modification_date",
            format!("expected a date as 8 digits YYYYMMDD, found {s:?}"),
        )
    };
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (year, rest) = s.split_at(4);
    let (month, day) = rest.split_at(2);
    let m: u8 = month.parse().map_err(|_| bad())?;
    let d: u8 = day.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok(Some(format!("{year}-{month}-{day}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// Header and three rows copied unchanged from NCBI's
    /// `Homo_sapiens.gene_info.gz` (/work/shared/data/ncbi_gene, mod. dates to 2021-07-11).
    const HUMAN_ROWS: &str = "#tax_id\tGeneID\tSymbol\tLocusTag\tSynonyms\tdbXrefs\tchromosome\tmap_location\tdescription\ttype_of_gene\tSymbol_from_nomenclature_authority\tFull_name_from_nomenclature_authority\tNomenclature_status\tOther_designations\tModification_date\tFeature_type
9606\t1\tA1BG\t-\tA1B|ABG|GAB|HYST2477\tMIM:138670|HGNC:HGNC:5|Ensembl:ENSG00000121410\t19\t19q13.43\talpha-1-B glycoprotein\tprotein-coding\tA1BG\talpha-1-B glycoprotein\tO\talpha-1B-glycoprotein|HEL-S-163pA|epididymis secretory sperm binding protein Li 163pA\t20210708\t-
9606\t2\tA2M\t-\tA2MD|CPAMD5|FWP007|S863-7\tMIM:103950|HGNC:HGNC:7|Ensembl:ENSG00000175899\t12\t12p13.31\talpha-2-macroglobulin\tprotein-coding\tA2M\talpha-2-macroglobulin\tO\talpha-2-macroglobulin|C3 and PZP-like alpha-2-macroglobulin domain-containing protein 5|alpha-2-M\t20210711\t-
9606\t571\tBACH1\t-\tBACH-1|BTBD24\tMIM:602751|HGNC:HGNC:935|Ensembl:ENSG00000156273\t21\t21q21.3\tBTB domain and CNC homolog 1\tprotein-coding\tBACH1\tBTB domain and CNC homolog 1\tO\ttranscription regulator protein BACH1|BTB and CNC homology 1, basic leucine zipper transcription factor 1|basic region leucine zipper transcriptional regulator BACH1\t20210708\t-
";

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn genes(reader: &mut GeneInfoReader) -> Vec<GeneRecord> {
        reader
            .map(|f| match f.unwrap() {
                Fact::Gene(g) => g,
                other => panic!("unexpected fact {other:?}"),
            })
            .collect()
    }

    fn bach1_expected() -> GeneRecord {
        GeneRecord {
            gene_id: GeneId(571),
            tax_id: TaxId::HUMAN,
            symbol: "BACH1".into(),
            locus_tag: None,
            synonyms: vec!["BACH-1".into(), "BTBD24".into()],
            db_xrefs: vec![
                DbXref {
                    db: "MIM".into(),
                    id: "602751".into(),
                },
                DbXref {
                    db: "HGNC".into(),
                    id: "HGNC:935".into(),
                },
                DbXref {
                    db: "Ensembl".into(),
                    id: "ENSG00000156273".into(),
                },
            ],
            chromosome: Some("21".into()),
            map_location: Some("21q21.3".into()),
            description: Some("BTB domain and CNC homolog 1".into()),
            gene_type: Some("protein-coding".into()),
            nomenclature_symbol: Some("BACH1".into()),
            nomenclature_name: Some("BTB domain and CNC homolog 1".into()),
            nomenclature_status: Some("O".into()),
            other_designations: vec![
                "transcription regulator protein BACH1".into(),
                "BTB and CNC homology 1, basic leucine zipper transcription factor 1".into(),
                "basic region leucine zipper transcriptional regulator BACH1".into(),
            ],
            modification_date: Some("2021-07-08".into()),
        }
    }

    #[test]
    fn parses_real_rows_fixture() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "Homo_sapiens.gene_info", HUMAN_ROWS);
        let mut r = GeneInfoReader::open(&p).unwrap();
        assert_eq!(r.release(), None, "no release before any record");
        let first = match r.next().unwrap().unwrap() {
            Fact::Gene(g) => g,
            other => panic!("{other:?}"),
        };
        assert_eq!(first.symbol, "A1BG");
        assert_eq!(first.locus_tag, None);
        assert_eq!(first.synonyms, ["A1B", "ABG", "GAB", "HYST2477"]);
        let rest = genes(&mut r);
        assert_eq!(rest.len(), 2);
        assert_eq!(rest[1], bach1_expected());
        assert_eq!(
            r.release().as_deref(),
            Some("NCBI Gene, records modified up to 2021-07-11")
        );
        assert!(r.next().is_none());
    }

    #[test]
    fn rejects_file_without_header() {
        let dir = tempfile::tempdir().unwrap();
        // The data rows without their header line.
        let body = HUMAN_ROWS.split_once('\n').unwrap().1;
        let p = write(&dir, "noheader.tsv", &format!("\n{body}"));
        let err = GeneInfoReader::open(&p).err().unwrap().to_string();
        assert_eq!(
            err,
            format!(
                "{}:2: not a gene_info file: the first line must be the `#tax_id` header",
                p.display()
            )
        );
        let empty = write(&dir, "empty.tsv", "");
        let err = GeneInfoReader::open(&empty).err().unwrap().to_string();
        assert!(err.contains("not a gene_info file"), "{err}");
    }

    #[test]
    fn wrong_column_count_names_line_and_count() {
        let dir = tempfile::tempdir().unwrap();
        // Hand-made malformed line: the BACH1 row cut after 3 columns.
        let text = format!("{}9606\t571\tBACH1\n", HUMAN_ROWS);
        let p = write(&dir, "short.tsv", &text);
        let mut r = GeneInfoReader::open(&p).unwrap();
        for _ in 0..3 {
            r.next().unwrap().unwrap();
        }
        let err = r.next().unwrap().unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}:5: expected 16 tab-separated columns, found 3",
                p.display()
            )
        );
        assert!(r.next().is_none(), "iterator ends after an error");
    }

    #[test]
    fn bad_gene_id_tax_id_date_and_xref_name_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let header = HUMAN_ROWS.lines().next().unwrap();
        let bach1 = HUMAN_ROWS.lines().nth(3).unwrap();
        // Hand-made malformed variants of the real BACH1 row.
        let cases = [
            (
                bach1.replacen("\t571\t", "\t571x\t", 1),
                "GeneID",
                "not an integer: \"571x\"",
            ),
            (
                bach1.replacen("9606\t", "human\t", 1),
                "tax_id",
                "not a taxonomy id: \"human\"",
            ),
            (
                bach1.replace("20210708", "2021-07-08"),
                "Modification_date",
                "expected a date as 8 digits YYYYMMDD, found \"2021-07-08\"",
            ),
            (
                bach1.replace("MIM:602751", "MIM602751"),
                "dbXrefs",
                "cross-reference \"MIM602751\" is not of the form DB:ID",
            ),
        ];
        for (row, field, msg) in cases {
            let p = write(&dir, "bad.tsv", &format!("{header}\n{row}\n"));
            let err = GeneInfoReader::open(&p)
                .unwrap()
                .next()
                .unwrap()
                .unwrap_err()
                .to_string();
            assert_eq!(err, format!("{}:2: field `{field}`: {msg}", p.display()));
        }
    }

    #[test]
    fn date_validation() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "x", "#tax_id\n");
        let r = GeneInfoReader::open(&p).unwrap();
        assert_eq!(
            parse_date(&r.reader.lines, "20210708").unwrap().as_deref(),
            Some("2021-07-08")
        );
        assert_eq!(parse_date(&r.reader.lines, "-").unwrap(), None);
        for bad in ["2021078", "202107080", "20211308", "20210700", "2021O708"] {
            assert!(parse_date(&r.reader.lines, bad).is_err(), "{bad}");
        }
    }

    /// Reads a whole real file of the data share.
    fn read_real(rel: &str) -> (Vec<GeneRecord>, Option<String>) {
        let p = crate::test_support::shared_data(rel);
        let mut r = GeneInfoReader::open(&p).unwrap();
        let genes = genes(&mut r);
        (genes, r.release())
    }

    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn real_human_gene_info() {
        let (genes, release) = read_real("ncbi_gene/Homo_sapiens.gene_info.gz");
        assert_eq!(genes.len(), 63_354);
        // NCBI's Homo_sapiens file also holds the mitochondrial genes of
        // Homo sapiens neanderthalensis (63221) and Denisovans (741158).
        assert_eq!(
            genes.iter().filter(|g| g.tax_id == TaxId::HUMAN).count(),
            63_281
        );
        let trnt = genes.iter().find(|g| g.gene_id == GeneId(6775062)).unwrap();
        assert_eq!((trnt.tax_id, trnt.symbol.as_str()), (TaxId(63221), "trnT"));
        assert_eq!(trnt.chromosome.as_deref(), Some("MT"));
        assert!(trnt.synonyms.is_empty() && trnt.db_xrefs.is_empty());
        assert_eq!(trnt.nomenclature_symbol, None);
        assert_eq!(trnt.modification_date.as_deref(), Some("2020-09-08"));
        let bach1 = genes.iter().find(|g| g.gene_id == GeneId(571)).unwrap();
        assert_eq!(*bach1, bach1_expected());
        assert_eq!(
            release.as_deref(),
            Some("NCBI Gene, records modified up to 2021-07-11")
        );
    }

    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn real_mouse_gene_info() {
        let (genes, release) = read_real("ncbi_gene/Mus_musculus.gene_info.gz");
        assert_eq!(genes.len(), 73_137);
        // Also holds genes of other Mus taxa (10091, 10092, 39442, 57486).
        assert_eq!(
            genes.iter().filter(|g| g.tax_id == TaxId::MOUSE).count(),
            73_081
        );
        let pzp = genes.iter().find(|g| g.gene_id == GeneId(11287)).unwrap();
        assert_eq!(pzp.symbol, "Pzp");
        assert_eq!(
            pzp.db_xrefs[0],
            DbXref {
                db: "MGI".into(),
                id: "MGI:87854".into()
            }
        );
        assert_eq!(pzp.map_location.as_deref(), Some("6 F3|6 63.02 cM"));
        assert!(release.is_some());
    }
}
