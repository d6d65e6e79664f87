//! Read models: what the queries of [`crate::GeneStore`] return, shaped for
//! pages and the API, with [`GeneDetail`] as the principal one.
//!
//! They live here, apart from any backend, so that every engine answers
//! with the same types and pages, the API and the CLI can be written once
//! against them. Each row that shows imported facts carries the
//! [`ImportId`] of the import it came from, so a page can cite its source.

use locus_model::{DbXref, GeneId, GeneSummary, ImportId, ImportRecord, Pmid, TaxId};
use serde::{Deserialize, Serialize};

/// How a user's query names genes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Resolution {
    /// One gene: by GeneID, official symbol, or an alias of only one gene.
    Found {
        /// The gene.
        gene_id: GeneId,
        /// How the query matched.
        matched: MatchedBy,
        /// Other genes that list the query as an alias (shown as a note).
        also_alias_of: Vec<GeneSummary>,
    },
    /// The query is an alias (or symbol, across organisms) of several genes.
    Ambiguous {
        /// The genes the name fits, the organism asked for first.
        candidates: Vec<GeneSummary>,
    },
    /// No gene has this id, symbol or alias.
    NotFound,
}

/// How a name matched a gene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The NCBI GeneID.
    GeneId,
    /// The official symbol.
    Symbol,
    /// An alias (synonym) of only this gene.
    Alias,
}

/// Derived literature numbers for a gene.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneStats {
    /// Distinct PubMed ids linked to the gene by any imported source.
    pub pubmed_count: u64,
    /// Σ over the gene's PubMed ids of 1/n, n = genes linked to that id.
    pub pubmed_score: f64,
    /// GeneRIF statements about the gene, over every live GeneRIF import.
    pub generif_count: u64,
    /// Distinct GO terms annotated to the gene (a term counted once per
    /// aspect, whatever its evidence codes).
    pub go_count: u64,
    /// Imported abstracts (title and abstract) in which Locus's tagger
    /// found the gene.
    #[serde(default)]
    pub text_mined_papers: u64,
    /// Text-mined score, as Pharos' PubTator score: the sum over those
    /// abstracts of the gene's share of the abstract's gene mentions.
    #[serde(default)]
    pub text_mined_score: f64,
}

/// Everything the header and summary of a gene page need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneDetail {
    /// NCBI GeneID of the gene.
    pub gene_id: GeneId,
    /// NCBI Taxonomy id of its organism (`9606` human).
    pub tax_id: TaxId,
    /// Symbol NCBI shows for the gene, official when an authority (HGNC,
    /// MGI) has named it, e.g. `BACH1`.
    pub symbol: String,
    /// Full name (`description` in `gene_info`), e.g. `BTB domain and CNC
    /// homolog 1`; `None` when the shown record has none.
    pub name: Option<String>,
    /// NCBI `LocusTag` (systematic name, mostly microbes and yeast);
    /// `None` for most human genes.
    pub locus_tag: Option<String>,
    /// Chromosome as NCBI writes it (`21`, `X`, `MT`, `X|Y`).
    pub chromosome: Option<String>,
    /// Cytogenetic band as NCBI writes it, e.g. `21q21.3`.
    pub map_location: Option<String>,
    /// NCBI `type_of_gene`: `protein-coding`, `ncRNA`, `pseudo`, …
    pub gene_type: Option<String>,
    /// Symbol from the nomenclature authority (HGNC, MGI); `None` when the
    /// authority has not named the gene or the record is from org.Hs.eg.db.
    pub nomenclature_symbol: Option<String>,
    /// Full name from the nomenclature authority; `None` as above.
    pub nomenclature_name: Option<String>,
    /// `O` official, `I` interim; `None` without authority nomenclature.
    pub nomenclature_status: Option<String>,
    /// Last modification of the NCBI record, ISO date (`2021-07-08`);
    /// `None` when the shown record is from org.Hs.eg.db.
    pub modification_date: Option<String>,
    /// Other symbols of the gene from every source (`gene_info`
    /// `Synonyms`, org.Hs.eg.db `alias`), once each ignoring case, without
    /// the symbol itself, earliest import first.
    pub aliases: Vec<String>,
    /// Other full names of the gene or its products (`gene_info`
    /// `Other_designations`), e.g. `transcription regulator protein BACH1`.
    pub other_designations: Vec<String>,
    /// Cross-references from every source, once each, sorted by database
    /// then identifier (`Ensembl:ENSG00000156273`, `HGNC:HGNC:935`, …).
    pub xrefs: Vec<DbXref>,
    /// The one UniProt accession Locus shows for the gene (network tables
    /// and TFLink-style file names); see `gene_uniprot` in the store.
    pub uniprot: Option<String>,
    /// The gene's literature and GO counts.
    pub stats: GeneStats,
    /// Import whose gene record is shown (highest precedence source).
    pub record_import_id: ImportId,
}

