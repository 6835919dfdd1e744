//! Every row of every table, read in one consistent snapshot ([`SqlStore::dump`]) and written into an empty
//! database of either backend ([`SqlStore::load`]): what `vigie migrate` moves from SQLite to PostgreSQL (or back),
//! what a PostgreSQL backup holds, and what the migration is verified with, row for row ([`Dump::differences`]).
//!
//! Values are copied as they are stored: sealed fields stay sealed (their associated data names the table, the
//! column and the row id, which are kept), the audit chain keeps its hashes, and no key is needed to move them.

use std::cmp::Ordering;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

use crate::builder::SqlBuilder;
use crate::sql::{Backend, SqlStore};
use crate::{Result, StoreError};

/// Every table of the schema, in an order that respects foreign keys (a table after those it refers to).
pub const TABLES: &[&str] = &[
    "city",
    "agencies",
    "users",
    "sessions",
    "login_failures",
    "areas",
    "indicators",
    "indicator_values",
    "incidents",
    "imports",
    "audit_log",
    "field_key_check",
    "persons",
    "cases",
    "screenings",
    "services",
    "consents",
    "referrals",
    "deadlines",
    "legal_notes",
    "case_events",
    "form_tokens",
    "networks",
    "network_presence",
    "role_grants",
    "measures",
    "measure_areas",
    "measure_agencies",
    "measure_events",
    "measure_values",
    "public_estimates",
    "content_versions",
    "content_publications",
    "exchange_identity",
    "partners",
    "exchange_packages",
    "convention_changes",
    "greta_recommendations",
    "data_version",
    "api_tokens",
];

/// Tables whose sealed fields are bound to SQLite's implicit `rowid` (PostgreSQL has a `rowid` column there).
const ROWID_TABLES: &[&str] = &["partners", "exchange_packages"];

/// Rows per INSERT when loading (well under both databases' limits on bound values).
const LOAD_VALUES: usize = 20_000;

/// One stored value.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    /// Bytes, in base64 in a dump file.
    Blob(#[serde(with = "b64")] Vec<u8>),
}

mod b64 {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

impl Value {
    fn rank(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Int(_) => 1,
            Value::Real(_) => 2,
            Value::Text(_) => 3,
            Value::Blob(_) => 4,
        }
    }

    /// A total order (reals by their bits' order), so that rows can be sorted the same way whatever the
    /// database's collation.
    fn total_cmp(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Real(a), Value::Real(b)) => a.total_cmp(b),
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            (Value::Blob(a), Value::Blob(b)) => a.cmp(b),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }

    fn show(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Int(i) => i.to_string(),
            Value::Real(r) => r.to_string(),
            Value::Text(t) if t.chars().count() > 40 => {
                format!("{:?}…", t.chars().take(40).collect::<String>())
            }
            Value::Text(t) => format!("{t:?}"),
            Value::Blob(b) => format!(
                "{} bytes ({}…)",
                b.len(),
                base64::engine::general_purpose::STANDARD.encode(&b[..b.len().min(6)])
            ),
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.total_cmp(other) == Ordering::Equal
    }
}

/// The type of a column, as far as copying it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Real,
    Text,
    Blob,
}

impl Kind {
    fn of(declared: &str) -> Result<Kind> {
        let d = declared.to_ascii_lowercase();
        Ok(if d.contains("int") {
            Kind::Int
        } else if d.contains("real") || d.contains("double") || d.contains("float") {
            Kind::Real
        } else if d.contains("text") || d.contains("char") {
            Kind::Text
        } else if d.contains("blob") || d.contains("bytea") {
            Kind::Blob
        } else {
            return Err(StoreError::Corrupt(format!(
                "a column of type {declared:?}: vigie does not copy it"
            )));
        })
    }
}

/// One table's rows, sorted, with its columns in name order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableDump {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Every table of a database, at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dump {
    /// The schema version the rows belong to; a dump loads only into a database of the same version.
    pub schema_version: i64,
    pub tables: Vec<TableDump>,
}

impl Dump {
    /// Rows per table.
    pub fn counts(&self) -> Vec<(String, usize)> {
        self.tables
            .iter()
            .map(|t| (t.name.clone(), t.rows.len()))
            .collect()
    }

