//! Markdown for public texts, rendered safely: raw HTML is shown as text (never interpreted), images are left
//! out (a public page loads nothing from elsewhere; their description is kept), and links keep only relative,
//! `http(s):`, `mailto:` and `tel:` addresses.
//!
//! [`check`] is what the content editor says about a text before it is stored: what it refuses (a text over
//! 64 KiB, no `# Title` first line, an image embedded as a `data:` address, a link with an unsafe scheme) and what
//! it warns about (raw HTML, shown as text; images, not shown), each with its line.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

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
    for e in Parser::new_ext(text, options()) {
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

/// The largest text of a page, in bytes.
pub const MAX_BYTES: usize = vigie_store::MAX_CONTENT_BYTES;

/// Something the editor says about a text. Lines are counted from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Refused: the text is larger than [`MAX_BYTES`].
    TooLarge { bytes: usize },
    /// Refused: the first line is not `# Title`.
    NoTitle,
    /// Refused: an image embedded in the text as a `data:` address.
    DataImage { line: usize },
    /// Refused: a link whose scheme is not `http(s):`, `mailto:` or `tel:` (the renderer would void it).
    UnsafeLink { line: usize, scheme: String },
    /// Warned: raw HTML, which the public page shows as text.
    RawHtml { lines: Vec<usize> },
    /// Warned: images, which the public page leaves out (their description stays).
    Images { lines: Vec<usize> },
}

impl Finding {
    /// Whether the text is refused for it (else it is a warning).
    pub fn refuses(&self) -> bool {
        !matches!(self, Finding::RawHtml { .. } | Finding::Images { .. })
    }
}

/// What the editor says about a text: refusals first, in the order of the text, then warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Check {
    pub findings: Vec<Finding>,
}

impl Check {
    pub fn refused(&self) -> bool {
        self.findings.iter().any(Finding::refuses)
    }
    pub fn refusals(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.refuses())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.refuses())
    }
}

/// The line (from 1) of each byte offset, by the offsets where lines start.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

fn scheme(url: &str) -> String {
    url.trim()
        .split(':')
        .next()
        .unwrap_or("")
        .chars()
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase()
}

fn is_data(url: &str) -> bool {
    url.trim_start().to_ascii_lowercase().starts_with("data:")
}

