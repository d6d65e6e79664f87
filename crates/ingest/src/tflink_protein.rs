//! TFLink v1.0 per-protein downloads: the tables behind the download
//! buttons of a TFLink protein page (`tflink.net/protein/<accession>`).
//! [`TflinkProteinReader`] imports any of them: the TF → target rows into
//! the regulation evidence, the binding sites as sites on the genome.
//!
//! Three layouts, told apart by their header and named after the page's
//! protein:
//!
//! - `tfs_of_<UniProt>.tsv`, 8 columns: `UniprotID.TF NCBI.GeneID.TF
//!   Name.TF Detection.method PubmedID Organism Source.database
//!   Small-scale.evidence`. Each row is a transcription factor that
//!   regulates the page's protein; one [`Fact::Regulation`] per row.
//! - `targets_of_<UniProt>.tsv`, 8 columns: the same with `.Target` in
//!   place of `.TF`. Each row is a target of the page's protein (a TF); one
//!   [`Fact::Regulation`] per row.
//! - `bindingSites_of_<UniProt>.tsv`, 13 columns: `TFLinkID UniprotID.TF
//!   Name.TF Organism Detection.method PubmedID Source.database
//!   Small-scale.evidence Assembly Chromosome Start End Strand`. One
//!   [`Fact::BindingSite`] per row.
//!
//! The other end of every `tfs_of`/`targets_of` edge appears only in the
//! file name, so the name is required: a file not named
//! `<layout>_of_<UniProt>.tsv` (optionally `.gz`) is refused at `open`, as
//! is one whose name and header disagree (a renamed file would otherwise
//! attach every edge to the wrong protein). That end is a [`GeneRef`] with
//! the accession and the row's organism; the store resolves it by UniProt.
//! For the same reason a binding-site row naming another TF than the file
//! is an error.
//!
//! Unlike `simpleFormat` ([`crate::tflink`]), lists here are `,`-separated
//! (`GTRD,ReMap,TRRUST`). `PubmedID` is a PubMed search URL in `tfs_of`
//! files (`https://www.ncbi.nlm.nih.gov/pubmed/?term=22470139%5Buid%5D+OR+29087512%5Buid%5D`)
//! but a plain list (`29087512,20068156`) in `targets_of` and
//! `bindingSites_of` files; both are read by `crate::tflink::parse_pmids`.
//! GeneIDs are `NA` when TFLink has none and may be two (`100271849,4207`,
//! MEF2B); a name may be `-`, or hold a space (`OR2M7 D` for A0A126GW21 in
//! `tfs_of_Q07812.tsv`), and is kept as written.
//!
//! Binding-site coordinates are kept as TFLink writes them (it does not
//! state a convention; in `bindingSites_of_Q9BYV9.tsv` every site spans
//! `End - Start = 13`, a 14-base motif if both ends are included). The
//! checks are `Start <= End` and a strand of `+`, `-` or `.`.

use std::path::Path;

use locus_model::tflink::{
    BINDING_SITES_OF_COLUMNS as BINDING_SITES_HEADER, TARGETS_OF_COLUMNS as TARGETS_HEADER,
    TFS_OF_COLUMNS as TFS_HEADER,
};
use locus_model::{BindingSite, Fact, GeneRef, RegulationEvidence, TaxId};

use crate::records::{RecordReader, Records};
use crate::tflink::{
    optional, parse_gene_ids, parse_organism, parse_pmids, parse_yes_no, required, split_list,
};
use crate::{IngestError, LineReader, Result};

/// Which of the three downloads a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `tfs_of_<UniProt>`: the rows are TFs of the named protein.
    Tfs,
    /// `targets_of_<UniProt>`: the rows are targets of the named TF.
    Targets,
    /// `bindingSites_of_<UniProt>`: binding sites of the named TF.
    BindingSites,
}

impl Layout {
    const ALL: [Layout; 3] = [Layout::Tfs, Layout::Targets, Layout::BindingSites];

