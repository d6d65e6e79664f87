//! Numbers as people read them.

/// Thousands separators, as biologists read counts (11,067).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(11067), "11,067");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1793637), "1,793,637");
    }
}
