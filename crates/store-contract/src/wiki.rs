//! The wiki's part of the store contract: accounts, sessions, tokens,
//! compare-and-swap saves, history replacement, search, and the rule that
//! data imports never touch wiki text.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use locus_model::{
    ArticleSubject, EntityRef, GeneId, Markup, RevisionId, Role, TokenScope, TopicSlug,
};
use locus_store::wiki::{Author, NewRevision, NewToken, SaveOutcome};
use locus_store::StoreBackend;

use crate::{human_genes, TestStore};

fn bach1() -> ArticleSubject {
    ArticleSubject::Entity(EntityRef::Gene(GeneId(571)))
}

fn topic(slug: &str) -> ArticleSubject {
    ArticleSubject::Topic(TopicSlug::parse(slug).expect("a slug"))
}

fn revision(parent: Option<RevisionId>, author: &str, text: &str) -> NewRevision {
    NewRevision {
        parent,
        author: Author {
            name: author.to_string(),
            account: None,
        },
        timestamp: "2026-12-01T12:00:00Z".to_string(),
        comment: format!("edit by {author}"),
        minor: false,
        markup: Markup::Markdown,
        text: text.to_string(),
        source_revision: None,
        authorship: text.len().to_le_bytes().to_vec(),
    }
}

fn saved(outcome: SaveOutcome) -> RevisionId {
    match outcome {
        SaveOutcome::Saved(id) => id,
        SaveOutcome::Stale { current } => panic!("stale save, current {current:?}"),
    }
}

/// Accounts are unique ignoring case; sessions expire; blocked accounts
/// lose their sessions; tokens can be revoked and expire.
pub fn wiki_accounts_sessions_and_tokens(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let now = 1_800_000_000;
    let alice = s
        .create_account(
            "alice",
            Role::Editor,
            Some("$argon2id$x"),
            "2026-12-01T00:00:00Z",
        )
        .unwrap()
        .expect("created");
    assert_eq!(
        s.create_account("Alice", Role::Admin, None, "2026-12-01T00:00:00Z")
            .unwrap(),
        None,
        "names are unique ignoring case"
    );
    let a = s
        .account_by_name("ALICE")
        .unwrap()
        .expect("found ignoring case");
    assert_eq!(
        (a.id, a.name.as_str(), a.role),
        (alice, "alice", Role::Editor)
    );
    assert_eq!(a.password_hash.as_deref(), Some("$argon2id$x"));

    s.create_session("h1", alice, "csrf1", now + 100).unwrap();
    let session = s.session("h1", now).unwrap().expect("live session");
    assert_eq!(
        (session.account.id, session.csrf.as_str()),
        (alice, "csrf1")
    );
    assert!(s.session("h1", now + 100).unwrap().is_none(), "expired");
    assert!(s.session("nope", now).unwrap().is_none());
    s.delete_session("h1", now).unwrap();
    assert!(s.session("h1", now).unwrap().is_none(), "logged out");

    let token = s
        .create_api_token(
            alice,
            &NewToken {
                token_hash: "t1",
                label: "laptop",
                created: "2026-12-01T00:00:00Z",
                expires: Some(now + 10),
                scope: TokenScope::Write,
            },
        )
        .unwrap();
    s.create_api_token(
        alice,
        &NewToken {
            token_hash: "t2",
            label: "ci",
            created: "2026-12-01T00:00:00Z",
            expires: None,
            scope: TokenScope::Read,
        },
    )
    .unwrap();
    assert_eq!(s.api_token("t1", now).unwrap().map(|t| t.id), Some(token));
    assert_eq!(
        s.api_token("t1", now).unwrap().map(|t| t.scope),
        Some(TokenScope::Write)
    );
    assert_eq!(
        s.api_token("t2", now).unwrap().map(|t| t.scope),
        Some(TokenScope::Read),
        "a token keeps its scope"
    );
    assert!(s.api_token("t1", now + 10).unwrap().is_none(), "expired");
    assert_eq!(s.revoke_api_tokens(alice, Some(token)).unwrap(), 1);
    assert!(s.api_token("t1", now).unwrap().is_none(), "revoked");
    assert!(s.api_token("t2", now).unwrap().is_some());
    assert_eq!(s.api_tokens(alice).unwrap().len(), 2);

    s.create_session("h2", alice, "csrf2", now + 100).unwrap();
    assert!(s
        .update_account(alice, Some(Role::Admin), Some(true), None)
        .unwrap());
    assert!(
        s.session("h2", now).unwrap().is_none(),
        "blocked: session ended"
    );
    assert!(
        s.api_token("t2", now).unwrap().is_none(),
        "blocked: tokens refused"
    );
    let a = s.account_by_name("alice").unwrap().expect("still there");
    assert_eq!((a.role, a.blocked), (Role::Admin, true));
    assert_eq!(s.accounts().unwrap().len(), 1);
}

