package trigger

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/rs/zerolog"
)

// TestSignedWebhookRunsTheJob: a signed generic event starts the job's run
// once the trigger's debounce (2s) has passed.
func TestSignedWebhookRunsTheJob(t *testing.T) {
	h, srv, clock, runs := testHooks(t, t0)
	ctx, cancel := context.WithCancel(t.Context())
	h.Start(ctx)
	defer func() { cancel(); h.Wait() }()
	body := []byte(`{"event":"lead.created"}`)
	resp, _ := post(t, srv.URL+"/hooks/leads/generic", body, map[string]string{SignatureHeader: SignatureValue(genericSecret, t0.Unix(), body)})
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("status %d", resp.StatusCode)
	}
	blockUntil(t, clock, 1)
	if len(runs.ran) != 0 {
		t.Fatal("the run started before the debounce")
	}
	clock.Advance(2 * time.Second)
	select {
	case job := <-runs.ran:
		if job != "leads" {
			t.Errorf("ran %s, want leads", job)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no run after the debounce")
	}
}

// TestShutdownWaitsForTheRunInHand: Wait returns only after the run that
// was in progress when the context ended has returned.
func TestShutdownWaitsForTheRunInHand(t *testing.T) {
	clock := clockwork.NewFakeClockAt(t0)
	g := newGated(clock)
	h := New(testConfig(t), g.run, Options{Clock: clock, Log: zerolog.Nop()})
	ctx, cancel := context.WithCancel(t.Context())
	h.Start(ctx)
	mux := http.NewServeMux()
	for _, r := range h.Routes() {
		mux.Handle(r.Pattern, r.Handler)
	}
	req := httptest.NewRequest(http.MethodPost, "/hooks/leads/generic", nil)
	req.Body = http.NoBody
	req.Header.Set(SignatureHeader, SignatureValue(genericSecret, t0.Unix(), nil))
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	if w.Code != http.StatusAccepted {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	blockUntil(t, clock, 1)
	clock.Advance(2 * time.Second)
	g.awaitStart(t)
	cancel()
	<-g.sawCancel
	waited := make(chan bool)
	go func() { h.Wait(); waited <- g.returned.Load() }()
	select {
	case <-waited:
		t.Fatal("Wait returned while the run was in progress")
	default:
	}
	g.release <- nil
	if returned := <-waited; !returned {
		t.Error("Wait returned before the run in hand")
	}
}
