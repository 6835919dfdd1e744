//! Encoding records into Bloom filters (cryptographic long-term keys, Schnell, Bachteler and Reiher 2009) with a
//! secret shared by the partners, as each agency does at the source before anything leaves it.
//!
//! For each field `f` of the [`Schema`], a key `key_f = HKDF-SHA256(ikm = secret, salt = "vigie-linkage",
//! info = "field:" + schema.id() + ":" + f.name)` (32 bytes; `"group:" + schema.id() + ":" + f.key_group` for the
//! fields of a key group, which thus share it). Each token `t` of the field's normalised value sets
//! `bits_per_token` bits at the positions `(h1 + i·h2) mod filter_bits`, `i = 0..k`, where `h1`, `h2` are the
//! first two 64-bit little-endian words of `HMAC-SHA256(key_f, t)` (of `HMAC-SHA256(key_f, salt ‖ 0x00 ‖ t)` when
//! the schema names a salt field, whose normalised value is the salt). Equal tokens of different fields thus set
//! unrelated bits, and without the secret no one can test a guessed name against a filter.
//!
//! Blocking keys: for each blocking spec, the concatenation of its parts (joined by 0x00) on the normalised values;
//! no key when a part is empty (a record without a date of birth is in no year block); then
//! `HMAC-SHA256(key_b, spec.name ‖ 0x00 ‖ value)` with `key_b = HKDF(…, info = "blocking:" + schema.id())`, its
//! first 16 bytes in hex.
//!
//! Speed: a file is cut at record starts into a piece per core (more for long files), each read and encoded by one
//! worker straight into JSON lines. A token's bits depend only on its field, the salt and the token, so each worker
//! keeps them in a `Memo` (ASCII tokens by their place in a table, others by their bytes): each distinct token is
//! hashed once per worker rather than once per record. HMAC-SHA256 is keyed once per key (two compressions per
//! short message); ASCII values are normalised without allocating. The encodings are byte for byte the same with
//! or without the memo (tested, and pinned by a known answer).

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hkdf::Hkdf;
use rayon::prelude::*;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::clk::EncodedRecord;
use crate::keyed::KeyedHash;
use crate::normalise;
use crate::schema::{BlockPart, FieldKind, FieldSpec, Schema, TokenSpec};

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

/// 32-byte HMAC keys.
type Key = Zeroizing<[u8; 32]>;

fn derive(hk: &Hkdf<Sha256>, info: &str) -> Key {
    let mut okm = Zeroizing::new([0u8; 32]);
    // Cannot fail: HKDF-SHA256 gives up to 255 × 32 bytes.
    let ok = hk.expand(info.as_bytes(), okm.as_mut_slice()).is_ok();
    debug_assert!(ok);
    okm
}

/// The tokens of a normalised value.
pub fn tokens(value: &str, spec: TokenSpec) -> Vec<String> {
    let mut out = Vec::new();
    each_token(value, spec, &mut Vec::new(), &mut |t| {
        out.push(String::from_utf8_lossy(t).into_owned());
    });
    out
}

/// Calls `f` with the bytes of each token of a normalised value, in order ([`tokens`] collects them), built in
/// `buf` without allocating per token. Tokens: the value itself (`exact`); each character with its position from 1,
/// `"3:x"` (`positional_unigrams`); for an eight-digit date, `"y1:1" … "y4:9"` for the year's digits and
/// `"dm:0112"` for day and month as an unordered pair, else positional unigrams (`date_parts`); each pair of
/// neighbouring characters of the value padded with a space at both ends (`bigrams`).
pub fn each_token(value: &str, spec: TokenSpec, buf: &mut Vec<u8>, f: &mut impl FnMut(&[u8])) {
    each_token_at(value, spec, &mut |_, t| {
        buf.clear();
        t.write(buf);
        f(buf);
    });
}

/// Positions a dense table keeps for positional tokens: characters 1 to 32.
const DENSE_POSITIONS: usize = 32;

/// Places in a field's dense table (see [`Memo`]): each pair of ASCII characters for bigrams; each ASCII character
/// at each of the first [`DENSE_POSITIONS`] positions for positional unigrams, twice for dates (with and without
/// the year's `y`).
fn dense_size(spec: TokenSpec) -> usize {
    match spec {
        TokenSpec::Exact => 0,
        TokenSpec::Bigrams => 128 * 128,
        TokenSpec::PositionalUnigrams => DENSE_POSITIONS * 128,
        TokenSpec::DateParts => 2 * DENSE_POSITIONS * 128,
    }
}

/// A token, written out only when its bytes are needed.
#[derive(Clone, Copy)]
enum Token<'a> {
    /// A bigram.
    Pair(char, char),
    /// A character with a prefix and its position from 1: `"y3:9"`.
    At(&'static [u8], usize, char),
    /// Day and month of a date: `"dm:0112"`.
    DayMonth([char; 4]),
    Bytes(&'a [u8]),
}

impl Token<'_> {
    fn write(self, buf: &mut Vec<u8>) {
        match self {
            Token::Pair(a, b) => {
                push_char(buf, a);
                push_char(buf, b);
            }
            Token::At(prefix, i, c) => {
                buf.extend_from_slice(prefix);
                push_number(buf, i);
                buf.push(b':');
                push_char(buf, c);
            }
            Token::DayMonth(cs) => {
                buf.extend_from_slice(b"dm:");
                for c in cs {
                    push_char(buf, c);
                }
            }
            Token::Bytes(b) => buf.extend_from_slice(b),
        }
    }
}

/// As [`each_token`], each token with its place in the field's dense table when it has one (below
/// [`dense_size`]; distinct tokens have distinct places).
fn each_token_at<'a>(value: &'a str, spec: TokenSpec, f: &mut impl FnMut(Option<usize>, Token<'a>)) {
    match spec {
        TokenSpec::Exact => f(None, Token::Bytes(value.as_bytes())),
        TokenSpec::PositionalUnigrams => positional(value.chars(), b"", 0, f),
        TokenSpec::DateParts => {
            let mut chars = ['\0'; 8];
            let mut n = 0;
            for c in value.chars() {
                if let Some(slot) = chars.get_mut(n) {
                    *slot = c;
                }
                n += 1;
            }
            let [y1, y2, y3, y4, d1, d2, m1, m2] = chars;
            if n != 8 {
                // Not a canonical date: its characters with their positions.
                return positional(value.chars(), b"", 0, f);
            }
            positional([y1, y2, y3, y4].into_iter(), b"y", DENSE_POSITIONS * 128, f);
            let pair = if (d1, d2) <= (m1, m2) {
                [d1, d2, m1, m2]
            } else {
                [m1, m2, d1, d2]
            };
            f(None, Token::DayMonth(pair));
        }
        TokenSpec::Bigrams if value.is_ascii() => {
            let mut prev = b' ';
            for &c in value.as_bytes().iter().chain(std::iter::once(&b' ')) {
                f(
                    Some(usize::from(prev) * 128 + usize::from(c)),
                    Token::Pair(char::from(prev), char::from(c)),
                );
                prev = c;
            }
        }
        TokenSpec::Bigrams => {
            let mut prev = ' ';
            for c in value.chars().chain(std::iter::once(' ')) {
                let at = (prev.is_ascii() && c.is_ascii()).then_some(prev as usize * 128 + c as usize);
                f(at, Token::Pair(prev, c));
                prev = c;
            }
        }
    }
}

