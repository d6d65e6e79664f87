//! Literature by topic: a gene's statements, in WikiGenes' form.
//!
//! The sentences come from the gene's GeneRIFs (every sentence: a GeneRIF
//! is about its gene by curation) and from imported papers whose title or
//! abstract Locus's tagger found the gene in (the sentences naming it; a
//! paper's title only when no GeneRIF of the gene cites the paper, since
//! the GeneRIF says what the paper found about the gene, mostly in the
//! title's words).
//! Each sentence goes under exactly one [`Topic`], by the first of
//! [`RULES`] that holds for it; the rule, and what in the sentence made
//! it hold, travel with the sentence as [`Statement::why`]. Nothing here
//! is random or learned, so the same store gives the same grouping.
//!
//! "High impact" in WikiGenes means papers in high-impact journals; Locus
//! imports no journal metrics or citation counts, so it calls a statement
//! high impact when it is about the gene's own function (no disease,
//! chemical, other gene, clinical or anatomical word) and comes from a
//! paper that is both curated for this gene (one of its GeneRIFs cites
//! it) and focused on it (the gene–PubMed sources link it to at most
//! [`FOCUSED_MAX_GENES`] genes, and in a tagged abstract the gene holds
//! at least half of the gene mentions).

use std::collections::HashMap;

use locus_model::{GeneId, Pmid};
use locus_store::{GeneDetail, GeneStore, GeneText, GeneTextSource, TextMention};
use serde::{Deserialize, Serialize};

use crate::Result;

/// A paper linked to at most this many genes is focused enough for
/// "High impact information".
pub const FOCUSED_MAX_GENES: u64 = 3;

/// Texts (GeneRIFs and papers, newest first) read for a gene page's
/// section, which keeps a hub's page within its render budget (about
/// 15 µs a text); the literature page reads [`PAGE_TEXTS`].
pub const SECTION_TEXTS: u64 = 200;
/// Texts read for the literature page and API (TP53 has about 8,000
/// GeneRIFs).
pub const PAGE_TEXTS: u64 = 20_000;

/// What a statement is about, in the order WikiGenes shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Names a disease or phenotype.
    Disease,
    /// About the gene's own function, from a curated, focused paper.
    HighImpact,
    /// Names a chemical.
    Chemical,
    /// About the gene's own function, otherwise.
    Biological,
    /// Names a tissue, organ or cell type.
    Anatomical,
    /// Names another gene, with a word of binding.
    Physical,
    /// Names another gene, with a word of regulation.
    Regulatory,
    /// Names another gene, without either.
    OtherInteractions,
    /// Names a diagnostic, prognostic, therapeutic or assay word.
    Analytical,
}

impl Topic {
    /// Every topic, in page order.
    pub const ALL: [Topic; 9] = [
        Topic::Disease,
        Topic::HighImpact,
        Topic::Chemical,
        Topic::Biological,
        Topic::Anatomical,
        Topic::Physical,
        Topic::Regulatory,
        Topic::OtherInteractions,
        Topic::Analytical,
    ];

