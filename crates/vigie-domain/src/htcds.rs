//! Cases in the structure of the Human Trafficking Case Data Standard (HTCDS, IOM), as the Counter-Trafficking
//! Data Collaborative (CTDC) publishes its global victim dataset: one flat record per case, so that vigie can feed
//! national or international data hubs and read their records.
//!
//! # Source
//!
//! The column names and their order follow the CTDC global dataset (the k-anonymised release of July 2021 and
//! its data dictionary), whose columns are the HTCDS fields in CTDC's camel-case spelling; the meaning of the
//! means-of-control flags follows the definitions of the HTCDS repository (`UNMigration/HTCDS`,
//! "Field Definitions"), where they are spelled `MethodsOfControl…`. The value lists (gender, broad age groups,
//! majority status, data source, recruiter relationship) are those of the CTDC dataset. Two columns are not in
//! that release and are added here: `caseId` (a pseudonymous identifier, needed to exchange records) and
//! `CountryOfRecruitment` (in earlier CTDC releases and in the HTCDS itself); both are placed where a reader
//! expects them and named in the same style. A file holds every column of [`COLUMNS`], in any order; values may
//! be empty (not recorded); `-99`, CTDC's old code for a missing value, is read as empty.
//!
//! # What leaves vigie
//!
//! Only what does not identify the person: the year the case was opened, sex, majority status, citizenship,
//! forms of exploitation, means of control, the recruiter's relationship, and the countries of recruitment and
//! exploitation. Never a name, alias, date of birth, contact, place detail, area of the city, note, language, or
//! anything about residence or immigration status (vigie records none). The case's id is
//! [`pseudonymous_id`]: an HMAC-SHA256 of the case's reference under a salt drawn afresh for each export and
//! never stored, so that ids cannot be traced back to a reference nor linked between two exports.
//!
//! # Where vigie's vocabulary maps only approximately
//!
//! - **Sex.** vigie's `other` is written as CTDC's `Transgender/NonConforming`; `unknown` as empty.
//! - **Majority.** vigie writes `Minor` or `Adult` from the case's majority as recorded at intake; a case whose age
//!   is uncertain (presumed a minor, Convention Art. 10(3)) is written with the majority status empty, and a record
//!   with an empty majority status is imported as such a case. `ageBroad`, `majorityStatusAtExploit` and
//!   `majorityEntry` are left empty: vigie keeps the date of birth sealed and records no age group.
//! - **Forms of exploitation.** Forced criminality, forced begging and domestic servitude are forced labour with
//!   the labour type illicit activities, begging and domestic work; forced labour of no such type is written with
//!   `typeOfLabourNotSpecified`. Child labour is written as forced labour (it is read back as forced labour);
//!   illegal adoption and exploitation through surrogacy as other exploitation (read back as `other`). When a case
//!   has forced labour and one of the three specific types, only the specific type comes back. Slavery and
//!   similar practices and forced military service are read as `other`. vigie records no type of sexual
//!   exploitation and no abduction: those columns are written empty, and read, validated, and not kept.
//! - **Means of control.** Threats to the family are written as threats; isolation as restriction of movement
//!   (the HTCDS definition of the latter includes isolation); threats of denunciation as the threat of law
//!   enforcement. The HTCDS's "restricts financial access" and "uses children" are read as `other`. A case with no
//!   means recorded is written with `meansOfControlNotSpecified`.
//! - **Recruiter.** Employer, recruitment agency and stranger are written as `Other`; friend or acquaintance as
//!   `Friend`. A record naming several relationships is read as the first of intimate partner, family, friend,
//!   other.
//! - **Derived columns** (`meansOfControlConcatenated`, `isSexAndLabour`, `typeOfExploitConcatenated`,
//!   `typeOfLabourConcatenated`, `typeOfSexConcatenated`) are written from the flags; on reading they are checked
//!   as text or flag and otherwise ignored (the flags are the data).
//! - **Data source.** vigie's cases are written `Case Management`; on reading, `Case Management` and `Hotline` are
//!   accepted and not kept.
//!
//! [`CaseFields::canonical`] is exactly what survives the way out and back: the round trip of any case gives it.

use std::collections::BTreeSet;
use std::fmt;

use hmac::{Hmac, Mac};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::codes::CountryCode;
use crate::vocab::{ExploitationForm, MeansOfControl, RecruiterRelation, Sex};

/// Length of the salt of [`pseudonymous_id`].
pub const SALT_LEN: usize = 32;
/// Longest `caseId` read.
pub const MAX_CASE_ID: usize = 64;
/// Longest text read in a derived (concatenated) column.
const MAX_DERIVED: usize = 2000;

/// The means-of-control flags, in the dataset's order.
pub const MEANS_COLUMNS: [&str; 18] = [
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
];
const M_DEBT: usize = 0;
const M_EARNINGS: usize = 1;
const M_FINANCIAL: usize = 2;
const M_THREATS: usize = 3;
const M_PSYCH: usize = 4;
const M_PHYSICAL: usize = 5;
const M_SEXUAL: usize = 6;
const M_FALSE: usize = 7;
const M_SUBSTANCES: usize = 8;
const M_MOVEMENT: usize = 9;
const M_MEDICAL: usize = 10;
const M_HOURS: usize = 11;
const M_CHILDREN: usize = 12;
const M_LAW: usize = 13;
const M_NECESSITIES: usize = 14;
const M_DOCUMENTS: usize = 15;
const M_OTHER: usize = 16;
const M_NOT_SPECIFIED: usize = 17;

/// The forms-of-exploitation flags (without the derived `isSexAndLabour`).
pub const EXPLOIT_COLUMNS: [&str; 7] = [
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
];
const E_LABOUR: usize = 0;
const E_SEXUAL: usize = 1;
const E_OTHER: usize = 2;
const E_MARRIAGE: usize = 3;
const E_MILITARY: usize = 4;
const E_ORGAN: usize = 5;
const E_SLAVERY: usize = 6;

/// The types of forced labour.
pub const LABOUR_COLUMNS: [&str; 13] = [
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
];
const L_BEGGING: usize = 2;
const L_DOMESTIC: usize = 4;
const L_ILLICIT: usize = 6;
const L_NOT_SPECIFIED: usize = 12;

