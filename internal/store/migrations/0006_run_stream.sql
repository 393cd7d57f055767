-- The cursor stream of a run: "live", or a backfill window "backfill:FROM/TO".
ALTER TABLE runs ADD COLUMN stream TEXT NOT NULL DEFAULT 'live';
