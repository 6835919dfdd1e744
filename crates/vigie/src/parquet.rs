//! `vigie export parquet`: the city's incidents, area indicators, areas and networks' links as partitioned Parquet
//! for national analysis (see `vigie-parquet` and docs/parquet.md). The store is read through its traits; the
//! export is written into a hidden folder beside the target and renamed into place when whole, then audited.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Serialize;
use time::OffsetDateTime;
use vigie_domain::Role;
use vigie_parquet::schema::Dataset;
use vigie_parquet::{Export, LinkRow, Manifest, NetworkLinks, Secret, SecretOrigin};
use vigie_store::{AuditEntry, IncidentFilter, NetworkStore, SqlStore, Store, StoreError};
use zeroize::Zeroizing;

/// What the command did, for `--json` and the audit entry.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub out: String,
    pub manifest: Manifest,
}

/// Reads the pseudonymisation secret: the file's content without surrounding white space, at least 16 bytes.
fn read_secret(path: &Path) -> Result<Secret> {
    let bytes =
        Zeroizing::new(std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?);
    let text = bytes.trim_ascii();
    Secret::new(text, SecretOrigin::City).with_context(|| format!("--secret-file {}", path.display()))
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .next()
        .is_none())
}

pub async fn export(
    store: &SqlStore,
    out: &Path,
    secret_file: Option<&Path>,
    viewer: &vigie_store::Viewer,
    actor: &vigie_store::Actor,
) -> Result<Outcome> {
    if out.exists() && !(out.is_dir() && is_empty_dir(out)?) {
        bail!(
            "{} is not an empty folder: the export is written into a new or empty folder only",
            out.display()
        );
    }
    let secret = match secret_file {
        Some(path) => read_secret(path)?,
        None => {
            let mut bytes = Zeroizing::new([0u8; 32]);
            vigie_store::os_random(bytes.as_mut());
            Secret::new(bytes.as_ref(), SecretOrigin::PerExport)?
        }
    };
    let city = store
        .city()
        .await?
        .context("the city is not set: `vigie city set NAME --country CC` first")?;
    let now = OffsetDateTime::now_utc();

    // Written beside the target and renamed when whole: a failed export leaves no half folder behind.
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".vigie-parquet-")
        .tempdir_in(&parent)
        .with_context(|| format!("cannot write into {}", parent.display()))?;
    let mut export = Export::create(staging.path(), &city, &secret)?;

    export.areas(&store.areas().await?)?;

    let summary = store.summary().await?;
    let mut incidents = 0u64;
    if let (Some(first), Some(last)) = (summary.first_incident, summary.last_incident) {
        // One year at a time: memory holds one year of incidents.
        for year in first.year()..=last.year() {
            let filter = IncidentFilter {
                from: time::Date::from_calendar_date(year, time::Month::January, 1).ok(),
                to: time::Date::from_calendar_date(year, time::Month::December, 31).ok(),
                ..IncidentFilter::default()
            };
            let rows = store.incidents(&filter, u32::MAX, 0).await?;
            incidents += rows.len() as u64;
            export.incidents(&rows)?;
        }
    }
    if incidents != summary.incidents {
        bail!(
            "the incidents changed during the export ({} counted, {incidents} read): nothing was written; try again",
            summary.incidents
        );
    }

    let defs = store.indicator_defs().await?;
    let mut values = Vec::new();
    for d in &defs {
        for period in store.indicator_periods(&d.code).await? {
            values.extend(store.indicator_values(&d.code, period).await?);
        }
    }
    export.indicators(&defs, &values)?;

    for info in store.networks(viewer, now).await? {
        let stored = match store.network(viewer, info.id, "export.parquet", now).await {
            Ok(s) => s,
            Err(StoreError::NoKey) => bail!(
                "the networks are sealed with the field key: give --key-file (or VIGIE_KEY) to export them; \
                 nothing was written"
            ),
            Err(e) => return Err(e.into()),
        };
        let net = vigie_network::Network::read(
            stored.entities.as_bytes(),
            &stored.info.entities_file,
            stored.links.as_bytes(),
            &stored.info.links_file,
        )
        .with_context(|| format!("network {} ({})", info.id, info.name))?;
        export.network(&network_links(&net, info.id, info.uploaded_at)?)?;
    }

    let manifest = export.finish(now)?;
    let staged = staging.keep();
    if out.exists() {
        std::fs::remove_dir(out)
            .with_context(|| format!("cannot replace the empty folder {}", out.display()))?;
    }
    std::fs::rename(&staged, out)
        .with_context(|| format!("cannot move {} to {}", staged.display(), out.display()))?;

    let rows = |d: Dataset| manifest.rows(d);
    store
        .audit(&AuditEntry {
            at: now,
            actor: actor.clone(),
            action: "export.parquet".into(),
            detail: serde_json::json!({
                "out": out.display().to_string(),
                "schema_version": manifest.schema_version,
                "secret": manifest.pseudonymisation.secret,
                "key_id": manifest.pseudonymisation.key_id,
                "files": manifest.files().len(),
                "areas": rows(Dataset::Areas),
                "incidents": rows(Dataset::Incidents),
                "area_indicators": rows(Dataset::AreaIndicators),
                "network_links": rows(Dataset::NetworkLinks),
            }),
        })
        .await?;
    Ok(Outcome {
        out: out.display().to_string(),
        manifest,
    })
}

