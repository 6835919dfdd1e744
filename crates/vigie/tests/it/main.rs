//! The `vigie` command line end to end: the demo server, imports with bad input, users, the audit log, and a
//! SIGKILL in the middle of an import.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod backup;
mod cli;
mod cooperation;
mod crash;
mod diagnose;
mod estimate;
mod htcds;
mod link;
mod network;
mod parquet;
mod plan;
mod postgres;
mod serve;
mod token;

use std::path::Path;
use std::process::{Command, Output, Stdio};

pub fn vigie() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vigie"));
    c.env_remove("VIGIE_DB")
        .env_remove("VIGIE_DEMO_PASSWORD")
        .env("VIGIE_LOG", "warn");
    c
}

pub fn run(args: &[&str]) -> Output {
    vigie().args(args).stdin(Stdio::null()).output().unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs vigie and checks it succeeded; returns what it printed.
pub fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "vigie {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Runs vigie and checks it failed; returns what it said on standard error.
pub fn refused(args: &[&str]) -> String {
    let out = run(args);
    assert!(!out.status.success(), "vigie {args:?} should fail");
    text(&out.stderr)
}

/// The demo city's files, small, written to `dir`.
pub fn demo_files(dir: &Path, incidents: usize) {
    demo_files_with(dir, incidents, 60);
}

/// The demo city (seed 7) with `victims` hidden victims (600 is the demo city itself).
pub fn demo_files_with(dir: &Path, incidents: usize, victims: usize) {
    let out = run(&[
        "demo",
        "generate",
        "--seed",
        "7",
        "--out",
        dir.to_str().unwrap(),
        "--incidents",
        &incidents.to_string(),
        "--victims",
        &victims.to_string(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

pub async fn summary(db: &Path) -> vigie_store::Summary {
    use vigie_store::Store;
    vigie_store::SqlStore::open(db)
        .await
        .unwrap()
        .summary()
        .await
        .unwrap()
}
