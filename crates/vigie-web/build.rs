//! Embeds the shipped public texts (`content/{lang}/{page}.md`) in the binary: one table of (language, page, text),
//! so that a translation added as a file needs no change to the code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    if let Ok(langs) = std::fs::read_dir(&root) {
        for lang in langs.flatten() {
            let dir = lang.path();
            if !dir.is_dir() {
                continue;
            }
            println!("cargo::rerun-if-changed={}", dir.display());
            let Some(code) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
                continue;
            };
            if let Ok(files) = std::fs::read_dir(&dir) {
                for f in files.flatten() {
                    let p = f.path();
                    if p.extension().is_some_and(|e| e == "md")
                        && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                    {
                        entries.push((code.clone(), stem.to_owned(), p.display().to_string()));
                    }
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// (language, page, Markdown text) of every shipped public text.\npub static SHIPPED: &[(&str, &str, &str)] = &[\n",
    );
    for (lang, page, path) in &entries {
        let _ = writeln!(out, "    ({lang:?}, {page:?}, include_str!({path:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("content.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo::error=cannot write {}: {e}", dest.display());
    }
}
