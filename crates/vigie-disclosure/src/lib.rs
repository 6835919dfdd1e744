//! Statistical disclosure control for everything vigie publishes: a count of 2 minors of one nationality in one
//! neighbourhood identifies them. One place that every public table, download and chart goes through.
//!
//! A table of counts is published with its row totals, column totals and grand total ([`protect`]):
//!
//! 1. **Primary suppression**: every cell and total with `0 < count < threshold` is withheld (zeros are published:
//!    they are the absence of a group, not a person).
//! 2. **Complementary (secondary) suppression**: a withheld cell alone in its row (or column) next to a published
//!    total could be recovered by subtraction, so another cell of that line is withheld too — the smallest
//!    positive one, preferring a column (row) that already has a withheld cell — or, failing one, the line's total;
//!    the same for the row totals and column totals against the grand total.
//! 3. **Audit**: for every withheld primary cell, a linear programme over everything published computes the range
//!    of values consistent with it ([`audit`]). A cell is *exposed* when that range lies within
//!    `1 ..= threshold − 1` (one would learn that a small group exists) — in particular when it is a single value.
//!    Exposed cells get a further complementary suppression in their row, and the audit runs again, until nothing is
//!    exposed.
//! 4. **Rounding** of what is published to a base (`rounding`, 1 = none), after the audit (rounding only widens
//!    what one can infer).
//!
//! Comparisons between tables or years are protected when those tables are published as one table (years as
//! columns, with the all-years column as the row totals): differences between published cells are then covered by
//! the same audit.

pub mod lp;

use serde::Serialize;

use crate::lp::{Optimum, bounds};

/// What to protect and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rules {
    /// The smallest count published (other than 0); at least 1. vigie's default is 5; CTDC uses 11.
    pub threshold: u64,
    /// Published counts are rounded to a multiple of this (1: not rounded).
    pub rounding: u64,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            threshold: 5,
            rounding: 1,
        }
    }
}

/// Why a table cannot be protected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("the threshold must be at least 1 and the rounding base at least 1")]
    BadRules,
    #[error("the table is empty or its rows are not all of the same length")]
    BadTable,
}

/// A published entry: a count, or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    Value(u64),
    Suppressed,
}

impl Cell {
    pub fn value(self) -> Option<u64> {
        match self {
            Cell::Value(v) => Some(v),
            Cell::Suppressed => None,
        }
    }
}

/// A protected table with its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protected {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub col_totals: Vec<Cell>,
    pub total: Cell,
    pub rules: Rules,
    /// Entries withheld because they were small.
    pub primary: usize,
    /// Entries withheld to protect them.
    pub secondary: usize,
}

/// Positions in a table with totals: cell `(i, j)`, row total `i`, column total `j`, the grand total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Entry {
    Cell(usize, usize),
    Row(usize),
    Col(usize),
    Total,
}

/// What the published table lets one infer of one withheld entry.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    pub entry: Entry,
    pub low: f64,
    /// `None`: no upper bound.
    pub high: Option<f64>,
}

struct Work {
    v: Vec<Vec<u64>>,
    rows: Vec<u64>,
    cols: Vec<u64>,
    total: u64,
    s: Vec<Vec<bool>>,
    s_rows: Vec<bool>,
    s_cols: Vec<bool>,
    s_total: bool,
}

impl Work {
    fn suppressed(&self, e: Entry) -> bool {
        match e {
            Entry::Cell(i, j) => self.s[i][j],
            Entry::Row(i) => self.s_rows[i],
            Entry::Col(j) => self.s_cols[j],
            Entry::Total => self.s_total,
        }
    }
    fn value(&self, e: Entry) -> u64 {
        match e {
            Entry::Cell(i, j) => self.v[i][j],
            Entry::Row(i) => self.rows[i],
            Entry::Col(j) => self.cols[j],
            Entry::Total => self.total,
        }
    }
    fn suppress(&mut self, e: Entry) {
        match e {
            Entry::Cell(i, j) => self.s[i][j] = true,
            Entry::Row(i) => self.s_rows[i] = true,
            Entry::Col(j) => self.s_cols[j] = true,
            Entry::Total => self.s_total = true,
        }
    }
    /// Every line: its parts and its total.
    fn lines(&self) -> Vec<(Vec<Entry>, Entry)> {
        let (r, c) = (self.v.len(), self.v[0].len());
        let mut out = Vec::with_capacity(r + c + 2);
        for i in 0..r {
            out.push(((0..c).map(|j| Entry::Cell(i, j)).collect(), Entry::Row(i)));
        }
        for j in 0..c {
            out.push(((0..r).map(|i| Entry::Cell(i, j)).collect(), Entry::Col(j)));
        }
        out.push(((0..r).map(Entry::Row).collect(), Entry::Total));
        out.push(((0..c).map(Entry::Col).collect(), Entry::Total));
        out
    }
    /// Whether another entry crossing `e` is withheld (a complement there closes a cycle).
    fn crossing_suppressed(&self, e: Entry) -> bool {
        match e {
            Entry::Cell(i, j) => {
                self.s[i].iter().filter(|x| **x).count() > 1 || self.s.iter().filter(|row| row[j]).count() > 1
            }
            Entry::Row(i) => self.s[i].iter().any(|x| *x),
            Entry::Col(j) => self.s.iter().any(|row| row[j]),
            Entry::Total => false,
        }
    }
    /// Withholds a complement among `parts` (other than those withheld), else the line's total. `false` when
    /// nothing could be withheld.
    fn complement(&mut self, parts: &[Entry], total: Entry) -> bool {
        let candidate = parts
            .iter()
            .copied()
            .filter(|e| !self.suppressed(*e) && self.value(*e) > 0)
            .min_by_key(|e| (!self.crossing_suppressed(*e), self.value(*e), *e));
        match candidate {
            Some(e) => {
                self.suppress(e);
                true
            }
            None if !self.suppressed(total) => {
                self.suppress(total);
                true
            }
            None => false,
        }
    }
    /// Complementary suppression until no line has a single withheld part next to a published total.
    fn secondary(&mut self) {
        loop {
            let mut changed = false;
            for (parts, total) in self.lines() {
                let withheld = parts.iter().filter(|e| self.suppressed(**e)).count();
                if withheld == 1 && !self.suppressed(total) {
                    changed |= self.complement(&parts, total);
                } else if withheld == 0 && self.suppressed(total) {
                    // A withheld total with every part published is their sum: withhold a part.
                    changed |= self.complement(&parts, total);
                }
            }
            if !changed {
                return;
            }
        }
    }
}

