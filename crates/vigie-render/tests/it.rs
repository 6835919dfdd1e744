//! Integration tests of vigie-render: the public API as the web pages and the CLI use it.

// Test helpers outside `#[test]` functions may unwrap too.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use vigie_domain::{Boundary, Direction, LonLat};
use vigie_render::{
    Bar, ChartOptions, MapArea, MapOptions, MapPoint, Series, bar_chart, choropleth, escape, line_chart,
    nice_ticks, palette, quantile_breaks,
};

// ---------------------------------------------------------------------------------------------------------------
// Helpers

fn square(lon: f64, lat: f64, size: f64) -> Boundary {
    Boundary::from_rings(&[vec![
        (lon, lat),
        (lon + size, lat),
        (lon + size, lat + size),
        (lon, lat + size),
        (lon, lat),
    ]])
    .unwrap()
}

/// A grid of `n` squares near Brussels.
fn grid(n: usize) -> Vec<Boundary> {
    (0..n)
        .map(|i| square(4.3 + (i % 4) as f64 * 0.01, 50.8 + (i / 4) as f64 * 0.01, 0.01))
        .collect()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The `fill` of the area path with the given code.
fn fill_of<'s>(svg: &'s str, code: &str) -> &'s str {
    let at = svg.find(&format!("data-area=\"{code}\"")).unwrap();
    let rest = &svg[at..];
    let f = rest.find("fill=\"").unwrap() + 6;
    let end = rest[f..].find('"').unwrap();
    &rest[f..f + end]
}

/// A small well-formedness checker: tags balanced and properly nested, attributes quoted, no raw `<` or bad `&`
/// in text or attribute values, a single `<svg>` root, no `style`.
fn check_well_formed(svg: &str) -> Result<(), String> {
    fn entity_ok(s: &str) -> bool {
        ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
            .iter()
            .any(|e| s.starts_with(e))
    }
    fn text_ok(s: &str) -> bool {
        s.char_indices().all(|(i, c)| match c {
            '<' | '>' => false,
            '&' => entity_ok(&s[i..]),
            _ => true,
        })
    }
    if svg.contains("style=") || svg.contains("<style") {
        return Err("inline style".into());
    }
    if !svg.starts_with("<svg ") || !svg.ends_with("</svg>") {
        return Err("not a single svg root".into());
    }
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = svg;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        if !text_ok(&rest[..lt]) {
            return Err(format!("bad text: {:?}", &rest[..lt]));
        }
        if !rest[..lt].is_empty() && stack.is_empty() {
            return Err("text outside the root".into());
        }
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix("</") {
            let gt = after.find('>').ok_or("unclosed end tag")?;
            let name = &after[..gt];
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &after[gt + 1..];
            continue;
        }
        // A start tag: name, then attributes name="value".
        let body = &rest[1..];
        let name_end = body
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or("bad tag")?;
        let name = &body[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad tag name {name:?}"));
        }
        let mut attrs = &body[name_end..];
        let self_closing;
        loop {
            attrs = attrs.trim_start();
            if let Some(r) = attrs.strip_prefix("/>") {
                self_closing = true;
                attrs = r;
                break;
            }
            if let Some(r) = attrs.strip_prefix('>') {
                self_closing = false;
                attrs = r;
                break;
            }
            let eq = attrs
                .find("=\"")
                .ok_or_else(|| format!("unquoted attribute in <{name}"))?;
            let attr = &attrs[..eq];
            if attr.is_empty()
                || !attr
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
            {
                return Err(format!("bad attribute name {attr:?}"));
            }
            let value_start = &attrs[eq + 2..];
            let close = value_start.find('"').ok_or("unterminated attribute")?;
            if !text_ok(&value_start[..close]) {
                return Err(format!("bad attribute value {:?}", &value_start[..close]));
            }
            attrs = &value_start[close + 1..];
        }
        if name == "svg" && stack.is_empty() {
            roots += 1;
        } else if stack.is_empty() {
            return Err(format!("<{name}> outside the root"));
        }
        if name == "path" && self_closing {
            return Err("self-closing path".into());
        }
        if !self_closing {
            stack.push(name.to_owned());
        }
        rest = attrs;
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    if roots != 1 || count(svg, "<svg") != count(svg, "</svg>") {
        return Err("svg tags unbalanced".into());
    }
    if count(svg, "<path") != count(svg, "</path>") {
        return Err("a <path is not closed".into());
    }
    Ok(())
}

