//! [`import`]: what an import does, written once for every backend.
//!
//! One file is one transaction: [`import`] records the import, replaces
//! the facts of any earlier import of the same dataset, resolves the
//! genes of network facts (reporting, never guessing, what does not
//! resolve), writes every fact, refuses a file with no records or of
//! which no network row resolved, has the backend rebuild its derived
//! facts, and commits. Any error — including one the source yields
//! halfway — drops the transaction, and the store is as it was.

use std::collections::{BTreeMap, BTreeSet};

use locus_model::{Fact, FactTable, GeneId, GeneRef, ImportRecord, SourceKind, Tally, TaxId};

use crate::resolve::{Resolved, ResolvedBy, Resolver};
use crate::{
    BoxError, ImportTx, ResolvedFact, Result, Role, StoreBackend, StoreError, UnresolvedReason,
    UnresolvedRow,
};

/// What an import is, before it runs.
#[derive(Debug, Clone)]
pub struct ImportMeta {
    /// The importer that reads the file.
    pub kind: SourceKind,
    /// What a re-import replaces: an earlier import with the same dataset
    /// key (the importers define it: kind and file name).
    pub dataset: String,
    /// The file's name as given.
    pub file_name: String,
    /// SHA-256 of the file's bytes, hex, when known before the import;
    /// a stream that hashes the file while it is read gives it at the end
    /// ([`FactStream::sha256`]).
    pub sha256: String,
    /// Release the caller knows; the file's own statement wins.
    pub release: Option<String>,
    /// An earlier import this one replaces besides the dataset's own
    /// (`locus import --replaces`): another file name for the next
    /// release of a source.
    pub replaces: Option<locus_model::ImportId>,
}

/// A stream of facts from one source file, as the store consumes it.
///
/// The importer crate's readers are adapted to this by the caller, which
/// keeps the store independent of the parsers.
pub trait FactStream {
    /// The next fact, an error that aborts the import, or the end.
    fn next_fact(&mut self) -> Option<std::result::Result<Fact, BoxError>>;
    /// The release the file states, asked once the stream is drained.
    fn release(&self) -> Option<String>;

    /// The file's SHA-256, when the stream computed it while the file was
    /// read; asked once the stream is drained. It replaces
    /// [`ImportMeta::sha256`].
    fn sha256(&mut self) -> std::result::Result<Option<String>, BoxError> {
        Ok(None)
    }
}

/// Which source tables an import wrote to or deleted from.
/// Each backend notes them while an import writes and deletes, and
/// rebuilds only the derived tables they feed.
#[derive(Debug, Default, Clone)]
pub struct Changed {
    /// `gene` rows.
    pub genes: bool,
    /// `gene_pubmed` or `generif` rows.
    pub literature: bool,
    /// UniProt accessions (`gene_xref`, `protein_gene`, or regulation rows
    /// that name them).
    pub proteins: bool,
    /// The (TF, target) pairs whose `regulation` rows were written or
    /// deleted; their merged edges are rebuilt.
    pub edge_pairs: BTreeSet<(GeneId, GeneId)>,
}

impl Changed {
    /// Notes that rows of `table` were written or deleted.
    pub fn note(&mut self, table: FactTable) {
        match table {
            FactTable::Gene => self.genes = true,
            FactTable::GenePubmed | FactTable::Generif => self.literature = true,
            FactTable::GeneXref | FactTable::ProteinGene | FactTable::Protein => {
                self.proteins = true
            }
            _ => {}
        }
    }
}

/// How often the progress callback is called, in facts.
const PROGRESS_EVERY: u64 = 10_000;

/// The current time as RFC 3339, as imports record it.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

/// Imports one source file's facts into `store` in one transaction.
/// Facts of any earlier import of `meta.dataset` are replaced. On error
/// (including one yielded by `facts`) nothing is written.
pub fn import(
    store: &dyn StoreBackend,
    meta: &ImportMeta,
    facts: &mut dyn FactStream,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportRecord> {
    let mut tx = store.begin_import()?;
    let started_at = now_rfc3339();
    let mut earlier = tx.live_imports(&meta.dataset)?;
    if let Some(named) = meta.replaces {
        if !tx.is_live(named)? {
            return Err(StoreError::Source(
                format!(
                    "--replaces {named}: no live import has that number (`locus stats` lists them)"
                )
                .into(),
            ));
        }
        if !earlier.contains(&named) {
            earlier.push(named);
        }
    }
    let id = tx.start(meta, &started_at)?;
    // What each replaced import said of each gene, before its facts go.
    let mut before = Vec::with_capacity(earlier.len());
    for old in earlier {
        before.push((old, tx.gene_digests(old)?));
        tx.replace(old, id)?;
    }
    let mut run = Run {
        tx: tx.as_mut(),
        kind: meta.kind,
        id,
        resolver: Resolver::default(),
        organisms: Vec::new(),
        tallies: BTreeMap::new(),
        first_unresolved: None,
        last_unresolved: None,
    };
    let mut n = 0u64;
    while let Some(fact) = facts.next_fact() {
        run.write(fact.map_err(StoreError::Source)?)?;
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            progress(n);
        }
    }
    let row_counts = run.tx.flush()?;
    progress(n);
    if n == 0 {
        return Err(StoreError::EmptySource { kind: meta.kind });
    }
    run.refuse_if_nothing_resolved(&row_counts)?;
    let tallies = run.tallies;
    if !before.is_empty() {
        let after = tx.gene_digests(id)?;
        for (old, digest) in &before {
            tx.write_changes(&crate::changes::diff(digest, &after, id, *old))?;
        }
    }
    tx.rebuild_derived()?;
    let record = ImportRecord {
        id,
        kind: meta.kind,
        dataset: meta.dataset.clone(),
        file_name: meta.file_name.clone(),
        sha256: facts
            .sha256()
            .map_err(StoreError::Source)?
            .unwrap_or_else(|| meta.sha256.clone()),
        release: facts.release().or_else(|| meta.release.clone()),
        row_counts,
        tallies,
        started_at,
        finished_at: Some(now_rfc3339()),
    };
    tx.finish(&record)?;
    tx.commit()?;
    Ok(record)
}

