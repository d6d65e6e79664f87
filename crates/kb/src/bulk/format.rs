//! How one exported row is written: TSV with flat columns, or one JSON
//! object per line.
//!
//! TSV: a header row of column names after `#` comment lines; empty
//! field for no value; `true`/`false`; lists joined with `|`; inside a
//! field a backslash, tab, newline or carriage return is written `\\`,
//! `\t`, `\n`, `\r` (and inside a list element `|` is `\|`), the escapes
//! PostgreSQL's `COPY` text format and `gene_info`'s readers know. JSONL:
//! `null` for no value, lists as arrays, numbers as numbers.

use std::io::{self, Write};

use locus_model::{Concept, MeshHeading};
use locus_store::export::{Cell, Column, ColumnType};
use serde::{Deserialize, Serialize};

/// The file formats of a whole-store export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BulkFormat {
    /// Tab-separated values with flat columns.
    Tsv,
    /// One JSON object per line.
    Jsonl,
    /// Apache Parquet: typed columns, Snappy compressed (see `parquet.rs`).
    Parquet,
}

impl BulkFormat {
    /// Every format.
    pub const ALL: [BulkFormat; 3] = [BulkFormat::Tsv, BulkFormat::Jsonl, BulkFormat::Parquet];

    /// The name on the command line and in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            BulkFormat::Tsv => "tsv",
            BulkFormat::Jsonl => "jsonl",
            BulkFormat::Parquet => "parquet",
        }
    }

    /// The inverse of [`BulkFormat::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// A table's file name in this format (`genes.tsv.gz`,
    /// `genes.parquet`: Parquet compresses inside the file).
    pub fn file_name(self, table: &str) -> String {
        match self {
            BulkFormat::Parquet => format!("{table}.parquet"),
            _ => format!("{table}.{}.gz", self.as_str()),
        }
    }

    /// The file's header: `#` lines and the column row for TSV, one JSON
    /// object for JSONL (`{"locus_export": …}`, which readers skip).
    pub fn header(
        self,
        out: &mut dyn Write,
        header: &FileHeader<'_>,
        columns: &[Column],
    ) -> io::Result<()> {
        match self {
            BulkFormat::Tsv => {
                writeln!(
                    out,
                    "# Locus export: {} ({})",
                    header.table, header.description
                )?;
                writeln!(
                    out,
                    "# store generation {}, exported {} by locus {}",
                    header.generation, header.exported_at, header.locus_version
                )?;
                for i in header.imports {
                    writeln!(
                        out,
                        "# import {}: {} {}, release {}, sha256 {}",
                        i.id,
                        i.kind,
                        i.file_name,
                        i.release.as_deref().unwrap_or("not stated"),
                        i.sha256
                    )?;
                }
                let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
                writeln!(out, "{}", names.join("\t"))
            }
            BulkFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &serde_json::json!({ "locus_export": header }))?;
                out.write_all(b"\n")
            }
            // In the file's footer (`parquet.rs`).
            BulkFormat::Parquet => Ok(()),
        }
    }

    /// One row, its cells in `columns` order.
    pub fn row(
        self,
        out: &mut dyn Write,
        columns: &[Column],
        cells: &[Cell<'_>],
    ) -> io::Result<()> {
        match self {
            BulkFormat::Tsv => {
                for (i, (column, cell)) in columns.iter().zip(cells).enumerate() {
                    if i > 0 {
                        out.write_all(b"\t")?;
                    }
                    tsv_cell(out, cell, column.ty)?;
                }
                out.write_all(b"\n")
            }
            BulkFormat::Jsonl => {
                out.write_all(b"{")?;
                for (i, (column, cell)) in columns.iter().zip(cells).enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, column.name)?;
                    out.write_all(b":")?;
                    json_cell(out, cell, column.ty)?;
                }
                out.write_all(b"}\n")
            }
            BulkFormat::Parquet => Err(io::Error::other("Parquet rows go through parquet.rs")),
        }
    }
}

/// What a file's header says: what it holds and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct FileHeader<'a> {
    /// The table (`genes`).
    pub table: &'a str,
    /// What the table holds.
    pub description: &'a str,
    /// The store generation exported.
    pub generation: i64,
    /// When (RFC 3339, UTC).
    pub exported_at: &'a str,
    /// The Locus version that wrote it.
    pub locus_version: &'a str,
    /// The imports whose rows (or derived rows) the file holds.
    pub imports: &'a [ImportRef],
    /// The columns and their types.
    pub columns: Vec<ColumnDoc>,
}

