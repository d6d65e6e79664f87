//! Facts computed from imported facts, rebuilt inside each import's
//! transaction so they can never disagree with what was imported.

use rusqlite::Transaction;

use crate::Result;

/// Rebuilds `gene_best`, `pmid_gene_count` and `gene_stats`.
///
/// * `gene_best`: per gene, the row of the source with the lowest
///   precedence (NCBI gene_info before org.Hs.eg.db), newest import first.
/// * `pmid_gene_count`: for each PMID, the number of distinct genes any
///   source links it to.
/// * `gene_stats`: PubMed count = distinct PMIDs linked to the gene;
///   fractional PubMed score = Σ 1/n over those PMIDs, n from
///   `pmid_gene_count`; GeneRIF count = GeneRIF rows for the gene.
///
/// Only what the changed tables feed is rebuilt: a PubMed XML or UniProt
/// import touches none of them and costs nothing here.
pub fn rebuild(tx: &Transaction<'_>, changed: &Changed) -> Result<()> {
    if changed.genes {
        tx.execute_batch(GENE_BEST)?;
    }
    if changed.genes || changed.literature {
        tx.execute_batch(STATS)?;
    }
    tx.execute_batch("UPDATE meta SET value = value + 1 WHERE key = 'generation';")?;
    Ok(())
}

/// Which source tables an import wrote to or deleted from.
#[derive(Debug, Default, Clone, Copy)]
pub struct Changed {
    /// `gene` rows.
    pub genes: bool,
    /// `gene_pubmed` or `generif` rows.
    pub literature: bool,
}

impl Changed {
    pub fn note(&mut self, table: &str) {
        match table {
            "gene" => self.genes = true,
            "gene_pubmed" | "generif" => self.literature = true,
            _ => {}
        }
    }
}

const GENE_BEST: &str = r#"
DELETE FROM gene_best;
INSERT INTO gene_best
SELECT gene_id, import_id, tax_id, symbol, locus_tag, chromosome, map_location, description,
       gene_type, nomenclature_symbol, nomenclature_name, nomenclature_status, modification_date
FROM (
    SELECT g.*, row_number() OVER (PARTITION BY gene_id ORDER BY precedence, import_id DESC) AS rn
    FROM gene g
) WHERE rn = 1;
"#;

const STATS: &str = r#"
DELETE FROM pmid_gene_count;
INSERT INTO pmid_gene_count
SELECT pmid, count(DISTINCT gene_id) FROM gene_pubmed GROUP BY pmid;

DELETE FROM gene_stats;
INSERT INTO gene_stats (gene_id, pubmed_count, pubmed_score, generif_count)
SELECT b.gene_id,
       coalesce(p.n, 0),
       coalesce(p.score, 0.0),
       coalesce((SELECT count(*) FROM generif r WHERE r.gene_id = b.gene_id), 0)
FROM gene_best b
LEFT JOIN (
    SELECT gp.gene_id, count(*) AS n, sum(1.0 / c.genes) AS score
    FROM (SELECT DISTINCT gene_id, pmid FROM gene_pubmed) gp
    JOIN pmid_gene_count c ON c.pmid = gp.pmid
    GROUP BY gp.gene_id
) p ON p.gene_id = b.gene_id;
"#;
