//! Parquet files of the whole-store export, for Arrow, DuckDB, polars
//! and Spark: one typed column per export column (integers `INT64`,
//! reals `DOUBLE`, booleans, text `STRING`, lists `LIST<STRING>`), Snappy
//! compressed, the header's JSON in the footer's key-value metadata
//! under `locus_export`.
//!
//! Rows are gathered column by column into row groups of at most
//! [`ROW_GROUP_ROWS`] rows (or [`ROW_GROUP_BYTES`] of values), so memory
//! stays bounded however long the table.

use std::io::{self, Write};
use std::sync::Arc;

use locus_store::export::{Cell, Column, ColumnType};
use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

/// Rows per row group: large enough for good compression and column
/// statistics, small enough to keep a few tens of megabytes in memory.
const ROW_GROUP_ROWS: usize = 64 * 1024;
/// Bytes of buffered text after which a row group is written early
/// (abstracts, sequences).
const ROW_GROUP_BYTES: usize = 16 << 20;

/// One column's values of the row group being gathered, with Parquet's
/// definition (and, for lists, repetition) levels.
enum Buffer {
    Int(Vec<i64>, Vec<i16>),
    Real(Vec<f64>, Vec<i16>),
    Bool(Vec<bool>, Vec<i16>),
    Text(Vec<ByteArray>, Vec<i16>),
    /// Elements, definition levels (0 no list, 1 empty, 2 null element,
    /// 3 element) and repetition levels (0 a row's first, 1 the next).
    List(Vec<ByteArray>, Vec<i16>, Vec<i16>, ColumnType),
}

/// A Parquet file being written.
pub struct ParquetTable<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    buffers: Vec<Buffer>,
    rows: usize,
    bytes: usize,
}

fn err(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e.to_string())
}

/// The Parquet schema of `columns`.
fn schema(table: &str, columns: &[Column]) -> String {
    let mut s = format!("message {table} {{\n");
    for c in columns {
        let field = match c.ty {
            ColumnType::Integer => format!("optional int64 {};", c.name),
            ColumnType::Real => format!("optional double {};", c.name),
            ColumnType::Bool => format!("optional boolean {};", c.name),
            ColumnType::Text => format!("optional binary {} (STRING);", c.name),
            ColumnType::List | ColumnType::MeshHeadings | ColumnType::Concepts => format!(
                "optional group {} (LIST) {{ repeated group list {{ optional binary element (STRING); }} }}",
                c.name
            ),
        };
        s.push_str(&field);
        s.push('\n');
    }
    s.push('}');
    s
}

impl<W: Write + Send> ParquetTable<W> {
    /// Starts a file of `columns` on `out`, with `header` (JSON) in its
    /// metadata.
    pub fn new(out: W, table: &str, columns: &[Column], header: String) -> io::Result<Self> {
        let schema = Arc::new(parse_message_type(&schema(table, columns)).map_err(err)?);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(Some(vec![KeyValue::new("locus_export".into(), header)]))
            .set_created_by(format!("locus {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(out, schema, Arc::new(props)).map_err(err)?;
        let buffers = columns
            .iter()
            .map(|c| match c.ty {
                ColumnType::Integer => Buffer::Int(Vec::new(), Vec::new()),
                ColumnType::Real => Buffer::Real(Vec::new(), Vec::new()),
                ColumnType::Bool => Buffer::Bool(Vec::new(), Vec::new()),
                ColumnType::Text => Buffer::Text(Vec::new(), Vec::new()),
                ColumnType::List | ColumnType::MeshHeadings | ColumnType::Concepts => {
                    Buffer::List(Vec::new(), Vec::new(), Vec::new(), c.ty)
                }
            })
            .collect();
        Ok(ParquetTable {
            writer,
            buffers,
            rows: 0,
            bytes: 0,
        })
    }

    /// Adds one row.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        for (buffer, cell) in self.buffers.iter_mut().zip(cells) {
            match (buffer, *cell) {
                (Buffer::Int(v, d), Cell::Int(i)) => {
                    v.push(i);
                    d.push(1);
                }
                (Buffer::Real(v, d), Cell::Real(x)) => {
                    v.push(x);
                    d.push(1);
                }
                (Buffer::Bool(v, d), Cell::Bool(b)) => {
                    v.push(b);
                    d.push(1);
                }
                (Buffer::Text(v, d), Cell::Text(s)) => {
                    self.bytes += s.len();
                    v.push(ByteArray::from(s));
                    d.push(1);
                }
                (Buffer::List(v, d, r, ty), Cell::List(json)) => {
                    let items = super::format::list(json, *ty)?;
                    if items.is_empty() {
                        d.push(1);
                        r.push(0);
                    }
                    for (i, item) in items.iter().enumerate() {
                        r.push(if i == 0 { 0 } else { 1 });
                        match item {
                            serde_json::Value::Null => d.push(2),
                            serde_json::Value::String(s) => {
                                self.bytes += s.len();
                                v.push(ByteArray::from(s.as_str()));
                                d.push(3);
                            }
                            other => {
                                v.push(ByteArray::from(other.to_string().as_str()));
                                d.push(3);
                            }
                        }
                    }
                }
                (Buffer::List(_, d, r, _), Cell::Null) => {
                    d.push(0);
                    r.push(0);
                }
                (
                    Buffer::Int(_, d)
                    | Buffer::Real(_, d)
                    | Buffer::Bool(_, d)
                    | Buffer::Text(_, d),
                    Cell::Null,
                ) => d.push(0),
                (_, other) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("a value of the wrong type for its column: {other:?}"),
                    ))
                }
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP_ROWS || self.bytes >= ROW_GROUP_BYTES {
            self.flush_group()?;
        }
        Ok(())
    }

    /// Writes the gathered rows as one row group.
    fn flush_group(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(err)?;
        for buffer in &mut self.buffers {
            let Some(mut column) = group.next_column().map_err(err)? else {
                return Err(io::Error::other(
                    "fewer Parquet columns than export columns",
                ));
            };
            match buffer {
                Buffer::Int(v, d) => {
                    column
                        .typed::<Int64Type>()
                        .write_batch(v, Some(d), None)
                        .map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::Real(v, d) => {
                    column
                        .typed::<DoubleType>()
                        .write_batch(v, Some(d), None)
                        .map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::Bool(v, d) => {
                    column
                        .typed::<BoolType>()
                        .write_batch(v, Some(d), None)
                        .map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::Text(v, d) => {
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(v, Some(d), None)
                        .map_err(err)?;
                    v.clear();
                    d.clear();
                }
                Buffer::List(v, d, r, _) => {
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(v, Some(d), Some(r))
                        .map_err(err)?;
                    v.clear();
                    d.clear();
                    r.clear();
                }
            }
            column.close().map_err(err)?;
        }
        group.close().map_err(err)?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    /// Writes the last row group and the footer; the underlying writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_group()?;
        self.writer.into_inner().map_err(err)
    }
}
