//! [`Section`]: the parts of a gene's knowledge, each its own API route
//! (`/api/v1/genes/{id}/{section}`), OpenAPI operation, page block, table
//! of contents entry and TSV download. The list is written once, here;
//! the router, the OpenAPI document and the page iterate over it, and a
//! new section fails to compile until every `match` below handles it.

use locus_model::{join_pmids, DbXref, GeneId, GoAnnotation, ImportRecord, ProteinEntry};
use locus_store::{
    BindingSitePage, EdgeFilter, GeneDetail, GeneRifRow, GeneStore, InteractionPage, KgCounts,
    OrthologRow, ReferencePage, RegulationSide,
};
use serde::{Deserialize, Serialize};

use super::literature;
use crate::regulation::{self, RegulationList};
use crate::tsv::Tsv;
use crate::{Format, Result};

/// A section of a gene, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Nomenclature, location, type and the literature numbers.
    Summary,
    /// Synonyms and other designations.
    Aliases,
    /// Cross-references to other databases.
    Xrefs,
    /// GeneRIF statements.
    Generifs,
    /// Sentences about the gene grouped by topic, each cited (WikiGenes).
    Literature,
    /// PubMed references, newest first, paged.
    References,
    /// GO annotations with evidence codes.
    Go,
    /// Differential expression by disease or condition.
    Expression,
    /// Expression calls by anatomical entity (Bgee).
    Anatomy,
    /// Disease associations (HPO, OMIM via mim2gene, Orphanet).
    Diseases,
    /// HPO phenotypes through the gene's diseases.
    Phenotypes,
    /// The TFs regulating the gene (TFLink's `tfs_of_`).
    Regulators,
    /// The genes the TF regulates (TFLink's `targets_of_`).
    Targets,
    /// Orthologs in other species.
    Orthologs,
    /// Knowledge-graph edges by kind.
    KnowledgeGraph,
    /// STRING protein–protein associations.
    Interactions,
    /// TF binding sites (TFLink).
    BindingSites,
    /// UniProtKB entries with sequences.
    Proteins,
    /// What changed for the gene from one release of a source to the next.
    Changes,
    /// The imports whose facts the gene's page shows.
    Provenance,
}

impl Section {
    /// Every section, in page order.
    pub const ALL: [Section; 20] = [
        Section::Summary,
        Section::Aliases,
        Section::Xrefs,
        Section::Generifs,
        Section::Literature,
        Section::References,
        Section::Go,
        Section::Expression,
        Section::Anatomy,
        Section::Diseases,
        Section::Phenotypes,
        Section::Regulators,
        Section::Targets,
        Section::Orthologs,
        Section::KnowledgeGraph,
        Section::Interactions,
        Section::BindingSites,
        Section::Proteins,
        Section::Changes,
        Section::Provenance,
    ];

