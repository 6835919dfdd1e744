//! Bar charts and line charts with a value axis of nice round ticks.
//!
//! Both always include zero in the value axis (bars grow from a baseline at 0, down for negative values). Every
//! bar and every point carries a `<title>` with its label and value, so the numbers can be read without the
//! drawing; line series differ by colour (Okabe–Ito, colour-blind safe) and by dash pattern. Non-finite values
//! are treated as missing: a bar of height 0 titled "label: –", a line point left out (the line joins the points
//! on either side).

use std::fmt::Write as _;

use crate::svg::{self, TEXT, TEXT_MUTED};
use crate::text::{
    MAX_DECIMALS, escape, fmt_coord, fmt_value, id_prefix, safe_href, text_width, truncate, with_mark,
};

/// One bar of a [`bar_chart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// A link for the bar (relative, `http(s):` or `mailto:`; other schemes are dropped).
    pub href: Option<String>,
}

/// One line of a [`line_chart`]: a value (or none) per x label.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Options of [`bar_chart`] and [`line_chart`]. Text fields are plain text (they are escaped).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Prefix of the ids in the drawing, to keep them unique in a page (sanitised to `[A-Za-z0-9_-]`).
    pub id_prefix: String,
    /// The accessible name of the chart (`<title>`); not drawn, as the page has its own heading.
    pub title: String,
    /// The text alternative of the chart (`<desc>`); also the message shown when there is nothing to draw.
    pub description: String,
    /// Width in pixels, clamped to `200..=4000`; default 640.
    pub width: u32,
    /// Height in pixels, clamped to `120..=4000` (grown if the labels need it); default 320.
    pub height: u32,
    /// The quantity and unit of the value axis, drawn above it.
    pub value_label: String,
    /// Decimals of values in titles (at most 12); default 0.
    pub decimals: usize,
    /// The decimal mark of the reader's language (`.` or `,`); default `.`.
    pub decimal_mark: char,
}

impl Default for ChartOptions {
    fn default() -> Self {
        Self {
            id_prefix: "chart".to_owned(),
            title: "Chart".to_owned(),
            description: String::new(),
            width: 640,
            height: 320,
            value_label: String::new(),
            decimals: 0,
            decimal_mark: '.',
        }
    }
}

/// Shown in titles for a missing value.
const MISSING: &str = "–";
const FONT: f64 = 12.0;
const BAR_FILL: &str = "#2166ac";
const GRID: &str = "#d9d9d9";
const AXIS: &str = "#333333";
/// Values beyond this magnitude are clamped, so that axis arithmetic stays finite.
const LIMIT: f64 = 1e300;

/// Okabe–Ito colours (without yellow, too light on white), each with a contrast of at least 3:1 against white
/// except orange and sky blue, which the dash patterns back up.
const SERIES_COLOURS: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#000000", "#e69f00", "#56b4e9",
];
/// Dash patterns, combined with the colours (7 × 4 distinct styles before repeating).
const SERIES_DASHES: [Option<&str>; 4] = [None, Some("7 3"), Some("2 3"), Some("9 3 2 3")];

fn series_style(i: usize) -> (&'static str, Option<&'static str>) {
    (
        SERIES_COLOURS[i % SERIES_COLOURS.len()],
        SERIES_DASHES[(i / SERIES_COLOURS.len()) % SERIES_DASHES.len()],
    )
}

/// A value axis: the ticks (from low to high) and the decimals their labels need.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    ticks: Vec<f64>,
    decimals: usize,
}

impl Axis {
    fn lo(&self) -> f64 {
        self.ticks.first().copied().unwrap_or(0.0)
    }
    fn hi(&self) -> f64 {
        self.ticks.last().copied().unwrap_or(1.0)
    }
}

/// Nice round ticks (steps of 1, 2 or 5 times a power of ten) covering `min..=max`, about `target` of them.
///
/// The first tick is at or below `min` and the last at or above `max`; an empty range gets a unit range. Non-finite
/// bounds are read as 0 and magnitudes are clamped to 1e300.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    nice_axis(min, max, target).ticks
}

