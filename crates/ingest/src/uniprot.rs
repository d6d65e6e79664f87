//! UniProtKB flat files (`uniprot_sprot.dat.gz`, `uniprot_trembl.dat.gz`).
//! [`UniprotReader`] imports the entries, which join to genes through their
//! GeneID cross-references: one [`Fact::Protein`] per entry.
//!
//! Each entry is a run of lines with a two-letter code in columns 1–2 and
//! data from column 6, ending with `//`:
//!
//! ```text
//! ID   BACH1_HUMAN             Reviewed;         736 AA.
//! AC   O14867; ...
//! DE   RecName: Full=Transcription regulator protein BACH1;
//! GN   Name=BACH1; Synonyms=...;
//! OS   Homo sapiens (Human).
//! OX   NCBI_TaxID=9606;
//! DR   GeneID; 571; -.
//! SQ   SEQUENCE   736 AA;  81958 MW;  ... CRC64;
//!      MSLSENSVFA YESSVHSTNV ...
//! //
//! ```
//!
//! Only what Locus shows and joins on is read (names, organism, the NCBI
//! GeneID cross-references, the sequence); comments, features and other
//! cross-references are skipped. The sequence is checked against the
//! lengths stated on the `ID` and `SQ` lines, which catches a truncated or
//! badly cut file. Evidence tags (`{ECO:...}`) are removed from names: they
//! cite where a name comes from and are not part of it.
//!
//! The flat file does not state its release, so `release()` is `None`.

use std::path::Path;

use locus_model::{Fact, GeneId, ProteinEntry, TaxId};

use crate::records::{RecordReader, Records};
use crate::{IngestError, LineReader, Result};

/// Streams the entries of a UniProtKB flat file, one [`Fact::Protein`] each.
pub type UniprotReader = Records<UniprotRecords>;

/// The parsing state behind [`UniprotReader`].
pub struct UniprotRecords {
    lines: LineReader,
}

impl UniprotReader {
    /// Opens `path` (plain or gzip). The first entry is checked when read:
    /// the file must start with an `ID` line.
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Records::new(UniprotRecords {
            lines: LineReader::open(path)?,
        }))
    }
}

impl UniprotRecords {
    /// Reads lines up to and including the next `//`.
    fn next_entry(&mut self) -> Result<Option<ProteinEntry>> {
        // Blank lines before and between entries are passed over.
        if !self.lines.advance_non_blank()? {
            return Ok(None);
        }
        let line = self.lines.line();
        if code(line) != "ID" {
            return Err(self.lines.line_error(
                "expected an `ID` line starting a UniProtKB entry; is this a UniProtKB flat file?",
            ));
        }
        let mut e = EntryBuilder::from_id(&self.lines, data(line))?;
        loop {
            if !self.lines.advance()? {
                return Err(self.lines.line_error(format!(
                    "entry `{}` ends without `//` (truncated file?)",
                    e.entry_name
                )));
            }
            let lines = &self.lines;
            let line = lines.line();
            match code(line) {
                "//" => return e.finish(lines).map(Some),
                "ID" => {
                    return Err(lines.line_error(format!(
                        "new `ID` line inside entry `{}`, which has no `//`",
                        e.entry_name
                    )))
                }
                "AC" => e.accessions.extend(
                    data(line)
                        .split(';')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_string),
                ),
                "DE" => e.description_line(data(line)),
                "GN" => {
                    // Joined first and parsed at `//`: a name list or an
                    // evidence tag may wrap onto the next GN line.
                    if data(line).trim() == "and" {
                        // Separates the names of several genes encoding the protein.
                        e.gn.push(';');
                    } else {
                        e.gn.push(' ');
                        e.gn.push_str(data(line));
                    }
                }
                "OS" => {
                    e.os.push(' ');
                    e.os.push_str(data(line));
                }
                "OX" if e.tax_id.is_none() => e.tax_id = Some(parse_ox(lines, data(line))?),
                "DR" => {
                    if let Some(rest) = data(line).strip_prefix("GeneID;") {
                        let id = rest.split(';').next().unwrap_or("").trim();
                        let id: GeneId = id.parse().map_err(|_| {
                            lines.field_error("DR", format!("GeneID {id:?} is not an integer"))
                        })?;
                        if !e.gene_ids.contains(&id) {
                            e.gene_ids.push(id);
                        }
                    }
                }
                "SQ" => e.sq_line(lines, data(line))?,
                "  " => e.sequence_line(lines, line)?,
                // Comments, features, references and the rest are not read.
                _ => {}
            }
        }
    }
}

