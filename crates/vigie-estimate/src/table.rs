//! Capture-history tables: parsing from CSV, building by hand or per stratum, and tidying.
//!
//! A table has one 0/1 column per list (2 to [`MAX_LISTS`]) and a `count` of people with that pattern. A pattern
//! is stored as a bit mask: bit `i` is set when the person is on list `i` (the `i`-th column).

use std::collections::BTreeMap;
use std::io::Read;

use crate::capture::{Problem, ProblemKind, read_capture};
use crate::error::{Error, Result};
use crate::warning::{Warning, codes};

/// The largest number of lists supported (2¹² − 1 = 4,095 observable cells).
pub const MAX_LISTS: usize = 12;

/// A capture-history table: list names and the number of people with each pattern. Patterns not given have count
/// zero; the all-zero pattern (people on no list) is what is estimated and is always zero here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    lists: Vec<String>,
    /// Indexed by pattern mask, length 2^k; `counts[0]` is always 0.
    counts: Vec<u64>,
    /// Notes made while reading (duplicate patterns summed).
    notes: Vec<Warning>,
}

/// The result of [`Table::tidy`]: the informative lists, what was dropped and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Tidy {
    /// The table restricted to informative lists.
    pub table: Table,
    /// People observed only on dropped lists (every one of them on a list that held everybody). They are
    /// observed, but the remaining lists see them as part of the hidden figure.
    pub off_list: u64,
    /// Notes saying what was summed and dropped (empty when nothing was changed).
    pub notes: Vec<Warning>,
}

fn check_lists(context: &str, lists: &[String]) -> Result<()> {
    if lists.len() < 2 {
        return Err(Error::TooFewLists {
            context: context.to_owned(),
            found: lists.len(),
        });
    }
    if lists.len() > MAX_LISTS {
        return Err(Error::TooManyLists {
            context: context.to_owned(),
            found: lists.len(),
            max: MAX_LISTS,
        });
    }
    for (i, name) in lists.iter().enumerate() {
        if name.is_empty() {
            return Err(Error::ListName {
                context: context.to_owned(),
                message: format!("list {} has an empty name", i + 1),
            });
        }
        if name.eq_ignore_ascii_case("count") {
            return Err(Error::ListName {
                context: context.to_owned(),
                message: "`count` cannot be a list name".to_owned(),
            });
        }
        if lists[..i].contains(name) {
            return Err(Error::ListName {
                context: context.to_owned(),
                message: format!("list name `{name}` appears twice"),
            });
        }
    }
    Ok(())
}

/// The error of [`Table::from_csv`] for the first problem of a file.
fn capture_error(src: &str, p: Problem) -> Error {
    let line = p.line;
    let context = format!("{src}, line {line}");
    match p.kind {
        ProblemKind::Empty => Error::EmptyInput {
            source_name: src.to_owned(),
        },
        ProblemKind::ListCount { found } if found < 2 => Error::TooFewLists { context, found },
        ProblemKind::ListCount { found } => Error::TooManyLists {
            context,
            found,
            max: MAX_LISTS,
        },
        kind @ (ProblemKind::EmptyName { .. } | ProblemKind::SameName { .. }) => Error::ListName {
            context,
            message: kind.to_string(),
        },
        ProblemKind::Fields { found, expected } => Error::Ragged {
            source_name: src.to_owned(),
            line,
            expected,
            found,
        },
        ProblemKind::NotBinary { value, .. } => Error::NonBinary {
            source_name: src.to_owned(),
            line,
            field: p.column.unwrap_or_default(),
            value,
        },
        ProblemKind::Count { value, problem } => Error::BadCount {
            source_name: src.to_owned(),
            line,
            value,
            reason: problem.to_string(),
        },
        ProblemKind::AllZeros => Error::AllZeroRow {
            source_name: src.to_owned(),
            line,
        },
        kind => Error::Header {
            source_name: src.to_owned(),
            line,
            message: kind.to_string(),
        },
    }
}

impl Table {
    /// An empty table over the given lists (2 to [`MAX_LISTS`], unique non-empty names).
    pub fn new(lists: Vec<String>) -> Result<Self> {
        check_lists("table", &lists)?;
        let k = lists.len();
        Ok(Self {
            lists,
            counts: vec![0; 1 << k],
            notes: Vec::new(),
        })
    }

    /// A table from `(pattern, count)` rows, summing repeated patterns (and saying so in [`Table::notes`]).
    pub fn from_patterns<P: AsRef<[bool]>>(
        lists: Vec<String>,
        rows: impl IntoIterator<Item = (P, u64)>,
    ) -> Result<Self> {
        let mut table = Self::new(lists)?;
        let mut seen = vec![false; table.counts.len()];
        let mut repeated = 0usize;
        for (pattern, count) in rows {
            let mask = table.mask_of(pattern.as_ref())?;
            if mask == 0 {
                return Err(Error::InvalidPattern(
                    "a pattern has no list (all zeros); people on no list cannot be counted".to_owned(),
                ));
            }
            if std::mem::replace(&mut seen[mask], true) {
                repeated += 1;
            }
            table.counts[mask] = table.counts[mask].saturating_add(count);
        }
        table.note_repeats(repeated);
        Ok(table)
    }

