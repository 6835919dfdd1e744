//! Evaluation of a measure by difference in differences.
//!
//! **What is estimated.** For a measure working in some areas from a start date, on some phenomena (incident
//! types): the change in the yearly incident rate of those phenomena per 1,000 inhabitants in its areas,
//! attributable to the measure, over the months from its start to its end (or to the last month of data).
//!
//! **How.** The treated areas' rate after the start is compared with what it would have been without the measure:
//! their rate before the start times the change seen meanwhile in similar untreated areas (the comparison areas):
//!
//! `effect = R_T,after − R_T,before × (R_C,after / R_C,before)`
//!
//! (rates pooled over the areas, weighted by population). The ratio form lets the comparison areas carry the
//! city's common trends, which act in proportion to each area's level (a type rising by 10 % a year rises by 10 %
//! everywhere), so that the comparison areas need not have exactly the treated areas' level.
//!
//! **Comparison areas.** The `Options::comparison_areas` untreated areas nearest to the treated areas in their rate
//! before the start (log scale) and in its growth (the second half of the period before against the first),
//! standardised; areas worked by another measure on one of the same phenomena are never used.
//!
//! **Uncertainty.** Incident counts are Poisson; on top of that, areas differ in how their rates change. The
//! comparison areas' own ratios (after / before) measure that spread: its variance, less its Poisson part, is the
//! area-level variance τ² that the treated areas' change is assumed to share. The variance of the effect adds the
//! Poisson variances of the treated rates, τ² for the treated areas (by their population weights) and the variance
//! of the comparison ratio; the interval uses Student's t with (comparison areas − 1) degrees of freedom.
//!
//! **Checks.** Before the start, the treated and comparison areas should move together (parallel trends): the
//! slope of the log ratio of their quarterly rates is tested, and a placebo evaluation with a false start halfway
//! through the months before the start should find nothing. Either failing, too few months, too few incidents, too
//! few comparison areas or comparison areas unlike the treated ones each give a warning. Nothing here can rule out
//! another change that happened in the treated areas at the same time.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};
use time::Date;
use vigie_domain::plan::Measure;
use vigie_domain::{Area, Incident, IncidentType};

/// Options of the evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// How many comparison areas to use (at most).
    pub comparison_areas: usize,
    /// Confidence level of the interval.
    pub level: f64,
    /// Fewer months before the start than this gives a warning.
    pub min_before_months: usize,
    /// Fewer months after the start than this gives a warning.
    pub min_after_months: usize,
    /// Fewer incidents in the treated areas before or after than this gives a warning.
    pub min_incidents: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            comparison_areas: 10,
            level: 0.95,
            min_before_months: 12,
            min_after_months: 6,
            min_incidents: 30,
        }
    }
}

/// One area's monthly counts of the phenomena evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelArea {
    pub code: String,
    pub population: f64,
    /// Incidents per month, from the panel's first month.
    pub counts: Vec<u64>,
}

/// Monthly incident counts per area, for some phenomena.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// The first month (its first day).
    pub first: Date,
    pub months: usize,
    pub areas: Vec<PanelArea>,
}

impl Panel {
    /// The index of the month holding `d` (negative before the first month).
    pub fn month_of(&self, d: Date) -> i64 {
        (i64::from(d.year()) - i64::from(self.first.year())) * 12 + i64::from(u8::from(d.month()))
            - i64::from(u8::from(self.first.month()))
    }
}

/// The monthly counts of `phenomena` (all types when empty) per area with a population, from the month of the
/// first incident to the month of the last. `None` without incidents or areas.
pub fn panel(areas: &[Area], incidents: &[Incident], phenomena: &[IncidentType]) -> Option<Panel> {
    let dates = incidents.iter().map(|i| i.date);
    let (min, max) = (dates.clone().min()?, dates.max()?);
    let first = Date::from_calendar_date(min.year(), min.month(), 1).ok()?;
    let mut p = Panel {
        first,
        months: 0,
        areas: Vec::new(),
    };
    p.months = usize::try_from(p.month_of(max) + 1).ok()?;
    p.areas = areas
        .iter()
        .filter(|a| a.population.get() > 0)
        .map(|a| PanelArea {
            code: a.code.to_string(),
            population: f64::from(a.population.get()),
            counts: vec![0; p.months],
        })
        .collect();
    if p.areas.is_empty() {
        return None;
    }
    let index: std::collections::HashMap<&str, usize> = areas
        .iter()
        .filter(|a| a.population.get() > 0)
        .enumerate()
        .map(|(i, a)| (a.code.as_str(), i))
        .collect();
    for inc in incidents {
        if !phenomena.is_empty() && !phenomena.contains(&inc.kind) {
            continue;
        }
        let Some(&ai) = inc.area.as_ref().and_then(|a| index.get(a.as_str())) else {
            continue;
        };
        if let Ok(m) = usize::try_from(p.month_of(inc.date))
            && m < p.months
        {
            p.areas[ai].counts[m] += 1;
        }
    }
    Some(p)
}

