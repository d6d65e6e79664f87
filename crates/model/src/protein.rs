//! [`ProteinEntry`]: a protein as UniProtKB describes it.
//!
//! Genes and proteins are different records in different databases; an
//! entry joins to the genes it is a product of through the NCBI GeneIDs it
//! cross-references, which is how a gene page lists its proteins and how
//! network files that name proteins by accession are mapped to genes.

use serde::{Deserialize, Serialize};

use crate::{GeneId, TaxId};

/// A UniProtKB entry, as read from the Swiss-Prot flat file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProteinEntry {
    /// Primary accession first (`O14867`), then secondary ones.
    pub accessions: Vec<String>,
    /// Entry name (`BACH1_HUMAN`).
    pub entry_name: String,
    /// `true` for Swiss-Prot (reviewed), `false` for TrEMBL.
    pub reviewed: bool,
    /// Recommended protein name.
    pub protein_name: Option<String>,
    /// Gene names: the `Name=` first, then synonyms.
    pub gene_names: Vec<String>,
    /// Source organism from the `OS` line(s) without the final period,
    /// e.g. `Homo sapiens (Human)`; `None` when the entry has none.
    pub organism: Option<String>,
    /// NCBI Taxonomy id from the `OX   NCBI_TaxID=` line (`9606`); `None`
    /// when the entry has none.
    pub tax_id: Option<TaxId>,
    /// NCBI GeneIDs from `DR   GeneID;` lines: how the entry joins to genes.
    pub gene_ids: Vec<GeneId>,
    /// Amino-acid sequence in one-letter codes, without spaces (the lines
    /// after `SQ`).
    pub sequence: String,
    /// Length of the sequence in amino acids, as the `SQ` line states it
    /// (checked against the `ID` line and the sequence itself).
    pub length: u32,
}
