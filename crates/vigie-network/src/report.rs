//! One call from a network to everything the analyst sees: components, communities with the modularity, each
//! node's measures, cut vertices and bridges, links abroad and their relays, facilitators with their barriers,
//! families and the areas touched. Weights are compared within a kind of link (`Network::graph_by_kind`): an
//! amount of money and a number of calls do not outweigh each other. Persons appear by their pseudonymous ids only (their labels are never copied
//! into a report); companies, premises and other entities keep their labels, since they are the city's levers.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::{self, AreaPresence, Barrier};
use crate::centrality::{self, Distance, Ties};
use crate::error::{Error, Result};
use crate::input::{EntityKind, LinkKind, Network};
use crate::leiden::{self, LeidenOptions, Objective};
use crate::resolve::{self, Merge};
use crate::structure;

/// Above this many nodes, betweenness is estimated from sampled sources (exact below).
pub const EXACT_BETWEENNESS_LIMIT: usize = 5_000;
/// Sources sampled above [`EXACT_BETWEENNESS_LIMIT`].
pub const DEFAULT_PIVOTS: usize = 1_000;

/// Options of [`analyse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Community detection's objective and resolution.
    pub objective: Objective,
    /// Seed of the community detection and of sampled betweenness.
    pub seed: u64,
    /// Betweenness with distance 1/weight (strong ties are short) instead of hops.
    pub weighted: bool,
    /// The city's country (ISO 3166 alpha-2); by default the most common country among the entities.
    pub home_country: Option<String>,
    /// Sources sampled for betweenness: `None` = exact up to [`EXACT_BETWEENNESS_LIMIT`] nodes, then
    /// [`DEFAULT_PIVOTS`].
    pub pivots: Option<usize>,
    /// Merge duplicate companies, premises, phones, vehicles and bank accounts first ([`resolve`]), with this
    /// similarity threshold for the labels of companies and premises.
    pub resolve: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            objective: Objective::Modularity { resolution: 1.0 },
            seed: 1,
            weighted: false,
            home_country: None,
            pivots: None,
            resolve: None,
        }
    }
}

/// A connected component.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    pub id: usize,
    pub size: usize,
    pub members: Vec<String>,
}

/// A community.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Community {
    pub id: u32,
    pub size: usize,
    pub members: Vec<String>,
    /// Members by kind of entity.
    pub kinds: BTreeMap<EntityKind, usize>,
    /// Areas of its members (companies, premises …), ascending.
    pub areas: Vec<String>,
    /// Its members abroad.
    pub abroad: Vec<String>,
    /// Its members of highest betweenness (at most 5 with a positive value), highest first.
    pub brokers: Vec<String>,
    /// Its members linked to other communities, by number of such links (at most 5).
    pub bridging: Vec<String>,
}

/// One node's measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: String,
    pub kind: EntityKind,
    /// The label of a non-person entity (company name, address, number); `None` for persons.
    pub label: Option<String>,
    pub country: Option<String>,
    pub area: Option<String>,
    pub community: u32,
    pub component: usize,
    pub degree: usize,
    pub strength: f64,
    /// Normalised as NetworkX does for undirected graphs.
    pub betweenness: f64,
    /// Burt's constraint (low = brokerage opportunities); `None` for a node without neighbours.
    pub constraint: Option<f64>,
    pub abroad: bool,
    /// Removing it splits its component.
    pub cut_vertex: bool,
}

/// How betweenness was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BetweennessMethod {
    /// `exact` or `sampled`.
    pub method: String,
    /// `hops` or `inverse_weight`.
    pub distance: String,
    /// Sources used (all nodes when exact).
    pub pivots: usize,
    /// For sampled betweenness: a bound on the error of every normalised value at once, holding with probability
    /// 0.95 (Serfling's inequality with a union bound; see [`centrality::Sampled`]); 0 when exact.
    pub error_bound: f64,
}

/// A local entity in touch with entities abroad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relay {
    pub id: String,
    pub kind: EntityKind,
    pub community: u32,
    pub abroad: Vec<String>,
    pub countries: Vec<String>,
}

/// A company or premises linked to several communities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facilitator {
    pub id: String,
    pub kind: EntityKind,
    pub label: String,
    pub area: Option<String>,
    pub communities: Vec<u32>,
    pub links: BTreeMap<LinkKind, usize>,
    pub barriers: Vec<Barrier>,
}

