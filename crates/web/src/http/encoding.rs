//! Content coding: which of brotli, gzip or none a client takes
//! (`Accept-Encoding`), and the compression itself.

use std::io::Write;

use axum::http::HeaderMap;

/// A content coding Locus can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    /// Brotli (`br`): the smallest for text; every current browser takes it.
    Brotli,
    /// gzip: for clients without brotli (curl `--compressed`, older tools).
    Gzip,
    /// The body as is.
    Identity,
}

impl Coding {
    /// The `Content-Encoding` value.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }

    /// The suffix that tells this coding's ETag from the others': a strong
    /// validator names one representation, and each coding is one.
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Coding::Brotli => "-br",
            Coding::Gzip => "-gz",
            Coding::Identity => "",
        }
    }
}

/// The best coding `headers` accept: brotli, then gzip, then identity,
/// skipping any the client gives `q=0`. A client that sends no
/// `Accept-Encoding` gets identity.
pub fn negotiate(headers: &HeaderMap) -> Coding {
    let mut br = None;
    let mut gzip = None;
    let mut star = None;
    for value in headers.get_all(axum::http::header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            match name.as_str() {
                "br" => br = Some(q),
                "gzip" | "x-gzip" => gzip = Some(q),
                "*" => star = Some(q),
                _ => {}
            }
        }
    }
    let accepted = |explicit: Option<f32>| explicit.or(star).is_some_and(|q| q > 0.0);
    if accepted(br) {
        Coding::Brotli
    } else if accepted(gzip) {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// Whether a body of this media type shrinks when compressed.
pub fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/javascript")
}

/// Bodies smaller than this are sent as they are: the coding's header
/// costs about what compression saves.
pub const MIN_COMPRESS_BYTES: usize = 1024;

/// Brotli quality 5: within a few percent of the best sizes for HTML and
/// JSON, at a fraction of the time of quality 11. Each body is compressed
/// once per cache entry, so it is paid once per page per import.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;

/// `body` in `coding`.
pub fn encode(body: &[u8], coding: Coding) -> std::io::Result<Vec<u8>> {
    match coding {
        Coding::Identity => Ok(body.to_vec()),
        Coding::Gzip => {
            let mut e = flate2::write::GzEncoder::new(
                Vec::with_capacity(body.len() / 4),
                flate2::Compression::default(),
            );
            e.write_all(body)?;
            e.finish()
        }
        Coding::Brotli => {
            let mut out = Vec::with_capacity(body.len() / 5);
            {
                let mut w =
                    brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
                w.write_all(body)?;
                w.flush()?;
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &str) -> Coding {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::ACCEPT_ENCODING,
            HeaderValue::from_str(v).unwrap(),
        );
        negotiate(&h)
    }

    #[test]
    fn brotli_then_gzip_then_identity() {
        assert_eq!(accept("gzip, deflate, br"), Coding::Brotli);
        assert_eq!(accept("gzip, deflate"), Coding::Gzip);
        assert_eq!(accept("br;q=0, gzip"), Coding::Gzip);
        assert_eq!(accept("identity"), Coding::Identity);
        assert_eq!(accept("*"), Coding::Brotli);
        assert_eq!(accept("*;q=0"), Coding::Identity);
        assert_eq!(negotiate(&HeaderMap::new()), Coding::Identity);
    }

    #[test]
    fn codings_round_trip() {
        let body = "<table>".repeat(500);
        let gz = encode(body.as_bytes(), Coding::Gzip).unwrap();
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .unwrap();
        assert_eq!(back, body);
        let br = encode(body.as_bytes(), Coding::Brotli).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, body.as_bytes());
        assert!(br.len() < body.len() / 10);
    }
}
