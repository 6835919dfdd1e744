//! vigie-spatial against PySAL (libpysal 4.14 and esda 2.9) on the Columbus data set and a 3 × 3 lattice: the
//! weights, Moran's I with its moments, local Moran and Gi* agree to 1e-9; permutation pseudo p-values agree
//! statistically. The reference values were made by `tests/reference/make_reference.py` (see its README); these
//! tests read the files it wrote and need no Python.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use serde_json::Value;
use vigie_spatial::{AreaSet, Quadrant, Weights, gal, gi_star, local_moran, moran};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()
}

fn close(ours: f64, theirs: f64, what: &str) {
    let tol = 1e-9 * theirs.abs().max(1.0);
    assert!(
        (ours - theirs).abs() <= tol,
        "{what}: ours {ours} vs PySAL {theirs}"
    );
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

struct Case {
    areas: AreaSet,
    reference: Value,
}

fn columbus() -> Case {
    let areas = AreaSet::from_geojson("columbus.geojson", &read("columbus.geojson"), "POLYID").unwrap();
    let reference: Value = serde_json::from_str(&read("columbus_reference.json")).unwrap();
    Case { areas, reference }
}

/// Neighbour ids by area id, from the reference.
fn reference_neighbours(r: &Value, kind: &str) -> HashMap<String, Vec<String>> {
    r["weights"][kind]["neighbors"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let mut ids: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.to_string().trim_matches('"').to_owned())
                .collect();
            ids.sort();
            (k.clone(), ids)
        })
        .collect()
}

fn our_neighbours(w: &Weights, ids: &[String]) -> HashMap<String, Vec<String>> {
    w.neighbours()
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut v: Vec<String> = n.iter().map(|&j| ids[j].clone()).collect();
            v.sort();
            (ids[i].clone(), v)
        })
        .collect()
}

#[test]
fn contiguity_and_knn_weights_match_libpysal() {
    let c = columbus();
    let ids = &c.areas.ids;
    for (kind, rook) in [("queen", false), ("rook", true)] {
        let ours = Weights::contiguity(&c.areas.polygons, rook, 0.0);
        assert_eq!(
            our_neighbours(&ours, ids),
            reference_neighbours(&c.reference, kind),
            "{kind}"
        );
        let from_gal = gal::read(kind, &read(&format!("columbus_{kind}.gal")), ids).unwrap();
        assert_eq!(from_gal, ours, "{kind} GAL file");
        assert_eq!(
            ours.s0(),
            c.reference["weights"][kind]["s0_binary"].as_f64().unwrap()
        );
    }
    let knn = Weights::knn(&Weights::centroids(&c.areas.polygons).unwrap(), 4).unwrap();
    let from_gal = gal::read("knn4", &read("columbus_knn4.gal"), ids).unwrap();
    assert_eq!(
        our_neighbours(&knn, ids),
        our_neighbours(&from_gal, ids),
        "k = 4 nearest neighbours"
    );
}

#[test]
fn global_moran_matches_esda_to_1e9() {
    let c = columbus();
    for var in ["CRIME", "HOVAL"] {
        let y = c.areas.variable(var).unwrap();
        assert_eq!(y, floats(&c.reference["variables"][var]["values"]));
        for (key, rook, row) in [
            ("queen_r", false, true),
            ("queen_b", false, false),
            ("rook_r", true, true),
        ] {
            let w = Weights::contiguity(&c.areas.polygons, rook, 0.0);
            let w = if row { w.row_standardised() } else { w };
            let r = &c.reference["variables"][var]["moran"][key];
            let f = |k: &str| r[k].as_f64().unwrap();
            let g = moran(&y, &w, 0, 0).unwrap();
            let what = |k: &str| format!("{var} {key} {k}");
            close(w.s0(), f("s0"), &what("s0"));
            close(w.s1(), f("s1"), &what("s1"));
            close(w.s2(), f("s2"), &what("s2"));
            close(g.i, f("I"), &what("I"));
            close(g.expected, f("EI"), &what("EI"));
            close(g.var_norm, f("VI_norm"), &what("VI_norm"));
            close(g.z_norm, f("z_norm"), &what("z_norm"));
            close(g.var_rand, f("VI_rand"), &what("VI_rand"));
            close(g.z_rand, f("z_rand"), &what("z_rand"));
        }
    }
}

#[test]
fn local_moran_and_gi_star_match_esda_to_1e9() {
    let c = columbus();
    let queen = Weights::contiguity(&c.areas.polygons, false, 0.0);
    for var in ["CRIME", "HOVAL"] {
        let y = c.areas.variable(var).unwrap();
        let r = &c.reference["variables"][var];
        let lisa = local_moran(&y, &queen.row_standardised(), 0, 0).unwrap();
        let is_n = floats(&r["local_moran_queen_r"]["Is_n"]);
        let q = floats(&r["local_moran_queen_r"]["q"]);
        for (k, l) in lisa.iter().enumerate() {
            close(
                l.i,
                is_n[k],
                &format!("{var} local Moran of area {}", c.areas.ids[k]),
            );
            let expected = match q[k] as u8 {
                1 => Quadrant::HH,
                2 => Quadrant::LH,
                3 => Quadrant::LL,
                _ => Quadrant::HL,
            };
            assert_eq!(l.quadrant, expected, "{var} quadrant of area {}", c.areas.ids[k]);
        }
        let gi = gi_star(&y, &queen, 0, 0).unwrap();
        let zs = floats(&r["gi_star_queen_b_plus_self"]["Zs"]);
        let gs = floats(&r["gi_star_queen_b_plus_self"]["Gs"]);
        for (k, g) in gi.iter().enumerate() {
            close(g.z, zs[k], &format!("{var} Gi* z of area {}", c.areas.ids[k]));
            close(
                g.g.unwrap(),
                gs[k],
                &format!("{var} Gi* G of area {}", c.areas.ids[k]),
            );
        }
    }
}