    /// The route segment and TSV file stem (`binding_sites`).
    pub fn slug(self) -> &'static str {
        match self {
            Section::Summary => "summary",
            Section::Aliases => "aliases",
            Section::Xrefs => "xrefs",
            Section::Generifs => "generifs",
            Section::Literature => "literature",
            Section::References => "references",
            Section::Go => "go",
            Section::Expression => "expression",
            Section::Anatomy => "anatomy",
            Section::Diseases => "diseases",
            Section::Phenotypes => "phenotypes",
            Section::Regulators => "regulators",
            Section::Targets => "targets",
            Section::Orthologs => "orthologs",
            Section::KnowledgeGraph => "knowledge_graph",
            Section::Interactions => "interactions",
            Section::BindingSites => "binding_sites",
            Section::Proteins => "proteins",
            Section::Changes => "changes",
            Section::Provenance => "provenance",
        }
    }

    /// The inverse of [`Section::slug`].
    pub fn parse(s: &str) -> Option<Section> {
        Self::ALL.into_iter().find(|x| x.slug() == s)
    }

    /// The heading a reader sees.
    pub fn title(self) -> &'static str {
        match self {
            Section::Summary => "Summary",
            Section::Aliases => "Aliases",
            Section::Xrefs => "Cross-references",
            Section::Generifs => "GeneRIFs",
            Section::Literature => "Literature by topic",
            Section::References => "References",
            Section::Go => "Gene Ontology annotations",
            Section::Expression => "Differential expression",
            Section::Anatomy => "Where it is expressed",
            Section::Diseases => "Diseases",
            Section::Phenotypes => "Phenotypes",
            Section::Regulators => "Regulated by",
            Section::Targets => "Regulates",
            Section::Orthologs => "Orthologs",
            Section::KnowledgeGraph => "Knowledge graph",
            Section::Interactions => "Protein interactions",
            Section::BindingSites => "TF binding sites",
            Section::Proteins => "Protein",
            Section::Changes => "Changes between releases",
            Section::Provenance => "Provenance",
        }
    }

    /// The table-of-contents label, for sections that have an entry of
    /// their own (aliases and cross-references are in the summary).
    pub fn toc_label(self) -> Option<&'static str> {
        match self {
            Section::Aliases | Section::Xrefs => None,
            Section::Go => Some("GO"),
            Section::Literature => Some("By topic"),
            Section::Expression => Some("Expression"),
            Section::Anatomy => Some("Anatomy"),
            Section::KnowledgeGraph => Some("Graph"),
            Section::Interactions => Some("Interactions"),
            Section::BindingSites => Some("Binding sites"),
            Section::Changes => Some("Changes"),
            other => Some(other.title()),
        }
    }

    /// The page anchor of the section's block.
    pub fn anchor(self) -> &'static str {
        match self {
            Section::Summary | Section::Aliases | Section::Xrefs => "summary",
            Section::Generifs => "generifs",
            Section::Literature => "literature",
            Section::References => "references",
            Section::Go => "go",
            Section::Expression => "expression",
            Section::Anatomy => "anatomy",
            Section::Diseases => "diseases",
            Section::Phenotypes => "phenotypes",
            Section::Regulators => "regulated-by",
            Section::Targets => "regulates",
            Section::Orthologs => "orthologs",
            Section::KnowledgeGraph => "graph",
            Section::Interactions => "interactions",
            Section::BindingSites => "binding-sites",
            Section::Proteins => "protein",
            Section::Changes => "changes",
            Section::Provenance => "provenance",
        }
    }

    /// What the section holds, for the API document.
    pub fn description(self) -> &'static str {
        match self {
            Section::Summary => "The gene's record (symbol, name, organism, location, type, nomenclature) with its PubMed count, fractional PubMed score, GeneRIF and GO counts. TSV: field/value pairs.",
            Section::Aliases => "Synonyms and other designations of the gene.",
            Section::Xrefs => "Cross-references to other databases (HGNC, OMIM, Ensembl, UniProtKB, …).",
            Section::Generifs => "GeneRIF statements with their PubMed ids.",
            Section::Literature => "Sentences about the gene from its GeneRIFs and from tagged abstracts that name it, grouped by topic as WikiGenes does (disease relevance, high impact, chemical compounds, biological and anatomical context, physical interactions, regulatory relationships, other interactions, analytical/diagnostic/therapeutic), each with its rule (`why`), its mentions, numbered references and wiki markdown. `topic` picks one topic, `with` keeps the sentences that also name a gene (GeneID), chemical (MeSH) or disease (MeSH or ontology id); `offset`/`limit` page each topic's statements; the newest 20,000 texts are read. TSV: every statement.",
            Section::References => "PubMed references, newest PubMed id first; JSON pages with offset/limit, TSV lists all.",
            Section::Go => "GO annotations with evidence codes and term names.",
            Section::Expression => "Differential expression of the gene by disease or condition against reference samples (log2 fold change, p-value, adjusted p-value where known), largest change first, with the source of each row.",
            Section::Diseases => "Diseases associated with the gene, one row per source statement: HPO's genes_to_disease, NCBI's mim2gene_medgen (OMIM phenotypes), Orphanet (with association type, status and PubMed ids). Each disease with its name where an imported source names it.",
            Section::Phenotypes => "HPO phenotypes of the gene (genes_to_phenotype), one row per phenotype with the diseases it comes through and the frequencies HPO gives.",
            Section::Anatomy => "Present/absent expression calls by anatomical entity (UBERON, Cell Ontology) from Bgee, with developmental stage, sex and strain where the file gives them, call quality, FDR, expression score and rank; present calls first, highest score first; JSON pages with offset/limit, TSV lists all.",
            Section::Regulators => "Transcription factors regulating the gene, one merged edge per TF, strongest evidence first; filter by source and small-scale evidence, page with offset/limit; evidence=true adds every source row. TSV in TFLink's tfs_of_<UniProt>.tsv layout (all matching edges).",
            Section::Targets => "Genes the transcription factor regulates, one merged edge per target; parameters as for regulators. TSV in TFLink's targets_of_<UniProt>.tsv layout.",
            Section::Orthologs => "Orthologs from Ensembl BioMart exports in either direction.",
            Section::KnowledgeGraph => "How many knowledge-graph edges of each kind touch the gene.",
            Section::Interactions => "STRING associations with every channel score, best combined score first.",
            Section::BindingSites => "TF binding sites from TFLink in genome order; JSON pages with offset/limit, TSV lists all.",
            Section::Proteins => "UniProtKB entries with sequences.",
            Section::Changes => "What changed for the gene each time an import replaced an earlier one (a new release of the same file, or the import named with --replaces), newest first: the gene added or no longer in the source, a new symbol, name or map location, other synonyms, and how many PubMed links, GeneRIFs, GO annotations, regulation and expression rows the source gives it and which databases its regulation rows cite, before and after, with both releases.",
            Section::Provenance => "The imports whose facts the gene's page shows: file, release, sha256, times.",
        }
    }

    /// Whether `offset` and `limit` page the JSON form.
    pub fn paged(self) -> bool {
        matches!(
            self,
            Section::References
                | Section::Literature
                | Section::Anatomy
                | Section::BindingSites
                | Section::Regulators
                | Section::Targets
        )
    }

    /// Whether the section is a regulation list (filters, `evidence`).
    pub fn regulation_side(self) -> Option<RegulationSide> {
        match self {
            Section::Regulators => Some(RegulationSide::Regulators),
            Section::Targets => Some(RegulationSide::Targets),
            _ => None,
        }
    }

    /// The TSV header row.
    pub fn tsv_columns(self) -> &'static [&'static str] {
        match self {
            Section::Summary => &["field", "value"],
            Section::Aliases => &["gene_id", "kind", "name"],
            Section::Xrefs => &["gene_id", "database", "id"],
            Section::Generifs => &[
                "gene_id",
                "pmids",
                "last_update",
                "generif_text",
                "import_id",
            ],
            Section::Literature => &[
                "gene_id", "topic", "source", "pmids", "sentence", "why", "mentions",
            ],
            Section::References => &[
                "gene_id",
                "pmid",
                "year",
                "title",
                "journal",
                "genes_linked",
            ],
            Section::Go => &["gene_id", "aspect", "go_id", "go_term", "evidence"],
            Section::Expression => &[
                "gene_id",
                "condition",
                "condition_term",
                "reference",
                "condition_uri",
                "contrast",
                "experiment",
                "log2_fold_change",
                "p_value",
                "adjusted_p_value",
                "source",
                "import_id",
                "method",
            ],
            Section::Anatomy => &[
                "gene_id",
                "anatomical_entity_id",
                "anatomical_entity_name",
                "developmental_stage_id",
                "developmental_stage_name",
                "sex",
                "strain",
                "call",
                "call_quality",
                "fdr",
                "expression_score",
                "expression_rank",
                "import_id",
            ],
            Section::Diseases => &[
                "gene_id",
                "disease_id",
                "disease_name",
                "association",
                "status",
                "source",
                "pmids",
                "source_kind",
                "import_id",
            ],
            Section::Phenotypes => &[
                "gene_id",
                "hpo_id",
                "hpo_name",
                "disease_ids",
                "frequencies",
                "import_ids",
            ],
            Section::Regulators => &locus_model::tflink::TFS_OF_COLUMNS,
            Section::Targets => &locus_model::tflink::TARGETS_OF_COLUMNS,
            Section::Orthologs => &[
                "gene_id",
                "ortholog_gene_id",
                "ortholog_symbol",
                "ortholog_tax_id",
                "homology_type",
                "confidence",
                "goc_score",
                "import_id",
            ],
            Section::KnowledgeGraph => &["gene_id", "edge_kind", "count"],
            Section::Interactions => &[
                "gene_id",
                "partner_gene_id",
                "partner_symbol",
                "protein",
                "partner_protein",
                "neighborhood",
                "fusion",
                "cooccurence",
                "coexpression",
                "experimental",
                "database",
                "textmining",
                "combined_score",
                "import_id",
            ],
            Section::BindingSites => &[
                "gene_id",
                "tflink_id",
                "assembly",
                "chromosome",
                "start",
                "end",
                "strand",
                "methods",
                "pmids",
                "databases",
                "import_id",
            ],
            Section::Proteins => &[
                "gene_id",
                "accession",
                "entry_name",
                "reviewed",
                "protein_name",
                "length",
                "sequence",
            ],
            Section::Changes => &[
                "gene_id",
                "import_id",
                "replaced",
                "file_name",
                "release",
                "replaced_release",
                "imported_at",
                "field",
                "change",
                "before",
                "after",
            ],
            Section::Provenance => &[
                "import_id",
                "kind",
                "file_name",
                "release",
                "sha256",
                "started_at",
                "finished_at",
            ],
        }
    }

    /// The TSV file name a download of `gene` suggests. Regulation lists
    /// take TFLink's names, by the gene's UniProt accession.
    pub fn tsv_file_name(self, gene: &GeneDetail) -> String {
        let tag = gene
            .uniprot
            .clone()
            .unwrap_or_else(|| gene.gene_id.to_string());
        match self {
            Section::Regulators => format!("tfs_of_{tag}.tsv"),
            Section::Targets => format!("targets_of_{tag}.tsv"),
            other => format!("{}_{}.tsv", gene.symbol, other.slug()),
        }
    }
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

