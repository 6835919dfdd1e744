//! The inside of an exchange package (manifest and payload, JSON), which only a package signed by a known partner
//! and encrypted to this city reaches: the input is sealed the way `vigie_exchange::seal` does, with fixed keys,
//! under a fixed header, then opened.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signer, SigningKey};
use hkdf::Hkdf;
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;
use time::macros::datetime;
use vigie_exchange::{FORMAT, Identity, Opening, open};
use x25519_dalek::{PublicKey, StaticSecret};

const HEADER_START: &str = r#"{"sender":"lyon","recipient":"vallombre","package":"0123456789abcdef0123456789abcdef","created":"2026-01-01T00:00:00Z","expires":"2026-12-31T00:00:00Z""#;

fn package(inner: &[u8]) -> Option<Vec<u8>> {
    let recipient = Identity::from_bytes(&[2; 64]).public().agreement;
    let eph = StaticSecret::from([9; 32]);
    let eph_pub = PublicKey::from(&eph).to_bytes();
    let nonce = [3u8; 24];
    let header = format!(
        r#"{HEADER_START},"ephemeral":"{}","nonce":"{}"}}"#,
        B64.encode(eph_pub),
        B64.encode(nonce)
    );
    let shared = eph.diffie_hellman(&PublicKey::from(recipient));
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(&eph_pub);
    salt[32..].copy_from_slice(&recipient);
    let mut key = [0u8; 32];
    Hkdf::<Sha256>::new(Some(&salt), shared.as_bytes())
        .expand(b"vigie-exchange-1 key", &mut key)
        .ok()?;
    let ct = XChaCha20Poly1305::new(&key.into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: inner,
                aad: header.as_bytes(),
            },
        )
        .ok()?;
    let mut out = format!("{FORMAT}\n{header}\n{}\n", B64.encode(ct)).into_bytes();
    let sig = SigningKey::from_bytes(&[1; 32]).sign(&out);
    out.extend_from_slice(B64.encode(sig.to_bytes()).as_bytes());
    out.push(b'\n');
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let Some(bytes) = package(data) else {
        return;
    };
    let me = Identity::from_bytes(&[2; 64]);
    let partner = Identity::from_bytes(&[1; 64]).public();
    let known = |id: &str| (id == "lyon").then_some(partner);
    let seen = |_: &str| false;
    let opening = Opening {
        me: &me,
        my_id: "vallombre",
        partner: &known,
        seen: &seen,
        now: datetime!(2026-03-01 12:00 UTC),
    };
    let _ = open(&bytes, &opening);
});