fn nice_axis(min: f64, max: f64, target: usize) -> Axis {
    let clean = |v: f64| {
        if v.is_finite() {
            v.clamp(-LIMIT, LIMIT)
        } else {
            0.0
        }
    };
    let (mut lo, mut hi) = (clean(min), clean(max));
    if lo > hi {
        std::mem::swap(&mut lo, &mut hi);
    }
    if hi - lo <= 0.0 {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        if lo >= 0.0 {
            hi = lo + pad;
        } else {
            lo = hi - pad;
        }
    }
    let target = target.clamp(1, 20) as f64;
    let raw = (hi - lo) / target;
    let exp = raw.log10().floor();
    let base = 10f64.powf(exp);
    let fraction = raw / base;
    let (m, exp) = match fraction {
        f if f <= 1.0 => (1.0, exp),
        f if f <= 2.0 => (2.0, exp),
        f if f <= 5.0 => (5.0, exp),
        _ => (1.0, exp + 1.0),
    };
    let step = m * 10f64.powf(exp);
    let (first, last) = ((lo / step).floor(), (hi / step).ceil());
    if !(step.is_finite() && step > 0.0 && first.is_finite() && last.is_finite()) || last - first > 100.0 {
        // Degenerate (subnormal or extreme) ranges: plain ticks at both ends.
        return Axis {
            ticks: vec![lo, hi],
            decimals: MAX_DECIMALS.min(6),
        };
    }
    let decimals = if exp < 0.0 {
        (-exp as usize).min(MAX_DECIMALS)
    } else {
        0
    };
    let n = (last - first) as usize;
    let ticks = (0..=n).map(|i| (first + i as f64) * step).collect();
    Axis { ticks, decimals }
}

/// Vertical geometry of the plot: maps values to y.
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    lo: f64,
    hi: f64,
}

impl Plot {
    fn y(&self, v: f64) -> f64 {
        let v = v.clamp(self.lo, self.hi);
        self.bottom - (v - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)
    }
    fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// Writes the grid, the tick labels, the baseline at 0 and the value label.
fn draw_axis(out: &mut String, plot: &Plot, axis: &Axis, value_label: &str, mark: char) {
    let _ = write!(
        out,
        "<g class=\"axis\" font-size=\"{FONT}\" fill=\"{TEXT_MUTED}\" text-anchor=\"end\">"
    );
    for &t in &axis.ticks {
        let y = fmt_coord(plot.y(t));
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{GRID}\" stroke-width=\"1\"></line>\
             <text class=\"tick\" x=\"{}\" y=\"{}\">{}</text>",
            fmt_coord(plot.left),
            fmt_coord(plot.right),
            fmt_coord(plot.left - 6.0),
            fmt_coord(plot.y(t) + FONT * 0.35),
            escape(&with_mark(fmt_value(t, axis.decimals), mark)),
        );
    }
    let y0 = fmt_coord(plot.y(0.0));
    let _ = write!(
        out,
        "<line class=\"baseline\" x1=\"{}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\" stroke=\"{AXIS}\" stroke-width=\"1\"></line>",
        fmt_coord(plot.left),
        fmt_coord(plot.right),
    );
    out.push_str("</g>");
    if !value_label.trim().is_empty() {
        let _ = write!(
            out,
            "<text class=\"value-label\" x=\"4\" y=\"{}\" font-size=\"{FONT}\" fill=\"{TEXT}\">{}</text>",
            fmt_coord(plot.top - 12.0),
            escape(value_label),
        );
    }
}

fn tick_label_width(axis: &Axis) -> f64 {
    axis.ticks
        .iter()
        .map(|&t| text_width(&fmt_value(t, axis.decimals), FONT))
        .fold(0.0, f64::max)
}

fn shown(v: f64, decimals: usize, mark: char) -> String {
    if v.is_finite() {
        with_mark(fmt_value(v, decimals), mark)
    } else {
        MISSING.to_owned()
    }
}

