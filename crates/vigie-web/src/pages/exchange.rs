//! Cooperation with partner cities (`/exchange`, the coordinator's): this city's exchange keys, the partners'
//! directory, making a package for a partner (downloaded as a file), checking and importing a package received,
//! and the list of packages. The same as `vigie exchange` (both use `crate::exchange`); every change is audited by
//! the store.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use vigie_domain::policy::Action;
use vigie_exchange::{Kind, PublicIdentity};
use vigie_store::{PackageRecord, Partner};

use super::{PageCtx, render_status};
use crate::AppState;
use crate::auth::Authed;
use crate::error::AppError;
use crate::exchange::{ExchangeError, ExportRequest, Randomness};

/// A partner as the page lists it.
pub struct PartnerRow {
    pub id: String,
    pub name: String,
    pub country: String,
    pub languages: String,
    pub contacts: String,
    pub agreement: String,
    pub fingerprint: String,
    pub linkage_secret: bool,
}

/// A package as the page lists it.
pub struct PackageRow {
    pub at: String,
    pub incoming: bool,
    pub partner: String,
    pub kind: String,
    pub package: String,
    pub purpose: String,
}

/// What a package received says, field by field.
pub struct ManifestView {
    pub package: String,
    pub sender: String,
    pub kind: String,
    pub records: u64,
    pub purpose: String,
    pub legal_basis: String,
    pub period: String,
    pub created: String,
    pub expires: String,
}

impl ManifestView {
    /// What a package's manifest says, in the reader's language.
    fn of(lang: crate::i18n::Lang, m: &vigie_exchange::Manifest) -> ManifestView {
        ManifestView {
            package: m.package.clone(),
            sender: m.sender.clone(),
            kind: lang.t(&format!("exchange-kind-{}", m.kind.code())),
            records: m.records,
            purpose: m.purpose.clone(),
            legal_basis: m.legal_basis.clone(),
            period: m
                .period
                .as_ref()
                .map(|p| format!("{} – {}", p.from, p.to))
                .unwrap_or_default(),
            created: m.created.date().to_string(),
            expires: m.expires.date().to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "exchange.html")]
struct ExchangePage {
    page: PageCtx,
    city_id: String,
    public_key: String,
    fingerprint: String,
    partners: Vec<PartnerRow>,
    packages: Vec<PackageRow>,
    errors: Vec<String>,
    notice: String,
    checked: Option<ManifestView>,
}

fn partner_row(p: Partner) -> PartnerRow {
    PartnerRow {
        fingerprint: PublicIdentity::from_text(&p.public_key)
            .map(|k| k.fingerprint())
            .unwrap_or_default(),
        id: p.id,
        name: p.name,
        country: p.country,
        languages: p.languages.join(", "),
        contacts: p.contacts,
        agreement: p.agreement,
        linkage_secret: p.has_linkage_secret,
    }
}

fn package_row(p: PackageRecord) -> PackageRow {
    let purpose = serde_json::from_str::<serde_json::Value>(&p.manifest)
        .ok()
        .and_then(|m| m["purpose"].as_str().map(str::to_owned))
        .unwrap_or_default();
    PackageRow {
        at: p.at.chars().take(16).collect::<String>().replace('T', " "),
        incoming: p.direction == "in",
        partner: p.partner,
        kind: p.kind,
        package: p.package,
        purpose,
    }
}

async fn page(
    state: &AppState,
    a: &Authed,
    status: StatusCode,
    errors: Vec<String>,
    notice: String,
    checked: Option<ManifestView>,
) -> Result<Response, AppError> {
    let (city_id, public_key, fingerprint) = match state.store.exchange_identity().await? {
        Some(id) => {
            let fp = PublicIdentity::from_text(&id.public_key)
                .map(|k| k.fingerprint())
                .unwrap_or_default();
            (id.city_id, id.public_key, fp)
        }
        None => (String::new(), String::new(), String::new()),
    };
    render_status(
        status,
        &ExchangePage {
            page: PageCtx::authed(a),
            city_id,
            public_key,
            fingerprint,
            partners: state
                .store
                .partners()
                .await?
                .into_iter()
                .map(partner_row)
                .collect(),
            packages: state
                .store
                .packages()
                .await?
                .into_iter()
                .map(package_row)
                .collect(),
            errors,
            notice,
            checked,
        },
    )
}

/// The page again with what was refused (422).
async fn refusal(state: &AppState, a: &Authed, errors: Vec<String>) -> Result<Response, AppError> {
    page(
        state,
        a,
        StatusCode::UNPROCESSABLE_ENTITY,
        errors,
        String::new(),
        None,
    )
    .await
}

/// `GET /exchange`
pub async fn show(State(state): State<AppState>, a: Authed) -> Result<Response, AppError> {
    a.require(Action::ManageExchange)?;
    page(&state, &a, StatusCode::OK, Vec::new(), String::new(), None).await
}

/// The fields of a form sent as multipart (files included).
async fn fields(a: &Authed, mut multipart: Multipart) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let lang = a.ctx.lang;
    let mut out = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request(lang))?
    {
        let name = field.name().unwrap_or("").to_owned();
        let bytes = field.bytes().await.map_err(|_| AppError::bad_request(lang))?;
        out.push((name, bytes.to_vec()));
    }
    let csrf = field_text(&out, "csrf");
    a.ctx.check_csrf(&csrf)?;
    Ok(out)
}

