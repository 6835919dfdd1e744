//! Choropleth maps of areas, with incident points on top.
//!
//! Each area is one `<path class="area" data-area="CODE">` (a multipolygon is one path with several subpaths), so a
//! page has exactly one shape per area, filled by the quantile class of its value (see [`crate::quantile_breaks`])
//! with a ColorBrewer YlOrRd palette in which darker always means worse. Areas without a finite value get a hatched
//! light grey "no data" fill. Each shape carries a `<title>` with its name and value; the legend is text.
//!
//! Projection: equirectangular, longitudes scaled by the cosine of the middle latitude, north up, fitted into the
//! width (the map is at most 1.25 times as tall as wide) with a margin. This is exact enough at city scale.

use std::fmt::Write as _;

use geo::{BoundingRect as _, Rect};
use vigie_domain::{Boundary, Direction, LonLat};

use crate::classify::{MAX_CLASSES, NO_DATA_FILL, NO_DATA_HATCH, class_of, palette, quantile_breaks};
use crate::svg::{self, TEXT};
use crate::text::{escape, fmt_coord, fmt_value, id_prefix, safe_href, with_mark};

/// One area of a choropleth map.
#[derive(Debug, Clone)]
pub struct MapArea<'a> {
    /// The area's code, written in the `data-area` attribute.
    pub code: &'a str,
    /// The area's name, shown in its `<title>`.
    pub name: &'a str,
    pub boundary: &'a Boundary,
    /// The value to map; `None` or a non-finite value means no data.
    pub value: Option<f64>,
    /// A link for the area (relative, `http(s):` or `mailto:`; other schemes are dropped).
    pub href: Option<String>,
}

/// An incident drawn as a small circle on top of the areas.
#[derive(Debug, Clone)]
pub struct MapPoint<'a> {
    pub location: LonLat,
    /// Shown in the point's `<title>`.
    pub label: &'a str,
}

/// Options of [`choropleth`]. Text fields are plain text (they are escaped) in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    /// Prefix of the ids in the drawing, to keep them unique in a page (sanitised to `[A-Za-z0-9_-]`).
    pub id_prefix: String,
    /// The accessible name of the map (`<title>`).
    pub title: String,
    /// The text alternative of the map (`<desc>`); also the message shown when there is nothing to draw.
    pub description: String,
    /// Heading of the legend (for example the indicator's name and unit).
    pub legend_title: String,
    /// Label of areas without a value, in titles and in the legend.
    pub no_data_label: String,
    /// Whether higher values are worse (darker) or better (lighter).
    pub direction: Direction,
    /// Number of quantile classes, clamped to `1..=9`; default 5.
    pub classes: usize,
    /// Width in pixels, clamped to `200..=4000`; default 800. The height follows from the areas' shape.
    pub width: u32,
    /// Decimals of values in titles and in the legend (at most 12); default 1.
    pub decimals: usize,
    /// The decimal mark of the reader's language (`.` or `,`); default `.`.
    pub decimal_mark: char,
}

impl Default for MapOptions {
    fn default() -> Self {
        Self {
            id_prefix: "map".to_owned(),
            title: "Map".to_owned(),
            description: String::new(),
            legend_title: String::new(),
            no_data_label: "No data".to_owned(),
            direction: Direction::HigherIsWorse,
            classes: 5,
            width: 800,
            decimals: 1,
            decimal_mark: '.',
        }
    }
}

const MARGIN: f64 = 10.0;
const LEGEND_ROW: f64 = 22.0;
const LEGEND_TITLE: f64 = 22.0;
const SWATCH_W: f64 = 22.0;
const SWATCH_H: f64 = 14.0;
const AREA_STROKE: &str = "#4d4d4d";
const POINT_FILL: &str = "#1a1a1a";

/// Maps longitude/latitude to drawing coordinates.
struct Projection {
    min_lon: f64,
    max_lat: f64,
    kx: f64,
    scale: f64,
    offset_x: f64,
    offset_y: f64,
    drawn_h: f64,
}