/// Something that weakens or prevents the evaluation, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `city_wide`, `not_started`, `short_before`, `short_after`, `few_comparison_areas`, `few_incidents`,
    /// `pre_trends_differ`, `placebo_effect`, `dissimilar_comparison`, `overlapping_measures`.
    pub code: &'static str,
    pub message: String,
}

/// What the evaluation allows one to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// The interval lies below zero.
    Decrease,
    /// The interval lies above zero.
    Increase,
    /// The interval holds zero: no change could be told from chance.
    NoDetectableChange,
    /// No estimate (see the warnings).
    NotEvaluated,
}

/// A placebo estimate: the method run with a false start before the real one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placebo {
    pub start: String,
    pub effect: f64,
    pub lower: f64,
    pub upper: f64,
}

/// The test of parallel trends before the start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreTrend {
    /// Slope of the log ratio of the treated to the comparison areas' quarterly rates, per year.
    pub slope: f64,
    pub standard_error: f64,
    pub p_value: f64,
}

/// The evaluation of one measure. Serialises with the keys of `vigie plan evaluate --json` (`id`, `title`,
/// `areas`, `effect`, `lower`, `upper`, `comparison_areas`, `warnings`) and more.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub id: String,
    pub title: String,
    pub areas: Vec<String>,
    pub phenomena: Vec<IncidentType>,
    /// Change in the yearly incident rate per 1,000 inhabitants attributable to the measure.
    pub effect: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub level: f64,
    pub comparison_areas: Vec<String>,
    pub conclusion: Conclusion,
    /// The treated areas' rate before and after the start, and what it would have been after without the measure.
    pub rate_before: Option<f64>,
    pub rate_after: Option<f64>,
    pub rate_without: Option<f64>,
    pub comparison_rate_before: Option<f64>,
    pub comparison_rate_after: Option<f64>,
    /// The windows compared (`YYYY-MM` of their first and last months).
    pub before: Option<[String; 2]>,
    pub after: Option<[String; 2]>,
    pub incidents_before: u64,
    pub incidents_after: u64,
    pub pre_trend: Option<PreTrend>,
    pub placebo: Option<Placebo>,
    pub warnings: Vec<Warning>,
}

/// The estimate of one comparison.
#[derive(Debug, Clone, PartialEq)]
struct Did {
    effect: f64,
    lower: f64,
    upper: f64,
    rate_before: f64,
    rate_after: f64,
    rate_without: f64,
    comparison_before: f64,
    comparison_after: f64,
}

fn sum(counts: &[u64], r: &Range<usize>) -> u64 {
    counts[r.clone()].iter().sum()
}

/// Yearly rate per 1,000 of `count` incidents among `population` over `months`.
fn rate(count: f64, population: f64, months: usize) -> f64 {
    1000.0 * count / population / (months as f64 / 12.0)
}

fn pooled(areas: &[&PanelArea], r: &Range<usize>) -> (u64, f64) {
    let c = areas.iter().map(|a| sum(&a.counts, r)).sum();
    let p = areas.iter().map(|a| a.population).sum();
    (c, p)
}

fn t_quantile(p: f64, df: f64) -> Option<f64> {
    StudentsT::new(0.0, 1.0, df).ok().map(|t| t.inverse_cdf(p))
}

