//! The demo's case work: the city's support services, and the NGO's victims as cases with screenings, status
//! decisions, consents and referrals, so that a newcomer can try every page.
//!
//! Cases are written as intake forms (the same text fields a caseworker fills in) from the NGO's own list
//! (`lists/ngo.csv`, errors included: it is the NGO's record); screenings tick indicators of the ILO/EC lists
//! chosen so that most are presumed victims and some are not. Everything is drawn from the seed.

use rand::{Rng, RngExt};
use serde::Serialize;
use vigie_domain::case::IntakeForm;
use vigie_domain::screening::{Dimension, IndicatorSet, ListKind, Strength};

/// A support service of the demo city.
#[derive(Debug, Clone, Serialize)]
pub struct DemoService {
    pub code: &'static str,
    pub kind: &'static str,
    pub name: &'static str,
    pub provider: &'static str,
    pub languages: &'static [&'static str],
    /// Places in all (`None`: no fixed number).
    pub capacity: Option<u32>,
    pub hours: &'static str,
    pub contact: &'static str,
    pub response_days: u16,
    /// Listed on the public help page (the interpreters' pool is for the services, not for the public).
    pub public: bool,
}

/// The demo city's support services (fictitious addresses and numbers).
pub const SERVICES: &[DemoService] = &[
    DemoService {
        code: "refuge-tilleuls",
        kind: "safe_accommodation",
        name: "Foyer Les Tilleuls",
        provider: "refuge",
        languages: &["fr", "en", "ro"],
        capacity: Some(12),
        hours: "24 h / 24",
        contact: "+33 5 00 00 01 12",
        public: true,
        response_days: 2,
    },
    DemoService {
        code: "refuge-mineurs",
        kind: "safe_accommodation",
        name: "Maison d'accueil des mineurs",
        provider: "social",
        languages: &["fr", "ar"],
        capacity: Some(6),
        hours: "24 h / 24",
        contact: "+33 5 00 00 02 20",
        public: true,
        response_days: 1,
    },
    DemoService {
        code: "urgences-chv",
        kind: "emergency_medical",
        name: "Urgences du centre hospitalier",
        provider: "health",
        languages: &["fr", "en"],
        capacity: None,
        hours: "24 h / 24",
        contact: "15",
        public: true,
        response_days: 1,
    },
    DemoService {
        code: "psy-phare",
        kind: "psychological",
        name: "Soutien psychologique du Phare",
        provider: "ngo",
        languages: &["fr", "en", "ro", "bg"],
        capacity: Some(20),
        hours: "lun.–ven. 9 h–18 h",
        contact: "accueil@lephare.example",
        public: true,
        response_days: 5,
    },
    DemoService {
        code: "juridique",
        kind: "legal_counselling",
        name: "Permanence juridique du barreau",
        provider: "refuge",
        languages: &["fr", "en"],
        capacity: None,
        hours: "mardi 14 h–18 h",
        contact: "permanence@barreau.example",
        public: true,
        response_days: 7,
    },
    DemoService {
        code: "interpretes",
        kind: "interpretation",
        name: "Interprètes de Vallombre",
        provider: "city",
        languages: &["ro", "bg", "ar", "en", "zh", "vi", "ti"],
        capacity: None,
        hours: "sur rendez-vous",
        contact: "+33 5 00 00 03 30",
        public: false,
        response_days: 2,
    },
    DemoService {
        code: "droits-travail",
        kind: "labour_rights",
        name: "Droits des travailleurs – inspection du travail",
        provider: "labour",
        languages: &["fr", "en"],
        capacity: None,
        hours: "lun.–jeu. 9 h–12 h",
        contact: "ut-vallombre@travail.example",
        public: true,
        response_days: 10,
    },
    DemoService {
        code: "aide-materielle",
        kind: "material_help",
        name: "Aide d'urgence des solidarités",
        provider: "social",
        languages: &["fr"],
        capacity: None,
        hours: "lun.–ven. 8 h 30–17 h",
        contact: "+33 5 00 00 04 40",
        public: true,
        response_days: 3,
    },
    DemoService {
        code: "plainte-police",
        kind: "complaint_to_police",
        name: "Dépôt de plainte accompagné",
        provider: "police",
        languages: &["fr"],
        capacity: None,
        hours: "24 h / 24",
        contact: "17",
        public: true,
        response_days: 5,
    },
];

