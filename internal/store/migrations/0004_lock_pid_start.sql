-- The holder's process start time (clock ticks since boot, /proc/<pid>/stat
-- field 22), so a reused pid is not mistaken for the holder. 0 = unknown.
ALTER TABLE locks ADD COLUMN pid_start INTEGER NOT NULL DEFAULT 0;