impl Projection {
    fn fit(bbox: Rect<f64>, width: f64) -> Self {
        let (min, max) = (bbox.min(), bbox.max());
        let mid_lat = (min.y + max.y) / 2.0;
        let kx = mid_lat.to_radians().cos().max(0.01);
        let proj_w = (max.x - min.x) * kx;
        let proj_h = max.y - min.y;
        let inner_w = width - 2.0 * MARGIN;
        let max_inner_h = width * 1.25 - 2.0 * MARGIN;
        let scale = match (proj_w > 0.0, proj_h > 0.0) {
            (true, true) => (inner_w / proj_w).min(max_inner_h / proj_h),
            (true, false) => inner_w / proj_w,
            (false, true) => max_inner_h / proj_h,
            (false, false) => 1.0,
        };
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Self {
            min_lon: min.x,
            max_lat: max.y,
            kx,
            scale,
            offset_x: MARGIN + (inner_w - proj_w * scale) / 2.0,
            offset_y: MARGIN,
            drawn_h: proj_h * scale,
        }
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.offset_x + (lon - self.min_lon) * self.kx * self.scale,
            self.offset_y + (self.max_lat - lat) * self.scale,
        )
    }
}

/// The projection that fits every area into the width; `None` when there is nothing to draw.
fn frame(areas: &[MapArea<'_>], width: f64) -> Option<Projection> {
    let bbox = areas
        .iter()
        .filter_map(|a| a.boundary.multi_polygon().bounding_rect())
        .reduce(|a, b| {
            Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        })?;
    Some(Projection::fit(bbox, width))
}

/// The height of a legend with this title and number of rows.
fn legend_height(title: &str, rows: usize) -> f64 {
    let title_h = if title.trim().is_empty() {
        0.0
    } else {
        LEGEND_TITLE
    };
    title_h + rows as f64 * LEGEND_ROW
}

/// The legend below a map: an optional title, then a swatch and a text per row `(fill, text)`.
fn legend(out: &mut String, mut y: f64, title: &str, rows: &[(String, String)]) {
    out.push_str(&format!("<g class=\"legend\" font-size=\"13\" fill=\"{TEXT}\">"));
    if !title.trim().is_empty() {
        let _ = write!(
            out,
            "<text class=\"legend-title\" x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">{}</text>",
            fmt_coord(MARGIN),
            fmt_coord(y + 14.0),
            escape(title),
        );
        y += LEGEND_TITLE;
    }
    for (fill, text) in rows {
        let _ = write!(
            out,
            "<rect class=\"legend-swatch\" x=\"{}\" y=\"{}\" width=\"{SWATCH_W}\" height=\"{SWATCH_H}\" fill=\"{fill}\" \
             stroke=\"{AREA_STROKE}\" stroke-width=\"0.8\"></rect>\
             <text class=\"legend-label\" x=\"{}\" y=\"{}\">{}</text>",
            fmt_coord(MARGIN),
            fmt_coord(y + 4.0),
            fmt_coord(MARGIN + SWATCH_W + 8.0),
            fmt_coord(y + 15.5),
            escape(text),
        );
        y += LEGEND_ROW;
    }
    out.push_str("</g>");
}

/// Path data of a boundary: one subpath per ring, consecutive points that round to the same pixel tenth merged.
fn path_data(boundary: &Boundary, proj: &Projection) -> String {
    let mut d = String::new();
    for polygon in boundary.multi_polygon() {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut coords: Vec<_> = ring.coords().collect();
            if coords.len() > 1 && coords.first() == coords.last() {
                coords.pop();
            }
            let mut last: Option<(String, String)> = None;
            for c in coords {
                let (x, y) = proj.project(c.x, c.y);
                let p = (fmt_coord(x), fmt_coord(y));
                if last.as_ref() == Some(&p) {
                    continue;
                }
                d.push(if last.is_none() { 'M' } else { 'L' });
                let _ = write!(d, "{} {}", p.0, p.1);
                last = Some(p);
            }
            if last.is_some() {
                d.push('Z');
            }
        }
    }
    d
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

/// Draws a choropleth map: one shape per area, filled by quantile class, darker meaning worse.
///
/// Areas are drawn in the given order, each wrapped in an `<a href>` when it has a (safe) link, so the areas are
/// keyboard-focusable; points are drawn on top as `<circle class="point">` (points outside the map's frame are
/// left out); the legend lists the class ranges as text ("a – b") and the no-data fill. With no area the result is
/// a small drawing that shows `opts.description`.
pub fn choropleth(areas: &[MapArea<'_>], points: &[MapPoint<'_>], opts: &MapOptions) -> String {
    let prefix = id_prefix(&opts.id_prefix);
    let width = f64::from(opts.width.clamp(200, 4000));
    let Some(proj) = frame(areas, width) else {
        return svg::nothing_to_draw(&prefix, "vigie-map", width, &opts.title, &opts.description);
    };
    let map_h = proj.drawn_h + 2.0 * MARGIN;

    let values: Vec<f64> = areas.iter().filter_map(|a| finite(a.value)).collect();
    let breaks = quantile_breaks(&values, opts.classes.clamp(1, MAX_CLASSES));
    let colours = palette(breaks.len(), opts.direction);
    let has_no_data = values.len() < areas.len();

    let legend_rows = breaks.len() + usize::from(has_no_data);
    let height = map_h + 8.0 + legend_height(&opts.legend_title, legend_rows) + MARGIN;

    let mut out = String::with_capacity(4096 + areas.len() * 512);
    svg::open(
        &mut out,
        &prefix,
        "vigie-map",
        width,
        height,
        &opts.title,
        &opts.description,
    );
    let hatch = format!("{prefix}-nodata");
    let _ = write!(
        out,
        "<defs><pattern id=\"{hatch}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{NO_DATA_FILL}\"></rect>\
         <path d=\"M0 0V6\" stroke=\"{NO_DATA_HATCH}\" stroke-width=\"1.5\"></path></pattern></defs>"
    );
    let no_data_fill = format!("url(#{hatch})");

    let _ = write!(
        out,
        "<g class=\"areas\" stroke=\"{AREA_STROKE}\" stroke-width=\"0.8\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">"
    );
    for area in areas {
        let value = finite(area.value);
        let class = value.and_then(|v| class_of(&breaks, v));
        let fill = class
            .and_then(|c| colours.get(c).copied())
            .unwrap_or(no_data_fill.as_str());
        let shown = match value {
            Some(v) => with_mark(fmt_value(v, opts.decimals), opts.decimal_mark),
            None => opts.no_data_label.clone(),
        };
        let href = area.href.as_deref().and_then(safe_href);
        if let Some(href) = href {
            let _ = write!(out, "<a href=\"{}\">", escape(href));
        }
        let _ = write!(
            out,
            "<path class=\"area{}\" data-area=\"{}\" fill=\"{fill}\" d=\"{}\"><title>{}: {}</title></path>",
            if value.is_none() { " no-data" } else { "" },
            escape(area.code),
            path_data(area.boundary, &proj),
            escape(area.name),
            escape(&shown),
        );
        if href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");

    if !points.is_empty() {
        let _ = write!(
            out,
            "<g class=\"points\" fill=\"{POINT_FILL}\" stroke=\"#ffffff\" stroke-width=\"1\">"
        );
        for p in points {
            let (x, y) = proj.project(p.location.lon(), p.location.lat());
            if !(0.0..=width).contains(&x) || !(0.0..=map_h).contains(&y) {
                continue;
            }
            let _ = write!(
                out,
                "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"3.5\"><title>{}</title></circle>",
                fmt_coord(x),
                fmt_coord(y),
                escape(p.label),
            );
        }
        out.push_str("</g>");
    }

    // Legend, below the map.
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut lower = min;
    let mut rows: Vec<(String, String)> = Vec::with_capacity(legend_rows);
    for (upper, colour) in breaks.iter().zip(&colours) {
        let (a, b) = (
            with_mark(fmt_value(lower, opts.decimals), opts.decimal_mark),
            with_mark(fmt_value(*upper, opts.decimals), opts.decimal_mark),
        );
        let text = if a == b { a } else { format!("{a} – {b}") };
        rows.push(((*colour).to_owned(), text));
        lower = *upper;
    }
    if has_no_data {
        rows.push((no_data_fill.clone(), opts.no_data_label.clone()));
    }
    legend(&mut out, map_h + 8.0, &opts.legend_title, &rows);
    svg::close(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64) -> Boundary {
        let s = 0.01;
        match Boundary::from_rings(&[vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]]) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn projection_flips_y_and_fits_width() {
        let b = square(4.0, 50.0);
        let bbox = b.bounding_rect().unwrap();
        let p = Projection::fit(bbox, 800.0);
        let (x0, y0) = p.project(4.0, 50.01);
        let (x1, y1) = p.project(4.01, 50.0);
        assert!((x0 - MARGIN).abs() < 1e-6 || x0 > MARGIN);
        assert!(y0 < y1, "north is up");
        assert!(x1 <= 800.0 - MARGIN + 1e-6);
        // A square in degrees is narrower than tall at 50° N.
        assert!((x1 - x0) < (y1 - y0));
    }

    #[test]
    fn path_has_one_subpath_per_ring() {
        let b = Boundary::from_rings(&[
            vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)],
            vec![(2.0, 0.0), (3.0, 0.0), (3.0, 1.0), (2.0, 0.0)],
        ])
        .unwrap();
        let p = Projection::fit(b.bounding_rect().unwrap(), 800.0);
        let d = path_data(&b, &p);
        assert_eq!(d.matches('M').count(), 2);
        assert_eq!(d.matches('Z').count(), 2);
        assert!(d.starts_with("M10 "), "{d}");
    }

    #[test]
    fn all_equal_values_make_one_class() {
        let b = [square(0.0, 0.0), square(0.01, 0.0)];
        let areas: Vec<MapArea<'_>> = b
            .iter()
            .map(|b| MapArea {
                code: "A",
                name: "A",
                boundary: b,
                value: Some(2.0),
                href: None,
            })
            .collect();
        let svg = choropleth(&areas, &[], &MapOptions::default());
        assert_eq!(svg.matches("class=\"legend-swatch\"").count(), 1);
        assert!(svg.contains(">2.0</text>"), "{svg}");
    }
}