/// Each character with its position from 1 after a prefix: `"y3:9"`; dense places from `base`.
fn positional<'a>(
    chars: impl Iterator<Item = char>,
    prefix: &'static [u8],
    base: usize,
    f: &mut impl FnMut(Option<usize>, Token<'a>),
) {
    for (i, c) in chars.enumerate() {
        let at = (i < DENSE_POSITIONS && c.is_ascii()).then_some(base + i * 128 + c as usize);
        f(at, Token::At(prefix, i + 1, c));
    }
}

/// Appends the first `n` characters of `v`.
fn push_prefix(buf: &mut Vec<u8>, v: &str, n: usize) {
    let end = v.char_indices().nth(n).map_or(v.len(), |(i, _)| i);
    buf.extend_from_slice(v.as_bytes().get(..end).unwrap_or_default());
}

fn push_char(buf: &mut Vec<u8>, c: char) {
    let mut utf8 = [0u8; 4];
    buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
}

/// Appends the decimal digits of `n`.
fn push_number(buf: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Most words of token masks a [`Memo`] keeps before it starts again empty: 16 MiB (131,072 masks of 1024 bits).
const MEMO_WORDS: usize = 1 << 21;

/// What one worker remembers from record to record: the bits each token sets. A token's bits depend only on its
/// field's key, the salt and the token, so each distinct token is hashed once per worker instead of once per
/// record; the encodings are the same with or without it (tested). Tokens of ASCII characters (nearly all, once
/// values are normalised) are found by their place in a per-field table (a pair of characters, or a character and
/// its position), others by their bytes; salted tokens always by their bytes and the salt. Also the record's
/// scratch buffers, so that encoding a record allocates nothing once the worker has warmed up. In memory only,
/// wiped when dropped.
pub(crate) struct Memo {
    /// Words of a filter before folding or balancing.
    words: usize,
    /// The masks, `words` words each; mask `k` at `k * words`.
    masks: Vec<u64>,
    /// By field, by dense place: mask number + 1 (0: not yet computed). Allocated at a field's first token.
    dense: Vec<Vec<u32>>,
    /// By field (4 bytes), salt and 0 when salted, token: mask number.
    other: HashMap<Vec<u8>, u32, FxBuildHasher>,
    /// Whether dense places are used (tests turn them off to check they change nothing).
    use_dense: bool,
    /// The record's normalised values and whether each is present.
    norm: Vec<String>,
    present: Vec<bool>,
    filter: Vec<u64>,
    /// The masks of the record's tokens.
    ids: Vec<u32>,
    key: Vec<u8>,
    token: Vec<u8>,
    bytes: Vec<u8>,
}

impl Memo {
    pub(crate) fn new(encoder: &Encoder) -> Self {
        let fields = encoder.schema.fields.len();
        Self {
            words: encoder.schema.filter_bits.div_ceil(64),
            masks: Vec::new(),
            dense: vec![Vec::new(); fields],
            other: HashMap::default(),
            use_dense: true,
            norm: vec![String::new(); fields],
            present: vec![false; fields],
            filter: Vec::new(),
            ids: Vec::new(),
            key: Vec::new(),
            token: Vec::new(),
            bytes: Vec::new(),
        }
    }

    /// Forgets the masks (when too many are kept), wiping them.
    fn forget(&mut self) {
        self.masks.zeroize();
        self.masks.clear();
        for d in &mut self.dense {
            d.zeroize();
            d.clear();
        }
        for (mut k, _) in self.other.drain() {
            k.zeroize();
        }
    }
}

impl Drop for Memo {
    fn drop(&mut self) {
        self.forget();
        for s in &mut self.norm {
            s.zeroize();
        }
        self.filter.zeroize();
        self.key.zeroize();
        self.token.zeroize();
        self.bytes.zeroize();
    }
}

/// Encodes records with a schema and a secret. Holds the derived keys (wiped when dropped).
pub struct Encoder {
    schema: Schema,
    schema_id: String,
    /// The schema's identifier as a JSON string.
    schema_json: String,
    /// With `balance`: where each bit of the filter and its complement goes.
    permutation: Vec<u32>,
    field_keys: Vec<KeyedHash>,
    blocking_key: KeyedHash,
    salt_index: Option<usize>,
    /// By field: the particle words as [`normalise::name`] compares them ([`normalise::particle_words`]).
    particles: Vec<Vec<String>>,
    /// By blocking spec and part: the field it reads.
    block_fields: Vec<Vec<Option<usize>>>,
}

impl fmt::Debug for Encoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encoder")
            .field("schema", &self.schema_id)
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
            .map(|f| match &f.key_group {
                Some(g) => KeyedHash::new(&derive(&hk, &format!("group:{id}:{g}"))),
                None => KeyedHash::new(&derive(&hk, &format!("field:{id}:{}", f.name))),
            })
            .collect();
        let blocking_key = KeyedHash::new(&derive(&hk, &format!("blocking:{id}")));
        let salt_index = schema
            .salt_field
            .as_ref()
            .and_then(|s| schema.fields.iter().position(|f| &f.name == s));
        let permutation = if schema.balance {
            keyed_permutation(&derive(&hk, &format!("balance:{id}")), schema.output_bits())
        } else {
            Vec::new()
        };
        let particles = schema
            .fields
            .iter()
            .map(|f| normalise::particle_words(&f.normalise))
            .collect();
        let block_fields = schema
            .blocking
            .iter()
            .map(|b| {
                b.parts
                    .iter()
                    .map(|p| schema.fields.iter().position(|f| f.name == p.field()))
                    .collect()
            })
            .collect();
        Self {
            schema: schema.clone(),
            schema_json: serde_json::to_string(&id).unwrap_or_else(|_| "\"\"".to_owned()),
            schema_id: id,
            permutation,
            field_keys,
            blocking_key,
            salt_index,
            particles,
            block_fields,
        }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// At least the length of a record's JSON line with an id of up to 64 bytes.
    fn line_bytes(&self) -> usize {
        let filter = self.schema.output_bits().div_ceil(8);
        let fixed = r#"{"id":"","clk":"","blocks":[],"schema":}"#.len() + 1;
        fixed + 64 + filter.div_ceil(3) * 4 + self.schema.blocking.len() * 35 + self.schema_json.len()
    }

    /// Encodes one record: `values` gives a field's raw value (`None` or blank when missing). Errors (one per
    /// field, `"field: reason"`): an empty id, a required field without a value, a value that normalises to
    /// nothing, an invalid date.
    pub fn encode(
        &self,
        id: &str,
        values: &dyn Fn(&str) -> Option<String>,
    ) -> Result<EncodedRecord, Vec<String>> {
        let raw: Vec<Option<String>> = self.schema.fields.iter().map(|f| values(&f.name)).collect();
        let mut line = Vec::new();
        self.encode_record(
            &mut Memo::new(self),
            id,
            |i| raw.get(i).and_then(|v| v.as_deref()),
            &mut line,
        )
        .map_err(|errors| {
            errors
                .into_iter()
                .map(|(field, reason)| {
                    if field.is_empty() {
                        reason
                    } else {
                        format!("{field}: {reason}")
                    }
                })
                .collect::<Vec<_>>()
        })?;
        serde_json::from_slice(&line).map_err(|e| vec![format!("the encoding could not be read back ({e})")])
    }

    /// The normalised value of field `i` written into `out`: `Ok(true)` when there is one, `Ok(false)` when it is
    /// missing and allowed to be.
    fn normalise_into(&self, i: usize, f: &FieldSpec, raw: &str, out: &mut String) -> Result<bool, String> {
        if raw.trim().is_empty() {
            return if f.required {
                Err("missing (the field is required)".to_owned())
            } else {
                Ok(false)
            };
        }
        let case = f.normalise.case;
        match f.kind {
            FieldKind::Name => {
                let particles = self.particles.get(i).map_or(&[][..], Vec::as_slice);
                if !normalise::name_ascii(raw, case, particles, out) {
                    *out = normalise::name(raw, &f.normalise);
                }
            }
            FieldKind::Exact => {
                if !normalise::exact_ascii(raw, case, out) {
                    *out = normalise::exact(raw, &f.normalise);
                }
            }
            FieldKind::Date => normalise::date_into(raw, &f.normalise, out)?,
        }
        if out.is_empty() {
            return if f.required {
                Err("nothing is left after normalisation (no letter or digit)".to_owned())
            } else {
                Ok(false)
            };
        }
        Ok(true)
    }

    /// Computes the bits a token of field `field` sets into a new mask of `masks` and returns its number:
    /// `bits_per_token` positions `(h1 + i·h2) mod m`, computed as `(h1 mod m + i·(h2 mod m)) mod m`, which is
    /// the same number.
    fn new_mask(
        &self,
        masks: &mut Vec<u64>,
        words: usize,
        field: usize,
        salt: Option<&str>,
        token: &[u8],
    ) -> u32 {
        let number = masks.len() / words.max(1);
        masks.resize(masks.len() + words, 0);
        let (Some(key), Some(f), Some(mask)) = (
            self.field_keys.get(field),
            self.schema.fields.get(field),
            masks.get_mut(number * words..),
        ) else {
            return number as u32;
        };
        let out = match salt {
            Some(s) => key.mac(&[s.as_bytes(), &[0], token]),
            None => key.mac(&[token]),
        };
        let mut w = [0u8; 8];
        w.copy_from_slice(&out[0..8]);
        let h1 = u64::from_le_bytes(w);
        w.copy_from_slice(&out[8..16]);
        let h2 = u64::from_le_bytes(w);
        let m = self.schema.filter_bits as u64;
        let (mut pos, step) = (h1 % m, h2 % m);
        for _ in 0..f.bits_per_token {
            if let Some(word) = mask.get_mut((pos / 64) as usize) {
                *word |= 1 << (pos % 64);
            }
            pos += step;
            if pos >= m {
                pos -= m;
            }
        }
        number as u32
    }

    /// Encodes one record into a JSON line appended to `out` (`{"id", "clk", "blocks", "schema"}`, as
    /// [`EncodedRecord`] serialises), or gives its errors as (field, reason) with `out` unchanged; `raw` gives the
    /// raw value of each field by index.
    fn encode_record<'a>(
        &self,
        memo: &mut Memo,
        id: &str,
        raw: impl Fn(usize) -> Option<&'a str>,
        out: &mut Vec<u8>,
    ) -> Result<(), Vec<(String, String)>> {
        let mut errors = Vec::new();
        let m = self.schema.filter_bits;
        if m == 0 {
            // Only a schema built by hand, not through `Schema::from_json`, can say this.
            errors.push((String::new(), "the schema's filter_bits is 0".to_owned()));
            return Err(errors);
        }
        let id = id.trim();
        if id.is_empty() {
            errors.push((String::new(), "the record's id is empty".to_owned()));
        }
        if memo.masks.len() > MEMO_WORDS {
            memo.forget();
        }
        let fields = &self.schema.fields;
        for (i, ((f, value), present)) in fields
            .iter()
            .zip(&mut memo.norm)
            .zip(&mut memo.present)
            .enumerate()
        {
            let raw = raw(i).unwrap_or_default();
            match self.normalise_into(i, f, raw, value) {
                Ok(p) => *present = p,
                Err(reason) => {
                    *present = false;
                    errors.push((f.name.clone(), reason));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let Memo {
            words,
            masks,
            dense,
            other,
            use_dense,
            norm,
            present,
            filter,
            ids,
            key,
            token,
            bytes,
        } = memo;
        let words = *words;
        ids.clear();
        let value_of = |i: usize| {
            present
                .get(i)
                .copied()
                .unwrap_or_default()
                .then(|| norm.get(i).map(String::as_str))
                .flatten()
        };
        let salt = self.salt_index.and_then(value_of);
        for (i, (f, table)) in fields.iter().zip(dense.iter_mut()).enumerate() {
            let Some(value) = value_of(i) else {
                continue;
            };
            let salt = salt.filter(|_| Some(i) != self.salt_index);
            let positions = matches!(f.tokens, TokenSpec::PositionalUnigrams);
            if (positions || matches!(f.tokens, TokenSpec::Bigrams))
                && salt.is_none()
                && *use_dense
                && value.is_ascii()
                && (!positions || value.len() <= DENSE_POSITIONS)
            {
                // Unsalted ASCII values (nearly all): bigrams and positional unigrams by their places, straight from
                // the bytes (the same places as `each_token_at` gives, tested).
                if table.is_empty() {
                    *table = vec![0; dense_size(f.tokens)];
                }
                let bytes = value.as_bytes();
                let count = if positions { bytes.len() } else { bytes.len() + 1 };
                for k in 0..count {
                    let (place, t) = if positions {
                        let c = bytes.get(k).copied().unwrap_or(b' ');
                        (k * 128 + usize::from(c), Token::At(b"", k + 1, char::from(c)))
                    } else {
                        let a = if k == 0 {
                            b' '
                        } else {
                            bytes.get(k - 1).copied().unwrap_or(b' ')
                        };
                        let b = bytes.get(k).copied().unwrap_or(b' ');
                        (
                            usize::from(a) * 128 + usize::from(b),
                            Token::Pair(char::from(a), char::from(b)),
                        )
                    };
                    let Some(slot) = table.get_mut(place) else {
                        continue;
                    };
                    let number = if *slot > 0 {
                        *slot - 1
                    } else {
                        token.clear();
                        t.write(token);
                        let n = self.new_mask(masks, words, i, None, token);
                        *slot = n + 1;
                        n
                    };
                    ids.push(number);
                }
                continue;
            }
            each_token_at(value, f.tokens, &mut |at, t| {
                let place = at.filter(|_| salt.is_none() && *use_dense);
                if place.is_some() && table.is_empty() {
                    // Zeroed by the allocator (fresh memory costs nothing until used).
                    *table = vec![0; dense_size(f.tokens)];
                }
                let number = match place.and_then(|p| table.get_mut(p)) {
                    Some(slot) if *slot > 0 => *slot - 1,
                    Some(slot) => {
                        token.clear();
                        t.write(token);
                        let n = self.new_mask(masks, words, i, salt, token);
                        *slot = n + 1;
                        n
                    }
                    None => {
                        key.clear();
                        key.extend_from_slice(&(i as u32).to_le_bytes());
                        if let Some(s) = salt {
                            key.extend_from_slice(s.as_bytes());
                            key.push(0);
                        }
                        let start = key.len();
                        t.write(key);
                        match other.get(key.as_slice()) {
                            Some(&n) => n,
                            None => {
                                let n = self.new_mask(
                                    masks,
                                    words,
                                    i,
                                    salt,
                                    key.get(start..).unwrap_or_default(),
                                );
                                other.insert(key.clone(), n);
                                n
                            }
                        }
                    }
                };
                ids.push(number);
            });
        }
        // All the masks at once: their loads do not wait on one another.
        filter.clear();
        filter.resize(words, 0);
        crate::simd::or_masks(filter, masks, ids);
        let folded;
        let mut bits: &[u64] = filter;
        if self.schema.xor_fold {
            let half = bits.len() / 2;
            folded = bits[..half]
                .iter()
                .zip(&bits[half..])
                .map(|(a, b)| a ^ b)
                .collect::<Vec<u64>>();
            bits = &folded;
        }
        let balanced_bits;
        if self.schema.balance {
            balanced_bits = balanced(bits, &self.permutation);
            bits = &balanced_bits;
        }

        out.extend_from_slice(b"{\"id\":");
        json_string(out, id);
        out.extend_from_slice(b",\"clk\":\"");
        bytes.clear();
        for w in bits {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        let start = out.len();
        out.resize(start + bytes.len().div_ceil(3) * 4, 0);
        match STANDARD.encode_slice(bytes.as_slice(), &mut out[start..]) {
            Ok(n) => out.truncate(start + n),
            Err(_) => {
                out.truncate(start);
                out.extend_from_slice(STANDARD.encode(bytes.as_slice()).as_bytes());
            }
        }
        out.extend_from_slice(b"\",\"blocks\":[");
        let mut first = true;
        'spec: for (b, parts) in self.schema.blocking.iter().zip(&self.block_fields) {
            key.clear();
            for (n, (p, field)) in b.parts.iter().zip(parts).enumerate() {
                let Some(v) = field.and_then(value_of) else {
                    continue 'spec;
                };
                if n > 0 {
                    key.push(0);
                }
                let start = key.len();
                match p {
                    BlockPart::Soundex(_) => normalise::soundex_into(v, key),
                    BlockPart::Prefix(_, n) => push_prefix(key, v, *n),
                    BlockPart::Year(_) => push_prefix(key, v, 4),
                    BlockPart::Exact(_) => key.extend_from_slice(v.as_bytes()),
                }
                if key.len() == start {
                    continue 'spec;
                }
            }
            // The blocking key: `HMAC(key_b, spec.name ‖ 0 ‖ parts joined by 0)`, its first 16 bytes in hex.
            let mac = self.blocking_key.mac(&[b.name.as_bytes(), &[0], key]);
            if !first {
                out.push(b',');
            }
            first = false;
            let mut hex = [b'"'; 34];
            for (pair, x) in hex[1..33].chunks_exact_mut(2).zip(&mac[..16]) {
                pair[0] = HEX[usize::from(x >> 4)];
                pair[1] = HEX[usize::from(x & 15)];
            }
            out.extend_from_slice(&hex);
        }
        out.extend_from_slice(b"],\"schema\":");
        out.extend_from_slice(self.schema_json.as_bytes());
        out.extend_from_slice(b"}\n");
        Ok(())
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it.
fn json_string(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else if serde_json::to_writer(&mut *out, s).is_err() {
        out.extend_from_slice(b"\"\"");
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A permutation of `0..n` drawn from a key (Fisher–Yates; the draws are `HMAC-SHA256(key, i)` as 64-bit numbers,
/// reduced modulo `i + 1`): the same key gives the same permutation on every machine.
fn keyed_permutation(key: &Key, n: usize) -> Vec<u32> {
    let key = KeyedHash::new(key);
    let mut p: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        let out = key.mac(&[&(i as u64).to_le_bytes()]);
        let mut w = [0u8; 8];
        w.copy_from_slice(&out[..8]);
        let j = (u64::from_le_bytes(w) % (i as u64 + 1)) as usize;
        p.swap(i, j);
    }
    p
}

/// A filter and its complement, bit `k` of the pair moved to `permutation[k]`: exactly half of the bits are set.
fn balanced(words: &[u64], permutation: &[u32]) -> Vec<u64> {
    let m = words.len() * 64;
    let mut out = vec![0u64; 2 * words.len()];
    for (k, &to) in permutation.iter().enumerate().take(2 * m) {
        let bit = (words[(k % m) / 64] >> (k % 64)) & 1;
        let bit = if k < m { bit } else { bit ^ 1 };
        if let Some(w) = out.get_mut(to as usize / 64) {
            *w |= bit << (to % 64);
        }
    }
    out
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

/// A reader of the records of `text[start..end]` (`start` a record's start) as a reader of the whole text reads
/// them, and how many bytes before `start` it is given. The `csv` crate drops a byte-order mark at the start of
/// what it reads, which a reader of the whole text keeps in the middle: so the reader is given the line break
/// before `start` too (an empty line, which it skips).
fn reader_from(text: &str, start: usize, end: usize, delimiter: u8) -> (csv::Reader<&[u8]>, usize) {
    let lead = usize::from(start > 0 && matches!(text.as_bytes().get(start - 1), Some(b'\n' | b'\r')));
    let slice = text.get(start - lead..end).unwrap_or_default();
    (reader(slice, delimiter, false), lead)
}

fn reader(text: &str, delimiter: u8, has_headers: bool) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .has_headers(has_headers)
        .from_reader(text.as_bytes())
}

/// Line breaks and whether there is a quote in some text, in one pass.
fn scan(bytes: &[u8]) -> (u64, bool) {
    let (mut newlines, mut quote) = (0u64, false);
    for chunk in bytes.chunks(1 << 12) {
        let (mut n, mut q) = (0u32, 0u8);
        for &b in chunk {
            n += u32::from(b == b'\n');
            q |= u8::from(b == b'"');
        }
        newlines += u64::from(n);
        quote |= q != 0;
    }
    (newlines, quote)
}

/// Pieces of the records after byte `body`: about `parts`, each starting a record, with the line breaks before
/// each piece and whether it holds a quote. Cut first after the line break nearest each share; if the text has a
/// quote, a line break may lie inside a quoted field, so the records are then read once (without decoding) to cut
/// at their starts.
fn cut(text: &str, body: usize, parts: usize, delimiter: u8) -> Vec<Cut> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let rest = len.saturating_sub(body);
    let mut starts = vec![body];
    for k in 1..parts {
        let target = body + rest * k / parts;
        let from = target.max(starts.last().copied().unwrap_or(body));
        if let Some(nl) = bytes.get(from..).and_then(|b| b.iter().position(|&x| x == b'\n')) {
            let at = from + nl + 1;
            if at < len && starts.last() != Some(&at) {
                starts.push(at);
            }
        }
    }
    starts.push(len);
    let spans: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    let mut scans: Vec<(u64, bool)> = spans
        .par_iter()
        .map(|&(a, b)| scan(bytes.get(a..b).unwrap_or_default()))
        .collect();
    if spans.len() > 1 && scans.iter().any(|&(_, quote)| quote) {
        starts = vec![body];
        let (mut r, lead) = reader_from(text, body, len, delimiter);
        let mut record = csv::ByteRecord::new();
        let mut k = 1;
        while k < parts && matches!(r.read_byte_record(&mut record), Ok(true)) {
            let at = (body + record.position().map_or(0, |p| p.byte() as usize)).saturating_sub(lead);
            if at >= body + rest * k / parts {
                if starts.last() != Some(&at) {
                    starts.push(at);
                }
                k += 1;
            }
        }
        starts.push(len);
        scans = starts
            .windows(2)
            .map(|w| scan(bytes.get(w[0]..w[1]).unwrap_or_default()))
            .collect();
    }
    let mut lines_before = scan(bytes.get(..body).unwrap_or_default()).0;
    starts
        .windows(2)
        .zip(scans)
        .map(|(w, (newlines, quote))| {
            let c = Cut {
                start: w[0],
                end: w[1],
                lines_before,
                newlines,
                quote,
            };
            lines_before += newlines;
            c
        })
        .collect()
}

/// A piece of a file to encode: its bytes, the line breaks before it and in it, whether it holds a quote.
#[derive(Debug, Clone, Copy)]
struct Cut {
    start: usize,
    end: usize,
    lines_before: u64,
    newlines: u64,
    quote: bool,
}

/// One record of a piece: its line, its id, the line where the piece met its id first if not its own, and its
/// JSON line (a range of [`Piece::out`]) or errors.
struct Done<'t> {
    line: u64,
    /// The record's rank among those the piece read (errors on one line are given in the file's order).
    seq: usize,
    id: Cow<'t, str>,
    repeat_of: Option<u64>,
    result: Result<std::ops::Range<usize>, Vec<(String, String)>>,
}

/// What one worker made of a piece of the file.
#[derive(Default)]
struct Piece<'t> {
    out: Vec<u8>,
    done: Vec<Done<'t>>,
    /// The line of each id's first record in the piece.
    firsts: HashMap<Cow<'t, str>, u64, FxBuildHasher>,
    /// Records that could not be read or have the wrong number of fields, with their ranks.
    errors: Vec<(usize, LineError)>,
    /// Records read.
    read: usize,
}

/// The columns an encoding reads.
struct Columns {
    fields: usize,
    id: usize,
    by_field: Vec<Option<usize>>,
}

/// The line (from 1) of a byte of a piece, for bytes met in order.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record that the reader places at `byte`: the reader places a record after the line breaks
    /// of any empty lines before it, so these are skipped first.
    fn of_record(&mut self, byte: usize) -> u64 {
        let mut start = byte.min(self.text.len());
        while matches!(self.text.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if start > self.at {
            let between = self.text.get(self.at..start).unwrap_or_default();
            self.line += between.iter().filter(|&&b| b == b'\n').count() as u64;
            self.at = start;
        }
        self.line
    }
}

/// The records of a piece of CSV text without any quote, as the `csv` crate reads such text: a record ends at
/// `\n`, `\r\n` or `\r`; empty lines are skipped; fields are split at the delimiter (not trimmed).
struct Plain<'a> {
    text: &'a str,
    at: usize,
    delimiter: u8,
}

impl<'a> Plain<'a> {
    /// The next record's fields (into `fields`) and the byte where it starts.
    fn next(&mut self, fields: &mut Vec<&'a str>) -> Option<usize> {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.at), Some(b'\n' | b'\r')) {
            self.at += 1;
        }
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        fields.clear();
        // One pass over the line; cut at ASCII bytes, so every field is valid UTF-8.
        let (mut from, mut i) = (start, start);
        loop {
            match bytes.get(i) {
                None | Some(b'\n' | b'\r') => {
                    fields.push(self.text.get(from..i).unwrap_or_default());
                    break;
                }
                Some(&b) if b == self.delimiter => {
                    fields.push(self.text.get(from..i).unwrap_or_default());
                    from = i + 1;
                }
                Some(_) => {}
            }
            i += 1;
        }
        self.at = i;
        Some(start)
    }
}

/// `s.trim()`, quicker when both ends are ASCII (vertical tab aside, which `trim_ascii` keeps).
fn trim(s: &str) -> &str {
    let t = s.trim_ascii();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(&a), Some(&z)) if a >= 0x80 || z >= 0x80 || a == 0x0b || z == 0x0b => t.trim(),
        _ => t,
    }
}

