//! Markdown for public texts, rendered safely: raw HTML is shown as text (never interpreted), images are left
//! out (a public page loads nothing from elsewhere; their description is kept), and links keep only relative,
//! `http(s):`, `mailto:` and `tel:` addresses.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

fn safe_link(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    if let Some(colon) = u.find(':') {
        let scheme = &u[..colon];
        // A colon after a slash, '?' or '#' is not a scheme.
        if !u[..colon].contains(['/', '?', '#']) {
            return matches!(scheme, "http" | "https" | "mailto" | "tel");
        }
    }
    true
}

/// The HTML of a Markdown text.
pub fn render(text: &str) -> String {
    let mut events = Vec::new();
    for e in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            // The image itself is dropped; its description (the events inside) stays as text.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if safe_link(&dest_url) {
                    dest_url
                } else {
                    CowStr::Borrowed("#")
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn raw_html_scripts_and_images_are_neutralised() {
        let html = render(
            "# Title\n\n<script>alert(1)</script>\n\nA <b>bold</b> [link](javascript:alert(1)) and \
             [help](/public/en/help), ![a photo](https://evil.example/x.png) [call](tel:+33500000112).",
        );
        assert!(html.contains("<h1>Title</h1>"));
        assert!(
            !html.contains("<script") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<b>") && html.contains("&lt;b&gt;"));
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"/public/en/help\"") && html.contains("href=\"tel:+33500000112\""));
        assert!(!html.contains("<img") && !html.contains("evil.example"), "{html}");
        assert!(html.contains("a photo"), "the image's description stays");
    }
}
