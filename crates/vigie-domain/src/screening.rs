//! Identification screening: the ILO/European Commission operational indicators of trafficking in human
//! beings (Delphi survey, 2009).
//!
//! The publication gives four lists of indicators (adults and children, for labour and for sexual
//! exploitation). Each list covers the six dimensions of the trafficking definition: deceptive recruitment,
//! coercive recruitment, recruitment by abuse of vulnerability, exploitative conditions, coercion at
//! destination and abuse of vulnerability at destination; each indicator is strong, medium or weak. The lists
//! are data, not code: they live in `data/ilo-ec-2009.json`, versioned, and [`IndicatorSet::from_json`]
//! checks any set before it is used.
//!
//! The rule: a dimension is positive when its indicators present include at least two strong ones, or one
//! strong and one medium or weak, or three medium, or two medium and one weak (weak indicators alone never
//! make it positive). An adult is presumed a victim when recruitment (any of the three recruitment
//! dimensions), exploitation (exploitative conditions) and means (coercion or abuse of vulnerability at
//! destination) are all positive; a child when recruitment and exploitation are (the means are not required
//! for a child).
//!
//! The screening is an aid, not a legal decision, and it never blocks help: a person who is not presumed a
//! victim can still be referred to any service.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The built-in indicator set, as shipped.
const ILO_EC_2009: &str = include_str!("../data/ilo-ec-2009.json");

/// Why an indicator set or a screening was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScreeningError {
    /// The text is not JSON, or not a JSON object.
    #[error("the indicator set is not a valid JSON object: {0}")]
    Json(String),
    /// A top-level field (`version`, `source`, `lists`) is missing, of the wrong type or empty.
    #[error("the indicator set's field {field:?} {reason}")]
    InvalidField { field: &'static str, reason: String },
    /// A list name that is not one of the four.
    #[error(
        "{found:?} is not a known indicator list; expected one of: adult_labour, adult_sexual, child_labour, \
         child_sexual"
    )]
    UnknownList { found: String },
    /// One of the four lists is absent from the set.
    #[error("the indicator set has no list {list}")]
    MissingList { list: ListKind },
    /// A list is not an array.
    #[error("list {list}: {reason}")]
    InvalidList { list: ListKind, reason: String },
    /// An indicator has a missing or wrong field. `index` counts from 0 within the list.
    #[error("list {list}, indicator {index}: field {field:?} {reason}")]
    InvalidIndicator {
        list: ListKind,
        index: usize,
        field: String,
        reason: String,
    },
    /// The same code is used twice in the set.
    #[error(
        "list {list}, indicator {index}: code {code:?} is already used by list {first_list}, indicator \
         {first_index}"
    )]
    DuplicateCode {
        list: ListKind,
        index: usize,
        code: String,
        first_list: ListKind,
        first_index: usize,
    },
    /// A list lacks indicators for a dimension, so that dimension could never be positive.
    #[error("list {list} has no indicator in the dimension {dimension}")]
    EmptyDimension { list: ListKind, dimension: Dimension },
    /// A screening named an indicator that is not in the list screened.
    #[error("{code:?} is not an indicator of the list {list}")]
    UnknownIndicator { list: ListKind, code: String },
}

/// One of the four lists of the publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// Adults, labour exploitation.
    AdultLabour,
    /// Adults, sexual exploitation.
    AdultSexual,
    /// Children (under 18), labour exploitation.
    ChildLabour,
    /// Children (under 18), sexual exploitation.
    ChildSexual,
}

impl ListKind {
    /// The four lists, in the publication's order.
    pub const ALL: [ListKind; 4] = [
        ListKind::AdultLabour,
        ListKind::AdultSexual,
        ListKind::ChildLabour,
        ListKind::ChildSexual,
    ];

    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            ListKind::AdultLabour => "adult_labour",
            ListKind::AdultSexual => "adult_sexual",
            ListKind::ChildLabour => "child_labour",
            ListKind::ChildSexual => "child_sexual",
        }
    }

    /// Parses a machine code (exactly as [`ListKind::code`] gives it).
    pub fn parse(raw: &str) -> Result<Self, ScreeningError> {
        ListKind::ALL
            .into_iter()
            .find(|k| k.code() == raw)
            .ok_or_else(|| ScreeningError::UnknownList {
                found: raw.to_owned(),
            })
    }

    /// The list for a person: a minor gets a child list (a person whose age is unsure is presumed a minor by
    /// the caller, not here).
    pub fn for_person(minor: bool, sexual: bool) -> Self {
        match (minor, sexual) {
            (false, false) => ListKind::AdultLabour,
            (false, true) => ListKind::AdultSexual,
            (true, false) => ListKind::ChildLabour,
            (true, true) => ListKind::ChildSexual,
        }
    }

    /// Whether the list is for children, for whom the means are not required.
    pub fn is_child(self) -> bool {
        matches!(self, ListKind::ChildLabour | ListKind::ChildSexual)
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One of the six dimensions of the trafficking definition, as the publication splits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    DeceptiveRecruitment,
    CoerciveRecruitment,
    RecruitmentAbuseOfVulnerability,
    ExploitativeConditions,
    CoercionAtDestination,
    AbuseOfVulnerabilityAtDestination,
}