/// Encodes one record read from a piece (`get` gives its `len` fields, untrimmed).
/// `id` is the record's id, trimmed: borrowed from the file where fields are slices of it.
#[allow(clippy::too_many_arguments)]
fn encode_one<'t, 'a>(
    encoder: &Encoder,
    memo: &mut Memo,
    piece: &mut Piece<'t>,
    line: u64,
    len: usize,
    get: impl Fn(usize) -> Option<&'a str>,
    id: Cow<'t, str>,
    columns: &Columns,
) {
    let seq = piece.read;
    piece.read += 1;
    if len != columns.fields {
        piece.errors.push((
            seq,
            LineError {
                line,
                field: String::new(),
                reason: format!("{len} fields, but the header has {}", columns.fields),
            },
        ));
        return;
    }
    let start = piece.out.len();
    let result = encoder
        .encode_record(
            memo,
            &id,
            |i| {
                columns
                    .by_field
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(&get)
                    .map(trim)
            },
            &mut piece.out,
        )
        .map(|()| start..piece.out.len());
    let mut repeat_of = None;
    if !id.is_empty() {
        match piece.firsts.entry(id.clone()) {
            std::collections::hash_map::Entry::Occupied(first) => repeat_of = Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(line);
            }
        }
    }
    piece.done.push(Done {
        line,
        seq,
        id,
        repeat_of,
        result,
    });
}

