//! The areas file (GeoJSON FeatureCollection) as imported by `vigie import areas` and the upload page, then the
//! point-in-area lookup that the incidents import does with the areas read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_domain::LonLat;
use vigie_domain::import::parse_areas;
use vigie_domain::model::locate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(areas) = parse_areas("areas.geojson", text) {
        let areas: Vec<_> = areas.into_iter().map(|a| a.value).collect();
        for (lon, lat) in [(0.5, 0.5), (0.0, 0.0), (2.35, 48.85)] {
            if let Ok(p) = LonLat::new(lon, lat) {
                let _ = locate(&areas, p);
            }
        }
    }
});
