//! Linkage quality: precision, recall and F1 of found pairs against true pairs, a threshold sweep, the pair
//! completeness of blocking, and the pairs implied by entities.

use std::collections::HashSet;

use serde::Serialize;

/// Precision, recall and F1 of a set of links.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quality {
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// An unordered pair of record keys (each key is, e.g., `list/record_id`).
pub type Pair = (String, String);

/// The pair in a canonical order.
pub fn pair(x: &str, y: &str) -> Pair {
    if x <= y {
        (x.to_owned(), y.to_owned())
    } else {
        (y.to_owned(), x.to_owned())
    }
}

/// Compares found pairs with true pairs (both unordered; duplicates count once).
pub fn quality(found: &HashSet<Pair>, truth: &HashSet<Pair>) -> Quality {
    let tp = found.intersection(truth).count() as u64;
    let fp = found.len() as u64 - tp;
    let fn_ = truth.len() as u64 - tp;
    let precision = if found.is_empty() {
        1.0
    } else {
        tp as f64 / found.len() as f64
    };
    let recall = if truth.is_empty() {
        1.0
    } else {
        tp as f64 / truth.len() as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Quality {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        precision,
        recall,
        f1,
    }
}

/// Every unordered pair within each group (the pairs an entity clustering implies).
pub fn pairs_of_groups<'a>(groups: impl IntoIterator<Item = &'a [String]>) -> HashSet<Pair> {
    let mut out = HashSet::new();
    for g in groups {
        for i in 0..g.len() {
            for j in i + 1..g.len() {
                out.insert(pair(&g[i], &g[j]));
            }
        }
    }
    out
}

/// Quality at each threshold of a sweep: scored pairs kept when their score reaches the threshold.
pub fn sweep(scored: &[(Pair, f64)], truth: &HashSet<Pair>, thresholds: &[f64]) -> Vec<(f64, Quality)> {
    thresholds
        .iter()
        .map(|&t| {
            let found: HashSet<Pair> = scored
                .iter()
                .filter(|(_, s)| *s >= t)
                .map(|(p, _)| p.clone())
                .collect();
            (t, quality(&found, truth))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(v: &[(&str, &str)]) -> HashSet<Pair> {
        v.iter().map(|(a, b)| pair(a, b)).collect()
    }

    #[test]
    fn precision_recall_f1() {
        let truth = set(&[("a1", "b1"), ("a2", "b2"), ("a3", "b3"), ("a4", "b4")]);
        let found = set(&[("b1", "a1"), ("a2", "b2"), ("a3", "b9")]);
        let q = quality(&found, &truth);
        assert_eq!(
            (q.true_positives, q.false_positives, q.false_negatives),
            (2, 1, 2)
        );
        assert!((q.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((q.recall - 0.5).abs() < 1e-12);
        assert!((q.f1 - 4.0 / 7.0).abs() < 1e-12);
        let groups = [vec!["x".to_owned(), "y".to_owned(), "z".to_owned()]];
        assert_eq!(pairs_of_groups(groups.iter().map(|g| g.as_slice())).len(), 3);
        let scored = vec![(pair("a1", "b1"), 0.9), (pair("a3", "b9"), 0.75)];
        let s = sweep(&scored, &truth, &[0.7, 0.8]);
        assert_eq!(s[0].1.false_positives, 1);
        assert_eq!(s[1].1.false_positives, 0);
    }

    proptest! {
        #[test]
        fn measures_stay_in_range(found in proptest::collection::hash_set((0u8..6, 0u8..6), 0..20),
                                  truth in proptest::collection::hash_set((0u8..6, 0u8..6), 0..20)) {
            let f: HashSet<Pair> = found.iter().map(|(a, b)| pair(&a.to_string(), &format!("b{b}"))).collect();
            let t: HashSet<Pair> = truth.iter().map(|(a, b)| pair(&a.to_string(), &format!("b{b}"))).collect();
            let q = quality(&f, &t);
            prop_assert!((0.0..=1.0).contains(&q.precision) && (0.0..=1.0).contains(&q.recall) && (0.0..=1.0).contains(&q.f1));
            prop_assert_eq!(q.true_positives + q.false_negatives, t.len() as u64);
            if f == t { prop_assert!((q.f1 - 1.0).abs() < 1e-12); }
        }
    }
}