/// A GeneRIF as shown on a page, with the import it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneRifRow {
    /// The articles the statement comes from, in the source's order.
    pub pmids: Vec<Pmid>,
    /// The curated statement about the gene's function, as written.
    pub text: String,
    /// NCBI's `last update timestamp` (`2010-01-21 00:00`); `None` for
    /// sources that do not give one (Pharos).
    pub last_update: Option<String>,
    /// The import (GeneRIF file) the statement came from.
    pub import_id: ImportId,
}

/// One row of a gene's reference list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceRow {
    /// The article's PubMed id.
    pub pmid: Pmid,
    /// Publication year from the imported citation; `None` when no
    /// PubMed/MEDLINE import holds this PMID, or the record has no year.
    pub year: Option<i32>,
    /// Article title from the imported citation; `None` without one.
    pub title: Option<String>,
    /// Journal title from the imported citation; `None` without one.
    pub journal: Option<String>,
    /// Number of genes linked to this PMID (the n of the fractional score).
    pub genes_linked: u64,
}

/// A page of references, newest PubMed id first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferencePage {
    /// Distinct PubMed ids any source links to the gene.
    pub total: u64,
    /// How many of the `total` references have an imported citation.
    pub with_citation: u64,
    /// Index of the first row returned, as requested.
    pub offset: u64,
    /// Most rows the page holds, as requested.
    pub limit: u64,
    /// The references of this page, newest PubMed id first.
    pub rows: Vec<ReferenceRow>,
}

/// Counts per kind of fact and per import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreStats {
    /// Rows of each fact table, over the live imports.
    pub facts: std::collections::BTreeMap<locus_model::FactTable, u64>,
    /// Genes (merged records) per organism.
    pub genes_by_organism: std::collections::BTreeMap<TaxId, u64>,
    /// Distinct gene→PubMed links (one per gene and PMID, however many
    /// sources give it).
    pub gene_pubmed_links: u64,
    /// Merged TF → target edges.
    pub tf_target_edges: u64,
    /// Every live import.
    pub imports: Vec<ImportRecord>,
}

/// A PubMed id as Locus knows it: the citation (when a PubMed/MEDLINE
/// import brought it) and the genes that sources link to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationDetail {
    /// The PubMed id.
    pub pmid: Pmid,
    /// Title, authors, abstract and MeSH headings from the latest import
    /// that holds them; `None` when the PMID is only known through
    /// gene links.
    pub citation: Option<locus_model::Publication>,
    /// Import the citation came from.
    pub citation_import_id: Option<ImportId>,
    /// Genes that sources (`gene2pubmed`, org.Hs.eg.db) link to the
    /// article, human genes first, then by symbol.
    pub genes: Vec<GeneSummary>,
    /// The abstract as annotated by other tools (PubTator imports), one
    /// entry per import, oldest import first.
    #[serde(default)]
    pub annotated: Vec<AnnotatedText>,
    /// The title and abstract with the mentions Locus's own tagger found,
    /// once a tagging run has read them.
    #[serde(default)]
    pub locus_tags: Option<LocusTags>,
}

/// A text waiting for Locus's tagger: a paper's title and abstract or a
/// GeneRIF, as the full-text index holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextToTag {
    /// The text's row in the store (stable while its import stands).
    pub doc: i64,
    /// The text: `title + " " + abstract` for a paper, the GeneRIF's text.
    pub text: String,
}

/// One mention Locus's tagger found, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextMention {
    /// Offset of the first character (characters, as PubTator counts).
    pub start: u32,
    /// Offset just after the last character.
    pub end: u32,
    /// The mention as written.
    pub mention: String,
    /// `Gene`, `Disease` or `Chemical`.
    pub kind: String,
    /// GeneIDs, or a MeSH or ontology id.
    pub ids: Vec<String>,
    /// For genes, the organism chosen.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub tax_id: Option<TaxId>,
    /// The rule that found it, as the tagger explains it
    /// (`{"rule":"name","source":"symbol"}`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub rule: serde_json::Value,
}