/// The flat file does not state its release, so `release` keeps its default.
impl RecordReader for UniprotRecords {
    fn next_record(&mut self) -> Result<Option<Fact>> {
        Ok(self.next_entry()?.map(Fact::Protein))
    }
}

/// The line code (`ID`, `AC`, … ; `  ` for sequence data, `//` at the end).
fn code(line: &str) -> &str {
    line.get(..2).unwrap_or(line)
}

/// The data part of a line, after the code and three spaces.
fn data(line: &str) -> &str {
    line.get(5..).unwrap_or("")
}

/// An entry while its lines are read.
#[derive(Default)]
struct EntryBuilder {
    entry_name: String,
    reviewed: bool,
    /// Length stated on the `ID` line.
    id_length: u32,
    accessions: Vec<String>,
    /// First top-level `RecName: Full=`.
    rec_name: Option<String>,
    /// First top-level `SubName: Full=`: TrEMBL entries have no RecName.
    sub_name: Option<String>,
    /// GN data joined with spaces, `;` between genes.
    gn: String,
    /// OS data joined with spaces.
    os: String,
    tax_id: Option<TaxId>,
    gene_ids: Vec<GeneId>,
    /// Length stated on the `SQ` line and that line's number.
    sq: Option<(u32, u64)>,
    sequence: String,
}

impl EntryBuilder {
    /// `ID   BACH1_HUMAN             Reviewed;         736 AA.`
    fn from_id(lines: &LineReader, data: &str) -> Result<Self> {
        let bad = || {
            lines.field_error(
                "ID",
                format!("expected `NAME Reviewed|Unreviewed; LENGTH AA.`, found {data:?}"),
            )
        };
        let mut it = data.split_whitespace();
        let (Some(name), Some(status), Some(length), Some("AA."), None) =
            (it.next(), it.next(), it.next(), it.next(), it.next())
        else {
            return Err(bad());
        };
        let reviewed = match status {
            "Reviewed;" => true,
            "Unreviewed;" => false,
            _ => return Err(bad()),
        };
        let id_length = length.parse().map_err(|_| bad())?;
        Ok(EntryBuilder {
            entry_name: name.to_string(),
            reviewed,
            id_length,
            ..Default::default()
        })
    }

    /// Keeps the first top-level `RecName`/`SubName` `Full=`. Names of
    /// parts (`Contains:`/`Includes:` sections) are indented and skipped:
    /// they name a cleavage product or domain, not the entry.
    fn description_line(&mut self, data: &str) {
        let (slot, rest) = if let Some(rest) = data.strip_prefix("RecName:") {
            (&mut self.rec_name, rest)
        } else if let Some(rest) = data.strip_prefix("SubName:") {
            (&mut self.sub_name, rest)
        } else {
            return;
        };
        if slot.is_some() {
            return;
        }
        if let Some(full) = rest.trim_start().strip_prefix("Full=") {
            let name = strip_evidence(full);
            let name = name.trim().trim_end_matches(';').trim();
            if !name.is_empty() {
                *slot = Some(name.to_string());
            }
        }
    }

    /// `SQ   SEQUENCE   736 AA;  81958 MW;  ... CRC64;`
    fn sq_line(&mut self, lines: &LineReader, data: &str) -> Result<()> {
        let mut it = data.split_whitespace();
        let length = match (it.next(), it.next(), it.next()) {
            (Some("SEQUENCE"), Some(n), Some("AA;")) => n.parse::<u32>().ok(),
            _ => None,
        };
        let Some(length) = length else {
            return Err(lines.field_error(
                "SQ",
                format!("expected `SEQUENCE LENGTH AA; ...`, found {data:?}"),
            ));
        };
        if length != self.id_length {
            return Err(lines.field_error(
                "SQ",
                format!(
                    "entry `{}`: ID line says {} AA, SQ line says {length} AA",
                    self.entry_name, self.id_length
                ),
            ));
        }
        self.sq = Some((length, lines.line_no()));
        self.sequence.reserve(length as usize);
        Ok(())
    }