/// Which part of a section to return.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SectionQuery {
    /// First row of a paged section (JSON).
    pub offset: u64,
    /// Rows of a paged section (JSON).
    pub limit: u64,
    /// Regulation: include every source row of each edge (JSON).
    pub evidence: bool,
    /// Regulation: which edges.
    pub filter: EdgeFilter,
    /// Literature: only this topic.
    pub topic: Option<literature::Topic>,
    /// Literature: only sentences that also name this id.
    pub with: Option<String>,
}

impl Default for SectionQuery {
    fn default() -> Self {
        SectionQuery {
            offset: 0,
            limit: 100,
            evidence: false,
            filter: EdgeFilter::default(),
            topic: None,
            with: None,
        }
    }
}

/// Aliases as the API lists them.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AliasList {
    /// Synonyms (NCBI `Synonyms`, org.Hs.eg.db `alias`).
    pub aliases: Vec<String>,
    /// Other designations (NCBI `Other_designations`).
    pub other_designations: Vec<String>,
}

/// One section's content. Serialised as the content alone.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum SectionData {
    /// [`Section::Summary`].
    Summary(Box<GeneDetail>),
    /// [`Section::Aliases`].
    Aliases(AliasList),
    /// [`Section::Xrefs`].
    Xrefs(Vec<DbXref>),
    /// [`Section::Generifs`].
    Generifs(Vec<GeneRifRow>),
    /// [`Section::Literature`].
    Literature(Box<literature::Literature>),
    /// [`Section::References`].
    References(ReferencePage),
    /// [`Section::Go`].
    Go(Vec<GoAnnotation>),
    /// [`Section::Expression`].
    Expression(Vec<locus_store::ExpressionRow>),
    /// [`Section::Anatomy`].
    Anatomy(locus_store::ExpressionCallPage),
    /// [`Section::Diseases`].
    Diseases(Vec<locus_store::GeneDiseaseRow>),
    /// [`Section::Phenotypes`].
    Phenotypes(Vec<locus_store::GenePhenotypeRow>),
    /// [`Section::Regulators`] and [`Section::Targets`].
    Regulation(RegulationList),
    /// [`Section::Orthologs`].
    Orthologs(Vec<OrthologRow>),
    /// [`Section::KnowledgeGraph`].
    KnowledgeGraph(KgCounts),
    /// [`Section::Interactions`].
    Interactions(InteractionPage),
    /// [`Section::BindingSites`].
    BindingSites(BindingSitePage),
    /// [`Section::Proteins`].
    Proteins(Vec<ProteinEntry>),
    /// [`Section::Changes`].
    Changes(Vec<locus_store::changes::GeneChangeRow>),
    /// [`Section::Provenance`].
    Provenance(Vec<ImportRecord>),
}

