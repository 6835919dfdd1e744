//! `vigie backup`, `vigie restore` and `vigie migrate`: a consistent snapshot of the database while the server runs,
//! encrypted to an administrator's key (X25519 and XChaCha20-Poly1305, as exchange packages), with the SHA-256 of
//! the snapshot; restored only into a new database, after checking the file, its checksum and the restored
//! database's integrity; and a city's data moved from one database to another, verified row for row.
//!
//! The file:
//!
//! ```text
//! VIGIE-BACKUP 1
//! {"created":"…","backend":"sqlite","schema_version":8,"bytes":…,"sha256":"…"}
//! <base64 of the encrypted snapshot; the header line is its associated data>
//! ```
//!
//! The snapshot of a SQLite database is the database file itself (`"backend":"sqlite"`, SQLite's `VACUUM INTO`);
//! that of a PostgreSQL database is every row of every table read in one repeatable-read transaction, as JSON
//! (`"backend":"postgres"`, [`vigie_store::Dump`]). Either restores into either backend.
//!
//! Identifying fields inside the database stay encrypted with the field key, which is not in the backup: keep the
//! field key and the administrator's key apart from the backups, and both safe.

use std::path::Path;

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use vigie_exchange::{Identity, PublicIdentity};
use vigie_store::{Backend, DbLocation, Dump, SqlStore, Store};

const FORMAT: &str = "VIGIE-BACKUP 1";

#[derive(Serialize, Deserialize)]
struct Header {
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    backend: String,
    schema_version: i64,
    bytes: u64,
    sha256: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes an administrator's key pair: the secret in `out` (readable by its owner only), the public key printed.
pub fn keygen(out: &Path) -> Result<()> {
    if out.exists() {
        bail!("{} already exists: a key is never overwritten", out.display());
    }
    let mut seed = zeroize::Zeroizing::new([0u8; 64]);
    vigie_store::os_random(seed.as_mut());
    let id = Identity::from_bytes(&seed);
    write_private(out, id.to_text().as_bytes())?;
    println!(
        "the administrator's backup key is in {} (keep it apart from the backups)",
        out.display()
    );
    println!("public key, for `vigie backup --to`:");
    println!("{}", id.public().to_text());
    Ok(())
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Backs up the database at `db` into `out`, encrypted to `to`.
pub async fn backup(store: &SqlStore, to: &str, out: &Path) -> Result<()> {
    let to = PublicIdentity::from_text(to).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    if out.exists() {
        bail!("{} already exists: a backup is never overwritten", out.display());
    }
    let bytes = match store.backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
            let snap = dir.path().join("snapshot.sqlite");
            store.snapshot_to(&snap).await.context("the snapshot failed")?;
            zeroize::Zeroizing::new(std::fs::read(&snap).context("cannot read the snapshot")?)
        }
        Backend::Postgres => {
            let dump = store.dump().await.context("the snapshot failed")?;
            zeroize::Zeroizing::new(serde_json::to_vec(&dump)?)
        }
    };
    let header = Header {
        created: OffsetDateTime::now_utc(),
        backend: match store.backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
        .into(),
        schema_version: store.schema_version().await?,
        bytes: bytes.len() as u64,
        sha256: hex(&Sha256::digest(bytes.as_slice())),
    };
    let header_line = serde_json::to_string(&header)?;
    let mut eph = [0u8; 32];
    let mut nonce = [0u8; 24];
    vigie_store::os_random(&mut eph);
    vigie_store::os_random(&mut nonce);
    let sealed = vigie_exchange::seal_to(&to, header_line.as_bytes(), &bytes, eph, nonce)?;
    let text = format!("{FORMAT}\n{header_line}\n{}\n", B64.encode(sealed));
    write_private(out, text.as_bytes())?;
    println!(
        "backup written to {} ({} bytes of database, schema version {}, sha256 {})",
        out.display(),
        header.bytes,
        header.schema_version,
        header.sha256
    );
    Ok(())
}

