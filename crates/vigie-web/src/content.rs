//! The texts of the public portal's pages: the awareness pages (one per form of exploitation) and the help page's
//! own text. Each is Markdown, shipped in `content/{lang}/{page}.md` (embedded at build time).

use crate::i18n::Lang;

include!(concat!(env!("OUT_DIR"), "/content.rs"));

/// The awareness pages, in the order the home page lists them.
pub const FORM_PAGES: &[&str] = &[
    "sexual-exploitation",
    "labour-exploitation",
    "forced-criminality",
    "forced-begging",
    "domestic-servitude",
    "forced-marriage",
];

/// The shipped text of a page in a language, if there is one.
pub fn shipped(lang: Lang, page: &str) -> Option<&'static str> {
    SHIPPED
        .iter()
        .find(|(l, p, _)| *l == lang.code() && *p == page)
        .map(|(_, _, t)| *t)
}

/// A page's text to show in a language: the language's own, else the English one (the second value says which).
pub fn shipped_or_english(lang: Lang, page: &str) -> Option<(&'static str, Lang)> {
    shipped(lang, page)
        .map(|t| (t, lang))
        .or_else(|| shipped(Lang::En, page).map(|t| (t, Lang::En)))
}

/// The title of a Markdown page: its first line without the `#`.
pub fn title(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('#')
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_awareness_page_is_shipped_in_every_language() {
        for page in FORM_PAGES {
            for lang in Lang::ALL.iter().copied() {
                let text = shipped(lang, page).unwrap_or_default();
                assert!(text.starts_with("# "), "{page} in {}", lang.code());
                assert!(
                    text.contains("112"),
                    "{page} in {} gives no emergency number",
                    lang.code()
                );
            }
        }
        assert_eq!(
            shipped_or_english(Lang::Fr, "forced-begging").map(|x| x.1),
            Some(Lang::Fr)
        );
        assert!(shipped(Lang::En, "no-such-page").is_none());
    }
}
