//! Network drawings: nodes at given positions (a layout computed elsewhere, in the unit square), the links between
//! them, and a legend.
//!
//! Links are drawn first, as `<line class="edge">` whose width grows with the weight (from 1 to 4 pixels, by the
//! square root of the weight between the smallest and the largest), then the nodes on top, largest first so that
//! small ones stay visible. A node's shape says what it is (person, company, premises...), its fill its group (for
//! example its community, Okabe–Ito colours repeating after eight), its size a relative quantity, and a thick dark
//! outline marks highlighted nodes (for example those abroad, or brokers). Nothing rests on colour alone: every node
//! has a `<title>` with its full description, and every link one with its label. Nodes with a link are real
//! `<a href>` elements, so keyboard-focusable.

use std::fmt::Write as _;

use crate::svg::{self, TEXT};
use crate::text::{escape, fmt_coord, id_prefix, safe_href, text_width, truncate};

/// The shape of a node, to tell kinds of entities apart without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeShape {
    /// For example a person.
    Circle,
    /// For example a company.
    Square,
    /// For example premises.
    Diamond,
    /// Pointing up; for example a phone.
    Triangle,
    /// Pointing down; for example a bank account.
    TriangleDown,
    /// For example a vehicle.
    Hexagon,
    Pentagon,
}

impl NodeShape {
    /// Every shape, in a stable order.
    pub const ALL: &'static [NodeShape] = &[
        NodeShape::Circle,
        NodeShape::Square,
        NodeShape::Diamond,
        NodeShape::Triangle,
        NodeShape::TriangleDown,
        NodeShape::Hexagon,
        NodeShape::Pentagon,
    ];

    /// The name written in the node's `class` attribute (`node circle`, `node square`...).
    pub fn name(&self) -> &'static str {
        match self {
            NodeShape::Circle => "circle",
            NodeShape::Square => "square",
            NodeShape::Diamond => "diamond",
            NodeShape::Triangle => "triangle",
            NodeShape::TriangleDown => "triangle-down",
            NodeShape::Hexagon => "hexagon",
            NodeShape::Pentagon => "pentagon",
        }
    }
}

/// One node of a [`network_svg`] drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct NetNode {
    /// A short identifier, written in the `data-node` attribute and shown beside the node when labels are shown
    /// (for example a pseudonym `P-0042`).
    pub id: String,
    /// The node's full accessible description, its `<title>` (for example "P-0042, person, community 3").
    pub label: String,
    /// Position in the unit square, `x` from left to right and `y` from top to bottom; values outside `[0, 1]` are
    /// clamped and non-finite ones read as 0.5. The drawing fits the nodes' bounding box, scaled uniformly (so
    /// distances keep their proportions) and centred.
    pub x: f64,
    pub y: f64,
    /// The colour class (for example the community); colours repeat after eight.
    pub group: usize,
    pub shape: NodeShape,
    /// Relative size in `[0, 1]` (clamped; non-finite reads as 0): the node's area grows linearly with it.
    pub size: f64,
    /// A link for the node (relative, `http(s):` or `mailto:`; other schemes are dropped).
    pub href: Option<String>,
    /// Drawn with a thick dark outline (for example a node abroad, or a broker).
    pub highlight: bool,
}

/// One link of a [`network_svg`] drawing, between `nodes[a]` and `nodes[b]`. Links naming a node that does not
/// exist, or the same node twice, are left out.
#[derive(Debug, Clone, PartialEq)]
pub struct NetEdge {
    pub a: usize,
    pub b: usize,
    /// The tie strength (> 0): the line's width grows with it. Non-finite or non-positive weights are drawn thinnest.
    pub weight: f64,
    /// The link's `<title>` (for example "P-0042 – C-0007: ownership, weight 2"); when empty, the ids of its ends.
    pub label: String,
}

