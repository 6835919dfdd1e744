//! GeoDa GAL weights files (`vigie diagnose spatial --weights gal:FILE`). The first line of the input gives the
//! areas' ids (as the GeoJSON file would), the rest is the GAL file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_spatial::gal;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first, file) = text.split_once('\n').unwrap_or((text, ""));
    let mut ids: Vec<String> = Vec::new();
    for id in first.split_whitespace().take(256) {
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_owned());
        }
    }
    if let Ok(w) = gal::read("weights.gal", file, &ids) {
        // A file read must write back and read again to the same weights.
        let again = gal::write(&w, &ids, "fuzz", "id");
        assert_eq!(
            gal::read("again.gal", &again, &ids).ok().map(|v| v.neighbours()),
            Some(w.neighbours())
        );
    }
});
