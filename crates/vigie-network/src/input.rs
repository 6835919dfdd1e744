//! The analyst's two files: entities (`id,kind,label,country,area,attributes...`) and links
//! (`source,target,kind,weight,date`). Persons arrive pseudonymised (ids, not names); labels of companies and
//! premises may be real, since they are the city's levers. Every problem is reported with its file, line and
//! field, and nothing is read when there is one: a network is read whole or not at all.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::graph::Graph;

/// At most this many problems are listed; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every kind, in a stable order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in files and output.
            pub fn name(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The kind named `text` (case, spaces and hyphens do not matter; a few aliases are accepted).
            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim().to_lowercase().replace(['-', ' '], "_");
                match t.as_str() {
                    $($text $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }

            fn expected() -> String {
                [$($text),+].join(", ")
            }
        }
    };
}

kinds!(
    /// What an entity is.
    EntityKind {
        Person => "person",
        Company => "company" | "business" | "firm",
        Premises => "premises" | "address" | "place",
        Phone => "phone" | "telephone",
        Vehicle => "vehicle" | "car",
        BankAccount => "bank_account" | "account" | "iban",
    }
);

kinds!(
    /// What a link records.
    LinkKind {
        CoOffending => "co_offending" | "cooffending",
        Call => "call",
        Message => "message",
        Meeting => "meeting",
        Ownership => "ownership" | "owner",
        Employment => "employment",
        Tenancy => "tenancy" | "rental",
        Kinship => "kinship" | "family",
        Payment => "payment" | "transfer",
        Association => "association",
        Travel => "travel",
    }
);

/// One entity of the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    /// A label (a company's name, an address, a phone number); for persons, usually the id again.
    pub label: String,
    /// ISO 3166 alpha-2 code, upper case, when known.
    pub country: Option<String>,
    /// The area (neighbourhood code) where the entity is, when known.
    pub area: Option<String>,
    /// Any further columns of the file, by column name (empty values left out).
    pub attributes: BTreeMap<String, String>,
}

/// One link between two entities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Index of the source entity in [`Network::entities`].
    pub source: u32,
    pub target: u32,
    pub kind: LinkKind,
    /// Tie strength (> 0; 1 when the file leaves it empty).
    pub weight: f64,
    /// `YYYY-MM-DD`, when known.
    pub date: Option<String>,
}

/// Entities and links, read and checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub entities: Vec<Entity>,
    pub links: Vec<Link>,
}

struct Problems {
    list: Vec<Problem>,
    more: usize,
}

impl Problems {
    fn new() -> Self {
        Self {
            list: Vec::new(),
            more: 0,
        }
    }

    fn push(&mut self, source: &str, line: u64, field: Option<&str>, reason: impl Into<String>) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem {
                source: source.to_owned(),
                line,
                field: field.map(str::to_owned),
                reason: reason.into(),
            });
        } else {
            self.more += 1;
        }
    }

    fn into_result(mut self, source: &str) -> Result<()> {
        // in the order of the file (problems of one line keep their order)
        self.list.sort_by_key(|p| p.line);
        if self.more > 0 {
            self.list.push(Problem {
                source: source.to_owned(),
                line: 0,
                field: None,
                reason: format!("and {} more problems", self.more),
            });
        }
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(Error::Input { problems: self.list })
        }
    }
}

/// A CSV file's header (BOM and spaces trimmed, lower case) and its records with their line numbers; a record with
/// another number of fields than the header is a problem, and left out.
struct Csv {
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read_csv<R: Read>(reader: R, source: &str, problems: &mut Problems) -> Option<Csv> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for record in rdr.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(source, line, None, format!("cannot read the CSV: {e}"));
                return None;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let fields: Vec<String> = record.iter().map(str::to_owned).collect();
        match header {
            None => {
                header = Some(
                    fields
                        .iter()
                        .map(|f| f.trim_start_matches('\u{feff}').trim().to_lowercase())
                        .collect(),
                )
            }
            Some(ref h) if fields.len() != h.len() => problems.push(
                source,
                line,
                None,
                format!("{} fields, the header has {}", fields.len(), h.len()),
            ),
            Some(_) => rows.push((line, fields)),
        }
    }
    match header {
        None => {
            problems.push(source, 0, None, "the file is empty (expected a header line)");
            None
        }
        Some(header) => Some(Csv { header, rows }),
    }
}

