//! `vigie cases export-htcds` and `vigie cases import-htcds`: cases in the structure of the Human Trafficking
//! Case Data Standard (see [`vigie_domain::htcds`]), for national or international data hubs.

use std::path::Path;

use anyhow::{Context, Result};
use time::OffsetDateTime;
use vigie_domain::htcds::{self, HtcdsError, SALT_LEN};
use vigie_store::{CaseStore, ImportedCase, SqlStore, Viewer};
use zeroize::Zeroizing;

/// Writes every case the viewer (the coordinator) oversees, pseudonymised under a salt drawn for this export and
/// then forgotten. Returns the number of cases written.
pub async fn export(store: &SqlStore, viewer: &Viewer, out: &Path, json: bool) -> Result<usize> {
    let cases = store.htcds_cases(viewer, OffsetDateTime::now_utc()).await?;
    let mut salt = Zeroizing::new([0u8; SALT_LEN]);
    vigie_store::os_random(salt.as_mut());
    let records: Vec<_> = cases
        .iter()
        .map(|c| htcds::to_htcds(htcds::pseudonymous_id(&salt, &c.reference), &c.fields))
        .collect();
    let bytes = if json {
        htcds::to_json(&records)?.into_bytes()
    } else {
        let mut buf = Vec::new();
        htcds::write_csv(&records, &mut buf)?;
        buf
    };
    std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(records.len())
}

/// Reads a file of records (JSON when its name ends in `.json`, else CSV) and opens one case per record for the
/// viewer's agency: all of them or none. Every problem is printed with its line (or record), field and reason.
pub async fn import(store: &SqlStore, viewer: &Viewer, file: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let now = OffsetDateTime::now_utc();
    let json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let read = if json {
        htcds::read_json(&bytes, now.year())
    } else {
        htcds::read_csv(&bytes, now.year())
    };
    let fields = read.and_then(|records| htcds::case_fields(&records));
    let fields = match fields {
        Ok(f) => f,
        Err(errors) => return Err(refuse(file, &errors)),
    };
    let cases: Vec<ImportedCase> = fields
        .into_iter()
        .map(|(source_id, fields)| ImportedCase { source_id, fields })
        .collect();
    Ok(store.import_htcds(viewer, &cases, now).await?)
}

fn refuse(file: &Path, errors: &[HtcdsError]) -> anyhow::Error {
    for e in errors {
        eprintln!("{}: {e}", file.display());
    }
    eprintln!("the file was refused; nothing was imported");
    anyhow::Error::new(crate::Refused)
}