/// A screening to record on a demo case.
#[derive(Debug, Clone, Serialize)]
pub struct DemoScreening {
    pub list: &'static str,
    pub indicators: Vec<String>,
}

/// One demo case: the intake form, then what happened.
#[derive(Debug, Clone, Serialize)]
pub struct DemoCase {
    /// The NGO's record id.
    pub record_id: String,
    pub intake: IntakeForm,
    pub screening: Option<DemoScreening>,
    /// Days after the intake when reasonable grounds were found (when the screening is positive).
    pub grounds_after_days: Option<u16>,
    /// A referral, with consent, to this service code.
    pub referral: Option<&'static str>,
    /// Whether the provider accepted the referral.
    pub accepted: bool,
}

/// Splits one line of a CSV written by [`crate::util::csv_row`] (fields quoted when they hold a comma, a quote or a
/// semicolon).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

const LANGUAGES: &[(&str, &str)] = &[
    ("RO", "ro"),
    ("BG", "bg"),
    ("NG", "en"),
    ("CN", "zh"),
    ("VN", "vi"),
    ("ER", "ti"),
    ("MA", "ar"),
    ("DZ", "ar"),
    ("AL", "sq"),
    ("UA", "uk"),
    ("BR", "pt"),
    ("FR", "fr"),
];

fn language_of(nationality: &str) -> &'static str {
    LANGUAGES
        .iter()
        .find(|(n, _)| *n == nationality)
        .map(|(_, l)| *l)
        .unwrap_or("en")
}

/// Indicators that make the dimension positive (one strong and one medium, or three medium), or, for a weak
/// picture, a single medium one.
fn pick<R: Rng + ?Sized>(
    rng: &mut R,
    set: &IndicatorSet,
    list: ListKind,
    d: Dimension,
    positive: bool,
) -> Vec<String> {
    let of = |s: Strength| -> Vec<String> {
        set.list(list)
            .iter()
            .filter(|i| i.dimension == d && i.strength == s)
            .map(|i| i.code.clone())
            .collect()
    };
    let (strong, medium) = (of(Strength::Strong), of(Strength::Medium));
    let mut take = |pool: &[String], k: usize| -> Vec<String> {
        let mut pool = pool.to_vec();
        let mut out = Vec::new();
        while out.len() < k && !pool.is_empty() {
            let j = rng.random_range(0..pool.len());
            out.push(pool.swap_remove(j));
        }
        out
    };
    if !positive {
        return take(&medium, 1);
    }
    if !strong.is_empty() && !medium.is_empty() {
        let mut v = take(&strong, 1);
        v.extend(take(&medium, 1));
        v
    } else {
        take(&medium, 3)
    }
}

