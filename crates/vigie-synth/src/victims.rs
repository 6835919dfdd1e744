//! The hidden population of victims and the five agencies' lists of identified victims.
//!
//! Each victim has a sex, a date of birth, a nationality (from a plausible mix), one or two forms of
//! exploitation (depending on nationality), a name from the nationality's pool, a *reference date* (when the
//! exploitation became known; minors are those under 18 on that date, about 15 %) and a hidden *visibility*
//! (a standard normal).
//!
//! Each agency identifies a victim with probability `logistic(α + form affinity + minor effect + λ ×
//! visibility + referral)`: the labour inspectorate finds forced labour, the police sexual exploitation and
//! forced criminality, social services minors and begging, the NGO and health broadly. Referrals make lists
//! positively dependent (police → NGO, NGO → health, police → social services for minors). So the capture
//! probabilities are heterogeneous and the lists dependent, as in real multiple systems estimation, and many
//! victims are on no list at all. A few victims appear twice on the same list (a second record, later).
//!
//! Every record carries realistic errors, drawn independently per record and written to the truth: dropped
//! accents (often by the police and labour systems), typos (substitution, deletion, transposition; ~10 %),
//! first and last names swapped (~3 %), day and month swapped or unknown in the date of birth (~5 %), a
//! missing date of birth (~5 %), and rarely a missing sex or nationality. The police write last names in
//! capitals (a convention, not an error).
//!
//! The `exploitation` column holds the form the agency is most concerned with, or (half the time) every form it
//! knows, separated by `;` (so the field is quoted).

use std::collections::BTreeMap;

use rand::{Rng, RngExt};
use serde::Serialize;
use time::Date;

use crate::names::{POOLS, feminine, strip_accents};
use crate::util::{Span, chance, csv_row, date, date_text, from_julian, normal, pick_weighted};

/// Forms of exploitation (codes as in the Human Trafficking Case Data Standard's spirit).
pub(crate) const FORMS: [&str; 5] = [
    "sexual_exploitation",
    "forced_labour",
    "forced_criminality",
    "forced_begging",
    "domestic_servitude",
];

/// The list-holding agencies, in the order of the capture-history patterns.
pub(crate) const LISTS: [&str; 5] = ["police", "ngo", "health", "labour", "social"];

/// Capture model of one agency.
struct Agency {
    alpha: f64,
    form: [f64; 5],
    minor: f64,
    visibility: f64,
    /// (list index, extra log-odds) when the victim is already on that list; `minor_only` for social services.
    referral: Option<(usize, f64, bool)>,
    /// Days after the reference date within which the agency identifies the victim.
    delay: (i32, i32),
    accents_dropped: f64,
    duplicate: f64,
}

const AGENCIES: [Agency; 5] = [
    Agency {
        alpha: -1.9,
        form: [0.8, -0.8, 0.9, 0.0, -1.0],
        minor: 0.2,
        visibility: 1.0,
        referral: None,
        delay: (0, 240),
        accents_dropped: 0.6,
        duplicate: 0.02,
    },
    Agency {
        alpha: -1.2,
        form: [0.6, 0.0, -0.3, 0.2, 0.4],
        minor: -0.3,
        visibility: 1.0,
        referral: Some((0, 0.8, false)),
        delay: (0, 420),
        accents_dropped: 0.15,
        duplicate: 0.03,
    },
    Agency {
        alpha: -2.4,
        form: [0.5, -0.2, -0.3, 0.0, 0.3],
        minor: 0.0,
        visibility: 0.8,
        referral: Some((1, 0.7, false)),
        delay: (30, 540),
        accents_dropped: 0.25,
        duplicate: 0.01,
    },
    Agency {
        alpha: -3.6,
        form: [-2.0, 3.0, -1.5, -2.0, 0.6],
        minor: -1.0,
        visibility: 0.6,
        referral: None,
        delay: (0, 300),
        accents_dropped: 0.4,
        duplicate: 0.01,
    },
    Agency {
        alpha: -3.0,
        form: [-0.5, -1.0, 0.3, 1.0, 0.5],
        minor: 2.5,
        visibility: 0.8,
        referral: Some((0, 0.6, true)),
        delay: (0, 300),
        accents_dropped: 0.15,
        duplicate: 0.01,
    },
];

/// Share of minors by primary form, and share of women by primary form.
const MINOR_BY_FORM: [f64; 5] = [0.13, 0.03, 0.40, 0.30, 0.08];
const FEMALE_BY_FORM: [f64; 5] = [0.88, 0.25, 0.25, 0.50, 0.85];

/// One record of a list, as written, with what the truth says about it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordTruth {
    pub list: &'static str,
    pub record_id: String,
    pub errors: Vec<String>,
}

