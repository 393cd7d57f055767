package sap

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// bpEnv is the v2 business partner service of a 25-account catalog behind an
// HTTP server, with a fixed clock.
type bpEnv struct {
	t   *testing.T
	s   *Server
	srv *httptest.Server
}

var bpClock = time.Date(2026, 3, 9, 14, 5, 6, 0, time.UTC)

func newBPEnv(t *testing.T) *bpEnv {
	s := New(catalog.New(100, 3), Credentials{User: "u", Password: "p"})
	s.SetClock(func() time.Time { return bpClock })
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &bpEnv{t: t, s: s, srv: srv}
}

// do sends a request below the service root (rawQuery sent as written) and
// returns the status, headers and body.
func (e *bpEnv) do(method, path string, hdr map[string]string, body string) (int, http.Header, []byte) {
	e.t.Helper()
	target := path
	if !strings.HasPrefix(path, "http") {
		target = e.srv.URL + BPService + path
	}
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.SetBasicAuth("u", "p")
	req.Header.Set("Accept", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// collection GETs a collection and decodes {"d":{…}}, failing unless 200.
func (e *bpEnv) collection(path string) bpCollection {
	e.t.Helper()
	code, _, b := e.do(http.MethodGet, path, nil, "")
	var c struct{ D bpCollection }
	if code != http.StatusOK || json.Unmarshal(b, &c) != nil {
		e.t.Fatalf("GET %s: %d %s", path, code, b)
	}
	return c.D
}

type bpCollection struct {
	Results []map[string]any `json:"results"`
	Count   any              `json:"__count"`
	Next    string           `json:"__next"`
}

// v2ErrorOf decodes a v2 error body, failing when it is not one.
func v2ErrorOf(t *testing.T, b []byte) (code, msg string) {
	t.Helper()
	var e struct {
		Error struct {
			Code    string
			Message struct{ Lang, Value string }
			Inner   map[string]any `json:"innererror"`
		}
	}
	if json.Unmarshal(b, &e) != nil || e.Error.Message.Lang != "en" || e.Error.Message.Value == "" || e.Error.Inner["transactionid"] == nil {
		t.Fatalf("not an OData v2 error body: %s", b)
	}
	return e.Error.Code, e.Error.Message.Value
}

// csrf fetches a CSRF token and session cookie with HEAD on the service root.
func (e *bpEnv) csrf() map[string]string {
	e.t.Helper()
	code, h, _ := e.do(http.MethodHead, "", map[string]string{"X-CSRF-Token": "Fetch"}, "")
	tok := h.Get("X-CSRF-Token")
	if code != http.StatusOK || tok == "" || len(h.Values("Set-Cookie")) == 0 {
		e.t.Fatalf("CSRF fetch: %d token %q cookies %v", code, tok, h.Values("Set-Cookie"))
	}
	cookie, _, _ := strings.Cut(h.Get("Set-Cookie"), ";")
	return map[string]string{"X-CSRF-Token": tok, "Cookie": cookie, "Content-Type": "application/json"}
}
