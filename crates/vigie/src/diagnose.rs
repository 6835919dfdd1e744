//! `vigie diagnose ...`: reads the files, calls the analyses, shapes their results for output.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use vigie_spatial::{
    AreaSet, GiStar, LocalMoran, Quadrant, Weights, fdr_threshold, gal, gi_star, local_moran, moran,
};

/// The JSON of `vigie diagnose spatial` (its keys are a contract).
#[derive(Debug, Serialize)]
pub struct SpatialOutput {
    pub n: usize,
    pub weights: String,
    pub islands: Vec<String>,
    pub permutations: usize,
    pub seed: u64,
    pub moran: vigie_spatial::MoranGlobal,
    /// Benjamini-Hochberg threshold at 5 % for the local Moran pseudo p-values.
    pub fdr_05: f64,
    pub areas: Vec<AreaOut>,
}

#[derive(Debug, Serialize)]
pub struct AreaOut {
    pub id: String,
    pub lisa: LocalMoran,
    pub gi_star: GiOut,
}

#[derive(Debug, Serialize)]
pub struct GiOut {
    pub z: f64,
    pub p_sim: Option<f64>,
}

fn input_errors(errors: Vec<vigie_spatial::InputError>) -> anyhow::Error {
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    anyhow::anyhow!("{}", text.join("\n"))
}

/// Builds the weights a `--weights` value names.
fn weights_for(spec: &str, set: &AreaSet) -> Result<Weights> {
    let extent = set
        .polygons
        .iter()
        .filter_map(geo::BoundingRect::bounding_rect)
        .fold(0.0f64, |m, r| m.max(r.width()).max(r.height()));
    // Vertices closer than a billionth of the map's extent are the same vertex.
    let snap = extent * 1e-9;
    let (kind, arg) = spec.split_once(':').unwrap_or((spec, ""));
    Ok(match kind {
        "queen" => Weights::contiguity(&set.polygons, false, snap),
        "rook" => Weights::contiguity(&set.polygons, true, snap),
        "knn" => {
            let k: usize = arg
                .parse()
                .with_context(|| format!("knn:K needs a whole number, not {arg:?}"))?;
            Weights::knn(&Weights::centroids(&set.polygons)?, k)?
        }
        "band" => {
            let d: f64 = arg
                .parse()
                .with_context(|| format!("band:DIST needs a number, not {arg:?}"))?;
            Weights::distance_band(&Weights::centroids(&set.polygons)?, d)?
        }
        "gal" => {
            let text = std::fs::read_to_string(arg).with_context(|| format!("cannot read {arg}"))?;
            gal::read(arg, &text, &set.ids)?
        }
        other => bail!("unknown weights {other:?}: use queen, rook, knn:K, band:DIST or gal:FILE"),
    })
}

/// Writes the weights of a GeoJSON file's areas as a GAL file; returns a one-line summary.
pub fn write_weights(areas: &Path, id_field: &str, spec: &str, out: &Path) -> Result<String> {
    if spec.starts_with("gal:") {
        bail!("the weights to write must be built from the areas: queen, rook, knn:K or band:DIST");
    }
    let text = std::fs::read_to_string(areas).with_context(|| format!("cannot read {}", areas.display()))?;
    let set = AreaSet::from_geojson(&areas.display().to_string(), &text, id_field).map_err(input_errors)?;
    let w = weights_for(spec, &set)?;
    let name = areas
        .file_stem()
        .map(|s| s.to_string_lossy().replace(' ', "_"))
        .unwrap_or_else(|| "areas".into());
    std::fs::write(out, gal::write(&w, &set.ids, &name, id_field))
        .with_context(|| format!("cannot write {}", out.display()))?;
    let k = w.cardinalities();
    Ok(format!(
        "{} areas, {} links ({} weights), {} to {} neighbours, {} without neighbours: written to {}",
        set.len(),
        k.iter().sum::<usize>(),
        spec,
        k.iter().min().unwrap_or(&0),
        k.iter().max().unwrap_or(&0),
        w.islands().len(),
        out.display()
    ))
}

