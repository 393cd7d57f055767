package metrics_test

import (
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/metrics"
	"github.com/stewardhq/steward/internal/store"
)

// TestReviewQualityScoreLeavesOutBackfills: steward_quality_score is the
// job's live quality; a backfill's quality check (its last window makes
// one, scoring a re-read of the past) does not replace it, as it does not
// in the quality alert or the console's trend.
func TestReviewQualityScoreLeavesOutBackfills(t *testing.T) {
	st := openStore(t)
	ctx := t.Context()
	live := run(t, st, "prices", store.StatusSucceeded, store.Counts{Read: 1})
	quality(t, st, "prices", live, 90)
	back, err := st.BeginRun(ctx, "prices", store.TriggerBackfill)
	if err != nil {
		t.Fatal(err)
	}
	quality(t, st, "prices", back, 40)
	if err := st.FinishRun(ctx, back, store.StatusSucceeded, ""); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(metrics.New(st, zerolog.Nop()).Handler())
	defer srv.Close()
	if got := value(t, scrape(t, srv), "steward_quality_score", "job=prices"); got != 90 {
		t.Errorf("steward_quality_score{job=prices} = %v, want 90 (the live run's, not the backfill's 40)", got)
	}
}

// TestReviewScrapeWhileRunsWrite: scrapes made while runs begin, commit
// pages and finish (run under -race) each parse, and once the writes stop
// the counters hold every run and record exactly.
func TestReviewScrapeWhileRunsWrite(t *testing.T) {
	st := openStore(t)
	srv := httptest.NewServer(metrics.New(st, zerolog.Nop()).Handler())
	defer srv.Close()
	const runs = 20
	var wg sync.WaitGroup
	wg.Go(func() {
		for range runs {
			run(t, st, "prices", store.StatusSucceeded, store.Counts{Read: 3})
		}
	})
	for range 3 {
		wg.Go(func() {
			for range 5 {
				scrape(t, srv)
			}
		})
	}
	wg.Wait()
	fams := scrape(t, srv)
	if got := value(t, fams, "steward_runs_total", "job=prices", "status=succeeded"); got != runs {
		t.Errorf("runs %v, want %d", got, runs)
	}
	if got := value(t, fams, "steward_records_total", "job=prices", "stage=read"); got != 3*runs {
		t.Errorf("records read %v, want %d", got, 3*runs)
	}
}