/// Every row, for downloads that list a whole section.
const ALL_ROWS: u64 = u64::MAX >> 1;

impl SectionData {
    /// Loads `section` of `gene`. A TSV download lists every row of a
    /// paged section (and every edge of a regulation list that passes its
    /// filter); JSON pages.
    pub fn load(
        store: &dyn GeneStore,
        gene: GeneDetail,
        section: Section,
        format: Format,
        q: &SectionQuery,
    ) -> Result<SectionData> {
        let id = gene.gene_id;
        let (offset, limit) = match format {
            Format::Tsv => (0, ALL_ROWS),
            Format::Json => (q.offset, q.limit),
        };
        Ok(match section {
            Section::Summary => SectionData::Summary(Box::new(gene)),
            Section::Aliases => SectionData::Aliases(AliasList {
                aliases: gene.aliases,
                other_designations: gene.other_designations,
            }),
            Section::Xrefs => SectionData::Xrefs(gene.xrefs),
            Section::Generifs => SectionData::Generifs(store.generifs(id)?),
            Section::Literature => SectionData::Literature(Box::new(literature::literature(
                store,
                &gene,
                &literature::LiteratureQuery {
                    topic: q.topic,
                    with: q.with.clone(),
                    offset,
                    limit,
                    texts: literature::PAGE_TEXTS,
                },
            )?)),
            Section::References => SectionData::References(store.references(id, offset, limit)?),
            Section::Go => SectionData::Go(store.go_annotations(id)?),
            Section::Expression => SectionData::Expression(store.expression(id)?),
            Section::Anatomy => SectionData::Anatomy(store.expression_calls(id, offset, limit)?),
            Section::Diseases => SectionData::Diseases(store.gene_diseases(id)?),
            Section::Phenotypes => SectionData::Phenotypes(store.gene_phenotypes(id)?),
            Section::Regulators | Section::Targets => {
                let side = match section {
                    Section::Regulators => RegulationSide::Regulators,
                    _ => RegulationSide::Targets,
                };
                let evidence = q.evidence && format == Format::Json;
                SectionData::Regulation(regulation::list(
                    store,
                    id,
                    &gene.symbol,
                    side,
                    &q.filter,
                    offset,
                    limit,
                    evidence,
                )?)
            }
            Section::Orthologs => SectionData::Orthologs(store.orthologs(id)?),
            Section::KnowledgeGraph => SectionData::KnowledgeGraph(store.kg_counts(id)?),
            // A hub's list is thousands of rows, not millions.
            Section::Interactions => SectionData::Interactions(store.interactions(id, ALL_ROWS)?),
            Section::BindingSites => {
                SectionData::BindingSites(store.binding_sites(id, offset, limit)?)
            }
            Section::Proteins => SectionData::Proteins(store.proteins(id)?),
            Section::Changes => SectionData::Changes(store.gene_changes(id)?),
            Section::Provenance => SectionData::Provenance(store.gene_imports(id)?),
        })
    }