/// Restores a backup into `db` (a SQLite file that must not exist yet, or be empty; or an empty PostgreSQL
/// database).
pub async fn restore(file: &Path, key: &Path, db: &str) -> Result<()> {
    let target = DbLocation::parse(db)?;
    if let DbLocation::Sqlite(path) = &target
        && std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
    {
        bail!(
            "{} already holds data: a backup is restored only into a new database",
            path.display()
        );
    }
    let key_text = zeroize::Zeroizing::new(
        std::fs::read_to_string(key).with_context(|| format!("cannot read {}", key.display()))?,
    );
    let me = Identity::from_text(&key_text).map_err(|e| anyhow::anyhow!("{}: {e}", key.display()))?;
    let text = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(text)
        .map_err(|_| anyhow::anyhow!("{}: not a vigie backup (it is not text)", file.display()))?;
    let mut lines = text.lines();
    if lines.next() != Some(FORMAT) {
        bail!(
            "{}: not a vigie backup (its first line is not '{FORMAT}')",
            file.display()
        );
    }
    let header_line = lines
        .next()
        .ok_or_else(|| anyhow::anyhow!("{}: the backup is cut short", file.display()))?;
    let header: Header = serde_json::from_str(header_line)
        .map_err(|e| anyhow::anyhow!("{}: line 2 (the header) is damaged: {e}", file.display()))?;
    if header.backend != "sqlite" && header.backend != "postgres" {
        bail!(
            "{}: a backup of a {} database: this vigie knows SQLite and PostgreSQL",
            file.display(),
            header.backend
        );
    }
    let sealed = B64
        .decode(lines.next().unwrap_or("").trim())
        .map_err(|e| anyhow::anyhow!("{}: line 3 (the content) is damaged: {e}", file.display()))?;
    let plain = vigie_exchange::open_sealed(&me, header_line.as_bytes(), &sealed).map_err(|_| {
        anyhow::anyhow!(
            "{}: the backup cannot be decrypted with {}: it was changed, or made for another key",
            file.display(),
            key.display()
        )
    })?;
    let sum = hex(&Sha256::digest(plain.as_slice()));
    if sum != header.sha256 || plain.len() as u64 != header.bytes {
        bail!(
            "{}: the checksum does not match: the backup is damaged",
            file.display()
        );
    }
    let made = header.created.date();
    if header.backend == "postgres" {
        let dump: Dump = serde_json::from_slice(&plain)
            .map_err(|e| anyhow::anyhow!("{}: the snapshot inside is damaged: {e}", file.display()))?;
        let version = load_verified(&dump, &target).await?;
        println!(
            "restored into {target} (schema version {version}; backup made {made}); every row compared; check it \
             with `vigie audit verify`"
        );
        return Ok(());
    }
    let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
    let tmp = match &target {
        DbLocation::Sqlite(path) => path.with_extension("restoring"),
        DbLocation::Postgres(_) => dir.path().join("restored.sqlite"),
    };
    let _ = std::fs::remove_file(&tmp);
    write_private(&tmp, &plain)?;
    let (integrity, version) = match SqlStore::check_file(&tmp).await {
        Ok(x) => x,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(anyhow::Error::from(e).context("the restored database cannot be read"));
        }
    };
    if integrity != "ok" {
        let _ = std::fs::remove_file(&tmp);
        bail!("the restored database fails SQLite's integrity check: {integrity}");
    }
    match &target {
        DbLocation::Sqlite(path) => {
            std::fs::rename(&tmp, path)
                .with_context(|| format!("cannot move the restored database to {}", path.display()))?;
        }
        DbLocation::Postgres(_) => {
            // The SQLite snapshot's rows, copied into PostgreSQL.
            let snapshot = SqlStore::open(&tmp).await?;
            let dump = snapshot.dump().await?;
            snapshot.close().await;
            load_verified(&dump, &target).await?;
        }
    }
    println!(
        "restored into {target} (schema version {version}; backup made {made}); check it with `vigie audit verify`"
    );
    Ok(())
}

/// Loads `dump` into the (empty) database at `target`, then reads it back and compares every row; returns the
/// schema version.
async fn load_verified(dump: &Dump, target: &DbLocation) -> Result<i64> {
    let store = match target {
        DbLocation::Sqlite(path) => SqlStore::open(path).await,
        DbLocation::Postgres(url) => SqlStore::open_postgres(url).await,
    }
    .with_context(|| format!("cannot open {target}"))?;
    store
        .load(dump)
        .await
        .with_context(|| format!("nothing was written to {target}"))?;
    let copied = store.dump().await?;
    let differences = dump.differences(&copied);
    if !differences.is_empty() {
        bail!(
            "{target} does not hold what was copied:\n{}",
            differences.join("\n")
        );
    }
    let version = store.schema_version().await?;
    store.close().await;
    Ok(version)
}

/// Moves every row of the database at `from` into the empty database at `to` (of either backend), then compares
/// every row of both and verifies the copy's audit chain. Stop the server first: rows written after the snapshot
/// would not be moved.
pub async fn migrate(from: &str, to: &str, json: bool) -> Result<()> {
    let source = DbLocation::parse(from)?;
    let target = DbLocation::parse(to)?;
    if source == target {
        bail!("--from and --to are the same database");
    }
    if let DbLocation::Sqlite(path) = &source
        && !path.exists()
    {
        bail!("{}: no such database", path.display());
    }
    if let DbLocation::Sqlite(path) = &target
        && std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
    {
        bail!(
            "{} already holds data: vigie migrates only into a new database",
            path.display()
        );
    }
    let from_store = SqlStore::connect(from)
        .await
        .with_context(|| format!("cannot open {source}"))?;
    let dump = from_store
        .dump()
        .await
        .with_context(|| format!("cannot read {source}"))?;
    from_store.close().await;
    load_verified(&dump, &target).await?;
    let to_store = SqlStore::connect(to).await?;
    let report = to_store.audit_verify().await?;
    to_store.close().await;
    if !report.ok() {
        bail!("the copy's audit chain does not verify: {report:?}");
    }
    let counts = dump.counts();
    let rows: usize = counts.iter().map(|(_, n)| n).sum();
    if json {
        let tables: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|(t, n)| (t.clone(), serde_json::json!(n)))
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "from": source.redacted(),
                "to": target.redacted(),
                "schema_version": dump.schema_version,
                "rows": rows,
                "tables": tables,
                "verified": true,
                "audit_entries": report.entries,
            })
        );
    } else {
        for (t, n) in counts.iter().filter(|(_, n)| *n > 0) {
            println!("{t:<24} {n:>8}");
        }
        println!(
            "moved {rows} rows in {} tables from {source} to {target}; every row compared; the audit chain of {} \
             entries verifies",
            counts.len(),
            report.entries
        );
    }
    Ok(())
}