/// The links of a network with their entities' ids and kinds (pseudonymised by the export).
fn network_links(net: &vigie_network::Network, id: i64, uploaded_at: OffsetDateTime) -> Result<NetworkLinks> {
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    let mut links = Vec::with_capacity(net.links.len());
    for l in &net.links {
        let (Some(s), Some(t)) = (
            net.entities.get(l.source as usize),
            net.entities.get(l.target as usize),
        ) else {
            bail!("network {id}: a link names an entity that is not in the network");
        };
        let date = match &l.date {
            Some(d) => Some(
                time::Date::parse(d, date_format)
                    .with_context(|| format!("network {id}: the link date {d:?}"))?,
            ),
            None => None,
        };
        links.push(LinkRow {
            source_id: s.id.clone(),
            source_kind: s.kind.name().to_owned(),
            target_id: t.id.clone(),
            target_kind: t.kind.name().to_owned(),
            kind: l.kind.name().to_owned(),
            weight: l.weight,
            date,
        });
    }
    Ok(NetworkLinks {
        id,
        uploaded_at,
        links,
    })
}

/// What the command prints without `--json`.
pub fn text(o: &Outcome) -> String {
    let m = &o.manifest;
    let mut s = format!(
        "Parquet export of {} written to {} (schema version {}):\n",
        m.city.name, o.out, m.schema_version
    );
    for d in &m.datasets {
        let partitions: std::collections::BTreeSet<&str> = d
            .files
            .iter()
            .filter_map(|f| f.path.split('/').nth(1).filter(|p| p.contains('=')))
            .collect();
        s.push_str(&format!(
            "  {:<16} {:>9} rows  {:>3} file(s){}\n",
            d.name,
            d.rows,
            d.files.len(),
            match (partitions.first(), partitions.last()) {
                (Some(a), Some(b)) if a == b => format!("  {a}"),
                (Some(a), Some(b)) => format!("  {a} … {b}"),
                _ => String::new(),
            }
        ));
    }
    s.push_str(&format!(
        "  {}: what, when, rows, the city and the pseudonymisation\n",
        vigie_parquet::MANIFEST_FILE
    ));
    s.push_str(&format!(
        "Pseudonyms: HMAC-SHA256 under {} (key id {}).\n",
        match m.pseudonymisation.secret {
            SecretOrigin::City => "the city's secret (--secret-file): stable from one export to the next",
            SecretOrigin::PerExport =>
                "a secret drawn for this export and forgotten: they link to no other export",
        },
        m.pseudonymisation.key_id
    ));
    s
}

/// The role the command reads the networks as (each read audited as `network.view`, purpose `export.parquet`).
pub const READER: Role = Role::Analyst;
