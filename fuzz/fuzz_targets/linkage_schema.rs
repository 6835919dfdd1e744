//! The linkage schema the partners agree on (JSON), then what `vigie link encode` does with a schema read: its
//! warnings, and one record encoded with it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_linkage::encode::{Encoder, Secret};
use vigie_linkage::schema::Schema;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(schema) = Schema::from_json(text) else {
        return;
    };
    let _ = schema.warnings();
    let _ = schema.id();
    let Ok(secret) = Secret::from_bytes(&[7; 32]) else {
        return;
    };
    let encoder = Encoder::new(&schema, &secret);
    let value = |field: &str| -> Option<String> {
        Some(match field.len() % 3 {
            0 => "Dupont-Éléonore de la Tour".to_owned(),
            1 => "1987-03-04".to_owned(),
            _ => "04/03/1987".to_owned(),
        })
    };
    let _ = encoder.encode("r1", &value);
});
