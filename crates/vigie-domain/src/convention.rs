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

/// The day the Convention was opened for signature (Warsaw, 16 May 2005): no signature or deposit is earlier.
pub const OPENED: PartialDate = PartialDate {
    year: 2005,
    month: Some(5),
    day: Some(16),
};

/// The day the Convention entered into force (1 February 2008): no state's entry into force is earlier.
pub const IN_FORCE: PartialDate = PartialDate {
    year: 2008,
    month: Some(2),
    day: Some(1),
};

impl PartialDate {
    /// The first day the date can mean (1 January for a year, the 1st for a month).
    pub fn first_day(&self) -> Option<time::Date> {
        let month = time::Month::try_from(self.month.unwrap_or(1)).ok()?;
        time::Date::from_calendar_date(self.year, month, self.day.unwrap_or(1)).ok()
    }

    /// The date of a day, known to the day.
    pub fn of(d: time::Date) -> Self {
        Self {
            year: d.year(),
            month: Some(u8::from(d.month())),
            day: Some(d.day()),
        }
    }

    /// Whether `self` is certainly before `other`: compared at the precision both have (2016 is not before
    /// 2016-05, and 2016-04 is before 2016-05-02).
    pub fn certainly_before(&self, other: &PartialDate) -> bool {
        if self.year != other.year {
            return self.year < other.year;
        }
        match (self.month, other.month) {
            (Some(a), Some(b)) if a != b => a < b,
            (Some(_), Some(_)) => matches!((self.day, other.day), (Some(a), Some(b)) if a < b),
            _ => false,
        }
    }
}

impl Confirmation {
    /// The code written in forms and the store: `confirmed`, `computed`, `unconfirmed`.
    pub fn code(self) -> &'static str {
        match self {
            Confirmation::Confirmed => "confirmed",
            Confirmation::Computed => "computed",
            Confirmation::Unconfirmed => "unconfirmed",
        }
    }

    pub const ALL: [Confirmation; 3] = [
        Confirmation::Confirmed,
        Confirmation::Computed,
        Confirmation::Unconfirmed,
    ];

    /// The confirmation with this [`code`](Confirmation::code).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code.trim())
    }
}

/// Which dated step of a state's row a change corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Signature,
    /// Ratification, or accession for a state not a member of the Council of Europe.
    Ratification,
    EntryIntoForce,
}

impl StepKind {
    pub const ALL: [StepKind; 3] = [
        StepKind::Signature,
        StepKind::Ratification,
        StepKind::EntryIntoForce,
    ];

    /// The code written in forms and the store: `signature`, `ratification`, `entry_into_force`.
    pub fn code(self) -> &'static str {
        match self {
            StepKind::Signature => "signature",
            StepKind::Ratification => "ratification",
            StepKind::EntryIntoForce => "entry_into_force",
        }
    }

    /// The step with this [`code`](StepKind::code).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// The step of a row.
    pub fn of(self, r: &StateRecord) -> Step {
        match self {
            StepKind::Signature => r.signature,
            StepKind::Ratification => r.ratification,
            StepKind::EntryIntoForce => r.entry_into_force,
        }
    }

    fn of_mut(self, r: &mut StateRecord) -> &mut Step {
        match self {
            StepKind::Signature => &mut r.signature,
            StepKind::Ratification => &mut r.ratification,
            StepKind::EntryIntoForce => &mut r.entry_into_force,
        }
    }
}

/// The longest source of a change, in characters.
pub const MAX_SOURCE: usize = 500;
/// The longest note of a change, in characters.
pub const MAX_CHANGE_NOTE: usize = 1000;

/// A problem with one field of a form, with a stable code (for the translated message) and the reason in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The form's field (`date`, `source`).
    pub field: &'static str,
    /// What is wrong, as a stable code (`source-required`).
    pub code: &'static str,
    pub reason: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

/// A correction of one step of one state's row, as an administrator writes it (text, checked by
/// [`ChangeDraft::validate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeDraft {
    pub state: String,
    /// `signature`, `ratification` or `entry_into_force`.
    pub step: String,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or empty: no date (or, when computed, the date Art. 42 gives).
    pub date: String,
    /// `confirmed`, `computed` or `unconfirmed`.
    pub confirmation: String,
    /// Where the date comes from: an address (`https://…`) or a document's reference. Required.
    pub source: String,
    pub note: String,
}

