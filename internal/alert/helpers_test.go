package alert_test

import (
	"bytes"
	"crypto/tls"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/alert"
	"github.com/stewardhq/steward/internal/store"
)

// canary is part of every channel credential; no message, error or log
// may contain it.
const canary = "canary-7f3e9a"

// clock is an injected clock the tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// lockedBuffer collects log lines from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// fixture is a store, a webhook receiver, an SMTP sink, a clock and a
// config whose job prices alerts both channels.
type fixture struct {
	t     *testing.T
	path  string
	st    *store.Store
	hook  *hook
	sink  *sink
	clock *clock
	cfg   *config.File
	logs  *lockedBuffer
	opts  alert.Options
}

func newFixture(t *testing.T, ja config.JobAlerts) *fixture {
	f := &fixture{t: t, path: t.TempDir() + "/steward.db", hook: newHook(t), sink: newSink(t, "steward", "smtp-"+canary),
		clock: &clock{t: time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)}, logs: &lockedBuffer{}}
	f.st = f.open()
	if ja.Channels == nil {
		ja.Channels = []string{"ops-hook", "ops-mail"}
	}
	f.cfg = &config.File{
		Systems: map[string]config.System{"sf": {Kind: "salesforce"}, "pim": {Kind: "akeneo"}},
		Jobs: []config.Job{
			{Name: "prices", Extract: config.Extract{System: "sf"}, Load: config.LoadSpec{Targets: []config.Target{{System: "pim"}}}, Alerts: &ja},
			{Name: "orders", Extract: config.Extract{System: "sf"}},
		},
		Alerts: config.Alerts{Channels: map[string]config.AlertChannel{
			"ops-hook": {Webhook: &config.WebhookChannel{URL: config.NewSecret(f.hook.srv.URL + "/services/" + canary)}},
			"ops-mail": {SMTP: f.smtpChannel()},
		}},
	}
	f.opts = alert.Options{BaseURL: "https://console.example.com/", Now: f.clock.Now, MaxAttempts: 3, Backoff: time.Minute}
	return f
}

func (f *fixture) smtpChannel() *config.SMTPChannel {
	host, port, _ := net.SplitHostPort(f.sink.addr)
	p, _ := strconv.Atoi(port)
	return &config.SMTPChannel{Host: host, Port: p, Username: "steward", Password: config.NewSecret("smtp-" + canary),
		From: "steward@example.com", To: []string{"ops@example.com", "data@example.com"}}
}

func (f *fixture) open() *store.Store {
	st, err := store.Open(f.t.Context(), f.path)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { st.Close() })
	return st
}

// watcher returns a watcher on st named owner, its channels real
// notifiers of the fixture's config.
func (f *fixture) watcher(st *store.Store, owner string) *alert.Watcher {
	o := f.opts
	o.Owner = owner
	o.Channels = alert.Channels(f.cfg.Alerts, alert.ChannelOptions{HTTP: f.hook.srv.Client(), TLS: &tls.Config{RootCAs: f.sink.roots}, Now: f.clock.Now})
	w, err := alert.New(st, f.cfg, zerolog.New(f.logs), o)
	if err != nil {
		f.t.Fatal(err)
	}
	return w
}

func (f *fixture) check(w *alert.Watcher) {
	f.t.Helper()
	if err := w.Check(f.t.Context()); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) exec(q string, args ...any) int64 {
	f.t.Helper()
	res, err := f.st.DB().ExecContext(f.t.Context(), q, args...)
	if err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	id, _ := res.LastInsertId()
	return id
}

// run records an ended run of job.
func (f *fixture) run(job, trigger, status, errText string) int64 {
	at := f.clock.Now().Format(time.RFC3339Nano)
	return f.exec(`INSERT INTO runs (job, trigger, started_at, ended_at, status, error) VALUES (?, ?, ?, ?, ?, ?)`, job, trigger, at, at, status, errText)
}

// quality records a succeeded run of job with a quality score.
func (f *fixture) quality(trigger string, score float64) int64 {
	id := f.run("prices", trigger, store.StatusSucceeded, "")
	f.exec(`INSERT INTO quality_runs (run_id, job, generated_at, checked, passing, score, grade, enrichment, consistency, summary)
		VALUES (?, 'prices', '', 100, 0, ?, 'C', 0, 0, '{}')`, id, score)
	return id
}

// deadLetters records n open dead letters of job prices from run.
func (f *fixture) deadLetters(run int64, n int) {
	for range n {
		ob := f.exec(`INSERT INTO outbox (job, target, external_id, hash, payload, run_id, status, created_at, updated_at)
			VALUES ('prices', 'pim', lower(hex(randomblob(8))), 'h', x'', ?, 'dead', '', '')`, run)
		f.exec(`INSERT INTO dead_letters (outbox_id, job, target, external_id, payload, reason, attempts, run_id, created_at)
			VALUES (?, 'prices', 'pim', 'x', x'', '422', 1, ?, '')`, ob, run)
	}
}

// texts returns the text of every webhook message and every mail.
func (f *fixture) texts() (hooks, mails []string) {
	for _, b := range f.hook.got() {
		hooks = append(hooks, b["text"].(string))
	}
	for _, m := range f.sink.got() {
		mails = append(mails, m.data)
	}
	return hooks, mails
}

// wantSent fails unless the webhook and the sink each got n messages.
func (f *fixture) wantSent(n int) {
	f.t.Helper()
	hooks, mails := f.texts()
	if len(hooks) != n || len(mails) != n {
		f.t.Fatalf("webhook got %d messages, sink %d mails, want %d each:\n%s\n%s", len(hooks), len(mails), n,
			strings.Join(hooks, "\n--\n"), strings.Join(mails, "\n--\n"))
	}
}

// limit sets every channel's storm limit to n messages per window.
func (f *fixture) limit(n int) {
	for name, c := range f.cfg.Alerts.Channels {
		c.MaxMessages = n
		f.cfg.Alerts.Channels[name] = c
	}
}
