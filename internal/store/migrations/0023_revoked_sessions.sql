-- Console sessions ended before their expiry (a logout): the session cookie
-- is self-contained, so the server keeps the ended ones to refuse a copy of
-- the cookie, also after a restart. id is a digest of the session id (never
-- the cookie); expires_at (Unix seconds) is when the cookie expires anyway,
-- after which the row is pruned.
CREATE TABLE revoked_sessions (
    id         TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX revoked_sessions_expiry ON revoked_sessions (expires_at);
