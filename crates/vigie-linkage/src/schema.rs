//! Linkage schemas: the JSON file the partners agree on before anyone encodes a record. It says which fields are
//! encoded, how each is normalised and cut into tokens, how many bits each token sets in a filter of how many bits,
//! and which keyed blocking keys go with each encoding. Two lists can be linked only if both were encoded with the
//! same schema (`name@version`) and the same secret.
//!
//! ```json
//! {"name": "vallombre-agencies", "version": 1, "filter_bits": 1024,
//!  "fields": [
//!    {"name": "last_name", "kind": "name", "tokens": "bigrams", "bits_per_token": 25,
//!     "normalise": {"particles": ["de", "van", "der"]}},
//!    {"name": "date_of_birth", "kind": "date", "tokens": "positional_unigrams", "bits_per_token": 10,
//!     "normalise": {"date_formats": ["YYYY-MM-DD", "DD/MM/YYYY"]}}],
//!  "blocking": [{"name": "soundex-last-year", "parts": [{"soundex": "last_name"}, {"year": "date_of_birth"}]}]}
//! ```
//!
//! Defaults: `filter_bits` 1024, `blocking` none, `salt_field` none, `xor_fold` false, `balance` false; per field `required` true,
//! `tokens` by kind (`bigrams` for names, `positional_unigrams` for dates, `exact` for exact fields),
//! `normalise` {`case`, `accents`, `transliterate`: true, `particles`: none, `date_formats`: `["YYYY-MM-DD"]`},
//! `key_group` none (fields naming the same `key_group` share one hashing key: see [`FieldSpec::key_group`]).
//! `bits_per_token` has no default: it is the weight of the field. Unknown keys are refused everywhere.

use std::collections::HashSet;

use serde::Deserialize;

use crate::normalise;

/// Filter length when the schema does not say.
pub const DEFAULT_FILTER_BITS: usize = 1024;

/// The date formats a date field may accept.
pub const DATE_FORMATS: [&str; 6] = [
    "YYYY-MM-DD",
    "DD/MM/YYYY",
    "MM/DD/YYYY",
    "YYYYMMDD",
    "DD.MM.YYYY",
    "DD-MM-YYYY",
];

/// Longest prefix a blocking part may take.
pub const MAX_PREFIX: usize = 64;

/// A linkage schema, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    pub name: String,
    pub version: u32,
    /// Length of the filter before any folding: a multiple of 64 in 256..=8192 (of 128 with `xor_fold`).
    pub filter_bits: usize,
    pub fields: Vec<FieldSpec>,
    pub blocking: Vec<BlockingSpec>,
    /// A (required) field whose normalised value salts the hashing of every other field: equal tokens of two
    /// records then set the same bits only when the salt values agree too (hardening against frequency attacks, at
    /// the price of no match at all when the salt field differs).
    pub salt_field: Option<String>,
    /// Fold the filter in half by XOR at the end (hardening; the encodings have `filter_bits / 2` bits).
    pub xor_fold: bool,
    /// Balance the filter (Berger and Schnell 2017): append its complement and shuffle the bits with a keyed
    /// permutation, so that every encoding has exactly half of its bits set and the count of bits set no longer
    /// tells the length of the names (hardening; the encodings are twice as long, after any folding).
    pub balance: bool,
}

/// One encoded field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The column name in the input.
    pub name: String,
    pub kind: FieldKind,
    /// A record without a value here cannot be encoded (otherwise the field simply sets no bits).
    pub required: bool,
    pub normalise: NormaliseSpec,
    pub tokens: TokenSpec,
    /// Bits set per token (the field's weight), 1..=100.
    pub bits_per_token: u32,
    /// Fields with the same key group share their hashing key, so that a value written in the other field sets the
    /// same bits: first and last names swapped (common where the family name comes first) still match. `None`:
    /// the field's own key.
    pub key_group: Option<String>,
}