    /// Every difference between two dumps, in words (empty when they hold the same rows): missing or extra
    /// tables, columns or rows, and the first differing values of a table.
    pub fn differences(&self, other: &Dump) -> Vec<String> {
        let mut out = Vec::new();
        if self.schema_version != other.schema_version {
            out.push(format!(
                "schema version {} against {}",
                self.schema_version, other.schema_version
            ));
        }
        for t in &self.tables {
            let Some(o) = other.tables.iter().find(|o| o.name == t.name) else {
                out.push(format!("table {} is missing", t.name));
                continue;
            };
            if t.columns != o.columns {
                out.push(format!(
                    "table {}: columns {:?} against {:?}",
                    t.name, t.columns, o.columns
                ));
                continue;
            }
            if t.rows.len() != o.rows.len() {
                out.push(format!(
                    "table {}: {} rows against {}",
                    t.name,
                    t.rows.len(),
                    o.rows.len()
                ));
            }
            let mut shown = 0;
            for (i, (a, b)) in t.rows.iter().zip(&o.rows).enumerate() {
                if a != b && shown < 3 {
                    shown += 1;
                    let col = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(0);
                    out.push(format!(
                        "table {}: row {} differs in {}: {} against {}",
                        t.name,
                        i + 1,
                        t.columns.get(col).map_or("?", String::as_str),
                        a.get(col).map_or_else(String::new, Value::show),
                        b.get(col).map_or_else(String::new, Value::show),
                    ));
                }
            }
        }
        for o in &other.tables {
            if !self.tables.iter().any(|t| t.name == o.name) {
                out.push(format!("table {} is extra", o.name));
            }
        }
        out
    }
}