/// A save builds on the article's newest revision or writes nothing;
/// revisions are immutable and listed newest first; every save bumps the
/// wiki generation.
pub fn wiki_saves_are_compare_and_swap(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let g0 = s.wiki_generation().unwrap();
    assert!(s.article(&bach1()).unwrap().is_none());
    let r1 = saved(
        s.save_revision(&bach1(), "BACH1", &revision(None, "alice", "v1"))
            .unwrap(),
    );
    assert!(s.wiki_generation().unwrap() > g0);
    // A second "new article" loses: the article exists now.
    assert_eq!(
        s.save_revision(&bach1(), "BACH1", &revision(None, "bob", "v1b"))
            .unwrap(),
        SaveOutcome::Stale { current: Some(r1) }
    );
    let r2 = saved(
        s.save_revision(&bach1(), "BACH1", &revision(Some(r1), "bob", "v2"))
            .unwrap(),
    );
    // An edit started from r1 is stale now.
    assert_eq!(
        s.save_revision(&bach1(), "BACH1", &revision(Some(r1), "carol", "v2c"))
            .unwrap(),
        SaveOutcome::Stale { current: Some(r2) }
    );
    let article = s.article(&bach1()).unwrap().expect("article");
    assert_eq!((article.current, article.revisions), (r2, 2));
    assert_eq!(article.title, "BACH1");
    let history = s.revisions(article.id, 0, 10).unwrap();
    assert_eq!(
        history.iter().map(|r| r.id).collect::<Vec<_>>(),
        [r2, r1],
        "newest first"
    );
    assert_eq!(history[0].parent, Some(r1));
    assert_eq!(history[0].author.name, "bob");
    assert_eq!(s.revisions(article.id, 1, 10).unwrap().len(), 1);
    let full = s.history(article.id).unwrap();
    assert_eq!(
        full.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
        ["v1", "v2"]
    );
    let rev = s.revision(r1).unwrap().expect("r1 is kept");
    assert_eq!((rev.text.as_str(), rev.markup), ("v1", Markup::Markdown));
    assert_eq!(rev.summary.size, 2);
    assert_eq!(
        s.authorship(r2).unwrap(),
        Some(2usize.to_le_bytes().to_vec())
    );
    assert!(s.revision(RevisionId(r2.0 + 100)).unwrap().is_none());

    let heme = topic("heme-signalling");
    let r3 = saved(
        s.save_revision(
            &heme,
            "Heme signalling",
            &revision(None, "alice", "heme binds BACH1"),
        )
        .unwrap(),
    );
    assert!(r3 > r2, "revision numbers run across the wiki");
    let changes = s.recent_changes(10).unwrap();
    assert_eq!(changes.len(), 3);
    assert_eq!((changes[0].revision.id, &changes[0].subject), (r3, &heme));
    assert_eq!(changes[0].title, "Heme signalling");
    let articles = s.articles().unwrap();
    assert_eq!(articles.len(), 2);

    let hits = s.search_articles("bach", 10).unwrap();
    assert_eq!(hits.len(), 2, "title BACH1 and the text 'binds BACH1'");
    let hits = s.search_articles("heme", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains('\u{2}'), "{:?}", hits[0].snippet);
    assert!(s.search_articles("\"NEAR(", 10).unwrap().is_empty());

    assert!(s.set_protected(article.id, true).unwrap());
    assert!(s.article(&bach1()).unwrap().expect("article").protected);
}

