//! The whole-store export: every table streamed from one snapshot, rows
//! whose cells match their columns, in the order of the rows' keys.

use std::collections::BTreeMap;
use std::sync::Arc;

use locus_model::{FactTable, ImportRecord, SourceKind, TaxId};
use locus_store::export::{Cell, ColumnType, ExportSink, ExportTable};
use locus_store::StoreBackend;

use crate::{human_genes, import_ok, TestStore};

/// A sink that keeps every row as text, and imports a file at the first
/// table (after the snapshot was taken) to prove the export does not see it.
struct Keep {
    store: Arc<dyn StoreBackend>,
    generation: i64,
    imports: Vec<ImportRecord>,
    order: Vec<ExportTable>,
    rows: BTreeMap<ExportTable, Vec<Vec<String>>>,
    current: Option<ExportTable>,
    imported_meanwhile: bool,
}

impl ExportSink for Keep {
    fn snapshot(&mut self, generation: i64, imports: &[ImportRecord]) -> locus_store::Result<()> {
        self.generation = generation;
        self.imports = imports.to_vec();
        Ok(())
    }

    fn start(&mut self, table: ExportTable) -> locus_store::Result<()> {
        assert!(
            self.current.is_none(),
            "{table} started inside another table"
        );
        if !self.imported_meanwhile {
            // Another connection commits while the export reads.
            import_ok(
                self.store.as_ref(),
                SourceKind::Generifs,
                "BACH1_generifs.tsv",
            );
            self.imported_meanwhile = true;
        }
        self.current = Some(table);
        self.order.push(table);
        self.rows.insert(table, Vec::new());
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> locus_store::Result<()> {
        let table = self.current.expect("a row inside a table");
        let columns = table.columns();
        assert_eq!(cells.len(), columns.len(), "{table}: cells and columns");
        let mut row = Vec::with_capacity(cells.len());
        for (cell, column) in cells.iter().zip(columns) {
            let ok = matches!(
                (cell, column.ty),
                (Cell::Null, _)
                    | (Cell::Int(_), ColumnType::Integer)
                    | (Cell::Real(_), ColumnType::Real)
                    | (Cell::Text(_), ColumnType::Text)
                    | (Cell::Bool(_), ColumnType::Bool)
            ) || matches!(cell, Cell::List(_)) && column.ty.is_list();
            assert!(
                ok,
                "{table}.{}: {cell:?} is not {:?}",
                column.name, column.ty
            );
            row.push(match cell {
                Cell::Null => String::new(),
                Cell::Int(i) => i.to_string(),
                Cell::Real(x) => x.to_string(),
                Cell::Text(s) => s.to_string(),
                Cell::Bool(b) => b.to_string(),
                Cell::List(json) => {
                    let v: Vec<serde_json::Value> = serde_json::from_str(json)
                        .unwrap_or_else(|e| panic!("{table}.{}: {json}: {e}", column.name));
                    v.iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join("|")
                }
            });
        }
        self.rows.get_mut(&table).expect("started").push(row);
        Ok(())
    }

    fn finish(&mut self, table: ExportTable) -> locus_store::Result<()> {
        assert_eq!(self.current.take(), Some(table));
        Ok(())
    }
}

/// The demo's genes, literature, GO and a regulation file exported:
/// every table once, in the order asked; row counts equal the store's;
/// BACH1 as the store shows it; rows in key order; and a file imported
/// while the export runs is not in it (one snapshot).
pub fn export_streams_every_table_from_one_snapshot(make: &dyn Fn() -> TestStore) {
    let t = make();
    let s = t.store.as_ref();
    human_genes(s);
    import_ok(s, SourceKind::Orgdb, "org.Hs.eg.subset.sqlite");
    import_ok(s, SourceKind::Trrust, "regulation/trrust_rawdata.human.tsv");
    let before = s.stats().expect("stats");
    let generation = s.generation().expect("generation");
    let mut sink = Keep {
        store: t.store.clone(),
        generation: -1,
        imports: Vec::new(),
        order: Vec::new(),
        rows: BTreeMap::new(),
        current: None,
        imported_meanwhile: false,
    };
    s.export(ExportTable::ALL, &mut sink).expect("export");
    assert_eq!(sink.order, ExportTable::ALL);
    assert_eq!(sink.generation, generation);
    assert_eq!(sink.imports, before.imports);
    assert!(
        s.generation().expect("generation") > generation,
        "the import committed"
    );

    let n = |t: ExportTable| sink.rows[&t].len() as u64;
    let facts = |t: FactTable| before.facts.get(&t).copied().unwrap_or(0);
    assert_eq!(n(ExportTable::GeneRecords), facts(FactTable::Gene));
    assert_eq!(n(ExportTable::GeneAliases), facts(FactTable::GeneAlias));
    assert_eq!(n(ExportTable::GeneXrefs), facts(FactTable::GeneXref));
    assert_eq!(n(ExportTable::GenePubmed), facts(FactTable::GenePubmed));
    assert_eq!(
        n(ExportTable::GoAnnotations),
        facts(FactTable::GoAnnotation)
    );
    assert_eq!(
        n(ExportTable::RegulationEvidence),
        facts(FactTable::Regulation)
    );
    assert_eq!(n(ExportTable::TfTargetEdges), before.tf_target_edges);
    assert_eq!(
        n(ExportTable::Genes),
        before
            .genes_by_organism
            .get(&TaxId::HUMAN)
            .copied()
            .unwrap_or(0)
    );
    // The GeneRIFs imported during the export are not in it.
    assert_eq!(n(ExportTable::Generifs), 0);

    // BACH1's merged record and literature counts, as the store reads them.
    let bach1 = s.gene(crate::BACH1).expect("read").expect("BACH1");
    let cols = |t: ExportTable| -> Vec<&str> { t.columns().iter().map(|c| c.name).collect() };
    let genes = cols(ExportTable::Genes);
    let at = |name: &str| genes.iter().position(|c| *c == name).expect(name);
    let row = sink.rows[&ExportTable::Genes]
        .iter()
        .find(|r| r[0] == "571")
        .expect("BACH1 exported");
    assert_eq!(row[at("symbol")], "BACH1");
    assert_eq!(row[at("map_location")], "21q21.3");
    assert_eq!(
        row[at("pubmed_count")],
        bach1.stats.pubmed_count.to_string()
    );
    assert_eq!(row[at("import_id")], bach1.record_import_id.0.to_string());
    // Rows in key order: genes by GeneID, edges by TF then target.
    let ids: Vec<i64> = sink.rows[&ExportTable::Genes]
        .iter()
        .map(|r| r[0].parse().expect("a GeneID"))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "genes by GeneID");
    let edges: Vec<(i64, i64)> = sink.rows[&ExportTable::TfTargetEdges]
        .iter()
        .map(|r| (r[0].parse().expect("tf"), r[1].parse().expect("target")))
        .collect();
    assert!(edges.windows(2).all(|w| w[0] < w[1]), "edges by TF, target");
    // TRRUST's rows keep their sources, PubMed ids and file lines.
    let reg = cols(ExportTable::RegulationEvidence);
    let at = |name: &str| reg.iter().position(|c| *c == name).expect(name);
    let first = &sink.rows[&ExportTable::RegulationEvidence][0];
    assert_eq!(first[at("databases")], "TRRUST");
    assert!(!first[at("pmids")].is_empty());
    assert_eq!(first[at("line")], "1");
}
