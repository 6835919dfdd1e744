//! Text and number formatting shared by the maps and the charts: XML escaping, compact numbers, safe ids and links.

/// Escapes text for XML and HTML, in element content and in attribute values alike.
///
/// `&`, `<`, `>`, `"` and `'` become entities. Characters that XML 1.0 forbids (control characters other than tab,
/// line feed and carriage return, and U+FFFE/U+FFFF) are dropped, so that any input gives a well-formed document.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The most decimals a value is formatted with, whatever the options ask.
pub(crate) const MAX_DECIMALS: usize = 12;

/// Formats a value with a fixed number of decimals (capped at [`MAX_DECIMALS`]); never prints `-0`.
/// Non-finite values, which callers filter out before, print as `0`.
pub(crate) fn fmt_value(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{:.*}", decimals.min(MAX_DECIMALS), v);
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_owned()
    } else {
        s
    }
}

/// Writes a formatted number with the language's decimal mark (`.` or `,`).
pub(crate) fn with_mark(formatted: String, mark: char) -> String {
    if mark == '.' {
        formatted
    } else {
        formatted.replace('.', &mark.to_string())
    }
}

/// Formats a drawing coordinate compactly: one decimal, without a trailing `.0`, never `-0`.
pub(crate) fn fmt_coord(v: f64) -> String {
    let s = fmt_value(v, 1);
    match s.strip_suffix(".0") {
        Some(int) => int.to_owned(),
        None => s,
    }
}

/// Makes an `id_prefix` safe to use in XML ids and `url(#...)` references: only ASCII letters, digits, `-` and `_`
/// are kept (others become `_`), and the id starts with a letter.
pub(crate) fn id_prefix(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'v');
    }
    out
}

/// Returns the link if it is safe to put in an `href`: a relative link or an `http`, `https` or `mailto` URL.
/// Other schemes (`javascript:`, `data:`...) are refused, so the element is drawn without a link.
pub(crate) fn safe_href(href: &str) -> Option<&str> {
    let h = href.trim();
    if h.is_empty() || h.chars().any(|c| c.is_control()) {
        return None;
    }
    let before_path = h.split(['/', '?', '#']).next().unwrap_or("");
    match before_path.split_once(':') {
        None => Some(h),
        Some((scheme, _)) => {
            let scheme = scheme.to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(h)
        }
    }
}

/// A rough width in pixels of a line of text at a font size (average glyph ~0.6 em), used for layout.
pub(crate) fn text_width(s: &str, font_size: f64) -> f64 {
    s.chars().count() as f64 * font_size * 0.6
}

/// Shortens a label to at most `max` characters, ending with `…` when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_drops_forbidden_ones() {
        assert_eq!(escape(r#"<b>&"x"'"#), "&lt;b&gt;&amp;&quot;x&quot;&#39;");
        assert_eq!(escape("a\u{0}b\u{1b}c\td"), "abc\td");
        assert_eq!(escape("Quartier Nord – été"), "Quartier Nord – été");
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(fmt_coord(12.0), "12");
        assert_eq!(fmt_coord(12.04), "12");
        assert_eq!(fmt_coord(12.36), "12.4");
        assert_eq!(fmt_coord(-0.01), "0");
        assert_eq!(fmt_coord(f64::NAN), "0");
        assert_eq!(fmt_value(-0.0001, 2), "0.00");
        assert_eq!(fmt_value(1.23456, 2), "1.23");
        assert_eq!(fmt_value(-2.5, 1), "-2.5");
        assert_eq!(fmt_value(1.0, 100).len(), 14);
    }

    #[test]
    fn ids_and_links_are_made_safe() {
        assert_eq!(id_prefix("map-1"), "map-1");
        assert_eq!(id_prefix("1 a\"b"), "v1_a_b");
        assert_eq!(id_prefix(""), "v");
        assert_eq!(safe_href("/areas/N01"), Some("/areas/N01"));
        assert_eq!(safe_href("?area=a:b"), Some("?area=a:b"));
        assert_eq!(safe_href("https://example.org/x"), Some("https://example.org/x"));
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,x"), None);
        assert_eq!(safe_href(""), None);
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("éé", 4), "éé");
    }
}