/// Encodes the records of the piece `cut` of the file (starting at a record).
/// Fields are trimmed as the header is (white space at both ends).
fn encode_piece<'t>(
    encoder: &Encoder,
    file: &'t str,
    delimiter: u8,
    cut: &Cut,
    columns: &Columns,
) -> Piece<'t> {
    let text = file.get(cut.start..cut.end).unwrap_or_default();
    // Room for every line's encoding, so that the output is never moved as it grows (room not written to costs
    // no memory).
    // (A record takes at least two bytes with its line break; the room is bounded for files of odd shape.)
    let lines_in = usize::try_from(cut.newlines)
        .unwrap_or(usize::MAX)
        .saturating_add(1)
        .min(text.len() / 2 + 1);
    let room = lines_in
        .saturating_mul(encoder.line_bytes())
        .min(text.len().saturating_mul(16).saturating_add(1 << 16));
    let mut piece = Piece {
        out: Vec::with_capacity(room),
        done: Vec::with_capacity(lines_in),
        firsts: HashMap::with_capacity_and_hasher(lines_in, FxBuildHasher),
        errors: Vec::new(),
        read: 0,
    };
    let mut memo = Memo::new(encoder);
    memo.masks.reserve(4096 * memo.words);
    let mut lines = Lines {
        text: text.as_bytes(),
        at: 0,
        line: cut.lines_before + 1,
    };
    if !cut.quote {
        // Without quotes, records are lines: read without the general reader (the same records, tested).
        let mut plain = Plain {
            text,
            at: 0,
            delimiter,
        };
        let mut fields = Vec::new();
        while let Some(start) = plain.next(&mut fields) {
            let line = lines.of_record(start);
            let id = Cow::Borrowed(trim(fields.get(columns.id).copied().unwrap_or_default()));
            encode_one(
                encoder,
                &mut memo,
                &mut piece,
                line,
                fields.len(),
                |i| fields.get(i).copied(),
                id,
                columns,
            );
        }
        return piece;
    }
    let (mut r, lead) = reader_from(file, cut.start, cut.end, delimiter);
    let mut record = csv::StringRecord::new();
    let mut last_byte = None;
    loop {
        match r.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let byte = record
                    .position()
                    .map_or(lines.at, |p| (p.byte() as usize).saturating_sub(lead));
                let line = lines.of_record(byte);
                let id = Cow::Owned(trim(record.get(columns.id).unwrap_or_default()).to_owned());
                encode_one(
                    encoder,
                    &mut memo,
                    &mut piece,
                    line,
                    record.len(),
                    |i| record.get(i),
                    id,
                    columns,
                );
            }
            Err(e) => {
                let byte = e
                    .position()
                    .map_or(lines.at, |p| (p.byte() as usize).saturating_sub(lead));
                let line = lines.of_record(byte);
                piece.errors.push((
                    piece.read,
                    LineError {
                        line,
                        field: String::new(),
                        reason: format!("unreadable ({e})"),
                    },
                ));
                piece.read += 1;
                // A reader that no longer moves on would give the same error for ever.
                let at = r.position().byte();
                if last_byte == Some(at) {
                    break;
                }
                last_byte = Some(at);
            }
        }
    }
    piece
}

