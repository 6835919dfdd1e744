//! Reading an export back with the `parquet` crate's own reader: the rows of a file as plain values, and the types
//! its footer declares. For tests and checks; Spark and DataFusion read the files without this.

use std::fs::File;
use std::path::Path;

use parquet::basic::{LogicalType, TimeUnit, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde::Serialize;

use crate::schema::Kind;
use crate::{Error, Result, io_error, parquet_error};

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    Null,
    Str(String),
    /// Days since 1970-01-01.
    Date(i32),
    /// Microseconds since 1970-01-01T00:00Z.
    TimestampMicros(i64),
    Long(i64),
    Double(f64),
}

/// The rows of one file, each a list of (column, value) in the file's order.
pub fn rows(path: &Path) -> Result<Vec<Vec<(String, Value)>>> {
    let file = File::open(path).map_err(io_error(path))?;
    let reader = SerializedFileReader::new(file).map_err(parquet_error(path))?;
    let mut out = Vec::new();
    for row in reader.into_iter() {
        let row = row.map_err(parquet_error(path))?;
        let mut values = Vec::with_capacity(row.len());
        for (name, field) in row.get_column_iter() {
            let v = match field {
                Field::Null => Value::Null,
                Field::Str(s) => Value::Str(s.clone()),
                Field::Date(d) => Value::Date(*d),
                Field::TimestampMicros(t) => Value::TimestampMicros(*t),
                Field::Long(n) => Value::Long(*n),
                Field::Double(x) => Value::Double(*x),
                other => {
                    return Err(Error::Invalid(format!(
                        "{}: the column {name} holds an unexpected {other:?}",
                        path.display()
                    )));
                }
            };
            values.push((name.clone(), v));
        }
        out.push(values);
    }
    Ok(out)
}

/// A column as a file's footer declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FooterColumn {
    pub name: String,
    /// The type the footer's physical and logical types amount to; `None` for any other combination.
    pub kind: Option<Kind>,
    pub required: bool,
    pub physical: String,
    pub logical: Option<String>,
}

/// What the footer of a file says of its columns, and its number of rows.
pub fn footer(path: &Path) -> Result<(Vec<FooterColumn>, i64)> {
    let file = File::open(path).map_err(io_error(path))?;
    let reader = SerializedFileReader::new(file).map_err(parquet_error(path))?;
    let meta = reader.metadata().file_metadata();
    let columns = meta
        .schema_descr()
        .columns()
        .iter()
        .map(|c| {
            let logical = c.logical_type_ref();
            let kind = match (c.physical_type(), logical) {
                (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)) => Some(Kind::String),
                (PhysicalType::INT32, Some(LogicalType::Date)) => Some(Kind::Date),
                (PhysicalType::INT64, Some(LogicalType::Timestamp(t)))
                    if t.is_adjusted_to_u_t_c && matches!(t.unit, TimeUnit::MICROS) =>
                {
                    Some(Kind::TimestampMicrosUtc)
                }
                (PhysicalType::INT64, Some(LogicalType::Integer(i))) if i.bit_width == 64 && i.is_signed => {
                    Some(Kind::Int64)
                }
                (PhysicalType::DOUBLE, None) => Some(Kind::Double),
                _ => None,
            };
            FooterColumn {
                name: c.name().to_owned(),
                kind,
                required: !c.self_type().is_optional(),
                physical: c.physical_type().to_string(),
                logical: logical.map(|l| format!("{l:?}")),
            }
        })
        .collect();
    Ok((columns, meta.num_rows()))
}
