//! Cases of victims: the pseudonymous intake, its validation, and the rules that follow from it (the presumption
//! of minority, the recovery and reflection period).
//!
//! What is not here is deliberate: there is no residence or immigration status anywhere in intake, screening or
//! referral (help never depends on it). A victim who asks for legal help with residence gets a separate,
//! encrypted note that only the legal-help provider can read (see the store).

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use crate::codes::{AreaCode, CountryCode};
use crate::vocab::{ExploitationForm, MeansOfControl, RecruiterRelation, Sex, VocabError};

/// The shortest recovery and reflection period (Council of Europe Convention, Art. 13: at least 30 days).
pub const MIN_REFLECTION_DAYS: u16 = 30;
/// Age of majority.
pub const MAJORITY: i32 = 18;
/// Longest free text accepted in a field.
pub const MAX_TEXT: usize = 4000;
/// Longest alias or name.
pub const MAX_ALIAS: usize = 120;

/// Why an intake was refused. Each names the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("{field}: this field is required")]
    Required { field: &'static str },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{field}: {0}", field = .1)]
    Vocab(VocabError, &'static str),
}

impl CaseError {
    /// The form field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            CaseError::Required { field } | CaseError::Invalid { field, .. } | CaseError::Vocab(_, field) => {
                field
            }
        }
    }
}

