//! `locus`: import gene databases, serve gene pages and an API, search.

mod demo;
mod import;
mod logging;
mod path;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use locus_kb::KnowledgeBase;
use locus_model::{ImportId, SourceKind, TaxId};
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
    /// Store: a file path (SQLite) [default: ./locus.db, or $LOCUS_DB]
    #[arg(long, env = "LOCUS_DB", default_value = "locus.db")]
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
}

#[derive(Subcommand)]
enum Command {
    /// Import source files. Re-importing a file replaces that file's facts.
    Import {
        #[command(flatten)]
        db: DbArg,
        /// gene-info, orgdb, gene2pubmed, generifs, pubmed-xml, uniprot, go-db,
        /// tflink, tflink-protein, trrust, collectri, dorothea, regnetwork,
        /// orthologs or string
        #[arg(value_parser = parse_kind)]
        kind: SourceKind,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Organism of a network file that names genes by symbol only
        /// (trrust, collectri, dorothea, regnetwork): taxon id or human,
        /// mouse [default: from the file name, else the source's own organism]
        #[arg(long)]
        organism: Option<String>,
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
    /// Shortest paths between two genes in the knowledge graph, with the
    /// evidence of each hop.
    Path {
        #[command(flatten)]
        db: DbArg,
        /// Start gene: GeneID, symbol or alias
        from: String,
        /// End gene
        to: String,
        /// Longest path searched (at most 6)
        #[arg(long, default_value_t = 4)]
        max_hops: usize,
        /// Most paths listed (at most 50)
        #[arg(long, default_value_t = 5)]
        max_paths: usize,
        /// Edge kinds to walk: regulation, interaction, orthology (comma-separated) [default: all]
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
        Command::Import {
            db,
            kind,
            files,
            organism,
        } => {
            let store = open_store(&db.db)?;
            let options = locus_ingest::OpenOptions {
                organism: parse_organism(organism.as_deref())?,
            };
            for file in &files {
                let imported = import::import_file(store.as_ref(), kind, file, &options)?;
                import::report(&imported, import::Verbosity::Full);
            }
            Ok(())
        }
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
        Command::Serve { db, serve } => {
            if !db.db.contains("://") && !std::path::Path::new(&db.db).exists() {
                bail!(
                    "no store at {}; import data first (locus import …) or try `locus demo`",
                    db.db
                );
            }
            let store = open_store(&db.db)?;
            run_server(store, &serve)
        }
        Command::Demo {
            db,
            serve,
            no_serve,
        } => demo::run(db, &serve, no_serve),
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
        locus_web::serve(KnowledgeBase::new(store), listener)
            .await
            .context("server")
    })?;
    eprintln!("locus: stopped");
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