    fn prefix(self) -> &'static str {
        match self {
            Layout::Tfs => "tfs_of_",
            Layout::Targets => "targets_of_",
            Layout::BindingSites => "bindingSites_of_",
        }
    }

    fn header(self) -> &'static [&'static str] {
        match self {
            Layout::Tfs => &TFS_HEADER,
            Layout::Targets => &TARGETS_HEADER,
            Layout::BindingSites => &BINDING_SITES_HEADER,
        }
    }

    /// The layout whose header `line` is.
    fn of_header(line: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| {
            line.split('\t')
                .map(str::trim)
                .eq(l.header().iter().copied())
        })
    }

    /// The layout and UniProt accession a file name states
    /// (`tfs_of_Q07812.tsv`, optionally gzipped).
    fn of_file_name(name: &str) -> Option<(Layout, &str)> {
        let stem = name.strip_suffix(".gz").unwrap_or(name);
        let stem = stem.strip_suffix(".tsv")?;
        Layout::ALL.into_iter().find_map(|l| {
            stem.strip_prefix(l.prefix())
                .filter(|acc| is_uniprot_accession(acc))
                .map(|acc| (l, acc))
        })
    }
}

/// Whether `s` has the shape of a UniProtKB accession (UniProt's published
/// pattern: `[OPQ][0-9][A-Z0-9]{3}[0-9]` or
/// `[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2}`), so that a file name like
/// `tfs_of_BAX.tsv` is refused rather than imported with a bad accession.
fn is_uniprot_accession(s: &str) -> bool {
    let b = s.as_bytes();
    let digit = |c: u8| c.is_ascii_digit();
    let upper = |c: u8| c.is_ascii_uppercase();
    let alnum = |c: u8| c.is_ascii_digit() || c.is_ascii_uppercase();
    match b {
        [b'O' | b'P' | b'Q', d1, a, b2, c, d2] => {
            digit(*d1) && alnum(*a) && alnum(*b2) && alnum(*c) && digit(*d2)
        }
        [first, d1, rest @ ..]
            if upper(*first)
                && !matches!(first, b'O' | b'P' | b'Q')
                && digit(*d1)
                && (rest.len() == 4 || rest.len() == 8) =>
        {
            rest.chunks(4)
                .all(|g| upper(g[0]) && alnum(g[1]) && alnum(g[2]) && digit(g[3]))
        }
        _ => false,
    }
}

/// Streams a TFLink per-protein download: [`Fact::Regulation`]s from a
/// `tfs_of_…`/`targets_of_…` file, [`Fact::BindingSite`]s from a
/// `bindingSites_of_…` file.
pub type TflinkProteinReader = Records<TflinkProteinRecords>;

/// The parsing state behind [`TflinkProteinReader`].
pub struct TflinkProteinRecords {
    lines: LineReader,
    layout: Layout,
    /// The UniProt accession of the page's protein, from the file name.
    protein: String,
}

impl TflinkProteinReader {
    /// Opens `path` (plain or gzip), recognises the layout by its header and
    /// checks it against the file name, which must name the page's protein.
    pub fn open(path: &Path) -> Result<Self> {
        let mut lines = LineReader::open(path)?;
        let header = lines.read_header(
            "empty file: not a TFLink per-protein download (no tfs_of, targets_of or bindingSites_of header)",
        )?;
        let Some(layout) = Layout::of_header(header) else {
            let hint = if header.starts_with("UniprotID.TF\tUniprotID.Target\t") {
                " (this looks like a TFLink simpleFormat file: import it as `tflink`)"
            } else {
                ""
            };
            return Err(lines.line_error(format!(
                "not a TFLink per-protein download: expected the header of tfs_of_<UniProt>.tsv \
                 (`{}`), targets_of_<UniProt>.tsv (`{}`) or bindingSites_of_<UniProt>.tsv (`{}`){hint}",
                TFS_HEADER.join("<TAB>"),
                TARGETS_HEADER.join("<TAB>"),
                BINDING_SITES_HEADER.join("<TAB>"),
            )));
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some((named, protein)) = Layout::of_file_name(name) else {
            return Err(IngestError::file(
                path,
                format!(
                    "a TFLink per-protein download must keep TFLink's file name, here \
                     `{}<UniProt>.tsv` (e.g. `{}Q07812.tsv`): the protein at the other end of \
                     every row is named only there",
                    layout.prefix(),
                    layout.prefix()
                ),
            ));
        };
        if named != layout {
            return Err(IngestError::file(
                path,
                format!(
                    "the file name says `{}…` but the header is that of a `{}…` download",
                    named.prefix(),
                    layout.prefix()
                ),
            ));
        }
        let protein = protein.to_string();
        Ok(Records::new(TflinkProteinRecords {
            lines,
            layout,
            protein,
        }))
    }
}

/// TFLink files state no release, so `release` keeps its default.
impl RecordReader for TflinkProteinRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let (lines, line) = (&self.lines, self.lines.line());
        Ok(Some(match self.layout {
            Layout::Tfs => Fact::Regulation(parse_edge(lines, line, Side::Tf, &self.protein)?),
            Layout::Targets => {
                Fact::Regulation(parse_edge(lines, line, Side::Target, &self.protein)?)
            }
            Layout::BindingSites => {
                Fact::BindingSite(parse_binding_site(lines, line, &self.protein)?)
            }
        }))
    }
}

