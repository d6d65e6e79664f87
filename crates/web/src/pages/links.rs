//! [`PageLinks`]: a gene page's links to itself (pagers, filter forms)
//! that keep what the reader has chosen elsewhere on the page.

use std::collections::HashMap;

/// The parameters a gene page keeps in its links: the organism, the
/// reference page, and each regulation table's filter and page.
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    path: String,
    params: Vec<(String, String)>,
}

/// Names of the page's own query parameters, in link order.
const KEPT: [&str; 8] = [
    "organism",
    "refs",
    "regulators_source",
    "regulators_small",
    "regulators_page",
    "targets_source",
    "targets_small",
    "targets_page",
];

impl PageLinks {
    /// The links of the page at `path`, keeping what `query` sets.
    pub fn new(path: String, query: &HashMap<String, String>) -> Self {
        let params = KEPT
            .iter()
            .filter_map(|k| {
                query
                    .get(*k)
                    .filter(|v| !v.is_empty())
                    .map(|v| (k.to_string(), v.clone()))
            })
            .collect();
        PageLinks { path, params }
    }

    /// This page with `key` set to `value`, scrolled to `anchor`.
    pub fn with(&self, key: &str, value: &str, anchor: &str) -> String {
        let mut params: Vec<(&str, &str)> = self
            .params
            .iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        params.push((key, value));
        let qs = serde_urlencoded::to_string(&params).unwrap_or_default();
        format!("{}?{qs}#{anchor}", self.path)
    }

    /// The kept parameters that do not belong to the table `prefix`, for
    /// its filter form to carry along.
    pub fn kept_except(&self, prefix: &str) -> Vec<(String, String)> {
        self.params
            .iter()
            .filter(|(k, _)| !k.starts_with(prefix))
            .cloned()
            .collect()
    }
}

/// `s` percent-encoded for a URL path or query value (`/` kept).
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
