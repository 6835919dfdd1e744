//! An export: a folder of partitioned datasets and its `_vigie.json`, written piece by piece so that a caller can
//! hand over one year of incidents at a time (memory stays bounded by a year).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};
use vigie_domain::{Area, City, Incident, IndicatorCode, IndicatorDef, IndicatorValue, Period};

use crate::pseudonym::{Secret, SecretOrigin};
use crate::schema::{Dataset, Kind};
use crate::write::{Values, write_file};
use crate::{Error, MANIFEST_FILE, Result, SCHEMA_VERSION, io_error};

/// One link of a stored network, as the analyst's file gives it (ids not yet pseudonymised).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRow {
    pub source_id: String,
    pub source_kind: String,
    pub target_id: String,
    pub target_kind: String,
    pub kind: String,
    /// Finite and > 0.
    pub weight: f64,
    pub date: Option<Date>,
}

/// The links of one stored network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkLinks {
    /// The store's id of the network.
    pub id: i64,
    pub uploaded_at: OffsetDateTime,
    pub links: Vec<LinkRow>,
}

/// A file written, relative to the export's folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// A column as `_vigie.json` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    pub name: &'static str,
    /// The Parquet type: physical and logical (`int32 (DATE)`).
    pub parquet: String,
    /// What Spark and DataFusion read it as.
    pub sql: &'static str,
    pub required: bool,
    pub about: &'static str,
}

/// A dataset as `_vigie.json` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetInfo {
    pub name: &'static str,
    /// The Hive partition column, in the folder names only (`year=2024`).
    pub partitioned_by: Option<&'static str>,
    pub rows: u64,
    pub columns: Vec<ColumnInfo>,
    pub files: Vec<FileInfo>,
}

/// How identifiers were pseudonymised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pseudonymisation {
    pub method: &'static str,
    pub secret: SecretOrigin,
    /// Two exports with the same key id share their pseudonyms.
    pub key_id: String,
    pub columns: Vec<&'static str>,
}

/// The city, as `_vigie.json` names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CityInfo {
    pub name: String,
    pub country: String,
}

/// `_vigie.json`: what the folder holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub format: &'static str,
    pub schema_version: u32,
    /// RFC 3339, UTC.
    pub exported_at: String,
    pub city: CityInfo,
    pub pseudonymisation: Pseudonymisation,
    /// What is left out on purpose.
    pub not_exported: Vec<&'static str>,
    pub datasets: Vec<DatasetInfo>,
}

impl Manifest {
    /// The rows of a dataset.
    pub fn rows(&self, dataset: Dataset) -> u64 {
        self.datasets
            .iter()
            .find(|d| d.name == dataset.name())
            .map_or(0, |d| d.rows)
    }

    /// Every file written, data files first, then `_vigie.json`.
    pub fn files(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .datasets
            .iter()
            .flat_map(|d| d.files.iter().map(|f| f.path.as_str()))
            .collect();
        all.push(MANIFEST_FILE);
        all
    }
}

const NOT_EXPORTED: &[&str] = &[
    "agencies' incident references (pseudonymised)",
    "incidents' coordinates (the area is the finest place exported)",
    "network entities' ids, labels, countries, areas and attributes (ids pseudonymised; the rest left out)",
    "victims' cases, persons, users and the audit log",
];

/// An incident as written: date, area, type, pseudonym (the order of the rows).
type IncidentRow = (Date, Option<String>, &'static str, String);

/// An export being written.
pub struct Export<'s> {
    dir: PathBuf,
    secret: &'s Secret,
    city: City,
    max_rows_per_file: usize,
    files: BTreeMap<Dataset, Vec<FileInfo>>,
    /// Partitions written so far, per dataset (a partition is written once).
    partitions: BTreeSet<(Dataset, String)>,
}

/// Days since 1970-01-01.
pub fn days_since_epoch(d: Date) -> i32 {
    d.to_julian_day() - 2_440_588
}

/// Microseconds since 1970-01-01T00:00Z (`None` beyond ±292,000 years).
pub fn micros_since_epoch(t: OffsetDateTime) -> Option<i64> {
    i64::try_from(t.unix_timestamp_nanos().div_euclid(1000)).ok()
}

fn period_kind(p: Period) -> &'static str {
    match p {
        Period::Year(_) => "year",
        Period::Quarter(..) => "quarter",
        Period::Month(..) => "month",
    }
}

