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
    pub moran: MoranOut,
    /// Benjamini-Hochberg threshold at 5 % for the local Moran pseudo p-values.
    pub fdr_05: f64,
    pub areas: Vec<AreaOut>,
}

#[derive(Debug, Serialize)]
pub struct MoranOut {
    pub i: f64,
    pub expected: f64,
    pub var_norm: f64,
    pub z_norm: f64,
    pub var_rand: f64,
    pub z_rand: f64,
    pub p_sim: Option<f64>,
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
        moran: MoranOut {
            i: g.i,
            expected: g.expected,
            var_norm: g.var_norm,
            z_norm: g.z_norm,
            var_rand: g.var_rand,
            z_rand: g.z_rand,
            p_sim: g.p_sim,
        },
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
