package alert_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/alert"
	sfapi "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/store"
)

// TestReviewLongErrorLineStaysWithinLimits: a run whose error's first line
// is a whole response body (6,000 bytes) is still delivered: no mail line
// is longer than the 998 octets RFC 5322 allows (servers refuse or break
// them), and the chat message stays short (Teams refuses cards over 28 KB).
func TestReviewLongErrorLineStaysWithinLimits(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	w := f.watcher(f.st, "w")
	f.check(w)
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "fetch products page 3: 400 "+strings.Repeat("é", 3000)+"\nsecond line")
	f.check(w)
	f.wantSent(1)
	hooks, mails := f.texts()
	for i, l := range strings.Split(mails[0], "\r\n") {
		if len(l) > 998 {
			t.Errorf("mail line %d is %d octets long, over 998", i, len(l))
		}
	}
	if len(hooks[0]) > 2000 || !strings.Contains(hooks[0], "fetch products page 3: 400 éé") || !strings.Contains(hooks[0], "…") {
		t.Errorf("webhook text of %d bytes, want the error's start cut with …: %.200s", len(hooks[0]), hooks[0])
	}
}

// rateLimited is a webhook receiver that, like Slack's incoming webhooks,
// takes one message a second (of the test's clock) and answers 429 with
// Retry-After to the others.
type rateLimited struct {
	mu       sync.Mutex
	now      func() time.Time
	last     time.Time
	accepted int
	refused  int
}

func (h *rateLimited) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if now := h.now(); now.Sub(h.last) >= time.Second {
		h.last = now
		h.accepted++
		return
	}
	h.refused++
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusTooManyRequests)
}

// TestReviewStormAgainstARateLimitedWebhook: 20 runs failing at once (a
// system down, every job failing) are all delivered to a webhook that takes
// one message a second, one pass a minute: a 429 must not spend the
// attempts of every other message waiting for the same channel. (The
// channel's storm limit is lifted: this is about the receiver's limit.)
func TestReviewStormAgainstARateLimitedWebhook(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-hook"}})
	rl := &rateLimited{now: f.clock.Now}
	srv := httptest.NewServer(rl)
	t.Cleanup(srv.Close)
	f.cfg.Alerts.Channels["ops-hook"] = config.AlertChannel{Webhook: &config.WebhookChannel{URL: config.NewSecret(srv.URL + "/services/x")}, MaxMessages: 100}
	w := f.watcher(f.st, "w")
	f.check(w)
	for range 20 {
		f.run("prices", store.TriggerSchedule, store.StatusFailed, "connection refused")
	}
	for range 60 {
		_ = w.Check(t.Context())
		f.clock.Add(time.Minute)
	}
	as, err := f.st.ListAlerts(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, a := range as {
		if a.Status != store.AlertSent {
			failed++
		}
	}
	if rl.accepted != 20 || failed != 0 {
		t.Errorf("receiver took %d of 20 messages (refused %d attempts); %d notifications not sent", rl.accepted, rl.refused, failed)
	}
}

// TestReviewMailEnvelopeTakesTheBareAddress: from and to written with a
// display name ("Steward <steward@example.com>", which validation accepts)
// go into MAIL FROM and RCPT TO as bare addresses, and into the headers
// whole.
func TestReviewMailEnvelopeTakesTheBareAddress(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-mail"}})
	c := f.smtpChannel()
	c.From, c.To = "Steward <steward@example.com>", []string{"Data Ops <ops@example.com>"}
	f.cfg.Alerts.Channels["ops-mail"] = config.AlertChannel{SMTP: c}
	w := f.watcher(f.st, "w")
	f.check(w)
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom")
	if err := w.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := f.sink.got()
	if len(got) != 1 {
		t.Fatalf("sink got %d mails, want 1", len(got))
	}
	m := got[0]
	if m.from != "steward@example.com" || len(m.to) != 1 || m.to[0] != "ops@example.com" {
		t.Errorf("envelope from %q to %q, want the bare addresses", m.from, m.to)
	}
	for _, h := range []string{"From: \"Steward\" <steward@example.com>\r\n", "To: \"Data Ops\" <ops@example.com>\r\n"} {
		if !strings.Contains(m.data, h) {
			t.Errorf("mail lacks header %q:\n%s", h, m.data)
		}
	}
}

// TestReviewDeadLettersCrossAgainInTheSameRun: a long run's rejects pass
// the threshold (one message), a steward discards them (the crossing is
// cleared), and the same run rejects more past the threshold: that second
// crossing is a new event, though its newest run is the same.
func TestReviewDeadLettersCrossAgainInTheSameRun(t *testing.T) {
	f := newFixture(t, config.JobAlerts{DeadLetters: new(2), Channels: []string{"ops-hook"}})
	w := f.watcher(f.st, "w")
	f.check(w)
	run := f.run("prices", store.TriggerSchedule, store.StatusSucceeded, "")
	f.deadLetters(run, 3)
	f.check(w)
	f.exec(`UPDATE dead_letters SET discarded_at = 'x'`)
	f.check(w)
	f.clock.Add(time.Minute)
	f.deadLetters(run, 3)
	f.check(w)
	f.check(w)
	if n := len(f.hook.got()); n != 2 {
		t.Errorf("webhook got %d messages, want 2 (one per crossing)", n)
	}
}

// TestReviewRunErrorCarriesNoEmail: a run error naming a contact's e-mail
// address reaches no channel with it (the store pseudonymizes or redacts
// personal values in what it keeps).
func TestReviewRunErrorCarriesNoEmail(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	w := f.watcher(f.st, "w")
	f.check(w)
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "upsert contact jane.doe@example.com: 409 duplicate")
	f.check(w)
	f.wantSent(1)
	hooks, mails := f.texts()
	if strings.Contains(hooks[0]+mails[0], "jane.doe@example.com") || !strings.Contains(hooks[0], "upsert contact") {
		t.Errorf("a personal value reached a channel:\n%s\n%s", hooks[0], mails[0])
	}
}

