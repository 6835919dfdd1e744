//! `vigie publish`: the whole public portal as static files, for a city that hosts it apart from the application.
//! Each file is the body the application serves at the same address (the router is asked, in process), so the
//! static site is identical to `/public`: `/public/en/help` is written as `public/en/help/index.html` (every web
//! server serves a folder's `index.html`), downloads under their own names, and the style sheet at
//! `static/app.css`. `/public` itself, which sends the visitor to their language, becomes a page of links.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use crate::AppState;
use crate::i18n::Lang;

/// Why the portal could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{path}: cannot write: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("{url}: the application answered {status}")]
    Page { url: String, status: StatusCode },
    #[error("{url}: {reason}")]
    Request { url: String, reason: String },
}

/// Every address of the public portal, as the application serves it.
pub async fn addresses(state: &AppState) -> Vec<String> {
    let mut out = vec!["/static/app.css".to_owned()];
    for lang in Lang::ALL {
        let home = format!("/public/{}", lang.code());
        for page in ["", "/help", "/figures", "/convention", "/data"] {
            out.push(format!("{home}{page}"));
        }
        for slug in crate::content::FORM_PAGES {
            out.push(format!("{home}/exploitation/{slug}"));
        }
        out.push(format!("{home}/data/catalogue.json"));
        if let Ok(data) = crate::public_data::gather_cached(state, *lang).await {
            for d in data.datasets() {
                out.push(format!("{home}/data/{}.csv", d.id));
                out.push(format!("{home}/data/{}.json", d.id));
            }
        }
    }
    out
}

/// The file an address is written to, under `out`.
pub fn file_for(out: &Path, url: &str) -> PathBuf {
    let rel = url.trim_start_matches('/');
    let last = rel.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        out.join(rel)
    } else {
        out.join(rel).join("index.html")
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let err = |source| PublishError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    std::fs::write(path, bytes).map_err(err)
}

/// Writes the public portal under `out`; returns the files written. All pages are fetched before anything is
/// written, so that a failure leaves `out` as it was.
pub async fn write_static(state: AppState, out: &Path) -> Result<Vec<PathBuf>, PublishError> {
    let app = crate::router(state.clone());
    let mut files = Vec::new();
    for url in addresses(&state).await {
        let req = Request::get(&url)
            .body(Body::empty())
            .map_err(|e| PublishError::Request {
                url: url.clone(),
                reason: e.to_string(),
            })?;
        let res = app
            .clone()
            .oneshot(req)
            .await
            .map_err(|e| PublishError::Request {
                url: url.clone(),
                reason: e.to_string(),
            })?;
        if res.status() != StatusCode::OK {
            return Err(PublishError::Page {
                url,
                status: res.status(),
            });
        }
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .map_err(|e| PublishError::Request {
                url: url.clone(),
                reason: e.to_string(),
            })?;
        files.push((file_for(out, &url), body));
    }
    // `/public`: a page of links to each language (the application redirects by the browser's language).
    let mut index = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>vigie</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n</head>\n<body class=\"public\">\n\
         <main id=\"main\">\n<ul class=\"langs\">\n",
    );
    for lang in Lang::ALL {
        index.push_str(&format!(
            "<li><a href=\"/public/{0}\" lang=\"{0}\" hreflang=\"{0}\">{1}</a></li>\n",
            lang.code(),
            lang.native_name()
        ));
    }
    index.push_str("</ul>\n</main>\n</body>\n</html>\n");
    files.push((out.join("public").join("index.html"), index.into_bytes().into()));
    let mut written = Vec::with_capacity(files.len());
    for (path, body) in files {
        write(&path, &body)?;
        written.push(path);
    }
    Ok(written)
}
