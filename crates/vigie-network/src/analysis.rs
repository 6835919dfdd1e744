//! What the city can act on, from the structure: links abroad and the local entities that relay them,
//! facilitators (companies and premises that connect several groups) with the barriers where a municipality has
//! levers, families within groups, and each area's presence. All descriptive: counts of recorded links, never a
//! prediction about a person.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::graph::Graph;
use crate::input::{EntityKind, LinkKind, Network};

/// International calling codes (ITU-T E.164) of the countries most often seen in European trafficking and
/// organised crime cases, and of the EU and Council of Europe members. Longest prefix wins.
const CALLING_CODES: &[(&str, &str)] = &[
    ("1", "US"),
    ("7", "RU"),
    ("20", "EG"),
    ("27", "ZA"),
    ("30", "GR"),
    ("31", "NL"),
    ("32", "BE"),
    ("33", "FR"),
    ("34", "ES"),
    ("36", "HU"),
    ("39", "IT"),
    ("40", "RO"),
    ("41", "CH"),
    ("43", "AT"),
    ("44", "GB"),
    ("45", "DK"),
    ("46", "SE"),
    ("47", "NO"),
    ("48", "PL"),
    ("49", "DE"),
    ("51", "PE"),
    ("52", "MX"),
    ("55", "BR"),
    ("57", "CO"),
    ("58", "VE"),
    ("60", "MY"),
    ("62", "ID"),
    ("63", "PH"),
    ("66", "TH"),
    ("84", "VN"),
    ("86", "CN"),
    ("90", "TR"),
    ("91", "IN"),
    ("92", "PK"),
    ("93", "AF"),
    ("212", "MA"),
    ("213", "DZ"),
    ("216", "TN"),
    ("218", "LY"),
    ("220", "GM"),
    ("221", "SN"),
    ("223", "ML"),
    ("224", "GN"),
    ("225", "CI"),
    ("226", "BF"),
    ("227", "NE"),
    ("228", "TG"),
    ("229", "BJ"),
    ("231", "LR"),
    ("232", "SL"),
    ("233", "GH"),
    ("234", "NG"),
    ("237", "CM"),
    ("243", "CD"),
    ("249", "SD"),
    ("251", "ET"),
    ("291", "ER"),
    ("351", "PT"),
    ("352", "LU"),
    ("353", "IE"),
    ("354", "IS"),
    ("355", "AL"),
    ("356", "MT"),
    ("357", "CY"),
    ("358", "FI"),
    ("359", "BG"),
    ("370", "LT"),
    ("371", "LV"),
    ("372", "EE"),
    ("373", "MD"),
    ("374", "AM"),
    ("375", "BY"),
    ("380", "UA"),
    ("381", "RS"),
    ("382", "ME"),
    ("383", "XK"),
    ("385", "HR"),
    ("386", "SI"),
    ("387", "BA"),
    ("389", "MK"),
    ("420", "CZ"),
    ("421", "SK"),
    ("880", "BD"),
    ("963", "SY"),
    ("964", "IQ"),
    ("994", "AZ"),
    ("995", "GE"),
];

/// The country of an international phone number (`+40 721 …` or `0040 721 …`), by its calling code; `None` for a
/// number written without one (a national number) or an unknown code.
pub fn phone_country(label: &str) -> Option<&'static str> {
    let digits: String = label
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'))
        .collect();
    let rest = digits.strip_prefix('+').or_else(|| digits.strip_prefix("00"))?;
    if !rest.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    (1..=3)
        .rev()
        .filter_map(|len| rest.get(..len))
        .find_map(|prefix| {
            CALLING_CODES
                .iter()
                .find(|(code, _)| *code == prefix)
                .map(|(_, country)| *country)
        })
}

/// The city's own country: the one given, or the most common country among the entities (ties: alphabetical).
pub fn home_country(network: &Network, given: Option<&str>) -> Option<String> {
    if let Some(c) = given {
        return Some(c.to_ascii_uppercase());
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &network.entities {
        if let Some(c) = &e.country {
            *counts.entry(c.as_str()).or_insert(0) += 1;
        }
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(c, _)| c.to_owned())
}

/// Which entities are abroad: a country other than `home`, or a phone number with another country's calling code.
pub fn abroad(network: &Network, home: Option<&str>) -> Vec<bool> {
    network
        .entities
        .iter()
        .map(|e| {
            let foreign = |c: &str| home.is_some_and(|h| h != c);
            e.country.as_deref().is_some_and(foreign)
                || (e.kind == EntityKind::Phone && phone_country(&e.label).is_some_and(foreign))
        })
        .collect()
}

/// A local entity in touch with entities abroad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relay {
    /// Entity index.
    pub node: u32,
    /// The entities abroad it is linked to, directly or (for a person) through a phone, account or vehicle that
    /// it is linked to; a phone, account or vehicle abroad brings in the persons abroad it belongs to.
    pub abroad: Vec<u32>,
    /// The countries of those entities.
    pub countries: Vec<String>,
}