impl Dimension {
    /// The six dimensions, in the publication's order.
    pub const ALL: [Dimension; 6] = [
        Dimension::DeceptiveRecruitment,
        Dimension::CoerciveRecruitment,
        Dimension::RecruitmentAbuseOfVulnerability,
        Dimension::ExploitativeConditions,
        Dimension::CoercionAtDestination,
        Dimension::AbuseOfVulnerabilityAtDestination,
    ];

    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            Dimension::DeceptiveRecruitment => "deceptive_recruitment",
            Dimension::CoerciveRecruitment => "coercive_recruitment",
            Dimension::RecruitmentAbuseOfVulnerability => "recruitment_abuse_of_vulnerability",
            Dimension::ExploitativeConditions => "exploitative_conditions",
            Dimension::CoercionAtDestination => "coercion_at_destination",
            Dimension::AbuseOfVulnerabilityAtDestination => "abuse_of_vulnerability_at_destination",
        }
    }

    /// Whether the dimension is one of the three recruitment dimensions.
    pub fn is_recruitment(self) -> bool {
        matches!(
            self,
            Dimension::DeceptiveRecruitment
                | Dimension::CoerciveRecruitment
                | Dimension::RecruitmentAbuseOfVulnerability
        )
    }

    /// Whether the dimension is one of the means at destination.
    fn is_means(self) -> bool {
        matches!(
            self,
            Dimension::CoercionAtDestination | Dimension::AbuseOfVulnerabilityAtDestination
        )
    }

    fn parse(raw: &str) -> Option<Self> {
        Dimension::ALL.into_iter().find(|d| d.code() == raw)
    }

    fn label(self, french: bool) -> &'static str {
        match (self, french) {
            (Dimension::DeceptiveRecruitment, false) => "Deceptive recruitment",
            (Dimension::DeceptiveRecruitment, true) => "Recrutement trompeur",
            (Dimension::CoerciveRecruitment, false) => "Coercive recruitment",
            (Dimension::CoerciveRecruitment, true) => "Recrutement sous la contrainte",
            (Dimension::RecruitmentAbuseOfVulnerability, false) => "Recruitment by abuse of vulnerability",
            (Dimension::RecruitmentAbuseOfVulnerability, true) => "Recrutement par abus de vulnérabilité",
            (Dimension::ExploitativeConditions, false) => "Exploitative conditions",
            (Dimension::ExploitativeConditions, true) => "Conditions d'exploitation",
            (Dimension::CoercionAtDestination, false) => "Coercion at destination",
            (Dimension::CoercionAtDestination, true) => "Contrainte à destination",
            (Dimension::AbuseOfVulnerabilityAtDestination, false) => "Abuse of vulnerability at destination",
            (Dimension::AbuseOfVulnerabilityAtDestination, true) => "Abus de vulnérabilité à destination",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How strongly an indicator points to trafficking, as the experts of the Delphi survey rated it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Strong,
    Medium,
    Weak,
}

impl Strength {
    /// The three strengths, strongest first.
    pub const ALL: [Strength; 3] = [Strength::Strong, Strength::Medium, Strength::Weak];

    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            Strength::Strong => "strong",
            Strength::Medium => "medium",
            Strength::Weak => "weak",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        Strength::ALL.into_iter().find(|s| s.code() == raw)
    }

    fn label(self, french: bool) -> &'static str {
        match (self, french) {
            (Strength::Strong, false) => "strong",
            (Strength::Strong, true) => "fort",
            (Strength::Medium, false) => "medium",
            (Strength::Medium, true) => "moyen",
            (Strength::Weak, false) => "weak",
            (Strength::Weak, true) => "faible",
        }
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One indicator of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable code, unique within the set (for example `al.dr.1`).
    pub code: String,
    pub dimension: Dimension,
    pub strength: Strength,
    /// Plain-language label in English.
    pub en: String,
    /// Plain-language label in French.
    pub fr: String,
}

impl Indicator {
    fn label(&self, french: bool) -> &str {
        if french { &self.fr } else { &self.en }
    }
}

/// A versioned set of the four lists, checked when it is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorSet {
    /// The set's version, recorded with every screening (for example `ilo-ec-2009.1`).
    pub version: String,
    /// The publication the set reproduces.
    pub source: String,
    lists: BTreeMap<ListKind, Vec<Indicator>>,
}

const INDICATOR_FIELDS: [&str; 5] = ["code", "dimension", "strength", "en", "fr"];

impl IndicatorSet {
    /// Reads and checks a set: the four lists are present (and no other), every indicator has a known
    /// dimension and strength, a non-empty code unique in the whole set, and non-empty labels, and every list
    /// has at least one indicator in every dimension. The error names the list, the indicator's index (from
    /// 0) and the field.
    pub fn from_json(text: &str) -> Result<Self, ScreeningError> {
        let root: Value = serde_json::from_str(text).map_err(|e| ScreeningError::Json(e.to_string()))?;
        let Value::Object(root) = root else {
            return Err(ScreeningError::Json("the top level is not an object".to_owned()));
        };
        let version = top_text(&root, "version")?;
        let source = top_text(&root, "source")?;
        let raw_lists = match root.get("lists") {
            Some(Value::Object(m)) => m,
            Some(_) => return Err(invalid_field("lists", "is not an object")),
            None => return Err(invalid_field("lists", "is missing")),
        };
        for name in raw_lists.keys() {
            ListKind::parse(name)?;
        }

        let mut lists = BTreeMap::new();
        let mut codes: HashMap<String, (ListKind, usize)> = HashMap::new();
        for kind in ListKind::ALL {
            let items = match raw_lists.get(kind.code()) {
                Some(Value::Array(items)) => items,
                Some(_) => {
                    return Err(ScreeningError::InvalidList {
                        list: kind,
                        reason: "is not an array".to_owned(),
                    });
                }
                None => return Err(ScreeningError::MissingList { list: kind }),
            };
            let mut list = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let indicator = read_indicator(kind, index, item)?;
                if let Some(&(first_list, first_index)) = codes.get(&indicator.code) {
                    return Err(ScreeningError::DuplicateCode {
                        list: kind,
                        index,
                        code: indicator.code,
                        first_list,
                        first_index,
                    });
                }
                codes.insert(indicator.code.clone(), (kind, index));
                list.push(indicator);
            }
            for dimension in Dimension::ALL {
                if !list.iter().any(|i| i.dimension == dimension) {
                    return Err(ScreeningError::EmptyDimension {
                        list: kind,
                        dimension,
                    });
                }
            }
            lists.insert(kind, list);
        }
        Ok(IndicatorSet {
            version,
            source,
            lists,
        })
    }

    /// The built-in set (`data/ilo-ec-2009.json`), read and checked once.
    pub fn ilo_ec_2009() -> Result<&'static IndicatorSet, ScreeningError> {
        static SET: OnceLock<Result<IndicatorSet, ScreeningError>> = OnceLock::new();
        SET.get_or_init(|| IndicatorSet::from_json(ILO_EC_2009))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The indicators of a list, in the file's order.
    pub fn list(&self, kind: ListKind) -> &[Indicator] {
        self.lists.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// An indicator of a list, by code.
    pub fn indicator(&self, kind: ListKind, code: &str) -> Option<&Indicator> {
        self.list(kind).iter().find(|i| i.code == code)
    }
}

