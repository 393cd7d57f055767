package pimcore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

const testKey = "sandbox-pimcore-key"

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type fixture struct {
	cat *catalog.Catalog
	srv *Server
	url string
}

// newFixture serves a catalog of n products on a test server.
func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	cat := catalog.New(n, 7)
	srv := New(cat, testKey)
	srv.SetClock(func() time.Time { return testNow })
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &fixture{cat: cat, srv: srv, url: hs.URL + EndpointPrefix + Configuration}
}

// reply is a decoded GraphQL answer.
type reply struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// post sends a raw body with the key in the apikey header and returns the
// status and body.
func (f *fixture) post(t *testing.T, body string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("apikey", testKey)
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, []byte, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

// gql runs query with variables and decodes the 200 answer.
func (f *fixture) gql(t *testing.T, query string, vars map[string]any) reply {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	status, body, _ := f.post(t, string(b))
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var r reply
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&r); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return r
}

// ok runs query and fails on errors, decoding data field name into out.
func (f *fixture) ok(t *testing.T, query string, vars map[string]any, name string, out any) {
	t.Helper()
	r := f.gql(t, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("errors for %s: %+v", query, r.Errors)
	}
	d := json.NewDecoder(bytes.NewReader(r.Data[name]))
	d.UseNumber()
	if err := d.Decode(out); err != nil {
		t.Fatalf("decode %s: %v", r.Data[name], err)
	}
}

// page is a listing answer.
type page struct {
	TotalCount int `json:"totalCount"`
	Edges      []struct {
		Cursor string         `json:"cursor"`
		Node   map[string]any `json:"node"`
	} `json:"edges"`
}

// ids lists the node ids of a page.
func (p page) ids() []string {
	var out []string
	for _, e := range p.Edges {
		id, ok := e.Node["id"].(string)
		if !ok {
			id = fmt.Sprintf("not a string: %#v", e.Node["id"])
		}
		out = append(out, id)
	}
	return out
}

// errorMessage returns the first error's message and debug message.
func (r reply) errorMessage() (string, string) {
	if len(r.Errors) == 0 {
		return "", ""
	}
	dbg, _ := r.Errors[0].Extensions["debugMessage"].(string)
	return r.Errors[0].Message, dbg
}

// httpServer serves h and returns its base URL.
func httpServer(t *testing.T, h http.Handler) string {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL
}
