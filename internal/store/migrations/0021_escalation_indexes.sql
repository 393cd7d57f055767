-- The console pages escalations open first, then closed, each by id
-- (store.EscalationPage reads the two parts as two id ranges). The open part
-- reads (status, id), or escalations_status (status, job) whose rows run by
-- id within a job; the closed part has partial indexes of its own, so a page
-- reads only its own part's rows in id order, whatever its depth.
CREATE INDEX escalations_status_id ON escalations (status, id);
CREATE INDEX escalations_closed_id ON escalations (id) WHERE status != 'open';
CREATE INDEX escalations_closed_job ON escalations (job, id) WHERE status != 'open';
CREATE INDEX escalations_closed_kind ON escalations (kind, id) WHERE status != 'open';