    /// `     MSLSENSVFA YESSVHSTNV ...`: residues in blocks of ten.
    fn sequence_line(&mut self, lines: &LineReader, line: &str) -> Result<()> {
        if self.sq.is_none() {
            return Err(lines.line_error(format!(
                "sequence data before the SQ line of entry `{}`",
                self.entry_name
            )));
        }
        for c in line.chars().filter(|c| !c.is_whitespace()) {
            if !c.is_ascii_uppercase() {
                return Err(
                    lines.field_error("sequence", format!("{c:?} is not an amino-acid letter"))
                );
            }
            self.sequence.push(c);
        }
        Ok(())
    }

    /// Completes the entry at its `//` line.
    fn finish(self, lines: &LineReader) -> Result<ProteinEntry> {
        let name = &self.entry_name;
        if self.accessions.is_empty() {
            return Err(lines.field_error("AC", format!("entry `{name}` has no accession")));
        }
        let Some((sq_length, sq_line)) = self.sq else {
            return Err(lines.field_error("SQ", format!("entry `{name}` has no SQ line")));
        };
        if self.sequence.len() != sq_length as usize {
            return Err(IngestError::field(
                lines.path(),
                sq_line,
                "SQ",
                format!(
                    "entry `{name}`: SQ line says {sq_length} AA, but the sequence has {} residues",
                    self.sequence.len()
                ),
            ));
        }
        let organism = self.os.trim().trim_end_matches('.').trim();
        Ok(ProteinEntry {
            accessions: self.accessions,
            entry_name: self.entry_name,
            reviewed: self.reviewed,
            protein_name: self.rec_name.or(self.sub_name),
            gene_names: gene_names(&strip_evidence(&self.gn)),
            organism: (!organism.is_empty()).then(|| organism.to_string()),
            tax_id: self.tax_id,
            gene_ids: self.gene_ids,
            sequence: self.sequence,
            length: sq_length,
        })
    }
}

/// `OX   NCBI_TaxID=9606;`, possibly with an evidence tag before the `;`.
fn parse_ox(lines: &LineReader, data: &str) -> Result<TaxId> {
    let cleaned = strip_evidence(data);
    cleaned
        .trim()
        .trim_end_matches(';')
        .trim()
        .strip_prefix("NCBI_TaxID=")
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| {
            lines.field_error(
                "OX",
                format!("expected `NCBI_TaxID=<integer>;`, found {data:?}"),
            )
        })
}

/// Names from joined GN data: each gene's `Name=` then its `Synonyms=`,
/// without duplicates. `ORFNames` and `OrderedLocusNames` are not gene
/// symbols a biologist searches by, so they are left out.
fn gene_names(gn: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |n: &str| {
        let n = n.trim();
        if !n.is_empty() && !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    };
    for part in gn.split(';') {
        let Some((key, value)) = part.split_once('=') else {
            continue;
        };
        match key.trim() {
            "Name" => push(value),
            "Synonyms" => value.split(',').for_each(&mut push),
            _ => {}
        }
    }
    names
}