    /// The section as TSV, with [`Section::tsv_columns`] as its header.
    pub fn to_tsv(&self, gene_id: GeneId) -> Vec<u8> {
        let gid = gene_id.to_string();
        let g = gid.as_str();
        let section = self.section();
        let mut t = Tsv::new(section.tsv_columns());
        match self {
            SectionData::Summary(d) => {
                let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                let rows: [(&str, String); 16] = [
                    ("gene_id", gid.clone()),
                    ("tax_id", d.tax_id.to_string()),
                    (
                        "organism",
                        d.tax_id.scientific_name().unwrap_or("").to_string(),
                    ),
                    ("symbol", d.symbol.clone()),
                    ("name", opt(&d.name)),
                    ("chromosome", opt(&d.chromosome)),
                    ("map_location", opt(&d.map_location)),
                    ("gene_type", opt(&d.gene_type)),
                    ("nomenclature_status", opt(&d.nomenclature_status)),
                    ("modification_date", opt(&d.modification_date)),
                    ("aliases", d.aliases.join("|")),
                    ("pubmed_count", d.stats.pubmed_count.to_string()),
                    ("pubmed_score", format!("{:.6}", d.stats.pubmed_score)),
                    ("generif_count", d.stats.generif_count.to_string()),
                    ("go_term_count", d.stats.go_count.to_string()),
                    ("record_import_id", d.record_import_id.to_string()),
                ];
                for (k, v) in &rows {
                    t.row([*k, v.as_str()]);
                }
            }
            SectionData::Aliases(a) => {
                for x in &a.aliases {
                    t.row([g, "alias", x]);
                }
                for x in &a.other_designations {
                    t.row([g, "other_designation", x]);
                }
            }
            SectionData::Xrefs(xs) => {
                for x in xs {
                    t.row([g, &x.db, &x.id]);
                }
            }
            SectionData::Generifs(rows) => {
                for r in rows {
                    t.row([
                        g,
                        &join_pmids(&r.pmids),
                        r.last_update.as_deref().unwrap_or(""),
                        &r.text,
                        &r.import_id.to_string(),
                    ]);
                }
            }
            SectionData::Literature(lit) => {
                for group in &lit.topics {
                    for st in &group.statements {
                        let mentions: Vec<String> = st
                            .mentions
                            .iter()
                            .map(|m| format!("{}:{}", m.kind, m.ids.join(",")))
                            .collect();
                        t.row([
                            g,
                            group.topic.slug(),
                            st.source.slug(),
                            &join_pmids(&st.pmids),
                            &st.text,
                            &st.why,
                            &mentions.join(";"),
                        ]);
                    }
                }
            }
            SectionData::References(page) => {
                for r in &page.rows {
                    t.row([
                        g,
                        &r.pmid.to_string(),
                        &r.year.map(|y| y.to_string()).unwrap_or_default(),
                        r.title.as_deref().unwrap_or(""),
                        r.journal.as_deref().unwrap_or(""),
                        &r.genes_linked.to_string(),
                    ]);
                }
            }
            SectionData::Go(rows) => {
                for r in rows {
                    t.row([
                        g,
                        r.aspect.code(),
                        &r.go_id,
                        r.term.as_deref().unwrap_or(""),
                        &r.evidence,
                    ]);
                }
            }
            SectionData::Expression(rows) => {
                // Shortest round-trip form; small p-values in exponent
                // notation as the sources write them (`1.58360504755557e-11`).
                let num = |v: Option<f64>| {
                    v.map(|x| {
                        if x != 0.0 && x.abs() < 1e-4 {
                            format!("{x:e}")
                        } else {
                            x.to_string()
                        }
                    })
                    .unwrap_or_default()
                };
                for r in rows {
                    t.row([
                        g,
                        &r.condition,
                        &r.condition_term
                            .as_ref()
                            .map(|t| t.id.to_string())
                            .unwrap_or_default(),
                        r.reference.as_deref().unwrap_or(""),
                        r.condition_uri.as_deref().unwrap_or(""),
                        r.contrast.as_deref().unwrap_or(""),
                        r.experiment.as_deref().unwrap_or(""),
                        &num(r.log2_fold_change),
                        &num(r.p_value),
                        &num(r.adjusted_p_value),
                        r.source.as_str(),
                        &r.import_id.to_string(),
                        &r.method,
                    ]);
                }
            }
            SectionData::Anatomy(page) => {
                let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                for r in &page.rows {
                    t.row([
                        g,
                        &r.anatomical_entity_id,
                        &r.anatomical_entity_name,
                        r.developmental_stage_id.as_deref().unwrap_or(""),
                        r.developmental_stage_name.as_deref().unwrap_or(""),
                        r.sex.as_deref().unwrap_or(""),
                        r.strain.as_deref().unwrap_or(""),
                        r.call.as_str(),
                        &r.quality,
                        &num(r.fdr),
                        &num(r.score),
                        &num(r.rank),
                        &r.import_id.to_string(),
                    ]);
                }
            }
            SectionData::Diseases(rows) => {
                for r in rows {
                    t.row([
                        g,
                        &r.disease.id.to_string(),
                        r.disease.name.as_deref().unwrap_or(""),
                        &r.association,
                        r.status.as_deref().unwrap_or(""),
                        r.source.as_deref().unwrap_or(""),
                        &join_pmids(&r.pmids),
                        r.source_kind.as_str(),
                        &r.import_id.to_string(),
                    ]);
                }
            }
            SectionData::Phenotypes(rows) => {
                for r in rows {
                    let diseases: Vec<String> =
                        r.diseases.iter().map(|d| d.id.to_string()).collect();
                    let imports: Vec<String> = r.import_ids.iter().map(|i| i.to_string()).collect();
                    t.row([
                        g,
                        &r.phenotype.id.to_string(),
                        r.phenotype.name.as_deref().unwrap_or(""),
                        &diseases.join(";"),
                        &r.frequencies.join(";"),
                        &imports.join(";"),
                    ]);
                }
            }
            SectionData::Regulation(list) => {
                regulation::tflink_rows(&mut t, list.edges.iter().map(|e| &e.row), list.direction);
            }
            SectionData::Orthologs(rows) => {
                for r in rows {
                    t.row([
                        g,
                        &r.partner.gene_id.to_string(),
                        &r.partner.symbol,
                        &r.partner.tax_id.to_string(),
                        &r.homology_type,
                        &r.confidence.map(|c| c.to_string()).unwrap_or_default(),
                        &r.goc_score.map(|c| c.to_string()).unwrap_or_default(),
                        &r.import_id.to_string(),
                    ]);
                }
            }
            SectionData::KnowledgeGraph(c) => {
                for (kind, n) in [
                    ("regulated_by", c.regulators),
                    ("regulates", c.targets),
                    ("interaction", c.interactions),
                    ("orthology", c.orthologs),
                    ("binding_site", c.binding_sites),
                    ("disease", c.diseases),
                    ("phenotype", c.phenotypes),
                    ("go_annotation", c.go_terms),
                    ("co_mention", c.co_mentioned_genes),
                    ("disease_co_mention", c.co_mentioned_diseases),
                    ("chemical_co_mention", c.co_mentioned_chemicals),
                    ("edges_total", c.edges()),
                ] {
                    t.row([g, kind, &n.to_string()]);
                }
            }
            SectionData::Interactions(page) => {
                for r in &page.rows {
                    let s = &r.scores;
                    let cells: [String; 14] = [
                        gid.clone(),
                        r.partner.gene_id.to_string(),
                        r.partner.symbol.clone(),
                        r.protein.clone(),
                        r.partner_protein.clone(),
                        s.neighborhood.to_string(),
                        s.fusion.to_string(),
                        s.cooccurence.to_string(),
                        s.coexpression.to_string(),
                        s.experimental.to_string(),
                        s.database.to_string(),
                        s.textmining.to_string(),
                        s.combined_score.to_string(),
                        r.import_id.to_string(),
                    ];
                    t.row(cells.iter().map(String::as_str));
                }
            }
            SectionData::BindingSites(page) => {
                for r in &page.rows {
                    let cells: [String; 11] = [
                        gid.clone(),
                        r.tflink_id.clone(),
                        r.assembly.clone(),
                        r.chromosome.clone(),
                        r.start.to_string(),
                        r.end.to_string(),
                        r.strand.clone(),
                        r.methods.join(";"),
                        join_pmids(&r.pmids),
                        r.databases.join(";"),
                        r.import_id.to_string(),
                    ];
                    t.row(cells.iter().map(String::as_str));
                }
            }
            SectionData::Proteins(rows) => {
                for r in rows {
                    t.row([
                        g,
                        r.accessions.first().map(String::as_str).unwrap_or(""),
                        &r.entry_name,
                        if r.reviewed { "reviewed" } else { "unreviewed" },
                        r.protein_name.as_deref().unwrap_or(""),
                        &r.length.to_string(),
                        &r.sequence,
                    ]);
                }
            }
            SectionData::Changes(rows) => {
                for r in rows {
                    let c = &r.change;
                    t.row([
                        g,
                        &c.import_id.to_string(),
                        &c.replaced.to_string(),
                        &r.file_name,
                        r.release.as_deref().unwrap_or(""),
                        r.replaced_release.as_deref().unwrap_or(""),
                        r.imported_at.as_deref().unwrap_or(""),
                        c.field.as_str(),
                        c.change.as_str(),
                        c.before.as_deref().unwrap_or(""),
                        c.after.as_deref().unwrap_or(""),
                    ]);
                }
            }
            SectionData::Provenance(rows) => {
                for r in rows {
                    t.row([
                        &r.id.to_string(),
                        r.kind.as_str(),
                        &r.file_name,
                        r.release.as_deref().unwrap_or(""),
                        &r.sha256,
                        &r.started_at,
                        r.finished_at.as_deref().unwrap_or(""),
                    ]);
                }
            }
        }
        t.into_bytes()
    }

