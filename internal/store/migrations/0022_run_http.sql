-- Each run keeps what its HTTP requests cost: attempts sent, retries, 429 and
-- 5xx answers, and the time spent waiting on rate limits (steward's limiter,
-- Retry-After, a connector's own pacing), in milliseconds. Runs from before
-- this migration show zeros.
ALTER TABLE runs ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN throttled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN server_errors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN rate_limit_wait_ms INTEGER NOT NULL DEFAULT 0;
