package hubspot

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
)

var _ sandbox.Emulator = (*Emulator)(nil)
var _ sandbox.Shaper = (*Emulator)(nil)

const token = "pat-test"

// fixedNow is the tests' starting time.
var fixedNow = time.Date(2026, 2, 1, 10, 30, 0, 123456789, time.UTC)

// testClock is a settable clock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// start serves an empty portal with the test token, the reps as owners, a
// test clock and limits out of the way; edit changes the options first.
func start(t *testing.T, edit func(*Options)) (*Emulator, *httptest.Server, *testClock) {
	t.Helper()
	clk := &testClock{now: fixedNow}
	o := Options{Tokens: []string{token}, ClientID: "cid", ClientSecret: "secret", RefreshTokens: []string{"rt-1"},
		Now: clk.Now, Owners: RepOwners(), SearchPerSecond: 1000, BurstMax: 100000}
	if edit != nil {
		edit(&o)
	}
	e := New(o)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return e, srv, clk
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// call sends a request with the test token; a body goes as application/json.
func call(t *testing.T, srv *httptest.Server, method, path, body string) answer {
	t.Helper()
	return send(t, srv, method, path, body, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) })
}

func send(t *testing.T, srv *httptest.Server, method, path, body string, edit func(*http.Request)) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if edit != nil {
		edit(req)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

func decode[T any](t *testing.T, a answer) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(a.body, &v); err != nil {
		t.Fatalf("decode %s: %v", a.body, err)
	}
	return v
}

// expect fails unless the answer has status and its body contains every
// fragment.
func expect(t *testing.T, a answer, status int, fragments ...string) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
	}
	for _, f := range fragments {
		if !bytes.Contains(a.body, []byte(f)) {
			t.Fatalf("body %s lacks %s", a.body, f)
		}
	}
}

// put creates records through the test API.
func put(t *testing.T, e *Emulator, typ string, props ...map[string]string) []string {
	t.Helper()
	var ids []string
	for _, p := range props {
		id, err := e.Put(typ, p)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// listing is a decoded list or search answer.
type listing struct {
	Total   int              `json:"total"`
	Results []map[string]any `json:"results"`
	Paging  *struct {
		Next struct {
			After string `json:"after"`
			Link  string `json:"link"`
		} `json:"next"`
	} `json:"paging"`
}

// errorBody is HubSpot's error body as tests read it.
type errorBody struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	CorrelationID string `json:"correlationId"`
	Category      string `json:"category"`
	Errors        []struct {
		Message string              `json:"message"`
		Code    string              `json:"code"`
		Context map[string][]string `json:"context"`
	} `json:"errors"`
}

// expectError fails unless the answer is HubSpot's error body with status
// and category.
func expectError(t *testing.T, a answer, status int, category string) errorBody {
	t.Helper()
	expect(t, a, status)
	b := decode[errorBody](t, a)
	if b.Status != "error" || b.Category != category || b.CorrelationID == "" || b.Message == "" {
		t.Fatalf("error body %s, want status error, category %s, a correlationId and a message", a.body, category)
	}
	return b
}