/// The mentions found in one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedText {
    /// The text's row (from [`TextToTag::doc`]).
    pub doc: i64,
    /// Its mentions, by offset.
    pub mentions: Vec<TextMention>,
    /// What its sentences name together: each gene with each other gene,
    /// disease, phenotype and chemical of the same sentence.
    #[serde(default)]
    pub pairs: Vec<CoMention>,
}

/// A gene and another gene, disease or phenotype named in the same
/// sentences of one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoMention {
    /// The gene.
    pub gene: GeneId,
    /// The other: a gene, or a disease or phenotype as the tagger wrote it
    /// (MeSH id, else the ontology id).
    pub other: CoMentioned,
    /// Sentences of the text naming both.
    pub sentences: u32,
}

/// What a gene is named with.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CoMentioned {
    /// Another gene.
    Gene(GeneId),
    /// A disease or phenotype (`D001943`, `DOID:1612`, `HP:0001250`).
    Disease(String),
    /// A chemical, by MeSH id (`D006046`).
    Chemical(String),
}

/// Where a text of a gene's literature comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GeneTextSource {
    /// One of the gene's GeneRIFs: curated, about the gene by definition.
    Generif,
    /// A paper's title and abstract in which the tagger found the gene.
    Paper,
}

/// A tagged text about one gene, for literature by topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneText {
    /// A GeneRIF or a paper.
    pub source: GeneTextSource,
    /// The paper's PMID, or the GeneRIF's.
    pub pmids: Vec<Pmid>,
    /// The text the mentions' offsets count into (a paper's title, a
    /// space, its abstract).
    pub text: String,
    /// Characters of the title at the start of a paper's text; 0 for a
    /// GeneRIF.
    pub title_chars: u32,
    /// The tagger's mentions, by offset.
    pub mentions: Vec<TextMention>,
    /// Mentions naming this gene.
    pub gene_mentions: u32,
    /// Gene mentions in the text, a mention naming k genes counted k
    /// times (so the genes' shares add up to one).
    pub all_gene_mentions: u32,
    /// Genes the gene–PubMed sources link to the (first) PMID; 0 when
    /// none does.
    pub genes_linked: u64,
    /// Whether a GeneRIF of this gene cites the paper (always, for a
    /// GeneRIF).
    pub generif_cited: bool,
}

/// The newest tagged texts about a gene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneTexts {
    /// Tagged texts about the gene in the store (GeneRIFs and papers).
    pub total: u64,
    /// The newest of them (by PMID), up to the limit asked for.
    pub texts: Vec<GeneText>,
}

/// The texts in which a gene and another gene, disease or phenotype are
/// named in one sentence: a co-mention edge's evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoMentionTexts {
    /// Texts naming both, newest first (up to the limit asked for).
    pub texts: Vec<GeneText>,
    /// Texts naming both in all.
    pub total: u64,
    /// The ids the tagger wrote for the other (a gene's GeneID; a term's
    /// own id or the MeSH ids that stand for it).
    pub other_ids: Vec<String>,
}

/// A tagging run: which tagger, over which vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaggingRun {
    /// Its number.
    pub id: i64,
    /// When it started (UTC, RFC 3339).
    pub started_at: String,
    /// The tagger and its learned file (`locus-tagger 0.1.0, learned.tsv sha256 …`).
    pub tagger: String,
    /// The vocabulary: the store generation and the imports it held.
    pub vocabulary: String,
    /// Texts tagged so far.
    pub texts: u64,
    /// Mentions found so far.
    pub mentions: u64,
}

/// A paper's title and abstract as Locus's tagger read them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocusTags {
    /// The run that tagged it.
    pub run: TaggingRun,
    /// The text the offsets count into: title, a space, abstract.
    pub text: String,
    /// Characters of the title at the text's start.
    pub title_chars: u32,
    /// The mentions, by offset.
    pub mentions: Vec<TextMention>,
}

/// An abstract with the mentions one import (a PubTator file) marks in
/// it, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotatedText {
    /// The import the annotations come from.
    pub import_id: ImportId,
    /// The title as the file gives it.
    pub title: String,
    /// The abstract as the file gives it; offsets count characters of
    /// title, a space, and this.
    pub abstract_text: String,
    /// The mentions, by offset.
    pub annotations: Vec<locus_model::TextAnnotation>,
}

/// How many of a gene's PubMed ids one kind of source links it to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PubmedSourceCount {
    /// The kind of source (`gene2pubmed`, `orgdb`).
    pub source: locus_model::SourceKind,
    /// Distinct PubMed ids it links the gene to.
    pub pmids: u64,
}

