//! The Council of Europe Convention on Action against Trafficking in Human Beings (CETS No. 197): which states
//! signed, ratified or acceded and when it entered into force for them, with each date marked as confirmed against a
//! published source, computed (Art. 42) or still to be checked. The data ship with vigie (`data/cets197.csv`, with
//! its sources in `data/README.md`) and can be replaced by an updated file of the same format.

use serde::Serialize;

/// The chart shipped with vigie.
pub const CETS197: &str = include_str!("../data/cets197.csv");

/// A date known to the day, the month or the year only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = i32::try_from(num(parts.first().copied().unwrap_or(""), 4)?).map_err(|_| bad())?;
        let month = match parts.get(1) {
            Some(m) => Some(u8::try_from(num(m, 2)?).map_err(|_| bad())?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => Some(u8::try_from(num(d, 2)?).map_err(|_| bad())?),
            None => None,
        };
        if parts.len() > 3 || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(bad());
        }
        if let (Some(m), Some(d)) = (month, day) {
            let month = time::Month::try_from(m).map_err(|_| bad())?;
            time::Date::from_calendar_date(year, month, d).map_err(|_| bad())?;
        }
        Ok(Self { year, month, day })
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// How sure a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// Checked against a published source.
    Confirmed,
    /// Computed by the rule of Art. 42 from the deposit.
    Computed,
    /// To be checked against the Treaty Office's chart.
    Unconfirmed,
}

/// A dated step, with how sure its date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    pub date: Option<PartialDate>,
    pub confirmation: Confirmation,
}

/// How a state became a Party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Ratification,
    Accession,
    None,
}

/// One state's row of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateRecord {
    pub state: String,
    pub council_of_europe_member: bool,
    pub signature: Step,
    pub ratification: Step,
    pub entry_into_force: Step,
    pub kind: Kind,
}

impl StateRecord {
    /// Whether the state is a Party (ratified or acceded).
    pub fn is_party(&self) -> bool {
        self.kind != Kind::None && self.ratification.date.is_some()
    }

    /// Whether any of its dates is still to be checked.
    pub fn has_unconfirmed(&self) -> bool {
        [self.signature, self.ratification, self.entry_into_force]
            .iter()
            .any(|s| s.date.is_some() && s.confirmation == Confirmation::Unconfirmed)
    }
}

/// The entry into force for a state under Art. 42: the first day of the month following the expiration of three
/// months after its deposit — and, for the first ten states, the Convention's own entry into force (1 February 2008,
/// three months after the tenth deposit, Cyprus's on 24 October 2007) when that is later. `None` when the deposit is
/// known only to the year.
pub fn entry_into_force(deposit: PartialDate) -> Option<PartialDate> {
    let month = deposit.month?;
    // The three months after a deposit in month M end in month M + 3; the first day of the following month is in
    // M + 4 (24 October 2007 gives 1 February 2008). Deposits before the tenth take the general date.
    let add = 4;
    let index = deposit.year * 12 + i32::from(month) - 1 + add;
    let date = PartialDate {
        year: index.div_euclid(12),
        month: Some((index.rem_euclid(12) + 1) as u8),
        day: Some(1),
    };
    let general = PartialDate {
        year: 2008,
        month: Some(2),
        day: Some(1),
    };
    Some(date.max(general))
}

/// A problem in the chart file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}, field {field}: {reason}")]
pub struct ChartError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub reason: String,
}

