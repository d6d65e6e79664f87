//! TFLink's published column layouts: [`SIMPLE_FORMAT_COLUMNS`] and the
//! per-protein [`TFS_OF_COLUMNS`], [`TARGETS_OF_COLUMNS`] and
//! [`BINDING_SITES_OF_COLUMNS`].
//!
//! Locus reads these files (the `tflink` and `tflink-protein` importers)
//! and writes them (per-gene `tfs_of_` / `targets_of_` downloads and the
//! whole-network simpleFormat). Both sides use these lists, so what Locus
//! writes is always what it can read back.

/// `simpleFormat`: one TF–target edge per row.
pub const SIMPLE_FORMAT_COLUMNS: [&str; 15] = [
    "UniprotID.TF",
    "UniprotID.Target",
    "NCBI.GeneID.TF",
    "NCBI.GeneID.Target",
    "Name.TF",
    "Name.Target",
    "Detection.method",
    "PubmedID",
    "Organism",
    "Source.database",
    "Small-scale.evidence",
    "TF.TFLink.ortho",
    "TF.nonTFLink.ortho",
    "Target.TFLink.ortho",
    "Target.nonTFLink.ortho",
];

/// `tfs_of_<UniProt>.tsv`: the TFs regulating the file's protein.
pub const TFS_OF_COLUMNS: [&str; 8] = [
    "UniprotID.TF",
    "NCBI.GeneID.TF",
    "Name.TF",
    "Detection.method",
    "PubmedID",
    "Organism",
    "Source.database",
    "Small-scale.evidence",
];

/// `targets_of_<UniProt>.tsv`: the targets the file's protein regulates.
pub const TARGETS_OF_COLUMNS: [&str; 8] = [
    "UniprotID.Target",
    "NCBI.GeneID.Target",
    "Name.Target",
    "Detection.method",
    "PubmedID",
    "Organism",
    "Source.database",
    "Small-scale.evidence",
];

/// `bindingSites_of_<UniProt>.tsv`: genomic binding sites of a TF.
pub const BINDING_SITES_OF_COLUMNS: [&str; 13] = [
    "TFLinkID",
    "UniprotID.TF",
    "Name.TF",
    "Organism",
    "Detection.method",
    "PubmedID",
    "Source.database",
    "Small-scale.evidence",
    "Assembly",
    "Chromosome",
    "Start",
    "End",
    "Strand",
];
