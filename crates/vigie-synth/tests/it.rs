//! Integration tests: the generated files parse with the domain's parsers and keep the truth's promises.

// Test helpers outside `#[test]` functions may unwrap too.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use geo::{Area as _, BooleanOps, Intersects};
use serde_json::Value;
use vigie_domain::import::{parse_agencies, parse_areas, parse_incidents, parse_indicators};
use vigie_domain::model::locate;
use vigie_domain::{AgencyKind, Area};
use vigie_synth::{DemoConfig, DemoFiles, generate};

const LISTS: [&str; 5] = ["police", "ngo", "health", "labour", "social"];

fn small(seed: u64) -> DemoConfig {
    DemoConfig {
        seed,
        incidents: 4_000,
        victims: 600,
        ..DemoConfig::default()
    }
}

fn truth(files: &DemoFiles) -> Value {
    serde_json::from_str(files.get("truth.json").unwrap()).unwrap()
}

fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn areas(files: &DemoFiles) -> Vec<Area> {
    parse_areas("areas.geojson", files.get("areas.geojson").unwrap())
        .unwrap()
        .into_iter()
        .map(|l| l.value)
        .collect()
}

#[test]
fn deterministic_per_seed() {
    let cfg = DemoConfig {
        incidents: 1_500,
        victims: 200,
        ..small(11)
    };
    let a = generate(&cfg);
    let b = generate(&cfg);
    assert_eq!(a, b);
    let c = generate(&DemoConfig {
        seed: 12,
        ..cfg.clone()
    });
    for (path, content) in &a.files {
        if path != "city.json" && path != "agencies.csv" && path != "services.json" {
            assert_ne!(
                Some(content.as_str()),
                c.get(path),
                "{path} does not depend on the seed"
            );
        }
    }
    // Parts are independent: more incidents change neither areas, lists nor the network.
    let d = generate(&DemoConfig {
        incidents: 2_000,
        ..cfg
    });
    for path in [
        "areas.geojson",
        "indicators.csv",
        "lists/police.csv",
        "network/links.csv",
    ] {
        assert_eq!(a.get(path), d.get(path), "{path}");
    }
    assert_ne!(a.get("incidents.csv"), d.get("incidents.csv"));
}