/// One hidden victim (written to the truth).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Person {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub sex: &'static str,
    pub date_of_birth: String,
    pub nationality: &'static str,
    pub forms: Vec<&'static str>,
    pub minor: bool,
    pub reference_date: String,
    pub visibility: f64,
    /// One character per list in [`LISTS`] order: `1` if on that list.
    pub capture_history: String,
    pub records: Vec<RecordTruth>,
}

/// The victims' truth.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VictimTruth {
    pub population: usize,
    pub lists: [&'static str; 5],
    /// Rows per list file (a victim recorded twice by one agency counts twice).
    pub list_sizes: BTreeMap<&'static str, usize>,
    /// Distinct victims per list.
    pub distinct_per_list: BTreeMap<&'static str, usize>,
    /// Every pattern over [`LISTS`] (e.g. `10100` = police and health), zeros included; `00000` is the number
    /// of victims on no list.
    pub capture_histories: BTreeMap<String, usize>,
    pub on_no_list: usize,
    pub on_two_or_more_lists: usize,
    pub minors: usize,
    pub persons: Vec<Person>,
}

/// The list files and the truth.
pub(crate) struct Generated {
    /// `(list code, CSV text)` in [`LISTS`] order.
    pub lists: Vec<(&'static str, String)>,
    pub truth: VictimTruth,
}

#[derive(Clone)]
pub(crate) struct Hidden {
    sex: &'static str,
    dob: Date,
    reference_jd: i32,
    minor: bool,
    pool: usize,
    forms: Vec<usize>,
    first: String,
    last: String,
    visibility: f64,
}

struct Draft {
    person: usize,
    jd: i32,
    fields: [String; 7],
    errors: Vec<String>,
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn hidden<R: Rng + ?Sized>(rng: &mut R, span: Span) -> Hidden {
    let weights: Vec<f64> = POOLS.iter().map(|p| p.weight).collect();
    let pool = pick_weighted(rng, &weights);
    let p = &POOLS[pool];
    let primary = pick_weighted(rng, &p.forms);
    let mut forms = vec![primary];
    if chance(rng, 0.12) {
        let mut w = p.forms;
        w[primary] = 0.0;
        if w.iter().sum::<f64>() > 0.0 {
            forms.push(pick_weighted(rng, &w));
        }
    }
    let female = chance(rng, FEMALE_BY_FORM[primary]);
    let minor_target = chance(rng, MINOR_BY_FORM[primary]);
    let age_years = if minor_target {
        rng.random_range(12.5..17.9)
    } else {
        (18.1 + 9.0 * -(1.0 - rng.random::<f64>()).ln()).min(62.0)
    };
    let reference_jd = rng.random_range(span.first..=span.last);
    let dob = from_julian(reference_jd - (age_years * 365.25) as i32);
    let eighteen = date(dob.year() + 18, u8::from(dob.month()), dob.day());
    let minor = eighteen.to_julian_day() > reference_jd;
    let names = if female { p.female } else { p.male };
    let first = names[crate::util::index(rng, names.len())].to_owned();
    let last = p.last[crate::util::index(rng, p.last.len())];
    let last = if female {
        feminine(p.country, last)
    } else {
        last.to_owned()
    };
    Hidden {
        sex: if female { "F" } else { "M" },
        dob,
        reference_jd,
        minor,
        pool,
        forms,
        first,
        last,
        visibility: normal(rng),
    }
}

/// Applies one typo to a name; returns the kind of typo, or `None` when the name is too short.
fn typo<R: Rng + ?Sized>(rng: &mut R, name: &mut String) -> Option<&'static str> {
    let mut chars: Vec<char> = name.chars().collect();
    let letters: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_alphabetic()).collect();
    if letters.len() < 3 {
        return None;
    }
    let kind = match rng.random_range(0..3_u8) {
        0 => {
            let i = letters[crate::util::index(rng, letters.len())];
            let upper = chars[i].is_uppercase();
            let mut c = char::from(b'a' + rng.random_range(0..26_u8));
            if c == chars[i].to_ascii_lowercase() {
                c = if c == 'z' { 'a' } else { char::from(c as u8 + 1) };
            }
            chars[i] = if upper { c.to_ascii_uppercase() } else { c };
            "substitution"
        }
        1 => {
            let i = letters[1 + crate::util::index(rng, letters.len() - 1)];
            chars.remove(i);
            "deletion"
        }
        _ => {
            let pairs: Vec<usize> = (1..chars.len().saturating_sub(1))
                .filter(|&i| {
                    chars[i].is_alphabetic() && chars[i + 1].is_alphabetic() && chars[i] != chars[i + 1]
                })
                .collect();
            if pairs.is_empty() {
                return None;
            }
            let i = pairs[crate::util::index(rng, pairs.len())];
            chars.swap(i, i + 1);
            "transposition"
        }
    };
    let changed: String = chars.into_iter().collect();
    if changed == *name {
        return None;
    }
    *name = changed;
    Some(kind)
}

