//! [`Publication`], [`GenePubmed`] and [`GeneRif`]: the literature about
//! genes.
//!
//! Sources link genes to PubMed ids (`gene2pubmed`, org.Hs.eg.db), curators
//! summarise what an article says about a gene (GeneRIFs), and PubMed XML
//! gives the citation behind an id. Keeping the three apart lets a gene page
//! list and rank its references even when no citation has been imported.

use serde::{Deserialize, Serialize};

use crate::{GeneId, Pmid, TaxId};

/// A gene→PubMed link, as in NCBI `gene2pubmed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenePubmed {
    /// Organism of the gene as the source states it (`#tax_id` of
    /// `gene2pubmed`, the package taxon of org.Hs.eg.db); `None` when a
    /// source does not state it.
    pub tax_id: Option<TaxId>,
    /// NCBI GeneID of the gene (`GeneID` column).
    pub gene_id: GeneId,
    /// The article the source links to the gene (`PubMed_ID` column,
    /// org.Hs.eg.db `pubmed.pubmed_id`).
    pub pmid: Pmid,
}

/// A Gene Reference Into Function: a short curated statement about a gene's
/// function with the PubMed articles it comes from (NCBI `generifs_basic`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneRif {
    /// Organism of the gene (`#Tax ID` of `generifs_basic`); `None` for the
    /// Pharos table, which does not state it.
    pub tax_id: Option<TaxId>,
    /// NCBI GeneID of the gene the statement is about (`Gene ID`).
    pub gene_id: GeneId,
    /// The articles the statement comes from, in the order of the
    /// comma-separated `PubMed ID (PMID) list`.
    pub pmids: Vec<Pmid>,
    /// `last update timestamp` as NCBI writes it (`2010-01-21 00:00`), when given.
    pub last_update: Option<String>,
    /// The statement as the curator wrote it (`GeneRIF text`), e.g. `Bach1
    /// functions as a hypoxia-inducible repressor for the HO-1 gene, …`.
    pub text: String,
}

/// A MeSH heading of a citation: one `<MeshHeading>` of the MEDLINE
/// record, a Medical Subject Headings descriptor with its qualifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeshHeading {
    /// The descriptor's name (`DescriptorName`), e.g. `Cell Polarity`.
    pub descriptor: String,
    /// Descriptor UI, e.g. `D006801`, when given.
    pub ui: Option<String>,
    /// Whether indexers marked the heading as a main topic of the article
    /// (`MajorTopicYN="Y"` on the descriptor or on any of its qualifiers;
    /// PubMed shows these with an asterisk).
    pub major_topic: bool,
    /// The qualifiers (subheadings) attached to the descriptor, in file
    /// order, e.g. `physiology`, `metabolism`.
    pub qualifiers: Vec<String>,
}

/// A PubMed citation, as read from PubMed/MEDLINE XML.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    /// The citation's PubMed id (`<PMID>`).
    pub pmid: Pmid,
    /// Article title (`ArticleTitle`), else the title in the original
    /// language (`VernacularTitle`); empty when the record has neither.
    pub title: String,
    /// Journal's full title (`Journal/Title`), else its ISO abbreviation,
    /// else the MEDLINE abbreviation (`MedlineTA`); `None` when none is given.
    pub journal: Option<String>,
    /// Publication year: the issue's `PubDate/Year`, else the first year
    /// in a free-text `MedlineDate` (`1998 Dec-1999 Jan`), else the
    /// electronic `ArticleDate`; `None` when the record has no year.
    pub year: Option<i32>,
    /// `Last Initials` or a collective name, in order.
    pub authors: Vec<String>,
    /// The abstract: its `AbstractText` paragraphs joined by blank lines,
    /// each section of a structured abstract prefixed by its label
    /// (`BACKGROUND: …`). `None` when the record has no abstract.
    pub abstract_text: Option<String>,
    /// MeSH headings indexers assigned to the article, in file order;
    /// empty for citations not yet indexed.
    pub mesh: Vec<MeshHeading>,
    /// The article's DOI without a resolver prefix (`10.3791/50926`), from
    /// `ELocationID EIdType="doi"` or else `ArticleId IdType="doi"`;
    /// `None` when the record gives none.
    pub doi: Option<String>,
}