fn invalid_field(field: &'static str, reason: &str) -> ScreeningError {
    ScreeningError::InvalidField {
        field,
        reason: reason.to_owned(),
    }
}

fn top_text(root: &Map<String, Value>, field: &'static str) -> Result<String, ScreeningError> {
    match root.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(invalid_field(field, "is empty")),
        Some(_) => Err(invalid_field(field, "is not a text")),
        None => Err(invalid_field(field, "is missing")),
    }
}

fn read_indicator(list: ListKind, index: usize, item: &Value) -> Result<Indicator, ScreeningError> {
    let bad = |field: &str, reason: String| ScreeningError::InvalidIndicator {
        list,
        index,
        field: field.to_owned(),
        reason,
    };
    let Value::Object(obj) = item else {
        return Err(bad("", "the indicator is not an object".to_owned()));
    };
    if let Some(extra) = obj.keys().find(|k| !INDICATOR_FIELDS.contains(&k.as_str())) {
        return Err(bad(
            extra,
            format!(
                "is not expected; an indicator has only: {}",
                INDICATOR_FIELDS.join(", ")
            ),
        ));
    }
    let text = |field: &'static str| -> Result<String, ScreeningError> {
        match obj.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            Some(Value::String(_)) => Err(bad(field, "is empty".to_owned())),
            Some(_) => Err(bad(field, "is not a text".to_owned())),
            None => Err(bad(field, "is missing".to_owned())),
        }
    };
    let code = text("code")?;
    if code.trim() != code {
        return Err(bad("code", format!("{code:?} has spaces around it")));
    }
    let raw_dimension = text("dimension")?;
    let dimension = Dimension::parse(&raw_dimension).ok_or_else(|| {
        let expected: Vec<&str> = Dimension::ALL.iter().map(|d| d.code()).collect();
        bad(
            "dimension",
            format!(
                "{raw_dimension:?} is not a known dimension; expected one of: {}",
                expected.join(", ")
            ),
        )
    })?;
    let raw_strength = text("strength")?;
    let strength = Strength::parse(&raw_strength).ok_or_else(|| {
        bad(
            "strength",
            format!("{raw_strength:?} is not a known strength; expected one of: strong, medium, weak"),
        )
    })?;
    let en = text("en")?;
    let fr = text("fr")?;
    Ok(Indicator {
        code,
        dimension,
        strength,
        en,
        fr,
    })
}

/// The rule that made a dimension positive. When several hold, the first in this order is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// At least two strong indicators.
    TwoStrong,
    /// At least one strong indicator and one medium or weak indicator.
    StrongAndMediumOrWeak,
    /// At least three medium indicators.
    ThreeMedium,
    /// At least two medium indicators and one weak indicator.
    TwoMediumAndWeak,
}

impl Rule {
    /// The four rules, in the order they are tried.
    pub const ALL: [Rule; 4] = [
        Rule::TwoStrong,
        Rule::StrongAndMediumOrWeak,
        Rule::ThreeMedium,
        Rule::TwoMediumAndWeak,
    ];

    /// The stable machine code.
    pub fn code(self) -> &'static str {
        match self {
            Rule::TwoStrong => "two_strong",
            Rule::StrongAndMediumOrWeak => "strong_and_medium_or_weak",
            Rule::ThreeMedium => "three_medium",
            Rule::TwoMediumAndWeak => "two_medium_and_weak",
        }
    }

    /// Whether the rule holds for these numbers of strong, medium and weak indicators present.
    pub fn holds(self, strong: usize, medium: usize, weak: usize) -> bool {
        match self {
            Rule::TwoStrong => strong >= 2,
            Rule::StrongAndMediumOrWeak => strong >= 1 && medium + weak >= 1,
            Rule::ThreeMedium => medium >= 3,
            Rule::TwoMediumAndWeak => medium >= 2 && weak >= 1,
        }
    }

    /// The first rule that holds, if any: the dimension is positive exactly when there is one.
    pub fn first_holding(strong: usize, medium: usize, weak: usize) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.holds(strong, medium, weak))
    }

    fn describe(self, french: bool) -> &'static str {
        match (self, french) {
            (Rule::TwoStrong, false) => "at least two strong indicators",
            (Rule::TwoStrong, true) => "au moins deux indicateurs forts",
            (Rule::StrongAndMediumOrWeak, false) => {
                "at least one strong indicator and one medium or weak indicator"
            }
            (Rule::StrongAndMediumOrWeak, true) => {
                "au moins un indicateur fort et un indicateur moyen ou faible"
            }
            (Rule::ThreeMedium, false) => "at least three medium indicators",
            (Rule::ThreeMedium, true) => "au moins trois indicateurs moyens",
            (Rule::TwoMediumAndWeak, false) => "at least two medium indicators and one weak indicator",
            (Rule::TwoMediumAndWeak, true) => "au moins deux indicateurs moyens et un indicateur faible",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The result for one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DimensionResult {
    pub dimension: Dimension,
    pub positive: bool,
    /// The first rule that holds; `None` exactly when the dimension is not positive.
    pub rule: Option<Rule>,
    /// Codes of the strong indicators present in this dimension, in list order.
    pub strong: Vec<String>,
    /// Codes of the medium indicators present, in list order.
    pub medium: Vec<String>,
    /// Codes of the weak indicators present, in list order.
    pub weak: Vec<String>,
}

/// The result of a screening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningResult {
    /// The indicator set's version.
    pub version: String,
    pub list: ListKind,
    /// All six dimensions, in [`Dimension::ALL`] order.
    pub dimensions: Vec<DimensionResult>,
    /// Any of the three recruitment dimensions is positive.
    pub recruitment: bool,
    /// Exploitative conditions are positive.
    pub exploitation: bool,
    /// Coercion or abuse of vulnerability at destination is positive.
    pub means: bool,
    /// Adults: recruitment, exploitation and means; children: recruitment and exploitation.
    pub presumed_victim: bool,
}

