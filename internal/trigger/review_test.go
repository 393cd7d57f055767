package trigger

// Security review of the webhook endpoints (2026-11-27): checks that hold
// today and must keep holding.

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/rs/zerolog"
)

// TestReviewOutboundTokenNotInLog: a Salesforce outbound message carries
// no signature, so its secret stands in the endpoint's path (Salesforce,
// "Considerations for Security": check the OrganizationId, use TLS, its IP
// ranges or its client certificate). A path is what access logs keep, so
// steward's own log lines must never hold it: not for an accepted
// message, nor for a refused one whose token is the real one with one
// character changed.
func TestReviewOutboundTokenNotInLog(t *testing.T) {
	var log bytes.Buffer
	h := New(testConfig(t), newFakeRuns().run, Options{Clock: clockwork.NewFakeClockAt(time.Unix(1_700_000_000, 0)), Log: zerolog.New(&log)})
	mux := http.NewServeMux()
	for _, r := range h.Routes() {
		mux.Handle(r.Pattern, r.Handler)
	}
	near := sfToken[:len(sfToken)-1] + "x"
	for _, c := range []struct{ token, org, body string }{
		{sfToken, sfOrg, outboundBody(sfOrg)},
		{near, sfOrg, outboundBody(sfOrg)},
		{sfToken, "00D5g000004ZZZZEA2", outboundBody("00D5g000004ZZZZEA2")},
		{sfToken, sfOrg, "<not-soap/>"},
	} {
		req := httptest.NewRequest("POST", "/hooks/leads/salesforce/outbound/"+c.token, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "text/xml; charset=utf-8")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		if strings.Contains(w.Body.String(), "canary") {
			t.Errorf("the answer holds the token: %s", w.Body)
		}
	}
	out := log.String()
	if strings.Count(out, "\n") < 4 {
		t.Fatalf("expected a log line per request:\n%s", out)
	}
	if strings.Contains(out, "canary") || strings.Contains(out, "/outbound/") {
		t.Errorf("a log line holds the endpoint's token or path:\n%s", out)
	}
}

// TestReviewStormIsBounded: a storm of accepted events while a run is in
// progress (a HubSpot batch import fires thousands of webhooks) costs no
// goroutine and no memory per event, and queues exactly one run after the
// one in progress.
func TestReviewStormIsBounded(t *testing.T) {
	clock := clockwork.NewFakeClockAt(t0)
	g := newGated(clock)
	d := NewDebouncer("leads", g.run, clock, zerolog.Nop())
	stop := serve(t, d)
	defer stop()
	d.Notify(0)
	g.awaitStart(t)
	before := runtime.NumGoroutine()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20_000 {
				d.Notify(5 * time.Second)
			}
		})
	}
	wg.Wait()
	if after := settledGoroutines(before); after > before {
		t.Errorf("goroutines %d before the storm, %d after", before, after)
	}
	g.release <- nil
	blockUntil(t, clock, 1)
	clock.Advance(5 * time.Second)
	g.awaitStart(t)
	g.release <- nil
	if s := g.startTimes(); len(s) != 2 || g.overlap.Load() {
		t.Errorf("runs %v overlap=%v; want the run in progress and exactly one after the storm", s, g.overlap.Load())
	}
}

// settledGoroutines counts the goroutines once the storm's senders have
// exited: wg.Wait returns when each has called Done, a moment before it is
// gone, so the count is read again (yielding) until it is at most want or a
// second has passed.
func settledGoroutines(want int) int {
	deadline := time.Now().Add(time.Second)
	n := runtime.NumGoroutine()
	for n > want && time.Now().Before(deadline) {
		runtime.Gosched()
		n = runtime.NumGoroutine()
	}
	return n
}