/// Options of [`network_svg`]. Text fields are plain text (they are escaped) in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkOptions {
    /// Prefix of the ids in the drawing, to keep them unique in a page (sanitised to `[A-Za-z0-9_-]`).
    pub id_prefix: String,
    /// The accessible name of the drawing (`<title>`).
    pub title: String,
    /// The text alternative of the drawing (`<desc>`); also the message shown when there is nothing to draw.
    pub description: String,
    /// Width in pixels, clamped to `200..=4000`; default 800.
    pub width: u32,
    /// Height in pixels of the network itself, clamped to `150..=4000`; default 600. The legend is added below.
    pub height: u32,
    /// Whether each node's `id` is written beside it; default true.
    pub show_labels: bool,
    /// Legend rows for the shapes, in this order (for example `(Circle, "Person")`); shapes not used by any node
    /// are left out.
    pub legend: Vec<(NodeShape, String)>,
    /// Legend rows for the colours, `(group, text)` (for example `(3, "Community 3")`); groups not used by any node
    /// are left out.
    pub groups: Vec<(usize, String)>,
    /// The legend row of the thick outline (for example "Abroad"); left out when empty or no node is highlighted.
    pub highlight_label: String,
    /// The legend row of the lines' width (for example "Line width: number of recorded links"); left out when empty
    /// or when there is no link.
    pub weight_label: String,
}

impl Default for NetworkOptions {
    fn default() -> Self {
        Self {
            id_prefix: "network".to_owned(),
            title: "Network".to_owned(),
            description: String::new(),
            width: 800,
            height: 600,
            show_labels: true,
            legend: Vec::new(),
            groups: Vec::new(),
            highlight_label: String::new(),
            weight_label: String::new(),
        }
    }
}

/// Okabe–Ito colours (colour-blind safe), as node fills under a dark outline.
const GROUP_COLOURS: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999",
];
/// Lines: a contrast above 4:1 against white.
const EDGE_STROKE: &str = "#7a7a7a";
const NODE_STROKE: &str = "#1a1a1a";
/// Fill of the shapes in the legend, which say what a shape means, not a group.
const LEGEND_FILL: &str = "#d9d9d9";
const FONT: f64 = 11.0;
const LEGEND_FONT: f64 = 12.0;
const LEGEND_ROW: f64 = 22.0;
const MARGIN: f64 = 10.0;
/// Node radii in pixels (of the circle of the same area), for size 0 and size 1.
const R_MIN: f64 = 4.5;
const R_MAX: f64 = 14.0;
const EDGE_MIN: f64 = 1.0;
const EDGE_MAX: f64 = 4.0;
const HIGHLIGHT_WIDTH: f64 = 3.0;
/// Visible labels are cut to this many characters (the title keeps the full text).
const LABEL_CHARS: usize = 20;

/// The fill of a group.
fn group_colour(group: usize) -> &'static str {
    GROUP_COLOURS[group % GROUP_COLOURS.len()]
}

fn unit(v: f64, default: f64) -> f64 {
    if v.is_finite() { v.clamp(0.0, 1.0) } else { default }
}

/// The radius of a node of relative size `size` (the area grows linearly with the size).
fn radius(size: f64) -> f64 {
    let s = unit(size, 0.0);
    (R_MIN * R_MIN + (R_MAX * R_MAX - R_MIN * R_MIN) * s).sqrt()
}

/// Unit vertices of the polygons, scaled so that each shape has about the area of the circle of the same radius.
const SQUARE: [(f64, f64); 4] = [(-0.886, -0.886), (0.886, -0.886), (0.886, 0.886), (-0.886, 0.886)];
const DIAMOND: [(f64, f64); 4] = [(0.0, -1.253), (1.253, 0.0), (0.0, 1.253), (-1.253, 0.0)];
const TRIANGLE: [(f64, f64); 3] = [(0.0, -1.555), (1.347, 0.778), (-1.347, 0.778)];
const TRIANGLE_DOWN: [(f64, f64); 3] = [(0.0, 1.555), (-1.347, -0.778), (1.347, -0.778)];
const HEXAGON: [(f64, f64); 6] = [
    (0.0, -1.1),
    (0.953, -0.55),
    (0.953, 0.55),
    (0.0, 1.1),
    (-0.953, 0.55),
    (-0.953, -0.55),
];
const PENTAGON: [(f64, f64); 5] = [
    (0.0, -1.149),
    (1.093, -0.355),
    (0.675, 0.93),
    (-0.675, 0.93),
    (-1.093, -0.355),
];

