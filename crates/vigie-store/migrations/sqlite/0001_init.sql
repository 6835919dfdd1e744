-- vigie schema, version 1 (SQLite).

CREATE TABLE city (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    name    TEXT NOT NULL,
    country TEXT NOT NULL
);

CREATE TABLE agencies (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'analyst', 'caseworker', 'partner')),
    agency        TEXT REFERENCES agencies(code),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
);

-- Server-side sessions. Only the SHA-256 of the session token is stored, never the token itself.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_last_seen ON sessions(last_seen);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    addr     TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_addr ON login_failures(addr, at);

CREATE TABLE areas (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    population INTEGER NOT NULL CHECK (population >= 0),
    boundary   TEXT NOT NULL -- GeoJSON MultiPolygon, WGS84
);

CREATE TABLE indicators (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    unit      TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_worse', 'higher_is_better')),
    source    TEXT NOT NULL
);

CREATE TABLE indicator_values (
    area      TEXT NOT NULL REFERENCES areas(code),
    indicator TEXT NOT NULL REFERENCES indicators(code),
    period    TEXT NOT NULL,
    value     REAL NOT NULL,
    PRIMARY KEY (area, indicator, period)
);
CREATE INDEX indicator_values_by_indicator ON indicator_values(indicator, period);

CREATE TABLE incidents (
    id   TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    date TEXT NOT NULL, -- YYYY-MM-DD
    lon  REAL NOT NULL,
    lat  REAL NOT NULL,
    area TEXT REFERENCES areas(code)
);
CREATE INDEX incidents_date ON incidents(date);
CREATE INDEX incidents_kind_date ON incidents(kind, date);
CREATE INDEX incidents_area_date ON incidents(area, date);

CREATE TABLE imports (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    rows      INTEGER NOT NULL,
    inserted  INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
);

-- Append-only, hash-chained audit log: each entry's hash covers the previous entry's hash.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    addr      TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
