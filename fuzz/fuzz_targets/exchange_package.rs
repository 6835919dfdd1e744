//! An exchange package as received from a partner city (`vigie exchange verify|import`, the exchange page), opened
//! with a fixed key pair: the clear header, the format, the recipient and sender, the signature. Also the key
//! texts a coordinator pastes (a partner's public key, an identity file) and the sealed backup format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use time::macros::datetime;
use vigie_exchange::{Identity, Opening, PublicIdentity, open, open_sealed, peek};

fuzz_target!(|data: &[u8]| {
    let me = Identity::from_bytes(&[2; 64]);
    let partner = Identity::from_bytes(&[1; 64]).public();
    let known = |id: &str| (id == "lyon").then_some(partner);
    let seen = |id: &str| id == "00000000000000000000000000000000";
    let opening = Opening {
        me: &me,
        my_id: "vallombre",
        partner: &known,
        seen: &seen,
        now: datetime!(2026-03-01 12:00 UTC),
    };
    let _ = peek(data);
    let _ = open(data, &opening);
    let _ = open_sealed(&me, b"vigie-backup", data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PublicIdentity::from_text(text);
        let _ = Identity::from_text(text);
    }
});