/// Screens a person against a list, from the codes of the indicators found. A code that is not in that list
/// is refused (the error names the first such code); a code given twice counts once; the order does not
/// matter.
pub fn screen(
    set: &IndicatorSet,
    list: ListKind,
    present: &[String],
) -> Result<ScreeningResult, ScreeningError> {
    let mut found: HashSet<&str> = HashSet::with_capacity(present.len());
    for code in present {
        if set.indicator(list, code).is_none() {
            return Err(ScreeningError::UnknownIndicator {
                list,
                code: code.clone(),
            });
        }
        found.insert(code.as_str());
    }
    let dimensions: Vec<DimensionResult> = Dimension::ALL
        .into_iter()
        .map(|dimension| {
            let mut r = DimensionResult {
                dimension,
                positive: false,
                rule: None,
                strong: Vec::new(),
                medium: Vec::new(),
                weak: Vec::new(),
            };
            for ind in set
                .list(list)
                .iter()
                .filter(|i| i.dimension == dimension && found.contains(i.code.as_str()))
            {
                let bucket = match ind.strength {
                    Strength::Strong => &mut r.strong,
                    Strength::Medium => &mut r.medium,
                    Strength::Weak => &mut r.weak,
                };
                bucket.push(ind.code.clone());
            }
            r.rule = Rule::first_holding(r.strong.len(), r.medium.len(), r.weak.len());
            r.positive = r.rule.is_some();
            r
        })
        .collect();
    let any = |pred: fn(Dimension) -> bool| dimensions.iter().any(|d| d.positive && pred(d.dimension));
    let recruitment = any(Dimension::is_recruitment);
    let exploitation = any(|d| d == Dimension::ExploitativeConditions);
    let means = any(Dimension::is_means);
    let presumed_victim = recruitment && exploitation && (means || list.is_child());
    Ok(ScreeningResult {
        version: set.version.clone(),
        list,
        dimensions,
        recruitment,
        exploitation,
        means,
        presumed_victim,
    })
}

/// French typography: a no-break space before `:` and `;` and inside « ».
const NBSP: char = '\u{a0}';

impl ScreeningResult {
    /// The result of one dimension.
    pub fn dimension(&self, dimension: Dimension) -> Option<&DimensionResult> {
        self.dimensions.iter().find(|d| d.dimension == dimension)
    }

