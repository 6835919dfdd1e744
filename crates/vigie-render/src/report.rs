//! The diagnosis report as HTML: the same body serves the web page (inside the application's layout) and the
//! file the command line writes ([`standalone`], with its stylesheet inlined). The report is a list of
//! [`Section`]s; later issues add theirs (networks, hidden victims, action plan) to [`standard_sections`].
//!
//! Every text comes through [`Translate`], so the report is in the reader's language; every value is escaped.

use std::collections::HashMap;
use std::fmt::Write;

use vigie_diagnosis::emerging::Status;
use vigie_diagnosis::report::{AreaDiagnosis, Diagnosis, Reason};
use vigie_domain::{Area, Direction};
use vigie_spatial::Quadrant;

use crate::{
    Bar, Category, ChartOptions, MapArea, MapOptions, bar_chart, categorical_map, choropleth, density_map,
    escape,
};

/// The stylesheet of the report (the web page links it as `/static/report.css`).
pub const REPORT_CSS: &str = include_str!("report.css");

/// Words and numbers in the reader's language.
pub trait Translate {
    fn t(&self, key: &str) -> String;
    fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String;
    fn num(&self, x: f64, decimals: usize) -> String;
    fn int(&self, n: u64) -> String;
    fn decimal_mark(&self) -> char;
    /// The BCP 47 code of the language (`en`, `fr`).
    fn lang(&self) -> &'static str;
}

/// What sections see.
pub struct ReportContext<'a> {
    pub diagnosis: &'a Diagnosis,
    /// The areas with their boundaries (any order).
    pub areas: &'a [Area],
    pub tr: &'a dyn Translate,
    /// The link to an area's sheet (a page of the web application, or an anchor in the file).
    pub area_href: &'a dyn Fn(&str) -> String,
}

/// A part of the report.
pub trait Section {
    /// The HTML id of the section (also its anchor).
    fn id(&self) -> &'static str;
    fn title(&self, ctx: &ReportContext<'_>) -> String;
    fn body(&self, ctx: &ReportContext<'_>) -> String;
}

/// The sections of the local diagnosis, in order.
pub fn standard_sections() -> Vec<Box<dyn Section>> {
    vec![
        Box::new(Overview),
        Box::new(Clusters),
        Box::new(Priority),
        Box::new(AreaSheets),
        Box::new(Methods),
    ]
}

/// The report's body: a title, a table of contents, and the sections.
pub fn body(ctx: &ReportContext<'_>, sections: &[Box<dyn Section>]) -> String {
    let tr = ctx.tr;
    let mut out = String::new();
    let _ = write!(
        out,
        "<article class=\"report\" lang=\"{}\"><header><h1>{}</h1><p class=\"lead\">{}</p></header>",
        tr.lang(),
        escape(&tr.t_args("report-title", &[("city", ctx.diagnosis.city.clone())])),
        escape(&tr.t_args(
            "report-lead",
            &[
                ("areas", tr.int(ctx.diagnosis.areas.len() as u64)),
                ("years", year_span(&ctx.diagnosis.years)),
            ]
        )),
    );
    let _ = write!(
        out,
        "<nav class=\"toc\" aria-label=\"{}\"><ol>",
        escape(&tr.t("report-contents"))
    );
    for s in sections {
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            s.id(),
            escape(&s.title(ctx))
        );
    }
    out.push_str("</ol></nav>");
    for s in sections {
        let _ = write!(
            out,
            "<section class=\"report-section\" id=\"{}\" aria-labelledby=\"{}-title\"><h2 id=\"{}-title\">{}</h2>{}</section>",
            s.id(),
            s.id(),
            s.id(),
            escape(&s.title(ctx)),
            s.body(ctx)
        );
    }
    out.push_str("</article>");
    out
}

/// One area's sheet alone (the web application's page for a single area).
pub fn area_page(ctx: &ReportContext<'_>, code: &str) -> Option<String> {
    let a = ctx.diagnosis.areas.iter().find(|a| a.code == code)?;
    Some(format!(
        "<article class=\"report\" lang=\"{}\">{}</article>",
        ctx.tr.lang(),
        sheet(ctx, a, "h1")
    ))
}

/// A whole HTML document for a file: the body with its stylesheet, readable offline and printable to PDF.
pub fn standalone(ctx: &ReportContext<'_>, sections: &[Box<dyn Section>]) -> String {
    let title = ctx
        .tr
        .t_args("report-title", &[("city", ctx.diagnosis.city.clone())]);
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{}</style></head><body>{}</body></html>",
        ctx.tr.lang(),
        escape(&title),
        REPORT_CSS,
        body(ctx, sections)
    )
}

