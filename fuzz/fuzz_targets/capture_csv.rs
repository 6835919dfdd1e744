//! Capture-history tables (CSV: one 0/1 column per list, then `count`, optionally a stratum column), as uploaded
//! or pasted on the estimate page and read by `vigie estimate --table`. The first byte chooses whether a stratum
//! column is asked for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_estimate::Table;
use vigie_estimate::capture::read_capture;

fuzz_target!(|data: &[u8]| {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let stratum = (flag & 1 == 1).then_some("stratum");
    if let Ok(file) = read_capture(text, stratum) {
        let rows = file.rows.iter().map(|(s, p, c)| (s.clone(), p.clone(), *c));
        let _ = Table::by_stratum(&file.lists, rows);
    }
    let _ = Table::from_csv(text.as_bytes(), "table.csv");
});