/// Which end of the edge a `tfs_of`/`targets_of` row describes.
#[derive(Clone, Copy)]
enum Side {
    Tf,
    Target,
}

/// A `tfs_of` or `targets_of` row: the row's gene is `side`, the file's
/// protein the other end.
fn parse_edge(
    lines: &LineReader,
    line: &str,
    side: Side,
    protein: &str,
) -> Result<RegulationEvidence> {
    let header = match side {
        Side::Tf => &TFS_HEADER,
        Side::Target => &TARGETS_HEADER,
    };
    let [uniprot, gene_ids, name, methods, pmids, organism, databases, small_scale] =
        lines.tab_cells::<8>(line)?;
    let tax_id = parse_organism(lines, header[5], organism)?;
    let row_gene = GeneRef {
        tax_id,
        gene_ids: parse_gene_ids(lines, header[1], gene_ids)?,
        uniprot: Some(required(lines, header[0], uniprot)?),
        ensembl: None,
        symbol: optional(name),
        complex: false,
    };
    let page_gene = page_protein(tax_id, protein);
    let (tf, target) = match side {
        Side::Tf => (row_gene, page_gene),
        Side::Target => (page_gene, row_gene),
    };
    Ok(RegulationEvidence {
        tf,
        target,
        databases: split_list(databases, ','),
        methods: split_list(methods, ','),
        pmids: parse_pmids(lines, header[4], pmids)?,
        mode: None,
        weight: None,
        small_scale: Some(parse_yes_no(lines, header[7], small_scale)?),
        line: lines.line_no(),
    })
}

/// The page's protein, known only by the accession in the file name.
fn page_protein(tax_id: TaxId, accession: &str) -> GeneRef {
    GeneRef {
        tax_id,
        uniprot: Some(accession.to_string()),
        ..GeneRef::default()
    }
}