fn year_span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => "–".into(),
    }
}

/// The map areas in the diagnosis' order.
fn map_areas<'a>(
    ctx: &'a ReportContext<'a>,
    value: impl Fn(&AreaDiagnosis) -> Option<f64>,
) -> Vec<MapArea<'a>> {
    let by_code: HashMap<&str, &Area> = ctx.areas.iter().map(|a| (a.code.as_str(), a)).collect();
    ctx.diagnosis
        .areas
        .iter()
        .filter_map(|d| {
            by_code.get(d.code.as_str()).map(|a| MapArea {
                code: a.code.as_str(),
                name: &a.name,
                boundary: &a.boundary,
                value: value(d),
                href: Some((ctx.area_href)(&d.code)),
            })
        })
        .collect()
}

fn map_options(
    ctx: &ReportContext<'_>,
    id: &str,
    title: String,
    desc: String,
    decimals: usize,
) -> MapOptions {
    MapOptions {
        id_prefix: id.to_owned(),
        legend_title: title.clone(),
        title,
        description: desc,
        no_data_label: ctx.tr.t("map-no-data"),
        direction: Direction::HigherIsWorse,
        decimals,
        decimal_mark: ctx.tr.decimal_mark(),
        ..MapOptions::default()
    }
}

fn figure(svg: String, caption: &str) -> String {
    format!(
        "<figure class=\"map\">{svg}<figcaption>{}</figcaption></figure>",
        escape(caption)
    )
}

struct Overview;

impl Section for Overview {
    fn id(&self) -> &'static str {
        "overview"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-overview")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let (d, tr) = (ctx.diagnosis, ctx.tr);
        let mut out = String::from("<dl class=\"figures\">");
        let rate = d.city_rate.map(|r| tr.num(r, 1)).unwrap_or_else(|| "–".into());
        for (label, value) in [
            (tr.t("figure-areas"), tr.int(d.areas.len() as u64)),
            (tr.t("figure-population"), tr.int(d.population)),
            (tr.t("figure-incidents"), tr.int(d.incidents)),
            (tr.t("report-city-rate"), rate),
        ] {
            let _ = write!(
                out,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                escape(&label),
                escape(&value)
            );
        }
        out.push_str("</dl>");
        if let Some(m) = &d.moran_rate {
            let p = m.p_sim.map(|p| tr.num(p, 3)).unwrap_or_else(|| "–".into());
            let _ = write!(
                out,
                "<p>{}</p>",
                escape(&tr.t_args(
                    "report-moran",
                    &[("i", tr.num(m.i, 2)), ("z", tr.num(m.z_rand, 1)), ("p", p)]
                ))
            );
        }
        if !d.years.is_empty() {
            let bars: Vec<Bar> = d
                .years
                .iter()
                .zip(&d.incidents_per_year)
                .map(|(y, n)| Bar {
                    label: y.to_string(),
                    value: *n as f64,
                    href: None,
                })
                .collect();
            let chart = bar_chart(
                &bars,
                &ChartOptions {
                    id_prefix: "report-years".into(),
                    title: tr.t("chart-incidents-per-year"),
                    description: tr.t("chart-incidents-per-year-desc"),
                    width: 560,
                    height: 240,
                    value_label: tr.t("chart-incidents"),
                    decimals: 0,
                    decimal_mark: tr.decimal_mark(),
                },
            );
            let _ = write!(out, "<figure class=\"chart\">{chart}</figure>");
        }
        let areas = map_areas(ctx, |a| a.index.as_ref().map(|s| s.score));
        if d.index.is_some() {
            let svg = choropleth(
                &areas,
                &[],
                &map_options(
                    ctx,
                    "report-index",
                    tr.t("report-index-map"),
                    tr.t("report-index-map-desc"),
                    0,
                ),
            );
            out.push_str(&figure(svg, &tr.t("report-index-map-desc")));
        }
        let areas = map_areas(ctx, |a| Some(a.rate_smoothed));
        let svg = choropleth(
            &areas,
            &[],
            &map_options(
                ctx,
                "report-rate",
                tr.t("report-rate-map"),
                tr.t("report-rate-map-desc"),
                1,
            ),
        );
        out.push_str(&figure(svg, &tr.t("report-rate-map-desc")));
        out
    }
}

