//! [`Tsv`]: tab-separated downloads.
//!
//! Cells never contain tabs or newlines (they would shift columns in every
//! spreadsheet and `cut`), so those become spaces; nothing else changes.

/// A TSV document being written: a header row, then rows.
pub struct Tsv {
    out: String,
}

impl Tsv {
    /// A document with `header` as its first row.
    pub fn new(header: &[&str]) -> Self {
        let mut t = Tsv { out: String::new() };
        t.row(header.iter().copied());
        t
    }

    /// Appends one row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push('\t');
            }
            for ch in cell.chars() {
                self.out.push(if matches!(ch, '\t' | '\n' | '\r') {
                    ' '
                } else {
                    ch
                });
            }
        }
        self.out.push('\n');
    }

    /// The document as UTF-8 bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// `-` for an empty cell, as TFLink and KGX files write "no value".
pub fn dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tabs_and_newlines_in_cells_cannot_break_columns() {
        let mut t = super::Tsv::new(&["a", "b"]);
        t.row(["x\ty", "line1\nline2"]);
        assert_eq!(
            String::from_utf8(t.into_bytes()).unwrap(),
            "a\tb\nx y\tline1 line2\n"
        );
    }
}
