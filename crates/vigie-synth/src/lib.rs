//! vigie-synth: **Vallombre**, a deterministic synthetic demo city with its exact ground truth.
//!
//! [`generate`] turns a [`DemoConfig`] (a seed and a few sizes) into a set of files that vigie imports like a
//! real city's data, plus `truth.json`, the ground truth against which later analyses are scored (spatial
//! statistics, record linkage, multiple systems estimation, network analysis). Vallombre and everything in it
//! is fictional; it is placed near lon 4.8–5.0, lat 45.7–45.8 only so that maps look plausible.
//!
//! | file | content | module |
//! |---|---|---|
//! | `city.json` | name and country | |
//! | `agencies.csv` | the city's partner agencies (`code,name,kind`) | |
//! | `areas.geojson` | 41 neighbourhoods: a jittered 7 × 7 grid sharing exact edges | `areas` |
//! | `indicators.csv` | six yearly indicators per area, driven by a hidden exclusion factor | `indicators` |
//! | `incidents.csv` | ~`cfg.incidents` geolocated incidents with hot spots and trends | `incidents` |
//! | `lists/<agency>.csv` | five agencies' lists of identified victims, with realistic errors | `victims` |
//! | `network/entities.csv`, `network/links.csv` | a criminal network of groups, brokers, companies | `network` |
//! | `truth/linkage.csv` | which records of the lists are the same person (`list,record_id,entity_id`) | `victims` |
//! | `truth/capture.csv` | the true capture histories of the victims on at least one list (`police,...,count`) | `victims` |
//! | `services.json` | the city's support services (the directory) | `cases` |
//! | `plan.json` | the local action plan: a dozen measures, some with a planted effect | `plan` |
//! | `cases/ngo.json` | the NGO's victims as intake forms, with screenings and referrals | `cases` |
//! | `truth.json` | everything hidden: exclusion, hot spots, counts, true linkage, capture histories, groups | |
//!
//! **`truth.json`** (pretty JSON, keys in a stable order):
//!
//! * `seed`, `config`: the effective configuration;
//! * `areas[]`: `id`, `name`, `population`, `exclusion` (the hidden factor, mean 0, sd 1), `hot_spots` (ids of
//!   the hot spots centred in the area), `rook_neighbours`;
//! * `hot_spots[]`: `id`, `area`, centre `longitude`/`latitude`, `spread_m`, `type_weights`, and `incidents`
//!   generated around it by type (their points may fall in a neighbouring area);
//! * `incidents`: `total`, `by_type`, `by_year`, `by_area_type_year` (area → type → year → count, zeros
//!   included; counted by the area written in `incidents.csv`) and the generating `models` per type;
//! * `victims`: `population`, `lists` (the order of capture-history patterns: police, ngo, health, labour,
//!   social), `list_sizes` (rows per file), `distinct_per_list`, `capture_histories` (all 32 patterns, `00000` =
//!   on no list), `on_no_list`, `on_two_or_more_lists`, `minors`, and `persons[]` with the true attributes and
//!   `records[]` (`list`, `record_id`, `errors`): the true linkage. A person may have two records on one list.
//! * `network`: `groups[]` (`kind`, `home_area`, `leader`, `members`, `associates`, `companies`,
//!   `foreign_contacts`), `brokers[]` (`kind` `dual_member` or `external`, `groups`), `foreign_contacts[]`
//!   (`country`, `groups`), `person_groups` (every person → the groups they belong to), and counts by kind.
//! * `plan`: `measures[]` (`id`, `areas`, `phenomena`, `start`, `planted`, `thinning`, `true_effect` — the change in
//!   the incident rate per 1,000 inhabitants per year that the measure caused —, `removed`).
//!
//! **Determinism.** The same configuration gives byte-identical files on every run: all randomness comes from
//! ChaCha8 streams seeded from `cfg.seed`, one independent stream per part (areas, indicators, incidents,
//! victims, network), and all output is built from vectors and ordered maps. Changing the number of incidents
//! changes only `incidents.csv` and the incident part of the truth; changing the number of victims changes only
//! the lists and the victim part of the truth.
//!
//! **Robustness.** Generation never fails and never panics: out-of-range configuration values are clamped
//! (years to 1–50, the first year to 1900–2150), and the effective configuration is written to the truth.

mod areas;
pub mod cases;
mod incidents;
mod indicators;
mod names;
mod network;
mod plan;
mod util;
mod victims;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use vigie_domain::AgencyKind;