struct Clusters;

impl Section for Clusters {
    fn id(&self) -> &'static str {
        "clusters"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-clusters")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let (d, tr) = (ctx.diagnosis, ctx.tr);
        let alpha = d.settings.alpha;
        let areas = map_areas(ctx, |_| None);
        let lisa_cats = vec![
            Category {
                label: tr.t("quadrant-hh"),
                fill: "#b2182b",
            },
            Category {
                label: tr.t("quadrant-ll"),
                fill: "#2166ac",
            },
            Category {
                label: tr.t("quadrant-lh"),
                fill: "#92c5de",
            },
            Category {
                label: tr.t("quadrant-hl"),
                fill: "#f4a582",
            },
            Category {
                label: tr.t("report-not-significant"),
                fill: "#eeeeee",
            },
        ];
        let lisa_class: Vec<usize> = d
            .areas
            .iter()
            .map(
                |a| match (a.lisa.p_sim.is_some_and(|p| p <= alpha), a.lisa.quadrant) {
                    (true, Quadrant::HH) => 0,
                    (true, Quadrant::LL) => 1,
                    (true, Quadrant::LH) => 2,
                    (true, Quadrant::HL) => 3,
                    (false, _) => 4,
                },
            )
            .collect();
        let mut out = format!(
            "<p>{}</p>",
            escape(&tr.t_args("report-clusters-intro", &[("alpha", tr.num(alpha, 2))]))
        );
        let svg = categorical_map(
            &areas,
            &lisa_class,
            &lisa_cats,
            &map_options(
                ctx,
                "report-lisa",
                tr.t("report-lisa-map"),
                tr.t("report-lisa-map-desc"),
                0,
            ),
        );
        out.push_str(&figure(svg, &tr.t("report-lisa-map-desc")));
        let gi_cats = vec![
            Category {
                label: tr.t("report-hot-99"),
                fill: "#b2182b",
            },
            Category {
                label: tr.t("report-hot-95"),
                fill: "#ef8a62",
            },
            Category {
                label: tr.t("report-cold-95"),
                fill: "#67a9cf",
            },
            Category {
                label: tr.t("report-cold-99"),
                fill: "#2166ac",
            },
            Category {
                label: tr.t("report-not-significant"),
                fill: "#eeeeee",
            },
        ];
        let gi_class: Vec<usize> = d
            .areas
            .iter()
            .map(|a| match (a.gi.p_sim, a.gi.z > 0.0) {
                (Some(p), true) if p <= 0.01 => 0,
                (Some(p), true) if p <= 0.05 => 1,
                (Some(p), false) if p <= 0.01 => 3,
                (Some(p), false) if p <= 0.05 => 2,
                _ => 4,
            })
            .collect();
        let svg = categorical_map(
            &areas,
            &gi_class,
            &gi_cats,
            &map_options(
                ctx,
                "report-gi",
                tr.t("report-gi-map"),
                tr.t("report-gi-map-desc"),
                0,
            ),
        );
        out.push_str(&figure(svg, &tr.t("report-gi-map-desc")));
        if let Some(grid) = &d.density {
            let desc = tr.t_args(
                "report-density-map-desc",
                &[
                    ("n", tr.int(grid.points as u64)),
                    ("h", tr.num(grid.bandwidth_m, 0)),
                ],
            );
            let svg = density_map(
                &areas,
                grid,
                &map_options(ctx, "report-density", tr.t("report-density-map"), desc.clone(), 0),
            );
            out.push_str(&figure(svg, &desc));
        }
        let emerging: Vec<&AreaDiagnosis> = d
            .areas
            .iter()
            .filter(|a| a.emerging == Status::Emerging)
            .collect();
        let _ = write!(out, "<p>{}", escape(&tr.t("report-emerging")));
        if emerging.is_empty() {
            let _ = write!(out, " {}", escape(&tr.t("report-none")));
        }
        for (k, a) in emerging.iter().enumerate() {
            let _ = write!(
                out,
                "{} <a href=\"{}\">{}</a>",
                if k == 0 { "" } else { "," },
                escape(&(ctx.area_href)(&a.code)),
                escape(&a.name)
            );
        }
        out.push_str("</p>");
        out
    }
}

