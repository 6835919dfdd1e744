//! The criminal network: entities (persons, companies, premises, phones, vehicles, bank accounts) and links.
//!
//! Structure, all of it recorded in the truth:
//!
//! * 6–10 **groups** of 8–25 persons, each with a kind (drug trafficking, sexual or labour exploitation,
//!   forced begging, extortion, forced criminality) and a home area (drug groups sit in hot-spot areas). Inside
//!   a group: a co-offending spanning tree (so every group is connected) plus random co-offending and meeting
//!   ties, and 1–3 families with kinship ties.
//! * Every local person owns one phone (some two); most personal ties come with calls between their phones.
//! * Each group owns 1–2 front **companies** (bars, car washes, nail salons, construction subcontractors …)
//!   that rent premises, employ members, own vehicles and bank accounts and pay the leader; members rent flats.
//! * **Foreign contacts**: 1–2 persons abroad per group (NG, AL, RO, BG, MA, NL, ES by kind), reached by calls
//!   and payments, sometimes kin of the leader.
//! * **Brokers**: members of two groups (co-offending in both), and outsiders running a money transfer shop who
//!   meet, call and are paid by the leaders of 2–3 groups.
//! * **Associates**: 2–4 peripheral persons per group with a single meeting or call.
//!
//! Persons are pseudonymised (`P-0042`, never a name). Identifiers of every kind are numbered in a random
//! order, so that they do not reveal the group structure.

use std::collections::{BTreeMap, BTreeSet};

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use serde::Serialize;

use crate::areas::Areas;
use crate::incidents::HotSpot;
use crate::util::{Span, chance, csv_row, date_text, from_julian, index, poisson};

const KINDS: [&str; 6] = [
    "person",
    "company",
    "premises",
    "phone",
    "vehicle",
    "bank_account",
];
const PREFIX: [&str; 6] = ["P", "C", "L", "T", "V", "B"];

const GROUP_KINDS: [&str; 10] = [
    "drug_trafficking",
    "sexual_exploitation",
    "labour_exploitation",
    "drug_trafficking",
    "extortion",
    "forced_begging",
    "sexual_exploitation",
    "forced_criminality",
    "drug_trafficking",
    "labour_exploitation",
];

fn companies_for(kind: &str) -> &'static [&'static str] {
    match kind {
        "drug_trafficking" => &[
            "Bar Le Balto",
            "Bar Le Diplomate",
            "Snack L'Escale",
            "Snack Le Soleil",
            "Lavage Auto Express",
            "Lav'Auto Pro",
            "Épicerie de nuit Le Lampadaire",
            "Chicha Lounge L'Oasis",
        ],
        "sexual_exploitation" => &[
            "Onglerie Belle Main",
            "Nail Bar Lotus",
            "Salon de massage Jade",
            "Institut Orchidée",
            "Hôtel du Parc (meublés)",
            "Ongles & Beauté",
        ],
        "labour_exploitation" => &[
            "BTP Rhône Services SARL",
            "Bâti-Sud Sous-Traitance",
            "Net'Pro Nettoyage",
            "Propreté Vallombre SAS",
            "Restaurant Le Grand Wok",
            "Maçonnerie Générale Ouest",
        ],
        "forced_begging" => &[
            "Transports Express Europe",
            "Ferraille & Récup' Est",
            "Marché aux Puces Vallombre",
        ],
        "extortion" => &[
            "Sécurité Privée Alpha",
            "Discothèque Le Velvet",
            "Dépannage Auto 24",
            "Gardiennage Sigma",
        ],
        _ => &[
            "Téléphonie Mobile Plus",
            "Snack Le Kiosque",
            "Sneakers Outlet",
            "Réparation Smartphones Express",
        ],
    }
}

const MONEY_SHOPS: [&str; 4] = [
    "Transfert Express Monde",
    "Global Cash Transfert",
    "Envoi Rapide Europe-Afrique",
    "Change & Transfert du Marché",
];

fn foreign_countries(kind: &str) -> &'static [&'static str] {
    match kind {
        "drug_trafficking" => &["NL", "ES", "MA"],
        "sexual_exploitation" => &["NG", "RO", "AL"],
        "labour_exploitation" | "forced_begging" => &["RO", "BG"],
        "extortion" => &["AL"],
        _ => &["MA", "ES"],
    }
}

