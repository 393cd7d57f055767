CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT    NOT NULL,
    trigger     TEXT    NOT NULL CHECK (trigger IN ('schedule', 'manual', 'backfill')),
    started_at  TEXT    NOT NULL,
    ended_at    TEXT,
    status      TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'partial')),
    read        INTEGER NOT NULL DEFAULT 0,
    staged      INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    written     INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    pages       INTEGER NOT NULL DEFAULT 0,
    error       TEXT    NOT NULL DEFAULT '',
    pid         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_job ON runs (job, id);

CREATE TABLE cursors (
    job        TEXT NOT NULL,
    stream     TEXT NOT NULL,
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (job, stream)
);

CREATE TABLE staged (
    data_type  TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    payload    BLOB    NOT NULL,
    updated_at TEXT    NOT NULL DEFAULT '',
    first_run  INTEGER NOT NULL,
    last_run   INTEGER NOT NULL,
    PRIMARY KEY (data_type, source, key)
) WITHOUT ROWID;

CREATE TABLE quarantine (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL,
    job        TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    raw        BLOB    NOT NULL,
    reason     TEXT    NOT NULL,
    page       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    job         TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    payload     BLOB    NOT NULL,
    run_id      INTEGER NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('pending', 'written', 'unchanged', 'dead')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (target, external_id, hash)
);
CREATE INDEX outbox_pending ON outbox (job, target, status, id);

CREATE TABLE dead_letters (
    id          INTEGER PRIMARY KEY,
    outbox_id   INTEGER NOT NULL REFERENCES outbox (id),
    job         TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    payload     BLOB    NOT NULL,
    reason      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    run_id      INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    replayed_at TEXT
);

CREATE TABLE locks (
    job          TEXT PRIMARY KEY,
    run_id       INTEGER NOT NULL,
    pid          INTEGER NOT NULL,
    host         TEXT    NOT NULL,
    acquired_at  TEXT    NOT NULL,
    heartbeat_at TEXT    NOT NULL
);