fn invalid(field: &'static str, reason: impl Into<String>) -> CaseError {
    CaseError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// A language, as an ISO 639 code (two or three lower-case letters).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode(String);

impl LanguageCode {
    pub fn parse(raw: &str) -> Result<Self, CaseError> {
        let t = raw.trim().to_ascii_lowercase();
        if (2..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(Self(t))
        } else {
            Err(invalid(
                "languages",
                format!("{raw:?} is not a language code (two or three letters, ISO 639, e.g. ro, fr, ar)"),
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LanguageCode {
    type Error = CaseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<LanguageCode> for String {
    fn from(c: LanguageCode) -> String {
        c.0
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Languages from a list separated by commas, semicolons or spaces (duplicates dropped, order kept).
pub fn parse_languages(raw: &str) -> Result<Vec<LanguageCode>, CaseError> {
    let mut out: Vec<LanguageCode> = Vec::new();
    for part in raw.split([',', ';', ' ']).filter(|p| !p.trim().is_empty()) {
        let c = LanguageCode::parse(part)?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// A date of birth, or only its year: no identity document is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Birth {
    Date(Date),
    Year(i32),
}

impl Birth {
    /// `YYYY-MM-DD` or `YYYY`.
    pub fn parse(raw: &str) -> Result<Self, CaseError> {
        let t = raw.trim();
        if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = t.parse().map_err(|_| invalid("birth", "not a year"))?;
            return Ok(Birth::Year(y));
        }
        crate::import::parse_date(t).map(Birth::Date).map_err(|_| {
            invalid(
                "birth",
                format!("{t:?} is not a date (YYYY-MM-DD) or a year (YYYY)"),
            )
        })
    }

    pub fn year(self) -> i32 {
        match self {
            Birth::Date(d) => d.year(),
            Birth::Year(y) => y,
        }
    }

    /// The age on `on`, as a range: exact for a full date, two possible values for a year alone.
    pub fn age_range(self, on: Date) -> (i32, i32) {
        match self {
            Birth::Date(d) => {
                let mut age = on.year() - d.year();
                if (on.month() as u8, on.day()) < (d.month() as u8, d.day()) {
                    age -= 1;
                }
                (age, age)
            }
            Birth::Year(y) => ((on.year() - y - 1).max(0), on.year() - y),
        }
    }
}

impl TryFrom<String> for Birth {
    type Error = CaseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Birth> for String {
    fn from(b: Birth) -> String {
        b.to_string()
    }
}

impl fmt::Display for Birth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Birth::Date(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day()),
            Birth::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// The identifying part of a person record: stored only encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// An alias or a name, as the person wishes to be called.
    pub alias: String,
    pub birth: Option<Birth>,
    /// How to reach the person (a telephone, through whom), if they wish.
    pub contact: Option<String>,
}

/// The person, pseudonymous: no identity document is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonIntake {
    pub identity: Identity,
    /// The person's age is not known for sure (no document, doubtful statements).
    pub age_uncertain: bool,
    pub sex: Sex,
    pub languages: Vec<LanguageCode>,
    pub nationality: Option<CountryCode>,
}

impl PersonIntake {
    /// Whether the person is treated as a minor on `on`. When the age is uncertain (stated so, no date of birth,
    /// or a year of birth that leaves both possible) the person is presumed a minor (Convention, Art. 10(3)).
    pub fn minor(&self, on: Date) -> bool {
        if self.age_uncertain {
            return true;
        }
        match self.identity.birth {
            None => true,
            Some(b) => b.age_range(on).0 < MAJORITY,
        }
    }
}

/// A place: a country, and a place within it in the caseworker's words (stored encrypted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub country: Option<CountryCode>,
    pub detail: Option<String>,
}

/// A new case, as a caseworker records it at intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseIntake {
    pub person: PersonIntake,
    pub forms: Vec<ExploitationForm>,
    pub means: Vec<MeansOfControl>,
    pub recruitment_place: Place,
    pub recruitment_date: Option<Date>,
    pub exploitation_place: Place,
    /// The area of the city where the exploitation took place, when it did in the city.
    pub exploitation_area: Option<AreaCode>,
    pub exploitation_from: Option<Date>,
    pub exploitation_to: Option<Date>,
    pub recruiter_relation: RecruiterRelation,
    /// When the caseworker first met the person.
    pub opened_on: Date,
    /// Free text (stored encrypted).
    pub notes: Option<String>,
}

/// The intake form as text fields (from a web form or a JSON file), before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    pub alias: String,
    pub birth: String,
    pub age_uncertain: bool,
    pub sex: String,
    pub languages: String,
    pub nationality: String,
    pub contact: String,
    pub forms: Vec<String>,
    pub means: Vec<String>,
    pub recruitment_country: String,
    pub recruitment_place: String,
    pub recruitment_date: String,
    pub exploitation_country: String,
    pub exploitation_place: String,
    pub exploitation_area: String,
    pub exploitation_from: String,
    pub exploitation_to: String,
    pub recruiter_relation: String,
    pub opened_on: String,
    pub notes: String,
}

fn opt_text(raw: &str, field: &'static str, max: usize) -> Result<Option<String>, CaseError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > max {
        return Err(invalid(field, format!("longer than {max} characters")));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(invalid(field, "contains control characters"));
    }
    Ok(Some(t.to_owned()))
}

fn opt_date(raw: &str, field: &'static str, today: Date) -> Result<Option<Date>, CaseError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let d = crate::import::parse_date(t)
        .map_err(|_| invalid(field, format!("{t:?} is not a date (YYYY-MM-DD)")))?;
    if d > today {
        return Err(invalid(field, format!("{t} is in the future")));
    }
    Ok(Some(d))
}

fn opt_country(raw: &str, field: &'static str) -> Result<Option<CountryCode>, CaseError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    CountryCode::parse(t)
        .map(Some)
        .map_err(|e| invalid(field, e.to_string()))
}

impl IntakeForm {
    /// Validates the form as of `today`. Every problem is reported, each naming its field.
    pub fn validate(&self, today: Date) -> Result<CaseIntake, Vec<CaseError>> {
        let mut errors = Vec::new();
        macro_rules! take {
            ($e:expr) => {
                match $e {
                    Ok(v) => Some(v),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                }
            };
        }
        let alias = take!(match opt_text(&self.alias, "alias", MAX_ALIAS) {
            Ok(Some(a)) => Ok(a),
            Ok(None) => Err(CaseError::Required { field: "alias" }),
            Err(e) => Err(e),
        });
        let birth = take!(if self.birth.trim().is_empty() {
            Ok(None)
        } else {
            Birth::parse(&self.birth).and_then(|b| {
                let future = match b {
                    Birth::Date(d) => d > today,
                    Birth::Year(y) => y > today.year(),
                };
                if future {
                    Err(invalid("birth", format!("{b} is in the future")))
                } else if today.year() - b.year() > 120 {
                    Err(invalid("birth", format!("{b} is more than 120 years ago")))
                } else {
                    Ok(Some(b))
                }
            })
        });
        let sex = take!(if self.sex.trim().is_empty() {
            Ok(Sex::Unknown)
        } else {
            Sex::parse(&self.sex).map_err(|e| CaseError::Vocab(e, "sex"))
        });
        let languages = take!(parse_languages(&self.languages));
        let nationality = take!(opt_country(&self.nationality, "nationality"));
        let contact = take!(opt_text(&self.contact, "contact", 400));
        let forms = take!(
            self.forms
                .iter()
                .filter(|f| !f.trim().is_empty())
                .map(|f| ExploitationForm::parse(f).map_err(|e| CaseError::Vocab(e, "forms")))
                .collect::<Result<Vec<_>, _>>()
        );
        if forms.as_ref().is_some_and(|f| f.is_empty()) {
            errors.push(CaseError::Required { field: "forms" });
        }
        let means = take!(
            self.means
                .iter()
                .filter(|f| !f.trim().is_empty())
                .map(|f| MeansOfControl::parse(f).map_err(|e| CaseError::Vocab(e, "means")))
                .collect::<Result<Vec<_>, _>>()
        );
        let recruitment_country = take!(opt_country(&self.recruitment_country, "recruitment_country"));
        let recruitment_place = take!(opt_text(&self.recruitment_place, "recruitment_place", 400));
        let recruitment_date = take!(opt_date(&self.recruitment_date, "recruitment_date", today));
        let exploitation_country = take!(opt_country(&self.exploitation_country, "exploitation_country"));
        let exploitation_place = take!(opt_text(&self.exploitation_place, "exploitation_place", 400));
        let exploitation_area = take!(if self.exploitation_area.trim().is_empty() {
            Ok(None)
        } else {
            AreaCode::parse(self.exploitation_area.trim())
                .map(Some)
                .map_err(|e| invalid("exploitation_area", e.to_string()))
        });
        let exploitation_from = take!(opt_date(&self.exploitation_from, "exploitation_from", today));
        let exploitation_to = take!(opt_date(&self.exploitation_to, "exploitation_to", today));
        if let (Some(Some(a)), Some(Some(b))) = (exploitation_from, exploitation_to)
            && b < a
        {
            errors.push(invalid(
                "exploitation_to",
                "is before the start of the exploitation",
            ));
        }
        let recruiter_relation = take!(if self.recruiter_relation.trim().is_empty() {
            Ok(RecruiterRelation::Unknown)
        } else {
            RecruiterRelation::parse(&self.recruiter_relation)
                .map_err(|e| CaseError::Vocab(e, "recruiter_relation"))
        });
        let opened_on = take!(match opt_date(&self.opened_on, "opened_on", today) {
            Ok(Some(d)) => Ok(d),
            Ok(None) => Ok(today),
            Err(e) => Err(e),
        });
        let notes = take!(opt_text(&self.notes, "notes", MAX_TEXT));
        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            alias,
            birth,
            sex,
            languages,
            nationality,
            contact,
            forms,
            means,
            recruitment_country,
            recruitment_place,
            recruitment_date,
            exploitation_country,
            exploitation_place,
            exploitation_area,
            exploitation_from,
            exploitation_to,
            recruiter_relation,
            opened_on,
            notes,
        ) {
            (
                Some(alias),
                Some(birth),
                Some(sex),
                Some(languages),
                Some(nationality),
                Some(contact),
                Some(mut forms),
                Some(mut means),
                Some(rc),
                Some(rp),
                Some(recruitment_date),
                Some(ec),
                Some(ep),
                Some(exploitation_area),
                Some(exploitation_from),
                Some(exploitation_to),
                Some(recruiter_relation),
                Some(opened_on),
                Some(notes),
            ) => {
                forms.sort();
                forms.dedup();
                means.sort();
                means.dedup();
                Ok(CaseIntake {
                    person: PersonIntake {
                        identity: Identity {
                            alias,
                            birth,
                            contact,
                        },
                        age_uncertain: self.age_uncertain,
                        sex,
                        languages,
                        nationality,
                    },
                    forms,
                    means,
                    recruitment_place: Place {
                        country: rc,
                        detail: rp,
                    },
                    recruitment_date,
                    exploitation_place: Place {
                        country: ec,
                        detail: ep,
                    },
                    exploitation_area,
                    exploitation_from,
                    exploitation_to,
                    recruiter_relation,
                    opened_on,
                    notes,
                })
            }
            _ => Err(vec![invalid("form", "incomplete")]),
        }
    }
}

/// A field of a case that a referral may pass to the receiving provider. What a referral passes depends on the
/// kind of service: the least that lets the provider help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharedField {
    Alias,
    Sex,
    Minor,
    Languages,
    Contact,
    Forms,
}

impl SharedField {
    pub const ALL: &'static [SharedField] = &[
        SharedField::Alias,
        SharedField::Sex,
        SharedField::Minor,
        SharedField::Languages,
        SharedField::Contact,
        SharedField::Forms,
    ];
    pub fn code(self) -> &'static str {
        match self {
            SharedField::Alias => "alias",
            SharedField::Sex => "sex",
            SharedField::Minor => "minor",
            SharedField::Languages => "languages",
            SharedField::Contact => "contact",
            SharedField::Forms => "forms",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.code() == raw.trim())
    }
}