fn dialling_code(country: &str) -> &'static str {
    match country {
        "NG" => "+234",
        "AL" => "+355",
        "RO" => "+40",
        "BG" => "+359",
        "MA" => "+212",
        "NL" => "+31",
        "ES" => "+34",
        _ => "+33",
    }
}

const STREETS: [&str; 18] = [
    "rue des Glycines",
    "avenue du Onze-Novembre",
    "rue de la Verrerie",
    "impasse des Tanneurs",
    "boulevard des Forges",
    "rue Sainte-Odile",
    "allée des Peupliers",
    "chemin de Combe-Noire",
    "place du Marché",
    "rue du Petit-Lac",
    "quai Saulnier",
    "rue des Hirondelles",
    "rue de la Filature",
    "cours de la Gare",
    "rue des Quatre-Vents",
    "avenue de la Roseraie",
    "rue du Coteau",
    "passage des Carrières",
];

const VEHICLES: [&str; 9] = [
    "Renault Clio",
    "Peugeot 308",
    "Volkswagen Golf",
    "Mercedes Classe C",
    "Renault Master (van)",
    "BMW Série 3",
    "Audi A3",
    "Citroën Berlingo (van)",
    "Yamaha TMax (scooter)",
];

struct Entity {
    kind: usize,
    label: String,
    country: &'static str,
    area: String,
}

struct Link {
    source: usize,
    target: usize,
    kind: &'static str,
    weight: u64,
    jd: i32,
}

struct Group {
    kind: &'static str,
    home_area: usize,
    leader: usize,
    members: Vec<usize>,
    associates: Vec<usize>,
    companies: Vec<usize>,
    foreign: Vec<usize>,
    phones: BTreeMap<usize, Vec<usize>>,
    leader_account: usize,
    accounts: Vec<usize>,
}

struct Builder<'r, R: Rng + ?Sized> {
    rng: &'r mut R,
    span: Span,
    entities: Vec<Entity>,
    links: Vec<Link>,
    seen: BTreeSet<(usize, usize, &'static str)>,
    labels: BTreeSet<String>,
    used_companies: BTreeSet<&'static str>,
}

impl<R: Rng + ?Sized> Builder<'_, R> {
    fn add(&mut self, kind: usize, label: String, country: &'static str, area: String) -> usize {
        self.entities.push(Entity {
            kind,
            label,
            country,
            area,
        });
        self.entities.len() - 1
    }

    fn person(&mut self, country: &'static str) -> usize {
        self.add(0, String::new(), country, String::new())
    }

    /// A label not used before, drawn by `make` (a counter is appended after many collisions).
    fn unique(&mut self, make: impl Fn(&mut R) -> String) -> String {
        for _ in 0..50 {
            let l = make(self.rng);
            if self.labels.insert(l.clone()) {
                return l;
            }
        }
        let l = format!("{} #{}", make(self.rng), self.labels.len());
        self.labels.insert(l.clone());
        l
    }

    fn phone(&mut self, owner: usize, country: &'static str) -> usize {
        let code = dialling_code(country);
        let label = self.unique(|r| {
            if country == "FR" {
                // The range ARCEP reserves for fiction.
                format!(
                    "+33 6 39 98 {:02} {:02}",
                    r.random_range(0..100),
                    r.random_range(0..100)
                )
            } else {
                format!("{code} xxx xxx {:04}", r.random_range(0..10_000))
            }
        });
        let p = self.add(3, label, country, String::new());
        self.link(owner, p, "ownership", 1);
        p
    }

    fn account(&mut self, owner: usize, country: &'static str) -> usize {
        let label = self.unique(|r| {
            format!(
                "{country}{:02} xxxx xxxx xxxx {:04}",
                r.random_range(10..100),
                r.random_range(0..10_000)
            )
        });
        let a = self.add(5, label, country, String::new());
        self.link(owner, a, "ownership", 1);
        a
    }

    fn premises(&mut self, area: &str) -> usize {
        let label = self.unique(|r| {
            format!(
                "{} {}",
                r.random_range(1..=180),
                STREETS[r.random_range(0..STREETS.len())]
            )
        });
        self.add(2, label, "FR", area.to_owned())
    }

    fn company(&mut self, pool: &'static [&'static str], area: &str) -> (usize, usize) {
        let free: Vec<&'static str> = pool
            .iter()
            .copied()
            .filter(|c| !self.used_companies.contains(c))
            .collect();
        let name = if free.is_empty() {
            let base = pool.first().copied().unwrap_or("Société");
            format!("{base} {}", self.used_companies.len() + 1)
        } else {
            let n = free[index(self.rng, free.len())];
            self.used_companies.insert(n);
            n.to_owned()
        };
        let premises = self.premises(area);
        let c = self.add(1, name, "FR", area.to_owned());
        self.link(c, premises, "tenancy", 1);
        (c, premises)
    }

    fn vehicle(&mut self, owner: usize) {
        let label = VEHICLES[index(self.rng, VEHICLES.len())].to_owned();
        let v = self.add(4, label, "FR", String::new());
        self.link(owner, v, "ownership", 1);
    }

    /// Adds a link unless the same one exists (symmetric kinds are stored with the lower index first).
    fn link(&mut self, a: usize, b: usize, kind: &'static str, weight: u64) {
        if a == b {
            return;
        }
        let symmetric = matches!(kind, "co_offending" | "meeting" | "kinship" | "call");
        let (source, target) = if symmetric && b < a { (b, a) } else { (a, b) };
        if self.seen.insert((source, target, kind)) {
            let jd = self.rng.random_range(self.span.first..=self.span.last);
            self.links.push(Link {
                source,
                target,
                kind,
                weight: weight.max(1),
                jd,
            });
        }
    }

    fn amount(&mut self, lo: u64, hi: u64) -> u64 {
        self.rng.random_range(lo..=hi) / 10 * 10
    }

    fn first_phone(&self, g: &Group, p: usize) -> Option<usize> {
        g.phones.get(&p).and_then(|v| v.first().copied())
    }
}