/// Draws a vertical bar chart: a value axis with nice round ticks, one `<rect class="bar">` per bar (in the given
/// order, wrapped in `<a href>` when it has a safe link) with `<title>label: value</title>`, and the labels under
/// the bars (rotated when they do not fit, shortened with "…" when very long; the title keeps the full label).
/// With no bar the result is a small drawing that shows `opts.description`.
pub fn bar_chart(bars: &[Bar], opts: &ChartOptions) -> String {
    let prefix = id_prefix(&opts.id_prefix);
    let width = f64::from(opts.width.clamp(200, 4000));
    if bars.is_empty() {
        return svg::nothing_to_draw(
            &prefix,
            "vigie-chart vigie-bar-chart",
            width,
            &opts.title,
            &opts.description,
        );
    }
    let mut height = f64::from(opts.height.clamp(120, 4000));
    let finite = bars.iter().map(|b| b.value).filter(|v| v.is_finite());
    let (min, max) = finite.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let axis = nice_axis(min, max, 5);

    let top = if opts.value_label.trim().is_empty() {
        12.0
    } else {
        30.0
    };
    let mut left = (tick_label_width(&axis) + 12.0).max(30.0);
    let right = width - 12.0;
    let mut slot = (right - left) / bars.len() as f64;

    // Labels: horizontal if they fit, else rotated by 45° (or 90° when bars are narrow), within 40% of the height.
    let labels: Vec<String> = bars.iter().map(|b| truncate(&b.label, 28)).collect();
    let longest = labels.iter().map(|l| text_width(l, FONT)).fold(0.0, f64::max);
    let angle: f64 = if longest <= slot - 4.0 {
        0.0
    } else if slot >= FONT * 1.6 {
        45.0
    } else {
        90.0
    };
    let (sin, label_space) = if angle == 0.0 {
        (0.0, FONT + 12.0)
    } else {
        let sin = angle.to_radians().sin();
        (sin, longest * sin + 16.0)
    };
    let max_space = (height * 0.4).max(FONT + 12.0);
    let label_space = label_space.min(max_space);
    let labels: Vec<String> = if angle == 0.0 {
        labels
    } else {
        let fit = (((max_space - 16.0) / sin) / (FONT * 0.6)).floor().max(4.0) as usize;
        bars.iter().map(|b| truncate(&b.label, fit.min(28))).collect()
    };
    if angle == 45.0 {
        // The first label slants left from under its bar: make room for it (within 30% of the width).
        let first = labels.first().map_or(0.0, |l| text_width(l, FONT)) * angle.to_radians().cos();
        let needed = first - slot / 2.0 + 4.0;
        if needed > left {
            left = needed.min(width * 0.3);
            slot = (right - left) / bars.len() as f64;
        }
    }
    height = height.max(top + label_space + 60.0);
    let plot = Plot {
        left,
        right,
        top,
        bottom: height - label_space,
        lo: axis.lo(),
        hi: axis.hi(),
    };

    let mut out = String::with_capacity(2048 + bars.len() * 320);
    svg::open(
        &mut out,
        &prefix,
        "vigie-chart vigie-bar-chart",
        width,
        height,
        &opts.title,
        &opts.description,
    );
    draw_axis(&mut out, &plot, &axis, &opts.value_label, opts.decimal_mark);

    let bar_w = (slot * 0.7).max(0.5);
    let y0 = plot.y(0.0);
    let _ = write!(out, "<g class=\"bars\" fill=\"{BAR_FILL}\">");
    for (i, bar) in bars.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let yv = if bar.value.is_finite() {
            plot.y(bar.value)
        } else {
            y0
        };
        let href = bar.href.as_deref().and_then(safe_href);
        if let Some(href) = href {
            let _ = write!(out, "<a href=\"{}\">", escape(href));
        }
        let class = match bar.value {
            v if !v.is_finite() => "bar no-data",
            v if v < 0.0 => "bar negative",
            _ => "bar",
        };
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {}</title></rect>",
            fmt_coord(x),
            fmt_coord(yv.min(y0)),
            fmt_coord(bar_w),
            fmt_coord((yv - y0).abs()),
            escape(&bar.label),
            escape(&shown(bar.value, opts.decimals, opts.decimal_mark)),
        );
        if href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");

    let _ = write!(
        out,
        "<g class=\"bar-labels\" font-size=\"{FONT}\" fill=\"{TEXT}\">"
    );
    for (i, label) in labels.iter().enumerate() {
        let cx = fmt_coord(left + slot * (i as f64 + 0.5));
        if angle == 0.0 {
            let _ = write!(
                out,
                "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                fmt_coord(plot.bottom + FONT + 6.0),
                escape(label),
            );
        } else {
            // Rotated about its end, which sits under the bar's centre.
            let y = fmt_coord(plot.bottom + 10.0);
            let dy = if angle >= 90.0 { FONT * 0.35 } else { 0.0 };
            let _ = write!(
                out,
                "<text x=\"{cx}\" y=\"{y}\" dy=\"{}\" text-anchor=\"end\" transform=\"rotate(-{} {cx} {y})\">{}</text>",
                fmt_coord(dy),
                fmt_coord(angle),
                escape(label),
            );
        }
    }
    out.push_str("</g>");
    svg::close(&mut out);
    out
}

