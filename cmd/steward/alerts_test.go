package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
)

// TestScheduleStartsAlerts: the watcher steward schedule starts notifies a
// run that failed after it started, once, and stops with the command.
func TestScheduleStartsAlerts(t *testing.T) {
	var posts atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { posts.Add(1) }))
	defer hook.Close()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := &config.File{
		Jobs:   []config.Job{{Name: "prices", Alerts: &config.JobAlerts{Channels: []string{"ops"}}}},
		Alerts: config.Alerts{Channels: map[string]config.AlertChannel{"ops": {Webhook: &config.WebhookChannel{URL: config.NewSecret(hook.URL + "/hook")}}}},
	}
	stop, err := startAlerts(t.Context(), &jobs.Runner{Config: f, Store: st, Log: zerolog.Nop()}, "", 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	waitFor(t, func() bool {
		var n int
		_ = st.DB().Get(&n, `SELECT count(*) FROM alert_marks`)
		return n > 0 // the watcher has started
	})
	if _, err := st.DB().Exec(`INSERT INTO runs (job, trigger, started_at, ended_at, status, error) VALUES ('prices', 'schedule', 'x', 'x', 'failed', 'boom')`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return posts.Load() > 0 })
	stop()
	if n := posts.Load(); n != 1 {
		t.Fatalf("the webhook got %d posts, want 1", n)
	}
}