    /// The query value and page anchor.
    pub fn slug(self) -> &'static str {
        match self {
            Topic::Disease => "disease",
            Topic::HighImpact => "high_impact",
            Topic::Chemical => "chemical",
            Topic::Biological => "biological",
            Topic::Anatomical => "anatomical",
            Topic::Physical => "physical",
            Topic::Regulatory => "regulatory",
            Topic::OtherInteractions => "other_interactions",
            Topic::Analytical => "analytical",
        }
    }

    /// The inverse of [`Topic::slug`].
    pub fn parse(s: &str) -> Option<Topic> {
        Self::ALL.into_iter().find(|t| t.slug() == s)
    }

    /// The heading, as WikiGenes words it.
    pub fn heading(self, symbol: &str) -> String {
        match self {
            Topic::Disease => format!("Disease relevance of {symbol}"),
            Topic::HighImpact => format!("High impact information on {symbol}"),
            Topic::Chemical => format!("Associations of {symbol} with chemical compounds"),
            Topic::Biological => "Biological context".into(),
            Topic::Anatomical => "Anatomical context".into(),
            Topic::Physical => "Physical interactions".into(),
            Topic::Regulatory => "Regulatory relationships".into(),
            Topic::OtherInteractions => "Other interactions".into(),
            Topic::Analytical => "Analytical, diagnostic and therapeutic context".into(),
        }
    }

    /// The rule that puts a sentence here, as the page states it.
    pub fn rule(self) -> &'static str {
        match self {
            Topic::Disease => "The sentence names a disease or phenotype (Disease Ontology, HPO, MeSH).",
            Topic::Chemical => "No disease; the sentence names a chemical (MeSH).",
            Topic::Physical => "No disease or chemical; the sentence names another gene and a word of binding (binds, interacts, complex, heterodimer, recruits, immunoprecipitation, …).",
            Topic::Regulatory => "No disease or chemical; the sentence names another gene and a word of regulation (regulates, induces, represses, activates, inhibits, expression, promoter, …), but none of binding.",
            Topic::OtherInteractions => "No disease or chemical; the sentence names another gene, with no word of binding or regulation.",
            Topic::Analytical => "No disease, chemical or other gene; a word of diagnosis, prognosis, therapy or assay (diagnostic, prognosis, therapy, treatment, biomarker, assay, clinical, survival, …).",
            Topic::Anatomical => "None of the above; the sentence names a tissue, organ or cell type (liver, neurons, endothelial cells, B cells, …).",
            Topic::HighImpact => "None of the above; the paper is curated for this gene (one of its GeneRIFs cites it) and focused on it (linked to at most 3 genes; in an abstract the gene holds at least half of the gene mentions).",
            Topic::Biological => "Everything else: statements about the gene's own function.",
        }
    }
}

/// The order the rules are tried in; the first that holds decides.
pub const RULES: [Topic; 9] = [
    Topic::Disease,
    Topic::Chemical,
    Topic::Physical,
    Topic::Regulatory,
    Topic::OtherInteractions,
    Topic::Analytical,
    Topic::Anatomical,
    Topic::HighImpact,
    Topic::Biological,
];

/// Word stems of binding: a word starting with one of these counts.
const BINDING: &[&str] = &[
    "bind",
    "bound",
    "interact",
    "complex",
    "heterodimer",
    "dimeriz",
    "dimeris",
    "recruit",
    "immunoprecipitat",
    "coimmunoprecipitat",
    "pull-down",
    "pulldown",
    "two-hybrid",
    "partner",
    "ubiquitinat",
    "phosphorylat",
    "sumoylat",
    "acetylat",
    "associates",
];

/// Word stems of regulation.
const REGULATION: &[&str] = &[
    "regulat",
    "upregulat",
    "up-regulat",
    "downregulat",
    "down-regulat",
    "induc",
    "repress",
    "activat",
    "inhibit",
    "suppress",
    "express",
    "overexpress",
    "transcript",
    "promoter",
    "enhancer",
    "target",
    "silenc",
    "control",
    "degrad",
    "stabiliz",
    "knockdown",
    "antagoni",
    "modulat",
];

/// Word stems of diagnosis, prognosis, therapy and assays.
const ANALYTICAL: &[&str] = &[
    "diagnos",
    "prognos",
    "therap",
    "treatment",
    "treated",
    "drug",
    "biomarker",
    "marker",
    "assay",
    "clinical",
    "clinic",
    "trial",
    "survival",
    "screening",
    "vaccin",
    "immunohistochem",
    "patient",
];

