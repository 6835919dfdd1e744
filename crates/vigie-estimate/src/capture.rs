//! Reading a capture-history file as an analyst writes it: a header of list names (and optionally a stratum
//! column) followed by `count`, one row per pattern; comma, semicolon or tab separated (as spreadsheets save
//! them); quotes as in RFC 4180. Every problem is collected (up to [`MAX_PROBLEMS`]) with its line and column, as
//! structured values that callers word in their reader's language ([`Problem`]'s `Display` is the English).

use std::fmt;

use serde::Serialize;

use crate::table::MAX_LISTS;

/// At most this many problems are listed; the others are counted ([`ProblemKind::More`]).
pub const MAX_PROBLEMS: usize = 20;

/// A capture-history file as read: the lists, the stratum column if any, and the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureFile {
    pub lists: Vec<String>,
    /// The name of the stratum column, as written in the header.
    pub stratum: Option<String>,
    /// (stratum value — empty without a stratum column; pattern; count), in file order.
    pub rows: Vec<(String, Vec<bool>, u64)>,
}

/// Why a count is not a whole number of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountProblem {
    Negative,
    Fractional,
    NotANumber,
    TooLarge,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// No header at all.
    Empty,
    /// A quotation mark is not closed.
    Quote,
    /// The header has no `count` column.
    NoCount { header: String },
    /// `count` is not the last column.
    CountNotLast,
    /// The stratum column asked for is not in the header.
    NoStratum { name: String, columns: Vec<String> },
    /// A list column without a name (`position` counts from 1).
    EmptyName { position: usize },
    /// A column name given twice.
    SameName { name: String },
    /// Fewer than 2 or more than [`MAX_LISTS`] list columns.
    ListCount { found: usize },
    /// A row with another number of fields than the header.
    Fields { found: usize, expected: usize },
    /// A list cell that is not 0 or 1; `maybe_stratum` when no stratum column was named and the value is not a
    /// number (the column may be a stratum).
    NotBinary { value: String, maybe_stratum: bool },
    /// A count that is not a whole number of people.
    Count { value: String, problem: CountProblem },
    /// An empty stratum value.
    EmptyStratum,
    /// A pattern with no list.
    AllZeros,
    /// A header and no row.
    NoRows,
    /// More problems than were listed.
    More { count: usize },
}

/// One problem of a capture-history file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The line (1 = the header; 0 for the file as a whole).
    pub line: u64,
    /// The column, when the problem is in one cell.
    pub column: Option<String>,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl fmt::Display for CountProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CountProblem::Negative => "is negative",
            CountProblem::Fractional => "is fractional, counts are whole numbers of people",
            CountProblem::NotANumber => "is not a number",
            CountProblem::TooLarge => "is too large",
        })
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Empty => write!(
                f,
                "empty input, expected a header of list names followed by `count`"
            ),
            ProblemKind::Quote => write!(f, "a quotation mark is not closed"),
            ProblemKind::NoCount { header } => write!(
                f,
                "the header `{header}` has no `count` column (expected list names then `count`)"
            ),
            ProblemKind::CountNotLast => write!(f, "`count` must be the last column of the header"),
            ProblemKind::NoStratum { name, columns } => write!(
                f,
                "there is no column `{name}` to use as the stratum (the columns are: {})",
                columns.join(", ")
            ),
            ProblemKind::EmptyName { position } => write!(f, "column {position} has no name"),
            ProblemKind::SameName { name } => write!(f, "the column name `{name}` appears twice"),
            ProblemKind::ListCount { found } => write!(
                f,
                "{found} list(s), multiple systems estimation needs at least two (and at most {MAX_LISTS})"
            ),
            ProblemKind::Fields { found, expected } => {
                write!(f, "{found} field(s), the header has {expected}")
            }
            ProblemKind::NotBinary { value, .. } => write!(f, "`{value}` is not 0 or 1"),
            ProblemKind::Count { value, problem } => write!(f, "`{value}` {problem}"),
            ProblemKind::EmptyStratum => write!(f, "the stratum is empty"),
            ProblemKind::AllZeros => write!(
                f,
                "the pattern has no list (all zeros); people on no list are what is estimated and cannot be counted"
            ),
            ProblemKind::NoRows => write!(f, "the table has no row under its header"),
            ProblemKind::More { count } => write!(f, "and {count} more problems"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (0, _) => write!(f, "{}", self.kind),
            (line, None) => write!(f, "line {line}: {}", self.kind),
            (line, Some(c)) => write!(f, "line {line}, column `{c}`: {}", self.kind),
        }
    }
}

