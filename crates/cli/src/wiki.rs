//! The wiki's commands: accounts and tokens, MediaWiki imports, the
//! wiki's export and import, and backups.

use std::io::Read;
use std::iter::Peekable;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use locus_ingest::mediawiki::{
    self, Contributor, MediaWikiXmlReader, WikiFormat, WikiItem, WikiRevision,
};
use locus_kb::wiki::history::{HistoryImport, ImportedRevision};
use locus_kb::KnowledgeBase;
use locus_model::{ArticleSubject, EntityRef, Markup, Role, TaxId, TopicSlug};
use locus_store::{BoxError, Resolution, StoreBackend};

/// Reads a password from standard input (its first line), as
/// `--password-stdin` promises: never from the command line, where other
/// users of the machine could read it.
pub fn password_from_stdin() -> Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut input)
        .context("reading the password from standard input")?;
    let password = input.lines().next().unwrap_or("").to_string();
    if password.is_empty() {
        bail!("no password on standard input");
    }
    Ok(password)
}

/// `30d`, `12h`, `90m`, `3600s` or a number of days.
pub fn parse_lifetime(s: &str) -> Result<i64> {
    let (num, unit) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&s[..i], c),
        _ => (s, 'd'),
    };
    let n: i64 = num
        .parse()
        .with_context(|| format!("{s:?}: expected a duration like 30d, 12h, 90m"))?;
    let unit = match unit {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        's' => 1,
        _ => bail!("{s:?}: the unit is d, h, m or s"),
    };
    if n <= 0 {
        bail!("{s:?}: a lifetime is positive");
    }
    Ok(n.saturating_mul(unit))
}

/// `locus user add`.
pub fn user_add(
    kb: &KnowledgeBase,
    name: &str,
    role: Role,
    password: Option<String>,
) -> Result<()> {
    let id = kb.add_user(name, role, password.as_deref())?;
    println!(
        "account {name} (#{id}) created as {}{}",
        role.as_str(),
        if password.is_none() {
            "; it has no password (API tokens only) until one is set with `locus user set --password-stdin`"
        } else {
            ""
        }
    );
    Ok(())
}

/// `locus user list`.
pub fn user_list(kb: &KnowledgeBase) -> Result<()> {
    println!("name\trole\tblocked\tcreated");
    for a in kb.accounts()? {
        println!(
            "{}\t{}\t{}\t{}",
            a.name,
            a.role.as_str(),
            if a.blocked { "yes" } else { "no" },
            a.created
        );
    }
    Ok(())
}

/// Subject of `--entity`: `gene:BACH1`, `gene:mouse:Bach2`, `gene:571`
/// or `topic:slug`.
pub fn parse_entity(kb: &KnowledgeBase, spec: &str) -> Result<(ArticleSubject, String)> {
    let parts: Vec<&str> = spec.splitn(3, ':').collect();
    match parts.as_slice() {
        ["topic", slug] => {
            let slug = TopicSlug::parse(slug).with_context(|| {
                format!("{slug:?} is not a topic slug (lowercase words joined by -)")
            })?;
            let title = slug.to_string();
            Ok((ArticleSubject::Topic(slug), title))
        }
        ["gene", name] => gene_subject(kb, name, None),
        ["gene", organism, name] => {
            let tax = TaxId::parse_organism(organism)
                .with_context(|| format!("{organism:?} is not an organism Locus knows"))?;
            gene_subject(kb, name, Some(tax))
        }
        _ => {
            bail!("{spec:?}: expected gene:SYMBOL, gene:ORGANISM:SYMBOL, gene:GENEID or topic:SLUG")
        }
    }
}

fn gene_subject(
    kb: &KnowledgeBase,
    name: &str,
    organism: Option<TaxId>,
) -> Result<(ArticleSubject, String)> {
    match kb.resolve(name, organism)? {
        Resolution::Found { gene_id, .. } => {
            let symbol = kb
                .store()
                .gene(gene_id)?
                .map(|g| g.symbol)
                .unwrap_or_else(|| gene_id.to_string());
            Ok((ArticleSubject::Entity(EntityRef::Gene(gene_id)), symbol))
        }
        Resolution::Ambiguous { candidates } => {
            let c: Vec<String> = candidates
                .iter()
                .map(|g| format!("{} ({})", g.symbol, g.gene_id))
                .collect();
            bail!(
                "{name:?} names several genes: {}; give the GeneID",
                c.join(", ")
            )
        }
        Resolution::NotFound => bail!("no gene {name:?} in the store; import its gene_info first"),
    }
}

