//! `vigie exchange`: cooperation with partner cities through signed, encrypted packages (`vigie-exchange`). This
//! city's keys and the partners' directory are in the store; every export and import is audited there.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use time::OffsetDateTime;
use vigie_exchange::{Kind, PublicIdentity};
use vigie_store::{Actor, Partner, Store, os_random};

/// What an export carries (as `--what` names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// Pseudonymised linkage encodings (a file of `vigie link encode`, given with `--input`).
    Encodings,
    /// The public portal's disclosure-controlled tables.
    Statistics,
    /// One referral to a service of the partner, with the person's consent (`--referral ID`).
    Referral,
}

impl What {
    fn kind(self) -> Kind {
        match self {
            What::Encodings => Kind::Encodings,
            What::Statistics => Kind::Statistics,
            What::Referral => Kind::Referral,
        }
    }
}

/// Makes this city's exchange keys; prints the public key to send to partners.
pub async fn keygen(store: &dyn Store, city_id: &str, replace: bool, actor: &Actor) -> Result<()> {
    let mut seed = zeroize::Zeroizing::new([0u8; 64]);
    os_random(seed.as_mut());
    let public =
        vigie_web::exchange::make_keys(store, city_id, replace, &seed, actor, OffsetDateTime::now_utc())
            .await?;
    println!("exchange keys made for '{city_id}'. Send this public key to the partner cities:");
    println!("{}", public.to_text());
    println!("fingerprint (to compare by telephone): {}", public.fingerprint());
    Ok(())
}

/// Prints this city's public key.
pub async fn public_key(store: &dyn Store) -> Result<()> {
    let (city, _, public) = vigie_web::exchange::my_identity(store).await?;
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
    /// The referral to send and who sends it (the coordinator).
    pub referral: Option<(i64, vigie_store::Viewer)>,
}

pub async fn export(state: &vigie_web::AppState, e: Export, actor: &Actor) -> Result<()> {
    let encodings = match (&e.input, e.what) {
        (Some(path), What::Encodings) => {
            Some(std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?)
        }
        (None, What::Encodings) => {
            bail!("--what encodings needs --input FILE (the JSON lines of `vigie link encode`)")
        }
        _ => None,
    };
    if e.what == What::Referral && e.referral.is_none() {
        bail!("--what referral needs --referral ID");
    }
    let (bytes, manifest) = vigie_web::exchange::export(
        state,
        &vigie_web::exchange::ExportRequest {
            partner: e.partner.clone(),
            kind: e.what.kind(),
            encodings,
            purpose: e.purpose,
            legal_basis: e.legal_basis,
            valid_days: e.valid_days,
            period: e.period,
            referral: e.referral,
        },
        actor,
        OffsetDateTime::now_utc(),
        &vigie_web::exchange::Randomness::os(),
    )
    .await?;
    std::fs::write(&e.out, &bytes).with_context(|| format!("cannot write {}", e.out.display()))?;
    println!(
        "package {} for '{}' written to {} ({} {}, expires {})",
        manifest.package,
        manifest.recipient,
        e.out.display(),
        manifest.records,
        manifest.kind.code(),
        manifest.expires.date()
    );
    Ok(())
}

fn read(file: &Path) -> Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

/// The refusal of a package, with its file and (when readable) its sender.
fn refused(file: &Path, bytes: &[u8], e: vigie_web::exchange::ExchangeError) -> anyhow::Error {
    match vigie_exchange::peek(bytes) {
        Ok((sender, _, _)) => anyhow::anyhow!("{}: refused (from '{sender}'): {e}", file.display()),
        Err(_) => anyhow::anyhow!("{}: refused: {e}", file.display()),
    }
}

pub async fn verify(store: &dyn Store, file: &Path) -> Result<()> {
    let bytes = read(file)?;
    let o = vigie_web::exchange::check(store, &bytes, OffsetDateTime::now_utc())
        .await
        .map_err(|e| refused(file, &bytes, e))?;
    println!("valid: {}", vigie_web::exchange::describe(&o.manifest));
    Ok(())
}

pub async fn import(store: &dyn Store, file: &Path, actor: &Actor) -> Result<()> {
    let bytes = read(file)?;
    let o = vigie_web::exchange::import(store, &bytes, actor, OffsetDateTime::now_utc())
        .await
        .map_err(|e| refused(file, &bytes, e))?;
    println!("imported: {}", vigie_web::exchange::describe(&o.manifest));
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
