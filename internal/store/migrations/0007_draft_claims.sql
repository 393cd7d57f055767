-- Drafts gain two statuses and a claim. "obsolete": a products run found that
-- the slot no longer has the problem the draft answered (someone filled or
-- fixed the value since), so the draft must never be written over it.
-- "pushing": a push run (push_run) claimed the draft and is writing it;
-- approve and reject refuse it meanwhile, and the next push releases the
-- claim of a run that is no longer running (killed).
CREATE TABLE drafts_v7 (
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
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'pushed', 'flagged', 'superseded',
                                                      'obsolete', 'pushing')),
    reason         TEXT    NOT NULL DEFAULT '',
    reviewer       TEXT    NOT NULL DEFAULT '',
    run_id         INTEGER NOT NULL,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    facts          TEXT    NOT NULL DEFAULT '',
    override       INTEGER NOT NULL DEFAULT 0,
    review_reason  TEXT    NOT NULL DEFAULT '',
    superseded_by  INTEGER NOT NULL DEFAULT 0,
    push_run       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, product_key, attribute, locale, channel, input_hash)
);
INSERT INTO drafts_v7 (id, kind, product_key, sku, family, attribute, locale, channel, value, rule, generator, model,
    prompt_version, input_hash, status, reason, reviewer, run_id, created_at, updated_at, facts, override, review_reason, superseded_by)
SELECT id, kind, product_key, sku, family, attribute, locale, channel, value, rule, generator, model,
    prompt_version, input_hash, status, reason, reviewer, run_id, created_at, updated_at, facts, override, review_reason, superseded_by FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_v7 RENAME TO drafts;
CREATE INDEX drafts_status ON drafts (status, kind);
CREATE INDEX drafts_slot ON drafts (product_key, attribute, locale, channel, id);
-- Settling a write closes the open dead letters of its outbox row.
CREATE INDEX dead_letters_outbox ON dead_letters (outbox_id);
