//! Parsers for the files a city imports: areas (GeoJSON), indicators, incidents and agencies (CSV).
//!
//! A parser reads the whole file and returns either every row, validated, or **every** error it found, each
//! naming file, line, column and reason. Checks that need what is already stored (does the area exist? does the
//! row differ from the stored one?) are made by the store, with the line numbers kept here in [`Lined`].

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde_json::value::RawValue;
use time::Date;

use crate::codes::{AgencyCode, AreaCode, IncidentId, IndicatorCode};
use crate::geometry::{Boundary, LonLat};
use crate::model::{Agency, Area, Incident, IndicatorDef, IndicatorValue, Population};
use crate::period::Period;
use crate::vocab::{AgencyKind, Direction, IncidentType};

/// At most this many errors are listed for one file; the rest are counted.
pub const MAX_LISTED_ERRORS: usize = 1000;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// 1-based line in the file (the header is line 1 of a CSV file).
    pub line: u64,
    /// The column (CSV header name) or JSON member path the problem is in.
    pub column: String,
    pub reason: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.reason)
    }
}

/// All the problems found in a file. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportErrors {
    pub errors: Vec<ImportError>,
    /// Errors found beyond [`MAX_LISTED_ERRORS`].
    pub unlisted: usize,
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        if self.unlisted > 0 {
            write!(f, "\n… and {} more errors", self.unlisted)?;
        }
        Ok(())
    }
}

/// Collects errors for one file.
#[derive(Debug)]
pub struct ErrorSink {
    file: String,
    errors: Vec<ImportError>,
    unlisted: usize,
}

impl ErrorSink {
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            errors: Vec::new(),
            unlisted: 0,
        }
    }
    pub fn push(&mut self, line: u64, column: &str, reason: impl fmt::Display) {
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(ImportError {
                file: self.file.clone(),
                line,
                column: column.to_owned(),
                reason: reason.to_string(),
            });
        } else {
            self.unlisted += 1;
        }
    }
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
    /// `Ok(value)` when no error was recorded.
    pub fn finish<T>(self, value: T) -> Result<T, ImportErrors> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(ImportErrors {
                errors: self.errors,
                unlisted: self.unlisted,
            })
        }
    }
}

/// A parsed row with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Lined<T> {
    pub line: u64,
    pub value: T,
}

// ---------------------------------------------------------------------------------------------------------------
// Areas: GeoJSON FeatureCollection
// ---------------------------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct RawCollection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    features: Vec<&'a RawValue>,
}