/// The types of sexual exploitation.
pub const SEX_COLUMNS: [&str; 4] = [
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
];

/// The recruiter-relationship flags.
pub const RECRUITER_COLUMNS: [&str; 5] = [
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
];

/// Every column of a file, in the order vigie writes them.
pub const COLUMNS: [&str; 65] = [
    "caseId",
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    MEANS_COLUMNS[0],
    MEANS_COLUMNS[1],
    MEANS_COLUMNS[2],
    MEANS_COLUMNS[3],
    MEANS_COLUMNS[4],
    MEANS_COLUMNS[5],
    MEANS_COLUMNS[6],
    MEANS_COLUMNS[7],
    MEANS_COLUMNS[8],
    MEANS_COLUMNS[9],
    MEANS_COLUMNS[10],
    MEANS_COLUMNS[11],
    MEANS_COLUMNS[12],
    MEANS_COLUMNS[13],
    MEANS_COLUMNS[14],
    MEANS_COLUMNS[15],
    MEANS_COLUMNS[16],
    MEANS_COLUMNS[17],
    "meansOfControlConcatenated",
    EXPLOIT_COLUMNS[0],
    EXPLOIT_COLUMNS[1],
    EXPLOIT_COLUMNS[2],
    "isSexAndLabour",
    EXPLOIT_COLUMNS[3],
    EXPLOIT_COLUMNS[4],
    EXPLOIT_COLUMNS[5],
    EXPLOIT_COLUMNS[6],
    "typeOfExploitConcatenated",
    LABOUR_COLUMNS[0],
    LABOUR_COLUMNS[1],
    LABOUR_COLUMNS[2],
    LABOUR_COLUMNS[3],
    LABOUR_COLUMNS[4],
    LABOUR_COLUMNS[5],
    LABOUR_COLUMNS[6],
    LABOUR_COLUMNS[7],
    LABOUR_COLUMNS[8],
    LABOUR_COLUMNS[9],
    LABOUR_COLUMNS[10],
    LABOUR_COLUMNS[11],
    LABOUR_COLUMNS[12],
    "typeOfLabourConcatenated",
    SEX_COLUMNS[0],
    SEX_COLUMNS[1],
    SEX_COLUMNS[2],
    SEX_COLUMNS[3],
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    "CountryOfRecruitment",
    RECRUITER_COLUMNS[0],
    RECRUITER_COLUMNS[1],
    RECRUITER_COLUMNS[2],
    RECRUITER_COLUMNS[3],
    RECRUITER_COLUMNS[4],
];

/// Every column name, in order.
pub fn columns() -> impl Iterator<Item = &'static str> {
    COLUMNS.iter().copied()
}

/// A refused value: where (line of a CSV file, or record number of a JSON file), which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}, {field}: {reason}")]
pub struct HtcdsError {
    pub place: Location,
    pub field: String,
    pub reason: String,
}

/// Where a refused value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A line of a CSV file (the header is line 1).
    Line(u64),
    /// A record of a JSON file (the first is 1).
    Record(usize),
    /// The file as a whole.
    File,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Record(n) => write!(f, "record {n}"),
            Location::File => f.write_str("file"),
        }
    }
}

fn err(place: Location, field: &str, reason: impl Into<String>) -> HtcdsError {
    HtcdsError {
        place,
        field: field.to_owned(),
        reason: reason.into(),
    }
}

macro_rules! labelled {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The value as the dataset writes it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// Reads a value (case and surrounding spaces ignored).
            pub fn parse(raw: &str) -> Result<Self, String> {
                let t = raw.trim();
                $(if t.eq_ignore_ascii_case($label) { return Ok($name::$variant); })+
                Err(format!("{t:?} is not one of: {}", [$($label),+].join(", ")))
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.label())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

labelled!(
    /// Where the record comes from.
    DataSource { CaseManagement => "Case Management", Hotline => "Hotline" }
);
labelled!(
    /// Gender, as the dataset records it.
    Gender { Female => "Female", Male => "Male", TransgenderNonConforming => "Transgender/NonConforming" }
);
labelled!(
    /// The dataset's broad age groups.
    AgeBroad {
        A0to8 => "0--8", A9to17 => "9--17", A18to20 => "18--20", A21to23 => "21--23", A24to26 => "24--26",
        A27to29 => "27--29", A30to38 => "30--38", A39to47 => "39--47", A48Plus => "48+",
    }
);
labelled!(
    /// Adult or minor.
    Majority { Adult => "Adult", Minor => "Minor" }
);
labelled!(
    /// The recruiter's relationship to the person.
    Relation {
        IntimatePartner => "Intimate Partner", Friend => "Friend", Family => "Family", Other => "Other",
        Unknown => "Unknown",
    }
);

impl Relation {
    fn flag_index(self) -> usize {
        match self {
            Relation::IntimatePartner => 0,
            Relation::Friend => 1,
            Relation::Family => 2,
            Relation::Other => 3,
            Relation::Unknown => 4,
        }
    }
}

/// One case as the standard records it. Every field may be missing (`None`), except the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtcdsRecord {
    pub case_id: String,
    pub year_of_registration: Option<i32>,
    pub data_source: Option<DataSource>,
    pub gender: Option<Gender>,
    pub age_broad: Option<AgeBroad>,
    pub majority_status: Option<Majority>,
    pub majority_status_at_exploit: Option<Majority>,
    pub majority_entry: Option<Majority>,
    pub citizenship: Option<CountryCode>,
    /// In the order of [`MEANS_COLUMNS`].
    pub means: [Option<bool>; 18],
    /// In the order of [`EXPLOIT_COLUMNS`].
    pub exploit: [Option<bool>; 7],
    /// In the order of [`LABOUR_COLUMNS`].
    pub labour: [Option<bool>; 13],
    /// In the order of [`SEX_COLUMNS`].
    pub sex_types: [Option<bool>; 4],
    pub is_abduction: Option<bool>,
    /// The recruiter's relationships (the text column and the flags agree; see [`RECRUITER_COLUMNS`]).
    pub recruiter: BTreeSet<Relation>,
    pub country_of_exploitation: Option<CountryCode>,
    pub country_of_recruitment: Option<CountryCode>,
}