/// One differential-expression result of a gene, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpressionRow {
    /// The disease or condition compared with reference samples.
    pub condition: String,
    /// The disease or phenotype of that name, where an imported ontology
    /// names one exactly (`osteosarcoma` → HP:0002669).
    pub condition_term: Option<TermLink>,
    /// What it is compared with, when the source says (`control`).
    pub reference: Option<String>,
    /// The condition's ontology term, when the source gives one.
    pub condition_uri: Option<String>,
    /// The contrast's name in its experiment, when known.
    pub contrast: Option<String>,
    /// The experiment, when known.
    pub experiment: Option<String>,
    /// log2 fold change, test over reference.
    pub log2_fold_change: Option<f64>,
    /// The p-value as the source gives it.
    pub p_value: Option<f64>,
    /// The Benjamini–Hochberg adjusted p-value, when known.
    pub adjusted_p_value: Option<f64>,
    /// The source that reported it.
    pub source: locus_model::SourceKind,
    /// How the values were obtained: as the source published them, or how
    /// Locus computed them ([`locus_model::expression_method`]).
    pub method: String,
    /// The import it came from.
    pub import_id: ImportId,
}

/// One Bgee expression call of a gene, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpressionCallRow {
    /// UBERON or Cell Ontology id (`UBERON:0002107`).
    pub anatomical_entity_id: String,
    /// Its name (`liver`).
    pub anatomical_entity_name: String,
    /// Developmental stage id, where the file gives conditions.
    pub developmental_stage_id: Option<String>,
    /// Developmental stage name.
    pub developmental_stage_name: Option<String>,
    /// Sex (`male`, `female`, `any`), where given.
    pub sex: Option<String>,
    /// Strain or ethnicity, where given.
    pub strain: Option<String>,
    /// Present or absent.
    pub call: locus_model::ExpressionCall,
    /// Bgee's call quality (`gold quality`, `silver quality`).
    pub quality: String,
    /// The call's FDR.
    pub fdr: Option<f64>,
    /// Bgee expression score (0–100, higher is more expressed).
    pub score: Option<f64>,
    /// Bgee expression rank (lower is more expressed).
    pub rank: Option<f64>,
    /// The import it came from.
    pub import_id: ImportId,
}

/// A gene's calls in one anatomical entity, over its conditions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityExpression {
    /// UBERON or Cell Ontology id.
    pub anatomical_entity_id: String,
    /// Its name.
    pub anatomical_entity_name: String,
    /// The highest expression score of the gene's calls there.
    pub best_score: Option<f64>,
    /// Conditions (stage, sex, strain) called present.
    pub present: u64,
    /// Conditions called absent.
    pub absent: u64,
}

/// A page of a gene's expression calls: present calls first, highest
/// expression score first; with the anatomical entities they cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpressionCallPage {
    /// The gene's calls in all.
    pub total: u64,
    /// How many of them are `present`.
    pub present: u64,
    /// Distinct anatomical entities among the calls.
    pub entities: u64,
    /// The entities with the highest best score (as many as the page's
    /// limit), each summed over its conditions.
    pub top_entities: Vec<EntityExpression>,
    /// The calls of this page.
    pub rows: Vec<ExpressionCallRow>,
}

/// A gene's names for the in-memory search index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchEntry {
    /// NCBI GeneID of the gene.
    pub gene_id: GeneId,
    /// NCBI Taxonomy id of its organism.
    pub tax_id: TaxId,
    /// Symbol NCBI shows for the gene (`BACH1`).
    pub symbol: String,
    /// Full name (`BTB domain and CNC homolog 1`), when known.
    pub name: Option<String>,
    /// NCBI `type_of_gene`, when known.
    pub gene_type: Option<String>,
    /// Cytogenetic band (`21q21.3`), when known.
    pub map_location: Option<String>,
    /// Synonyms from every source, without the symbol itself.
    pub aliases: Vec<String>,
    /// Distinct PubMed ids linked to the gene; search ranks
    /// better-studied genes first among equal matches.
    pub pubmed_count: u64,
    /// The gene's identifiers in other databases, as `(database, id)`
    /// (`("Ensembl", "ENSG00000156273")`, `("HGNC", "HGNC:935")`,
    /// `("MIM", "602751")`), so a search for any of them finds it.
    #[serde(default)]
    pub identifiers: Vec<(String, String)>,
}

/// The gene at the other end of an edge, as network tables show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partner {
    /// NCBI GeneID of the partner gene.
    pub gene_id: GeneId,
    /// Its organism; differs from the gene's own for orthologs.
    pub tax_id: TaxId,
    /// Its symbol (`HMOX1`).
    pub symbol: String,
    /// Its full name (`heme oxygenase 1`), when known.
    pub name: Option<String>,
    /// The gene's UniProt accession, when one is known (see `gene_uniprot`).
    pub uniprot: Option<String>,
}

