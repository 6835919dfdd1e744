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
//!
//! Tables that count the same people in different ways (by sex and year, by age group and year) share their year
//! totals and grand total: [`protect_linked`] publishes the same margins in each and audits them together, so
//! that one table cannot be used to recover what another withholds. Maps are coarsened ([`coarsen`]): small areas
//! are merged with their neighbours.

pub mod coarsen;
pub mod lp;

pub use coarsen::{Coarsened, Group, coarsen};

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
    #[error("linked tables must have the same columns with the same column totals")]
    NotLinked,
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
    let mut v = protect_linked(&[table.to_vec()], rules)?;
    v.pop().ok_or(Error::BadTable)
}

impl Work {
    fn new(table: &[Vec<u64>], rules: &Rules) -> Work {
        let c = table[0].len();
        let rows: Vec<u64> = table.iter().map(|row| row.iter().sum()).collect();
        let cols: Vec<u64> = (0..c).map(|j| table.iter().map(|row| row[j]).sum()).collect();
        let total: u64 = rows.iter().sum();
        let small = |v: u64| v > 0 && v < rules.threshold;
        Work {
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
        }
    }
    fn withheld(&self) -> usize {
        self.s.iter().flatten().filter(|x| **x).count()
            + self.s_rows.iter().filter(|x| **x).count()
            + self.s_cols.iter().filter(|x| **x).count()
            + usize::from(self.s_total)
    }
    /// Every entry, cells first.
    fn entries(&self) -> Vec<Entry> {
        let (r, c) = (self.v.len(), self.v[0].len());
        (0..r)
            .flat_map(|i| (0..c).map(move |j| Entry::Cell(i, j)))
            .chain((0..r).map(Entry::Row))
            .chain((0..c).map(Entry::Col))
            .chain(std::iter::once(Entry::Total))
            .collect()
    }
    /// Withholds every total (the last resort when nothing else closes an exposure). `false` if they already are.
    fn withhold_totals(&mut self) -> bool {
        let already = self.s_total && self.s_rows.iter().all(|x| *x) && self.s_cols.iter().all(|x| *x);
        self.s_total = true;
        self.s_rows.iter_mut().for_each(|x| *x = true);
        self.s_cols.iter_mut().for_each(|x| *x = true);
        !already
    }
}

/// Withholds in every table the column totals and grand total withheld in any: linked tables publish the same
/// margins. `true` when something changed.
fn share_margins(ws: &mut [Work]) -> bool {
    let c = ws[0].cols.len();
    let mut changed = false;
    for j in 0..c {
        if ws.iter().any(|w| w.s_cols[j]) {
            for w in ws.iter_mut() {
                changed |= !w.s_cols[j];
                w.s_cols[j] = true;
            }
        }
    }
    if ws.iter().any(|w| w.s_total) {
        for w in ws.iter_mut() {
            changed |= !w.s_total;
            w.s_total = true;
        }
    }
    changed
}

