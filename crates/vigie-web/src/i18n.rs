//! Languages: the Fluent files under `locales/` are compiled into the binary. The language is the user's choice
//! (a `vigie_lang` cookie set by `/lang`), else the best match of the browser's `Accept-Language`, else English.
//!
//! The signed-in application speaks English and French (`Lang::APP`); the public portal speaks those and the
//! languages of the main communities of origin (`Lang::ALL`): its texts are in `locales/{lang}/public.ftl`, each
//! with a note for the translator. A city changes or adds translations without rebuilding: `.ftl` files in a
//! directory given at start (`serve --locales DIR`, see [`set_overrides`]) take precedence over the built-in ones.

use std::borrow::Cow;
use std::collections::HashMap;

use std::sync::OnceLock;

use fluent_templates::fluent_bundle::concurrent::FluentBundle;
use fluent_templates::fluent_bundle::{FluentArgs, FluentResource, FluentValue};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
    /// Romanian
    Ro,
    /// Bulgarian
    Bg,
    /// Spanish
    Es,
    /// Portuguese
    Pt,
    /// Albanian
    Sq,
    /// Arabic (written right to left)
    Ar,
    /// Chinese (simplified)
    Zh,
    /// Vietnamese
    Vi,
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");
static RO: LanguageIdentifier = langid!("ro");
static BG: LanguageIdentifier = langid!("bg");
static ES: LanguageIdentifier = langid!("es");
static PT: LanguageIdentifier = langid!("pt");
static SQ: LanguageIdentifier = langid!("sq");
static AR: LanguageIdentifier = langid!("ar");
static ZH: LanguageIdentifier = langid!("zh");
static VI: LanguageIdentifier = langid!("vi");