/// One row of a "Regulated by" or "Regulates" table: the partner and the
/// merged edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationEdgeRow {
    /// The gene at the other end: the TF in a "Regulated by" table, the
    /// target in a "Regulates" table.
    pub partner: Partner,
    /// The merged TF → target edge with its evidence summary.
    pub edge: locus_model::TfTargetEdge,
}

/// An ortholog of a gene in another species.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrthologRow {
    /// The orthologous gene in the other species.
    pub partner: Partner,
    /// `ortholog_one2one`, `ortholog_one2many`, …
    pub homology_type: String,
    /// Ensembl's orthology confidence, 0 (low) or 1 (high); `None` when
    /// the export lacks the column or the cell.
    pub confidence: Option<u8>,
    /// Ensembl's gene-order conservation score (0–100): the share of the
    /// pair's neighbouring genes that are orthologous too. `None` when
    /// not given.
    pub goc_score: Option<f64>,
    /// The BioMart export the row came from.
    pub import_id: ImportId,
}

/// A STRING association of a gene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionRow {
    /// The associated gene.
    pub partner: Partner,
    /// The STRING protein of this gene: an Ensembl protein id without
    /// STRING's taxon prefix (`ENSP00000286479`).
    pub protein: String,
    /// The STRING protein of the partner, in the same form.
    pub partner_protein: String,
    /// STRING's channel scores and combined score, each 0–1000.
    pub scores: locus_model::StringScores,
    /// The STRING file the association came from.
    pub import_id: ImportId,
}

/// A page of a gene's STRING associations, best-scored first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionPage {
    /// The gene's associations in all: one per partner gene and STRING
    /// import.
    pub total: u64,
    /// The best-scored associations, at most the limit asked for.
    pub rows: Vec<InteractionRow>,
}

/// A TF binding site (TFLink).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BindingSiteRow {
    /// TFLink's identifier of the site (`TFLinkLT00282200`).
    pub tflink_id: String,
    /// Genome assembly the coordinates refer to (`hg38`).
    pub assembly: String,
    /// Chromosome in UCSC style (`chr1`).
    pub chromosome: String,
    /// Start coordinate as TFLink writes it (TFLink does not state
    /// whether it is 0- or 1-based).
    pub start: u64,
    /// End coordinate as TFLink writes it, at or after `start`.
    pub end: u64,
    /// `+`, `-` or `.` (unknown).
    pub strand: String,
    /// Detection methods (`chromatin immunoprecipitation assay`).
    pub methods: Vec<String>,
    /// PubMed ids that report the site.
    pub pmids: Vec<Pmid>,
    /// Databases TFLink took the site from (`GTRD`, `ReMap`).
    pub databases: Vec<String>,
    /// TFLink's `Small-scale.evidence` flag.
    pub small_scale: Option<bool>,
    /// The `bindingSites_of_` file the site came from.
    pub import_id: ImportId,
}

/// A page of a TF's binding sites in genome order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BindingSitePage {
    /// The TF's binding sites in all.
    pub total: u64,
    /// The sites of this page, by chromosome then start.
    pub rows: Vec<BindingSiteRow>,
}

/// How many knowledge-graph edges of each kind touch a gene.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KgCounts {
    /// TFs regulating the gene.
    pub regulators: u64,
    /// Targets the gene regulates.
    pub targets: u64,
    /// STRING associations of the gene (one per partner and import).
    pub interactions: u64,
    /// Distinct orthologous genes in other species.
    pub orthologs: u64,
    /// TFLink binding sites of the gene as a TF.
    pub binding_sites: u64,
    /// 1 when the gene regulates itself (TP53, MYC): that edge is in both
    /// `regulators` and `targets`.
    pub self_regulation: u64,
    /// Diseases the gene is associated with (one edge each).
    pub diseases: u64,
    /// HPO phenotypes of the gene.
    pub phenotypes: u64,
    /// GO terms the gene is annotated to (`NOT` annotations excluded).
    pub go_terms: u64,
    /// Genes named with it in a sentence of an imported text.
    #[serde(default)]
    pub co_mentioned_genes: u64,
    /// Diseases and phenotypes named with it in a sentence of an
    /// imported text (those an imported ontology has).
    #[serde(default)]
    pub co_mentioned_diseases: u64,
    /// Chemicals (MeSH) named with it in a sentence of an imported text.
    #[serde(default)]
    pub co_mentioned_chemicals: u64,
}

