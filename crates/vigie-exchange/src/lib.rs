//! Exchange packages between vigie instances (partner cities and organisations): one file that carries a manifest
//! (sender, recipient, purpose, legal basis, period, schema, record count, expiry) and a payload (pseudonymised
//! linkage encodings, disclosure-controlled statistics, or one referral made with the victim's consent), signed by
//! the sender and readable only by the recipient.
//!
//! ## The file
//!
//! ```text
//! VIGIE-EXCHANGE 1
//! {"sender":"…","recipient":"…","package":"…","created":"…","expires":"…","ephemeral":"…","nonce":"…"}
//! <base64 of the ciphertext>
//! <base64 of the signature>
//! ```
//!
//! - **Encryption to the recipient**: an ephemeral X25519 key agreed with the recipient's X25519 key; the key is
//!   HKDF-SHA256 of the shared secret (salted with both public keys); XChaCha20-Poly1305 encrypts the manifest and
//!   the payload, with the header line as associated data (so the header cannot be changed either).
//! - **Signature by the sender**: Ed25519 over everything before the signature line.
//! - **Opening** ([`open`]) checks, in this order, and refuses with a message that says what is wrong: the format,
//!   the recipient (this city), the sender (a known partner), the signature, the decryption, that the manifest
//!   inside says what the header outside says, the expiry, the schema, and that the package was not imported
//!   before (replay).
//!
//! Randomness (keys, nonces, package ids) and time are parameters, so that tests control them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use time::OffsetDateTime;
use x25519_dalek::{PublicKey as XPublic, StaticSecret};
use zeroize::Zeroizing;

/// The first line of every package.
pub const FORMAT: &str = "VIGIE-EXCHANGE 1";
const IDENTITY_PREFIX: &str = "vigie-identity-1:";
const PUBLIC_PREFIX: &str = "vigie-public-1:";
const KEY_INFO: &[u8] = b"vigie-exchange-1 key";
/// The largest package opened (a city's encodings are a few MiB).
pub const MAX_PACKAGE_BYTES: usize = 512 * 1024 * 1024;

/// What a package carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Pseudonymised linkage encodings (JSON lines of `vigie link encode`).
    Encodings,
    /// Disclosure-controlled statistics (the public portal's tables).
    Statistics,
    /// One referral made with the victim's consent, for safe return or reintegration.
    Referral,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[Kind::Encodings, Kind::Statistics, Kind::Referral];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Encodings => "encodings",
            Kind::Statistics => "statistics",
            Kind::Referral => "referral",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.code() == s)
    }

    /// The payload schema (and its version) this vigie reads for the kind.
    pub fn schema(self) -> &'static str {
        match self {
            Kind::Encodings => "vigie-encodings/1",
            Kind::Statistics => "vigie-statistics/1",
            Kind::Referral => "vigie-referral/1",
        }
    }
}

/// The period a package covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: String,
    pub to: String,
}

/// What a package says about itself. Inside the encryption; its routing fields are repeated in the clear header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// A random identifier (32 hexadecimal digits): a package is imported once.
    pub package: String,
    pub sender: String,
    pub recipient: String,
    pub kind: Kind,
    pub purpose: String,
    pub legal_basis: String,
    pub period: Option<Period>,
    /// The payload's schema and version ([`Kind::schema`]).
    pub schema: String,
    /// How many records the payload holds.
    pub records: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    sender: String,
    recipient: String,
    package: String,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    expires: OffsetDateTime,
    ephemeral: String,
    nonce: String,
}

#[derive(Serialize, Deserialize)]
struct Inner {
    manifest: Manifest,
    payload: String,
}

/// Why a key could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("not a vigie {what} (it should start with '{prefix}')")]
    Prefix {
        what: &'static str,
        prefix: &'static str,
    },
    #[error("the {what} is damaged: {reason}")]
    Damaged { what: &'static str, reason: String },
}

