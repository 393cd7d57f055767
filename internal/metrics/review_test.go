package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
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

// TestReviewConnectorPacingIsCounted: HubSpot's client waits out a 429 of
// its burst window and sends the request again itself (so do the Salsify
// and Dataverse pacers before a request); the retry and the 10 s wait must
// reach steward_http_retries_total and steward_rate_limit_wait_seconds_total
// as the HTTP stack's own do.
func TestReviewConnectorPacingIsCounted(t *testing.T) {
	var calls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if calls.Add(1) == 1 {
			w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","policyName":"SECONDLY"}`))
			return
		}
		_, _ = w.Write([]byte(`{"results":[]}`))
	}))
	defer api.Close()
	m := metrics.New(nil, zerolog.Nop())
	h, err := httpx.New("crm", system(api.URL, 0), zerolog.Nop(), httpx.Options{Sleep: noSleep, Observer: m.Observer()})
	if err != nil {
		t.Fatal(err)
	}
	cl := hubspot.New(h, hubspot.Settings{PathPrefix: "/crm/v3/objects"}, hubspot.Options{Pacing: hubspot.Pacing{Sleep: noSleep}})
	if _, err := cl.List(t.Context(), cl.ListURL("companies", nil, 1, false)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	fams := scrape(t, srv)
	if got := value(t, fams, "steward_http_429_total", "system=crm"); got != 1 {
		t.Errorf("429 answers %v, want 1", got)
	}
	for _, w := range []struct {
		name string
		v    float64
	}{{"steward_http_retries_total", 1}, {"steward_rate_limit_wait_seconds_total", 10}} {
		if _, ok := sample(fams, w.name, "system=crm"); !ok {
			t.Errorf("no %s{system=crm}, want %v", w.name, w.v)
		} else if got := value(t, fams, w.name, "system=crm"); got != w.v {
			t.Errorf("%s{system=crm} = %v, want %v", w.name, got, w.v)
		}
	}
}
