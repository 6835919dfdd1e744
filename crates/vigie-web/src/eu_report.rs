//! The yearly report of the city's victims in the breakdowns of the EU's statistics on trafficking in human beings
//! (Directive 2011/36/EU as amended by Directive (EU) 2024/1712; Eurostat's data collection `crim_thb`):
//! registered victims — identified and presumed, each on its own — by sex, by age group, by citizenship group
//! (the reporting country, another EU Member State, outside the EU) and by form of exploitation, as a CSV in long
//! format with its metadata. Every table goes through `vigie-disclosure`: the age and citizenship tables count the
//! same people by sex and are protected together; the forms (a person may have several) on their own. A withheld
//! value is empty with the flag `c` (confidential), as Eurostat writes it.
//!
//! The codes follow Eurostat's conventions where vigie knows them (sex `F`, `M`, `UNK`, `T`; age `Y_LT18`,
//! `Y_GE18`, `TOTAL`; citizenship `NAT`, `EU27_2020_FOR`, `NEU27_2020_FOR`, `UNK`, `TOTAL`). The forms of
//! exploitation are those of the Directive, finer than Eurostat's three groups (sexual, labour, other): the
//! metadata says how to add them up. A national statistics office should check the mapping against the current
//! codebook before sending.

use serde_json::json;
use vigie_disclosure::{Cell, Protected, Rules, protect, protect_linked};
use vigie_domain::{ExploitationForm, VictimStatus};
use vigie_store::CaseFact;

/// The EU's Member States (ISO 3166-1 alpha-2), for the citizenship groups.
pub const EU27: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The columns of the CSV, in order.
pub const COLUMNS: &[&str] = &[
    "year",
    "country",
    "victim_status",
    "breakdown",
    "sex",
    "age",
    "citizenship",
    "exploitation",
    "value",
    "flag",
];

const SEXES: &[&str] = &["F", "M", "UNK"];
const AGES: &[&str] = &["Y_LT18", "Y_GE18"];
const CITIZENSHIPS: &[&str] = &["NAT", "EU27_2020_FOR", "NEU27_2020_FOR", "UNK"];
/// The Directive's forms of exploitation and vigie's forms in each.
const FORMS: &[(&str, &[ExploitationForm])] = &[
    ("SEX", &[ExploitationForm::SexualExploitation]),
    (
        "LAB",
        &[
            ExploitationForm::ForcedLabour,
            ExploitationForm::DomesticServitude,
            ExploitationForm::ChildLabour,
        ],
    ),
    ("BEG", &[ExploitationForm::ForcedBegging]),
    ("CRIM", &[ExploitationForm::ForcedCriminality]),
    ("ORG", &[ExploitationForm::OrganRemoval]),
    ("MAR", &[ExploitationForm::ForcedMarriage]),
    ("ADOPT", &[ExploitationForm::IllegalAdoption]),
    ("SURR", &[ExploitationForm::SurrogacyExploitation]),
    ("OTH", &[ExploitationForm::Other]),
];

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EuRow {
    pub status: &'static str,
    pub breakdown: &'static str,
    pub sex: &'static str,
    pub age: &'static str,
    pub citizenship: &'static str,
    pub exploitation: &'static str,
    pub value: Cell,
}

/// The report of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct EuReport {
    pub year: i32,
    pub country: String,
    pub rules: Rules,
    pub rows: Vec<EuRow>,
}

/// Why the report cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EuError {
    #[error("the city's country is not set: the citizenship groups are relative to it (vigie city set)")]
    NoCountry,
    #[error("the figures cannot be protected: {0}")]
    Disclosure(#[from] vigie_disclosure::Error),
}

fn sex_code(s: &str) -> usize {
    match s {
        "female" => 0,
        "male" => 1,
        _ => 2,
    }
}

fn citizenship(n: Option<&str>, country: &str) -> usize {
    match n {
        Some(c) if c == country => 0,
        Some(c) if EU27.contains(&c) => 1,
        Some(_) => 2,
        None => 3,
    }
}