/// An import as a file header and the manifest name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRef {
    /// The import's id, as the rows' `import_id` gives it.
    pub id: i64,
    /// The import kind (`gene_info`).
    pub kind: String,
    /// The file read.
    pub file_name: String,
    /// The release the file states.
    pub release: Option<String>,
    /// The file's SHA-256.
    pub sha256: String,
}

/// A column as the manifest and JSONL headers describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColumnDoc {
    /// Its name.
    pub name: String,
    /// `integer`, `real`, `text`, `boolean` or `list`.
    #[serde(rename = "type")]
    pub ty: String,
}

impl ColumnDoc {
    /// The columns of a table.
    pub fn of(columns: &[Column]) -> Vec<ColumnDoc> {
        columns
            .iter()
            .map(|c| ColumnDoc {
                name: c.name.to_string(),
                ty: c.ty.as_str().to_string(),
            })
            .collect()
    }
}

fn tsv_cell(out: &mut dyn Write, cell: &Cell<'_>, ty: ColumnType) -> io::Result<()> {
    match *cell {
        Cell::Null => Ok(()),
        Cell::Int(i) => write!(out, "{i}"),
        Cell::Real(x) => real(out, x),
        Cell::Bool(b) => out.write_all(if b { b"true" } else { b"false" }),
        Cell::Text(s) => escaped(out, s, false),
        Cell::List(json) => {
            for (i, item) in list(json, ty)?.iter().enumerate() {
                if i > 0 {
                    out.write_all(b"|")?;
                }
                match item {
                    serde_json::Value::String(s) => escaped(out, s, true)?,
                    serde_json::Value::Null => {}
                    other => escaped(out, &other.to_string(), true)?,
                }
            }
            Ok(())
        }
    }
}

fn json_cell(out: &mut dyn Write, cell: &Cell<'_>, ty: ColumnType) -> io::Result<()> {
    match *cell {
        Cell::Null => out.write_all(b"null"),
        Cell::Int(i) => write!(out, "{i}"),
        // NaN and infinity are `null`.
        Cell::Real(x) => Ok(serde_json::to_writer(&mut *out, &x)?),
        Cell::Bool(b) => out.write_all(if b { b"true" } else { b"false" }),
        Cell::Text(s) => Ok(serde_json::to_writer(&mut *out, s)?),
        // Re-written compactly, so both backends' files are the same bytes.
        Cell::List(json) => Ok(serde_json::to_writer(&mut *out, &list(json, ty)?)?),
    }
}

/// A float as JSON writes it (shortest form that reads back the same;
/// `1e-300`, not three hundred zeros); no value for NaN or infinity.
fn real(out: &mut dyn Write, x: f64) -> io::Result<()> {
    if x.is_finite() {
        serde_json::to_writer(&mut *out, &x)?;
    }
    Ok(())
}

/// A stored list (a JSON array), its items flat: a MeSH heading as
/// MEDLINE writes it, `*` marking a major topic, with its UI
/// (`*Cell Cycle Proteins/metabolism/physiology [D018797]`); a PubTator
/// concept as PubTator writes it (`7157(Tax:9606)`).
pub(super) fn list(json: &str, ty: ColumnType) -> io::Result<Vec<serde_json::Value>> {
    let bad = |e: serde_json::Error| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a stored list is not what its column holds ({e}): {json:.80}"),
        )
    };
    Ok(match ty {
        ColumnType::MeshHeadings => serde_json::from_str::<Vec<MeshHeading>>(json)
            .map_err(bad)?
            .iter()
            .map(|h| serde_json::Value::String(mesh(h)))
            .collect(),
        ColumnType::Concepts => serde_json::from_str::<Vec<Concept>>(json)
            .map_err(bad)?
            .iter()
            .map(|c| {
                serde_json::Value::String(match c.tax_id {
                    Some(t) => format!("{}(Tax:{t})", c.id),
                    None => c.id.clone(),
                })
            })
            .collect(),
        _ => serde_json::from_str(json).map_err(bad)?,
    })
}

