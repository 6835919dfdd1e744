//! Keyed pseudonyms. An incident's agency reference and a network entity's id become the first 16 bytes (32 hex
//! digits) of HMAC-SHA256 under the export's secret, with a label per kind of id (`vigie-parquet|incident|…`,
//! `vigie-parquet|entity|…`) so that the same text never gives the same pseudonym in two roles.
//!
//! Without the secret, a pseudonym leads back to no reference (HMAC is a pseudorandom function): the recipient can
//! count, join and deduplicate, not re-identify. With the city's own secret (kept like the field key), the same
//! incident keeps its pseudonym from one export to the next, so national files can be updated; with a secret
//! drawn for one export and forgotten, the export links to nothing else.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The shortest secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 16;

/// Where the secret comes from (said in `_vigie.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretOrigin {
    /// The city's secret, kept from one export to the next: pseudonyms are stable across exports.
    City,
    /// Drawn for this export and then forgotten: pseudonyms link to no other export.
    PerExport,
}

/// The pseudonymisation secret (zeroised when dropped; never printed).
pub struct Secret {
    key: Zeroizing<Vec<u8>>,
    origin: SecretOrigin,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Secret {
    /// A secret of at least [`MIN_SECRET_LEN`] bytes.
    pub fn new(bytes: &[u8], origin: SecretOrigin) -> Result<Self> {
        if bytes.len() < MIN_SECRET_LEN {
            return Err(Error::ShortSecret {
                min: MIN_SECRET_LEN,
                got: bytes.len(),
            });
        }
        Ok(Self {
            key: Zeroizing::new(bytes.to_vec()),
            origin,
        })
    }

    pub fn origin(&self) -> SecretOrigin {
        self.origin
    }

    fn mac(&self, label: &str, text: &str) -> [u8; 32] {
        // HMAC accepts a key of any length: this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return [0; 32];
        };
        mac.update(b"vigie-parquet|");
        mac.update(label.as_bytes());
        mac.update(b"|");
        mac.update(text.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The pseudonym of an incident's agency reference.
    pub fn incident(&self, reference: &str) -> String {
        hex(&self.mac("incident", reference)[..16])
    }

    /// The pseudonym of a network entity's id.
    pub fn entity(&self, id: &str) -> String {
        hex(&self.mac("entity", id)[..16])
    }

    /// A short public name of the secret (8 bytes of an HMAC of a fixed text): two exports with the same key id
    /// share their pseudonyms. It reveals nothing of the secret.
    pub fn key_id(&self) -> String {
        hex(&self.mac("key-id", "")[..8])
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_depend_on_the_secret_and_the_role() {
        let a = Secret::new(&[1; 32], SecretOrigin::City).unwrap();
        let b = Secret::new(&[2; 32], SecretOrigin::City).unwrap();
        assert_eq!(a.incident("INC-1"), a.incident("INC-1"));
        assert_ne!(a.incident("INC-1"), b.incident("INC-1"));
        assert_ne!(a.incident("INC-1"), a.entity("INC-1"));
        assert_eq!(a.incident("INC-1").len(), 32);
        assert!(a.incident("INC-1").bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a.key_id().len(), 16);
        assert_ne!(a.key_id(), b.key_id());
    }

    #[test]
    fn short_secrets_are_refused_and_never_printed() {
        assert!(matches!(
            Secret::new(b"short", SecretOrigin::City),
            Err(Error::ShortSecret { got: 5, .. })
        ));
        let s = Secret::new(b"0123456789abcdef0123", SecretOrigin::PerExport).unwrap();
        assert!(!format!("{s:?}").contains("0123"));
    }
}