fn record<R: Rng + ?Sized>(rng: &mut R, a: usize, h: &Hidden, jd: i32) -> ([String; 7], Vec<String>) {
    let agency = &AGENCIES[a];
    let mut errors = Vec::new();
    let (mut first, mut last) = (h.first.clone(), h.last.clone());
    if chance(rng, agency.accents_dropped) {
        let (f, l) = (strip_accents(&first), strip_accents(&last));
        if f != first || l != last {
            errors.push("accents_dropped".to_owned());
        }
        (first, last) = (f, l);
    }
    if chance(rng, 0.10) {
        let on_first = chance(rng, 0.5);
        let target = if on_first { &mut first } else { &mut last };
        if let Some(kind) = typo(rng, target) {
            errors.push(format!(
                "typo_{}_name:{kind}",
                if on_first { "first" } else { "last" }
            ));
        }
    }
    if chance(rng, 0.03) {
        std::mem::swap(&mut first, &mut last);
        errors.push("names_swapped".to_owned());
    }
    if a == 0 {
        last = last.to_uppercase();
    }
    let dob = if chance(rng, 0.05) {
        errors.push("dob_missing".to_owned());
        String::new()
    } else if chance(rng, 0.05) {
        let (m, d) = (u8::from(h.dob.month()), h.dob.day());
        if d <= 12 && d != m {
            errors.push("dob_day_month_swapped".to_owned());
            format!("{:04}-{d:02}-{m:02}", h.dob.year())
        } else {
            errors.push("dob_day_month_unknown".to_owned());
            format!("{:04}-01-01", h.dob.year())
        }
    } else {
        date_text(h.dob)
    };
    let sex = if chance(rng, 0.01) {
        errors.push("sex_missing".to_owned());
        ""
    } else {
        h.sex
    };
    let nationality = if chance(rng, 0.02) {
        errors.push("nationality_missing".to_owned());
        ""
    } else {
        POOLS[h.pool].country
    };
    // The agency records the form it is most concerned with, sometimes every form it knows.
    let mut forms = h.forms.clone();
    forms.sort_by(|x, y| agency.form[*y].total_cmp(&agency.form[*x]));
    if !chance(rng, 0.5) {
        forms.truncate(1);
    }
    let exploitation = forms.iter().map(|f| FORMS[*f]).collect::<Vec<_>>().join(";");
    let fields = [
        first,
        last,
        dob,
        sex.to_owned(),
        nationality.to_owned(),
        exploitation,
        date_text(from_julian(jd)),
    ];
    (fields, errors)
}

/// `n` hidden victims.
pub(crate) fn population<R: Rng + ?Sized>(rng: &mut R, n: usize, span: Span) -> Vec<Hidden> {
    (0..n).map(|_| hidden(rng, span)).collect()
}

/// Generates `n` hidden victims and the five lists.
pub(crate) fn generate<R: Rng + ?Sized>(rng: &mut R, n: usize, span: Span) -> Generated {
    let people = population(rng, n, span);
    lists_of(rng, people, span)
}

