//! The public statistics: every number the public portal shows, downloads and publishes, gathered in one place
//! and passed through `vigie-disclosure` here and nowhere else. The figures page, the CSV and JSON downloads and
//! `vigie publish` all read the same [`Dataset`]s, so they cannot disagree.
//!
//! - Victims (people the city's services met as possible victims, by the year their case was opened): by sex and
//!   by age group, protected together ([`protect_linked`]: same year totals, one audit), and by form of
//!   exploitation (a person may have several forms: its own table). Counts from 1 to threshold − 1 are withheld,
//!   with complementary suppression so that nothing withheld can be recovered from totals, from another table or
//!   from the difference between years.
//! - The hidden number: the newest estimate an analyst published (multiple systems estimation), rounded.
//! - Organised-crime incidents per 1,000 inhabitants by area over the last twelve months of records, small areas
//!   merged with their neighbours ([`coarsen`]).
//! - The action plan's measures by progress and by kind of response (measures, not people: not suppressed).

use std::collections::BTreeSet;

use serde_json::json;
use time::Date;
use vigie_disclosure::{Cell, Rules, coarsen, protect, protect_linked};
use vigie_domain::{ExploitationForm, MeasureStatus, ResponseKind};
use vigie_store::{Grouping, IncidentFilter};

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;

/// Estimates are published rounded to a multiple of this.
pub const ESTIMATE_ROUNDING: u64 = 10;

/// A published value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A count, or withheld.
    Count(Cell),
    /// A rate (one decimal), or none (no population).
    Rate(Option<f64>),
    Text(String),
}

/// A column of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Stable code (a year, `all_years`, `count` ...), the CSV header.
    pub code: String,
    pub label: String,
}

/// A row of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Stable code (the vocabulary's code, an area's code, `total`).
    pub code: String,
    pub label: String,
    pub values: Vec<Value>,
    pub total: bool,
}

/// One published table with its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Stable identifier: the download addresses are `/public/data/{id}.csv` and `.json`.
    pub id: &'static str,
    pub title: String,
    pub description: String,
    pub note: String,
    /// What is counted (`people`, `mentions`, `incidents`, `measures`, `people (estimate)`).
    pub unit: &'static str,
    /// First and last year (or date) covered.
    pub period: Option<(String, String)>,
    /// The disclosure rules applied, in words.
    pub rules: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// The hidden-number estimate as the page words it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden {
    pub text: String,
    pub method: String,
}

/// Everything the public figures show, in one language.
#[derive(Debug, Clone)]
pub struct PublicData {
    pub rules: Rules,
    pub victims: Vec<Dataset>,
    pub hidden: Option<Dataset>,
    pub hidden_words: Option<Hidden>,
    pub incidents: Option<Dataset>,
    /// The coarsened map (SVG), when there are areas.
    pub map_svg: Option<String>,
    pub plan: Vec<Dataset>,
}

impl PublicData {
    /// Every dataset, in the catalogue's order.
    pub fn datasets(&self) -> Vec<&Dataset> {
        self.victims
            .iter()
            .chain(self.hidden.iter())
            .chain(self.incidents.iter())
            .chain(self.plan.iter())
            .collect()
    }

    pub fn dataset(&self, id: &str) -> Option<&Dataset> {
        self.datasets().into_iter().find(|d| d.id == id)
    }
}

/// The identifiers of every dataset the portal may publish (the catalogue lists those with data).
pub const DATASET_IDS: &[&str] = &[
    "victims-by-sex",
    "victims-by-age",
    "victims-by-form",
    "hidden-number",
    "incidents-by-area",
    "plan-measures-by-status",
    "plan-measures-by-kind",
];

/// The disclosure rules in words, as every page and download states them.
pub fn rules_text(lang: Lang, rules: &Rules) -> String {
    lang.t_args(
        "public-rules",
        &[("max", rules.threshold.saturating_sub(1).into())],
    )
}

