-- vigie schema, version 2 (SQLite): victims' cases, screenings, the service directory, consents, referrals,
-- deadlines. Identifying fields are BLOBs sealed with XChaCha20-Poly1305 by the store (see src/crypto.rs); no
-- column holds a residence or immigration status.

-- A new role, the data-protection officer: the users table is rebuilt with the wider CHECK. Sessions end.
DELETE FROM sessions;
CREATE TABLE users_v2 (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'analyst', 'caseworker', 'partner', 'dpo')),
    agency        TEXT REFERENCES agencies(code),
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
);
INSERT INTO users_v2 (id, username, role, agency, password_hash, active, created_at)
    SELECT id, username, role, agency, password_hash, active, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_v2 RENAME TO users;

-- A known value sealed with the field key, to tell a wrong key at start rather than at the first read.
CREATE TABLE field_key_check (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    sealed BLOB NOT NULL
);

CREATE TABLE persons (
    id            INTEGER PRIMARY KEY,
    agency        TEXT NOT NULL REFERENCES agencies(code),
    sex           TEXT NOT NULL,
    nationality   TEXT,
    languages     TEXT NOT NULL,            -- ISO 639 codes separated by ','
    age_uncertain INTEGER NOT NULL CHECK (age_uncertain IN (0, 1)),
    identity      BLOB,                     -- sealed JSON {alias, birth, contact}; NULL once erased
    created_at    TEXT NOT NULL
);

CREATE TABLE cases (
    id                   INTEGER PRIMARY KEY,
    reference            TEXT NOT NULL UNIQUE,   -- pseudonymous, e.g. ngo-2026-0001
    person               INTEGER NOT NULL REFERENCES persons(id),
    agency               TEXT NOT NULL REFERENCES agencies(code),
    caseworker           TEXT NOT NULL,
    minor                INTEGER NOT NULL CHECK (minor IN (0, 1)),
    forms                TEXT NOT NULL,          -- exploitation codes separated by ','
    means                TEXT NOT NULL,
    recruiter_relation   TEXT NOT NULL,
    recruitment_country  TEXT,
    recruitment_date     TEXT,
    exploitation_country TEXT,
    exploitation_area    TEXT REFERENCES areas(code),
    exploitation_from    TEXT,
    exploitation_to      TEXT,
    places               BLOB,                   -- sealed JSON {recruitment, exploitation}
    notes                BLOB,                   -- sealed text
    status               TEXT NOT NULL CHECK (status IN ('possible', 'presumed', 'identified')),
    status_by            TEXT,                   -- the deciding organisation
    status_on            TEXT,
    reasonable_grounds_on TEXT,
    reflection_days      INTEGER NOT NULL,
    opened_on            TEXT NOT NULL,
    closed_on            TEXT,
    legal_hold           INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1)),
    erased_on            TEXT,
    created_at           TEXT NOT NULL
);
CREATE INDEX cases_agency ON cases(agency);

CREATE TABLE screenings (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    list        TEXT NOT NULL,
    version     TEXT NOT NULL,
    indicators  TEXT NOT NULL,                   -- codes separated by ','
    presumed    INTEGER NOT NULL CHECK (presumed IN (0, 1)),
    by_user     TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX screenings_case ON screenings(case_id);

CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    provider    TEXT NOT NULL REFERENCES agencies(code),
    languages   TEXT NOT NULL,
    capacity    INTEGER CHECK (capacity IS NULL OR capacity >= 0),   -- NULL: no fixed number of places
    free        INTEGER CHECK (free IS NULL OR (free >= 0 AND (capacity IS NULL OR free <= capacity))),
    hours       TEXT NOT NULL,
    contact     TEXT NOT NULL,
    response_days INTEGER NOT NULL DEFAULT 3
);

CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    recipient       TEXT NOT NULL REFERENCES agencies(code),
    purpose         TEXT NOT NULL,
    given_on        TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    revoked_at      TEXT,
    override_by     TEXT,                        -- a coordinator, when there was no consent
    override_reason TEXT
);
CREATE INDEX consents_case ON consents(case_id);

CREATE TABLE referrals (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    service      INTEGER NOT NULL REFERENCES services(id),
    consent      INTEGER NOT NULL REFERENCES consents(id),
    status       TEXT NOT NULL CHECK (status IN ('sent', 'accepted', 'refused', 'done', 'revoked')),
    needs        TEXT NOT NULL,                  -- the shared fields passed to the provider, codes separated by ","
    message      BLOB,                           -- sealed text for the provider (may name the person)
    sent_at      TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    answered_at  TEXT,
    answer_note  TEXT,
    done_at      TEXT,
    sent_by      TEXT NOT NULL
);
CREATE INDEX referrals_case ON referrals(case_id);
CREATE INDEX referrals_service ON referrals(service);

CREATE TABLE deadlines (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    kind     TEXT NOT NULL,
    due_on   TEXT NOT NULL,
    label    TEXT NOT NULL,
    done_at  TEXT
);
CREATE INDEX deadlines_due ON deadlines(due_on);

-- Legal help with residence, only when the person asks for it: sealed, readable by the legal-help provider alone,
-- never exported, counted or shown elsewhere.
CREATE TABLE legal_notes (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    provider  TEXT NOT NULL REFERENCES agencies(code),
    note      BLOB,
    at        TEXT NOT NULL
);

-- What happened on a case, for its timeline: no identifying content.
CREATE TABLE case_events (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id);

-- One-time tokens of the forms that change a case (their SHA-256): a form sent twice, or replayed, is refused.
CREATE TABLE form_tokens (
    token_hash TEXT PRIMARY KEY,
    at         TEXT NOT NULL
);
