//! Linkage encodings (JSON lines written by `vigie link encode`), as uploaded on the linkage page, given to `vigie
//! link match|dedup`, or received from a partner city; two files read are checked against each other.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_linkage::read_encodings;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\0').unwrap_or((text, ""));
    if let (Ok(a), Ok(b)) = (read_encodings(a), read_encodings(b)) {
        let _ = a.mismatch(&b);
        if let (Some(x), Some(y)) = (a.clks.first(), b.clks.first())
            && x.bits() == y.bits()
        {
            let _ = x.dice(y);
        }
    }
});
