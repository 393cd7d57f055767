package alert_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// TestReviewStormClockJumpsBack: the clock of the host jumps back a day (a
// wrong clock corrected) while a storm's alerts are held. The held alerts
// go out in a digest within a window of the new clock, not a day later
// when the clock has caught up with the window's opening; and a new event
// then is sent, not held in a window that opened "in the future".
func TestReviewStormClockJumpsBack(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	w := f.watcher(f.st, "w")
	f.check(w)
	ids := f.storm(40)
	f.check(w)
	if n := len(f.hook.got()); n != 5 {
		t.Fatalf("webhook got %d messages, want 5", n)
	}
	f.clock.Add(-24 * time.Hour)
	f.check(w)
	f.clock.Add(10 * time.Minute)
	f.check(w)
	hooks, _ := f.texts()
	if len(hooks) != 6 {
		t.Fatalf("a window after the clock jumped back, the webhook got %d messages, want the 5 and a digest", len(hooks))
	}
	wantDigest(t, hooks[5], ids[5:])
	late := f.run("prices", store.TriggerSchedule, store.StatusFailed, "late")
	f.check(w)
	hooks, _ = f.texts()
	if len(hooks) != 7 || !strings.Contains(hooks[6], "prices: run ") || !strings.Contains(hooks[6], " failed") || strings.Contains(hooks[6], "digest") {
		t.Fatalf("run %d after the jump: webhook got %d messages, want it sent alone:\n%s", late, len(hooks), strings.Join(hooks, "\n--\n"))
	}
}

// TestReviewStormDigestBounded: 155 events in one window are 5 messages,
// a digest of the oldest 100 when the window ends, and a digest of the
// other 50 when the next window ends: each event once, no digest over 100.
func TestReviewStormDigestBounded(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	w := f.watcher(f.st, "w")
	f.check(w)
	ids := f.storm(155)
	f.check(w)
	f.clock.Add(10 * time.Minute)
	f.check(w)
	f.clock.Add(10 * time.Minute)
	f.check(w)
	f.check(w)
	hooks, _ := f.texts()
	if len(hooks) != 7 {
		t.Fatalf("webhook got %d messages, want 5, a digest of 100 and one of 50", len(hooks))
	}
	wantDigest(t, hooks[5], ids[5:105])
	wantDigest(t, hooks[6], ids[105:])
}

// TestReviewStormDigestRetried: a digest the receiver refuses is sent
// again after the backoff, once it gets through, and only then; its events
// are not put in a second digest meanwhile.
func TestReviewStormDigestRetried(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	w := f.watcher(f.st, "w")
	f.check(w)
	ids := f.storm(12)
	f.check(w)
	f.hook.setStatus(http.StatusServiceUnavailable)
	f.clock.Add(10 * time.Minute)
	f.check(w)
	f.hook.setStatus(http.StatusOK)
	f.clock.Add(10 * time.Minute) // past the backoff, and past another window
	f.check(w)
	f.check(w)
	hooks, _ := f.texts()
	if len(hooks) != 7 {
		t.Fatalf("webhook got %d posts, want 5, a refused digest and the digest again", len(hooks))
	}
	wantDigest(t, hooks[5], ids[5:])
	wantDigest(t, hooks[6], ids[5:])
	f.wantSettledOn("ops-hook", 12, 1)
}

// TestReviewStormChannelRemoved: alerts held for a channel that the config
// then no longer has are not held forever: their digest is tried, fails
// (no notifier), is logged once, and ends failed; the other channel is
// unaffected.
func TestReviewStormChannelRemoved(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	w := f.watcher(f.st, "w")
	f.check(w)
	f.storm(8)
	f.check(w)
	f.wantSent(5)
	delete(f.cfg.Alerts.Channels, "ops-mail")
	f.cfg.Jobs[0].Alerts.Channels = []string{"ops-hook"}
	w = f.watcher(f.st, "w2")
	for range 6 {
		f.clock.Add(10 * time.Minute)
		_ = w.Check(t.Context())
	}
	if n := len(f.hook.got()); n != 6 {
		t.Fatalf("webhook got %d messages, want 5 and a digest", n)
	}
	as, err := f.st.ListAlerts(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Channel == "ops-mail" && a.Status == store.AlertHeld {
			t.Errorf("notification %s to the removed channel is still held", a.EventKey)
		}
		if a.Channel == "ops-mail" && a.DigestOf > 0 && a.Status != store.AlertFailed {
			t.Errorf("digest %s to the removed channel is %s, want failed", a.EventKey, a.Status)
		}
	}
	if n := strings.Count(f.logs.String(), "alert not delivered"); n != 1 {
		t.Errorf("logged %d failures, want the digest's once:\n%s", n, f.logs)
	}
}