/// An imported history replaces the article's earlier one as a whole,
/// chained oldest first.
pub fn wiki_history_is_replaced_whole(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let page = topic("adam-himebauch");
    let mut revs: Vec<NewRevision> = ["a", "a b", "a b c"]
        .iter()
        .map(|text| revision(None, "192.0.2.1", text))
        .collect();
    for (i, r) in revs.iter_mut().enumerate() {
        r.source_revision = Some(1000 + i as i64);
        r.markup = Markup::Wikitext;
    }
    let id = s
        .replace_history(&page, "Adam Himebauch", &mut revs.clone().into_iter())
        .unwrap();
    let history = s.history(id).unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1].summary.parent, Some(history[0].summary.id));
    assert_eq!(history[2].summary.source_revision, Some(1002));
    let again = s
        .replace_history(&page, "Adam Himebauch", &mut revs[..2].iter().cloned())
        .unwrap();
    assert_eq!(again, id, "the same article");
    let history = s.history(id).unwrap();
    assert_eq!(history.len(), 2);
    let article = s.article(&page).unwrap().expect("article");
    assert_eq!(article.current, history[1].summary.id);
    assert_eq!(article.revisions, 2);

    // A stream that fails half-way, or is empty, leaves the article as it was.
    struct Failing(usize);
    impl locus_store::wiki::RevisionStream for Failing {
        fn next_revision(&mut self) -> Option<Result<NewRevision, locus_store::BoxError>> {
            self.0 += 1;
            Some(if self.0 < 3 {
                Ok(revision(None, "x", "partial"))
            } else {
                Err("file.xml:12: truncated".into())
            })
        }
    }
    let before = (s.article(&page).unwrap(), s.history(id).unwrap());
    let err = s
        .replace_history(&page, "Adam Himebauch", &mut Failing(0))
        .unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(s
        .replace_history(&page, "Adam Himebauch", &mut Vec::new().into_iter())
        .is_err());
    assert_eq!((s.article(&page).unwrap(), s.history(id).unwrap()), before);
}

/// Importing data files (twice, so the first import is replaced) leaves
/// every article and revision as it was.
pub fn data_imports_never_touch_wiki_text(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    let r1 = saved(
        s.save_revision(&bach1(), "BACH1", &revision(None, "alice", "kept"))
            .unwrap(),
    );
    let before = (s.wiki_generation().unwrap(), s.articles().unwrap());
    human_genes(s);
    human_genes(s);
    assert_eq!(
        (s.wiki_generation().unwrap(), s.articles().unwrap()),
        before
    );
    assert_eq!(s.revision(r1).unwrap().expect("kept").text, "kept");
}

/// A backup taken while an editor saves holds a consistent store: the
/// article's newest revision is among its revisions, and the copy opens.
pub fn backup_while_writing_is_consistent(make: &dyn Fn() -> TestStore) {
    let t = make();
    let Some(reopen) = &t.reopen else {
        return;
    };
    let s: Arc<dyn StoreBackend> = t.store.clone();
    let first = saved(
        s.save_revision(&bach1(), "BACH1", &revision(None, "alice", "v0"))
            .unwrap(),
    );
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (s, stop) = (s.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut parent = first;
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) && n < 2000 {
                n += 1;
                let text = format!("version {n}");
                parent = saved(
                    s.save_revision(&bach1(), "BACH1", &revision(Some(parent), "bob", &text))
                        .unwrap(),
                );
            }
            n
        })
    };
    let dir = t.scratch.join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    for k in 0..3 {
        let to = dir.join(format!("copy{k}.db"));
        s.backup(&to).unwrap();
        assert!(s.backup(&to).is_err(), "a backup never overwrites");
        let copy = reopen(&to);
        let article = copy.article(&bach1()).unwrap().expect("article in copy");
        let history = copy.history(article.id).unwrap();
        assert_eq!(history.len() as u64, article.revisions);
        assert_eq!(
            history.last().map(|r| r.summary.id),
            Some(article.current),
            "the copy's article points at its own newest revision"
        );
        assert!(copy.check().unwrap().is_empty());
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().expect("writer thread");
    assert!(written > 0);
}
