//! Cryptographic long-term keys (CLKs): Bloom filters as bit vectors, their Sørensen–Dice similarity, and the JSON
//! lines that carry them between partners (`{"id", "clk", "blocks", "schema"}`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// A Bloom filter of `bits` bits (a multiple of 64), stored as 64-bit words, bit `i` in word `i / 64` at position
/// `i % 64`. Its bytes (for base64) are the words in little-endian order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Clk {
    words: Vec<u64>,
    ones: u32,
}

/// What is wrong with an encoding or an encodings file. Each names the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClkError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("{0}")]
    Io(String),
}

fn line_err(line: usize, reason: impl Into<String>) -> ClkError {
    ClkError::Line {
        line,
        reason: reason.into(),
    }
}

impl Clk {
    /// An empty filter of `bits` bits (rounded up to a multiple of 64).
    pub fn zeros(bits: usize) -> Self {
        Self {
            words: vec![0; bits.div_ceil(64)],
            ones: 0,
        }
    }

    /// The filter's length in bits.
    pub fn bits(&self) -> usize {
        self.words.len() * 64
    }

    /// Sets bit `i` (modulo the length).
    pub fn set(&mut self, i: usize) {
        let i = i % self.bits().max(1);
        let (w, b) = (i / 64, i % 64);
        if let Some(word) = self.words.get_mut(w) {
            if *word & (1 << b) == 0 {
                self.ones += 1;
            }
            *word |= 1 << b;
        }
    }

    pub fn get(&self, i: usize) -> bool {
        self.words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Number of bits set.
    pub fn ones(&self) -> u32 {
        self.ones
    }

    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// From words (the count of ones is computed).
    pub fn from_words(words: Vec<u64>) -> Self {
        let ones = words.iter().map(|w| w.count_ones()).sum();
        Self { words, ones }
    }

    /// The filter's bytes, words in little-endian order.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// From bytes (a multiple of 8).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(8) {
            return None;
        }
        let words = bytes
            .chunks_exact(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                u64::from_le_bytes(b)
            })
            .collect();
        Some(Self::from_words(words))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.to_bytes())
    }

    pub fn from_base64(text: &str) -> Option<Self> {
        STANDARD
            .decode(text.trim())
            .ok()
            .and_then(|b| Self::from_bytes(&b))
    }

    /// Number of bits set in both.
    pub fn common(&self, other: &Clk) -> u32 {
        crate::simd::common(&self.words, &other.words)
    }

    /// Sørensen–Dice coefficient `2|A∩B| / (|A| + |B|)`; 0 when both are empty.
    pub fn dice(&self, other: &Clk) -> f64 {
        dice_of(self.common(other), self.ones + other.ones)
    }
}

/// Sørensen–Dice from the bits set in both filters and the bits set in each, summed; 0 when both are empty.
pub fn dice_of(common: u32, total: u32) -> f64 {
    if total == 0 {
        return 0.0;
    }
    2.0 * f64::from(common) / f64::from(total)
}

/// One record's encoding as exchanged between partners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodedRecord {
    /// The record's identifier in the agency's own list (never a name).
    pub id: String,
    /// Base64 of the filter's bytes.
    pub clk: String,
    /// Keyed blocking keys (hex).
    #[serde(default)]
    pub blocks: Vec<String>,
    /// The schema's identifier and version, `name@version`: files made with other schemas cannot be linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

/// A file of encodings, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Encodings {
    pub ids: Vec<String>,
    pub clks: Vec<Clk>,
    pub blocks: Vec<Vec<String>>,
    /// The schema of every line (`None` when the lines do not say).
    pub schema: Option<String>,
    pub bits: usize,
}

/// Why two files of encodings cannot be linked together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// They were encoded with different schemas (or versions).
    Schema,
    /// Their filters have different lengths.
    Bits,
}

