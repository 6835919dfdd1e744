//! Entity resolution: the same company, premises, phone, vehicle or bank account written twice (by two sources, or
//! twice by one) becomes one entity before the analysis, so that a facilitator is not split in two and a broker
//! does not vanish between duplicates. Persons are not resolved here: they arrive pseudonymised, their ids being
//! the output of the privacy-preserving record linkage (`vigie link`).
//!
//! Labels are normalised with the linkage crate's rules (case, accents, other scripts, punctuation: `vigie-linkage`
//! `normalise::name`), then:
//! - phones: the digits, compared on their last nine (`06 12 34 56 78` = `+33 6 12 34 56 78`);
//! - bank accounts and vehicles: letters and digits only, exactly (`FR76 3000 …` = `fr7630000…`);
//! - companies and premises: legal forms dropped (`SARL`, `SAS`, `Ltd` …), then the Dice coefficient of the
//!   labels' character bigrams at least the threshold, and never two in different areas.
//!
//! Every merge is reported; the first entity of a group (in file order) keeps its id and its attributes; links
//! are re-pointed to it, and links between two duplicates disappear.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use vigie_linkage::normalise;
use vigie_linkage::schema::NormaliseSpec;

use crate::error::{Error, Result};
use crate::input::{EntityKind, Link, Network};

/// The default similarity (Dice of bigrams) above which two company or premises labels are the same.
pub const DEFAULT_THRESHOLD: f64 = 0.85;

/// Legal forms and filler words left out of company labels before comparing.
const LEGAL_FORMS: &[&str] = &[
    "sarl",
    "sas",
    "sasu",
    "eurl",
    "sa",
    "snc",
    "sci",
    "ltd",
    "limited",
    "llc",
    "inc",
    "gmbh",
    "ug",
    "bv",
    "nv",
    "srl",
    "spa",
    "sl",
    "sp",
    "zoo",
    "ooo",
    "ets",
    "etablissements",
    "societe",
    "company",
    "co",
];

/// Entities merged into one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merge {
    pub kind: EntityKind,
    /// The id kept.
    pub kept: String,
    /// The ids merged into it.
    pub merged: Vec<String>,
    /// Their labels, in the same order (kept first).
    pub labels: Vec<String>,
}

/// The comparable form of a label, or `None` when the entity is never merged.
fn key(kind: EntityKind, label: &str) -> Option<String> {
    let spec = NormaliseSpec::default();
    let alnum = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let k = match kind {
        EntityKind::Person => return None,
        EntityKind::Phone => {
            let digits: String = label.chars().filter(char::is_ascii_digit).collect();
            let n = digits.len();
            if n < 6 {
                return None;
            }
            digits[n.saturating_sub(9)..].to_owned()
        }
        EntityKind::BankAccount | EntityKind::Vehicle => alnum(&normalise::exact(label, &spec)),
        EntityKind::Company | EntityKind::Premises => {
            let name = normalise::name(label, &spec);
            let words: Vec<&str> = name.split(' ').filter(|w| !LEGAL_FORMS.contains(w)).collect();
            if words.is_empty() { name } else { words.join(" ") }
        }
    };
    (!k.is_empty()).then_some(k)
}