/// Word stems of tissues, organs and cell types.
const ANATOMICAL: &[&str] = &[
    "tissue",
    "liver",
    "hepat",
    "brain",
    "neuron",
    "neural",
    "cortex",
    "cortical",
    "hippocamp",
    "heart",
    "cardiac",
    "cardiomyocyte",
    "myocard",
    "lung",
    "pulmonary",
    "alveolar",
    "kidney",
    "renal",
    "muscle",
    "myoblast",
    "myotube",
    "bone",
    "osteoclast",
    "osteoblast",
    "chondrocyte",
    "cartilage",
    "skin",
    "keratinocyte",
    "melanocyte",
    "blood",
    "erythro",
    "leukocyte",
    "lymphocyte",
    "macrophage",
    "monocyte",
    "neutrophil",
    "platelet",
    "megakaryocyte",
    "thymocyte",
    "endotheli",
    "epitheli",
    "fibroblast",
    "adipocyte",
    "adipose",
    "pancrea",
    "islet",
    "intestin",
    "stomach",
    "gastric",
    "retina",
    "placenta",
    "trophoblast",
    "testis",
    "testes",
    "sperm",
    "oocyte",
    "ovary",
    "uterus",
    "uterine",
    "prostate",
    "spleen",
    "splenic",
    "thymus",
    "lymph",
    "marrow",
    "embryo",
    "vascular",
    "vessel",
    "arter",
    "aorta",
    "aortic",
    "vein",
    "astrocyte",
    "microglia",
    "oligodendrocyte",
    "glia",
    "hepatocyte",
    "podocyte",
];

/// Whole words of anatomy whose stems would match other words
/// (`organism`, `colony`).
const ANATOMICAL_WORDS: &[&str] = &["organ", "organs", "colon", "gut"];

/// Two-word cell types whose first word says nothing alone (`B cells`,
/// `plasma cells`).
const CELL_WORDS: &[&str] = &[
    "b",
    "t",
    "nk",
    "plasma",
    "dendritic",
    "mast",
    "germ",
    "beta",
    "stem",
];

/// Where a statement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatementSource {
    /// A GeneRIF of the gene.
    Generif,
    /// A paper's title.
    Title,
    /// A sentence of a paper's abstract.
    Abstract,
}

impl StatementSource {
    /// The TSV value.
    pub fn slug(self) -> &'static str {
        match self {
            StatementSource::Generif => "generif",
            StatementSource::Title => "title",
            StatementSource::Abstract => "abstract",
        }
    }
}

/// A mention inside a statement, offsets in characters of the sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementMention {
    /// First character.
    pub start: u32,
    /// Just after the last character.
    pub end: u32,
    /// `Gene`, `Disease` or `Chemical`.
    pub kind: String,
    /// GeneIDs, or a MeSH or ontology id.
    pub ids: Vec<String>,
    /// Whether it names this page's gene.
    pub this_gene: bool,
}

/// One sentence under a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    /// The sentence as written.
    pub text: String,
    /// GeneRIF, title or abstract.
    pub source: StatementSource,
    /// The papers it comes from.
    pub pmids: Vec<Pmid>,
    /// Their numbers in [`Literature::references`].
    pub references: Vec<u32>,
    /// Why this topic: the rule and what in the sentence met it.
    pub why: String,
    /// The tagger's mentions in the sentence.
    pub mentions: Vec<StatementMention>,
    /// The statement as wiki markdown with its citations
    /// (`… [@pmid:26445536]`), for adding it to an article.
    pub wiki_markdown: String,
}

/// The statements under one topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicGroup {
    /// The topic.
    pub topic: Topic,
    /// Its heading.
    pub heading: String,
    /// The rule that puts sentences here.
    pub rule: String,
    /// Sentences under the topic, over every text read.
    pub total: u64,
    /// Index of the first statement listed.
    pub offset: u64,
    /// The statements listed, newest paper first.
    pub statements: Vec<Statement>,
}

/// A numbered reference, as WikiGenes lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NumberedReference {
    /// Its number in the statements (`[3]`).
    pub number: u32,
    /// The PubMed id.
    pub pmid: Pmid,
    /// Title, when the citation is imported.
    pub title: Option<String>,
    /// Authors (`Last Initials`).
    pub authors: Vec<String>,
    /// Journal.
    pub journal: Option<String>,
    /// Year.
    pub year: Option<i32>,
}

