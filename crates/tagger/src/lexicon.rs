//! The names the tagger knows, in a trie over token keys.
//!
//! A [`Lexicon`] holds *targets* (a gene, a disease, a chemical: what a
//! mention is normalised to) and *names* (a spelling of a target with
//! where it came from: an official symbol, an alias, a full name, an
//! ontology synonym, a name learned from a training corpus). Names are
//! cut into tokens by [`crate::text::tokenize`] and stored in a trie whose
//! edges are token ids, so finding every name that starts at a token
//! costs one hash lookup per token walked, whatever the lexicon's size.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use locus_model::TaxId;

use crate::text::{starts_with_greek, tokenize};

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityKind {
    /// A gene or its product, normalised to an NCBI GeneID.
    Gene,
    /// A disease or phenotype, normalised to MeSH where known, else the
    /// ontology id (DOID, HP, OMIM, ORPHA).
    Disease,
    /// A chemical, normalised to MeSH.
    Chemical,
}

impl EntityKind {
    /// The type as PubTator writes it.
    pub fn pubtator(self) -> &'static str {
        match self {
            EntityKind::Gene => "Gene",
            EntityKind::Disease => "Disease",
            EntityKind::Chemical => "Chemical",
        }
    }

    /// Reads a PubTator type: the NCBI disease corpus's subtypes
    /// (`SpecificDisease`, `DiseaseClass`, `Modifier`,
    /// `CompositeMention`) are diseases; `None` for types the tagger does
    /// not find (`FamilyName`, `Species`, …).
    pub fn from_pubtator(s: &str) -> Option<Self> {
        match s {
            "Gene" => Some(EntityKind::Gene),
            "Disease" | "SpecificDisease" | "DiseaseClass" | "Modifier" | "CompositeMention" => {
                Some(EntityKind::Disease)
            }
            "Chemical" => Some(EntityKind::Chemical),
            _ => None,
        }
    }
}

/// Where a name comes from; decides how strictly its spelling must match
/// and which of several targets wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The gene's symbol (`BACH1`, mouse `Bach1`).
    Symbol,
    /// A spelling of this target in a training corpus's gold annotations.
    Learned,
    /// The gene's full name (`heme oxygenase 1`) or another designation.
    FullName,
    /// An ontology term's name (`breast carcinoma`).
    TermName,
    /// An ontology term's synonym.
    TermSynonym,
    /// Another symbol of the gene (`HO-1`, `p53`).
    Alias,
}

impl NameSource {
    /// Short forms (symbols, aliases) are where ambiguity lives: they must
    /// match in case unless they carry a digit.
    pub fn is_short_form(self) -> bool {
        matches!(self, NameSource::Symbol | NameSource::Alias)
    }

    /// The fewest letters and digits a spelling from this source needs to
    /// be read on the lexicon's word alone. Shorter aliases (`S4`, `H3`,
    /// `p11`, `HEK`) and symbols (`AR`) name too many things; they are
    /// genes where the training corpora annotate them so (learned names,
    /// which need two) or where the text defines them. The lexicon does
    /// not keep names shorter than this, so the many one- and two-letter
    /// aliases cost nothing at every `a` and `in` of a text.
    pub fn min_letters_and_digits(self) -> usize {
        match self {
            NameSource::Learned => 2,
            NameSource::Symbol => 3,
            NameSource::Alias
            | NameSource::FullName
            | NameSource::TermName
            | NameSource::TermSynonym => 4,
        }
    }
}

/// What a mention can be normalised to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// Gene, disease or chemical.
    pub kind: EntityKind,
    /// The identifier: a GeneID (`571`), a MeSH id (`D009369`) or an
    /// ontology id (`DOID:1612`, `HP:0001250`).
    pub id: String,
    /// The organism, for genes.
    pub tax_id: Option<TaxId>,
    /// The MeSH id the target's vocabulary maps it to, if any; written in
    /// place of [`id`](Self::id) in PubTator output.
    pub mesh: Option<String>,
    /// How much it is studied (distinct PubMed ids for genes): among
    /// equally good readings of an ambiguous alias, the better-studied
    /// gene wins.
    pub weight: u32,
}

impl Target {
    /// The identifier PubTator output gives: MeSH when known, else the id.
    pub fn output_id(&self) -> &str {
        self.mesh.as_deref().unwrap_or(&self.id)
    }
}

/// Index of a target in its lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TargetIx(pub u32);

/// One spelling of a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// What it names.
    pub target: TargetIx,
    /// Where the spelling comes from.
    pub source: NameSource,
    /// The spelling as written (`BACH1`, `HO-1`), for case rules.
    pub form: Box<str>,
    /// For learned names, how often the training corpora annotate it so.
    pub count: u32,
    /// The spelling has a capital letter.
    pub form_has_upper: bool,
    /// The spelling starts with a Greek letter (`alpha-synuclein`).
    pub form_starts_greek: bool,
    /// The spelling is an abbreviation (at most five letters and digits,
    /// two or more capitals: `ALS`), which an ontology synonym must not be
    /// matched by alone.
    pub form_is_abbreviation: bool,
}