/// A CSV file encoded: the JSON lines of its records (in the file's order) and the records it could not encode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedFile {
    /// One JSON line per record encoded, each ending with a line break, in the file's order: the lines of the
    /// first piece of the file, then of the next (not joined, which would copy them all once more).
    pub pieces: Vec<Vec<u8>>,
    /// Records encoded (lines of all pieces).
    pub records: usize,
    /// Why the other records were not, by line.
    pub errors: Vec<LineError>,
}

impl EncodedFile {
    /// The JSON lines in one buffer.
    pub fn jsonl(&self) -> Vec<u8> {
        self.pieces.concat()
    }

    /// Writes the JSON lines.
    pub fn write_to(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        self.pieces.iter().try_for_each(|p| w.write_all(p))
    }
}

/// Encodes a CSV file (`,` or `;`, fields trimmed): the header (line 1) must hold `id_field` and every field of the
/// schema (other columns are ignored). Each record becomes an encoding or errors naming its line (of the file) and
/// field: a required value missing, an invalid date, an empty or repeated id (the first record with an id keeps
/// it), a wrong number of fields. Records are encoded in parallel (the file cut into pieces at record starts); the
/// output keeps the input order.
pub fn encode_csv_jsonl(
    schema: &Schema,
    secret: &Secret,
    csv_text: &str,
    id_field: &str,
) -> Result<EncodedFile, EncodeError> {
    encode_csv_jsonl_in_pieces(schema, secret, csv_text, id_field, None)
}