    /// A table from counts indexed by pattern mask (`counts.len()` must be 2^k, `counts[0]` is ignored).
    pub fn from_mask_counts(lists: Vec<String>, counts: &[u64]) -> Result<Self> {
        let mut table = Self::new(lists)?;
        if counts.len() != table.counts.len() {
            return Err(Error::PatternLength {
                context: "table".to_owned(),
                expected: table.counts.len(),
                found: counts.len(),
            });
        }
        table.counts.copy_from_slice(counts);
        table.counts[0] = 0;
        Ok(table)
    }

    /// One table per stratum from `(stratum, pattern, count)` rows over the same lists.
    pub fn by_stratum<K: Ord, P: AsRef<[bool]>>(
        lists: &[String],
        rows: impl IntoIterator<Item = (K, P, u64)>,
    ) -> Result<BTreeMap<K, Table>> {
        check_lists("stratified table", lists)?;
        let mut acc: BTreeMap<K, (Table, Vec<bool>, usize)> = BTreeMap::new();
        for (key, pattern, count) in rows {
            let entry = match acc.entry(key) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    let table = Table::new(lists.to_vec())?;
                    let seen = vec![false; table.counts.len()];
                    e.insert((table, seen, 0))
                }
            };
            let (table, seen, repeated) = entry;
            let mask = table.mask_of(pattern.as_ref())?;
            if mask == 0 {
                return Err(Error::InvalidPattern(
                    "a pattern has no list (all zeros); people on no list cannot be counted".to_owned(),
                ));
            }
            if std::mem::replace(&mut seen[mask], true) {
                *repeated += 1;
            }
            table.counts[mask] = table.counts[mask].saturating_add(count);
        }
        Ok(acc
            .into_iter()
            .map(|(key, (mut table, _, repeated))| {
                table.note_repeats(repeated);
                (key, table)
            })
            .collect())
    }

    /// Reads a table from CSV text: a header of list names then `count`, one row per pattern (comma, semicolon or
    /// tab separated; see [`crate::capture::read_capture`], which lists every problem). `source_name` (e.g. the
    /// file name) prefixes the error, which names the line and the column of the first problem.
    pub fn from_csv<R: Read>(mut reader: R, source_name: &str) -> Result<Self> {
        let src = source_name.to_owned();
        let mut text = String::new();
        reader.read_to_string(&mut text).map_err(|e| Error::Csv {
            source_name: src.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        let file = read_capture(&text, None).map_err(|problems| match problems.into_iter().next() {
            Some(p) => capture_error(&src, p),
            None => Error::EmptyInput {
                source_name: src.clone(),
            },
        })?;
        Self::from_patterns(file.lists, file.rows.into_iter().map(|(_, p, c)| (p, c)))
    }

    fn note_repeats(&mut self, repeated: usize) {
        if repeated > 0 {
            self.notes.push(Warning::note(
                codes::DUPLICATES_SUMMED,
                format!(
                    "{repeated} row(s) repeated a capture pattern already given; their counts were added up"
                ),
            ));
        }
    }

    fn mask_of(&self, pattern: &[bool]) -> Result<usize> {
        if pattern.len() != self.lists.len() {
            return Err(Error::PatternLength {
                context: "table".to_owned(),
                expected: self.lists.len(),
                found: pattern.len(),
            });
        }
        Ok(pattern
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .fold(0, |m, (i, _)| m | (1 << i)))
    }

    /// Adds `count` people with `pattern` (summing with what is there).
    pub fn add(&mut self, pattern: &[bool], count: u64) -> Result<()> {
        let mask = self.mask_of(pattern)?;
        if mask == 0 {
            return Err(Error::InvalidModel(
                "a pattern has no list (all zeros)".to_owned(),
            ));
        }
        self.counts[mask] = self.counts[mask].saturating_add(count);
        Ok(())
    }

    /// The list names, in column order.
    pub fn lists(&self) -> &[String] {
        &self.lists
    }

    /// The number of lists.
    pub fn num_lists(&self) -> usize {
        self.lists.len()
    }

    /// The number of people observed (on at least one list).
    pub fn observed(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The count of a pattern given as one flag per list (0 for a wrong length).
    pub fn count(&self, pattern: &[bool]) -> u64 {
        self.mask_of(pattern).map_or(0, |m| self.counts[m])
    }

    /// The count of a pattern mask (bit `i` = list `i`); 0 outside the table.
    pub fn count_mask(&self, mask: usize) -> u64 {
        self.counts.get(mask).copied().unwrap_or(0)
    }

    /// Counts indexed by pattern mask (length 2^k; index 0, nobody on any list, is 0).
    pub fn mask_counts(&self) -> &[u64] {
        &self.counts
    }

    /// The patterns with a positive count, as `(mask, count)`.
    pub fn cells(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(m, c)| (m, *c))
    }

    /// Notes made while reading.
    pub fn notes(&self) -> &[Warning] {
        &self.notes
    }

    /// The number of people on list `i` (whatever else they are on).
    pub fn list_total(&self, i: usize) -> u64 {
        self.cells()
            .filter(|(m, _)| m & (1 << i) != 0)
            .map(|(_, c)| c)
            .sum()
    }

    /// Drops lists that carry no information, repeating until none is left to drop: lists with nobody on them,
    /// lists identical to an earlier list (same people), and lists with every observed person on them (their
    /// presence is certain, so they say nothing about who is missed). Errors when fewer than two lists remain.
    pub fn tidy(&self) -> Result<Tidy> {
        let mut notes = self.notes.clone();
        let mut current = self.clone();
        current.notes.clear();
        let mut off_list = 0u64;
        loop {
            let k = current.lists.len();
            let n = current.observed();
            let mut drop: Option<(usize, Warning)> = None;
            for i in 0..k {
                let total = current.list_total(i);
                if total == 0 {
                    drop = Some((
                        i,
                        Warning::note(
                            codes::LIST_EMPTY,
                            format!("list `{}` has nobody on it and was left out", current.lists[i]),
                        ),
                    ));
                    break;
                }
            }
            if drop.is_none() {
                'outer: for j in 1..k {
                    for i in 0..j {
                        let same = current.cells().all(|(m, _)| ((m >> i) & 1) == ((m >> j) & 1));
                        if same {
                            drop = Some((
                                j,
                                Warning::note(
                                    codes::LIST_DUPLICATE,
                                    format!(
                                        "list `{}` has exactly the same people as list `{}` and was left out",
                                        current.lists[j], current.lists[i]
                                    ),
                                ),
                            ));
                            break 'outer;
                        }
                    }
                }
            }
            if drop.is_none() {
                for i in 0..k {
                    if n > 0 && current.list_total(i) == n {
                        let only = current.counts[1 << i];
                        drop = Some((
                            i,
                            Warning::warn(
                                codes::LIST_EVERYONE,
                                format!(
                                    "list `{}` has every observed person on it, so it says nothing about who \
                                     is missed, and was left out; the {only} person(s) on no other list count \
                                     as observed but are part of the hidden figure for the remaining lists",
                                    current.lists[i]
                                ),
                            ),
                        ));
                        break;
                    }
                }
            }
            let Some((i, note)) = drop else { break };
            notes.push(note);
            let (next, lost) = current.without_list(i);
            off_list += lost;
            current = next;
            if current.lists.len() < 2 {
                return Err(Error::TooFewLists {
                    context: format!("after leaving out uninformative lists ({})", list_names(&notes)),
                    found: current.lists.len(),
                });
            }
        }
        if current.observed() == 0 {
            return Err(Error::NoObservations);
        }
        Ok(Tidy {
            table: current,
            off_list,
            notes,
        })
    }

    /// The table without list `i`; also returns the number of people left on no list.
    fn without_list(&self, i: usize) -> (Table, u64) {
        let k = self.lists.len();
        let mut lists = self.lists.clone();
        lists.remove(i);
        let mut counts = vec![0u64; 1 << (k - 1)];
        let mut lost = 0u64;
        for (m, c) in self.cells() {
            let low = m & ((1 << i) - 1);
            let high = (m >> (i + 1)) << i;
            let nm = low | high;
            if nm == 0 {
                lost += c;
            } else {
                counts[nm] += c;
            }
        }
        (
            Table {
                lists,
                counts,
                notes: Vec::new(),
            },
            lost,
        )
    }
}

