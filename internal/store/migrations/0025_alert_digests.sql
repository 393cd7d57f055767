-- Storm digests. A channel is sent at most so many messages per window;
-- the notifications beyond wait, held, and go out as one digest when the
-- window ends. alerts gains two statuses (held: waiting for its channel's
-- digest; digested: carried by the digest digest_id) and digest_of (a
-- digest row: how many notifications it carries; 0 for one event). SQLite
-- cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE alerts_new (
    id          INTEGER PRIMARY KEY,
    event_key   TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    job         TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    link        TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'digested')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    claimed_by  TEXT    NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    sent_at     TEXT,
    error       TEXT    NOT NULL DEFAULT '',
    digest_id   INTEGER,
    digest_of   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_key, channel)
);
INSERT INTO alerts_new (id, event_key, channel, job, subject, body, link, status, attempts, next_at, claimed_by, lease_until, created_at, sent_at, error)
    SELECT id, event_key, channel, job, subject, body, link, status, attempts, next_at, claimed_by, lease_until, created_at, sent_at, error FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_new RENAME TO alerts;
CREATE INDEX alerts_due ON alerts (status, next_at);
CREATE INDEX alerts_held ON alerts (channel, id) WHERE status = 'held';

-- Each channel's current window: opened at (Unix ms) and the messages sent
-- in it so far.
CREATE TABLE alert_windows (
    channel   TEXT PRIMARY KEY,
    opened_at INTEGER NOT NULL,
    sent      INTEGER NOT NULL
) WITHOUT ROWID;
