-- vigie schema, version 10 (PostgreSQL): the newest change of the stored data, as the sequence number of its audit entry.
-- Every change is audited, but not every audit entry is a change (a case read, a sign-in): pages keep what they
-- computed until this number moves, so that reading does not make every page compute again.
CREATE TABLE data_version (
    id  BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO data_version (id, seq) SELECT 1, coalesce(max(seq), 0) FROM audit_log;
