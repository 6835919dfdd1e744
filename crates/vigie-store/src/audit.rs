//! The audit log: who did what, when, from where. Entries are chained: each entry's hash is the SHA-256 of the
//! previous entry's hash and of this entry's fields, so that changing, removing or inserting an entry anywhere
//! breaks the chain from there on, and `vigie audit verify` finds it.

use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::Actor;

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Audited actions that record a read or a sign-in, not a change of the stored data: they do not move
/// [`crate::Store::data_version`].
pub const READ_ACTIONS: &[&str] = &[
    "case.read",
    "case.list",
    "case.export",
    "cases.export_htcds",
    "referral.read",
    "referral.export",
    "legal_note.read",
    "network.view",
    "network.list",
    "exchange.read",
    "partner.secret",
    "report.eu",
    "login.ok",
    "login.failed",
    "login.throttled",
    "api.token",
];

/// Whether an audited action changes the stored data (anything not known to be a read counts as a change).
pub fn changes_data(action: &str) -> bool {
    !READ_ACTIONS.contains(&action)
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: OffsetDateTime,
    pub actor: Actor,
    /// A short dotted name: `login.ok`, `login.failed`, `user.create`, `import.incidents`.
    pub action: String,
    /// A JSON object with the details (never a password or a secret).
    pub detail: serde_json::Value,
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub addr: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    pub entries: u64,
    /// The first entry that does not fit the chain, with the reason; `None` when the chain is intact.
    pub broken_at: Option<(i64, String)>,
}

impl AuditReport {
    pub fn ok(&self) -> bool {
        self.broken_at.is_none()
    }
}

/// The hash of an entry given the previous hash. Fields are length-prefixed so that no two different entries
/// can hash the same text.
pub fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    detail: &str,
    addr: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev_hash, &seq.to_string(), at, actor, action, detail, addr] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex(&h.finalize())
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Checks records one by one, in order, so that a long log need not be held in memory.
#[derive(Debug)]
pub struct Verifier {
    prev: String,
    prev_seq: i64,
    entries: u64,
    broken_at: Option<(i64, String)>,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            prev: GENESIS.to_owned(),
            prev_seq: 0,
            entries: 0,
            broken_at: None,
        }
    }
}

impl Verifier {
    /// Checks the next record; after the first break, further records are only counted.
    pub fn push(&mut self, r: &AuditRecord) {
        self.entries += 1;
        if self.broken_at.is_some() {
            return;
        }
        let broken = if r.seq != self.prev_seq + 1 {
            Some(format!("entry {} is missing", self.prev_seq + 1))
        } else if r.prev_hash != self.prev {
            Some("does not follow the previous entry (prev_hash differs)".to_owned())
        } else if entry_hash(
            &r.prev_hash,
            r.seq,
            &r.at,
            &r.actor,
            &r.action,
            &r.detail,
            &r.addr,
        ) != r.hash
        {
            Some("its content was changed (hash differs)".to_owned())
        } else {
            None
        };
        match broken {
            Some(reason) => self.broken_at = Some((r.seq, reason)),
            None => {
                self.prev.clone_from(&r.hash);
                self.prev_seq = r.seq;
            }
        }
    }

    pub fn finish(self) -> AuditReport {
        AuditReport {
            entries: self.entries,
            broken_at: self.broken_at,
        }
    }
}

/// Checks a sequence of records, in order.
pub fn verify<'a>(records: impl IntoIterator<Item = &'a AuditRecord>) -> AuditReport {
    let mut v = Verifier::default();
    for r in records {
        v.push(r);
    }
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let at = format!("2026-01-01T00:00:{seq:02}Z");
                let hash = entry_hash(&prev, seq, &at, "admin", "login.ok", "{}", "127.0.0.1");
                let r = AuditRecord {
                    seq,
                    at,
                    actor: "admin".into(),
                    action: "login.ok".into(),
                    detail: "{}".into(),
                    addr: "127.0.0.1".into(),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                r
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(
            verify(&c),
            AuditReport {
                entries: 5,
                broken_at: None
            }
        );
    }

    #[test]
    fn tampering_is_found() {
        let mut c = chain(5);
        c[2].actor = "someone".into();
        assert_eq!(verify(&c).broken_at.map(|b| b.0), Some(3));

        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).broken_at.map(|b| b.0), Some(3));
        assert_eq!(verify(&c).entries, 4);

        let mut c = chain(5);
        c.truncate(4);
        // Truncation at the end cannot be seen from the chain alone; the count is reported so it can be compared.
        assert_eq!(
            verify(&c),
            AuditReport {
                entries: 4,
                broken_at: None
            }
        );
    }

    #[test]
    fn fields_cannot_slide_into_each_other() {
        assert_ne!(
            entry_hash(GENESIS, 1, "a", "bc", "d", "", ""),
            entry_hash(GENESIS, 1, "ab", "c", "d", "", "")
        );
    }
}