/// Removes evidence tags (`{ECO:0000303|PubMed:11953316}`) and the space
/// before each. Only `{ECO:` groups are removed, so a brace that is part of
/// a name stays; an unterminated tag is left as it is.
fn strip_evidence(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("{ECO:") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(rest[..start].trim_end());
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactSource;

    /// The whole 14-entry Swiss-Prot sample, committed with the demo dataset.
    const SAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../demo/data/uniprot_sprot_human_sample.dat.gz"
    );

    /// Three entries of the UniProtKB/Swiss-Prot sample
    /// (/work/shared/data/proteins/uniprot_sprot_human_sample.dat.gz), each
    /// line copied unchanged; most CC, FT, DR and reference lines are left out
    /// to keep it short. CASP6 has evidence tags and `Contains:` names,
    /// COQ8A a GN list wrapped over lines, SNP25 two AC lines.
    const FIXTURE: &str = "\
ID   CASP6_HUMAN             Reviewed;         293 AA.
AC   P55212; Q9BQE7;
DT   01-OCT-1996, integrated into UniProtKB/Swiss-Prot.
DT   28-NOV-2002, sequence version 2.
DT   22-FEB-2023, entry version 223.
DE   RecName: Full=Caspase-6 {ECO:0000303|PubMed:11953316};
DE            Short=CASP-6;
DE            Short=CSP-6 {ECO:0000303|PubMed:16123779};
DE            EC=3.4.22.59 {ECO:0000269|PubMed:19133298, ECO:0000269|PubMed:19694615, ECO:0000269|PubMed:20890311, ECO:0000269|PubMed:30420425, ECO:0000269|PubMed:32029622};
DE   AltName: Full=Apoptotic protease Mch-2 {ECO:0000303|PubMed:7796396};
DE   Contains:
DE     RecName: Full=Caspase-6 subunit p18 {ECO:0000303|PubMed:8900201};
DE     AltName: Full=Caspase-6 subunit p20 {ECO:0000303|PubMed:19133298};
DE   Contains:
DE     RecName: Full=Caspase-6 subunit p11 {ECO:0000303|PubMed:8900201};
DE     AltName: Full=Caspase-6 subunit p10 {ECO:0000303|PubMed:19133298};
DE   Flags: Precursor;
GN   Name=CASP6 {ECO:0000312|HGNC:HGNC:1507};
GN   Synonyms=MCH2 {ECO:0000303|PubMed:7796396};
OS   Homo sapiens (Human).
OC   Eukaryota; Metazoa; Chordata; Craniata; Vertebrata; Euteleostomi; Mammalia;
OC   Eutheria; Euarchontoglires; Primates; Haplorrhini; Catarrhini; Hominidae;
OC   Homo.
OX   NCBI_TaxID=9606;
CC   -!- FUNCTION: Cysteine protease that plays essential roles in programmed
DR   GeneID; 839; -.
DR   HGNC; HGNC:1507; CASP6.
DR   MIM; 601532; gene.
FT   CHAIN           24..179
FT   CHAIN           194..293
SQ   SEQUENCE   293 AA;  33310 MW;  0738AE4F9791EBD7 CRC64;
     MSSASGLRRG HPAGGEENMT ETDAFYKREM FDPAEKYKMD HRRRGIALIF NHERFFWHLT
     LPERRGTCAD RDNLTRRFSD LGFEVKCFND LKAEELLLKI HEVSTVSHAD ADCFVCVFLS
     HGEGNHIYAY DAKIEIQTLT GLFKGDKCHS LVGKPKIFII QACRGNQHDV PVIPLDVVDN
     QTEKLDTNIT EVDAASVYTL PAGADFLMCY SVAEGYYSHR ETVNGSWYIQ DLCEMLGKYG
     SSLEFTELLT LVNRKVSQRR VDFCKDPSAI GKKQVPCFAS MLTKKLHFFP KSN