/// Builds a [`Lexicon`]: add targets, their names and the learned stop
/// list, then [`build`](Self::build).
#[derive(Debug, Default)]
pub struct LexiconBuilder {
    targets: Vec<Target>,
    by_id: FxHashMap<(EntityKind, String), TargetIx>,
    names: Vec<(Vec<String>, Name)>,
    stops: Vec<(EntityKind, String)>,
}

impl LexiconBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a target, or returns the one already there with its kind and
    /// id (keeping the larger weight and any MeSH id either gives).
    pub fn target(&mut self, target: Target) -> TargetIx {
        let key = (target.kind, target.id.clone());
        if let Some(&ix) = self.by_id.get(&key) {
            let t = &mut self.targets[ix.0 as usize];
            t.weight = t.weight.max(target.weight);
            if t.mesh.is_none() {
                t.mesh = target.mesh;
            }
            if t.tax_id.is_none() {
                t.tax_id = target.tax_id;
            }
            return ix;
        }
        let ix = TargetIx(self.targets.len() as u32);
        self.targets.push(target);
        self.by_id.insert(key, ix);
        ix
    }

    /// The target already added with this kind and id.
    pub fn find(&self, kind: EntityKind, id: &str) -> Option<TargetIx> {
        self.by_id.get(&(kind, id.to_string())).copied()
    }

    /// The target at `ix`.
    pub fn get(&self, ix: TargetIx) -> &Target {
        &self.targets[ix.0 as usize]
    }

    /// Adds a spelling of `target`. Names without letters or digits are
    /// passed over.
    pub fn name(&mut self, target: TargetIx, form: &str, source: NameSource, count: u32) {
        let tokens = tokenize(form);
        if tokens.is_empty() {
            return;
        }
        let key: Vec<String> = (0..tokens.len())
            .map(|i| tokens.norm(i).to_string())
            .collect();
        let form = form.trim();
        let alnum = form.chars().filter(|c| c.is_alphanumeric()).count();
        if alnum < source.min_letters_and_digits() {
            return;
        }
        let capitals = form.chars().filter(|c| c.is_uppercase()).count();
        self.names.push((
            key,
            Name {
                target,
                source,
                form: form.into(),
                count,
                form_has_upper: capitals > 0,
                form_starts_greek: starts_with_greek(form),
                form_is_abbreviation: alnum <= 5 && capitals >= 2,
            },
        ));
    }

    /// Marks a spelling as one the training corpora show is usually not a
    /// `kind` (`CAT`, `SET` as words, `AIDS` as a verb).
    pub fn stop(&mut self, kind: EntityKind, form: &str) {
        self.stops.push((kind, tokenize(form).key()));
    }

    /// The finished lexicon.
    pub fn build(self) -> Lexicon {
        let mut lex = Lexicon {
            tokens: FxHashMap::default(),
            children: FxHashMap::default(),
            node_names: FxHashMap::default(),
            names: Vec::with_capacity(self.names.len()),
            targets: self.targets,
            stops: FxHashSet::default(),
            nodes: 1,
            organisms: FxHashSet::default(),
            numbered: FxHashMap::default(),
        };
        lex.organisms = lex
            .targets
            .iter()
            .filter(|t| t.kind == EntityKind::Gene)
            .filter_map(|t| t.tax_id)
            .collect();
        let mut names = self.names;
        // Same key together, so each node's names are one slice.
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let mut i = 0;
        while i < names.len() {
            let mut j = i;
            while j < names.len() && names[j].0 == names[i].0 {
                j += 1;
            }
            let node = lex.insert(&names[i].0);
            let start = lex.names.len() as u32;
            let mut seen: FxHashSet<(TargetIx, NameSource, Box<str>)> = FxHashSet::default();
            for (_, name) in &names[i..j] {
                if seen.insert((name.target, name.source, name.form.clone())) {
                    lex.names.push(name.clone());
                }
            }
            lex.node_names
                .insert(node, (start, lex.names.len() as u32 - start));
            i = j;
        }
        // Stems of numbered series (`MAPK` of MAPK1, MAPK3, …).
        let mut digits = vec![false; lex.tokens.len()];
        for (form, &id) in &lex.tokens {
            digits[id as usize] = form.bytes().all(|b| b.is_ascii_digit());
        }
        let mut numbered: FxHashMap<Node, u32> = FxHashMap::default();
        for (&(parent, tok), child) in &lex.children {
            if digits[tok as usize] && lex.node_names.contains_key(child) {
                *numbered.entry(parent).or_default() += 1;
            }
        }
        lex.numbered = numbered;
        for (kind, key) in self.stops {
            let words: Vec<String> = key.split(' ').map(str::to_string).collect();
            if let Some(node) = lex.node_of(&words) {
                lex.stops.insert((kind, node));
            }
        }
        lex
    }
}