/// A family within the networks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Family {
    pub members: Vec<String>,
    pub communities: Vec<u32>,
}

/// Everything [`analyse`] finds. Serialises with the keys of the command's JSON contract (`components`,
/// `communities`, `modularity`, `nodes`, `facilitators`) and more.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub entities: usize,
    pub links: usize,
    pub edges: usize,
    pub home_country: Option<String>,
    pub components: Vec<Component>,
    pub communities: Vec<Community>,
    /// Modularity (resolution 1) of the communities found, whatever the objective.
    pub modularity: f64,
    /// `modularity` or `cpm`, with its resolution and the value reached.
    pub objective: String,
    pub resolution: f64,
    pub quality: f64,
    pub seed: u64,
    pub nodes: Vec<Node>,
    pub betweenness: BetweennessMethod,
    pub cut_vertices: Vec<String>,
    pub bridges: Vec<[String; 2]>,
    pub relays: Vec<Relay>,
    pub facilitators: Vec<Facilitator>,
    pub families: Vec<Family>,
    pub areas: Vec<AreaPresence>,
    /// Duplicates merged before the analysis (empty unless [`Options::resolve`] is set).
    pub merged: Vec<Merge>,
}

/// Analyses a network.
pub fn analyse(network: &Network, options: &Options) -> Result<Report> {
    match options.resolve {
        Some(threshold) => {
            let (resolved, merged) = resolve::resolve(network, threshold)?;
            let mut report = analyse_as_is(&resolved, options)?;
            report.merged = merged;
            Ok(report)
        }
        None => analyse_as_is(network, options),
    }
}

