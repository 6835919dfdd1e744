//! The public portal's texts as the coordinator edits them: every saved text is a version of a page in a language
//! (numbered from 1 per page and language), every version is kept, and the version published last is what the
//! public sees. Saving and publishing need [`Action::EditContent`](vigie_domain::policy::Action::EditContent) and
//! are audited (`content.save`, `content.publish`); reading the published text is public.
//!
//! The store checks only what keeps its rows sound (names of pages and languages, the size of a text, the length
//! of a note); what a text may contain (a title, no `data:` images, safe links) is checked by the web crate's
//! editor, beside the renderer that shows it.

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use crate::Result;
use crate::cases::Viewer;

/// The largest text of a page, in bytes (64 KiB).
pub const MAX_CONTENT_BYTES: usize = 64 * 1024;

/// The longest note of a version, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// One version of a page's text in a language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentVersion {
    pub page: String,
    pub lang: String,
    /// 1, 2, … per page and language.
    pub version: u32,
    /// Markdown.
    pub body: String,
    /// What changed, in the author's words.
    pub note: String,
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The last time this version was published, if ever.
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
}

/// Where a page stands in a language: its newest version and the version the public sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentState {
    pub page: String,
    pub lang: String,
    pub newest: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub newest_at: OffsetDateTime,
    /// The version published last and when, if any.
    pub published: Option<(u32, OffsetDateTime)>,
}

impl ContentState {
    /// Whether a version newer than the published one (or than nothing) waits to be published.
    pub fn has_draft(&self) -> bool {
        self.published.is_none_or(|(v, _)| v != self.newest)
    }
}

/// The public portal's texts.
#[async_trait]
pub trait ContentStore: Send + Sync {
    /// Saves a new version of `page` in `lang` (not published); returns its number. A text over
    /// [`MAX_CONTENT_BYTES`] or a note over [`MAX_NOTE_CHARS`] is refused (`StoreError::Refused`) and nothing is
    /// stored.
    async fn save_content(
        &self,
        v: &Viewer,
        page: &str,
        lang: &str,
        body: &str,
        note: &str,
        at: OffsetDateTime,
    ) -> Result<u32>;
    /// The versions of `page` in `lang`, newest first.
    async fn content_versions(&self, v: &Viewer, page: &str, lang: &str) -> Result<Vec<ContentVersion>>;
    /// One version (`StoreError::NotFound` when there is no such version).
    async fn content_version(
        &self,
        v: &Viewer,
        page: &str,
        lang: &str,
        version: u32,
    ) -> Result<ContentVersion>;
    /// Publishes a version: from now on it is what the public sees (publishing an older version restores it).
    async fn publish_content(
        &self,
        v: &Viewer,
        page: &str,
        lang: &str,
        version: u32,
        at: OffsetDateTime,
    ) -> Result<()>;
    /// The version of `page` in `lang` published last, if any. Public: no viewer, not audited.
    async fn published_content(&self, page: &str, lang: &str) -> Result<Option<ContentVersion>>;
    /// Every page and language that has versions, by page then language.
    async fn content_states(&self, v: &Viewer) -> Result<Vec<ContentState>>;
}