/// A table's columns and their kinds, in name order (SQLite's `rowid` included where sealed fields use it).
async fn columns(conn: &mut AnyConnection, backend: Backend, table: &str) -> Result<Vec<(String, Kind)>> {
    let rows: Vec<(String, String)> = match backend {
        Backend::Sqlite => {
            sqlx::query_as("SELECT name, type FROM pragma_table_info($1)")
                .bind(table)
                .fetch_all(&mut *conn)
                .await?
        }
        Backend::Postgres => {
            sqlx::query_as(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(table)
            .fetch_all(&mut *conn)
            .await?
        }
    };
    if rows.is_empty() {
        return Err(StoreError::Corrupt(format!("the table {table} is missing")));
    }
    let mut out = rows
        .iter()
        .map(|(name, declared)| Ok((name.clone(), Kind::of(declared)?)))
        .collect::<Result<Vec<_>>>()?;
    if backend == Backend::Sqlite && ROWID_TABLES.contains(&table) {
        out.push(("rowid".into(), Kind::Int));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The tables of the database (but the migrations' own), to check that [`TABLES`] names them all.
async fn table_names(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> 'schema_migrations'"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'"
        }
    };
    let mut names: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut *conn).await?;
    names.sort();
    Ok(names)
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl SqlStore {
    /// Reads every row of every table in one consistent snapshot (writes going on meanwhile are either all in it
    /// or not at all).
    pub async fn dump(&self) -> Result<Dump> {
        let mut conn = self.reader.acquire().await?;
        let mut tx = match self.backend {
            Backend::Sqlite => sqlx::Connection::begin(&mut *conn).await?,
            Backend::Postgres => {
                sqlx::Connection::begin_with(&mut *conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await?
            }
        };
        let mut names = table_names(&mut tx, self.backend).await?;
        let mut known: Vec<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
        known.sort();
        if names != known {
            names.retain(|n| !known.contains(n));
            return Err(StoreError::Corrupt(format!(
                "the database has tables vigie does not copy: {}",
                names.join(", ")
            )));
        }
        let schema_version: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM schema_migrations")
            .fetch_one(&mut *tx)
            .await?;
        let mut tables = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let cols = columns(&mut tx, self.backend, table).await?;
            let list: Vec<String> = cols.iter().map(|(c, _)| quoted(c)).collect();
            let sql = format!("SELECT {} FROM {}", list.join(", "), quoted(table));
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *tx).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let mut values = Vec::with_capacity(cols.len());
                for (i, (_, kind)) in cols.iter().enumerate() {
                    values.push(match kind {
                        Kind::Int => r.try_get::<Option<i64>, _>(i)?.map_or(Value::Null, Value::Int),
                        Kind::Real => r.try_get::<Option<f64>, _>(i)?.map_or(Value::Null, Value::Real),
                        Kind::Text => r
                            .try_get::<Option<String>, _>(i)?
                            .map_or(Value::Null, Value::Text),
                        Kind::Blob => r
                            .try_get::<Option<Vec<u8>>, _>(i)?
                            .map_or(Value::Null, Value::Blob),
                    });
                }
                out.push(values);
            }
            out.sort_by(|a, b| {
                a.iter()
                    .zip(b)
                    .map(|(x, y)| x.total_cmp(y))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            });
            tables.push(TableDump {
                name: (*table).to_owned(),
                columns: cols.into_iter().map(|(c, _)| c).collect(),
                rows: out,
            });
        }
        tx.commit().await?;
        Ok(Dump {
            schema_version: schema_version.unwrap_or(0),
            tables,
        })
    }

    /// Writes every row of `dump` into this database, which must hold no data (but its key check and data version) and have the dump's schema version;
    /// all or nothing (one transaction).
    pub async fn load(&self, dump: &Dump) -> Result<()> {
        let version = self.schema_version().await?;
        if version != dump.schema_version {
            return Err(StoreError::Refused(format!(
                "the data is of schema version {}, the database of version {version}: open both with the same \
                 vigie",
                dump.schema_version
            )));
        }
        let mut tx = self.begin().await?;
        // Rows a database writes for itself (the key check, written when a store is opened with its key, and the
        // data version, written by the migration): the dump's replace them, so that the copy opens with the key of
        // the data it holds and counts its changes on.
        for own in ["field_key_check", "data_version"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {own}")))
                .execute(&mut *tx)
                .await?;
        }
        for table in TABLES {
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT count(*) FROM {}",
                quoted(table)
            )))
            .fetch_one(&mut *tx)
            .await?;
            if n > 0 {
                return Err(StoreError::Refused(format!(
                    "the database already holds data ({n} rows in {table}): vigie loads only into an empty one"
                )));
            }
        }
        for table in TABLES {
            let Some(t) = dump.tables.iter().find(|t| t.name == *table) else {
                return Err(StoreError::Corrupt(format!("the data has no table {table}")));
            };
            let cols = columns(&mut tx, self.backend, table).await?;
            let names: Vec<&String> = cols.iter().map(|(c, _)| c).collect();
            if names != t.columns.iter().collect::<Vec<_>>() {
                return Err(StoreError::Corrupt(format!(
                    "table {table}: the data has columns {:?}, the database {:?}",
                    t.columns, names
                )));
            }
            let per_insert = (LOAD_VALUES / cols.len().max(1)).max(1);
            for chunk in t.rows.chunks(per_insert) {
                let list: Vec<String> = cols.iter().map(|(c, _)| quoted(c)).collect();
                let mut q = SqlBuilder::new(&format!("INSERT INTO {} ({}) ", quoted(table), list.join(", ")));
                let mut bad = None;
                q.values(chunk, |row, values| {
                    for ((_, kind), v) in cols.iter().zip(values) {
                        match (v, kind) {
                            (Value::Null, Kind::Int) => row.bind(None::<i64>),
                            (Value::Null, Kind::Real) => row.bind(None::<f64>),
                            (Value::Null, Kind::Text) => row.bind(None::<String>),
                            (Value::Null, Kind::Blob) => row.bind(None::<Vec<u8>>),
                            (Value::Int(i), Kind::Int) => row.bind(*i),
                            (Value::Real(r), Kind::Real) => row.bind(*r),
                            (Value::Text(s), Kind::Text) => row.bind(s.clone()),
                            (Value::Blob(b), Kind::Blob) => row.bind(b.clone()),
                            (v, kind) => {
                                bad.get_or_insert_with(|| {
                                    format!("table {table}: {} in a {kind:?} column", v.show())
                                });
                                row.bind(None::<String>)
                            }
                        };
                    }
                });
                if let Some(bad) = bad {
                    return Err(StoreError::Corrupt(bad));
                }
                q.build()?.execute(&mut *tx).await?;
            }
            // PostgreSQL's identity columns go on from the highest id loaded.
            if self.backend == Backend::Postgres {
                for col in ["id", "rowid"] {
                    if cols.iter().any(|(c, k)| c == col && *k == Kind::Int) {
                        let sql = format!(
                            "SELECT count(setval(pg_get_serial_sequence('{table}', '{col}')::regclass, m)) \
                             FROM (SELECT max({}) AS m FROM {}) AS x WHERE m IS NOT NULL \
                             AND pg_get_serial_sequence('{table}', '{col}') IS NOT NULL",
                            quoted(col),
                            quoted(table)
                        );
                        let _: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                            .fetch_one(&mut *tx)
                            .await?;
                    }
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