/// A class of a categorical map: its legend label and its fill.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub label: String,
    pub fill: &'static str,
}

/// A categorical map (LISA clusters, hot and cold spots): each area is filled with the colour of its category
/// (`classes[i]` indexes `categories`), one `<path class="area">` per area, and a legend of the categories in
/// use. The areas' `value` is ignored; their titles give the category.
pub fn categorical_map(
    areas: &[MapArea<'_>],
    classes: &[usize],
    categories: &[Category],
    opts: &MapOptions,
) -> String {
    let prefix = id_prefix(&opts.id_prefix);
    let width = f64::from(opts.width.clamp(200, 4000));
    let Some(proj) = frame(areas, width) else {
        return svg::nothing_to_draw(&prefix, "vigie-map", width, &opts.title, &opts.description);
    };
    let map_h = proj.drawn_h + 2.0 * MARGIN;
    let used: Vec<usize> = (0..categories.len()).filter(|c| classes.contains(c)).collect();
    let height = map_h + 8.0 + legend_height(&opts.legend_title, used.len()) + MARGIN;
    let mut out = String::with_capacity(4096 + areas.len() * 512);
    svg::open(
        &mut out,
        &prefix,
        "vigie-map",
        width,
        height,
        &opts.title,
        &opts.description,
    );
    let _ = write!(
        out,
        "<g class=\"areas\" stroke=\"{AREA_STROKE}\" stroke-width=\"0.8\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">"
    );
    for (area, class) in areas.iter().zip(classes) {
        let Some(cat) = categories.get(*class) else {
            continue;
        };
        let href = area.href.as_deref().and_then(safe_href);
        if let Some(href) = href {
            let _ = write!(out, "<a href=\"{}\">", escape(href));
        }
        let _ = write!(
            out,
            "<path class=\"area\" data-area=\"{}\" data-category=\"{class}\" fill=\"{}\" d=\"{}\"><title>{}: {}</title></path>",
            escape(area.code),
            cat.fill,
            path_data(area.boundary, &proj),
            escape(area.name),
            escape(&cat.label),
        );
        if href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");
    let rows: Vec<(String, String)> = used
        .iter()
        .map(|&c| {
            let count = classes.iter().filter(|k| **k == c).count();
            (
                categories[c].fill.to_owned(),
                format!("{} ({count})", categories[c].label),
            )
        })
        .collect();
    legend(&mut out, map_h + 8.0, &opts.legend_title, &rows);
    svg::close(&mut out);
    out
}

/// A kernel density map: the density grid as coloured cells (quantile classes of the cells above 1 % of the
/// peak), the areas' outlines on top (linked when `href` is set), and a legend. Cells have no titles of their
/// own (there are thousands); the text alternative is the description.
pub fn density_map(areas: &[MapArea<'_>], grid: &vigie_spatial::DensityGrid, opts: &MapOptions) -> String {
    let prefix = id_prefix(&opts.id_prefix);
    let width = f64::from(opts.width.clamp(200, 4000));
    let Some(proj) = frame(areas, width) else {
        return svg::nothing_to_draw(&prefix, "vigie-map", width, &opts.title, &opts.description);
    };
    let map_h = proj.drawn_h + 2.0 * MARGIN;
    let floor = grid.max() * 0.01;
    let shown: Vec<f64> = grid
        .values
        .iter()
        .copied()
        .filter(|v| *v > floor && v.is_finite())
        .collect();
    let breaks = quantile_breaks(&shown, opts.classes.clamp(1, MAX_CLASSES));
    let colours = palette(breaks.len(), Direction::HigherIsWorse);
    let height = map_h + 8.0 + legend_height(&opts.legend_title, breaks.len()) + MARGIN;
    let mut out = String::with_capacity(64 * grid.values.len() + areas.len() * 512);
    svg::open(
        &mut out,
        &prefix,
        "vigie-map",
        width,
        height,
        &opts.title,
        &opts.description,
    );
    out.push_str("<g class=\"density\" shape-rendering=\"crispEdges\">");
    for row in 0..grid.ny {
        for col in 0..grid.nx {
            let v = grid.get(col, row);
            if v <= floor {
                continue;
            }
            let Some(fill) = class_of(&breaks, v).and_then(|c| colours.get(c)) else {
                continue;
            };
            let lon0 = grid.min_lon + col as f64 * grid.cell_lon;
            let lat0 = grid.min_lat + row as f64 * grid.cell_lat;
            let (x0, y1) = proj.project(lon0, lat0);
            let (x1, y0) = proj.project(lon0 + grid.cell_lon, lat0 + grid.cell_lat);
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"></rect>",
                fmt_coord(x0),
                fmt_coord(y0),
                fmt_coord((x1 - x0).abs() + 0.2),
                fmt_coord((y1 - y0).abs() + 0.2),
            );
        }
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        "<g class=\"areas outlines\" fill=\"none\" stroke=\"{AREA_STROKE}\" stroke-width=\"0.8\" stroke-linejoin=\"round\">"
    );
    for area in areas {
        let href = area.href.as_deref().and_then(safe_href);
        if let Some(href) = href {
            let _ = write!(out, "<a href=\"{}\">", escape(href));
        }
        let _ = write!(
            out,
            "<path class=\"area\" data-area=\"{}\" fill=\"transparent\" d=\"{}\"><title>{}</title></path>",
            escape(area.code),
            path_data(area.boundary, &proj),
            escape(area.name),
        );
        if href.is_some() {
            out.push_str("</a>");
        }
    }
    out.push_str("</g>");
    let mut lower = floor;
    let mut rows: Vec<(String, String)> = Vec::with_capacity(breaks.len());
    for (upper, colour) in breaks.iter().zip(&colours) {
        let text = format!(
            "{} – {}",
            with_mark(fmt_value(lower, opts.decimals), opts.decimal_mark),
            with_mark(fmt_value(*upper, opts.decimals), opts.decimal_mark)
        );
        rows.push(((*colour).to_owned(), text));
        lower = *upper;
    }
    legend(&mut out, map_h + 8.0, &opts.legend_title, &rows);
    svg::close(&mut out);
    out
}
