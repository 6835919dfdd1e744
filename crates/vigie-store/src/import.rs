//! Importing a file end to end: bytes in, parsed by the domain, stored in one transaction. The command line and
//! the upload page both come through here, so they accept and refuse exactly the same files.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use vigie_domain::import;

use crate::{Actor, ImportKind, ImportMeta, ImportSummary, Result, Store, StoreError};

impl ImportKind {
    pub const ALL: &'static [ImportKind] = &[
        ImportKind::Areas,
        ImportKind::Indicators,
        ImportKind::Incidents,
        ImportKind::Agencies,
    ];

    pub fn parse(s: &str) -> Option<ImportKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s.trim())
    }
}

/// A file parsed and validated by the domain, ready to be stored.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub kind: ImportKind,
    pub file_name: String,
    pub sha256: String,
    rows: Rows,
}

#[derive(Debug, Clone)]
enum Rows {
    Areas(Vec<import::Lined<vigie_domain::Area>>),
    Indicators(import::IndicatorFile),
    Incidents(Vec<import::Lined<vigie_domain::Incident>>),
    Agencies(Vec<import::Lined<vigie_domain::Agency>>),
}

impl ParsedFile {
    /// The number of data rows in the file.
    pub fn rows(&self) -> usize {
        match &self.rows {
            Rows::Areas(r) => r.len(),
            Rows::Indicators(f) => f.values.len(),
            Rows::Incidents(r) => r.len(),
            Rows::Agencies(r) => r.len(),
        }
    }
}

/// Reads and validates a file without touching the store. `today` bounds incident dates.
pub fn parse_file(kind: ImportKind, file_name: &str, bytes: &[u8], today: time::Date) -> Result<ParsedFile> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            return Err(StoreError::Rejected(import::ImportErrors {
                errors: vec![import::ImportError {
                    file: file_name.to_owned(),
                    line,
                    column: "encoding".into(),
                    reason: "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8) and try again".into(),
                }],
                unlisted: 0,
            }));
        }
    };
    let rows = match kind {
        ImportKind::Areas => Rows::Areas(import::parse_areas(file_name, text).map_err(StoreError::Rejected)?),
        ImportKind::Indicators => {
            Rows::Indicators(import::parse_indicators(file_name, text).map_err(StoreError::Rejected)?)
        }
        ImportKind::Incidents => {
            Rows::Incidents(import::parse_incidents(file_name, text, today).map_err(StoreError::Rejected)?)
        }
        ImportKind::Agencies => {
            Rows::Agencies(import::parse_agencies(file_name, text).map_err(StoreError::Rejected)?)
        }
    };
    Ok(ParsedFile {
        kind,
        file_name: file_name.to_owned(),
        sha256: crate::audit::hex(&Sha256::digest(bytes)),
        rows,
    })
}

/// Stores a parsed file in one transaction: every row, or none (`StoreError::Rejected` lists every conflict).
pub async fn store_file(
    store: &dyn Store,
    file: &ParsedFile,
    actor: &Actor,
    at: OffsetDateTime,
) -> Result<ImportSummary> {
    let meta = ImportMeta {
        file_name: file.file_name.clone(),
        sha256: file.sha256.clone(),
        actor: actor.clone(),
        at,
    };
    match &file.rows {
        Rows::Areas(r) => store.import_areas(&meta, r).await,
        Rows::Indicators(f) => store.import_indicators(&meta, f).await,
        Rows::Incidents(r) => store.import_incidents(&meta, r).await,
        Rows::Agencies(r) => store.import_agencies(&meta, r).await,
    }
}

/// Parses and stores one file. Either every row is stored, or nothing is and the error lists every problem
/// (`StoreError::Rejected`).
pub async fn import_file(
    store: &dyn Store,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
    actor: &Actor,
    at: OffsetDateTime,
) -> Result<ImportSummary> {
    let parsed = parse_file(kind, file_name, bytes, at.date())?;
    store_file(store, &parsed, actor, at).await
}