/// Why a package was refused or could not be made. Each message says what is wrong in words a coordinator
/// understands; nothing is imported when a package is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("this is not a vigie exchange package (its first line is not '{FORMAT}')")]
    NotAPackage,
    #[error("the package is damaged: {0}")]
    Damaged(String),
    #[error("the package is larger than {MAX_PACKAGE_BYTES} bytes")]
    TooLarge,
    #[error("this package is addressed to '{recipient}', not to this city ('{me}')")]
    WrongRecipient { recipient: String, me: String },
    #[error(
        "the sender '{0}' is not among the partner cities: add it with its public key before importing its packages"
    )]
    UnknownSender(String),
    #[error(
        "the signature does not match: the package was changed after '{0}' signed it, or '{0}' did not sign it"
    )]
    BadSignature(String),
    #[error("the package cannot be decrypted with this city's key")]
    CannotDecrypt,
    #[error("the package contradicts itself: {0}")]
    Inconsistent(String),
    #[error("the package expired on {0}")]
    Expired(String),
    #[error("the package's payload is '{found}', which this vigie does not read (it reads '{expected}')")]
    UnknownSchema { found: String, expected: String },
    #[error("the package {0} was already imported: a package is imported only once")]
    Replayed(String),
    #[error("the package cannot be made: {0}")]
    Seal(String),
}

/// A city's exchange identity: its Ed25519 signing key and its X25519 key for receiving packages. Secret.
pub struct Identity {
    signing: SigningKey,
    agreement: StaticSecret,
}

impl Identity {
    /// The identity made from 64 random bytes (32 for each key). The caller supplies the randomness.
    pub fn from_bytes(bytes: &[u8; 64]) -> Identity {
        let mut s = [0u8; 32];
        let mut a = [0u8; 32];
        s.copy_from_slice(&bytes[..32]);
        a.copy_from_slice(&bytes[32..]);
        let id = Identity {
            signing: SigningKey::from_bytes(&s),
            agreement: StaticSecret::from(a),
        };
        zeroize::Zeroize::zeroize(&mut s);
        zeroize::Zeroize::zeroize(&mut a);
        id
    }

    /// The identity as text, to keep in a file readable by its owner only.
    pub fn to_text(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new([0u8; 64]);
        bytes[..32].copy_from_slice(&self.signing.to_bytes());
        bytes[32..].copy_from_slice(self.agreement.as_bytes());
        Zeroizing::new(format!("{IDENTITY_PREFIX}{}\n", B64.encode(bytes.as_ref())))
    }

    pub fn from_text(text: &str) -> Result<Identity, KeyError> {
        let what = "exchange identity";
        let rest = text
            .trim()
            .strip_prefix(IDENTITY_PREFIX)
            .ok_or(KeyError::Prefix {
                what,
                prefix: IDENTITY_PREFIX,
            })?;
        let raw = Zeroizing::new(B64.decode(rest).map_err(|e| KeyError::Damaged {
            what,
            reason: e.to_string(),
        })?);
        let bytes: &[u8; 64] = raw.as_slice().try_into().map_err(|_| KeyError::Damaged {
            what,
            reason: format!("{} bytes instead of 64", raw.len()),
        })?;
        Ok(Identity::from_bytes(bytes))
    }

    /// What partners need to know: the public keys.
    pub fn public(&self) -> PublicIdentity {
        PublicIdentity {
            signing: self.signing.verifying_key().to_bytes(),
            agreement: XPublic::from(&self.agreement).to_bytes(),
        }
    }
}

/// A city's public exchange keys, as partners record them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicIdentity {
    pub signing: [u8; 32],
    pub agreement: [u8; 32],
}

impl PublicIdentity {
    /// One line to send to partners: `vigie-public-1:` and the two keys in base64.
    pub fn to_text(&self) -> String {
        let mut bytes = [0u8; 64];
        bytes[..32].copy_from_slice(&self.signing);
        bytes[32..].copy_from_slice(&self.agreement);
        format!("{PUBLIC_PREFIX}{}", B64.encode(bytes))
    }