/// Two independent estimates of the same p from 999 draws each differ by more than 4.5 standard deviations of
/// their difference very rarely; allow a few such areas out of 49 (and a floor for p near 0).
fn agree_statistically(ours: &[Option<f64>], theirs: &[f64], what: &str) {
    let mut off = Vec::new();
    for (k, (o, t)) in ours.iter().zip(theirs).enumerate() {
        let o = o.unwrap();
        let p = (o + t) / 2.0;
        let sd = (2.0 * p * (1.0 - p) / 999.0).sqrt();
        if (o - t).abs() > 4.5 * sd + 0.003 {
            off.push((k, o, *t));
        }
    }
    assert!(
        off.len() <= 2,
        "{what}: pseudo p-values disagree beyond chance at {off:?}"
    );
    // And the decisions at 5 % mostly agree.
    let same = ours
        .iter()
        .zip(theirs)
        .filter(|(o, t)| (o.unwrap() <= 0.05) == (**t <= 0.05))
        .count();
    assert!(
        same * 100 >= ours.len() * 90,
        "{what}: only {same} of {} agree on significance at 5 %",
        ours.len()
    );
}

#[test]
fn permutation_p_values_agree_with_esda_statistically() {
    let c = columbus();
    let queen = Weights::contiguity(&c.areas.polygons, false, 0.0);
    for var in ["CRIME", "HOVAL"] {
        let y = c.areas.variable(var).unwrap();
        let r = &c.reference["variables"][var]["permutation_999_seed_12345"];
        let g = moran(&y, &queen.row_standardised(), 999, 2024).unwrap();
        let theirs = r["moran_queen_r"]["p_sim"].as_f64().unwrap();
        let ours = g.p_sim.unwrap();
        assert!(
            (ours - theirs).abs() <= 0.02 || (ours <= 0.002 && theirs <= 0.002),
            "{var}: {ours} vs {theirs}"
        );
        let lisa = local_moran(&y, &queen.row_standardised(), 999, 2024).unwrap();
        agree_statistically(
            &lisa.iter().map(|l| l.p_sim).collect::<Vec<_>>(),
            &floats(&r["local_moran_queen_r"]["p_sim"]),
            &format!("{var} local Moran"),
        );
        let gi = gi_star(&y, &queen, 999, 2024).unwrap();
        agree_statistically(
            &gi.iter().map(|g| g.p_sim).collect::<Vec<_>>(),
            &floats(&r["gi_star_queen_b_plus_self"]["p_sim_float64"]),
            &format!("{var} Gi*"),
        );
    }
}

#[test]
fn the_three_by_three_lattice_matches_esda_including_its_degenerate_centre() {
    let areas = AreaSet::from_geojson("grid3x3.geojson", &read("grid3x3.geojson"), "id").unwrap();
    let r: Value = serde_json::from_str(&read("grid3x3_reference.json")).unwrap();
    let v = &r["variables"]["v"];
    let y = areas.variable("v").unwrap();
    let queen = Weights::contiguity(&areas.polygons, false, 0.0);
    let rook = Weights::contiguity(&areas.polygons, true, 0.0);
    assert_eq!(queen.cardinalities(), vec![3, 5, 3, 5, 8, 5, 3, 5, 3]);
    assert_eq!(
        gal::read("q", &read("grid3x3_queen.gal"), &areas.ids).unwrap(),
        queen
    );
    assert_eq!(
        gal::read("r", &read("grid3x3_rook.gal"), &areas.ids).unwrap(),
        rook
    );
    for (key, w) in [
        ("queen_r", queen.row_standardised()),
        ("queen_b", queen.clone()),
        ("rook_r", rook.row_standardised()),
    ] {
        let g = moran(&y, &w, 0, 0).unwrap();
        close(g.i, v["moran"][key]["I"].as_f64().unwrap(), key);
        close(g.z_rand, v["moran"][key]["z_rand"].as_f64().unwrap(), key);
        close(g.z_norm, v["moran"][key]["z_norm"].as_f64().unwrap(), key);
    }
    let gi = gi_star(&y, &queen, 999, 1).unwrap();
    for (k, z) in v["gi_star_queen_b_plus_self"]["Zs"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        match z.as_f64() {
            Some(z) => close(gi[k].z, z, &format!("Gi* z of cell {k}")),
            // The centre's window holds all nine cells: its variance is 0, esda's z is 0/0.
            None => assert_eq!(
                (gi[k].z, gi[k].p_sim),
                (0.0, None),
                "the centre has no z and no pseudo p-value"
            ),
        }
    }
    let lisa = local_moran(&y, &queen.row_standardised(), 999, 1).unwrap();
    assert_eq!(
        lisa[4].p_sim, None,
        "every permutation of the centre gives the observed value"
    );
    assert!(lisa.iter().enumerate().all(|(k, l)| k == 4 || l.p_sim.is_some()));
}
