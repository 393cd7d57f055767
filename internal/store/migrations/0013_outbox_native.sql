-- The target's own id of the record a write goes to, when the transform
-- stage knows it (the crosswalked record): the loader updates that record
-- by it, writing the external id onto it too, instead of upserting by the
-- external id, which would create a second record where the target's
-- record lacks the external id.
ALTER TABLE outbox ADD COLUMN native_id TEXT NOT NULL DEFAULT '';
