//! GeoDa GAL files: a header line (`n`, or `0 n name id-field`), then for each area a line `id k` followed by a
//! line with its `k` neighbours' ids.

use std::collections::HashMap;
use std::fmt::Write;

use crate::weights::Weights;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct GalError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// Reads a GAL file. `ids` gives the order of the areas (usually the features of the GeoJSON file); every id in
/// the file must be among them and every one of them in the file.
pub fn read(file: &str, text: &str, ids: &[String]) -> Result<Weights, GalError> {
    let err = |line: usize, reason: String| GalError {
        file: file.to_owned(),
        line,
        reason,
    };
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (hline, header) = lines.next().ok_or_else(|| err(1, "the file is empty".into()))?;
    let parts: Vec<&str> = header.split_whitespace().collect();
    let n: usize = match parts.as_slice() {
        [n] => n.parse().ok(),
        [_, n, ..] => n.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        err(
            hline,
            format!("the header {header:?} does not give the number of areas"),
        )
    })?;
    if n != ids.len() {
        return Err(err(
            hline,
            format!("the file has {n} areas but {} were given", ids.len()),
        ));
    }
    let mut lists: Vec<Option<Vec<usize>>> = vec![None; n];
    for _ in 0..n {
        let (l1, head) = lines
            .next()
            .ok_or_else(|| err(hline, format!("the file ends before its {n} areas")))?;
        let hp: Vec<&str> = head.split_whitespace().collect();
        let [id, k] = hp.as_slice() else {
            return Err(err(
                l1,
                format!("expected `id number-of-neighbours`, found {head:?}"),
            ));
        };
        let i = *index
            .get(id)
            .ok_or_else(|| err(l1, format!("unknown area id {id:?}")))?;
        let k: usize = k
            .parse()
            .map_err(|_| err(l1, format!("{k:?} is not a number of neighbours")))?;
        let nbrs = if k == 0 {
            // Some writers put an empty line after an island; others none.
            Vec::new()
        } else {
            let (l2, line) = lines
                .next()
                .ok_or_else(|| err(l1, "the neighbours of this area are missing".into()))?;
            let list: Vec<&str> = line.split_whitespace().collect();
            if list.len() != k {
                return Err(err(l2, format!("{k} neighbours announced, {} given", list.len())));
            }
            list.iter()
                .map(|j| {
                    index
                        .get(j)
                        .copied()
                        .ok_or_else(|| err(l2, format!("unknown area id {j:?}")))
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        if lists[i].replace(nbrs).is_some() {
            return Err(err(l1, format!("area {id} appears twice")));
        }
    }
    if let Some(i) = lists.iter().position(Option::is_none) {
        return Err(err(hline, format!("area {} is missing", ids[i])));
    }
    let lists: Vec<Vec<usize>> = lists.into_iter().map(Option::unwrap_or_default).collect();
    Ok(Weights::from_neighbours(&lists))
}

/// Writes weights as a GAL file (neighbours only; weights are binary in GAL).
pub fn write(w: &Weights, ids: &[String], name: &str, id_field: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "0 {} {} {}", w.n(), name, id_field);
    for (i, nbrs) in w.neighbours().iter().enumerate() {
        let _ = writeln!(out, "{} {}", ids[i], nbrs.len());
        let names: Vec<&str> = nbrs.iter().map(|&j| ids[j].as_str()).collect();
        let _ = writeln!(out, "{}", names.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| i.to_string()).collect()
    }

    #[test]
    fn round_trips() {
        let w = Weights::from_neighbours(&[vec![1, 2], vec![0], vec![0], vec![]]);
        let text = write(&w, &ids(4), "test", "ID");
        assert!(text.starts_with("0 4 test ID\n1 2\n2 3\n"));
        assert_eq!(read("x.gal", &text, &ids(4)).unwrap(), w);
    }

    #[test]
    fn old_headers_and_errors() {
        let w = read("x.gal", "2\n1 1\n2\n2 1\n1\n", &ids(2)).unwrap();
        assert_eq!(w.neighbours(), vec![vec![1], vec![0]]);
        let e = read("x.gal", "2\n1 1\n3\n2 1\n1\n", &ids(2)).unwrap_err();
        assert_eq!(e.to_string(), "x.gal:3: unknown area id \"3\"");
        let e = read("x.gal", "2\n1 2\n2\n2 1\n1\n", &ids(2)).unwrap_err();
        assert_eq!(
            (e.line, e.reason.as_str()),
            (3, "2 neighbours announced, 1 given")
        );
        assert!(read("x.gal", "3\n1 0\n2 0\n", &ids(3)).is_err());
        assert!(read("x.gal", "", &ids(1)).is_err());
    }
}
