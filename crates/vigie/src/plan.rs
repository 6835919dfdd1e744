//! `vigie plan`: the local action plan from the command line — import a plan file into a city's database, and
//! evaluate its measures against the incidents (difference in differences, `vigie-plan`).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use vigie_domain::import::{parse_areas, parse_incidents, parse_indicators};
use vigie_domain::plan::{Known, Measure, read_plan};
use vigie_domain::{Area, Incident};
use vigie_plan::{Evaluation, Options};

/// What `plan evaluate --json` prints.
#[derive(Serialize)]
pub struct Output {
    pub measures: Vec<Evaluation>,
}

/// A city folder as `vigie demo generate` writes it: its areas, incidents and plan (`plan.json`).
pub fn from_dir(dir: &Path, today: time::Date) -> Result<(Vec<Area>, Vec<Incident>, Vec<Measure>)> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("cannot read {}", dir.join(name).display()))
    };
    let errors = |e: vigie_domain::import::ImportErrors| anyhow::anyhow!("{e}");
    let areas: Vec<Area> = parse_areas("areas.geojson", &read("areas.geojson")?)
        .map_err(errors)?
        .into_iter()
        .map(|l| l.value)
        .collect();
    let incidents: Vec<Incident> = parse_incidents("incidents.csv", &read("incidents.csv")?, today)
        .map_err(errors)?
        .into_iter()
        .map(|l| l.value)
        .collect();
    let indicators = parse_indicators("indicators.csv", &read("indicators.csv")?).map_err(errors)?;
    let agencies =
        vigie_domain::import::parse_agencies("agencies.csv", &read("agencies.csv")?).map_err(errors)?;
    let known = Known {
        areas: areas.iter().map(|a| a.code.to_string()).collect(),
        indicators: indicators
            .definitions
            .iter()
            .map(|d| d.value.code.to_string())
            .collect(),
        agencies: agencies.iter().map(|a| a.value.code.to_string()).collect(),
    };
    let measures = read_measures(&dir.join("plan.json"), &known)?;
    Ok((areas, incidents, measures))
}

/// Reads a plan file, all of it or nothing: every problem is listed.
pub fn read_measures(path: &Path, known: &Known) -> Result<Vec<Measure>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    match read_plan(&text, known) {
        Ok(m) => Ok(m),
        Err(problems) => {
            let list: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {p}", path.display()))
                .collect();
            bail!("the plan was refused; nothing was read:\n{}", list.join("\n"))
        }
    }
}

pub fn evaluate(areas: &[Area], incidents: &[Incident], measures: &[Measure], comparison: usize) -> Output {
    let options = Options {
        comparison_areas: comparison,
        ..Options::default()
    };
    Output {
        measures: vigie_plan::evaluate_plan(measures, areas, incidents, &options),
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| format!("{v:+.2}"))
}

/// The result for a reader.
pub fn text(o: &Output) -> String {
    let mut out = String::from(
        "Effects: change in the yearly incident rate per 1,000 inhabitants of the measure's phenomena in its areas,\n\
         attributable to the measure (difference in differences against similar untreated areas), 95 % interval.\n\n",
    );
    for e in &o.measures {
        let _ = writeln!(out, "{} {}", e.id, e.title);
        if e.effect.is_some() {
            let _ = writeln!(
                out,
                "  effect {} [{} to {}] — {}; areas {}; compared with {}",
                num(e.effect),
                num(e.lower),
                num(e.upper),
                match e.conclusion {
                    vigie_plan::Conclusion::Decrease => "a decrease",
                    vigie_plan::Conclusion::Increase => "an increase",
                    vigie_plan::Conclusion::NoDetectableChange => "no change told from chance",
                    vigie_plan::Conclusion::NotEvaluated => "not evaluated",
                },
                e.areas.join(", "),
                e.comparison_areas.join(", ")
            );
        } else {
            let _ = writeln!(out, "  not evaluated");
        }
        for w in &e.warnings {
            let _ = writeln!(out, "  warning ({}): {}", w.code, w.message);
        }
    }
    out.push_str(
        "\nAn interval that holds 0 means no change could be told from chance, not that the measure did nothing;\n\
         nothing here rules out another change in the same areas at the same time.\n",
    );
    out
}