/// The fields a referral to a service of this kind passes on.
pub fn referral_needs(kind: crate::vocab::ServiceKind) -> &'static [SharedField] {
    use crate::vocab::ServiceKind as K;
    use SharedField::*;
    match kind {
        K::SafeAccommodation => &[Alias, Sex, Minor, Languages, Contact],
        K::EmergencyMedical => &[Alias, Sex, Minor, Languages],
        K::Psychological | K::LegalCounselling => &[Alias, Minor, Languages, Forms],
        K::Interpretation => &[Languages],
        K::LabourRights => &[Alias, Languages, Forms],
        K::Education => &[Alias, Minor, Languages],
        K::MaterialHelp => &[Alias, Languages, Contact],
        K::ReturnReintegration => &[Alias, Minor, Languages, Contact],
        K::ComplaintToPolice => &[Alias, Forms, Contact],
    }
}

/// The last day of the recovery and reflection period that starts on `from` (the reasonable-grounds decision)
/// and lasts `days` (at least [`MIN_REFLECTION_DAYS`]).
pub fn reflection_end(from: Date, days: u16) -> Date {
    let days = days.max(MIN_REFLECTION_DAYS);
    from.checked_add(Duration::days(i64::from(days) - 1))
        .unwrap_or(Date::MAX)
}