/// One import under way.
struct Run<'t> {
    tx: &'t mut dyn ImportTx,
    kind: SourceKind,
    id: locus_model::ImportId,
    resolver: Resolver,
    /// Organisms already checked to have genes in the store.
    organisms: Vec<TaxId>,
    tallies: BTreeMap<Tally, u64>,
    /// For the refusal message of a file of which nothing resolved.
    first_unresolved: Option<UnresolvedRow>,
    /// Line and role of the identifier last reported unresolved: a file
    /// that gives one line several facts (an Expression Atlas gene with a
    /// value per contrast) reports its gene once, not once per fact.
    last_unresolved: Option<(u64, Role)>,
}

impl Run<'_> {
    fn tally(&mut self, t: Tally) {
        *self.tallies.entry(t).or_default() += 1;
    }

    /// Counts a row not written because an end did not resolve.
    fn skip(&mut self, t: Tally) -> Result<()> {
        self.tally(t);
        Ok(())
    }

    fn put(&mut self, fact: ResolvedFact) -> Result<()> {
        self.tx.write(fact)
    }

    fn write(&mut self, fact: Fact) -> Result<()> {
        match fact {
            Fact::Regulation(row) => {
                let tf = self.resolve(&row.tf, Role::Tf, row.line)?;
                let target = self.resolve(&row.target, Role::Target, row.line)?;
                match (tf, target) {
                    (Some(tf), Some(target)) => {
                        self.put(ResolvedFact::Regulation { tf, target, row })
                    }
                    _ => self.skip(Tally::RegulationRowsSkipped),
                }
            }
            Fact::Ortholog(row) => {
                let gene = self.resolve(&row.gene, Role::Gene, row.line)?;
                let ortholog = self.resolve(&row.ortholog, Role::Ortholog, row.line)?;
                match (gene, ortholog) {
                    (Some(gene), Some(ortholog)) => self.put(ResolvedFact::Ortholog {
                        gene,
                        ortholog,
                        row,
                    }),
                    _ => self.skip(Tally::OrthologRowsSkipped),
                }
            }
            Fact::Interaction(row) => {
                let a = self.resolve(&row.a, Role::ProteinA, row.line)?;
                let b = self.resolve(&row.b, Role::ProteinB, row.line)?;
                let (Some(a), Some(b)) = (a, b) else {
                    return self.skip(Tally::InteractionRowsSkipped);
                };
                if a == b {
                    // Two proteins of one gene: not a gene–gene edge.
                    self.tally(Tally::InteractionSameGene);
                    return Ok(());
                }
                let protein = |r: &GeneRef| r.ensembl.clone().unwrap_or_default();
                let (a, b, protein_a, protein_b) = if a < b {
                    (a, b, protein(&row.a), protein(&row.b))
                } else {
                    (b, a, protein(&row.b), protein(&row.a))
                };
                self.put(ResolvedFact::Interaction {
                    a,
                    b,
                    protein_a,
                    protein_b,
                    row,
                })
            }
            Fact::Expression(row) => match self.resolve(&row.gene, Role::Gene, row.line)? {
                Some(gene) => self.put(ResolvedFact::Expression { gene, row }),
                None => self.skip(Tally::ExpressionRowsSkipped),
            },
            Fact::AnatomicalExpression(row) => {
                match self.resolve(&row.gene, Role::Gene, row.line)? {
                    Some(gene) => self.put(ResolvedFact::AnatomicalExpression { gene, row }),
                    None => self.skip(Tally::ExpressionRowsSkipped),
                }
            }
            Fact::GeneDisease(row) => match self.resolve(&row.gene, Role::Gene, row.line)? {
                Some(gene) => self.put(ResolvedFact::GeneDisease { gene, row }),
                None => self.skip(Tally::AssociationRowsSkipped),
            },
            Fact::GenePhenotype(row) => match self.resolve(&row.gene, Role::Gene, row.line)? {
                Some(gene) => self.put(ResolvedFact::GenePhenotype { gene, row }),
                None => self.skip(Tally::AssociationRowsSkipped),
            },
            Fact::Gaf(row) => match self.resolve(&row.gene, Role::Gene, row.line)? {
                Some(gene) => self.put(ResolvedFact::Gaf { gene, row }),
                None => self.skip(Tally::AnnotationRowsSkipped),
            },
            Fact::BindingSite(row) => match self.resolve(&row.tf, Role::Tf, row.line)? {
                Some(tf) => self.put(ResolvedFact::BindingSite { tf, row }),
                None => self.skip(Tally::BindingSiteRowsSkipped),
            },
            direct => self.put(ResolvedFact::Direct(direct)),
        }
    }

    /// Resolves one end of a network fact. An unresolved end is recorded
    /// and counted, so it is reported, never dropped.
    fn resolve(&mut self, r: &GeneRef, role: Role, line: u64) -> Result<Option<GeneId>> {
        if !self.organisms.contains(&r.tax_id) {
            if !self.tx.has_organism(r.tax_id)? {
                return Err(StoreError::NoGenesOfOrganism {
                    tax_id: r.tax_id,
                    kind: self.kind,
                });
            }
            self.organisms.push(r.tax_id);
        }
        let (reason, candidates) = match self.resolver.resolve(&mut *self.tx, r)? {
            Resolved::Gene { gene_id, by } => {
                if by == ResolvedBy::Alias {
                    self.tally(Tally::ResolvedByAlias);
                }
                return Ok(Some(gene_id));
            }
            Resolved::NotFound => (UnresolvedReason::NotFound, Vec::new()),
            Resolved::Ambiguous(c) => (UnresolvedReason::Ambiguous, c),
            Resolved::Complex => (UnresolvedReason::Complex, Vec::new()),
        };
        if self.last_unresolved == Some((line, role)) {
            return Ok(None);
        }
        self.last_unresolved = Some((line, role));
        self.tally(reason.tally());
        let row = UnresolvedRow {
            import_id: self.id,
            line,
            role,
            identifier: r.display(),
            reason,
            candidates,
        };
        self.tx.write_unresolved(&row)?;
        self.first_unresolved.get_or_insert(row);
        Ok(None)
    }

    /// Fails a network import of which no row resolved (a `tfs_of_` file
    /// whose protein the store cannot map, a mouse file imported as
    /// human): committing it would only replace good data with a list of
    /// failures.
    fn refuse_if_nothing_resolved(&self, row_counts: &BTreeMap<FactTable, u64>) -> Result<()> {
        let written: u64 = row_counts
            .iter()
            .filter(|(t, _)| t.is_network())
            .map(|(_, n)| n)
            .sum();
        let skipped: u64 = self
            .tallies
            .iter()
            .filter(|(t, _)| t.is_skipped_rows())
            .map(|(_, n)| n)
            .sum();
        match &self.first_unresolved {
            Some(first) if written == 0 && skipped > 0 => Err(StoreError::NothingResolved {
                kind: self.kind,
                rows: skipped,
                line: first.line,
                role: first.role,
                identifier: first.identifier.clone(),
                reason: first.reason,
            }),
            _ => Ok(()),
        }
    }
}

