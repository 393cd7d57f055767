-- The console's run page reads one run's dead letters and quarantined
-- records. Neither table had an index on run_id, so each page scanned the
-- whole table (30-180 ms at 100k rows, even for a run without any). Each
-- index ends with the rowid, so the rows come in id order without a sort;
-- the partial one counts a run's open dead letters without reading them.
-- runs is not touched (0019 rebuilt it with its indexes).
CREATE INDEX dead_letters_run ON dead_letters (run_id);
CREATE INDEX dead_letters_run_open ON dead_letters (run_id) WHERE replayed_at IS NULL AND discarded_at IS NULL;
CREATE INDEX quarantine_run ON quarantine (run_id);
