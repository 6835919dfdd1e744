//! Property tests: whatever the table, nothing published is a small count, published totals are true, and no
//! withheld small count can be inferred from what is published (its range, from a linear programme over every
//! published cell and total, never lies within 1 ..= threshold − 1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use vigie_disclosure::{Cell, Entry, Rules, audit, audit_linked, protect, protect_linked};

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
    #![proptest_config(ProptestConfig { cases: 400, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

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

/// The same people (by sex, age group and year) counted two ways: sex × year and age group × year.
fn people() -> impl Strategy<Value = (Vec<Vec<u64>>, Vec<Vec<u64>>)> {
    (1usize..5).prop_flat_map(|years| {
        prop::collection::vec(prop::collection::vec(prop::collection::vec(count(), years), 2), 3).prop_map(
            move |cube: Vec<Vec<Vec<u64>>>| {
                // cube[sex][age][year]
                let by_sex: Vec<Vec<u64>> = cube
                    .iter()
                    .map(|ages| (0..years).map(|y| ages.iter().map(|a| a[y]).sum()).collect())
                    .collect();
                let by_age: Vec<Vec<u64>> = (0..2)
                    .map(|a| (0..years).map(|y| cube.iter().map(|s| s[a][y]).sum()).collect())
                    .collect();
                (by_sex, by_age)
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

    /// Two tables of the same people share their year totals and grand total: whatever one publishes, nothing
    /// withheld in either can be narrowed to a small count with the help of the other (one linear programme over
    /// both), and both publish the same margins.
    #[test]
    fn linked_tables_reveal_nothing_small_together((by_sex, by_age) in people(), threshold in 2u64..12) {
        let rules = Rules { threshold, rounding: 1 };
        let ps = protect_linked(&[by_sex.clone(), by_age.clone()], &rules).unwrap();
        prop_assert_eq!(&ps[0].col_totals, &ps[1].col_totals);
        prop_assert_eq!(ps[0].total, ps[1].total);
        let tables = [&by_sex, &by_age];
        for (t, p) in ps.iter().enumerate() {
            for (i, row) in p.cells.iter().enumerate() {
                for (j, c) in row.iter().enumerate() {
                    if let Cell::Value(v) = c {
                        prop_assert_eq!(*v, tables[t][i][j]);
                        prop_assert!(*v == 0 || *v >= threshold);
                    }
                }
            }
            for c in p.row_totals.iter().chain(&p.col_totals).chain(std::iter::once(&p.total)) {
                if let Cell::Value(v) = c {
                    prop_assert!(*v == 0 || *v >= threshold);
                }
            }
        }
        for (t, range) in audit_linked(&ps) {
            let truth = value(tables[t], range.entry) as f64;
            prop_assert!(range.low <= truth + 1e-6 && range.high.is_none_or(|h| truth <= h + 1e-6), "{:?}", range);
            if truth > 0.0 && truth < threshold as f64 {
                let small = range.low >= 1.0 - 1e-6 && range.high.is_some_and(|h| h < threshold as f64 - 1e-6);
                prop_assert!(!small, "table {} {:?} of {} is exposed: {:?}", t, range.entry, truth, ps);
            }
        }
    }
}

#[test]
fn tables_that_are_not_linked_are_refused() {
    let a = vec![vec![10, 20]];
    let b = vec![vec![10, 21]];
    assert_eq!(
        protect_linked(&[a, b], &Rules::default()),
        Err(vigie_disclosure::Error::NotLinked)
    );
}

#[test]
fn a_year_withheld_in_one_table_is_withheld_in_the_other() {
    // 2024 has 12 people: by sex 9 + 3 (3 withheld, with a complement), by age 12 + 0. Were the sex table's
    // 2024 total withheld and the age table's published, 12 − 9 would give the 3 away.
    let by_sex = vec![vec![9, 30], vec![3, 25]];
    let by_age = vec![vec![12, 50], vec![0, 5]];
    let ps = protect_linked(&[by_sex, by_age], &Rules::default()).unwrap();
    assert_eq!(ps[0].cells[1][0], Cell::Suppressed);
    assert_eq!(ps[0].col_totals, ps[1].col_totals);
    for (_, r) in audit_linked(&ps) {
        assert!(!(r.low >= 1.0 && r.high.is_some_and(|h| h < 5.0)), "{r:?}");
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

/// A random map: each area touches some of the next ones.
fn map() -> impl Strategy<Value = (Vec<u64>, Vec<Vec<usize>>)> {
    (1usize..12).prop_flat_map(|n| {
        (
            prop::collection::vec(count(), n),
            prop::collection::vec(prop::collection::vec(0usize..n, 0..3), n),
        )
            .prop_map(|(counts, links)| {
                let n = counts.len();
                let mut nb = vec![Vec::new(); n];
                for (a, bs) in links.iter().enumerate() {
                    for b in bs {
                        if *b != a {
                            nb[a].push(*b);
                            nb[*b].push(a);
                        }
                    }
                }
                (counts, nb)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

    /// Every area is in exactly one group; every group's count is the sum of its areas' and is 0 or at least the
    /// threshold (else the whole map is hidden); merging only happens where needed.
    #[test]
    fn a_coarsened_map_has_no_small_group((counts, nb) in map(), threshold in 2u64..12) {
        let c = vigie_disclosure::coarsen(&counts, &nb, threshold);
        prop_assert_eq!(c.group_of.len(), counts.len());
        let mut seen = vec![0; counts.len()];
        for (g, group) in c.groups.iter().enumerate() {
            prop_assert_eq!(group.count, group.areas.iter().map(|a| counts[*a]).sum::<u64>());
            for a in &group.areas {
                seen[*a] += 1;
                prop_assert_eq!(c.group_of[*a], g);
            }
            if !c.hidden {
                prop_assert!(group.count == 0 || group.count >= threshold, "{:?}", c);
            }
            if group.areas.len() > 1 {
                prop_assert!(group.areas.iter().any(|a| counts[*a] > 0 && counts[*a] < threshold), "{:?}", c);
            }
        }
        prop_assert!(seen.iter().all(|s| *s == 1));
        prop_assert_eq!(c.hidden, counts.iter().sum::<u64>() > 0 && counts.iter().sum::<u64>() < threshold);
    }
}
