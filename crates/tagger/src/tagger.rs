//! Finding and normalising mentions in one text.
//!
//! The steps, in order (docs/tagger.md gives the reasons and the figures):
//!
//! 1. **Names.** From each token that starts a word, walk the lexicon's
//!    trie as far as the text goes; keep the longest name that ends at a
//!    word end (or before a plural `s`) and whose spelling rules pass
//!    ([`spelling_ok`]): symbols and aliases without a digit must be
//!    written in capitals or exactly as the source writes them (`CAT` but
//!    not `cat`, mouse `Met` but not sentence-initial `Met` for human
//!    `MET`); a spelling the training corpora show is usually not an
//!    entity (the learned stop list) is passed over.
//! 2. **Abbreviations** defined in the text ([`crate::abbrev`]): a short
//!    form whose long form was recognised means that entity everywhere in
//!    the text (`HO-1` after "heme oxygenase-1 (HO-1)"); one whose long
//!    form is no entity is not a gene or disease anywhere in the text
//!    (`CAT` after "computer-assisted tomography (CAT)").
//! 3. **Families and composites.** A gene name followed by `family` is a
//!    family, not a gene; `Bach1 and 2`, `IL-2/4` and `SMAD2, 3` give one
//!    mention with each member's id.
//! 4. **Organism.** Of the genes a name can be, the tagger takes those of
//!    the organism named just before the mention (`mouse Bach2`), else of
//!    the organism the text names most (`mice`, `patients`), else human;
//!    then the best reading: a spelling learned from training, the
//!    symbol, the full name, an alias, the better-studied gene last.

use rustc_hash::FxHashMap;
use serde::Serialize;

use locus_model::TaxId;

use crate::abbrev;
use crate::lexicon::{EntityKind, Lexicon, Name, NameSource, Node, TargetIx};
use crate::species::{self, HUMAN};
use crate::text::{
    greek_letter, is_greek_name, sentences, starts_with_greek, tokenize, Class, Tokens,
};

/// How a mention was recognised: shown to curators ("why this id").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum How {
    /// A name in the lexicon, with where that name comes from.
    Name {
        /// Symbol, alias, full name, ontology name or synonym, learned.
        source: NameSource,
    },
    /// A short form defined in the text by a long form that was recognised.
    Abbreviation {
        /// The long form as the text writes it.
        long_form: String,
    },
}

/// One mention found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Offset of its first character in the text (characters, as PubTator
    /// counts).
    pub start: u32,
    /// Offset just after its last character.
    pub end: u32,
    /// The mention as written.
    pub text: String,
    /// Gene, disease or chemical.
    pub kind: EntityKind,
    /// What it is normalised to: GeneIDs (several for a composite
    /// mention), or one MeSH or ontology id.
    pub ids: Vec<String>,
    /// For genes, the organism chosen.
    pub tax_id: Option<TaxId>,
    /// How it was recognised.
    pub how: How,
    /// Byte range in the text.
    #[serde(skip)]
    pub bytes: (usize, usize),
}

/// The tagger: a lexicon and the organisms genes may be normalised to.
#[derive(Debug)]
pub struct Tagger {
    lex: Lexicon,
    organisms: Option<Vec<TaxId>>,
}

/// Where a name matched: tokens `start..key_end` spell it, the mention
/// runs to `end` (past a plural `s`), `skip` bytes of an organism prefix
/// (`h` of `hOGG1`) are not part of the name, and `plural` says the last
/// token was read as its singular.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    key_end: usize,
    end: usize,
    skip: usize,
    plural: bool,
}

/// A mention before its target is chosen: tokens `start..end` and the
/// names that matched there.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    kind: EntityKind,
    /// The chosen readings (several for composite mentions).
    targets: Vec<TargetIx>,
    how: How,
}

const FAMILY_WORDS: &[&str] = &["family", "families", "superfamily", "subfamily"];

/// Words that make the gene name before them part of a longer name.
const HEAD_WORDS: &[&str] = &[
    "receptor",
    "receptors",
    "activator",
    "activators",
    "associated",
    "related",
    "like",
    "interacting",
    "binding",
    "inducible",
    "induced",
    "responsive",
    "dependent",
];

impl Tagger {
    /// A tagger over `lex`, normalising genes of every organism it holds.
    pub fn new(lex: Lexicon) -> Self {
        Tagger {
            lex,
            organisms: None,
        }
    }