/// Draws a line chart of one or more series over the same x labels (for example incidents per month by type):
/// a legend of the series at the top, a value axis with nice round ticks, one `<polyline class="series">` per
/// series with its name in a `<title>`, and each value as a `<circle class="point">` titled
/// "series, x: value". Values beyond the x labels are ignored; missing ones are left out. Only as many x labels
/// as fit are written (every k-th). With no x label or no series the result is a small drawing that shows
/// `opts.description`.
pub fn line_chart(x_labels: &[String], series: &[Series], opts: &ChartOptions) -> String {
    let prefix = id_prefix(&opts.id_prefix);
    let width = f64::from(opts.width.clamp(200, 4000));
    let class = "vigie-chart vigie-line-chart";
    if x_labels.is_empty() || series.is_empty() {
        return svg::nothing_to_draw(&prefix, class, width, &opts.title, &opts.description);
    }
    let n = x_labels.len();
    let value = |s: &Series, i: usize| s.values.get(i).copied().flatten().filter(|v| v.is_finite());
    let (min, max) = series
        .iter()
        .flat_map(|s| (0..n).filter_map(move |i| value(s, i)))
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let axis = nice_axis(min, max, 5);

    // Legend layout: entries wrap onto new rows.
    let names: Vec<String> = series.iter().map(|s| truncate(&s.name, 40)).collect();
    let mut legend: Vec<(f64, f64)> = Vec::with_capacity(series.len());
    let (mut lx, mut ly) = (12.0, 10.0);
    for name in &names {
        let w = 32.0 + text_width(name, FONT) + 18.0;
        if lx > 12.0 && lx + w > width - 12.0 {
            lx = 12.0;
            ly += 20.0;
        }
        legend.push((lx, ly));
        lx += w;
    }
    let legend_bottom = ly + 20.0;
    let top = legend_bottom
        + if opts.value_label.trim().is_empty() {
            10.0
        } else {
            28.0
        };
    let height = f64::from(opts.height.clamp(120, 4000)).max(top + 90.0);
    let left = (tick_label_width(&axis) + 12.0).max(30.0);
    let plot = Plot {
        left,
        right: width - 12.0,
        top,
        bottom: height - FONT - 14.0,
        lo: axis.lo(),
        hi: axis.hi(),
    };
    let pad = 10.0;
    let x = |i: usize| {
        if n == 1 {
            plot.left + plot.width() / 2.0
        } else {
            plot.left + pad + (plot.width() - 2.0 * pad) * i as f64 / (n - 1) as f64
        }
    };

    let mut out = String::with_capacity(4096 + series.len() * n * 160);
    svg::open(
        &mut out,
        &prefix,
        class,
        width,
        height,
        &opts.title,
        &opts.description,
    );

    let _ = write!(out, "<g class=\"legend\" font-size=\"{FONT}\" fill=\"{TEXT}\">");
    for (i, (name, &(lx, ly))) in names.iter().zip(&legend).enumerate() {
        let (colour, dash) = series_style(i);
        let y = fmt_coord(ly + 7.0);
        let _ = write!(
            out,
            "<line class=\"legend-line\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2.5\"{}>\
             </line><text class=\"legend-label\" x=\"{}\" y=\"{}\">{}</text>",
            fmt_coord(lx),
            fmt_coord(lx + 26.0),
            dash.map(|d| format!(" stroke-dasharray=\"{d}\""))
                .unwrap_or_default(),
            fmt_coord(lx + 32.0),
            fmt_coord(ly + 11.0),
            escape(name),
        );
    }
    out.push_str("</g>");

    draw_axis(&mut out, &plot, &axis, &opts.value_label, opts.decimal_mark);

    // X labels, every k-th so that they do not overlap.
    let label_w = x_labels
        .iter()
        .map(|l| text_width(&truncate(l, 16), FONT))
        .fold(0.0, f64::max)
        + 8.0;
    let spacing = if n > 1 {
        (plot.width() - 2.0 * pad) / (n - 1) as f64
    } else {
        plot.width()
    };
    let every = ((label_w / spacing.max(1.0)).ceil() as usize).max(1);
    let _ = write!(
        out,
        "<g class=\"x-labels\" font-size=\"{FONT}\" fill=\"{TEXT}\" text-anchor=\"middle\">"
    );
    for (i, label) in x_labels.iter().enumerate().step_by(every) {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            fmt_coord(x(i)),
            fmt_coord(plot.bottom + FONT + 6.0),
            escape(&truncate(label, 16)),
        );
    }
    out.push_str("</g>");

    for (si, s) in series.iter().enumerate() {
        let (colour, dash) = series_style(si);
        let pts: Vec<(usize, f64, f64)> = (0..n)
            .filter_map(|i| value(s, i).map(|v| (i, x(i), plot.y(v))))
            .collect();
        let points = pts
            .iter()
            .map(|&(_, px, py)| format!("{},{}", fmt_coord(px), fmt_coord(py)));
        let _ = write!(
            out,
            "<g class=\"series-group\" data-series=\"{si}\" fill=\"{colour}\">\
             <polyline class=\"series\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" \
             stroke-linejoin=\"round\"{}><title>{}</title></polyline>",
            points.collect::<Vec<_>>().join(" "),
            dash.map(|d| format!(" stroke-dasharray=\"{d}\""))
                .unwrap_or_default(),
            escape(&s.name),
        );
        for &(i, px, py) in &pts {
            let label = x_labels.get(i).map(String::as_str).unwrap_or_default();
            let v = value(s, i).unwrap_or(f64::NAN);
            let _ = write!(
                out,
                "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"3\"><title>{}, {}: {}</title></circle>",
                fmt_coord(px),
                fmt_coord(py),
                escape(&s.name),
                escape(label),
                escape(&shown(v, opts.decimals, opts.decimal_mark)),
            );
        }
        out.push_str("</g>");
    }
    svg::close(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 97.0, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(nice_ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(
            nice_ticks(-3.0, 7.0, 5),
            vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]
        );
        assert_eq!(
            nice_ticks(0.0, 0.0, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(nice_axis(0.0, 0.37, 5).decimals, 1);
        assert_eq!(nice_axis(0.0, 0.037, 5).decimals, 2);
        assert_eq!(nice_axis(0.0, 3700.0, 5).decimals, 0);
        let t = nice_ticks(f64::NAN, f64::INFINITY, 5);
        assert_eq!(t.first(), Some(&0.0));
        let t = nice_ticks(-f64::MAX, f64::MAX, 5);
        assert!(t.iter().all(|v| v.is_finite()) && t.len() >= 2);
        let t = nice_ticks(0.0, 5e-324, 5);
        assert!(t.iter().all(|v| v.is_finite()) && t.len() >= 2);
    }

    #[test]
    fn series_styles_differ() {
        let styles: Vec<_> = (0..28).map(series_style).collect();
        for (i, a) in styles.iter().enumerate() {
            assert!(!styles[..i].contains(a), "{i}");
        }
    }
}