fn bigrams(s: &str) -> BTreeSet<(char, char)> {
    let padded: Vec<char> = std::iter::once(' ')
        .chain(s.chars())
        .chain(std::iter::once(' '))
        .collect();
    padded.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The Dice coefficient of two sets of bigrams.
fn dice(a: &BTreeSet<(char, char)>, b: &BTreeSet<(char, char)>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

fn find(parent: &mut [usize], mut v: usize) -> usize {
    while parent[v] != v {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    v
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    // The earlier entity (in file order) stays the representative.
    if ra < rb {
        parent[rb] = ra;
    } else if rb < ra {
        parent[ra] = rb;
    }
}

/// Merges duplicate non-person entities (see the module documentation). `threshold` in `(0, 1]` applies to
/// companies and premises. Returns the resolved network and the merges made.
pub fn resolve(network: &Network, threshold: f64) -> Result<(Network, Vec<Merge>)> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(Error::InvalidOption(format!(
            "the resolution threshold {threshold} is not in (0, 1]"
        )));
    }
    let n = network.entities.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let keys: Vec<Option<String>> = network.entities.iter().map(|e| key(e.kind, &e.label)).collect();
    // Exact keys: phones, accounts, vehicles (and identical company labels).
    let mut first: HashMap<(EntityKind, &str, Option<&str>), usize> = HashMap::new();
    for (v, e) in network.entities.iter().enumerate() {
        let Some(k) = keys[v].as_deref() else { continue };
        let area = match e.kind {
            EntityKind::Company | EntityKind::Premises => e.area.as_deref(),
            _ => None,
        };
        match first.get(&(e.kind, k, area)) {
            Some(&u) => union(&mut parent, u, v),
            None => {
                first.insert((e.kind, k, area), v);
            }
        }
    }
    // Fuzzy labels: companies and premises of the same kind and area (or without area), blocked by the first
    // letter of the normalised label, so that the comparison stays near-linear for large files.
    let mut blocks: BTreeMap<(EntityKind, char), Vec<usize>> = BTreeMap::new();
    for (v, e) in network.entities.iter().enumerate() {
        if let (EntityKind::Company | EntityKind::Premises, Some(k)) = (e.kind, keys[v].as_deref())
            && let Some(c) = k.chars().next()
        {
            blocks.entry((e.kind, c)).or_default().push(v);
        }
    }
    for members in blocks.values() {
        let grams: Vec<BTreeSet<(char, char)>> = members
            .iter()
            .map(|&v| bigrams(keys[v].as_deref().unwrap_or("")))
            .collect();
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                let (a, b) = (&network.entities[members[i]], &network.entities[members[j]]);
                let same_place = match (&a.area, &b.area) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
                if same_place && dice(&grams[i], &grams[j]) >= threshold {
                    union(&mut parent, members[i], members[j]);
                }
            }
        }
    }

    // The resolved network.
    let roots: Vec<usize> = (0..n).map(|v| find(&mut parent, v)).collect();
    let mut new_index = vec![u32::MAX; n];
    let mut entities = Vec::new();
    for v in 0..n {
        if roots[v] == v {
            new_index[v] = entities.len() as u32;
            entities.push(network.entities[v].clone());
        }
    }
    let mut merges: BTreeMap<usize, Merge> = BTreeMap::new();
    for (v, &r) in roots.iter().enumerate() {
        if r != v {
            let m = merges.entry(r).or_insert_with(|| Merge {
                kind: network.entities[r].kind,
                kept: network.entities[r].id.clone(),
                merged: Vec::new(),
                labels: vec![network.entities[r].label.clone()],
            });
            m.merged.push(network.entities[v].id.clone());
            m.labels.push(network.entities[v].label.clone());
        }
    }
    let links: Vec<Link> = network
        .links
        .iter()
        .filter_map(|l| {
            let (s, t) = (
                new_index[roots[l.source as usize]],
                new_index[roots[l.target as usize]],
            );
            (s != t).then(|| Link {
                source: s,
                target: t,
                ..l.clone()
            })
        })
        .collect();
    Ok((Network { entities, links }, merges.into_values().collect()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ENTITIES: &str = "id,kind,label,country,area\n\
        P-1,person,P-1,,\n\
        P-2,person,P-1,,\n\
        C-1,company,Bar du Port SARL,FR,N01\n\
        C-2,company,BAR DU PORT,FR,N01\n\
        C-3,company,Bar du Port,FR,N07\n\
        C-4,company,Garage Central,FR,N01\n\
        T-1,phone,06 12 34 56 78,,\n\
        T-2,phone,+33 6 12 34 56 78,,\n\
        T-3,phone,+33 6 99 34 56 78,,\n\
        B-1,bank_account,FR76 3000 6000 0112 3456 7890 189,,\n\
        B-2,bank_account,fr7630006000011234567890189,,\n";
    const LINKS: &str = "source,target,kind,weight,date\n\
        P-1,C-1,employment,1,\n\
        P-2,C-2,employment,1,\n\
        C-1,C-2,ownership,1,\n\
        P-1,T-1,call,3,\n\
        P-2,T-2,call,2,\n\
        P-1,B-1,payment,1,\n\
        P-2,B-2,payment,1,\n\
        P-2,C-3,employment,1,\n";

    #[test]
    fn duplicates_are_merged_and_links_re_pointed() {
        let net = Network::read(ENTITIES.as_bytes(), "e.csv", LINKS.as_bytes(), "l.csv").unwrap();
        let (r, merges) = resolve(&net, DEFAULT_THRESHOLD).unwrap();
        let ids: Vec<&str> = r.entities.iter().map(|e| e.id.as_str()).collect();
        // Persons are never merged (same label, two pseudonyms); the bar in another area stays apart; the other
        // phone stays apart.
        assert_eq!(ids, ["P-1", "P-2", "C-1", "C-3", "C-4", "T-1", "T-3", "B-1"]);
        let kept: Vec<(&str, Vec<&str>)> = merges
            .iter()
            .map(|m| (m.kept.as_str(), m.merged.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            kept,
            [("C-1", vec!["C-2"]), ("T-1", vec!["T-2"]), ("B-1", vec!["B-2"])]
        );
        // The ownership link between the two duplicates is gone; the rest point to the kept entities.
        assert_eq!(r.links.len(), LINKS.lines().count() - 2);
        let c1 = r.index_of("C-1").unwrap();
        assert_eq!(r.links.iter().filter(|l| l.target == c1).count(), 2);
        let t1 = r.index_of("T-1").unwrap();
        assert_eq!(r.links.iter().filter(|l| l.target == t1).count(), 2);
        assert!(r.links.iter().all(|l| l.source != l.target));
    }

    #[test]
    fn a_threshold_of_one_merges_only_identical_labels_and_bad_thresholds_are_refused() {
        let net = Network::read(ENTITIES.as_bytes(), "e.csv", LINKS.as_bytes(), "l.csv").unwrap();
        let (_, merges) = resolve(&net, 1.0).unwrap();
        // "Bar du Port SARL" and "BAR DU PORT" normalise alike (legal form dropped): still one.
        assert_eq!(merges.len(), 3);
        assert!(resolve(&net, 0.0).is_err());
        assert!(resolve(&net, f64::NAN).is_err());
        let (_, low) = resolve(&net, 0.2).unwrap();
        assert!(low.iter().all(|m| m.kind != EntityKind::Person));
    }
}