use util::{Part, Span, json_pretty, stream};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoConfig {
    /// Seed of every random draw.
    pub seed: u64,
    /// Expected number of incidents (the realised number differs by Poisson noise, about √n).
    pub incidents: usize,
    /// Size of the hidden victim population.
    pub victims: usize,
    /// First year of the period.
    pub first_year: i32,
    /// Number of years.
    pub years: u32,
}

impl Default for DemoConfig {
    fn default() -> Self {
        Self {
            seed: 7,
            incidents: 50_000,
            victims: 600,
            first_year: 2021,
            years: 5,
        }
    }
}

impl DemoConfig {
    /// The configuration actually used: years clamped to 1–50 and the first year to 1900–2150.
    fn effective(&self) -> Self {
        let years = self.years.clamp(1, 50);
        Self {
            years,
            first_year: self.first_year.clamp(1900, 2150),
            ..self.clone()
        }
    }
}

/// The generated files: `(relative path, content)` in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFiles {
    pub files: Vec<(String, String)>,
}

impl DemoFiles {
    /// The content of a file, by its relative path (e.g. `"lists/police.csv"`).
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, c)| c.as_str())
    }

    /// Writes every file under `dir` (creating sub-directories) and returns the paths written, in order.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let mut written = Vec::with_capacity(self.files.len());
        for (rel, content) in &self.files {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, content)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// The partner agencies; the first six hold lists or coordinate, the last four complete a local partnership.
const AGENCIES: [(&str, &str, AgencyKind); 11] = [
    ("city", "Ville de Vallombre", AgencyKind::Municipality),
    (
        "police",
        "Police nationale – Commissariat de Vallombre",
        AgencyKind::Police,
    ),
    (
        "ngo",
        "Association Le Phare (accompagnement des victimes)",
        AgencyKind::Ngo,
    ),
    ("health", "Centre hospitalier de Vallombre", AgencyKind::Health),
    (
        "labour",
        "Inspection du travail – Unité de contrôle de Vallombre",
        AgencyKind::LabourInspectorate,
    ),
    (
        "social",
        "Direction des solidarités de Vallombre",
        AgencyKind::SocialServices,
    ),
    (
        "school",
        "Circonscription scolaire de Vallombre",
        AgencyKind::School,
    ),
    (
        "refuge",
        "Foyer Les Tilleuls (hébergement sécurisé)",
        AgencyKind::Housing,
    ),
    (
        "housing",
        "Office public de l'habitat de Vallombre",
        AgencyKind::Housing,
    ),
    (
        "prosecutor",
        "Parquet du tribunal judiciaire de Vallombre",
        AgencyKind::Prosecutor,
    ),
    (
        "mirebrise",
        "Ville de Mirebrise (ville partenaire)",
        AgencyKind::PartnerCity,
    ),
];

/// One area in the truth.
#[derive(Serialize)]
struct AreaTruth {
    id: String,
    name: String,
    population: u32,
    exclusion: f64,
    hot_spots: Vec<String>,
    rook_neighbours: Vec<String>,
}

/// The incidents' truth.
#[derive(Serialize)]
struct IncidentTruth {
    total: usize,
    by_type: BTreeMap<&'static str, u64>,
    by_year: BTreeMap<i32, u64>,
    /// Area → type → year → count (every combination, zeros included).
    by_area_type_year: BTreeMap<String, BTreeMap<&'static str, BTreeMap<i32, u64>>>,
    models: Vec<incidents::TypeModel>,
}

#[derive(Serialize)]
struct Truth {
    city: &'static str,
    seed: u64,
    config: DemoConfig,
    areas: Vec<AreaTruth>,
    hot_spots: Vec<incidents::HotSpot>,
    incidents: IncidentTruth,
    victims: victims::VictimTruth,
    network: network::NetworkTruth,
    plan: plan::PlanTruth,
}

