-- vigie schema, version 7 (SQLite): the texts of the public portal edited by the coordinator. Every saved text is a
-- version of its page in its language (numbered 1, 2, … per page and language) and is kept: versions are never
-- changed or deleted, only published. Each publication is a row of its own, so that what the public sees (the
-- version published last) is known even when two publications carry the same time, and publishing an older
-- version again restores it.

CREATE TABLE content_versions (
    id            INTEGER PRIMARY KEY,
    page          TEXT NOT NULL CHECK (length(page) BETWEEN 1 AND 64),
    lang          TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 8),
    version       INTEGER NOT NULL CHECK (version >= 1),
    body          TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) <= 65536),   -- Markdown, at most 64 KiB
    note          TEXT NOT NULL,                                              -- what changed, in the author's words
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    published_at  TEXT,                                                       -- the last time it was published
    UNIQUE (page, lang, version)
);

CREATE TABLE content_publications (
    id            INTEGER PRIMARY KEY,
    version_id    INTEGER NOT NULL REFERENCES content_versions(id),
    published_by  TEXT NOT NULL,
    published_at  TEXT NOT NULL
);

CREATE INDEX content_publications_version ON content_publications (version_id);

-- Versions are kept as written: only their publication time changes.
CREATE TRIGGER content_versions_no_delete BEFORE DELETE ON content_versions
BEGIN SELECT RAISE(ABORT, 'content versions are kept'); END;
CREATE TRIGGER content_versions_no_change BEFORE UPDATE OF page, lang, version, body, note, author, created_at
ON content_versions
BEGIN SELECT RAISE(ABORT, 'content versions are kept'); END;
CREATE TRIGGER content_publications_no_update BEFORE UPDATE ON content_publications
BEGIN SELECT RAISE(ABORT, 'publications are kept'); END;
CREATE TRIGGER content_publications_no_delete BEFORE DELETE ON content_publications
BEGIN SELECT RAISE(ABORT, 'publications are kept'); END;