fn accessible_root(svg: &str, prefix: &str) {
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains(&format!("aria-labelledby=\"{prefix}-title {prefix}-desc\"")));
    assert!(svg.contains(&format!("<title id=\"{prefix}-title\">")));
    assert!(svg.contains(&format!("<desc id=\"{prefix}-desc\">")));
}

// ---------------------------------------------------------------------------------------------------------------
// Maps

fn map_opts() -> MapOptions {
    MapOptions {
        id_prefix: "m1".into(),
        title: "Drug selling points per 1,000 residents".into(),
        description: "Rates by neighbourhood, 2024".into(),
        legend_title: "per 1,000".into(),
        no_data_label: "no data".into(),
        ..MapOptions::default()
    }
}

#[test]
fn a_map_has_one_path_and_one_title_per_area_points_and_links() {
    let b = grid(7);
    let names = ["Nord", "Sud", "Est", "Ouest", "Centre", "Gare", "<b>&\"x\""];
    let areas: Vec<MapArea<'_>> = b
        .iter()
        .enumerate()
        .map(|(i, boundary)| MapArea {
            code: names[i],
            name: names[i],
            boundary,
            value: if i == 3 { None } else { Some(i as f64 * 1.5) },
            href: Some(format!("/areas/{i}?tab=map&x=1")),
        })
        .collect();
    let points = [
        MapPoint {
            location: LonLat::new(4.305, 50.805).unwrap(),
            label: "drug selling point",
        },
        MapPoint {
            location: LonLat::new(4.325, 50.815).unwrap(),
            label: "seizure <1kg>",
        },
    ];
    let svg = choropleth(&areas, &points, &map_opts());
    check_well_formed(&svg).unwrap();
    accessible_root(&svg, "m1");
    assert_eq!(count(&svg, "<path class=\"area"), 7);
    for name in &names[..6] {
        assert_eq!(count(&svg, &format!("<title>{name}: ")), 1, "{name}");
    }
    assert!(svg.contains("<title>Sud: 1.5</title>"));
    assert!(svg.contains("<title>Ouest: no data</title>"));
    assert!(svg.contains("class=\"area no-data\""));
    assert_eq!(count(&svg, "<circle class=\"point\""), 2);
    assert!(svg.contains("<title>seizure &lt;1kg&gt;</title>"));
    assert_eq!(count(&svg, "<a href=\"/areas/"), 7);
    assert!(svg.contains("href=\"/areas/0?tab=map&amp;x=1\""));
    // Escaped, never raw.
    assert!(svg.contains("<title>&lt;b&gt;&amp;&quot;x&quot;: 9.0</title>"));
    assert!(svg.contains("data-area=\"&lt;b&gt;&amp;&quot;x&quot;\""));
    assert!(!svg.contains("<b>"));
    assert!(!svg.contains("\"x\""));
    // Legend: five classes as "a – b" and no data.
    assert_eq!(count(&svg, "class=\"legend-swatch\""), 6);
    assert!(svg.contains(">0.0 – 1.5</text>"), "{svg}");
    assert!(svg.contains(">no data</text>"));
    assert!(svg.contains(">per 1,000</text>"));
}

#[test]
fn multipolygon_is_one_path_with_subpaths() {
    let b = Boundary::from_rings(&[
        vec![(4.30, 50.80), (4.31, 50.80), (4.31, 50.81), (4.30, 50.80)],
        vec![(4.33, 50.80), (4.34, 50.80), (4.34, 50.81), (4.33, 50.80)],
        vec![(4.36, 50.80), (4.37, 50.80), (4.37, 50.81), (4.36, 50.80)],
    ])
    .unwrap();
    let areas = [MapArea {
        code: "I",
        name: "Islands",
        boundary: &b,
        value: Some(1.0),
        href: None,
    }];
    let svg = choropleth(&areas, &[], &map_opts());
    assert_eq!(count(&svg, "<path class=\"area\""), 1);
    let d = svg.split("<path class=\"area\"").nth(1).unwrap();
    let d = &d[d.find(" d=\"").unwrap() + 4..];
    let d = &d[..d.find('"').unwrap()];
    assert_eq!(count(d, "M"), 3, "{d}");
    assert!(!svg.contains("<a "));
}