fn build_group<R: Rng + ?Sized>(
    b: &mut Builder<'_, R>,
    kind: &'static str,
    home: usize,
    areas: &Areas,
) -> Group {
    let home_id = areas.areas[home].id.clone();
    let size = b.rng.random_range(8..=25_usize);
    let members: Vec<usize> = (0..size).map(|_| b.person("FR")).collect();
    let leader = members[0];
    let mut ties: BTreeSet<(usize, usize)> = BTreeSet::new();
    // Spanning tree of co-offending, leaning towards the core.
    for i in 1..size {
        let j = if chance(b.rng, 0.5) {
            index(b.rng, i.min(3))
        } else {
            index(b.rng, i)
        };
        let w = b.rng.random_range(1..=6);
        b.link(members[i], members[j], "co_offending", w);
        ties.insert((j.min(i), j.max(i)));
    }
    for i in 0..size {
        for j in i + 1..size {
            if chance(b.rng, 0.12) {
                let w = b.rng.random_range(1..=4);
                b.link(members[i], members[j], "co_offending", w);
                ties.insert((i, j));
            }
            if chance(b.rng, 0.08) {
                let w = b.rng.random_range(1..=5);
                b.link(members[i], members[j], "meeting", w);
                ties.insert((i, j));
            }
        }
    }
    // Families.
    let mut order: Vec<usize> = (0..size).collect();
    order.shuffle(b.rng);
    let mut rest = order.as_slice();
    for _ in 0..b.rng.random_range(1..=3) {
        let n = b.rng.random_range(2..=4_usize).min(rest.len());
        let (family, tail) = rest.split_at(n);
        for (x, &i) in family.iter().enumerate() {
            for &j in &family[x + 1..] {
                b.link(members[i], members[j], "kinship", 1);
                ties.insert((i.min(j), i.max(j)));
            }
        }
        rest = tail;
    }
    // Phones and calls.
    let mut phones: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &m in &members {
        let mut v = vec![b.phone(m, "FR")];
        if chance(b.rng, 0.15) {
            v.push(b.phone(m, "FR"));
        }
        phones.insert(m, v);
    }
    for &(i, j) in &ties {
        if chance(b.rng, 0.7) {
            let (pi, pj) = (&phones[&members[i]], &phones[&members[j]]);
            let (x, y) = (pi[index(b.rng, pi.len())], pj[index(b.rng, pj.len())]);
            let w = 1 + poisson(b.rng, 12.0);
            b.link(x, y, "call", w);
        }
    }
    // Companies, premises, vehicles, accounts.
    let leader_account = b.account(leader, "FR");
    let mut accounts = vec![leader_account];
    let mut companies = Vec::new();
    for _ in 0..b.rng.random_range(1..=2) {
        let area = if chance(b.rng, 0.7) || areas.rook[home].is_empty() {
            home_id.clone()
        } else {
            areas.areas[areas.rook[home][index(b.rng, areas.rook[home].len())]]
                .id
                .clone()
        };
        let (c, _) = b.company(companies_for(kind), &area);
        let owner = if chance(b.rng, 0.6) {
            leader
        } else {
            members[1 + index(b.rng, size - 1)]
        };
        b.link(owner, c, "ownership", 1);
        for _ in 0..b.rng.random_range(1..=4) {
            let e = members[index(b.rng, size)];
            b.link(c, e, "employment", 1);
        }
        let acc = b.account(c, "FR");
        let amount = b.amount(1_000, 25_000);
        b.link(acc, leader_account, "payment", amount);
        accounts.push(acc);
        if chance(b.rng, 0.5) {
            b.vehicle(c);
        }
        companies.push(c);
    }
    for _ in 0..b.rng.random_range(1..=3) {
        let flat = b.premises(&home_id);
        let tenant = members[index(b.rng, size)];
        b.link(tenant, flat, "tenancy", 1);
    }
    for _ in 0..b.rng.random_range(1..=3) {
        let owner = members[index(b.rng, size)];
        b.vehicle(owner);
    }
    let mut g = Group {
        kind,
        home_area: home,
        leader,
        members,
        associates: Vec::new(),
        companies,
        foreign: Vec::new(),
        phones,
        leader_account,
        accounts,
    };
    // Foreign contacts.
    let countries = foreign_countries(kind);
    for _ in 0..b.rng.random_range(1..=2) {
        let country = countries[index(b.rng, countries.len())];
        let f = b.person(country);
        let fp = b.phone(f, country);
        let fa = b.account(f, country);
        if let Some(lp) = b.first_phone(&g, leader) {
            let w = 1 + poisson(b.rng, 20.0);
            b.link(lp, fp, "call", w);
        }
        let from = g.accounts[index(b.rng, g.accounts.len())];
        let amount = b.amount(2_000, 60_000);
        b.link(from, fa, "payment", amount);
        if chance(b.rng, 0.3) {
            b.link(leader, f, "kinship", 1);
        }
        g.foreign.push(f);
    }
    // Associates.
    for _ in 0..b.rng.random_range(2..=4) {
        let a = b.person("FR");
        let m = g.members[index(b.rng, g.members.len())];
        if chance(b.rng, 0.5) {
            let w = b.rng.random_range(1..=2);
            b.link(a, m, "meeting", w);
        } else {
            let ap = b.phone(a, "FR");
            if let Some(mp) = b.first_phone(&g, m) {
                let w = 1 + poisson(b.rng, 3.0);
                b.link(ap, mp, "call", w);
            }
        }
        g.associates.push(a);
    }
    g
}

