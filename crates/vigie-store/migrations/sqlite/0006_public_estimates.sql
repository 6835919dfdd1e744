-- vigie schema, version 6 (SQLite): estimates of the hidden number of victims that the city publishes on its
-- public portal (the newest is shown). Aggregates only: no person is in them.
CREATE TABLE public_estimates (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    lists INTEGER NOT NULL CHECK (lists >= 2),
    observed INTEGER NOT NULL CHECK (observed >= 0),
    estimate REAL NOT NULL,
    low REAL NOT NULL,
    high REAL NOT NULL,
    level REAL NOT NULL,
    method TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL
);