fn check(table: &[Vec<u64>], rules: &Rules) -> Result<(), Error> {
    if rules.threshold == 0 || rules.rounding == 0 {
        return Err(Error::BadRules);
    }
    let c = table.first().map_or(0, Vec::len);
    if c == 0 || table.iter().any(|r| r.len() != c) {
        return Err(Error::BadTable);
    }
    Ok(())
}

/// Protects a table of counts (rows × columns) with its totals; see the module documentation.
pub fn protect(table: &[Vec<u64>], rules: &Rules) -> Result<Protected, Error> {
    check(table, rules)?;
    let (r, c) = (table.len(), table[0].len());
    let rows: Vec<u64> = table.iter().map(|row| row.iter().sum()).collect();
    let cols: Vec<u64> = (0..c).map(|j| table.iter().map(|row| row[j]).sum()).collect();
    let total: u64 = rows.iter().sum();
    let small = |v: u64| v > 0 && v < rules.threshold;
    let mut w = Work {
        v: table.to_vec(),
        s: table
            .iter()
            .map(|row| row.iter().map(|v| small(*v)).collect())
            .collect(),
        s_rows: rows.iter().map(|v| small(*v)).collect(),
        s_cols: cols.iter().map(|v| small(*v)).collect(),
        s_total: small(total),
        rows,
        cols,
        total,
    };
    let count = |w: &Work| {
        w.s.iter().flatten().filter(|x| **x).count()
            + w.s_rows.iter().filter(|x| **x).count()
            + w.s_cols.iter().filter(|x| **x).count()
            + usize::from(w.s_total)
    };
    let primary = count(&w);
    let primaries: Vec<Entry> = (0..r)
        .flat_map(|i| (0..c).map(move |j| Entry::Cell(i, j)))
        .chain((0..r).map(Entry::Row))
        .chain((0..c).map(Entry::Col))
        .chain(std::iter::once(Entry::Total))
        .filter(|e| small(w.value(*e)))
        .collect();
    w.secondary();
    // Audit and repair until no small count can be inferred.
    loop {
        let exposed: Vec<Entry> = ranges(&w)
            .into_iter()
            .filter(|x| primaries.contains(&x.entry) && exposes(x, rules.threshold))
            .map(|x| x.entry)
            .collect();
        let Some(&e) = exposed.first() else { break };
        let line = w.lines().into_iter().find(|(parts, _)| parts.contains(&e));
        let progressed = match line {
            Some((parts, total)) => w.complement(&parts, total),
            None => false,
        };
        if !progressed {
            // Everything around it is withheld already: withhold the totals too (the audit then finds no bound).
            w.s_total = true;
            if w.s_rows.iter().all(|x| *x) && w.s_cols.iter().all(|x| *x) {
                break;
            }
            w.s_rows.iter_mut().for_each(|x| *x = true);
            w.s_cols.iter_mut().for_each(|x| *x = true);
        }
        w.secondary();
    }
    let round = |v: u64| {
        if rules.rounding <= 1 {
            v
        } else {
            (v + rules.rounding / 2) / rules.rounding * rules.rounding
        }
    };
    let cell = |supp: bool, v: u64| {
        if supp {
            Cell::Suppressed
        } else {
            Cell::Value(round(v))
        }
    };
    let secondary = count(&w) - primary;
    Ok(Protected {
        cells: (0..r)
            .map(|i| (0..c).map(|j| cell(w.s[i][j], w.v[i][j])).collect())
            .collect(),
        row_totals: (0..r).map(|i| cell(w.s_rows[i], w.rows[i])).collect(),
        col_totals: (0..c).map(|j| cell(w.s_cols[j], w.cols[j])).collect(),
        total: cell(w.s_total, w.total),
        rules: *rules,
        primary,
        secondary,
    })
}