/// Line numbers of parts of a text, asked for in increasing order: each byte is counted once, so numbering every
/// feature of a large file stays linear.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line on which `part` (a slice of the text) starts.
    fn of(&mut self, part: &str) -> u64 {
        let offset = (part.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len());
        if offset < self.offset {
            *self = Self::new(self.text);
        }
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.offset = offset;
        self.line
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses a GeoJSON FeatureCollection of areas. Each feature needs an `id` (a property, or the feature's id),
/// a `population` property (a whole number) and a Polygon or MultiPolygon geometry in WGS84; `name` is optional.
pub fn parse_areas(file: &str, text: &str) -> Result<Vec<Lined<Area>>, ImportErrors> {
    let text = strip_bom(text);
    let mut sink = ErrorSink::new(file);
    let collection: RawCollection<'_> = match serde_json::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            sink.push(
                e.line() as u64,
                &format!("char {}", e.column()),
                format!("not a GeoJSON FeatureCollection: {e}"),
            );
            return sink.finish(Vec::new());
        }
    };
    if collection.kind != "FeatureCollection" {
        sink.push(
            1,
            "type",
            format!("expected \"FeatureCollection\", found {:?}", collection.kind),
        );
        return sink.finish(Vec::new());
    }
    if collection.features.is_empty() {
        sink.push(1, "features", "the collection has no features");
    }
    let mut out = Vec::with_capacity(collection.features.len());
    let mut seen: HashMap<AreaCode, u64> = HashMap::new();
    let mut lines = Lines::new(text);
    for raw in &collection.features {
        let line = lines.of(raw.get());
        let feature: geojson::Feature = match serde_json::from_str(raw.get()) {
            Ok(f) => f,
            Err(e) => {
                sink.push(line, "feature", format!("not a GeoJSON Feature: {e}"));
                continue;
            }
        };
        let props = feature.properties.clone().unwrap_or_default();
        // id
        let id_value = props.get("id").cloned().or_else(|| {
            feature.id.as_ref().map(|id| match id {
                geojson::feature::Id::String(s) => serde_json::Value::String(s.clone()),
                geojson::feature::Id::Number(n) => serde_json::Value::Number(n.clone()),
            })
        });
        let code = match id_value {
            None => {
                sink.push(line, "properties.id", "missing: every area needs an id");
                None
            }
            Some(v) => {
                let s = match &v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => n.to_string(),
                    other => other.to_string(),
                };
                match AreaCode::parse(&s) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        sink.push(line, "properties.id", format!("{s:?} {e}"));
                        None
                    }
                }
            }
        };
        if let Some(code) = &code {
            if let Some(first) = seen.get(code) {
                sink.push(
                    line,
                    "properties.id",
                    format!("area {code} appears twice (first on line {first})"),
                );
            } else {
                seen.insert(code.clone(), line);
            }
        }
        let name = match props.get("name") {
            None | Some(serde_json::Value::Null) => code.as_ref().map(|c| c.to_string()).unwrap_or_default(),
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= 200 => {
                s.trim().to_owned()
            }
            Some(other) => {
                sink.push(
                    line,
                    "properties.name",
                    format!("must be a text of 1 to 200 characters, not {other}"),
                );
                String::new()
            }
        };
        let population = match props.get("population") {
            None | Some(serde_json::Value::Null) => {
                sink.push(
                    line,
                    "properties.population",
                    "missing: every area needs its population",
                );
                None
            }
            Some(v) => match v.as_u64().or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                    .map(|f| f as u64)
            }) {
                Some(n) if n <= u64::from(u32::MAX) => Some(Population::new(n as u32)),
                _ => {
                    sink.push(
                        line,
                        "properties.population",
                        format!("must be a whole number ≥ 0, not {v}"),
                    );
                    None
                }
            },
        };
        let boundary = match &feature.geometry {
            None => {
                sink.push(line, "geometry", "missing: every area needs its boundary");
                None
            }
            Some(g) => match Boundary::from_geojson(g) {
                Ok(b) => Some(b),
                Err(e) => {
                    sink.push(line, "geometry", e);
                    None
                }
            },
        };
        if let (Some(code), Some(population), Some(boundary)) = (code, population, boundary) {
            out.push(Lined {
                line,
                value: Area {
                    code,
                    name,
                    population,
                    boundary,
                },
            });
        }
    }
    sink.finish(out)
}

// ---------------------------------------------------------------------------------------------------------------
// CSV helpers
// ---------------------------------------------------------------------------------------------------------------

/// A CSV table read whole, with its header resolved to column positions.
struct Table {
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn col(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    }
}

fn read_table(file: &str, text: &str, sink: &mut ErrorSink) -> Option<Table> {
    let text = strip_bom(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') && !first_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Err(e) => {
            sink.push(1, "header", format!("cannot read the header: {e}"));
            return None;
        }
    };
    if headers.iter().all(|h| h.is_empty()) {
        sink.push(
            1,
            "header",
            format!("{file} is empty: the first line must name the columns"),
        );
        return None;
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                if record.iter().all(|f| f.is_empty()) {
                    continue;
                }
                if record.len() != headers.len() {
                    sink.push(
                        line,
                        "row",
                        format!("has {} fields but the header has {}", record.len(), headers.len()),
                    );
                    continue;
                }
                rows.push((line, record.clone()));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                sink.push(line, "row", format!("unreadable: {e}"));
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    Some(Table { headers, rows })
}