/// The difference in differences of `treated` against `comparison`, `before` against `after`.
fn did(
    treated: &[&PanelArea],
    comparison: &[&PanelArea],
    before: &Range<usize>,
    after: &Range<usize>,
    level: f64,
) -> Option<Did> {
    if comparison.len() < 2 || before.is_empty() || after.is_empty() {
        return None;
    }
    let (ct_b, pt) = pooled(treated, before);
    let (ct_a, _) = pooled(treated, after);
    let (cc_b, pc) = pooled(comparison, before);
    let (cc_a, _) = pooled(comparison, after);
    if pt <= 0.0 || pc <= 0.0 || cc_b == 0 {
        return None;
    }
    let (nb, na) = (before.len(), after.len());
    let rt_b = rate(ct_b as f64, pt, nb);
    let rt_a = rate(ct_a as f64, pt, na);
    let rc_b = rate(cc_b as f64, pc, nb);
    let rc_a = rate(cc_a as f64, pc, na);
    let ratio = rc_a / rc_b;
    let effect = rt_a - rt_b * ratio;

    // The comparison areas' own ratios: their spread, less its Poisson part, is the area-level variance.
    let ratios: Vec<(f64, f64)> = comparison
        .iter()
        .filter_map(|a| {
            let (b, af) = (sum(&a.counts, before) as f64, sum(&a.counts, after) as f64);
            (b > 0.0).then(|| {
                let r = (af / na as f64) / (b / nb as f64);
                let poisson = r * r * (1.0 / af.max(0.5) + 1.0 / b);
                (r, poisson)
            })
        })
        .collect();
    let k = ratios.len();
    if k < 2 {
        return None;
    }
    let mean = ratios.iter().map(|r| r.0).sum::<f64>() / k as f64;
    let s2 = ratios.iter().map(|r| (r.0 - mean).powi(2)).sum::<f64>() / (k - 1) as f64;
    let poisson_mean = ratios.iter().map(|r| r.1).sum::<f64>() / k as f64;
    let tau2 = (s2 - poisson_mean).max(0.0);
    let w2: f64 = treated.iter().map(|a| (a.population / pt).powi(2)).sum();
    let variance = rt_a * rt_a / (ct_a.max(1) as f64)
        + ratio * ratio * rt_b * rt_b / (ct_b.max(1) as f64)
        + rt_b * rt_b * (tau2 * w2 + s2 / k as f64);
    let q = t_quantile(0.5 + level / 2.0, (k - 1) as f64)?;
    let half = q * variance.sqrt();
    Some(Did {
        effect,
        lower: effect - half,
        upper: effect + half,
        rate_before: rt_b,
        rate_after: rt_a,
        rate_without: rt_b * ratio,
        comparison_before: rc_b,
        comparison_after: rc_a,
    })
}

/// The slope (per year) of the log ratio of the treated to the comparison areas' quarterly rates before the start,
/// with its standard error and the two-sided p-value of "no slope". `None` with fewer than four quarters.
fn pre_trend(treated: &[&PanelArea], comparison: &[&PanelArea], before: &Range<usize>) -> Option<PreTrend> {
    let quarters: Vec<Range<usize>> = (before.start..before.end)
        .step_by(3)
        .filter(|s| s + 3 <= before.end)
        .map(|s| s..s + 3)
        .collect();
    let n = quarters.len();
    if n < 4 {
        return None;
    }
    let pt: f64 = treated.iter().map(|a| a.population).sum();
    let pc: f64 = comparison.iter().map(|a| a.population).sum();
    let points: Vec<(f64, f64)> = quarters
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let (ct, _) = pooled(treated, q);
            let (cc, _) = pooled(comparison, q);
            let y = ((ct as f64 + 0.5) / pt).ln() - ((cc as f64 + 0.5) / pc).ln();
            (i as f64 / 4.0, y)
        })
        .collect();
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    let rss: f64 = points
        .iter()
        .map(|p| (p.1 - my - slope * (p.0 - mx)).powi(2))
        .sum();
    let se = (rss / (n - 2) as f64 / sxx).sqrt();
    let t = StudentsT::new(0.0, 1.0, (n - 2) as f64).ok()?;
    let p_value = if se > 0.0 {
        2.0 * (1.0 - t.cdf((slope / se).abs()))
    } else if slope == 0.0 {
        1.0
    } else {
        0.0
    };
    Some(PreTrend {
        slope,
        standard_error: se,
        p_value,
    })
}