    /// The result in plain sentences, in English or French: one per positive dimension, naming the indicators
    /// found in it and the rule that made it positive; then the conclusion (for a child, that the means are
    /// not required); when the person is not presumed a victim, the conclusion names what is missing and a
    /// last sentence says that the person can still be referred to any service.
    ///
    /// Labels come from `set`; a code it does not know (a set of another version) is shown as the code.
    pub fn explain(&self, set: &IndicatorSet, french: bool) -> Vec<String> {
        let mut out = Vec::new();
        for d in self.dimensions.iter().filter(|d| d.positive) {
            let Some(rule) = d.rule else { continue };
            let named: Vec<String> = [
                (Strength::Strong, &d.strong),
                (Strength::Medium, &d.medium),
                (Strength::Weak, &d.weak),
            ]
            .into_iter()
            .flat_map(|(strength, codes)| codes.iter().map(move |c| (strength, c)))
            .map(|(strength, code)| {
                let label = set
                    .indicator(self.list, code)
                    .map(|i| i.label(french))
                    .unwrap_or(code);
                if french {
                    format!("«{NBSP}{label}{NBSP}» ({})", strength.label(true))
                } else {
                    format!("“{label}” ({})", strength.label(false))
                }
            })
            .collect();
            out.push(if french {
                format!(
                    "{}{NBSP}: positif (règle{NBSP}: {}){NBSP}; indicateurs relevés{NBSP}: {}.",
                    d.dimension.label(true),
                    rule.describe(true),
                    named.join(&format!("{NBSP}; "))
                )
            } else {
                format!(
                    "{}: positive (rule: {}); indicators found: {}.",
                    d.dimension.label(false),
                    rule.describe(false),
                    named.join("; ")
                )
            });
        }

        let child = self.list.is_child();
        if self.presumed_victim {
            out.push(match (child, french) {
                (false, false) => {
                    "Conclusion: presumed victim of trafficking, because recruitment, exploitation and means \
                     are all positive."
                        .to_owned()
                }
                (true, false) => "Conclusion: presumed child victim of trafficking, because recruitment and \
                                  exploitation are positive; for a child, the means (coercion or abuse of \
                                  vulnerability) are not required."
                    .to_owned(),
                (false, true) => format!(
                    "Conclusion{NBSP}: victime présumée de traite, car le recrutement, l'exploitation et les \
                     moyens sont tous positifs."
                ),
                (true, true) => format!(
                    "Conclusion{NBSP}: enfant présumé victime de traite, car le recrutement et \
                     l'exploitation sont positifs{NBSP}; pour un enfant, les moyens (contrainte ou abus de \
                     vulnérabilité) ne sont pas requis."
                ),
            });
            return out;
        }

        let mut missing: Vec<&str> = Vec::new();
        if !self.recruitment {
            missing.push(if french {
                "le recrutement (aucune des trois dimensions du recrutement n'est positive)"
            } else {
                "recruitment (none of the three recruitment dimensions is positive)"
            });
        }
        if !self.exploitation {
            missing.push(if french {
                "l'exploitation (les conditions d'exploitation ne sont pas positives)"
            } else {
                "exploitation (exploitative conditions are not positive)"
            });
        }
        if !self.means && !child {
            missing.push(if french {
                "les moyens (ni la contrainte ni l'abus de vulnérabilité à destination ne sont positifs)"
            } else {
                "means (neither coercion nor abuse of vulnerability at destination is positive)"
            });
        }
        out.push(match (child, french) {
            (false, false) => format!(
                "Conclusion: not presumed a victim of trafficking by this screening; missing: {}.",
                missing.join("; ")
            ),
            (true, false) => format!(
                "Conclusion: not presumed a child victim of trafficking by this screening (for a child, \
                 the means are not required); missing: {}.",
                missing.join("; ")
            ),
            (false, true) => format!(
                "Conclusion{NBSP}: pas de présomption de traite à l'issue de ce repérage{NBSP}; \
                 il manque{NBSP}: {}.",
                missing.join(&format!("{NBSP}; "))
            ),
            (true, true) => format!(
                "Conclusion{NBSP}: pas de présomption de traite à l'issue de ce repérage (pour un \
                 enfant, les moyens ne sont pas requis){NBSP}; il manque{NBSP}: {}.",
                missing.join(&format!("{NBSP}; "))
            ),
        });
        out.push(if french {
            format!(
                "La personne peut quand même être orientée vers tout service{NBSP}: le repérage ne \
                 bloque jamais l'aide."
            )
        } else {
            "The person can still be referred to any service: the screening never blocks help.".to_owned()
        });
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A small set for the rules: in every list and dimension, strong `s1`, `s2`, medium `m1`..`m3`, weak
    /// `w1`, `w2`, with codes like `al.dr.s1`.
    fn rule_set_json() -> String {
        let mut lists = Map::new();
        for (kind, pre) in ListKind::ALL.into_iter().zip(["al", "as", "cl", "cs"]) {
            let mut items = Vec::new();
            for (dimension, dp) in Dimension::ALL
                .into_iter()
                .zip(["dr", "cr", "rv", "ec", "cd", "vd"])
            {
                for (strength, sp, n) in [("strong", "s", 2), ("medium", "m", 3), ("weak", "w", 2)] {
                    for i in 1..=n {
                        items.push(serde_json::json!({
                            "code": format!("{pre}.{dp}.{sp}{i}"),
                            "dimension": dimension.code(),
                            "strength": strength,
                            "en": format!("EN {dp} {sp}{i}"),
                            "fr": format!("FR {dp} {sp}{i}"),
                        }));
                    }
                }
            }
            lists.insert(kind.code().to_owned(), Value::Array(items));
        }
        serde_json::json!({ "version": "test.1", "source": "tests", "lists": lists }).to_string()
    }

    fn rule_set() -> IndicatorSet {
        IndicatorSet::from_json(&rule_set_json()).unwrap()
    }

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn dim(r: &ScreeningResult, d: Dimension) -> &DimensionResult {
        r.dimension(d).unwrap()
    }

    #[test]
    fn each_rule_makes_a_dimension_positive() {
        let set = rule_set();
        let cases: [(&[&str], Rule); 6] = [
            (&["al.dr.s1", "al.dr.s2"], Rule::TwoStrong),
            (&["al.dr.s1", "al.dr.m1"], Rule::StrongAndMediumOrWeak),
            (&["al.dr.s1", "al.dr.w1"], Rule::StrongAndMediumOrWeak),
            (&["al.dr.m1", "al.dr.m2", "al.dr.m3"], Rule::ThreeMedium),
            (&["al.dr.m1", "al.dr.m2", "al.dr.w1"], Rule::TwoMediumAndWeak),
            // Several rules hold: the first in order is reported.
            (
                &["al.dr.s1", "al.dr.s2", "al.dr.m1", "al.dr.m2", "al.dr.m3"],
                Rule::TwoStrong,
            ),
        ];
        for (present, rule) in cases {
            let r = screen(&set, ListKind::AdultLabour, &codes(present)).unwrap();
            let d = dim(&r, Dimension::DeceptiveRecruitment);
            assert!(d.positive, "{present:?}");
            assert_eq!(d.rule, Some(rule), "{present:?}");
            assert!(r.recruitment);
        }
    }

    #[test]
    fn near_misses_are_not_positive() {
        let set = rule_set();
        let misses: [&[&str]; 6] = [
            &["al.ec.s1"],
            &["al.ec.m1", "al.ec.m2"],
            &["al.ec.m1", "al.ec.w1", "al.ec.w2"],
            &["al.ec.w1", "al.ec.w2"],
            &["al.ec.w1"],
            &[],
        ];
        for present in misses {
            let r = screen(&set, ListKind::AdultLabour, &codes(present)).unwrap();
            let d = dim(&r, Dimension::ExploitativeConditions);
            assert!(!d.positive, "{present:?}");
            assert_eq!(d.rule, None);
            assert!(!r.exploitation);
            assert!(!r.presumed_victim);
        }
    }

    #[test]
    fn dimension_lists_codes_by_strength_in_list_order() {
        let set = rule_set();
        let r = screen(
            &set,
            ListKind::AdultLabour,
            &codes(&["al.cd.w2", "al.cd.m3", "al.cd.s2", "al.cd.m1"]),
        )
        .unwrap();
        let d = dim(&r, Dimension::CoercionAtDestination);
        assert_eq!(d.strong, codes(&["al.cd.s2"]));
        assert_eq!(d.medium, codes(&["al.cd.m1", "al.cd.m3"]));
        assert_eq!(d.weak, codes(&["al.cd.w2"]));
        assert_eq!(
            r.dimensions.iter().map(|d| d.dimension).collect::<Vec<_>>(),
            Dimension::ALL.to_vec()
        );
    }

    #[test]
    fn recruitment_exploitation_and_means() {
        let set = rule_set();
        for (recruit, means) in [("dr", "cd"), ("cr", "vd"), ("rv", "cd")] {
            let present = codes(&[
                &format!("al.{recruit}.s1"),
                &format!("al.{recruit}.s2"),
                "al.ec.m1",
                "al.ec.m2",
                "al.ec.m3",
                &format!("al.{means}.s1"),
                &format!("al.{means}.w1"),
            ]);
            let r = screen(&set, ListKind::AdultLabour, &present).unwrap();
            assert!(
                r.recruitment && r.exploitation && r.means && r.presumed_victim,
                "{present:?}"
            );
        }
    }

    #[test]
    fn a_child_needs_no_means_an_adult_does() {
        let set = rule_set();
        let child = screen(
            &set,
            ListKind::ChildLabour,
            &codes(&["cl.dr.s1", "cl.dr.m1", "cl.ec.s1", "cl.ec.s2"]),
        )
        .unwrap();
        assert!(child.recruitment && child.exploitation && !child.means);
        assert!(child.presumed_victim);
        let adult = screen(
            &set,
            ListKind::AdultLabour,
            &codes(&["al.dr.s1", "al.dr.m1", "al.ec.s1", "al.ec.s2"]),
        )
        .unwrap();
        assert!(adult.recruitment && adult.exploitation && !adult.means);
        assert!(!adult.presumed_victim);
    }

    #[test]
    fn a_child_needs_no_means_on_the_built_in_lists() {
        let set = IndicatorSet::ilo_ec_2009().unwrap();
        // Deceived about the nature of the job (strong) and about pay (medium); excessive hours (strong) and
        // low pay (medium): the same facts on the adult and the child list.
        let adult = screen(
            set,
            ListKind::AdultLabour,
            &codes(&["al.dr.1", "al.dr.8", "al.ec.1", "al.ec.4"]),
        )
        .unwrap();
        let child = screen(
            set,
            ListKind::ChildLabour,
            &codes(&["cl.dr.2", "cl.dr.9", "cl.ec.1", "cl.ec.4"]),
        )
        .unwrap();
        for (r, list) in [(&adult, ListKind::AdultLabour), (&child, ListKind::ChildLabour)] {
            let d = dim(r, Dimension::DeceptiveRecruitment);
            let labels: Vec<&str> = d
                .strong
                .iter()
                .chain(&d.medium)
                .map(|c| set.indicator(list, c).unwrap().en.as_str())
                .collect();
            assert_eq!(
                labels,
                [
                    "Deceived about the nature of the job, location or employer",
                    "Deceived about pay or earnings"
                ]
            );
            let e = dim(r, Dimension::ExploitativeConditions);
            let labels: Vec<&str> = e
                .strong
                .iter()
                .chain(&e.medium)
                .map(|c| set.indicator(list, c).unwrap().en.as_str())
                .collect();
            assert_eq!(labels, ["Excessive working days or hours", "Low pay or no pay"]);
            assert!(r.recruitment && r.exploitation && !r.means);
        }
        assert!(child.presumed_victim);
        assert!(!adult.presumed_victim);
        assert_eq!(adult.version, "ilo-ec-2009.1");
    }

    #[test]
    fn explanation_names_indicators_and_rule() {
        let set = rule_set();
        let r = screen(
            &set,
            ListKind::AdultLabour,
            &codes(&["al.dr.s1", "al.dr.m2", "al.ec.m1", "al.ec.m2", "al.ec.m3"]),
        )
        .unwrap();
        let en = r.explain(&set, false);
        assert_eq!(en.len(), 2 + 2, "{en:#?}");
        assert_eq!(
            en[0],
            "Deceptive recruitment: positive (rule: at least one strong indicator and one medium or weak \
             indicator); indicators found: “EN dr s1” (strong); “EN dr m2” (medium)."
        );
        assert!(
            en[1].starts_with("Exploitative conditions: positive (rule: at least three medium indicators)")
        );
        assert!(en[1].contains("EN ec m1") && en[1].contains("EN ec m3"));
        assert!(
            en[2].contains("not presumed") && en[2].contains("means") && !en[2].contains("recruitment (")
        );
        assert!(en[3].contains("referred to any service"));

        let fr = r.explain(&set, true);
        assert_eq!(fr.len(), 4);
        assert!(fr[0].starts_with("Recrutement trompeur\u{a0}: positif"));
        assert!(
            fr[0].contains("«\u{a0}FR dr s1\u{a0}» (fort)")
                && fr[0].contains("«\u{a0}FR dr m2\u{a0}» (moyen)")
        );
        assert!(fr[2].contains("les moyens"));
        assert!(fr[3].contains("orientée vers tout service"));
    }

    #[test]
    fn explanation_of_a_presumed_child_says_means_not_required() {
        let set = rule_set();
        let r = screen(
            &set,
            ListKind::ChildSexual,
            &codes(&["cs.cr.s1", "cs.cr.s2", "cs.ec.m1", "cs.ec.m2", "cs.ec.w1"]),
        )
        .unwrap();
        assert!(r.presumed_victim);
        let en = r.explain(&set, false);
        assert_eq!(en.len(), 3);
        assert!(en[0].contains("“EN cr s1” (strong); “EN cr s2” (strong)") && en[0].contains("two strong"));
        assert!(en[1].contains("two medium indicators and one weak"));
        assert!(en[2].contains("presumed child victim") && en[2].contains("not required"));
        let fr = r.explain(&set, true);
        assert!(fr[2].contains("ne sont pas requis"));
    }

    #[test]
    fn explanation_with_nothing_found() {
        let set = rule_set();
        let r = screen(&set, ListKind::AdultSexual, &[]).unwrap();
        let en = r.explain(&set, false);
        assert_eq!(en.len(), 2);
        assert!(
            en[0].contains("recruitment (") && en[0].contains("exploitation (") && en[0].contains("means (")
        );
        let child = screen(&set, ListKind::ChildLabour, &[]).unwrap();
        let en = child.explain(&set, false);
        assert!(en[0].contains("the means are not required") && !en[0].contains("means (neither"));
    }

    #[test]
    fn explanation_falls_back_to_the_code() {
        let set = rule_set();
        let r = screen(&set, ListKind::AdultLabour, &codes(&["al.dr.s1", "al.dr.s2"])).unwrap();
        let other = IndicatorSet::ilo_ec_2009().unwrap();
        assert!(r.explain(other, false)[0].contains("“al.dr.s1” (strong)"));
    }

    #[test]
    fn unknown_code_is_refused() {
        let set = rule_set();
        let err = screen(&set, ListKind::AdultLabour, &codes(&["al.dr.s1", "cl.dr.s1"])).unwrap_err();
        assert_eq!(
            err,
            ScreeningError::UnknownIndicator {
                list: ListKind::AdultLabour,
                code: "cl.dr.s1".to_owned()
            }
        );
        assert_eq!(
            err.to_string(),
            "\"cl.dr.s1\" is not an indicator of the list adult_labour"
        );
        assert!(screen(&set, ListKind::AdultLabour, &codes(&["nonsense"])).is_err());
    }

    #[test]
    fn duplicates_count_once() {
        let set = rule_set();
        let r = screen(&set, ListKind::AdultLabour, &codes(&["al.dr.s1", "al.dr.s1"])).unwrap();
        let d = dim(&r, Dimension::DeceptiveRecruitment);
        assert_eq!(d.strong, codes(&["al.dr.s1"]));
        assert!(!d.positive);
        let r = screen(
            &set,
            ListKind::AdultLabour,
            &codes(&["al.ec.m1", "al.ec.m2", "al.ec.m2"]),
        )
        .unwrap();
        assert!(!dim(&r, Dimension::ExploitativeConditions).positive);
    }

    #[test]
    fn list_kind_codes() {
        for kind in ListKind::ALL {
            assert_eq!(ListKind::parse(kind.code()), Ok(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
        assert_eq!(
            ListKind::parse("adults"),
            Err(ScreeningError::UnknownList {
                found: "adults".to_owned()
            })
        );
        assert_eq!(ListKind::for_person(false, false), ListKind::AdultLabour);
        assert_eq!(ListKind::for_person(false, true), ListKind::AdultSexual);
        assert_eq!(ListKind::for_person(true, false), ListKind::ChildLabour);
        assert_eq!(ListKind::for_person(true, true), ListKind::ChildSexual);
        assert!(ListKind::ChildSexual.is_child() && !ListKind::AdultSexual.is_child());
        for d in Dimension::ALL {
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{}\"", d.code()));
        }
        assert_eq!(
            Dimension::ALL.iter().filter(|d| d.is_recruitment()).count(),
            3,
            "three recruitment dimensions"
        );
        for r in Rule::ALL {
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.code()));
        }
        for s in Strength::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.code()));
        }
    }

    fn edit(f: impl FnOnce(&mut Value)) -> String {
        let mut v: Value = serde_json::from_str(&rule_set_json()).unwrap();
        f(&mut v);
        v.to_string()
    }

    #[test]
    fn from_json_refuses_a_missing_list() {
        let text = edit(|v| {
            v["lists"].as_object_mut().unwrap().remove("child_sexual");
        });
        let err = IndicatorSet::from_json(&text).unwrap_err();
        assert_eq!(
            err,
            ScreeningError::MissingList {
                list: ListKind::ChildSexual
            }
        );
        assert_eq!(err.to_string(), "the indicator set has no list child_sexual");
    }

    #[test]
    fn from_json_refuses_an_unknown_strength() {
        let text = edit(|v| v["lists"]["adult_sexual"][3]["strength"] = Value::from("very strong"));
        let err = IndicatorSet::from_json(&text).unwrap_err();
        assert!(matches!(
            &err,
            ScreeningError::InvalidIndicator { list: ListKind::AdultSexual, index: 3, field, .. }
                if field == "strength"
        ));
        assert_eq!(
            err.to_string(),
            "list adult_sexual, indicator 3: field \"strength\" \"very strong\" is not a known strength; \
             expected one of: strong, medium, weak"
        );
    }

    #[test]
    fn from_json_refuses_a_duplicate_code() {
        let text = edit(|v| v["lists"]["child_labour"][5]["code"] = Value::from("al.dr.s1"));
        let err = IndicatorSet::from_json(&text).unwrap_err();
        assert_eq!(
            err,
            ScreeningError::DuplicateCode {
                list: ListKind::ChildLabour,
                index: 5,
                code: "al.dr.s1".to_owned(),
                first_list: ListKind::AdultLabour,
                first_index: 0,
            }
        );
        assert!(
            err.to_string()
                .contains("already used by list adult_labour, indicator 0")
        );
    }

    #[test]
    fn from_json_refuses_other_faults() {
        let cases: Vec<(String, &str)> = vec![
            ("not json".to_owned(), "not a valid JSON object"),
            ("[]".to_owned(), "top level is not an object"),
            (edit(|v| v["version"] = Value::from(" ")), "\"version\" is empty"),
            (edit(|v| v["source"] = Value::from(3)), "\"source\" is not a text"),
            (
                edit(|v| v["lists"] = Value::from("x")),
                "\"lists\" is not an object",
            ),
            (
                edit(|v| v["lists"]["adults"] = Value::Array(vec![])),
                "\"adults\" is not a known indicator list",
            ),
            (
                edit(|v| v["lists"]["adult_labour"] = Value::from(1)),
                "list adult_labour: is not an array",
            ),
            (
                edit(|v| v["lists"]["adult_labour"][0] = Value::from(1)),
                "the indicator is not an object",
            ),
            (
                edit(|v| v["lists"]["adult_labour"][2]["dimension"] = Value::from("exploitation")),
                "list adult_labour, indicator 2: field \"dimension\" \"exploitation\" is not a known \
                 dimension",
            ),
            (
                edit(|v| v["lists"]["adult_labour"][2]["code"] = Value::from("")),
                "indicator 2: field \"code\" is empty",
            ),
            (
                edit(|v| v["lists"]["adult_labour"][2]["code"] = Value::from(" x")),
                "has spaces around it",
            ),
            (
                edit(|v| {
                    v["lists"]["adult_labour"][4]
                        .as_object_mut()
                        .unwrap()
                        .remove("fr");
                }),
                "indicator 4: field \"fr\" is missing",
            ),
            (
                edit(|v| v["lists"]["adult_labour"][4]["en"] = Value::from("")),
                "field \"en\" is empty",
            ),
            (
                edit(|v| v["lists"]["adult_labour"][4]["de"] = Value::from("x")),
                "field \"de\" is not expected",
            ),
            (
                edit(|v| {
                    let list = v["lists"]["child_labour"].as_array_mut().unwrap();
                    list.retain(|i| i["dimension"] != "abuse_of_vulnerability_at_destination");
                }),
                "list child_labour has no indicator in the dimension abuse_of_vulnerability_at_destination",
            ),
        ];
        for (text, expected) in cases {
            let err = IndicatorSet::from_json(&text).unwrap_err().to_string();
            assert!(err.contains(expected), "{err:?} should contain {expected:?}");
        }
    }

    #[test]
    fn built_in_set_loads_and_every_list_has_every_dimension() {
        let set = IndicatorSet::ilo_ec_2009().unwrap();
        assert_eq!(set.version, "ilo-ec-2009.1");
        assert!(set.source.contains("Delphi survey"));
        let mut total = 0;
        for (kind, pre) in ListKind::ALL.into_iter().zip(["al", "as", "cl", "cs"]) {
            let list = set.list(kind);
            for d in Dimension::ALL {
                assert!(list.iter().any(|i| i.dimension == d), "{kind} {d}");
            }
            // Codes follow `<list>.<dimension>.<n>`, numbered from 1 within each dimension.
            for (dimension, dp) in Dimension::ALL
                .into_iter()
                .zip(["dr", "cr", "rv", "ec", "cd", "vd"])
            {
                let in_dim: Vec<&Indicator> = list.iter().filter(|i| i.dimension == dimension).collect();
                for (n, i) in in_dim.iter().enumerate() {
                    assert_eq!(i.code, format!("{pre}.{dp}.{}", n + 1));
                }
            }
            // The child lists have no weak indicator; the adult lists have some.
            assert_eq!(
                list.iter().any(|i| i.strength == Strength::Weak),
                !kind.is_child(),
                "{kind}"
            );
            total += list.len();
        }
        assert_eq!(total, 67 + 67 + 65 + 65);
        let first = set.indicator(ListKind::AdultLabour, "al.dr.1").unwrap();
        assert_eq!(first.strength, Strength::Strong);
        assert_eq!(
            first.fr,
            "Trompé(e) sur la nature du travail, le lieu ou l'employeur"
        );
        assert!(set.indicator(ListKind::ChildLabour, "al.dr.1").is_none());
        // The same set, once.
        assert!(std::ptr::eq(set, IndicatorSet::ilo_ec_2009().unwrap()));
    }

    #[test]
    fn serialised_set_reads_back() {
        let set = IndicatorSet::ilo_ec_2009().unwrap();
        let text = serde_json::to_string(set).unwrap();
        assert_eq!(&IndicatorSet::from_json(&text).unwrap(), set);
        let r = screen(set, ListKind::AdultLabour, &codes(&["al.dr.1", "al.dr.2"])).unwrap();
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["list"], "adult_labour");
        assert_eq!(v["dimensions"][0]["rule"], "strong_and_medium_or_weak");
        assert_eq!(v["dimensions"][0]["dimension"], "deceptive_recruitment");
    }

    /// A list of the built-in set and some of its codes (with repeats), as indexes into the list.
    fn list_and_picks() -> impl Strategy<Value = (ListKind, Vec<usize>)> {
        (0..4usize).prop_flat_map(|k| {
            let kind = ListKind::ALL[k];
            let n = IndicatorSet::ilo_ec_2009()
                .map(|s| s.list(kind).len())
                .unwrap_or(1);
            (Just(kind), proptest::collection::vec(0..n, 0..25))
        })
    }

    fn codes_of(kind: ListKind, picks: &[usize]) -> Vec<String> {
        let list = IndicatorSet::ilo_ec_2009().unwrap().list(kind);
        picks.iter().map(|&i| list[i].code.clone()).collect()
    }

    proptest! {
        #[test]
        fn order_and_repeats_do_not_matter((kind, picks) in list_and_picks(), seed in any::<u64>()) {
            let set = IndicatorSet::ilo_ec_2009().unwrap();
            let present = codes_of(kind, &picks);
            let mut shuffled = present.clone();
            // A deterministic shuffle from the seed (Fisher-Yates with a small LCG).
            let mut state = seed;
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let j = (state >> 33) as usize % (i + 1);
                shuffled.swap(i, j);
            }
            let mut deduped = present.clone();
            deduped.sort();
            deduped.dedup();
            let a = screen(set, kind, &present).unwrap();
            prop_assert_eq!(&a, &screen(set, kind, &shuffled).unwrap());
            prop_assert_eq!(&a, &screen(set, kind, &deduped).unwrap());
        }

        #[test]
        fn adding_an_indicator_never_turns_a_dimension_negative(
            (kind, picks) in list_and_picks(),
            extra in any::<proptest::sample::Index>(),
        ) {
            let set = IndicatorSet::ilo_ec_2009().unwrap();
            let before = screen(set, kind, &codes_of(kind, &picks)).unwrap();
            let mut more = picks.clone();
            more.push(extra.index(set.list(kind).len()));
            let after = screen(set, kind, &codes_of(kind, &more)).unwrap();
            for (b, a) in before.dimensions.iter().zip(&after.dimensions) {
                prop_assert!(!b.positive || a.positive, "{:?} turned negative", b.dimension);
            }
            prop_assert!(!before.presumed_victim || after.presumed_victim);
        }

        #[test]
        fn presumption_follows_the_rule((kind, picks) in list_and_picks()) {
            let set = IndicatorSet::ilo_ec_2009().unwrap();
            let r = screen(set, kind, &codes_of(kind, &picks)).unwrap();
            let positive = |d: Dimension| {
                let x = r.dimension(d).unwrap();
                let (s, m, w) = (x.strong.len(), x.medium.len(), x.weak.len());
                s >= 2 || (s >= 1 && m + w >= 1) || m >= 3 || (m >= 2 && w >= 1)
            };
            for d in &r.dimensions {
                prop_assert_eq!(d.positive, positive(d.dimension));
                prop_assert_eq!(d.positive, d.rule.is_some());
            }
            let recruitment = positive(Dimension::DeceptiveRecruitment)
                || positive(Dimension::CoerciveRecruitment)
                || positive(Dimension::RecruitmentAbuseOfVulnerability);
            let exploitation = positive(Dimension::ExploitativeConditions);
            let means = positive(Dimension::CoercionAtDestination)
                || positive(Dimension::AbuseOfVulnerabilityAtDestination);
            prop_assert_eq!(r.recruitment, recruitment);
            prop_assert_eq!(r.exploitation, exploitation);
            prop_assert_eq!(r.means, means);
            let expected = if kind.is_child() {
                recruitment && exploitation
            } else {
                recruitment && exploitation && means
            };
            prop_assert_eq!(r.presumed_victim, expected);
            // One sentence per positive dimension, then the conclusion (and the referral sentence when not
            // presumed).
            let n = r.dimensions.iter().filter(|d| d.positive).count();
            prop_assert_eq!(r.explain(set, false).len(), n + if r.presumed_victim { 1 } else { 2 });
        }

        #[test]
        fn first_rule_matches_the_counts(s in 0usize..5, m in 0usize..5, w in 0usize..5) {
            let formula = s >= 2 || (s >= 1 && m + w >= 1) || m >= 3 || (m >= 2 && w >= 1);
            let rule = Rule::first_holding(s, m, w);
            prop_assert_eq!(rule.is_some(), formula);
            if let Some(rule) = rule {
                prop_assert!(rule.holds(s, m, w));
                prop_assert!(Rule::ALL.iter().take_while(|r| **r != rule).all(|r| !r.holds(s, m, w)));
            }
            if s == 0 && m == 0 {
                prop_assert!(rule.is_none(), "weak indicators alone never make a dimension positive");
            }
        }
    }
}
