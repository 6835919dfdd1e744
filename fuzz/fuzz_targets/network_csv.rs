//! The analyst's network files (entities CSV and links CSV, separated by a NUL byte in the input), then the graph
//! built from them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_network::Network;

fuzz_target!(|data: &[u8]| {
    let (entities, links) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    if let Ok(n) = Network::read(entities, "entities.csv", links, "links.csv") {
        let _ = n.graph();
        let _ = n.graph_by_kind();
        let _ = n.between(Some("2024-01-01"), Some("2024-12-31"));
    }
});