//
ID   COQ8A_HUMAN             Reviewed;         647 AA.
AC   Q8NI60; Q5T7A5; Q63HK0; Q8NCJ6; Q9HBQ1; Q9NQ67;
DT   27-JAN-2003, integrated into UniProtKB/Swiss-Prot.
DT   01-OCT-2002, sequence version 1.
DT   22-FEB-2023, entry version 174.
DE   RecName: Full=Atypical kinase COQ8A, mitochondrial {ECO:0000305};
DE            EC=2.7.-.- {ECO:0000269|PubMed:25498144};
DE   AltName: Full=Chaperone activity of bc1 complex-like {ECO:0000303|PubMed:11888884};
DE            Short=Chaperone-ABC1-like {ECO:0000303|PubMed:11888884};
DE   AltName: Full=Coenzyme Q protein 8A {ECO:0000305};
DE   AltName: Full=aarF domain-containing protein kinase 3 {ECO:0000312|HGNC:HGNC:16812};
DE   Flags: Precursor;
GN   Name=COQ8A {ECO:0000303|PubMed:27499294, ECO:0000312|HGNC:HGNC:16812};
GN   Synonyms=ADCK3 {ECO:0000312|HGNC:HGNC:16812},
GN   CABC1 {ECO:0000303|PubMed:11888884}; ORFNames=PP265;
OS   Homo sapiens (Human).
OC   Eukaryota; Metazoa; Chordata; Craniata; Vertebrata; Euteleostomi; Mammalia;
OC   Eutheria; Euarchontoglires; Primates; Haplorrhini; Catarrhini; Hominidae;
OC   Homo.
OX   NCBI_TaxID=9606;
CC   -!- FUNCTION: Atypical kinase involved in the biosynthesis of coenzyme Q,
DR   GeneID; 56997; -.
DR   HGNC; HGNC:16812; COQ8A.
DR   MIM; 606980; gene.
DR   MIM; 612016; phenotype.
FT   CHAIN           163..647
SQ   SEQUENCE   647 AA;  71950 MW;  DEF8F022027BF6CC CRC64;
     MAAILGDTIM VAKGLVKLTQ AAVETHLQHL GIGGELIMAA RALQSTAVEQ IGMFLGKVQG
     QDKHEEYFAE NFGGPEGEFH FSVPHAAGAS TDFSSASAPD QSAPPSLGHA HSEGPAPAYV
     ASGPFREAGF PGQASSPLGR ANGRLFANPR DSFSAMGFQR RFFHQDQSPV GGLTAEDIEK
     ARQAKARPEN KQHKQTLSEH ARERKVPVTR IGRLANFGGL AVGLGFGALA EVAKKSLRSE
     DPSGKKAVLG SSPFLSEANA ERIVRTLCKV RGAALKLGQM LSIQDDAFIN PHLAKIFERV
     RQSADFMPLK QMMKTLNNDL GPNWRDKLEY FEERPFAAAS IGQVHLARMK GGREVAMKIQ
     YPGVAQSINS DVNNLMAVLN MSNMLPEGLF PEHLIDVLRR ELALECDYQR EAACARKFRD
     LLKGHPFFYV PEIVDELCSP HVLTTELVSG FPLDQAEGLS QEIRNEICYN ILVLCLRELF
     EFHFMQTDPN WSNFFYDPQQ HKVALLDFGA TREYDRSFTD LYIQIIRAAA DRDRETVRAK
     SIEMKFLTGY EVKVMEDAHL DAILILGEAF ASDEPFDFGT QSTTEKIHNL IPVMLRHRLV
     PPPEETYSLH RKMGGSFLIC SKLKARFPCK AMFEEAYSNY CKRQAQQ
//
ID   SNP25_HUMAN             Reviewed;         206 AA.
AC   P60880; B2RAU4; D3DW16; D3DW17; P13795; P36974; P70557; P70558; Q53EM2;
AC   Q5U0B5; Q8IXK3; Q96FM2; Q9BR45;
DT   13-APR-2004, integrated into UniProtKB/Swiss-Prot.
DT   13-APR-2004, sequence version 1.
DT   22-FEB-2023, entry version 187.
DE   RecName: Full=Synaptosomal-associated protein 25;
DE            Short=SNAP-25;
DE   AltName: Full=Super protein;
DE            Short=SUP;
DE   AltName: Full=Synaptosomal-associated 25 kDa protein;
GN   Name=SNAP25; Synonyms=SNAP;
OS   Homo sapiens (Human).
OC   Eukaryota; Metazoa; Chordata; Craniata; Vertebrata; Euteleostomi; Mammalia;
OC   Eutheria; Euarchontoglires; Primates; Haplorrhini; Catarrhini; Hominidae;
OC   Homo.
OX   NCBI_TaxID=9606;
CC   -!- FUNCTION: t-SNARE involved in the molecular regulation of
DR   GeneID; 6616; -.
DR   HGNC; HGNC:11132; SNAP25.
DR   MIM; 600322; gene.
DR   MIM; 616330; phenotype.
FT   CHAIN           1..206
SQ   SEQUENCE   206 AA;  23315 MW;  FBED2B082A4CB6A6 CRC64;
     MAEDADMRNE LEEMQRRADQ LADESLESTR RMLQLVEESK DAGIRTLVML DEQGEQLERI
     EEGMDQINKD MKEAEKNLTD LGKFCGLCVC PCNKLKSSDA YKKAWGNNQD GVVASQPARV
     VDEREQMAIS GGFIRRVTND ARENEMDENL EQVSGIIGNL RHMALDMGNE IDTQNRQIDR
     IMEKADSNKT RIDEANQRAT KMLGSG
