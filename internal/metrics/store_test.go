package metrics_test

import (
	"bytes"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/metrics"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// run makes one run of job with counts, finished with status ("" leaves it
// running).
func run(t *testing.T, st *store.Store, job, status string, c store.Counts) int64 {
	t.Helper()
	ctx := t.Context()
	id, err := st.BeginRun(ctx, job, store.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CommitPage(ctx, store.PageCommit{RunID: id, Job: job, Stream: "live", Counts: c, Cursor: record.Cursor{}}); err != nil {
		t.Fatal(err)
	}
	if status == "" {
		return id
	}
	if err := st.FinishRun(ctx, id, status, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.ReleaseLock(ctx, job, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// writes queues one write per external id for job and settles them.
func writes(t *testing.T, st *store.Store, job string, runID int64, outcome map[string]string) {
	t.Helper()
	ctx := t.Context()
	for ext, status := range outcome {
		items, err := st.EnqueueDraftPushes(ctx, []store.OutboxItem{{Job: job, Target: "pim", ExternalID: ext, Hash: "h-" + ext, Payload: []byte(`{}`), RunID: runID}})
		if err != nil {
			t.Fatal(err)
		}
		if status == store.OutboxPending {
			continue
		}
		if err := st.SettleOutbox(ctx, runID, []store.Settle{{ID: items[0].ID, Status: status, Reason: "422 refused"}}); err != nil {
			t.Fatal(err)
		}
	}
}

func draft(t *testing.T, st *store.Store, kind, product, status string, runID int64) {
	t.Helper()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC).Format(time.RFC3339Nano)
	d := store.Draft{Kind: kind, ProductKey: product, SKU: product, Family: "shoes", Attribute: "description", Value: "A shoe.",
		Rule: "description_required", Generator: "llm", InputHash: "i-" + product, Status: status, RunID: runID, CreatedAt: now, UpdatedAt: now}
	if ok, err := st.AddDraft(t.Context(), d); err != nil || !ok {
		t.Fatalf("add draft %s: added %v, %v", product, ok, err)
	}
}

func quality(t *testing.T, st *store.Store, job string, runID int64, score float64) {
	t.Helper()
	w, err := st.NewQualityWriter(t.Context(), runID)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(t.Context(), store.QualityRun{Job: job, GeneratedAt: "2026-11-27T09:00:00Z", Checked: 100, Passing: int(score), Score: score, Grade: "C", Summary: "{}"}); err != nil {
		t.Fatal(err)
	}
}

// seed fills a store the way runs do: two finished runs of prices (one
// failed) with writes, a dead letter and two quality runs, a products run
// still running, drafts and a system's quota.
func seed(t *testing.T, st *store.Store) {
	ctx := t.Context()
	r1 := run(t, st, "prices", store.StatusSucceeded, store.Counts{Read: 10, Staged: 8, Quarantined: 1})
	writes(t, st, "prices", r1, map[string]string{"A": store.OutboxWritten, "B": store.OutboxDead, "C": store.OutboxPending, "D": store.OutboxDead})
	quality(t, st, "prices", r1, 67)
	r2 := run(t, st, "prices", store.StatusFailed, store.Counts{Read: 5, Staged: 5})
	quality(t, st, "prices", r2, 94)
	if _, err := st.DiscardDeadLetters(ctx, "prices", nil, "obsolete", "ann"); err != nil {
		t.Fatal(err)
	}
	writes(t, st, "prices", r2, map[string]string{"E": store.OutboxDead, "F": store.OutboxPending})
	r3 := run(t, st, "products", "", store.Counts{Read: 4, Staged: 4})
	draft(t, st, store.DraftDescription, "P1", store.DraftPending, r3)
	draft(t, st, store.DraftDescription, "P2", store.DraftPending, r3)
	draft(t, st, store.DraftDescription, "P3", store.DraftFlagged, r3)
	draft(t, st, store.DraftCorrection, "P4", store.DraftPending, r3)
	draft(t, st, store.DraftDescription, "P5", store.DraftApproved, r3)
	if err := st.SetSystemState(ctx, "crm", "salesforce.quota", `{"used":4200,"max":5000,"at":"2026-11-27T08:00:00Z","own":12,"day":"2026-11-27"}`); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSystemState(ctx, "crm", "salesforce.cursor", `not a quota`); err != nil {
		t.Fatal(err)
	}
}

// TestScrapeReadsTheStore: every figure kept in the store is on /metrics,
// read at scrape time from what runs (of any process) stored.
func TestScrapeReadsTheStore(t *testing.T) {
	st := openStore(t)
	seed(t, st)
	srv := httptest.NewServer(metrics.New(st, zerolog.Nop()).Handler())
	defer srv.Close()
	fams := scrape(t, srv)

	want := []struct {
		name   string
		labels []string
		v      float64
	}{
		{"steward_runs_total", []string{"job=prices", "status=succeeded"}, 1},
		{"steward_runs_total", []string{"job=prices", "status=failed"}, 1},
		{"steward_runs_in_progress", []string{"job=products"}, 1},
		{"steward_runs_in_progress", []string{"job=prices"}, 0},
		{"steward_records_total", []string{"job=prices", "stage=read"}, 15},
		{"steward_records_total", []string{"job=prices", "stage=staged"}, 13},
		{"steward_records_total", []string{"job=prices", "stage=written"}, 1},
		{"steward_records_total", []string{"job=prices", "stage=rejected"}, 3},
		{"steward_records_total", []string{"job=prices", "stage=quarantined"}, 1},
		{"steward_records_total", []string{"job=products", "stage=read"}, 4},
		{"steward_outbox_pending", []string{"job=prices"}, 2},
		{"steward_outbox_pending", []string{"job=products"}, 0},
		{"steward_dead_letters_open", []string{"job=prices"}, 1},
		{"steward_dead_letters_open", []string{"job=products"}, 0},
		{"steward_drafts", []string{"kind=description", "status=pending"}, 2},
		{"steward_drafts", []string{"kind=description", "status=flagged"}, 1},
		{"steward_drafts", []string{"kind=correction", "status=pending"}, 1},
		{"steward_drafts", []string{"kind=correction", "status=flagged"}, 0},
		{"steward_quality_score", []string{"job=prices"}, 94},
		{"steward_quota_remaining", []string{"system=crm"}, 800},
		{"steward_quota_limit", []string{"system=crm"}, 5000},
		{"steward_quota_observed_timestamp_seconds", []string{"system=crm"}, float64(time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC).Unix())},
	}
	for _, w := range want {
		if got := value(t, fams, w.name, w.labels...); got != w.v {
			t.Errorf("%s{%s} = %v, want %v", w.name, strings.Join(w.labels, ","), got, w.v)
		}
	}
	if _, ok := sample(fams, "steward_runs_total", "job=products", "status=running"); ok {
		t.Error("a running run is counted in steward_runs_total")
	}
	assertRunTimes(t, st, fams)
	for _, f := range []string{"go_goroutines", "process_start_time_seconds"} {
		if _, ok := fams[f]; !ok {
			t.Errorf("no %s: the Go and process collectors are not registered", f)
		}
	}
}

// assertRunTimes checks the last start and finish against the run history.
func assertRunTimes(t *testing.T, st *store.Store, fams map[string]*dto.MetricFamily) {
	t.Helper()
	runs, err := st.ListRuns(t.Context(), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]store.Run{}
	for _, r := range runs {
		byID[r.ID] = r
	}
	stamp := func(v string) float64 {
		ts, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			t.Fatal(err)
		}
		return float64(ts.UnixNano()) / 1e9
	}
	if got, want := value(t, fams, "steward_last_run_start_timestamp_seconds", "job=prices"), stamp(byID[2].StartedAt); got != want {
		t.Errorf("prices last start %v, want %v (run 2)", got, want)
	}
	if got, want := value(t, fams, "steward_last_run_finish_timestamp_seconds", "job=prices"), stamp(byID[2].EndedAt.String); got != want {
		t.Errorf("prices last finish %v, want %v (run 2)", got, want)
	}
	value(t, fams, "steward_last_run_start_timestamp_seconds", "job=products")
	if _, ok := sample(fams, "steward_last_run_finish_timestamp_seconds", "job=products"); ok {
		t.Error("products has a last finish, but its only run is still running")
	}
}

// TestScrapeReportsABadQuotaAndServesTheRest: a kept quota that is not JSON
// is logged with the system and key, and the other figures are served.
func TestScrapeReportsABadQuotaAndServesTheRest(t *testing.T) {
	st := openStore(t)
	run(t, st, "prices", store.StatusSucceeded, store.Counts{Read: 3})
	if err := st.SetSystemState(t.Context(), "crm", "salesforce.quota", `{"used":`); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv := httptest.NewServer(metrics.New(st, zerolog.New(&logs)).Handler())
	defer srv.Close()
	fams := scrape(t, srv)
	if got := value(t, fams, "steward_records_total", "job=prices", "stage=read"); got != 3 {
		t.Errorf("records read %v, want 3", got)
	}
	if _, ok := fams["steward_quota_remaining"]; ok {
		t.Error("a quota was reported from a value that is not JSON")
	}
	if !strings.Contains(logs.String(), "system crm: state salesforce.quota: decode the allocation") {
		t.Errorf("the log does not name the bad quota: %s", logs.String())
	}
}
