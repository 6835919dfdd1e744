//! The content editor's Markdown (`vigie-web`'s `markdown.rs`): `check`, what the editor refuses or warns about,
//! and `render`, the public page's HTML, which must never carry raw HTML or an unsafe link.
//!
//! vigie-web (axum, sqlx, askama) is too heavy to build instrumented within CI's time, so the module is compiled
//! here from its source file; its one outside name, the store's largest text, is given by this crate.
#![no_main]

extern crate self as vigie_store;

/// `vigie_store::MAX_CONTENT_BYTES`, which `markdown.rs` reads.
pub const MAX_CONTENT_BYTES: usize = 64 * 1024;

#[allow(dead_code)]
#[path = "../../crates/vigie-web/src/markdown.rs"]
mod markdown;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let check = markdown::check(text);
    let _ = check.refused();
    let html = markdown::render(text).to_ascii_lowercase();
    // What the renderer promises: no element of the text's own HTML survives (text is escaped, so `<` starts
    // only the renderer's own tags) and every link it writes is relative, http(s), mailto or tel.
    for bad in ["<script", "<img", "<iframe", "<style", "<object", "<svg"] {
        assert!(!html.contains(bad), "{bad} in the rendered HTML");
    }
    for (at, _) in html.match_indices("<a href=\"") {
        let url = &html[at + 9..];
        let url = &url[..url.find('"').unwrap_or(url.len())];
        let scheme = url
            .split_once(':')
            .map(|(s, _)| s)
            .filter(|s| !s.contains(['/', '?', '#']));
        assert!(
            matches!(scheme, None | Some("http" | "https" | "mailto" | "tel")),
            "unsafe link {url:?} in the rendered HTML"
        );
    }
});