/// Log rate and growth before the start, for matching.
fn features(areas: &[&PanelArea], before: &Range<usize>) -> (f64, f64) {
    let mid = before.start + before.len() / 2;
    let (c, p) = pooled(areas, before);
    let (c1, _) = pooled(areas, &(before.start..mid));
    let (c2, _) = pooled(areas, &(mid..before.end));
    let level = ((c as f64 + 0.5) / p).ln();
    let growth = ((c2 as f64 + 0.5) / (before.end - mid).max(1) as f64).ln()
        - ((c1 as f64 + 0.5) / (mid - before.start).max(1) as f64).ln();
    (level, growth)
}

fn month_text(first: Date, m: usize) -> String {
    let total = i64::from(first.year()) * 12 + i64::from(u8::from(first.month())) - 1 + m as i64;
    format!("{:04}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
}

fn warn(warnings: &mut Vec<Warning>, code: &'static str, message: String) {
    warnings.push(Warning { code, message });
}

/// The areas of the other measures that work on one of the measure's phenomena (never comparison areas), and
/// whether one of them works in the measure's own areas too.
fn other_treated(measure: &Measure, all: &[Measure]) -> (BTreeSet<String>, Vec<String>) {
    let mut excluded = BTreeSet::new();
    let mut overlapping = Vec::new();
    for m in all {
        if m.code == measure.code {
            continue;
        }
        let shared = m.phenomena.is_empty()
            || measure.phenomena.is_empty()
            || m.phenomena.iter().any(|p| measure.phenomena.contains(p));
        if !shared {
            continue;
        }
        for a in &m.areas {
            excluded.insert(a.to_string());
        }
        if m.areas.iter().any(|a| measure.areas.contains(a)) {
            overlapping.push(m.code.clone());
        }
    }
    (excluded, overlapping)
}

/// Evaluates one measure of the plan `all` (the others decide which areas may serve as comparison).
pub fn evaluate_measure(
    measure: &Measure,
    all: &[Measure],
    areas: &[Area],
    incidents: &[Incident],
    options: &Options,
) -> Evaluation {
    let mut e = Evaluation {
        id: measure.code.clone(),
        title: measure.title.clone(),
        areas: measure.areas.iter().map(ToString::to_string).collect(),
        phenomena: measure.phenomena.clone(),
        effect: None,
        lower: None,
        upper: None,
        level: options.level,
        comparison_areas: Vec::new(),
        conclusion: Conclusion::NotEvaluated,
        rate_before: None,
        rate_after: None,
        rate_without: None,
        comparison_rate_before: None,
        comparison_rate_after: None,
        before: None,
        after: None,
        incidents_before: 0,
        incidents_after: 0,
        pre_trend: None,
        placebo: None,
        warnings: Vec::new(),
    };
    let w = &mut e.warnings;
    if measure.areas.is_empty() {
        warn(
            w,
            "city_wide",
            "the measure works in the whole city: with no untreated area to compare with, its effect cannot be \
             estimated by this method"
                .into(),
        );
        return e;
    }
    let Some(panel) = panel(areas, incidents, &measure.phenomena) else {
        warn(
            w,
            "not_started",
            "there are no incidents to evaluate the measure on".into(),
        );
        return e;
    };
    let start = panel.month_of(measure.start);
    if start >= panel.months as i64 {
        warn(
            w,
            "not_started",
            format!(
                "the measure starts on {}, after the last month of incidents ({})",
                measure.start,
                month_text(panel.first, panel.months - 1)
            ),
        );
        return e;
    }
    if start < 2 {
        warn(
            w,
            "short_before",
            "there are no incidents before the measure's start to compare with".into(),
        );
        return e;
    }
    let start = start as usize;
    let end = measure
        .end
        .map(|d| panel.month_of(d) + 1)
        .map_or(panel.months, |m| {
            (m.max(start as i64 + 1) as usize).min(panel.months)
        });
    let before = 0..start;
    let after = start..end;
    e.before = Some([month_text(panel.first, 0), month_text(panel.first, start - 1)]);
    e.after = Some([month_text(panel.first, start), month_text(panel.first, end - 1)]);
    if before.len() < options.min_before_months {
        warn(
            w,
            "short_before",
            format!(
                "only {} months of incidents before the start (at least {} are wanted to see the trends)",
                before.len(),
                options.min_before_months
            ),
        );
    }
    if after.len() < options.min_after_months {
        warn(
            w,
            "short_after",
            format!(
                "only {} months after the start (at least {} are wanted)",
                after.len(),
                options.min_after_months
            ),
        );
    }
    let codes: Vec<&str> = measure.areas.iter().map(|a| a.as_str()).collect();
    let treated: Vec<&PanelArea> = panel
        .areas
        .iter()
        .filter(|a| codes.contains(&a.code.as_str()))
        .collect();
    if treated.is_empty() {
        warn(
            w,
            "few_incidents",
            "none of the measure's areas has a population to compute rates".into(),
        );
        return e;
    }
    let (excluded, overlapping) = other_treated(measure, all);
    if !overlapping.is_empty() {
        warn(
            w,
            "overlapping_measures",
            format!(
                "other measures on the same phenomena work in the same areas ({}): their effects cannot be told \
                 apart from this one's",
                overlapping.join(", ")
            ),
        );
    }
    // Comparison areas: the untreated areas nearest in level and growth before the start.
    let candidates: Vec<&PanelArea> = panel
        .areas
        .iter()
        .filter(|a| !codes.contains(&a.code.as_str()) && !excluded.contains(&a.code))
        .filter(|a| sum(&a.counts, &before) > 0)
        .collect();
    if candidates.len() < 3 {
        warn(
            w,
            "few_comparison_areas",
            format!(
                "only {} untreated areas with incidents could serve as comparison",
                candidates.len()
            ),
        );
    }
    let target = features(&treated, &before);
    let feats: Vec<(f64, f64)> = candidates.iter().map(|a| features(&[*a], &before)).collect();
    let sd = |f: &dyn Fn(&(f64, f64)) -> f64| -> f64 {
        let n = feats.len().max(2) as f64;
        let m = feats.iter().map(f).sum::<f64>() / n;
        let v = feats.iter().map(|x| (f(x) - m).powi(2)).sum::<f64>() / (n - 1.0);
        if v > 0.0 { v.sqrt() } else { 1.0 }
    };
    let (s_level, s_growth) = (sd(&|x| x.0), sd(&|x| x.1));
    let mut ranked: Vec<(f64, &PanelArea)> = candidates
        .iter()
        .zip(&feats)
        .map(|(a, f)| {
            let d = ((f.0 - target.0) / s_level).powi(2) + ((f.1 - target.1) / s_growth).powi(2);
            (d, *a)
        })
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.code.cmp(&b.1.code)));
    let comparison: Vec<&PanelArea> = ranked
        .iter()
        .take(options.comparison_areas)
        .map(|(_, a)| *a)
        .collect();
    e.comparison_areas = comparison.iter().map(|a| a.code.clone()).collect();
    e.comparison_areas.sort();

    let (ct_b, _) = pooled(&treated, &before);
    let (ct_a, _) = pooled(&treated, &after);
    e.incidents_before = ct_b;
    e.incidents_after = ct_a;
    if ct_b < options.min_incidents || ct_a < options.min_incidents {
        warn(
            w,
            "few_incidents",
            format!(
                "few incidents in the measure's areas ({ct_b} before, {ct_a} after): the estimate is imprecise"
            ),
        );
    }
    let Some(d) = did(&treated, &comparison, &before, &after, options.level) else {
        warn(
            w,
            "few_comparison_areas",
            "no comparison could be made (too few comparison areas with incidents)".into(),
        );
        return e;
    };
    let rates: Vec<f64> = comparison
        .iter()
        .map(|a| rate(sum(&a.counts, &before) as f64, a.population, before.len()))
        .collect();
    let (lo, hi) = rates
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &r| {
            (l.min(r), h.max(r))
        });
    if d.rate_before < lo / 2.0 || d.rate_before > hi * 2.0 {
        warn(
            w,
            "dissimilar_comparison",
            format!(
                "the measure's areas had a rate of {:.2} before the start, far from the comparison areas' ({:.2} to \
                 {:.2}): the comparison is weak",
                d.rate_before, lo, hi
            ),
        );
    }
    if let Some(t) = pre_trend(&treated, &comparison, &before) {
        if t.p_value < 0.05 {
            warn(
                w,
                "pre_trends_differ",
                format!(
                    "before the start, the measure's areas and the comparison areas did not move together (their \
                     ratio changed by {:+.0} % a year, p = {:.3}): the estimate may mistake a difference of trend \
                     for an effect",
                    100.0 * (t.slope.exp() - 1.0),
                    t.p_value
                ),
            );
        }
        e.pre_trend = Some(t);
    }
    if before.len() >= 12 {
        let mid = before.len() / 2;
        if let Some(p) = did(
            &treated,
            &comparison,
            &(0..mid),
            &(mid..before.len()),
            options.level,
        ) {
            if p.lower > 0.0 || p.upper < 0.0 {
                warn(
                    w,
                    "placebo_effect",
                    format!(
                        "a false start on {} (before the measure) already shows an effect ({:+.2}, {:.2} to {:.2}): \
                         something else distinguishes these areas",
                        month_text(panel.first, mid),
                        p.effect,
                        p.lower,
                        p.upper
                    ),
                );
            }
            e.placebo = Some(Placebo {
                start: month_text(panel.first, mid),
                effect: p.effect,
                lower: p.lower,
                upper: p.upper,
            });
        }
    }
    e.effect = Some(d.effect);
    e.lower = Some(d.lower);
    e.upper = Some(d.upper);
    e.rate_before = Some(d.rate_before);
    e.rate_after = Some(d.rate_after);
    e.rate_without = Some(d.rate_without);
    e.comparison_rate_before = Some(d.comparison_before);
    e.comparison_rate_after = Some(d.comparison_after);
    e.conclusion = if d.upper < 0.0 {
        Conclusion::Decrease
    } else if d.lower > 0.0 {
        Conclusion::Increase
    } else {
        Conclusion::NoDetectableChange
    };
    e
}

