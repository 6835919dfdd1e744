//! The agencies file (CSV: code, name, kind).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_domain::import::parse_agencies;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_agencies("agencies.csv", text);
    }
});