#[test]
fn files_are_listed_in_order_and_written() {
    let files = generate(&DemoConfig {
        incidents: 200,
        victims: 50,
        ..small(1)
    });
    let paths: Vec<&str> = files.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "city.json",
            "agencies.csv",
            "areas.geojson",
            "indicators.csv",
            "incidents.csv",
            "plan.json",
            "lists/police.csv",
            "lists/ngo.csv",
            "lists/health.csv",
            "lists/labour.csv",
            "lists/social.csv",
            "network/entities.csv",
            "network/links.csv",
            "truth/linkage.csv",
            "truth/capture.csv",
            "services.json",
            "cases/ngo.json",
            "truth.json",
        ]
    );
    let city: Value = serde_json::from_str(files.get("city.json").unwrap()).unwrap();
    assert_eq!(city["name"], "Vallombre");
    assert_eq!(city["country"], "FR");
    let dir = std::env::temp_dir().join(format!("vigie-synth-it-{}", std::process::id()));
    let written = files.write_to(&dir).unwrap();
    assert_eq!(written.len(), files.files.len());
    assert_eq!(
        std::fs::read_to_string(dir.join("lists/ngo.csv")).unwrap(),
        files.get("lists/ngo.csv").unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn default_config_parses_with_the_domain_parsers() {
    let cfg = DemoConfig::default();
    let files = generate(&cfg);
    let areas = areas(&files);
    assert_eq!(areas.len(), 41);

    let agencies = parse_agencies("agencies.csv", files.get("agencies.csv").unwrap()).unwrap();
    let kinds: BTreeMap<String, AgencyKind> = agencies
        .iter()
        .map(|a| (a.value.code.to_string(), a.value.kind))
        .collect();
    for (code, kind) in [
        ("city", AgencyKind::Municipality),
        ("police", AgencyKind::Police),
        ("ngo", AgencyKind::Ngo),
        ("health", AgencyKind::Health),
        ("labour", AgencyKind::LabourInspectorate),
        ("social", AgencyKind::SocialServices),
    ] {
        assert_eq!(kinds.get(code), Some(&kind), "{code}");
    }
    for k in [
        AgencyKind::School,
        AgencyKind::Housing,
        AgencyKind::Prosecutor,
        AgencyKind::PartnerCity,
    ] {
        assert!(kinds.values().any(|v| *v == k), "{k}");
    }

    let ind = parse_indicators("indicators.csv", files.get("indicators.csv").unwrap()).unwrap();
    assert_eq!(ind.definitions.len(), 6);
    assert_eq!(ind.values.len(), 41 * 6 * 5);

    let today = time::Date::from_calendar_date(2025, time::Month::December, 31).unwrap();
    let incidents = parse_incidents("incidents.csv", files.get("incidents.csv").unwrap(), today).unwrap();
    let n = incidents.len() as f64;
    assert!((n / 50_000.0 - 1.0).abs() < 0.05, "{n} incidents");
    let first = time::Date::from_calendar_date(2021, time::Month::January, 1).unwrap();
    assert!(incidents.iter().all(|i| i.value.date >= first));
    assert_eq!(
        truth(&files)["incidents"]["total"].as_u64(),
        Some(incidents.len() as u64)
    );
}

#[test]
fn areas_tile_the_city() {
    let files = generate(&DemoConfig {
        incidents: 10,
        victims: 10,
        ..small(5)
    });
    let areas = areas(&files);
    let polys: Vec<_> = areas.iter().map(|a| a.boundary.multi_polygon().clone()).collect();
    let mean_area = polys.iter().map(|p| p.unsigned_area()).sum::<f64>() / polys.len() as f64;
    let mut touching = vec![0; polys.len()];
    for i in 0..polys.len() {
        for j in i + 1..polys.len() {
            if !polys[i].intersects(&polys[j]) {
                continue;
            }
            let overlap = polys[i].intersection(&polys[j]).unsigned_area();
            assert!(
                overlap < mean_area * 1e-9,
                "{} and {} overlap",
                areas[i].code,
                areas[j].code
            );
            // Touching along an edge: they share at least two vertices.
            let vi: BTreeSet<(u64, u64)> = vertices(&polys[i]);
            let vj: BTreeSet<(u64, u64)> = vertices(&polys[j]);
            if vi.intersection(&vj).count() >= 2 {
                touching[i] += 1;
                touching[j] += 1;
            }
        }
    }
    let interior = touching.iter().filter(|&&t| t == 4).count();
    assert!(interior >= 20, "{interior} cells with four edge neighbours");
    assert!(touching.iter().all(|&t| t >= 2), "{touching:?}");
    // Interior cells (the 5 × 5 core) have at least 3 neighbours sharing an edge.
    let truth = truth(&files);
    for (k, a) in truth["areas"].as_array().unwrap().iter().enumerate() {
        if a["rook_neighbours"].as_array().unwrap().len() == 4 {
            assert!(touching[k] >= 3, "{}", a["id"]);
        }
    }
}

fn vertices(p: &geo::MultiPolygon<f64>) -> BTreeSet<(u64, u64)> {
    p.0.iter()
        .flat_map(|poly| poly.exterior().coords().map(|c| (c.x.to_bits(), c.y.to_bits())))
        .collect()
}

#[test]
fn incidents_lie_in_their_area_and_follow_exclusion() {
    let files = generate(&small(7));
    let areas = areas(&files);
    let today = time::Date::from_calendar_date(2025, time::Month::December, 31).unwrap();
    let incidents = parse_incidents("incidents.csv", files.get("incidents.csv").unwrap(), today).unwrap();
    let mut per_area: BTreeMap<String, f64> = BTreeMap::new();
    for i in &incidents {
        let i = &i.value;
        let stated = i.area.as_ref().unwrap();
        assert_eq!(locate(&areas, i.location), Some(stated), "{}", i.id);
        let area = areas.iter().find(|a| &a.code == stated).unwrap();
        let p = geo::Point::new(i.location.lon(), i.location.lat());
        assert!(
            geo::Contains::contains(area.boundary.multi_polygon(), &p),
            "{} on a border",
            i.id
        );
        *per_area.entry(stated.to_string()).or_default() += 1.0;
    }
    // Counts in the truth match the file.
    let truth = truth(&files);
    for (area, per_type) in truth["incidents"]["by_area_type_year"].as_object().unwrap() {
        let sum: u64 = per_type
            .as_object()
            .unwrap()
            .values()
            .flat_map(|y| y.as_object().unwrap().values())
            .map(|c| c.as_u64().unwrap())
            .sum();
        assert_eq!(sum as f64, per_area.get(area).copied().unwrap_or(0.0), "{area}");
    }
    // Rate per 1,000 correlates with exclusion; exclusion is spatially clustered.
    let t_areas = truth["areas"].as_array().unwrap();
    let ids: Vec<String> = t_areas
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let e: Vec<f64> = t_areas.iter().map(|a| a["exclusion"].as_f64().unwrap()).collect();
    let rate: Vec<f64> = t_areas
        .iter()
        .map(|a| {
            per_area.get(a["id"].as_str().unwrap()).copied().unwrap_or(0.0)
                / a["population"].as_f64().unwrap()
                * 1000.0
        })
        .collect();
    let r = correlation(&e, &rate);
    assert!(r > 0.3, "correlation of rate and exclusion {r}");
    let neighbours: Vec<Vec<usize>> = t_areas
        .iter()
        .map(|a| {
            a["rook_neighbours"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| ids.iter().position(|i| i == n.as_str().unwrap()).unwrap())
                .collect()
        })
        .collect();
    let i = morans_i(&e, &neighbours);
    assert!(i > 0.2, "Moran's I {i}");
    // Hot spots sit in excluded areas.
    for h in truth["hot_spots"].as_array().unwrap() {
        let k = ids.iter().position(|i| i == h["area"].as_str().unwrap()).unwrap();
        assert!(e[k] > 0.3, "hot spot in area with exclusion {}", e[k]);
    }
}

fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

fn morans_i(x: &[f64], w: &[Vec<usize>]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let s0: f64 = w.iter().map(|v| v.len() as f64).sum();
    let num: f64 = w
        .iter()
        .enumerate()
        .flat_map(|(i, v)| v.iter().map(move |&j| (i, j)))
        .map(|(i, j)| (x[i] - m) * (x[j] - m))
        .sum();
    let den: f64 = x.iter().map(|a| (a - m).powi(2)).sum();
    n / s0 * num / den
}

#[test]
fn victim_truth_is_consistent() {
    let cfg = small(7);
    let files = generate(&cfg);
    let truth = truth(&files);
    let v = &truth["victims"];
    let patterns = v["capture_histories"].as_object().unwrap();
    assert_eq!(patterns.len(), 32);
    let total: u64 = patterns.values().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(total as usize, cfg.victims);
    assert!(
        patterns["00000"].as_u64().unwrap() > 0,
        "some victims are on no list"
    );
    let multi: u64 = patterns
        .iter()
        .filter(|(p, _)| p.matches('1').count() >= 2)
        .map(|(_, c)| c.as_u64().unwrap())
        .sum();
    assert!(multi >= 20, "{multi} victims on two lists or more");

    let mut in_truth: BTreeMap<String, usize> = BTreeMap::new();
    for p in v["persons"].as_array().unwrap() {
        let mut lists = [false; 5];
        for r in p["records"].as_array().unwrap() {
            *in_truth
                .entry(r["record_id"].as_str().unwrap().to_owned())
                .or_default() += 1;
            lists[LISTS
                .iter()
                .position(|l| *l == r["list"].as_str().unwrap())
                .unwrap()] = true;
        }
        let pattern: String = lists.iter().map(|b| if *b { '1' } else { '0' }).collect();
        assert_eq!(p["capture_history"].as_str().unwrap(), pattern);
    }
    let mut in_files = 0;
    for list in LISTS {
        let rows = csv_rows(files.get(&format!("lists/{list}.csv")).unwrap());
        assert_eq!(
            v["list_sizes"][list].as_u64().unwrap() as usize,
            rows.len(),
            "{list}"
        );
        assert!(rows.len() >= 10, "{list} has {} rows", rows.len());
        for r in &rows {
            assert_eq!(in_truth.get(&r["record_id"]), Some(&1), "{}", r["record_id"]);
            assert!(r["record_id"].starts_with(list));
            let d = &r["date_of_birth"];
            assert!(d.is_empty() || (d.len() == 10 && &d[4..5] == "-"), "{d}");
            assert!(["F", "M", ""].contains(&r["sex"].as_str()));
            let on = &r["identified_on"];
            assert!(on.as_str() >= "2021-01-01" && on.as_str() <= "2025-12-31", "{on}");
        }
        in_files += rows.len();
    }
    assert_eq!(in_files, in_truth.len());
    assert_eq!(
        csv_rows(files.get("lists/police.csv").unwrap())[0]
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        [
            "record_id",
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "nationality",
            "exploitation",
            "identified_on"
        ]
        .map(String::from)
        .into_iter()
        .collect()
    );
}

#[test]
fn network_structure_holds() {
    for seed in [7, 8, 9] {
        let files = generate(&DemoConfig {
            incidents: 100,
            victims: 20,
            ..small(seed)
        });
        let entities = csv_rows(files.get("network/entities.csv").unwrap());
        let links = csv_rows(files.get("network/links.csv").unwrap());
        let ids: BTreeSet<&str> = entities.iter().map(|e| e["id"].as_str()).collect();
        assert_eq!(ids.len(), entities.len(), "entity ids are unique");
        for e in &entities {
            assert!(
                [
                    "person",
                    "company",
                    "premises",
                    "phone",
                    "vehicle",
                    "bank_account"
                ]
                .contains(&e["kind"].as_str())
            );
            assert_eq!(e["country"].len(), 2);
            if e["kind"] == "person" {
                assert_eq!(e["label"], e["id"], "persons are pseudonymised");
            }
            if e["kind"] == "premises" {
                assert!(e["area"].starts_with('N'));
            }
        }
        for l in &links {
            assert!(
                ids.contains(l["source"].as_str()) && ids.contains(l["target"].as_str()),
                "{l:?}"
            );
            assert!(
                [
                    "co_offending",
                    "call",
                    "meeting",
                    "ownership",
                    "employment",
                    "tenancy",
                    "kinship",
                    "payment"
                ]
                .contains(&l["kind"].as_str())
            );
            assert!(l["weight"].parse::<u64>().unwrap() >= 1);
        }
        let personal: Vec<(&str, &str)> = links
            .iter()
            .filter(|l| ["co_offending", "kinship", "meeting"].contains(&l["kind"].as_str()))
            .map(|l| (l["source"].as_str(), l["target"].as_str()))
            .collect();
        let truth = truth(&files);
        let net = &truth["network"];
        let groups = net["groups"].as_array().unwrap();
        assert!((6..=10).contains(&groups.len()));
        let mut group_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for g in groups {
            let members: BTreeSet<&str> = g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            assert!(members.len() >= 8 && members.len() <= 27, "{}", members.len());
            for m in &members {
                group_of.entry(m).or_default().push(g["id"].as_str().unwrap());
            }
            // Connected through personal ties among members.
            let start = *members.iter().next().unwrap();
            let mut seen: BTreeSet<&str> = BTreeSet::from([start]);
            let mut stack = vec![start];
            while let Some(x) = stack.pop() {
                for &(a, b) in &personal {
                    let other = if a == x {
                        b
                    } else if b == x {
                        a
                    } else {
                        continue;
                    };
                    if members.contains(other) && seen.insert(other) {
                        stack.push(other);
                    }
                }
            }
            assert_eq!(seen.len(), members.len(), "group {} is not connected", g["id"]);
        }
        let brokers = net["brokers"].as_array().unwrap();
        assert!(brokers.len() >= 2);
        for b in brokers {
            let id = b["id"].as_str().unwrap();
            let mut reached: BTreeSet<&str> = group_of
                .get(id)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .collect();
            for &(x, y) in &personal {
                let other = if x == id {
                    y
                } else if y == id {
                    x
                } else {
                    continue;
                };
                reached.extend(group_of.get(other).cloned().unwrap_or_default());
            }
            assert!(reached.len() >= 2, "broker {id} reaches {reached:?}");
        }
        let foreign = net["foreign_contacts"].as_array().unwrap();
        assert!(!foreign.is_empty());
        for f in foreign {
            assert_ne!(f["country"], "FR");
        }
    }
}
