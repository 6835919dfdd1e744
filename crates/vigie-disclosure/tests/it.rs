//! Property tests: whatever the table, nothing published is a small count, published totals are true, and no
//! withheld small count can be inferred from what is published (its range, from a linear programme over every
//! published cell and total, never lies within 1 ..= threshold − 1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use vigie_disclosure::{Cell, Entry, Rules, audit, protect};

/// Counts as small tables have them: many zeros and small values, some large.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0u64), 4 => 1u64..6, 3 => 6u64..40]
}

fn table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (1usize..5, 1usize..6).prop_flat_map(|(r, c)| prop::collection::vec(prop::collection::vec(count(), c), r))
}

fn value(t: &[Vec<u64>], e: Entry) -> u64 {
    match e {
        Entry::Cell(i, j) => t[i][j],
        Entry::Row(i) => t[i].iter().sum(),
        Entry::Col(j) => t.iter().map(|r| r[j]).sum(),
        Entry::Total => t.iter().flatten().sum(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn nothing_small_is_published_or_can_be_inferred(t in table(), threshold in 2u64..12) {
        let rules = Rules { threshold, rounding: 1 };
        let p = protect(&t, &rules).unwrap();
        let (r, c) = (t.len(), t[0].len());
        let mut published = Vec::new();
        for i in 0..r {
            for j in 0..c {
                published.push((Entry::Cell(i, j), p.cells[i][j]));
            }
            published.push((Entry::Row(i), p.row_totals[i]));
        }
        for j in 0..c {
            published.push((Entry::Col(j), p.col_totals[j]));
        }
        published.push((Entry::Total, p.total));
        for (e, cell) in &published {
            if let Cell::Value(v) = cell {
                prop_assert_eq!(*v, value(&t, *e), "a published entry is the true count");
                prop_assert!(*v == 0 || *v >= threshold, "{:?} = {} published", e, v);
            }
        }
        for range in audit(&p) {
            let truth = value(&t, range.entry) as f64;
            prop_assert!(range.low <= truth + 1e-6, "{:?}: the truth is in the range", range);
            prop_assert!(range.high.is_none_or(|h| truth <= h + 1e-6), "{:?}", range);
            if truth > 0.0 && truth < threshold as f64 {
                let small = range.low >= 1.0 - 1e-6 && range.high.is_some_and(|h| h < threshold as f64 - 1e-6);
                prop_assert!(!small, "{:?} of {} is exposed in {:?}", range.entry, truth, p);
            }
        }
    }
}

#[test]
fn years_published_together_protect_their_differences() {
    // Victims by form (rows) and year (columns); the all-years column is the row total. A form with 2 victims in
    // 2025 cannot be recovered from the totals nor from the difference between the all-years count and 2024.
    let t = vec![vec![14, 2], vec![9, 11], vec![30, 25]];
    let p = protect(&t, &Rules::default()).unwrap();
    assert_eq!(p.cells[0][1], Cell::Suppressed);
    assert!(p.row_totals[0] == Cell::Suppressed || p.cells[0][0] == Cell::Suppressed);
    for range in audit(&p) {
        if range.entry == Entry::Cell(0, 1) {
            assert!(
                range.low < 1.0 || range.high.is_none_or(|h| h >= 5.0),
                "{range:?}"
            );
        }
    }
}
