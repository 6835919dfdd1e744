//! The frame shared by every drawing: the root `<svg>` with its accessible name and description, and the small
//! drawing shown when there is nothing to draw.

use std::fmt::Write as _;

use crate::text::{escape, fmt_coord, text_width, truncate};

/// Dark text colour: contrast ratio above 15:1 on the white background.
pub(crate) const TEXT: &str = "#1a1a1a";
/// Secondary text colour (ticks): contrast ratio above 9:1 on white.
pub(crate) const TEXT_MUTED: &str = "#444444";

/// Opens the root element, writes `<title>` and `<desc>` and a white background, so text contrast does not depend
/// on the page behind. `prefix` must already be a safe id (see [`crate::text::id_prefix`]).
pub(crate) fn open(out: &mut String, prefix: &str, class: &str, w: f64, h: f64, title: &str, desc: &str) {
    let (w, h) = (fmt_coord(w), fmt_coord(h));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-labelledby=\"{prefix}-title {prefix}-desc\" class=\"{class}\" \
         font-family=\"system-ui, sans-serif\">\
         <title id=\"{prefix}-title\">{}</title><desc id=\"{prefix}-desc\">{}</desc>\
         <rect class=\"background\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"></rect>",
        escape(title),
        escape(desc),
    );
}

pub(crate) fn close(out: &mut String) {
    out.push_str("</svg>");
}

/// A small drawing that says, in its `<desc>` and in visible text, that there is nothing to draw.
/// `message` is the description passed in by the caller (the title when that is empty).
pub(crate) fn nothing_to_draw(prefix: &str, class: &str, width: f64, title: &str, message: &str) -> String {
    let message = if message.trim().is_empty() { title } else { message };
    let h = 60.0;
    let mut out = String::new();
    open(&mut out, prefix, class, width, h, title, message);
    // Visible text is shortened to fit; the full text stays in <desc>.
    let max_chars = ((width - 20.0) / text_width("x", 14.0)).max(4.0) as usize;
    let _ = write!(
        out,
        "<text class=\"empty\" x=\"{}\" y=\"35\" text-anchor=\"middle\" font-size=\"14\" fill=\"{TEXT}\">{}</text>",
        fmt_coord(width / 2.0),
        escape(&truncate(message, max_chars)),
    );
    close(&mut out);
    out
}