/// The current value of a measure's incident-rate indicator: the yearly rate per 1,000 inhabitants of its
/// phenomena in its areas (the whole city when it has none) over the last `months` months of incidents, with the
/// first and last month (`YYYY-MM`). `None` without incidents or population.
pub fn recent_rate(
    measure: &Measure,
    areas: &[Area],
    incidents: &[Incident],
    months: usize,
) -> Option<(f64, String, String)> {
    let p = panel(areas, incidents, &measure.phenomena)?;
    let codes: Vec<&str> = measure.areas.iter().map(|a| a.as_str()).collect();
    let chosen: Vec<&PanelArea> = p
        .areas
        .iter()
        .filter(|a| codes.is_empty() || codes.contains(&a.code.as_str()))
        .collect();
    let window = p.months.saturating_sub(months)..p.months;
    let (c, pop) = pooled(&chosen, &window);
    if pop <= 0.0 || window.is_empty() {
        return None;
    }
    Some((
        rate(c as f64, pop, window.len()),
        month_text(p.first, window.start),
        month_text(p.first, window.end - 1),
    ))
}

/// Yearly rates per 1,000 inhabitants of the measure's phenomena, pooled over `codes` (all areas when empty),
/// for each calendar year with twelve months of incidents: `(year, rate)`.
pub fn yearly_rates(
    measure: &Measure,
    codes: &[String],
    areas: &[Area],
    incidents: &[Incident],
) -> Vec<(i32, f64)> {
    let Some(p) = panel(areas, incidents, &measure.phenomena) else {
        return Vec::new();
    };
    let chosen: Vec<&PanelArea> = p
        .areas
        .iter()
        .filter(|a| codes.is_empty() || codes.contains(&a.code))
        .collect();
    let offset = (12 - usize::from(u8::from(p.first.month())) + 1) % 12;
    let mut out = Vec::new();
    let mut start = offset;
    while start + 12 <= p.months {
        let (c, pop) = pooled(&chosen, &(start..start + 12));
        if pop > 0.0 {
            let year = p.first.year() + ((usize::from(u8::from(p.first.month())) - 1 + start) / 12) as i32;
            out.push((year, rate(c as f64, pop, 12)));
        }
        start += 12;
    }
    out
}