/// The first day of a period (`None` only for a month outside 1–12, which a `Period` never holds).
fn period_start(p: Period) -> Option<Date> {
    let (year, month) = match p {
        Period::Year(y) => (y, 1),
        Period::Quarter(y, q) => (y, (q.saturating_sub(1)) * 3 + 1),
        Period::Month(y, m) => (y, m),
    };
    let month = time::Month::try_from(month).ok()?;
    Date::from_calendar_date(year, month, 1).ok()
}

impl<'s> Export<'s> {
    /// Starts an export into `dir`, which must be missing or empty (it is created).
    pub fn create(dir: &Path, city: &City, secret: &'s Secret) -> Result<Self> {
        if dir.exists() {
            let mut entries = std::fs::read_dir(dir).map_err(io_error(dir))?;
            if entries.next().is_some() {
                return Err(Error::NotEmpty(dir.display().to_string()));
            }
        }
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        Ok(Self {
            dir: dir.to_owned(),
            secret,
            city: city.clone(),
            max_rows_per_file: crate::MAX_ROWS_PER_FILE,
            files: BTreeMap::new(),
            partitions: BTreeSet::new(),
        })
    }

    /// Splits partitions into files of at most `n` rows (at least 1); [`crate::MAX_ROWS_PER_FILE`] by default.
    pub fn with_max_rows_per_file(mut self, n: usize) -> Self {
        self.max_rows_per_file = n.max(1);
        self
    }

    fn claim(&mut self, dataset: Dataset, partition: String) -> Result<()> {
        if self.partitions.insert((dataset, partition.clone())) {
            Ok(())
        } else {
            Err(Error::Repeated {
                dataset: dataset.name(),
                partition,
            })
        }
    }