/// A count as a whole number of people.
pub fn parse_count(raw: &str) -> Result<u64, CountProblem> {
    if let Ok(v) = raw.parse::<u64>() {
        return Ok(v);
    }
    if raw.parse::<i64>().is_ok() {
        return Err(CountProblem::Negative);
    }
    match raw.parse::<f64>() {
        Ok(v) if !v.is_finite() => Err(CountProblem::NotANumber),
        Ok(v) if v < 0.0 => Err(CountProblem::Negative),
        Ok(v) if v.fract() != 0.0 => Err(CountProblem::Fractional),
        Ok(v) if v > 9.0e15 => Err(CountProblem::TooLarge),
        Ok(v) => Ok(v as u64),
        Err(_) => Err(CountProblem::NotANumber),
    }
}

/// Splits one CSV line into trimmed fields (quotes as in RFC 4180, no line break inside a field); `None` when a
/// quotation mark is not closed.
fn split_line(line: &str, delimiter: char) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    current.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                current.push(c);
            }
        } else if c == '"' && current.trim().is_empty() {
            current.clear();
            quoted = true;
        } else if c == delimiter {
            fields.push(current.trim().to_owned());
            current.clear();
        } else {
            current.push(c);
        }
    }
    if quoted {
        return None;
    }
    fields.push(current.trim().to_owned());
    Some(fields)
}

struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    fn push(&mut self, line: u64, column: Option<&str>, kind: ProblemKind) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem {
                line,
                column: column.map(str::to_owned),
                kind,
            });
        } else {
            self.more += 1;
        }
    }
}

fn one(line: u64, kind: ProblemKind) -> Vec<Problem> {
    vec![Problem {
        line,
        column: None,
        kind,
    }]
}

