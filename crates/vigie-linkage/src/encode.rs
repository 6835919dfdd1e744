//! Encoding records into Bloom filters (cryptographic long-term keys, Schnell, Bachteler and Reiher 2009) with a
//! secret shared by the partners, as each agency does at the source before anything leaves it.
//!
//! For each field `f` of the [`Schema`], a key `key_f = HKDF-SHA256(ikm = secret, salt = "vigie-linkage",
//! info = "field:" + schema.id() + ":" + f.name)` (32 bytes). Each token `t` of the field's normalised value sets
//! `bits_per_token` bits at the positions `(h1 + i·h2) mod filter_bits`, `i = 0..k`, where `h1`, `h2` are the
//! first two 64-bit little-endian words of `HMAC-SHA256(key_f, t)` (of `HMAC-SHA256(key_f, salt ‖ 0x00 ‖ t)` when
//! the schema names a salt field, whose normalised value is the salt). Equal tokens of different fields thus set
//! unrelated bits, and without the secret no one can test a guessed name against a filter.
//!
//! Blocking keys: for each blocking spec, the concatenation of its parts (joined by 0x00) on the normalised values;
//! no key when a part is empty (a record without a date of birth is in no year block); then
//! `HMAC-SHA256(key_b, spec.name ‖ 0x00 ‖ value)` with `key_b = HKDF(…, info = "blocking:" + schema.id())`, its
//! first 16 bytes in hex.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use hkdf::Hkdf;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use rayon::prelude::*;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::clk::{Clk, EncodedRecord};
use crate::normalise;
use crate::schema::{BlockPart, FieldKind, FieldSpec, Schema, TokenSpec};

type HmacSha256 = Hmac<Sha256>;

/// Shortest secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 16;

/// HKDF salt of every key.
const KDF_SALT: &[u8] = b"vigie-linkage";

/// The secret the partners share (and the linkage unit never sees). Wiped from memory when dropped; never shown.
pub struct Secret(Zeroizing<Vec<u8>>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// A secret of at least [`MIN_SECRET_BYTES`] bytes.
    pub fn from_bytes(b: &[u8]) -> Result<Self, EncodeError> {
        if b.len() < MIN_SECRET_BYTES {
            return Err(EncodeError::SecretTooShort { len: b.len() });
        }
        Ok(Self(Zeroizing::new(b.to_vec())))
    }

    /// The bytes of a file, without its trailing line break(s). Errors never include the content.
    pub fn read(path: &Path) -> Result<Self, EncodeError> {
        let shown = path.display().to_string();
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| EncodeError::SecretFile {
            path: shown.clone(),
            reason: format!("cannot read it ({e})"),
        })?);
        let mut end = bytes.len();
        while end > 0 && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        let content = bytes.get(..end).unwrap_or_default();
        Self::from_bytes(content).map_err(|_| EncodeError::SecretFile {
            path: shown,
            reason: format!(
                "{end} bytes (without the final line break), at least {MIN_SECRET_BYTES} are needed \
                 (e.g. 32 random bytes, or a long random pass phrase)"
            ),
        })
    }

    fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// What stops a whole file from being encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error(
        "secret: {len} bytes, at least {MIN_SECRET_BYTES} are needed (e.g. 32 random bytes, or a long random pass phrase)"
    )]
    SecretTooShort { len: usize },
    #[error("secret file {path}: {reason}")]
    SecretFile { path: String, reason: String },
    #[error("line 1: the header has no column {}: schema {schema} needs {}", quoted(.missing), quoted(.needed))]
    MissingColumns {
        schema: String,
        missing: Vec<String>,
        needed: Vec<String>,
    },
    #[error("line {line}: {reason}")]
    Csv { line: u64, reason: String },
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why one record of a file could not be encoded. `field` is empty when the whole line is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Line of the file (the header is line 1).
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}: {}", self.line, self.reason)
        } else {
            write!(f, "line {}, field {}: {}", self.line, self.field, self.reason)
        }
    }
}

impl std::error::Error for LineError {}

/// A record's encoding, or its errors as (field, reason).
type FieldResult = Result<EncodedRecord, Vec<(String, String)>>;

