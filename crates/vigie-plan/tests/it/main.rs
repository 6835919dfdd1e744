#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Integration tests of vigie-plan: the demo city's planted effects are recovered.

mod demo;
mod suggest;

use vigie_domain::import::{parse_areas, parse_incidents};
use vigie_domain::{Area, Incident};
use vigie_synth::{DemoConfig, DemoFiles, generate};

/// The demo city's files, areas and incidents, read through the import parsers.
pub fn demo_city(cfg: &DemoConfig) -> (DemoFiles, Vec<Area>, Vec<Incident>) {
    let files = generate(cfg);
    let areas: Vec<Area> = parse_areas("areas.geojson", files.get("areas.geojson").unwrap())
        .unwrap()
        .into_iter()
        .map(|l| l.value)
        .collect();
    let incidents: Vec<Incident> = parse_incidents(
        "incidents.csv",
        files.get("incidents.csv").unwrap(),
        time::macros::date!(2026 - 11 - 29),
    )
    .unwrap()
    .into_iter()
    .map(|l| l.value)
    .collect();
    (files, areas, incidents)
}