fn field_text(fields: &[(String, Vec<u8>)], name: &str) -> String {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| String::from_utf8_lossy(b).trim().to_owned())
        .unwrap_or_default()
}

fn field_bytes<'a>(fields: &'a [(String, Vec<u8>)], name: &str) -> Option<&'a [u8]> {
    fields
        .iter()
        .find(|(n, b)| n == name && !b.is_empty())
        .map(|(_, b)| b.as_slice())
}

/// The message of an exchange error in the reader's language where vigie has one, else the library's words.
fn message(a: &Authed, e: &ExchangeError) -> String {
    let lang = a.ctx.lang;
    match e {
        ExchangeError::NoKeys => lang.t("exchange-err-no-keys"),
        ExchangeError::Store(vigie_store::StoreError::Conflict(m))
        | ExchangeError::Store(vigie_store::StoreError::Refused(m))
        | ExchangeError::Store(vigie_store::StoreError::NotFound(m)) => m.clone(),
        ExchangeError::Store(vigie_store::StoreError::Forbidden(_)) => lang.t("error-forbidden-text"),
        ExchangeError::Store(_) => lang.t("error-internal-text"),
        other => other.to_string(),
    }
}

/// `POST /exchange/keys`: makes this city's keys.
pub async fn keys(
    State(state): State<AppState>,
    a: Authed,
    multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ManageExchange)?;
    let f = fields(&a, multipart).await?;
    let mut seed = zeroize::Zeroizing::new([0u8; 64]);
    vigie_store::os_random(seed.as_mut());
    let replace = field_text(&f, "replace") == "yes";
    match crate::exchange::make_keys(
        state.store.as_ref(),
        &field_text(&f, "city_id"),
        replace,
        &seed,
        &a.actor(),
        state.clock.now(),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/exchange").into_response()),
        Err(e) => {
            let m = message(&a, &e);
            refusal(&state, &a, vec![m]).await
        }
    }
}

/// `POST /exchange/partners`: adds or updates a partner.
pub async fn add_partner(
    State(state): State<AppState>,
    a: Authed,
    multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ManageExchange)?;
    let lang = a.ctx.lang;
    let f = fields(&a, multipart).await?;
    let mut errors = Vec::new();
    let key = match PublicIdentity::from_text(&field_text(&f, "public_key")) {
        Ok(k) => Some(k),
        Err(e) => {
            errors.push(format!("{}: {e}", lang.t("exchange-public-key")));
            None
        }
    };
    let secret = field_bytes(&f, "linkage_secret").map(<[u8]>::to_vec);
    if let Some(s) = &secret
        && s.len() < 16
    {
        errors.push(lang.t("exchange-err-secret-short"));
    }
    if let (Some(key), true) = (key, errors.is_empty()) {
        let p = Partner {
            id: field_text(&f, "id"),
            name: field_text(&f, "name"),
            country: field_text(&f, "country").to_ascii_uppercase(),
            languages: field_text(&f, "languages")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            contacts: field_text(&f, "contacts"),
            agreement: field_text(&f, "agreement"),
            public_key: key.to_text(),
            has_linkage_secret: secret.is_some(),
            added_by: String::new(),
            added_at: String::new(),
        };
        match state
            .store
            .save_partner(&p, secret.as_deref(), &a.actor(), state.clock.now())
            .await
        {
            Ok(()) => return Ok(Redirect::to("/exchange").into_response()),
            Err(vigie_store::StoreError::Refused(m)) => errors.push(m),
            Err(e) => return Err(e.into()),
        }
    }
    refusal(&state, &a, errors).await
}

/// `POST /exchange/export`: makes a package and sends it as a file to download.
pub async fn export(
    State(state): State<AppState>,
    a: Authed,
    multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ManageExchange)?;
    let lang = a.ctx.lang;
    let f = fields(&a, multipart).await?;
    let kind = match field_text(&f, "what").as_str() {
        "encodings" => Kind::Encodings,
        "statistics" => Kind::Statistics,
        "referral" => Kind::Referral,
        _ => return Err(AppError::bad_request(lang)),
    };
    let referral = if kind == Kind::Referral {
        match field_text(&f, "referral").trim_start_matches('#').parse::<i64>() {
            Ok(id) => Some((id, a.viewer())),
            Err(_) => {
                let m = lang.t("exchange-err-referral");
                return refusal(&state, &a, vec![m]).await;
            }
        }
    } else {
        None
    };
    let encodings = field_bytes(&f, "encodings").map(|b| String::from_utf8_lossy(b).into_owned());
    let valid_days = field_text(&f, "valid_days").parse::<i64>().unwrap_or(0);
    let r = ExportRequest {
        partner: field_text(&f, "partner"),
        kind,
        encodings,
        purpose: field_text(&f, "purpose"),
        legal_basis: field_text(&f, "legal_basis"),
        valid_days,
        period: None,
        referral,
    };
    match crate::exchange::export(&state, &r, &a.actor(), state.clock.now(), &Randomness::os()).await {
        Ok((bytes, manifest)) => Ok((
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}-{}-{}.vigie\"",
                        manifest.recipient,
                        manifest.kind.code(),
                        &manifest.package[..8.min(manifest.package.len())]
                    ),
                ),
            ],
            bytes,
        )
            .into_response()),
        Err(e) => {
            let m = message(&a, &e);
            refusal(&state, &a, vec![m]).await
        }
    }
}