/// A two-way table (rows × years) as a dataset: one column per year, then all years; a total row.
#[allow(clippy::too_many_arguments)]
fn year_dataset(
    lang: Lang,
    id: &'static str,
    title: String,
    note: String,
    unit: &'static str,
    years: &[String],
    rows: &[(String, String)],
    p: &vigie_disclosure::Protected,
    total_label: String,
    rules: &Rules,
) -> Dataset {
    let mut columns: Vec<Column> = years
        .iter()
        .map(|y| Column {
            code: y.clone(),
            label: y.clone(),
        })
        .collect();
    columns.push(Column {
        code: "all_years".into(),
        label: lang.t("public-all-years"),
    });
    let mut out: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, (code, label))| Row {
            code: code.clone(),
            label: label.clone(),
            values: p.cells[i]
                .iter()
                .copied()
                .chain(std::iter::once(p.row_totals[i]))
                .map(Value::Count)
                .collect(),
            total: false,
        })
        .collect();
    out.push(Row {
        code: "total".into(),
        label: total_label,
        values: p
            .col_totals
            .iter()
            .copied()
            .chain(std::iter::once(p.total))
            .map(Value::Count)
            .collect(),
        total: true,
    });
    Dataset {
        id,
        title,
        description: lang.t("public-figures-intro"),
        note,
        unit,
        period: years
            .first()
            .zip(years.last())
            .map(|(a, b)| (a.clone(), b.clone())),
        rules: rules_text(lang, rules),
        columns,
        rows: out,
    }
}

/// A one-column table of counts that are not about people (no suppression), with its total.
fn count_dataset(
    lang: Lang,
    id: &'static str,
    title: String,
    unit_label: String,
    rows: Vec<(String, String, u64)>,
) -> Dataset {
    let total: u64 = rows.iter().map(|r| r.2).sum();
    let mut out: Vec<Row> = rows
        .into_iter()
        .map(|(code, label, n)| Row {
            code,
            label,
            values: vec![Value::Count(Cell::Value(n))],
            total: false,
        })
        .collect();
    out.push(Row {
        code: "total".into(),
        label: lang.t("public-measures"),
        values: vec![Value::Count(Cell::Value(total))],
        total: true,
    });
    Dataset {
        id,
        title,
        description: lang.t_args("public-plan-text", &[("n", total.into())]),
        note: String::new(),
        unit: "measures",
        period: None,
        rules: String::new(),
        columns: vec![Column {
            code: "measures".into(),
            label: unit_label,
        }],
        rows: out,
    }
}

fn round_down(x: f64, base: u64) -> u64 {
    let b = base as f64;
    ((x.max(0.0) / b).floor() * b) as u64
}

fn round_up(x: f64, base: u64) -> u64 {
    let b = base as f64;
    ((x.max(0.0) / b).ceil() * b) as u64
}

fn round_near(x: f64, base: u64) -> u64 {
    let b = base as f64;
    ((x.max(0.0) / b).round() * b) as u64
}

/// The public figures computed per language, with the data version they were computed at.
pub type Cache = std::sync::Mutex<std::collections::HashMap<Lang, (i64, std::sync::Arc<PublicData>)>>;

/// [`gather`], kept until the data changes: the figures page, the downloads and the static portal read the same
/// protected tables, computed once per change of the data (every change is audited, and the audit log's newest
/// entry is the version).
pub async fn gather_cached(state: &AppState, lang: Lang) -> Result<std::sync::Arc<PublicData>, AppError> {
    let version = state.store.data_version().await?;
    if let Ok(cache) = state.public_cache.lock()
        && let Some((v, data)) = cache.get(&lang)
        && *v == version
    {
        return Ok(data.clone());
    }
    let data = std::sync::Arc::new(gather(state, lang, &state.config.disclosure).await?);
    if let Ok(mut cache) = state.public_cache.lock() {
        cache.insert(lang, (version, data.clone()));
    }
    Ok(data)
}

