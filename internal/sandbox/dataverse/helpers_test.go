package dataverse

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// fixedNow is the test clock.
var fixedNow = time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// env is an emulator served over HTTP with a token.
type env struct {
	em    *Emulator
	srv   *httptest.Server
	clk   *clock
	token string
}

// start serves an emulator seeded from a catalog of n products (0: no
// catalog) and fetches a token.
func start(t *testing.T, n int, edit func(*Options)) *env {
	t.Helper()
	clk := &clock{t: fixedNow}
	opts := Options{Tenant: SandboxTenant, ClientID: SandboxClientID, ClientSecret: SandboxSecret, Clock: clk.now}
	if n > 0 {
		opts.Catalog = catalog.New(n, 1)
	}
	if edit != nil {
		edit(&opts)
	}
	e := &env{em: New(opts), clk: clk}
	e.srv = httptest.NewServer(e.em)
	t.Cleanup(e.srv.Close)
	e.token = e.fetchToken(t)
	return e
}

func (e *env) tokenForm() url.Values {
	return url.Values{"client_id": {SandboxClientID}, "client_secret": {SandboxSecret},
		"grant_type": {"client_credentials"}, "scope": {e.srv.URL + "/.default"}}
}

func (e *env) fetchToken(t *testing.T) string {
	t.Helper()
	a := e.post(t, "/"+SandboxTenant+"/oauth2/v2.0/token", e.tokenForm())
	expect(t, a, 200, "")
	return decode[map[string]any](t, a)["access_token"].(string)
}

func (e *env) post(t *testing.T, path string, form url.Values) answer {
	t.Helper()
	return e.send(t, "POST", path, form.Encode(), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	})
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// call sends an API request with the token and the OData headers; a body is
// sent as application/json. hdr adds "Name: value" headers.
func (e *env) call(t *testing.T, method, path, body string, hdr ...string) answer {
	t.Helper()
	return e.send(t, method, path, body, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+e.token)
		r.Header.Set("Accept", "application/json")
		r.Header.Set("OData-MaxVersion", "4.0")
		r.Header.Set("OData-Version", "4.0")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		for _, h := range hdr {
			k, v, _ := strings.Cut(h, ": ")
			if v == "" {
				r.Header.Del(k)
				continue
			}
			r.Header.Set(k, v)
		}
	})
}

func (e *env) send(t *testing.T, method, path, body string, edit func(*http.Request)) answer {
	t.Helper()
	target := path
	if !strings.HasPrefix(path, "http") {
		target = e.srv.URL + path
	}
	req, err := http.NewRequestWithContext(t.Context(), method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	edit(req)
	resp, err := e.srv.Client().Do(req)
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

// expect checks the status and, unless want is "", that the body holds want.
func expect(t *testing.T, a answer, status int, want string) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
	}
	if want != "" && !bytes.Contains(a.body, []byte(want)) {
		t.Fatalf("body %s\nwant it to hold %s", a.body, want)
	}
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

// page is a collection answer.
type page struct {
	Context   string           `json:"@odata.context"`
	Count     *int             `json:"@odata.count"`
	Value     []map[string]any `json:"value"`
	NextLink  string           `json:"@odata.nextLink"`
	DeltaLink string           `json:"@odata.deltaLink"`
}

const api = "/api/data/v9.2/"

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
