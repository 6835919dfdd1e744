//! Languages: the Fluent files under `locales/` are compiled into the binary. The language is the user's choice
//! (a `vigie_lang` cookie set by `/lang`), else the best match of the browser's `Accept-Language`, else English.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks would show up in attribute values and tests; our arguments are plain.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language vigie speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// Writing direction (`rtl` for Arabic when it comes).
    pub fn dir(self) -> &'static str {
        "ltr"
    }

    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }

    /// The best language for an `Accept-Language` header (quality values honoured).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim();
            let q = it
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.trim().parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            if let Some(lang) = Lang::parse(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The translation of a key; the key itself when it is missing (a test checks that none is).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The translation of a key with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A whole number with the language's grouping (1,234,567 / 1 234 567).
    pub fn int(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::En => ",",
            Lang::Fr => "\u{202f}",
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// The decimal mark of the language.
    pub fn decimal_mark(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Fr => ',',
        }
    }

    /// A decimal number with the language's decimal mark.
    pub fn num(self, x: f64, decimals: usize) -> String {
        let s = format!("{x:.decimals$}");
        let (int_part, frac) = match s.split_once('.') {
            Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
            None => (s.clone(), None),
        };
        let (neg, digits) = match int_part.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, int_part.as_str()),
        };
        let grouped = digits
            .parse::<u64>()
            .map(|n| self.int(n))
            .unwrap_or_else(|_| digits.to_owned());
        let mark = match self {
            Lang::En => ".",
            Lang::Fr => ",",
        };
        let mut out = String::new();
        if neg {
            out.push('-');
        }
        out.push_str(&grouped);
        if let Some(f) = frac {
            out.push_str(mark);
            out.push_str(&f);
        }
        out
    }
}

impl vigie_render::report::Translate for Lang {
    fn t(&self, key: &str) -> String {
        Lang::t(*self, key)
    }
    fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&'static str, FluentValue<'static>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.clone())))
            .collect();
        Lang::t_args(*self, key, &args)
    }
    fn num(&self, x: f64, decimals: usize) -> String {
        Lang::num(*self, x, decimals)
    }
    fn int(&self, n: u64) -> String {
        Lang::int(*self, n)
    }
    fn decimal_mark(&self) -> char {
        Lang::decimal_mark(*self)
    }
    fn lang(&self) -> &'static str {
        self.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates() {
        assert_eq!(
            Lang::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Some(Lang::Fr)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE, en;q=0.5, fr;q=0.7"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de"), None);
        assert_eq!(Lang::from_accept_language("fr;q=0"), None);
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(Lang::En.int(1234567), "1,234,567");
        assert_eq!(Lang::Fr.int(1234), "1\u{202f}234");
        assert_eq!(Lang::En.num(-1234.5, 1), "-1,234.5");
        assert_eq!(Lang::Fr.num(12.25, 2), "12,25");
        assert_eq!(Lang::En.num(3.0, 0), "3");
    }

    fn keys(ftl: &str) -> std::collections::BTreeSet<&str> {
        ftl.lines()
            .filter(|l| !l.starts_with(['#', ' ', '\t']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let en = keys(include_str!("../locales/en/main.ftl"));
        let fr = keys(include_str!("../locales/fr/main.ftl"));
        assert!(en.len() > 50, "only {} keys found", en.len());
        assert_eq!(
            en.difference(&fr).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "missing in French"
        );
        assert_eq!(
            fr.difference(&en).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "missing in English"
        );
        assert_eq!(Lang::Fr.t("nav-dashboard"), "Tableau de bord");
        assert_eq!(Lang::En.t("no-such-key"), "no-such-key");
        assert_eq!(
            Lang::Fr.t_args("page-of", &[("page", 2.into()), ("pages", 5.into())]),
            "Page 2 sur 5"
        );
    }

    #[test]
    fn every_vocabulary_term_has_a_label_in_every_language() {
        use vigie_domain::{
            AgencyKind, Direction, IncidentType, MeasureStatus, PlanBarrier, ResponseKind, Role,
        };
        let keys: Vec<String> = IncidentType::ALL
            .iter()
            .map(|t| t.label_key())
            .chain(AgencyKind::ALL.iter().map(|k| k.label_key()))
            .chain(Role::ALL.iter().map(|r| r.label_key()))
            .chain(Direction::ALL.iter().map(|d| d.label_key()))
            .chain(ResponseKind::ALL.iter().map(|d| d.label_key()))
            .chain(PlanBarrier::ALL.iter().map(|d| d.label_key()))
            .chain(MeasureStatus::ALL.iter().map(|d| d.label_key()))
            .collect();
        for lang in Lang::ALL {
            for k in &keys {
                assert_ne!(lang.t(k), *k, "{} has no label for {k}", lang.code());
            }
        }
    }
}
