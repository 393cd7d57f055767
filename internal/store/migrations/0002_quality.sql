CREATE TABLE quality_runs (
    run_id       INTEGER PRIMARY KEY REFERENCES runs (id),
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
CREATE INDEX quality_runs_job ON quality_runs (job, run_id);

CREATE TABLE violations (
    run_id      INTEGER NOT NULL,
    product_key TEXT    NOT NULL,
    sku         TEXT    NOT NULL,
    family      TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    axis        TEXT    NOT NULL,
    attribute   TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    fix         TEXT    NOT NULL
);
CREATE INDEX violations_run ON violations (run_id, product_key);

CREATE TABLE product_scores (
    run_id      INTEGER NOT NULL,
    product_key TEXT    NOT NULL,
    sku         TEXT    NOT NULL,
    family      TEXT    NOT NULL,
    passing     INTEGER NOT NULL,
    enrichment  REAL    NOT NULL,
    consistency REAL    NOT NULL,
    violations  INTEGER NOT NULL,
    PRIMARY KEY (run_id, product_key)
) WITHOUT ROWID;

CREATE TABLE drafts (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('description', 'correction')),
    product_key    TEXT NOT NULL,
    sku            TEXT NOT NULL,
    family         TEXT NOT NULL,
    attribute      TEXT NOT NULL,
    locale         TEXT NOT NULL,
    channel        TEXT NOT NULL,
    value          TEXT NOT NULL,
    rule           TEXT NOT NULL,
    generator      TEXT NOT NULL,
    model          TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    input_hash     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'pushed', 'flagged')),
    reason         TEXT NOT NULL DEFAULT '',
    reviewer       TEXT NOT NULL DEFAULT '',
    run_id         INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (kind, product_key, attribute, locale, channel, input_hash)
);
CREATE INDEX drafts_status ON drafts (status, kind);
