//! Support for tests that need a PostgreSQL database of their own (used by the tests of every crate).
//!
//! The tests read the address of a PostgreSQL server from `VIGIE_TEST_POSTGRES` (a URL whose user may create
//! databases, e.g. `postgres://postgres@127.0.0.1:5499/postgres`); `scripts/test` starts a private server and sets
//! it. Without it, the PostgreSQL tests say so and are skipped, unless `VIGIE_REQUIRE_POSTGRES=1` (set by
//! `scripts/test`, so that CI cannot pass without them), which makes them fail.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AnyConnection, Connection, Executor};

use crate::{Result, StoreError};

/// The server's address, or `None` (with a note on standard error) when the PostgreSQL tests are to be skipped.
///
/// # Panics
/// When `VIGIE_REQUIRE_POSTGRES=1` and no server is given: a test run that must cover PostgreSQL cannot skip it.
#[allow(clippy::panic)]
pub fn postgres_server() -> Option<String> {
    match std::env::var("VIGIE_TEST_POSTGRES") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            if std::env::var("VIGIE_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!(
                    "VIGIE_REQUIRE_POSTGRES=1 but VIGIE_TEST_POSTGRES is not set: no PostgreSQL to test against"
                );
            }
            eprintln!("VIGIE_TEST_POSTGRES is not set: this PostgreSQL test is skipped");
            None
        }
    }
}

/// Creates a new, empty database on the server at `server` and returns its URL. Names are unique per process
/// and call, so that tests running at once never share a database.
pub async fn fresh_database(server: &str) -> Result<String> {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    sqlx::any::install_default_drivers();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!(
        "vigie_t_{}_{}_{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed),
        nanos
    );
    let mut conn = AnyConnection::connect(server).await?;
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await?;
    conn.close().await?;
    database_url(server, &name)
}

/// The URL of database `name` on the same server as `server` (its path replaced).
pub fn database_url(server: &str, name: &str) -> Result<String> {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (server, None),
    };
    let scheme_end = base
        .find("://")
        .map(|i| i + 3)
        .ok_or_else(|| StoreError::Refused(format!("{server}: not a postgres:// address")))?;
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut url = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(
            database_url("postgres://u:p@h:5/postgres", "x").unwrap(),
            "postgres://u:p@h:5/x"
        );
        assert_eq!(
            database_url("postgres://u@h?sslmode=disable", "x").unwrap(),
            "postgres://u@h/x?sslmode=disable"
        );
        assert!(database_url("nonsense", "x").is_err());
    }
}
