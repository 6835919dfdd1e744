//! Field encryption: identifying fields (names, dates of birth, contacts, free-text notes) are stored only as
//! XChaCha20-Poly1305 ciphertexts. The associated data binds each ciphertext to its table, column and row id, so a
//! ciphertext copied to another row or column does not decrypt. The key (32 bytes) comes from a key file or the
//! environment, never from the database; it is wiped from memory when dropped and never printed.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

/// Length of a key, in bytes.
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
/// First byte of every ciphertext: the format, so that a later format can be told apart.
const FORMAT: u8 = 1;

/// What went wrong with a key or a ciphertext.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error(
        "the field-encryption key must be {KEY_LEN} bytes written in base64 (44 characters) or hex (64 characters); found {0} characters that are neither"
    )]
    BadKey(usize),
    #[error("cannot read the key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
    #[error(
        "a stored field ({table}.{column}, row {row}) does not decrypt with this key: the key is not the one the database was written with, or the row was altered"
    )]
    Decrypt {
        table: &'static str,
        column: &'static str,
        row: i64,
    },
    #[error("encryption failed")]
    Encrypt,
}

/// The field-encryption key. `Debug` shows nothing of it.
#[derive(Clone)]
pub struct FieldKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for FieldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FieldKey(..)")
    }
}

/// Fills `buf` with random bytes from the operating system (keys, nonces, identifiers).
pub fn os_random(buf: &mut [u8]) {
    use chacha20poly1305::aead::rand_core::RngCore;
    OsRng.fill_bytes(buf);
}

impl FieldKey {
    /// A new random key from the operating system.
    pub fn generate() -> Self {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        bytes.copy_from_slice(&key);
        Self(bytes)
    }

    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// Parses a key written in base64 or hex (surrounding white space is ignored).
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let t = text.trim();
        let decoded: Option<Zeroizing<Vec<u8>>> = if t.len() == 2 * KEY_LEN {
            (0..KEY_LEN)
                .map(|i| {
                    t.get(2 * i..2 * i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                })
                .collect::<Option<Vec<u8>>>()
                .map(Zeroizing::new)
        } else {
            STANDARD.decode(t).ok().map(Zeroizing::new)
        };
        match decoded {
            Some(v) if v.len() == KEY_LEN => {
                let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
                bytes.copy_from_slice(&v);
                Ok(Self(bytes))
            }
            _ => Err(CryptoError::BadKey(t.len())),
        }
    }

    /// Reads a key file (base64 or hex).
    pub fn read(path: &std::path::Path) -> Result<Self, CryptoError> {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| CryptoError::KeyFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?);
        Self::parse(&text).map_err(|e| CryptoError::KeyFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }

    /// The key in base64, to write to a key file.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(self.0.as_slice()))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_slice().into())
    }

    /// Encrypts `plain` for the given table, column and row: `format byte ‖ 24-byte nonce ‖ ciphertext and tag`.
    pub fn seal(&self, table: &str, column: &str, row: i64, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = associated(table, column, row);
        let ct = self
            .cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Encrypt)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
        out.push(FORMAT);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts what [`FieldKey::seal`] wrote for the same table, column and row.
    pub fn open(
        &self,
        table: &'static str,
        column: &'static str,
        row: i64,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let err = || CryptoError::Decrypt { table, column, row };
        if sealed.len() < 1 + NONCE_LEN || sealed[0] != FORMAT {
            return Err(err());
        }
        let mut nonce = XNonce::default();
        nonce.copy_from_slice(&sealed[1..1 + NONCE_LEN]);
        let aad = associated(table, column, row);
        self.cipher()
            .decrypt(
                &nonce,
                Payload {
                    msg: &sealed[1 + NONCE_LEN..],
                    aad: &aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| err())
    }

    /// Encrypts a string.
    pub fn seal_str(&self, table: &str, column: &str, row: i64, plain: &str) -> Result<Vec<u8>, CryptoError> {
        self.seal(table, column, row, plain.as_bytes())
    }

    /// Decrypts a string.
    pub fn open_str(
        &self,
        table: &'static str,
        column: &'static str,
        row: i64,
        sealed: &[u8],
    ) -> Result<String, CryptoError> {
        let bytes = self.open(table, column, row, sealed)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CryptoError::Decrypt { table, column, row })
    }
}

/// The associated data: `vigie|table|column|row`, so a ciphertext only opens where it was written.
fn associated(table: &str, column: &str, row: i64) -> Vec<u8> {
    format!("vigie|{table}|{column}|{row}").into_bytes()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_parse_from_base64_and_hex() {
        let k = FieldKey::generate();
        let b64 = k.to_base64();
        let again = FieldKey::parse(&format!(" {}\n", b64.as_str())).unwrap();
        assert_eq!(again.0.as_slice(), k.0.as_slice());
        let hex: String = k.0.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(FieldKey::parse(&hex).unwrap().0.as_slice(), k.0.as_slice());
        assert!(matches!(FieldKey::parse("short"), Err(CryptoError::BadKey(5))));
        assert!(FieldKey::parse(&"zz".repeat(32)).is_err());
        assert_eq!(format!("{k:?}"), "FieldKey(..)");
    }

    #[test]
    fn a_ciphertext_opens_only_where_it_was_written() {
        let k = FieldKey::generate();
        let sealed = k.seal_str("persons", "identity", 7, "Ana Popescu").unwrap();
        assert!(!sealed.windows(3).any(|w| w == b"Ana"));
        assert_eq!(
            k.open_str("persons", "identity", 7, &sealed).unwrap(),
            "Ana Popescu"
        );
        assert!(k.open_str("persons", "identity", 8, &sealed).is_err());
        assert!(k.open_str("persons", "contact", 7, &sealed).is_err());
        assert!(k.open_str("cases", "identity", 7, &sealed).is_err());
        assert!(
            FieldKey::generate()
                .open_str("persons", "identity", 7, &sealed)
                .is_err()
        );
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(k.open_str("persons", "identity", 7, &tampered).is_err());
        assert!(k.open_str("persons", "identity", 7, &sealed[..10]).is_err());
    }

    proptest! {
        #[test]
        fn seal_then_open_round_trips(text in ".{0,200}", row in any::<i64>()) {
            let k = FieldKey::from_bytes([7; KEY_LEN]);
            let sealed = k.seal_str("t", "c", row, &text).unwrap();
            prop_assert_eq!(k.open_str("t", "c", row, &sealed).unwrap(), text);
            // Two seals of the same text differ (fresh nonce).
            let other = k.seal_str("t", "c", row, "x").unwrap();
            prop_assert_ne!(k.seal_str("t", "c", row, "x").unwrap(), other);
        }
    }
}