/// Restores one import of a whole-store export into `store`, in one
/// transaction: the import as `record` states it (id, kind, file,
/// release, times, tallies), `facts` with their genes as the export
/// resolved them, and the identifiers it could not resolve. The rows
/// written must number `expected`, table by table (the export's rows of
/// this import), or nothing is written. The store must not hold an
/// import with `record`'s id.
///
/// The store's history comes with it: `replaces` are restored imports
/// (without facts) this one replaced, `changes` what it changed for genes
/// when it did.
pub fn restore(
    store: &dyn StoreBackend,
    record: &ImportRecord,
    expected: &BTreeMap<FactTable, u64>,
    facts: &mut dyn Iterator<Item = std::result::Result<ResolvedFact, BoxError>>,
    unresolved: &mut dyn Iterator<Item = std::result::Result<UnresolvedRow, BoxError>>,
    replaces: &[locus_model::ImportId],
    changes: &[locus_model::GeneChange],
) -> Result<()> {
    let mut tx = store.begin_import()?;
    let meta = ImportMeta {
        kind: record.kind,
        dataset: record.dataset.clone(),
        file_name: record.file_name.clone(),
        sha256: record.sha256.clone(),
        release: record.release.clone(),
        replaces: None,
    };
    tx.start_as(&meta, &record.started_at, record.id)?;
    for old in replaces {
        tx.replace(*old, record.id)?;
    }
    for fact in facts {
        tx.write(fact.map_err(StoreError::Source)?)?;
    }
    for row in unresolved {
        tx.write_unresolved(&row.map_err(StoreError::Source)?)?;
    }
    let written = tx.flush()?;
    if written != *expected {
        return Err(StoreError::Source(
            format!(
                "import #{} ({}): {written:?} rows were written of the export's {expected:?}",
                record.id, record.file_name
            )
            .into(),
        ));
    }
    tx.write_changes(changes)?;
    tx.rebuild_derived()?;
    tx.finish(record)?;
    tx.commit()
}
