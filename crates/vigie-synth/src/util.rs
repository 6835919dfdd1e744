//! Small shared helpers: independent random sub-streams, a few distributions, dates, and CSV/JSON text.

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Poisson, StandardNormal};
use serde::Serialize;
use time::{Date, Month};

/// The parts of the demo city. Each draws from its own ChaCha stream, so that changing the size or the
/// logic of one part never changes the random numbers another part sees.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Areas = 1,
    Indicators = 2,
    Incidents = 3,
    Victims = 4,
    Network = 5,
    Cases = 6,
    Plan = 7,
}

/// The random stream of one part for one seed.
pub(crate) fn stream(seed: u64, part: Part) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(part as u64);
    rng
}

/// A standard normal draw.
pub(crate) fn normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    rng.sample::<f64, _>(StandardNormal)
}

/// A Poisson draw; 0 for a non-positive or non-finite mean.
pub(crate) fn poisson<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    if !lambda.is_finite() || lambda <= 0.0 {
        return 0;
    }
    match Poisson::new(lambda) {
        Ok(d) => rng.sample::<f64, _>(d).max(0.0) as u64,
        Err(_) => lambda.round() as u64,
    }
}

/// A draw from `[0, n)` with probabilities proportional to `weights` (the last index if all are zero).
pub(crate) fn pick_weighted<R: Rng + ?Sized>(rng: &mut R, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
    if weights.is_empty() {
        return 0;
    }
    if total <= 0.0 {
        return weights.len() - 1;
    }
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if w.is_finite() && *w > 0.0 {
            if x < *w {
                return i;
            }
            x -= w;
        }
    }
    weights.len() - 1
}

/// A uniform index in `[0, n)` (0 when `n` is 0).
pub(crate) fn index<R: Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    if n == 0 { 0 } else { rng.random_range(0..n) }
}

/// Whether an event of probability `p` happens (p is clamped to 0..1).
pub(crate) fn chance<R: Rng + ?Sized>(rng: &mut R, p: f64) -> bool {
    rng.random::<f64>() < p.clamp(0.0, 1.0)
}

/// A coordinate rounded to 6 decimals, exactly as it reads back from the text written by [`coord_text`].
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A coordinate as text with 6 decimals.
pub(crate) fn coord_text(x: f64) -> String {
    format!("{x:.6}")
}

/// Metres per degree of latitude and of longitude around Vallombre (latitude 45.75°).
pub(crate) fn metres_per_degree() -> (f64, f64) {
    let lat = 45.75_f64.to_radians();
    (111_320.0 * lat.cos(), 111_132.0)
}

/// A calendar date; out-of-range parts fall back to the nearest valid date (callers pass valid ones).
pub(crate) fn date(year: i32, month: u8, day: u8) -> Date {
    let m = Month::try_from(month.clamp(1, 12)).unwrap_or(Month::January);
    let d = day.clamp(1, time::util::days_in_month(m, year));
    Date::from_calendar_date(year, m, d).unwrap_or(Date::MIN)
}

/// The date of a Julian day number (clamped to the supported range).
pub(crate) fn from_julian(jd: i32) -> Date {
    Date::from_julian_day(jd).unwrap_or(if jd < 0 { Date::MIN } else { Date::MAX })
}

/// The number of days in a month.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    let m = Month::try_from(month.clamp(1, 12)).unwrap_or(Month::January);
    time::util::days_in_month(m, year)
}

/// `YYYY-MM-DD`.
pub(crate) fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The span of the demo period as Julian days, first and last day inclusive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub first: i32,
    pub last: i32,
}

impl Span {
    pub(crate) fn years(first_year: i32, years: u32) -> Self {
        let last_year = first_year + years.max(1) as i32 - 1;
        Self {
            first: date(first_year, 1, 1).to_julian_day(),
            last: date(last_year, 12, 31).to_julian_day(),
        }
    }
    /// Clamps a Julian day into the span.
    pub(crate) fn clamp(&self, jd: i32) -> Date {
        from_julian(jd.clamp(self.first, self.last))
    }
}

/// Appends one CSV row (RFC 4180 quoting where needed, `\n` line end).
pub(crate) fn csv_row<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let f = f.as_ref();
        if f.contains([',', '"', '\n', '\r', ';']) || f.starts_with(' ') || f.ends_with(' ') {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

/// Pretty JSON text with a final newline. Serialising the plain structures of this crate cannot fail; should
/// it ever, the file says why instead of panicking.
pub(crate) fn json_pretty<T: Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

/// Compact JSON text (same fallback as [`json_pretty`]).
pub(crate) fn json_compact<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut s = String::new();
        csv_row(&mut s, &["a", "b,c", "d\"e", "x;y", ""]);
        assert_eq!(s, "a,\"b,c\",\"d\"\"e\",\"x;y\",\n");
    }

    #[test]
    fn rounding_matches_text() {
        for x in [4.8123456789, 45.7, 4.95, 45.799999951] {
            let r = round6(x);
            let back: f64 = coord_text(r).parse().unwrap();
            assert_eq!(back, r);
        }
    }

    #[test]
    fn streams_differ_by_part() {
        let a: u64 = stream(7, Part::Areas).random();
        let b: u64 = stream(7, Part::Incidents).random();
        let a2: u64 = stream(7, Part::Areas).random();
        assert_ne!(a, b);
        assert_eq!(a, a2);
    }

    #[test]
    fn dates() {
        assert_eq!(date_text(date(2024, 2, 31)), "2024-02-29");
        let span = Span::years(2021, 5);
        assert_eq!(date_text(from_julian(span.first)), "2021-01-01");
        assert_eq!(date_text(from_julian(span.last)), "2025-12-31");
        assert_eq!(days_in_month(2023, 2), 28);
    }

    #[test]
    fn pick_weighted_follows_weights() {
        let mut rng = stream(1, Part::Victims);
        let w = [0.16, 0.15, 0.07, 0.06, 0.0, 0.52];
        let mut c = [0_u32; 6];
        for _ in 0..100_000 {
            c[pick_weighted(&mut rng, &w)] += 1;
        }
        for (i, n) in c.iter().enumerate() {
            let expected = w[i] / 0.96 * 100_000.0;
            assert!(
                (f64::from(*n) - expected).abs() < 4.0 * expected.sqrt() + 1.0,
                "{i}: {n} vs {expected}"
            );
        }
    }
}
