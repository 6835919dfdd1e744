//! `vigie backup` and `vigie restore`: a consistent snapshot of the database while the server runs, encrypted to an
//! administrator's key (X25519 and XChaCha20-Poly1305, as exchange packages), with the SHA-256 of the snapshot;
//! restored only into a new database, after checking the file, its checksum and the restored database's integrity.
//!
//! The file:
//!
//! ```text
//! VIGIE-BACKUP 1
//! {"created":"…","backend":"sqlite","schema_version":8,"bytes":…,"sha256":"…"}
//! <base64 of the encrypted snapshot; the header line is its associated data>
//! ```
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
use vigie_store::SqliteStore;

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
pub async fn backup(store: &SqliteStore, to: &str, out: &Path) -> Result<()> {
    let to = PublicIdentity::from_text(to).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    if out.exists() {
        bail!("{} already exists: a backup is never overwritten", out.display());
    }
    let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
    let snap = dir.path().join("snapshot.sqlite");
    store.snapshot_to(&snap).await.context("the snapshot failed")?;
    let bytes = zeroize::Zeroizing::new(std::fs::read(&snap).context("cannot read the snapshot")?);
    let header = Header {
        created: OffsetDateTime::now_utc(),
        backend: "sqlite".into(),
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

/// Restores a backup into `db`, which must not exist yet (or be an empty file).
pub async fn restore(file: &Path, key: &Path, db: &Path) -> Result<()> {
    if std::fs::metadata(db).is_ok_and(|m| m.len() > 0) {
        bail!(
            "{} already holds data: a backup is restored only into a new database",
            db.display()
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
    if header.backend != "sqlite" {
        bail!(
            "{}: a backup of a {} database cannot be restored into SQLite",
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
    let tmp = db.with_extension("restoring");
    let _ = std::fs::remove_file(&tmp);
    write_private(&tmp, &plain)?;
    let (integrity, version) = match SqliteStore::check_file(&tmp).await {
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
    std::fs::rename(&tmp, db)
        .with_context(|| format!("cannot move the restored database to {}", db.display()))?;
    println!(
        "restored into {} (schema version {version}; backup made {}); check it with `vigie audit verify`",
        db.display(),
        header.created.date()
    );
    Ok(())
}