/// 32-byte HMAC keys.
type Key = Zeroizing<[u8; 32]>;

fn derive(hk: &Hkdf<Sha256>, info: &str) -> Key {
    let mut okm = Zeroizing::new([0u8; 32]);
    // Cannot fail: HKDF-SHA256 gives up to 255 × 32 bytes.
    let ok = hk.expand(info.as_bytes(), okm.as_mut_slice()).is_ok();
    debug_assert!(ok);
    okm
}

/// HMAC-SHA256 keyed with a 32-byte key. (HMAC pads a short key with zeros to the 64-byte block, so keying with
/// the padded block is HMAC with the key itself, without a fallible call.)
fn mac(key: &Key) -> HmacSha256 {
    let mut block = Zeroizing::new([0u8; 64]);
    block[..32].copy_from_slice(key.as_slice());
    <HmacSha256 as KeyInit>::new(&(*block).into())
}

/// The tokens of a normalised value.
pub fn tokens(value: &str, spec: TokenSpec) -> Vec<String> {
    match spec {
        TokenSpec::Exact => vec![value.to_owned()],
        TokenSpec::PositionalUnigrams => value
            .chars()
            .enumerate()
            .map(|(i, c)| format!("{}:{c}", i + 1))
            .collect(),
        TokenSpec::DateParts => {
            let digits: Vec<char> = value.chars().collect();
            if digits.len() != 8 {
                // Not a canonical date: its characters with their positions.
                return tokens(value, TokenSpec::PositionalUnigrams);
            }
            let mut out: Vec<String> = digits[..4]
                .iter()
                .enumerate()
                .map(|(i, c)| format!("y{}:{c}", i + 1))
                .collect();
            let (a, b): (String, String) = (digits[4..6].iter().collect(), digits[6..8].iter().collect());
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            out.push(format!("dm:{lo}{hi}"));
            out
        }
        TokenSpec::Bigrams => {
            let padded: Vec<char> = std::iter::once(' ')
                .chain(value.chars())
                .chain(std::iter::once(' '))
                .collect();
            padded.windows(2).map(|w| w.iter().collect()).collect()
        }
    }
}

/// Encodes records with a schema and a secret. Holds the derived keys (wiped when dropped).
pub struct Encoder {
    schema: Schema,
    field_keys: Vec<Key>,
    blocking_key: Key,
    salt_index: Option<usize>,
}

impl fmt::Debug for Encoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encoder")
            .field("schema", &self.schema.id())
            .finish_non_exhaustive()
    }
}