/// `POST /exchange/import`: checks a package received (`step=check`) or checks and imports it.
pub async fn import(
    State(state): State<AppState>,
    a: Authed,
    multipart: Multipart,
) -> Result<Response, AppError> {
    a.require(Action::ManageExchange)?;
    let lang = a.ctx.lang;
    let f = fields(&a, multipart).await?;
    let Some(bytes) = field_bytes(&f, "package") else {
        return refusal(&state, &a, vec![lang.t("exchange-err-no-file")]).await;
    };
    let only_check = field_text(&f, "step") == "check";
    let now = state.clock.now();
    let result = if only_check {
        crate::exchange::check(state.store.as_ref(), bytes, now).await
    } else {
        crate::exchange::import(state.store.as_ref(), bytes, &a.actor(), now).await
    };
    match result {
        Ok(o) => {
            let m = &o.manifest;
            let view = ManifestView::of(lang, m);
            let notice = lang.t(if only_check {
                "exchange-checked"
            } else {
                "exchange-imported"
            });
            page(&state, &a, StatusCode::OK, Vec::new(), notice, Some(view)).await
        }
        Err(e) => {
            let m = format!("{} {}", lang.t("exchange-refused"), message(&a, &e));
            refusal(&state, &a, vec![m]).await
        }
    }
}

/// A table received from a partner, as the page shows it.
pub struct ReceivedTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "exchange_received.html")]
struct ReceivedPage {
    page: PageCtx,
    manifest: ManifestView,
    /// A referral's fields: (label, value).
    fields: Vec<(String, String)>,
    service: String,
    message: String,
    tables: Vec<ReceivedTable>,
}

/// `GET /exchange/received/{package}`: what a package received carries (audited `exchange.read`).
pub async fn received(
    State(state): State<AppState>,
    a: Authed,
    Path(package): Path<String>,
) -> Result<Response, AppError> {
    a.require(Action::ManageExchange)?;
    let lang = a.ctx.lang;
    let record = state
        .store
        .packages()
        .await?
        .into_iter()
        .find(|p| p.package == package && p.direction == "in")
        .ok_or_else(|| AppError::not_found(lang))?;
    let payloads = state
        .store
        .imported_payloads(
            &record.kind,
            "read a package received",
            &a.actor(),
            state.clock.now(),
        )
        .await?;
    let payload = payloads
        .iter()
        .find(|(r, _)| r.package == package)
        .map(|(_, p)| p)
        .ok_or_else(|| AppError::not_found(lang))?;
    let m: vigie_exchange::Manifest =
        serde_json::from_str(&record.manifest).map_err(|_| AppError::internal(lang))?;
    let v: serde_json::Value = serde_json::from_slice(payload).unwrap_or(serde_json::Value::Null);
    let text = |x: &serde_json::Value| x.as_str().map(str::to_owned).unwrap_or_else(|| x.to_string());
    let fields = v["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| {
                    let code = x["field"].as_str().unwrap_or("");
                    (
                        lang.t(&format!("shared-{}", code.replace('_', "-"))),
                        text(&x["value"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let tables = v["tables"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .map(|t| ReceivedTable {
                    title: text(&t["metadata"]["title"]),
                    columns: t["columns"]
                        .as_array()
                        .map(|c| c.iter().map(|x| text(&x["label"])).collect())
                        .unwrap_or_default(),
                    rows: t["rows"]
                        .as_array()
                        .map(|rs| {
                            rs.iter()
                                .map(|r| {
                                    (
                                        text(&r["label"]),
                                        r["values"]
                                            .as_array()
                                            .map(|vs| {
                                                vs.iter()
                                                    .map(|x| {
                                                        if x.is_null() {
                                                            lang.t("public-withheld")
                                                        } else {
                                                            text(x)
                                                        }
                                                    })
                                                    .collect()
                                            })
                                            .unwrap_or_default(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let service = if v["service"].is_object() {
        format!(
            "{} ({})",
            text(&v["service"]["name"]),
            lang.t(&format!(
                "service-kind-{}",
                text(&v["service"]["kind"]).replace('_', "-")
            ))
        )
    } else {
        String::new()
    };
    render_status(
        StatusCode::OK,
        &ReceivedPage {
            page: PageCtx::authed(&a),
            manifest: ManifestView::of(lang, &m),
            fields,
            service,
            message: v["message"].as_str().unwrap_or("").to_owned(),
            tables,
        },
    )
}