// wantSettledOn fails unless channel's notifications are n events, each
// sent or carried by a sent digest, and digests digests.
func (f *fixture) wantSettledOn(channel string, n, digests int) {
	f.t.Helper()
	as, err := f.st.ListAlerts(f.t.Context(), 10000)
	if err != nil {
		f.t.Fatal(err)
	}
	byID := map[int64]store.Alert{}
	for _, a := range as {
		byID[a.ID] = a
	}
	events, ds := 0, 0
	for _, a := range as {
		if a.Channel != channel {
			continue
		}
		if a.DigestOf > 0 {
			ds++
			continue
		}
		events++
		ok := a.Status == store.AlertSent || a.Status == store.AlertDigested && byID[a.DigestID.Int64].Status == store.AlertSent
		if !ok {
			f.t.Errorf("notification %s to %s is %s", a.EventKey, a.Channel, a.Status)
		}
	}
	if events != n || ds != digests {
		f.t.Errorf("%s has %d events and %d digests, want %d and %d", channel, events, ds, n, digests)
	}
}

// TestReviewRetryClockJumpsBack: a notification waiting for its next
// attempt (the receiver refused the first) when the clock jumps back a day
// is sent on a pass after the jump, not a day later: no backoff is longer
// than 30 minutes, so a next attempt further ahead was planned by a clock
// since set back.
func TestReviewRetryClockJumpsBack(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	w := f.watcher(f.st, "w")
	f.check(w)
	f.hook.setStatus(http.StatusServiceUnavailable)
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom")
	_ = w.Check(t.Context())
	f.hook.setStatus(http.StatusOK)
	f.clock.Add(-24 * time.Hour)
	f.check(w)
	as, _ := f.st.ListAlerts(t.Context(), 10)
	if len(f.hook.got()) != 2 || len(as) != 1 || as[0].Status != store.AlertSent {
		t.Fatalf("after the clock jumped back: receiver saw %d posts, alerts %+v", len(f.hook.got()), as)
	}
}

// TestReviewTeamsDigestWithinCardLimit: the largest digest (100 events of
// jobs with 63-character names, each linking to its run on a console with
// a long host name) is a Teams card under the 28 KB Teams takes, one
// block per event, valid JSON.
func TestReviewTeamsDigestWithinCardLimit(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	long := "p" + strings.Repeat("x", 62)
	f.cfg.Jobs[0].Name = long
	f.cfg.Alerts.Channels["ops-hook"] = config.AlertChannel{Webhook: &config.WebhookChannel{
		URL: config.NewSecret(f.hook.srv.URL + "/workflows/" + canary), Format: config.WebhookTeams}}
	f.opts.BaseURL = "https://" + strings.Repeat("c", 50) + ".console.example.com"
	w := f.watcher(f.st, "w")
	f.check(w)
	for range 105 {
		f.run(long, store.TriggerSchedule, store.StatusFailed, "down")
	}
	f.check(w)
	f.clock.Add(10 * time.Minute)
	f.check(w)
	got := f.hook.got()
	if len(got) != 6 {
		t.Fatalf("webhook got %d posts, want 5 and a digest", len(got))
	}
	b, err := json.Marshal(got[5])
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 28*1024 || strings.Count(string(b), `"TextBlock"`) != 102 || !strings.Contains(string(b), "digest of 100 alerts") {
		t.Fatalf("digest card of %d bytes with %d blocks: %.300s", len(b), strings.Count(string(b), `"TextBlock"`), b)
	}
	t.Logf("largest digest card: %d bytes", len(b))
}

// TestReviewStormWindowEndsMidPass: the window of ops-hook (1 message per
// 10 minutes) ends while a pass is sending (a slow channel before it takes
// 2 s of the clock). The event the pass then claims for ops-hook must not
// open a fresh window over the alert still held from the ended one: the
// held alert would wait a whole further window for its digest. Both go
// out in one digest on the next pass, each once.
func TestReviewStormWindowEndsMidPass(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-slow", "ops-hook"}})
	slow := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { f.clock.Add(2 * time.Second) }))
	t.Cleanup(slow.Close)
	f.cfg.Alerts.Channels["ops-slow"] = config.AlertChannel{Webhook: &config.WebhookChannel{URL: config.NewSecret(slow.URL + "/services/x")}, MaxMessages: 100}
	hook := f.cfg.Alerts.Channels["ops-hook"]
	hook.MaxMessages = 1
	f.cfg.Alerts.Channels["ops-hook"] = hook
	w := f.watcher(f.st, "w")
	f.check(w)
	ids := f.storm(2)
	f.check(w)                                  // ops-hook: the first sent, opening the window 2 s in (after ops-slow's first); the second held
	f.clock.Add(10*time.Minute - 3*time.Second) // 4 s in: a second before the window ends
	ids = append(ids, f.run("prices", store.TriggerSchedule, store.StatusFailed, "at the boundary"))
	f.check(w) // ops-slow's send moves the clock past the window's end
	f.clock.Add(time.Second)
	f.check(w)
	hooks, _ := f.texts()
	if len(hooks) != 2 {
		t.Fatalf("ops-hook got %d messages a pass after its window ended, want the first and a digest:\n%s", len(hooks), strings.Join(hooks, "\n--\n"))
	}
	wantDigest(t, hooks[1], ids[1:])
}