/// A group in the truth.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GroupTruth {
    pub id: String,
    pub kind: &'static str,
    pub home_area: String,
    pub leader: String,
    pub members: Vec<String>,
    pub associates: Vec<String>,
    pub companies: Vec<String>,
    pub foreign_contacts: Vec<String>,
}

/// A broker in the truth.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BrokerTruth {
    pub id: String,
    /// `dual_member` (a member of two groups) or `external` (runs a money transfer shop).
    pub kind: &'static str,
    pub groups: Vec<String>,
}

/// A person abroad in the truth.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ForeignTruth {
    pub id: String,
    pub country: &'static str,
    pub groups: Vec<String>,
}

/// The network's truth.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NetworkTruth {
    pub groups: Vec<GroupTruth>,
    pub brokers: Vec<BrokerTruth>,
    pub foreign_contacts: Vec<ForeignTruth>,
    /// Every person: the groups they are a member of (empty for associates, outside brokers, persons abroad).
    pub person_groups: BTreeMap<String, Vec<String>>,
    pub entities_by_kind: BTreeMap<&'static str, usize>,
    pub links_by_kind: BTreeMap<&'static str, usize>,
}

/// The network files and truth.
pub(crate) struct Generated {
    pub entities_csv: String,
    pub links_csv: String,
    pub truth: NetworkTruth,
}