/// Cells, then row totals, column totals and the grand total of a protected table (rows × sexes) as report lines.
fn lines(
    status: &'static str,
    breakdown: &'static str,
    rows: &[&'static str],
    p: &Protected,
    set: impl Fn(&mut EuRow, &'static str),
) -> Vec<EuRow> {
    let base = |sex: &'static str, v: Cell| EuRow {
        status,
        breakdown,
        sex,
        age: "TOTAL",
        citizenship: "TOTAL",
        exploitation: "TOTAL",
        value: v,
    };
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        for (j, s) in SEXES.iter().enumerate() {
            let mut row = base(s, p.cells[i][j]);
            set(&mut row, r);
            out.push(row);
        }
        let mut row = base("T", p.row_totals[i]);
        set(&mut row, r);
        out.push(row);
    }
    for (j, s) in SEXES.iter().enumerate() {
        out.push(base(s, p.col_totals[j]));
    }
    out.push(base("T", p.total));
    out
}

/// The report for `year` from the cases' facts (see the module documentation).
pub fn build(facts: &[CaseFact], year: i32, country: &str, rules: &Rules) -> Result<EuReport, EuError> {
    if country.len() != 2 {
        return Err(EuError::NoCountry);
    }
    let mut out = Vec::new();
    for (status, code) in [
        (VictimStatus::Identified, "identified"),
        (VictimStatus::Presumed, "presumed"),
    ] {
        let cases: Vec<&CaseFact> = facts
            .iter()
            .filter(|f| f.year == year && f.status == status)
            .collect();
        let mut by_age = vec![vec![0u64; SEXES.len()]; AGES.len()];
        let mut by_cit = vec![vec![0u64; SEXES.len()]; CITIZENSHIPS.len()];
        let mut by_form = vec![vec![0u64; SEXES.len()]; FORMS.len()];
        for f in &cases {
            let s = sex_code(&f.sex);
            by_age[usize::from(!f.minor)][s] += 1;
            by_cit[citizenship(f.nationality.as_deref(), country)][s] += 1;
            for (i, (_, members)) in FORMS.iter().enumerate() {
                if f.forms.iter().any(|x| members.contains(x)) {
                    by_form[i][s] += 1;
                }
            }
        }
        let linked = protect_linked(&[by_age, by_cit], rules)?;
        out.extend(lines(code, "age", AGES, &linked[0], |r, v| r.age = v));
        out.extend(
            lines(code, "citizenship", CITIZENSHIPS, &linked[1], |r, v| {
                r.citizenship = v
            })
            .into_iter()
            // The sex totals are already in the age lines.
            .filter(|r| r.citizenship != "TOTAL"),
        );
        let forms = protect(&by_form, rules)?;
        let names: Vec<&'static str> = FORMS.iter().map(|(c, _)| *c).collect();
        out.extend(
            lines(code, "exploitation", &names, &forms, |r, v| r.exploitation = v)
                .into_iter()
                // The totals of mentions are not a count of people.
                .filter(|r| r.exploitation != "TOTAL"),
        );
    }
    Ok(EuReport {
        year,
        country: country.to_owned(),
        rules: *rules,
        rows: out,
    })
}

