-- vigie schema, version 4 (SQLite): the local action plan. A measure is kept as its validated JSON form (the
-- format of plan files), with its areas and the agencies that carry it in their own tables so that references
-- hold and a partner's measures are found; its timeline and the values entered for its indicators beside it.

CREATE TABLE measures (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    data        TEXT NOT NULL,                  -- the measure as JSON (vigie_domain::plan::MeasureDraft, valid)
    status      TEXT NOT NULL CHECK (status IN ('planned', 'running', 'done', 'suspended', 'cancelled')),
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE measure_areas (
    measure  INTEGER NOT NULL REFERENCES measures(id),
    area     TEXT NOT NULL REFERENCES areas(code),
    PRIMARY KEY (measure, area)
);

-- The lead (role 'lead') and the partners of a measure.
CREATE TABLE measure_agencies (
    measure  INTEGER NOT NULL REFERENCES measures(id),
    agency   TEXT NOT NULL REFERENCES agencies(code),
    role     TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
    PRIMARY KEY (measure, agency)
);

CREATE TABLE measure_events (
    id       INTEGER PRIMARY KEY,
    measure  INTEGER NOT NULL REFERENCES measures(id),
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('created', 'changed', 'status', 'value')),
    detail   TEXT NOT NULL
);

-- Values of a measure's indicators (by their position in the measure), entered by partners or the coordinator.
CREATE TABLE measure_values (
    id          INTEGER PRIMARY KEY,
    measure     INTEGER NOT NULL REFERENCES measures(id),
    indicator   INTEGER NOT NULL CHECK (indicator >= 0),
    period      TEXT NOT NULL,                  -- YYYY or YYYY-MM
    value       REAL NOT NULL,
    entered_by  TEXT NOT NULL,
    entered_at  TEXT NOT NULL,
    UNIQUE (measure, indicator, period)
);