/// Gathers and protects every public number, labelled in `lang`.
pub async fn gather(state: &AppState, lang: Lang, rules: &Rules) -> Result<PublicData, AppError> {
    let counts = state.store.case_counts().await?;

    // Victims by year: sex and age group linked, forms on their own.
    let years: Vec<String> = counts
        .by_year
        .iter()
        .map(|(y, _)| y.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let col = |y: &str| years.iter().position(|x| x == y);
    let mut victims = Vec::new();
    if !years.is_empty() {
        let mut by_age = vec![vec![0u64; years.len()]; 2];
        for (y, minor, n) in &counts.by_year_minor {
            if let Some(j) = col(y) {
                by_age[usize::from(*minor)][j] += n;
            }
        }
        let mut sexes: Vec<String> = counts
            .by_year_sex
            .iter()
            .map(|(_, s, _)| s.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut by_sex = vec![vec![0u64; years.len()]; sexes.len()];
        for (y, s, n) in &counts.by_year_sex {
            if let (Some(j), Some(i)) = (col(y), sexes.iter().position(|x| x == s)) {
                by_sex[i][j] += n;
            }
        }
        // Both tables must cover the same people: anyone without a recorded sex is "not stated".
        let missing: Vec<u64> = (0..years.len())
            .map(|j| {
                let a: u64 = by_age.iter().map(|r| r[j]).sum();
                let s: u64 = by_sex.iter().map(|r| r[j]).sum();
                a.saturating_sub(s)
            })
            .collect();
        if missing.iter().any(|m| *m > 0) {
            let i = match sexes.iter().position(|x| x == "unknown") {
                Some(i) => i,
                None => {
                    sexes.push("unknown".into());
                    by_sex.push(vec![0; years.len()]);
                    sexes.len() - 1
                }
            };
            for (j, m) in missing.iter().enumerate() {
                by_sex[i][j] += m;
            }
        }
        let sex_rows: Vec<(String, String)> = sexes
            .iter()
            .map(|s| (s.clone(), lang.t(&format!("sex-{}", s.replace('_', "-")))))
            .collect();
        let linked = protect_linked(&[by_sex, by_age], rules).map_err(|e| {
            tracing::error!(error = %e, "the victims tables cannot be protected");
            AppError::internal(lang)
        })?;
        let people = lang.t("public-total-people");
        let what = |k: &str| lang.t_args("public-people-by", &[("what", lang.t(k).into())]);
        victims.push(year_dataset(
            lang,
            "victims-by-sex",
            what("public-what-sex"),
            String::new(),
            "people",
            &years,
            &sex_rows,
            &linked[0],
            people.clone(),
            rules,
        ));
        victims.push(year_dataset(
            lang,
            "victims-by-age",
            what("public-what-age"),
            lang.t("public-by-age-note"),
            "people",
            &years,
            &[
                ("adult".into(), lang.t("public-adults")),
                ("minor".into(), lang.t("public-minors")),
            ],
            &linked[1],
            people,
            rules,
        ));
        let forms: Vec<&ExploitationForm> = ExploitationForm::ALL
            .iter()
            .filter(|f| counts.by_year_form.iter().any(|(_, c, _)| c == f.code()))
            .collect();
        if !forms.is_empty() {
            let mut by_form = vec![vec![0u64; years.len()]; forms.len()];
            for (y, f, n) in &counts.by_year_form {
                if let (Some(j), Some(i)) = (col(y), forms.iter().position(|x| x.code() == f)) {
                    by_form[i][j] += n;
                }
            }
            let p = protect(&by_form, rules).map_err(|_| AppError::internal(lang))?;
            victims.push(year_dataset(
                lang,
                "victims-by-form",
                what("public-what-form"),
                lang.t("public-by-form-note"),
                "mentions",
                &years,
                &forms
                    .iter()
                    .map(|f| (f.code().to_owned(), lang.t(&f.label_key())))
                    .collect::<Vec<_>>(),
                &p,
                lang.t("public-total-mentions"),
                rules,
            ));
        }
    }

    // The hidden number, as published by an analyst.
    let (hidden, hidden_words) = match state.store.public_estimate().await? {
        Some(e) => {
            let known = match protect(&[vec![e.observed]], rules) {
                Ok(p) => p.cells[0][0],
                Err(_) => Cell::Suppressed,
            };
            let estimate = round_near(e.estimate, ESTIMATE_ROUNDING);
            let low = round_down(e.low, ESTIMATE_ROUNDING);
            let high = round_up(e.high, ESTIMATE_ROUNDING);
            let show = |c: Cell| match c {
                Cell::Value(v) => lang.int(v),
                Cell::Suppressed => lang.t("public-withheld"),
            };
            let text = lang.t_args(
                "public-hidden-text",
                &[
                    ("known", show(known).into()),
                    ("estimate", lang.int(estimate).into()),
                    ("low", lang.int(low).into()),
                    ("high", lang.int(high).into()),
                ],
            );
            let method = lang.t_args(
                "public-hidden-method",
                &[
                    ("lists", e.lists.into()),
                    ("period", e.period.clone().into()),
                    ("round", ESTIMATE_ROUNDING.into()),
                ],
            );
            let row = |code: &str, key: &str, c: Cell| Row {
                code: code.into(),
                label: lang.t(key),
                values: vec![Value::Count(c)],
                total: false,
            };
            let ds = Dataset {
                id: "hidden-number",
                title: lang.t("public-hidden"),
                description: text.clone(),
                note: method.clone(),
                unit: "people",
                period: Some((e.period.clone(), e.period.clone())),
                rules: rules_text(lang, rules),
                columns: vec![Column {
                    code: "value".into(),
                    label: lang.t("public-count"),
                }],
                rows: vec![
                    row("known", "public-hidden-known", known),
                    row("estimate", "public-hidden-estimate", Cell::Value(estimate)),
                    row("low", "public-hidden-low", Cell::Value(low)),
                    row("high", "public-hidden-high", Cell::Value(high)),
                ],
            };
            (Some(ds), Some(Hidden { text, method }))
        }
        None => (None, None),
    };

    // Incidents per 1,000 inhabitants by area, coarsened.
    let areas = state.store.areas().await?;
    let summary = state.store.summary().await?;
    let (incidents, map_svg) = if areas.is_empty() {
        (None, None)
    } else {
        let to = summary.last_incident;
        let from = to
            .and_then(|d| d.replace_year(d.year() - 1).ok())
            .and_then(Date::next_day);
        let filter = IncidentFilter {
            kinds: Vec::new(),
            from,
            to,
            area: None,
        };
        let by_area = state.store.incident_counts(&filter, Grouping::Area).await?;
        let counts: Vec<u64> = areas
            .iter()
            .map(|a| {
                by_area
                    .iter()
                    .find(|(c, _)| c == a.code.as_str())
                    .map_or(0, |(_, n)| *n)
            })
            .collect();
        let polygons: Vec<geo::MultiPolygon<f64>> =
            areas.iter().map(|a| a.boundary.multi_polygon().clone()).collect();
        let extent = areas
            .iter()
            .filter_map(|a| a.boundary.bounding_rect())
            .fold(0.0f64, |m, r| m.max(r.width()).max(r.height()));
        let neighbours =
            vigie_spatial::weights::Weights::contiguity(&polygons, false, extent * 1e-9).neighbours();
        let c = coarsen(&counts, &neighbours, rules.threshold);
        let group_pop: Vec<u64> = c
            .groups
            .iter()
            .map(|g| {
                g.areas
                    .iter()
                    .map(|a| u64::from(areas[*a].population.get()))
                    .sum()
            })
            .collect();
        // Per 1,000 inhabitants, one decimal; none when the map is hidden or nobody lives there.
        let per_1000 = |count: u64, pop: u64| -> Option<f64> {
            (!c.hidden && pop > 0).then(|| (count as f64 * 1000.0 / pop as f64 * 10.0).round() / 10.0)
        };
        let rate = |g: usize| per_1000(c.groups[g].count, group_pop[g]);
        let group_name = |g: usize| -> String {
            c.groups[g]
                .areas
                .iter()
                .map(|a| areas[*a].name.clone())
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let mut rows: Vec<Row> = areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let g = c.group_of[i];
                Row {
                    code: a.code.to_string(),
                    label: a.name.clone(),
                    values: vec![
                        Value::Text(group_name(g)),
                        Value::Count(if c.hidden {
                            Cell::Suppressed
                        } else {
                            Cell::Value(c.groups[g].count)
                        }),
                        Value::Rate(rate(g)),
                    ],
                    total: false,
                }
            })
            .collect();
        let total: u64 = counts.iter().sum();
        let pop: u64 = areas.iter().map(|a| u64::from(a.population.get())).sum();
        rows.push(Row {
            code: "total".into(),
            label: lang.t("public-all-areas"),
            values: vec![
                Value::Text(String::new()),
                Value::Count(if c.hidden {
                    Cell::Suppressed
                } else {
                    Cell::Value(total)
                }),
                Value::Rate(per_1000(total, pop)),
            ],
            total: true,
        });
        let period = from.zip(to).map(|(a, b)| (a.to_string(), b.to_string()));
        let map_areas: Vec<vigie_render::MapArea<'_>> = areas
            .iter()
            .enumerate()
            .map(|(i, a)| vigie_render::MapArea {
                code: a.code.as_str(),
                name: &a.name,
                boundary: &a.boundary,
                value: rate(c.group_of[i]),
                href: None,
            })
            .collect();
        let svg = vigie_render::choropleth(
            &map_areas,
            &[],
            &vigie_render::MapOptions {
                id_prefix: "public-map".into(),
                title: lang.t("public-map"),
                description: lang.t("public-map-note"),
                legend_title: lang.t("public-rate"),
                no_data_label: lang.t("public-withheld"),
                direction: vigie_domain::Direction::HigherIsWorse,
                decimals: 1,
                decimal_mark: lang.decimal_mark(),
                ..vigie_render::MapOptions::default()
            },
        );
        let ds = Dataset {
            id: "incidents-by-area",
            title: lang.t("public-map"),
            description: period
                .as_ref()
                .map(|(a, b)| {
                    lang.t_args(
                        "public-map-period",
                        &[("from", a.clone().into()), ("to", b.clone().into())],
                    )
                })
                .unwrap_or_default(),
            note: lang.t("public-map-note"),
            unit: "incidents",
            period,
            rules: rules_text(lang, rules),
            columns: vec![
                Column {
                    code: "published_as".into(),
                    label: lang.t("public-published-as"),
                },
                Column {
                    code: "incidents".into(),
                    label: lang.t("public-incidents"),
                },
                Column {
                    code: "per_1000".into(),
                    label: lang.t("public-rate"),
                },
            ],
            rows,
        };
        (Some(ds), Some(svg))
    };

    // The action plan's measures.
    let measures = state.store.measures_for_evaluation().await?;
    let plan = if measures.is_empty() {
        Vec::new()
    } else {
        let by_status = MeasureStatus::ALL
            .iter()
            .map(|s| {
                (
                    s.code().to_owned(),
                    lang.t(&s.label_key()),
                    measures.iter().filter(|m| m.status == *s).count() as u64,
                )
            })
            .collect();
        let by_kind = ResponseKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_owned(),
                    lang.t(&k.label_key()),
                    measures.iter().filter(|m| m.response == *k).count() as u64,
                )
            })
            .filter(|r| r.2 > 0)
            .collect();
        vec![
            count_dataset(
                lang,
                "plan-measures-by-status",
                lang.t("public-plan-status"),
                lang.t("public-measures"),
                by_status,
            ),
            count_dataset(
                lang,
                "plan-measures-by-kind",
                lang.t("public-plan-kind"),
                lang.t("public-measures"),
                by_kind,
            ),
        ]
    };

    Ok(PublicData {
        rules: *rules,
        victims,
        hidden,
        hidden_words,
        incidents,
        map_svg,
        plan,
    })
}

