//! `vigie estimate`: multiple systems estimation from a capture-history table.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use clap::ValueEnum;
use vigie_estimate::{Estimate, Heterogeneity, IntervalMethod, Method, Options, Severity, Table};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    Stepwise,
    Bic,
    Main,
}

/// A heterogeneity term (Rcapture's Mth models).
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum HeterogeneityArg {
    None,
    Darroch,
    Poisson2,
    #[value(name = "gamma3.5")]
    Gamma35,
}

/// The model choice asked for.
pub struct Choice {
    pub method: MethodArg,
    pub threshold: f64,
    pub max_order: Option<usize>,
    pub ntop: Option<usize>,
    pub heterogeneity: HeterogeneityArg,
}

/// Reads the table and estimates.
pub fn run(path: &Path, choice: &Choice, bootstrap: usize, seed: u64, level: f64) -> Result<Estimate> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let table = Table::from_csv(std::io::BufReader::new(file), &path.display().to_string())?;
    let method = match choice.method {
        MethodArg::Stepwise => Method::Stepwise {
            threshold: choice.threshold,
        },
        MethodArg::Bic => Method::Bic {
            max_order: choice.max_order,
            ntop: choice.ntop,
        },
        MethodArg::Main => Method::Main,
    };
    let options = Options {
        method,
        bootstrap,
        seed,
        level,
        heterogeneity: match choice.heterogeneity {
            HeterogeneityArg::None => Heterogeneity::None,
            HeterogeneityArg::Darroch => Heterogeneity::Darroch,
            HeterogeneityArg::Poisson2 => Heterogeneity::Poisson2,
            HeterogeneityArg::Gamma35 => Heterogeneity::Gamma35,
        },
        ..Options::default()
    };
    Ok(vigie_estimate::estimate(&table, &options)?)
}

/// The result for a reader.
pub fn text(e: &Estimate) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} people on the lists {}; estimated {:.0} in all, {:.0} on no list",
        e.observed,
        e.lists.join(", "),
        e.estimate,
        e.hidden
    );
    let _ = writeln!(
        out,
        "{:.0} % interval ({}): {:.0} to {:.0}",
        100.0 * e.interval.level,
        match e.interval.method {
            IntervalMethod::Bca => "bootstrap, BCa",
            IntervalMethod::Lognormal => "log-normal, given the model",
        },
        e.interval.lower,
        e.interval.upper
    );
    let mut terms: Vec<String> = e.model.terms.iter().map(|t| t.join(":")).collect();
    if let Some(g) = e.model.heterogeneity_coefficient {
        terms.push(format!("heterogeneity {} (γ = {g:.3})", e.model.heterogeneity));
    }
    let _ = writeln!(
        out,
        "model ({}): main effects{}{}; deviance {:.3} on {} df, BIC {:.3}",
        e.method,
        if terms.is_empty() { "" } else { " + " },
        terms.join(" + "),
        e.deviance,
        e.df,
        e.bic
    );
    if let Some(s) = &e.sensitivity {
        let points: Vec<String> = s
            .iter()
            .map(|p| format!("{}: {:.0}", p.threshold, p.estimate))
            .collect();
        let _ = writeln!(out, "by stepwise threshold: {}", points.join(", "));
    }
    for w in &e.warnings {
        let label = match w.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label} ({}): {}", w.code, w.message);
    }
    out
}
