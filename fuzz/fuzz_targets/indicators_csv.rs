//! The indicators file (CSV: area, indicator, period, value, and unit/direction/name/source for a new indicator).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_domain::import::parse_indicators;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_indicators("indicators.csv", text);
    }
});