impl Encodings {
    /// Whether this file can be linked with `other`: the same schema, and filters of the same length (an empty file
    /// fits any length).
    pub fn mismatch(&self, other: &Encodings) -> Option<Mismatch> {
        if self.schema != other.schema {
            Some(Mismatch::Schema)
        } else if !self.is_empty() && !other.is_empty() && self.bits != other.bits {
            Some(Mismatch::Bits)
        } else {
            None
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Reads JSON lines of [`EncodedRecord`]s: every line must parse, hold a filter of the same length as the first,
/// in base64, with a unique id, and name the same schema. Blank lines are skipped. Errors name the line (from 1).
pub fn read_encodings(text: &str) -> Result<Encodings, Vec<ClkError>> {
    let mut out = Encodings {
        ids: Vec::new(),
        clks: Vec::new(),
        blocks: Vec::new(),
        schema: None,
        bits: 0,
    };
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut first_schema: Option<(usize, Option<String>)> = None;
    for (k, raw) in text.lines().enumerate() {
        let line = k + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let rec: EncodedRecord = match serde_json::from_str(raw) {
            Ok(r) => r,
            Err(e) => {
                errors.push(line_err(line, format!("not an encoding ({e})")));
                continue;
            }
        };
        let Some(clk) = Clk::from_base64(&rec.clk) else {
            errors.push(line_err(line, "clk: not base64 of a filter (whole 64-bit words)"));
            continue;
        };
        if out.bits == 0 {
            out.bits = clk.bits();
        } else if clk.bits() != out.bits {
            errors.push(line_err(
                line,
                format!("clk: {} bits, but the first filter has {}", clk.bits(), out.bits),
            ));
            continue;
        }
        if rec.id.trim().is_empty() {
            errors.push(line_err(line, "id: empty"));
            continue;
        }
        if !seen.insert(rec.id.clone()) {
            errors.push(line_err(line, format!("id: {:?} appears twice", rec.id)));
            continue;
        }
        match &first_schema {
            None => first_schema = Some((line, rec.schema.clone())),
            Some((first, s)) if *s != rec.schema => {
                errors.push(line_err(
                    line,
                    format!(
                        "schema: {:?}, but line {first} says {:?}: the file mixes encodings of two schemas",
                        rec.schema, s
                    ),
                ));
                continue;
            }
            Some(_) => {}
        }
        out.ids.push(rec.id);
        out.clks.push(clk);
        out.blocks.push(rec.blocks);
    }
    out.schema = first_schema.and_then(|(_, s)| s);
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dice_of_known_filters() {
        let mut a = Clk::zeros(128);
        let mut b = Clk::zeros(128);
        for i in [1, 2, 3, 100] {
            a.set(i);
        }
        for i in [2, 3, 100, 127] {
            b.set(i);
        }
        assert_eq!(a.ones(), 4);
        assert_eq!(a.common(&b), 3);
        assert!((a.dice(&b) - 0.75).abs() < 1e-12);
        assert_eq!(Clk::zeros(64).dice(&Clk::zeros(64)), 0.0);
        assert_eq!(a.bits(), 128);
        assert!(a.get(100) && !a.get(99));
    }

    #[test]
    fn encodings_files_are_checked_line_by_line() {
        let mut a = Clk::zeros(128);
        a.set(5);
        let good = serde_json::to_string(&EncodedRecord {
            id: "r1".into(),
            clk: a.to_base64(),
            blocks: vec!["ab".into()],
            schema: Some("demo@1".into()),
        })
        .unwrap();
        let e = read_encodings(&format!("{good}\n\n{good}\n")).unwrap_err();
        assert_eq!(e, vec![line_err(3, "id: \"r1\" appears twice")]);
        let short = good
            .replace(&a.to_base64(), &Clk::zeros(64).to_base64())
            .replace("r1", "r2");
        let bad64 = good.replace(&a.to_base64(), "%%%").replace("r1", "r3");
        let other = good.replace("demo@1", "demo@2").replace("r1", "r4");
        let e = read_encodings(&format!("{good}\n{short}\n{bad64}\n{other}\nnot json\n")).unwrap_err();
        let lines: Vec<usize> = e
            .iter()
            .map(|x| match x {
                ClkError::Line { line, .. } => *line,
                ClkError::Io(_) => 0,
            })
            .collect();
        assert_eq!(lines, vec![2, 3, 4, 5], "{e:?}");
        assert!(
            e[0].to_string().contains("64 bits, but the first filter has 128"),
            "{}",
            e[0]
        );
        assert!(e[2].to_string().contains("two schemas"), "{}", e[2]);
        let ok = read_encodings(&good).unwrap();
        assert_eq!(
            (ok.len(), ok.bits, ok.schema.as_deref()),
            (1, 128, Some("demo@1"))
        );
    }

    proptest! {
        #[test]
        fn base64_round_trips_and_dice_is_symmetric_and_bounded(
            a in proptest::collection::vec(any::<u64>(), 16),
            b in proptest::collection::vec(any::<u64>(), 16),
        ) {
            let (x, y) = (Clk::from_words(a), Clk::from_words(b));
            prop_assert_eq!(Clk::from_base64(&x.to_base64()).unwrap(), x.clone());
            let d = x.dice(&y);
            prop_assert!((0.0..=1.0).contains(&d));
            prop_assert!((d - y.dice(&x)).abs() < 1e-15);
            if x.ones() > 0 {
                prop_assert!((x.dice(&x) - 1.0).abs() < 1e-15);
            }
        }
    }
}