fn imported(rev: WikiRevision) -> ImportedRevision {
    let author = match rev.contributor {
        Contributor::User { name, .. } => name,
        Contributor::Ip(ip) => ip,
        Contributor::Hidden => "(username removed)".to_string(),
    };
    ImportedRevision {
        source_id: i64::try_from(rev.id).unwrap_or(i64::MAX),
        timestamp: rev.timestamp,
        author,
        comment: rev.comment.unwrap_or_default(),
        minor: rev.minor,
        text: rev.text,
    }
}

/// The revisions of one page of an XML export: those up to the next
/// page.
struct PageRevisions<'a> {
    reader: &'a mut Peekable<MediaWikiXmlReader>,
}

impl Iterator for PageRevisions<'_> {
    type Item = std::result::Result<ImportedRevision, BoxError>;
    fn next(&mut self) -> Option<Self::Item> {
        match self.reader.peek()? {
            Ok(WikiItem::Page(_)) => None,
            _ => match self.reader.next()? {
                Ok(WikiItem::Revision(r)) => Some(Ok(imported(r))),
                Ok(WikiItem::Page(_)) => None,
                Err(e) => Some(Err(Box::new(e))),
            },
        }
    }
}

fn report(title: &str, subject: &ArticleSubject, r: &HistoryImport) {
    println!(
        "imported {title:?} as /wiki/{}/{}: {} revisions ({} hidden in the source and left out, {} screened as vandalism) in {:.1} s ({:.0} revisions/s)",
        subject.kind_str(),
        subject.key(),
        r.revisions,
        r.hidden,
        r.screened_out,
        r.seconds,
        r.revisions as f64 / r.seconds.max(1e-9)
    );
}

/// `locus import mediawiki FILE [--title T] [--entity gene:BACH1]`.
pub fn import_mediawiki(
    kb: &KnowledgeBase,
    file: &Path,
    title: Option<&str>,
    entity: Option<&str>,
) -> Result<()> {
    let entity = entity.map(|e| parse_entity(kb, e)).transpose()?;
    let subject_for = |page_title: &str| -> Result<(ArticleSubject, String)> {
        match &entity {
            Some((s, t)) => Ok((s.clone(), t.clone())),
            None => {
                let slug = TopicSlug::from_title(page_title).with_context(|| {
                    format!(
                        "the page title {page_title:?} has no letter or digit to make a slug of"
                    )
                })?;
                Ok((ArticleSubject::Topic(slug), page_title.to_string()))
            }
        }
    };
    let context = || {
        format!(
            "importing {}; the wiki is unchanged for the page that failed",
            file.display()
        )
    };
    match mediawiki::detect(file).with_context(context)? {
        WikiFormat::Xml => {
            let mut reader = MediaWikiXmlReader::open(file)
                .with_context(context)?
                .peekable();
            let mut pages = 0;
            while let Some(item) = reader.next() {
                let header = match item.with_context(context)? {
                    WikiItem::Page(h) => h,
                    WikiItem::Revision(r) => {
                        bail!("{}:{}: a revision outside any page", file.display(), r.line)
                    }
                };
                pages += 1;
                if pages > 1 && entity.is_some() {
                    bail!(
                        "{} holds several pages; --entity names one article",
                        file.display()
                    );
                }
                let page_title = title.unwrap_or(&header.title).to_string();
                let (subject, article_title) = subject_for(&page_title)?;
                let mut revisions = PageRevisions {
                    reader: &mut reader,
                };
                let r = kb
                    .import_history(&subject, &article_title, Markup::Wikitext, &mut revisions)
                    .with_context(context)?;
                report(&page_title, &subject, &r);
            }
            if pages == 0 {
                bail!("{} holds no pages", file.display());
            }
        }
        WikiFormat::ActionApiJson => {
            let pages = mediawiki::read_action_api_json(file, title).with_context(context)?;
            if pages.len() > 1 && entity.is_some() {
                bail!(
                    "{} holds several pages; --entity names one article",
                    file.display()
                );
            }
            for mut page in pages {
                // The Action API lists the newest first unless asked
                // otherwise: replay in the order the edits were made.
                page.revisions
                    .sort_by(|a, b| (&a.timestamp, a.id).cmp(&(&b.timestamp, b.id)));
                let (subject, article_title) = subject_for(&page.header.title)?;
                let mut revisions = page.revisions.into_iter().map(|r| Ok(imported(r)));
                let r = kb
                    .import_history(&subject, &article_title, Markup::Wikitext, &mut revisions)
                    .with_context(context)?;
                report(&page.header.title, &subject, &r);
            }
        }
    }
    Ok(())
}

/// `locus backup OUT`.
pub fn backup(store: &Arc<dyn StoreBackend>, out: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    store
        .backup(out)
        .with_context(|| format!("backing up {} to {}", store.location(), out.display()))?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    println!(
        "backed up {} to {} ({:.1} MB) in {:.1} s",
        store.location(),
        out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
