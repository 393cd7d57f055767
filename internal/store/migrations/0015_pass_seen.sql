-- The keys a snapshot pass (one reading every record of its source) has
-- read so far, by job and stream, kept across runs until the pass finishes;
-- then the source's staged records it did not read are deleted. A key ''
-- marks a record read without a key (quarantined): that pass deletes nothing.
CREATE TABLE pass_seen (
    job    TEXT NOT NULL,
    stream TEXT NOT NULL,
    key    TEXT NOT NULL,
    PRIMARY KEY (job, stream, key)
) WITHOUT ROWID;
