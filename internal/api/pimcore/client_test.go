package pimcore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/httpx"
)

const key = "s3cr3t-canary-key"

// client builds a client for the endpoint served by h, with the settings
// section given (indented under settings).
func client(t testing.TB, h http.Handler, section string) *pimcore.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := parse(t, srv.URL, section)
	s, ps := pimcore.DecodeSettings(f, "pim")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	return pimcore.New(c, s)
}

func parse(t testing.TB, base, section string) *config.File {
	t.Helper()
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: pimcore
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: api_key, header: apikey, token: "${KEY}"}
    settings:
%s`, base, section)
	f, err := config.Parse("steward.yaml", []byte(text), nil, func(k string) (string, bool) { return key, k == "KEY" })
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const minimal = "      endpoint: steward\n"

// recorder answers every request with body and keeps what it received.
type recorder struct {
	status int
	ctype  string
	body   string
	got    []*http.Request
	bodies []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.got, r.bodies = append(r.got, req), append(r.bodies, string(b))
	w.Header().Set("Content-Type", r.ctype)
	w.WriteHeader(r.status)
	_, _ = w.Write([]byte(r.body))
}

func TestRequestShape(t *testing.T) {
	rec := &recorder{status: 200, ctype: "application/json", body: `{"data":{"getProduct":{"id":"1","price":12.50}}}`}
	c := client(t, rec, minimal)
	data, _, err := c.Do(t.Context(), "query { getProduct(id: 1) { id price } }", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "12.50") {
		t.Errorf("data %s lost the number's text", data)
	}
	r := rec.got[0]
	if r.Method != http.MethodPost || r.URL.Path != "/pimcore-graphql-webservices/steward" || r.Header.Get("apikey") != key || r.URL.RawQuery != "" {
		t.Errorf("request %s %s apikey=%q", r.Method, r.URL, r.Header.Get("apikey"))
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal([]byte(rec.bodies[0]), &body); err != nil {
		t.Fatal(err)
	}
	if string(body["variables"]) != "{}" {
		t.Errorf("variables %s, want an empty object", body["variables"])
	}
}

// HTTP 200 with errors[] is a failure, partial data or not.
func TestErrorsAreFailures(t *testing.T) {
	for name, body := range map[string]string{
		"partial":   `{"data":{"getProductListing":{"totalCount":2,"edges":[{"node":{"id":"1"}},{"node":null}]}},"errors":[{"message":"Internal server error","path":["getProductListing","edges",1,"node"]}]}`,
		"no data":   `{"errors":[{"message":"Syntax Error: Unexpected Name \"x\""}]}`,
		"null data": `{"data":null,"errors":[{"message":"Field \"nope\" is not defined"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := client(t, &recorder{status: 200, ctype: "application/json", body: body}, minimal)
			_, _, err := c.Do(t.Context(), "query { x }", map[string]any{"a": 1})
			var ee *pimcore.ErrorsError
			if !errors.As(err, &ee) || len(ee.Errors) != 1 {
				t.Fatalf("got %v, want an *ErrorsError", err)
			}
			if !strings.Contains(err.Error(), ee.Errors[0].Message) {
				t.Errorf("error %q lacks the server's message", err)
			}
		})
	}
}

// Pimcore answers a bad key (403) and an unknown configuration (404) with
// HTML pages: clear errors naming the URL, never the key.
func TestHTMLRefusals(t *testing.T) {
	for status, want := range map[int]error{403: pimcore.ErrAccessDenied, 404: pimcore.ErrNoConfiguration} {
		rec := &recorder{status: status, ctype: "text/html", body: "<html><body>Denied " + key + "</body></html>"}
		c := client(t, rec, minimal)
		_, _, err := c.Do(t.Context(), "query { x }", nil)
		if !errors.Is(err, want) || !strings.Contains(err.Error(), "/pimcore-graphql-webservices/steward") {
			t.Errorf("status %d: %v", status, err)
		}
		if err != nil && strings.Contains(err.Error(), key) {
			t.Errorf("status %d: the error carries the key: %v", status, err)
		}
		if len(rec.got) != 1 {
			t.Errorf("status %d was asked %d times, want once", status, len(rec.got))
		}
	}
	c := client(t, &recorder{status: 200, ctype: "text/html", body: "<html>login</html>"}, minimal)
	_, _, err := c.Do(t.Context(), "query { x }", nil)
	var cte *httpx.ContentTypeError
	if !errors.As(err, &cte) {
		t.Errorf("HTML with 200: %v, want a content type error", err)
	}
}