/// Protects tables that classify the same people in different ways, with the same columns (years, say): the
/// sex-by-year and age-by-year tables of one city have the same column totals and grand total. They are
/// protected together — the same margins published in each, and the audit run over all of them at once — so that
/// nothing withheld in one can be recovered with the help of another. One table is [`protect`].
pub fn protect_linked(tables: &[Vec<Vec<u64>>], rules: &Rules) -> Result<Vec<Protected>, Error> {
    for t in tables {
        check(t, rules)?;
    }
    let Some(first) = tables.first() else {
        return Err(Error::BadTable);
    };
    let c = first[0].len();
    let col_sums = |t: &Vec<Vec<u64>>| {
        (0..c)
            .map(|j| t.iter().map(|row| row[j]).sum::<u64>())
            .collect::<Vec<_>>()
    };
    if tables
        .iter()
        .any(|t| t[0].len() != c || col_sums(t) != col_sums(first))
    {
        return Err(Error::NotLinked);
    }
    let mut ws: Vec<Work> = tables.iter().map(|t| Work::new(t, rules)).collect();
    let small = |v: u64| v > 0 && v < rules.threshold;
    let primaries: Vec<Vec<Entry>> = ws
        .iter()
        .map(|w| w.entries().into_iter().filter(|e| small(w.value(*e))).collect())
        .collect();
    let primary: Vec<usize> = ws.iter().map(Work::withheld).collect();
    let settle = |ws: &mut Vec<Work>| loop {
        for w in ws.iter_mut() {
            w.secondary();
        }
        if !share_margins(ws) {
            break;
        }
    };
    settle(&mut ws);
    // Audit and repair until no small count can be inferred.
    loop {
        let exposed = ranges(&ws)
            .into_iter()
            .find(|(t, x)| primaries[*t].contains(&x.entry) && exposes(x, rules.threshold));
        let Some((t, x)) = exposed else { break };
        let e = x.entry;
        // A complement in a line of the exposed entry's table, else in the same column of another table (the
        // tables are linked through their columns), else the totals withheld.
        let mut progressed = false;
        for (parts, total) in ws[t].lines() {
            if parts.contains(&e) && ws[t].complement(&parts, total) {
                progressed = true;
                break;
            }
        }
        if !progressed && let Entry::Cell(_, j) | Entry::Col(j) = e {
            for u in (0..ws.len()).filter(|u| *u != t) {
                let parts: Vec<Entry> = (0..ws[u].v.len()).map(|i| Entry::Cell(i, j)).collect();
                if ws[u].complement(&parts, Entry::Col(j)) {
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed {
            for w in ws.iter_mut() {
                progressed |= w.withhold_totals();
            }
        }
        if !progressed {
            break;
        }
        settle(&mut ws);
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
    Ok(ws
        .iter()
        .zip(primary)
        .map(|(w, primary)| {
            let (r, c) = (w.v.len(), w.v[0].len());
            Protected {
                cells: (0..r)
                    .map(|i| (0..c).map(|j| cell(w.s[i][j], w.v[i][j])).collect())
                    .collect(),
                row_totals: (0..r).map(|i| cell(w.s_rows[i], w.rows[i])).collect(),
                col_totals: (0..c).map(|j| cell(w.s_cols[j], w.cols[j])).collect(),
                total: cell(w.s_total, w.total),
                rules: *rules,
                primary,
                secondary: w.withheld() - primary,
            }
        })
        .collect())
}

/// Whether a range reveals a small positive count.
fn exposes(r: &Range, threshold: u64) -> bool {
    let t = threshold as f64;
    r.low >= 1.0 - 1e-6 && r.high.is_some_and(|h| h < t - 1e-6)
}

/// The range of every withheld entry of every table given everything published in all of them. With several
/// tables, their column totals and grand total are the same quantities (one variable each).
fn ranges(ws: &[Work]) -> Vec<(usize, Range)> {
    let linked = ws.len() > 1;
    let key = |t: usize, e: Entry| match e {
        Entry::Col(_) | Entry::Total if linked => (0, e),
        _ => (t, e),
    };
    let mut vars: Vec<(usize, Entry)> = Vec::new();
    let mut lines = Vec::new();
    for (t, w) in ws.iter().enumerate() {
        for (parts, total) in w.lines() {
            for e in parts.iter().chain(std::iter::once(&total)) {
                if w.suppressed(*e) && !vars.contains(&key(t, *e)) {
                    vars.push(key(t, *e));
                }
            }
            lines.push((t, parts, total));
        }
    }
    let n = vars.len();
    if n == 0 {
        return Vec::new();
    }
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (t, parts, total) in &lines {
        let w = &ws[*t];
        let mut row = vec![0.0; n];
        let mut rhs = 0.0;
        let mut any = false;
        for e in parts {
            match vars.iter().position(|x| *x == key(*t, *e)) {
                Some(k) if w.suppressed(*e) => {
                    row[k] += 1.0;
                    any = true;
                }
                _ => rhs -= w.value(*e) as f64,
            }
        }
        match vars.iter().position(|x| *x == key(*t, *total)) {
            Some(k) if w.suppressed(*total) => {
                row[k] -= 1.0;
                any = true;
            }
            _ => rhs += w.value(*total) as f64,
        }
        if any {
            a.push(row);
            b.push(rhs);
        }
    }
    vars.iter()
        .enumerate()
        .map(|(k, (t, e))| {
            let (lo, hi) = bounds(&a, &b, n, k);
            (
                *t,
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
                },
            )
        })
        .collect()
}

/// What a protected table reveals of each withheld entry, computed from the published entries alone (as an
/// outsider would; rounding ignored, which only helps the outsider). For tests and for the page that states the
/// rules.
pub fn audit(p: &Protected) -> Vec<Range> {
    audit_linked(std::slice::from_ref(p))
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// What linked tables (see [`protect_linked`]) reveal together of each withheld entry: `(table, range)`; a
/// withheld column total or grand total is reported once, under table 0.
pub fn audit_linked(ps: &[Protected]) -> Vec<(usize, Range)> {
    let mut ws = Vec::new();
    for p in ps {
        let r = p.cells.len();
        let c = p.cells.first().map_or(0, Vec::len);
        if r == 0 || c == 0 {
            return Vec::new();
        }
        let val = |x: &Cell| x.value().unwrap_or(0);
        ws.push(Work {
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
        });
    }
    ranges(&ws)
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
