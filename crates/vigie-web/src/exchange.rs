//! Exchanges with partner cities, shared by the web pages (`pages/exchange.rs`) and the command line
//! (`vigie exchange`): this city's keys, the payloads vigie sends (pseudonymised linkage encodings, the public
//! portal's disclosure-controlled tables), and the checks and import of a package received. The package format and
//! its cryptography are `vigie-exchange`'s; the keys, partners and packages are kept by the store (audited).

use time::{Duration, OffsetDateTime};
use vigie_exchange::{Identity, Kind, Manifest, Opened, Opening, Period, PublicIdentity, Sealing};
use vigie_store::{Actor, ExchangeIdentity, PackageRecord, Store, StoreError};

use crate::AppState;
use crate::i18n::Lang;

/// Why an exchange could not be made or a package was refused; the message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("this city has no exchange keys yet: make them first (`vigie exchange keygen --id NAME`)")]
    NoKeys,
    #[error("'{0}' is not among the partner cities")]
    UnknownPartner(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Package(#[from] vigie_exchange::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Randomness for a package (the caller draws it: the operating system in production, fixed in tests).
pub struct Randomness {
    pub package: [u8; 16],
    pub ephemeral: [u8; 32],
    pub nonce: [u8; 24],
}

impl Randomness {
    /// From the operating system.
    pub fn os() -> Randomness {
        let mut r = Randomness {
            package: [0; 16],
            ephemeral: [0; 32],
            nonce: [0; 24],
        };
        vigie_store::os_random(&mut r.package);
        vigie_store::os_random(&mut r.ephemeral);
        vigie_store::os_random(&mut r.nonce);
        r
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes this city's exchange keys from 64 random bytes; returns the public keys to send to partners.
pub async fn make_keys(
    store: &dyn Store,
    city_id: &str,
    replace: bool,
    seed: &[u8; 64],
    actor: &Actor,
    at: OffsetDateTime,
) -> Result<PublicIdentity, ExchangeError> {
    let id = Identity::from_bytes(seed);
    let public = id.public();
    store
        .set_exchange_identity(
            &ExchangeIdentity {
                city_id: city_id.to_owned(),
                public_key: public.to_text(),
                secret: id.to_text(),
            },
            replace,
            actor,
            at,
        )
        .await?;
    Ok(public)
}

/// This city's identifier, secret identity and public keys.
pub async fn my_identity(store: &dyn Store) -> Result<(String, Identity, PublicIdentity), ExchangeError> {
    let id = store.exchange_identity().await?.ok_or(ExchangeError::NoKeys)?;
    let identity = Identity::from_text(&id.secret).map_err(|e| ExchangeError::Invalid(e.to_string()))?;
    let public = identity.public();
    Ok((id.city_id, identity, public))
}

/// What to send.
pub struct ExportRequest {
    pub partner: String,
    pub kind: Kind,
    /// The encodings (`Kind::Encodings`): JSON lines of `vigie link encode`.
    pub encodings: Option<String>,
    pub purpose: String,
    pub legal_basis: String,
    pub valid_days: i64,
    pub period: Option<(String, String)>,
    /// The referral to send (`Kind::Referral`) and who sends it (the store checks the right and the consent).
    pub referral: Option<(i64, vigie_store::Viewer)>,
}

/// The payload of an export, its record count and period.
async fn payload(
    state: &AppState,
    r: &ExportRequest,
) -> Result<(Vec<u8>, u64, Option<Period>), ExchangeError> {
    let period = r.period.clone().map(|(from, to)| Period { from, to });
    match r.kind {
        Kind::Encodings => {
            let text = r.encodings.clone().ok_or_else(|| {
                ExchangeError::Invalid(
                    "encodings to send are needed (the JSON lines of `vigie link encode`)".into(),
                )
            })?;
            let enc = vigie_linkage::clk::read_encodings(&text).map_err(|errors| {
                ExchangeError::Invalid(format!(
                    "not a file of encodings: {}",
                    errors
                        .iter()
                        .take(5)
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            })?;
            Ok((text.into_bytes(), enc.len() as u64, period))
        }
        Kind::Statistics => {
            let lang = Lang::En;
            let rules = state.config.disclosure;
            let data = crate::public_data::gather(state, lang, &rules)
                .await
                .map_err(|_| ExchangeError::Invalid("the statistics cannot be gathered".into()))?;
            let tables: Vec<serde_json::Value> = data
                .datasets()
                .iter()
                .map(|d| crate::public_data::to_json(d, lang, &rules))
                .collect();
            let period = period.or_else(|| {
                data.victims
                    .first()
                    .and_then(|d| d.period.clone())
                    .map(|(from, to)| Period { from, to })
            });
            let n = tables.len() as u64;
            let body = serde_json::to_vec(&serde_json::json!({ "tables": tables }))
                .map_err(|e| ExchangeError::Invalid(e.to_string()))?;
            Ok((body, n, period))
        }
        Kind::Referral => {
            let (id, viewer) = r
                .referral
                .as_ref()
                .ok_or_else(|| ExchangeError::Invalid("say which referral to send (its number)".into()))?;
            let view = state
                .store
                .referral_for_partner(viewer, *id, &r.partner, state.clock.now())
                .await?;
            let body = serde_json::json!({
                "case_reference": view.referral.case_reference,
                "service": { "name": view.referral.service_name, "kind": view.referral.service_kind.code() },
                "fields": view.fields.iter().map(|(f, v)| serde_json::json!({ "field": f.code(), "value": v })).collect::<Vec<_>>(),
                "message": view.message,
                "sent_at": view.referral.sent_at,
                "answer_by": view.referral.due_on.to_string(),
            });
            let body = serde_json::to_vec(&body).map_err(|e| ExchangeError::Invalid(e.to_string()))?;
            Ok((body, 1, period))
        }
    }
}

/// Makes a package for a partner and records it (audited `exchange.export`); returns the file and its manifest.
pub async fn export(
    state: &AppState,
    r: &ExportRequest,
    actor: &Actor,
    now: OffsetDateTime,
    random: &Randomness,
) -> Result<(Vec<u8>, Manifest), ExchangeError> {
    let store = state.store.as_ref();
    let (me, identity, _) = my_identity(store).await?;
    let partner = store
        .partner(&r.partner)
        .await?
        .ok_or_else(|| ExchangeError::UnknownPartner(r.partner.clone()))?;
    let to =
        PublicIdentity::from_text(&partner.public_key).map_err(|e| ExchangeError::Invalid(e.to_string()))?;
    if r.purpose.trim().is_empty() || r.legal_basis.trim().is_empty() {
        return Err(ExchangeError::Invalid(
            "say the purpose and the legal basis of the exchange".into(),
        ));
    }
    if !(1..=365).contains(&r.valid_days) {
        return Err(ExchangeError::Invalid(format!(
            "a package is valid from 1 to 365 days, not {}",
            r.valid_days
        )));
    }
    let (body, records, period) = payload(state, r).await?;
    let manifest = Manifest {
        package: hex(&random.package),
        sender: me,
        recipient: partner.id.clone(),
        kind: r.kind,
        purpose: r.purpose.trim().to_owned(),
        legal_basis: r.legal_basis.trim().to_owned(),
        period,
        schema: r.kind.schema().to_owned(),
        records,
        created: now,
        expires: now + Duration::days(r.valid_days),
    };
    let bytes = vigie_exchange::seal(&Sealing {
        manifest: &manifest,
        payload: &body,
        from: &identity,
        to: &to,
        ephemeral: random.ephemeral,
        nonce: random.nonce,
    })?;
    store
        .record_export(
            &PackageRecord {
                package: manifest.package.clone(),
                direction: "out".into(),
                partner: partner.id.clone(),
                kind: r.kind.code().into(),
                manifest: serde_json::to_string(&manifest)
                    .map_err(|e| ExchangeError::Invalid(e.to_string()))?,
                actor: actor.name.clone(),
                at: String::new(),
            },
            actor,
            now,
        )
        .await?;
    Ok((bytes, manifest))
}

/// Opens a package received with every check, including its payload against its schema; nothing is recorded.
pub async fn check(store: &dyn Store, bytes: &[u8], now: OffsetDateTime) -> Result<Opened, ExchangeError> {
    let (me, identity, _) = my_identity(store).await?;
    let partners = store.partners().await?;
    let seen = match vigie_exchange::peek(bytes) {
        Ok((_, _, package)) => store.package_seen(&package).await?,
        Err(_) => false,
    };
    let partner = |id: &str| {
        partners
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| PublicIdentity::from_text(&p.public_key).ok())
    };
    let was_seen = |_: &str| seen;
    let opened = vigie_exchange::open(
        bytes,
        &Opening {
            me: &identity,
            my_id: &me,
            partner: &partner,
            seen: &was_seen,
            now,
        },
    )?;
    check_payload(&opened)?;
    Ok(opened)
}

fn check_payload(o: &Opened) -> Result<(), ExchangeError> {
    let bad = |m: String| {
        ExchangeError::Invalid(format!(
            "the package's content is not what its manifest says: {m}"
        ))
    };
    match o.manifest.kind {
        Kind::Encodings => {
            let text =
                std::str::from_utf8(&o.payload).map_err(|_| bad("the encodings are not text".into()))?;
            let enc = vigie_linkage::clk::read_encodings(text)
                .map_err(|e| bad(format!("{} lines of encodings cannot be read", e.len())))?;
            if enc.len() as u64 != o.manifest.records {
                return Err(bad(format!(
                    "{} records announced, {} found",
                    o.manifest.records,
                    enc.len()
                )));
            }
        }
        Kind::Statistics => {
            let v: serde_json::Value =
                serde_json::from_slice(&o.payload).map_err(|_| bad("the statistics are not JSON".into()))?;
            let n = v["tables"].as_array().map_or(0, Vec::len) as u64;
            if n != o.manifest.records {
                return Err(bad(format!("{} tables announced, {n} found", o.manifest.records)));
            }
        }
        Kind::Referral => {
            let v: serde_json::Value =
                serde_json::from_slice(&o.payload).map_err(|_| bad("the referral is not JSON".into()))?;
            let ok = v["case_reference"].is_string()
                && v["service"]["kind"].is_string()
                && v["fields"]
                    .as_array()
                    .is_some_and(|f| f.iter().all(|x| x["field"].is_string() && x["value"].is_string()));
            if !ok || o.manifest.records != 1 {
                return Err(bad(
                    "a referral names its case, its service and the fields shared".into(),
                ));
            }
        }
    }
    Ok(())
}

/// Checks and imports a package (audited `exchange.import`); a package is imported once.
pub async fn import(
    store: &dyn Store,
    bytes: &[u8],
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Opened, ExchangeError> {
    let o = check(store, bytes, now).await?;
    let m = &o.manifest;
    store
        .import_package(
            &PackageRecord {
                package: m.package.clone(),
                direction: "in".into(),
                partner: m.sender.clone(),
                kind: m.kind.code().into(),
                manifest: serde_json::to_string(m).map_err(|e| ExchangeError::Invalid(e.to_string()))?,
                actor: actor.name.clone(),
                at: String::new(),
            },
            &o.payload,
            actor,
            now,
        )
        .await?;
    Ok(o)
}

/// A package's manifest in one sentence (English; the pages show the fields one by one).
pub fn describe(m: &Manifest) -> String {
    format!(
        "package {} from '{}' to '{}': {} ({} records, schema {}), purpose: {}; legal basis: {}{}; made {}, expires {}",
        m.package,
        m.sender,
        m.recipient,
        m.kind.code(),
        m.records,
        m.schema,
        m.purpose,
        m.legal_basis,
        m.period
            .as_ref()
            .map(|p| format!("; period {} to {}", p.from, p.to))
            .unwrap_or_default(),
        m.created.date(),
        m.expires.date()
    )
}
