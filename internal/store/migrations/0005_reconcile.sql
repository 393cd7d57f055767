-- Per job: whether a reconcile is due (a full pass began) and when the last
-- one was queued.
CREATE TABLE reconciles (
    job     TEXT PRIMARY KEY,
    due     INTEGER NOT NULL DEFAULT 0,
    last_at TEXT    NOT NULL DEFAULT ''
);