/// The five agencies' lists of a given population of victims.
pub(crate) fn lists_of<R: Rng + ?Sized>(rng: &mut R, people: Vec<Hidden>, span: Span) -> Generated {
    let n = people.len();
    let mut on: Vec<[bool; 5]> = vec![[false; 5]; n];
    let mut drafts: Vec<Vec<Draft>> = (0..LISTS.len()).map(|_| Vec::new()).collect();
    for (i, h) in people.iter().enumerate() {
        for (a, agency) in AGENCIES.iter().enumerate() {
            let form = h
                .forms
                .iter()
                .map(|f| agency.form[*f])
                .fold(f64::NEG_INFINITY, f64::max);
            let referral = match agency.referral {
                Some((list, boost, minor_only)) if on[i][list] && (!minor_only || h.minor) => boost,
                _ => 0.0,
            };
            let x = agency.alpha
                + form
                + if h.minor { agency.minor } else { 0.0 }
                + agency.visibility * h.visibility
                + referral;
            if !chance(rng, logistic(x)) {
                continue;
            }
            on[i][a] = true;
            let times = if chance(rng, agency.duplicate) { 2 } else { 1 };
            let mut jd = h.reference_jd + rng.random_range(agency.delay.0..=agency.delay.1);
            for _ in 0..times {
                let day = span.clamp(jd).to_julian_day();
                let (fields, errors) = record(rng, a, h, day);
                drafts[a].push(Draft {
                    person: i,
                    jd: day,
                    fields,
                    errors,
                });
                jd += rng.random_range(30..=300);
            }
        }
    }

    let mut records: Vec<Vec<RecordTruth>> = vec![Vec::new(); n];
    let mut lists = Vec::with_capacity(LISTS.len());
    let mut list_sizes = BTreeMap::new();
    let mut distinct_per_list = BTreeMap::new();
    for (a, mut ds) in drafts.into_iter().enumerate() {
        ds.sort_by_key(|d| d.jd);
        let mut csv = String::new();
        csv_row(
            &mut csv,
            &[
                "record_id",
                "first_name",
                "last_name",
                "date_of_birth",
                "sex",
                "nationality",
                "exploitation",
                "identified_on",
            ],
        );
        for (k, d) in ds.iter().enumerate() {
            let record_id = format!("{}-{:04}", LISTS[a], k + 1);
            let mut row = vec![record_id.clone()];
            row.extend(d.fields.iter().cloned());
            csv_row(&mut csv, &row);
            records[d.person].push(RecordTruth {
                list: LISTS[a],
                record_id,
                errors: d.errors.clone(),
            });
        }
        list_sizes.insert(LISTS[a], ds.len());
        distinct_per_list.insert(LISTS[a], on.iter().filter(|o| o[a]).count());
        lists.push((LISTS[a], csv));
    }

    let pattern = |o: &[bool; 5]| o.iter().map(|b| if *b { '1' } else { '0' }).collect::<String>();
    let mut capture_histories: BTreeMap<String, usize> =
        (0..32_u32).map(|m| (format!("{m:05b}"), 0)).collect();
    for o in &on {
        *capture_histories.entry(pattern(o)).or_insert(0) += 1;
    }
    let persons: Vec<Person> = people
        .iter()
        .zip(records)
        .zip(&on)
        .enumerate()
        .map(|(i, ((h, recs), o))| Person {
            id: format!("V{:04}", i + 1),
            first_name: h.first.clone(),
            last_name: h.last.clone(),
            sex: h.sex,
            date_of_birth: date_text(h.dob),
            nationality: POOLS[h.pool].country,
            forms: h.forms.iter().map(|f| FORMS[*f]).collect(),
            minor: h.minor,
            reference_date: date_text(from_julian(h.reference_jd)),
            visibility: h.visibility,
            capture_history: pattern(o),
            records: recs,
        })
        .collect();
    let truth = VictimTruth {
        population: n,
        lists: LISTS,
        list_sizes,
        distinct_per_list,
        on_no_list: on.iter().filter(|o| o.iter().all(|b| !b)).count(),
        on_two_or_more_lists: on
            .iter()
            .filter(|o| o.iter().filter(|b| **b).count() >= 2)
            .count(),
        minors: people.iter().filter(|h| h.minor).count(),
        capture_histories,
        persons,
    };
    Generated { lists, truth }
}

/// The linkage truth of the lists: `list,record_id,entity_id` (the entity is the hidden person), and the true
/// capture table (a 0/1 column per list, then `count`, for every pattern seen on at least one list).
pub(crate) fn linkage_truth(truth: &VictimTruth) -> (String, String) {
    let mut links = String::from("list,record_id,entity_id\n");
    for p in &truth.persons {
        for r in &p.records {
            links.push_str(&format!("{},{},{}\n", r.list, r.record_id, p.id));
        }
    }
    let mut capture = LISTS.join(",");
    capture.push_str(",count\n");
    let mut patterns: Vec<(&String, &usize)> = truth
        .capture_histories
        .iter()
        .filter(|(p, _)| p.contains('1'))
        .collect();
    patterns.sort_by(|a, b| b.0.cmp(a.0));
    for (pattern, n) in patterns {
        let cells: Vec<String> = pattern.chars().map(|c| c.to_string()).collect();
        capture.push_str(&format!("{},{n}\n", cells.join(",")));
    }
    (links, capture)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::{Part, stream};

    #[test]
    fn typos_change_names() {
        let mut rng = stream(3, Part::Victims);
        for _ in 0..200 {
            let mut s = "Popescu".to_owned();
            if let Some(kind) = typo(&mut rng, &mut s) {
                assert_ne!(s, "Popescu", "{kind}");
                assert!(s.chars().count() >= 6);
            }
        }
        let mut short = "Li".to_owned();
        assert_eq!(typo(&mut rng, &mut short), None);
    }

    #[test]
    fn population_has_plausible_shape() {
        let g = generate(&mut stream(7, Part::Victims), 600, Span::years(2021, 5));
        let t = &g.truth;
        let minors = t.minors as f64 / 600.0;
        assert!((0.10..0.20).contains(&minors), "minors {minors}");
        assert!(t.on_no_list > 100 && t.on_no_list < 400, "{}", t.on_no_list);
        assert!(t.on_two_or_more_lists > 30, "{}", t.on_two_or_more_lists);
        for l in LISTS {
            assert!(t.distinct_per_list[l] >= 20, "{l}: {}", t.distinct_per_list[l]);
        }
    }
}