/// Writes a shape centred on `(x, y)` with radius `r` and the given attributes, holding a `<title>` when `title` is
/// given (already escaped).
fn shape(out: &mut String, shape: NodeShape, x: f64, y: f64, r: f64, attrs: &str, title: Option<&str>) {
    let vertices: &[(f64, f64)] = match shape {
        NodeShape::Circle => &[],
        NodeShape::Square => &SQUARE,
        NodeShape::Diamond => &DIAMOND,
        NodeShape::Triangle => &TRIANGLE,
        NodeShape::TriangleDown => &TRIANGLE_DOWN,
        NodeShape::Hexagon => &HEXAGON,
        NodeShape::Pentagon => &PENTAGON,
    };
    let element = if vertices.is_empty() {
        let _ = write!(
            out,
            "<circle {attrs} cx=\"{}\" cy=\"{}\" r=\"{}\">",
            fmt_coord(x),
            fmt_coord(y),
            fmt_coord(r)
        );
        "circle"
    } else {
        let mut d = String::new();
        for (i, (vx, vy)) in vertices.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            let _ = write!(d, "{} {}", fmt_coord(x + vx * r), fmt_coord(y + vy * r));
        }
        d.push('Z');
        let _ = write!(out, "<path {attrs} d=\"{d}\">");
        "path"
    };
    if let Some(title) = title {
        let _ = write!(out, "<title>{title}</title>");
    }
    let _ = write!(out, "</{element}>");
}