/// A valid correction of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartChange {
    pub state: String,
    pub step: StepKind,
    pub date: Option<PartialDate>,
    pub confirmation: Confirmation,
    pub source: String,
    pub note: String,
}

/// Whether a source reads as an address of the web (`http://` or `https://`), to be shown as a link.
pub fn source_is_link(source: &str) -> bool {
    let lower = source.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !source.contains(char::is_whitespace)
}

impl ChangeDraft {
    /// Checks the change against the chart as it stands (`chart`: the effective chart) and today's date: the state
    /// is in the chart; the date is a date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), not after today, no signature or
    /// deposit before 16 May 2005 and no entry into force before 1 February 2008; a ratification not before the
    /// signature and an entry into force not before the deposit; a computed date only for the entry into force,
    /// equal to what Art. 42 gives for the state's deposit (filled in when left empty); a source (an `http(s)`
    /// address or a document's reference, one line); something actually changes. Every problem, by field.
    pub fn validate(
        &self,
        chart: &[StateRecord],
        today: time::Date,
    ) -> Result<ChartChange, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut bad = |field: &'static str, code: &'static str, reason: String| {
            problems.push(FieldProblem { field, code, reason })
        };
        let state = self.state.trim();
        let row = chart.iter().find(|r| r.state == state);
        if row.is_none() {
            bad(
                "state",
                "state-unknown",
                format!("{state:?} is not a state of the chart"),
            );
        }
        let step = StepKind::parse(&self.step);
        if step.is_none() {
            bad(
                "step",
                "step-unknown",
                "choose signature, ratification or entry_into_force".into(),
            );
        }
        let confirmation = Confirmation::parse(&self.confirmation);
        if confirmation.is_none() {
            bad(
                "confirmation",
                "confirmation-unknown",
                "choose confirmed, computed or unconfirmed".into(),
            );
        }
        let mut date = None;
        if !self.date.trim().is_empty() {
            match PartialDate::parse(&self.date) {
                Ok(d) => date = Some(d),
                Err(e) => bad("date", "date-invalid", e),
            }
        }
        if let Some(d) = date {
            if PartialDate::of(today).certainly_before(&d) {
                bad("date", "date-future", format!("{d} is after today ({today})"));
            }
            match step {
                Some(StepKind::EntryIntoForce) if d.certainly_before(&IN_FORCE) => bad(
                    "date",
                    "date-before-in-force",
                    format!("the Convention entered into force on {IN_FORCE}; {d} is earlier"),
                ),
                Some(StepKind::Signature | StepKind::Ratification) if d.certainly_before(&OPENED) => bad(
                    "date",
                    "date-before-opening",
                    format!("the Convention was opened for signature on {OPENED}; {d} is earlier"),
                ),
                _ => {}
            }
        }
        if let (Some(row), Some(step), Some(d)) = (row, step, date) {
            let earlier = match step {
                StepKind::Signature => None,
                StepKind::Ratification => row.signature.date.map(|s| (s, "signature")),
                StepKind::EntryIntoForce => row.ratification.date.map(|r| (r, "ratification or accession")),
            };
            if let Some((e, what)) = earlier
                && d.certainly_before(&e)
            {
                bad("date", "date-order", format!("{d} is before the {what} ({e})"));
            }
        }
        if confirmation == Some(Confirmation::Computed) {
            match (step, row) {
                (Some(StepKind::EntryIntoForce), Some(row)) => {
                    match row.ratification.date.and_then(entry_into_force) {
                        None => bad(
                            "confirmation",
                            "computed-needs-deposit",
                            "Art. 42 needs the deposit's month: the ratification or accession is not known to the \
                             month"
                                .into(),
                        ),
                        Some(expected) => match date {
                            None if self.date.trim().is_empty() => date = Some(expected),
                            Some(d) if d != expected => bad(
                                "date",
                                "date-not-article-42",
                                format!(
                                    "Art. 42 gives {expected} for a deposit on {}",
                                    row.ratification.date.map(|r| r.to_string()).unwrap_or_default()
                                ),
                            ),
                            _ => {}
                        },
                    }
                }
                (Some(StepKind::Signature | StepKind::Ratification), _) => bad(
                    "confirmation",
                    "computed-only-entry",
                    "only the entry into force is computed (Art. 42)".into(),
                ),
                _ => {}
            }
        }
        let source = self.source.trim();
        if source.is_empty() {
            bad(
                "source",
                "source-required",
                "give the source of the change: an address (https://…) or a document's reference".into(),
            );
        } else if source.chars().count() > MAX_SOURCE {
            bad(
                "source",
                "source-too-long",
                format!("at most {MAX_SOURCE} characters"),
            );
        } else if source.chars().any(char::is_control) {
            bad("source", "source-bad", "one line of text".into());
        } else if source.contains("://") && !source_is_link(source) {
            bad(
                "source",
                "source-bad",
                "an address must begin with https:// or http:// and contain no space".into(),
            );
        }
        let note = self.note.trim();
        if note.chars().count() > MAX_CHANGE_NOTE {
            bad(
                "note",
                "note-too-long",
                format!("at most {MAX_CHANGE_NOTE} characters"),
            );
        }
        if let (Some(row), Some(step), Some(confirmation)) = (row, step, confirmation)
            && problems.is_empty()
        {
            let now = step.of(row);
            if now.date == date && (now.confirmation == confirmation || date.is_none()) {
                problems.push(FieldProblem {
                    field: "date",
                    code: "unchanged",
                    reason: "the chart already says this".into(),
                });
            }
        }
        match (row, step, confirmation) {
            (Some(row), Some(step), Some(confirmation)) if problems.is_empty() => Ok(ChartChange {
                state: row.state.clone(),
                step,
                date,
                confirmation,
                source: source.to_owned(),
                note: note.to_owned(),
            }),
            _ => Err(problems),
        }
    }
}