/// Whether a range reveals a small positive count.
fn exposes(r: &Range, threshold: u64) -> bool {
    let t = threshold as f64;
    r.low >= 1.0 - 1e-6 && r.high.is_some_and(|h| h < t - 1e-6)
}

/// The range of every withheld entry given everything published in `w`.
fn ranges(w: &Work) -> Vec<Range> {
    let lines = w.lines();
    let mut vars: Vec<Entry> = Vec::new();
    for (parts, total) in &lines {
        for e in parts.iter().chain(std::iter::once(total)) {
            if w.suppressed(*e) && !vars.contains(e) {
                vars.push(*e);
            }
        }
    }
    let n = vars.len();
    if n == 0 {
        return Vec::new();
    }
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (parts, total) in &lines {
        let mut row = vec![0.0; n];
        let mut rhs = 0.0;
        let mut any = false;
        for e in parts {
            match vars.iter().position(|x| x == e) {
                Some(k) => {
                    row[k] += 1.0;
                    any = true;
                }
                None => rhs -= w.value(*e) as f64,
            }
        }
        match vars.iter().position(|x| x == total) {
            Some(k) => {
                row[k] -= 1.0;
                any = true;
            }
            None => rhs += w.value(*total) as f64,
        }
        if any {
            a.push(row);
            b.push(rhs);
        }
    }
    vars.iter()
        .enumerate()
        .map(|(k, e)| {
            let (lo, hi) = bounds(&a, &b, n, k);
            Range {
                entry: *e,
                low: match lo {
                    Optimum::Value(v) => v.max(0.0),
                    _ => 0.0,
                },
                high: match hi {
                    Optimum::Value(v) => Some(v),
                    _ => None,
                },
            }
        })
        .collect()
}

/// What a protected table reveals of each withheld entry, computed from the published entries alone (as an
/// outsider would; rounding ignored, which only helps the outsider). For tests and for the page that states the
/// rules.
pub fn audit(p: &Protected) -> Vec<Range> {
    let r = p.cells.len();
    let c = p.cells.first().map_or(0, Vec::len);
    if r == 0 || c == 0 {
        return Vec::new();
    }
    let val = |x: &Cell| x.value().unwrap_or(0);
    let w = Work {
        v: p.cells.iter().map(|row| row.iter().map(val).collect()).collect(),
        rows: p.row_totals.iter().map(val).collect(),
        cols: p.col_totals.iter().map(val).collect(),
        total: val(&p.total),
        s: p.cells
            .iter()
            .map(|row| row.iter().map(|x| *x == Cell::Suppressed).collect())
            .collect(),
        s_rows: p.row_totals.iter().map(|x| *x == Cell::Suppressed).collect(),
        s_cols: p.col_totals.iter().map(|x| *x == Cell::Suppressed).collect(),
        s_total: p.total == Cell::Suppressed,
    };
    ranges(&w)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_small_cell_gets_a_complement_and_cannot_be_recovered() {
        let t = vec![vec![20, 3, 15], vec![12, 9, 30]];
        let p = protect(&t, &Rules::default()).unwrap();
        assert_eq!(p.cells[0][1], Cell::Suppressed);
        assert_eq!(p.primary, 1);
        assert!(p.secondary >= 3, "row and column complements: {p:?}");
        for r in audit(&p) {
            assert!(!exposes(&r, 5), "{r:?}");
        }
        // Totals stay true where published.
        assert_eq!(p.total, Cell::Value(89));
    }

    #[test]
    fn small_totals_are_withheld_and_zeros_published() {
        let t = vec![vec![0, 2], vec![0, 40]];
        let p = protect(&t, &Rules::default()).unwrap();
        assert_eq!(p.cells[0][0], Cell::Value(0));
        assert_eq!(p.row_totals[0], Cell::Suppressed);
        assert_eq!(p.cells[0][1], Cell::Suppressed);
        for r in audit(&p) {
            assert!(!exposes(&r, 5), "{r:?}");
        }
    }

    #[test]
    fn rounding_and_bad_rules() {
        let t = vec![vec![12, 27]];
        let p = protect(
            &t,
            &Rules {
                threshold: 5,
                rounding: 5,
            },
        )
        .unwrap();
        assert_eq!(p.cells[0], [Cell::Value(10), Cell::Value(25)]);
        assert_eq!(p.total, Cell::Value(40));
        assert_eq!(
            protect(
                &t,
                &Rules {
                    threshold: 0,
                    rounding: 1
                }
            ),
            Err(Error::BadRules)
        );
        assert_eq!(protect(&[], &Rules::default()), Err(Error::BadTable));
        assert_eq!(
            protect(&[vec![1], vec![]], &Rules::default()),
            Err(Error::BadTable)
        );
    }
}