impl KgCounts {
    /// Gene–gene edges (binding sites are positions, not edges); a
    /// self-regulation edge counts once.
    pub fn gene_edges(&self) -> u64 {
        self.regulators + self.targets - self.self_regulation + self.interactions + self.orthologs
    }

    /// Every edge of the gene: to genes, diseases, phenotypes, GO terms,
    /// curated and text-mined.
    pub fn edges(&self) -> u64 {
        self.gene_edges()
            + self.diseases
            + self.phenotypes
            + self.go_terms
            + self.co_mentioned_genes
            + self.co_mentioned_diseases
            + self.co_mentioned_chemicals
    }
}

/// An identifier a network import could not map to exactly one gene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnresolvedRow {
    /// The network import whose file holds the identifier.
    pub import_id: ImportId,
    /// 1-based line of the row in its file.
    pub line: u64,
    /// Which end of the row.
    pub role: Role,
    /// The identifier as the file writes it (every identifier it gives).
    pub identifier: String,
    /// Why it did not resolve.
    pub reason: UnresolvedReason,
    /// For `ambiguous`: the genes the identifier could mean.
    pub candidates: Vec<GeneId>,
}

/// One edge of the whole network with both genes named, for exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkEdge {
    /// The transcription factor's gene.
    pub tf: Partner,
    /// The regulated gene.
    pub target: Partner,
    /// The merged edge with its evidence summary.
    pub edge: locus_model::TfTargetEdge,
}

/// Which end of a network row an identifier names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The transcription factor of a regulation row or binding site.
    Tf,
    /// The regulated gene.
    Target,
    /// The gene of an ortholog row in the export's own species.
    Gene,
    /// The gene of the other species.
    Ortholog,
    /// The first protein of a STRING row.
    ProteinA,
    /// The second protein of a STRING row.
    ProteinB,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::Tf,
        Role::Target,
        Role::Gene,
        Role::Ortholog,
        Role::ProteinA,
        Role::ProteinB,
    ];

    /// The name used in reports (`protein_a`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Tf => "tf",
            Role::Target => "target",
            Role::Gene => "gene",
            Role::Ortholog => "ortholog",
            Role::ProteinA => "protein_a",
            Role::ProteinB => "protein_b",
        }
    }

    /// The inverse of [`Role::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an identifier did not resolve to one gene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnresolvedReason {
    /// It names no gene of the store.
    NotFound,
    /// It names several genes (listed as candidates).
    Ambiguous,
    /// It names a protein complex, never mapped to one member gene.
    Complex,
}

impl UnresolvedReason {
    /// Every reason.
    pub const ALL: [UnresolvedReason; 3] = [
        UnresolvedReason::NotFound,
        UnresolvedReason::Ambiguous,
        UnresolvedReason::Complex,
    ];

    /// The name used in reports (`not_found`).
    pub fn as_str(self) -> &'static str {
        match self {
            UnresolvedReason::NotFound => "not_found",
            UnresolvedReason::Ambiguous => "ambiguous",
            UnresolvedReason::Complex => "complex",
        }
    }

    /// The inverse of [`UnresolvedReason::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The import tally counting identifiers unresolved for this reason.
    pub fn tally(self) -> locus_model::Tally {
        match self {
            UnresolvedReason::NotFound => locus_model::Tally::UnresolvedNotFound,
            UnresolvedReason::Ambiguous => locus_model::Tally::UnresolvedAmbiguous,
            UnresolvedReason::Complex => locus_model::Tally::UnresolvedComplex,
        }
    }
}

impl std::fmt::Display for UnresolvedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which side of a gene's regulation: the TFs that regulate it, or the
/// targets it regulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegulationSide {
    /// The transcription factors of the gene (TFLink's `tfs_of_`).
    Regulators,
    /// The genes the TF regulates (TFLink's `targets_of_`).
    Targets,
}

/// Which merged edges of a regulation list to return.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EdgeFilter {
    /// Only edges that name this source database (`TRRUST`).
    pub source: Option<String>,
    /// Only edges with small-scale evidence.
    pub small_scale_only: bool,
}

/// A page of a gene's regulators or targets, strongest evidence first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationPage {
    /// Edges on this side of the gene, before filtering.
    pub total: u64,
    /// Edges that pass the filter.
    pub matching: u64,
    /// Index of the first row returned among the matching edges.
    pub offset: u64,
    /// The matching edges from `offset`: small-scale first, then by
    /// number of sources and of PubMed ids.
    pub rows: Vec<RegulationEdgeRow>,
}

