//! Multiple systems estimation for analysts: from a capture-history table (who is on which list, uploaded as CSV,
//! pasted, or sent by the linkage page), estimate how many people are on no list, with `vigie-estimate`. The
//! table may carry a stratum column: each stratum is then estimated on its own, and all strata together. Nothing
//! is stored but the audit entry.
//!
//! The CSV is read here rather than by `Table::from_csv`, so that every error is in the reader's language and
//! names the line, the column and the reason, and so that a stratum column can be set aside.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use fluent_templates::fluent_bundle::FluentValue;
use vigie_domain::policy::Action;
use vigie_estimate::{
    Estimate, Heterogeneity, IntervalMethod, MAX_LISTS, Method, Options, RankedModel, Severity, Table,
    Warning, codes, default_max_order,
};
use vigie_render::{escape, nice_ticks};
use vigie_store::AuditEntry;

use super::{Choice, PageCtx, render_status};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::i18n::Lang;

/// The most bootstrap replicates one request may ask for (each stratum and the total run them).
pub const MAX_BOOTSTRAP_WEB: usize = 5000;
/// The most strata estimated in one request.
pub const MAX_STRATA: usize = 20;
/// Uploaded tables up to this size are put back in the text box, to run again with other settings.
const ECHO_LIMIT: usize = 100 * 1024;
/// The most rows of the BIC ranking shown.
const RANKING_ROWS: usize = 15;
const DEFAULT_THRESHOLD: &str = "0.02";
const DEFAULT_BOOTSTRAP: &str = "1000";
const DEFAULT_SEED: &str = "1234";
const DEFAULT_LEVEL: &str = "95";

/// The form as the analyst filled it in (shown again with the result).
pub struct FormValues {
    pub table_text: String,
    pub method: String,
    pub threshold: String,
    pub max_order: String,
    pub bootstrap: String,
    pub seed: String,
    pub stratum: String,
    /// `none`, `darroch`, `poisson2` or `gamma3.5`.
    pub heterogeneity: String,
    /// Confidence level in percent.
    pub level: String,
    /// The period the lists cover, for publishing the estimate on the public portal.
    pub period: String,
}

impl Default for FormValues {
    fn default() -> Self {
        Self {
            table_text: String::new(),
            method: "stepwise".into(),
            threshold: DEFAULT_THRESHOLD.into(),
            max_order: String::new(),
            bootstrap: DEFAULT_BOOTSTRAP.into(),
            seed: DEFAULT_SEED.into(),
            stratum: String::new(),
            heterogeneity: Heterogeneity::None.name().into(),
            level: DEFAULT_LEVEL.into(),
            period: String::new(),
        }
    }
}

/// A warning, a note or an error from the estimation, in the reader's language. When the library's English
/// message carries details a translation cannot (list names, figures), it is kept in `original`.
pub struct Issue {
    pub severity: String,
    pub warning: bool,
    pub title: String,
    pub text: String,
    pub original: Option<String>,
}

/// A label and a value.
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// One threshold of the sensitivity check.
pub struct SensitivityRow {
    pub threshold: String,
    pub estimate: String,
    pub model: String,
    pub chosen: bool,
}

/// One model of the BIC ranking.
pub struct RankRow {
    pub rank: usize,
    pub model: String,
    pub parameters: usize,
    pub deviance: String,
    pub bic: String,
    pub estimate: String,
    pub chosen: bool,
}

/// One step of the stepwise rule.
pub struct StepRow {
    pub term: String,
    pub p_value: String,
    pub estimate: String,
}

/// A successful estimate, formatted.
pub struct FitView {
    pub observed: String,
    pub estimate: String,
    pub hidden: String,
    pub interval: String,
    pub interval_label: String,
    pub interval_method: String,
    pub lists: String,
    pub method: String,
    pub model: String,
    pub fit: Vec<Fact>,
    pub other_intervals: Vec<Fact>,
    pub histogram: String,
    pub bootstrap_note: String,
    pub sensitivity_chart: String,
    pub sensitivity: Vec<SensitivityRow>,
    pub steps: Vec<StepRow>,
    pub ranking: Vec<RankRow>,
    pub ranking_more: String,
    pub warnings: Vec<Issue>,
}

/// The result for one table (the whole table, all strata together, or one stratum).
pub struct ResultView {
    pub id: String,
    pub heading: String,
    pub error: Option<Issue>,
    pub fit: Option<FitView>,
}

#[derive(Template)]
#[template(path = "estimate.html")]
struct EstimatePage {
    page: PageCtx,
    form: FormValues,
    methods: Vec<Choice>,
    heterogeneities: Vec<Choice>,
    max_bootstrap: usize,
    errors: Vec<String>,
    stratified: String,
    results: Vec<ResultView>,
    /// Said when the estimate was published.
    published: Option<String>,
}

fn method_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    ["stepwise", "bic", "main"]
        .iter()
        .map(|m| Choice {
            value: (*m).to_owned(),
            label: lang.t(&format!("estimate-method-{m}")),
            selected: *m == selected,
        })
        .collect()
}

fn heterogeneity_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    Heterogeneity::ALL
        .iter()
        .map(|h| Choice {
            value: h.name().to_owned(),
            label: lang.t(&format!("estimate-heterogeneity-{}", h.name().replace('.', ""))),
            selected: h.name() == selected,
        })
        .collect()
}

