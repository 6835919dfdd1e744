//! The texts of the public portal's pages: the awareness pages (one per form of exploitation) and the help page's
//! own text. Each is Markdown, shipped in `content/{lang}/{page}.md` (embedded at build time), and the coordinator
//! edits them in the content editor (`pages/content.rs`): the version published last in the store takes the place
//! of the shipped text, and a language without a shipped text gets one when a translation is published.

use vigie_store::StoreError;

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

/// The help page's own text (shown above the list of services; nothing is shipped).
pub const HELP_PAGE: &str = "help";

/// Every page the coordinator may edit: the awareness pages, then the help page.
pub fn editable_pages() -> impl Iterator<Item = &'static str> {
    FORM_PAGES.iter().copied().chain(std::iter::once(HELP_PAGE))
}

/// The editable page of this name.
pub fn editable(page: &str) -> Option<&'static str> {
    editable_pages().find(|p| *p == page)
}

/// A page's text to show and its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    pub text: String,
    /// The text's language: the page's, or English when the page is not translated.
    pub lang: Lang,
}

/// A page's text to show in a language: the version published last in the store, else the shipped text, else the
/// English one (published, else shipped), which the page then marks as not translated. `None` when there is no
/// text at all (the help page before the coordinator writes one).
pub async fn text_for(
    store: &dyn vigie_store::Store,
    lang: Lang,
    page: &str,
) -> Result<Option<PageText>, StoreError> {
    let mut langs = vec![lang];
    if lang != Lang::En {
        langs.push(Lang::En);
    }
    for l in langs {
        if let Some(v) = store.published_content(page, l.code()).await? {
            return Ok(Some(PageText {
                text: v.body,
                lang: l,
            }));
        }
        if let Some(t) = shipped(l, page) {
            return Ok(Some(PageText {
                text: t.to_owned(),
                lang: l,
            }));
        }
    }
    Ok(None)
}

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
        assert_eq!(editable_pages().count(), 7);
        assert_eq!(editable("help"), Some(HELP_PAGE));
        assert_eq!(editable("../help"), None);
    }

    /// Every shipped text passes the content editor's check (so that a coordinator can publish it unchanged).
    #[test]
    fn every_shipped_text_passes_the_editors_check() {
        for (lang, page, text) in SHIPPED {
            let c = crate::markdown::check(text);
            assert!(!c.refused(), "{lang}/{page}: {:?}", c.findings);
            assert_eq!(c.warnings().count(), 0, "{lang}/{page}: {:?}", c.findings);
        }
    }
}
