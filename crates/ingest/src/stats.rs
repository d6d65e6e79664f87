//! The statistics Locus computes itself when a source publishes values but
//! no test (a GEO DataSet): Welch's two-sample t-test and the
//! Benjamini–Hochberg adjustment. The distribution function comes from
//! `statrs`; what is computed from it is written out here so the page can
//! state the method exactly.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean and sample variance (n − 1 in the denominator) of `xs`; `None`
/// for fewer than two values.
fn mean_var(xs: &[f64]) -> Option<(f64, f64)> {
    if xs.len() < 2 {
        return None;
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Some((mean, var))
}

/// The mean of `xs`, `None` when empty.
pub(crate) fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Welch's t-test of `a` against `b` (unequal variances,
/// Welch–Satterthwaite degrees of freedom): the two-sided p-value, or
/// `None` when either group has fewer than two values or both have no
/// variance (the statistic is undefined).
pub(crate) fn welch_p(a: &[f64], b: &[f64]) -> Option<f64> {
    let (ma, va) = mean_var(a)?;
    let (mb, vb) = mean_var(b)?;
    let (sa, sb) = (va / a.len() as f64, vb / b.len() as f64);
    let se2 = sa + sb;
    if se2 <= 0.0 || !se2.is_finite() {
        return None;
    }
    let t = (ma - mb) / se2.sqrt();
    let df = se2 * se2 / (sa * sa / (a.len() as f64 - 1.0) + sb * sb / (b.len() as f64 - 1.0));
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    // The survival function keeps precision for tiny p-values, where
    // 1 − cdf would round to zero.
    Some((2.0 * dist.sf(t.abs())).min(1.0))
}

/// Benjamini–Hochberg adjusted p-values, in the order of `p` (R's
/// `p.adjust(p, "BH")`): `None` stays `None` and does not count towards
/// the number of tests.
pub(crate) fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut ranked: Vec<(usize, f64)> = p
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let m = ranked.len() as f64;
    ranked.sort_by(|x, y| x.1.total_cmp(&y.1));
    let mut out = vec![None; p.len()];
    let mut running = 1.0f64;
    for (rank, &(i, v)) in ranked.iter().enumerate().rev() {
        running = running.min(v * m / (rank as f64 + 1.0));
        out[i] = Some(running.min(1.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        ((a - b) / b).abs() < 1e-9
    }

    /// GDS507 probe 227173_s_at (BACH2): log2 of its MAS5 values in the
    /// 9 renal clear cell carcinoma and 8 normal kidney samples. Expected
    /// p from SciPy 1.17.1, `scipy.stats.ttest_ind(a, b, equal_var=False)`
    /// (what R's `t.test(a, b)` computes).
    #[test]
    fn welch_matches_scipy() {
        let values = [
            172.0, 83.4, 72.0, 181.3, 152.7, 539.8, 1107.8, 23.5, 53.4, 374.3, 113.4, 326.6, 217.6,
            342.4, 227.1, 93.7, 219.5,
        ];
        let logs: Vec<f64> = values.iter().map(|v: &f64| v.log2()).collect();
        let (a, b) = logs.split_at(9);
        let p = welch_p(a, b).expect("defined");
        assert!(close(p, 0.3374742742486547), "{p}");
        assert_eq!(welch_p(&a[..1], b), None);
        assert_eq!(welch_p(&[1.0, 1.0], &[2.0, 2.0]), None);
    }

    /// SciPy's `false_discovery_control([0.01, 0.04, 0.03, 0.2])` (R's
    /// `p.adjust(…, "BH")`) gives 0.04, 0.0533…, 0.0533…, 0.2; a missing
    /// p-value stays missing and is not counted as a test.
    #[test]
    fn bh_matches_scipy() {
        let adj = benjamini_hochberg(&[Some(0.01), None, Some(0.04), Some(0.03), Some(0.2)]);
        let want = [
            Some(0.04),
            None,
            Some(0.16 / 3.0),
            Some(0.16 / 3.0),
            Some(0.2),
        ];
        for (a, w) in adj.iter().zip(want) {
            match (a, w) {
                (Some(a), Some(w)) => assert!((a - w).abs() < 1e-12, "{adj:?}"),
                (None, None) => {}
                _ => panic!("{adj:?}"),
            }
        }
    }
}
