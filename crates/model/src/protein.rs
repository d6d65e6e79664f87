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
    pub organism: Option<String>,
    pub tax_id: Option<TaxId>,
    /// NCBI GeneIDs from `DR   GeneID;` lines: how the entry joins to genes.
    pub gene_ids: Vec<GeneId>,
    pub sequence: String,
    pub length: u32,
}
