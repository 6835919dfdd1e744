//! vigie-render: accessible SVG maps and charts, drawn by us and rendered on the server for the web pages, the
//! reports and the command line.
//!
//! - [`choropleth`]: areas filled by quantile class of an indicator, with incident points on top;
//!   [`quantile_breaks`] gives the class breaks (pages also show them as a table).
//! - [`bar_chart`] and [`line_chart`]: a value axis with [`nice_ticks`], bars or lines.
//!
//! # Rules every drawing follows
//!
//! - **No inline style.** The pages have a strict Content-Security-Policy without `'unsafe-inline'`, so there is
//!   no `style` attribute and no `<style>` element: drawings use presentation attributes (`fill`, `stroke`,
//!   `font-size`...), which CSS overrides, and `class` attributes for the web crate's stylesheet (`area`,
//!   `no-data`, `point`, `bar`, `series`, `legend`...).
//! - **Accessible.** The root `<svg role="img">` is labelled by its `<title>` and `<desc>` (`aria-labelledby`), with
//!   ids made unique by the caller's `id_prefix`. Every shape has its own `<title>` with its name and value; links
//!   are real `<a href>` elements, so keyboard-focusable. Legends are text. Palettes are colour-blind safe (ColorBrewer
//!   YlOrRd for maps, Okabe–Ito plus dash patterns for lines); "no data" is a hatched light grey. Text is dark on a
//!   white background.
//! - **Safe text.** Every text and attribute value is escaped with [`escape`]; links with a scheme other than
//!   `http`, `https` or `mailto` (such as `javascript:`) are dropped.
//! - **Deterministic and total.** The same input gives the same string; numbers are compact (coordinates to a
//!   tenth of a pixel). NaN and infinite values are "no data"; empty inputs give a small drawing that says so; no
//!   input makes a function panic.
//!
//! The drawings compute no statistics beyond the classes and ticks needed to draw: analyses produce the values.

mod chart;
mod classify;
mod map;
mod network;
pub mod report;
mod svg;
mod text;

pub use chart::{Bar, ChartOptions, Series, bar_chart, line_chart, nice_ticks};
pub use classify::{MAX_CLASSES, class_of, palette, quantile_breaks};
pub use map::{Category, MapArea, MapOptions, MapPoint, categorical_map, choropleth, density_map};
pub use network::{NetEdge, NetNode, NetworkOptions, NodeShape, network_svg};
pub use text::escape;
