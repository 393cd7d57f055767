-- Records their source reports deleted (a deleted-records feed, a delta's
-- removed entities). Staging drops the record's row in the same page
-- transaction and keeps its key here; a record staged again later (undeleted
-- or re-created) leaves this table.
CREATE TABLE deletions (
    data_type  TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    deleted_at TEXT    NOT NULL DEFAULT '',
    run_id     INTEGER NOT NULL,
    PRIMARY KEY (data_type, source, key)
) WITHOUT ROWID;

ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