/// A term as a link: its id and, where the store knows it, its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermLink {
    /// The term.
    pub id: locus_model::TermId,
    /// Its name, when an imported source names it.
    pub name: Option<String>,
}

/// Everything the store knows about one ontology term or disease.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermDetail {
    /// The term.
    pub id: locus_model::TermId,
    /// Disease, phenotype or GO term.
    pub kind: locus_model::TermKind,
    /// Its name, from the ontology where imported, else from the source
    /// that names it.
    pub name: String,
    /// Its definition, where the ontology gives one.
    pub definition: Option<String>,
    /// Synonyms, every source's, without repeats.
    pub synonyms: Vec<String>,
    /// Cross-references as the sources write them (`MESH:D001943`).
    pub xrefs: Vec<String>,
    /// Marked obsolete by its ontology.
    pub obsolete: bool,
    /// What replaces it, if obsolete.
    pub replaced_by: Option<locus_model::TermId>,
    /// `is_a` parents.
    pub parents: Vec<TermLink>,
    /// Terms that have this one as an `is_a` parent.
    pub children: Vec<TermLink>,
    /// Terms of other vocabularies for the same thing: those whose
    /// cross-references name this term, and those this term's
    /// cross-references name.
    pub equivalents: Vec<TermLink>,
    /// The imports that name or describe the term.
    pub import_ids: Vec<ImportId>,
}

/// One source's statement that a gene is associated with a disease.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneDiseaseRow {
    /// The gene.
    pub gene: GeneSummary,
    /// The disease, with its name where known.
    pub disease: TermLink,
    /// The kind of association as the source words it.
    pub association: String,
    /// Its status (Orphanet `Assessed`), where given.
    pub status: Option<String>,
    /// Where the source has it from, where given.
    pub source: Option<String>,
    /// PubMed ids cited for it.
    pub pmids: Vec<Pmid>,
    /// The kind of file it was imported from.
    pub source_kind: locus_model::SourceKind,
    /// The import it came from.
    pub import_id: ImportId,
}

/// A gene's phenotype, gathered over the diseases that carry it (HPO's
/// `genes_to_phenotype`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GenePhenotypeRow {
    /// The gene.
    pub gene: GeneSummary,
    /// The HPO term with its name.
    pub phenotype: TermLink,
    /// The diseases through which the gene has the phenotype.
    pub diseases: Vec<TermLink>,
    /// Frequencies as HPO writes them, one per disease that gives one.
    pub frequencies: Vec<String>,
    /// The imports it came from.
    pub import_ids: Vec<ImportId>,
}

/// One `genes_to_phenotype` fact as a store reads it back, before
/// [`GenePhenotypeRow::gather`] joins a gene's facts about one phenotype.
#[derive(Debug, Clone, PartialEq)]
pub struct GenePhenotypeRecord {
    /// The gene.
    pub gene: GeneSummary,
    /// The HPO term.
    pub phenotype: locus_model::TermId,
    /// The term's name as the file gives it.
    pub name: String,
    /// The frequency as HPO writes it.
    pub frequency: Option<String>,
    /// The disease it comes through.
    pub disease: Option<locus_model::TermId>,
    /// The import it came from.
    pub import_id: ImportId,
}

impl GenePhenotypeRow {
    /// One row per gene and phenotype, in the order first met: the
    /// diseases it comes through (once each, named later by
    /// [`Self::name_diseases`]), every frequency, its imports. The rule
    /// of both backends, so neither can gather differently.
    pub fn gather(records: impl IntoIterator<Item = GenePhenotypeRecord>) -> Vec<Self> {
        let mut out: Vec<GenePhenotypeRow> = Vec::new();
        let mut at: std::collections::HashMap<(GeneId, locus_model::TermId), usize> =
            std::collections::HashMap::new();
        for r in records {
            let i = *at.entry((r.gene.gene_id, r.phenotype)).or_insert_with(|| {
                out.push(GenePhenotypeRow {
                    gene: r.gene.clone(),
                    phenotype: TermLink {
                        id: r.phenotype,
                        name: Some(r.name.clone()),
                    },
                    diseases: Vec::new(),
                    frequencies: Vec::new(),
                    import_ids: Vec::new(),
                });
                out.len() - 1
            });
            let row = &mut out[i];
            if let Some(d) = r.disease {
                if !row.diseases.iter().any(|l| l.id == d) {
                    row.diseases.push(TermLink { id: d, name: None });
                }
            }
            if let Some(f) = r.frequency {
                row.frequencies.push(f);
            }
            if !row.import_ids.contains(&r.import_id) {
                row.import_ids.push(r.import_id);
            }
        }
        out
    }