pub fn spatial(
    areas: &Path,
    id_field: &str,
    variable: &str,
    weights: &str,
    permutations: usize,
    seed: u64,
) -> Result<SpatialOutput> {
    let text = std::fs::read_to_string(areas).with_context(|| format!("cannot read {}", areas.display()))?;
    let name = areas.display().to_string();
    let set = AreaSet::from_geojson(&name, &text, id_field).map_err(input_errors)?;
    let y = set.variable(variable).map_err(input_errors)?;
    let overlaps = set.overlaps(1e-6);
    if !overlaps.is_empty() {
        return Err(input_errors(overlaps));
    }
    let w = weights_for(weights, &set)?;
    let islands: Vec<String> = w.islands().into_iter().map(|i| set.ids[i].clone()).collect();
    if !islands.is_empty() {
        eprintln!(
            "warning: {} area(s) without neighbours: {}",
            islands.len(),
            islands.join(", ")
        );
    }
    let row = w.row_standardised();
    let g = moran(&y, &row, permutations, seed)?;
    let lisa = local_moran(&y, &row, permutations, seed)?;
    let gi: Vec<GiStar> = gi_star(&y, &w, permutations, seed)?;
    let p: Vec<f64> = lisa.iter().filter_map(|l| l.p_sim).collect();
    Ok(SpatialOutput {
        n: set.len(),
        weights: weights.to_owned(),
        islands,
        permutations,
        seed,
        moran: g,
        fdr_05: fdr_threshold(&p, 0.05),
        areas: set
            .ids
            .iter()
            .zip(lisa)
            .zip(gi)
            .map(|((id, lisa), gi)| AreaOut {
                id: id.clone(),
                lisa,
                gi_star: GiOut {
                    z: gi.z,
                    p_sim: gi.p_sim,
                },
            })
            .collect(),
    })
}

/// A plain-language summary for the terminal.
pub fn spatial_text(o: &SpatialOutput) -> String {
    let mut s = format!(
        "{} areas, {} weights, {} permutations (seed {})\n\
         Moran's I = {:.4} (expected {:.4}), z = {:.2} under randomisation, pseudo p = {}\n",
        o.n,
        o.weights,
        o.permutations,
        o.seed,
        o.moran.i,
        o.moran.expected,
        o.moran.z_rand,
        o.moran
            .p_sim
            .map(|p| format!("{p:.4}"))
            .unwrap_or_else(|| "–".into()),
    );
    let sig = |l: &LocalMoran| l.p_sim.is_some_and(|p| p <= 0.05);
    for q in [Quadrant::HH, Quadrant::LL, Quadrant::HL, Quadrant::LH] {
        let ids: Vec<&str> = o
            .areas
            .iter()
            .filter(|a| a.lisa.quadrant == q && sig(&a.lisa))
            .map(|a| a.id.as_str())
            .collect();
        s.push_str(&format!(
            "LISA {q:?} (p ≤ 0.05): {} {}\n",
            ids.len(),
            ids.join(" ")
        ));
    }
    let hot: Vec<&str> = o
        .areas
        .iter()
        .filter(|a| a.gi_star.z > 0.0 && a.gi_star.p_sim.is_some_and(|p| p <= 0.05))
        .map(|a| a.id.as_str())
        .collect();
    s.push_str(&format!(
        "Gi* hot spots (p ≤ 0.05): {} {}\n",
        hot.len(),
        hot.join(" ")
    ));
    s.push_str(&format!(
        "False discovery rate threshold at 5 %: p ≤ {:.4}\n",
        o.fdr_05
    ));
    s
}