fn reason_text(r: &Reason, tr: &dyn Translate) -> String {
    match r {
        Reason::Index { rank, p05, p95 } => tr.t_args(
            "reason-index",
            &[
                ("rank", rank.to_string()),
                ("low", tr.num(*p05, 0)),
                ("high", tr.num(*p95, 0)),
            ],
        ),
        Reason::Cluster { p } => tr.t_args("reason-cluster", &[("p", tr.num(*p, 3))]),
        Reason::HotSpot { z, p } => {
            tr.t_args("reason-hot-spot", &[("z", tr.num(*z, 1)), ("p", tr.num(*p, 3))])
        }
        Reason::Emerging => tr.t("reason-emerging"),
        Reason::Rising { kind, slope } => tr.t_args(
            "reason-rising",
            &[("type", tr.t(&kind.label_key())), ("slope", tr.num(*slope, 1))],
        ),
    }
}

struct Priority;

impl Section for Priority {
    fn id(&self) -> &'static str {
        "priority"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-priority")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let (d, tr) = (ctx.diagnosis, ctx.tr);
        let mut out = format!("<p>{}</p>", escape(&tr.t("report-priority-intro")));
        if d.priority.is_empty() {
            let _ = write!(out, "<p>{}</p>", escape(&tr.t("report-none")));
            return out;
        }
        let _ = write!(
            out,
            "<table class=\"priority\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            escape(&tr.t("table-rank")),
            escape(&tr.t("table-area")),
            escape(&tr.t("report-reasons")),
        );
        for &i in &d.priority {
            let a = &d.areas[i];
            let rank = a
                .index
                .as_ref()
                .map(|s| s.rank.to_string())
                .unwrap_or_else(|| "–".into());
            let reasons: Vec<String> = a
                .reasons
                .iter()
                .map(|r| format!("<li>{}</li>", escape(&reason_text(r, tr))))
                .collect();
            let _ = write!(
                out,
                "<tr><td>{rank}</td><th scope=\"row\"><a href=\"{}\">{}</a> <span class=\"code\">{}</span></th><td><ul>{}</ul></td></tr>",
                escape(&(ctx.area_href)(&a.code)),
                escape(&a.name),
                escape(&a.code),
                reasons.join("")
            );
        }
        out.push_str("</tbody></table>");
        out
    }
}

/// One area's share of the criminal networks: counts only, no entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceRow {
    pub area: String,
    /// Network-linked companies and premises in the area.
    pub premises: u64,
    /// Groups (communities of the network) with an entity in the area.
    pub groups: u64,
    /// Network-linked entities of any kind in the area.
    pub entities: u64,
}

/// "Criminal networks in the areas": per area, how many groups of the newest uploaded network and how many of its
/// premises touch it, as a map and a table. Aggregates only: the section names no person, company or place, so it
/// can be read by whoever reads the diagnosis.
pub struct NetworkPresence {
    /// The network's name, as the analyst uploaded it.
    pub network: String,
    /// When it was uploaded (`YYYY-MM-DD`).
    pub uploaded_on: String,
    pub rows: Vec<PresenceRow>,
}

impl Section for NetworkPresence {
    fn id(&self) -> &'static str {
        "networks"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-networks")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let tr = ctx.tr;
        let by_area: HashMap<&str, &PresenceRow> = self.rows.iter().map(|r| (r.area.as_str(), r)).collect();
        let mut out = format!(
            "<p>{}</p>",
            escape(&tr.t_args(
                "report-networks-intro",
                &[
                    ("network", self.network.clone()),
                    ("date", self.uploaded_on.clone()),
                ]
            ))
        );
        // Areas the network does not touch have none of its groups: zero, not missing.
        let areas = map_areas(ctx, |a| {
            Some(by_area.get(a.code.as_str()).map_or(0.0, |r| r.groups as f64))
        });
        let svg = choropleth(
            &areas,
            &[],
            &map_options(
                ctx,
                "report-networks",
                tr.t("report-networks-map"),
                tr.t("report-networks-map-desc"),
                0,
            ),
        );
        out.push_str(&figure(svg, &tr.t("report-networks-map-desc")));
        let names: HashMap<&str, &str> = ctx
            .diagnosis
            .areas
            .iter()
            .map(|a| (a.code.as_str(), a.name.as_str()))
            .collect();
        let mut rows: Vec<&PresenceRow> = self.rows.iter().filter(|r| r.entities > 0).collect();
        rows.sort_by(|a, b| {
            b.groups
                .cmp(&a.groups)
                .then(b.premises.cmp(&a.premises))
                .then(a.area.cmp(&b.area))
        });
        if rows.is_empty() {
            let _ = write!(out, "<p>{}</p>", escape(&tr.t("report-none")));
        } else {
            let _ = write!(
                out,
                "<table class=\"network-presence\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
                escape(&tr.t("table-area")),
                escape(&tr.t("report-networks-groups")),
                escape(&tr.t("report-networks-premises")),
                escape(&tr.t("report-networks-entities")),
            );
            for r in rows {
                let name = names.get(r.area.as_str()).copied().unwrap_or(r.area.as_str());
                let _ = write!(
                    out,
                    "<tr><th scope=\"row\"><a href=\"{}\">{}</a> <span class=\"code\">{}</span></th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    escape(&(ctx.area_href)(&r.area)),
                    escape(name),
                    escape(&r.area),
                    tr.int(r.groups),
                    tr.int(r.premises),
                    tr.int(r.entities),
                );
            }
            out.push_str("</tbody></table>");
        }
        let _ = write!(out, "<p>{}</p>", escape(&tr.t("report-networks-limits")));
        out
    }
}

