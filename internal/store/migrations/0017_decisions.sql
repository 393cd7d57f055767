-- The audit trail: every decision a person takes (draft approve, edit,
-- reject, a bulk selection, an escalation resolved or dismissed, a dead
-- letter replayed or discarded), written in the same transaction as the
-- decision itself, with who, when (UTC), what, and the values before and after.
CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    reviewer     TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    before       TEXT NOT NULL DEFAULT '',
    after        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_reviewer ON decisions (reviewer, id);
CREATE INDEX decisions_action ON decisions (action, id);
CREATE INDEX decisions_at ON decisions (at);
CREATE INDEX decisions_subject ON decisions (subject_kind, subject_id);

-- The review queue pages by id within a status, a family and a locale.
CREATE INDEX drafts_review ON drafts (status, id);
CREATE INDEX drafts_review_family ON drafts (status, family, locale, id);