#[test]
fn higher_is_better_gives_the_highest_value_the_lightest_fill() {
    let b = grid(5);
    let codes = ["A", "B", "C", "D", "E"];
    let areas: Vec<MapArea<'_>> = b
        .iter()
        .zip(codes)
        .enumerate()
        .map(|(i, (boundary, code))| MapArea {
            code,
            name: code,
            boundary,
            value: Some(i as f64 + 1.0),
            href: None,
        })
        .collect();
    let lightest = palette(5, Direction::HigherIsWorse)[0];
    let darkest = palette(5, Direction::HigherIsWorse)[4];
    let worse = choropleth(&areas, &[], &map_opts());
    assert_eq!(fill_of(&worse, "A"), lightest);
    assert_eq!(fill_of(&worse, "E"), darkest);
    let opts = MapOptions {
        direction: Direction::HigherIsBetter,
        ..map_opts()
    };
    let better = choropleth(&areas, &[], &opts);
    assert_eq!(fill_of(&better, "E"), lightest);
    assert_eq!(fill_of(&better, "A"), darkest);
}

#[test]
fn nan_and_infinite_values_are_no_data() {
    let b = grid(3);
    let values = [Some(f64::NAN), Some(f64::INFINITY), Some(2.0)];
    let areas: Vec<MapArea<'_>> = b
        .iter()
        .zip(["A", "B", "C"])
        .zip(values)
        .map(|((boundary, code), value)| MapArea {
            code,
            name: code,
            boundary,
            value,
            href: None,
        })
        .collect();
    let svg = choropleth(&areas, &[], &map_opts());
    check_well_formed(&svg).unwrap();
    assert!(svg.contains("<title>A: no data</title>"));
    assert!(svg.contains("<title>B: no data</title>"));
    assert!(svg.contains("<title>C: 2.0</title>"));
    assert_eq!(fill_of(&svg, "A"), "url(#m1-nodata)");
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn empty_map_says_there_is_nothing_to_draw() {
    let opts = MapOptions {
        description: "No area has data for 2024 & 2025.".into(),
        ..map_opts()
    };
    let svg = choropleth(&[], &[], &opts);
    check_well_formed(&svg).unwrap();
    accessible_root(&svg, "m1");
    assert!(svg.contains("<desc id=\"m1-desc\">No area has data for 2024 &amp; 2025.</desc>"));
    assert!(svg.contains(">No area has data for 2024 &amp; 2025.</text>"));
    assert!(!svg.contains("class=\"area"));
}

#[test]
fn unsafe_links_and_ids_are_neutralised() {
    let b = grid(1);
    let areas = [MapArea {
        code: "A",
        name: "A",
        boundary: &b[0],
        value: Some(1.0),
        href: Some("javascript:alert(1)".into()),
    }];
    let opts = MapOptions {
        id_prefix: "x\" onload=\"alert(1)".into(),
        ..map_opts()
    };
    let svg = choropleth(&areas, &[], &opts);
    check_well_formed(&svg).unwrap();
    assert!(!svg.contains("javascript"));
    assert!(!svg.contains("onload=\""));
    assert!(svg.contains("id=\"x__onload__alert_1_-title\""));
}

#[test]
fn maps_are_deterministic() {
    let b = grid(9);
    let areas: Vec<MapArea<'_>> = b
        .iter()
        .enumerate()
        .map(|(i, boundary)| MapArea {
            code: "c",
            name: "n",
            boundary,
            value: Some((i * 7 % 5) as f64),
            href: None,
        })
        .collect();
    let a = choropleth(&areas, &[], &map_opts());
    let b2 = choropleth(&areas, &[], &map_opts());
    assert_eq!(a, b2);
}

// ---------------------------------------------------------------------------------------------------------------
// Quantile breaks

#[test]
fn quantile_breaks_are_monotone_end_at_max_and_count_right() {
    let values = [7.0, 1.0, 3.0, 9.0, 5.0, 2.0, 8.0, 4.0, 6.0, 10.0];
    let b = quantile_breaks(&values, 5);
    assert_eq!(b.len(), 5);
    assert!(b.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(b.last(), Some(&10.0));
    assert_eq!(quantile_breaks(&values, 4).len(), 4);
    assert_eq!(quantile_breaks(&[1.0, 2.0, 3.0], 5).len(), 3);
}

proptest! {
    #[test]
    fn quantile_breaks_hold_for_any_finite_values(
        values in prop::collection::vec(-1e12f64..1e12, 0..60),
        classes in 1usize..10,
    ) {
        let b = quantile_breaks(&values, classes);
        prop_assert!(b.len() <= classes);
        prop_assert_eq!(b.is_empty(), values.is_empty());
        prop_assert!(b.windows(2).all(|w| w[0] < w[1]));
        if let Some(max) = values.iter().copied().reduce(f64::max) {
            prop_assert_eq!(b.last().copied(), Some(max));
            let mut distinct = values.clone();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            prop_assert_eq!(b.len() == classes, distinct.len() >= classes || b.len() == classes);
            for v in &values {
                let c = vigie_render::class_of(&b, *v);
                prop_assert!(c.is_some());
                let c = c.unwrap_or(0);
                prop_assert!(*v <= b[c]);
                prop_assert!(c == 0 || *v > b[c - 1]);
            }
        }
    }

    #[test]
    fn quantile_breaks_never_panic(values in prop::collection::vec(any::<f64>(), 0..40), classes in 0usize..100) {
        let b = quantile_breaks(&values, classes);
        prop_assert!(b.iter().all(|v| v.is_finite()));
        prop_assert!(b.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn nice_ticks_cover_the_range(a in -1e9f64..1e9, b in -1e9f64..1e9) {
        let (lo, hi) = (a.min(b).min(0.0), a.max(b).max(0.0));
        let t = nice_ticks(lo, hi, 5);
        prop_assert!(t.len() >= 2 && t.len() <= 12, "{:?}", t);
        prop_assert!(t[0] <= lo);
        prop_assert!(*t.last().unwrap_or(&f64::NAN) >= hi);
        prop_assert!(t.windows(2).all(|w| w[0] < w[1]));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Charts

fn chart_opts() -> ChartOptions {
    ChartOptions {
        id_prefix: "c1".into(),
        title: "Incidents by type".into(),
        description: "Number of incidents recorded in 2024, by type".into(),
        width: 640,
        height: 320,
        value_label: "incidents".into(),
        decimals: 0,
        decimal_mark: '.',
    }
}

#[test]
fn bar_chart_has_one_rect_per_bar_titles_and_ticks_covering_the_max() {
    let bars: Vec<Bar> = [
        ("Drug selling point", 97.0),
        ("Seizure", 12.0),
        ("Firearms <A&B>", 3.0),
    ]
    .into_iter()
    .map(|(label, value)| Bar {
        label: label.into(),
        value,
        href: Some(format!("/t/{value}")),
    })
    .collect();
    let svg = bar_chart(&bars, &chart_opts());
    check_well_formed(&svg).unwrap();
    accessible_root(&svg, "c1");
    assert_eq!(count(&svg, "<rect class=\"bar"), 3);
    assert!(svg.contains("<title>Drug selling point: 97</title>"));
    assert!(svg.contains("<title>Firearms &lt;A&amp;B&gt;: 3</title>"));
    assert_eq!(count(&svg, "<a href=\"/t/"), 3);
    assert!(
        svg.contains("class=\"tick\"") && svg.contains(">100</text>"),
        "{svg}"
    );
    assert!(svg.contains(">incidents</text>"));
    assert_eq!(svg, bar_chart(&bars, &chart_opts()));
}

#[test]
fn bar_chart_handles_negative_nan_and_many_bars() {
    let bars = vec![
        Bar {
            label: "up".into(),
            value: 5.0,
            href: None,
        },
        Bar {
            label: "down".into(),
            value: -3.0,
            href: None,
        },
        Bar {
            label: "unknown".into(),
            value: f64::NAN,
            href: None,
        },
    ];
    let svg = bar_chart(&bars, &chart_opts());
    check_well_formed(&svg).unwrap();
    assert!(svg.contains("class=\"bar negative\""));
    assert!(svg.contains("<title>unknown: –</title>"));
    assert!(svg.contains(">-4</text>"), "{svg}");
    assert!(!svg.contains("NaN"));

    let many: Vec<Bar> = (0..40)
        .map(|i| Bar {
            label: format!("Neighbourhood number {i}"),
            value: f64::from(i),
            href: None,
        })
        .collect();
    let svg = bar_chart(&many, &chart_opts());
    check_well_formed(&svg).unwrap();
    assert_eq!(count(&svg, "<rect class=\"bar"), 40);
    assert!(svg.contains("transform=\"rotate(-"));
}

#[test]
fn line_chart_has_one_polyline_per_series_and_titled_points() {
    let months: Vec<String> = (1..=12).map(|m| format!("2024-{m:02}")).collect();
    let series = vec![
        Series {
            name: "Drug selling point".into(),
            values: (0..12).map(|i| Some(f64::from(i))).collect(),
        },
        Series {
            name: "Extortion & \"racket\"".into(),
            values: (0..12)
                .map(|i| if i == 5 { None } else { Some(f64::from(i % 3)) })
                .collect(),
        },
        Series {
            name: "Firearms".into(),
            values: vec![Some(1.0), Some(f64::NAN)],
        },
    ];
    let svg = line_chart(&months, &series, &chart_opts());
    check_well_formed(&svg).unwrap();
    accessible_root(&svg, "c1");
    assert_eq!(count(&svg, "<polyline class=\"series\""), 3);
    assert!(svg.contains("<title>Extortion &amp; &quot;racket&quot;</title>"));
    assert_eq!(count(&svg, "<circle class=\"point\""), 12 + 11 + 1);
    assert!(svg.contains("<title>Drug selling point, 2024-12: 11</title>"));
    assert!(svg.contains(">15</text>"), "ticks cover the max (11): {svg}");
    assert_eq!(count(&svg, "class=\"legend-label\""), 3);
    assert_eq!(svg, line_chart(&months, &series, &chart_opts()));
}

#[test]
fn empty_charts_say_there_is_nothing_to_draw() {
    for svg in [
        bar_chart(&[], &chart_opts()),
        line_chart(
            &[],
            &[Series {
                name: "a".into(),
                values: vec![],
            }],
            &chart_opts(),
        ),
        line_chart(&["x".to_owned()], &[], &chart_opts()),
    ] {
        check_well_formed(&svg).unwrap();
        accessible_root(&svg, "c1");
        assert!(svg.contains(">Number of incidents recorded in 2024, by type</text>"));
    }
    // No finite value at all still draws the axes and the shapes.
    let svg = line_chart(
        &["x".to_owned()],
        &[Series {
            name: "a".into(),
            values: vec![None],
        }],
        &chart_opts(),
    );
    check_well_formed(&svg).unwrap();
    assert_eq!(count(&svg, "<polyline class=\"series\""), 1);
}

#[test]
fn escape_is_public_and_complete() {
    assert_eq!(
        escape("<a href='x'>&\"</a>"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Any input: no panic, no inline style, well-formed.

fn arb_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        4 => (-1e6f64..1e6).prop_map(Some),
        1 => any::<f64>().prop_map(Some),
        1 => Just(None),
    ]
}

fn arb_direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::HigherIsWorse), Just(Direction::HigherIsBetter)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, rng_seed: proptest::test_runner::RngSeed::Fixed(20261129), ..ProptestConfig::default() })]

    #[test]
    fn any_map_is_well_formed(
        areas in prop::collection::vec(
            (-170.0f64..170.0, -80.0f64..80.0, 0.0001f64..5.0, any::<String>(), arb_value(),
             prop::option::of(any::<String>())),
            0..8),
        points in prop::collection::vec((-180.0f64..=180.0, -90.0f64..=90.0, any::<String>()), 0..5),
        prefix in any::<String>(),
        text in any::<String>(),
        classes in 0usize..15,
        width in any::<u32>(),
        decimals in 0usize..30,
        direction in arb_direction(),
    ) {
        let bounds: Vec<Boundary> = areas.iter().map(|(x, y, s, ..)| square(*x, *y, *s)).collect();
        let map_areas: Vec<MapArea<'_>> = areas
            .iter()
            .zip(&bounds)
            .map(|((_, _, _, name, value, href), boundary)| MapArea {
                code: name,
                name,
                boundary,
                value: *value,
                href: href.clone(),
            })
            .collect();
        let map_points: Vec<MapPoint<'_>> = points
            .iter()
            .map(|(x, y, label)| MapPoint { location: LonLat::new(*x, *y).unwrap(), label })
            .collect();
        let opts = MapOptions {
            id_prefix: prefix,
            title: text.clone(),
            description: text.clone(),
            legend_title: text.clone(),
            no_data_label: text,
            direction,
            classes,
            width,
            decimals,
            decimal_mark: '.',
        };
        let svg = choropleth(&map_areas, &map_points, &opts);
        prop_assert!(check_well_formed(&svg).is_ok(), "{:?}\n{}", check_well_formed(&svg), svg);
        prop_assert_eq!(count(&svg, "<path class=\"area"), areas.len());
        prop_assert!(!svg.contains("NaN") && !svg.contains("inf"));
        prop_assert_eq!(&svg, &choropleth(&map_areas, &map_points, &opts));
    }

    #[test]
    fn any_bar_chart_is_well_formed(
        bars in prop::collection::vec((any::<String>(), any::<f64>(), prop::option::of(any::<String>())), 0..30),
        text in any::<String>(),
        width in any::<u32>(),
        height in any::<u32>(),
        decimals in 0usize..30,
    ) {
        let bars: Vec<Bar> = bars.into_iter().map(|(label, value, href)| Bar { label, value, href }).collect();
        let opts = ChartOptions {
            id_prefix: text.clone(), title: text.clone(), description: text.clone(),
            width, height, value_label: text, decimals, decimal_mark: '.',
        };
        let svg = bar_chart(&bars, &opts);
        prop_assert!(check_well_formed(&svg).is_ok(), "{:?}\n{}", check_well_formed(&svg), svg);
        prop_assert_eq!(count(&svg, "<rect class=\"bar"), bars.len());
        prop_assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn any_line_chart_is_well_formed(
        labels in prop::collection::vec(any::<String>(), 0..30),
        series in prop::collection::vec((any::<String>(), prop::collection::vec(arb_value(), 0..35)), 0..9),
        text in any::<String>(),
        width in any::<u32>(),
        height in any::<u32>(),
    ) {
        let series: Vec<Series> = series.into_iter().map(|(name, values)| Series { name, values }).collect();
        let opts = ChartOptions {
            id_prefix: text.clone(), title: text.clone(), description: text.clone(),
            width, height, value_label: text, decimals: 2, decimal_mark: '.',
        };
        let svg = line_chart(&labels, &series, &opts);
        prop_assert!(check_well_formed(&svg).is_ok(), "{:?}\n{}", check_well_formed(&svg), svg);
        let expected = if labels.is_empty() { 0 } else { series.len() };
        prop_assert_eq!(count(&svg, "<polyline class=\"series\""), expected);
        prop_assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }
}

#[test]
fn french_readers_get_a_decimal_comma() {
    let b = square(0.0, 0.0, 1.0);
    let areas = [MapArea {
        code: "A",
        name: "A",
        boundary: &b,
        value: Some(12.25),
        href: None,
    }];
    let opts = MapOptions {
        decimals: 2,
        decimal_mark: ',',
        ..MapOptions::default()
    };
    let svg = choropleth(&areas, &[], &opts);
    assert!(svg.contains("12,25"), "{svg}");
    assert!(!svg.contains("12.25"));
    let bars = [Bar {
        label: "x".into(),
        value: 1.5,
        href: None,
    }];
    let svg = bar_chart(
        &bars,
        &ChartOptions {
            decimals: 1,
            decimal_mark: ',',
            ..ChartOptions::default()
        },
    );
    assert!(svg.contains("x: 1,5"), "{svg}");
}