fn flag_text(v: Option<bool>) -> String {
    match v {
        Some(true) => "1".into(),
        Some(false) => "0".into(),
        None => String::new(),
    }
}

/// The labels of the flags set, joined with "; " (the derived columns).
fn concatenated(columns: &[&str], prefix: &str, flags: &[Option<bool>]) -> String {
    columns
        .iter()
        .zip(flags)
        .filter(|(_, f)| **f == Some(true))
        .map(|(c, _)| words(c.trim_start_matches(prefix)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `DebtBondage` → `Debt bondage`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for (i, ch) in camel.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push(' ');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

impl HtcdsRecord {
    /// The value of each column, as text, in the order of [`columns`].
    pub fn values(&self) -> Vec<(&'static str, String)> {
        let opt = |v: Option<&'static str>| v.unwrap_or_default().to_owned();
        let mut out: Vec<(&'static str, String)> = Vec::with_capacity(65);
        out.push(("caseId", self.case_id.clone()));
        out.push((
            "yearOfRegistration",
            self.year_of_registration
                .map(|y| y.to_string())
                .unwrap_or_default(),
        ));
        out.push(("Datasource", opt(self.data_source.map(DataSource::label))));
        out.push(("gender", opt(self.gender.map(Gender::label))));
        out.push(("ageBroad", opt(self.age_broad.map(AgeBroad::label))));
        out.push(("majorityStatus", opt(self.majority_status.map(Majority::label))));
        out.push((
            "majorityStatusAtExploit",
            opt(self.majority_status_at_exploit.map(Majority::label)),
        ));
        out.push(("majorityEntry", opt(self.majority_entry.map(Majority::label))));
        out.push((
            "citizenship",
            self.citizenship
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ));
        for (c, v) in MEANS_COLUMNS.iter().zip(self.means) {
            out.push((c, flag_text(v)));
        }
        out.push((
            "meansOfControlConcatenated",
            concatenated(&MEANS_COLUMNS, "meansOfControl", &self.means),
        ));
        for (c, v) in EXPLOIT_COLUMNS.iter().zip(self.exploit).take(3) {
            out.push((c, flag_text(v)));
        }
        let sex_and_labour = match (self.exploit[E_SEXUAL], self.exploit[E_LABOUR]) {
            (Some(s), Some(l)) => Some(s && l),
            _ => None,
        };
        out.push(("isSexAndLabour", flag_text(sex_and_labour)));
        for (c, v) in EXPLOIT_COLUMNS.iter().zip(self.exploit).skip(3) {
            out.push((c, flag_text(v)));
        }
        out.push((
            "typeOfExploitConcatenated",
            concatenated(&EXPLOIT_COLUMNS, "is", &self.exploit),
        ));
        for (c, v) in LABOUR_COLUMNS.iter().zip(self.labour) {
            out.push((c, flag_text(v)));
        }
        out.push((
            "typeOfLabourConcatenated",
            concatenated(&LABOUR_COLUMNS, "typeOfLabour", &self.labour),
        ));
        for (c, v) in SEX_COLUMNS.iter().zip(self.sex_types) {
            out.push((c, flag_text(v)));
        }
        out.push((
            "typeOfSexConcatenated",
            concatenated(&SEX_COLUMNS, "typeOfSex", &self.sex_types),
        ));
        out.push(("isAbduction", flag_text(self.is_abduction)));
        out.push((
            "RecruiterRelationship",
            self.recruiter
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("; "),
        ));
        out.push((
            "CountryOfExploitation",
            self.country_of_exploitation
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ));
        out.push((
            "CountryOfRecruitment",
            self.country_of_recruitment
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ));
        let any = !self.recruiter.is_empty();
        for (i, c) in RECRUITER_COLUMNS.iter().enumerate() {
            let v = any.then(|| self.recruiter.iter().any(|r| r.flag_index() == i));
            out.push((c, flag_text(v)));
        }
        out
    }

    /// Reads a record from its columns' text (`get` answers `None` for a column the file lacks). Every problem
    /// is reported, each naming its field.
    pub fn from_values<'a>(
        get: impl Fn(&str) -> Option<&'a str>,
        place: Location,
        this_year: i32,
    ) -> Result<Self, Vec<HtcdsError>> {
        let mut errors = Vec::new();
        let value = |name: &str| -> Option<&'a str> {
            get(name).map(str::trim).filter(|v| !v.is_empty() && *v != "-99")
        };
        macro_rules! field {
            ($name:expr, $parse:expr) => {
                match value($name).map($parse).transpose() {
                    Ok(v) => v,
                    Err(reason) => {
                        errors.push(err(place, $name, reason));
                        None
                    }
                }
            };
        }
        let flag = |raw: &str| -> Result<bool, String> {
            match raw {
                "1" => Ok(true),
                "0" => Ok(false),
                _ => Err(format!("{raw:?} is not a flag (1, 0, or empty)")),
            }
        };
        let country = |raw: &str| CountryCode::parse(raw).map_err(|e| e.to_string());
        let text = |raw: &str| -> Result<String, String> {
            if raw.chars().count() > MAX_DERIVED {
                Err(format!("longer than {MAX_DERIVED} characters"))
            } else if raw.chars().any(char::is_control) {
                Err("contains control characters".into())
            } else {
                Ok(raw.to_owned())
            }
        };

        let case_id = match value("caseId") {
            None => {
                errors.push(err(place, "caseId", "is required"));
                String::new()
            }
            Some(id)
                if id.chars().count() <= MAX_CASE_ID
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')) =>
            {
                id.to_owned()
            }
            Some(id) => {
                errors.push(err(
                    place,
                    "caseId",
                    format!(
                        "{id:?} is not an identifier (at most {MAX_CASE_ID} letters, digits, '-', '_', '.', ':')"
                    ),
                ));
                String::new()
            }
        };
        let year_of_registration = field!("yearOfRegistration", |raw: &str| {
            match raw.parse::<i32>() {
                Ok(y) if (1900..=this_year).contains(&y) => Ok(y),
                Ok(y) => Err(format!("{y} is not between 1900 and {this_year}")),
                Err(_) => Err(format!("{raw:?} is not a year")),
            }
        });
        let data_source = field!("Datasource", DataSource::parse);
        let gender = field!("gender", |raw: &str| {
            if raw.eq_ignore_ascii_case("unknown") {
                Ok(None)
            } else {
                Gender::parse(raw).map(Some)
            }
        })
        .flatten();
        let age_broad = field!("ageBroad", AgeBroad::parse);
        let majority = |raw: &str| {
            if raw.eq_ignore_ascii_case("unknown") {
                Ok(None)
            } else {
                Majority::parse(raw).map(Some)
            }
        };
        let majority_status = field!("majorityStatus", majority).flatten();
        let majority_status_at_exploit = field!("majorityStatusAtExploit", majority).flatten();
        let majority_entry = field!("majorityEntry", majority).flatten();
        let citizenship = field!("citizenship", country);
        let mut means = [None; 18];
        for (slot, c) in means.iter_mut().zip(MEANS_COLUMNS) {
            *slot = field!(c, flag);
        }
        let _ = field!("meansOfControlConcatenated", text);
        let mut exploit = [None; 7];
        for (slot, c) in exploit.iter_mut().zip(EXPLOIT_COLUMNS) {
            *slot = field!(c, flag);
        }
        if let Some(both) = field!("isSexAndLabour", flag)
            && let (Some(s), Some(l)) = (exploit[E_SEXUAL], exploit[E_LABOUR])
            && both != (s && l)
        {
            errors.push(err(
                place,
                "isSexAndLabour",
                "does not agree with isSexualExploit and isForcedLabour",
            ));
        }
        let _ = field!("typeOfExploitConcatenated", text);
        let mut labour = [None; 13];
        for (slot, c) in labour.iter_mut().zip(LABOUR_COLUMNS) {
            *slot = field!(c, flag);
        }
        let _ = field!("typeOfLabourConcatenated", text);
        let mut sex_types = [None; 4];
        for (slot, c) in sex_types.iter_mut().zip(SEX_COLUMNS) {
            *slot = field!(c, flag);
        }
        let _ = field!("typeOfSexConcatenated", text);
        let is_abduction = field!("isAbduction", flag);
        let named: Option<BTreeSet<Relation>> = field!("RecruiterRelationship", |raw: &str| {
            raw.split(';')
                .filter(|p| !p.trim().is_empty())
                .map(Relation::parse)
                .collect::<Result<BTreeSet<_>, _>>()
        });
        let mut flagged = BTreeSet::new();
        for (i, c) in RECRUITER_COLUMNS.iter().enumerate() {
            let Some(v) = field!(c, flag) else { continue };
            let r = Relation::ALL.iter().copied().find(|r| r.flag_index() == i);
            if let Some(r) = r {
                if v {
                    flagged.insert(r);
                }
                if let Some(named) = &named
                    && named.contains(&r) != v
                {
                    errors.push(err(place, c, "does not agree with RecruiterRelationship"));
                }
            }
        }
        let recruiter = match named {
            Some(n) => n,
            None => flagged,
        };
        let country_of_exploitation = field!("CountryOfExploitation", country);
        let country_of_recruitment = field!("CountryOfRecruitment", country);
        if means[M_NOT_SPECIFIED] == Some(true) && means[..M_NOT_SPECIFIED].contains(&Some(true)) {
            errors.push(err(
                place,
                "meansOfControlNotSpecified",
                "is set together with a means of control",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(HtcdsRecord {
            case_id,
            year_of_registration,
            data_source,
            gender,
            age_broad,
            majority_status,
            majority_status_at_exploit,
            majority_entry,
            citizenship,
            means,
            exploit,
            labour,
            sex_types,
            is_abduction,
            recruiter,
            country_of_exploitation,
            country_of_recruitment,
        })
    }
}

/// JSON: an object with the standard's names; flags and the year as numbers, a missing value as `null`.
impl Serialize for HtcdsRecord {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let values = self.values();
        let mut map = s.serialize_map(Some(values.len()))?;
        for (name, v) in values {
            if v.is_empty() {
                map.serialize_entry(name, &serde_json::Value::Null)?;
            } else if is_numeric(name) {
                match v.parse::<i64>() {
                    Ok(n) => map.serialize_entry(name, &n)?,
                    Err(_) => map.serialize_entry(name, &v)?,
                }
            } else {
                map.serialize_entry(name, &v)?;
            }
        }
        map.end()
    }
}

/// Whether a column holds a number (the year and the flags).
fn is_numeric(name: &str) -> bool {
    name == "yearOfRegistration"
        || MEANS_COLUMNS.contains(&name)
        || EXPLOIT_COLUMNS.contains(&name)
        || LABOUR_COLUMNS.contains(&name)
        || SEX_COLUMNS.contains(&name)
        || RECRUITER_COLUMNS.contains(&name)
        || name == "isSexAndLabour"
        || name == "isAbduction"
}

/// The fields of a vigie case that the standard carries (nothing identifying).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFields {
    /// The year the case was opened.
    pub year: i32,
    pub sex: Sex,
    /// Adult or minor as recorded at intake; `None` when the age is uncertain (the person is presumed a minor).
    pub majority: Option<Majority>,
    pub nationality: Option<CountryCode>,
    pub forms: Vec<ExploitationForm>,
    pub means: Vec<MeansOfControl>,
    pub recruiter_relation: RecruiterRelation,
    pub recruitment_country: Option<CountryCode>,
    pub exploitation_country: Option<CountryCode>,
}

impl CaseFields {
    /// vigie's `minor` and `age_uncertain` flags from the majority status.
    pub fn minor_and_uncertain(&self) -> (bool, bool) {
        match self.majority {
            Some(Majority::Adult) => (false, false),
            Some(Majority::Minor) => (true, false),
            None => (true, true),
        }
    }

    /// The majority status from vigie's flags.
    pub fn majority_of(minor: bool, age_uncertain: bool) -> Option<Majority> {
        match (minor, age_uncertain) {
            (_, true) => None,
            (true, false) => Some(Majority::Minor),
            (false, false) => Some(Majority::Adult),
        }
    }

    /// What of these fields the standard carries: the same case after a way out and back.
    pub fn canonical(&self) -> CaseFields {
        let mut forms: Vec<ExploitationForm> = self
            .forms
            .iter()
            .map(|f| match f {
                ExploitationForm::ChildLabour => ExploitationForm::ForcedLabour,
                ExploitationForm::IllegalAdoption | ExploitationForm::SurrogacyExploitation => {
                    ExploitationForm::Other
                }
                f => *f,
            })
            .collect();
        if forms.iter().any(|f| SPECIFIC_LABOUR.contains(f)) {
            forms.retain(|f| *f != ExploitationForm::ForcedLabour);
        }
        forms.sort();
        forms.dedup();
        let mut means: Vec<MeansOfControl> = self
            .means
            .iter()
            .map(|m| match m {
                MeansOfControl::ThreatsToFamily => MeansOfControl::Threats,
                MeansOfControl::Isolation => MeansOfControl::RestrictedMovement,
                m => *m,
            })
            .collect();
        means.sort();
        means.dedup();
        let recruiter_relation = match self.recruiter_relation {
            RecruiterRelation::Employer
            | RecruiterRelation::RecruitmentAgency
            | RecruiterRelation::Stranger => RecruiterRelation::Other,
            r => r,
        };
        CaseFields {
            forms,
            means,
            recruiter_relation,
            ..self.clone()
        }
    }
}

/// Forms of forced labour that the standard tells apart by the type of labour.
const SPECIFIC_LABOUR: [ExploitationForm; 3] = [
    ExploitationForm::ForcedCriminality,
    ExploitationForm::ForcedBegging,
    ExploitationForm::DomesticServitude,
];

fn means_index(m: MeansOfControl) -> usize {
    use MeansOfControl as M;
    match m {
        M::DebtBondage => M_DEBT,
        M::WithheldDocuments => M_DOCUMENTS,
        M::WithheldEarnings => M_EARNINGS,
        M::Threats | M::ThreatsToFamily => M_THREATS,
        M::ThreatsOfDenunciation => M_LAW,
        M::RestrictedMovement | M::Isolation => M_MOVEMENT,
        M::PhysicalViolence => M_PHYSICAL,
        M::SexualViolence => M_SEXUAL,
        M::PsychologicalAbuse => M_PSYCH,
        M::PsychoactiveSubstances => M_SUBSTANCES,
        M::FalsePromises => M_FALSE,
        M::ExcessiveWorkingHours => M_HOURS,
        M::WithheldNecessities => M_NECESSITIES,
        M::RestrictedMedicalCare => M_MEDICAL,
        M::Other => M_OTHER,
    }
}

fn means_of_index(i: usize) -> Option<MeansOfControl> {
    use MeansOfControl as M;
    Some(match i {
        M_DEBT => M::DebtBondage,
        M_EARNINGS => M::WithheldEarnings,
        M_FINANCIAL | M_CHILDREN | M_OTHER => M::Other,
        M_THREATS => M::Threats,
        M_PSYCH => M::PsychologicalAbuse,
        M_PHYSICAL => M::PhysicalViolence,
        M_SEXUAL => M::SexualViolence,
        M_FALSE => M::FalsePromises,
        M_SUBSTANCES => M::PsychoactiveSubstances,
        M_MOVEMENT => M::RestrictedMovement,
        M_MEDICAL => M::RestrictedMedicalCare,
        M_HOURS => M::ExcessiveWorkingHours,
        M_LAW => M::ThreatsOfDenunciation,
        M_NECESSITIES => M::WithheldNecessities,
        M_DOCUMENTS => M::WithheldDocuments,
        _ => return None,
    })
}

/// The record of a case, under the pseudonymous id given (see [`pseudonymous_id`]).
pub fn to_htcds(case_id: String, f: &CaseFields) -> HtcdsRecord {
    use ExploitationForm as F;
    let has = |x: F| f.forms.contains(&x);
    let mut means = [Some(false); 18];
    for m in &f.means {
        means[means_index(*m)] = Some(true);
    }
    means[M_NOT_SPECIFIED] = Some(f.means.is_empty());
    let labour_any = f
        .forms
        .iter()
        .any(|x| matches!(x, F::ForcedLabour | F::ChildLabour) || SPECIFIC_LABOUR.contains(x));
    let mut exploit = [Some(false); 7];
    exploit[E_LABOUR] = Some(labour_any);
    exploit[E_SEXUAL] = Some(has(F::SexualExploitation));
    exploit[E_OTHER] = Some(has(F::Other) || has(F::IllegalAdoption) || has(F::SurrogacyExploitation));
    exploit[E_MARRIAGE] = Some(has(F::ForcedMarriage));
    exploit[E_ORGAN] = Some(has(F::OrganRemoval));
    let labour = if labour_any {
        let mut l = [Some(false); 13];
        l[L_ILLICIT] = Some(has(F::ForcedCriminality));
        l[L_BEGGING] = Some(has(F::ForcedBegging));
        l[L_DOMESTIC] = Some(has(F::DomesticServitude));
        l[L_NOT_SPECIFIED] = Some(!SPECIFIC_LABOUR.iter().any(|x| has(*x)));
        l
    } else {
        [None; 13]
    };
    let relation = match f.recruiter_relation {
        RecruiterRelation::IntimatePartner => Relation::IntimatePartner,
        RecruiterRelation::Family => Relation::Family,
        RecruiterRelation::FriendOrAcquaintance => Relation::Friend,
        RecruiterRelation::Employer
        | RecruiterRelation::RecruitmentAgency
        | RecruiterRelation::Stranger
        | RecruiterRelation::Other => Relation::Other,
        RecruiterRelation::Unknown => Relation::Unknown,
    };
    HtcdsRecord {
        case_id,
        year_of_registration: Some(f.year),
        data_source: Some(DataSource::CaseManagement),
        gender: match f.sex {
            Sex::Female => Some(Gender::Female),
            Sex::Male => Some(Gender::Male),
            Sex::Other => Some(Gender::TransgenderNonConforming),
            Sex::Unknown => None,
        },
        age_broad: None,
        majority_status: f.majority,
        majority_status_at_exploit: None,
        majority_entry: None,
        citizenship: f.nationality.clone(),
        means,
        exploit,
        labour,
        sex_types: [None; 4],
        is_abduction: None,
        recruiter: BTreeSet::from([relation]),
        country_of_exploitation: f.exploitation_country.clone(),
        country_of_recruitment: f.recruitment_country.clone(),
    }
}

/// The fields vigie can fill from a record. Refused (naming the field) when the record lacks what a vigie case
/// needs: the year of registration and at least one form of exploitation.
pub fn from_htcds(r: &HtcdsRecord) -> Result<CaseFields, HtcdsError> {
    use ExploitationForm as F;
    let missing = |field: &str, reason: &str| err(Location::File, field, reason);
    let year = r
        .year_of_registration
        .ok_or_else(|| missing("yearOfRegistration", "is required to open a case"))?;
    let set = |v: Option<bool>| v == Some(true);
    let mut forms = Vec::new();
    if set(r.exploit[E_LABOUR]) {
        let specific = [
            (L_ILLICIT, F::ForcedCriminality),
            (L_BEGGING, F::ForcedBegging),
            (L_DOMESTIC, F::DomesticServitude),
        ];
        let mut any = false;
        for (i, form) in specific {
            if set(r.labour[i]) {
                forms.push(form);
                any = true;
            }
        }
        if !any {
            forms.push(F::ForcedLabour);
        }
    }
    if set(r.exploit[E_SEXUAL]) {
        forms.push(F::SexualExploitation);
    }
    if set(r.exploit[E_MARRIAGE]) {
        forms.push(F::ForcedMarriage);
    }
    if set(r.exploit[E_ORGAN]) {
        forms.push(F::OrganRemoval);
    }
    if set(r.exploit[E_OTHER]) || set(r.exploit[E_MILITARY]) || set(r.exploit[E_SLAVERY]) {
        forms.push(F::Other);
    }
    forms.sort();
    forms.dedup();
    if forms.is_empty() {
        return Err(missing(
            "isForcedLabour",
            "no form of exploitation is set (a vigie case needs at least one)",
        ));
    }
    let mut means: Vec<MeansOfControl> = r
        .means
        .iter()
        .enumerate()
        .filter(|(_, v)| set(**v))
        .filter_map(|(i, _)| means_of_index(i))
        .collect();
    means.sort();
    means.dedup();
    let recruiter_relation = [
        (Relation::IntimatePartner, RecruiterRelation::IntimatePartner),
        (Relation::Family, RecruiterRelation::Family),
        (Relation::Friend, RecruiterRelation::FriendOrAcquaintance),
        (Relation::Other, RecruiterRelation::Other),
    ]
    .into_iter()
    .find(|(h, _)| r.recruiter.contains(h))
    .map(|(_, v)| v)
    .unwrap_or(RecruiterRelation::Unknown);
    Ok(CaseFields {
        year,
        sex: match r.gender {
            Some(Gender::Female) => Sex::Female,
            Some(Gender::Male) => Sex::Male,
            Some(Gender::TransgenderNonConforming) => Sex::Other,
            None => Sex::Unknown,
        },
        majority: r.majority_status,
        nationality: r.citizenship.clone(),
        forms,
        means,
        recruiter_relation,
        recruitment_country: r.country_of_recruitment.clone(),
        exploitation_country: r.country_of_exploitation.clone(),
    })
}

/// A case's pseudonymous id: the first 16 bytes of HMAC-SHA256(salt, "vigie-htcds|" + reference), in hex. With a
/// salt drawn for each export and then forgotten, the id can be traced back to no reference and matches no id of
/// another export.
pub fn pseudonymous_id(salt: &[u8; SALT_LEN], reference: &str) -> String {
    // HMAC accepts a key of any length: this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(salt) else {
        return String::new();
    };
    mac.update(b"vigie-htcds|");
    mac.update(reference.as_bytes());
    let tag = mac.finalize().into_bytes();
    tag.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Writes records as CSV: a header of every column, one line per record.
pub fn write_csv<W: std::io::Write>(records: &[HtcdsRecord], out: W) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(columns())?;
    for r in records {
        w.write_record(r.values().iter().map(|(_, v)| v.as_str()))?;
    }
    w.flush()?;
    Ok(())
}

/// Writes records as a JSON array.
pub fn to_json(records: &[HtcdsRecord]) -> serde_json::Result<String> {
    serde_json::to_string_pretty(records)
}

/// Checks a file's columns: every column of the standard, no other, none twice.
fn check_columns<'a>(found: impl Iterator<Item = &'a str>, place: Location) -> Vec<HtcdsError> {
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for name in found {
        if !columns().any(|c| c == name) {
            errors.push(err(place, name, "is not a column of the case data standard"));
        } else if !seen.insert(name.to_owned()) {
            errors.push(err(place, name, "appears twice"));
        }
    }
    for c in columns() {
        if !seen.contains(c) {
            errors.push(err(place, c, "the column is missing"));
        }
    }
    errors
}

fn check_unique(records: &[(Location, HtcdsRecord)], errors: &mut Vec<HtcdsError>) {
    let mut ids = std::collections::HashMap::new();
    for (place, r) in records {
        if let Some(first) = ids.insert(r.case_id.as_str(), *place) {
            errors.push(err(
                *place,
                "caseId",
                format!("{} is already the id of {first}", r.case_id),
            ));
        }
    }
}

/// Records as read, each with where it was in its file.
pub type Located = Vec<(Location, HtcdsRecord)>;

/// The fields of a vigie case for every record: all or nothing, each refusal with the record's place.
pub fn case_fields(
    records: &[(Location, HtcdsRecord)],
) -> Result<Vec<(String, CaseFields)>, Vec<HtcdsError>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(records.len());
    for (place, r) in records {
        match from_htcds(r) {
            Ok(f) => out.push((r.case_id.clone(), f)),
            Err(e) => errors.push(HtcdsError { place: *place, ..e }),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Reads a CSV file: all of it or nothing; every problem reported with its line, field and reason. `this_year`
/// bounds the year of registration.
pub fn read_csv(bytes: &[u8], this_year: i32) -> Result<Located, Vec<HtcdsError>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![err(Location::Line(1), "header", e.to_string())]),
    };
    let mut errors = check_columns(headers.iter().map(str::trim), Location::Line(1));
    if !errors.is_empty() {
        return Err(errors);
    }
    let index: std::collections::HashMap<&str, usize> =
        headers.iter().enumerate().map(|(i, h)| (h.trim(), i)).collect();
    let mut records = Vec::new();
    for row in rdr.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(err(Location::Line(line), "row", e.to_string()));
                continue;
            }
        };
        let place = Location::Line(row.position().map(|p| p.line()).unwrap_or(0));
        match HtcdsRecord::from_values(|c| index.get(c).and_then(|i| row.get(*i)), place, this_year) {
            Ok(r) => records.push((place, r)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    check_unique(&records, &mut errors);
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// Reads a JSON array of records (as [`to_json`] writes them): all or nothing, every problem with its record
/// number, field and reason.
pub fn read_json(bytes: &[u8], this_year: i32) -> Result<Located, Vec<HtcdsError>> {
    let items: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(bytes).map_err(|e| {
            vec![err(
                Location::File,
                "json",
                format!("not an array of objects: {e}"),
            )]
        })?;
    let mut errors = Vec::new();
    let mut records = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let place = Location::Record(i + 1);
        let mut e = check_columns(item.keys().map(String::as_str), place);
        if !e.is_empty() {
            errors.append(&mut e);
            continue;
        }
        let mut text = std::collections::HashMap::new();
        for (k, v) in item {
            let t = match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => {
                    errors.push(err(place, k, "is neither text, a number nor null"));
                    continue;
                }
            };
            text.insert(k.as_str(), t);
        }
        match HtcdsRecord::from_values(|c| text.get(c).map(String::as_str), place, this_year) {
            Ok(r) => records.push((place, r)),
            Err(mut e) => errors.append(&mut e),
        }
    }
    check_unique(&records, &mut errors);
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn case() -> CaseFields {
        CaseFields {
            year: 2025,
            sex: Sex::Female,
            majority: Some(Majority::Adult),
            nationality: Some(CountryCode::parse("ro").unwrap()),
            forms: vec![
                ExploitationForm::SexualExploitation,
                ExploitationForm::ForcedBegging,
            ],
            means: vec![MeansOfControl::DebtBondage, MeansOfControl::WithheldDocuments],
            recruiter_relation: RecruiterRelation::IntimatePartner,
            recruitment_country: Some(CountryCode::parse("ro").unwrap()),
            exploitation_country: Some(CountryCode::parse("fr").unwrap()),
        }
    }

    fn plain(located: Located) -> Vec<HtcdsRecord> {
        located.into_iter().map(|(_, r)| r).collect()
    }

    fn csv_of(records: &[HtcdsRecord]) -> String {
        let mut out = Vec::new();
        write_csv(records, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_columns_are_the_standards_and_unique() {
        let all: Vec<&str> = columns().collect();
        assert_eq!(all.len(), 65);
        let set: BTreeSet<&str> = all.iter().copied().collect();
        assert_eq!(set.len(), all.len());
        assert_eq!(all[0], "caseId");
        assert!(all.contains(&"meansOfControlThreatOfLawEnforcement"));
        assert_eq!(to_htcds("x".into(), &case()).values().len(), 65);
    }

    #[test]
    fn a_case_is_written_with_the_standards_values() {
        let r = to_htcds("abc".into(), &case());
        let v: std::collections::HashMap<_, _> = r.values().into_iter().collect();
        assert_eq!(v["gender"], "Female");
        assert_eq!(v["majorityStatus"], "Adult");
        assert_eq!(v["citizenship"], "RO");
        assert_eq!(v["isForcedLabour"], "1");
        assert_eq!(v["isSexualExploit"], "1");
        assert_eq!(v["isSexAndLabour"], "1");
        assert_eq!(v["typeOfLabourBegging"], "1");
        assert_eq!(v["typeOfLabourNotSpecified"], "0");
        assert_eq!(v["meansOfControlDebtBondage"], "1");
        assert_eq!(v["meansOfControlWithholdsDocuments"], "1");
        assert_eq!(v["meansOfControlNotSpecified"], "0");
        assert_eq!(
            v["meansOfControlConcatenated"],
            "Debt bondage; Withholds documents"
        );
        assert_eq!(v["RecruiterRelationship"], "Intimate Partner");
        assert_eq!(v["recruiterRelationIntimatePartner"], "1");
        assert_eq!(v["recruiterRelationFriend"], "0");
        assert_eq!(v["CountryOfExploitation"], "FR");
        assert_eq!(v["typeOfSexProstitution"], "");
        assert_eq!(v["ageBroad"], "");
    }

    #[test]
    fn csv_and_json_read_what_they_write() {
        let records = vec![
            to_htcds("a1".into(), &case()),
            to_htcds(
                "a2".into(),
                &CaseFields {
                    sex: Sex::Unknown,
                    majority: None,
                    nationality: None,
                    means: vec![],
                    recruiter_relation: RecruiterRelation::Unknown,
                    ..case()
                },
            ),
        ];
        let text = csv_of(&records);
        assert_eq!(plain(read_csv(text.as_bytes(), 2026).unwrap()), records);
        let json = to_json(&records).unwrap();
        assert!(json.contains("\"isForcedLabour\": 1"), "{json}");
        assert_eq!(plain(read_json(json.as_bytes(), 2026).unwrap()), records);
    }

    #[test]
    fn bad_values_are_refused_naming_line_and_field() {
        let text = csv_of(&[to_htcds("a1".into(), &case()), to_htcds("a2".into(), &case())]);
        let bad = text
            .replacen(",Female,", ",Woman,", 1)
            .replacen("a2,2025,", "a2,3025,", 1);
        let errors = read_csv(bad.as_bytes(), 2026).unwrap_err();
        let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{got:?}");
        assert_eq!(
            (errors[0].place, errors[0].field.as_str()),
            (Location::Line(2), "gender")
        );
        assert!(got[0].contains("\"Woman\" is not one of"), "{}", got[0]);
        assert_eq!(
            (errors[1].place, errors[1].field.as_str()),
            (Location::Line(3), "yearOfRegistration")
        );
        // A country that is not a code; an id used twice.
        let bad = text.replacen(",FR,", ",France,", 1);
        let errors = read_csv(bad.as_bytes(), 2026).unwrap_err();
        assert_eq!(
            (errors[0].place, errors[0].field.as_str()),
            (Location::Line(2), "CountryOfExploitation")
        );
        assert!(
            errors[0]
                .to_string()
                .starts_with("line 2, CountryOfExploitation: "),
            "{}",
            errors[0]
        );
        let bad = text.replacen("a2,", "a1,", 1);
        let errors = read_csv(bad.as_bytes(), 2026).unwrap_err();
        assert_eq!(
            (errors[0].place, errors[0].field.as_str()),
            (Location::Line(3), "caseId")
        );
        assert!(
            errors[0].to_string().contains("already the id of line 2"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_missing_or_unknown_column_refuses_the_file() {
        let text = csv_of(&[to_htcds("a1".into(), &case())]);
        let bad = text.replacen("citizenship", "nationality", 1);
        let errors = read_csv(bad.as_bytes(), 2026).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["nationality", "citizenship"]);
        assert!(errors.iter().all(|e| e.place == Location::Line(1)));
        assert!(errors[1].to_string().contains("missing"), "{}", errors[1]);
    }

    #[test]
    fn contradictions_are_refused() {
        let mut r = to_htcds("a1".into(), &case());
        r.means[M_NOT_SPECIFIED] = Some(true);
        let text = csv_of(&[r]).replacen("Intimate Partner", "Family", 1);
        let errors = read_csv(text.as_bytes(), 2026).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "recruiterRelationIntimatePartner",
                "recruiterRelationFamily",
                "meansOfControlNotSpecified"
            ]
        );
    }

    #[test]
    fn a_hub_record_with_missing_values_is_read() {
        let text = csv_of(&[to_htcds("a1".into(), &case())]);
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let empty = vec![""; 65].join(",");
        let row = empty.replacen(',', "h-9,", 1).replacen(",,", ",2019,", 1);
        let located = read_csv(format!("{header}\n{row}\n").as_bytes(), 2026).unwrap();
        let parsed = plain(located.clone());
        assert_eq!(parsed[0].year_of_registration, Some(2019));
        assert_eq!(parsed[0].gender, None);
        // No form of exploitation: vigie cannot open a case from it, and says where and why.
        let e = case_fields(&located).unwrap_err();
        assert_eq!(
            (e[0].place, e[0].field.as_str()),
            (Location::Line(2), "isForcedLabour")
        );
    }

    #[test]
    fn the_id_is_keyed_and_unlinkable() {
        let a = pseudonymous_id(&[1; 32], "ngo-2025-0001");
        assert_eq!(a.len(), 32);
        assert_eq!(a, pseudonymous_id(&[1; 32], "ngo-2025-0001"));
        assert_ne!(a, pseudonymous_id(&[2; 32], "ngo-2025-0001"));
        assert_ne!(a, pseudonymous_id(&[1; 32], "ngo-2025-0002"));
        assert!(!a.contains("ngo"));
    }

    fn arb_country() -> impl Strategy<Value = Option<CountryCode>> {
        prop::option::of(prop::sample::select(vec!["RO", "FR", "NG", "VN", "BE"]))
            .prop_map(|c| c.map(|c| CountryCode::parse(c).unwrap()))
    }

    prop_compose! {
        fn arb_case()(
            year in 1990i32..=2026,
            sex in prop::sample::select(Sex::ALL.to_vec()),
            majority in prop::option::of(prop::sample::select(Majority::ALL.to_vec())),
            nationality in arb_country(),
            forms in prop::collection::btree_set(prop::sample::select(ExploitationForm::ALL.to_vec()), 1..4),
            means in prop::collection::btree_set(prop::sample::select(MeansOfControl::ALL.to_vec()), 0..6),
            recruiter_relation in prop::sample::select(RecruiterRelation::ALL.to_vec()),
            recruitment_country in arb_country(),
            exploitation_country in arb_country(),
        ) -> CaseFields {
            CaseFields {
                year, sex, majority, nationality,
                forms: forms.into_iter().collect(),
                means: means.into_iter().collect(),
                recruiter_relation, recruitment_country, exploitation_country,
            }
        }
    }

    proptest! {
        /// vigie → HTCDS → vigie gives back every field the standard carries (the canonical case), through the
        /// CSV and the JSON forms alike; and the canonical case is written exactly as the case itself.
        #[test]
        fn the_round_trip_keeps_every_field_the_standard_carries(c in arb_case()) {
            let canonical = c.canonical();
            let record = to_htcds("id-1".into(), &c);
            prop_assert_eq!(&record, &to_htcds("id-1".into(), &canonical));
            prop_assert_eq!(from_htcds(&record).unwrap(), canonical.clone());
            let csv = csv_of(std::slice::from_ref(&record));
            let back = read_csv(csv.as_bytes(), 2026).unwrap();
            prop_assert_eq!(&case_fields(&back).unwrap()[0].1, &canonical);
            let json = to_json(std::slice::from_ref(&record)).unwrap();
            let back = plain(read_json(json.as_bytes(), 2026).unwrap());
            prop_assert_eq!(&back[0], &record);
            prop_assert_eq!(canonical.canonical(), canonical);
        }

        #[test]
        fn any_text_is_read_without_panic(cell in ".{0,40}", col in 0usize..65) {
            let text = csv_of(&[to_htcds("a1".into(), &case())]);
            let mut lines = text.lines();
            let header = lines.next().unwrap();
            let mut row: Vec<String> = lines.next().unwrap().split(',').map(str::to_owned).collect();
            if col < row.len() {
                row[col] = format!("\"{}\"", cell.replace('"', "\"\""));
            }
            let _ = read_csv(format!("{header}\n{}\n", row.join(",")).as_bytes(), 2026);
        }
    }
}
