package trigger

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// Secrets of the test config; the canary must never show in a response.
const (
	hubspotSecret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
	genericSecret = "generic-canary-0123456789abcdef"
	sfToken       = "sf-canary-token-0123456789"
	sfOrg         = "00D5g000004ABCDEA2"
)

const hooksConfig = `version: 1
staging: {sqlite: ./s.db, parquet_dir: ./p}
systems:
  crm: {kind: hubspot, base_url: "https://api.hubapi.com", auth: {type: none}}
jobs:
  - name: leads
    data_type: leads
    cadence: "*/30 * * * *"
    extract: {system: crm, entity: contacts, mode: full}
    triggers:
      - {kind: hubspot, secret: "${HS}"}
      - {kind: generic, secret: "${GEN}", debounce: 2s}
      - {kind: salesforce, secret: "${SF}", organization_id: ` + sfOrg + `}
  - name: orders
    data_type: orders
    cadence: "*/30 * * * *"
    extract: {system: crm, entity: deals, mode: full}
`

func testConfig(t *testing.T) *config.File {
	t.Helper()
	vals := map[string]string{"HS": hubspotSecret, "GEN": genericSecret, "SF": sfToken}
	f, err := config.Parse("c.yaml", []byte(hooksConfig), nil, func(k string) (string, bool) { v, ok := vals[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fakeRuns records the runs a Hooks or Debouncer makes.
type fakeRuns struct {
	mu   sync.Mutex
	jobs []string
	ran  chan string
}

func newFakeRuns() *fakeRuns { return &fakeRuns{ran: make(chan string, 100)} }

func (f *fakeRuns) run(_ context.Context, job string) error {
	f.mu.Lock()
	f.jobs = append(f.jobs, job)
	f.mu.Unlock()
	f.ran <- job
	return nil
}

// testHooks serves the hooks of the test config on a loopback server with a
// fake clock at now.
func testHooks(t *testing.T, now time.Time) (*Hooks, *httptest.Server, *clockwork.FakeClock, *fakeRuns) {
	t.Helper()
	clock := clockwork.NewFakeClockAt(now)
	runs := newFakeRuns()
	h := New(testConfig(t), runs.run, Options{Clock: clock, Log: zerolog.Nop(), MaxBody: 4096})
	mux := http.NewServeMux()
	for _, r := range h.Routes() {
		mux.Handle(r.Pattern, r.Handler)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return h, srv, clock, runs
}

func post(t *testing.T, url string, body []byte, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp, b.String()
}

// queued reports whether job has an event waiting for a run.
func queued(h *Hooks, job string) bool {
	jh, ok := h.jobs[job]
	return ok && !jh.deb.pending().IsZero()
}

func TestUnknownJobOrKindIs404(t *testing.T) {
	h, srv, _, _ := testHooks(t, time.Unix(1_700_000_000, 0))
	for _, path := range []string{"/hooks/orders/generic", "/hooks/nope/hubspot", "/hooks/orders/salesforce/events"} {
		resp, _ := post(t, srv.URL+path, []byte("{}"), nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
	}
	if h.Jobs() != 1 || queued(h, "leads") {
		t.Errorf("jobs %d, leads queued %v", h.Jobs(), queued(h, "leads"))
	}
}

func TestBodyOverTheLimitIsRefused(t *testing.T) {
	h, srv, clock, _ := testHooks(t, time.Unix(1_700_000_000, 0))
	body := bytes.Repeat([]byte("x"), 5000)
	sig := SignatureValue(genericSecret, clock.Now().Unix(), body)
	resp, _ := post(t, srv.URL+"/hooks/leads/generic", body, map[string]string{SignatureHeader: sig})
	if resp.StatusCode != http.StatusRequestEntityTooLarge || queued(h, "leads") {
		t.Errorf("status %d, queued %v; want 413 and nothing queued", resp.StatusCode, queued(h, "leads"))
	}
}