// countingStore counts the notifications a watcher tries to record.
type countingStore struct {
	*store.Store
	mu   sync.Mutex
	adds int
}

func (c *countingStore) AddAlert(ctx context.Context, a store.Alert, now time.Time) (bool, error) {
	c.mu.Lock()
	c.adds++
	c.mu.Unlock()
	return c.Store.AddAlert(ctx, a, now)
}

func (c *countingStore) added() int { c.mu.Lock(); defer c.mu.Unlock(); return c.adds }

// TestReviewSteadyPassRecordsNothingAgain: a pass once every minute must
// not grow with the run history. Events recorded by an earlier pass are not
// looked at again (at 100,000 runs, 10,000 of them failed, each pass took
// 2.5-4 s and 20,000 writes, each taking the database's write lock from the
// runs), while a run that was still running is still sent once it fails.
// (The channels' storm limits are lifted: every event goes out alone.)
func TestReviewSteadyPassRecordsNothingAgain(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	f.limit(100)
	cs := &countingStore{Store: f.st}
	o := f.opts
	o.Channels = alert.Channels(f.cfg.Alerts, alert.ChannelOptions{HTTP: f.hook.srv.Client(), TLS: &tls.Config{RootCAs: f.sink.roots}, Now: f.clock.Now})
	w, err := alert.New(cs, f.cfg, zerolog.New(f.logs), o)
	if err != nil {
		t.Fatal(err)
	}
	f.check(w)
	for range 30 {
		f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom")
	}
	slow, err := f.st.BeginRun(t.Context(), "prices", store.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	f.check(w)
	before := cs.added()
	f.check(w)
	if n := cs.added() - before; n != 0 {
		t.Errorf("a pass with nothing new tried to record %d notifications again", n)
	}
	if err := f.st.FinishRun(t.Context(), slow, store.StatusFailed, "late failure"); err != nil {
		t.Fatal(err)
	}
	f.check(w)
	f.wantSent(31)
}

// TestReviewQualityDropAtTheThreshold: a drop of exactly quality_drop
// points (64.4 to 62.4, limit 2.0) is not above it, though the difference
// of the two floats is 2.000000000000007; the message would read "dropped
// 2.0 points (alert above 2 points)". A drop of 2.1 is.
func TestReviewQualityDropAtTheThreshold(t *testing.T) {
	f := newFixture(t, config.JobAlerts{QualityDrop: "2.0", Failed: new(false), Channels: []string{"ops-hook"}})
	w := f.watcher(f.st, "w")
	f.check(w)
	f.quality(store.TriggerSchedule, 64.4)
	f.quality(store.TriggerSchedule, 62.4)
	f.check(w)
	if n := len(f.hook.got()); n != 0 {
		t.Fatalf("a drop of exactly the threshold notified: %v", f.hook.got())
	}
	f.quality(store.TriggerSchedule, 60.3)
	f.check(w)
	if n := len(f.hook.got()); n != 1 {
		t.Errorf("a drop of 2.1 points sent %d messages, want 1", n)
	}
}

// TestReviewNoHeaderInjection: a system name or an error text carrying
// CR/LF cannot add a mail header or a recipient: the subject stays one
// line and the error is body text.
func TestReviewNoHeaderInjection(t *testing.T) {
	f := newFixture(t, config.JobAlerts{QuotaBelow: "10", Channels: []string{"ops-mail"}})
	evil := "sf\r\nBcc: evil@example.com"
	f.cfg.Systems[evil] = config.System{Kind: "salesforce"}
	f.cfg.Jobs[0].Extract.System = evil
	w := f.watcher(f.st, "w")
	f.check(w)
	q := sfapi.NewQuota(sfapi.QuotaState{Used: 4900, Max: 5000, At: f.clock.Now()}, func(int) int { return 0 }, f.clock.Now)
	if err := sfapi.SaveQuota(t.Context(), q, sysState{f.st, evil}); err != nil {
		t.Fatal(err)
	}
	f.run("prices", store.TriggerSchedule, store.StatusFailed, "boom\rBcc: evil@example.com\r\nTo: evil@example.com")
	f.check(w)
	mails := f.sink.got()
	if len(mails) != 2 {
		t.Fatalf("sink got %d mails, want 2", len(mails))
	}
	for _, m := range mails {
		head, _, _ := strings.Cut(m.data, "\r\n\r\n")
		if strings.Contains(head, "\r\nBcc:") || strings.Count(head, "\r\nTo:") != 1 || len(m.to) != 2 {
			t.Errorf("a header or recipient was injected (to %v):\n%s", m.to, head)
		}
	}
}
