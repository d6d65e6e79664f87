//! The write interface a backend implements: [`StoreBackend`] opens an
//! [`ImportTx`], and the workflow in [`crate::import`] drives it.
//!
//! The interface is deliberately small and says nothing about *why*:
//! which earlier import a file replaces, in which order identifiers are
//! tried, when a file is refused. Those rules live above the backends so
//! that SQLite and PostgreSQL cannot come to disagree on them.

use locus_model::{
    BindingSite, Fact, GeneId, ImportId, ImportRecord, OrthologPair, ProteinInteraction,
    RegulationEvidence,
};

use crate::{
    GeneStore, ImportMeta, Result, TaggedText, TaggingRun, TextToTag, UnresolvedRow, WikiStore,
};

/// A store engine: the reads of [`GeneStore`], the wiki of [`WikiStore`],
/// transactional imports and online backups.
pub trait StoreBackend: GeneStore + WikiStore {
    /// Starts an import transaction. Until [`ImportTx::commit`], nothing
    /// it writes is visible to readers, and dropping it (or the process
    /// dying) leaves the store exactly as it was.
    fn begin_import(&self) -> Result<Box<dyn ImportTx + '_>>;

    /// A short description of where the store lives, for messages.
    fn location(&self) -> String;

    /// The engine's own integrity check of everything stored; the
    /// problems it finds, none when the store is sound.
    fn check(&self) -> Result<Vec<String>>;

    /// Writes a consistent copy of the whole store to `to` (which must not
    /// exist) while it keeps serving reads and writes: the copy holds
    /// exactly the writes committed before it started.
    fn backup(&self, to: &std::path::Path) -> Result<()>;

    /// Streams `tables` to `sink` from one snapshot of the store, row by
    /// row in a fixed order (the same on every backend), while the store
    /// keeps serving reads and writes.
    fn export(&self, tables: &[crate::ExportTable], sink: &mut dyn crate::ExportSink)
        -> Result<()>;

    /// Starts a tagging run (`tagger`, `vocabulary` as [`TaggingRun`]
    /// describes them). With `retag`, every earlier tag is dropped in the
    /// same transaction, so every text waits for this run.
    fn start_tagging(&self, tagger: &str, vocabulary: &str, retag: bool) -> Result<TaggingRun>;

    /// Up to `limit` papers and GeneRIFs no run has tagged yet.
    fn untagged_texts(&self, limit: u64) -> Result<Vec<TextToTag>>;

    /// Saves the tags of a batch of texts for `run`, in one transaction
    /// that also bumps the store generation (pages show the tags at once).
    /// A text deleted meanwhile (its import replaced) is passed over.
    fn save_tags(&self, run: i64, texts: &[TaggedText]) -> Result<()>;

    /// Where the newest write made through this handle ends in the
    /// store's history, when reads may be answered by copies that lag
    /// behind it (PostgreSQL read replicas); `None` when every read sees
    /// every committed write, as with one SQLite file or one server.
    ///
    /// A web node hands it to the writer (a cookie), who hands it to
    /// whichever node answers next: see [`StoreBackend::read_after`].
    fn write_position(&self) -> Option<WritePosition> {
        None
    }

    /// Makes every later read through this handle see the store at least
    /// as of `position` (a write made elsewhere, by the caller or by
    /// another node). Whether this raised the bar: then anything cached
    /// from older reads may be older than the caller's own write.
    fn read_after(&self, position: WritePosition) -> bool {
        let _ = position;
        false
    }

    /// Whether every copy reads are answered from holds the writes up to
    /// `position`, so a writer need not carry it any longer.
    fn is_replicated(&self, position: WritePosition) -> bool {
        let _ = position;
        true
    }
}

/// A point in a replicated store's history: for PostgreSQL a WAL
/// position (LSN), written as PostgreSQL writes it (`16/B374D848`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WritePosition(pub u64);

impl std::fmt::Display for WritePosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xffff_ffff)
    }
}

impl std::str::FromStr for WritePosition {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("{s:?} is not a write position (like 16/B374D848)");
        let (hi, lo) = s.split_once('/').ok_or_else(bad)?;
        let hi = u32::from_str_radix(hi, 16).map_err(|_| bad())?;
        let lo = u32::from_str_radix(lo, 16).map_err(|_| bad())?;
        Ok(WritePosition((u64::from(hi) << 32) | u64::from(lo)))
    }
}