fn quadrant_key(q: Quadrant) -> &'static str {
    match q {
        Quadrant::HH => "quadrant-hh",
        Quadrant::LH => "quadrant-lh",
        Quadrant::LL => "quadrant-ll",
        Quadrant::HL => "quadrant-hl",
    }
}

fn status_key(s: Status) -> &'static str {
    match s {
        Status::Emerging => "status-emerging",
        Status::Persistent => "status-persistent",
        Status::Diminishing => "status-diminishing",
        Status::NotHot => "status-not-hot",
    }
}

/// One area's fact sheet, headed by `heading` (`h3` in the report, `h1` on its own page).
fn sheet(ctx: &ReportContext<'_>, a: &AreaDiagnosis, heading: &str) -> String {
    let (d, tr) = (ctx.diagnosis, ctx.tr);
    let mut out = format!(
        "<section class=\"area-sheet\" id=\"area-{}\"><{heading}>{} <span class=\"code\">{}</span></{heading}><dl class=\"facts\">",
        escape(&a.code),
        escape(&a.name),
        escape(&a.code)
    );
    let p_text = |p: Option<f64>| p.map(|p| tr.num(p, 3)).unwrap_or_else(|| "–".into());
    let mut facts = vec![
        (tr.t("figure-population"), tr.int(u64::from(a.population))),
        (tr.t("figure-incidents"), tr.int(a.incidents)),
        (
            tr.t("report-rate"),
            a.rate.map(|r| tr.num(r, 1)).unwrap_or_else(|| "–".into()),
        ),
        (tr.t("report-rate-smoothed"), tr.num(a.rate_smoothed, 1)),
    ];
    if let Some(s) = &a.index {
        facts.push((
            tr.t("report-index-rank"),
            tr.t_args(
                "report-rank-of",
                &[
                    ("rank", s.rank.to_string()),
                    ("n", d.areas.len().to_string()),
                    ("low", tr.num(s.rank_p05, 0)),
                    ("high", tr.num(s.rank_p95, 0)),
                ],
            ),
        ));
    }
    facts.push((
        tr.t("report-lisa"),
        format!(
            "{} (p = {})",
            tr.t(quadrant_key(a.lisa.quadrant)),
            p_text(a.lisa.p_sim)
        ),
    ));
    facts.push((
        tr.t("report-gi"),
        format!("z = {} (p = {})", tr.num(a.gi.z, 2), p_text(a.gi.p_sim)),
    ));
    facts.push((tr.t("report-emerging-status"), tr.t(status_key(a.emerging))));
    for (k, v) in facts {
        let _ = write!(out, "<div><dt>{}</dt><dd>{}</dd></div>", escape(&k), escape(&v));
    }
    out.push_str("</dl>");
    if !a.indicators.is_empty() {
        let _ = write!(
            out,
            "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
            escape(&tr.t("report-indicators-vs-city")),
            escape(&tr.t("table-indicator")),
            escape(&tr.t("map-period")),
            escape(&tr.t("report-this-area")),
            escape(&tr.t("report-city-mean")),
        );
        for l in &a.indicators {
            let worse = l.value.is_some_and(|v| match l.direction {
                Direction::HigherIsWorse => v > l.city_mean,
                Direction::HigherIsBetter => v < l.city_mean,
            });
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{} ({})</th><td>{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&l.name),
                escape(&l.unit),
                l.period,
                if worse { " worse" } else { "" },
                l.value
                    .map(|v| escape(&tr.num(v, 1)))
                    .unwrap_or_else(|| "–".into()),
                escape(&tr.num(l.city_mean, 1)),
            );
        }
        out.push_str("</tbody></table>");
    }
    if !a.types.is_empty() {
        let _ = write!(
            out,
            "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
            escape(&tr.t("report-incidents-by-year")),
            escape(&tr.t("table-kind"))
        );
        for y in &d.years {
            let _ = write!(out, "<th scope=\"col\" class=\"num\">{y}</th>");
        }
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th></tr></thead><tbody>",
            escape(&tr.t("report-trend"))
        );
        for t in &a.types {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th>",
                escape(&tr.t(&t.kind.label_key()))
            );
            for c in &t.per_year {
                let _ = write!(out, "<td class=\"num\">{}</td>", escape(&tr.int(*c)));
            }
            let key = match (t.trend.p <= d.settings.alpha, t.trend.s.signum()) {
                (true, 1) => "trend-rising",
                (true, -1) => "trend-falling",
                _ => "trend-none",
            };
            let _ = write!(
                out,
                "<td>{} (p = {})</td></tr>",
                escape(&tr.t(key)),
                escape(&tr.num(t.trend.p, 3))
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
    out
}

