//! GRETA, the Group of Experts on Action against Trafficking in Human Beings, which monitors the Parties to the
//! Council of Europe Convention (CETS No. 197) in rounds; and its recommendations that concern local authorities,
//! as the coordinator enters them to turn them into measures of the action plan.

use serde::Serialize;
use time::Date;

use crate::convention::{FieldProblem, PartialDate};
use crate::vocab::ResponseKind;

/// A round of GRETA's evaluation of the Parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Round {
    /// 1, 2, 3, 4.
    pub number: u8,
    /// When it was launched (known to the year only for the first two).
    pub launched: PartialDate,
    /// Its theme, as a code (the label is translated: `coe-round-theme-{theme}`).
    pub theme: &'static str,
}

/// GRETA's rounds (from the Council of Europe's pages on the Convention; see `data/README.md`).
pub const ROUNDS: [Round; 4] = [
    Round {
        number: 1,
        launched: PartialDate {
            year: 2010,
            month: None,
            day: None,
        },
        theme: "overview",
    },
    Round {
        number: 2,
        launched: PartialDate {
            year: 2014,
            month: None,
            day: None,
        },
        theme: "impact",
    },
    Round {
        number: 3,
        launched: PartialDate {
            year: 2018,
            month: Some(11),
            day: Some(20),
        },
        theme: "access-to-justice",
    },
    Round {
        number: 4,
        launched: PartialDate {
            year: 2023,
            month: Some(6),
            day: Some(30),
        },
        theme: "vulnerabilities",
    },
];

/// The round under way on `today`: the latest launched on or before it (a launch known to the year only counts
/// from 1 January of that year). `None` before the first.
pub fn current_round(today: Date) -> Option<&'static Round> {
    ROUNDS
        .iter()
        .filter(|r| r.launched.first_day().is_some_and(|d| d <= today))
        .max_by_key(|r| r.number)
}

/// The round with this number.
pub fn round(number: u8) -> Option<&'static Round> {
    ROUNDS.iter().find(|r| r.number == number)
}

/// The articles of the Convention that most concern cities, offered first on the form (any article from 1 to 47
/// may be given).
pub const CITY_ARTICLES: [u8; 13] = [5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 28, 29, 35];

/// The Convention has 47 articles.
pub const ARTICLES: u8 = 47;

/// The kind of response a recommendation under an article calls for, to prefill a measure (the coordinator may
/// choose another):
///
/// | articles | subject | response |
/// |---|---|---|
/// | 5, 6 | prevention; discouraging the demand | awareness |
/// | 7, 8, 9 | borders; security, control and integrity of documents | administrative barrier |
/// | 10–16, 28, 30 | identification, private life, assistance, recovery and reflection period, residence permit, compensation, return; protection in proceedings | victim support |
/// | 18–27, 31 | criminal law, investigation and prosecution | law enforcement |
/// | any other (29 coordination, 35 civil society …) | | social prevention |
pub fn suggested_response(article: u8) -> ResponseKind {
    match article {
        5 | 6 => ResponseKind::Awareness,
        7..=9 => ResponseKind::AdministrativeBarrier,
        10..=16 | 28 | 30 => ResponseKind::VictimSupport,
        18..=27 | 31 => ResponseKind::LawEnforcement,
        _ => ResponseKind::SocialPrevention,
    }
}

/// The longest text of a recommendation, in characters (it is quoted in the measure's objective, which has at
/// most 2,000).
pub const MAX_TEXT: usize = 1500;
/// The longest reference of a paragraph.
pub const MAX_PARAGRAPH: usize = 20;

/// A recommendation as the coordinator writes it on the form (text; checked by [`RecommendationDraft::validate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecommendationDraft {
    /// As GRETA wrote it.
    pub text: String,
    /// The round of the report: `1` to `4`.
    pub round: String,
    /// The year of the report.
    pub year: String,
    /// The paragraph of the report (`112`, `45-47`).
    pub paragraph: String,
    /// The article of the Convention it concerns (`12`).
    pub article: String,
}

/// A recommendation of GRETA's report on the country that concerns local authorities, valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub text: String,
    pub round: u8,
    pub year: i32,
    pub paragraph: String,
    pub article: u8,
}

impl Recommendation {
    /// The beginning of the text, at most `max` characters, cut at a word with "…" when shortened.
    pub fn excerpt(&self, max: usize) -> String {
        excerpt(&self.text, max)
    }
}

/// At most `max` characters of `text` (on one line), cut at a word with "…" when shortened.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

