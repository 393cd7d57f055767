-- The synced version a write leads to (the base of the next three-way
-- merge) waits on its outbox row and is recorded in synced_versions only
-- when the target took the write (written or unchanged): a refused,
-- dead-lettered, dropped or escalated write agreed on nothing. A replay of
-- the row after a kill carries it to the replayed settle.
ALTER TABLE outbox ADD COLUMN synced TEXT NOT NULL DEFAULT '';