struct AreaSheets;

impl Section for AreaSheets {
    fn id(&self) -> &'static str {
        "areas"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-areas")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        ctx.diagnosis.areas.iter().map(|a| sheet(ctx, a, "h3")).collect()
    }
}

struct Methods;

impl Section for Methods {
    fn id(&self) -> &'static str {
        "methods"
    }
    fn title(&self, ctx: &ReportContext<'_>) -> String {
        ctx.tr.t("report-methods")
    }
    fn body(&self, ctx: &ReportContext<'_>) -> String {
        let (d, tr) = (ctx.diagnosis, ctx.tr);
        let s = &d.settings;
        let mut out = String::from("<ul>");
        for (key, args) in [
            ("method-rates", vec![]),
            ("method-weights", vec![]),
            (
                "method-spatial",
                vec![
                    ("permutations", tr.int(s.permutations as u64)),
                    ("seed", s.seed.to_string()),
                ],
            ),
            (
                "method-significance",
                vec![
                    ("alpha", tr.num(s.alpha, 2)),
                    ("fdr", tr.num(d.quality.fdr_threshold, 4)),
                ],
            ),
            ("method-index", vec![("runs", tr.int(s.index_runs as u64))]),
            ("method-trends", vec![]),
            ("method-emerging", vec![]),
            ("method-density", vec![]),
            ("method-density", vec![]),
            ("method-priority", vec![]),
        ] {
            let _ = write!(out, "<li>{}</li>", escape(&tr.t_args(key, &args)));
        }
        out.push_str("</ul>");
        let _ = write!(out, "<h3>{}</h3>", escape(&tr.t("report-quality")));
        let _ = write!(
            out,
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
            escape(&tr.t("table-indicator")),
            escape(&tr.t("map-source")),
            escape(&tr.t("report-coverage"))
        );
        for (name, source, coverage) in &d.quality.indicators {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{} %</td></tr>",
                escape(name),
                escape(source),
                escape(&tr.num(100.0 * coverage, 0))
            );
        }
        out.push_str("</tbody></table><ul>");
        let _ = write!(
            out,
            "<li>{}</li>",
            escape(&tr.t_args(
                "quality-outside",
                &[("n", tr.int(d.quality.incidents_outside_areas))]
            ))
        );
        let _ = write!(
            out,
            "<li>{}</li>",
            escape(&tr.t_args(
                "quality-no-population",
                &[("n", tr.int(d.quality.areas_without_population as u64))]
            ))
        );
        let islands = if d.quality.islands.is_empty() {
            tr.t("report-none")
        } else {
            d.quality.islands.join(", ")
        };
        let _ = write!(
            out,
            "<li>{}</li>",
            escape(&tr.t_args("quality-islands", &[("list", islands)]))
        );
        let _ = write!(out, "<li>{}</li>", escape(&tr.t("quality-limits")));
        if let Some(p) = &d.quality.index_problem {
            let _ = write!(
                out,
                "<li>{}</li>",
                escape(&tr.t_args("quality-no-index", &[("why", p.clone())]))
            );
        }
        out.push_str("</ul>");
        out
    }
}