fn list_names(notes: &[Warning]) -> String {
    notes
        .iter()
        .map(|n| n.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KOREA: &str = "b,c,d,count\n0,0,1,41\n0,1,0,5\n1,0,0,5\n1,1,0,54\n1,0,1,6\n0,1,1,0\n1,1,1,12\n";

    fn err(text: &str) -> String {
        Table::from_csv(text.as_bytes(), "t.csv").unwrap_err().to_string()
    }

    #[test]
    fn reads_korea() {
        let t = Table::from_csv(KOREA.as_bytes(), "korea.csv").unwrap();
        assert_eq!(t.lists(), ["b", "c", "d"]);
        assert_eq!(t.observed(), 123);
        assert_eq!(t.count(&[true, true, false]), 54);
        assert_eq!(t.count_mask(0b011), 54);
        assert_eq!(t.list_total(0), 77);
        assert!(t.notes().is_empty());
    }

    #[test]
    fn sums_duplicates_and_says_so() {
        let t = Table::from_csv("A,B,count\n1,0,3\n1,0,4\n0,1,2\n1,1,1\n".as_bytes(), "t").unwrap();
        assert_eq!(t.count(&[true, false]), 7);
        assert_eq!(t.notes().len(), 1);
        assert_eq!(t.notes()[0].code, codes::DUPLICATES_SUMMED);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = err("A,B,count\n1,0,3\n2,1,4\n");
        assert!(
            e.contains("t.csv, line 3, column `A`") && e.contains("`2` is not 0 or 1"),
            "{e}"
        );
        let e = err("A,B,count\n1,0,-3\n");
        assert!(
            e.contains("line 2, column `count`") && e.contains("negative"),
            "{e}"
        );
        let e = err("A,B,count\n1,0,2.5\n");
        assert!(e.contains("line 2") && e.contains("fractional"), "{e}");
        let e = err("A,B,count\n1,0,x\n");
        assert!(e.contains("line 2") && e.contains("not a number"), "{e}");
        let e = err("A,count\n1,3\n");
        assert!(e.contains("1 list(s)") && e.contains("at least two"), "{e}");
        let e = err("A,B,n\n1,0,3\n");
        assert!(e.contains("line 1") && e.contains("no `count` column"), "{e}");
        let e = err("A,count,B\n1,0,3\n");
        assert!(e.contains("line 1") && e.contains("must be the last"), "{e}");
        let e = err("A,B,count\n0,0,3\n");
        assert!(e.contains("line 2") && e.contains("all zeros"), "{e}");
        let e = err("A,B,count\n1,0\n");
        assert!(
            e.contains("line 2") && e.contains("2 field(s), the header has 3"),
            "{e}"
        );
        let header: Vec<String> = (0..13).map(|i| format!("L{i}")).collect();
        let e = err(&format!("{},count\n", header.join(",")));
        assert!(e.contains("13 lists") && e.contains("at most 12"), "{e}");
        let e = err("");
        assert!(e.contains("empty input"), "{e}");
        let e = err("A,A,count\n1,0,1\n");
        assert!(e.contains("appears twice"), "{e}");
    }

    #[test]
    fn accepts_integral_decimals_blank_lines_and_bom() {
        let t = Table::from_csv("\u{feff}A, B ,count\n1,0,3.0\n\n0,1,2\n".as_bytes(), "t").unwrap();
        assert_eq!(t.lists(), ["A", "B"]);
        assert_eq!(t.observed(), 5);
    }

    #[test]
    fn tidy_drops_uninformative_lists() {
        // C is empty, D duplicates A, E contains everyone.
        let lists: Vec<String> = ["A", "B", "C", "D", "E"].iter().map(|s| s.to_string()).collect();
        let rows = vec![
            (vec![true, false, false, true, true], 5),
            (vec![false, true, false, false, true], 4),
            (vec![true, true, false, true, true], 2),
            (vec![false, false, false, false, true], 3),
        ];
        let t = Table::from_patterns(lists, rows).unwrap();
        let tidy = t.tidy().unwrap();
        assert_eq!(tidy.table.lists(), ["A", "B"]);
        assert_eq!(tidy.off_list, 3);
        assert_eq!(tidy.table.observed(), 11);
        let codes: Vec<&str> = tidy.notes.iter().map(|n| n.code.as_str()).collect();
        assert_eq!(
            codes,
            [codes::LIST_EMPTY, codes::LIST_DUPLICATE, codes::LIST_EVERYONE]
        );
        assert!(tidy.notes[1].message.contains("`D`") && tidy.notes[1].message.contains("`A`"));
    }

    #[test]
    fn tidy_errors_when_too_few_lists_remain() {
        let t = Table::from_csv("A,B,count\n1,0,3\n1,1,2\n".as_bytes(), "t").unwrap();
        let e = t.tidy().unwrap_err().to_string();
        assert!(e.contains("at least two") && e.contains("`A`"), "{e}");
    }

    #[test]
    fn strata() {
        let lists: Vec<String> = vec!["A".into(), "B".into()];
        let rows = vec![
            ("north", vec![true, false], 3),
            ("south", vec![true, true], 1),
            ("north", vec![true, false], 2),
        ];
        let by = Table::by_stratum(&lists, rows).unwrap();
        assert_eq!(by["north"].count(&[true, false]), 5);
        assert_eq!(by["north"].notes().len(), 1);
        assert_eq!(by["south"].observed(), 1);
        assert!(by["south"].notes().is_empty());
    }
}