impl RecommendationDraft {
    /// Checks every field: a text of 1 to [`MAX_TEXT`] characters; a known round; the report's year, not before
    /// the round was launched nor after today; a paragraph (1 to [`MAX_PARAGRAPH`] letters, digits, `-`, `.`,
    /// `,`, spaces); an article from 1 to 47. Every problem, by field.
    pub fn validate(&self, today: Date) -> Result<Recommendation, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut bad = |field: &'static str, code: &'static str, reason: String| {
            problems.push(FieldProblem { field, code, reason })
        };
        let text = self.text.trim();
        if text.is_empty() {
            bad(
                "text",
                "text-required",
                "give the recommendation as GRETA wrote it".into(),
            );
        } else if text.chars().count() > MAX_TEXT {
            bad("text", "text-too-long", format!("at most {MAX_TEXT} characters"));
        }
        let round = self.round.trim().parse::<u8>().ok().and_then(round);
        if round.is_none() {
            bad(
                "round",
                "round-unknown",
                "choose a round of GRETA's evaluation (1 to 4)".into(),
            );
        }
        let year = self.year.trim();
        let year = if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
            year.parse::<i32>().ok()
        } else {
            None
        };
        match (year, round) {
            (None, _) => bad("year", "year-invalid", "the report's year, four digits".into()),
            (Some(y), Some(r)) if y < r.launched.year => bad(
                "year",
                "year-before-round",
                format!("round {} was launched in {}", r.number, r.launched.year),
            ),
            (Some(y), _) if y > today.year() => bad("year", "year-future", format!("{y} is after this year")),
            _ => {}
        }
        let paragraph = self.paragraph.trim();
        if paragraph.is_empty()
            || paragraph.chars().count() > MAX_PARAGRAPH
            || !paragraph
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '–' | '.' | ',' | ' '))
        {
            bad(
                "paragraph",
                "paragraph-invalid",
                format!("the paragraph's number (1 to {MAX_PARAGRAPH} letters, digits, '-', '.', ',')"),
            );
        }
        let article = self
            .article
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|a| (1..=ARTICLES).contains(a));
        if article.is_none() {
            bad(
                "article",
                "article-invalid",
                format!("an article of the Convention, 1 to {ARTICLES}"),
            );
        }
        match (round, year, article) {
            (Some(r), Some(y), Some(a)) if problems.is_empty() => Ok(Recommendation {
                text: text.to_owned(),
                round: r.number,
                year: y,
                paragraph: paragraph.to_owned(),
                article: a,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_current_round_is_the_latest_launched() {
        assert_eq!(current_round(date!(2009 - 12 - 31)), None);
        assert_eq!(current_round(date!(2010 - 01 - 01)).unwrap().number, 1);
        assert_eq!(current_round(date!(2018 - 11 - 19)).unwrap().number, 2);
        assert_eq!(current_round(date!(2018 - 11 - 20)).unwrap().number, 3);
        assert_eq!(current_round(date!(2023 - 06 - 29)).unwrap().number, 3);
        assert_eq!(current_round(date!(2026 - 06 - 01)).unwrap().number, 4);
    }

    #[test]
    fn articles_suggest_a_response() {
        assert_eq!(suggested_response(5), ResponseKind::Awareness);
        for a in [10, 11, 12, 13, 14] {
            assert_eq!(suggested_response(a), ResponseKind::VictimSupport, "{a}");
        }
        assert_eq!(suggested_response(7), ResponseKind::AdministrativeBarrier);
        assert_eq!(suggested_response(19), ResponseKind::LawEnforcement);
        assert_eq!(suggested_response(29), ResponseKind::SocialPrevention);
    }

    #[test]
    fn a_recommendation_is_checked_field_by_field() {
        let today = date!(2026 - 06 - 01);
        let ok = RecommendationDraft {
            text: "  GRETA urges the authorities to ensure safe accommodation for all victims. ".into(),
            round: "3".into(),
            year: "2022".into(),
            paragraph: "142".into(),
            article: "12".into(),
        };
        let r = ok.validate(today).unwrap();
        assert_eq!((r.round, r.year, r.article), (3, 2022, 12));
        assert!(r.text.starts_with("GRETA urges"));
        let e = RecommendationDraft {
            text: " ".into(),
            round: "7".into(),
            year: "22".into(),
            paragraph: "<b>".into(),
            article: "48".into(),
        }
        .validate(today)
        .unwrap_err();
        let fields: Vec<(&str, &str)> = e.iter().map(|p| (p.field, p.code)).collect();
        assert_eq!(
            fields,
            [
                ("text", "text-required"),
                ("round", "round-unknown"),
                ("year", "year-invalid"),
                ("paragraph", "paragraph-invalid"),
                ("article", "article-invalid"),
            ]
        );
        let early = RecommendationDraft {
            year: "2017".into(),
            ..ok.clone()
        };
        assert_eq!(early.validate(today).unwrap_err()[0].code, "year-before-round");
        let late = RecommendationDraft {
            year: "2027".into(),
            ..ok
        };
        assert_eq!(late.validate(today).unwrap_err()[0].code, "year-future");
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("short text", 20), "short text");
        let e = excerpt("GRETA urges the authorities to ensure safe accommodation", 30);
        assert!(e.chars().count() <= 30 && e.ends_with('…'), "{e}");
        assert_eq!(e, "GRETA urges the authorities…");
    }
}