/// A gene's literature by topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Literature {
    /// The gene.
    pub gene_id: GeneId,
    /// Its symbol.
    pub symbol: String,
    /// Tagged texts about the gene (GeneRIFs and papers).
    pub texts_total: u64,
    /// The newest of them that were read for this answer.
    pub texts_read: u64,
    /// Sentences grouped, over the texts read (those naming `with`, when
    /// asked).
    pub sentences: u64,
    /// The topics, in page order (every topic, even an empty one, unless
    /// one topic was asked for).
    pub topics: Vec<TopicGroup>,
    /// The references the listed statements cite, by number.
    pub references: Vec<NumberedReference>,
    /// How "High impact information" is decided.
    pub high_impact: &'static str,
    /// The id the sentences were filtered on, if any.
    pub with: Option<String>,
}

/// Longest id [`LiteratureQuery::with`] takes (`C000657245`,
/// `DOID:0050686`).
pub const MAX_WITH_CHARS: usize = 24;

/// What to list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LiteratureQuery {
    /// Only this topic.
    pub topic: Option<Topic>,
    /// Only sentences that also name this (a GeneID, MeSH id or ontology
    /// id, as the tagger writes mentions' ids).
    pub with: Option<String>,
    /// Statements of each topic to skip.
    pub offset: u64,
    /// Statements of each topic to list.
    pub limit: u64,
    /// Newest texts to read.
    pub texts: u64,
}

/// The definition of "High impact information", as pages and the API give it.
pub const HIGH_IMPACT: &str = "Locus has no journal metrics or citation counts, so a statement is high impact when it is about the gene's own function (it names no disease, chemical, other gene, clinical or anatomical word) and its paper is curated for the gene (one of the gene's GeneRIFs cites it) and focused on it (the gene–PubMed sources link the paper to at most 3 genes, and in a tagged abstract the gene holds at least half of the gene mentions).";

/// What the classifier knows about a sentence's text.
pub struct SentenceContext {
    /// GeneRIF or paper.
    pub source: GeneTextSource,
    /// Genes the sources link the paper to (0: none).
    pub genes_linked: u64,
    /// A GeneRIF of the gene cites the paper.
    pub generif_cited: bool,
    /// The gene's mentions in the whole text, and all gene mentions.
    pub share: (u32, u32),
}

/// A topic and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    /// The topic.
    pub topic: Topic,
    /// What made its rule hold.
    pub why: String,
}

/// The words of `sentence` outside the mentions, lower-cased.
fn words_outside(sentence: &str, mentions: &[(usize, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, ch) in sentence.chars().enumerate() {
        let inside = mentions.iter().any(|&(s, e)| i >= s && i < e);
        if !inside && (ch.is_alphanumeric() || (ch == '-' && !word.is_empty())) {
            word.extend(ch.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word).trim_end_matches('-').to_string());
        }
    }
    if !word.is_empty() {
        out.push(word.trim_end_matches('-').to_string());
    }
    out
}

/// The first word starting with one of `stems`.
fn find_word<'a>(words: &'a [String], stems: &[&str]) -> Option<&'a str> {
    words
        .iter()
        .find(|w| stems.iter().any(|s| w.starts_with(s)))
        .map(String::as_str)
}

/// A tissue or cell word, or a two-word cell type (`B cells`).
fn find_anatomy(words: &[String]) -> Option<String> {
    if let Some(w) = find_word(words, ANATOMICAL) {
        return Some(w.to_string());
    }
    if let Some(w) = words
        .iter()
        .find(|w| ANATOMICAL_WORDS.contains(&w.as_str()))
    {
        return Some(w.clone());
    }
    words.windows(2).find_map(|p| {
        (CELL_WORDS.contains(&p[0].as_str()) && (p[1] == "cell" || p[1] == "cells"))
            .then(|| format!("{} {}", p[0], p[1]))
    })
}

