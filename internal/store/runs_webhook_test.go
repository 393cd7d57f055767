package store

import (
	"strings"
	"testing"
)

// TestWebhookRunsMigrateAndRecord: a state database written before the
// webhook trigger keeps its runs and quality runs (ids, references) through
// the rebuild of runs, which then records a run a webhook started.
func TestWebhookRunsMigrateAndRecord(t *testing.T) {
	path, db := oldState(t, 19)
	mustExec(t, db, `INSERT INTO runs (id, job, trigger, started_at, ended_at, status, read, stream, deleted) VALUES (5, 'products', 'schedule', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 'succeeded', 12, 'live', 2)`)
	mustExec(t, db, `INSERT INTO quality_runs (run_id, job, generated_at, checked, passing, score, grade, enrichment, consistency, summary) VALUES (5, 'products', 'x', 10, 9, 0.9, 'A', 1, 1, '{}')`)
	db.Close()

	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old, err := st.GetRun(t.Context(), 5)
	if err != nil || old.Trigger != TriggerSchedule || old.Read != 12 || old.Deleted != 2 || old.Stream != "live" {
		t.Fatalf("run 5 after the migration: %+v %v", old, err)
	}
	if qr, ok, err := st.QualityRunByID(t.Context(), 5); err != nil || !ok || qr.Passing != 9 {
		t.Fatalf("quality run 5 after the migration: %+v %v %v", qr, ok, err)
	}
	id, err := st.BeginRun(t.Context(), "leads", TriggerWebhook)
	if err != nil {
		t.Fatalf("begin a webhook run: %v", err)
	}
	if err := st.FinishRun(t.Context(), id, StatusSucceeded, ""); err != nil {
		t.Fatal(err)
	}
	runs, err := st.ListRuns(t.Context(), "leads", 5)
	if err != nil || len(runs) != 1 || runs[0].Trigger != "webhook" {
		t.Fatalf("runs of leads: %+v %v", runs, err)
	}
	var bad []string
	if err := st.DB().SelectContext(t.Context(), &bad, `SELECT "table" FROM pragma_foreign_key_check`); err != nil || len(bad) > 0 {
		t.Errorf("foreign keys after the migration: %v %v", bad, err)
	}
	var fk string
	if err := st.DB().GetContext(t.Context(), &fk, `SELECT sql FROM sqlite_master WHERE name = 'quality_runs'`); err != nil || !strings.Contains(fk, `REFERENCES "runs"`) {
		t.Errorf("quality_runs references: %s %v", fk, err)
	}
}