/// The position of each required column; a problem for each missing one.
fn columns(csv: &Csv, source: &str, required: &[&str], problems: &mut Problems) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    let mut ok = true;
    for name in required {
        match csv.header.iter().position(|h| h == name) {
            Some(i) => out.push(i),
            None => {
                ok = false;
                problems.push(
                    source,
                    1,
                    None,
                    format!(
                        "no `{name}` column (the header is `{}`; expected at least {})",
                        csv.header.join(","),
                        required.join(", ")
                    ),
                );
            }
        }
    }
    // A set, not a search of the columns before: a header of a million columns is read in linear time.
    let mut seen = std::collections::HashSet::with_capacity(csv.header.len());
    for h in &csv.header {
        if !seen.insert(h.as_str()) {
            ok = false;
            problems.push(source, 1, Some(h), "this column appears twice in the header");
        }
    }
    ok.then_some(out)
}

fn valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1..=days).contains(&d) && y >= 1900
        }
        _ => false,
    }
}

impl Network {
    /// Reads the entities file and the links file (`entities_name` and `links_name` name them in problems).
    /// Errors with every problem found: missing columns, empty or repeated ids, unknown kinds, bad country codes,
    /// links to unknown entities, self-loops, weights that are not positive numbers, bad dates, empty files.
    pub fn read<E: Read, L: Read>(
        entities: E,
        entities_name: &str,
        links: L,
        links_name: &str,
    ) -> Result<Self> {
        let mut problems = Problems::new();
        let entities = read_entities(entities, entities_name, &mut problems);
        problems.into_result(entities_name)?;
        let mut problems = Problems::new();
        let links = read_links(links, links_name, &entities, &mut problems);
        problems.into_result(links_name)?;
        Ok(Self { entities, links })
    }

    /// The undirected graph of all links (links between the same two entities merged, weights summed); node `i`
    /// is entity `i`. Errors only for a network built by hand with links out of range, self-loops or bad weights
    /// ([`Network::read`] refuses those).
    pub fn graph(&self) -> Result<Graph> {
        self.graph_of(|_| true)
    }

    /// The graph of the links `keep` accepts (every entity stays a node).
    pub fn graph_of(&self, keep: impl Fn(&Link) -> bool) -> Result<Graph> {
        let edges: Vec<(u32, u32, f64)> = self
            .links
            .iter()
            .filter(|l| keep(l))
            .map(|l| (l.source, l.target, l.weight))
            .collect();
        Graph::from_edges(self.entities.len(), &edges)
    }

    /// The graph with each link's weight divided by the median weight of the links of its kind, so that kinds
    /// weighed in different units (a number of calls, an amount of money, a number of offences together) weigh
    /// alike: the typical link of every kind has weight 1, and a link twice as strong as its kind's median weighs 2.
    pub fn graph_by_kind(&self) -> Result<Graph> {
        let mut by_kind: BTreeMap<LinkKind, Vec<f64>> = BTreeMap::new();
        for l in &self.links {
            by_kind.entry(l.kind).or_default().push(l.weight);
        }
        let medians: BTreeMap<LinkKind, f64> = by_kind
            .into_iter()
            .map(|(k, mut w)| {
                w.sort_by(f64::total_cmp);
                let m = w.len() / 2;
                let median = if w.len() % 2 == 1 {
                    w[m]
                } else {
                    (w[m - 1] + w[m]) / 2.0
                };
                (k, median)
            })
            .collect();
        let edges: Vec<(u32, u32, f64)> = self
            .links
            .iter()
            .map(|l| {
                let median = medians.get(&l.kind).copied().unwrap_or(1.0);
                (l.source, l.target, l.weight / median)
            })
            .collect();
        Graph::from_edges(self.entities.len(), &edges)
    }

    /// The same entities with only the links dated within `from..=to` (`YYYY-MM-DD`, either end open). With no
    /// bound every link is kept; with a bound, undated links are left out (nothing says when they held).
    pub fn between(&self, from: Option<&str>, to: Option<&str>) -> Network {
        if from.is_none() && to.is_none() {
            return self.clone();
        }
        let links = self
            .links
            .iter()
            .filter(|l| {
                l.date
                    .as_deref()
                    .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
            })
            .cloned()
            .collect();
        Network {
            entities: self.entities.clone(),
            links,
        }
    }

