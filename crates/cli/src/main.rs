//! `locus`: import gene databases, serve gene pages and an API, search.

mod demo;
mod export;
mod import;
mod logging;
mod path;
mod tag;
mod wiki;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use locus_kb::KnowledgeBase;
use locus_model::{ImportId, Role, SourceKind, TaxId, TokenScope};
use locus_store::{Resolution, StoreBackend};

#[derive(Parser)]
#[command(
    name = "locus",
    version,
    about = "A gene knowledge base you run yourself"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// Store: a file path (SQLite) or a postgres:// URL [default:
    /// ./locus.db, or $LOCUS_DB]
    #[arg(long, env = "LOCUS_DB", default_value = "locus.db", global = true)]
    db: String,
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Request log lines: text (one line per request), json (one JSON
    /// object per line, for log collectors) or off (behind a proxy that
    /// logs)
    #[arg(long, value_enum, default_value_t = logging::LogFormat::Text)]
    log_format: logging::LogFormat,
    /// Let visitors without an account edit the wiki (credited by IP
    /// address). Off by default: edits need an account.
    #[arg(long)]
    open_editing: bool,
    /// Mark session cookies Secure: set when the server is reached over
    /// HTTPS (behind a TLS-terminating proxy).
    #[arg(long)]
    secure_cookies: bool,
    /// A `Host` name the MCP endpoint (/mcp) answers to besides
    /// localhost, 127.0.0.1 and ::1: the name clients reach the server
    /// by (repeat for several; `*` for any, when a proxy checks it)
    #[arg(long = "mcp-host", value_name = "NAME")]
    mcp_hosts: Vec<String>,
    /// Where the whole-store exports of /downloads/store/ are written
    /// (one per store generation and format, written on first request)
    /// [default: a temporary directory, removed on exit]
    #[arg(long, value_name = "DIR")]
    export_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Import source files. Re-importing a file replaces that file's facts.
    Import {
        #[command(flatten)]
        db: DbArg,
        /// gene-info, orgdb, gene2pubmed, generifs, pubmed-xml, uniprot, go-db,
        /// pharos-references, pharos-expression, expression-atlas, geo-gds,
        /// bgee, obo, hpo, orphanet, mim2gene-medgen, gaf, pubtator, tflink,
        /// tflink-protein, trrust, collectri, dorothea, regnetwork,
        /// orthologs or string; or, for the wiki, mediawiki (an XML export,
        /// plain, .gz, .xz or .lzma, or an Action API JSON revision list)
        /// or wiki (a directory `locus export wiki` wrote); or
        /// locus-export (a directory `locus export` wrote, TSV or JSON
        /// lines, into a new store: every import with its id and
        /// provenance, and the wiki)
        #[arg(value_parser = parse_import_kind)]
        kind: ImportKind,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Organism of a network file that names genes by symbol only
        /// (trrust, collectri, dorothea, regnetwork): taxon id or human,
        /// mouse [default: from the file name, else the source's own organism]
        #[arg(long)]
        organism: Option<String>,
        /// mediawiki: the page's title (for an Action API revision list,
        /// which does not say) [default: the title in the file]
        #[arg(long)]
        title: Option<String>,
        /// mediawiki: make the page the article of an entity instead of a
        /// topic article: gene:BACH1, gene:mouse:Bach2, gene:571
        #[arg(long)]
        entity: Option<String>,
        /// An earlier import this file replaces besides an earlier import
        /// of the same file name: the next release of a source under
        /// another name. What changed for each gene is recorded either way
        /// (`locus stats` lists the imports)
        #[arg(long, value_name = "IMPORT")]
        replaces: Option<i64>,
    },
    /// Manage wiki accounts.
    User {
        #[command(flatten)]
        db: DbArg,
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens (for `Authorization: Bearer` requests).
    Token {
        #[command(flatten)]
        db: DbArg,
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Create the store, or bring its schema up to this build's (every
    /// command does this on open; this does nothing else, for deployments
    /// that migrate before starting servers).
    Migrate {
        #[command(flatten)]
        db: DbArg,
    },
    /// Write a consistent copy of the store (while it is being served).
    Backup {
        #[command(flatten)]
        db: DbArg,
        /// The copy to write (must not exist)
        out: PathBuf,
    },
    /// Export the whole store: one file per entity kind and relation
    /// (flat TSV or JSON lines, gzip; or Parquet), each with a header naming its imports,
    /// and manifest.json with row counts and SHA-256. `locus export wiki
    /// DIR` writes only the wiki's histories (`locus import wiki DIR`
    /// reads them back).
    Export {
        #[command(flatten)]
        db: DbArg,
        /// File format: tsv or jsonl (gzip), or parquet
        #[arg(long, default_value = "tsv", value_parser = ["tsv", "jsonl", "parquet"])]
        format: String,
        /// Tables to export, comma-separated (genes, gene_records,
        /// gene_aliases, gene_xrefs, gene_pubmed, generifs, publications,
        /// go_annotations, go_terms, proteins, protein_genes,
        /// regulation_evidence, tf_target_edges, orthologs, interactions,
        /// binding_sites, differential_expression, expression_calls,
        /// terms, term_parents, gene_diseases, gene_phenotypes,
        /// disease_phenotypes, pubtator_documents, pubtator_annotations,
        /// unresolved, wiki) [default: all]
        #[arg(long)]
        kinds: Option<String>,
        /// The directory to write (new or empty); or `wiki` then the
        /// directory, for the wiki's histories alone
        #[arg(num_args = 1..=2, required = true, value_name = "DIR")]
        target: Vec<PathBuf>,
    },
    /// List the identifiers of an import that did not resolve to one gene.
    Unresolved {
        #[command(flatten)]
        db: DbArg,
        /// Import number, as `locus stats` lists them
        import_id: i64,
        #[arg(long, default_value_t = 1000)]
        limit: u64,
    },
    /// Serve gene pages, the JSON API and search over HTTP.
    Serve {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        serve: ServeArgs,
        /// A hot standby of the PostgreSQL primary --db names, to answer
        /// reads (repeat for several; writes still go to the primary,
        /// and a writer reads its own writes)
        #[arg(
            long = "read-replica",
            value_name = "URL",
            env = "LOCUS_READ_REPLICAS",
            value_delimiter = ','
        )]
        read_replicas: Vec<String>,
    },
    /// Answer AI agents over the Model Context Protocol on stdin/stdout
    /// (`locus serve` also answers it over HTTP at /mcp).
    Mcp {
        #[command(flatten)]
        db: DbArg,
        /// API token wiki edits are saved with (`locus token create`);
        /// without one, agents read only
        #[arg(long, env = "LOCUS_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// The server's public address, for absolute links in answers
        /// (https://locus.example.org) [default: links are paths]
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Import the bundled demo dataset into a fresh store and serve it.
    Demo {
        /// Store file to (re)create [default: a temporary file]
        #[arg(long)]
        db: Option<PathBuf>,
        #[command(flatten)]
        serve: ServeArgs,
        /// Import only; do not start the server.
        #[arg(long)]
        no_serve: bool,
    },
    /// Show one gene.
    Gene {
        #[command(flatten)]
        db: DbArg,
        /// GeneID, symbol or alias
        query: String,
        /// Organism: taxon id or name (human, mouse) [default: human]
        #[arg(long)]
        organism: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Search genes by symbol, alias or name.
    Search {
        #[command(flatten)]
        db: DbArg,
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Shortest paths between two genes (or a gene and a disease, phenotype
    /// or GO term) in the knowledge graph, with the
    /// evidence of each hop.
    Path {
        #[command(flatten)]
        db: DbArg,
        /// Start: a gene (GeneID, symbol or alias) or a term (OMIM:114480, HP:0001250, GO:0006979)
        from: String,
        /// End: a gene or a term
        to: String,
        /// Longest path searched (at most 6)
        #[arg(long, default_value_t = 4)]
        max_hops: usize,
        /// Most paths listed (at most 50)
        #[arg(long, default_value_t = 5)]
        max_paths: usize,
        /// Edge kinds to walk, comma-separated: regulation, interaction, orthology, disease, phenotype, go_annotation [default: the first three]
        #[arg(long)]
        types: Option<String>,
        /// Follow regulation edges only from TF to target
        #[arg(long)]
        directed: bool,
        /// Organism of symbols: taxon id or human, mouse [default: human]
        #[arg(long)]
        organism: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Tag genes, diseases and chemicals in PubTator documents (title and
    /// abstract; annotations already there are ignored) and write them
    /// back with Locus's annotations: genes as NCBI GeneIDs, diseases and
    /// chemicals as MeSH ids where known, else the ontology id.
    Tag {
        #[command(flatten)]
        db: DbArg,
        /// PubTator file (plain or gzip), or - for standard input
        file: PathBuf,
        /// Output: pubtator, or json (one object per document, with each
        /// mention's organism and the rule that found it)
        #[arg(long, value_enum, default_value_t = tag::TagFormat::Pubtator)]
        format: tag::TagFormat,
        /// Normalise genes only to this organism (repeatable): taxon id or
        /// human, mouse [default: every organism in the store]
        #[arg(long)]
        organism: Vec<String>,
        /// Use this learned file instead of the one Locus ships
        #[arg(long)]
        learned: Option<PathBuf>,
    },
    /// Tag every imported paper and GeneRIF again with the store's current
    /// vocabularies (imports tag only the texts no run has read yet).
    Retag {
        #[command(flatten)]
        db: DbArg,
    },
    /// Learn the tagger's names and stops from gold training corpora
    /// (PubTator) and write the learned file; documents of the --held-out
    /// corpora are left out.
    TagLearn {
        #[command(flatten)]
        db: DbArg,
        /// Training corpora
        #[arg(required = true)]
        corpora: Vec<PathBuf>,
        /// Test corpora whose PMIDs must not be learned from (repeatable)
        #[arg(long)]
        held_out: Vec<PathBuf>,
        /// File to write
        #[arg(long)]
        out: PathBuf,
    },
    /// Counts per kind of fact and per import.
    Stats {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        json: bool,
    },
    /// Check the store's integrity (the engine's own check).
    Check {
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account.
    Add {
        name: String,
        #[arg(long, value_parser = parse_role, default_value = "editor")]
        role: Role,
        /// Read the password from the first line of standard input
        /// [default: no password; the account can use API tokens only]
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change an account's role, password or block.
    Set {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Option<Role>,
        /// Read a new password from standard input
        #[arg(long)]
        password_stdin: bool,
        /// Block the account: no login, no edits, no tokens
        #[arg(long, conflicts_with = "unblock")]
        block: bool,
        /// Lift a block
        #[arg(long)]
        unblock: bool,
    },
    /// List accounts.
    List,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Make a token for an account and print it (once; it is stored hashed).
    Create {
        name: String,
        /// Lifetime: 30d, 12h, 90m [default: no expiry]
        #[arg(long)]
        expires: Option<String>,
        /// What the token is for
        #[arg(long, default_value = "api")]
        label: String,
        /// read (identifies a program, changes nothing) or write (wiki
        /// edits through the API and MCP, as far as the account's role goes)
        #[arg(long, default_value = "write", value_parser = ["read", "write"])]
        scope: String,
    },
    /// Revoke an account's token (by id), or all of them.
    Revoke {
        name: String,
        #[arg(long, required_unless_present = "all")]
        id: Option<i64>,
        #[arg(long)]
        all: bool,
    },
    /// List an account's tokens.
    List { name: String },
}

/// What `locus import` reads.
#[derive(Clone, Copy)]
enum ImportKind {
    Data(SourceKind),
    MediaWiki,
    Wiki,
    LocusExport,
}

fn parse_import_kind(s: &str) -> Result<ImportKind, String> {
    match s {
        "mediawiki" => Ok(ImportKind::MediaWiki),
        "wiki" => Ok(ImportKind::Wiki),
        "locus-export" => Ok(ImportKind::LocusExport),
        _ => parse_kind(s).map(ImportKind::Data),
    }
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role {s:?}; expected reader, editor or admin"))
}

fn parse_kind(s: &str) -> Result<SourceKind, String> {
    SourceKind::parse(s).ok_or_else(|| {
        let all: Vec<_> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind {s:?}; expected one of: {}", all.join(", "))
    })
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        eprintln!("locus: error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Tag {
            db,
            file,
            format,
            organism,
            learned,
        } => {
            let store = open_store(&db.db)?;
            let mut organisms = Vec::new();
            for o in &organism {
                organisms.extend(parse_organism(Some(o))?);
            }
            tag::tag(store.as_ref(), &file, format, organisms, learned.as_deref())
        }
        Command::Retag { db } => import::tag_texts(open_store(&db.db)?.as_ref(), true),
        Command::TagLearn {
            db,
            corpora,
            held_out,
            out,
        } => {
            let store = open_store(&db.db)?;
            tag::learn(store.as_ref(), &corpora, &held_out, &out)
        }
        Command::Import {
            db,
            kind,
            files,
            organism,
            title,
            entity,
            replaces,
        } => {
            let store = open_store(&db.db)?;
            if replaces.is_some() && files.len() != 1 {
                bail!("--replaces names what one file replaces: give one file");
            }
            match kind {
                ImportKind::Data(kind) => {
                    let options = locus_ingest::OpenOptions {
                        organism: parse_organism(organism.as_deref())?,
                    };
                    for file in &files {
                        let imported = import::import_file(
                            store.as_ref(),
                            kind,
                            file,
                            &options,
                            replaces.map(ImportId),
                        )?;
                        import::report(&imported, import::Verbosity::Full);
                    }
                    import::tag_texts(store.as_ref(), false)?;
                }
                ImportKind::MediaWiki => {
                    let kb = KnowledgeBase::new(store);
                    for file in &files {
                        wiki::import_mediawiki(&kb, file, title.as_deref(), entity.as_deref())?;
                    }
                }
                ImportKind::Wiki => {
                    let kb = KnowledgeBase::new(store);
                    for dir in &files {
                        let n = kb.import_wiki(dir).with_context(|| {
                            format!("importing the wiki export {}", dir.display())
                        })?;
                        println!("imported {n} articles from {}", dir.display());
                    }
                }
                ImportKind::LocusExport => {
                    let [dir] = files.as_slice() else {
                        bail!("give the one directory `locus export` wrote");
                    };
                    let kb = KnowledgeBase::new(store.clone());
                    let report = kb
                        .restore_export(dir, &mut |i| {
                            eprintln!(
                                "locus: #{:<3} {} ({}): {} rows",
                                i.id,
                                i.file_name,
                                i.kind,
                                i.rows_written()
                            )
                        })
                        .with_context(|| format!("importing the export {}", dir.display()))?;
                    println!(
                        "imported {} imports ({} rows) and {} wiki articles from {} in {:.1} s",
                        report.imports,
                        report.rows,
                        report.articles,
                        dir.display(),
                        report.seconds
                    );
                    import::tag_texts(store.as_ref(), false)?;
                }
            }
            Ok(())
        }
        Command::User { db, command } => {
            let kb = KnowledgeBase::new(open_store(&db.db)?);
            match command {
                UserCommand::Add {
                    name,
                    role,
                    password_stdin,
                } => {
                    let password = password_stdin.then(wiki::password_from_stdin).transpose()?;
                    wiki::user_add(&kb, &name, role, password)
                }
                UserCommand::Set {
                    name,
                    role,
                    password_stdin,
                    block,
                    unblock,
                } => {
                    let password = password_stdin.then(wiki::password_from_stdin).transpose()?;
                    let blocked = if block {
                        Some(true)
                    } else if unblock {
                        Some(false)
                    } else {
                        None
                    };
                    let a = kb.update_user(&name, role, blocked, password.as_deref())?;
                    println!(
                        "account {}: {}{}",
                        a.name,
                        a.role.as_str(),
                        if a.blocked { ", blocked" } else { "" }
                    );
                    Ok(())
                }
                UserCommand::List => wiki::user_list(&kb),
            }
        }
        Command::Token { db, command } => {
            let kb = KnowledgeBase::new(open_store(&db.db)?);
            match command {
                TokenCommand::Create {
                    name,
                    expires,
                    label,
                    scope,
                } => {
                    let lifetime = expires.as_deref().map(wiki::parse_lifetime).transpose()?;
                    let scope = TokenScope::parse(&scope).context("scope is read or write")?;
                    let (secret, id) = kb.create_token(&name, &label, lifetime, scope)?;
                    eprintln!(
                        "{} token #{id} for {name}; shown once, keep it secret:",
                        scope.as_str()
                    );
                    println!("{secret}");
                    Ok(())
                }
                TokenCommand::Revoke { name, id, all } => {
                    let n = kb.revoke_tokens(&name, if all { None } else { id })?;
                    println!("revoked {n} token(s) of {name}");
                    Ok(())
                }
                TokenCommand::List { name } => {
                    println!("id\tlabel\tscope\tcreated\texpires\trevoked");
                    for t in kb.tokens(&name)? {
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{}",
                            t.id,
                            t.label,
                            t.scope.as_str(),
                            t.created,
                            t.expires
                                .map(|e| e.to_string())
                                .unwrap_or_else(|| "never".into()),
                            if t.revoked { "yes" } else { "no" }
                        );
                    }
                    Ok(())
                }
            }
        }
        Command::Migrate { db } => {
            let store = open_store(&db.db)?;
            eprintln!(
                "locus: {} has this build's schema (store generation {})",
                store.location(),
                store.generation()?
            );
            Ok(())
        }
        Command::Backup { db, out } => wiki::backup(&open_store(&db.db)?, &out),
        Command::Export {
            db,
            format,
            kinds,
            target,
        } => match target.as_slice() {
            [what, dir] if what.as_os_str() == "wiki" => {
                let kb = KnowledgeBase::new(open_store(&db.db)?);
                let n = kb
                    .export_wiki(dir)
                    .with_context(|| format!("exporting the wiki to {}", dir.display()))?;
                println!("exported {n} articles to {}", dir.display());
                Ok(())
            }
            [dir] => export::run(&open_store(&db.db)?, dir, &format, kinds.as_deref()),
            _ => bail!("give one directory (or `wiki` and a directory)"),
        },
        Command::Unresolved {
            db,
            import_id,
            limit,
        } => {
            let store = open_store(&db.db)?;
            let Some(rows) = store.unresolved(ImportId(import_id), limit)? else {
                bail!(
                    "no import #{import_id} in {}; `locus stats` lists them",
                    db.db
                );
            };
            println!("line\trole\tidentifier\treason\tcandidates");
            for u in rows {
                let c: Vec<String> = u.candidates.iter().map(|g| g.to_string()).collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.line,
                    u.role,
                    u.identifier,
                    u.reason,
                    c.join(",")
                );
            }
            Ok(())
        }
        Command::Serve {
            db,
            serve,
            read_replicas,
        } => {
            if !db.db.contains("://") && !std::path::Path::new(&db.db).exists() {
                bail!(
                    "no store at {}; import data first (locus import …) or try `locus demo`",
                    db.db
                );
            }
            let store = locus_kb::open_store_with_replicas(&db.db, &read_replicas)?;
            run_server(store, &serve)
        }
        Command::Demo {
            db,
            serve,
            no_serve,
        } => demo::run(db, &serve, no_serve),
        Command::Mcp {
            db,
            token,
            base_url,
        } => {
            if !db.db.contains("://") && !std::path::Path::new(&db.db).exists() {
                bail!(
                    "no store at {}; import data first (locus import …) or make one with `locus demo --no-serve --db {}`",
                    db.db,
                    db.db
                );
            }
            mcp(open_store(&db.db)?, token, base_url)
        }
        Command::Gene {
            db,
            query,
            organism,
            json,
        } => gene(open_store(&db.db)?, &query, organism.as_deref(), json),
        Command::Search {
            db,
            query,
            limit,
            json,
        } => search(open_store(&db.db)?, &query, limit, json),
        Command::Stats { db, json } => stats(open_store(&db.db)?.as_ref(), json),
        Command::Check { db } => {
            let store = open_store(&db.db)?;
            let problems = store.check()?;
            if problems.is_empty() {
                println!("ok: {} passes the integrity check", store.location());
                return Ok(());
            }
            for p in &problems {
                println!("{p}");
            }
            bail!("{} problems in {}", problems.len(), store.location())
        }
        Command::Path {
            db,
            from,
            to,
            max_hops,
            max_paths,
            types,
            directed,
            organism,
            json,
        } => path::run(
            KnowledgeBase::new(open_store(&db.db)?),
            &path::Query {
                from,
                to,
                max_hops,
                max_paths,
                types,
                directed,
                organism: parse_organism(organism.as_deref())?,
            },
            json,
        ),
    }
}

/// Opens the store `url` names (a file path for the embedded SQLite store).
fn open_store(url: &str) -> Result<Arc<dyn StoreBackend>> {
    Ok(locus_kb::open_store(url)?)
}

fn run_server(store: Arc<dyn StoreBackend>, args: &ServeArgs) -> Result<()> {
    let _log = logging::init(args.log_format);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let local = listener.local_addr()?;
        eprintln!("locus: serving on http://{local}/  (Ctrl-C to stop)");
        let config = locus_web::WebConfig {
            open_editing: args.open_editing,
            secure_cookies: args.secure_cookies,
            mcp_hosts: args.mcp_hosts.clone(),
            export_dir: args.export_dir.clone(),
        };
        locus_web::serve(KnowledgeBase::new(store), listener, config)
            .await
            .context("server")
    })?;
    eprintln!("locus: stopped");
    Ok(())
}

/// `locus mcp`: the MCP server on stdio. Logs go to stderr; stdout
/// carries only the protocol.
fn mcp(
    store: Arc<dyn StoreBackend>,
    token: Option<String>,
    base_url: Option<String>,
) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let kb = KnowledgeBase::new(store);
    if let Some(t) = &token {
        match kb.token(t)? {
            Some(t) if t.scope == TokenScope::Write => {
                eprintln!("locus mcp: edits are saved as {}", t.account.name)
            }
            Some(_) => eprintln!("locus mcp: the token has read scope; agents read only"),
            None => bail!("the token is unknown, expired or revoked (`locus token list NAME`)"),
        }
    }
    rt.block_on(locus_mcp::serve_stdio(locus_mcp::LocusMcp::new(
        kb, token, base_url,
    )))?;
    Ok(())
}

fn parse_organism(s: Option<&str>) -> Result<Option<TaxId>> {
    match s {
        None => Ok(None),
        Some(s) => TaxId::parse_organism(s)
            .map(Some)
            .with_context(|| format!("unknown organism {s:?}; use a taxon id or human, mouse")),
    }
}

fn gene(
    store: Arc<dyn StoreBackend>,
    query: &str,
    organism: Option<&str>,
    json: bool,
) -> Result<()> {
    let tax = parse_organism(organism)?;
    let gene_id = match store.resolve(query, tax)? {
        Resolution::Found { gene_id, .. } => gene_id,
        Resolution::Ambiguous { candidates } => {
            let mut msg = format!("{query:?} names {} genes:\n", candidates.len());
            for c in &candidates {
                msg.push_str(&format!(
                    "  {:>10}  {:<10} {} ({})\n",
                    c.gene_id,
                    c.symbol,
                    c.name.as_deref().unwrap_or(""),
                    c.tax_id.label()
                ));
            }
            bail!("{msg}use a GeneID to choose one");
        }
        Resolution::NotFound => bail!("no gene named {query:?}"),
    };
    let g = locus_kb::gene::detail(store.as_ref(), gene_id)?;
    if json {
        let doc = locus_kb::gene::document(store.as_ref(), g)?;
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    println!(
        "{} — {}",
        g.symbol,
        g.name.as_deref().unwrap_or("(no name)")
    );
    println!(
        "  GeneID {}  {}  chr {}  {}  {}",
        g.gene_id,
        g.tax_id.label(),
        g.chromosome.as_deref().unwrap_or("?"),
        g.map_location.as_deref().unwrap_or(""),
        g.gene_type.as_deref().unwrap_or("")
    );
    if !g.aliases.is_empty() {
        println!("  aliases: {}", g.aliases.join(", "));
    }
    println!(
        "  PubMed count {}  fractional PubMed score {:.2}  GeneRIFs {}  GO annotations {}",
        g.stats.pubmed_count, g.stats.pubmed_score, g.stats.generif_count, g.stats.go_count
    );
    for x in &g.xrefs {
        println!("  {}:{}", x.db, x.id);
    }
    Ok(())
}

fn search(store: Arc<dyn StoreBackend>, query: &str, limit: usize, json: bool) -> Result<()> {
    let kb = KnowledgeBase::new(store);
    let hits = kb.search_index()?.search(query, None, limit);
    if json {
        println!("{}", serde_json::to_string_pretty(&hits)?);
        return Ok(());
    }
    if hits.is_empty() {
        println!("no genes match {query:?}");
    }
    for h in hits {
        println!(
            "{:>10}  {:<12} {:<8} {}  [{}]",
            h.gene_id,
            h.symbol,
            h.tax_id
                .scientific_name()
                .map(|o| o.split(' ').next().unwrap_or(o))
                .unwrap_or("?"),
            h.name.as_deref().unwrap_or(""),
            h.matched.label()
        );
    }
    Ok(())
}

fn stats(store: &dyn StoreBackend, json: bool) -> Result<()> {
    let s = store.stats()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(());
    }
    println!("facts:");
    for (k, v) in &s.facts {
        println!("  {k:<22} {v:>12}");
    }
    println!(
        "  {:<22} {:>12}",
        "gene→PubMed (distinct)", s.gene_pubmed_links
    );
    println!("  {:<22} {:>12}", "TF→target edges", s.tf_target_edges);
    println!("genes by organism:");
    for (t, n) in &s.genes_by_organism {
        println!("  {:<22} {n:>12}", t.label());
    }
    println!("imports:");
    for i in &s.imports {
        let counts: Vec<String> = i
            .row_counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .chain(i.tallies.iter().map(|(k, v)| format!("{k} {v}")))
            .collect();
        println!(
            "  #{:<3} {:<12} {}  release: {}  sha256 {}…\n        {}",
            i.id,
            i.kind.as_str(),
            i.file_name,
            i.release.as_deref().unwrap_or("-"),
            &i.sha256[..12.min(i.sha256.len())],
            counts.join(", ")
        );
    }
    Ok(())
}
