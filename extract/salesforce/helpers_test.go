package salesforce_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/salesforce"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// served is a fake behind a server that notes every SOQL statement.
type served struct {
	f   *sftest.Fake
	srv *httptest.Server
	mu  sync.Mutex
	q   []string
}

func serve(t *testing.T, f *sftest.Fake) *served {
	t.Helper()
	s := &served{f: f}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query().Get("q"); q != "" {
			s.mu.Lock()
			s.q = append(s.q, q)
			s.mu.Unlock()
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *served) queries() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.q...)
}

// build parses yaml (from cfg(base)) and builds the job's extractor.
func build(t *testing.T, text string, env map[string]string) extract.Extractor {
	t.Helper()
	return buildWith(t, text, env, nil)
}

// buildWith builds the extractor with the system's state (nil: none), on an
// HTTP client of its own, as another process would.
func buildWith(t *testing.T, text string, env map[string]string, state record.SystemState) extract.Extractor {
	t.Helper()
	f, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Auth: api.Auths(), Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(f, "src")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	job, _ := f.Job("job")
	x, err := salesforce.New(extract.Spec{System: "src", Config: f, Settings: s, Job: job, Client: c, State: state, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// pages reads every page from cur; it stops at the first error.
func pages(ctx context.Context, x extract.Extractor, cur record.Cursor) ([]record.Page, error) {
	var out []record.Page
	for p, err := range x.Extract(ctx, cur) {
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
	return out, nil
}

func keys(ps []record.Page) []string {
	var out []string
	for _, p := range ps {
		for _, r := range p.Records {
			out = append(out, r.Key)
		}
	}
	return out
}

// agedQuota returns a cursor state whose stored allocation was seen age ago.
func agedQuota(t *testing.T, state string, age time.Duration) string {
	t.Helper()
	var st map[string]json.RawMessage
	var q map[string]any
	if err := json.Unmarshal([]byte(state), &st); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(st["quota"], &q); err != nil {
		t.Fatal(err)
	}
	q["at"] = time.Now().UTC().Add(-age).Format(time.RFC3339Nano)
	b, _ := json.Marshal(q)
	st["quota"] = b
	out, _ := json.Marshal(st)
	return string(out)
}
