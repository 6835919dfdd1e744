//! Leiden on the real networks against python-igraph's Leiden and NetworkX's Louvain: the reference values (best of
//! ten seeds each, with the igraph and NetworkX versions) are in `tests/fixtures/reference/leiden_*.json`, made by
//! `tests/fixtures/reference/leiden.py` from the same graphs as `fixtures.rs` builds.

use serde_json::Value;
use vigie_network::leiden::{LeidenOptions, Objective, cpm_quality, leiden, modularity};

use crate::fixtures::{Fixture, edge_list, matrix};

/// vigie's seeds: as many as igraph's.
const SEEDS: u64 = 10;

fn reference(label: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/reference/leiden_{label}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn f(v: &Value, path: &[&str]) -> f64 {
    path.iter()
        .fold(v, |v, k| &v[*k])
        .as_f64()
        .unwrap_or_else(|| panic!("{path:?}"))
}

fn connected(fixture: &Fixture, membership: &[u32]) -> bool {
    let g = &fixture.graph;
    let n = g.node_count();
    let mut seen = vec![false; n];
    let mut started = vec![false; n];
    for s in 0..n {
        if seen[s] {
            continue;
        }
        let c = membership[s];
        if std::mem::replace(&mut started[c as usize], true) {
            return false;
        }
        seen[s] = true;
        let mut stack = vec![s as u32];
        while let Some(x) = stack.pop() {
            for &u in g.neighbors(x) {
                if membership[u as usize] == c && !seen[u as usize] {
                    seen[u as usize] = true;
                    stack.push(u);
                }
            }
        }
    }
    true
}

fn check(label: &str, fixture: &Fixture) {
    let r = reference(label);
    let g = &fixture.graph;
    // The same graph as the script's.
    assert_eq!(g.node_count() as f64, f(&r, &["nodes"]), "{label}");
    assert_eq!(g.edge_count() as f64, f(&r, &["edges"]), "{label}");
    assert!(
        (g.total_weight() - f(&r, &["total_weight"])).abs() < 1e-9,
        "{label}"
    );

    // vigie's modularity of igraph's best partition is igraph's (and NetworkX's) figure.
    let best_igraph = f(&r, &["modularity", "igraph_leiden", "best_modularity"]);
    let igraph_membership: Vec<u32> = r["modularity"]["igraph_leiden"]["best_membership"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap() as u32)
        .collect();
    let q = modularity(g, &igraph_membership, 1.0);
    assert!(
        (q - best_igraph).abs() < 1e-12,
        "{label}: {q} against igraph's {best_igraph}"
    );

    // Modularity: vigie's best over ten seeds is at least igraph's best over ten seeds, and NetworkX Louvain's.
    let best_louvain = f(&r, &["modularity", "networkx_louvain", "best_modularity"]);
    let (mut best, mut sum) = (f64::NEG_INFINITY, 0.0);
    for seed in 0..SEEDS {
        let options = LeidenOptions {
            objective: Objective::Modularity { resolution: 1.0 },
            seed,
            iterations: None,
        };
        let p = leiden(g, &options).unwrap();
        assert!(connected(fixture, &p.membership), "{label} seed {seed}");
        assert_eq!(p.quality, modularity(g, &p.membership, 1.0));
        best = best.max(p.quality);
        sum += p.quality;
    }
    assert!(
        best >= best_igraph - 1e-9,
        "{label}: vigie {best} < igraph {best_igraph}"
    );
    // Seed by seed the two land on the same few local optima: on average vigie is not worse by more than 0.005.
    let runs = r["modularity"]["igraph_leiden"]["runs"].as_array().unwrap();
    let mean_igraph = runs.iter().map(|x| f(x, &["modularity"])).sum::<f64>() / runs.len() as f64;
    let mean = sum / SEEDS as f64;
    assert!(
        mean >= mean_igraph - 0.005,
        "{label}: mean vigie {mean} < igraph {mean_igraph}"
    );
    assert!(
        best >= best_louvain - 1e-9,
        "{label}: vigie {best} < NetworkX Louvain {best_louvain}"
    );

    // CPM at the same resolution as the script's: vigie's best is at least igraph's.
    let resolution = f(&r, &["cpm", "resolution"]);
    let best_igraph_cpm = f(&r, &["cpm", "igraph_leiden", "best_quality"]);
    let mut best_cpm = f64::NEG_INFINITY;
    for seed in 0..SEEDS {
        let options = LeidenOptions {
            objective: Objective::Cpm { resolution },
            seed,
            iterations: None,
        };
        let p = leiden(g, &options).unwrap();
        assert!(connected(fixture, &p.membership), "{label} CPM seed {seed}");
        assert_eq!(p.quality, cpm_quality(g, &p.membership, resolution));
        best_cpm = best_cpm.max(p.quality);
    }
    assert!(
        best_cpm >= best_igraph_cpm - 1e-9,
        "{label}: vigie CPM {best_cpm} < igraph {best_igraph_cpm}"
    );
    eprintln!(
        "{label}: best modularity vigie {best:.6}, igraph {best_igraph:.6}, NetworkX Louvain {best_louvain:.6}; \
         mean vigie {mean:.6}, igraph {mean_igraph:.6}; best CPM vigie {best_cpm}, igraph {best_igraph_cpm}"
    );
}

#[test]
fn caviar_communities_match_or_beat_igraph() {
    check("caviar", &matrix("morselli_caviar.csv"));
}

#[test]
fn montagna_communities_match_or_beat_igraph() {
    check("montagna", &matrix("luciaetal_montagna.csv"));
}

#[test]
fn montagna_meetings_communities_match_or_beat_igraph() {
    check("meetings", &edge_list("montagna_meetings.csv"));
}

#[test]
fn montagna_phone_communities_match_or_beat_igraph() {
    check("phone", &edge_list("montagna_phone.csv"));
}
