//! `vigie exchange`: cooperation with partner cities through signed, encrypted packages (`vigie-exchange`). This
//! city's keys and the partners' directory are in the store; every export and import is audited there.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use time::{Duration, OffsetDateTime};
use vigie_exchange::{Identity, Kind, Manifest, Opened, Opening, Period, PublicIdentity, Sealing};
use vigie_store::{Actor, ExchangeIdentity, PackageRecord, Partner, Store, os_random};

/// What an export carries (as `--what` names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// Pseudonymised linkage encodings (a file of `vigie link encode`, given with `--input`).
    Encodings,
    /// The public portal's disclosure-controlled tables.
    Statistics,
}

impl What {
    fn kind(self) -> Kind {
        match self {
            What::Encodings => Kind::Encodings,
            What::Statistics => Kind::Statistics,
        }
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    os_random(&mut b);
    b
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes this city's exchange keys; prints the public key to send to partners.
pub async fn keygen(store: &dyn Store, city_id: &str, replace: bool, actor: &Actor) -> Result<()> {
    let seed = zeroize::Zeroizing::new(random::<64>());
    let id = Identity::from_bytes(&seed);
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
            OffsetDateTime::now_utc(),
        )
        .await?;
    println!("exchange keys made for '{city_id}'. Send this public key to the partner cities:");
    println!("{}", public.to_text());
    println!("fingerprint (to compare by telephone): {}", public.fingerprint());
    Ok(())
}

async fn my_identity(store: &dyn Store) -> Result<(String, Identity, PublicIdentity)> {
    let Some(id) = store.exchange_identity().await? else {
        bail!("this city has no exchange keys yet: run `vigie exchange keygen --id NAME` first");
    };
    let identity = Identity::from_text(&id.secret).map_err(|e| anyhow::anyhow!("{e}"))?;
    let public = identity.public();
    Ok((id.city_id, identity, public))
}

/// Prints this city's public key.
pub async fn public_key(store: &dyn Store) -> Result<()> {
    let (city, _, public) = my_identity(store).await?;
    println!("{city}");
    println!("{}", public.to_text());
    println!("fingerprint: {}", public.fingerprint());
    Ok(())
}

/// What `partner add` records.
pub struct NewPartner {
    pub id: String,
    pub name: String,
    pub country: String,
    pub languages: Vec<String>,
    pub contacts: String,
    pub agreement: String,
    pub public_key: String,
    pub linkage_secret_file: Option<PathBuf>,
}

pub async fn partner_add(store: &dyn Store, p: NewPartner, actor: &Actor) -> Result<()> {
    let key = PublicIdentity::from_text(&p.public_key).map_err(|e| anyhow::anyhow!("--public-key: {e}"))?;
    let secret = match &p.linkage_secret_file {
        Some(path) => Some(zeroize::Zeroizing::new(
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
        )),
        None => None,
    };
    store
        .save_partner(
            &Partner {
                id: p.id.clone(),
                name: p.name,
                country: p.country,
                languages: p.languages,
                contacts: p.contacts,
                agreement: p.agreement,
                public_key: key.to_text(),
                has_linkage_secret: secret.is_some(),
                added_by: actor.name.clone(),
                added_at: String::new(),
            },
            secret.as_ref().map(|s| s.as_slice()),
            actor,
            OffsetDateTime::now_utc(),
        )
        .await?;
    println!("partner '{}' saved (key fingerprint {})", p.id, key.fingerprint());
    Ok(())
}

pub async fn partner_list(store: &dyn Store, json: bool) -> Result<()> {
    let partners = store.partners().await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&partners)?);
        return Ok(());
    }
    for p in partners {
        let fp = PublicIdentity::from_text(&p.public_key)
            .map(|k| k.fingerprint())
            .unwrap_or_else(|_| "unreadable key".into());
        println!(
            "{}\t{}\t{}\t{}\tkey {fp}{}",
            p.id,
            p.name,
            p.country,
            p.languages.join(", "),
            if p.has_linkage_secret {
                "\tlinkage secret agreed"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// What `export` makes.
pub struct Export {
    pub partner: String,
    pub what: What,
    pub out: PathBuf,
    pub input: Option<PathBuf>,
    pub purpose: String,
    pub legal_basis: String,
    pub valid_days: i64,
    pub period: Option<(String, String)>,
}

/// The payload of an export and its record count.
async fn payload(state: &vigie_web::AppState, e: &Export) -> Result<(Vec<u8>, u64, Option<Period>)> {
    match e.what {
        What::Encodings => {
            let Some(path) = &e.input else {
                bail!("--what encodings needs --input FILE (the JSON lines of `vigie link encode`)");
            };
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            let enc = vigie_linkage::clk::read_encodings(&text).map_err(|errors| {
                anyhow::anyhow!(
                    "{}: not a file of encodings:\n{}",
                    path.display(),
                    errors
                        .iter()
                        .take(20)
                        .map(|x| format!("  {x}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            })?;
            let period = e.period.clone().map(|(from, to)| Period { from, to });
            Ok((text.into_bytes(), enc.len() as u64, period))
        }
        What::Statistics => {
            let lang = vigie_web::i18n::Lang::En;
            let rules = state.config.disclosure;
            let data = vigie_web::public_data::gather(state, lang, &rules)
                .await
                .map_err(|e| anyhow::anyhow!("the statistics cannot be gathered: {e:?}"))?;
            let tables: Vec<serde_json::Value> = data
                .datasets()
                .iter()
                .map(|d| vigie_web::public_data::to_json(d, lang, &rules))
                .collect();
            let period = e
                .period
                .clone()
                .map(|(from, to)| Period { from, to })
                .or_else(|| {
                    data.victims
                        .first()
                        .and_then(|d| d.period.clone())
                        .map(|(from, to)| Period { from, to })
                });
            let n = tables.len() as u64;
            let body = serde_json::to_vec(&serde_json::json!({ "tables": tables }))?;
            Ok((body, n, period))
        }
    }
}

pub async fn export(state: &vigie_web::AppState, e: Export, actor: &Actor) -> Result<()> {
    let store = state.store.as_ref();
    let (me, identity, _) = my_identity(store).await?;
    let Some(partner) = store.partner(&e.partner).await? else {
        bail!(
            "'{}' is not among the partner cities (see `vigie exchange partner list`)",
            e.partner
        );
    };
    let to = PublicIdentity::from_text(&partner.public_key).map_err(|x| anyhow::anyhow!("{x}"))?;
    if e.purpose.trim().is_empty() || e.legal_basis.trim().is_empty() {
        bail!("say the purpose (--purpose) and the legal basis (--legal-basis) of the exchange");
    }
    if !(1..=365).contains(&e.valid_days) {
        bail!("--valid-days {}: from 1 to 365", e.valid_days);
    }
    let (body, records, period) = payload(state, &e).await?;
    let now = OffsetDateTime::now_utc();
    let kind = e.what.kind();
    let manifest = Manifest {
        package: hex(&random::<16>()),
        sender: me,
        recipient: partner.id.clone(),
        kind,
        purpose: e.purpose.clone(),
        legal_basis: e.legal_basis.clone(),
        period,
        schema: kind.schema().to_owned(),
        records,
        created: now,
        expires: now + Duration::days(e.valid_days),
    };
    let bytes = vigie_exchange::seal(&Sealing {
        manifest: &manifest,
        payload: &body,
        from: &identity,
        to: &to,
        ephemeral: random::<32>(),
        nonce: random::<24>(),
    })?;
    let manifest_json = serde_json::to_string(&manifest)?;
    std::fs::write(&e.out, &bytes).with_context(|| format!("cannot write {}", e.out.display()))?;
    store
        .record_export(
            &PackageRecord {
                package: manifest.package.clone(),
                direction: "out".into(),
                partner: partner.id.clone(),
                kind: kind.code().into(),
                manifest: manifest_json,
                actor: actor.name.clone(),
                at: String::new(),
            },
            actor,
            now,
        )
        .await?;
    println!(
        "package {} for '{}' written to {} ({} {}, expires {})",
        manifest.package,
        partner.id,
        e.out.display(),
        records,
        kind.code(),
        manifest.expires.date()
    );
    Ok(())
}

/// Opens a package with every check; nothing is recorded.
async fn check(store: &dyn Store, file: &Path) -> Result<Opened> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (me, identity, _) = my_identity(store).await?;
    let partners = store.partners().await?;
    let sender = vigie_exchange::peek(&bytes).ok().map(|(s, _, _)| s);
    let seen = match vigie_exchange::peek(&bytes) {
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
    vigie_exchange::open(
        &bytes,
        &Opening {
            me: &identity,
            my_id: &me,
            partner: &partner,
            seen: &was_seen,
            now: OffsetDateTime::now_utc(),
        },
    )
    .map_err(|e| match sender {
        Some(s) => anyhow::anyhow!("{}: refused (from '{s}'): {e}", file.display()),
        None => anyhow::anyhow!("{}: refused: {e}", file.display()),
    })
}

fn describe(o: &Opened) -> String {
    let m = &o.manifest;
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

/// Checks the payload of an opened package against its kind's schema (nothing unreadable is imported).
fn check_payload(o: &Opened) -> Result<()> {
    match o.manifest.kind {
        Kind::Encodings => {
            let text = std::str::from_utf8(&o.payload).context("the encodings are not text")?;
            let enc = vigie_linkage::clk::read_encodings(text)
                .map_err(|e| anyhow::anyhow!("the encodings cannot be read: {}", e.len()))?;
            if enc.len() as u64 != o.manifest.records {
                bail!(
                    "the manifest says {} records, the payload holds {}",
                    o.manifest.records,
                    enc.len()
                );
            }
        }
        Kind::Statistics => {
            let v: serde_json::Value =
                serde_json::from_slice(&o.payload).context("the statistics are not JSON")?;
            let n = v["tables"].as_array().map_or(0, Vec::len) as u64;
            if n != o.manifest.records {
                bail!(
                    "the manifest says {} tables, the payload holds {n}",
                    o.manifest.records
                );
            }
        }
        Kind::Referral => bail!("referral packages are not read by this version of vigie"),
    }
    Ok(())
}

pub async fn verify(store: &dyn Store, file: &Path) -> Result<()> {
    let o = check(store, file).await?;
    check_payload(&o)?;
    println!("valid: {}", describe(&o));
    Ok(())
}

pub async fn import(store: &dyn Store, file: &Path, actor: &Actor) -> Result<()> {
    let o = check(store, file).await?;
    check_payload(&o).map_err(|e| anyhow::anyhow!("{}: refused: {e}", file.display()))?;
    let m = &o.manifest;
    store
        .import_package(
            &PackageRecord {
                package: m.package.clone(),
                direction: "in".into(),
                partner: m.sender.clone(),
                kind: m.kind.code().into(),
                manifest: serde_json::to_string(m)?,
                actor: actor.name.clone(),
                at: String::new(),
            },
            &o.payload,
            actor,
            OffsetDateTime::now_utc(),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{}: refused: {e}", file.display()))?;
    println!("imported: {}", describe(&o));
    Ok(())
}

pub async fn packages(store: &dyn Store, json: bool) -> Result<()> {
    let list = store.packages().await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    for p in list {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            p.at, p.direction, p.partner, p.kind, p.package
        );
    }
    Ok(())
}

/// Writes the encodings imported from partners, one file per package (`{partner}-{package}.jsonl`), for
/// `vigie link dedup` with the city's own lists.
pub async fn extract_encodings(store: &dyn Store, out: &Path, actor: &Actor) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let list = store
        .imported_payloads(
            Kind::Encodings.code(),
            "cross-city linkage",
            actor,
            OffsetDateTime::now_utc(),
        )
        .await?;
    for (r, payload) in &list {
        let path = out.join(format!(
            "{}-{}.jsonl",
            r.partner,
            &r.package[..8.min(r.package.len())]
        ));
        std::fs::write(&path, payload.as_slice())
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("{}", path.display());
    }
    if list.is_empty() {
        println!("no encodings imported yet");
    }
    Ok(())
}
