-- vigie schema, version 3 (SQLite): criminal networks uploaded by analysts, their per-area presence for the
-- diagnosis, and the actions the administrator grants to a role beyond the policy's table.

-- The two files of a network as uploaded (pseudonymous persons; companies and premises may carry real labels),
-- sealed with the field key (XChaCha20-Poly1305, see src/crypto.rs). Read only through the store, which checks the
-- role and audits every read.
CREATE TABLE networks (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    entities_file   TEXT NOT NULL,
    links_file      TEXT NOT NULL,
    entities        BLOB NOT NULL,
    links           BLOB NOT NULL,
    sha256          TEXT NOT NULL,          -- of the entities file's bytes, a newline, the links file's bytes
    entity_count    INTEGER NOT NULL CHECK (entity_count >= 0),
    link_count      INTEGER NOT NULL CHECK (link_count >= 0),
    uploaded_by     TEXT NOT NULL,
    uploaded_at     TEXT NOT NULL
);

-- Aggregates only (counts per area), computed at upload: what the area diagnosis shows of the networks.
CREATE TABLE network_presence (
    network   INTEGER NOT NULL REFERENCES networks(id),
    area      TEXT NOT NULL,
    premises  INTEGER NOT NULL CHECK (premises >= 0),
    groups    INTEGER NOT NULL CHECK (groups >= 0),
    entities  INTEGER NOT NULL CHECK (entities >= 0),
    PRIMARY KEY (network, area)
);

CREATE TABLE role_grants (
    role        TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'analyst', 'caseworker', 'partner', 'dpo')),
    action      TEXT NOT NULL,
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (role, action)
);