impl ChartChange {
    /// Applies the change to a chart; `false` when the chart has no such state (nothing changes).
    pub fn apply(&self, chart: &mut [StateRecord]) -> bool {
        let Some(row) = chart.iter_mut().find(|r| r.state == self.state) else {
            return false;
        };
        *self.step.of_mut(row) = Step {
            date: self.date,
            confirmation: self.confirmation,
        };
        // A state that was neither signatory nor Party becomes one by ratification if a member of the Council of
        // Europe, else by accession (Art. 43).
        if self.step == StepKind::Ratification && self.date.is_some() && row.kind == Kind::None {
            row.kind = if row.council_of_europe_member {
                Kind::Ratification
            } else {
                Kind::Accession
            };
        }
        true
    }
}

/// The effective chart: the shipped chart with the changes applied in order. Changes naming a state the chart
/// does not have are left out (and returned, to be shown).
pub fn effective<'a>(
    shipped: Vec<StateRecord>,
    changes: impl IntoIterator<Item = &'a ChartChange>,
) -> (Vec<StateRecord>, Vec<&'a ChartChange>) {
    let mut chart = shipped;
    let mut skipped = Vec::new();
    for c in changes {
        if !c.apply(&mut chart) {
            skipped.push(c);
        }
    }
    (chart, skipped)
}

/// The states whose entry into force is marked computed but is not what Art. 42 gives for their deposit (after a
/// correction of the deposit, say): to be corrected.
pub fn article_42_mismatches(chart: &[StateRecord]) -> Vec<&StateRecord> {
    chart
        .iter()
        .filter(|r| {
            r.entry_into_force.confirmation == Confirmation::Computed
                && r.entry_into_force.date.is_some()
                && r.ratification.date.and_then(entry_into_force) != r.entry_into_force.date
        })
        .collect()
}

/// The chart's name of the state with this ISO 3166-1 alpha-2 code, for the states of the chart (the 46 members
/// of the Council of Europe, Belarus, Israel and the Russian Federation).
pub fn state_of_country(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code.trim()))
        .map(|(_, s)| *s)
}

