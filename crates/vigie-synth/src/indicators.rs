//! Yearly socio-economic indicators per area, driven by the hidden exclusion factor.
//!
//! Each indicator is `base × exp(loading × exclusion + persistent area effect + trend × year + noise)`, clamped
//! to a realistic range and rounded (rates to 1 decimal, income to 10 EUR). The definition columns (`name`,
//! `unit`, `direction`, `source`) are filled on every row and are identical for every row of an indicator.

use rand::Rng;

use crate::areas::Areas;
use crate::util::{csv_row, normal};

/// The definition and the generating model of one indicator. Values follow a multiplicative model:
/// `base × exp(loading × exclusion + area effect + trend × year + noise)`, so rates stay positive and
/// right-skewed as real rates are.
pub(crate) struct Spec {
    pub code: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub direction: &'static str,
    /// Value at mean exclusion in the first year.
    base: f64,
    /// Log-scale effect of one standard deviation of exclusion.
    loading: f64,
    /// Sd of the persistent area effect (log scale).
    area_sd: f64,
    /// Relative change per year.
    trend: f64,
    /// Sd of the year-to-year noise (log scale).
    year_sd: f64,
    min: f64,
    max: f64,
    /// Rounding step of the written value (0.1 for rates, 10 EUR for income).
    step: f64,
}

const fn rate(
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    base: f64,
    loading: f64,
    trend: f64,
    max: f64,
) -> Spec {
    Spec {
        code,
        name,
        unit,
        direction: "higher_is_worse",
        base,
        loading,
        area_sd: 0.08,
        trend,
        year_sd: 0.04,
        min: 0.5,
        max,
        step: 0.1,
    }
}

pub(crate) const SPECS: [Spec; 6] = [
    rate(
        "unemployment_rate",
        "Unemployment rate",
        "%",
        9.5,
        0.36,
        -0.025,
        40.0,
    ),
    rate("poverty_rate", "Poverty rate", "%", 17.0, 0.38, 0.01, 65.0),
    rate(
        "school_dropout_rate",
        "School dropout rate",
        "%",
        6.5,
        0.38,
        -0.015,
        35.0,
    ),
    rate(
        "overcrowded_housing",
        "Overcrowded housing",
        "% of dwellings",
        10.0,
        0.42,
        0.012,
        50.0,
    ),
    rate(
        "youth_share",
        "Share of young people",
        "% aged 15–24",
        13.5,
        0.13,
        0.004,
        30.0,
    ),
    Spec {
        code: "median_income",
        name: "Median disposable income",
        unit: "EUR per year",
        direction: "higher_is_better",
        base: 22_500.0,
        loading: -0.19,
        area_sd: 0.05,
        trend: 0.018,
        year_sd: 0.01,
        min: 9_000.0,
        max: 50_000.0,
        step: 10.0,
    },
];

/// `indicators.csv`, sorted by indicator, area, then period.
pub(crate) fn csv<R: Rng + ?Sized>(
    rng: &mut R,
    areas: &Areas,
    first_year: i32,
    years: u32,
    seed: u64,
) -> String {
    let source = format!("Synthetic (vigie demo, seed {seed})");
    let mut out = String::new();
    csv_row(
        &mut out,
        &[
            "area",
            "indicator",
            "period",
            "value",
            "name",
            "unit",
            "direction",
            "source",
        ],
    );
    for spec in &SPECS {
        for area in &areas.areas {
            let persistent = spec.area_sd * normal(rng);
            for y in 0..years {
                let t = f64::from(y);
                let noise = spec.year_sd * normal(rng);
                let v =
                    spec.base * (spec.loading * area.exclusion + persistent + spec.trend * t + noise).exp();
                let v = (v.clamp(spec.min, spec.max) / spec.step).round() * spec.step;
                let text = if spec.step >= 1.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.1}")
                };
                let period = (first_year + y as i32).to_string();
                csv_row(
                    &mut out,
                    &[
                        &area.id,
                        spec.code,
                        &period,
                        &text,
                        spec.name,
                        spec.unit,
                        spec.direction,
                        &source,
                    ],
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::{Part, stream};

    #[test]
    fn values_are_realistic_and_follow_exclusion() {
        let areas = crate::areas::build(&mut stream(7, Part::Areas));
        let text = csv(&mut stream(7, Part::Indicators), &areas, 2021, 5, 7);
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<::csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 41 * 6 * 5);
        for spec in &SPECS {
            let mine: Vec<&::csv::StringRecord> = rows.iter().filter(|x| &x[1] == spec.code).collect();
            let values: Vec<f64> = mine.iter().map(|x| x[3].parse().unwrap()).collect();
            let clamped = values
                .iter()
                .filter(|v| **v <= spec.min || **v >= spec.max)
                .count();
            assert!(clamped <= values.len() / 50, "{}: {clamped} clamped", spec.code);
            // First-year value against exclusion.
            let (mut e, mut v) = (Vec::new(), Vec::new());
            for (a, row) in areas.areas.iter().zip(mine.iter().step_by(5)) {
                assert_eq!(&row[0], a.id.as_str());
                e.push(a.exclusion);
                v.push(row[3].parse::<f64>().unwrap().ln());
            }
            let n = e.len() as f64;
            let (me, mv) = (e.iter().sum::<f64>() / n, v.iter().sum::<f64>() / n);
            let cov: f64 = e.iter().zip(&v).map(|(a, b)| (a - me) * (b - mv)).sum();
            let sd = |x: &[f64], m: f64| x.iter().map(|a| (a - m).powi(2)).sum::<f64>().sqrt();
            let r = cov / (sd(&e, me) * sd(&v, mv));
            let expected_sign = if spec.direction == "higher_is_worse" {
                1.0
            } else {
                -1.0
            };
            assert!(r * expected_sign > 0.7, "{}: correlation {r}", spec.code);
            // Definition columns identical on every row.
            assert!(
                mine.iter()
                    .all(|x| &x[4] == spec.name && &x[5] == spec.unit && &x[6] == spec.direction)
            );
            assert!(mine.iter().all(|x| &x[7] == "Synthetic (vigie demo, seed 7)"));
        }
    }
}