/// Finds the required columns or reports each missing one.
fn require(table: &Table, sink: &mut ErrorSink, cols: &[&[&str]]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(cols.len());
    let mut ok = true;
    for names in cols {
        match table.col(names) {
            Some(i) => out.push(i),
            None => {
                ok = false;
                sink.push(
                    1,
                    names[0],
                    format!(
                        "missing column {:?}; the header has: {}",
                        names[0],
                        table.headers.join(", ")
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

fn field(rec: &csv::StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or("")
}

fn parse_number(s: &str) -> Option<f64> {
    // Accept a decimal comma ("12,5") as many European spreadsheets write it.
    let v: f64 = s.replace(',', ".").parse().ok()?;
    v.is_finite().then_some(v)
}

// ---------------------------------------------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------------------------------------------

/// The result of parsing an indicator file: values, and definitions where the file carries them.
#[derive(Debug, Clone, Default)]
pub struct IndicatorFile {
    pub values: Vec<Lined<IndicatorValue>>,
    /// Definitions given in the file (columns `unit` and `direction`, optional `name` and `source`), with the
    /// first line that gave each.
    pub definitions: Vec<Lined<IndicatorDef>>,
}

/// Parses indicator values: columns `area`, `indicator`, `period`, `value`; optional `name`, `unit`, `direction`,
/// `source` define an indicator the store does not know yet.
pub fn parse_indicators(file: &str, text: &str) -> Result<IndicatorFile, ImportErrors> {
    let mut sink = ErrorSink::new(file);
    let Some(table) = read_table(file, text, &mut sink) else {
        return sink.finish(IndicatorFile::default());
    };
    let Some(cols) = require(
        &table,
        &mut sink,
        &[
            &["area", "area_id", "area_code"],
            &["indicator"],
            &["period"],
            &["value"],
        ],
    ) else {
        return sink.finish(IndicatorFile::default());
    };
    let (c_area, c_ind, c_period, c_value) = (cols[0], cols[1], cols[2], cols[3]);
    let c_name = table.col(&["name", "indicator_name"]);
    let c_unit = table.col(&["unit"]);
    let c_dir = table.col(&["direction"]);
    let c_source = table.col(&["source"]);
    let mut out = IndicatorFile::default();
    let mut seen: HashMap<(AreaCode, IndicatorCode, Period), u64> = HashMap::new();
    let mut defs: HashMap<IndicatorCode, (u64, IndicatorDef)> = HashMap::new();
    for (line, rec) in &table.rows {
        let line = *line;
        let area = AreaCode::parse(field(rec, c_area))
            .map_err(|e| {
                sink.push(
                    line,
                    &table.headers[c_area],
                    format!("{:?} {e}", field(rec, c_area)),
                )
            })
            .ok();
        let ind = IndicatorCode::parse(field(rec, c_ind))
            .map_err(|e| {
                sink.push(
                    line,
                    &table.headers[c_ind],
                    format!("{:?} {e}", field(rec, c_ind)),
                )
            })
            .ok();
        let period = Period::parse(field(rec, c_period))
            .map_err(|e| sink.push(line, &table.headers[c_period], e))
            .ok();
        let raw_value = field(rec, c_value);
        let value = parse_number(raw_value).or_else(|| {
            sink.push(
                line,
                &table.headers[c_value],
                format!("{raw_value:?} is not a number"),
            );
            None
        });
        // A definition on this row?
        let unit = c_unit.map(|c| field(rec, c).to_owned()).filter(|s| !s.is_empty());
        let dir_raw = c_dir.map(|c| field(rec, c)).filter(|s| !s.is_empty());
        let direction = match (dir_raw, c_dir) {
            (Some(d), Some(c)) => Direction::parse(d)
                .map_err(|e| sink.push(line, &table.headers[c], e))
                .ok(),
            _ => None,
        };
        if let (Some(ind), Some(unit), Some(direction)) = (&ind, unit, direction) {
            let def = IndicatorDef {
                code: ind.clone(),
                name: c_name
                    .map(|c| field(rec, c).to_owned())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| ind.to_string()),
                unit,
                direction,
                source: c_source.map(|c| field(rec, c).to_owned()).unwrap_or_default(),
            };
            match defs.get(ind) {
                Some((first, known)) if *known != def => sink.push(
                    line,
                    "direction",
                    format!("defines indicator {ind} differently from line {first} (name, unit, direction or source)"),
                ),
                Some(_) => {}
                None => {
                    defs.insert(ind.clone(), (line, def));
                }
            }
        }
        if let (Some(area), Some(ind), Some(period), Some(value)) = (area, ind, period, value) {
            let key = (area.clone(), ind.clone(), period);
            if let Some(first) = seen.get(&key) {
                sink.push(
                    line,
                    "period",
                    format!("{ind} for area {area} in {period} is already given on line {first}"),
                );
                continue;
            }
            seen.insert(key, line);
            if let Some(v) = IndicatorValue::new(area, ind, period, value) {
                out.values.push(Lined { line, value: v });
            }
        }
    }
    let mut definitions: Vec<_> = defs
        .into_values()
        .map(|(line, value)| Lined { line, value })
        .collect();
    definitions.sort_by_key(|d| d.line);
    out.definitions = definitions;
    sink.finish(out)
}

// ---------------------------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------------------------

const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Parses an ISO date (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s.trim(), DATE_FORMAT).map_err(|_| format!("{s:?} is not a date; write YYYY-MM-DD"))
}

/// Parses incidents: columns `id`, `type`, `date`, `longitude`, `latitude`; optional `area`. Dates after `today`
/// are refused.
pub fn parse_incidents(file: &str, text: &str, today: Date) -> Result<Vec<Lined<Incident>>, ImportErrors> {
    let mut sink = ErrorSink::new(file);
    let Some(table) = read_table(file, text, &mut sink) else {
        return sink.finish(Vec::new());
    };
    let Some(cols) = require(
        &table,
        &mut sink,
        &[
            &["id"],
            &["type"],
            &["date"],
            &["longitude", "lon", "lng"],
            &["latitude", "lat"],
        ],
    ) else {
        return sink.finish(Vec::new());
    };
    let c_area = table.col(&["area", "area_id", "area_code"]);
    let h = |i: usize| table.headers[i].clone();
    let mut out = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<IncidentId, u64> = HashMap::with_capacity(table.rows.len());
    for (line, rec) in &table.rows {
        let line = *line;
        let mut e = |col: usize, reason: String| sink.push(line, &h(col), reason);
        let id = IncidentId::parse(field(rec, cols[0]))
            .map_err(|x| e(cols[0], format!("{:?} {x}", field(rec, cols[0]))))
            .ok();
        let kind = IncidentType::parse(field(rec, cols[1]))
            .map_err(|x| e(cols[1], x.to_string()))
            .ok();
        let date = parse_date(field(rec, cols[2]))
            .and_then(|d| {
                if d > today {
                    Err(format!("{d} is in the future (today is {today})"))
                } else {
                    Ok(d)
                }
            })
            .map_err(|x| e(cols[2], x))
            .ok();
        let lon = parse_number(field(rec, cols[3]));
        let lat = parse_number(field(rec, cols[4]));
        let location = match (lon, lat) {
            (None, _) => {
                e(cols[3], format!("{:?} is not a number", field(rec, cols[3])));
                None
            }
            (_, None) => {
                e(cols[4], format!("{:?} is not a number", field(rec, cols[4])));
                None
            }
            (Some(lon), Some(lat)) => match LonLat::new(lon, lat) {
                Ok(p) => Some(p),
                Err(x @ crate::geometry::GeometryError::Latitude(_)) => {
                    e(cols[4], x.to_string());
                    None
                }
                Err(x) => {
                    e(cols[3], x.to_string());
                    None
                }
            },
        };
        let area = match c_area.map(|c| (c, field(rec, c))) {
            Some((c, s)) if !s.is_empty() => match AreaCode::parse(s) {
                Ok(a) => Some(Some(a)),
                Err(x) => {
                    e(c, format!("{s:?} {x}"));
                    None
                }
            },
            _ => Some(None),
        };
        if let Some(id) = &id {
            if let Some(first) = seen.get(id) {
                sink.push(
                    line,
                    &h(cols[0]),
                    format!("incident {id} appears twice (first on line {first})"),
                );
                continue;
            }
            seen.insert(id.clone(), line);
        }
        if let (Some(id), Some(kind), Some(date), Some(location), Some(area)) =
            (id, kind, date, location, area)
        {
            out.push(Lined {
                line,
                value: Incident {
                    id,
                    kind,
                    date,
                    location,
                    area,
                },
            });
        }
    }
    sink.finish(out)
}

// ---------------------------------------------------------------------------------------------------------------
// Agencies
// ---------------------------------------------------------------------------------------------------------------

/// Parses partner agencies: columns `code`, `name`, `kind`.
pub fn parse_agencies(file: &str, text: &str) -> Result<Vec<Lined<Agency>>, ImportErrors> {
    let mut sink = ErrorSink::new(file);
    let Some(table) = read_table(file, text, &mut sink) else {
        return sink.finish(Vec::new());
    };
    let Some(cols) = require(&table, &mut sink, &[&["code", "id"], &["name"], &["kind"]]) else {
        return sink.finish(Vec::new());
    };
    let mut out = Vec::new();
    let mut seen: HashMap<AgencyCode, u64> = HashMap::new();
    for (line, rec) in &table.rows {
        let line = *line;
        let code = AgencyCode::parse(field(rec, cols[0]))
            .map_err(|x| {
                sink.push(
                    line,
                    &table.headers[cols[0]],
                    format!("{:?} {x}", field(rec, cols[0])),
                )
            })
            .ok();
        let name = field(rec, cols[1]).to_owned();
        if name.is_empty() || name.chars().count() > 200 {
            sink.push(
                line,
                &table.headers[cols[1]],
                "must be a text of 1 to 200 characters",
            );
        }
        let kind = AgencyKind::parse(field(rec, cols[2]))
            .map_err(|x| sink.push(line, &table.headers[cols[2]], x))
            .ok();
        if let Some(code) = &code {
            if let Some(first) = seen.get(code) {
                sink.push(
                    line,
                    &table.headers[cols[0]],
                    format!("agency {code} appears twice (first on line {first})"),
                );
                continue;
            }
            seen.insert(code.clone(), line);
        }
        if let (Some(code), Some(kind), false) = (code, kind, name.is_empty()) {
            out.push(Lined {
                line,
                value: Agency { code, name, kind },
            });
        }
    }
    sink.finish(out)
}
