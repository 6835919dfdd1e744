//! `vigie network analyse`: link analysis of a network of entities and links.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use vigie_network::leiden::Objective;
use vigie_network::{Network, Options, Report};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ObjectiveArg {
    Modularity,
    Cpm,
}

/// The analysis asked for.
#[derive(Args)]
pub struct Settings {
    /// What community detection maximises.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Modularity)]
    pub objective: ObjectiveArg,
    /// Resolution of the objective (larger: smaller communities).
    #[arg(long, default_value_t = 1.0)]
    pub resolution: f64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Betweenness with distance 1/weight (strong ties are short) instead of hops.
    #[arg(long)]
    pub weighted: bool,
    /// The city's country (ISO 3166 alpha-2; default: the most common country among the entities).
    #[arg(long)]
    pub home_country: Option<String>,
    /// Sample this many sources for betweenness (default: exact up to 5,000 entities, then 1,000).
    #[arg(long)]
    pub pivots: Option<usize>,
    /// Merge duplicate companies, premises, phones, vehicles and bank accounts first (labels normalised as record
    /// linkage does; companies and premises alike when their labels' bigram similarity reaches THRESHOLD).
    #[arg(long, value_name = "THRESHOLD", num_args = 0..=1, default_missing_value = "0.85")]
    pub resolve: Option<f64>,
}

/// Reads the two files and analyses the network.
pub fn run(entities: &Path, links: &Path, s: &Settings) -> Result<Report> {
    let open = |p: &Path| {
        std::fs::File::open(p)
            .map(std::io::BufReader::new)
            .with_context(|| format!("cannot read {}", p.display()))
    };
    let network = Network::read(
        open(entities)?,
        &entities.display().to_string(),
        open(links)?,
        &links.display().to_string(),
    )?;
    let objective = match s.objective {
        ObjectiveArg::Modularity => Objective::Modularity {
            resolution: s.resolution,
        },
        ObjectiveArg::Cpm => Objective::Cpm {
            resolution: s.resolution,
        },
    };
    let options = Options {
        objective,
        seed: s.seed,
        weighted: s.weighted,
        home_country: s.home_country.clone(),
        pivots: s.pivots,
        resolve: s.resolve,
    };
    Ok(vigie_network::analyse(&network, &options)?)
}

/// The result for a reader.
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} entities, {} links ({} distinct pairs); {} connected component{}, the largest of {}",
        r.entities,
        r.links,
        r.edges,
        r.components.len(),
        if r.components.len() == 1 { "" } else { "s" },
        r.components.first().map_or(0, |c| c.size)
    );
    if !r.merged.is_empty() {
        let n: usize = r.merged.iter().map(|m| m.merged.len()).sum();
        let _ = writeln!(
            out,
            "{n} duplicate{} merged: {}",
            if n == 1 { "" } else { "s" },
            r.merged
                .iter()
                .map(|m| format!("{} ← {}", m.kept, m.merged.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    let larger = r.communities.iter().filter(|c| c.size >= 3).count();
    let _ = writeln!(
        out,
        "{} communities ({larger} of 3 or more entities), modularity {:.4} ({} at resolution {}, seed {})",
        r.communities.len(),
        r.modularity,
        r.objective,
        r.resolution,
        r.seed
    );
    for c in r.communities.iter().filter(|c| c.size >= 3).take(12) {
        let kinds: Vec<String> = c.kinds.iter().map(|(k, n)| format!("{n} {}", k.name())).collect();
        let _ = writeln!(
            out,
            "  community {}: {} ({}); areas: {}; brokers: {}{}",
            c.id,
            c.size,
            kinds.join(", "),
            if c.areas.is_empty() {
                "-".to_owned()
            } else {
                c.areas.join(", ")
            },
            if c.brokers.is_empty() {
                "-".to_owned()
            } else {
                c.brokers.join(", ")
            },
            if c.abroad.is_empty() {
                String::new()
            } else {
                format!("; abroad: {}", c.abroad.join(", "))
            }
        );
    }
    let mut by_betweenness: Vec<_> = r.nodes.iter().filter(|n| n.betweenness > 0.0).collect();
    by_betweenness.sort_by(|a, b| b.betweenness.total_cmp(&a.betweenness));
    let top: Vec<String> = by_betweenness
        .iter()
        .take(10)
        .map(|n| format!("{} ({:.3})", n.id, n.betweenness))
        .collect();
    let _ = writeln!(
        out,
        "highest betweenness ({}, {}): {}",
        r.betweenness.method,
        r.betweenness.distance,
        top.join(", ")
    );
    let _ = writeln!(
        out,
        "cut vertices: {}; bridges: {}",
        r.cut_vertices.len(),
        r.bridges.len()
    );
    if !r.relays.is_empty() {
        let relays: Vec<String> = r
            .relays
            .iter()
            .take(10)
            .map(|x| format!("{} → {}", x.id, x.countries.join("/")))
            .collect();
        let _ = writeln!(out, "relays abroad: {}", relays.join(", "));
    }
    for f in r.facilitators.iter().take(10) {
        let barriers: Vec<String> = f
            .barriers
            .iter()
            .map(|b| format!("{b:?}").to_lowercase())
            .collect();
        let _ = writeln!(
            out,
            "facilitator {} {} \"{}\"{}: communities {:?}; barriers: {}",
            f.kind.name(),
            f.id,
            f.label,
            f.area.as_ref().map(|a| format!(" ({a})")).unwrap_or_default(),
            f.communities,
            barriers.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "note: these figures describe recorded links between entities; they say nothing of what any person will do."
    );
    out
}