impl Encoder {
    /// Derives the per-field keys and the blocking key from the secret.
    pub fn new(schema: &Schema, secret: &Secret) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(KDF_SALT), secret.bytes());
        let id = schema.id();
        let field_keys = schema
            .fields
            .iter()
            .map(|f| derive(&hk, &format!("field:{id}:{}", f.name)))
            .collect();
        let blocking_key = derive(&hk, &format!("blocking:{id}"));
        let salt_index = schema
            .salt_field
            .as_ref()
            .and_then(|s| schema.fields.iter().position(|f| &f.name == s));
        Self {
            schema: schema.clone(),
            field_keys,
            blocking_key,
            salt_index,
        }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Encodes one record: `values` gives a field's raw value (`None` or blank when missing). Errors (one per
    /// field, `"field: reason"`): an empty id, a required field without a value, a value that normalises to
    /// nothing, an invalid date.
    pub fn encode(
        &self,
        id: &str,
        values: &dyn Fn(&str) -> Option<String>,
    ) -> Result<EncodedRecord, Vec<String>> {
        self.encode_fields(id, values).map_err(|errors| {
            errors
                .into_iter()
                .map(|(field, reason)| {
                    if field.is_empty() {
                        reason
                    } else {
                        format!("{field}: {reason}")
                    }
                })
                .collect()
        })
    }

    /// The normalised value of a field (`Ok(None)` when missing and allowed to be).
    fn normalised(&self, f: &FieldSpec, raw: Option<String>) -> Result<Option<String>, String> {
        let raw = raw.unwrap_or_default();
        if raw.trim().is_empty() {
            return if f.required {
                Err("missing (the field is required)".to_owned())
            } else {
                Ok(None)
            };
        }
        let value = match f.kind {
            FieldKind::Name => normalise::name(&raw, &f.normalise),
            FieldKind::Exact => normalise::exact(&raw, &f.normalise),
            FieldKind::Date => normalise::date(&raw, &f.normalise)?,
        };
        if value.is_empty() {
            return if f.required {
                Err("nothing is left after normalisation (no letter or digit)".to_owned())
            } else {
                Ok(None)
            };
        }
        Ok(Some(value))
    }

    /// As [`Encoder::encode`], errors as (field, reason).
    fn encode_fields(&self, id: &str, values: &dyn Fn(&str) -> Option<String>) -> FieldResult {
        let mut errors = Vec::new();
        if self.schema.filter_bits == 0 {
            // Only a schema built by hand, not through `Schema::from_json`, can say this.
            errors.push((String::new(), "the schema's filter_bits is 0".to_owned()));
            return Err(errors);
        }
        if id.trim().is_empty() {
            errors.push((String::new(), "the record's id is empty".to_owned()));
        }
        let mut normalised: Vec<Option<String>> = Vec::with_capacity(self.schema.fields.len());
        for f in &self.schema.fields {
            match self.normalised(f, values(&f.name)) {
                Ok(v) => normalised.push(v),
                Err(reason) => {
                    errors.push((f.name.clone(), reason));
                    normalised.push(None);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let m = self.schema.filter_bits;
        let mut clk = Clk::zeros(m);
        let salt = self
            .salt_index
            .and_then(|i| normalised.get(i))
            .and_then(|v| v.as_deref());
        for (i, (f, value)) in self.schema.fields.iter().zip(&normalised).enumerate() {
            let (Some(value), Some(key)) = (value, self.field_keys.get(i)) else {
                continue;
            };
            let mut keyed = mac(key);
            if let Some(s) = salt.filter(|_| Some(i) != self.salt_index) {
                keyed.update(s.as_bytes());
                keyed.update(&[0]);
            }
            for t in tokens(value, f.tokens) {
                let mut h = keyed.clone();
                h.update(t.as_bytes());
                let out = h.finalize().into_bytes();
                let mut w = [0u8; 8];
                w.copy_from_slice(&out[0..8]);
                let h1 = u128::from(u64::from_le_bytes(w));
                w.copy_from_slice(&out[8..16]);
                let h2 = u128::from(u64::from_le_bytes(w));
                for k in 0..u128::from(f.bits_per_token) {
                    clk.set(((h1 + k * h2) % m as u128) as usize);
                }
            }
        }
        if self.schema.xor_fold {
            let words = clk.words();
            let half = words.len() / 2;
            clk = Clk::from_words(
                words[..half]
                    .iter()
                    .zip(&words[half..])
                    .map(|(a, b)| a ^ b)
                    .collect(),
            );
        }

        let blocks = self
            .schema
            .blocking
            .iter()
            .filter_map(|b| {
                let mut parts = Vec::with_capacity(b.parts.len());
                for p in &b.parts {
                    let i = self.schema.fields.iter().position(|f| f.name == p.field())?;
                    let v = normalised.get(i)?.as_deref()?;
                    let part = match p {
                        BlockPart::Soundex(_) => normalise::soundex(v),
                        BlockPart::Prefix(_, n) => v.chars().take(*n).collect(),
                        BlockPart::Year(_) => v.chars().take(4).collect(),
                        BlockPart::Exact(_) => v.to_owned(),
                    };
                    if part.is_empty() {
                        return None;
                    }
                    parts.push(part);
                }
                let mut h = mac(&self.blocking_key);
                h.update(b.name.as_bytes());
                h.update(&[0]);
                h.update(parts.join("\0").as_bytes());
                let out = h.finalize().into_bytes();
                Some(out[..16].iter().map(|x| format!("{x:02x}")).collect())
            })
            .collect();

        Ok(EncodedRecord {
            id: id.trim().to_owned(),
            clk: clk.to_base64(),
            blocks,
            schema: Some(self.schema.id()),
        })
    }
}

/// The delimiter of a CSV text: `;` when the first line has semicolons and no comma, else `,`.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    }
}

/// Encodes a CSV file (`,` or `;`, fields trimmed): the header (line 1) must hold `id_field` and every field of the
/// schema (other columns are ignored). Each record becomes an encoding or errors naming its line (of the file) and
/// field: a required value missing, an invalid date, an empty or repeated id (the first record with an id keeps
/// it), a wrong number of fields. Records are encoded in parallel; the output keeps the input order.
pub fn encode_csv(
    schema: &Schema,
    secret: &Secret,
    csv_text: &str,
    id_field: &str,
) -> Result<(Vec<EncodedRecord>, Vec<LineError>), EncodeError> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .trim(csv::Trim::All)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| EncodeError::Csv {
            line: 1,
            reason: format!("cannot read the header ({e})"),
        })?
        .clone();
    if header.is_empty() {
        return Err(EncodeError::Csv {
            line: 1,
            reason: "no header (the file is empty)".to_owned(),
        });
    }
    let mut columns: HashMap<&str, usize> = HashMap::new();
    let needed: Vec<String> = std::iter::once(id_field.to_owned())
        .chain(
            schema
                .fields
                .iter()
                .map(|f| f.name.clone())
                .filter(|n| n != id_field),
        )
        .collect();
    for (i, name) in header.iter().enumerate() {
        if let Some(first) = columns.insert(name, i)
            && needed.iter().any(|n| n == name)
        {
            return Err(EncodeError::Csv {
                line: 1,
                reason: format!(
                    "column {name:?} appears twice (columns {} and {})",
                    first + 1,
                    i + 1
                ),
            });
        }
    }
    let missing: Vec<String> = needed
        .iter()
        .filter(|n| !columns.contains_key(n.as_str()))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(EncodeError::MissingColumns {
            schema: schema.id(),
            missing,
            needed,
        });
    }
    let id_column = columns.get(id_field).copied().unwrap_or_default();
    let field_columns: HashMap<String, usize> = schema
        .fields
        .iter()
        .filter_map(|f| columns.get(f.name.as_str()).map(|&i| (f.name.clone(), i)))
        .collect();

    let mut errors: Vec<LineError> = Vec::new();
    let mut rows: Vec<(u64, csv::StringRecord)> = Vec::new();
    let mut last_line = 1;
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record.position().map_or(last_line + 1, |p| p.line());
                last_line = line;
                if record.len() != header.len() {
                    errors.push(LineError {
                        line,
                        field: String::new(),
                        reason: format!("{} fields, but the header has {}", record.len(), header.len()),
                    });
                    continue;
                }
                rows.push((line, record));
            }
            Err(e) => {
                let line = e.position().map_or(last_line + 1, |p| p.line());
                last_line = line;
                errors.push(LineError {
                    line,
                    field: String::new(),
                    reason: format!("unreadable ({e})"),
                });
            }
        }
    }

    let encoder = Encoder::new(schema, secret);
    let encoded: Vec<(u64, String, FieldResult)> = rows
        .par_iter()
        .map(|(line, record)| {
            let id = record.get(id_column).unwrap_or_default().to_owned();
            let values = |field: &str| {
                field_columns
                    .get(field)
                    .and_then(|&i| record.get(i))
                    .map(str::to_owned)
            };
            (*line, id.clone(), encoder.encode_fields(&id, &values))
        })
        .collect();

    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::with_capacity(encoded.len());
    for (line, id, result) in encoded {
        let mut line_errors: Vec<LineError> = Vec::new();
        if !id.is_empty()
            && let Some(first) = seen.get(&id)
        {
            line_errors.push(LineError {
                line,
                field: id_field.to_owned(),
                reason: format!("id {id:?} is already on line {first}"),
            });
        } else {
            seen.insert(id, line);
        }
        match result {
            Ok(record) if line_errors.is_empty() => out.push(record),
            Ok(_) => {}
            Err(es) => line_errors.extend(es.into_iter().map(|(field, reason)| LineError {
                line,
                field: if field.is_empty() {
                    id_field.to_owned()
                } else {
                    field
                },
                reason,
            })),
        }
        errors.extend(line_errors);
    }
    errors.sort_by_key(|e| e.line);
    Ok((out, errors))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::from_json(
            r#"{"name": "t", "version": 1, "filter_bits": 512,
            "fields": [{"name": "n", "kind": "name", "bits_per_token": 10},
                       {"name": "d", "kind": "date", "required": false, "bits_per_token": 5}],
            "blocking": [{"name": "sy", "parts": [{"soundex": "n"}, {"year": "d"}]}]}"#,
        )
        .unwrap()
    }

    fn secret() -> Secret {
        Secret::from_bytes(b"0123456789abcdef0123456789abcdef").unwrap()
    }

    fn record(enc: &Encoder, n: &str, d: &str) -> EncodedRecord {
        let (n, d) = (n.to_owned(), d.to_owned());
        enc.encode("r1", &move |f: &str| {
            Some(if f == "n" { n.clone() } else { d.clone() })
        })
        .unwrap()
    }

    #[test]
    fn tokens_as_clkhash_cuts_them() {
        assert_eq!(tokens("ana", TokenSpec::Bigrams), vec![" a", "an", "na", "a "]);
        assert_eq!(tokens("", TokenSpec::Bigrams), vec!["  "]);
        assert_eq!(
            tokens("1990", TokenSpec::PositionalUnigrams),
            vec!["1:1", "2:9", "3:9", "4:0"]
        );
        assert_eq!(tokens("f", TokenSpec::Exact), vec!["f"]);
        assert_eq!(
            tokens("19900314", TokenSpec::DateParts),
            vec!["y1:1", "y2:9", "y3:9", "y4:0", "dm:0314"]
        );
        assert_eq!(
            tokens("19901403", TokenSpec::DateParts),
            tokens("19900314", TokenSpec::DateParts)
        );
    }

    #[test]
    fn secrets_are_long_enough_and_never_shown() {
        assert_eq!(
            Secret::from_bytes(b"short").unwrap_err(),
            EncodeError::SecretTooShort { len: 5 }
        );
        let s = secret();
        assert_eq!(format!("{s:?}"), "Secret(..)");
        assert!(!format!("{:?}", Encoder::new(&schema(), &s)).contains("0123"));
    }

    #[test]
    fn one_record_sets_its_token_bits_and_blocks() {
        let enc = Encoder::new(&schema(), &secret());
        let r = record(&enc, "Ana", "1990-04-03");
        let clk = Clk::from_base64(&r.clk).unwrap();
        assert_eq!(clk.bits(), 512);
        // 4 bigrams × 10 + 8 digits × 5, fewer where positions coincide.
        assert!(clk.ones() > 60 && clk.ones() <= 80, "{}", clk.ones());
        assert_eq!(r.blocks.len(), 1);
        assert_eq!(r.blocks[0].len(), 32);
        assert_eq!(r.schema.as_deref(), Some("t@1"));
        // Without a date: no year, so no blocking key.
        let r = record(&enc, "Ana", "");
        assert!(r.blocks.is_empty());
        let e = enc
            .encode("r2", &|f: &str| (f == "d").then(|| "1990-02-30".to_owned()))
            .unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0], "n: missing (the field is required)");
        assert!(
            e[1].starts_with("d: \"1990-02-30\" is not a calendar date"),
            "{}",
            e[1]
        );
    }

    #[test]
    fn folding_halves_the_filter() {
        let folded = Schema {
            xor_fold: true,
            ..schema()
        };
        let r = record(&Encoder::new(&folded, &secret()), "Ana", "1990-04-03");
        assert_eq!(Clk::from_base64(&r.clk).unwrap().bits(), 256);
    }

    #[test]
    fn a_hand_made_invalid_schema_is_refused_not_a_panic() {
        let broken = Schema {
            filter_bits: 0,
            ..schema()
        };
        let e = Encoder::new(&broken, &secret())
            .encode("r", &|_: &str| Some("x".to_owned()))
            .unwrap_err();
        assert_eq!(e, vec!["the schema's filter_bits is 0"]);
    }
}