/// Checks a text for the content editor (see [`Finding`]).
pub fn check(text: &str) -> Check {
    let mut refusals = Vec::new();
    if text.len() > MAX_BYTES {
        refusals.push(Finding::TooLarge { bytes: text.len() });
    }
    let first = text.trim_start_matches('\u{feff}').lines().next().unwrap_or("");
    let title_ok = first
        .strip_prefix("# ")
        .is_some_and(|t| !t.trim().trim_end_matches('#').trim().is_empty());
    if !title_ok {
        refusals.push(Finding::NoTitle);
    }
    let lines = Lines::of(text);
    let mut data_lines: Vec<usize> = Vec::new();
    let mut html_lines: Vec<usize> = Vec::new();
    let mut image_lines: Vec<usize> = Vec::new();
    for (e, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let line = lines.line(range.start);
        match e {
            Event::Html(_) | Event::InlineHtml(_) => html_lines.push(line),
            Event::Start(Tag::Image { dest_url, .. }) => {
                if is_data(&dest_url) {
                    data_lines.push(line);
                } else {
                    image_lines.push(line);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if !safe_link(&dest_url) => {
                refusals.push(Finding::UnsafeLink {
                    line,
                    scheme: scheme(&dest_url),
                });
            }
            _ => {}
        }
    }
    // An embedded image that the Markdown did not read as one (in raw HTML, or broken) is refused all the same.
    for (i, l) in text.lines().enumerate() {
        if l.to_ascii_lowercase().contains("data:image/") {
            data_lines.push(i + 1);
        }
    }
    data_lines.sort_unstable();
    data_lines.dedup();
    refusals.extend(data_lines.into_iter().map(|line| Finding::DataImage { line }));
    // Refusals in the order of the text (the size and the title first).
    refusals.sort_by_key(|f| match f {
        Finding::TooLarge { .. } => 0,
        Finding::NoTitle => 1,
        Finding::DataImage { line } | Finding::UnsafeLink { line, .. } => line + 1,
        _ => usize::MAX,
    });
    let mut findings = refusals;
    for (lines, make) in [
        (
            html_lines,
            (|lines| Finding::RawHtml { lines }) as fn(Vec<usize>) -> Finding,
        ),
        (image_lines, |lines| Finding::Images { lines }),
    ] {
        let mut lines = lines;
        lines.sort_unstable();
        lines.dedup();
        if !lines.is_empty() {
            findings.push(make(lines));
        }
    }
    Check { findings }
}

#[cfg(test)]
mod tests {
    use super::{Finding, check, render};

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

    #[test]
    fn the_editor_refuses_what_cannot_be_published_and_warns_about_what_is_dropped() {
        assert_eq!(
            check("# Title\n\nText with a [link](https://example.org).\n").findings,
            []
        );
        assert_eq!(check("Title\n\nText").findings, [Finding::NoTitle]);
        assert_eq!(check("").findings, [Finding::NoTitle]);
        assert_eq!(check("#  \n").findings, [Finding::NoTitle]);
        assert_eq!(check("## Title\n").findings, [Finding::NoTitle]);
        assert_eq!(check("\u{feff}# Title").findings, []);

        let text = "# Title\n\n<script>alert(1)</script>\n\nA <b>bold</b> word.\n\n\
                    ![a photo](https://evil.example/x.png)\n\n[go](javascript:alert(1)) [x](VBScript:msgbox)\n\n\
                    ![pixel](data:image/png;base64,iVBORw0KGgo=)\n\n`<i>code</i>`\n";
        let c = check(text);
        assert!(c.refused());
        assert_eq!(
            c.findings,
            [
                Finding::UnsafeLink {
                    line: 9,
                    scheme: "javascript".into()
                },
                Finding::UnsafeLink {
                    line: 9,
                    scheme: "vbscript".into()
                },
                Finding::DataImage { line: 11 },
                Finding::RawHtml { lines: vec![3, 5] },
                Finding::Images { lines: vec![7] },
            ]
        );
        // Warnings alone do not refuse.
        let c = check("# Title\n\n<b>x</b>\n");
        assert!(!c.refused() && c.warnings().count() == 1);

        // A large embedded image: too large, and refused on its own line.
        let big = format!(
            "# Title\n\nIntro.\n\n![x](data:image/png;base64,{})\n",
            "A".repeat(100 * 1024)
        );
        let c = check(&big);
        assert_eq!(
            c.refusals().cloned().collect::<Vec<_>>(),
            [
                Finding::TooLarge { bytes: big.len() },
                Finding::DataImage { line: 5 }
            ]
        );
        // An embedded image in raw HTML is refused too.
        let c = check("# T\n\n<img src=\"data:image/gif;base64,R0lG\">\n");
        assert!(c.refusals().any(|f| *f == Finding::DataImage { line: 3 }));
        // Exactly the limit is accepted.
        let limit = format!("# T\n{}", "a".repeat(super::MAX_BYTES - 4));
        assert_eq!(limit.len(), super::MAX_BYTES);
        assert!(!check(&limit).refused());
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::{check, render};

        /// Pieces that attackers and careless editors write, mixed with Markdown syntax and arbitrary text.
        fn piece() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("<script>alert(1)</script>".to_owned()),
                Just("<SCRIPT src=//x>".to_owned()),
                Just("<img src=x onerror=alert(1)>".to_owned()),
                Just("<a href=\"javascript:alert(1)\" onclick=\"x()\">".to_owned()),
                Just("javascript:".to_owned()),
                Just("JaVaScRiPt:".to_owned()),
                Just("&#106;avascript:".to_owned()),
                Just("java\tscript:".to_owned()),
                Just("data:image/png;base64,AAAA".to_owned()),
                Just("vbscript:".to_owned()),
                Just(" onload=".to_owned()),
                Just("![".to_owned()),
                Just("[".to_owned()),
                Just("](".to_owned()),
                Just(")".to_owned()),
                Just("<".to_owned()),
                Just(">".to_owned()),
                Just("\"".to_owned()),
                Just("'".to_owned()),
                Just("`".to_owned()),
                Just("\n".to_owned()),
                Just("\n\n".to_owned()),
                Just("    ".to_owned()),
                Just("# ".to_owned()),
                Just("| a | b |\n|---|---|\n".to_owned()),
                Just("[r]: ".to_owned()),
                Just("[r]".to_owned()),
                Just("<https://example.org>".to_owned()),
                Just("<javascript:alert(1)>".to_owned()),
                "[a-zA-Z0-9 :/=.]{0,12}",
                any::<String>(),
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            proptest::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
        }

        /// The tags of an HTML text (what is between `<` and `>`; text is escaped, so `<` opens a tag), each as
        /// its name and its attributes (pulldown-cmark writes every value between double quotes).
        fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
            html.split('<')
                .skip(1)
                .map(|t| {
                    let t = t.split('>').next().unwrap_or(t);
                    let t = t.trim_start_matches('/');
                    let name: String = t.chars().take_while(char::is_ascii_alphanumeric).collect();
                    let mut rest = &t[name.len()..];
                    let mut attrs = Vec::new();
                    loop {
                        rest = rest.trim_start();
                        if rest.is_empty() || rest == "/" {
                            break;
                        }
                        let n: String = rest
                            .chars()
                            .take_while(|c| *c != '=' && !c.is_whitespace())
                            .collect();
                        rest = &rest[n.len()..];
                        let mut value = String::new();
                        if let Some(r) = rest.strip_prefix("=\"") {
                            let end = r.find('"').unwrap_or(r.len());
                            value = r[..end].to_owned();
                            rest = r.get(end + 1..).unwrap_or("");
                        } else if let Some(r) = rest.strip_prefix('=') {
                            let end = r.find(char::is_whitespace).unwrap_or(r.len());
                            value = r[..end].to_owned();
                            rest = &r[end..];
                        }
                        attrs.push((n, value));
                    }
                    (name, attrs)
                })
                .collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

            /// Whatever the input, the rendered HTML has no script or image element, no event handler attribute
            /// and no `javascript:` address. (`javascript:` may appear as escaped text, which is harmless: the
            /// property looks inside the tags.)
            #[test]
            fn the_rendered_html_is_safe(input in text()) {
                let html = render(&input);
                let lower = html.to_ascii_lowercase();
                prop_assert!(!lower.contains("<script"), "{html}");
                prop_assert!(!lower.contains("<img"), "{html}");
                prop_assert!(!lower.contains("<iframe") && !lower.contains("<svg") && !lower.contains("<style"));
                for (name, attrs) in tags(&lower) {
                    prop_assert!(
                        ["a", "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code", "pre", "ul",
                         "ol", "li", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td"]
                            .contains(&name.as_str()),
                        "unexpected tag <{name}> in {html}"
                    );
                    for (attr, value) in attrs {
                        prop_assert!(
                            ["href", "title", "style", "start", "align"].contains(&attr.as_str()),
                            "attribute {attr} in <{name}>: {html}"
                        );
                        prop_assert!(!attr.starts_with("on"), "{html}");
                        if attr == "href" {
                            // The address's scheme, as a browser reads it: what precedes the first ':' when no
                            // '/', '?' or '#' comes before it ("#vbscript:" is a fragment, not a scheme).
                            let compact: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
                            let scheme = compact
                                .find(':')
                                .map(|i| &compact[..i])
                                .filter(|s| !s.contains(['/', '?', '#']));
                            prop_assert!(
                                scheme.is_none_or(|s| ["http", "https", "mailto", "tel"].contains(&s)),
                                "{html}"
                            );
                        }
                    }
                }
            }

            /// The check never panics, and a text it accepts has its title and stays within the limit.
            #[test]
            fn the_check_is_total(input in text()) {
                let c = check(&input);
                if !c.refused() {
                    let start = input.trim_start_matches('\u{feff}');
                    prop_assert!(start.starts_with("# "), "{:?}", start);
                    prop_assert!(input.len() <= super::super::MAX_BYTES);
                    prop_assert!(!input.to_ascii_lowercase().contains("data:image/"));
                }
            }
        }
    }
}
