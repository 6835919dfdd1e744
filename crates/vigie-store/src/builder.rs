//! A query built piece by piece with numbered placeholders (`$1`, `$2`, …), which SQLite and PostgreSQL both
//! accept. (sqlx's own `QueryBuilder` writes `?` for its `Any` driver, which PostgreSQL refuses.)

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Any, Arguments, Encode, FromRow, Type};

/// SQL text and its bound values, numbered in the order they are pushed.
#[derive(Default)]
pub(crate) struct SqlBuilder {
    sql: String,
    args: AnyArguments,
    count: usize,
    /// The first value that could not be bound (reported when the query runs).
    error: Option<String>,
}

impl SqlBuilder {
    pub(crate) fn new(sql: &str) -> Self {
        Self {
            sql: sql.to_owned(),
            ..Self::default()
        }
    }

    /// Appends SQL text (never a value: values go through [`SqlBuilder::bind`]).
    pub(crate) fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends the next placeholder and binds `value` to it.
    pub(crate) fn bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        self.count += 1;
        self.sql.push('$');
        self.sql.push_str(&self.count.to_string());
        if let Err(e) = self.args.add(value)
            && self.error.is_none()
        {
            self.error = Some(e.to_string());
        }
        self
    }

    /// Appends `(v1, v2, …)` for each row, separated by commas (a multi-row `VALUES` list).
    pub(crate) fn values<R>(&mut self, rows: &[R], mut row: impl FnMut(&mut Row<'_>, &R)) -> &mut Self {
        self.push("VALUES ");
        for (i, r) in rows.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push("(");
            row(&mut Row { b: self, first: true }, r);
            self.push(")");
        }
        self
    }

    fn checked(self) -> Result<(String, AnyArguments), sqlx::Error> {
        match self.error {
            Some(e) => Err(sqlx::Error::Encode(e.into())),
            None => Ok((self.sql, self.args)),
        }
    }

    pub(crate) fn build(self) -> Result<Query<'static, Any, AnyArguments>, sqlx::Error> {
        let (sql, args) = self.checked()?;
        Ok(sqlx::query_with(sqlx::AssertSqlSafe(sql), args))
    }

    pub(crate) fn build_scalar<O>(self) -> Result<QueryScalar<'static, Any, O, AnyArguments>, sqlx::Error>
    where
        (O,): for<'r> FromRow<'r, AnyRow>,
    {
        let (sql, args) = self.checked()?;
        Ok(sqlx::query_scalar_with(sqlx::AssertSqlSafe(sql), args))
    }

    pub(crate) fn build_as<O>(self) -> Result<QueryAs<'static, Any, O, AnyArguments>, sqlx::Error>
    where
        O: for<'r> FromRow<'r, AnyRow>,
    {
        let (sql, args) = self.checked()?;
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args))
    }
}

/// One row of a `VALUES` list: each bound value is separated from the one before by a comma.
pub(crate) struct Row<'a> {
    b: &'a mut SqlBuilder,
    first: bool,
}

impl Row<'_> {
    pub(crate) fn bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        if !self.first {
            self.b.push(", ");
        }
        self.first = false;
        self.b.bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut q = SqlBuilder::new("SELECT * FROM t WHERE a = ");
        q.bind(1_i64)
            .push(" AND b IN (")
            .bind("x")
            .push(", ")
            .bind("y")
            .push(")");
        assert_eq!(q.sql, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
        let mut v = SqlBuilder::new("INSERT INTO t (a, b) ");
        v.values(&[(1_i64, "p"), (2, "q")], |r, (a, b)| {
            r.bind(*a).bind(b.to_string());
        });
        assert_eq!(v.sql, "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
        assert_eq!(v.count, 4);
    }
}