/// [`analyse`] without resolution.
fn analyse_as_is(network: &Network, options: &Options) -> Result<Report> {
    if let Some(c) = &options.home_country
        && !(c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
    {
        return Err(Error::InvalidOption(format!(
            "home country `{c}` is not a two-letter ISO 3166 code"
        )));
    }
    let graph = network.graph_by_kind()?;
    let n = graph.node_count();
    let ids: Vec<&str> = network.entities.iter().map(|e| e.id.as_str()).collect();
    let names = |v: &[u32]| -> Vec<String> { v.iter().map(|&i| ids[i as usize].to_owned()).collect() };

    let partition = leiden::leiden(
        &graph,
        &LeidenOptions {
            objective: options.objective,
            seed: options.seed,
            iterations: None,
        },
    )?;
    let membership = partition.membership;
    let modularity = leiden::modularity(&graph, &membership, 1.0);

    let comps = structure::components(&graph);

    let distance = if options.weighted {
        Distance::InverseWeight
    } else {
        Distance::Hops
    };
    let pivots = match options.pivots {
        Some(k) => Some(k.min(n)),
        None if n > EXACT_BETWEENNESS_LIMIT => Some(DEFAULT_PIVOTS),
        None => None,
    };
    let (betweenness, method) = match pivots {
        Some(k) if k < n => {
            let s = centrality::betweenness_sampled(&graph, distance, k, options.seed)?;
            let m = BetweennessMethod {
                method: "sampled".into(),
                distance: distance_name(distance).into(),
                pivots: s.pivots.len(),
                error_bound: s.error_bound,
            };
            (s.values, m)
        }
        _ => (
            centrality::betweenness(&graph, distance),
            BetweennessMethod {
                method: "exact".into(),
                distance: distance_name(distance).into(),
                pivots: n,
                error_bound: 0.0,
            },
        ),
    };
    let constraint = centrality::constraint(&graph, Ties::Strength);
    let cut = structure::articulation_points(&graph);
    let mut is_cut = vec![false; n];
    for &v in &cut {
        is_cut[v as usize] = true;
    }
    let bridges = structure::bridges(&graph)
        .into_iter()
        .map(|(a, b)| [ids[a as usize].to_owned(), ids[b as usize].to_owned()])
        .collect();

    let home = analysis::home_country(network, options.home_country.as_deref());
    let abroad = analysis::abroad(network, home.as_deref());

    let nodes: Vec<Node> = network
        .entities
        .iter()
        .enumerate()
        .map(|(v, e)| Node {
            id: e.id.clone(),
            kind: e.kind,
            label: (e.kind != EntityKind::Person).then(|| e.label.clone()),
            country: e.country.clone(),
            area: e.area.clone(),
            community: membership[v],
            component: comps.membership[v] as usize,
            degree: graph.degree(v as u32),
            strength: graph.strength(v as u32),
            betweenness: betweenness[v],
            constraint: constraint[v],
            abroad: abroad[v],
            cut_vertex: is_cut[v],
        })
        .collect();

    let mut communities: Vec<Community> = (0..partition.communities as u32)
        .map(|c| Community {
            id: c,
            size: 0,
            members: Vec::new(),
            kinds: BTreeMap::new(),
            areas: Vec::new(),
            abroad: Vec::new(),
            brokers: Vec::new(),
            bridging: Vec::new(),
        })
        .collect();
    let mut outside_links = vec![0usize; n];
    for v in 0..n as u32 {
        let c = membership[v as usize];
        outside_links[v as usize] = graph
            .neighbors(v)
            .iter()
            .filter(|&&u| membership[u as usize] != c)
            .count();
    }
    for (v, e) in network.entities.iter().enumerate() {
        let Some(c) = communities.get_mut(membership[v] as usize) else {
            continue;
        };
        c.size += 1;
        c.members.push(e.id.clone());
        *c.kinds.entry(e.kind).or_insert(0) += 1;
        if let Some(a) = &e.area
            && !c.areas.contains(a)
        {
            c.areas.push(a.clone());
        }
        if abroad[v] {
            c.abroad.push(e.id.clone());
        }
    }
    for c in &mut communities {
        c.areas.sort();
        let mut members: Vec<usize> = (0..n).filter(|&v| membership[v] == c.id).collect();
        members.sort_by(|&a, &b| betweenness[b].total_cmp(&betweenness[a]).then(a.cmp(&b)));
        c.brokers = members
            .iter()
            .filter(|&&v| betweenness[v] > 0.0)
            .take(5)
            .map(|&v| ids[v].to_owned())
            .collect();
        members.sort_by(|&a, &b| outside_links[b].cmp(&outside_links[a]).then(a.cmp(&b)));
        c.bridging = members
            .iter()
            .filter(|&&v| outside_links[v] > 0)
            .take(5)
            .map(|&v| ids[v].to_owned())
            .collect();
    }

    let relays = analysis::relays(network, &graph, &abroad)
        .into_iter()
        .map(|r| Relay {
            id: ids[r.node as usize].to_owned(),
            kind: network.entities[r.node as usize].kind,
            community: membership[r.node as usize],
            abroad: names(&r.abroad),
            countries: r.countries,
        })
        .collect();
    let facilitators = analysis::facilitators(network, &graph, &membership)
        .into_iter()
        .map(|f| {
            let e = &network.entities[f.node as usize];
            Facilitator {
                id: e.id.clone(),
                kind: e.kind,
                label: e.label.clone(),
                area: e.area.clone(),
                communities: f.communities,
                links: f.links,
                barriers: f.barriers,
            }
        })
        .collect();
    let families = analysis::families(network, &membership)
        .into_iter()
        .map(|f| Family {
            members: names(&f.members),
            communities: f.communities,
        })
        .collect();
    let areas = analysis::area_presence(network, &graph, &membership);
    let (objective, resolution) = match options.objective {
        Objective::Modularity { resolution } => ("modularity", resolution),
        Objective::Cpm { resolution } => ("cpm", resolution),
    };
    Ok(Report {
        entities: n,
        links: network.links.len(),
        edges: graph.edge_count(),
        home_country: home,
        components: comps
            .members()
            .iter()
            .enumerate()
            .map(|(id, m)| Component {
                id,
                size: m.len(),
                members: names(m),
            })
            .collect(),
        communities,
        modularity,
        objective: objective.into(),
        resolution,
        quality: partition.quality,
        seed: options.seed,
        nodes,
        betweenness: method,
        cut_vertices: names(&cut),
        bridges,
        relays,
        facilitators,
        families,
        areas,
        merged: Vec::new(),
    })
}

fn distance_name(d: Distance) -> &'static str {
    match d {
        Distance::Hops => "hops",
        Distance::InverseWeight | Distance::InverseWeightExactTies => "inverse_weight",
    }
}
