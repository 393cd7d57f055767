package alert_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/alert"
	"github.com/stewardhq/steward/internal/store"
)

// TestFailingReceiverRetriedThenFailed: a receiver answering 500 is tried
// again after a doubling backoff (1m, 2m), never before, MaxAttempts times
// in all; then the notification is marked failed, logged once, and never
// sent again.
func TestFailingReceiverRetriedThenFailed(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	f.hook.setStatus(http.StatusInternalServerError)
	w := f.watcher(f.st, "w")
	f.check(w)
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom")
	attempts := func(want int) {
		t.Helper()
		err := w.Check(t.Context())
		if got := len(f.hook.got()); got != want {
			t.Fatalf("receiver saw %d attempts, want %d (check: %v)", got, want, err)
		}
	}
	attempts(1)
	attempts(1)
	f.clock.Add(59 * time.Second)
	attempts(1)
	f.clock.Add(time.Second)
	attempts(2)
	f.clock.Add(time.Minute + 59*time.Second)
	attempts(2)
	f.clock.Add(time.Second)
	attempts(3)
	f.clock.Add(24 * time.Hour)
	attempts(3)
	as, _ := f.st.ListAlerts(t.Context(), 10)
	if len(as) != 1 || as[0].Status != store.AlertFailed || as[0].Attempts != 3 || !strings.Contains(as[0].Error, "status 500") {
		t.Fatalf("alerts = %+v", as)
	}
	if n := strings.Count(f.logs.String(), "alert not delivered"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, f.logs)
	}
	f.noCanary()
}

// TestReceiverRecovers: a receiver failing once gets the message on the
// retry, and only then.
func TestReceiverRecovers(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	w := f.watcher(f.st, "w")
	f.check(w)
	f.hook.setStatus(http.StatusServiceUnavailable)
	f.run("prices", store.TriggerSchedule, store.StatusPartial, "budget")
	f.check(w)
	f.hook.setStatus(http.StatusOK)
	f.clock.Add(time.Minute)
	f.check(w)
	f.check(w)
	as, _ := f.st.ListAlerts(t.Context(), 10)
	if len(f.hook.got()) != 2 || as[0].Status != store.AlertSent || !as[0].SentAt.Valid || f.logs.String() != "" {
		t.Fatalf("receiver saw %d, alert %+v, logs %s", len(f.hook.got()), as[0], f.logs)
	}
}

// TestRunLoop: Run checks at once and then after every wait, until its
// context ends.
func TestRunLoop(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	ticks := make(chan time.Time)
	var waits atomic.Int32
	f.opts.After = func(d time.Duration) <-chan time.Time {
		if d != time.Minute {
			t.Errorf("waits %s, want 1m", d)
		}
		waits.Add(1)
		return ticks
	}
	w := f.watcher(f.st, "loop")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- w.Run(ctx, time.Minute) }()
	ticks <- time.Time{} // taken once the first pass (the start) is done
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom")
	ticks <- time.Time{} // taken once the second pass is done
	ticks <- time.Time{} // taken once the third, after the run ended, is done
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f.wantSent(1)
	if waits.Load() < 3 {
		t.Errorf("waited %d times", waits.Load())
	}
}

// TestNewRefusesUnknownChannel: a job naming a channel without a notifier
// is refused at start, naming the job.
func TestNewRefusesUnknownChannel(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"pager"}})
	_, err := alert.New(f.st, f.cfg, zerolog.Nop(), alert.Options{})
	if err == nil || !strings.Contains(err.Error(), `job prices names channel "pager"`) {
		t.Fatalf("err = %v", err)
	}
}

// TestWebhookHidesURL: neither a refused connection nor a redirect puts
// the webhook URL (the credential) into the error; the redirect is not
// followed.
func TestWebhookHidesURL(t *testing.T) {
	var followed atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { followed.Add(1) }))
	defer elsewhere.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, base := range []string{redirect.URL, closed.URL} {
		n := alert.NewWebhook(&config.WebhookChannel{URL: config.NewSecret(base + "/services/" + canary)}, nil)
		err := n.Notify(t.Context(), alert.Message{Subject: "s"})
		if err == nil || strings.Contains(err.Error(), canary) {
			t.Errorf("error %v", err)
		}
	}
	if followed.Load() != 0 {
		t.Error("the redirect was followed with the credential")
	}
}
