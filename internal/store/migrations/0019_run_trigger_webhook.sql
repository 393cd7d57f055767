-- Runs gain the trigger "webhook": a vendor webhook (steward serve) started
-- the run. SQLite cannot change a CHECK constraint, so runs is rebuilt;
-- quality_runs, which references it, is rebuilt with it (the rename keeps the
-- reference), as 0011 did for outbox.
CREATE TABLE runs_v19 (
    id          INTEGER PRIMARY KEY,
    job         TEXT    NOT NULL,
    trigger     TEXT    NOT NULL CHECK (trigger IN ('schedule', 'manual', 'backfill', 'webhook')),
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
    pid         INTEGER NOT NULL DEFAULT 0,
    stream      TEXT    NOT NULL DEFAULT 'live',
    deleted     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO runs_v19 (id, job, trigger, started_at, ended_at, status, read, staged, unchanged, written, rejected,
    quarantined, pages, error, pid, stream, deleted)
SELECT id, job, trigger, started_at, ended_at, status, read, staged, unchanged, written, rejected,
    quarantined, pages, error, pid, stream, deleted FROM runs;

CREATE TABLE quality_runs_v19 (
    run_id       INTEGER PRIMARY KEY REFERENCES runs_v19 (id),
    job          TEXT    NOT NULL,
    generated_at TEXT    NOT NULL,
    checked      INTEGER NOT NULL,
    passing      INTEGER NOT NULL,
    score        REAL    NOT NULL,
    grade        TEXT    NOT NULL,
    enrichment   REAL    NOT NULL,
    consistency  REAL    NOT NULL,
    summary      TEXT    NOT NULL
);
INSERT INTO quality_runs_v19 (run_id, job, generated_at, checked, passing, score, grade, enrichment, consistency, summary)
SELECT run_id, job, generated_at, checked, passing, score, grade, enrichment, consistency, summary FROM quality_runs;

DROP TABLE quality_runs;
DROP TABLE runs;
ALTER TABLE runs_v19 RENAME TO runs;
ALTER TABLE quality_runs_v19 RENAME TO quality_runs;
CREATE INDEX runs_job ON runs (job, id);
CREATE INDEX quality_runs_job ON quality_runs (job, run_id);