/// Reads a capture-history file. `stratum` names the column that holds the stratum (matched exactly, then
/// ignoring case); the other columns before `count` are the lists. Errors with every problem found.
pub fn read_capture(text: &str, stratum: Option<&str>) -> Result<CaptureFile, Vec<Problem>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((header_line, header_text)) = lines.next() else {
        return Err(one(0, ProblemKind::Empty));
    };
    let delimiter = [',', ';', '\t']
        .into_iter()
        .find(|d| header_text.contains(*d))
        .unwrap_or(',');
    let Some(header) = split_line(header_text, delimiter) else {
        return Err(one(header_line, ProblemKind::Quote));
    };
    match header.iter().position(|n| n.eq_ignore_ascii_case("count")) {
        None => {
            return Err(one(
                header_line,
                ProblemKind::NoCount {
                    header: header.join(&delimiter.to_string()),
                },
            ));
        }
        Some(i) if i + 1 != header.len() => return Err(one(header_line, ProblemKind::CountNotLast)),
        Some(_) => {}
    }
    let count_at = header.len() - 1;
    let stratum_at = match stratum {
        None => None,
        Some(name) => {
            let columns = &header[..count_at];
            let found = columns
                .iter()
                .position(|h| h == name)
                .or_else(|| columns.iter().position(|h| h.eq_ignore_ascii_case(name)));
            match found {
                Some(i) => Some(i),
                None => {
                    return Err(one(
                        header_line,
                        ProblemKind::NoStratum {
                            name: name.to_owned(),
                            columns: columns.to_vec(),
                        },
                    ));
                }
            }
        }
    };
    let list_at: Vec<usize> = (0..count_at).filter(|i| Some(*i) != stratum_at).collect();
    let lists: Vec<String> = list_at.iter().map(|i| header[*i].clone()).collect();
    let mut problems = Problems {
        list: Vec::new(),
        more: 0,
    };
    // A set, not a search of the names before: a header of a million columns is read in linear time.
    let mut seen = std::collections::HashSet::with_capacity(lists.len());
    for (n, name) in lists.iter().enumerate() {
        let repeated = !seen.insert(name.as_str());
        if name.is_empty() {
            problems.push(
                header_line,
                None,
                ProblemKind::EmptyName {
                    position: list_at[n] + 1,
                },
            );
        } else if repeated {
            problems.push(header_line, None, ProblemKind::SameName { name: name.clone() });
        }
    }
    if lists.len() < 2 || lists.len() > MAX_LISTS {
        problems.push(header_line, None, ProblemKind::ListCount { found: lists.len() });
    }
    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    let mut rows = Vec::new();
    for (line, raw) in lines {
        let Some(fields) = split_line(raw, delimiter) else {
            problems.push(line, None, ProblemKind::Quote);
            continue;
        };
        if fields.len() != header.len() {
            problems.push(
                line,
                None,
                ProblemKind::Fields {
                    found: fields.len(),
                    expected: header.len(),
                },
            );
            continue;
        }
        let mut pattern = Vec::with_capacity(lists.len());
        let mut ok = true;
        for &i in &list_at {
            match fields[i].as_str() {
                "0" => pattern.push(false),
                "1" => pattern.push(true),
                value => {
                    ok = false;
                    problems.push(
                        line,
                        Some(&header[i]),
                        ProblemKind::NotBinary {
                            value: value.to_owned(),
                            maybe_stratum: stratum.is_none() && value.parse::<f64>().is_err(),
                        },
                    );
                }
            }
        }
        let raw_count = fields[count_at].as_str();
        let count = match parse_count(raw_count) {
            Ok(c) => c,
            Err(problem) => {
                ok = false;
                problems.push(
                    line,
                    Some(&header[count_at]),
                    ProblemKind::Count {
                        value: raw_count.to_owned(),
                        problem,
                    },
                );
                0
            }
        };
        let key = match stratum_at {
            Some(i) => {
                if fields[i].is_empty() {
                    ok = false;
                    problems.push(line, Some(&header[i]), ProblemKind::EmptyStratum);
                }
                fields[i].clone()
            }
            None => String::new(),
        };
        if ok && !pattern.iter().any(|b| *b) {
            problems.push(line, None, ProblemKind::AllZeros);
            continue;
        }
        if ok {
            rows.push((key, pattern, count));
        }
    }
    if problems.more > 0 {
        let count = problems.more;
        problems.list.push(Problem {
            line: 0,
            column: None,
            kind: ProblemKind::More { count },
        });
    }
    if problems.list.is_empty() && rows.is_empty() {
        problems.list.push(Problem {
            line: header_line,
            column: None,
            kind: ProblemKind::NoRows,
        });
    }
    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    Ok(CaptureFile {
        lists,
        stratum: stratum_at.map(|i| header[i].clone()),
        rows,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_header_of_many_columns_is_read_in_linear_time() {
        // Found by reading the code while fuzzing (issue 11): each list name was compared with every name before
        // it, so a header of 100,000 columns (689 KB) took 35 s, and an upload of 32 MiB would have taken hours.
        let names: String = (0..100_000).map(|i| format!("l{i},")).collect();
        let start = std::time::Instant::now();
        let problems = read_capture(&format!("{names}count\n"), None).unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert!(matches!(
            problems.as_slice(),
            [Problem {
                kind: ProblemKind::ListCount { found: 100_000 },
                ..
            }]
        ));
        let problems = read_capture(&format!("{}count\n", "a,".repeat(100)), None).unwrap_err();
        assert_eq!(problems.len(), MAX_PROBLEMS);
        assert!(matches!(&problems[0].kind, ProblemKind::SameName { name } if name == "a"));
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            split_line(" \"a,b\" , c ,\"d\"\"e\"", ',').unwrap(),
            ["a,b", "c", "d\"e"]
        );
        assert!(split_line("\"open,1", ',').is_none());
    }

    #[test]
    fn reads_delimiters_quotes_and_strata() {
        let c = read_capture("\u{feff}b;c;count\n1;0;5\n\"1\";1;3\n", None).unwrap();
        assert_eq!(c.lists, ["b", "c"]);
        assert_eq!(c.rows[1], (String::new(), vec![true, true], 3));
        let c = read_capture("Sex\ta\tb\tcount\nF\t1\t0\t2\nM\t0\t1\t4\n", Some("sex")).unwrap();
        assert_eq!(c.stratum.as_deref(), Some("Sex"));
        assert_eq!(c.lists, ["a", "b"]);
        assert_eq!(c.rows[1], ("M".to_owned(), vec![false, true], 4));
    }

    #[test]
    fn every_problem_is_named_with_its_line_and_column() {
        let text = "a,b,count\n1,2,3\n1,0,-4\n1,0,2.5\n0,0,1\n1,0\n\"1,0,1\nF,1,2\n";
        let p: Vec<String> = read_capture(text, None)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            p,
            [
                "line 2, column `b`: `2` is not 0 or 1",
                "line 3, column `count`: `-4` is negative",
                "line 4, column `count`: `2.5` is fractional, counts are whole numbers of people",
                "line 5: the pattern has no list (all zeros); people on no list are what is estimated and cannot \
                 be counted",
                "line 6: 2 field(s), the header has 3",
                "line 7: a quotation mark is not closed",
                "line 8, column `a`: `F` is not 0 or 1",
            ]
        );
        let e = read_capture("a,b,count\nF,1,2\n", None).unwrap_err();
        assert!(matches!(
            e[0].kind,
            ProblemKind::NotBinary {
                maybe_stratum: true,
                ..
            }
        ));
        for (text, kind) in [
            ("", ProblemKind::Empty),
            (
                "a,b,n\n1,0,3\n",
                ProblemKind::NoCount {
                    header: "a,b,n".into(),
                },
            ),
            ("a,count,b\n", ProblemKind::CountNotLast),
            ("a,count\n1,3\n", ProblemKind::ListCount { found: 1 }),
            ("a,a,count\n1,0,3\n", ProblemKind::SameName { name: "a".into() }),
            ("a,b,count\n", ProblemKind::NoRows),
        ] {
            assert_eq!(read_capture(text, None).unwrap_err()[0].kind, kind, "{text:?}");
        }
        let e = read_capture("a,b,count\n1,0,3\n", Some("sex")).unwrap_err();
        assert!(matches!(&e[0].kind, ProblemKind::NoStratum { name, .. } if name == "sex"));
        let many: String = std::iter::once("a,b,count\n".to_owned())
            .chain((0..30).map(|_| "2,0,1\n".to_owned()))
            .collect();
        let e = read_capture(&many, None).unwrap_err();
        assert_eq!(e.len(), MAX_PROBLEMS + 1);
        assert_eq!(e[MAX_PROBLEMS].kind, ProblemKind::More { count: 10 });
    }

    proptest! {
        #[test]
        fn counts_round_trip(n in 0u64..9_000_000_000_000_000) {
            prop_assert_eq!(parse_count(&n.to_string()), Ok(n));
        }

        #[test]
        fn arbitrary_text_never_panics(text in "[01,;\"a-c\\n\\t -]{0,80}") {
            let _ = read_capture(&text, None);
            let _ = read_capture(&text, Some("a"));
        }
    }
}
