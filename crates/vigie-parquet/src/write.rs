//! One Parquet file from columns of values, with the low-level writer of the `parquet` crate (no Arrow).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{WriterProperties, WriterVersion};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::schema::{Dataset, Kind, message_type};
use crate::{Error, Result, io_error, parquet_error};

/// The values of one column, in row order; `None` is null.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Values {
    Str(Vec<Option<String>>),
    /// Days since 1970-01-01 (DATE), or microseconds since 1970-01-01T00:00Z (TIMESTAMP), or a plain INT64.
    I32(Vec<Option<i32>>),
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Str(v) => v.len(),
            Values::I32(v) => v.len(),
            Values::I64(v) => v.len(),
            Values::F64(v) => v.len(),
        }
    }

    fn fits(&self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Values::Str(_), Kind::String)
                | (Values::I32(_), Kind::Date)
                | (Values::I64(_), Kind::TimestampMicrosUtc | Kind::Int64)
                | (Values::F64(_), Kind::Double)
        )
    }
}

/// The writer's settings: nothing in them depends on the time or on chance, so the same rows give the same bytes.
fn properties(dataset: Dataset) -> WriterProperties {
    WriterProperties::builder()
        .set_writer_version(WriterVersion::PARQUET_1_0)
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(crate::MAX_ROWS_PER_FILE))
        .set_key_value_metadata(Some(vec![
            KeyValue::new("vigie.dataset".to_owned(), dataset.name().to_owned()),
            KeyValue::new(
                "vigie.schema_version".to_owned(),
                crate::SCHEMA_VERSION.to_string(),
            ),
        ]))
        .build()
}

/// Null levels of an optional column (1 = value present), or `None` for a required one. A null in a required column
/// is an error: the caller built the rows wrong.
fn levels<T>(values: &[Option<T>], required: bool, column: &str) -> Result<Option<Vec<i16>>> {
    if required {
        if values.iter().any(Option::is_none) {
            return Err(Error::Invalid(format!("the required column {column} has a null")));
        }
        Ok(None)
    } else {
        Ok(Some(values.iter().map(|v| i16::from(v.is_some())).collect()))
    }
}

fn present<T: Clone>(values: &[Option<T>]) -> Vec<T> {
    values.iter().flatten().cloned().collect()
}

/// Writes `columns` (one per column of the dataset, in order, all of the same length) to a new file at `path`.
/// Returns the file's bytes' length.
pub(crate) fn write_file(path: &Path, dataset: Dataset, columns: &[Values]) -> Result<u64> {
    let specs = dataset.columns();
    if specs.len() != columns.len() {
        return Err(Error::Invalid(format!(
            "{}: {} columns given for {} in the schema",
            dataset.name(),
            columns.len(),
            specs.len()
        )));
    }
    let rows = columns.first().map_or(0, Values::len);
    for (spec, values) in specs.iter().zip(columns) {
        if values.len() != rows || !values.fits(spec.kind) {
            return Err(Error::Invalid(format!(
                "{}: the column {} does not fit the schema",
                dataset.name(),
                spec.name
            )));
        }
    }
    let schema = Arc::new(parse_message_type(&message_type(dataset)).map_err(parquet_error(path))?);
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io_error(path))?;
    let mut writer = SerializedFileWriter::new(BufWriter::new(file), schema, Arc::new(properties(dataset)))
        .map_err(parquet_error(path))?;
    let mut group = writer.next_row_group().map_err(parquet_error(path))?;
    let mut i = 0;
    while let Some(mut column) = group.next_column().map_err(parquet_error(path))? {
        let (Some(spec), Some(values)) = (specs.get(i), columns.get(i)) else {
            return Err(Error::Invalid(format!(
                "{}: more columns than given",
                dataset.name()
            )));
        };
        let written = match (column.untyped(), values) {
            (ColumnWriter::ByteArrayColumnWriter(w), Values::Str(v)) => {
                let def = levels(v, spec.required, spec.name)?;
                let data: Vec<ByteArray> = v
                    .iter()
                    .flatten()
                    .map(|s| ByteArray::from(s.as_bytes().to_vec()))
                    .collect();
                w.write_batch(&data, def.as_deref(), None)
            }
            (ColumnWriter::Int32ColumnWriter(w), Values::I32(v)) => {
                let def = levels(v, spec.required, spec.name)?;
                w.write_batch(&present(v), def.as_deref(), None)
            }
            (ColumnWriter::Int64ColumnWriter(w), Values::I64(v)) => {
                let def = levels(v, spec.required, spec.name)?;
                w.write_batch(&present(v), def.as_deref(), None)
            }
            (ColumnWriter::DoubleColumnWriter(w), Values::F64(v)) => {
                let def = levels(v, spec.required, spec.name)?;
                w.write_batch(&present(v), def.as_deref(), None)
            }
            _ => {
                return Err(Error::Invalid(format!(
                    "{}: the column {} does not fit its writer",
                    dataset.name(),
                    spec.name
                )));
            }
        };
        written.map_err(parquet_error(path))?;
        column.close().map_err(parquet_error(path))?;
        i += 1;
    }
    group.close().map_err(parquet_error(path))?;
    let mut inner = writer.into_inner().map_err(parquet_error(path))?;
    inner.flush().map_err(io_error(path))?;
    let file = inner.into_inner().map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e.into_error(),
    })?;
    file.sync_all().map_err(io_error(path))?;
    Ok(file.metadata().map_err(io_error(path))?.len())
}
