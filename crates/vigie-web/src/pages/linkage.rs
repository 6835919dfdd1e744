//! Record linkage for analysts: upload the agencies' encodings (never names), link them into entities, and see the
//! overlap between the lists and the capture histories that multiple systems estimation takes. Nothing is stored
//! but the audit entry: the encodings stay with the partners.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use vigie_domain::policy::Action;
use vigie_linkage::clk::{Encodings, read_encodings};
use vigie_linkage::matching::{BlockingOptions, Solver, capture_table, dedup, overlaps};
use vigie_store::AuditEntry;

use super::{PageCtx, render_status};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;

/// One list as uploaded.
pub struct ListRow {
    pub name: String,
    pub records: usize,
    pub entities: u64,
}

/// A cell of the overlap diagram.
pub struct Cell {
    pub x: usize,
    pub y: usize,
    pub count: u64,
    /// Shade 0–4, by the share of the row's entities.
    pub shade: usize,
    pub title: String,
}

#[derive(Template)]
#[template(path = "linkage.html")]
struct LinkagePage {
    page: PageCtx,
    threshold: String,
    errors: Vec<String>,
    lists: Vec<ListRow>,
    overlap: Vec<Vec<u64>>,
    cells: Vec<Cell>,
    size: usize,
    entities: usize,
    capture: Vec<(Vec<bool>, u64)>,
    /// The capture histories as CSV (list names then `count`), for the estimate page.
    capture_csv: String,
}

fn empty(page: PageCtx) -> LinkagePage {
    LinkagePage {
        page,
        threshold: "0.8".into(),
        errors: Vec::new(),
        lists: Vec::new(),
        overlap: Vec::new(),
        cells: Vec::new(),
        size: 0,
        entities: 0,
        capture: Vec::new(),
        capture_csv: String::new(),
    }
}

/// A CSV field, quoted when it needs to be.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.trim() != s {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The capture histories as the estimate page reads them: a header of list names then `count`, a row per pattern.
fn capture_csv(names: &[String], capture: &[(Vec<bool>, u64)]) -> String {
    let mut out: Vec<String> = names.iter().map(|n| csv_field(n)).collect();
    out.push("count".to_owned());
    let mut text = out.join(",") + "\n";
    for (pattern, n) in capture {
        for b in pattern {
            text.push_str(if *b { "1," } else { "0," });
        }
        text.push_str(&n.to_string());
        text.push('\n');
    }
    text
}

/// `GET /linkage`: the upload form.
pub async fn form(a: Authed) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    render_status(StatusCode::OK, &empty(PageCtx::authed(&a)))
}

/// `POST /linkage`: links the uploaded encodings files (one per list; the list's name is the file's name).
pub async fn run(
    State(state): State<AppState>,
    a: Authed,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ViewDiagnosis)?;
    let lang = a.ctx.lang;
    let mut csrf = String::new();
    let mut threshold_text = "0.8".to_owned();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request(lang))?
    {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|_| AppError::bad_request(lang))?;
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "threshold" => threshold_text = String::from_utf8_lossy(&bytes).trim().to_owned(),
            "lists" if !bytes.is_empty() => {
                let base: String = file_name
                    .as_deref()
                    .and_then(|n| n.rsplit(['/', '\\']).next())
                    .unwrap_or("list")
                    .trim_end_matches(".jsonl")
                    .trim_end_matches(".encoded")
                    .chars()
                    .take(60)
                    .collect();
                files.push((base, bytes.to_vec()));
            }
            _ => {}
        }
    }
    a.ctx.check_csrf(&csrf)?;
    let mut page = empty(PageCtx::authed(&a));
    page.threshold = threshold_text.clone();
    let threshold = match threshold_text.parse::<f64>() {
        Ok(t) if (0.5..=1.0).contains(&t) => t,
        _ => {
            page.errors.push(lang.t("linkage-bad-threshold"));
            0.8
        }
    };
    if files.is_empty() {
        page.errors.push(lang.t("linkage-no-files"));
    }
    let mut lists: Vec<(String, Encodings)> = Vec::new();
    for (name, bytes) in files {
        if lists.iter().any(|(n, _)| *n == name) {
            page.errors
                .push(format!("{name}: {}", lang.t("linkage-same-name")));
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        match read_encodings(&text) {
            Ok(e) => lists.push((name, e)),
            Err(errors) => page
                .errors
                .extend(errors.iter().take(20).map(|e| format!("{name}: {e}"))),
        }
    }
    if let Some((first_name, first)) = lists.first() {
        for (n, e) in &lists[1..] {
            if e.mismatch(first).is_some() {
                page.errors
                    .push(format!("{n}: {} ({first_name})", lang.t("linkage-other-schema")));
            }
        }
    }
    if !page.errors.is_empty() {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let names: Vec<String> = lists.iter().map(|(n, _)| n.clone()).collect();
    let sizes: Vec<usize> = lists.iter().map(|(_, e)| e.len()).collect();
    let found = tokio::task::spawn_blocking(move || {
        let refs: Vec<&Encodings> = lists.iter().map(|(_, e)| e).collect();
        dedup(
            &refs,
            threshold,
            Solver::Greedy,
            &BlockingOptions {
                all_pairs: false,
                lsh: Some((24, 28)),
            },
        )
    })
    .await
    .map_err(|_| AppError::internal(lang))?;
    let k = names.len();
    let overlap = overlaps(&found.entities, k);
    page.cells = (0..k)
        .flat_map(|y| (0..k).map(move |x| (x, y)))
        .map(|(x, y)| {
            let count = overlap[y][x];
            let row = overlap[y][y].max(1);
            Cell {
                x,
                y,
                count,
                shade: ((count * 4).div_ceil(row)).min(4) as usize,
                title: format!("{} ∩ {}: {count}", names[y], names[x]),
            }
        })
        .collect();
    page.lists = names
        .iter()
        .zip(&sizes)
        .enumerate()
        .map(|(i, (n, s))| ListRow {
            name: n.clone(),
            records: *s,
            entities: overlap[i][i],
        })
        .collect();
    page.size = k;
    page.entities = found.entities.len();
    page.capture = if k <= 8 {
        capture_table(&found.entities, k)
    } else {
        Vec::new()
    };
    page.capture_csv = capture_csv(&names, &page.capture);
    page.overlap = overlap;
    state
        .store
        .audit(&AuditEntry {
            at: state.clock.now(),
            actor: a.actor(),
            action: "linkage.run".into(),
            detail: serde_json::json!({ "lists": names, "records": sizes, "threshold": threshold,
                                        "entities": page.entities }),
        })
        .await?;
    render_status(StatusCode::OK, &page)
}