fn is_instrument(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Phone | EntityKind::BankAccount | EntityKind::Vehicle
    )
}

/// The country an entity abroad is in (its country, or its phone number's).
fn country_of(network: &Network, v: u32) -> Option<String> {
    let e = &network.entities[v as usize];
    e.country.clone().or_else(|| {
        (e.kind == EntityKind::Phone)
            .then(|| phone_country(&e.label).map(str::to_owned))
            .flatten()
    })
}

/// The local entities in touch with entities abroad, most contacts first (ties: entity order).
pub fn relays(network: &Network, graph: &Graph, abroad: &[bool]) -> Vec<Relay> {
    let mut out = Vec::new();
    for v in 0..graph.node_count() as u32 {
        if abroad[v as usize] {
            continue;
        }
        let mut reached: BTreeSet<u32> = BTreeSet::new();
        for &u in graph.neighbors(v) {
            if abroad[u as usize] {
                reached.insert(u);
            } else if network.entities[v as usize].kind == EntityKind::Person
                && is_instrument(network.entities[u as usize].kind)
            {
                reached.extend(graph.neighbors(u).iter().filter(|w| abroad[**w as usize]));
            }
        }
        // a phone, account or vehicle abroad stands for the persons abroad it belongs to
        let owners: Vec<u32> = reached
            .iter()
            .filter(|&&u| is_instrument(network.entities[u as usize].kind))
            .flat_map(|&u| graph.neighbors(u).iter().copied())
            .filter(|&w| abroad[w as usize] && network.entities[w as usize].kind == EntityKind::Person)
            .collect();
        reached.extend(owners);
        if !reached.is_empty() {
            let countries: BTreeSet<String> =
                reached.iter().filter_map(|&u| country_of(network, u)).collect();
            out.push(Relay {
                node: v,
                abroad: reached.into_iter().collect(),
                countries: countries.into_iter().collect(),
            });
        }
    }
    out.sort_by(|a, b| b.abroad.len().cmp(&a.abroad.len()).then(a.node.cmp(&b.node)));
    out
}

/// Where a municipality can raise a barrier (the barrier model of the administrative approach).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Barrier {
    /// Permits, licences, inspections of businesses and premises.
    Entry,
    /// Tenancies, landlords, housing inspections.
    Housing,
    /// Employment, labour inspection.
    Work,
    /// Payments, accounts, ownership of assets.
    Finance,
}

/// A company or premises linked to several groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facilitator {
    pub node: u32,
    /// The communities of its neighbours, ascending.
    pub communities: Vec<u32>,
    /// Its links by kind.
    pub links: BTreeMap<LinkKind, usize>,
    pub barriers: Vec<Barrier>,
}

/// Companies and premises whose neighbours belong to at least two communities, most communities first.
pub fn facilitators(network: &Network, graph: &Graph, membership: &[u32]) -> Vec<Facilitator> {
    let mut links: Vec<BTreeMap<LinkKind, usize>> = vec![BTreeMap::new(); network.entities.len()];
    for l in &network.links {
        for end in [l.source, l.target] {
            *links[end as usize].entry(l.kind).or_insert(0) += 1;
        }
    }
    let mut out = Vec::new();
    for (v, e) in network.entities.iter().enumerate() {
        if !matches!(e.kind, EntityKind::Company | EntityKind::Premises) {
            continue;
        }
        let communities: BTreeSet<u32> = graph
            .neighbors(v as u32)
            .iter()
            .map(|&u| membership[u as usize])
            .collect();
        if communities.len() < 2 {
            continue;
        }
        let kinds = &links[v];
        let mut barriers = vec![Barrier::Entry];
        if kinds.contains_key(&LinkKind::Tenancy) || e.kind == EntityKind::Premises {
            barriers.push(Barrier::Housing);
        }
        if kinds.contains_key(&LinkKind::Employment) {
            barriers.push(Barrier::Work);
        }
        if kinds.contains_key(&LinkKind::Payment) || kinds.contains_key(&LinkKind::Ownership) {
            barriers.push(Barrier::Finance);
        }
        out.push(Facilitator {
            node: v as u32,
            communities: communities.into_iter().collect(),
            links: kinds.clone(),
            barriers,
        });
    }
    out.sort_by(|a, b| {
        b.communities
            .len()
            .cmp(&a.communities.len())
            .then(a.node.cmp(&b.node))
    });
    out
}