impl EuReport {
    /// The CSV (see [`COLUMNS`]).
    pub fn to_csv(&self) -> String {
        let mut s = COLUMNS.join(",");
        s.push('\n');
        for r in &self.rows {
            let (value, flag) = match r.value {
                Cell::Value(v) => (v.to_string(), ""),
                Cell::Suppressed => (String::new(), "c"),
            };
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{},{value},{flag}\n",
                self.year, self.country, r.status, r.breakdown, r.sex, r.age, r.citizenship, r.exploitation
            ));
        }
        s
    }

    /// The metadata that goes with the CSV.
    pub fn metadata(&self) -> serde_json::Value {
        json!({
            "title": format!("Registered victims of trafficking in human beings, {} ({})", self.year, self.country),
            "year": self.year,
            "reporting_country": self.country,
            "source": "the city's case records in vigie (cases opened in the year)",
            "legal_basis": [
                "Directive 2011/36/EU on preventing and combating trafficking in human beings, as amended by Directive (EU) 2024/1712",
                "Eurostat data collection on trafficking in human beings (crim_thb)"
            ],
            "columns": COLUMNS,
            "definitions": {
                "victim_status": "identified: formally identified as a victim; presumed: reasonable grounds to believe (possible victims not yet assessed are not counted); registered victims = identified + presumed",
                "breakdown": "age: by age group and sex (the sex totals and the total are in these lines); citizenship: by citizenship group and sex; exploitation: by form and sex (a person may have several forms: these lines add up to more than the people)",
                "sex": "F female, M male, UNK not stated or other, T total",
                "age": "Y_LT18 under 18 at the opening of the case (a person whose age is uncertain is counted as a minor, Convention Art. 10(3)), Y_GE18 18 or over, TOTAL",
                "citizenship": "NAT the reporting country, EU27_2020_FOR another EU Member State, NEU27_2020_FOR a country outside the EU, UNK not recorded, TOTAL",
                "exploitation": "SEX sexual exploitation; LAB forced labour or services (including domestic servitude and child labour); BEG begging; CRIM criminal activities; ORG removal of organs; MAR forced marriage; ADOPT illegal adoption; SURR surrogacy; OTH other. Eurostat's three groups: sexual = SEX, labour = LAB, other = BEG + CRIM + ORG + MAR + ADOPT + SURR + OTH (as counts of mentions)",
                "value": "number of people; empty when withheld",
                "flag": "c: confidential (withheld by disclosure control)"
            },
            "disclosure": {
                "threshold": self.rules.threshold,
                "rounding": self.rules.rounding,
                "method": "counts from 1 to threshold - 1 withheld; complementary suppression audited by linear programming so that no withheld count can be recovered from the totals; the age and citizenship tables (the same people by sex) protected together"
            },
            "note": "check the mapping of the codes against Eurostat's current codebook before sending"
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fact(sex: &str, minor: bool, nat: Option<&str>, forms: &[ExploitationForm]) -> CaseFact {
        CaseFact {
            year: 2025,
            status: VictimStatus::Identified,
            sex: sex.into(),
            minor,
            nationality: nat.map(str::to_owned),
            forms: forms.to_vec(),
        }
    }

    #[test]
    fn groups_and_protects() {
        let mut facts = Vec::new();
        for _ in 0..20 {
            facts.push(fact(
                "female",
                false,
                Some("FR"),
                &[ExploitationForm::SexualExploitation],
            ));
        }
        for _ in 0..12 {
            facts.push(fact("male", false, Some("RO"), &[ExploitationForm::ForcedLabour]));
        }
        facts.push(fact(
            "male",
            true,
            Some("NG"),
            &[ExploitationForm::ForcedCriminality],
        ));
        let r = build(&facts, 2025, "FR", &Rules::default()).unwrap();
        let find = |b: &str, sex: &str, dim: &str| {
            r.rows
                .iter()
                .find(|x| {
                    x.status == "identified"
                        && x.breakdown == b
                        && x.sex == sex
                        && (x.age == dim || x.citizenship == dim || x.exploitation == dim)
                })
                .map(|x| x.value)
        };
        assert_eq!(find("citizenship", "F", "NAT"), Some(Cell::Value(20)));
        // The one minor from outside the EU is withheld.
        assert_eq!(find("citizenship", "M", "NEU27_2020_FOR"), Some(Cell::Suppressed));
        assert_eq!(find("age", "M", "Y_LT18"), Some(Cell::Suppressed));
        assert!(r.to_csv().starts_with(
            "year,country,victim_status,breakdown,sex,age,citizenship,exploitation,value,flag\n"
        ));
        assert!(r.to_csv().contains(",,c\n"));
        assert_eq!(
            build(&facts, 2025, "", &Rules::default()),
            Err(EuError::NoCountry)
        );
        for row in &r.rows {
            if let Cell::Value(v) = row.value {
                assert!(v == 0 || v >= 5, "{row:?}");
            }
        }
    }
}