/// The Monday of the week of `d` and the Sunday after, for "due this week".
pub fn week_of(d: Date) -> (Date, Date) {
    let back = i64::from(d.weekday().number_days_from_monday());
    let monday = d.checked_sub(Duration::days(back)).unwrap_or(Date::MIN);
    (monday, monday.checked_add(Duration::days(6)).unwrap_or(Date::MAX))
}

/// A date from year, month and day, for tests and generators.
pub fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    Month::try_from(m)
        .ok()
        .and_then(|m| Date::from_calendar_date(y, m, d).ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> Date {
        ymd(2026, 11, 28).unwrap()
    }

    fn form() -> IntakeForm {
        IntakeForm {
            alias: "Ana".into(),
            birth: "1999-04-02".into(),
            sex: "female".into(),
            languages: "ro, fr".into(),
            nationality: "ro".into(),
            forms: vec!["forced_labour".into()],
            means: vec!["debt_bondage".into(), "withheld_documents".into()],
            recruiter_relation: "recruitment_agency".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_becomes_an_intake() {
        let c = form().validate(today()).unwrap();
        assert_eq!(c.person.identity.alias, "Ana");
        assert_eq!(c.person.languages.len(), 2);
        assert_eq!(c.forms, vec![ExploitationForm::ForcedLabour]);
        assert_eq!(c.opened_on, today());
        assert!(!c.person.minor(today()));
    }

    #[test]
    fn bad_fields_are_each_named() {
        let mut f = form();
        f.alias = " ".into();
        f.birth = "2027-01-01".into();
        f.forms = vec!["slavery".into()];
        f.languages = "romanian".into();
        f.exploitation_from = "2026-05-01".into();
        f.exploitation_to = "2026-04-01".into();
        let errors = f.validate(today()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field()).collect();
        assert_eq!(
            fields,
            vec!["alias", "birth", "languages", "forms", "exploitation_to"],
            "{errors:?}"
        );
        assert!(errors[1].to_string().contains("in the future"), "{}", errors[1]);
        assert!(errors[3].to_string().contains("forced_labour"), "{}", errors[3]);
        let mut f = form();
        f.forms.clear();
        assert_eq!(
            f.validate(today()).unwrap_err()[0],
            CaseError::Required { field: "forms" }
        );
    }

    #[test]
    fn when_age_is_uncertain_the_person_is_presumed_a_minor() {
        let on = today();
        let mut f = form();
        f.birth = "2010-01-01".into();
        assert!(f.validate(on).unwrap().person.minor(on));
        f.birth = "2008-11-28".into(); // 18 today
        assert!(!f.validate(on).unwrap().person.minor(on));
        f.birth = "2008-11-29".into(); // 18 tomorrow
        assert!(f.validate(on).unwrap().person.minor(on));
        f.birth = "2008".into(); // 17 or 18: uncertain
        assert!(f.validate(on).unwrap().person.minor(on));
        f.birth = "2007".into(); // 18 or 19
        assert!(!f.validate(on).unwrap().person.minor(on));
        f.birth = String::new(); // unknown
        assert!(f.validate(on).unwrap().person.minor(on));
        f.birth = "1990".into();
        f.age_uncertain = true;
        assert!(f.validate(on).unwrap().person.minor(on));
    }

    #[test]
    fn the_reflection_period_lasts_at_least_30_days() {
        let d = ymd(2026, 1, 1).unwrap();
        assert_eq!(reflection_end(d, 30), ymd(2026, 1, 30).unwrap());
        assert_eq!(reflection_end(d, 10), ymd(2026, 1, 30).unwrap());
        assert_eq!(reflection_end(d, 90), ymd(2026, 3, 31).unwrap());
        assert_eq!(
            week_of(today()),
            (ymd(2026, 11, 23).unwrap(), ymd(2026, 11, 29).unwrap())
        );
    }

    proptest! {
        #[test]
        fn birth_parses_what_it_prints(y in 1900i32..2026, m in 1u8..=12, d in 1u8..=28) {
            let b = Birth::Date(ymd(y, m, d).unwrap());
            prop_assert_eq!(Birth::parse(&b.to_string()).unwrap(), b);
            prop_assert_eq!(Birth::parse(&format!("{y}")).unwrap(), Birth::Year(y));
        }

        #[test]
        fn the_age_range_contains_the_true_age(y in 1950i32..2020, m in 1u8..=12, d in 1u8..=28) {
            let on = today();
            let exact = Birth::Date(ymd(y, m, d).unwrap()).age_range(on).0;
            let (lo, hi) = Birth::Year(y).age_range(on);
            prop_assert!(lo <= exact && exact <= hi);
        }

        #[test]
        fn any_text_is_validated_without_panic(alias in ".{0,300}", birth in ".{0,12}", langs in ".{0,20}") {
            let mut f = form();
            f.alias = alias;
            f.birth = birth;
            f.languages = langs;
            let _ = f.validate(today());
        }
    }
}