/// Decides the topic of one sentence about `gene`. `mentions` are the
/// tagger's mentions inside the sentence (offsets in its characters).
pub fn classify(
    gene: GeneId,
    symbol: &str,
    sentence: &str,
    mentions: &[StatementMention],
    ctx: &SentenceContext,
) -> Grouping {
    let chars: Vec<char> = sentence.chars().collect();
    let named = |m: &StatementMention| -> String {
        let s = (m.start as usize).min(chars.len());
        let e = (m.end as usize).min(chars.len()).max(s);
        chars[s..e].iter().collect()
    };
    let ids = |m: &StatementMention| m.ids.join(", ");
    if let Some(m) = mentions.iter().find(|m| m.kind == "Disease") {
        return Grouping {
            topic: Topic::Disease,
            why: format!("names the disease “{}” ({})", named(m), ids(m)),
        };
    }
    if let Some(m) = mentions.iter().find(|m| m.kind == "Chemical") {
        return Grouping {
            topic: Topic::Chemical,
            why: format!("names the chemical “{}” ({})", named(m), ids(m)),
        };
    }
    let spans: Vec<(usize, usize)> = mentions
        .iter()
        .map(|m| (m.start as usize, m.end as usize))
        .collect();
    let words = words_outside(sentence, &spans);
    let other = mentions.iter().find(|m| {
        m.kind == "Gene" && !m.this_gene && !named(m).eq_ignore_ascii_case(symbol) && {
            let g = gene.to_string();
            !m.ids.contains(&g)
        }
    });
    if let Some(m) = other {
        let partner = format!(
            "names {} “{}” (GeneID {})",
            "another gene,",
            named(m),
            ids(m)
        );
        if let Some(w) = find_word(&words, BINDING) {
            return Grouping {
                topic: Topic::Physical,
                why: format!("{partner} and the binding word “{w}”"),
            };
        }
        if let Some(w) = find_word(&words, REGULATION) {
            return Grouping {
                topic: Topic::Regulatory,
                why: format!("{partner} and the regulation word “{w}”"),
            };
        }
        return Grouping {
            topic: Topic::OtherInteractions,
            why: format!("{partner}, with no word of binding or regulation"),
        };
    }
    if let Some(w) = find_word(&words, ANALYTICAL) {
        return Grouping {
            topic: Topic::Analytical,
            why: format!("the word “{w}”"),
        };
    }
    if let Some(w) = find_anatomy(&words) {
        return Grouping {
            topic: Topic::Anatomical,
            why: format!("the tissue or cell word “{w}”"),
        };
    }
    let focused_paper = ctx.genes_linked <= FOCUSED_MAX_GENES;
    let focused_text = match ctx.source {
        GeneTextSource::Generif => true,
        GeneTextSource::Paper => ctx.share.1 > 0 && 2 * ctx.share.0 >= ctx.share.1,
    };
    if ctx.generif_cited && focused_paper && focused_text {
        let linked = match ctx.genes_linked {
            0 => "no gene–PubMed link imported".to_string(),
            1 => "linked to 1 gene".to_string(),
            n => format!("linked to {n} genes"),
        };
        return Grouping {
            topic: Topic::HighImpact,
            why: format!(
                "about {symbol} alone, from a paper a GeneRIF of {symbol} cites ({linked})"
            ),
        };
    }
    Grouping {
        topic: Topic::Biological,
        why: format!("about {symbol} alone"),
    }
}

/// One sentence with its topic, before paging.
struct Grouped {
    topic: Topic,
    why: String,
    text: String,
    source: StatementSource,
    pmids: Vec<Pmid>,
    mentions: Vec<StatementMention>,
}