fn parse_binding_site(lines: &LineReader, line: &str, protein: &str) -> Result<BindingSite> {
    let [tflink_id, tf_uniprot, tf_name, organism, methods, pmids, databases, small_scale, assembly, chromosome, start, end, strand] =
        lines.tab_cells::<13>(line)?;
    let tax_id = parse_organism(lines, "Organism", organism)?;
    let tf_uniprot = required(lines, "UniprotID.TF", tf_uniprot)?;
    if tf_uniprot != protein {
        return Err(lines.field_error(
            "UniprotID.TF",
            format!("names the TF {tf_uniprot:?}, but the file is bindingSites_of_{protein}"),
        ));
    }
    let coordinate = |field: &str, cell: &str| -> Result<u64> {
        cell.trim()
            .parse()
            .map_err(|_| lines.field_error(field, format!("not a genome position: {cell:?}")))
    };
    let (start, end) = (coordinate("Start", start)?, coordinate("End", end)?);
    if start > end {
        return Err(lines.field_error("End", format!("{end} is before Start {start}")));
    }
    let strand = match strand.trim() {
        s @ ("+" | "-" | ".") => s.to_string(),
        other => {
            return Err(lines.field_error(
                "Strand",
                format!("expected `+`, `-` or `.`, found {other:?}"),
            ))
        }
    };
    Ok(BindingSite {
        tflink_id: required(lines, "TFLinkID", tflink_id)?,
        tf: GeneRef {
            tax_id,
            uniprot: Some(tf_uniprot),
            symbol: optional(tf_name),
            ..GeneRef::default()
        },
        methods: split_list(methods, ','),
        pmids: parse_pmids(lines, "PubmedID", pmids)?,
        databases: split_list(databases, ','),
        small_scale: Some(parse_yes_no(lines, "Small-scale.evidence", small_scale)?),
        assembly: required(lines, "Assembly", assembly)?,
        chromosome: required(lines, "Chromosome", chromosome)?,
        start,
        end,
        strand,
        line: lines.line_no(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;
    use locus_model::{GeneId, Pmid};
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tflink")).join(name)
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn regulations(path: &Path) -> Vec<RegulationEvidence> {
        crate::test_support::regulations(TflinkProteinReader::open(path).unwrap())
    }

    fn binding_sites(path: &Path) -> Vec<BindingSite> {
        crate::test_support::facts(TflinkProteinReader::open(path).unwrap(), |f| match f {
            Fact::BindingSite(x) => Ok(x),
            other => Err(Box::new(other)),
        })
    }

    /// All TFs of BAX (the whole real file, committed as a fixture).
    /// Counts measured with `tail -n +2 tfs_of_Q07812.tsv | wc -l` (571),
    /// `cut -f2 | grep -c NA` (5), `cut -f2 | grep -c ,` (1),
    /// `cut -f8 | grep -c Yes` (29) and, for PubMed ids,
    /// `awk -F'\t' 'NR>1{n+=gsub(/%5Buid%5D/,"",$5)} END{print n}'` (903).
    #[test]
    fn all_tfs_of_bax() {
        let p = fixture("tfs_of_Q07812.tsv");
        assert_eq!(TflinkProteinReader::open(&p).unwrap().release(), None);
        let rows = regulations(&p);
        assert_eq!(rows.len(), 571);
        let bax = page_protein(TaxId::HUMAN, "Q07812");
        assert!(rows.iter().all(|r| r.target == bax));
        let first = &rows[0];
        assert_eq!(
            first.tf,
            GeneRef {
                tax_id: TaxId::HUMAN,
                gene_ids: vec![GeneId(25937)],
                uniprot: Some("Q9GZV5".into()),
                ensembl: None,
                symbol: Some("WWTR1".into()),
                complex: false,
            }
        );
        assert_eq!(first.databases, strings(&["TRRUST"]));
        assert_eq!(first.methods, strings(&["inferred by curator"]));
        assert_eq!(first.pmids, [22470139, 29087512].map(Pmid));
        assert_eq!(first.small_scale, Some(true));
        assert_eq!((first.mode, first.weight, first.line), (None, None, 2));
        // Line 3: MYCN, three databases, two methods, four PubMed ids.
        assert_eq!(rows[1].databases, strings(&["GTRD", "ReMap", "TRRUST"]));
        assert_eq!(
            rows[1].methods,
            strings(&["chromatin immunoprecipitation assay", "inferred by curator"])
        );
        assert_eq!(
            rows[1].pmids,
            [27924024, 29087512, 29126285, 19885598].map(Pmid)
        );

        assert_eq!(rows.iter().filter(|r| r.tf.gene_ids.is_empty()).count(), 5);
        let mef2b: Vec<&RegulationEvidence> =
            rows.iter().filter(|r| r.tf.gene_ids.len() > 1).collect();
        assert_eq!(mef2b.len(), 1);
        assert_eq!(mef2b[0].tf.gene_ids, [100271849, 4207].map(GeneId));
        assert_eq!(mef2b[0].tf.symbol.as_deref(), Some("MEF2B"));
        assert_eq!(mef2b[0].line, 154);
        assert_eq!(
            rows.iter().filter(|r| r.small_scale == Some(true)).count(),
            29
        );
        assert_eq!(rows.iter().map(|r| r.pmids.len()).sum::<usize>(), 903);
        // A name with a space is kept as written (line 429).
        assert_eq!(rows[427].tf.symbol.as_deref(), Some("OR2M7 D"));
        assert_eq!(rows.last().unwrap().line, 572);
    }

    /// Targets of E2F8 (A0AVK6): a cut of the real file with the
    /// `NA`, `-` and two-GeneID rows (see the fixtures README).
    #[test]
    fn targets_of_a_tf() {
        let rows = regulations(&fixture("targets_of_A0AVK6.tsv"));
        assert_eq!(rows.len(), 17);
        assert!(rows
            .iter()
            .all(|r| r.tf == page_protein(TaxId::HUMAN, "A0AVK6")));
        let ccnd1 = &rows[0];
        assert_eq!(ccnd1.target.gene_ids, [GeneId(595)]);
        assert_eq!(ccnd1.target.uniprot.as_deref(), Some("P24385"));
        assert_eq!(ccnd1.target.symbol.as_deref(), Some("CCND1"));
        assert_eq!(ccnd1.pmids, [29087512, 20068156, 27924024].map(Pmid));
        assert_eq!(ccnd1.databases, strings(&["GTRD", "TRRUST"]));
        assert_eq!(ccnd1.small_scale, Some(true));
        assert_eq!(rows[2].small_scale, Some(false));
        // U3KPZ7: GeneID `NA`, name `-`.
        let u3 = &rows[12];
        assert_eq!(u3.target.uniprot.as_deref(), Some("U3KPZ7"));
        assert!(u3.target.gene_ids.is_empty());
        assert_eq!(u3.target.symbol, None);
        assert_eq!(u3.line, 14);
        // GALNT4 with two GeneIDs.
        let galnt4 = &rows[15];
        assert_eq!(galnt4.target.symbol.as_deref(), Some("GALNT4"));
        assert_eq!(galnt4.target.gene_ids, [100528030, 8693].map(GeneId));
        assert_eq!(
            rows.iter().filter(|r| r.target.gene_ids.is_empty()).count(),
            4
        );
        assert_eq!(rows.iter().filter(|r| r.target.symbol.is_none()).count(), 2);
    }

    #[test]
    fn binding_sites_of_bach2() {
        let sites = binding_sites(&fixture("bindingSites_of_Q9BYV9.tsv"));
        assert_eq!(sites.len(), 14);
        let first = &sites[0];
        assert_eq!(
            first,
            &BindingSite {
                tflink_id: "TFLinkLT00282200".into(),
                tf: GeneRef {
                    tax_id: TaxId::HUMAN,
                    uniprot: Some("Q9BYV9".into()),
                    symbol: Some("BACH2".into()),
                    ..GeneRef::default()
                },
                methods: strings(&["chromatin immunoprecipitation assay"]),
                pmids: vec![Pmid(8887638)],
                databases: strings(&["jaspar"]),
                small_scale: Some(false),
                assembly: "hg38".into(),
                chromosome: "chr1".into(),
                start: 1305742,
                end: 1305755,
                strand: "+".into(),
                line: 2,
            }
        );
        assert_eq!(sites[1].strand, "-");
        let last = sites.last().unwrap();
        assert_eq!((last.chromosome.as_str(), last.line), ("chrY", 15));
    }

    /// The other real downloads in the shared data. Counts measured with
    /// `tail -n +2 <file> | wc -l` (Q16236: 752, Q9BYV9: 458, binding
    /// sites: 1,895), `cut -f2 | grep -c NA` (4, 3) and `cut -f2 | grep -c ,`
    /// (4, 2) for the GeneIDs, `cut -f8 | sort | uniq -c` (all `No`) and,
    /// for the binding sites, `cut -f13 | sort | uniq -c` (948 `+`, 947 `-`),
    /// `cut -f10 | sort | uniq -c` (146 on chr1, 3 on chrY) and
    /// `awk -F'\t' 'NR>1{print $12-$11}' | sort -u` (13 for every site).
    #[test]
    #[cfg_attr(
        not(locus_shared_data),
        ignore = "needs ../shared/data (set LOCUS_SHARED_DATA)"
    )]
    fn whole_real_downloads() {
        for (file, count, no_gene, two_genes) in [
            ("tfs_of_Q16236.tsv", 752, 4, 4),
            ("tfs_of_Q9BYV9.tsv", 458, 3, 2),
            ("tfs_of_Q07812.tsv", 571, 5, 1),
        ] {
            let p =
                crate::test_support::shared_data(&format!("regulation/tflink/per_protein/{file}"));
            let rows = regulations(&p);
            assert_eq!(rows.len(), count, "{file}");
            let protein = &file["tfs_of_".len()..file.len() - ".tsv".len()];
            assert!(rows
                .iter()
                .all(|r| r.target == page_protein(TaxId::HUMAN, protein)));
            assert_eq!(
                rows.iter().filter(|r| r.tf.gene_ids.is_empty()).count(),
                no_gene,
                "{file}"
            );
            assert_eq!(
                rows.iter().filter(|r| r.tf.gene_ids.len() == 2).count(),
                two_genes,
                "{file}"
            );
            if file != "tfs_of_Q07812.tsv" {
                assert!(rows.iter().all(|r| r.small_scale == Some(false)), "{file}");
            }
        }
        let p = crate::test_support::shared_data(
            "regulation/tflink/per_protein/bindingSites_of_Q9BYV9.tsv",
        );
        let sites = binding_sites(&p);
        assert_eq!(sites.len(), 1895);
        assert_eq!(sites.iter().filter(|s| s.strand == "+").count(), 948);
        assert_eq!(sites.iter().filter(|s| s.strand == "-").count(), 947);
        assert_eq!(sites.iter().filter(|s| s.chromosome == "chr1").count(), 146);
        assert_eq!(sites.iter().filter(|s| s.chromosome == "chrY").count(), 3);
        assert!(sites
            .iter()
            .all(|s| s.assembly == "hg38" && s.end - s.start == 13));
    }

    /// A file named `name` holding the fixture `from`'s header and first
    /// data row, then the hand-made line `extra` (so on line 3).
    fn error_of_extra_line(
        from: &str,
        name: &str,
        extra: &str,
    ) -> (String, PathBuf, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(fixture(from)).unwrap();
        let head: Vec<&str> = text.lines().take(2).collect();
        let p = dir.path().join(name);
        std::fs::write(&p, format!("{}\n{extra}\n", head.join("\n"))).unwrap();
        let mut r = TflinkProteinReader::open(&p).unwrap();
        assert!(r.next().unwrap().is_ok());
        let err = r.next().unwrap().unwrap_err().to_string();
        assert!(r.next().is_none(), "iterator ends after an error");
        (err, p, dir)
    }

    /// Line 2 of tfs_of_Q07812.tsv, for editing into malformed lines.
    const WWTR1: [&str; 8] = [
        "Q9GZV5",
        "25937",
        "WWTR1",
        "inferred by curator",
        "https://www.ncbi.nlm.nih.gov/pubmed/?term=22470139%5Buid%5D+OR+29087512%5Buid%5D",
        "Homo sapiens",
        "TRRUST",
        "Yes",
    ];

    #[test]
    fn malformed_tfs_rows_name_file_line_and_field() {
        let edited = |col: usize, value: &str| {
            let mut cells = WWTR1;
            cells[col] = value;
            cells.join("\t")
        };
        let cases = [
            (WWTR1[..7].join("\t"), "expected 8 tab-separated columns, found 7".to_string()),
            (format!("{}\t-", WWTR1.join("\t")), "expected 8 tab-separated columns, found 9".into()),
            (edited(1, "WWTR1"), "field `NCBI.GeneID.TF`: not an NCBI GeneID: \"WWTR1\"".into()),
            (edited(1, "100271849,x"), "field `NCBI.GeneID.TF`: not an NCBI GeneID: \"x\"".into()),
            (edited(7, "Y"), "field `Small-scale.evidence`: expected `Yes` or `No`, found \"Y\"".into()),
            (
                edited(4, "https://www.ncbi.nlm.nih.gov/pubmed/?term=22470139%5Buid%5D+OR+2908751x%5Buid%5D"),
                "field `PubmedID`: not a PubMed id: \"2908751x\"".into(),
            ),
            (edited(4, "22470139,PMID:1"), "field `PubmedID`: not a PubMed id: \"PMID:1\"".into()),
            (edited(5, "Human"), "field `Organism`: unknown organism \"Human\"".into()),
        ];
        for (line, expected) in cases {
            let (err, p, _dir) =
                error_of_extra_line("tfs_of_Q07812.tsv", "tfs_of_Q07812.tsv", &line);
            let expected = format!("{}:3: {expected}", p.display());
            assert!(err.starts_with(&expected), "{err}\nexpected: {expected}");
        }
    }

    #[test]
    fn malformed_targets_row_names_target_field() {
        let line = "Q92622\t9711x\tRUBCN\tchromatin immunoprecipitation assay\t27924024\tHomo sapiens\tGTRD\tNo";
        let (err, p, _dir) =
            error_of_extra_line("targets_of_A0AVK6.tsv", "targets_of_A0AVK6.tsv", line);
        assert_eq!(
            err,
            format!(
                "{}:3: field `NCBI.GeneID.Target`: not an NCBI GeneID: \"9711x\"",
                p.display()
            )
        );
    }

    #[test]
    fn malformed_binding_sites() {
        let site = |start: &str, end: &str, strand: &str, tf: &str| {
            format!(
                "TFLinkLT00282201\t{tf}\tBACH2\tHomo sapiens\tchromatin immunoprecipitation assay\t8887638\tjaspar\tNo\thg38\tchr1\t{start}\t{end}\t{strand}"
            )
        };
        let cases = [
            (site("1817472", "1817459", "-", "Q9BYV9"), "field `End`: 1817459 is before Start 1817472"),
            (site("1817459", "1817472", "*", "Q9BYV9"), "field `Strand`: expected `+`, `-` or `.`, found \"*\""),
            (site("-1", "1817472", "-", "Q9BYV9"), "field `Start`: not a genome position: \"-1\""),
            (site("1817459", "1817472", "-", "Q07812"), "field `UniprotID.TF`: names the TF \"Q07812\", but the file is bindingSites_of_Q9BYV9"),
        ];
        for (line, expected) in cases {
            let (err, p, _dir) = error_of_extra_line(
                "bindingSites_of_Q9BYV9.tsv",
                "bindingSites_of_Q9BYV9.tsv",
                &line,
            );
            assert_eq!(err, format!("{}:3: {expected}", p.display()));
        }
    }

    #[test]
    fn file_name_must_name_the_protein_and_match_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(fixture("tfs_of_Q07812.tsv")).unwrap();
        for bad in [
            "BAX_tfs.tsv",
            "tfs_of_BAX.tsv",
            "tfs_of_Q07812 (1).tsv",
            "tfs_of_q07812.tsv",
        ] {
            let p = dir.path().join(bad);
            std::fs::write(&p, &text).unwrap();
            let err = TflinkProteinReader::open(&p).err().unwrap().to_string();
            assert!(
                err.starts_with(&format!("{}: a TFLink per-protein download must keep TFLink's file name, here `tfs_of_<UniProt>.tsv`", p.display())),
                "{err}"
            );
        }
        let p = dir.path().join("targets_of_Q07812.tsv");
        std::fs::write(&p, &text).unwrap();
        let err = TflinkProteinReader::open(&p).err().unwrap().to_string();
        assert_eq!(
            err,
            format!(
                "{}: the file name says `targets_of_…` but the header is that of a `tfs_of_…` download",
                p.display()
            )
        );
        // Gzip keeps the name with `.gz` appended.
        use std::io::Write;
        let p = dir.path().join("tfs_of_Q07812.tsv.gz");
        let mut enc =
            flate2::write::GzEncoder::new(std::fs::File::create(&p).unwrap(), Default::default());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap();
        assert_eq!(TflinkProteinReader::open(&p).unwrap().count(), 571);
    }

    #[test]
    fn refuses_other_formats() {
        let dir = tempfile::tempdir().unwrap();
        let simple =
            std::fs::read_to_string(fixture("tflink_homo_sapiens_interactions.tsv")).unwrap();
        let p = dir.path().join("tfs_of_Q07812.tsv");
        std::fs::write(&p, simple).unwrap();
        let err = TflinkProteinReader::open(&p).err().unwrap().to_string();
        assert!(
            err.starts_with(&format!(
                "{}:1: not a TFLink per-protein download",
                p.display()
            )),
            "{err}"
        );
        assert!(err.contains("import it as `tflink`"), "{err}");
        std::fs::write(&p, "").unwrap();
        let err = TflinkProteinReader::open(&p).err().unwrap().to_string();
        assert!(err.contains("empty file"), "{err}");
    }

    #[test]
    fn uniprot_accession_shapes() {
        for ok in [
            "Q07812",
            "Q9BYV9",
            "A0AVK6",
            "A0A126GW21",
            "P0CG00",
            "U3KPZ7",
        ] {
            assert!(is_uniprot_accession(ok), "{ok}");
        }
        for bad in [
            "BAX",
            "q07812",
            "Q0781",
            "Q078123",
            "A0A126GW2",
            "O1234A",
            "Q07812-2",
            "Q0A126GW21",
        ] {
            assert!(!is_uniprot_accession(bad), "{bad}");
        }
    }
}
