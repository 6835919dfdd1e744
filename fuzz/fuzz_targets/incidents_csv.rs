//! The incidents file (CSV: id, type, date, longitude, latitude, optional area), read on a fixed day (dates after
//! it are refused).
#![no_main]

use libfuzzer_sys::fuzz_target;
use time::macros::date;
use vigie_domain::import::parse_incidents;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_incidents("incidents.csv", text, date!(2026 - 06 - 30));
    }
});