/// A MeSH heading as one string (see [`list`]).
pub fn mesh(h: &MeshHeading) -> String {
    let mut s = String::new();
    if h.major_topic {
        s.push('*');
    }
    s.push_str(&h.descriptor);
    for q in &h.qualifiers {
        s.push('/');
        s.push_str(q);
    }
    if let Some(ui) = &h.ui {
        s.push_str(" [");
        s.push_str(ui);
        s.push(']');
    }
    s
}

/// `s` with the TSV escapes (and `\|` inside a list element).
fn escaped(out: &mut dyn Write, s: &str, in_list: bool) -> io::Result<()> {
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'|' if in_list => b"\\|",
            _ => continue,
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(esc)?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            name: "gene_id",
            ty: ColumnType::Integer,
        },
        Column {
            name: "text",
            ty: ColumnType::Text,
        },
        Column {
            name: "pmids",
            ty: ColumnType::List,
        },
        Column {
            name: "p",
            ty: ColumnType::Real,
        },
        Column {
            name: "small_scale",
            ty: ColumnType::Bool,
        },
    ];

    fn row(format: BulkFormat, cells: &[Cell<'_>]) -> String {
        let mut out = Vec::new();
        format.row(&mut out, COLUMNS, cells).expect("written");
        String::from_utf8(out).expect("utf-8")
    }

    /// Tabs, newlines and backslashes in text cannot break a TSV row;
    /// lists are flat; tiny p-values keep their exponent.
    #[test]
    fn tsv_rows_are_flat_and_escaped() {
        let cells = [
            Cell::Int(571),
            Cell::Text("a\tb\nc\\d|e"),
            Cell::List("[12345, 678]"),
            Cell::Real(1e-300),
            Cell::Bool(true),
        ];
        assert_eq!(
            row(BulkFormat::Tsv, &cells),
            "571\ta\\tb\\nc\\\\d|e\t12345|678\t1e-300\ttrue\n"
        );
        let nulls = [
            Cell::Int(1),
            Cell::Null,
            Cell::List("[\"x|y\"]"),
            Cell::Null,
            Cell::Null,
        ];
        assert_eq!(row(BulkFormat::Tsv, &nulls), "1\t\tx\\|y\t\t\n");
    }

    #[test]
    fn jsonl_rows_keep_types() {
        let cells = [
            Cell::Int(571),
            Cell::Text("say \"hi\"\n"),
            Cell::List("[12345, 678]"),
            Cell::Real(0.25),
            Cell::Null,
        ];
        assert_eq!(
            row(BulkFormat::Jsonl, &cells),
            "{\"gene_id\":571,\"text\":\"say \\\"hi\\\"\\n\",\"pmids\":[12345,678],\"p\":0.25,\"small_scale\":null}\n"
        );
    }

    /// A damaged list is an error naming the value, not a silent cell.
    #[test]
    fn a_list_that_is_not_json_is_refused() {
        let cells = [
            Cell::Int(1),
            Cell::Null,
            Cell::List("1,2"),
            Cell::Null,
            Cell::Null,
        ];
        let mut out = Vec::new();
        let e = BulkFormat::Tsv
            .row(&mut out, COLUMNS, &cells)
            .expect_err("refused");
        assert!(e.to_string().contains("1,2"), "{e}");
    }

    /// MeSH headings and PubTator concepts are stored as objects; no
    /// format writes an object into a cell.
    #[test]
    fn stored_objects_are_written_flat() {
        let stored = r#"[{"descriptor":"Cell Cycle Proteins","major_topic":true,"qualifiers":["metabolism","physiology"],"ui":"D018797"},{"descriptor":"Humans","major_topic":false,"qualifiers":[],"ui":null}]"#;
        let items = list(stored, ColumnType::MeshHeadings).expect("headings");
        assert_eq!(
            items,
            [
                "*Cell Cycle Proteins/metabolism/physiology [D018797]",
                "Humans"
            ]
        );
        let concepts = r#"[{"id":"7157","tax_id":9606},{"id":"D003924","tax_id":null}]"#;
        assert_eq!(
            list(concepts, ColumnType::Concepts).expect("concepts"),
            ["7157(Tax:9606)", "D003924"]
        );
    }
}