/// Reads a chart (`state,coe_member,signature,signature_confirmed,ratification_or_accession,ratification_confirmed,
/// entry_into_force,entry_into_force_confirmed,kind`): every problem, or every row.
pub fn read_chart(file: &str, text: &str) -> Result<Vec<StateRecord>, Vec<ChartError>> {
    const HEADER: [&str; 9] = [
        "state",
        "coe_member",
        "signature",
        "signature_confirmed",
        "ratification_or_accession",
        "ratification_confirmed",
        "entry_into_force",
        "entry_into_force_confirmed",
        "kind",
    ];
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    let err = |line: usize, field: &str, reason: String| ChartError {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        reason,
    };
    match lines.next() {
        Some((_, h))
            if h.trim_start_matches('\u{feff}')
                .split(',')
                .map(str::trim)
                .eq(HEADER) => {}
        _ => return Err(vec![err(1, "header", format!("expected {}", HEADER.join(",")))]),
    }
    for (i, line) in lines {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() != HEADER.len() {
            errors.push(err(
                n,
                "row",
                format!("{} fields, expected {}", f.len(), HEADER.len()),
            ));
            continue;
        }
        let mut bad = |field: &str, reason: String| errors.push(err(n, field, reason));
        let step = |date: &str, conf: &str, field: &str, bad: &mut dyn FnMut(&str, String)| -> Step {
            let date = if date.is_empty() {
                None
            } else {
                PartialDate::parse(date).map_err(|e| bad(field, e)).ok()
            };
            let confirmation = match conf {
                "yes" => Confirmation::Confirmed,
                "no" => Confirmation::Unconfirmed,
                "computed" => Confirmation::Computed,
                other => {
                    bad(
                        &format!("{field}_confirmed"),
                        format!("{other:?} is not yes, no or computed"),
                    );
                    Confirmation::Unconfirmed
                }
            };
            Step { date, confirmation }
        };
        let member = match f[1] {
            "yes" => true,
            "no" => false,
            other => {
                bad("coe_member", format!("{other:?} is not yes or no"));
                false
            }
        };
        let signature = step(f[2], f[3], "signature", &mut bad);
        let ratification = step(f[4], f[5], "ratification_or_accession", &mut bad);
        let entry = step(f[6], f[7], "entry_into_force", &mut bad);
        let kind = match f[8] {
            "R" => Kind::Ratification,
            "A" => Kind::Accession,
            "none" => Kind::None,
            other => {
                bad("kind", format!("{other:?} is not R, A or none"));
                Kind::None
            }
        };
        if f[0].is_empty() {
            bad("state", "the state is missing".into());
        }
        out.push(StateRecord {
            state: f[0].to_owned(),
            council_of_europe_member: member,
            signature,
            ratification,
            entry_into_force: entry,
            kind,
        });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_chart_has_the_48_parties_and_marks_what_is_unconfirmed() {
        let chart = read_chart("cets197.csv", CETS197).unwrap();
        let parties: Vec<&StateRecord> = chart.iter().filter(|s| s.is_party()).collect();
        assert_eq!(parties.len(), 48);
        assert_eq!(parties.iter().filter(|s| s.council_of_europe_member).count(), 46);
        let accessions: Vec<&str> = parties
            .iter()
            .filter(|s| s.kind == Kind::Accession)
            .map(|s| s.state.as_str())
            .collect();
        assert_eq!(accessions, ["Belarus", "Israel"]);
        let russia = chart.iter().find(|s| s.state == "Russian Federation").unwrap();
        assert!(!russia.is_party());
        assert!(chart.iter().any(StateRecord::has_unconfirmed));
        let france = chart.iter().find(|s| s.state == "France").unwrap();
        assert_eq!(france.ratification.confirmation, Confirmation::Unconfirmed);
        assert_eq!(france.entry_into_force.confirmation, Confirmation::Confirmed);
        let czech = chart.iter().find(|s| s.state == "Czech Republic").unwrap();
        assert_eq!(czech.signature.date.unwrap().to_string(), "2016-05");
    }

    #[test]
    fn computed_entries_into_force_follow_article_42() {
        let chart = read_chart("cets197.csv", CETS197).unwrap();
        let computed: Vec<&StateRecord> = chart
            .iter()
            .filter(|s| s.entry_into_force.confirmation == Confirmation::Computed)
            .collect();
        assert!(computed.len() >= 4);
        for s in computed {
            let deposit = s.ratification.date.unwrap();
            assert_eq!(
                entry_into_force(deposit),
                s.entry_into_force.date,
                "{}: deposit {deposit}",
                s.state
            );
        }
        // The tenth ratification (Cyprus, 24 October 2007) brought the Convention into force on 1 February 2008.
        let cyprus = PartialDate::parse("2007-10-24").unwrap();
        assert_eq!(entry_into_force(cyprus).unwrap().to_string(), "2008-02-01");
        assert_eq!(entry_into_force(PartialDate::parse("2021").unwrap()), None);
    }

    #[test]
    fn a_bad_chart_is_refused_with_its_lines() {
        let text = "state,coe_member,signature,signature_confirmed,ratification_or_accession,ratification_confirmed,\
                    entry_into_force,entry_into_force_confirmed,kind\n\
                    Atlantis,maybe,2005-13-01,yes,2006,perhaps,,no,X\n\
                    Utopia,yes\n";
        let errors = read_chart("c.csv", text).unwrap_err();
        let fields: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            fields,
            [
                (2, "coe_member"),
                (2, "signature"),
                (2, "ratification_or_accession_confirmed"),
                (2, "kind"),
                (3, "row")
            ]
        );
        assert!(read_chart("c.csv", "a,b\n").is_err());
        for bad in ["20", "2024-1", "2024-02-30", "2024-01-01-01", "x"] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }
}