/// The JSON of `vigie diagnose index`.
#[derive(Debug, Serialize)]
pub struct IndexOutput {
    pub n: usize,
    pub normalisation: vigie_diagnosis::index::Normalisation,
    pub aggregation: vigie_diagnosis::index::Aggregation,
    pub runs: usize,
    pub indicators: Vec<IndicatorOut>,
    /// In input order.
    pub areas: Vec<IndexAreaOut>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorOut {
    /// The period used.
    pub period: String,
    #[serde(flatten)]
    pub report: vigie_diagnosis::index::IndicatorReport,
}

#[derive(Debug, Serialize)]
pub struct IndexAreaOut {
    pub id: String,
    #[serde(flatten)]
    pub score: vigie_diagnosis::index::AreaScore,
}

/// Reads `indicator,weight` rows.
fn read_weights(path: &Path, names: &[String]) -> Result<Vec<f64>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut given = std::collections::HashMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    for (k, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("{}:{}: unreadable row", path.display(), k + 2))?;
        let (name, weight) = (row.get(0).unwrap_or(""), row.get(1).unwrap_or(""));
        let w: f64 = weight
            .parse()
            .ok()
            .filter(|w: &f64| w.is_finite() && *w >= 0.0)
            .with_context(|| {
                format!(
                    "{}:{}:weight: {weight:?} is not a number ≥ 0",
                    path.display(),
                    k + 2
                )
            })?;
        if !names.iter().any(|n| n == name) {
            bail!(
                "{}:{}:indicator: {name:?} is not among the indicators ({})",
                path.display(),
                k + 2,
                names.join(", ")
            );
        }
        given.insert(name.to_owned(), w);
    }
    names
        .iter()
        .map(|n| {
            given
                .get(n)
                .copied()
                .with_context(|| format!("{}: no weight for indicator {n}", path.display()))
        })
        .collect()
}

pub fn index(
    areas: &Path,
    id_field: &str,
    indicators: &Path,
    weights: Option<&Path>,
    period: Option<&str>,
    mut opts: vigie_diagnosis::index::IndexOptions,
) -> Result<IndexOutput> {
    use vigie_diagnosis::index::{IndicatorInput, WeightScheme, composite};
    use vigie_domain::import::{ImportErrors, parse_indicators};

    let text = std::fs::read_to_string(areas).with_context(|| format!("cannot read {}", areas.display()))?;
    let set = AreaSet::from_geojson(&areas.display().to_string(), &text, id_field).map_err(input_errors)?;
    let name = indicators.display().to_string();
    let csv = std::fs::read_to_string(indicators).with_context(|| format!("cannot read {name}"))?;
    let file = parse_indicators(&name, &csv).map_err(|e: ImportErrors| anyhow::anyhow!("{e}"))?;
    let wanted = period.map(vigie_domain::Period::parse).transpose()?;
    let pos: std::collections::HashMap<&str, usize> = set
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    // Every row must name a known area and an indicator whose direction the file gives.
    let mut errors = Vec::new();
    for v in &file.values {
        if !pos.contains_key(v.value.area.as_str()) {
            errors.push(format!(
                "{name}:{}:area: area {} is not in {}",
                v.line,
                v.value.area,
                areas.display()
            ));
        }
        if !file.definitions.iter().any(|d| d.value.code == v.value.indicator) {
            errors.push(format!(
                "{name}:{}:direction: the direction of {} is not given (columns unit and direction)",
                v.line, v.value.indicator
            ));
        }
    }
    if !errors.is_empty() {
        bail!("{}", errors.join("\n"));
    }
    let mut inputs = Vec::new();
    let mut periods = Vec::new();
    for d in &file.definitions {
        let rows: Vec<_> = file
            .values
            .iter()
            .filter(|v| v.value.indicator == d.value.code)
            .collect();
        let Some(p) = wanted.or_else(|| rows.iter().map(|v| v.value.period).max()) else {
            continue;
        };
        let mut values = vec![None; set.len()];
        for v in rows.iter().filter(|v| v.value.period == p) {
            values[pos[v.value.area.as_str()]] = Some(v.value.value());
        }
        periods.push((d.value.code.to_string(), p.to_string()));
        inputs.push(IndicatorInput {
            name: d.value.code.to_string(),
            higher_is_worse: d.value.direction == vigie_domain::Direction::HigherIsWorse,
            values,
        });
    }
    if let Some(path) = weights {
        let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
        opts.weights = WeightScheme::Given(read_weights(path, &names)?);
    }
    let index = composite(&inputs, &opts)?;
    Ok(IndexOutput {
        n: set.len(),
        normalisation: index.normalisation,
        aggregation: index.aggregation,
        runs: opts.runs,
        indicators: index
            .indicators
            .into_iter()
            .zip(periods)
            .map(|(report, (_, period))| IndicatorOut { period, report })
            .collect(),
        areas: set
            .ids
            .into_iter()
            .zip(index.areas)
            .map(|(id, score)| IndexAreaOut { id, score })
            .collect(),
    })
}