    pub fn from_text(text: &str) -> Result<PublicIdentity, KeyError> {
        let what = "public key";
        let rest = text.trim().strip_prefix(PUBLIC_PREFIX).ok_or(KeyError::Prefix {
            what,
            prefix: PUBLIC_PREFIX,
        })?;
        let raw = B64.decode(rest).map_err(|e| KeyError::Damaged {
            what,
            reason: e.to_string(),
        })?;
        if raw.len() != 64 {
            return Err(KeyError::Damaged {
                what,
                reason: format!("{} bytes instead of 64", raw.len()),
            });
        }
        let mut signing = [0u8; 32];
        let mut agreement = [0u8; 32];
        signing.copy_from_slice(&raw[..32]);
        agreement.copy_from_slice(&raw[32..]);
        VerifyingKey::from_bytes(&signing).map_err(|_| KeyError::Damaged {
            what,
            reason: "the signing key is not a valid Ed25519 key".into(),
        })?;
        Ok(PublicIdentity { signing, agreement })
    }

    /// A short fingerprint to compare by telephone (the first 16 hexadecimal digits of SHA-256 of both keys).
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let mut h = Sha256::new();
        h.update(self.signing);
        h.update(self.agreement);
        h.finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|c| c.concat())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn key_for(shared: &[u8; 32], ephemeral: &[u8; 32], recipient: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(ephemeral);
    salt[32..].copy_from_slice(recipient);
    let hk = Hkdf::<Sha256>::new(Some(&salt), shared);
    let mut key = Zeroizing::new([0u8; 32]);
    // 32 bytes is always a valid HKDF-SHA256 output length.
    let _ = hk.expand(KEY_INFO, key.as_mut());
    key
}

/// Encrypts `plain` to a recipient's X25519 key (no signature): the ephemeral public key, the nonce and the
/// ciphertext, with `aad` bound as associated data. For files kept rather than exchanged (backups), where the
/// owner of the key is the only reader.
pub fn seal_to(
    to: &PublicIdentity,
    aad: &[u8],
    plain: &[u8],
    ephemeral: [u8; 32],
    nonce: [u8; 24],
) -> Result<Vec<u8>, Error> {
    let eph = StaticSecret::from(ephemeral);
    let eph_pub = XPublic::from(&eph).to_bytes();
    let shared = eph.diffie_hellman(&XPublic::from(to.agreement));
    if !shared.was_contributory() {
        return Err(Error::Seal("the recipient's key is not usable".into()));
    }
    let key = key_for(shared.as_bytes(), &eph_pub, &to.agreement);
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let ct = cipher
        .encrypt(&XNonce::from(nonce), Payload { msg: plain, aad })
        .map_err(|_| Error::Seal("encryption failed".into()))?;
    let mut out = Vec::with_capacity(32 + 24 + ct.len());
    out.extend_from_slice(&eph_pub);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Decrypts what [`seal_to`] made for this identity with the same associated data.
pub fn open_sealed(me: &Identity, aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    if sealed.len() < 32 + 24 + 16 {
        return Err(Error::Damaged("too short".into()));
    }
    let mut eph = [0u8; 32];
    eph.copy_from_slice(&sealed[..32]);
    let mut nonce = [0u8; 24];
    nonce.copy_from_slice(&sealed[32..56]);
    let shared = me.agreement.diffie_hellman(&XPublic::from(eph));
    if !shared.was_contributory() {
        return Err(Error::CannotDecrypt);
    }
    let my_pub = XPublic::from(&me.agreement).to_bytes();
    let key = key_for(shared.as_bytes(), &eph, &my_pub);
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &sealed[56..],
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::CannotDecrypt)
}

/// Everything [`seal`] needs, randomness included.
pub struct Sealing<'a> {
    pub manifest: &'a Manifest,
    pub payload: &'a [u8],
    pub from: &'a Identity,
    pub to: &'a PublicIdentity,
    /// 32 random bytes for the ephemeral key.
    pub ephemeral: [u8; 32],
    /// 24 random bytes for the nonce.
    pub nonce: [u8; 24],
}

