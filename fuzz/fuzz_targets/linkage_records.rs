//! The records file an agency encodes (`vigie link encode --input`): any text after a fixed header, encoded whole
//! and cut into three pieces, which must give the same encodings and errors (the cut at record starts, the reader
//! of quote-free pieces, the line numbers and the repeated ids across pieces).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_linkage::encode::{Secret, encode_csv_jsonl_in_pieces};
use vigie_linkage::schema::Schema;

const SCHEMA: &str = r#"{"name": "fuzz", "version": 1, "filter_bits": 512,
  "fields": [{"name": "n", "kind": "name", "bits_per_token": 10,
              "normalise": {"particles": ["de", "van"]}},
             {"name": "m", "kind": "exact", "required": false, "tokens": "positional_unigrams", "bits_per_token": 4},
             {"name": "d", "kind": "date", "required": false, "tokens": "date_parts", "bits_per_token": 5}],
  "blocking": [{"name": "sy", "parts": [{"soundex": "n"}, {"year": "d"}]}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let (Ok(schema), Ok(secret)) = (Schema::from_json(SCHEMA), Secret::from_bytes(&[7; 32])) else {
        return;
    };
    let text = format!("id,n,m,d\n{body}");
    let whole = encode_csv_jsonl_in_pieces(&schema, &secret, &text, "id", Some(1));
    let cut = encode_csv_jsonl_in_pieces(&schema, &secret, &text, "id", Some(3));
    match (whole, cut) {
        (Ok(a), Ok(b)) => {
            assert!(a.jsonl() == b.jsonl(), "the cut changed the encodings");
            assert_eq!((a.records, &a.errors), (b.records, &b.errors), "the cut changed the errors");
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("the cut changed whether the file is refused"),
    }
});
