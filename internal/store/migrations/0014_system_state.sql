-- A system's own small state kept across runs and jobs (a Salesforce org's
-- daily request allocation as last seen), by system and key.
CREATE TABLE system_state (
    system     TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (system, key)
) WITHOUT ROWID;