/// [`encode_csv_jsonl`], the file cut into about `pieces` pieces whatever its length (for tests and fuzzing, which
/// check that the cut changes nothing); `None`: as the length and the cores say.
#[doc(hidden)]
pub fn encode_csv_jsonl_in_pieces(
    schema: &Schema,
    secret: &Secret,
    csv_text: &str,
    id_field: &str,
    pieces: Option<usize>,
) -> Result<EncodedFile, EncodeError> {
    let text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    let delimiter = delimiter(text);
    let mut header_reader = reader(text, delimiter, true);
    let header = header_reader
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
    let body = usize::try_from(header_reader.position().byte())
        .unwrap_or(text.len())
        .min(text.len());
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
    let columns = Columns {
        fields: header.len(),
        id: columns.get(id_field).copied().unwrap_or_default(),
        by_field: schema
            .fields
            .iter()
            .map(|f| columns.get(f.name.as_str()).copied())
            .collect(),
    };

    // A piece per core for files of up to 8 MiB; pieces of about 2 MiB beyond, so that the cores share the work
    // evenly (each piece warms its own memo, a few milliseconds).
    let rest = text.len() - body;
    let threads = rayon::current_num_threads().max(1);
    let parts = match pieces {
        Some(n) => n.max(1),
        None if rest < 16 << 10 => 1,
        None if rest < 8 << 20 => threads,
        None => threads.max(rest / (2 << 20)),
    };
    let cuts = cut(text, body, parts, delimiter);
    let encoder = Encoder::new(schema, secret);
    let pieces: Vec<Piece> = cuts
        .par_iter()
        .map(|c| encode_piece(&encoder, text, delimiter, c, &columns))
        .collect();

    // Repeated ids (the first record with an id keeps it): each piece knows its own; the ids of a piece that an
    // earlier piece has, with the earliest line (in parallel, usually none).
    let earlier: Vec<HashMap<&str, u64, FxBuildHasher>> = pieces
        .par_iter()
        .enumerate()
        .map(|(k, p)| {
            let before = pieces.get(..k).unwrap_or_default();
            p.firsts
                .keys()
                .filter_map(|id| {
                    let first = before.iter().find_map(|q| q.firsts.get(id.as_ref()).copied())?;
                    Some((id.as_ref(), first))
                })
                .collect()
        })
        .collect();

    // Each piece's lines: all of them (`None`) or those kept; the records encoded; the errors.
    let mut records = 0;
    // Errors with the piece and the rank of their record, to be given by line, then in the file's order.
    let mut errors: Vec<(usize, usize, LineError)> = Vec::new();
    let mut kept: Vec<Option<Vec<u8>>> = Vec::with_capacity(pieces.len());
    for (k, (piece, earlier)) in pieces.iter().zip(&earlier).enumerate() {
        errors.extend(piece.errors.iter().map(|(seq, e)| (k, *seq, e.clone())));
        if earlier.is_empty()
            && piece
                .done
                .iter()
                .all(|d| d.repeat_of.is_none() && d.result.is_ok())
        {
            records += piece.done.len();
            kept.push(None);
            continue;
        }
        let mut lines = Vec::with_capacity(piece.out.len());
        for d in &piece.done {
            let repeat = earlier.get(d.id.as_ref()).copied().or(d.repeat_of);
            if let Some(first) = repeat {
                errors.push((
                    k,
                    d.seq,
                    LineError {
                        line: d.line,
                        field: id_field.to_owned(),
                        reason: format!("id {:?} is already on line {first}", d.id),
                    },
                ));
            }
            match &d.result {
                Ok(range) if repeat.is_none() => {
                    lines.extend_from_slice(piece.out.get(range.clone()).unwrap_or_default());
                    records += 1;
                }
                Ok(_) => {}
                Err(es) => errors.extend(es.iter().map(|(field, reason)| {
                    let field = if field.is_empty() {
                        id_field.to_owned()
                    } else {
                        field.clone()
                    };
                    (
                        k,
                        d.seq,
                        LineError {
                            line: d.line,
                            field,
                            reason: reason.clone(),
                        },
                    )
                })),
            }
        }
        kept.push(Some(lines));
    }
    drop(earlier);
    errors.sort_by_key(|(k, seq, e)| (e.line, *k, *seq));
    let errors = errors.into_iter().map(|(_, _, e)| e).collect();
    Ok(EncodedFile {
        pieces: pieces
            .into_iter()
            .zip(kept)
            .map(|(piece, kept)| kept.unwrap_or(piece.out))
            .collect(),
        records,
        errors,
    })
}