/// Makes a package: the manifest and payload encrypted to the recipient and signed by the sender.
pub fn seal(s: &Sealing<'_>) -> Result<Vec<u8>, Error> {
    let m = s.manifest;
    if m.schema != m.kind.schema() {
        return Err(Error::Seal(format!(
            "the schema '{}' is not the one of a {} package ('{}')",
            m.schema,
            m.kind.code(),
            m.kind.schema()
        )));
    }
    if m.expires <= m.created {
        return Err(Error::Seal("it would expire before it is made".into()));
    }
    let eph = StaticSecret::from(s.ephemeral);
    let eph_pub = XPublic::from(&eph).to_bytes();
    let shared = eph.diffie_hellman(&XPublic::from(s.to.agreement));
    if !shared.was_contributory() {
        return Err(Error::Seal("the recipient's key is not usable".into()));
    }
    let key = key_for(shared.as_bytes(), &eph_pub, &s.to.agreement);
    let header = Header {
        sender: m.sender.clone(),
        recipient: m.recipient.clone(),
        package: m.package.clone(),
        created: m.created,
        expires: m.expires,
        ephemeral: B64.encode(eph_pub),
        nonce: B64.encode(s.nonce),
    };
    let header_line = serde_json::to_string(&header).map_err(|e| Error::Seal(e.to_string()))?;
    let inner = serde_json::to_vec(&Inner {
        manifest: m.clone(),
        payload: B64.encode(s.payload),
    })
    .map_err(|e| Error::Seal(e.to_string()))?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let ciphertext = cipher
        .encrypt(
            &XNonce::from(s.nonce),
            Payload {
                msg: &inner,
                aad: header_line.as_bytes(),
            },
        )
        .map_err(|_| Error::Seal("encryption failed".into()))?;
    let mut out = format!("{FORMAT}\n{header_line}\n{}\n", B64.encode(ciphertext)).into_bytes();
    let sig = s.from.signing.sign(&out);
    out.extend_from_slice(B64.encode(sig.to_bytes()).as_bytes());
    out.push(b'\n');
    Ok(out)
}

/// An opened package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub manifest: Manifest,
    pub payload: Vec<u8>,
}

/// What [`open`] checks a package against.
pub struct Opening<'a> {
    /// This city's identity and its identifier as partners know it.
    pub me: &'a Identity,
    pub my_id: &'a str,
    /// The public keys of a partner, by its identifier; `None` for an unknown sender.
    pub partner: &'a dyn Fn(&str) -> Option<PublicIdentity>,
    /// Whether a package (by its identifier) was imported before.
    pub seen: &'a dyn Fn(&str) -> bool,
    pub now: OffsetDateTime,
}

/// The clear header of a package (who sent it, to whom, when it expires), without checking anything: to say what
/// a refused package was.
pub fn peek(bytes: &[u8]) -> Result<(String, String, String), Error> {
    let (_, header, _, _, _) = split(bytes)?;
    Ok((header.sender, header.recipient, header.package))
}

type Parts<'a> = (&'a [u8], Header, &'a str, Vec<u8>, Vec<u8>);

fn split(bytes: &[u8]) -> Result<Parts<'_>, Error> {
    if bytes.len() > MAX_PACKAGE_BYTES {
        return Err(Error::TooLarge);
    }
    if !bytes.starts_with(format!("{FORMAT}\n").as_bytes()) {
        return Err(Error::NotAPackage);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::Damaged("it is not text".into()))?;
    let lines: Vec<&str> = text.split('\n').collect();
    // FORMAT, header, ciphertext, signature, and the empty string after the last newline.
    if lines.len() != 5 || !lines[4].is_empty() {
        return Err(Error::Damaged(format!(
            "it has {} lines instead of 4",
            lines.len().saturating_sub(1)
        )));
    }
    let header: Header =
        serde_json::from_str(lines[1]).map_err(|e| Error::Damaged(format!("line 2 (the header): {e}")))?;
    let ciphertext = B64
        .decode(lines[2])
        .map_err(|e| Error::Damaged(format!("line 3 (the content): {e}")))?;
    let signature = B64
        .decode(lines[3])
        .map_err(|e| Error::Damaged(format!("line 4 (the signature): {e}")))?;
    let signed_len = lines[0].len() + lines[1].len() + lines[2].len() + 3;
    Ok((&bytes[..signed_len], header, lines[1], ciphertext, signature))
}