    /// The section this is the content of.
    pub fn section(&self) -> Section {
        match self {
            SectionData::Summary(_) => Section::Summary,
            SectionData::Aliases(_) => Section::Aliases,
            SectionData::Xrefs(_) => Section::Xrefs,
            SectionData::Generifs(_) => Section::Generifs,
            SectionData::Literature(_) => Section::Literature,
            SectionData::References(_) => Section::References,
            SectionData::Go(_) => Section::Go,
            SectionData::Expression(_) => Section::Expression,
            SectionData::Anatomy(_) => Section::Anatomy,
            SectionData::Diseases(_) => Section::Diseases,
            SectionData::Phenotypes(_) => Section::Phenotypes,
            SectionData::Regulation(l) => match l.direction {
                RegulationSide::Regulators => Section::Regulators,
                RegulationSide::Targets => Section::Targets,
            },
            SectionData::Orthologs(_) => Section::Orthologs,
            SectionData::KnowledgeGraph(_) => Section::KnowledgeGraph,
            SectionData::Interactions(_) => Section::Interactions,
            SectionData::BindingSites(_) => Section::BindingSites,
            SectionData::Proteins(_) => Section::Proteins,
            SectionData::Changes(_) => Section::Changes,
            SectionData::Provenance(_) => Section::Provenance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for s in Section::ALL {
            assert_eq!(Section::parse(s.slug()), Some(s));
            assert!(seen.insert(s.slug()), "{s} twice");
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.slug())
            );
        }
    }
}
