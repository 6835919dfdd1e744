//! `vigie diagnose spatial --areas`: a GeoJSON FeatureCollection with an id field and numeric variables (planar or
//! WGS84), then what the command does with it next: a variable, the overlap check and queen contiguity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_spatial::{AreaSet, Weights};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(set) = AreaSet::from_geojson("areas.geojson", text, "id") {
        let _ = set.variable("x");
        let _ = set.overlaps(1e-6);
        let _ = Weights::contiguity(&set.polygons, false, 1e-9);
    }
});
