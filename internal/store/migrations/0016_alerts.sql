-- One row per alert event and channel: the UNIQUE key is what makes a
-- notification go out once, whichever process (serve, schedule) saw the
-- event first. A sender claims a row (status sending, claimed_by, a lease in
-- lease_until) before it sends; a lease that ran out (the sender died) may be
-- claimed again. next_at and lease_until are Unix milliseconds.
CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    event_key   TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    job         TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    link        TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    claimed_by  TEXT    NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    sent_at     TEXT,
    error       TEXT    NOT NULL DEFAULT '',
    UNIQUE (event_key, channel)
);
CREATE INDEX alerts_due ON alerts (status, next_at);

-- The alert watcher's own marks: where it first started (name start), and
-- the dead-letter crossings it is armed on (name dlq:<job>).
CREATE TABLE alert_marks (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