fn empty(page: PageCtx, form: FormValues) -> EstimatePage {
    let methods = method_choices(page.lang, &form.method);
    let heterogeneities = heterogeneity_choices(page.lang, &form.heterogeneity);
    EstimatePage {
        page,
        form,
        methods,
        heterogeneities,
        max_bootstrap: MAX_BOOTSTRAP_WEB,
        errors: Vec::new(),
        stratified: String::new(),
        results: Vec::new(),
        published: None,
    }
}

/// A translation with plain string arguments.
fn tr(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    let args: Vec<(&'static str, FluentValue<'static>)> = args
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(v.clone())))
        .collect();
    lang.t_args(key, &args)
}

/// `GET /estimate`: the form.
pub async fn form(a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    render_status(StatusCode::OK, &empty(PageCtx::authed(&a), FormValues::default()))
}

/// `POST /estimate`: estimates from the uploaded or pasted table; with `step=fill` (the linkage page's button),
/// only fills the form in.
pub async fn run(
    State(state): State<AppState>,
    a: Authed,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let lang = a.ctx.lang;
    let mut csrf = String::new();
    let mut step = String::new();
    let mut form = FormValues::default();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request(lang))?
    {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|_| AppError::bad_request(lang))?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "csrf" => csrf = text(),
            "step" => step = text(),
            "method" => form.method = text(),
            "threshold" => form.threshold = text(),
            "max_order" => form.max_order = text(),
            "bootstrap" => form.bootstrap = text(),
            "seed" => form.seed = text(),
            "heterogeneity" => form.heterogeneity = text(),
            "level" => form.level = text(),
            "stratum" => form.stratum = text().chars().take(100).collect(),
            "period" => form.period = text().chars().take(41).collect(),
            "table_text" => form.table_text = String::from_utf8_lossy(&bytes).into_owned(),
            "table" if !bytes.is_empty() => {
                let base: String = file_name
                    .as_deref()
                    .and_then(|n| n.rsplit(['/', '\\']).next())
                    .filter(|n| !n.is_empty())
                    .unwrap_or("table.csv")
                    .chars()
                    .take(60)
                    .collect();
                file = Some((base, bytes.to_vec()));
            }
            _ => {}
        }
    }
    a.ctx.check_csrf(&csrf)?;
    if !["stepwise", "bic", "main"].contains(&form.method.as_str()) {
        form.method = "stepwise".into();
    }
    if Heterogeneity::from_name(&form.heterogeneity).is_err() {
        form.heterogeneity = Heterogeneity::None.name().into();
    }
    if step == "fill" {
        return render_status(StatusCode::OK, &empty(PageCtx::authed(&a), form));
    }

    let mut errors = Vec::new();
    let publish = step == "publish";
    if publish {
        a.require(Action::PublishFigures)?;
        if form.period.is_empty() || form.period.chars().count() > 40 {
            errors.push(lang.t("estimate-publish-err-period"));
        }
    }
    let options = read_options(&form, lang, &mut errors);
    let (source, text) = match file {
        Some((name, bytes)) => match String::from_utf8(bytes) {
            Ok(t) => {
                // The text box shows the table that was estimated, or nothing when it is too large to send back.
                form.table_text = if t.len() <= ECHO_LIMIT {
                    t.clone()
                } else {
                    String::new()
                };
                (name, Some(t))
            }
            Err(_) => {
                errors.push(tr(lang, "estimate-err-utf8", &[("source", name.clone())]));
                (name, None)
            }
        },
        None if !form.table_text.trim().is_empty() => {
            (lang.t("estimate-pasted"), Some(form.table_text.clone()))
        }
        None => {
            errors.push(lang.t("estimate-err-no-table"));
            (String::new(), None)
        }
    };
    let stratum = (!form.stratum.is_empty()).then(|| form.stratum.clone());
    let capture = text.and_then(|t| match read_capture(&t, &source, stratum.as_deref(), lang) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.extend(e);
            None
        }
    });
    let period = form.period.clone();
    let mut page = empty(PageCtx::authed(&a), form);
    let (Some(options), Some(capture), true) = (options, capture, errors.is_empty()) else {
        page.errors = errors;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let tables = match capture.tables(lang) {
        Ok(t) => t,
        Err(e) => {
            page.errors.push(e);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };

    let lists = capture.lists.clone();
    let n_strata = tables.len().saturating_sub(1);
    let run_options = options.clone();
    let outcomes = tokio::task::spawn_blocking(move || {
        tables
            .into_iter()
            .map(|(key, table)| {
                let result = vigie_estimate::estimate(&table, &run_options);
                (key, result)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|_| AppError::internal(lang))?;

    let overall = outcomes.first().and_then(|(_, r)| r.as_ref().ok());
    let detail = serde_json::json!({
        "source": source,
        "lists": lists,
        "method": options.method,
        "bootstrap": options.bootstrap,
        "seed": options.seed,
        "level": options.level,
        "heterogeneity": options.heterogeneity.name(),
        "stratum": capture.stratum,
        "strata": n_strata,
        "observed": overall.map(|e| e.observed),
        "estimate": overall.map(|e| e.estimate.round()),
    });
    let failed_whole = overall.is_none();
    if let Some(name) = &capture.stratum {
        page.stratified = tr(
            lang,
            "estimate-stratified",
            &[("column", name.clone()), ("n", lang.int(n_strata as u64))],
        );
    }
    page.results = outcomes
        .iter()
        .enumerate()
        .map(|(i, (key, result))| {
            let (id, heading) = match (i, key, &capture.stratum) {
                (0, _, None) => ("result".to_owned(), lang.t("estimate-result")),
                (0, _, Some(_)) => ("result-all".to_owned(), lang.t("estimate-all-strata")),
                (_, Some(k), Some(column)) => (
                    format!("result-stratum-{i}"),
                    tr(
                        lang,
                        "estimate-stratum-heading",
                        &[("column", column.clone()), ("value", k.clone())],
                    ),
                ),
                _ => (format!("result-{i}"), String::new()),
            };
            match result {
                Ok(e) => ResultView {
                    fit: Some(view(e, &options, lang, &id)),
                    id,
                    heading,
                    error: None,
                },
                Err(err) => ResultView {
                    id,
                    heading,
                    error: Some(library_error(err, lang)),
                    fit: None,
                },
            }
        })
        .collect();
    if failed_whole {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    if publish && let Some(e) = overall {
        let published = vigie_store::PublicEstimate {
            period: period.clone(),
            lists: e.lists.len() as u64,
            observed: e.observed,
            estimate: e.estimate,
            low: e.interval.lower,
            high: e.interval.upper,
            level: e.interval.level,
            method: e.method.clone(),
            published_at: None,
        };
        state
            .store
            .publish_estimate(&published, &a.actor(), state.clock.now())
            .await?;
        page.published = Some(tr(lang, "estimate-published", &[("period", period)]));
    }
    state
        .store
        .audit(&AuditEntry {
            at: state.clock.now(),
            actor: a.actor(),
            action: "estimate.run".into(),
            detail,
        })
        .await?;
    render_status(StatusCode::OK, &page)
}

/// Parses a decimal number, with a point or a comma.
fn parse_decimal(s: &str) -> Option<f64> {
    s.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// The estimation options from the form; pushes an error for each bad field.
fn read_options(form: &FormValues, lang: Lang, errors: &mut Vec<String>) -> Option<Options> {
    let before = errors.len();
    let method = match form.method.as_str() {
        "bic" => {
            let max_order = if form.max_order.is_empty() {
                None
            } else {
                match form.max_order.parse::<usize>() {
                    Ok(o) if (1..=MAX_LISTS).contains(&o) => Some(o),
                    _ => {
                        errors.push(lang.t("estimate-bad-max-order"));
                        None
                    }
                }
            };
            Method::Bic {
                max_order,
                ntop: None,
            }
        }
        "main" => Method::Main,
        _ => match parse_decimal(&form.threshold) {
            Some(t) if t > 0.0 && t < 1.0 => Method::Stepwise { threshold: t },
            _ => {
                errors.push(lang.t("estimate-bad-threshold"));
                Method::default()
            }
        },
    };
    let bootstrap = match form.bootstrap.parse::<usize>() {
        Ok(b) if b <= MAX_BOOTSTRAP_WEB => b,
        _ => {
            errors.push(tr(
                lang,
                "estimate-bad-bootstrap",
                &[("max", MAX_BOOTSTRAP_WEB.to_string())],
            ));
            0
        }
    };
    let seed = match form.seed.parse::<u64>() {
        Ok(s) => s,
        Err(_) => {
            errors.push(lang.t("estimate-bad-seed"));
            0
        }
    };
    let level = match parse_decimal(&form.level) {
        Some(l) if (50.0..=99.9).contains(&l) => l / 100.0,
        _ => {
            errors.push(lang.t("estimate-bad-level"));
            0.95
        }
    };
    let heterogeneity = Heterogeneity::from_name(&form.heterogeneity).unwrap_or_default();
    (errors.len() == before).then(|| Options {
        method,
        bootstrap,
        seed,
        level,
        heterogeneity,
        ..Options::default()
    })
}

/// A capture-history table as read: the lists, the stratum column if any, and the rows.
#[derive(Debug)]
struct Capture {
    lists: Vec<String>,
    stratum: Option<String>,
    /// (stratum value, or empty; pattern; count)
    rows: Vec<(String, Vec<bool>, u64)>,
}

impl Capture {
    /// The tables to estimate: the whole table first (all strata together), then one per stratum.
    fn tables(&self, lang: Lang) -> Result<Vec<(Option<String>, Table)>, String> {
        let lib = |e: vigie_estimate::Error| {
            let issue = library_error(&e, lang);
            match issue.original {
                Some(o) if lang != Lang::En => format!("{} ({o})", issue.text),
                _ => issue.text,
            }
        };
        if self.stratum.is_none() {
            let rows = self.rows.iter().map(|(_, p, c)| (p.as_slice(), *c));
            let table = Table::from_patterns(self.lists.clone(), rows).map_err(lib)?;
            return Ok(vec![(None, table)]);
        }
        let mut total: BTreeMap<&[bool], u64> = BTreeMap::new();
        for (_, p, c) in &self.rows {
            let n = total.entry(p.as_slice()).or_insert(0);
            *n = n.saturating_add(*c);
        }
        let whole = Table::from_patterns(self.lists.clone(), total).map_err(lib)?;
        let strata = Table::by_stratum(
            &self.lists,
            self.rows.iter().map(|(k, p, c)| (k.clone(), p.as_slice(), *c)),
        )
        .map_err(lib)?;
        if strata.len() > MAX_STRATA {
            return Err(tr(
                lang,
                "estimate-err-too-many-strata",
                &[("n", strata.len().to_string()), ("max", MAX_STRATA.to_string())],
            ));
        }
        let mut out = vec![(None, whole)];
        out.extend(strata.into_iter().map(|(k, t)| (Some(k), t)));
        Ok(out)
    }
}

/// Reads a capture-history table with the library's reader (a header of an optional stratum and list names then
/// `count`, one row per pattern) and words its problems in the reader's language, each with the source, the line
/// and the column.
fn read_capture(text: &str, source: &str, stratum: Option<&str>, lang: Lang) -> Result<Capture, Vec<String>> {
    match vigie_estimate::capture::read_capture(text, stratum) {
        Ok(file) => Ok(Capture {
            lists: file.lists,
            stratum: file.stratum,
            rows: file.rows,
        }),
        Err(problems) => Err(problems.iter().map(|p| problem_text(p, source, lang)).collect()),
    }
}

/// One problem of a capture-history file, in the reader's language.
fn problem_text(p: &vigie_estimate::capture::Problem, source: &str, lang: Lang) -> String {
    use vigie_estimate::capture::{CountProblem, ProblemKind as K};
    let line_error = |reason: String| {
        tr(
            lang,
            "estimate-err-line",
            &[
                ("source", source.to_owned()),
                ("line", p.line.to_string()),
                ("reason", reason),
            ],
        )
    };
    let cell_error = |reason: String| {
        tr(
            lang,
            "estimate-err-cell",
            &[
                ("source", source.to_owned()),
                ("line", p.line.to_string()),
                ("column", p.column.clone().unwrap_or_default()),
                ("reason", reason),
            ],
        )
    };
    let value = |key: &str, v: &str| tr(lang, key, &[("value", v.to_owned())]);
    match &p.kind {
        K::Empty => tr(lang, "estimate-err-empty", &[("source", source.to_owned())]),
        K::NoRows => tr(lang, "estimate-err-no-rows", &[("source", source.to_owned())]),
        K::More { count } => tr(lang, "estimate-err-more", &[("n", count.to_string())]),
        K::Quote => line_error(lang.t("estimate-why-quote")),
        K::NoCount { header } => line_error(tr(lang, "estimate-why-no-count", &[("header", header.clone())])),
        K::CountNotLast => line_error(lang.t("estimate-why-count-last")),
        K::NoStratum { name, columns } => line_error(tr(
            lang,
            "estimate-why-no-stratum",
            &[("name", name.clone()), ("columns", columns.join(", "))],
        )),
        K::EmptyName { position } => line_error(tr(
            lang,
            "estimate-why-empty-name",
            &[("n", position.to_string())],
        )),
        K::SameName { name } => line_error(tr(lang, "estimate-why-same-name", &[("name", name.clone())])),
        K::ListCount { found } => line_error(tr(
            lang,
            "estimate-why-lists",
            &[("found", found.to_string()), ("max", MAX_LISTS.to_string())],
        )),
        K::Fields { found, expected } => line_error(tr(
            lang,
            "estimate-why-fields",
            &[("found", found.to_string()), ("expected", expected.to_string())],
        )),
        K::NotBinary {
            value: v,
            maybe_stratum,
        } => cell_error(value(
            if *maybe_stratum {
                "estimate-why-not-binary-stratum"
            } else {
                "estimate-why-not-binary"
            },
            v,
        )),
        K::Count { value: v, problem } => cell_error(value(
            match problem {
                CountProblem::Negative => "estimate-why-negative",
                CountProblem::Fractional => "estimate-why-fraction",
                CountProblem::NotANumber => "estimate-why-not-number",
                CountProblem::TooLarge => "estimate-why-too-large",
            },
            v,
        )),
        K::EmptyStratum => cell_error(lang.t("estimate-why-empty-stratum")),
        K::AllZeros => line_error(lang.t("estimate-why-all-zeros")),
    }
}

/// An error of `vigie-estimate`, in the reader's language.
fn library_error(e: &vigie_estimate::Error, lang: Lang) -> Issue {
    use vigie_estimate::Error as E;
    let english = e.to_string();
    let (text, keep) = match e {
        E::TooFewLists { found, .. } => (
            tr(
                lang,
                "estimate-lib-too-few-lists",
                &[("found", found.to_string())],
            ),
            true,
        ),
        E::NoObservations => (lang.t("estimate-lib-no-observations"), false),
        E::BicTooManyLists(n) => (tr(lang, "estimate-lib-bic-lists", &[("n", n.to_string())]), false),
        E::NoEstimate(_) => (lang.t("estimate-lib-no-estimate"), true),
        _ => (lang.t("estimate-lib-other"), true),
    };
    Issue {
        severity: lang.t("estimate-severity-error"),
        warning: true,
        title: lang.t("estimate-error-title"),
        text,
        original: keep.then_some(english),
    }
}

/// The codes whose titles and explanations are translated.
const KNOWN_CODES: [&str; 17] = [
    codes::SCOPE,
    codes::DUPLICATES_SUMMED,
    codes::LIST_EMPTY,
    codes::LIST_DUPLICATE,
    codes::LIST_EVERYONE,
    codes::NO_OVERLAP,
    codes::SPARSE,
    codes::INFLUENTIAL_CELL,
    codes::NO_MLE,
    codes::POOR_FIT,
    codes::THRESHOLD,
    codes::FAILED_REPLICATES,
    codes::NOT_CONVERGED,
    codes::BCA_DEGENERATE,
    codes::BCA_UNSTABLE,
    codes::BOOTSTRAP_UNAVAILABLE,
    codes::LARGE_HIDDEN,
];

/// A warning of `vigie-estimate`: its translated title; in English its own message, in another language the
/// translated explanation of its code with the English message (which names lists and figures) beside it.
fn issue(w: &Warning, lang: Lang) -> Issue {
    let (severity, warning) = match w.severity {
        Severity::Note => (lang.t("estimate-severity-note"), false),
        Severity::Warning => (lang.t("estimate-severity-warning"), true),
    };
    let key = w.code.replace('_', "-");
    if !KNOWN_CODES.contains(&w.code.as_str()) {
        return Issue {
            severity,
            warning,
            title: w.code.clone(),
            text: w.message.clone(),
            original: None,
        };
    }
    let title = lang.t(&format!("estimate-code-{key}"));
    let (text, original) = if lang == Lang::En {
        (w.message.clone(), None)
    } else if w.code == codes::SCOPE {
        // A fixed text: its translation says all of it.
        (lang.t(&format!("estimate-explain-{key}")), None)
    } else {
        (
            lang.t(&format!("estimate-explain-{key}")),
            Some(w.message.clone()),
        )
    };
    Issue {
        severity,
        warning,
        title,
        text,
        original,
    }
}

/// A model as text: "main effects + a:b + b:c".
fn model_label(terms: &[Vec<String>], lang: Lang) -> String {
    let mut out = lang.t("estimate-main-effects");
    for t in terms {
        out.push_str(" + ");
        out.push_str(&t.join(":"));
    }
    out
}

/// A whole number of people.
fn people(x: f64, lang: Lang) -> String {
    if x.is_finite() {
        lang.num(x.round(), 0)
    } else {
        "–".to_owned()
    }
}

/// A threshold as written (0.001, 0.02), with the language's decimal mark.
fn threshold_text(t: f64, lang: Lang) -> String {
    format!("{t}").replace('.', &lang.decimal_mark().to_string())
}

fn p_value_text(p: f64, lang: Lang) -> String {
    if p < 0.0001 {
        format!("< {}", lang.num(0.0001, 4))
    } else {
        lang.num(p, 4)
    }
}

/// Formats one estimate for the page.
fn view(e: &Estimate, options: &Options, lang: Lang, id: &str) -> FitView {
    let level = format!("{:.0}", 100.0 * e.interval.level);
    let range = |lower: f64, upper: String| {
        tr(
            lang,
            "estimate-range",
            &[("lower", people(lower, lang)), ("upper", upper)],
        )
    };
    let method = match &options.method {
        Method::Stepwise { threshold } => tr(
            lang,
            "estimate-method-stepwise-with",
            &[("threshold", threshold_text(*threshold, lang))],
        ),
        Method::Bic { max_order, .. } => {
            let order = max_order
                .map(|o| o.min(e.lists.len()))
                .or_else(|| default_max_order(e.lists.len()).ok())
                .unwrap_or(1);
            tr(lang, "estimate-method-bic-with", &[("order", order.to_string())])
        }
        Method::Main => lang.t("estimate-method-main"),
    };
    let mut model = model_label(&e.model.terms, lang);
    if let Some(g) = e.model.heterogeneity_coefficient {
        model.push_str(&tr(
            lang,
            "estimate-heterogeneity-term",
            &[("name", e.model.heterogeneity.clone()), ("gamma", lang.num(g, 3))],
        ));
    }
    if !e.model.neg_inf_terms.is_empty() {
        let left: Vec<String> = e.model.neg_inf_terms.iter().map(|t| t.join(":")).collect();
        model.push_str(&tr(lang, "estimate-neg-inf", &[("terms", left.join(", "))]));
    }
    let fit = vec![
        Fact {
            label: lang.t("estimate-deviance"),
            value: lang.num(e.deviance, 2),
        },
        Fact {
            label: lang.t("estimate-df"),
            value: e.df.to_string(),
        },
        Fact {
            label: lang.t("estimate-bic"),
            value: lang.num(e.bic, 2),
        },
    ];
    let mut other_intervals = Vec::new();
    if let Some(l) = &e.lognormal {
        other_intervals.push(Fact {
            label: lang.t("estimate-lognormal"),
            value: range(l.lower, people(l.upper, lang)),
        });
    }
    if let Some(p) = &e.profile {
        other_intervals.push(Fact {
            label: lang.t("estimate-profile"),
            value: range(
                p.lower,
                p.upper
                    .map_or_else(|| lang.t("estimate-no-upper"), |u| people(u, lang)),
            ),
        });
    }
    let (histogram, bootstrap_note) = match &e.bootstrap {
        Some(b) => (
            histogram_svg(
                &format!("{id}-bootstrap"),
                &b.estimates,
                e.estimate,
                e.interval.lower,
                e.interval.upper,
                lang,
            ),
            tr(
                lang,
                "estimate-bootstrap-note",
                &[
                    ("replicates", lang.int(b.replicates as u64)),
                    ("seed", b.seed.to_string()),
                    ("failed", lang.int(b.failed as u64)),
                ],
            ),
        ),
        None => (String::new(), lang.t("estimate-no-bootstrap")),
    };
    let chosen_threshold = match options.method {
        Method::Stepwise { threshold } => Some(threshold),
        _ => None,
    };
    let sensitivity: Vec<SensitivityRow> = e
        .sensitivity
        .iter()
        .flatten()
        .map(|p| SensitivityRow {
            threshold: threshold_text(p.threshold, lang),
            estimate: people(p.estimate, lang),
            model: model_label(&p.terms, lang),
            chosen: chosen_threshold.is_some_and(|t| (t - p.threshold).abs() < 1e-12),
        })
        .collect();
    let sensitivity_chart = match (&e.sensitivity, chosen_threshold) {
        (Some(points), Some(t)) if !points.is_empty() => {
            let pts: Vec<(f64, f64, String)> = points
                .iter()
                .map(|p| (p.threshold, p.estimate, model_label(&p.terms, lang)))
                .collect();
            sensitivity_svg(&format!("{id}-sensitivity"), &pts, t, lang)
        }
        _ => String::new(),
    };
    let steps = e
        .steps
        .iter()
        .flatten()
        .map(|s| StepRow {
            term: s.term.join(":"),
            p_value: p_value_text(s.p_value, lang),
            estimate: people(s.estimate, lang),
        })
        .collect();
    let (ranking, ranking_more) = match &e.ranking {
        Some(r) => ranking_rows(r, lang),
        None => (Vec::new(), String::new()),
    };
    FitView {
        observed: lang.int(e.observed),
        estimate: people(e.estimate, lang),
        hidden: people(e.hidden, lang),
        interval: range(e.interval.lower, people(e.interval.upper, lang)),
        interval_label: tr(lang, "estimate-interval", &[("level", level)]),
        interval_method: match e.interval.method {
            IntervalMethod::Bca => lang.t("estimate-interval-bca"),
            IntervalMethod::Lognormal => lang.t("estimate-interval-lognormal"),
        },
        lists: e.lists.join(", "),
        method,
        model,
        fit,
        other_intervals,
        histogram,
        bootstrap_note,
        sensitivity_chart,
        sensitivity,
        steps,
        ranking,
        ranking_more,
        warnings: e.warnings.iter().map(|w| issue(w, lang)).collect(),
    }
}

fn ranking_rows(models: &[RankedModel], lang: Lang) -> (Vec<RankRow>, String) {
    let rows = models
        .iter()
        .take(RANKING_ROWS)
        .enumerate()
        .map(|(i, m)| RankRow {
            rank: i + 1,
            model: model_label(&m.terms, lang),
            parameters: m.parameters,
            deviance: m.deviance.map_or_else(|| "–".to_owned(), |d| lang.num(d, 2)),
            bic: m.bic.map_or_else(|| "–".to_owned(), |b| lang.num(b, 2)),
            estimate: match m.estimate {
                Some(x) => people(x, lang),
                None => lang.t(match m.code {
                    1 => "estimate-rank-no-mle",
                    2 => "estimate-rank-not-identifiable",
                    3 => "estimate-rank-neither",
                    _ => "estimate-rank-failed",
                }),
            },
            chosen: i == 0 && m.estimate.is_some(),
        })
        .collect();
    let more = models.len().saturating_sub(RANKING_ROWS);
    let note = if more > 0 {
        let without = models
            .iter()
            .skip(RANKING_ROWS)
            .filter(|m| m.estimate.is_none())
            .count();
        tr(
            lang,
            "estimate-rank-more",
            &[
                ("n", lang.int(more as u64)),
                ("without", lang.int(without as u64)),
            ],
        )
    } else {
        String::new()
    };
    (rows, note)
}

/// A number for an SVG coordinate: a tenth of a pixel.
fn c(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Decimals that the labels of evenly spaced ticks need.
fn tick_decimals(ticks: &[f64]) -> usize {
    let step = match ticks {
        [a, b, ..] => (b - a).abs(),
        _ => 1.0,
    };
    if step >= 1.0 || step <= 0.0 {
        0
    } else {
        ((-step.log10()).ceil() as usize).min(6)
    }
}

const W: f64 = 640.0;
const H: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 32.0;
const BOTTOM: f64 = 52.0;
const INK: &str = "#1f2937";
const GRID: &str = "#d9d9d9";
const BAR: &str = "#9ecae1";
const MARK: &str = "#d55e00";

fn svg_open(out: &mut String, id: &str, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" font-size=\"12\" font-family=\"sans-serif\"><title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc),
        w = W,
        h = H,
        id = id,
    );
}

/// Horizontal grid lines and labels of a count or value axis.
fn y_axis(out: &mut String, ticks: &[f64], y: &dyn Fn(f64) -> f64, lang: Lang, label: &str) {
    let decimals = tick_decimals(ticks);
    for t in ticks {
        let _ = write!(
            out,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{GRID}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            c(LEFT),
            c(W - RIGHT),
            c(LEFT - 6.0),
            c(y(*t) + 4.0),
            escape(&lang.num(*t, decimals)),
            y = c(y(*t)),
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\">{}</text>",
        c(4.0),
        c(TOP - 16.0),
        escape(label)
    );
}

/// The histogram of the bootstrap estimates, with the estimate (solid line) and the interval (dashed lines).
fn histogram_svg(id: &str, values: &[f64], point: f64, lower: f64, upper: f64, lang: Lang) -> String {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return String::new();
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let q = |p: f64| sorted[((p * (n - 1) as f64).round() as usize).min(n - 1)];
    let marks = [point, lower, upper]
        .into_iter()
        .filter(|v| v.is_finite())
        .collect::<Vec<_>>();
    let lo = marks.iter().copied().fold(q(0.005), f64::min);
    let hi = marks.iter().copied().fold(q(0.995), f64::max);
    let ticks = nice_ticks(lo, hi, 6);
    let (x0, x1) = match (ticks.first(), ticks.last()) {
        (Some(a), Some(b)) if b > a => (*a, *b),
        _ => (lo - 1.0, lo + 1.0),
    };
    const BINS: usize = 30;
    let width = (x1 - x0) / BINS as f64;
    let mut counts = [0u64; BINS];
    for v in &sorted {
        let i = ((v - x0) / width).floor();
        let i = if i < 0.0 { 0 } else { (i as usize).min(BINS - 1) };
        counts[i] += 1;
    }
    let below = sorted.iter().filter(|v| **v < x0).count();
    let above = sorted.iter().filter(|v| **v > x1).count();
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let y_ticks = nice_ticks(0.0, max, 5);
    let y_max = y_ticks.last().copied().filter(|m| *m > 0.0).unwrap_or(max);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |v: f64| LEFT + (v - x0) / (x1 - x0) * plot_w;
    let y = |v: f64| TOP + plot_h - v / y_max * plot_h;

    let title = lang.t("estimate-histogram-title");
    let desc = tr(
        lang,
        "estimate-histogram-desc",
        &[
            ("n", lang.int(n as u64)),
            ("min", people(sorted[0], lang)),
            ("max", people(sorted[n - 1], lang)),
            ("estimate", people(point, lang)),
            ("lower", people(lower, lang)),
            ("upper", people(upper, lang)),
        ],
    );
    let mut out = String::new();
    svg_open(&mut out, id, &title, &desc);
    y_axis(&mut out, &y_ticks, &y, lang, &lang.t("estimate-histogram-y"));
    let x_dec = tick_decimals(&ticks);
    for t in &ticks {
        let _ = write!(
            out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{INK}\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(TOP + plot_h),
            c(TOP + plot_h + 5.0),
            c(TOP + plot_h + 18.0),
            escape(&lang.num(*t, x_dec)),
            x = c(x(*t)),
        );
    }
    for (i, count) in counts.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let a = x0 + i as f64 * width;
        let b = a + width;
        let mut label = tr(
            lang,
            "estimate-histogram-bar",
            &[
                ("from", people(a, lang)),
                ("to", people(b, lang)),
                ("n", lang.int(*count)),
            ],
        );
        if i == 0 && below > 0 {
            label.push_str(&tr(
                lang,
                "estimate-histogram-below",
                &[("n", lang.int(below as u64))],
            ));
        }
        if i == BINS - 1 && above > 0 {
            label.push_str(&tr(
                lang,
                "estimate-histogram-above",
                &[("n", lang.int(above as u64))],
            ));
        }
        let _ = write!(
            out,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR}\" stroke=\"#ffffff\"><title>{}</title></rect>",
            c(x(a)),
            c(y(*count as f64)),
            c(x(b) - x(a)),
            c(y(0.0) - y(*count as f64)),
            escape(&label)
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\" stroke=\"{INK}\"/>",
        c(LEFT),
        c(W - RIGHT),
        y0 = c(y(0.0)),
    );
    let level_marks = [
        (lower, "estimate-histogram-lower", Some("6 4"), MARK),
        (upper, "estimate-histogram-upper", Some("6 4"), MARK),
        (point, "estimate-histogram-estimate", None, INK),
    ];
    for (v, key, dash, colour) in level_marks {
        if !v.is_finite() {
            continue;
        }
        let dash = dash.map_or(String::new(), |d| format!(" stroke-dasharray=\"{d}\""));
        let _ = write!(
            out,
            "<line class=\"mark\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}><title>{}</title></line>",
            c(TOP),
            c(TOP + plot_h),
            escape(&tr(lang, key, &[("value", people(v, lang))])),
            x = c(x(v)),
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></svg>",
        c(LEFT + plot_w / 2.0),
        c(H - 8.0),
        escape(&lang.t("estimate-histogram-x"))
    );
    out
}

/// The estimate per stepwise threshold, on a logarithmic threshold axis, with the chosen threshold marked.
fn sensitivity_svg(id: &str, points: &[(f64, f64, String)], chosen: f64, lang: Lang) -> String {
    let pts: Vec<&(f64, f64, String)> = points
        .iter()
        .filter(|(t, e, _)| *t > 0.0 && t.is_finite() && e.is_finite())
        .collect();
    if pts.is_empty() {
        return String::new();
    }
    let lt: Vec<f64> = pts.iter().map(|p| p.0.log10()).collect();
    let mut l0 = lt.iter().copied().fold(f64::INFINITY, f64::min);
    let mut l1 = lt.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if chosen > 0.0 {
        l0 = l0.min(chosen.log10());
        l1 = l1.max(chosen.log10());
    }
    if l1 - l0 < 1e-9 {
        l0 -= 0.5;
        l1 += 0.5;
    }
    let pad = (l1 - l0) * 0.04;
    let (l0, l1) = (l0 - pad, l1 + pad);
    let e_min = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let e_max = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let y_ticks = nice_ticks(e_min, e_max, 5);
    let (y0, y1) = match (y_ticks.first(), y_ticks.last()) {
        (Some(a), Some(b)) if b > a => (*a, *b),
        _ => (e_min - 1.0, e_min + 1.0),
    };
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |t: f64| LEFT + (t.log10() - l0) / (l1 - l0) * plot_w;
    let y = |v: f64| TOP + plot_h - (v - y0) / (y1 - y0) * plot_h;
    let title = lang.t("estimate-sensitivity-title");
    let desc = tr(
        lang,
        "estimate-sensitivity-desc",
        &[
            ("min", people(e_min, lang)),
            ("max", people(e_max, lang)),
            ("from", threshold_text(pts[0].0, lang)),
            ("to", threshold_text(pts[pts.len() - 1].0, lang)),
        ],
    );
    let mut out = String::new();
    svg_open(&mut out, id, &title, &desc);
    y_axis(&mut out, &y_ticks, &y, lang, &lang.t("estimate-sensitivity-y"));
    for (t, _, _) in &pts {
        let _ = write!(
            out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{INK}\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(TOP + plot_h),
            c(TOP + plot_h + 5.0),
            c(TOP + plot_h + 18.0),
            escape(&threshold_text(*t, lang)),
            x = c(x(*t)),
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{}\" x2=\"{}\" y1=\"{yb}\" y2=\"{yb}\" stroke=\"{INK}\"/>",
        c(LEFT),
        c(W - RIGHT),
        yb = c(TOP + plot_h),
    );
    if chosen > 0.0 {
        let _ = write!(
            out,
            "<line class=\"mark\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{MARK}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>{}</title></line>",
            c(TOP),
            c(TOP + plot_h),
            escape(&tr(
                lang,
                "estimate-sensitivity-chosen",
                &[("threshold", threshold_text(chosen, lang))]
            )),
            x = c(x(chosen)),
        );
    }
    let path: Vec<String> = pts
        .iter()
        .map(|(t, e, _)| format!("{},{}", c(x(*t)), c(y(*e))))
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2\"/>",
        path.join(" ")
    );
    for (t, e, model) in &pts {
        let _ = write!(
            out,
            "<circle class=\"dot\" cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"#0072b2\"><title>{}</title></circle>",
            c(x(*t)),
            c(y(*e)),
            escape(&tr(
                lang,
                "estimate-sensitivity-point",
                &[
                    ("threshold", threshold_text(*t, lang)),
                    ("estimate", people(*e, lang)),
                    ("model", model.clone()),
                ],
            ))
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></svg>",
        c(LEFT + plot_w / 2.0),
        c(H - 8.0),
        escape(&lang.t("estimate-sensitivity-x"))
    );
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const KOREA: &str = "b,c,d,count\n0,0,1,41\n0,1,0,5\n1,0,0,5\n1,1,0,54\n1,0,1,6\n0,1,1,0\n1,1,1,12\n";

    #[test]
    fn reads_korea_and_strata() {
        let c = read_capture(KOREA, "k.csv", None, Lang::En).unwrap();
        assert_eq!(c.lists, ["b", "c", "d"]);
        assert_eq!(c.rows.len(), 7);
        let t = c.tables(Lang::En).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].1.observed(), 123);
        let s = "sex;b;c;count\nF;1;0;3\nM;1;1;2\nF;0;1;4\n";
        let c = read_capture(s, "s.csv", Some("sex"), Lang::En).unwrap();
        let t = c.tables(Lang::En).unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].1.observed(), 9);
        assert_eq!(t[1].0.as_deref(), Some("F"));
        assert_eq!(t[1].1.observed(), 7);
    }

    #[test]
    fn errors_name_the_line_and_the_column() {
        let e = read_capture(
            "a,b,count\n1,0,3\n2,1,4\n1,1,-2\n0,0,1\n",
            "t.csv",
            None,
            Lang::En,
        )
        .unwrap_err();
        assert!(
            e[0].contains("t.csv, line 3, column `a`") && e[0].contains("`2` is not 0 or 1"),
            "{e:?}"
        );
        assert!(
            e[1].contains("line 4, column `count`") && e[1].contains("negative"),
            "{e:?}"
        );
        assert!(e[2].contains("line 5") && e[2].contains("all zeros"), "{e:?}");
        let e = read_capture("a,b,n\n1,0,3\n", "t.csv", None, Lang::Fr).unwrap_err();
        assert!(e[0].contains("ligne 1") && e[0].contains("count"), "{e:?}");
        let e = read_capture("sex,a,b,count\nF,1,0,3\n", "t.csv", None, Lang::En).unwrap_err();
        assert!(e[0].contains("stratum"), "{e:?}");
        let e = read_capture("a,b,count\n1,0,3\n", "t.csv", Some("sex"), Lang::En).unwrap_err();
        assert!(e[0].contains("`sex`"), "{e:?}");
    }

    #[test]
    fn charts_are_total() {
        assert!(histogram_svg("h", &[], 1.0, 0.0, 2.0, Lang::En).is_empty());
        let s = histogram_svg("h", &[5.0, 5.0, 5.0], 5.0, 5.0, 5.0, Lang::Fr);
        assert!(
            s.starts_with("<svg") && s.ends_with("</svg>") && !s.contains("NaN"),
            "{s}"
        );
        let s = histogram_svg("h", &[1.0, 2.0, f64::INFINITY, 1e9], 2.0, 1.0, 3.0, Lang::En);
        assert!(!s.contains("NaN") && !s.contains("inf"), "{s}");
        let s = sensitivity_svg("s", &[(0.02, 7.0, "m".into())], 0.02, Lang::En);
        assert!(s.contains("<circle") && !s.contains("NaN"), "{s}");
    }
}
