package salsify

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

const base = "/api/v1/orgs/" + SandboxOrg

// fixedNow is the test clock: half past ten, so an hour window has 1800 s left.
var fixedNow = time.Date(2026, 2, 1, 10, 30, 0, 123456789, time.UTC)

// start serves an emulator over a catalog of n products with a fixed clock.
func start(t *testing.T, n int) (*Server, *httptest.Server) {
	t.Helper()
	s := New(catalog.New(n, 1), SandboxOrg, SandboxToken)
	s.SetClock(func() time.Time { return fixedNow })
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// call sends a request with the sandbox token as a bearer header; a body is
// sent as application/json.
func call(t *testing.T, srv *httptest.Server, method, path, body string) answer {
	t.Helper()
	return send(t, srv, method, path, body, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+SandboxToken)
	})
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

// listing is a decoded GET /products answer.
type listing struct {
	Data []map[string]any           `json:"data"`
	Meta map[string]json.RawMessage `json:"meta"`
}

func decode[T any](t *testing.T, a answer) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(a.body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", a.body, err)
	}
	return v
}

// expect fails unless the answer has status and, if body is set, exactly that
// JSON body (compared after compacting).
func expect(t *testing.T, a answer, status int, body string) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
	}
	if body == "" {
		return
	}
	var got, want bytes.Buffer
	if err := json.Compact(&got, a.body); err != nil {
		t.Fatalf("body %q: %v", a.body, err)
	}
	if err := json.Compact(&want, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("body %s, want %s", got.String(), want.String())
	}
}

// listAll pages through a listing and returns every document in page order.
func listAll(t *testing.T, srv *httptest.Server, query string) []map[string]any {
	t.Helper()
	var all []map[string]any
	for page := 1; ; page++ {
		a := call(t, srv, "GET", base+"/products?per_page=100&page="+itoa(page)+query, "")
		expect(t, a, 200, "")
		l := decode[listing](t, a)
		all = append(all, l.Data...)
		if len(l.Data) < 100 {
			return all
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
