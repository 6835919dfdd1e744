-- vigie schema, version 11 (SQLite): machine tokens of the open API. A token acts as a role with some of its read
-- rights (scopes, space-separated), until it expires or is revoked; only the SHA-256 of its secret is kept. Tokens
-- are never deleted (the audit log names them by id); a revoked token stays revoked.

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 100),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'analyst', 'caseworker', 'partner', 'dpo')),
    scopes        TEXT NOT NULL CHECK (length(scopes) BETWEEN 1 AND 1000),
    secret_hash   TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    revoked_at    TEXT,
    revoked_by    TEXT,
    last_used_at  TEXT
);

CREATE TRIGGER api_tokens_no_delete BEFORE DELETE ON api_tokens
BEGIN SELECT RAISE(ABORT, 'tokens are kept'); END;
CREATE TRIGGER api_tokens_no_change BEFORE UPDATE OF name, role, scopes, secret_hash, created_by, created_at,
    expires_at ON api_tokens
BEGIN SELECT RAISE(ABORT, 'a token is kept as made'); END;
CREATE TRIGGER api_tokens_revoked_once BEFORE UPDATE OF revoked_at, revoked_by ON api_tokens
WHEN OLD.revoked_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a revoked token stays revoked'); END;