/// How a field's value is normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A person's name, or other free text (an address, a place): letters, digits and single spaces.
    Name,
    /// A date, read in one of the field's `date_formats`, canonical `YYYYMMDD`.
    Date,
    /// A code or identifier compared whole (sex, nationality, an identity number): case, accents and spaces
    /// normalised, punctuation kept.
    Exact,
}

/// How a normalised value is cut into tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenSpec {
    /// Character bigrams of the value padded with a space at each end: `ana` → ` a`, `an`, `na`, `a `.
    Bigrams,
    /// Each character with its position (from 1): `1990…` → `1:1`, `2:9`, `3:9`, `4:0`, …
    PositionalUnigrams,
    /// The whole value as one token.
    Exact,
    /// For dates (`YYYYMMDD`): the year's digits with their positions, and the day and month as one unordered pair,
    /// so that a date with day and month swapped gives the same tokens: `19900314` → `y1:1`, `y2:9`, `y3:9`,
    /// `y4:0`, `dm:0314`; and `19901403`, the same.
    DateParts,
}

/// Normalisation options of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormaliseSpec {
    /// Lower-case (default true).
    pub case: bool,
    /// Strip accents and other diacritics, and spell special Latin letters in ASCII (`ß` → `ss`, `Đ` → `d`)
    /// (default true).
    pub accents: bool,
    /// Spell letters of other scripts in Latin (Cyrillic, Greek, Arabic, Chinese…) (default true).
    pub transliterate: bool,
    /// Name particles removed as separate words (normalised like the names), e.g. `["de", "van", "der"]`. A name
    /// made of particles only is kept whole.
    pub particles: Vec<String>,
    /// For dates: the accepted input formats (tried in order), among [`DATE_FORMATS`].
    pub date_formats: Vec<String>,
}

impl Default for NormaliseSpec {
    fn default() -> Self {
        Self {
            case: true,
            accents: true,
            transliterate: true,
            particles: Vec::new(),
            date_formats: vec!["YYYY-MM-DD".to_owned()],
        }
    }
}

/// One keyed blocking key: the concatenation of its parts, computed for each record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockingSpec {
    pub name: String,
    pub parts: Vec<BlockPart>,
}

/// A part of a blocking key, computed on a field's normalised value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockPart {
    /// American Soundex of the field (JSON `{"soundex": "last_name"}`).
    Soundex(String),
    /// The first characters of the field (JSON `{"prefix": {"field": "last_name", "length": 3}}`).
    Prefix(String, usize),
    /// The year of a date field (JSON `{"year": "date_of_birth"}`).
    Year(String),
    /// The whole normalised value (JSON `{"exact": "sex"}`).
    Exact(String),
}

impl BlockPart {
    /// The field the part reads.
    pub fn field(&self) -> &str {
        match self {
            Self::Soundex(f) | Self::Prefix(f, _) | Self::Year(f) | Self::Exact(f) => f,
        }
    }
}

/// Why a schema is refused. Each message says where: the JSON position, or the field or blocking key (numbered
/// from 1) and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error("schema: JSON line {line}, column {column}: {reason}")]
    Json {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("schema: {key}: {reason}")]
    Invalid { key: String, reason: String },
    #[error("schema: field {index} ({name}): {key}: {reason}")]
    Field {
        index: usize,
        name: String,
        key: String,
        reason: String,
    },
    #[error("schema: blocking {index} ({name}): {key}: {reason}")]
    Blocking {
        index: usize,
        name: String,
        key: String,
        reason: String,
    },
}