/// Opens a package after every check (see the module documentation). Nothing is recorded: the caller imports
/// the payload and records the package as seen in one transaction.
pub fn open(bytes: &[u8], o: &Opening<'_>) -> Result<Opened, Error> {
    let (signed, header, header_line, ciphertext, signature) = split(bytes)?;
    if header.recipient != o.my_id {
        return Err(Error::WrongRecipient {
            recipient: header.recipient,
            me: o.my_id.to_owned(),
        });
    }
    let sender = (o.partner)(&header.sender).ok_or_else(|| Error::UnknownSender(header.sender.clone()))?;
    let vk =
        VerifyingKey::from_bytes(&sender.signing).map_err(|_| Error::BadSignature(header.sender.clone()))?;
    let sig = Signature::from_slice(&signature).map_err(|_| Error::BadSignature(header.sender.clone()))?;
    vk.verify(signed, &sig)
        .map_err(|_| Error::BadSignature(header.sender.clone()))?;
    let eph: [u8; 32] = B64
        .decode(&header.ephemeral)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or(Error::CannotDecrypt)?;
    let nonce: [u8; 24] = B64
        .decode(&header.nonce)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or(Error::CannotDecrypt)?;
    let shared = o.me.agreement.diffie_hellman(&XPublic::from(eph));
    if !shared.was_contributory() {
        return Err(Error::CannotDecrypt);
    }
    let my_pub = XPublic::from(&o.me.agreement).to_bytes();
    let key = key_for(shared.as_bytes(), &eph, &my_pub);
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: header_line.as_bytes(),
                },
            )
            .map_err(|_| Error::CannotDecrypt)?,
    );
    let inner: Inner =
        serde_json::from_slice(&plain).map_err(|e| Error::Damaged(format!("the content: {e}")))?;
    let m = inner.manifest;
    let differs = |what: &str| Error::Inconsistent(format!("its {what} differs inside and outside"));
    if m.sender != header.sender {
        return Err(differs("sender"));
    }
    if m.recipient != header.recipient {
        return Err(differs("recipient"));
    }
    if m.package != header.package {
        return Err(differs("identifier"));
    }
    if m.created != header.created || m.expires != header.expires {
        return Err(differs("dates"));
    }
    if m.expires <= o.now {
        return Err(Error::Expired(
            m.expires
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_else(|_| m.expires.to_string()),
        ));
    }
    if m.schema != m.kind.schema() {
        return Err(Error::UnknownSchema {
            found: m.schema,
            expected: m.kind.schema().to_owned(),
        });
    }
    if (o.seen)(&m.package) {
        return Err(Error::Replayed(m.package));
    }
    let payload = B64
        .decode(inner.payload)
        .map_err(|e| Error::Damaged(format!("the payload: {e}")))?;
    Ok(Opened { manifest: m, payload })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn identity(seed: u8) -> Identity {
        Identity::from_bytes(&[seed; 64])
    }

    #[test]
    fn sealed_files_open_only_for_their_owner_and_with_their_header() {
        let (a, b) = (identity(1), identity(2));
        let sealed = seal_to(&a.public(), b"header", b"the snapshot", [5; 32], [6; 24]).unwrap();
        assert_eq!(
            open_sealed(&a, b"header", &sealed).unwrap().as_slice(),
            b"the snapshot"
        );
        assert_eq!(open_sealed(&b, b"header", &sealed), Err(Error::CannotDecrypt));
        assert_eq!(
            open_sealed(&a, b"other header", &sealed),
            Err(Error::CannotDecrypt)
        );
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert_eq!(open_sealed(&a, b"header", &bad), Err(Error::CannotDecrypt));
    }

    #[test]
    fn keys_round_trip_as_text() {
        let a = identity(1);
        let text = a.to_text();
        let b = Identity::from_text(&text).unwrap();
        assert_eq!(a.public(), b.public());
        let p = a.public();
        assert_eq!(PublicIdentity::from_text(&p.to_text()).unwrap(), p);
        assert_eq!(p.fingerprint().len(), 19);
        assert!(matches!(
            PublicIdentity::from_text("ssh-ed25519 AAAA"),
            Err(KeyError::Prefix { .. })
        ));
        assert!(matches!(
            Identity::from_text("vigie-identity-1:AAAA"),
            Err(KeyError::Damaged { .. })
        ));
        let _ = datetime!(2026-01-01 0:00 UTC);
    }
}
