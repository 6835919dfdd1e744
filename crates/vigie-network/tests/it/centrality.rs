//! Centrality and structure on the real networks against NetworkX 3.6.1 (and igraph 1.0 for the tolerant weighted
//! betweenness): reference values in `tests/fixtures/reference/centrality_*.json`, made by
//! `tests/fixtures/reference/centrality.py` from the same fixture files, read into the same graphs.

use serde_json::Value;
use vigie_network::centrality::{
    Distance, Estimator, Ties, betweenness, betweenness_raw, betweenness_sampled_with, constraint,
    effective_size,
};
use vigie_network::structure::{articulation_points, bridges, components, cut_vertices};

use crate::fixtures::{Fixture, edge_list, matrix};

struct Case {
    fixture: Fixture,
    reference: Value,
}

fn case(name: &str) -> Case {
    let fixture = match name {
        "caviar" => matrix("morselli_caviar.csv"),
        "montagna" => matrix("luciaetal_montagna.csv"),
        "meetings" => edge_list("montagna_meetings.csv"),
        "phone" => edge_list("montagna_phone.csv"),
        _ => unreachable!(),
    };
    let path = format!(
        "{}/tests/fixtures/reference/centrality_{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let reference: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let ids: Vec<String> = reference["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, fixture.ids, "{name}: same nodes in the same order");
    assert_eq!(
        reference["edge_count"].as_u64().unwrap() as usize,
        fixture.graph.edge_count(),
        "{name}: same edges"
    );
    Case { fixture, reference }
}

const NETWORKS: [&str; 4] = ["caviar", "montagna", "meetings", "phone"];

fn floats(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

/// Values that may be null (NetworkX's NaN for a node without neighbours).
fn optional_floats(value: &Value) -> Vec<Option<f64>> {
    value.as_array().unwrap().iter().map(Value::as_f64).collect()
}

fn assert_close(name: &str, what: &str, ours: &[f64], theirs: &[f64], tol: f64) {
    assert_eq!(ours.len(), theirs.len());
    for (v, (a, b)) in ours.iter().zip(theirs).enumerate() {
        assert!(
            (a - b).abs() <= tol * b.abs().max(1.0),
            "{name}, {what}, node {v}: vigie {a}, reference {b}"
        );
    }
}

fn assert_close_optional(name: &str, what: &str, ours: &[Option<f64>], theirs: &[Option<f64>]) {
    assert_eq!(ours.len(), theirs.len());
    for (v, (a, b)) in ours.iter().zip(theirs).enumerate() {
        match (a, b) {
            (Some(a), Some(b)) => assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{name}, {what}, node {v}: vigie {a}, NetworkX {b}"
            ),
            (None, None) => {}
            _ => panic!("{name}, {what}, node {v}: vigie {a:?}, NetworkX {b:?}"),
        }
    }
}

#[test]
fn betweenness_equals_networkx() {
    for name in NETWORKS {
        let Case { fixture, reference } = case(name);
        let g = &fixture.graph;
        assert_close(
            name,
            "normalised, hops",
            &betweenness(g, Distance::Hops),
            &floats(&reference["betweenness_hops"]),
            1e-9,
        );
        assert_close(
            name,
            "raw, hops",
            &betweenness_raw(g, Distance::Hops),
            &floats(&reference["betweenness_hops_raw"]),
            1e-9,
        );
        assert_close(
            name,
            "normalised, 1/w, exact ties",
            &betweenness(g, Distance::InverseWeightExactTies),
            &floats(&reference["betweenness_inverse_weight"]),
            1e-9,
        );
        assert_close(
            name,
            "raw, 1/w, exact ties",
            &betweenness_raw(g, Distance::InverseWeightExactTies),
            &floats(&reference["betweenness_inverse_weight_raw"]),
            1e-9,
        );
    }
}

