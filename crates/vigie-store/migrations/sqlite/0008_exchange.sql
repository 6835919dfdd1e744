-- vigie schema, version 8 (SQLite): cooperation with partner cities. This city's exchange identity (its secret
-- keys sealed with the field key), the partner cities and organisations (their public keys, the agreement and its
-- data-sharing terms, the linkage secret agreed with them, sealed), and every package exported or imported (a
-- package is imported once: its identifier is the key). Imported payloads are sealed with the field key.
CREATE TABLE exchange_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    city_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    secret BLOB NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    languages TEXT NOT NULL,
    contacts TEXT NOT NULL,
    agreement TEXT NOT NULL,
    public_key TEXT NOT NULL,
    linkage_secret BLOB,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE exchange_packages (
    package TEXT PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    partner TEXT NOT NULL,
    kind TEXT NOT NULL,
    manifest TEXT NOT NULL,
    payload BLOB,
    actor TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX exchange_packages_kind ON exchange_packages (direction, kind);