/// Character ranges of the sentences of a text to read: a GeneRIF's
/// every sentence; a paper's title, then its abstract's sentences.
fn sentence_ranges(t: &GeneText) -> Vec<(usize, usize, StatementSource)> {
    let title = t.title_chars as usize;
    let mut out = Vec::new();
    // Where the sentences to split start: a GeneRIF's first character, or
    // the abstract's, after the title and its space.
    let body_start_byte = match t.source {
        GeneTextSource::Generif => 0,
        GeneTextSource::Paper => {
            if title > 0 {
                out.push((0, title, StatementSource::Title));
            }
            t.text
                .char_indices()
                .nth(title + 1)
                .map_or(t.text.len(), |(b, _)| b)
        }
    };
    let source = match t.source {
        GeneTextSource::Generif => StatementSource::Generif,
        GeneTextSource::Paper => StatementSource::Abstract,
    };
    // Sentence offsets rise, so bytes become characters in one pass.
    let (mut byte, mut ch) = (0, 0);
    let mut to_char = |b: usize| {
        ch += t.text[byte..b].chars().count();
        byte = b;
        ch
    };
    for (s, e) in locus_tagger::text::sentences(&t.text[body_start_byte..]) {
        let s = to_char(body_start_byte + s);
        let e = to_char(body_start_byte + e);
        out.push((s, e, source));
    }
    out
}

/// The sentences of one text that the gene's literature holds, grouped.
fn group_text(gene: &GeneDetail, t: &GeneText) -> Vec<Grouped> {
    let id = gene.gene_id.to_string();
    let ctx = SentenceContext {
        source: t.source,
        genes_linked: t.genes_linked,
        generif_cited: t.generif_cited,
        share: (t.gene_mentions, t.all_gene_mentions),
    };
    let chars: Vec<char> = t.text.chars().collect();
    let mut out = Vec::new();
    for (s, e, source) in sentence_ranges(t) {
        let inside: Vec<&TextMention> = t
            .mentions
            .iter()
            .filter(|m| m.start as usize >= s && m.end as usize <= e)
            .collect();
        let names_gene = inside
            .iter()
            .any(|m| m.kind == "Gene" && m.ids.contains(&id));
        if source != StatementSource::Generif && !names_gene {
            continue;
        }
        // A GeneRIF of the gene already states what the paper found about
        // it, usually in its title's words.
        if source == StatementSource::Title && t.generif_cited {
            continue;
        }
        let text: String = chars[s..e].iter().collect();
        let trimmed = text.trim_end();
        if trimmed.is_empty() {
            continue;
        }
        let mentions: Vec<StatementMention> = inside
            .iter()
            .map(|m| StatementMention {
                start: m.start - s as u32,
                end: m.end - s as u32,
                kind: m.kind.clone(),
                ids: m.ids.clone(),
                this_gene: m.kind == "Gene" && m.ids.contains(&id),
            })
            .collect();
        let g = classify(gene.gene_id, &gene.symbol, &text, &mentions, &ctx);
        out.push(Grouped {
            topic: g.topic,
            why: g.why,
            text: trimmed.to_string(),
            source,
            pmids: t.pmids.clone(),
            mentions,
        });
    }
    out
}

/// The wiki markdown of a statement: the sentence and its citations.
fn wiki_markdown(text: &str, pmids: &[Pmid]) -> String {
    let cites: Vec<String> = pmids.iter().map(|p| format!("@pmid:{p}")).collect();
    if cites.is_empty() {
        text.to_string()
    } else {
        format!("{text} [{}]", cites.join("; "))
    }
}

