package metrics_test

import (
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/metrics"
	"github.com/stewardhq/steward/internal/store"
)

// TestScrapeCountsRunsThatEndLater: the sums kept between scrapes take in a
// run only once it has ended, so a run that was running at one scrape and
// ended before the next is counted once, with its final status and counts,
// and runs started since (by any process) are added.
func TestScrapeCountsRunsThatEndLater(t *testing.T) {
	st := openStore(t)
	ctx := t.Context()
	run(t, st, "prices", store.StatusSucceeded, store.Counts{Read: 10})
	slow := run(t, st, "products", "", store.Counts{Read: 4})
	run(t, st, "prices", store.StatusSucceeded, store.Counts{Read: 7})
	srv := httptest.NewServer(metrics.New(st, zerolog.Nop()).Handler())
	defer srv.Close()

	fams := scrape(t, srv)
	if got := value(t, fams, "steward_runs_in_progress", "job=products"); got != 1 {
		t.Errorf("first scrape: products in progress %v, want 1", got)
	}
	if got := value(t, fams, "steward_records_total", "job=prices", "stage=read"); got != 17 {
		t.Errorf("first scrape: prices read %v, want 17", got)
	}

	if err := st.CommitPage(ctx, store.PageCommit{RunID: slow, Job: "products", Stream: "live", Counts: store.Counts{Read: 2}}); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, slow, store.StatusFailed, "boom"); err != nil {
		t.Fatal(err)
	}
	if err := st.ReleaseLock(ctx, "products", slow); err != nil {
		t.Fatal(err)
	}
	run(t, st, "prices", store.StatusPartial, store.Counts{Read: 1})
	for range 2 { // the second scrape reads only kept sums for these runs
		fams = scrape(t, srv)
		for _, w := range []struct {
			name   string
			labels []string
			v      float64
		}{
			{"steward_runs_in_progress", []string{"job=products"}, 0},
			{"steward_runs_total", []string{"job=products", "status=failed"}, 1},
			{"steward_records_total", []string{"job=products", "stage=read"}, 6},
			{"steward_runs_total", []string{"job=prices", "status=succeeded"}, 2},
			{"steward_runs_total", []string{"job=prices", "status=partial"}, 1},
			{"steward_records_total", []string{"job=prices", "stage=read"}, 18},
		} {
			if got := value(t, fams, w.name, w.labels...); got != w.v {
				t.Errorf("%s%v = %v, want %v", w.name, w.labels, got, w.v)
			}
		}
	}
}

// swappable is a Source whose store a test replaces, as a restore from a
// backup replaces the state file.
type swappable struct{ *store.Store }

// TestScrapeStartsOverOnAReplacedStore: when the run history has fewer runs
// than the sums kept, the sums are made again from the start.
func TestScrapeStartsOverOnAReplacedStore(t *testing.T) {
	before, after := openStore(t), openStore(t)
	for range 3 {
		run(t, before, "prices", store.StatusSucceeded, store.Counts{Read: 10})
	}
	run(t, after, "prices", store.StatusFailed, store.Counts{Read: 1})
	src := &swappable{before}
	srv := httptest.NewServer(metrics.New(src, zerolog.Nop()).Handler())
	defer srv.Close()
	if got := value(t, scrape(t, srv), "steward_records_total", "job=prices", "stage=read"); got != 30 {
		t.Fatalf("before: prices read %v, want 30", got)
	}
	src.Store = after
	fams := scrape(t, srv)
	if got := value(t, fams, "steward_records_total", "job=prices", "stage=read"); got != 1 {
		t.Errorf("after the swap: prices read %v, want 1", got)
	}
	if _, ok := sample(fams, "steward_runs_total", "job=prices", "status=succeeded"); ok {
		t.Error("runs of the replaced store are still counted")
	}
}