/// Evaluates every measure of the plan.
pub fn evaluate_plan(
    measures: &[Measure],
    areas: &[Area],
    incidents: &[Incident],
    options: &Options,
) -> Vec<Evaluation> {
    measures
        .iter()
        .map(|m| evaluate_measure(m, measures, areas, incidents, options))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn area(code: &str, population: f64, counts: Vec<u64>) -> PanelArea {
        PanelArea {
            code: code.into(),
            population,
            counts,
        }
    }

    #[test]
    fn an_exact_proportional_trend_gives_no_effect_and_a_halving_is_found() {
        // Comparison areas double their rate after month 12; the treated area doubles too: no effect.
        let before = 0..12;
        let after = 12..24;
        let series = |base: u64, factor: u64| -> Vec<u64> {
            (0..24)
                .map(|m| if m < 12 { base } else { base * factor })
                .collect()
        };
        let t = area("T", 10_000.0, series(10, 2));
        let c: Vec<PanelArea> = (0..5)
            .map(|i| area(&format!("C{i}"), 10_000.0 + 1000.0 * i as f64, series(8 + i, 2)))
            .collect();
        let cs: Vec<&PanelArea> = c.iter().collect();
        let d = did(&[&t], &cs, &before, &after, 0.95).unwrap();
        assert!(d.effect.abs() < 1e-9, "{d:?}");
        assert!(d.lower < 0.0 && d.upper > 0.0);
        // The treated area stays flat (120 a year per 10,000: 12 per 1,000) while it would have doubled to 24.
        let t = area("T", 10_000.0, vec![10; 24]);
        let d = did(&[&t], &cs, &before, &after, 0.95).unwrap();
        assert!((d.effect - (12.0 - 24.0)).abs() < 1e-9, "{d:?}");
        assert!((d.rate_without - 24.0).abs() < 1e-9);
    }

    #[test]
    fn too_few_comparison_areas_give_no_estimate() {
        let t = area("T", 1000.0, vec![1; 24]);
        let c = area("C", 1000.0, vec![1; 24]);
        assert!(did(&[&t], &[&c], &(0..12), &(12..24), 0.95).is_none());
    }

    #[test]
    fn yearly_rates_cover_whole_calendar_years() {
        use vigie_domain::{AreaCode, Boundary, IncidentId, LonLat, Population};
        let boundary =
            Boundary::from_rings(&[vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]])
                .unwrap();
        let area = Area {
            code: AreaCode::parse("A").unwrap(),
            name: "A".into(),
            population: Population::new(2000),
            boundary,
        };
        let inc = |d: Date, i: usize| Incident {
            id: IncidentId::parse(&format!("i{i}")).unwrap(),
            kind: IncidentType::Extortion,
            date: d,
            location: LonLat::new(0.5, 0.5).unwrap(),
            area: Some(area.code.clone()),
        };
        // Nov 2021 to Dec 2023: 2022 and 2023 are whole years; 2022 has 4 incidents, 2023 has 2.
        let d = |y, m, day| Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), day).unwrap();
        let incidents = vec![
            inc(d(2021, 11, 5), 0),
            inc(d(2022, 1, 5), 1),
            inc(d(2022, 3, 5), 2),
            inc(d(2022, 6, 5), 3),
            inc(d(2022, 12, 5), 4),
            inc(d(2023, 2, 5), 5),
            inc(d(2023, 12, 31), 6),
        ];
        let m = vigie_domain::plan::MeasureDraft {
            code: "M1".into(),
            title: "t".into(),
            phenomena: vec!["extortion".into()],
            response: "awareness".into(),
            lead: "city".into(),
            start: "2023-01-01".into(),
            ..Default::default()
        }
        .validate(&vigie_domain::plan::Known {
            agencies: ["city".to_owned()].into(),
            ..Default::default()
        })
        .unwrap();
        let r = yearly_rates(&m, &[], std::slice::from_ref(&area), &incidents);
        assert_eq!(r, [(2022, 2.0), (2023, 1.0)]);
    }

    #[test]
    fn months_are_named() {
        let first = Date::from_calendar_date(2021, time::Month::November, 1).unwrap();
        assert_eq!(month_text(first, 0), "2021-11");
        assert_eq!(month_text(first, 2), "2022-01");
        assert_eq!(month_text(first, 14), "2023-01");
    }
}
