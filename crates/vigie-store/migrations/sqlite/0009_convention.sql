-- vigie schema, version 9 (SQLite): the Council of Europe. Corrections of the chart of CETS No. 197 made by the
-- administrator, each with its source, kept in order (the effective chart is the shipped chart with them applied
-- in order; nothing is ever changed or deleted); and GRETA's recommendations that concern the city, entered by the
-- coordinator, each linked to the measure of the action plan made from it.

CREATE TABLE convention_changes (
    id            INTEGER PRIMARY KEY,
    state         TEXT NOT NULL CHECK (length(state) BETWEEN 1 AND 100),
    step          TEXT NOT NULL CHECK (step IN ('signature', 'ratification', 'entry_into_force')),
    date          TEXT CHECK (date IS NULL OR length(date) IN (4, 7, 10)),   -- YYYY, YYYY-MM or YYYY-MM-DD
    confirmation  TEXT NOT NULL CHECK (confirmation IN ('confirmed', 'computed', 'unconfirmed')),
    source        TEXT NOT NULL CHECK (length(trim(source)) BETWEEN 1 AND 500),  -- an address or a reference
    note          TEXT NOT NULL,
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TRIGGER convention_changes_no_update BEFORE UPDATE ON convention_changes
BEGIN SELECT RAISE(ABORT, 'changes of the chart are kept'); END;
CREATE TRIGGER convention_changes_no_delete BEFORE DELETE ON convention_changes
BEGIN SELECT RAISE(ABORT, 'changes of the chart are kept'); END;

CREATE TABLE greta_recommendations (
    id            INTEGER PRIMARY KEY,
    text          TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1500),  -- as GRETA wrote it
    round         INTEGER NOT NULL CHECK (round BETWEEN 1 AND 4),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2010 AND 9999),
    paragraph     TEXT NOT NULL CHECK (length(paragraph) BETWEEN 1 AND 20),
    article       INTEGER NOT NULL CHECK (article BETWEEN 1 AND 47),
    measure       TEXT REFERENCES measures(code),                       -- the measure made from it, once made
    author        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    linked_by     TEXT,
    linked_at     TEXT
);

-- A recommendation's text and reference are kept as entered; only its measure is set, once.
CREATE TRIGGER greta_recommendations_no_change BEFORE UPDATE OF text, round, year, paragraph, article, author,
    created_at ON greta_recommendations
BEGIN SELECT RAISE(ABORT, 'recommendations are kept as entered'); END;
CREATE TRIGGER greta_recommendations_link_once BEFORE UPDATE OF measure ON greta_recommendations
WHEN OLD.measure IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a recommendation is linked to one measure'); END;
CREATE TRIGGER greta_recommendations_no_delete BEFORE DELETE ON greta_recommendations
BEGIN SELECT RAISE(ABORT, 'recommendations are kept'); END;
