//! What the XML formats (PubMed, MediaWiki exports, Expression Atlas
//! configurations) share: quick-xml reports an entity or character
//! reference inside text as its own event, and each reader has to put the
//! character it stands for back into the text.

use std::path::Path;

use quick_xml::events::BytesRef;

use crate::{IngestError, Result};

/// Appends the character `r` stands for to `text`: a character reference
/// (`&#945;`) or one of XML's five predefined entities. None of the
/// formats Locus reads declares entities of its own, so an unknown one is
/// kept verbatim rather than lose the record; a malformed character
/// reference is an error naming `file` and `line`.
pub(crate) fn push_reference(
    text: &mut String,
    r: &BytesRef<'_>,
    file: &Path,
    line: u64,
) -> Result<()> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => text.push(c),
        Ok(None) => match &**r {
            "lt" => text.push('<'),
            "gt" => text.push('>'),
            "amp" => text.push('&'),
            "apos" => text.push('\''),
            "quot" => text.push('"'),
            other => {
                text.push('&');
                text.push_str(other);
                text.push(';');
            }
        },
        Err(e) => {
            return Err(IngestError::line(
                file,
                line,
                format!("malformed XML: character reference &{};: {e}", &**r),
            ))
        }
    }
    Ok(())
}
