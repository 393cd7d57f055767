-- Every metrics scrape counts the pending outbox writes and the open dead
-- letters per job. The outbox keeps every write ever made (1M rows and more);
-- these partial indexes hold only the open rows, so the counts read those.
CREATE INDEX outbox_open ON outbox (job) WHERE status = 'pending';
CREATE INDEX dead_letters_open ON dead_letters (job) WHERE replayed_at IS NULL AND discarded_at IS NULL;