//
";

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn entries(r: &mut UniprotReader) -> Vec<ProteinEntry> {
        r.map(|f| match f.unwrap() {
            Fact::Protein(p) => p,
            other => panic!("unexpected fact {other:?}"),
        })
        .collect()
    }

    /// 1-based number of the first fixture line starting with `prefix`.
    fn line_of(text: &str, prefix: &str) -> usize {
        text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
    }

    /// The first error the reader yields, as text.
    fn first_error(path: &Path) -> String {
        let mut r = UniprotReader::open(path).unwrap();
        let err = r.find_map(|f| f.err()).expect("an error").to_string();
        assert!(r.next().is_none(), "iterator ends after an error");
        err
    }

    #[test]
    fn parses_fixture_entries() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "sprot.dat", FIXTURE);
        let mut r = UniprotReader::open(&p).unwrap();
        let got = entries(&mut r);
        assert_eq!(got.len(), 3);
        assert_eq!(r.release(), None);

        let casp6 = &got[0];
        assert_eq!(casp6.entry_name, "CASP6_HUMAN");
        assert!(casp6.reviewed);
        assert_eq!(casp6.accessions, ["P55212", "Q9BQE7"]);
        assert_eq!(casp6.protein_name.as_deref(), Some("Caspase-6"));
        assert_eq!(casp6.gene_names, ["CASP6", "MCH2"]);
        assert_eq!(casp6.organism.as_deref(), Some("Homo sapiens (Human)"));
        assert_eq!(casp6.tax_id, Some(TaxId::HUMAN));
        assert_eq!(casp6.gene_ids, [GeneId(839)]);
        assert_eq!(casp6.length, 293);
        assert_eq!(casp6.sequence.len(), 293);
        assert!(casp6.sequence.starts_with("MSSASGLRRGHPAGGEENMT"));
        assert!(casp6.sequence.ends_with("MLTKKLHFFPKSN"));

        let coq8a = &got[1];
        assert_eq!(
            coq8a.protein_name.as_deref(),
            Some("Atypical kinase COQ8A, mitochondrial")
        );
        assert_eq!(coq8a.gene_names, ["COQ8A", "ADCK3", "CABC1"]);
        assert_eq!(coq8a.gene_ids, [GeneId(56997)]);
        assert_eq!(coq8a.sequence.len(), 647);

        let snp25 = &got[2];
        assert_eq!(snp25.accessions.len(), 13);
        assert_eq!(snp25.accessions[0], "P60880");
        assert_eq!(snp25.accessions[12], "Q9BR45");
        assert_eq!(
            snp25.protein_name.as_deref(),
            Some("Synaptosomal-associated protein 25")
        );
        assert_eq!(snp25.gene_names, ["SNAP25", "SNAP"]);
        assert_eq!(snp25.length, 206);
    }

    #[test]
    fn helpers() {
        assert_eq!(
            strip_evidence(
                "Name=COQ8A {ECO:0000303|PubMed:27499294, ECO:0000312|HGNC:HGNC:16812};"
            ),
            "Name=COQ8A;"
        );
        assert_eq!(strip_evidence("Name=X {ECO:0000303"), "Name=X {ECO:0000303");
        assert_eq!(
            gene_names(" Name=CLASRP; Synonyms=SFRS16, SWAP2; ORFNames=UNQ2428/PRO4988;"),
            ["CLASRP", "SFRS16", "SWAP2"]
        );
    }

    #[test]
    fn sequence_shorter_than_sq_is_reported_at_sq_line() {
        let dir = tempfile::tempdir().unwrap();
        // Hand-made: the last residue of SNP25 removed.
        let text = FIXTURE.replace("KMLGSG\n//", "KMLGS\n//");
        assert_ne!(text, FIXTURE);
        let p = write(&dir, "short.dat", &text);
        let sq = line_of(&text, "SQ   SEQUENCE   206 AA");
        assert_eq!(
            first_error(&p),
            format!(
                "{}:{sq}: field `SQ`: entry `SNP25_HUMAN`: SQ line says 206 AA, but the sequence has 205 residues",
                p.display()
            )
        );
    }

    #[test]
    fn id_and_sq_lengths_must_agree() {
        let dir = tempfile::tempdir().unwrap();
        // Hand-made: the SQ line of CASP6 states a different length.
        let text = FIXTURE.replace("SQ   SEQUENCE   293 AA;", "SQ   SEQUENCE   292 AA;");
        let p = write(&dir, "sq.dat", &text);
        let sq = line_of(&text, "SQ   SEQUENCE   292 AA");
        assert_eq!(
            first_error(&p),
            format!(
                "{}:{sq}: field `SQ`: entry `CASP6_HUMAN`: ID line says 293 AA, SQ line says 292 AA",
                p.display()
            )
        );
    }

    #[test]
    fn malformed_lines_name_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        // Hand-made malformed lines.
        let cases = [
            (
                FIXTURE.replacen("OX   NCBI_TaxID=9606;", "OX   NCBI_TaxID=human;", 1),
                "OX   ",
                "field `OX`: expected `NCBI_TaxID=<integer>;`, found \"NCBI_TaxID=human;\"",
            ),
            (
                FIXTURE.replacen("DR   GeneID; 839; -.", "DR   GeneID; CASP6; -.", 1),
                "DR   GeneID",
                "field `DR`: GeneID \"CASP6\" is not an integer",
            ),
            (
                FIXTURE.replacen("Reviewed;         293 AA.", "Reviewed;         293.", 1),
                "ID   ",
                "field `ID`: expected `NAME Reviewed|Unreviewed; LENGTH AA.`, found \"CASP6_HUMAN             Reviewed;         293.\"",
            ),
            (
                FIXTURE.replacen("KSN\n//", "KS1\n//", 1),
                "     SSLEFTELLT",
                "field `sequence`: '1' is not an amino-acid letter",
            ),
        ];
        for (text, line_prefix, msg) in cases {
            assert_ne!(text, FIXTURE);
            let p = write(&dir, "bad.dat", &text);
            let line = line_of(&text, line_prefix);
            assert_eq!(first_error(&p), format!("{}:{line}: {msg}", p.display()));
        }
    }

    #[test]
    fn truncated_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let text = FIXTURE.trim_end().strip_suffix("//").unwrap();
        let p = write(&dir, "cut.dat", text);
        let n = text.lines().count();
        assert_eq!(
            first_error(&p),
            format!(
                "{}:{n}: entry `SNP25_HUMAN` ends without `//` (truncated file?)",
                p.display()
            )
        );
        let p = write(&dir, "gene_info", "#tax_id\tGeneID\tSymbol\n");
        assert!(first_error(&p).starts_with(&format!(
            "{}:1: expected an `ID` line starting a UniProtKB entry",
            p.display()
        )));
        let p = write(&dir, "empty.dat", "");
        assert_eq!(UniprotReader::open(&p).unwrap().count(), 0);
    }

    #[test]
    fn real_swissprot_sample() {
        let p = Path::new(SAMPLE);
        let got = entries(&mut UniprotReader::open(p).unwrap());
        assert_eq!(got.len(), 14);
        for e in &got {
            assert!(e.reviewed, "{}", e.entry_name);
            assert_eq!(e.tax_id, Some(TaxId::HUMAN), "{}", e.entry_name);
            assert_eq!(e.organism.as_deref(), Some("Homo sapiens (Human)"));
            assert_eq!(e.gene_ids.len(), 1, "{}", e.entry_name);
            assert_eq!(e.sequence.len(), e.length as usize);
            assert!(e.protein_name.is_some() && !e.gene_names.is_empty());
            assert!(!e.protein_name.as_deref().unwrap_or("").contains('{'));
        }
        let anke1 = &got[0];
        assert_eq!(anke1.entry_name, "ANKE1_HUMAN");
        assert_eq!(anke1.accessions, ["Q9NU02", "B3KUQ0", "Q9H6Y9"]);
        assert_eq!(anke1.gene_ids, [GeneId(63926)]);
        assert_eq!(anke1.length, 776);
        let jag1 = got.iter().find(|e| e.entry_name == "JAG1_HUMAN").unwrap();
        assert_eq!(jag1.length, 1218);
        assert_eq!(jag1.gene_names, ["JAG1", "JAGL1"]);
        let pak5 = got.iter().find(|e| e.entry_name == "PAK5_HUMAN").unwrap();
        assert_eq!(pak5.gene_names, ["PAK5", "KIAA1264", "PAK7"]);
        assert_eq!(
            pak5.protein_name.as_deref(),
            Some("Serine/threonine-protein kinase PAK 5")
        );
    }
}