/// The literature of `gene` by topic.
pub fn literature(
    store: &dyn GeneStore,
    gene: &GeneDetail,
    q: &LiteratureQuery,
) -> Result<Literature> {
    let texts = store.gene_texts(gene.gene_id, q.texts)?;
    let mut grouped: Vec<Grouped> = Vec::new();
    for t in &texts.texts {
        grouped.extend(group_text(gene, t));
    }
    if let Some(with) = &q.with {
        grouped.retain(|g| {
            g.mentions
                .iter()
                .any(|m| !m.this_gene && m.ids.contains(with))
        });
    }
    let sentences = grouped.len() as u64;
    let mut by_topic: HashMap<Topic, Vec<Grouped>> = HashMap::new();
    for g in grouped {
        by_topic.entry(g.topic).or_default().push(g);
    }
    let mut numbers: HashMap<Pmid, u32> = HashMap::new();
    let mut order: Vec<Pmid> = Vec::new();
    let mut topics = Vec::new();
    for topic in Topic::ALL {
        if q.topic.is_some_and(|t| t != topic) {
            continue;
        }
        let all = by_topic.remove(&topic).unwrap_or_default();
        let total = all.len() as u64;
        let skip = usize::try_from(q.offset).unwrap_or(usize::MAX);
        let take = usize::try_from(q.limit).unwrap_or(usize::MAX);
        let statements = all
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|g| {
                let references = g
                    .pmids
                    .iter()
                    .map(|p| {
                        *numbers.entry(*p).or_insert_with(|| {
                            order.push(*p);
                            order.len() as u32
                        })
                    })
                    .collect();
                Statement {
                    wiki_markdown: wiki_markdown(&g.text, &g.pmids),
                    text: g.text,
                    source: g.source,
                    pmids: g.pmids,
                    references,
                    why: format!("{}: {}", topic.heading(&gene.symbol), g.why),
                    mentions: g.mentions,
                }
            })
            .collect();
        topics.push(TopicGroup {
            topic,
            heading: topic.heading(&gene.symbol),
            rule: topic.rule().to_string(),
            total,
            offset: q.offset,
            statements,
        });
    }
    let mut references = Vec::with_capacity(order.len());
    for (i, pmid) in order.into_iter().enumerate() {
        let c = store.citation(pmid)?;
        references.push(NumberedReference {
            number: i as u32 + 1,
            pmid,
            title: c
                .as_ref()
                .map(|c| c.title.clone())
                .filter(|t| !t.is_empty()),
            authors: c.as_ref().map(|c| c.authors.clone()).unwrap_or_default(),
            journal: c.as_ref().and_then(|c| c.journal.clone()),
            year: c.as_ref().and_then(|c| c.year),
        });
    }
    Ok(Literature {
        gene_id: gene.gene_id,
        symbol: gene.symbol.clone(),
        texts_total: texts.total,
        texts_read: texts.texts.len() as u64,
        sentences,
        topics,
        references,
        high_impact: HIGH_IMPACT,
        with: q.with.clone(),
    })
}

/// One sentence naming both ends of a co-mention edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoMentionSentence {
    /// The sentence as written.
    pub text: String,
    /// GeneRIF, title or abstract.
    pub source: StatementSource,
    /// The papers it comes from.
    pub pmids: Vec<Pmid>,
}

/// The evidence of a co-mention edge: the sentences naming both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoMentionEvidence {
    /// Texts (GeneRIFs, papers) whose sentences name both.
    pub texts: u64,
    /// Those sentences, from the newest texts.
    pub sentences: Vec<CoMentionSentence>,
}

