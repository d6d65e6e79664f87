//! The wiki in an export: each article's current text with who wrote
//! it (`wiki_articles`, `wiki_authorship`, flat tables), and the full
//! histories in `wiki/` as `locus import wiki` reads them back.

use std::collections::HashMap;

use locus_store::export::{Cell, Column, ColumnType};

use super::{DirSink, WikiHistory, WIKI_ARTICLES_FILE, WIKI_AUTHORSHIP_FILE};
use crate::wiki::authors;
use crate::{KnowledgeBase, Result};

const ARTICLE_COLUMNS: &[Column] = &[
    Column {
        name: "article_id",
        ty: ColumnType::Integer,
    },
    Column {
        name: "kind",
        ty: ColumnType::Text,
    },
    Column {
        name: "key",
        ty: ColumnType::Text,
    },
    Column {
        name: "title",
        ty: ColumnType::Text,
    },
    Column {
        name: "current_revision",
        ty: ColumnType::Integer,
    },
    Column {
        name: "revisions",
        ty: ColumnType::Integer,
    },
    Column {
        name: "created",
        ty: ColumnType::Text,
    },
    Column {
        name: "updated",
        ty: ColumnType::Text,
    },
    Column {
        name: "protected",
        ty: ColumnType::Bool,
    },
    Column {
        name: "markup",
        ty: ColumnType::Text,
    },
    Column {
        name: "authors",
        ty: ColumnType::List,
    },
    Column {
        name: "text",
        ty: ColumnType::Text,
    },
];

const AUTHORSHIP_COLUMNS: &[Column] = &[
    Column {
        name: "article_id",
        ty: ColumnType::Integer,
    },
    Column {
        name: "kind",
        ty: ColumnType::Text,
    },
    Column {
        name: "key",
        ty: ColumnType::Text,
    },
    Column {
        name: "author",
        ty: ColumnType::Text,
    },
    Column {
        name: "words",
        ty: ColumnType::Integer,
    },
    Column {
        name: "share",
        ty: ColumnType::Real,
    },
];

/// One article's current words by author, most words first.
struct Credits {
    authors: Vec<(String, u64)>,
    words: u64,
}

/// Writes the two wiki tables through `sink` and the histories to
/// `wiki/`.
pub(super) fn write(kb: &KnowledgeBase, sink: &mut DirSink<'_>) -> Result<WikiHistory> {
    let wiki_generation = kb.store.wiki_generation()?;
    let articles = kb.store.articles()?;
    let io = |sink: &DirSink<'_>, e| crate::Error::Store(sink.failed(e));

    let mut credits = HashMap::new();
    sink.open(
        WIKI_ARTICLES_FILE.name,
        WIKI_ARTICLES_FILE.description,
        "wiki",
        ARTICLE_COLUMNS,
        Vec::new(),
    )
    .map_err(|e| io(sink, e))?;
    for article in &articles {
        let history = kb.store.history(article.id)?;
        let Some(current) = history.last() else {
            continue;
        };
        let origins = match kb.store.authorship(current.summary.id)? {
            Some(b) => authors::stored(&b)?,
            None => Vec::new(),
        };
        let mut words: HashMap<&str, u64> = HashMap::new();
        for &o in &origins {
            if let Some(r) = usize::try_from(o).ok().and_then(|i| history.get(i)) {
                *words.entry(r.summary.author.name.as_str()).or_default() += 1;
            }
        }
        let mut by_author: Vec<(String, u64)> =
            words.into_iter().map(|(a, n)| (a.to_string(), n)).collect();
        by_author.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let names: Vec<&str> = by_author.iter().map(|(a, _)| a.as_str()).collect();
        let names = serde_json::to_string(&names).map_err(|e| io(sink, e.into()))?;
        let key = article.subject.key();
        let cells = [
            Cell::Int(article.id.0),
            Cell::Text(article.subject.kind_str()),
            Cell::Text(&key),
            Cell::Text(&article.title),
            Cell::Int(current.summary.id.0),
            Cell::Int(i64::try_from(history.len()).unwrap_or(i64::MAX)),
            Cell::Text(&article.created),
            Cell::Text(&article.updated),
            Cell::Bool(article.protected),
            Cell::Text(current.markup.as_str()),
            Cell::List(&names),
            Cell::Text(&current.text),
        ];
        sink.write_row(&cells).map_err(|e| io(sink, e))?;
        credits.insert(
            article.id,
            Credits {
                words: origins.len() as u64,
                authors: by_author,
            },
        );
    }
    sink.close().map_err(|e| io(sink, e))?;

    sink.open(
        WIKI_AUTHORSHIP_FILE.name,
        WIKI_AUTHORSHIP_FILE.description,
        "wiki",
        AUTHORSHIP_COLUMNS,
        Vec::new(),
    )
    .map_err(|e| io(sink, e))?;
    for article in &articles {
        let Some(c) = credits.get(&article.id) else {
            continue;
        };
        let key = article.subject.key();
        for (author, n) in &c.authors {
            let cells = [
                Cell::Int(article.id.0),
                Cell::Text(article.subject.kind_str()),
                Cell::Text(&key),
                Cell::Text(author),
                Cell::Int(i64::try_from(*n).unwrap_or(i64::MAX)),
                Cell::Real(*n as f64 / c.words.max(1) as f64),
            ];
            sink.write_row(&cells).map_err(|e| io(sink, e))?;
        }
    }
    sink.close().map_err(|e| io(sink, e))?;

    let written = kb.export_wiki(&sink.dir.join("wiki"))?;
    Ok(WikiHistory {
        dir: "wiki".into(),
        articles: written,
        wiki_generation,
    })
}