/// As [`encode_csv_jsonl`], the encodings as records.
pub fn encode_csv(
    schema: &Schema,
    secret: &Secret,
    csv_text: &str,
    id_field: &str,
) -> Result<(Vec<EncodedRecord>, Vec<LineError>), EncodeError> {
    let file = encode_csv_jsonl(schema, secret, csv_text, id_field)?;
    let mut out = Vec::with_capacity(file.records);
    let lines = file
        .pieces
        .iter()
        .flat_map(|p| p.split(|&b| b == b'\n'))
        .filter(|l| !l.is_empty());
    for (n, line) in lines.enumerate() {
        out.push(serde_json::from_slice(line).map_err(|e| EncodeError::Csv {
            line: n as u64 + 1,
            reason: format!("encoding {} could not be read back ({e})", n + 1),
        })?);
    }
    Ok((out, file.errors))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::clk::Clk;

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

    /// The tokens as first written (one `String` per token), which [`each_token`] must reproduce byte for byte.
    fn reference_tokens(value: &str, spec: TokenSpec) -> Vec<String> {
        match spec {
            TokenSpec::Exact => vec![value.to_owned()],
            TokenSpec::PositionalUnigrams => value
                .chars()
                .enumerate()
                .map(|(i, c)| format!("{}:{c}", i + 1))
                .collect(),
            TokenSpec::DateParts => {
                let d: Vec<char> = value.chars().collect();
                if d.len() != 8 {
                    return reference_tokens(value, TokenSpec::PositionalUnigrams);
                }
                let mut out: Vec<String> = d[..4]
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("y{}:{c}", i + 1))
                    .collect();
                let (a, b): (String, String) = (d[4..6].iter().collect(), d[6..8].iter().collect());
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                out.push(format!("dm:{lo}{hi}"));
                out
            }
            TokenSpec::Bigrams => {
                let p: Vec<char> = std::iter::once(' ')
                    .chain(value.chars())
                    .chain(std::iter::once(' '))
                    .collect();
                p.windows(2).map(|w| w.iter().collect()).collect()
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn each_token_cuts_as_the_reference(value in "\\PC{0,14}", spec in 0usize..4) {
            let spec = [TokenSpec::Exact, TokenSpec::PositionalUnigrams, TokenSpec::DateParts, TokenSpec::Bigrams][spec];
            proptest::prop_assert_eq!(tokens(&value, spec), reference_tokens(&value, spec));
        }

        /// Records drawn from small pools, so that values and tokens repeat and the caches are used: encoding the
        /// file at once (with caches) gives what encoding each record alone (a fresh cache each) gives.
        #[test]
        fn the_caches_change_nothing(
            rows in proptest::collection::vec((0usize..8, 0usize..8, 0usize..5), 1..150),
            salted in proptest::bool::ANY,
        ) {
            // Short and long (beyond the dense positions), ASCII and not.
            let names = ["Ana", "Ana Maria", "Élodie", "Иван", "O'Brien", "ana",
                "Alexandrina Bartholomew Montgomery-Smythe", "Maria da Conceição dos Santos Pereira"];
            let dates = ["1990-04-03", "03/04/1990", "2001-12-31", "1975-01-01", "19900403"];
            let schema = Schema {
                salt_field: salted.then(|| "d".to_owned()),
                ..Schema::from_json(
                    r#"{"name": "t", "version": 1, "filter_bits": 512,
                    "fields": [{"name": "n", "kind": "name", "bits_per_token": 10},
                               {"name": "m", "kind": "name", "tokens": "positional_unigrams", "bits_per_token": 3},
                               {"name": "d", "kind": "date", "tokens": "date_parts", "bits_per_token": 5,
                                "normalise": {"date_formats": ["YYYY-MM-DD", "DD/MM/YYYY", "YYYYMMDD"]}}],
                    "blocking": [{"name": "sy", "parts": [{"soundex": "n"}, {"year": "d"}]}]}"#,
                ).unwrap()
            };
            let mut csv = String::from("id,n,m,d\n");
            for (k, (n, m, d)) in rows.iter().enumerate() {
                csv.push_str(&format!("r{k},{},{},{}\n", names[*n], names[*m], dates[*d]));
            }
            let (all, errors) = encode_csv(&schema, &secret(), &csv, "id").unwrap();
            proptest::prop_assert!(errors.is_empty());
            let enc = Encoder::new(&schema, &secret());
            // A memo without dense places: every token found by its bytes.
            let mut by_bytes = Memo::new(&enc);
            by_bytes.use_dense = false;
            for (k, (n, m, d)) in rows.iter().enumerate() {
                let (n, m, d) = (names[*n], names[*m], dates[*d]);
                let alone = enc
                    .encode(&format!("r{k}"), &|f: &str| Some(match f { "n" => n, "m" => m, _ => d }.to_owned()))
                    .unwrap();
                proptest::prop_assert_eq!(&all[k], &alone);
                let mut line = Vec::new();
                enc.encode_record(&mut by_bytes, &format!("r{k}"), |i| [n, m, d].get(i).copied(), &mut line).unwrap();
                proptest::prop_assert_eq!(line, format!("{}\n", serde_json::to_string(&alone).unwrap()).into_bytes());
            }
        }

        /// Text without quotes is read by [`Plain`] as the `csv` crate reads it.
        #[test]
        fn plain_lines_are_read_as_the_csv_crate_reads_them(text in "[ab ,;\t\r\n]{0,80}", semicolon in proptest::bool::ANY) {
            let delimiter = if semicolon { b';' } else { b',' };
            let mut plain = Plain { text: &text, at: 0, delimiter };
            let mut fields = Vec::new();
            let mut ours = Vec::new();
            while let Some(start) = plain.next(&mut fields) {
                ours.push((start, fields.iter().map(|f| f.to_string()).collect::<Vec<_>>()));
            }
            let mut r = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .has_headers(false)
                .from_reader(text.as_bytes());
            let mut theirs = Vec::new();
            for record in r.records() {
                let record = record.unwrap();
                let mut start = record.position().unwrap().byte() as usize;
                while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
                    start += 1;
                }
                theirs.push((start, record.iter().map(String::from).collect::<Vec<_>>()));
            }
            proptest::prop_assert_eq!(ours, theirs);
        }

        /// Ids of any characters: each JSON line is the record as serde writes it.
        #[test]
        fn json_lines_are_what_serde_writes(id in "\\PC{1,12}|[\"\\\\\u{0}-\u{1f}a]{1,6}") {
            let enc = Encoder::new(&schema(), &secret());
            let mut line = Vec::new();
            let result = enc.encode_record(&mut Memo::new(&enc), &id, |i| ["Ana", "1990-04-03"].get(i).copied(), &mut line);
            if id.trim().is_empty() {
                proptest::prop_assert!(result.is_err());
            } else {
                let record: EncodedRecord = serde_json::from_slice(&line).unwrap();
                proptest::prop_assert_eq!(&record.id, id.trim());
                proptest::prop_assert_eq!(line, format!("{}\n", serde_json::to_string(&record).unwrap()).into_bytes());
            }
        }
    }

    proptest::proptest! {
        /// Texts of quotes, separators, line ends of every kind, blank lines and bad values: cut into several
        /// pieces, the same encodings and errors as in one.
        #[test]
        fn any_cut_changes_nothing(
            body in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("r1".to_owned()), proptest::strategy::Just("r2".to_owned()), proptest::strategy::Just("Ana".to_owned()), proptest::strategy::Just("1990-04-03".to_owned()),
                    proptest::strategy::Just("1990-02-30".to_owned()), proptest::strategy::Just("\"".to_owned()), proptest::strategy::Just(",".to_owned()), proptest::strategy::Just("\n".to_owned()),
                    proptest::strategy::Just("\r\n".to_owned()), proptest::strategy::Just("\r".to_owned()), proptest::strategy::Just(" ".to_owned()), proptest::strategy::Just("\"a,\nb\"".to_owned()),
                    proptest::strategy::Just("\u{feff}".to_owned()),
                    "[a-z]{1,3}",
                ],
                0..120,
            ),
            pieces in 2usize..6,
        ) {
            let text = format!("id,n,d\n{}", body.concat());
            let one = encode_csv_jsonl_in_pieces(&schema(), &secret(), &text, "id", Some(1)).unwrap();
            let many = encode_csv_jsonl_in_pieces(&schema(), &secret(), &text, "id", Some(pieces)).unwrap();
            proptest::prop_assert!(many.jsonl() == one.jsonl());
            proptest::prop_assert_eq!(many.records, one.records);
            proptest::prop_assert_eq!(many.errors, one.errors);
        }
    }

    /// Found by the fuzzer (`linkage_records`): a byte-order mark at the start of a line in the middle of the file
    /// is part of the line (a quote after it does not open a quoted field), also when a piece starts there.
    #[test]
    fn a_byte_order_mark_inside_the_file_is_data_whatever_the_cut() {
        let text = "id,n,d\nr1,Ana,1990-04-03\nr4,\"Maril aa,de \",, 3/04/19n Be-04-03\n\u{feff}\"Maril aa,de \",, 3/0,, 3/04/1990\n\nn van B-01\n";
        let bom_line = text.find('\u{feff}').unwrap();
        for pieces in 1..=6 {
            let file = encode_csv_jsonl_in_pieces(&schema(), &secret(), text, "id", Some(pieces)).unwrap();
            let bad: Vec<(u64, &str)> = file.errors.iter().map(|e| (e.line, e.reason.as_str())).collect();
            assert!(
                bad.contains(&(4, "6 fields, but the header has 3")),
                "{pieces} pieces: {bad:?}"
            );
        }
        // The cut can fall on that line.
        assert!(
            cut(text, 7, 3, b',').iter().any(|c| c.start == bom_line)
                || cut(text, 7, 4, b',').iter().any(|c| c.start == bom_line)
        );
    }

    /// A file of more than 16 KiB (cut into pieces) with blank lines, Windows and old Mac line ends, quoted fields
    /// across lines, ids repeated far apart and bad records: the same encodings and errors, with the physical line
    /// of each record, whatever the number of cores.
    #[test]
    fn pieces_change_nothing_and_lines_are_the_files_lines() {
        for quoted in [false, true] {
            let mut csv = String::from("id,n,d\n");
            let mut line = 2;
            let mut bad_lines = Vec::new();
            for k in 0..1500 {
                match k % 97 {
                    5 => {
                        csv.push('\n');
                        line += 1;
                    }
                    9 => {
                        csv.push_str(&format!("r{k},Ana,1990-02-30\r\n"));
                        bad_lines.push(line);
                        line += 1;
                        continue;
                    }
                    13 if quoted => {
                        csv.push_str(&format!("r{k},\"Ana\nMaria\",1990-04-03\n"));
                        line += 2;
                        continue;
                    }
                    _ => {}
                }
                let id = if k % 500 == 7 {
                    "r7".to_owned()
                } else {
                    format!("r{k}")
                };
                csv.push_str(&format!("{id},Name{},1990-04-{:02}\n", k % 40, k % 28 + 1));
                if k % 500 == 7 && k > 7 {
                    bad_lines.push(line);
                }
                line += 1;
            }
            assert!(csv.len() > 16 << 10);
            let run = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| encode_csv_jsonl(&schema(), &secret(), &csv, "id").unwrap())
            };
            let one = run(1);
            for threads in [2, 3, 7] {
                let other = run(threads);
                assert!(other.pieces.len() > 1, "{threads} threads");
                assert!(other.jsonl() == one.jsonl(), "{threads} threads: other encodings");
                assert_eq!(
                    (other.records, &other.errors),
                    (one.records, &one.errors),
                    "{threads} threads"
                );
            }
            let lines: Vec<u64> = one.errors.iter().map(|e| e.line).collect();
            assert_eq!(lines, bad_lines);
            assert!(
                one.errors
                    .iter()
                    .any(|e| e.reason == "id \"r7\" is already on line 10")
            );
            let text = String::from_utf8(one.jsonl()).unwrap();
            assert_eq!(text.lines().count(), one.records);
            assert_eq!(one.records + one.errors.len(), 1500);
        }
    }

    #[test]
    fn balancing_sets_half_the_bits_and_keeps_similar_records_similar() {
        let balanced = Schema {
            balance: true,
            ..schema()
        };
        let enc = Encoder::new(&balanced, &secret());
        let (a, b, c) = (
            record(&enc, "Ana", "1990-04-03"),
            record(&enc, "Anna", "1990-04-03"),
            record(&enc, "Bogdan", "1971-12-30"),
        );
        let [a, b, c] = [a, b, c].map(|r| Clk::from_base64(&r.clk).unwrap());
        assert_eq!(a.bits(), 1024);
        // Exactly half set, whatever the record: the count no longer tells how long the names are.
        assert!([&a, &b, &c].iter().all(|x| x.ones() == 512));
        assert!(a.dice(&b) > a.dice(&c));
        // The permutation depends on the secret.
        let other = Encoder::new(
            &balanced,
            &Secret::from_bytes(b"another secret of sixteen+ bytes").unwrap(),
        );
        assert_ne!(
            record(&other, "Ana", "1990-04-03").clk,
            record(&enc, "Ana", "1990-04-03").clk
        );
        let mut p = keyed_permutation(&Zeroizing::new([7u8; 32]), 1000);
        p.sort_unstable();
        assert_eq!(p, (0..1000).collect::<Vec<u32>>());
    }

    #[test]
    fn a_key_group_makes_swapped_names_match() {
        let json = |group: &str| {
            format!(
                r#"{{"name": "t", "version": 1, "filter_bits": 1024,
                "fields": [{{"name": "first", "kind": "name", "bits_per_token": 20{group}}},
                           {{"name": "last", "kind": "name", "bits_per_token": 20{group}}}]}}"#
            )
        };
        let dice = |schema: &str| {
            let enc = Encoder::new(&Schema::from_json(schema).unwrap(), &secret());
            let one = |f: &'static str, l: &'static str| {
                let r = enc
                    .encode("r", &move |k: &str| {
                        Some(if k == "first" { f } else { l }.to_owned())
                    })
                    .unwrap();
                Clk::from_base64(&r.clk).unwrap()
            };
            one("Mercy", "Eze").dice(&one("Eze", "Mercy"))
        };
        assert_eq!(dice(&json(r#", "key_group": "names""#)), 1.0);
        assert!(dice(&json("")) < 0.2);
        let e = Schema::from_json(&json(r#", "key_group": " names""#)).unwrap_err();
        assert!(e.to_string().contains("key_group"), "{e}");
    }

    /// A known answer: these encodings are what partners exchange, so a change of vigie that changes them (and
    /// would stop new encodings from linking with old ones) must be seen and announced.
    #[test]
    fn a_known_record_encodes_to_the_known_answer() {
        let r = record(&Encoder::new(&schema(), &secret()), "Ana", "1990-04-03");
        assert_eq!(
            r.clk,
            "kEIgAAwgIj4CAAEAEAZDEAAAAACgRFQQBAAgACDjAAICAAAAAIAYgCAAQCSQoAiCACMmIgIAFQAAihQAAQCACA=="
        );
        assert_eq!(r.blocks, vec!["cf612db9ced8d844f1d31dd4c61ab273".to_owned()]);
    }
}