    /// The index of the entity with this id.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.entities.iter().position(|e| e.id == id).map(|i| i as u32)
    }
}

fn read_entities<R: Read>(reader: R, source: &str, problems: &mut Problems) -> Vec<Entity> {
    let Some(csv) = read_csv(reader, source, problems) else {
        return Vec::new();
    };
    let Some(cols) = columns(&csv, source, &["id", "kind"], problems) else {
        return Vec::new();
    };
    let (id_at, kind_at) = (cols[0], cols[1]);
    let find = |name: &str| csv.header.iter().position(|h| h == name);
    let (label_at, country_at, area_at) = (find("label"), find("country"), find("area"));
    let known = [Some(id_at), Some(kind_at), label_at, country_at, area_at];
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::with_capacity(csv.rows.len());
    for (line, fields) in &csv.rows {
        let line = *line;
        let id = fields[id_at].clone();
        let mut ok = true;
        if id.is_empty() {
            problems.push(source, line, Some("id"), "the id is empty");
            ok = false;
        } else if let Some(first) = seen.get(&id) {
            problems.push(
                source,
                line,
                Some("id"),
                format!("`{id}` is already the id of the entity on line {first}"),
            );
            ok = false;
        } else {
            seen.insert(id.clone(), line);
        }
        let kind = EntityKind::parse(&fields[kind_at]);
        if kind.is_none() {
            problems.push(
                source,
                line,
                Some("kind"),
                format!(
                    "`{}` is not a kind of entity (expected one of {})",
                    fields[kind_at],
                    EntityKind::expected()
                ),
            );
        }
        let country = match country_at.map(|i| fields[i].as_str()) {
            None | Some("") => None,
            Some(c) if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(c) => {
                problems.push(
                    source,
                    line,
                    Some("country"),
                    format!("`{c}` is not a two-letter ISO 3166 country code (such as FR or RO)"),
                );
                ok = false;
                None
            }
        };
        let area = area_at.map(|i| fields[i].clone()).filter(|a| !a.is_empty());
        let label = label_at
            .map(|i| fields[i].clone())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| id.clone());
        let attributes = csv
            .header
            .iter()
            .enumerate()
            .filter(|(i, _)| !known.contains(&Some(*i)))
            .filter(|(i, _)| !fields[*i].is_empty())
            .map(|(i, h)| (h.clone(), fields[i].clone()))
            .collect();
        if let (Some(kind), true) = (kind, ok) {
            out.push(Entity {
                id,
                kind,
                label,
                country,
                area,
                attributes,
            });
        }
    }
    if csv.rows.is_empty() {
        problems.push(source, 0, None, "the file has a header but no entity");
    }
    out
}