/// The NGO's victims as demo cases, from its list (`lists/ngo.csv`). Returns nothing if the list or the indicator
/// set cannot be read.
pub fn demo_cases<R: Rng + ?Sized>(rng: &mut R, ngo_csv: &str) -> Vec<DemoCase> {
    let Ok(set) = IndicatorSet::ilo_ec_2009() else {
        return Vec::new();
    };
    let mut lines = ngo_csv.lines();
    let header: Vec<String> = lines.next().map(split_csv).unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(id), Some(first), Some(last), Some(dob), Some(sex), Some(nat), Some(expl), Some(on)) = (
        col("record_id"),
        col("first_name"),
        col("last_name"),
        col("date_of_birth"),
        col("sex"),
        col("nationality"),
        col("exploitation"),
        col("identified_on"),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f = split_csv(line);
        let get = |i: usize| f.get(i).map(|s| s.trim().to_owned()).unwrap_or_default();
        let forms: Vec<String> = get(expl)
            .split(';')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        let nationality = get(nat);
        let birth = get(dob);
        let opened_on = get(on);
        // A year-month-day that the NGO could not read well becomes the year alone.
        let birth = if vigie_domain::case::Birth::parse(&birth).is_ok() {
            birth
        } else {
            birth.get(..4).unwrap_or("").to_owned()
        };
        let sexual = forms.iter().any(|f| f == "sexual_exploitation");
        let labour_means: &[&str] = if sexual {
            &[
                "debt_bondage",
                "threats",
                "restricted_movement",
                "sexual_violence",
                "withheld_documents",
            ]
        } else {
            &[
                "debt_bondage",
                "withheld_documents",
                "withheld_earnings",
                "excessive_working_hours",
                "threats_of_denunciation",
            ]
        };
        let means: Vec<String> = labour_means
            .iter()
            .filter(|_| rng.random_bool(0.5))
            .map(|m| (*m).to_owned())
            .collect();
        let intake = IntakeForm {
            alias: format!("{} {}", get(first), get(last)).trim().to_owned(),
            birth,
            age_uncertain: rng.random_bool(0.05),
            sex: match get(sex).as_str() {
                "F" | "f" | "female" => "female".into(),
                "M" | "m" | "male" => "male".into(),
                _ => "unknown".into(),
            },
            languages: if nationality.is_empty() {
                "fr".into()
            } else {
                format!("{}, fr", language_of(&nationality))
            },
            nationality: nationality.clone(),
            contact: if rng.random_bool(0.6) {
                format!(
                    "via Le Phare, +33 6 {:02} {:02} {:02} {:02}",
                    rng.random_range(10..99),
                    rng.random_range(10..99),
                    rng.random_range(10..99),
                    rng.random_range(10..99)
                )
            } else {
                String::new()
            },
            forms,
            means,
            recruitment_country: nationality,
            recruiter_relation: [
                "recruitment_agency",
                "friend_or_acquaintance",
                "intimate_partner",
                "family",
                "employer",
            ][rng.random_range(0..5)]
            .into(),
            opened_on,
            notes: "Met at the NGO's drop-in centre.".into(),
            ..Default::default()
        };
        // Screening for four cases in five; most are presumed victims.
        let screening = rng.random_bool(0.8).then(|| {
            let list = ListKind::for_person(false, sexual);
            let presumed = rng.random_bool(0.8);
            let recruitment = [
                Dimension::DeceptiveRecruitment,
                Dimension::CoerciveRecruitment,
                Dimension::RecruitmentAbuseOfVulnerability,
            ][rng.random_range(0..3)];
            let means = [
                Dimension::CoercionAtDestination,
                Dimension::AbuseOfVulnerabilityAtDestination,
            ][rng.random_range(0..2)];
            let mut indicators = pick(rng, set, list, recruitment, true);
            indicators.extend(pick(rng, set, list, Dimension::ExploitativeConditions, true));
            indicators.extend(pick(rng, set, list, means, presumed));
            DemoScreening {
                list: list.code(),
                indicators,
            }
        });
        let referral = rng.random_bool(0.5).then(|| {
            if sexual {
                ["refuge-tilleuls", "psy-phare", "juridique"][rng.random_range(0..3)]
            } else {
                ["refuge-tilleuls", "droits-travail", "interpretes"][rng.random_range(0..3)]
            }
        });
        out.push(DemoCase {
            record_id: get(id),
            intake,
            grounds_after_days: screening.as_ref().map(|_| rng.random_range(1..=20)),
            screening,
            referral,
            accepted: rng.random_bool(0.7),
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn csv_lines_split_with_quotes() {
        assert_eq!(split_csv("a,\"b;c\",\"d\"\"e\",f"), vec!["a", "b;c", "d\"e", "f"]);
    }

    #[test]
    fn the_ngo_list_becomes_valid_intakes_and_screenings() {
        let files = crate::generate(&crate::DemoConfig::default());
        let ngo = files.get("lists/ngo.csv").unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let cases = demo_cases(&mut rng, ngo);
        assert_eq!(cases.len(), ngo.lines().count() - 1);
        let today = vigie_domain::case::ymd(2030, 1, 1).unwrap();
        let set = IndicatorSet::ilo_ec_2009().unwrap();
        let mut presumed = 0;
        for c in &cases {
            c.intake.validate(today).unwrap();
            if let Some(s) = &c.screening {
                let r = vigie_domain::screening::screen(set, ListKind::parse(s.list).unwrap(), &s.indicators)
                    .unwrap();
                presumed += usize::from(r.presumed_victim);
            }
        }
        let screened = cases.iter().filter(|c| c.screening.is_some()).count();
        assert!(
            presumed > screened / 2 && presumed < screened,
            "{presumed} of {screened}"
        );
        // The same seed gives the same cases.
        let again = demo_cases(&mut rand_chacha::ChaCha8Rng::seed_from_u64(1), ngo);
        assert_eq!(format!("{again:?}"), format!("{cases:?}"));
    }
}