    /// Names every row's diseases with `name`, asked once per disease: a
    /// hub's phenotypes come through a few diseases.
    pub fn name_diseases<E>(
        rows: &mut [Self],
        mut name: impl FnMut(locus_model::TermId) -> Result<Option<String>, E>,
    ) -> Result<(), E> {
        let mut names: std::collections::HashMap<locus_model::TermId, Option<String>> =
            std::collections::HashMap::new();
        for d in rows.iter_mut().flat_map(|r| r.diseases.iter_mut()) {
            d.name = match names.get(&d.id) {
                Some(n) => n.clone(),
                None => {
                    let n = name(d.id)?;
                    names.insert(d.id, n.clone());
                    n
                }
            };
        }
        Ok(())
    }
}

/// A disease's phenotype annotation (HPO `phenotype.hpoa`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiseasePhenotypeRow {
    /// The disease.
    pub disease: TermLink,
    /// The HPO term.
    pub phenotype: TermLink,
    /// The disease is explicitly without it (`NOT`).
    pub negated: bool,
    /// HPO evidence code (`PCS`, `TAS`, `IEA`).
    pub evidence: String,
    /// References as written (`PMID:31675180`).
    pub references: Vec<String>,
    /// Age of onset, where given.
    pub onset: Option<TermLink>,
    /// Frequency as written (`1/2`, `HP:0040283`), where given.
    pub frequency: Option<String>,
    /// Sex, where the annotation is sex-specific.
    pub sex: Option<String>,
    /// HPO aspect (`P`, `I`, `C`, `M`, `H`).
    pub aspect: String,
    /// The import it came from.
    pub import_id: ImportId,
}

/// Phenotype annotations of a disease, or diseases of a phenotype: the
/// first rows with the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiseasePhenotypePage {
    /// Rows in all.
    pub total: u64,
    /// The rows given.
    pub rows: Vec<DiseasePhenotypeRow>,
}

/// A term's names, for the in-memory search index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermSearchEntry {
    /// The term.
    pub id: locus_model::TermId,
    /// Its name.
    pub name: String,
    /// Its synonyms.
    pub synonyms: Vec<String>,
    /// Marked obsolete.
    pub obsolete: bool,
}

/// A disease or phenotype as the text tagger names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggerTerm {
    /// The term.
    pub id: locus_model::TermId,
    /// Its name.
    pub name: String,
    /// Its synonyms, from every import that names it.
    pub synonyms: Vec<String>,
    /// The MeSH descriptors its cross-references name, bare (`D001943`).
    pub mesh: Vec<String>,
    /// The UMLS concepts its cross-references name (`C0039730`), through
    /// which a phenotype meets the MeSH id of a disease term.
    pub umls: Vec<String>,
}

/// The genes with a phenotype: the first genes with the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GenePhenotypePage {
    /// Genes in all.
    pub total: u64,
    /// The genes given, each with its diseases.
    pub rows: Vec<GenePhenotypeRow>,
}

/// A gene annotated to a GO term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoTermGeneRow {
    /// The gene.
    pub gene: GeneSummary,
    /// Evidence codes of its annotations to the term.
    pub evidence: Vec<String>,
    /// References a GAF gives for them.
    pub references: Vec<String>,
}

/// The genes annotated to a GO term: the first genes with the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoTermGenePage {
    /// Genes in all.
    pub total: u64,
    /// The genes given.
    pub rows: Vec<GoTermGeneRow>,
}

/// What a full-text hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    /// A paper: its title and abstract.
    Publication,
    /// A GeneRIF statement.
    Generif,
    /// An ontology term or disease: names, synonyms, definition.
    Term,
}

impl TextKind {
    /// The name used in the store and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            TextKind::Publication => "publication",
            TextKind::Generif => "generif",
            TextKind::Term => "term",
        }
    }
}

/// A paper, GeneRIF or term whose words match a full-text search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextHit {
    /// What matched.
    pub kind: TextKind,
    /// Its key: the PMID, the GeneRIF's GeneID, the term id.
    pub key: String,
    /// The paper's title or the term's names; the gene's symbol for a
    /// GeneRIF.
    pub title: String,
    /// The matching passage, the query's words between `\u{2}` and
    /// `\u{3}`.
    pub snippet: String,
    /// The GeneRIF's gene.
    pub gene: Option<GeneSummary>,
}
