-- Drafts gain the facts they were checked against (re-checked before a push),
-- the override a reviewer gave a flagged draft with its reason, the reason of
-- a rejection, and the status "superseded" for a draft a newer one replaced.
CREATE TABLE drafts_v3 (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('description', 'correction')),
    product_key    TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    family         TEXT    NOT NULL,
    attribute      TEXT    NOT NULL,
    locale         TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    value          TEXT    NOT NULL,
    rule           TEXT    NOT NULL,
    generator      TEXT    NOT NULL,
    model          TEXT    NOT NULL,
    prompt_version TEXT    NOT NULL,
    input_hash     TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'pushed', 'flagged', 'superseded')),
    reason         TEXT    NOT NULL DEFAULT '',
    reviewer       TEXT    NOT NULL DEFAULT '',
    run_id         INTEGER NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    facts          TEXT    NOT NULL DEFAULT '',
    override       INTEGER NOT NULL DEFAULT 0,
    review_reason  TEXT    NOT NULL DEFAULT '',
    superseded_by  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, product_key, attribute, locale, channel, input_hash)
);
INSERT INTO drafts_v3 (id, kind, product_key, sku, family, attribute, locale, channel, value, rule, generator, model,
    prompt_version, input_hash, status, reason, reviewer, run_id, created_at, updated_at)
SELECT id, kind, product_key, sku, family, attribute, locale, channel, value, rule, generator, model,
    prompt_version, input_hash, status, reason, reviewer, run_id, created_at, updated_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_v3 RENAME TO drafts;
CREATE INDEX drafts_status ON drafts (status, kind);
CREATE INDEX drafts_slot ON drafts (product_key, attribute, locale, channel, id);
-- Older open drafts of a slot that has a newer draft are superseded.
UPDATE drafts SET status = 'superseded', superseded_by = (
        SELECT max(n.id) FROM drafts n WHERE n.product_key = drafts.product_key AND n.attribute = drafts.attribute
            AND n.locale = drafts.locale AND n.channel = drafts.channel)
    WHERE status IN ('pending', 'approved', 'flagged') AND EXISTS (
        SELECT 1 FROM drafts n WHERE n.product_key = drafts.product_key AND n.attribute = drafts.attribute
            AND n.locale = drafts.locale AND n.channel = drafts.channel AND n.id > drafts.id);

-- Generation that failed for a passing reason (5xx, timeout, an error page):
-- the product is drafted again by a later run, after next_attempt.
CREATE TABLE draft_failures (
    product_key  TEXT    NOT NULL,
    attribute    TEXT    NOT NULL,
    locale       TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    failures     INTEGER NOT NULL,
    next_attempt TEXT    NOT NULL,
    last_error   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (product_key, attribute, locale, channel)
) WITHOUT ROWID;

-- A write that pushes a draft names it, so a replay sends the draft's current
-- value (after its re-check), never a stale payload.
ALTER TABLE outbox ADD COLUMN draft_id INTEGER NOT NULL DEFAULT 0;

-- Dead letters a person gave up on, with the reason.
ALTER TABLE dead_letters ADD COLUMN discarded_at TEXT;
ALTER TABLE dead_letters ADD COLUMN discard_reason TEXT NOT NULL DEFAULT '';