fn read_links<R: Read>(reader: R, source: &str, entities: &[Entity], problems: &mut Problems) -> Vec<Link> {
    let Some(csv) = read_csv(reader, source, problems) else {
        return Vec::new();
    };
    let Some(cols) = columns(&csv, source, &["source", "target", "kind"], problems) else {
        return Vec::new();
    };
    let (source_at, target_at, kind_at) = (cols[0], cols[1], cols[2]);
    let weight_at = csv.header.iter().position(|h| h == "weight");
    let date_at = csv.header.iter().position(|h| h == "date");
    let index: HashMap<&str, u32> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i as u32))
        .collect();
    let mut out = Vec::with_capacity(csv.rows.len());
    for (line, fields) in &csv.rows {
        let line = *line;
        let mut ends = [None, None];
        for (slot, (at, name)) in ends
            .iter_mut()
            .zip([(source_at, "source"), (target_at, "target")])
        {
            let id = fields[at].as_str();
            if id.is_empty() {
                problems.push(source, line, Some(name), "the entity id is empty");
            } else {
                match index.get(id) {
                    Some(&i) => *slot = Some(i),
                    None => problems.push(
                        source,
                        line,
                        Some(name),
                        format!("`{id}` is not an entity of the entities file"),
                    ),
                }
            }
        }
        let kind = LinkKind::parse(&fields[kind_at]);
        if kind.is_none() {
            problems.push(
                source,
                line,
                Some("kind"),
                format!(
                    "`{}` is not a kind of link (expected one of {})",
                    fields[kind_at],
                    LinkKind::expected()
                ),
            );
        }
        let weight = match weight_at.map(|i| fields[i].as_str()) {
            None | Some("") => Some(1.0),
            Some(w) => match w.parse::<f64>() {
                Ok(x) if x.is_finite() && x > 0.0 => Some(x),
                Ok(x) if x.is_finite() && x < 0.0 => {
                    problems.push(
                        source,
                        line,
                        Some("weight"),
                        format!("`{w}` is negative; a weight is a tie strength, greater than 0"),
                    );
                    None
                }
                Ok(_) => {
                    problems.push(
                        source,
                        line,
                        Some("weight"),
                        format!("`{w}` is not greater than 0 (leave it empty for 1)"),
                    );
                    None
                }
                Err(_) => {
                    problems.push(source, line, Some("weight"), format!("`{w}` is not a number"));
                    None
                }
            },
        };
        let date = match date_at.map(|i| fields[i].as_str()) {
            None | Some("") => Some(None),
            Some(d) if valid_date(d) => Some(Some(d.to_owned())),
            Some(d) => {
                problems.push(
                    source,
                    line,
                    Some("date"),
                    format!("`{d}` is not a date written YYYY-MM-DD"),
                );
                None
            }
        };
        if let [Some(a), Some(b)] = ends {
            if a == b {
                problems.push(
                    source,
                    line,
                    Some("target"),
                    format!("a link from `{}` to itself", fields[source_at]),
                );
                continue;
            }
            if let (Some(kind), Some(weight), Some(date)) = (kind, weight, date) {
                out.push(Link {
                    source: a,
                    target: b,
                    kind,
                    weight,
                    date,
                });
            }
        }
    }
    if csv.rows.is_empty() {
        problems.push(source, 0, None, "the file has a header but no link");
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    const ENTITIES: &str = "\u{feff}id,kind,label,country,area,role\n\
        P-1,person,P-1,FR,N01,\n\
        P-2,Person,P-2,ro,,courier\n\
        C-1,company,\"Bar Le Balto, SARL\",FR,N01,\n\
        T-1,phone,+40 721 000 000,RO,,\n";
    const LINKS: &str = "source,target,kind,weight,date\n\
        P-1,P-2,co-offending,2,2024-01-31\n\
        P-1,C-1,employment,,\n\
        P-2,T-1,call,3.5,2024-02-29\n\
        P-2,P-1,call,1,\n";

    fn read(entities: &str, links: &str) -> Result<Network> {
        Network::read(entities.as_bytes(), "entities.csv", links.as_bytes(), "links.csv")
    }

    #[test]
    fn a_header_of_many_columns_is_read_in_linear_time() {
        // Found reading the parsers while fuzzing (issue 11): each column was compared with every column before
        // it, so a header of 100,000 columns (689 KB) took 33 s, and an upload of 32 MiB would have taken hours.
        let names: String = (0..100_000).map(|i| format!(",c{i}")).collect();
        let entities = format!("id,kind{names}\n");
        let start = std::time::Instant::now();
        let e = read(&entities, LINKS).unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert!(e.to_string().contains("entities.csv"), "{e}");
        let e = read("id,kind,x,x\nP-1,person,1,2\n", LINKS).unwrap_err();
        assert!(e.to_string().contains("appears twice"), "{e}");
    }

    #[test]
    fn links_are_kept_by_date() {
        let n = read(ENTITIES, LINKS).unwrap();
        assert_eq!(n.between(None, None), n);
        let feb = n.between(Some("2024-02-01"), None);
        assert_eq!(feb.entities, n.entities);
        assert_eq!(feb.links.len(), 1);
        assert_eq!(feb.links[0].date.as_deref(), Some("2024-02-29"));
        assert_eq!(n.between(None, Some("2024-01-31")).links.len(), 1);
        assert_eq!(n.between(Some("2024-01-31"), Some("2024-02-29")).links.len(), 2);
        assert!(n.between(Some("2025-01-01"), None).links.is_empty());
    }

    fn problems(r: Result<Network>) -> Vec<String> {
        match r {
            Err(Error::Input { problems }) => problems.iter().map(ToString::to_string).collect(),
            other => panic!("expected input problems, got {other:?}"),
        }
    }

    #[test]
    fn reads_entities_and_links() {
        let n = read(ENTITIES, LINKS).unwrap();
        assert_eq!(n.entities.len(), 4);
        assert_eq!(n.entities[1].kind, EntityKind::Person);
        assert_eq!(n.entities[1].country.as_deref(), Some("RO"));
        assert_eq!(
            n.entities[1].attributes.get("role").map(String::as_str),
            Some("courier")
        );
        assert_eq!(n.entities[2].label, "Bar Le Balto, SARL");
        assert_eq!(n.entities[2].area.as_deref(), Some("N01"));
        assert_eq!(n.links.len(), 4);
        assert_eq!(n.links[0].kind, LinkKind::CoOffending);
        assert_eq!(n.links[1].weight, 1.0);
        assert_eq!(n.links[2].date.as_deref(), Some("2024-02-29"));
        let g = n.graph().unwrap();
        assert_eq!(
            g.edge_count(),
            3,
            "the two links between P-1 and P-2 are one edge"
        );
        assert_eq!(g.weight(0, 1), 3.0);
        let calls = n.graph_of(|l| l.kind == LinkKind::Call).unwrap();
        assert_eq!(calls.edge_count(), 2);
        // calls weigh 3.5 and 1 (median 2.25), the co-offending link 2 (its own median): P-1—P-2 is
        // 2/2 + 1/2.25, P-2—T-1 3.5/2.25, P-1—C-1 1/1
        let by_kind = n.graph_by_kind().unwrap();
        assert!((by_kind.weight(0, 1) - (1.0 + 1.0 / 2.25)).abs() < 1e-12);
        assert!((by_kind.weight(1, 3) - 3.5 / 2.25).abs() < 1e-12);
        assert_eq!(by_kind.weight(0, 2), 1.0);
    }

    #[test]
    fn bad_links_are_named_with_their_line_and_field() {
        let links = "source,target,kind,weight,date\n\
            P-1,P-9,call,1,\n\
            P-1,P-2,bribery,1,\n\
            P-2,P-2,call,1,\n\
            P-1,P-2,call,-2,\n\
            P-1,P-2,call,0,\n\
            P-1,P-2,call,x,\n\
            P-1,P-2,call,1,2024-02-30\n\
            P-1,P-2,call\n";
        let p = problems(read(ENTITIES, links));
        let expected = [
            "links.csv, line 2, field `target`: `P-9` is not an entity of the entities file",
            "links.csv, line 3, field `kind`: `bribery` is not a kind of link",
            "links.csv, line 4, field `target`: a link from `P-2` to itself",
            "links.csv, line 5, field `weight`: `-2` is negative",
            "links.csv, line 6, field `weight`: `0` is not greater than 0",
            "links.csv, line 7, field `weight`: `x` is not a number",
            "links.csv, line 8, field `date`: `2024-02-30` is not a date",
            "links.csv, line 9: 3 fields, the header has 5",
        ];
        assert_eq!(p.len(), expected.len(), "{p:#?}");
        for (got, want) in p.iter().zip(expected) {
            assert!(got.starts_with(want), "{got} / {want}");
        }
    }

    #[test]
    fn bad_entities_and_empty_files_are_refused() {
        let entities = "id,kind,country\nP-1,person,FRA\nP-1,person,FR\n,person,\nX-1,spaceship,\n";
        let p = problems(read(entities, LINKS));
        assert!(
            p[0].starts_with("entities.csv, line 2, field `country`: `FRA` is not a two-letter"),
            "{p:?}"
        );
        assert!(
            p[1].contains("line 3, field `id`: `P-1` is already the id of the entity on line 2"),
            "{p:?}"
        );
        assert!(p[2].contains("line 4, field `id`: the id is empty"), "{p:?}");
        assert!(
            p[3].contains("line 5, field `kind`: `spaceship` is not a kind of entity"),
            "{p:?}"
        );
        let p = problems(read("", LINKS));
        assert_eq!(p, ["entities.csv: the file is empty (expected a header line)"]);
        let p = problems(read(ENTITIES, "source,target,kind\n"));
        assert_eq!(p, ["links.csv: the file has a header but no link"]);
        let p = problems(read("name,kind\nP-1,person\n", LINKS));
        assert!(p[0].starts_with("entities.csv, line 1: no `id` column"), "{p:?}");
    }

    #[test]
    fn dates() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2024-13-01"));
        assert!(!valid_date("31/01/2024"));
        assert!(!valid_date("2024-1-01"));
    }
}