const COUNTRIES: [(&str, &str); 49] = [
    ("AL", "Albania"),
    ("AD", "Andorra"),
    ("AM", "Armenia"),
    ("AT", "Austria"),
    ("AZ", "Azerbaijan"),
    ("BE", "Belgium"),
    ("BA", "Bosnia and Herzegovina"),
    ("BG", "Bulgaria"),
    ("HR", "Croatia"),
    ("CY", "Cyprus"),
    ("CZ", "Czech Republic"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("GE", "Georgia"),
    ("DE", "Germany"),
    ("GR", "Greece"),
    ("HU", "Hungary"),
    ("IS", "Iceland"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("LV", "Latvia"),
    ("LI", "Liechtenstein"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("MT", "Malta"),
    ("MD", "Republic of Moldova"),
    ("MC", "Monaco"),
    ("ME", "Montenegro"),
    ("NL", "Netherlands"),
    ("MK", "North Macedonia"),
    ("NO", "Norway"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("SM", "San Marino"),
    ("RS", "Serbia"),
    ("SK", "Slovak Republic"),
    ("SI", "Slovenia"),
    ("ES", "Spain"),
    ("SE", "Sweden"),
    ("CH", "Switzerland"),
    ("TR", "Türkiye"),
    ("UA", "Ukraine"),
    ("GB", "United Kingdom"),
    ("BY", "Belarus"),
    ("IL", "Israel"),
    ("RU", "Russian Federation"),
];

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

    fn today() -> time::Date {
        time::macros::date!(2026 - 06 - 01)
    }

    fn draft(state: &str, step: &str, date: &str, confirmation: &str, source: &str) -> ChangeDraft {
        ChangeDraft {
            state: state.into(),
            step: step.into(),
            date: date.into(),
            confirmation: confirmation.into(),
            source: source.into(),
            note: String::new(),
        }
    }

    fn codes(problems: &[FieldProblem]) -> Vec<(&str, &str)> {
        problems.iter().map(|p| (p.field, p.code)).collect()
    }

    #[test]
    fn a_change_is_checked_field_by_field() {
        let chart = read_chart("cets197.csv", CETS197).unwrap();
        let ok = draft(
            "France",
            "ratification",
            "2008-01-09",
            "confirmed",
            "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=197",
        );
        let change = ok.validate(&chart, today()).unwrap();
        assert_eq!(change.step, StepKind::Ratification);
        assert_eq!(change.date.unwrap().to_string(), "2008-01-09");

        // No source: refused, with the field.
        let e = draft("France", "ratification", "2008-01-09", "confirmed", "  ")
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(codes(&e), [("source", "source-required")]);
        // A document's reference is a source; an address must be http(s).
        assert!(
            draft(
                "France",
                "ratification",
                "2008-01-09",
                "confirmed",
                "JO 2008-34, p. 12"
            )
            .validate(&chart, today())
            .is_ok()
        );
        let e = draft(
            "France",
            "ratification",
            "2008-01-09",
            "confirmed",
            "javascript://x",
        )
        .validate(&chart, today())
        .unwrap_err();
        assert_eq!(codes(&e), [("source", "source-bad")]);

        // Everything wrong at once: every problem.
        let e = draft("Atlantis", "adoption", "2008-13", "sure", "")
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(
            codes(&e),
            [
                ("state", "state-unknown"),
                ("step", "step-unknown"),
                ("confirmation", "confirmation-unknown"),
                ("date", "date-invalid"),
                ("source", "source-required"),
            ]
        );
        // Dates: not in the future, not before the opening, in order.
        let src = "Treaty Office chart";
        let e = draft("France", "signature", "2027", "confirmed", src)
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(codes(&e), [("date", "date-future")]);
        let e = draft("France", "signature", "2005-04", "confirmed", src)
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(codes(&e), [("date", "date-before-opening")]);
        let e = draft("France", "ratification", "2005-05-16", "confirmed", src)
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(
            codes(&e),
            [("date", "date-order")],
            "before France's signature (2006-05-22)"
        );
        // Nothing changes: refused.
        let france = chart.iter().find(|s| s.state == "France").unwrap();
        let same = france.entry_into_force.date.unwrap().to_string();
        let e = draft("France", "entry_into_force", &same, "confirmed", src)
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(codes(&e), [("date", "unchanged")]);
    }

    #[test]
    fn a_computed_entry_into_force_follows_article_42() {
        let chart = read_chart("cets197.csv", CETS197).unwrap();
        let src = "Art. 42";
        // Andorra deposited on 2011-03-23: in force on 2011-07-01; left empty, the date is computed.
        let e = draft("Andorra", "entry_into_force", "", "computed", src)
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(
            codes(&e),
            [("date", "unchanged")],
            "the shipped chart has it already"
        );
        let e = draft("Andorra", "entry_into_force", "2011-08-01", "computed", src)
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(codes(&e), [("date", "date-not-article-42")]);
        assert!(e[0].reason.contains("2011-07-01"), "{}", e[0].reason);
        let e = draft("Andorra", "signature", "2005-11-17", "computed", src)
            .validate(&chart, today())
            .unwrap_err();
        assert_eq!(codes(&e), [("confirmation", "computed-only-entry")]);
        // After a corrected deposit, an empty computed date is filled by Art. 42.
        let fix = draft("Andorra", "ratification", "2011-04-02", "confirmed", src)
            .validate(&chart, today())
            .unwrap();
        let (chart, skipped) = effective(chart, [&fix]);
        assert!(skipped.is_empty());
        let andorra = chart.iter().find(|s| s.state == "Andorra").unwrap();
        assert_eq!(andorra.ratification.date.unwrap().to_string(), "2011-04-02");
        assert_eq!(
            article_42_mismatches(&chart)
                .iter()
                .map(|s| s.state.as_str())
                .collect::<Vec<_>>(),
            ["Andorra"]
        );
        let eif = draft("Andorra", "entry_into_force", "", "computed", src)
            .validate(&chart, today())
            .unwrap();
        assert_eq!(eif.date.unwrap().to_string(), "2011-08-01");
        let (chart, _) = effective(chart, [&eif]);
        assert!(article_42_mismatches(&chart).is_empty());
    }

    #[test]
    fn the_effective_chart_applies_changes_in_order() {
        let shipped = read_chart("cets197.csv", CETS197).unwrap();
        let src = "https://www.coe.int/";
        let first = draft("Finland", "entry_into_force", "2012-09", "unconfirmed", src)
            .validate(&shipped, today())
            .unwrap();
        let second = draft("Finland", "entry_into_force", "2012-09-01", "confirmed", src)
            .validate(&shipped, today())
            .unwrap();
        let gone = ChartChange {
            state: "Atlantis".into(),
            ..second.clone()
        };
        let (chart, skipped) = effective(shipped.clone(), [&first, &second, &gone]);
        assert_eq!(skipped, [&gone]);
        let finland = chart.iter().find(|s| s.state == "Finland").unwrap();
        assert_eq!(finland.entry_into_force.date.unwrap().to_string(), "2012-09-01");
        assert_eq!(finland.entry_into_force.confirmation, Confirmation::Confirmed);
        // Every other row is as shipped.
        assert_eq!(chart.iter().zip(&shipped).filter(|(a, b)| a != b).count(), 1);
        // A state becomes a Party by its deposit.
        let russia = draft(
            "Russian Federation",
            "ratification",
            "2026-05",
            "unconfirmed",
            src,
        )
        .validate(&chart, today())
        .unwrap();
        let (chart, _) = effective(chart, [&russia]);
        assert!(
            chart
                .iter()
                .any(|s| s.state == "Russian Federation" && s.is_party())
        );
    }

    #[test]
    fn every_state_of_the_chart_has_its_country_code() {
        let chart = read_chart("cets197.csv", CETS197).unwrap();
        assert_eq!(chart.len(), COUNTRIES.len());
        for s in &chart {
            assert!(COUNTRIES.iter().any(|(_, n)| *n == s.state), "{}", s.state);
        }
        assert_eq!(state_of_country("fr"), Some("France"));
        assert_eq!(state_of_country("US"), None);
        let a = PartialDate::parse("2016").unwrap();
        let b = PartialDate::parse("2016-05").unwrap();
        assert!(!a.certainly_before(&b) && !b.certainly_before(&a));
        assert!(
            PartialDate::parse("2016-04")
                .unwrap()
                .certainly_before(&PartialDate::parse("2016-05-02").unwrap())
        );
        assert!(source_is_link("https://www.coe.int/x") && !source_is_link("JO n° 12"));
    }
}