/// A family: persons connected by kinship links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Family {
    pub members: Vec<u32>,
    /// The communities its members are in.
    pub communities: Vec<u32>,
}

/// The families (connected sets of two or more persons by kinship links), largest first.
pub fn families(network: &Network, membership: &[u32]) -> Vec<Family> {
    let n = network.entities.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut v: u32) -> u32 {
        while parent[v as usize] != v {
            let p = parent[v as usize];
            parent[v as usize] = parent[p as usize];
            v = p;
        }
        v
    }
    for l in network.links.iter().filter(|l| l.kind == LinkKind::Kinship) {
        let (a, b) = (root(&mut parent, l.source), root(&mut parent, l.target));
        if a != b {
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    let mut groups: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let in_kinship: BTreeSet<u32> = network
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Kinship)
        .flat_map(|l| [l.source, l.target])
        .collect();
    for &v in &in_kinship {
        let r = root(&mut parent, v);
        groups.entry(r).or_default().push(v);
    }
    let mut out: Vec<Family> = groups
        .into_values()
        .filter(|m| m.len() >= 2)
        .map(|members| {
            let communities: BTreeSet<u32> = members.iter().map(|&v| membership[v as usize]).collect();
            Family {
                members,
                communities: communities.into_iter().collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members.cmp(&b.members))
    });
    out
}

/// What of the networks touches one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaPresence {
    pub area: String,
    /// Companies and premises in the area with at least one link.
    pub premises: usize,
    /// Communities with an entity in the area (ascending).
    pub communities: Vec<u32>,
    /// Entities of any kind in the area with at least one link.
    pub entities: usize,
}

/// Per area, the network-linked premises and the communities that touch it (areas in name order).
pub fn area_presence(network: &Network, graph: &Graph, membership: &[u32]) -> Vec<AreaPresence> {
    let mut by_area: BTreeMap<&str, (usize, BTreeSet<u32>, usize)> = BTreeMap::new();
    for (v, e) in network.entities.iter().enumerate() {
        let Some(area) = e.area.as_deref() else { continue };
        if graph.degree(v as u32) == 0 {
            continue;
        }
        let slot = by_area.entry(area).or_default();
        slot.2 += 1;
        slot.1.insert(membership[v]);
        if matches!(e.kind, EntityKind::Company | EntityKind::Premises) {
            slot.0 += 1;
        }
    }
    by_area
        .into_iter()
        .map(|(area, (premises, communities, entities))| AreaPresence {
            area: area.to_owned(),
            premises,
            communities: communities.into_iter().collect(),
            entities,
        })
        .collect()
}

