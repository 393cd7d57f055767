package hubspot_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
)

const token = "pat-test"

// clock is a fake clock whose sleeps advance it.
type clock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.sleeps = append(c.sleeps, d)
	return ctx.Err()
}

// setup parses a config for one hubspot system at h with extra settings
// lines and returns its client.
func setup(t *testing.T, h http.Handler, settings string, c *clock) (*api.Client, *config.File) {
	t.Helper()
	return setupWith(t, h, settings, api.Options{Pacing: api.Pacing{Now: c.Now, Sleep: c.Sleep}})
}

// setupWith is setup with the client's options.
func setupWith(t *testing.T, h http.Handler, settings string, opt api.Options) (*api.Client, *config.File) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  crm:
    kind: hubspot
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
    settings:
      price_currency: EUR
%s`, srv.URL, settings)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return token, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(file, "crm")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return api.New(hc, s, opt), file
}