    /// Normalises genes only to these organisms (as the BioCreative II
    /// gene normalisation task asks for human genes only).
    pub fn with_organisms(mut self, organisms: Vec<TaxId>) -> Self {
        self.organisms = (!organisms.is_empty()).then_some(organisms);
        self
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Finds the mentions in `text`, in text order.
    pub fn tag(&self, text: &str) -> Vec<Mention> {
        let toks = tokenize(text);
        let ids: Vec<u32> = (0..toks.len())
            .map(|i| self.lex.token_id(toks.norm(i)))
            .collect();
        let named = document_organism(&toks);
        let doc = Doc {
            text,
            toks: &toks,
            ids: &ids,
            doc_tax: named.unwrap_or(HUMAN),
            organism_named: named.is_some(),
            sentences: sentences(text),
        };
        let mut cands = self.names(&doc);
        self.abbreviations(&doc, &mut cands);
        self.families_and_composites(&doc, &mut cands);
        cands.sort_by_key(|c| c.start);
        cands
            .into_iter()
            .filter_map(|c| self.mention(&doc, c))
            .collect()
    }

    /// Step 1: the longest acceptable name from each word start.
    fn names(&self, doc: &Doc) -> Vec<Candidate> {
        let n = doc.toks.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            if doc.toks.tokens[i].joined {
                i += 1;
                continue;
            }
            let mut best = self.longest(doc, i, doc.ids[i], 0);
            // `hOGG1`, `mTERT`: a human or mouse prefix on a symbol.
            if best.is_none() {
                if let Some(rest) = organism_prefixed(doc.surface(i, i + 1)) {
                    best = self.longest(doc, i, self.lex.token_id(&rest.to_lowercase()), 1);
                }
            }
            match best {
                Some(c) => {
                    i = c.end;
                    out.push(c);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The longest acceptable name from token `i`, whose id is taken as
    /// `first` (the token without an organism prefix of `skip` bytes).
    fn longest(&self, doc: &Doc, i: usize, first: u32, skip: usize) -> Option<Candidate> {
        let n = doc.toks.len();
        let mut node = 0;
        let mut best: Option<Candidate> = None;
        let mut j = i;
        while j < n {
            if j > i && !doc.joins(j) {
                break;
            }
            let id = if j == i { first } else { doc.ids[j] };
            // `seizures`, `carcinomas`: a plural ending a long name is
            // read by its singular, and ends the walk.
            let (next, plural) = match self.lex.step(node, id) {
                Some(next) => (next, false),
                None => match self.lex.step(node, doc.singular(j, &self.lex)) {
                    Some(next) => (next, true),
                    None => break,
                },
            };
            node = next;
            j += 1;
            let end = doc.word_end(j).filter(|&end| !plural || end == j);
            if let Some(end) = end {
                let span = Span {
                    start: i,
                    key_end: j,
                    end,
                    skip,
                    plural,
                };
                if let Some(c) = self.accept(doc, span, node) {
                    best = Some(c);
                }
            }
            if plural {
                break;
            }
        }
        best
    }

    /// The candidate for the name at `node` over `span`, if its spelling
    /// rules pass.
    fn accept(&self, doc: &Doc, span: Span, node: Node) -> Option<Candidate> {
        let Span {
            start,
            key_end,
            end,
            skip,
            plural,
        } = span;
        let toks = &doc.toks.tokens;
        // A name has letters (`I-IV` is numerals), and does not end in
        // the integer part of a decimal (`EC 1.14.13`, `2.5`).
        if !(start..key_end).any(|k| toks[k].class == Class::Letters) {
            return None;
        }
        if toks[key_end - 1].class == Class::Digits {
            let after = &doc.text.as_bytes()[toks[key_end - 1].end as usize..];
            if after.len() >= 2 && after[0] == b'.' && after[1].is_ascii_digit() {
                return None;
            }
        }
        let names = self.lex.names_at(node);
        let surface = &doc.surface(start, key_end)[skip..];
        // A plural is spelled by its singular name's rules.
        let facts = Surface::new(if plural {
            &surface[..surface.len() - 1]
        } else {
            surface
        });
        let ok: Vec<&Name> = names
            .iter()
            .filter(|name| {
                let kind = self.lex.target(name.target).kind;
                !(self.lex.is_stopped(kind, node) || plural && name.source.is_short_form())
                    && spelling_ok(name, kind, &facts)
                    && self.organism_allowed(name.target)
            })
            .collect();
        let best = ok.iter().min_by_key(|n| rank(n))?;
        let kind = self.lex.target(best.target).kind;
        // `MAPK`, `JNKs`: the stem of a numbered series is a family, unless
        // training showed it used for one gene.
        if kind == EntityKind::Gene
            && !surface.bytes().any(|b| b.is_ascii_digit())
            && (end > key_end || best.source == NameSource::Alias)
            && self.lex.numbered_continuations(node) >= 2
        {
            return None;
        }
        let source = best.source;
        let of_kind: Vec<&Name> = ok
            .into_iter()
            .filter(|n| self.lex.target(n.target).kind == kind)
            .collect();
        let target = self.choose(doc, start, kind, &of_kind)?;
        Some(Candidate {
            start,
            end,
            kind,
            targets: vec![target],
            how: How::Name { source },
        })
    }

    fn organism_allowed(&self, target: TargetIx) -> bool {
        let t = self.lex.target(target);
        match (&self.organisms, t.kind, t.tax_id) {
            (Some(allowed), EntityKind::Gene, Some(tax)) => allowed.contains(&tax),
            _ => true,
        }
    }

    /// Step 4: the reading of a name at token `start` among `names`.
    fn choose(
        &self,
        doc: &Doc,
        start: usize,
        kind: EntityKind,
        names: &[&Name],
    ) -> Option<TargetIx> {
        let pick = |names: &mut dyn Iterator<Item = &&Name>| {
            names
                .min_by_key(|n| {
                    let t = self.lex.target(n.target);
                    (
                        rank(n),
                        t.mesh.is_none(),
                        std::cmp::Reverse(t.weight),
                        n.target,
                    )
                })
                .map(|n| n.target)
        };
        if kind != EntityKind::Gene {
            return pick(&mut names.iter());
        }
        let local = doc.organism_before(start);
        // A text about an organism whose genes the lexicon does not hold
        // (a rat or yeast abstract) gets no human or mouse gene instead.
        // With organisms asked for (`--organism human`), genes are of
        // those whatever the text is about.
        let context = local.unwrap_or(doc.doc_tax);
        if self.organisms.is_none() && !self.lex.holds_genes_of(context) {
            return None;
        }
        for tax in [context, HUMAN] {
            let found = pick(
                &mut names
                    .iter()
                    .filter(|n| self.lex.target(n.target).tax_id == Some(tax)),
            );
            if found.is_some() {
                return found;
            }
        }
        // No organism named anywhere: a name only another organism's
        // genes carry (`Trp53`) is that organism's.
        if local.is_none() && !doc.organism_named {
            return pick(&mut names.iter());
        }
        None
    }

    /// Step 2: abbreviations defined in the text.
    fn abbreviations(&self, doc: &Doc, cands: &mut Vec<Candidate>) {
        for ab in abbrev::find(doc.text) {
            let Some((s0, s1)) = doc.token_range(ab.short) else {
                continue;
            };
            let (l0, l1) = ab.long;
            // The recognised entity ending the long form, if any.
            // It must also begin with the short form's first letter: in
            // "forkhead box transcription factor 3a (FOXO3a)" the name
            // "transcription factor 3a" is another gene's.
            let first = doc.text[ab.short.0..]
                .chars()
                .next()
                .map(|c| c.to_lowercase().collect::<String>());
            let long = cands.iter().find(|c| {
                let b0 = doc.toks.tokens[c.start].start as usize;
                let b1 = doc.toks.tokens[c.end - 1].end as usize;
                let initial = doc.text[b0..]
                    .chars()
                    .next()
                    .map(|c| c.to_lowercase().collect::<String>());
                b0 >= l0 && b1 <= l1 && doc.text[b1..l1].trim().is_empty() && initial == first
            });
            let meaning = long.map(|c| (c.kind, c.targets.clone()));
            let long_form = doc.text[l0..l1].to_string();
            // A long form the lexicon lacks but that reads like a protein
            // (`catechol-O-methyl transferase (COMT)`) says nothing against
            // the short form.
            if meaning.is_none() && reads_like_protein(&long_form) {
                continue;
            }
            let norms: Vec<&str> = (s0..s1).map(|i| doc.toks.norm(i)).collect();
            // Every occurrence of the short form in the text.
            let n = doc.toks.len();
            let mut i = 0;
            while i + norms.len() <= n {
                let at = (0..norms.len()).all(|k| doc.toks.norm(i + k) == norms[k]);
                let end = i + norms.len();
                let bounded = at && !doc.toks.tokens[i].joined && doc.word_end(end).is_some();
                if !bounded {
                    i += 1;
                    continue;
                }
                let end = doc.word_end(end).unwrap_or(end);
                match &meaning {
                    Some((kind, targets)) => {
                        cands.retain(|c| c.end <= i || c.start >= end);
                        cands.push(Candidate {
                            start: i,
                            end,
                            kind: *kind,
                            targets: targets.clone(),
                            how: How::Abbreviation {
                                long_form: long_form.clone(),
                            },
                        });
                    }
                    None => cands.retain(|c| {
                        !(c.start == i
                            && c.end == end
                            && matches!(c.how, How::Name { source } if source.is_short_form()))
                    }),
                }
                i = end;
            }
        }
    }

    /// Step 3: families are dropped, composites gather their members.
    fn families_and_composites(&self, doc: &Doc, cands: &mut Vec<Candidate>) {
        let n = doc.toks.len();
        cands.retain(|c| {
            c.kind != EntityKind::Gene
                || c.end >= n
                || !FAMILY_WORDS.contains(&doc.toks.norm(c.end))
        });
        // `TNF receptor`, `plasminogen-activator`, `TNF receptor-associated
        // protein`: a gene name followed by one of these words is part of
        // another gene's name, which the lexicon did not have.
        cands.retain(|c| {
            c.kind != EntityKind::Gene
                || c.end >= n
                || !doc.joins(c.end)
                || !HEAD_WORDS.contains(&doc.toks.norm(c.end))
        });
        let mut extended: Vec<Candidate> = Vec::with_capacity(cands.len());
        let mut taken_until = 0;
        cands.sort_by_key(|c| c.start);
        for mut c in std::mem::take(cands) {
            if c.start < taken_until {
                continue;
            }
            if c.kind == EntityKind::Gene && c.end - c.start >= 2 {
                self.composite(doc, &mut c);
            }
            taken_until = c.end;
            extended.push(c);
        }
        *cands = extended;
    }

    /// Extends a gene mention ending in a number or letter over `and 2`,
    /// `/4`, `, 3` when the prefix with that ending names a gene too.
    fn composite(&self, doc: &Doc, c: &mut Candidate) {
        let toks = &doc.toks.tokens;
        let n = toks.len();
        let last = c.end - 1;
        // The key of the mention without its final token.
        let mut prefix = 0;
        for i in c.start..last {
            match self.lex.step(prefix, doc.ids[i]) {
                Some(node) => prefix = node,
                None => return,
            }
        }
        let class = toks[last].class;
        let mut k = c.end;
        while k < n {
            let mut m = k;
            if matches!(doc.toks.norm(m), "and" | "or") && m + 1 < n {
                m += 1;
            }
            let gap = &doc.text[toks[k - 1].end as usize..toks[m].start as usize];
            // `NPHP1-9`, `SCA1 to 3`: every member of a short numbered range.
            if k == c.end && class == Class::Digits && matches!(gap.trim(), "-" | "\u{2013}" | "to")
            {
                if let Some(members) = self.range(doc, c, prefix, last, m) {
                    for t in members {
                        if !c.targets.contains(&t) {
                            c.targets.push(t);
                        }
                    }
                    c.end = m + 1;
                    k = m + 1;
                    continue;
                }
                break;
            }
            let gap_ok = matches!(
                gap.trim(),
                "/" | "," | "and" | "or" | ", and" | ", or" | "&"
            );
            let width = toks[m].end - toks[m].start;
            let short = toks[m].class == class
                && (class == Class::Digits && width <= 3
                    || width == 1 && toks[last].end - toks[last].start == 1)
                && !toks[m].joined
                && (m + 1 >= n || !toks[m + 1].joined);
            if !gap_ok || !short {
                break;
            }
            let Some(node) = self.lex.step(prefix, doc.ids[m]) else {
                break;
            };
            let Some(t) = self.member(doc, c.start, node) else {
                break;
            };
            if !c.targets.contains(&t) {
                c.targets.push(t);
            }
            c.end = m + 1;
            k = m + 1;
        }
    }

    /// The gene a composite's member (the name at `node`) is, for the
    /// mention starting at token `start`.
    fn member(&self, doc: &Doc, start: usize, node: Node) -> Option<TargetIx> {
        let names: Vec<&Name> = self
            .lex
            .names_at(node)
            .iter()
            .filter(|nm| {
                self.lex.target(nm.target).kind == EntityKind::Gene
                    && self.organism_allowed(nm.target)
            })
            .collect();
        self.choose(doc, start, EntityKind::Gene, &names)
    }

    /// The genes `prefix` + n for n after the number ending the mention
    /// (token `last`) up to the number at token `m`, if each names a gene
    /// and the range is short (at most 12 members).
    fn range(
        &self,
        doc: &Doc,
        c: &Candidate,
        prefix: Node,
        last: usize,
        m: usize,
    ) -> Option<Vec<TargetIx>> {
        let toks = &doc.toks.tokens;
        if toks[m].class != Class::Digits || (m + 1 < toks.len() && toks[m + 1].joined) {
            return None;
        }
        let from: u32 = doc.toks.norm(last).parse().ok()?;
        let to: u32 = doc.toks.norm(m).parse().ok()?;
        if to <= from || to - from > 12 {
            return None;
        }
        let mut out = Vec::new();
        for n in from + 1..=to {
            let node = self.lex.step(prefix, self.lex.token_id(&n.to_string()))?;
            out.push(self.member(doc, c.start, node)?);
        }
        Some(out)
    }

    fn mention(&self, doc: &Doc, c: Candidate) -> Option<Mention> {
        let first = doc.toks.tokens[c.start];
        let last = doc.toks.tokens[c.end - 1];
        let mut ids: Vec<String> = Vec::new();
        let mut tax_id = None;
        for &t in &c.targets {
            let target = self.lex.target(t);
            let id = target.output_id().to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
            tax_id = tax_id.or(target.tax_id);
        }
        if ids.is_empty() {
            return None;
        }
        Some(Mention {
            start: first.char_start,
            end: last.char_end,
            text: doc.text[first.start as usize..last.end as usize].to_string(),
            kind: c.kind,
            ids,
            tax_id: if c.kind == EntityKind::Gene {
                tax_id
            } else {
                None
            },
            how: c.how,
            bytes: (first.start as usize, last.end as usize),
        })
    }
}

/// The symbol in `hOGG`, `mTert`: a lower-case `h` (human) or `m` (mouse)
/// before a capital and at least two more letters.
fn organism_prefixed(word: &str) -> Option<&str> {
    let rest = word.strip_prefix(['h', 'm'])?;
    let mut chars = rest.chars();
    (chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.count() >= 2).then_some(rest)
}

/// Endings of the last word of a protein's or gene's name: enzymes
/// (`-ase`), `-in` (insulin, protein), `-or` (receptor, factor), and
/// head nouns.
const PROTEIN_ENDINGS: &[&str] = &[
    "ase",
    "ases",
    "in",
    "ins",
    "or",
    "ors",
    "gene",
    "genes",
    "hormone",
    "channel",
    "antigen",
    "peptide",
    "ligand",
    "subunit",
    "chain",
    "homolog",
    "homologue",
    "transporter",
    "exchanger",
    "molecule",
    "protease",
    "globulin",
];

/// Whether a long form reads like the name of a protein or gene.
fn reads_like_protein(long_form: &str) -> bool {
    let last = long_form
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().any(char::is_alphabetic))
        .unwrap_or("")
        .to_lowercase();
    PROTEIN_ENDINGS.iter().any(|e| last.ends_with(e))
}

/// Better readings first: a spelling learned from training that recurs,
/// the symbol, a learned one-off, full names and ontology names, aliases.
fn rank(n: &Name) -> u8 {
    match n.source {
        NameSource::Learned if n.count >= 2 => 0,
        NameSource::Symbol => 1,
        NameSource::Learned => 2,
        NameSource::TermName => 3,
        NameSource::FullName => 4,
        NameSource::TermSynonym => 5,
        NameSource::Alias => 6,
    }
}

/// Units, which a number after them makes look like a symbol (`min-1`).
const UNITS: &[&str] = &[
    "min", "h", "hr", "hrs", "s", "kda", "da", "mg", "ml", "mm", "nm", "um", "cm", "kb", "bp",
    "mol", "mmol", "kg", "g", "l", "ms", "mv",
];

/// The Latin letters of `s` outside Greek letters' names: `alpha 1` has
/// none, `IKKalpha` has `IKK`.
fn latin_letters(s: &str) -> String {
    let mut out = String::new();
    for word in s.split(|c: char| !c.is_ascii_alphabetic()) {
        let caps = word.chars().take_while(char::is_ascii_uppercase).count();
        let lower = word.to_ascii_lowercase();
        if is_greek_name(&lower) {
            continue;
        }
        if caps >= 1 && is_greek_name(&lower[caps..]) {
            out.push_str(&word[..caps]);
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Whether `surface` may be read as `name` (see the module documentation).
pub(crate) fn spelling_ok(name: &Name, kind: EntityKind, surface: &Surface) -> bool {
    let alnum = surface.alnum;
    if alnum < name.source.min_letters_and_digits() {
        return false;
    }
    let text = surface.text;
    let form = &*name.form;
    let exact = text == form;
    let short = matches!(name.source, NameSource::Symbol | NameSource::Alias)
        || (name.source == NameSource::Learned && kind == EntityKind::Gene);
    if short && !exact {
        // `beta 1` is not the alias `B1`; `a 3`, `A 1` (a list item, a
        // letter and a number), `alpha 1` (only a Greek letter) and
        // `min-1` (a unit) are no symbols.
        if surface.greek_start != name.form_starts_greek || !surface.symbol_shaped {
            return false;
        }
    }
    match name.source {
        NameSource::Symbol | NameSource::Alias => {
            if surface.has_digit {
                !surface.starts_with_digit
            } else if surface.all_upper {
                true
            } else {
                (exact && name.form_has_upper
                    || surface.capitals >= 2 && text.eq_ignore_ascii_case(form))
                    && alnum >= 4
            }
        }
        NameSource::Learned => match kind {
            EntityKind::Gene => {
                exact
                    || (surface.has_digit && !surface.starts_with_digit)
                    || (surface.all_upper && alnum >= 3)
            }
            _ => exact || (text.eq_ignore_ascii_case(form) && alnum >= 4),
        },
        NameSource::FullName => true,
        NameSource::TermName | NameSource::TermSynonym => !name.form_is_abbreviation,
    }
}

/// What the spelling rules ask of a stretch of text, worked out once for
/// all the names that match it.
pub(crate) struct Surface<'a> {
    text: &'a str,
    alnum: usize,
    has_digit: bool,
    starts_with_digit: bool,
    /// Its Latin letters (outside Greek letters' names) are capitals.
    all_upper: bool,
    capitals: usize,
    greek_start: bool,
    /// Not a letter and a number apart, not only a Greek letter, not a unit.
    symbol_shaped: bool,
}

impl<'a> Surface<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let letters = latin_letters(text);
        let mut chars = text.chars();
        let letter_space =
            chars.next().is_some_and(char::is_alphabetic) && chars.next() == Some(' ');
        Surface {
            text,
            alnum: text.chars().filter(|c| c.is_alphanumeric()).count(),
            has_digit: text.bytes().any(|b| b.is_ascii_digit()),
            starts_with_digit: text.starts_with(|c: char| c.is_ascii_digit()),
            all_upper: letters
                .chars()
                .chain(text.chars().filter(|c| c.is_alphabetic() && !c.is_ascii()))
                .all(|c| c.is_uppercase() || greek_letter(c)),
            capitals: text.chars().filter(char::is_ascii_uppercase).count(),
            greek_start: starts_with_greek(text),
            symbol_shaped: !letter_space
                && !letters.is_empty()
                && !UNITS.contains(&letters.to_ascii_lowercase().as_str()),
        }
    }
}

/// The organism the whole text names most (human when it is named as
/// often as another); `None` when the text names none.
fn document_organism(toks: &Tokens) -> Option<TaxId> {
    let mut counts: FxHashMap<TaxId, u32> = FxHashMap::default();
    for i in 0..toks.len() {
        if let Some(tax) = species::cue(toks.norm(i)) {
            *counts.entry(tax).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return None;
    }
    let human = counts.get(&HUMAN).copied().unwrap_or(0);
    Some(
        counts
            .into_iter()
            .filter(|&(_, n)| n > human)
            .max_by_key(|&(tax, n)| (n, std::cmp::Reverse(tax)))
            .map_or(HUMAN, |(tax, _)| tax),
    )
}

/// One text being tagged.
struct Doc<'a> {
    text: &'a str,
    toks: &'a Tokens,
    ids: &'a [u32],
    doc_tax: TaxId,
    /// Some organism is named in the text.
    organism_named: bool,
    /// Byte ranges of the sentences.
    sentences: Vec<(usize, usize)>,
}

impl Doc<'_> {
    /// If a name's key may end before token `j`: the token index the
    /// mention ends at (`j`, or `j + 1` to take a plural `s` along).
    fn word_end(&self, j: usize) -> Option<usize> {
        let t = &self.toks.tokens;
        if j >= t.len() || !t[j].joined {
            return Some(j);
        }
        let plural = self.text.as_bytes()[t[j].start as usize] == b's'
            && t[j].class == Class::Letters
            && t[j].end - t[j].start == 1
            && (j + 1 >= t.len() || !t[j + 1].joined);
        plural.then_some(j + 1)
    }

    /// The token id of the singular of token `j` (`seizures` → `seizure`)
    /// if it is a plural of four or more letters the lexicon knows.
    fn singular(&self, j: usize, lex: &Lexicon) -> u32 {
        let norm = self.toks.norm(j);
        if self.toks.tokens[j].class != Class::Letters
            || norm.len() < 5
            || !norm.ends_with('s')
            || norm.ends_with("ss")
        {
            return crate::lexicon::UNKNOWN_TOKEN;
        }
        lex.token_id(&norm[..norm.len() - 1])
    }

    /// Whether a name may run on from token `j - 1` into token `j`: they
    /// touch, or a space or hyphen separates them (`IL-2`, `IL 2`), not a
    /// parenthesis or comma.
    fn joins(&self, j: usize) -> bool {
        let t = &self.toks.tokens;
        matches!(
            &self.text[t[j - 1].end as usize..t[j].start as usize],
            "" | " " | "-" | "\u{2010}" | "\u{2011}" | "\u{2013}" | "\u{2212}"
        )
    }

    /// The text from token `start` to the end of token `end - 1`.
    fn surface(&self, start: usize, end: usize) -> &str {
        let t = &self.toks.tokens;
        &self.text[t[start].start as usize..t[end - 1].end as usize]
    }

    /// The organism named nearest before token `i` in its sentence.
    fn organism_before(&self, i: usize) -> Option<TaxId> {
        let begin = self.toks.tokens[i].start as usize;
        let sentence_start = self
            .sentences
            .iter()
            .rev()
            .find(|&&(s, _)| s <= begin)
            .map_or(0, |&(s, _)| s);
        (0..i)
            .rev()
            .take_while(|&k| self.toks.tokens[k].start as usize >= sentence_start)
            .find_map(|k| species::cue(self.toks.norm(k)))
    }

    /// The tokens covering the byte range exactly, if any.
    fn token_range(&self, (b0, b1): (usize, usize)) -> Option<(usize, usize)> {
        let t = &self.toks.tokens;
        let s = t.iter().position(|k| k.start as usize >= b0)?;
        let e = t.iter().rposition(|k| k.end as usize <= b1)? + 1;
        (s < e).then_some((s, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{LexiconBuilder, Target};

    fn gene(b: &mut LexiconBuilder, id: &str, tax: u32, weight: u32, names: &[(&str, NameSource)]) {
        let t = b.target(Target {
            kind: EntityKind::Gene,
            id: id.into(),
            tax_id: Some(TaxId(tax)),
            mesh: None,
            weight,
        });
        for (form, source) in names {
            b.name(t, form, *source, 0);
        }
    }

    fn tagger() -> Tagger {
        use NameSource::*;
        let mut b = LexiconBuilder::new();
        // Real NCBI Gene records (symbols, aliases, full names as
        // Homo_sapiens.gene_info and Mus_musculus.gene_info give them).
        gene(
            &mut b,
            "571",
            9606,
            300,
            &[
                ("BACH1", Symbol),
                ("BTB domain and CNC homolog 1", FullName),
            ],
        );
        gene(
            &mut b,
            "60468",
            9606,
            90,
            &[
                ("BACH2", Symbol),
                ("BTB domain and CNC homolog 2", FullName),
            ],
        );
        gene(&mut b, "12013", 10090, 80, &[("Bach1", Symbol)]);
        gene(&mut b, "12014", 10090, 70, &[("Bach2", Symbol)]);
        gene(
            &mut b,
            "3162",
            9606,
            5000,
            &[
                ("HMOX1", Symbol),
                ("HO-1", Alias),
                ("heme oxygenase 1", FullName),
            ],
        );
        // `p53` is too short an alias to be read on the lexicon's word
        // alone; the training corpora annotate it as TP53 and Trp53.
        gene(
            &mut b,
            "7157",
            9606,
            9000,
            &[
                ("TP53", Symbol),
                ("P53", Alias),
                ("p53", Learned),
                ("tumor protein p53", FullName),
            ],
        );
        gene(
            &mut b,
            "22059",
            10090,
            3000,
            &[("Trp53", Symbol), ("p53", Alias), ("p53", Learned)],
        );
        gene(
            &mut b,
            "847",
            9606,
            900,
            &[("CAT", Symbol), ("catalase", FullName)],
        );
        gene(&mut b, "6418", 9606, 400, &[("SET", Symbol)]);
        gene(&mut b, "4233", 9606, 2000, &[("MET", Symbol)]);
        gene(
            &mut b,
            "3558",
            9606,
            9000,
            &[("IL2", Symbol), ("IL-2", Alias)],
        );
        gene(
            &mut b,
            "3565",
            9606,
            9000,
            &[("IL4", Symbol), ("IL-4", Alias)],
        );
        // Homo_sapiens.gene_info: NPHP1; INVS (synonym NPHP2); NPHP3;
        // OGG1 (synonym HOGG1); COMT; TNF.
        gene(
            &mut b,
            "4867",
            9606,
            100,
            &[("NPHP1", Symbol), ("nephrocystin 1", FullName)],
        );
        gene(
            &mut b,
            "27130",
            9606,
            80,
            &[("INVS", Symbol), ("NPHP2", Alias)],
        );
        gene(
            &mut b,
            "27031",
            9606,
            60,
            &[("NPHP3", Symbol), ("nephrocystin 3", FullName)],
        );
        gene(
            &mut b,
            "4968",
            9606,
            700,
            &[("OGG1", Symbol), ("HOGG1", Alias)],
        );
        gene(
            &mut b,
            "1312",
            9606,
            2000,
            &[("COMT", Symbol), ("catechol-O-methyltransferase", FullName)],
        );
        gene(
            &mut b,
            "7124",
            9606,
            20000,
            &[("TNF", Symbol), ("tumor necrosis factor", FullName)],
        );
        // doid.obo (2016-09-01): DOID:305 carcinoma, xref MESH:D002277.
        let carcinoma = b.target(Target {
            kind: EntityKind::Disease,
            id: "DOID:305".into(),
            tax_id: None,
            mesh: Some("D002277".into()),
            weight: 0,
        });
        b.name(carcinoma, "carcinoma", TermName, 0);
        Tagger::new(b.build())
    }

    fn found(text: &str) -> Vec<(String, Vec<String>)> {
        tagger()
            .tag(text)
            .into_iter()
            .map(|m| (m.text, m.ids))
            .collect()
    }

    fn pairs(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        list.iter()
            .map(|(t, ids)| (t.to_string(), ids.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn short_ambiguous_symbols_need_capitals() {
        assert_eq!(
            found("The cat sat on a set of mats; MET and CAT levels were met."),
            pairs(&[("MET", &["4233"]), ("CAT", &["847"])])
        );
        assert_eq!(found("Met is required"), pairs(&[]));
    }

    #[test]
    fn p53_is_tp53_in_human_text_and_trp53_in_mice() {
        assert_eq!(
            found("p53 mutations in patients with cancer"),
            pairs(&[("p53", &["7157"])])
        );
        assert_eq!(
            found("p53-deficient mice develop lymphomas; p53 loss in mice"),
            pairs(&[("p53", &["22059"]), ("p53", &["22059"])])
        );
        assert_eq!(
            found("TP53 and Tp53"),
            pairs(&[("TP53", &["7157"]), ("Tp53", &["7157"])])
        );
    }

    #[test]
    fn the_organism_named_before_a_gene_decides_between_orthologs() {
        assert_eq!(
            found("Human BACH2 and mouse Bach2 differ."),
            pairs(&[("BACH2", &["60468"]), ("Bach2", &["12014"])])
        );
    }

    #[test]
    fn abbreviations_take_the_meaning_of_their_long_form() {
        assert_eq!(
            found("Induction of heme oxygenase-1 (HO-1) protects; HO-1 activity rose."),
            pairs(&[
                ("heme oxygenase-1", &["3162"]),
                ("HO-1", &["3162"]),
                ("HO-1", &["3162"])
            ])
        );
        let got = tagger().tag("We used computer-assisted tomography (CAT). CAT showed lesions.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn composite_mentions_name_every_member() {
        assert_eq!(
            found("Bach1 and 2 bind MAREs; IL-2/4 were induced."),
            pairs(&[
                ("Bach1 and 2", &["571", "60468"]),
                ("IL-2/4", &["3558", "3565"])
            ])
        );
        assert_eq!(
            found("IL-2/IL-4 signalling"),
            pairs(&[("IL-2", &["3558"]), ("IL-4", &["3565"])])
        );
    }

    #[test]
    fn families_are_not_genes() {
        assert_eq!(found("members of the p53 family"), pairs(&[]));
    }

    #[test]
    fn a_name_inside_a_longer_word_is_not_a_mention() {
        assert_eq!(found("CATS and SETD2 and IL2RA"), pairs(&[]));
        assert_eq!(found("IL-2s"), pairs(&[("IL-2s", &["3558"])]));
    }

    #[test]
    fn a_numbered_range_names_every_member() {
        assert_eq!(
            found("Mutations in NPHP1-3 cause nephronophthisis."),
            pairs(&[("NPHP1-3", &["4867", "27130", "27031"])])
        );
    }

    #[test]
    fn a_human_prefix_before_a_symbol() {
        assert_eq!(
            found("hOGG1 excises 8-oxoguanine"),
            pairs(&[("hOGG1", &["4968"])])
        );
    }

    #[test]
    fn a_protein_like_long_form_the_lexicon_lacks_keeps_its_short_form() {
        assert_eq!(
            found("The catechol-O-methyl transferase (COMT) gene; COMT Val158Met."),
            pairs(&[("COMT", &["1312"]), ("COMT", &["1312"])])
        );
    }

    #[test]
    fn a_gene_name_inside_another_genes_name_is_not_that_gene() {
        assert_eq!(found("TNF receptor signalling"), pairs(&[]));
        assert_eq!(
            found("TNF-induced apoptosis and TNF levels"),
            pairs(&[("TNF", &["7124"])])
        );
    }

    #[test]
    fn plurals_of_long_names_and_mesh_ids() {
        let got = tagger().tag("Two carcinomas and one carcinoma.");
        let ids: Vec<(&str, &str)> = got
            .iter()
            .map(|m| (m.text.as_str(), m.ids[0].as_str()))
            .collect();
        assert_eq!(ids, [("carcinomas", "D002277"), ("carcinoma", "D002277")]);
        assert_eq!(got[0].kind, EntityKind::Disease);
    }

    #[test]
    fn decimals_and_lone_numerals_are_not_names() {
        assert_eq!(found("NPHP1.5 and I-III"), pairs(&[]));
    }

    #[test]
    fn an_abbreviation_means_a_name_that_begins_with_its_first_letter() {
        // "transcription factor 3a" names no gene here, but if it did, it
        // would not be what FOXO3a abbreviates.
        let got = found("forkhead box transcription factor 3a (FOXO3a) and COMT");
        assert_eq!(got, pairs(&[("COMT", &["1312"])]));
    }
}