// ---------------------------------------------------------------------------------------------------------------
// The JSON as written, before validation.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    name: Option<String>,
    version: Option<u32>,
    filter_bits: Option<usize>,
    fields: Option<Vec<RawField>>,
    #[serde(default)]
    blocking: Vec<RawBlocking>,
    #[serde(default)]
    salt_field: Option<String>,
    #[serde(default)]
    xor_fold: bool,
    #[serde(default)]
    balance: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Option<String>,
    kind: Option<FieldKind>,
    required: Option<bool>,
    #[serde(default)]
    normalise: RawNormalise,
    tokens: Option<TokenSpec>,
    bits_per_token: Option<u32>,
    #[serde(default)]
    key_group: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNormalise {
    case: Option<bool>,
    accents: Option<bool>,
    transliterate: Option<bool>,
    particles: Option<Vec<String>>,
    date_formats: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlocking {
    name: Option<String>,
    parts: Option<Vec<RawPart>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum RawPart {
    Soundex(String),
    Prefix { field: String, length: usize },
    Year(String),
    Exact(String),
}

fn invalid(key: &str, reason: impl Into<String>) -> SchemaError {
    SchemaError::Invalid {
        key: key.to_owned(),
        reason: reason.into(),
    }
}

/// A name or identifier: not empty, no surrounding spaces, no control characters.
fn check_identifier(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("empty".to_owned());
    }
    if value.trim() != value {
        return Err(format!("{value:?} has spaces around it"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{value:?} holds a control character"));
    }
    Ok(())
}

/// Expected number of tokens of a typical value (a name or free text of about six characters, a date of eight
/// digits, an exact value of about six characters), for [`Schema::warnings`].
fn expected_tokens(kind: FieldKind, tokens: TokenSpec) -> f64 {
    match (kind, tokens) {
        (_, TokenSpec::Exact) => 1.0,
        (_, TokenSpec::DateParts) => 5.0,
        (FieldKind::Date, TokenSpec::Bigrams) => 9.0,
        (FieldKind::Date, TokenSpec::PositionalUnigrams) => 8.0,
        (_, TokenSpec::Bigrams) => 7.0,
        (_, TokenSpec::PositionalUnigrams) => 6.0,
    }
}

impl Schema {
    /// Parses and validates a schema. The first problem found is returned.
    pub fn from_json(text: &str) -> Result<Self, SchemaError> {
        let raw: RawSchema = serde_json::from_str(text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let full = e.to_string();
            let suffix = format!(" at line {line} column {column}");
            let reason = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
            SchemaError::Json { line, column, reason }
        })?;
        Self::from_raw(raw)
    }

    fn from_raw(raw: RawSchema) -> Result<Self, SchemaError> {
        let name = raw.name.ok_or_else(|| invalid("name", "missing"))?;
        check_identifier(&name).map_err(|r| invalid("name", r))?;
        if name.contains('@') {
            return Err(invalid(
                "name",
                format!("{name:?} holds '@' (the schema's identifier is name@version)"),
            ));
        }
        let version = raw.version.ok_or_else(|| invalid("version", "missing"))?;
        let filter_bits = raw.filter_bits.unwrap_or(DEFAULT_FILTER_BITS);
        if !(256..=8192).contains(&filter_bits) {
            return Err(invalid(
                "filter_bits",
                format!("{filter_bits} is not in 256..=8192"),
            ));
        }
        if !filter_bits.is_multiple_of(64) {
            return Err(invalid(
                "filter_bits",
                format!("{filter_bits} is not a multiple of 64"),
            ));
        }
        if raw.xor_fold && !filter_bits.is_multiple_of(128) {
            return Err(invalid(
                "filter_bits",
                format!(
                    "{filter_bits} is not a multiple of 128: folded in half (xor_fold) it must stay a multiple of 64"
                ),
            ));
        }
        let raw_fields = raw.fields.ok_or_else(|| invalid("fields", "missing"))?;
        if raw_fields.is_empty() {
            return Err(invalid("fields", "empty: a schema encodes at least one field"));
        }
        // Names seen so far, with their position (a map, so that a schema of many fields is read in linear time).
        let mut field_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut fields: Vec<FieldSpec> = Vec::with_capacity(raw_fields.len());
        for (i, f) in raw_fields.into_iter().enumerate() {
            let field = Self::field(i + 1, f)?;
            if let Some(first) = field_at.get(&field.name) {
                return Err(SchemaError::Field {
                    index: i + 1,
                    name: field.name,
                    key: "name".to_owned(),
                    reason: format!("field {} has the same name", first + 1),
                });
            }
            field_at.insert(field.name.clone(), i);
            fields.push(field);
        }

        let mut blocking_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut blocking: Vec<BlockingSpec> = Vec::with_capacity(raw.blocking.len());
        for (i, b) in raw.blocking.into_iter().enumerate() {
            let spec = Self::blocking(i + 1, b, &fields, &field_at)?;
            if let Some(first) = blocking_at.get(&spec.name) {
                return Err(SchemaError::Blocking {
                    index: i + 1,
                    name: spec.name,
                    key: "name".to_owned(),
                    reason: format!("blocking key {} has the same name", first + 1),
                });
            }
            blocking_at.insert(spec.name.clone(), i);
            blocking.push(spec);
        }

        if let Some(salt) = &raw.salt_field {
            match fields.iter().find(|f| &f.name == salt) {
                None => {
                    return Err(invalid("salt_field", format!("no field named {salt:?}")));
                }
                Some(f) if !f.required => {
                    return Err(invalid(
                        "salt_field",
                        format!("field {salt:?} is not required: a record without a salt could match no one"),
                    ));
                }
                Some(_) => {}
            }
        }

        Ok(Self {
            name,
            version,
            filter_bits,
            fields,
            blocking,
            salt_field: raw.salt_field,
            xor_fold: raw.xor_fold,
            balance: raw.balance,
        })
    }

    fn field(index: usize, f: RawField) -> Result<FieldSpec, SchemaError> {
        let shown = f.name.clone().unwrap_or_else(|| "unnamed".to_owned());
        let err = |key: &str, reason: String| SchemaError::Field {
            index,
            name: shown.clone(),
            key: key.to_owned(),
            reason,
        };
        let name = f.name.clone().ok_or_else(|| err("name", "missing".to_owned()))?;
        check_identifier(&name).map_err(|r| err("name", r))?;
        if let Some(g) = &f.key_group {
            check_identifier(g).map_err(|r| err("key_group", r))?;
        }
        let kind = f
            .kind
            .ok_or_else(|| err("kind", "missing (name, date or exact)".to_owned()))?;
        let bits_per_token = f.bits_per_token.ok_or_else(|| {
            err(
                "bits_per_token",
                "missing (the field's weight, 1..=100)".to_owned(),
            )
        })?;
        if !(1..=100).contains(&bits_per_token) {
            return Err(err(
                "bits_per_token",
                format!("{bits_per_token} is not in 1..=100"),
            ));
        }
        let tokens = f.tokens.unwrap_or(match kind {
            FieldKind::Name => TokenSpec::Bigrams,
            FieldKind::Date => TokenSpec::PositionalUnigrams,
            FieldKind::Exact => TokenSpec::Exact,
        });

        let n = f.normalise;
        let mut spec = NormaliseSpec::default();
        if kind == FieldKind::Date {
            for (key, given) in [
                ("case", n.case),
                ("accents", n.accents),
                ("transliterate", n.transliterate),
            ] {
                if given.is_some() {
                    return Err(err(
                        &format!("normalise.{key}"),
                        "does not apply to a date field (dates are read in their date_formats)".to_owned(),
                    ));
                }
            }
        }
        spec.case = n.case.unwrap_or(true);
        spec.accents = n.accents.unwrap_or(true);
        spec.transliterate = n.transliterate.unwrap_or(true);
        if let Some(particles) = n.particles {
            if kind != FieldKind::Name {
                return Err(err(
                    "normalise.particles",
                    "only apply to a name field".to_owned(),
                ));
            }
            let bare = NormaliseSpec {
                particles: Vec::new(),
                ..spec.clone()
            };
            let mut seen = HashSet::new();
            for p in particles {
                let norm = normalise::name(&p, &bare);
                if norm.is_empty() || norm.contains(' ') {
                    return Err(err(
                        "normalise.particles",
                        format!("{p:?} is not a single word (give \"de la\" as \"de\" and \"la\")"),
                    ));
                }
                if seen.insert(norm.clone()) {
                    spec.particles.push(norm);
                }
            }
        }
        if let Some(formats) = n.date_formats {
            if kind != FieldKind::Date {
                return Err(err(
                    "normalise.date_formats",
                    "only apply to a date field".to_owned(),
                ));
            }
            if formats.is_empty() {
                return Err(err(
                    "normalise.date_formats",
                    "empty: give at least one format".to_owned(),
                ));
            }
            let mut seen = HashSet::new();
            for f in &formats {
                if !DATE_FORMATS.contains(&f.as_str()) {
                    return Err(err(
                        "normalise.date_formats",
                        format!("{f:?} is not a known format (known: {})", DATE_FORMATS.join(", ")),
                    ));
                }
                if !seen.insert(f.as_str()) {
                    return Err(err("normalise.date_formats", format!("{f:?} is given twice")));
                }
            }
            spec.date_formats = formats;
        }

        Ok(FieldSpec {
            name,
            kind,
            required: f.required.unwrap_or(true),
            normalise: spec,
            tokens,
            bits_per_token,
            key_group: f.key_group,
        })
    }

    fn blocking(
        index: usize,
        b: RawBlocking,
        fields: &[FieldSpec],
        field_at: &std::collections::HashMap<String, usize>,
    ) -> Result<BlockingSpec, SchemaError> {
        let shown = b.name.clone().unwrap_or_else(|| "unnamed".to_owned());
        let err = |key: &str, reason: String| SchemaError::Blocking {
            index,
            name: shown.clone(),
            key: key.to_owned(),
            reason,
        };
        let name = b.name.clone().ok_or_else(|| err("name", "missing".to_owned()))?;
        check_identifier(&name).map_err(|r| err("name", r))?;
        let raw_parts = b.parts.ok_or_else(|| err("parts", "missing".to_owned()))?;
        if raw_parts.is_empty() {
            return Err(err(
                "parts",
                "empty: a blocking key has at least one part".to_owned(),
            ));
        }
        let mut parts = Vec::with_capacity(raw_parts.len());
        for p in raw_parts {
            let (key, part) = match p {
                RawPart::Soundex(f) => ("soundex", BlockPart::Soundex(f)),
                RawPart::Prefix { field, length } => ("prefix", BlockPart::Prefix(field, length)),
                RawPart::Year(f) => ("year", BlockPart::Year(f)),
                RawPart::Exact(f) => ("exact", BlockPart::Exact(f)),
            };
            let Some(field) = field_at.get(part.field()).and_then(|&i| fields.get(i)) else {
                return Err(err(key, format!("no field named {:?}", part.field())));
            };
            match &part {
                BlockPart::Year(_) if field.kind != FieldKind::Date => {
                    return Err(err(key, format!("field {:?} is not a date", field.name)));
                }
                BlockPart::Soundex(_) if field.kind == FieldKind::Date => {
                    return Err(err(
                        key,
                        format!("field {:?} is a date: soundex codes letters", field.name),
                    ));
                }
                BlockPart::Prefix(_, length) if !(1..=MAX_PREFIX).contains(length) => {
                    return Err(err(key, format!("length {length} is not in 1..={MAX_PREFIX}")));
                }
                _ => {}
            }
            parts.push(part);
        }
        Ok(BlockingSpec { name, parts })
    }

    /// The schema's identifier, `name@version`, written into every encoding.
    pub fn id(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// Length of the encodings: `filter_bits`, halved by `xor_fold`, doubled by `balance`.
    pub fn output_bits(&self) -> usize {
        let folded = if self.xor_fold {
            self.filter_bits / 2
        } else {
            self.filter_bits
        };
        if self.balance { 2 * folded } else { folded }
    }

    /// The field named `name`.
    pub fn field_named(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Expected number of bits set in the (unfolded) filter by a typical record with every field present: `k`
    /// hash positions thrown into `m` bits set about `m (1 − e^{−k/m})` of them.
    pub fn expected_fill(&self) -> f64 {
        let k: f64 = self
            .fields
            .iter()
            .map(|f| f64::from(f.bits_per_token) * expected_tokens(f.kind, f.tokens))
            .sum();
        1.0 - (-k / self.filter_bits as f64).exp()
    }

    /// Weaknesses of a valid schema, in words (empty when none is seen). Estimates use typical values: a name of
    /// about six letters (7 bigrams), a date of 8 digits, an exact value as one token.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let fill = self.expected_fill();
        if fill < 0.15 {
            out.push(format!(
                "filter: a typical record sets about {:.0} % of the {} bits: too sparse, the Dice scores will be noisy \
                 (raise bits_per_token or lower filter_bits)",
                100.0 * fill,
                self.filter_bits
            ));
        } else if fill > 0.65 {
            out.push(format!(
                "filter: a typical record sets about {:.0} % of the {} bits: too dense, different people will score \
                 high (lower bits_per_token or raise filter_bits)",
                100.0 * fill,
                self.filter_bits
            ));
        }
        for f in &self.fields {
            let t = expected_tokens(f.kind, f.tokens);
            if t < 2.0 {
                out.push(format!(
                    "field {}: about {t:.0} token for a typical value: every record with the same value sets the same \
                     bits (a frequency attack can read the value) and a small difference loses the whole field \
                     (prefer bigrams)",
                    f.name
                ));
            }
        }
        if !self.fields.iter().any(|f| f.kind == FieldKind::Name) {
            out.push("fields: none is a name: encodings without a name rarely tell people apart".to_owned());
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"{"name": "vallombre-agencies", "version": 1, "filter_bits": 1024,
 "fields": [
   {"name": "first_name", "kind": "name", "required": false, "tokens": "bigrams", "bits_per_token": 20, "normalise": {"particles": []}},
   {"name": "last_name", "kind": "name", "tokens": "bigrams", "bits_per_token": 25, "normalise": {"particles": ["de", "van", "der", "von", "da", "al", "el"]}},
   {"name": "date_of_birth", "kind": "date", "tokens": "positional_unigrams", "bits_per_token": 10, "normalise": {"date_formats": ["YYYY-MM-DD", "DD/MM/YYYY"]}},
   {"name": "sex", "kind": "exact", "tokens": "exact", "bits_per_token": 20}],
 "blocking": [{"name": "soundex-last-year", "parts": [{"soundex": "last_name"}, {"year": "date_of_birth"}]}]}"#;

    fn err(text: &str) -> String {
        Schema::from_json(text).unwrap_err().to_string()
    }

    /// The example with one replacement.
    fn with(from: &str, to: &str) -> String {
        assert!(EXAMPLE.contains(from), "{from}");
        EXAMPLE.replacen(from, to, 1)
    }

    #[test]
    fn the_example_parses_with_defaults() {
        let s = Schema::from_json(EXAMPLE).unwrap();
        assert_eq!(s.id(), "vallombre-agencies@1");
        assert_eq!((s.filter_bits, s.output_bits(), s.xor_fold), (1024, 1024, false));
        assert_eq!(s.fields.len(), 4);
        assert!(!s.fields[0].required && s.fields[1].required);
        assert_eq!(s.fields[1].normalise.particles.len(), 7);
        assert!(s.fields[1].normalise.case && s.fields[1].normalise.accents);
        assert_eq!(
            s.fields[2].normalise.date_formats,
            vec!["YYYY-MM-DD", "DD/MM/YYYY"]
        );
        assert_eq!(s.fields[3].normalise.date_formats, vec!["YYYY-MM-DD"]);
        assert_eq!(s.fields[3].tokens, TokenSpec::Exact);
        assert_eq!(
            s.blocking[0].parts,
            vec![
                BlockPart::Soundex("last_name".into()),
                BlockPart::Year("date_of_birth".into())
            ]
        );
        assert_eq!(s.salt_field, None);
        let minimal = Schema::from_json(
            r#"{"name": "m", "version": 2, "fields": [{"name": "n", "kind": "name", "bits_per_token": 30},
            {"name": "d", "kind": "date", "bits_per_token": 10}], "xor_fold": true,
            "blocking": [{"name": "p", "parts": [{"prefix": {"field": "n", "length": 2}}]}]}"#,
        )
        .unwrap();
        assert_eq!(minimal.filter_bits, 1024);
        assert_eq!(minimal.output_bits(), 512);
        assert_eq!(minimal.fields[0].tokens, TokenSpec::Bigrams);
        assert_eq!(minimal.fields[1].tokens, TokenSpec::PositionalUnigrams);
        assert_eq!(minimal.blocking[0].parts, vec![BlockPart::Prefix("n".into(), 2)]);
    }

    #[test]
    fn a_schema_of_many_fields_is_read_in_linear_time() {
        // Found while fuzzing: names were compared with every name before them (quadratic). 20,000 fields, the
        // last a repeat of the first: refused naming both, without comparing every pair.
        let mut fields: Vec<String> = (0..20_000)
            .map(|i| format!(r#"{{"name": "f{i}", "kind": "name", "bits_per_token": 30}}"#))
            .collect();
        fields.push(r#"{"name": "f0", "kind": "name", "bits_per_token": 30}"#.to_owned());
        let text = format!(
            r#"{{"name": "m", "version": 2, "fields": [{}]}}"#,
            fields.join(",")
        );
        let e = Schema::from_json(&text).unwrap_err().to_string();
        assert!(e.contains("field 1 has the same name"), "{e}");
    }

    #[test]
    fn malformed_json_names_the_position() {
        let e = Schema::from_json("{\"name\": \"x\",\n \"version\": 1,\n \"fields\": [}").unwrap_err();
        match &e {
            SchemaError::Json { line, column, .. } => assert_eq!((*line, *column), (3, 13)),
            other => panic!("{other:?}"),
        }
        assert!(
            e.to_string().starts_with("schema: JSON line 3, column 13: "),
            "{e}"
        );
    }

    #[test]
    fn unknown_kinds_and_keys_are_refused_with_their_position() {
        let e = err(&with("\"kind\": \"exact\"", "\"kind\": \"gender\""));
        assert!(
            e.contains("unknown variant `gender`") && e.contains("line 6"),
            "{e}"
        );
        let e = err(&with("\"tokens\": \"exact\"", "\"tokens\": \"trigrams\""));
        assert!(e.contains("unknown variant `trigrams`"), "{e}");
        let e = err(&with("\"required\": false", "\"optional\": true"));
        assert!(e.contains("unknown field `optional`"), "{e}");
        let e = err(&with("\"particles\": []", "\"particle\": []"));
        assert!(e.contains("unknown field `particle`"), "{e}");
    }

    #[test]
    fn field_errors_name_the_field_and_the_key() {
        assert_eq!(
            err(&with("\"bits_per_token\": 10", "\"bits_per_token\": 0")),
            "schema: field 3 (date_of_birth): bits_per_token: 0 is not in 1..=100"
        );
        assert_eq!(
            err(&with("\"bits_per_token\": 20}]", "\"bits_per_token\": 101}]")),
            "schema: field 4 (sex): bits_per_token: 101 is not in 1..=100"
        );
        assert_eq!(
            err(&with("\"name\": \"sex\"", "\"name\": \"last_name\"")),
            "schema: field 4 (last_name): name: field 2 has the same name"
        );
        assert_eq!(
            err(&with(", \"bits_per_token\": 20}]", "}]")),
            "schema: field 4 (sex): bits_per_token: missing (the field's weight, 1..=100)"
        );
        let e = err(&with("\"DD/MM/YYYY\"", "\"D/M/YY\""));
        assert!(
            e.starts_with(
                "schema: field 3 (date_of_birth): normalise.date_formats: \"D/M/YY\" is not a known format"
            ),
            "{e}"
        );
        let e = err(&with("\"particles\": []", "\"particles\": [\"de la\"]"));
        assert!(
            e.contains("field 1 (first_name): normalise.particles: \"de la\" is not a single word"),
            "{e}"
        );
        let e = err(&with(
            "\"bits_per_token\": 20}]",
            "\"bits_per_token\": 20, \"normalise\": {\"particles\": [\"x\"]}}]",
        ));
        assert!(
            e.contains("field 4 (sex): normalise.particles: only apply to a name field"),
            "{e}"
        );
        let e = err(&with("\"date_formats\"", "\"case\": false, \"date_formats\""));
        assert!(
            e.contains("field 3 (date_of_birth): normalise.case: does not apply to a date field"),
            "{e}"
        );
    }

    #[test]
    fn blocking_and_salt_must_refer_to_fields() {
        assert_eq!(
            err(&with(
                "{\"soundex\": \"last_name\"}",
                "{\"soundex\": \"surname\"}"
            )),
            "schema: blocking 1 (soundex-last-year): soundex: no field named \"surname\""
        );
        assert_eq!(
            err(&with(
                "{\"year\": \"date_of_birth\"}",
                "{\"year\": \"last_name\"}"
            )),
            "schema: blocking 1 (soundex-last-year): year: field \"last_name\" is not a date"
        );
        let e = err(&with(
            "{\"soundex\": \"last_name\"}",
            "{\"prefix\": {\"field\": \"last_name\", \"length\": 0}}",
        ));
        assert!(e.ends_with("prefix: length 0 is not in 1..=64"), "{e}");
        let e = err(&with("\"parts\": [{", "\"parts\": [], \"x\": [{"));
        assert!(e.contains("unknown field `x`"), "{e}");
        let e = err(&with(
            "\"blocking\": [",
            "\"salt_field\": \"nationality\", \"blocking\": [",
        ));
        assert_eq!(e, "schema: salt_field: no field named \"nationality\"");
        let e = err(&with(
            "\"blocking\": [",
            "\"salt_field\": \"first_name\", \"blocking\": [",
        ));
        assert!(
            e.contains("salt_field: field \"first_name\" is not required"),
            "{e}"
        );
        let s = Schema::from_json(&with(
            "\"blocking\": [",
            "\"salt_field\": \"sex\", \"blocking\": [",
        ))
        .unwrap();
        assert_eq!(s.salt_field.as_deref(), Some("sex"));
    }

    #[test]
    fn schema_level_errors() {
        assert_eq!(
            err(&with("\"filter_bits\": 1024", "\"filter_bits\": 1000")),
            "schema: filter_bits: 1000 is not a multiple of 64"
        );
        assert_eq!(
            err(&with("\"filter_bits\": 1024", "\"filter_bits\": 128")),
            "schema: filter_bits: 128 is not in 256..=8192"
        );
        assert!(
            err(&with(
                "\"filter_bits\": 1024",
                "\"filter_bits\": 320, \"xor_fold\": true"
            ))
            .contains("multiple of 128")
        );
        assert_eq!(err(&with("\"version\": 1,", "")), "schema: version: missing");
        assert!(err(&with("\"vallombre-agencies\"", "\"a@b\"")).contains("'@'"));
        assert_eq!(
            err(r#"{"name": "x", "version": 1, "fields": []}"#),
            "schema: fields: empty: a schema encodes at least one field"
        );
    }

    #[test]
    fn warnings_flag_weak_schemas() {
        let s = Schema::from_json(EXAMPLE).unwrap();
        let w = s.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("field sex: about 1 token"), "{w:?}");
        let sparse = Schema::from_json(
            r#"{"name": "s", "version": 1, "filter_bits": 4096,
            "fields": [{"name": "n", "kind": "name", "bits_per_token": 5}, {"name": "d", "kind": "date", "bits_per_token": 5}]}"#,
        )
        .unwrap();
        let w = sparse.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("too sparse"), "{w:?}");
        let dense = Schema::from_json(
            r#"{"name": "s", "version": 1, "filter_bits": 256,
            "fields": [{"name": "d", "kind": "date", "bits_per_token": 40}]}"#,
        )
        .unwrap();
        let w = dense.warnings();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].contains("too dense") && w[1].contains("none is a name"),
            "{w:?}"
        );
    }
}