/// One row of the legend: what it shows and its text.
enum Row<'a> {
    Shape(NodeShape, &'a str),
    Group(usize, &'a str),
    Highlight(&'a str),
    Weight(&'a str),
}

/// Draws a network: links as lines, nodes as shapes at their positions (their bounding box scaled uniformly and
/// centred in the drawing, with a margin for the largest node), optional visible ids beside the nodes (on the side
/// away from the nearest vertical edge), and a legend below of the shapes, the colours, the outline and the lines' width. Each node is a
/// `<circle>` or `<path>` of class `node` and its shape's name (plus `highlight`), with `data-node` and
/// `data-group` attributes and a `<title>`, wrapped in an `<a href>` when it has a safe link. With no node the
/// result is a small drawing that shows `opts.description`.
pub fn network_svg(nodes: &[NetNode], edges: &[NetEdge], opts: &NetworkOptions) -> String {
    let prefix = id_prefix(&opts.id_prefix);
    let class = "vigie-network";
    let width = f64::from(opts.width.clamp(200, 4000));
    if nodes.is_empty() {
        return svg::nothing_to_draw(&prefix, class, width, &opts.title, &opts.description);
    }
    let plot_h = f64::from(opts.height.clamp(150, 4000));
    // Fit the nodes' bounding box into the drawing, scaled uniformly and centred, with room for the largest node.
    let inset = MARGIN + R_MAX + HIGHLIGHT_WIDTH;
    let (inner_w, inner_h) = (width - 2.0 * inset, plot_h - 2.0 * inset);
    let (x0, y0, x1, y1) = nodes
        .iter()
        .fold((1.0f64, 1.0f64, 0.0f64, 0.0f64), |(x0, y0, x1, y1), n| {
            let (x, y) = (unit(n.x, 0.5), unit(n.y, 0.5));
            (x0.min(x), y0.min(y), x1.max(x), y1.max(y))
        });
    let scale = match (x1 - x0 > 0.0, y1 - y0 > 0.0) {
        (true, true) => (inner_w / (x1 - x0)).min(inner_h / (y1 - y0)),
        (true, false) => inner_w / (x1 - x0),
        (false, true) => inner_h / (y1 - y0),
        (false, false) => 0.0,
    };
    let (off_x, off_y) = (
        (width - (x1 - x0) * scale) / 2.0,
        (plot_h - (y1 - y0) * scale) / 2.0,
    );
    let px = |v: f64| off_x + (unit(v, 0.5) - x0) * scale;
    let py = |v: f64| off_y + (unit(v, 0.5) - y0) * scale;

    let edges: Vec<&NetEdge> = edges
        .iter()
        .filter(|e| e.a != e.b && e.a < nodes.len() && e.b < nodes.len())
        .collect();

    // Legend rows, laid out left to right and wrapped.
    let mut rows: Vec<Row<'_>> = Vec::new();
    for (s, text) in &opts.legend {
        if nodes.iter().any(|n| n.shape == *s) {
            rows.push(Row::Shape(*s, text));
        }
    }
    for (g, text) in &opts.groups {
        if nodes.iter().any(|n| n.group == *g) {
            rows.push(Row::Group(*g, text));
        }
    }
    if !opts.highlight_label.trim().is_empty() && nodes.iter().any(|n| n.highlight) {
        rows.push(Row::Highlight(&opts.highlight_label));
    }
    if !opts.weight_label.trim().is_empty() && !edges.is_empty() {
        rows.push(Row::Weight(&opts.weight_label));
    }
    let mut places: Vec<(f64, f64, String)> = Vec::with_capacity(rows.len());
    let (mut lx, mut ly) = (MARGIN, plot_h + 4.0);
    for row in &rows {
        let text = match row {
            Row::Shape(_, t) | Row::Group(_, t) | Row::Highlight(t) | Row::Weight(t) => truncate(t, 60),
        };
        let w = 30.0 + text_width(&text, LEGEND_FONT) + 18.0;
        if lx > MARGIN && lx + w > width - MARGIN {
            lx = MARGIN;
            ly += LEGEND_ROW;
        }
        places.push((lx, ly, text));
        lx += w;
    }
    let height = if rows.is_empty() {
        plot_h
    } else {
        ly + LEGEND_ROW + MARGIN
    };

    let mut out = String::with_capacity(2048 + nodes.len() * 400 + edges.len() * 160);
    svg::open(
        &mut out,
        &prefix,
        class,
        width,
        height,
        &opts.title,
        &opts.description,
    );

    // Links.
    if !edges.is_empty() {
        let weights = edges
            .iter()
            .map(|e| e.weight)
            .filter(|w| w.is_finite() && *w > 0.0);
        let (lo, hi) = weights.fold((f64::INFINITY, 0.0f64), |(lo, hi), w| (lo.min(w), hi.max(w)));
        let (lo, spread) = (lo.sqrt(), hi.sqrt() - lo.sqrt());
        let stroke_width = |w: f64| {
            if !(w.is_finite() && w > 0.0 && spread > 0.0) {
                return EDGE_MIN;
            }
            let t = ((w.sqrt() - lo) / spread).clamp(0.0, 1.0);
            EDGE_MIN + (EDGE_MAX - EDGE_MIN) * t
        };
        let _ = write!(
            out,
            "<g class=\"edges\" stroke=\"{EDGE_STROKE}\" stroke-linecap=\"round\">"
        );
        for e in &edges {
            let (a, b) = (&nodes[e.a], &nodes[e.b]);
            let title = if e.label.trim().is_empty() {
                format!("{} – {}", a.id, b.id)
            } else {
                e.label.clone()
            };
            let _ = write!(
                out,
                "<line class=\"edge\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"{}\"><title>{}</title></line>",
                fmt_coord(px(a.x)),
                fmt_coord(py(a.y)),
                fmt_coord(px(b.x)),
                fmt_coord(py(b.y)),
                fmt_coord(stroke_width(e.weight)),
                escape(&title),
            );
        }
        out.push_str("</g>");
    }

    // Nodes, largest first (a stable order: ties keep the given order).
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&i, &j| unit(nodes[j].size, 0.0).total_cmp(&unit(nodes[i].size, 0.0)));
    let _ = write!(
        out,
        "<g class=\"nodes\" stroke=\"{NODE_STROKE}\" stroke-width=\"1\">"
    );
    for &i in &order {
        let node = &nodes[i];
        let href = node.href.as_deref().and_then(safe_href);
        if let Some(href) = href {
            let _ = write!(out, "<a href=\"{}\">", escape(href));
        }
        let attrs = format!(
            "class=\"node {}{}\" data-node=\"{}\" data-group=\"{}\" fill=\"{}\"{}",
            node.shape.name(),
            if node.highlight { " highlight" } else { "" },
            escape(&node.id),
            node.group,
            group_colour(node.group),
            if node.highlight {
                format!(" stroke-width=\"{HIGHLIGHT_WIDTH}\"")
            } else {
                String::new()
            },
        );
        let title = escape(&node.label);
        shape(
            &mut out,
            node.shape,
            px(node.x),
            py(node.y),
            radius(node.size),
            &attrs,
            Some(&title),
        );
        if href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");

    // Visible ids, on top of everything, with a white halo; on the left of nodes in the right half.
    if opts.show_labels {
        let _ = write!(
            out,
            "<g class=\"node-labels\" font-size=\"{FONT}\" fill=\"{TEXT}\" stroke=\"#ffffff\" stroke-width=\"3\" \
             stroke-linejoin=\"round\" paint-order=\"stroke\">"
        );
        for node in nodes {
            if node.id.trim().is_empty() {
                continue;
            }
            let (x, y, r) = (px(node.x), py(node.y), radius(node.size));
            let right_half = x > width / 2.0;
            let (tx, anchor) = if right_half {
                (x - r - 3.0, "end")
            } else {
                (x + r + 3.0, "start")
            };
            let _ = write!(
                out,
                "<text class=\"node-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                fmt_coord(tx),
                fmt_coord(y + FONT * 0.35),
                escape(&truncate(&node.id, LABEL_CHARS)),
            );
        }
        out.push_str("</g>");
    }

    // Legend.
    if !rows.is_empty() {
        let _ = write!(
            out,
            "<g class=\"legend\" font-size=\"{LEGEND_FONT}\" fill=\"{TEXT}\">"
        );
        for (row, (lx, ly, text)) in rows.iter().zip(&places) {
            let (lx, ly) = (*lx, *ly);
            let (key, symbol, fill, stroke_width) = match row {
                Row::Shape(s, _) => (format!("shape {}", s.name()), Some(*s), LEGEND_FILL, 1.0),
                Row::Group(g, _) => (
                    format!("group {g}"),
                    Some(NodeShape::Circle),
                    group_colour(*g),
                    1.0,
                ),
                Row::Highlight(_) => (
                    "highlight".to_owned(),
                    Some(NodeShape::Circle),
                    LEGEND_FILL,
                    HIGHLIGHT_WIDTH,
                ),
                Row::Weight(_) => ("weight".to_owned(), None, LEGEND_FILL, 1.0),
            };
            let title = escape(text);
            let _ = write!(out, "<g class=\"legend-row\" data-legend=\"{key}\">");
            if let Some(symbol) = symbol {
                let attrs = format!(
                    "class=\"legend-symbol{}\" fill=\"{fill}\" stroke=\"{NODE_STROKE}\" stroke-width=\"{stroke_width}\"",
                    if matches!(row, Row::Highlight(_)) {
                        " highlight"
                    } else {
                        ""
                    },
                );
                shape(&mut out, symbol, lx + 11.0, ly + 11.0, 6.5, &attrs, Some(&title));
            } else {
                // A thin and a thick line.
                let y = fmt_coord(ly + 11.0);
                for (x1, x2, w) in [(lx, lx + 9.0, EDGE_MIN), (lx + 13.0, lx + 22.0, EDGE_MAX)] {
                    let _ = write!(
                        out,
                        "<line class=\"legend-line\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" \
                         stroke=\"{EDGE_STROKE}\" stroke-width=\"{w}\"><title>{title}</title></line>",
                        fmt_coord(x1),
                        fmt_coord(x2),
                    );
                }
            }
            let _ = write!(
                out,
                "<text class=\"legend-label\" x=\"{}\" y=\"{}\">{title}</text></g>",
                fmt_coord(lx + 30.0),
                fmt_coord(ly + 15.0),
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

    fn node(id: &str, x: f64, y: f64) -> NetNode {
        NetNode {
            id: id.to_owned(),
            label: format!("{id}, person"),
            x,
            y,
            group: 0,
            shape: NodeShape::Circle,
            size: 0.0,
            href: None,
            highlight: false,
        }
    }

    fn sample() -> (Vec<NetNode>, Vec<NetEdge>, NetworkOptions) {
        let shapes = NodeShape::ALL;
        let mut nodes: Vec<NetNode> = (0..10)
            .map(|i| NetNode {
                group: i % 3,
                shape: shapes[i % shapes.len()],
                size: i as f64 / 9.0,
                href: Some(format!("/network/nodes/{i}")),
                highlight: i == 4,
                ..node(
                    &format!("P-{i:04}"),
                    (i as f64 * 0.37) % 1.0,
                    (i as f64 * 0.61) % 1.0,
                )
            })
            .collect();
        nodes[1].label = "<script>alert('x')</script> & Co".to_owned();
        nodes[1].id = "C&<b>".to_owned();
        nodes[2].href = Some("javascript:alert(1)".to_owned());
        nodes[3].href = Some(" JAVASCRIPT:alert(1)".to_owned());
        let edges = vec![
            NetEdge {
                a: 0,
                b: 1,
                weight: 1.0,
                label: "P-0000 – C&<b>: ownership".to_owned(),
            },
            NetEdge {
                a: 1,
                b: 2,
                weight: 9.0,
                label: String::new(),
            },
            NetEdge {
                a: 2,
                b: 3,
                weight: f64::NAN,
                label: "x".to_owned(),
            },
            NetEdge {
                a: 3,
                b: 3,
                weight: 1.0,
                label: "loop".to_owned(),
            },
            NetEdge {
                a: 3,
                b: 99,
                weight: 1.0,
                label: "dangling".to_owned(),
            },
        ];
        let opts = NetworkOptions {
            id_prefix: "net 1".to_owned(),
            title: "Network <of> \"P\"".to_owned(),
            description: "A network & its links".to_owned(),
            legend: vec![
                (NodeShape::Circle, "Person".to_owned()),
                (NodeShape::Square, "Company <&>".to_owned()),
            ],
            groups: vec![(0, "Community 0".to_owned()), (7, "Community 7".to_owned())],
            highlight_label: "Abroad".to_owned(),
            weight_label: "Line width: links".to_owned(),
            ..NetworkOptions::default()
        };
        (nodes, edges, opts)
    }

    fn count(s: &str, pat: &str) -> usize {
        s.matches(pat).count()
    }

    #[test]
    fn well_formed_escaped_and_accessible() {
        let (nodes, edges, opts) = sample();
        let svg = network_svg(&nodes, &edges, &opts);
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert_eq!(count(&svg, "<svg"), 1);
        assert_eq!(count(&svg, "<g ") + count(&svg, "<g>"), count(&svg, "</g>"));
        assert_eq!(count(&svg, "<title"), count(&svg, "</title>"));
        assert_eq!(count(&svg, "<a "), count(&svg, "</a>"));
        assert_eq!(count(&svg, "<text "), count(&svg, "</text>"));
        assert_eq!(count(&svg, "<circle "), count(&svg, "</circle>"));
        assert_eq!(count(&svg, "<path "), count(&svg, "</path>"));
        assert_eq!(count(&svg, "<line "), count(&svg, "</line>"));
        assert!(svg.contains("aria-labelledby=\"net_1-title"), "{svg}");
        assert!(svg.contains("<title id=\"net_1-title\">Network &lt;of&gt; &quot;P&quot;</title>"));
        // Every node is one shape with its title.
        assert_eq!(count(&svg, "class=\"node "), nodes.len());
        for part in svg.split("class=\"node ").skip(1) {
            let end = part
                .find("</circle>")
                .into_iter()
                .chain(part.find("</path>"))
                .min()
                .unwrap();
            assert!(part[..end].contains("<title>"), "{part}");
        }
        // Text is escaped everywhere.
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
        assert!(svg.contains("data-node=\"C&amp;&lt;b&gt;\""));
        assert!(svg.contains(">C&amp;&lt;b&gt;</text>"));
        assert!(
            svg.contains("<title>C&amp;&lt;b&gt; – P-0002</title>"),
            "an empty label names the ends"
        );
        assert!(
            !svg.replace("&amp;", "")
                .replace("&lt;", "")
                .replace("&gt;", "")
                .replace("&quot;", "")
                .replace("&#39;", "")
                .contains('&')
        );
        // Links: two (of ten) are javascript: and dropped; the loop and the dangling edge are left out.
        assert_eq!(count(&svg, "<a href="), 8);
        assert!(!svg.to_lowercase().contains("javascript"));
        assert_eq!(count(&svg, "class=\"edge\""), 3);
        assert!(!svg.contains("loop") && !svg.contains("dangling"));
        // One highlighted node, with its legend row; unused groups are left out of the legend.
        assert_eq!(count(&svg, " highlight\" data-node"), 1);
        assert!(svg.contains(">Abroad</text>"));
        assert!(svg.contains(">Community 0</text>") && !svg.contains("Community 7"));
        assert!(svg.contains(">Company &lt;&amp;&gt;</text>"));
        // No inline style.
        assert!(!svg.contains("style"));
    }

    #[test]
    fn deterministic_and_bounded() {
        let (nodes, edges, opts) = sample();
        let a = network_svg(&nodes, &edges, &opts);
        assert_eq!(a, network_svg(&nodes, &edges, &opts));
        let mut odd = nodes.clone();
        odd[0].x = f64::NAN;
        odd[1].y = f64::INFINITY;
        odd[2].x = -3.0;
        odd[3].size = f64::NAN;
        odd[4].size = 7.0;
        let svg = network_svg(&odd, &edges, &opts);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        // Every coordinate stays within the drawing.
        for attr in ["cx=\"", "cy=\"", "x1=\"", "y2=\""] {
            for part in svg.split(attr).skip(1) {
                let v: f64 = part[..part.find('"').unwrap()].parse().unwrap();
                assert!((0.0..=800.0).contains(&v), "{attr}{v}");
            }
        }
    }

    #[test]
    fn edge_width_grows_with_weight() {
        let nodes = vec![node("a", 0.0, 0.0), node("b", 1.0, 0.0), node("c", 0.5, 1.0)];
        let edge = |a, b, weight| NetEdge {
            a,
            b,
            weight,
            label: String::new(),
        };
        let svg = network_svg(
            &nodes,
            &[edge(0, 1, 1.0), edge(1, 2, 100.0), edge(0, 2, -1.0)],
            &NetworkOptions::default(),
        );
        assert!(svg.contains("stroke-width=\"1\"><title>a – b"), "{svg}");
        assert!(svg.contains("stroke-width=\"4\"><title>b – c"), "{svg}");
        assert!(svg.contains("stroke-width=\"1\"><title>a – c"), "{svg}");
        // Without labels, no text but the legend's (there is none here).
        let svg = network_svg(
            &nodes,
            &[],
            &NetworkOptions {
                show_labels: false,
                ..NetworkOptions::default()
            },
        );
        assert!(!svg.contains("<text"));
        assert!(!svg.contains("class=\"edges\""));
    }

    #[test]
    fn empty_network_says_so() {
        let opts = NetworkOptions {
            description: "No link recorded <yet>".to_owned(),
            ..NetworkOptions::default()
        };
        let svg = network_svg(&[], &[], &opts);
        assert!(svg.contains("class=\"empty\""));
        assert!(svg.contains(">No link recorded &lt;yet&gt;</text>"));
        assert!(!svg.contains("style"));
    }

    #[test]
    fn shapes_have_comparable_areas() {
        // Shoelace areas of the unit polygons, against π for the unit circle.
        for vertices in [
            &SQUARE[..],
            &DIAMOND,
            &TRIANGLE,
            &TRIANGLE_DOWN,
            &HEXAGON,
            &PENTAGON,
        ] {
            let area: f64 = (0..vertices.len())
                .map(|i| {
                    let (a, b) = (vertices[i], vertices[(i + 1) % vertices.len()]);
                    a.0 * b.1 - b.0 * a.1
                })
                .sum::<f64>()
                .abs()
                / 2.0;
            assert!((area - std::f64::consts::PI).abs() < 0.01, "{area}");
        }
    }
}