/// Names in a trie over token ids, with their targets.
#[derive(Debug)]
pub struct Lexicon {
    tokens: FxHashMap<Box<str>, u32>,
    children: FxHashMap<(u32, u32), u32>,
    node_names: FxHashMap<u32, (u32, u32)>,
    names: Vec<Name>,
    targets: Vec<Target>,
    stops: FxHashSet<(EntityKind, u32)>,
    nodes: u32,
    /// Organisms with at least one gene target.
    organisms: FxHashSet<TaxId>,
    /// For a node, how many names continue it with a number.
    numbered: FxHashMap<Node, u32>,
}

/// A trie node: the root is 0.
pub type Node = u32;

/// The id of a token form no name contains.
pub const UNKNOWN_TOKEN: u32 = u32::MAX;

impl Lexicon {
    fn insert(&mut self, key: &[String]) -> Node {
        let mut node = 0;
        for word in key {
            let next_id = self.tokens.len() as u32;
            let tok = *self.tokens.entry(word.as_str().into()).or_insert(next_id);
            node = match self.children.get(&(node, tok)) {
                Some(&n) => n,
                None => {
                    let n = self.nodes;
                    self.nodes += 1;
                    self.children.insert((node, tok), n);
                    n
                }
            };
        }
        node
    }

    fn node_of(&self, key: &[String]) -> Option<Node> {
        let mut node = 0;
        for w in key {
            node = self.step(node, self.token_id(w))?;
        }
        Some(node)
    }

    /// The id of a normalised token form, or [`UNKNOWN_TOKEN`].
    pub fn token_id(&self, norm: &str) -> u32 {
        self.tokens.get(norm).copied().unwrap_or(UNKNOWN_TOKEN)
    }

    /// The node reached from `node` by token `token`.
    pub fn step(&self, node: Node, token: u32) -> Option<Node> {
        if token == UNKNOWN_TOKEN {
            return None;
        }
        self.children.get(&(node, token)).copied()
    }

    /// The names whose key ends at `node`.
    pub fn names_at(&self, node: Node) -> &[Name] {
        match self.node_names.get(&node) {
            Some(&(start, len)) => &self.names[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// The names of a spelling (`HO-1`), for tests and explanations.
    pub fn lookup(&self, form: &str) -> &[Name] {
        let t = tokenize(form);
        let key: Vec<String> = (0..t.len()).map(|i| t.norm(i).to_string()).collect();
        match self.node_of(&key) {
            Some(n) => self.names_at(n),
            None => &[],
        }
    }

    /// True when training showed this key is usually not a `kind`.
    pub fn is_stopped(&self, kind: EntityKind, node: Node) -> bool {
        self.stops.contains(&(kind, node))
    }

    /// How many names continue the name at `node` with a number: two or
    /// more make it the stem of a series (`MAPK`, `JNK`), which names a
    /// family rather than one gene.
    pub fn numbered_continuations(&self, node: Node) -> u32 {
        self.numbered.get(&node).copied().unwrap_or(0)
    }

    /// True when the lexicon holds genes of `tax`.
    pub fn holds_genes_of(&self, tax: TaxId) -> bool {
        self.organisms.contains(&tax)
    }

    /// The target at `ix`.
    pub fn target(&self, ix: TargetIx) -> &Target {
        &self.targets[ix.0 as usize]
    }

    /// Numbers of targets, names and trie nodes, for reports.
    pub fn size(&self) -> (usize, usize, usize) {
        (self.targets.len(), self.names.len(), self.nodes as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_reach_their_target() {
        let mut b = LexiconBuilder::new();
        let hmox1 = b.target(Target {
            kind: EntityKind::Gene,
            id: "3162".into(),
            tax_id: Some(TaxId(9606)),
            mesh: None,
            weight: 10,
        });
        // HMOX1's symbol, two of its gene_info synonyms, its full name.
        b.name(hmox1, "HMOX1", NameSource::Symbol, 0);
        b.name(hmox1, "HSP32", NameSource::Alias, 0);
        b.name(hmox1, "HO-1", NameSource::Alias, 0);
        b.name(hmox1, "heme oxygenase 1", NameSource::FullName, 0);
        let lex = b.build();
        for spelling in ["HSP32", "Hsp-32", "hsp 32", "Heme oxygenase-1", "HMOX-1"] {
            let names = lex.lookup(spelling);
            assert_eq!(names.len(), 1, "{spelling}");
            assert_eq!(lex.target(names[0].target).id, "3162");
        }
        assert!(lex.lookup("heme oxygenase").is_empty());
        // Too short an alias to be read alone: not kept.
        assert!(lex.lookup("HO-1").is_empty());
    }
}