/// The index as a table for the terminal, worst first.
pub fn index_text(o: &IndexOutput) -> String {
    let mut order: Vec<&IndexAreaOut> = o.areas.iter().collect();
    order.sort_by_key(|a| a.score.rank);
    let mut s = String::from("rank  area        score   median rank  5–95 % interval\n");
    for a in order {
        let sc = &a.score;
        s.push_str(&format!(
            "{:>4}  {:<10} {:>7.2}   {:>6.1}       {:.0}–{:.0}\n",
            sc.rank, a.id, sc.score, sc.median_rank, sc.rank_p05, sc.rank_p95
        ));
    }
    for i in &o.indicators {
        let r = &i.report;
        s.push_str(&format!(
            "indicator {} ({}): weight {:.3}, coverage {:.0} %, winsorised {}\n",
            r.name,
            i.period,
            r.weight,
            100.0 * r.coverage,
            r.winsorised
        ));
    }
    s
}

/// The report as a standalone HTML document.
pub fn report_html(
    diagnosis: &vigie_diagnosis::report::Diagnosis,
    areas: &[vigie_domain::Area],
    lang: vigie_web::i18n::Lang,
) -> String {
    use vigie_render::report::{ReportContext, standalone, standard_sections};
    let href = |code: &str| format!("#area-{code}");
    let ctx = ReportContext {
        diagnosis,
        areas,
        tr: &lang,
        area_href: &href,
    };
    standalone(&ctx, &standard_sections())
}

/// The report of a city's database as a standalone HTML document, with the sections beyond the diagnosis (criminal
/// networks in the areas, the action plan, hidden victims) as the web page has them.
pub fn report_html_with(
    diagnosis: &vigie_diagnosis::report::Diagnosis,
    areas: &[vigie_domain::Area],
    lang: vigie_web::i18n::Lang,
    extras: vigie_web::diagnosis::Extras,
) -> String {
    use vigie_render::report::{ReportContext, standalone};
    let href = |code: &str| format!("#area-{code}");
    let ctx = ReportContext {
        diagnosis,
        areas,
        tr: &lang,
        area_href: &href,
    };
    standalone(&ctx, &vigie_web::diagnosis::sections(false, extras))
}

/// The report of a city folder as `vigie demo generate` writes it, read through the import parsers.
pub fn report_from_dir(
    dir: &Path,
    lang: vigie_web::i18n::Lang,
    settings: &vigie_diagnosis::report::Settings,
) -> Result<String> {
    use vigie_domain::import::{parse_areas, parse_incidents, parse_indicators};
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("cannot read {}", dir.join(name).display()))
    };
    let city: vigie_domain::City = serde_json::from_str(&read("city.json")?)
        .with_context(|| format!("{}: not a city", dir.join("city.json").display()))?;
    let errors = |e: vigie_domain::import::ImportErrors| anyhow::anyhow!("{e}");
    let areas: Vec<_> = parse_areas("areas.geojson", &read("areas.geojson")?)
        .map_err(errors)?
        .into_iter()
        .map(|l| l.value)
        .collect();
    let ind = parse_indicators("indicators.csv", &read("indicators.csv")?).map_err(errors)?;
    let today = time::OffsetDateTime::now_utc().date();
    let incidents: Vec<_> = parse_incidents("incidents.csv", &read("incidents.csv")?, today)
        .map_err(errors)?
        .into_iter()
        .map(|l| l.value)
        .collect();
    let definitions: Vec<_> = ind.definitions.into_iter().map(|l| l.value).collect();
    let values: Vec<_> = ind.values.into_iter().map(|l| l.value).collect();
    let data = vigie_diagnosis::report::CityData {
        city: &city.name,
        areas: &areas,
        definitions: &definitions,
        values: &values,
        incidents: &incidents,
    };
    let diagnosis = vigie_diagnosis::report::diagnose(&data, settings)?;
    Ok(report_html(&diagnosis, &areas, lang))
}