/// The adjusted Rand index of two partitions of the same items (Hubert & Arabie 1985): 1 for identical
/// partitions, about 0 for independent ones. `None` for fewer than two items or mismatched lengths.
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> Option<f64> {
    if a.len() != b.len() || a.len() < 2 {
        return None;
    }
    let pairs = |x: f64| x * (x - 1.0) / 2.0;
    let mut table: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    let mut rows: BTreeMap<u32, f64> = BTreeMap::new();
    let mut cols: BTreeMap<u32, f64> = BTreeMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *table.entry((x, y)).or_insert(0.0) += 1.0;
        *rows.entry(x).or_insert(0.0) += 1.0;
        *cols.entry(y).or_insert(0.0) += 1.0;
    }
    let index: f64 = table.values().map(|&n| pairs(n)).sum();
    let sa: f64 = rows.values().map(|&n| pairs(n)).sum();
    let sb: f64 = cols.values().map(|&n| pairs(n)).sum();
    let expected = sa * sb / pairs(a.len() as f64);
    let max = (sa + sb) / 2.0;
    if (max - expected).abs() < f64::EPSILON {
        return Some(1.0);
    }
    Some((index - expected) / (max - expected))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn phone_countries() {
        assert_eq!(phone_country("+40 721 000 000"), Some("RO"));
        assert_eq!(phone_country("00359 88 123 4567"), Some("BG"));
        assert_eq!(phone_country("+33 6 39 98 10 85"), Some("FR"));
        assert_eq!(phone_country("+234 803 000 0000"), Some("NG"));
        assert_eq!(phone_country("+1 202 555 0100"), Some("US"));
        assert_eq!(phone_country("06 39 98 10 85"), None);
        assert_eq!(phone_country("+999 1"), None);
        assert_eq!(phone_country("+33 6 abc"), None);
    }

    #[test]
    fn adjusted_rand_index_known_values() {
        // identical up to relabelling
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[5, 5, 2, 2]), Some(1.0));
        // scikit-learn: adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.5714285714285715
        let ari = adjusted_rand_index(&[0, 0, 1, 2], &[0, 0, 1, 1]).unwrap();
        assert!((ari - 0.5714285714285715).abs() < 1e-12, "{ari}");
        // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) = -0.5
        let ari = adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]).unwrap();
        assert!((ari + 0.5).abs() < 1e-12, "{ari}");
        assert_eq!(adjusted_rand_index(&[0], &[0]), None);
    }

    fn network() -> Network {
        let entities = "id,kind,label,country,area\n\
            P-1,person,P-1,FR,\nP-2,person,P-2,FR,\nP-3,person,P-3,FR,\nP-4,person,P-4,FR,\n\
            T-1,phone,+33 6 00 00 00 01,FR,\nT-9,phone,+40 721 000 000,,\nX-1,person,X-1,AL,\n\
            C-1,company,Bar Le Balto,FR,N01\nL-1,premises,3 rue Haute,FR,N02\nY-1,person,Y-1,RO,\n";
        let links = "source,target,kind,weight,date\n\
            P-1,P-2,kinship,1,\nP-2,P-3,co_offending,1,\nP-3,P-4,kinship,1,\n\
            P-1,T-1,ownership,1,\nT-1,T-9,call,4,\nP-2,X-1,meeting,1,\n\
            C-1,P-1,employment,1,\nC-1,P-4,payment,1,\nL-1,P-4,tenancy,1,\nY-1,T-9,ownership,1,\n";
        Network::read(entities.as_bytes(), "e.csv", links.as_bytes(), "l.csv").unwrap()
    }

    #[test]
    fn abroad_relays_facilitators_families_areas() {
        let n = network();
        let g = n.graph().unwrap();
        let home = home_country(&n, None).unwrap();
        assert_eq!(home, "FR");
        let ab = abroad(&n, Some(&home));
        assert_eq!(
            ab,
            [false, false, false, false, false, true, true, false, false, true]
        );
        let r = relays(&n, &g, &ab);
        // P-1 reaches the Romanian phone through its own phone, T-1 directly (both with its owner Y-1); P-2 meets
        // X-1 (AL); most contacts first
        let nodes: Vec<u32> = r.iter().map(|x| x.node).collect();
        assert_eq!(nodes, [0, 4, 1]);
        assert_eq!(r[0].abroad, [5, 9], "the Romanian phone and its owner");
        assert_eq!(r[0].countries, ["RO"]);
        assert_eq!(r[2].countries, ["AL"]);
        // two communities: {P-1, P-2, T-1, T-9, X-1, C-1} and {P-3, P-4, L-1}
        let membership = [0, 0, 1, 1, 0, 0, 0, 0, 1, 0];
        let f = facilitators(&n, &g, &membership);
        assert_eq!(
            f.len(),
            1,
            "C-1 links P-1 (community 0) and P-4 (community 1); L-1 only community 1"
        );
        assert_eq!(f[0].node, 7);
        assert_eq!(f[0].barriers, [Barrier::Entry, Barrier::Work, Barrier::Finance]);
        let fam = families(&n, &membership);
        assert_eq!(fam.len(), 2);
        assert_eq!(fam[0].members, [0, 1]);
        assert_eq!(fam[1].members, [2, 3]);
        let areas = area_presence(&n, &g, &membership);
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[0].area, "N01");
        assert_eq!(areas[0].premises, 1);
        assert_eq!(areas[0].communities, [0]);
        assert_eq!(areas[1].communities, [1]);
    }
}