/// The sentences of the newest `limit` texts that name `gene` and
/// `other` (a gene, disease or phenotype) together.
pub fn co_mention_evidence(
    store: &dyn GeneStore,
    gene: GeneId,
    other: locus_model::EntityRef,
    limit: u64,
) -> Result<CoMentionEvidence> {
    let found = store.co_mention_texts(gene, other, limit)?;
    let g = gene.to_string();
    let mut sentences = Vec::new();
    for t in &found.texts {
        let chars: Vec<char> = t.text.chars().collect();
        for (s, e, source) in sentence_ranges(t) {
            let inside = || {
                t.mentions
                    .iter()
                    .filter(move |m| m.start as usize >= s && m.end as usize <= e)
            };
            let names_gene = inside().any(|m| m.kind == "Gene" && m.ids.contains(&g));
            let names_other = inside().any(|m| m.ids.iter().any(|i| found.other_ids.contains(i)));
            if names_gene && names_other {
                sentences.push(CoMentionSentence {
                    text: chars[s..e]
                        .iter()
                        .collect::<String>()
                        .trim_end()
                        .to_string(),
                    source,
                    pmids: t.pmids.clone(),
                });
            }
        }
    }
    Ok(CoMentionEvidence {
        texts: found.total,
        sentences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(sentence: &str, word: &str, kind: &str, id: &str, this: bool) -> StatementMention {
        let byte = sentence.find(word).expect("word in sentence");
        let start = sentence[..byte].chars().count() as u32;
        StatementMention {
            start,
            end: start + word.chars().count() as u32,
            kind: kind.into(),
            ids: vec![id.into()],
            this_gene: this,
        }
    }

    fn ctx(generif_cited: bool, genes_linked: u64) -> SentenceContext {
        SentenceContext {
            source: GeneTextSource::Generif,
            genes_linked,
            generif_cited,
            share: (1, 1),
        }
    }

    const BACH1: GeneId = GeneId(571);

    fn topic(sentence: &str, mentions: &[StatementMention], c: &SentenceContext) -> Topic {
        classify(BACH1, "BACH1", sentence, mentions, c).topic
    }

    #[test]
    fn a_disease_comes_first() {
        let s = "BACH1 binds HMOX1 in atherosclerosis.";
        let m = [
            mention(s, "BACH1", "Gene", "571", true),
            mention(s, "HMOX1", "Gene", "3162", false),
            mention(s, "atherosclerosis", "Disease", "DOID:1936", false),
        ];
        let g = classify(BACH1, "BACH1", s, &m, &ctx(true, 1));
        assert_eq!(g.topic, Topic::Disease);
        assert!(g.why.contains("atherosclerosis"), "{}", g.why);
    }

    #[test]
    fn binding_beats_regulation_and_words_inside_names_do_not_count() {
        let s = "Bach1 interacts with p62 and represses it.";
        let m = [
            mention(s, "Bach1", "Gene", "571", true),
            mention(s, "p62", "Gene", "8878", false),
        ];
        assert_eq!(topic(s, &m, &ctx(true, 1)), Topic::Physical);
        let s = "Nrf2 represses Bach1.";
        let m = [
            mention(s, "Nrf2", "Gene", "4780", false),
            mention(s, "Bach1", "Gene", "571", true),
        ];
        assert_eq!(topic(s, &m, &ctx(true, 1)), Topic::Regulatory);
        // "binding" inside a gene's name is not a word of the sentence.
        let s = "Bach1 and SATB1 are found together.";
        let m = [
            mention(s, "Bach1", "Gene", "571", true),
            mention(s, "SATB1", "Gene", "6304", false),
        ];
        assert_eq!(topic(s, &m, &ctx(true, 1)), Topic::OtherInteractions);
    }

    #[test]
    fn the_same_symbol_in_another_organism_is_not_another_gene() {
        let s = "Bach1 deficiency raises Bach1 targets in mice.";
        let m = [mention(s, "Bach1", "Gene", "12013", false)];
        assert_ne!(topic(s, &m, &ctx(true, 1)), Topic::OtherInteractions);
    }

    #[test]
    fn clinical_then_anatomical_then_impact() {
        let s = "High BACH1 predicts poor survival.";
        assert_eq!(topic(s, &[], &ctx(true, 1)), Topic::Analytical);
        let s = "BACH1 is abundant in B cells.";
        assert_eq!(topic(s, &[], &ctx(true, 1)), Topic::Anatomical);
        let s = "BACH1 is exported from the nucleus upon oxidative stress.";
        assert_eq!(topic(s, &[], &ctx(true, 2)), Topic::HighImpact);
        assert_eq!(topic(s, &[], &ctx(true, 40)), Topic::Biological);
        assert_eq!(topic(s, &[], &ctx(false, 1)), Topic::Biological);
        let paper = SentenceContext {
            source: GeneTextSource::Paper,
            genes_linked: 1,
            generif_cited: true,
            share: (1, 3),
        };
        assert_eq!(topic(s, &[], &paper), Topic::Biological);
    }

    #[test]
    fn topic_slugs_round_trip_and_rules_cover_every_topic() {
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.slug()), Some(t));
            assert!(RULES.contains(&t));
        }
    }

    #[test]
    fn statements_carry_their_citations_for_the_wiki() {
        assert_eq!(
            wiki_markdown("Bach1 represses HMOX1.", &[Pmid(1), Pmid(2)]),
            "Bach1 represses HMOX1. [@pmid:1; @pmid:2]"
        );
    }
}
