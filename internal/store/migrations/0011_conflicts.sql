-- Write conflicts: a write the target refused because the record changed
-- there since it was read (an If-Match precondition, 412) waits in status
-- 'conflict' with the target's re-read values (current) until the transform
-- stage decides by the job's strategy: queued again with overwrite, dropped
-- (with the reason), escalated to a person, or dead-lettered. source_key and
-- canonical_id name the entity a write came from, for the escalation.
-- SQLite cannot change a CHECK constraint, so outbox is rebuilt; dead_letters,
-- which references it, is rebuilt with it (the rename keeps the reference).
CREATE TABLE outbox_v11 (
    id           INTEGER PRIMARY KEY,
    job          TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    external_id  TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    payload      BLOB    NOT NULL,
    run_id       INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'written', 'unchanged', 'dead', 'conflict', 'escalated', 'dropped')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    draft_id     INTEGER NOT NULL DEFAULT 0,
    overwrite    INTEGER NOT NULL DEFAULT 0,
    current      TEXT    NOT NULL DEFAULT '',
    reason       TEXT    NOT NULL DEFAULT '',
    source_key   TEXT    NOT NULL DEFAULT '',
    canonical_id TEXT    NOT NULL DEFAULT '',
    UNIQUE (target, external_id, hash)
);
INSERT INTO outbox_v11 (id, job, target, external_id, hash, payload, run_id, status, attempts, created_at, updated_at, draft_id)
    SELECT id, job, target, external_id, hash, payload, run_id, status, attempts, created_at, updated_at, draft_id FROM outbox;

CREATE TABLE dead_letters_v11 (
    id             INTEGER PRIMARY KEY,
    outbox_id      INTEGER NOT NULL REFERENCES outbox_v11 (id),
    job            TEXT    NOT NULL,
    target         TEXT    NOT NULL,
    external_id    TEXT    NOT NULL,
    payload        BLOB    NOT NULL,
    reason         TEXT    NOT NULL,
    attempts       INTEGER NOT NULL,
    run_id         INTEGER NOT NULL,
    created_at     TEXT    NOT NULL,
    replayed_at    TEXT,
    discarded_at   TEXT,
    discard_reason TEXT    NOT NULL DEFAULT ''
);
INSERT INTO dead_letters_v11 SELECT id, outbox_id, job, target, external_id, payload, reason, attempts, run_id, created_at,
    replayed_at, discarded_at, discard_reason FROM dead_letters;
DROP TABLE dead_letters;
DROP TABLE outbox;
ALTER TABLE outbox_v11 RENAME TO outbox;
ALTER TABLE dead_letters_v11 RENAME TO dead_letters;
CREATE INDEX outbox_pending ON outbox (job, target, status, id);
CREATE INDEX dead_letters_outbox ON dead_letters (outbox_id);