/// A value as a page shows it.
pub fn show(lang: Lang, v: &Value) -> String {
    match v {
        Value::Count(Cell::Value(n)) => lang.int(*n),
        Value::Count(Cell::Suppressed) => lang.t("public-withheld"),
        Value::Rate(Some(r)) => lang.num(*r, 1),
        Value::Rate(None) => "–".into(),
        Value::Text(t) => t.clone(),
    }
}

/// A value as the CSV writes it: withheld and missing values are empty.
fn csv_value(v: &Value) -> String {
    match v {
        Value::Count(Cell::Value(n)) => n.to_string(),
        Value::Count(Cell::Suppressed) | Value::Rate(None) => String::new(),
        Value::Rate(Some(r)) => format!("{r:.1}"),
        Value::Text(t) => t.clone(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// A dataset as CSV: `code,label,` then the columns; withheld values are empty (see the JSON's metadata).
pub fn to_csv(d: &Dataset) -> String {
    let mut out = String::from("code,label");
    for c in &d.columns {
        out.push(',');
        out.push_str(&csv_field(&c.code));
    }
    out.push('\n');
    for r in &d.rows {
        out.push_str(&csv_field(&r.code));
        out.push(',');
        out.push_str(&csv_field(&r.label));
        for v in &r.values {
            out.push(',');
            out.push_str(&csv_field(&csv_value(v)));
        }
        out.push('\n');
    }
    out
}

fn json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Count(Cell::Value(n)) => json!(n),
        Value::Count(Cell::Suppressed) | Value::Rate(None) => serde_json::Value::Null,
        Value::Rate(Some(r)) => json!(r),
        Value::Text(t) => json!(t),
    }
}

/// The metadata of a dataset (also the catalogue's entry).
pub fn metadata(d: &Dataset, lang: Lang, rules: &Rules) -> serde_json::Value {
    json!({
        "id": d.id,
        "title": d.title,
        "description": d.description,
        "note": d.note,
        "language": lang.code(),
        "unit": d.unit,
        "period": d.period.as_ref().map(|(a, b)| json!({"from": a, "to": b})),
        "disclosure": {
            "rules": d.rules,
            "threshold": rules.threshold,
            "rounding": rules.rounding,
            "withheld": "null in JSON, empty in CSV",
            "method": "primary suppression of counts from 1 to threshold - 1, complementary suppression audited by linear programming (tables of the same people protected together); areas with small counts merged with their neighbours; estimates rounded to 10",
        },
        "distributions": [
            {"format": "CSV", "mediaType": "text/csv", "url": format!("/public/{}/data/{}.csv", lang.code(), d.id)},
            {"format": "JSON", "mediaType": "application/json", "url": format!("/public/{}/data/{}.json", lang.code(), d.id)},
        ],
        "page": format!("/public/{}/figures#{}", lang.code(), d.id),
    })
}

/// A dataset as JSON: its metadata, its columns and rows (withheld values are `null`).
pub fn to_json(d: &Dataset, lang: Lang, rules: &Rules) -> serde_json::Value {
    json!({
        "metadata": metadata(d, lang, rules),
        "columns": d.columns.iter().map(|c| json!({"code": c.code, "label": c.label})).collect::<Vec<_>>(),
        "rows": d.rows.iter().map(|r| json!({
            "code": r.code,
            "label": r.label,
            "total": r.total,
            "values": r.values.iter().map(json_value).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The catalogue of the open data (DCAT-like, machine-readable).
pub fn catalogue(data: &PublicData, lang: Lang, city: &str) -> serde_json::Value {
    json!({
        "title": lang.t_args("public-site", &[("city", city.to_owned().into())]),
        "description": lang.t("public-data-intro"),
        "language": lang.code(),
        "datasets": data.datasets().iter().map(|d| metadata(d, lang, &data.rules)).collect::<Vec<_>>(),
    })
}