    /// Writes the rows of one partition (`partition` is its folder, e.g. `year=2024`, or empty) in files of at most
    /// `max_rows_per_file` rows. `columns` builds the columns of a chunk of rows.
    fn write_partition<R>(
        &mut self,
        dataset: Dataset,
        partition: &str,
        rows: &[R],
        columns: impl Fn(&[R]) -> Vec<Values>,
    ) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut rel = PathBuf::from(dataset.name());
        if !partition.is_empty() {
            rel.push(partition);
        }
        let folder = self.dir.join(&rel);
        std::fs::create_dir_all(&folder).map_err(io_error(&folder))?;
        for (n, chunk) in rows.chunks(self.max_rows_per_file).enumerate() {
            let name = format!("part-{n}.parquet");
            let path = folder.join(&name);
            let bytes = write_file(&path, dataset, &columns(chunk))?;
            let content = std::fs::read(&path).map_err(io_error(&path))?;
            let rel_path = rel.join(&name);
            self.files.entry(dataset).or_default().push(FileInfo {
                path: rel_path
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
                rows: chunk.len() as u64,
                bytes,
                sha256: hex(&Sha256::digest(&content)),
            });
        }
        Ok(())
    }

    /// The areas, one row each, ordered by code. Once.
    pub fn areas(&mut self, areas: &[Area]) -> Result<()> {
        self.claim(Dataset::Areas, String::new())?;
        let mut rows: Vec<&Area> = areas.iter().collect();
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        let (city, country) = (self.city.name.clone(), self.city.country.to_string());
        self.write_partition(Dataset::Areas, "", &rows, |chunk| {
            vec![
                Values::Str(chunk.iter().map(|_| Some(city.clone())).collect()),
                Values::Str(chunk.iter().map(|_| Some(country.clone())).collect()),
                Values::Str(chunk.iter().map(|a| Some(a.code.to_string())).collect()),
                Values::Str(chunk.iter().map(|a| Some(a.name.clone())).collect()),
                Values::I64(
                    chunk
                        .iter()
                        .map(|a| Some(i64::from(a.population.get())))
                        .collect(),
                ),
            ]
        })
    }

    /// Incidents, partitioned by the year of their date; each year's rows ordered by date, area, type and
    /// pseudonym. May be called several times (for instance year by year), but each year once.
    pub fn incidents(&mut self, incidents: &[Incident]) -> Result<()> {
        let mut by_year: BTreeMap<i32, Vec<IncidentRow>> = BTreeMap::new();
        for i in incidents {
            by_year.entry(i.date.year()).or_default().push((
                i.date,
                i.area.as_ref().map(ToString::to_string),
                i.kind.code(),
                self.secret.incident(i.id.as_str()),
            ));
        }
        for (year, mut rows) in by_year {
            let partition = format!("year={year}");
            self.claim(Dataset::Incidents, partition.clone())?;
            rows.sort();
            let city = self.city.name.clone();
            self.write_partition(Dataset::Incidents, &partition, &rows, |chunk| {
                vec![
                    Values::Str(chunk.iter().map(|r| Some(r.3.clone())).collect()),
                    Values::Str(chunk.iter().map(|_| Some(city.clone())).collect()),
                    Values::Str(chunk.iter().map(|r| r.1.clone()).collect()),
                    Values::Str(chunk.iter().map(|r| Some(r.2.to_owned())).collect()),
                    Values::I32(chunk.iter().map(|r| Some(days_since_epoch(r.0))).collect()),
                ]
            })?;
        }
        Ok(())
    }

    /// Indicator values, partitioned by the year of their period, ordered by indicator, period and area; the unit
    /// and direction from the indicator's definition. Once.
    pub fn indicators(&mut self, defs: &[IndicatorDef], values: &[IndicatorValue]) -> Result<()> {
        self.claim(Dataset::AreaIndicators, String::new())?;
        let defs: BTreeMap<&IndicatorCode, &IndicatorDef> = defs.iter().map(|d| (&d.code, d)).collect();
        let mut by_year: BTreeMap<i32, Vec<&IndicatorValue>> = BTreeMap::new();
        for v in values {
            by_year.entry(v.period.year()).or_default().push(v);
        }
        for (year, mut rows) in by_year {
            rows.sort_by(|a, b| {
                (&a.indicator, a.period, &a.area)
                    .cmp(&(&b.indicator, b.period, &b.area))
                    .then(a.value().total_cmp(&b.value()))
            });
            let mut starts = Vec::with_capacity(rows.len());
            for r in &rows {
                let start = period_start(r.period)
                    .ok_or_else(|| Error::Invalid(format!("the period {} has no first day", r.period)))?;
                starts.push(Some(days_since_epoch(start)));
            }
            let city = self.city.name.clone();
            let defs = &defs;
            let partition = format!("year={year}");
            let indexed: Vec<(usize, &IndicatorValue)> = rows.into_iter().enumerate().collect();
            self.write_partition(Dataset::AreaIndicators, &partition, &indexed, |chunk| {
                let def = |r: &IndicatorValue| defs.get(&r.indicator).copied();
                vec![
                    Values::Str(chunk.iter().map(|_| Some(city.clone())).collect()),
                    Values::Str(chunk.iter().map(|(_, r)| Some(r.area.to_string())).collect()),
                    Values::Str(chunk.iter().map(|(_, r)| Some(r.indicator.to_string())).collect()),
                    Values::Str(chunk.iter().map(|(_, r)| Some(r.period.to_string())).collect()),
                    Values::Str(
                        chunk
                            .iter()
                            .map(|(_, r)| Some(period_kind(r.period).to_owned()))
                            .collect(),
                    ),
                    Values::I32(
                        chunk
                            .iter()
                            .map(|(i, _)| starts.get(*i).copied().flatten())
                            .collect(),
                    ),
                    Values::F64(chunk.iter().map(|(_, r)| Some(r.value())).collect()),
                    Values::Str(
                        chunk
                            .iter()
                            .map(|(_, r)| def(r).map(|d| d.unit.clone()))
                            .collect(),
                    ),
                    Values::Str(
                        chunk
                            .iter()
                            .map(|(_, r)| def(r).map(|d| d.direction.code().to_owned()))
                            .collect(),
                    ),
                ]
            })?;
        }
        Ok(())
    }

    /// The links of one network under `network_id=ID`, entities pseudonymised, ordered by the pseudonyms, kind,
    /// date and weight. Each network once.
    pub fn network(&mut self, network: &NetworkLinks) -> Result<()> {
        let partition = format!("network_id={}", network.id);
        self.claim(Dataset::NetworkLinks, partition.clone())?;
        let uploaded = micros_since_epoch(network.uploaded_at).ok_or_else(|| {
            Error::Invalid(format!("network {}: its upload time is out of range", network.id))
        })?;
        type Row = (String, String, String, String, String, Option<i32>, f64);
        let mut rows: Vec<Row> = Vec::with_capacity(network.links.len());
        for l in &network.links {
            if !(l.weight.is_finite() && l.weight > 0.0) {
                return Err(Error::Invalid(format!(
                    "network {}: a link's weight is {} (it must be a number > 0)",
                    network.id, l.weight
                )));
            }
            rows.push((
                self.secret.entity(&l.source_id),
                l.source_kind.clone(),
                self.secret.entity(&l.target_id),
                l.target_kind.clone(),
                l.kind.clone(),
                l.date.map(days_since_epoch),
                l.weight,
            ));
        }
        rows.sort_by(|a, b| {
            (&a.0, &a.2, &a.4, a.5, &a.1, &a.3)
                .cmp(&(&b.0, &b.2, &b.4, b.5, &b.1, &b.3))
                .then(a.6.total_cmp(&b.6))
        });
        let city = self.city.name.clone();
        self.write_partition(Dataset::NetworkLinks, &partition, &rows, |chunk| {
            vec![
                Values::Str(chunk.iter().map(|_| Some(city.clone())).collect()),
                Values::I64(chunk.iter().map(|_| Some(uploaded)).collect()),
                Values::Str(chunk.iter().map(|r| Some(r.0.clone())).collect()),
                Values::Str(chunk.iter().map(|r| Some(r.1.clone())).collect()),
                Values::Str(chunk.iter().map(|r| Some(r.2.clone())).collect()),
                Values::Str(chunk.iter().map(|r| Some(r.3.clone())).collect()),
                Values::Str(chunk.iter().map(|r| Some(r.4.clone())).collect()),
                Values::F64(chunk.iter().map(|r| Some(r.6)).collect()),
                Values::I32(chunk.iter().map(|r| r.5).collect()),
            ]
        })
    }

    /// Writes `_vigie.json` and returns what it says. `exported_at` is the only value that differs between two
    /// exports of the same data with the same secret; it is in `_vigie.json`, never in the Parquet files.
    pub fn finish(self, exported_at: OffsetDateTime) -> Result<Manifest> {
        let exported_at = exported_at
            .to_offset(time::UtcOffset::UTC)
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| Error::Invalid(format!("the export time: {e}")))?;
        let mut files = self.files;
        let datasets = Dataset::ALL
            .iter()
            .map(|&d| {
                let mut list = files.remove(&d).unwrap_or_default();
                list.sort_by_key(|f| natural(&f.path));
                DatasetInfo {
                    name: d.name(),
                    partitioned_by: d.partition(),
                    rows: list.iter().map(|f| f.rows).sum(),
                    columns: d
                        .columns()
                        .iter()
                        .map(|c| ColumnInfo {
                            name: c.name,
                            parquet: format!(
                                "{} {}",
                                if c.required { "required" } else { "optional" },
                                parquet_type(c.kind)
                            ),
                            sql: c.kind.sql(),
                            required: c.required,
                            about: c.about,
                        })
                        .collect(),
                    files: list,
                }
            })
            .collect();
        let manifest = Manifest {
            format: "vigie-parquet",
            schema_version: SCHEMA_VERSION,
            exported_at,
            city: CityInfo {
                name: self.city.name.clone(),
                country: self.city.country.to_string(),
            },
            pseudonymisation: Pseudonymisation {
                method: "HMAC-SHA256 under the export's secret, first 16 bytes as 32 lower-case hex digits",
                secret: self.secret.origin(),
                key_id: self.secret.key_id(),
                columns: vec![
                    "incidents.incident_id",
                    "network_links.source_id",
                    "network_links.target_id",
                ],
            },
            not_exported: NOT_EXPORTED.to_vec(),
            datasets,
        };
        let path = self.dir.join(MANIFEST_FILE);
        let text = serde_json::to_string_pretty(&manifest)? + "\n";
        std::fs::write(&path, text).map_err(io_error(&path))?;
        Ok(manifest)
    }
}

/// A sort key that orders `year=2024/part-10` after `year=2024/part-9` and `network_id=10` after `network_id=9`.
fn natural(path: &str) -> Vec<(String, u64)> {
    path.split('/')
        .map(|part| {
            let digits: String = part.chars().filter(char::is_ascii_digit).collect();
            let text: String = part.chars().filter(|c| !c.is_ascii_digit()).collect();
            (text, digits.parse().unwrap_or(0))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The type of a column in `_vigie.json` and the manual (without the name): `int32 (DATE)`.
pub fn parquet_type(kind: Kind) -> String {
    kind.parquet().replace("{} ", "").replace(" {}", "")
}
