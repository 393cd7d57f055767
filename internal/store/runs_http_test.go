package store

import (
	"strconv"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

// TestRunHTTPFiguresRideOnPagesAndTheEnd: a page carrying HTTP figures sets
// them in its transaction, a page without leaves them, SetRunHTTP replaces
// them at the end; run history, the run page and alerts read them back, and
// another run's figures are its own.
func TestRunHTTPFiguresRideOnPagesAndTheEnd(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	id, _ := s.BeginRun(ctx, "j", TriggerManual)
	first := HTTPCounts{Requests: 3, Retries: 2, Throttled: 1, ServerErrors: 1, RateLimitWaitMS: 7000}
	for i, h := range []*HTTPCounts{&first, nil} {
		page := PageCommit{RunID: id, Job: "j", Stream: "live", Counts: Counts{Read: 1, Pages: 1}, HTTP: h,
			Cursor: record.Cursor{Next: "n" + strconv.Itoa(i)}}
		if err := s.CommitPage(ctx, page); err != nil {
			t.Fatal(err)
		}
	}
	if run, err := s.GetRun(ctx, id); err != nil || run.HTTPCounts != first || run.Pages != 2 {
		t.Fatalf("after two pages: %+v %v; want %+v", run, err, first)
	}
	end := HTTPCounts{Requests: 9, Retries: 4, Throttled: 2, ServerErrors: 1, RateLimitWaitMS: 9500}
	if err := s.SetRunHTTP(ctx, id, end); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, id, StatusFailed, "boom"); err != nil {
		t.Fatal(err)
	}
	other, _ := s.BeginRun(ctx, "k", TriggerManual)
	if err := s.SetRunHTTP(ctx, other, HTTPCounts{Requests: 1}); err != nil {
		t.Fatal(err)
	}
	runs, err := s.ListRuns(ctx, "j", 5)
	if err != nil || len(runs) != 1 || runs[0].HTTPCounts != end {
		t.Fatalf("run history of j: %+v %v; want %+v", runs, err, end)
	}
	page, err := s.RunPage(ctx, RunFilter{Limit: 5})
	if err != nil || len(page) != 2 || page[0].Requests != 1 || page[0].Retries != 0 || page[1].HTTPCounts != end {
		t.Fatalf("run page: %+v %v", page, err)
	}
}

// TestRunHTTPMigrationKeepsOldRuns: runs recorded before migration 0022 keep
// their counts and read zeros for the HTTP figures.
func TestRunHTTPMigrationKeepsOldRuns(t *testing.T) {
	path, db := oldState(t, 22)
	mustExec(t, db, `INSERT INTO runs (id, job, trigger, started_at, ended_at, status, read, pages) VALUES (4, 'products', 'schedule', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 'succeeded', 12, 3)`)
	db.Close()
	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old, err := st.GetRun(t.Context(), 4)
	if err != nil || old.Read != 12 || old.Pages != 3 || old.HTTPCounts != (HTTPCounts{}) {
		t.Fatalf("run 4 after migration 0022: %+v %v", old, err)
	}
}