#[test]
fn tolerant_weighted_betweenness_equals_igraph() {
    // igraph compares path lengths with a relative tolerance of 1e-10, as Distance::InverseWeight does. On the
    // meetings network (integer weights 1–10) some routes of the same real length differ in their last bit, so
    // NetworkX counts only one of them: the two references differ there, and vigie matches each in its mode.
    for name in NETWORKS {
        let Case { fixture, reference } = case(name);
        let g = &fixture.graph;
        let igraph_raw = floats(&reference["igraph_betweenness_inverse_weight_raw"]);
        assert_close(
            name,
            "raw, 1/w, tolerant ties",
            &betweenness_raw(g, Distance::InverseWeight),
            &igraph_raw,
            1e-9,
        );
        assert_close(
            name,
            "raw, hops (igraph)",
            &betweenness_raw(g, Distance::Hops),
            &floats(&reference["igraph_betweenness_hops_raw"]),
            1e-9,
        );
        let networkx_raw = floats(&reference["betweenness_inverse_weight_raw"]);
        let differs = igraph_raw
            .iter()
            .zip(&networkx_raw)
            .any(|(a, b)| (a - b).abs() > 1e-6);
        assert_eq!(differs, name == "meetings", "{name}");
    }
}

#[test]
fn sampled_betweenness_on_caviar() {
    let Case { fixture, .. } = case("caviar");
    let g = &fixture.graph;
    let n = g.node_count();
    for distance in [Distance::Hops, Distance::InverseWeight] {
        let exact = betweenness(g, distance);
        let top = exact
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap()
            .0;
        for estimator in [Estimator::LinearScaling, Estimator::Sources] {
            // Every node a pivot: the exact values.
            let all = betweenness_sampled_with(g, distance, n, 1, estimator).unwrap();
            assert_close("caviar", "sampled, k = n", &all.values, &exact, 1e-12);
            assert_eq!(all.error_bound, 0.0);
            // Half the nodes: within the (conservative) simultaneous bound, and the largest value close.
            let half = betweenness_sampled_with(g, distance, n / 2, 1, estimator).unwrap();
            let worst = half
                .values
                .iter()
                .zip(&exact)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            assert!(
                worst <= half.error_bound,
                "{estimator:?}: max error {worst}, bound {}",
                half.error_bound
            );
            let relative = (half.values[top] - exact[top]).abs() / exact[top];
            assert!(relative < 0.1, "{estimator:?}, {distance:?}: {relative}");
        }
    }
}

#[test]
fn structure_equals_networkx() {
    for name in NETWORKS {
        let Case { fixture, reference } = case(name);
        let g = &fixture.graph;
        let expected_points: Vec<u32> = reference["articulation_points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(articulation_points(g), expected_points, "{name}");
        let expected_bridges: Vec<(u32, u32)> = reference["bridges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_u64().unwrap() as u32, e[1].as_u64().unwrap() as u32))
            .collect();
        assert_eq!(bridges(g), expected_bridges, "{name}");
        let expected_components: Vec<Vec<u32>> = reference["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                c.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap() as u32)
                    .collect()
            })
            .collect();
        assert_eq!(components(g).members(), expected_components, "{name}");
        let cuts = cut_vertices(g);
        let expected_cuts = reference["cut_vertices"].as_array().unwrap();
        assert_eq!(cuts.len(), expected_cuts.len(), "{name}");
        for (ours, theirs) in cuts.iter().zip(expected_cuts) {
            assert_eq!(ours.node as u64, theirs["node"].as_u64().unwrap());
            assert_eq!(ours.pieces as u64, theirs["pieces"].as_u64().unwrap());
            let sizes: Vec<usize> = theirs["piece_sizes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect();
            assert_eq!(ours.piece_sizes, sizes, "{name}, node {}", ours.node);
        }
    }
}

#[test]
fn constraint_and_effective_size_equal_networkx() {
    for name in NETWORKS {
        let Case { fixture, reference } = case(name);
        let g = &fixture.graph;
        for (ties, suffix) in [(Ties::Strength, "weighted"), (Ties::Unit, "unweighted")] {
            assert_close_optional(
                name,
                &format!("constraint, {suffix}"),
                &constraint(g, ties),
                &optional_floats(&reference[format!("constraint_{suffix}")]),
            );
            assert_close_optional(
                name,
                &format!("effective size, {suffix}"),
                &effective_size(g, ties),
                &optional_floats(&reference[format!("effective_size_{suffix}")]),
            );
        }
    }
    // Montagna's matrix has nodes without any tie: NetworkX's NaN, vigie's None.
    let Case { fixture, reference } = case("montagna");
    let isolated = (0..fixture.graph.node_count() as u32)
        .filter(|&v| fixture.graph.degree(v) == 0)
        .count();
    assert!(isolated > 0);
    assert_eq!(
        optional_floats(&reference["constraint_weighted"])
            .iter()
            .filter(|c| c.is_none())
            .count(),
        isolated
    );
}