/// An identifier to look genes up by, while resolving a network file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// An NCBI GeneID.
    GeneId(GeneId),
    /// A UniProtKB accession: the genes whose cross-references or
    /// imported UniProt entries name it.
    Uniprot(&'a str),
    /// An Ensembl gene or protein stable id.
    Ensembl(&'a str),
    /// An official symbol, in any case.
    Symbol(&'a str),
    /// A synonym, in any case.
    Alias(&'a str),
}

/// A gene that a [`Lookup`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// NCBI GeneID of a gene the identifier names.
    pub gene_id: GeneId,
    /// For symbols: whether the case matches exactly (human `TEC` and
    /// `tec` are two genes). Always true for other lookups.
    pub exact_case: bool,
}

/// A fact ready to be written: network facts carry the genes their
/// identifiers resolved to.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolvedFact {
    /// A fact that names genes by GeneID already (genes, aliases,
    /// literature, GO, proteins). Never a network fact: those arrive as
    /// the variants below.
    Direct(Fact),
    /// A TF → target row.
    Regulation {
        /// The TF's gene.
        tf: GeneId,
        /// The target's gene.
        target: GeneId,
        /// The row as the file gives it.
        row: RegulationEvidence,
    },
    /// An ortholog pair.
    Ortholog {
        /// The gene of the export's own species.
        gene: GeneId,
        /// The gene of the other species.
        ortholog: GeneId,
        /// The row as the file gives it.
        row: OrthologPair,
    },
    /// A STRING association between two different genes, `a` < `b`.
    Interaction {
        /// The gene with the smaller GeneID.
        a: GeneId,
        /// The other gene.
        b: GeneId,
        /// `a`'s STRING protein.
        protein_a: String,
        /// `b`'s STRING protein.
        protein_b: String,
        /// The row as the file gives it.
        row: ProteinInteraction,
    },
    /// A differential-expression row.
    Expression {
        /// The gene.
        gene: GeneId,
        /// The row as the file gives it.
        row: locus_model::DifferentialExpression,
    },
    /// A Bgee expression call.
    AnatomicalExpression {
        /// The gene.
        gene: GeneId,
        /// The row as the file gives it.
        row: locus_model::AnatomicalExpression,
    },
    /// A gene–disease association.
    GeneDisease {
        /// The gene.
        gene: GeneId,
        /// The row as the file gives it.
        row: locus_model::GeneDisease,
    },
    /// A gene–phenotype association.
    GenePhenotype {
        /// The gene.
        gene: GeneId,
        /// The row as the file gives it.
        row: locus_model::GenePhenotype,
    },
    /// A GO annotation from a GAF file.
    Gaf {
        /// The gene.
        gene: GeneId,
        /// The row as the file gives it.
        row: locus_model::GafAnnotation,
    },
    /// A TF binding site.
    BindingSite {
        /// The TF's gene.
        tf: GeneId,
        /// The row as the file gives it.
        row: BindingSite,
    },
}

/// One import transaction of a backend.
///
/// The workflow calls, in order: [`start`](ImportTx::start), then
/// [`live_imports`](ImportTx::live_imports) and
/// [`replace`](ImportTx::replace) for each, then any number of
/// [`candidates`](crate::resolve::GeneLookup::candidates), [`write`](ImportTx::write) and
/// [`write_unresolved`](ImportTx::write_unresolved), then
/// [`rebuild_derived`](ImportTx::rebuild_derived),
/// [`finish`](ImportTx::finish) and [`commit`](ImportTx::commit).
pub trait ImportTx: crate::resolve::GeneLookup {
    /// Records that an import of `meta` starts; returns its id.
    fn start(&mut self, meta: &ImportMeta, started_at: &str) -> Result<ImportId>;

    /// Records that an import of `meta` starts under the id `id`, which
    /// no import of this store has: a store restored from a whole-store
    /// export keeps the ids its rows name. Later imports are numbered
    /// after it.
    fn start_as(&mut self, meta: &ImportMeta, started_at: &str, id: ImportId) -> Result<()>;

    /// Whether import `id` exists and has not been replaced.
    fn is_live(&mut self, id: ImportId) -> Result<bool>;

    /// The earlier imports of `dataset` whose facts are still live.
    fn live_imports(&mut self, dataset: &str) -> Result<Vec<ImportId>>;

    /// Deletes every fact (and unresolved identifier) that import `old`
    /// wrote and records that `by` replaced it.
    fn replace(&mut self, old: ImportId, by: ImportId) -> Result<()>;

    /// What import `import` says of each gene, for its changes (see
    /// [`crate::changes`]): read before an earlier import is replaced and
    /// after the new one's facts are written (and flushed).
    fn gene_digests(
        &mut self,
        import: ImportId,
    ) -> Result<std::collections::BTreeMap<locus_model::GeneId, crate::changes::GeneDigest>>;

    /// Records what changed for genes between two imports.
    fn write_changes(&mut self, changes: &[locus_model::GeneChange]) -> Result<()>;

    /// Writes one fact (or buffers it for a batch insert).
    fn write(&mut self, fact: ResolvedFact) -> Result<()>;

    /// Records an identifier that did not resolve to one gene.
    fn write_unresolved(&mut self, row: &UnresolvedRow) -> Result<()>;

    /// Writes whatever is still buffered; returns the rows this import
    /// wrote, by table (tables without rows left out).
    fn flush(&mut self) -> Result<std::collections::BTreeMap<locus_model::FactTable, u64>>;

    /// Recomputes the derived facts (merged gene records, PubMed counts
    /// and scores, merged TF–target edges, the UniProt accession shown per
    /// gene) that this import's writes and deletions feed, and bumps the
    /// store generation.
    fn rebuild_derived(&mut self) -> Result<()>;

    /// Records the end of the import: release, row counts, tallies, time.
    fn finish(&mut self, record: &ImportRecord) -> Result<()>;

    /// Makes everything visible at once.
    fn commit(self: Box<Self>) -> Result<()>;
}

#[cfg(test)]
mod tests {
    use super::WritePosition;

    /// Positions read and print as PostgreSQL writes an LSN, and order
    /// as numbers (`9/0` before `10/0`).
    #[test]
    fn write_positions_round_trip_in_lsn_form() {
        let p: WritePosition = "16/B374D848".parse().expect("an LSN");
        assert_eq!(p, WritePosition(0x16_B374_D848));
        assert_eq!(p.to_string(), "16/B374D848");
        assert!("9/0".parse::<WritePosition>() < "10/0".parse::<WritePosition>());
        for bad in ["", "16", "16/", "/1", "x/1", "1/100000000", "1/2/3"] {
            assert!(bad.parse::<WritePosition>().is_err(), "{bad:?}");
        }
    }
}
