-- The ID crosswalk: which native record of which system is which canonical
-- entity of a data type, with the match key and value that linked it. A
-- canonical entity has at most one native record per system.
CREATE TABLE crosswalk (
    system       TEXT NOT NULL,
    data_type    TEXT NOT NULL,
    native_id    TEXT NOT NULL,
    canonical_id TEXT NOT NULL,
    match_key    TEXT NOT NULL DEFAULT '',
    match_value  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (system, data_type, native_id),
    UNIQUE (system, data_type, canonical_id)
);
CREATE INDEX crosswalk_canonical ON crosswalk (data_type, canonical_id);

-- Every match key value a crosswalked record carries, so that a record of
-- another system can be matched to it (by SKU, GTIN, external id, ...).
CREATE TABLE crosswalk_keys (
    system      TEXT NOT NULL,
    data_type   TEXT NOT NULL,
    native_id   TEXT NOT NULL,
    match_key   TEXT NOT NULL,
    match_value TEXT NOT NULL,
    PRIMARY KEY (system, data_type, native_id, match_key),
    FOREIGN KEY (system, data_type, native_id) REFERENCES crosswalk (system, data_type, native_id) ON DELETE CASCADE
);
CREATE INDEX crosswalk_keys_value ON crosswalk_keys (data_type, match_key, match_value);

-- The escalation queue: decisions the transform stage leaves to a person
-- (true merge conflicts, ambiguous matches). Versions are canonical JSON.
CREATE TABLE escalations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    job            TEXT NOT NULL,
    run_id         INTEGER NOT NULL DEFAULT 0,
    data_type      TEXT NOT NULL,
    canonical_id   TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL,
    source_system  TEXT NOT NULL,
    source_key     TEXT NOT NULL DEFAULT '',
    target_system  TEXT NOT NULL DEFAULT '',
    target_key     TEXT NOT NULL DEFAULT '',
    source_version TEXT NOT NULL DEFAULT '{}',
    target_version TEXT NOT NULL DEFAULT '{}',
    base_version   TEXT NOT NULL DEFAULT '',
    fields         TEXT NOT NULL DEFAULT '[]',
    status         TEXT NOT NULL DEFAULT 'open',
    decision       TEXT NOT NULL DEFAULT '',
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX escalations_status ON escalations (status, job);
-- One open escalation per entity, kind and pair of systems: a rerun updates it.
CREATE UNIQUE INDEX escalations_open ON escalations (job, data_type, canonical_id, source_key, kind, target_system)
    WHERE status = 'open';

-- The last version of an entity both sides agreed on, per job and target:
-- the base of the next three-way merge.
CREATE TABLE synced_versions (
    job          TEXT NOT NULL,
    target       TEXT NOT NULL,
    canonical_id TEXT NOT NULL,
    version      TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (job, target, canonical_id)
);
