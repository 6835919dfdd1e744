//! Writes an example map, bar chart and line chart as SVG files, to look at them in a browser:
//! `cargo run -p vigie-render --example gallery -- /tmp` (the directory defaults to the system's temporary one).

use std::path::PathBuf;

use vigie_domain::{Boundary, Direction, GeometryError, LonLat};
use vigie_render::{
    Bar, ChartOptions, MapArea, MapOptions, MapPoint, Series, bar_chart, choropleth, line_chart,
};

/// A hexagon of "radius" `r` degrees of latitude centred at (lon, lat), corrected for the latitude.
fn hexagon(lon: f64, lat: f64, r: f64) -> Result<Boundary, GeometryError> {
    let k = lat.to_radians().cos();
    let mut ring: Vec<(f64, f64)> = (0..6)
        .map(|i| {
            let a = (f64::from(i) * 60.0 + 30.0).to_radians();
            (lon + r * a.cos() / k, lat + r * a.sin())
        })
        .collect();
    ring.push(ring[0]);
    Boundary::from_rings(&[ring])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(std::env::temp_dir, PathBuf::from);
    let r = 0.006;
    let (dx, dy) = (r * 3f64.sqrt() / (50.85f64).to_radians().cos(), r * 1.5);
    let mut bounds = Vec::new();
    for row in 0..5 {
        for col in 0..6 {
            let shift = if row % 2 == 1 { dx / 2.0 } else { 0.0 };
            bounds.push(hexagon(
                4.30 + col as f64 * dx + shift,
                50.82 + row as f64 * dy,
                r,
            )?);
        }
    }
    let names: Vec<String> = (0..bounds.len()).map(|i| format!("Quartier {}", i + 1)).collect();
    let areas: Vec<MapArea<'_>> = bounds
        .iter()
        .zip(&names)
        .enumerate()
        .map(|(i, (boundary, name))| MapArea {
            code: name,
            name,
            boundary,
            value: if i % 11 == 4 {
                None
            } else {
                Some(((i * 37) % 23) as f64 * 0.7)
            },
            href: Some(format!("/areas/{}", i + 1)),
        })
        .collect();
    let points: Vec<MapPoint<'_>> = (0..12)
        .filter_map(|i| {
            let location = LonLat::new(
                4.305 + f64::from(i % 4) * 0.012,
                50.825 + f64::from(i / 4) * 0.008,
            )
            .ok()?;
            Some(MapPoint {
                location,
                label: "Point de vente de drogue",
            })
        })
        .collect();
    let opts = MapOptions {
        id_prefix: "example-map".into(),
        title: "Points de vente de drogue pour 1 000 habitants".into(),
        description: "Carte des quartiers par taux, 2024".into(),
        legend_title: "Taux pour 1 000 habitants".into(),
        no_data_label: "Pas de données".into(),
        direction: Direction::HigherIsWorse,
        ..MapOptions::default()
    };
    std::fs::write(dir.join("render-example.svg"), choropleth(&areas, &points, &opts))?;

    let chart = ChartOptions {
        id_prefix: "example-chart".into(),
        title: "Incidents par type".into(),
        description: "Nombre d'incidents enregistrés en 2024, par type".into(),
        value_label: "incidents".into(),
        ..ChartOptions::default()
    };
    let types = [
        ("Point de vente de drogue", 97.0),
        ("Saisie de drogue", 41.0),
        ("Exploitation sexuelle", 12.0),
        ("Exploitation par le travail", 8.0),
        ("Violence entre groupes", 23.0),
        ("Mendicité organisée", 5.0),
        ("Marchand de sommeil", 17.0),
        ("Recrutement de mineurs", 9.0),
        ("Extorsion", -3.0),
        ("Armes à feu", 14.0),
    ];
    let bars: Vec<Bar> = types
        .iter()
        .map(|&(label, value)| Bar {
            label: label.into(),
            value,
            href: None,
        })
        .collect();
    std::fs::write(dir.join("render-bars.svg"), bar_chart(&bars, &chart))?;
    let many: Vec<Bar> = (0..30)
        .map(|i| Bar {
            label: format!("Quartier {}", i + 1),
            value: f64::from((i * 37) % 23) * 0.7,
            href: None,
        })
        .collect();
    let narrow = ChartOptions {
        width: 480,
        decimals: 1,
        ..chart.clone()
    };
    std::fs::write(dir.join("render-many-bars.svg"), bar_chart(&many, &narrow))?;
    std::fs::write(dir.join("render-empty.svg"), choropleth(&[], &[], &opts))?;

    let months: Vec<String> = (1..=24)
        .map(|m| format!("{}-{:02}", 2023 + (m - 1) / 12, (m - 1) % 12 + 1))
        .collect();
    let series: Vec<Series> = types[..4]
        .iter()
        .enumerate()
        .map(|(s, (name, _))| Series {
            name: (*name).into(),
            values: (0..24)
                .map(|m| {
                    if s == 1 && m == 7 {
                        None
                    } else {
                        Some(((m * (s + 3) * 7) % 13 + s * 4) as f64)
                    }
                })
                .collect(),
        })
        .collect();
    std::fs::write(dir.join("render-lines.svg"), line_chart(&months, &series, &chart))?;
    Ok(())
}