impl Lang {
    /// Every language of the public portal.
    pub const ALL: &'static [Lang] = &[
        Lang::En,
        Lang::Fr,
        Lang::Ro,
        Lang::Bg,
        Lang::Es,
        Lang::Pt,
        Lang::Sq,
        Lang::Ar,
        Lang::Zh,
        Lang::Vi,
    ];
    /// The languages of the signed-in application.
    pub const APP: &'static [Lang] = &[Lang::En, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ro => "ro",
            Lang::Bg => "bg",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Sq => "sq",
            Lang::Ar => "ar",
            Lang::Zh => "zh",
            Lang::Vi => "vi",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ro => "Română",
            Lang::Bg => "Български",
            Lang::Es => "Español",
            Lang::Pt => "Português",
            Lang::Sq => "Shqip",
            Lang::Ar => "العربية",
            Lang::Zh => "中文",
            Lang::Vi => "Tiếng Việt",
        }
    }

    /// Writing direction: `rtl` for Arabic.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// Whether the signed-in application speaks this language.
    pub fn in_app(self) -> bool {
        Lang::APP.contains(&self)
    }

    /// The language of a tag (`fr`, `pt-BR`, `zh_Hans`), by its primary subtag.
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.iter().copied().find(|l| l.code() == primary)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
            Lang::Ro => &RO,
            Lang::Bg => &BG,
            Lang::Es => &ES,
            Lang::Pt => &PT,
            Lang::Sq => &SQ,
            Lang::Ar => &AR,
            Lang::Zh => &ZH,
            Lang::Vi => &VI,
        }
    }

    /// The best language of the signed-in application for an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        Lang::from_accept_language_in(header, Lang::APP)
    }

    /// The best language among `among` for an `Accept-Language` header (quality values honoured).
    pub fn from_accept_language_in(header: &str, among: &[Lang]) -> Option<Lang> {
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
                && among.contains(&lang)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The translation of a key: the city's own translation if it gave one, else the built-in one (English
    /// when the language lacks it); the key itself when it is missing everywhere (a test checks that none is).
    pub fn t(self, key: &str) -> String {
        if let Some(s) = overridden(self, key, None) {
            return s;
        }
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The translation of a key with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        if let Some(s) = overridden(self, key, Some(&map)) {
            return s;
        }
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A whole number with the language's grouping (1,234,567 / 1 234 567 / 1.234.567).
    pub fn int(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::En | Lang::Ar | Lang::Zh => ",",
            Lang::Ro | Lang::Es | Lang::Vi => ".",
            Lang::Fr | Lang::Bg | Lang::Pt | Lang::Sq => "\u{202f}",
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
            Lang::En | Lang::Ar | Lang::Zh => '.',
            _ => ',',
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
        let mut out = String::new();
        if neg {
            out.push('-');
        }
        out.push_str(&grouped);
        if let Some(f) = frac {
            out.push(self.decimal_mark());
            out.push_str(&f);
        }
        out
    }
}

/// A city's own translations, read from `.ftl` files at start (`DIR/{lang}/*.ftl`); they take precedence over the
/// built-in texts, message by message.
pub struct Overrides {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

/// A problem with a city's translation files: the file, the line and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    #[error("{path}: cannot read: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: '{dir}' is not a language of vigie (one of en, fr, ro, bg, es, pt, sq, ar, zh, vi)")]
    UnknownLanguage { path: String, dir: String },
    #[error("{path}, line {line}: {reason}")]
    Syntax {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: the message '{key}' is given twice for this language")]
    Duplicate { path: String, key: String },
    #[error("the translations have already been set")]
    AlreadySet,
}

impl Overrides {
    /// Reads every `DIR/{lang}/*.ftl`. All or nothing: the first problem stops the start with its file and line.
    pub fn load(dir: &std::path::Path) -> Result<Overrides, OverrideError> {
        let read = |p: &std::path::Path| OverrideError::Read {
            path: p.display().to_string(),
            source: std::io::Error::other("not a directory"),
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|source| OverrideError::Read {
                path: dir.display().to_string(),
                source,
            })?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        entries.sort();
        let mut bundles = HashMap::new();
        for sub in entries {
            let name = sub
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| read(&sub))?
                .to_owned();
            let lang = Lang::parse(&name).filter(|l| l.code() == name).ok_or_else(|| {
                OverrideError::UnknownLanguage {
                    path: sub.display().to_string(),
                    dir: name.clone(),
                }
            })?;
            let mut files: Vec<_> = std::fs::read_dir(&sub)
                .map_err(|source| OverrideError::Read {
                    path: sub.display().to_string(),
                    source,
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                .collect();
            files.sort();
            let mut bundle = FluentBundle::new_concurrent(vec![lang.id().clone()]);
            bundle.set_use_isolating(false);
            for file in files {
                let path = file.display().to_string();
                let text = std::fs::read_to_string(&file).map_err(|source| OverrideError::Read {
                    path: path.clone(),
                    source,
                })?;
                let res = FluentResource::try_new(text.clone()).map_err(|(_, errors)| {
                    let (line, reason) = errors
                        .first()
                        .map(|e| {
                            let line = text[..e.pos.start.min(text.len())].matches('\n').count() + 1;
                            (line, e.kind.to_string())
                        })
                        .unwrap_or((1, "unreadable Fluent".into()));
                    OverrideError::Syntax {
                        path: path.clone(),
                        line,
                        reason,
                    }
                })?;
                if let Err(errors) = bundle.add_resource(res) {
                    let key = errors
                        .iter()
                        .find_map(|e| match e {
                            fluent_templates::fluent_bundle::FluentError::Overriding { id, .. } => {
                                Some(id.clone())
                            }
                            _ => None,
                        })
                        .unwrap_or_default();
                    return Err(OverrideError::Duplicate { path, key });
                }
            }
            bundles.insert(lang, bundle);
        }
        Ok(Overrides { bundles })
    }

    /// The languages the city translated.
    pub fn languages(&self) -> Vec<Lang> {
        let mut v: Vec<Lang> = self.bundles.keys().copied().collect();
        v.sort_by_key(|l| l.code());
        v
    }

    /// The city's text for a key in a language, if it gave one.
    pub fn lookup(
        &self,
        lang: Lang,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'static>>>,
    ) -> Option<String> {
        let bundle = self.bundles.get(&lang)?;
        let pattern = bundle.get_message(key)?.value()?;
        let args: Option<FluentArgs> = args.map(|m| {
            let mut a = FluentArgs::new();
            for (k, v) in m {
                a.set(k.clone(), v.clone());
            }
            a
        });
        let mut errors = Vec::new();
        let s = bundle.format_pattern(pattern, args.as_ref(), &mut errors);
        Some(s.into_owned())
    }
}

static OVERRIDES: OnceLock<Overrides> = OnceLock::new();

/// Sets the city's translations for the life of the process (once, at start).
pub fn set_overrides(o: Overrides) -> Result<(), OverrideError> {
    OVERRIDES.set(o).map_err(|_| OverrideError::AlreadySet)
}

fn overridden(
    lang: Lang,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue<'static>>>,
) -> Option<String> {
    OVERRIDES.get()?.lookup(lang, key, args)
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
#[allow(clippy::unwrap_used)]
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
        let en_all = [
            include_str!("../locales/en/main.ftl"),
            include_str!("../locales/en/public.ftl"),
        ]
        .join("\n");
        let fr_all = [
            include_str!("../locales/fr/main.ftl"),
            include_str!("../locales/fr/public.ftl"),
        ]
        .join("\n");
        let en = keys(&en_all);
        let fr = keys(&fr_all);
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

    /// Every message of the public portal has a note for the translator: the comment just above it.
    #[test]
    fn every_public_text_has_a_note_for_its_translator() {
        let ftl = include_str!("../locales/en/public.ftl");
        let mut previous = "";
        let mut n = 0;
        for line in ftl.lines() {
            if !line.starts_with(['#', ' ', '\t']) && line.contains(" =") {
                assert!(
                    previous.starts_with("# ") && previous.len() > 10,
                    "no note above: {line}"
                );
                n += 1;
            }
            previous = line;
        }
        assert!(n > 90, "only {n} messages");
    }

    /// The public pages use only the texts of `public.ftl`, which every language of the portal translates.
    #[test]
    fn the_public_pages_use_only_public_texts() {
        let public = keys(include_str!("../locales/en/public.ftl"));
        let templates = [
            include_str!("../templates/public_base.html"),
            include_str!("../templates/public_home.html"),
            include_str!("../templates/public_help.html"),
            include_str!("../templates/public_figures.html"),
            include_str!("../templates/public_convention.html"),
            include_str!("../templates/public_form.html"),
            include_str!("pages/public.rs"),
        ]
        .join("\n");
        let mut used = 0;
        for part in templates.split("t(\"").skip(1) {
            let Some(key) = part.split('"').next() else {
                continue;
            };
            if key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !key.is_empty()
            {
                assert!(public.contains(key), "{key} is not in public.ftl");
                used += 1;
            }
        }
        assert!(used > 40, "only {used} texts found");
    }

    /// Every language of the portal translates every public text (no English fallback on the public pages).
    #[test]
    fn every_portal_language_translates_every_public_text() {
        let public = keys(include_str!("../locales/en/public.ftl"));
        for lang in Lang::ALL {
            let path = format!(
                "{}/locales/{}/public.ftl",
                env!("CARGO_MANIFEST_DIR"),
                lang.code()
            );
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let own = keys(&text);
            let missing: Vec<&&str> = public.iter().filter(|k| !own.contains(*k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert_eq!(own.len(), public.len(), "{} has other keys", lang.code());
            assert_ne!(lang.t("public-help-title"), "public-help-title");
        }
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::parse("pt-BR"), Some(Lang::Pt));
        assert_eq!(Lang::from_accept_language("ar,en;q=0.5"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language_in("ar,en;q=0.5", Lang::ALL),
            Some(Lang::Ar)
        );
    }

    #[test]
    fn a_citys_translations_override_the_built_in_ones() {
        let dir = std::env::temp_dir().join(format!("vigie-locales-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("ro")).unwrap();
        std::fs::write(
            dir.join("ro/city.ftl"),
            "# Our name\npublic-site = { $city } împotriva traficului de persoane\n",
        )
        .unwrap();
        let o = Overrides::load(&dir).unwrap();
        assert_eq!(o.languages(), vec![Lang::Ro]);
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> =
            [(Cow::Borrowed("city"), FluentValue::from("Vallombre"))].into();
        assert_eq!(
            o.lookup(Lang::Ro, "public-site", Some(&args)).as_deref(),
            Some("Vallombre împotriva traficului de persoane")
        );
        assert_eq!(o.lookup(Lang::En, "public-site", Some(&args)), None);
        // A syntax error names the file and the line; an unknown language its folder; a repeated message its key.
        std::fs::write(dir.join("ro/bad.ftl"), "# ok\nfine = yes\n\n= no key\n").unwrap();
        let e = Overrides::load(&dir)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("bad.ftl, line 4"), "{e}");
        std::fs::write(dir.join("ro/bad.ftl"), "public-site = again\n").unwrap();
        let e = Overrides::load(&dir)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("public-site") && e.contains("twice"), "{e}");
        std::fs::remove_file(dir.join("ro/bad.ftl")).unwrap();
        std::fs::create_dir_all(dir.join("de")).unwrap();
        let e = Overrides::load(&dir)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("'de' is not a language"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
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
        for lang in Lang::APP {
            for k in &keys {
                assert_ne!(lang.t(k), *k, "{} has no label for {k}", lang.code());
            }
        }
    }
}
