//! `locus`: import gene databases, serve gene pages and an API, search.

mod demo;
mod import;
mod path;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use locus_model::{organism_name, SourceKind, TaxId};
use locus_store::{GeneStore, Resolution, SqliteStore};

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
    /// Store file [default: ./locus.db, or $LOCUS_DB]
    #[arg(long, env = "LOCUS_DB", default_value = "locus.db")]
    db: PathBuf,
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
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Import the bundled demo dataset into a fresh store and serve it.
    Demo {
        /// Store file to (re)create [default: a temporary file]
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
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
        /// Most paths listed
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
                import::import_file_with(&store, kind, file, &options)?;
            }
            Ok(())
        }
        Command::Unresolved {
            db,
            import_id,
            limit,
        } => {
            let store = open_store(&db.db)?;
            println!("line\trole\tidentifier\treason\tcandidates");
            for u in store.unresolved(import_id, limit)? {
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
        Command::Serve { db, addr } => {
            if !db.db.exists() {
                bail!(
                    "no store at {}; import data first (locus import …) or try `locus demo`",
                    db.db.display()
                );
            }
            let store = open_store(&db.db)?;
            serve(Arc::new(store), addr)
        }
        Command::Demo { db, addr, no_serve } => demo::run(db, addr, no_serve),
        Command::Gene {
            db,
            query,
            organism,
            json,
        } => gene(&open_store(&db.db)?, &query, organism.as_deref(), json),
        Command::Search {
            db,
            query,
            limit,
            json,
        } => search(open_store(&db.db)?, &query, limit, json),
        Command::Stats { db, json } => stats(&open_store(&db.db)?, json),
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
            &open_store(&db.db)?,
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

fn open_store(path: &std::path::Path) -> Result<SqliteStore> {
    SqliteStore::open(path).with_context(|| format!("opening store {}", path.display()))
}

fn serve(store: Arc<dyn GeneStore>, addr: SocketAddr) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!("locus: serving on http://{local}/  (Ctrl-C to stop)");
        locus_web::serve(store, listener).await.context("server")
    })
}

fn parse_organism(s: Option<&str>) -> Result<Option<TaxId>> {
    match s {
        None => Ok(None),
        Some(s) => locus_web::parse_organism(s)
            .map(Some)
            .with_context(|| format!("unknown organism {s:?}; use a taxon id or human, mouse")),
    }
}

fn gene(store: &SqliteStore, query: &str, organism: Option<&str>, json: bool) -> Result<()> {
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
                    organism_name(c.tax_id).unwrap_or("taxon")
                ));
            }
            bail!("{msg}use a GeneID to choose one");
        }
        Resolution::NotFound => bail!("no gene named {query:?}"),
    };
    let Some(g) = store.gene(gene_id)? else {
        bail!("gene {gene_id} disappeared while reading")
    };
    if json {
        let doc = locus_web::api::gene_document(store, &g)?;
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
        organism_name(g.tax_id)
            .map(str::to_string)
            .unwrap_or_else(|| format!("taxon {}", g.tax_id)),
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

fn search(store: SqliteStore, query: &str, limit: usize, json: bool) -> Result<()> {
    let index = locus_web::search::SearchIndex::build(store.search_entries()?);
    let hits = index.search(query, None, limit);
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
            organism_name(h.tax_id)
                .map(|o| o.split(' ').next().unwrap_or(o))
                .unwrap_or("?"),
            h.name.as_deref().unwrap_or(""),
            h.matched
        );
    }
    Ok(())
}

fn stats(store: &SqliteStore, json: bool) -> Result<()> {
    let s = store.stats()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(());
    }
    println!("facts:");
    for (k, v) in &s.facts {
        println!("  {k:<22} {v:>12}");
    }
    println!("genes by organism:");
    for (t, n) in &s.genes_by_organism {
        println!(
            "  {:<22} {n:>12}",
            organism_name(*t)
                .map(str::to_string)
                .unwrap_or_else(|| t.to_string())
        );
    }
    println!("imports:");
    for i in &s.imports {
        let counts: Vec<String> = i
            .row_counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
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