/// Builds the network.
pub(crate) fn generate<R: Rng + ?Sized>(
    rng: &mut R,
    areas: &Areas,
    hots: &[HotSpot],
    span: Span,
) -> Generated {
    let mut b = Builder {
        rng,
        span,
        entities: Vec::new(),
        links: Vec::new(),
        seen: BTreeSet::new(),
        labels: BTreeSet::new(),
        used_companies: BTreeSet::new(),
    };
    let n_groups = b.rng.random_range(6..=10_usize);
    let mut excluded: Vec<usize> = (0..areas.areas.len()).collect();
    excluded.sort_by(|&x, &y| areas.areas[y].exclusion.total_cmp(&areas.areas[x].exclusion));
    excluded.truncate(15);
    let mut groups = Vec::with_capacity(n_groups);
    let mut drug = 0;
    for kind in GROUP_KINDS.iter().take(n_groups) {
        let home = if *kind == "drug_trafficking" && !hots.is_empty() {
            drug += 1;
            hots[(drug - 1) % hots.len()].area_index
        } else {
            excluded.get(index(b.rng, excluded.len())).copied().unwrap_or(0)
        };
        groups.push(build_group(&mut b, kind, home, areas));
    }

    // Brokers.
    let mut brokers: Vec<(usize, &'static str, Vec<usize>)> = Vec::new();
    let n_dual = if n_groups >= 8 { 2 } else { 1 };
    for _ in 0..n_dual {
        let g1 = index(b.rng, n_groups);
        let candidates: Vec<usize> = groups[g1]
            .members
            .iter()
            .copied()
            .filter(|m| *m != groups[g1].leader && !brokers.iter().any(|x| x.0 == *m))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let m = candidates[index(b.rng, candidates.len())];
        let g2 = (g1 + 1 + index(b.rng, n_groups - 1)) % n_groups;
        let others = groups[g2].members.clone();
        let mut picks = others.clone();
        picks.shuffle(b.rng);
        for &o in picks.iter().take(2) {
            let w = b.rng.random_range(1..=3);
            b.link(m, o, "co_offending", w);
        }
        let mp = b.first_phone(&groups[g1], m);
        let lp = b.first_phone(&groups[g2], groups[g2].leader);
        if let (Some(x), Some(y)) = (mp, lp) {
            let w = 1 + poisson(b.rng, 8.0);
            b.link(x, y, "call", w);
        }
        if let Some(v) = groups[g1].phones.get(&m).cloned() {
            groups[g2].phones.insert(m, v);
        }
        groups[g2].members.push(m);
        brokers.push((m, "dual_member", vec![g1, g2]));
    }
    for _ in 0..2 {
        let broker = b.person("FR");
        let area = areas.areas[excluded.get(index(b.rng, excluded.len())).copied().unwrap_or(0)]
            .id
            .clone();
        let (shop, _) = b.company(&MONEY_SHOPS, &area);
        b.link(broker, shop, "ownership", 1);
        let shop_account = b.account(shop, "FR");
        let bp = b.phone(broker, "FR");
        let mut linked: Vec<usize> = (0..n_groups).collect();
        linked.shuffle(b.rng);
        linked.truncate(b.rng.random_range(2..=3_usize).min(n_groups));
        linked.sort_unstable();
        for &g in &linked {
            let leader = groups[g].leader;
            let w = b.rng.random_range(1..=6);
            b.link(broker, leader, "meeting", w);
            if let Some(lp) = b.first_phone(&groups[g], leader) {
                let w = 1 + poisson(b.rng, 10.0);
                b.link(bp, lp, "call", w);
            }
            let amount = b.amount(5_000, 80_000);
            let from = groups[g].leader_account;
            b.link(from, shop_account, "payment", amount);
            if let Some(fa) = groups[g].foreign.first().and_then(|&f| foreign_account(&b, f)) {
                let amount = b.amount(5_000, 80_000);
                b.link(shop_account, fa, "payment", amount);
            }
        }
        brokers.push((broker, "external", linked));
    }

    finish(b, areas, &groups, &brokers)
}

/// The bank account a person owns, if any.
fn foreign_account<R: Rng + ?Sized>(b: &Builder<'_, R>, person: usize) -> Option<usize> {
    b.links
        .iter()
        .find(|l| l.source == person && l.kind == "ownership" && b.entities[l.target].kind == 5)
        .map(|l| l.target)
}

fn finish<R: Rng + ?Sized>(
    b: Builder<'_, R>,
    areas: &Areas,
    groups: &[Group],
    brokers: &[(usize, &'static str, Vec<usize>)],
) -> Generated {
    let Builder {
        rng, entities, links, ..
    } = b;
    // Identifiers numbered in a random order per kind.
    let mut ids = vec![String::new(); entities.len()];
    for (k, prefix) in PREFIX.iter().enumerate() {
        let mut of_kind: Vec<usize> = (0..entities.len()).filter(|&i| entities[i].kind == k).collect();
        of_kind.shuffle(rng);
        for (n, i) in of_kind.into_iter().enumerate() {
            ids[i] = format!("{prefix}-{:04}", n + 1);
        }
    }
    let mut rows: Vec<(usize, &str, usize)> = (0..entities.len())
        .map(|i| (entities[i].kind, ids[i].as_str(), i))
        .collect();
    rows.sort();
    let mut entities_csv = String::new();
    csv_row(&mut entities_csv, &["id", "kind", "label", "country", "area"]);
    let mut entities_by_kind = BTreeMap::new();
    for (k, id, i) in rows {
        let e = &entities[i];
        let label = if k == 0 { id.to_owned() } else { e.label.clone() };
        csv_row(&mut entities_csv, &[id, KINDS[k], &label, e.country, &e.area]);
        *entities_by_kind.entry(KINDS[k]).or_insert(0) += 1;
    }
    let mut link_rows: Vec<(&str, &str, &str, u64, i32)> = links
        .iter()
        .map(|l| {
            (
                ids[l.source].as_str(),
                ids[l.target].as_str(),
                l.kind,
                l.weight,
                l.jd,
            )
        })
        .collect();
    link_rows.sort();
    let mut links_csv = String::new();
    csv_row(&mut links_csv, &["source", "target", "kind", "weight", "date"]);
    let mut links_by_kind = BTreeMap::new();
    for (s, t, kind, w, jd) in link_rows {
        csv_row(
            &mut links_csv,
            &[s, t, kind, &w.to_string(), &date_text(from_julian(jd))],
        );
        *links_by_kind.entry(kind).or_insert(0) += 1;
    }

    let gid = |g: usize| format!("G{:02}", g + 1);
    let sorted = |v: &[usize]| {
        let mut out: Vec<String> = v.iter().map(|i| ids[*i].clone()).collect();
        out.sort();
        out
    };
    let group_truth: Vec<GroupTruth> = groups
        .iter()
        .enumerate()
        .map(|(g, x)| GroupTruth {
            id: gid(g),
            kind: x.kind,
            home_area: areas.areas[x.home_area].id.clone(),
            leader: ids[x.leader].clone(),
            members: sorted(&x.members),
            associates: sorted(&x.associates),
            companies: sorted(&x.companies),
            foreign_contacts: sorted(&x.foreign),
        })
        .collect();
    let mut person_groups: BTreeMap<String, Vec<String>> = (0..entities.len())
        .filter(|&i| entities[i].kind == 0)
        .map(|i| (ids[i].clone(), Vec::new()))
        .collect();
    for (g, x) in groups.iter().enumerate() {
        for m in &x.members {
            if let Some(v) = person_groups.get_mut(&ids[*m]) {
                v.push(gid(g));
            }
        }
    }
    let mut foreign: Vec<ForeignTruth> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, x)| x.foreign.iter().map(move |f| (g, *f)))
        .map(|(g, f)| ForeignTruth {
            id: ids[f].clone(),
            country: entities[f].country,
            groups: vec![gid(g)],
        })
        .collect();
    foreign.sort_by(|a, b| a.id.cmp(&b.id));
    let mut broker_truth: Vec<BrokerTruth> = brokers
        .iter()
        .map(|(p, kind, gs)| BrokerTruth {
            id: ids[*p].clone(),
            kind,
            groups: gs.iter().map(|g| gid(*g)).collect(),
        })
        .collect();
    broker_truth.sort_by(|a, b| a.id.cmp(&b.id));
    Generated {
        entities_csv,
        links_csv,
        truth: NetworkTruth {
            groups: group_truth,
            brokers: broker_truth,
            foreign_contacts: foreign,
            person_groups,
            entities_by_kind,
            links_by_kind,
        },
    }
}