/// Two partner cities whose victims overlap, for cross-city linkage: a city of destination (A, the demo city's
/// victims for `cfg`) and a city of origin (B), where `shared` of B's victims are persons of A — the same people
/// (names, dates of birth, nationalities), met again by B's agencies. Each city's five agency lists are drawn on
/// their own, with their own recording errors.
pub struct TwoCities {
    /// City A's lists: `(list code, CSV)`.
    pub a: Vec<(&'static str, String)>,
    /// City B's lists.
    pub b: Vec<(&'static str, String)>,
    /// Every record of both cities and its person: `city,list,record_id,entity_id` (a shared person has one id).
    pub truth: String,
    /// How many persons are on at least one list of each city.
    pub shared_on_lists: usize,
}

/// See [`TwoCities`]. Deterministic for a seed.
pub fn two_cities(cfg: &DemoConfig, shared: usize) -> TwoCities {
    let cfg = cfg.effective();
    let span = Span::years(cfg.first_year, cfg.years);
    let mut rng_a = stream(cfg.seed, Part::Victims);
    let people_a = victims::population(&mut rng_a, cfg.victims, span);
    let mut rng_b = stream(cfg.seed.wrapping_add(0x0b1c_17e5), Part::Victims);
    let shared = shared.min(cfg.victims);
    let mut people_b = people_a[..shared].to_vec();
    people_b.extend(victims::population(
        &mut rng_b,
        cfg.victims.saturating_sub(shared),
        span,
    ));
    let gen_a = victims::lists_of(&mut rng_a, people_a, span);
    let gen_b = victims::lists_of(&mut rng_b, people_b, span);
    let mut truth = String::from("city,list,record_id,entity_id\n");
    for p in &gen_a.truth.persons {
        for r in &p.records {
            truth.push_str(&format!("a,{},{},A{}\n", r.list, r.record_id, p.id));
        }
    }
    let mut shared_on_lists = 0;
    for (i, p) in gen_b.truth.persons.iter().enumerate() {
        let entity = if i < shared {
            if !p.records.is_empty() && !gen_a.truth.persons[i].records.is_empty() {
                shared_on_lists += 1;
            }
            format!("A{}", gen_a.truth.persons[i].id)
        } else {
            format!("B{}", p.id)
        };
        for r in &p.records {
            truth.push_str(&format!("b,{},{},{entity}\n", r.list, r.record_id));
        }
    }
    TwoCities {
        a: gen_a.lists,
        b: gen_b.lists,
        truth,
        shared_on_lists,
    }
}

/// Generates the demo city.
pub fn generate(cfg: &DemoConfig) -> DemoFiles {
    let cfg = cfg.effective();
    let span = Span::years(cfg.first_year, cfg.years);

    let areas = areas::build(&mut stream(cfg.seed, Part::Areas));
    let indicators = indicators::csv(
        &mut stream(cfg.seed, Part::Indicators),
        &areas,
        cfg.first_year,
        cfg.years,
        cfg.seed,
    );
    let mut inc_rng = stream(cfg.seed, Part::Incidents);
    let mut hots = incidents::hot_spots(&mut inc_rng, &areas);
    let mut inc = incidents::generate(
        &mut inc_rng,
        &areas,
        &mut hots,
        cfg.incidents,
        cfg.first_year,
        cfg.years,
    );
    // The action plan removes its measures' prevented incidents from their areas after their start.
    let plan = plan::generate(
        &mut stream(cfg.seed, Part::Plan),
        &areas,
        &hots,
        &inc.expected,
        &mut inc.incidents,
        cfg.first_year,
        cfg.years,
    );
    let vic = victims::generate(&mut stream(cfg.seed, Part::Victims), cfg.victims, span);
    let (linkage_truth, capture_truth) = victims::linkage_truth(&vic.truth);
    // The network places its drug groups in hot-spot areas: it sees the hot spots but draws from its own stream.
    let net = network::generate(&mut stream(cfg.seed, Part::Network), &areas, &hots, span);

    let mut agencies = String::new();
    util::csv_row(&mut agencies, &["code", "name", "kind"]);
    for (code, name, kind) in AGENCIES {
        util::csv_row(&mut agencies, &[code, name, kind.code()]);
    }

    let counts = incidents::counts(&areas, &inc.incidents, cfg.first_year, cfg.years);
    let mut by_type: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut by_year: BTreeMap<i32, u64> = BTreeMap::new();
    for per_type in counts.values() {
        for (t, per_year) in per_type {
            for (y, c) in per_year {
                *by_type.entry(t).or_insert(0) += c;
                *by_year.entry(*y).or_insert(0) += c;
            }
        }
    }
    let truth = Truth {
        city: "Vallombre",
        seed: cfg.seed,
        config: cfg.clone(),
        areas: areas
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| AreaTruth {
                id: a.id.clone(),
                name: a.name.clone(),
                population: a.population,
                exclusion: a.exclusion,
                hot_spots: hots
                    .iter()
                    .filter(|h| h.area == a.id)
                    .map(|h| h.id.clone())
                    .collect(),
                rook_neighbours: areas.rook[i].iter().map(|j| areas.areas[*j].id.clone()).collect(),
            })
            .collect(),
        hot_spots: hots,
        incidents: IncidentTruth {
            total: inc.incidents.len(),
            by_type,
            by_year,
            by_area_type_year: counts,
            models: inc.models,
        },
        victims: vic.truth,
        network: net.truth,
        plan: plan.truth,
    };

    let mut files: Vec<(String, String)> = vec![
        (
            "city.json".into(),
            "{\"name\": \"Vallombre\", \"country\": \"FR\"}\n".into(),
        ),
        ("agencies.csv".into(), agencies),
        ("areas.geojson".into(), areas::geojson(&areas)),
        ("indicators.csv".into(), indicators),
        ("incidents.csv".into(), incidents::csv(&areas, &inc.incidents)),
        ("plan.json".into(), plan.json),
    ];
    for (list, csv) in vic.lists {
        files.push((format!("lists/{list}.csv"), csv));
    }
    files.push(("network/entities.csv".into(), net.entities_csv));
    files.push(("network/links.csv".into(), net.links_csv));
    let ngo = files
        .iter()
        .find(|(p, _)| p == "lists/ngo.csv")
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    let cases = cases::demo_cases(&mut stream(cfg.seed, Part::Cases), &ngo);
    files.push(("truth/linkage.csv".into(), linkage_truth));
    files.push(("truth/capture.csv".into(), capture_truth));
    files.push(("services.json".into(), json_pretty(&cases::SERVICES)));
    files.push(("cases/ngo.json".into(), json_pretty(&cases)));
    files.push(("truth.json".into(), json_pretty(&truth)));
    DemoFiles { files }
}

/// The demo's case work (the NGO's victims as cases, with screenings and referrals), as written to
/// `cases/ngo.json`, for loading through the store.
pub fn demo_case_work(cfg: &DemoConfig, files: &DemoFiles) -> Vec<cases::DemoCase> {
    let cfg = cfg.effective();
    cases::demo_cases(
        &mut stream(cfg.seed, Part::Cases),
        files.get("lists/ngo.csv").unwrap_or(""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn odd_configurations_do_not_fail() {
        for cfg in [
            DemoConfig {
                seed: 0,
                incidents: 0,
                victims: 0,
                first_year: 2021,
                years: 0,
            },
            DemoConfig {
                seed: u64::MAX,
                incidents: 10,
                victims: 1,
                first_year: -5,
                years: 1,
            },
            DemoConfig {
                seed: 3,
                incidents: 10,
                victims: 3,
                first_year: 9999,
                years: 500,
            },
        ] {
            let files = generate(&cfg);
            assert_eq!(files.files.len(), 18);
            let truth: serde_json::Value = serde_json::from_str(files.get("truth.json").unwrap()).unwrap();
            let e = cfg.effective();
            assert_eq!(truth["config"]["years"], e.years);
            assert_eq!(truth["config"]["first_year"], e.first_year);
            assert!(files.get("lists/police.csv").unwrap().starts_with("record_id,"));
        }
    }

    #[test]
    fn get_finds_files() {
        let files = generate(&DemoConfig {
            incidents: 5,
            victims: 5,
            ..DemoConfig::default()
        });
        assert!(files.get("city.json").unwrap().contains("Vallombre"));
        assert!(files.get("nope.csv").is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

        #[test]
        fn csv_fields_round_trip(rest in proptest::collection::vec("[a-zé,;\" \n]{0,8}", 0..5)) {
            // Rows always start with an identifier.
            let mut fields = vec!["id-1".to_owned()];
            fields.extend(rest);
            let mut text = String::new();
            util::csv_row(&mut text, &fields);
            let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            let rec = r.records().next().unwrap().unwrap();
            let back: Vec<&str> = rec.iter().collect();
            prop_assert_eq!(back, fields.iter().map(String::as_str).collect::<Vec<_>>());
        }

        #[test]
        fn accents_strip_to_plain_text(s in "\\PC{0,20}") {
            let plain = names::strip_accents(&s);
            prop_assert!(plain.chars().count() >= s.chars().count());
        }
    }
}
