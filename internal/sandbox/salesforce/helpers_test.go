package salesforce

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

const (
	testID     = "test-consumer-key"
	testSecret = "test-consumer-secret"
	v          = "/services/data/v59.0"
)

// fixedNow is the tests' clock.
var fixedNow = time.Date(2026, 2, 1, 10, 30, 0, 0, time.UTC)

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

// key returns the tests' connected-app key (derived once).
func key() *rsa.PrivateKey {
	keyOnce.Do(func() { testKey = deterministicKey(7) })
	return testKey
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// fixture is an emulator behind an httptest server with a session.
type fixture struct {
	e     *Emulator
	srv   *httptest.Server
	clock *clock
	token string
}

// start serves an emulator seeded from a catalog of n products (n = 0: no
// catalog) with a fixed clock, and logs in by client credentials.
func start(t *testing.T, n int, edit ...func(*Options)) *fixture {
	t.Helper()
	clk := &clock{t: fixedNow}
	opts := Options{ClientID: testID, ClientSecret: testSecret, PublicKey: &key().PublicKey,
		RunAs: []string{"integration@example.com"}, Now: clk.now}
	if n > 0 {
		opts.Catalog = catalog.New(n, 1)
	}
	for _, f := range edit {
		f(&opts)
	}
	e := New(opts)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	f := &fixture{e: e, srv: srv, clock: clk}
	f.login(t)
	return f
}

// login starts a new session by client credentials.
func (f *fixture) login(t *testing.T) {
	t.Helper()
	a := f.form(t, url.Values{"grant_type": {"client_credentials"}, "client_id": {testID}, "client_secret": {testSecret}})
	if a.status != 200 {
		t.Fatalf("login: %d %s", a.status, a.body)
	}
	f.token = decode[tokenBody](t, a).AccessToken
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// form posts a form to the token endpoint.
func (f *fixture) form(t *testing.T, vals url.Values, edit ...func(*http.Request)) answer {
	t.Helper()
	return f.send(t, "POST", "/services/oauth2/token", vals.Encode(), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, e := range edit {
			e(r)
		}
	})
}

// call sends an authenticated request; a body is sent as application/json.
func (f *fixture) call(t *testing.T, method, path, body string, edit ...func(*http.Request)) answer {
	t.Helper()
	return f.send(t, method, path, body, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+f.token)
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		for _, e := range edit {
			e(r)
		}
	})
}

func (f *fixture) send(t *testing.T, method, path, body string, edit func(*http.Request)) answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	edit(req)
	resp, err := f.srv.Client().Do(req)
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

// query runs SOQL through /query (or the resource given).
func (f *fixture) query(t *testing.T, soql string, edit ...func(*http.Request)) answer {
	t.Helper()
	return f.call(t, "GET", v+"/query?q="+url.QueryEscape(soql), "", edit...)
}

// expect checks the status and, when want is set, the JSON body.
func expect(t *testing.T, a answer, status int, want string) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
	}
	if want == "" {
		return
	}
	var got, exp any
	if err := json.Unmarshal(a.body, &got); err != nil {
		t.Fatalf("body %s: %v", a.body, err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatalf("want %s: %v", want, err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(exp)
	if !bytes.Equal(g, w) {
		t.Errorf("body\n got %s\nwant %s", g, w)
	}
}

// errorCode returns the errorCode of a Salesforce error array.
func errorCode(t *testing.T, a answer) string {
	t.Helper()
	var errs []apiError
	if err := json.Unmarshal(a.body, &errs); err != nil || len(errs) != 1 {
		t.Fatalf("not one Salesforce error: %s", a.body)
	}
	return errs[0].ErrorCode
}

func decode[T any](t *testing.T, a answer) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(a.body, &v); err != nil {
		t.Fatalf("decode %s: %v", a.body, err)
	}
	return v
}

// jwt signs claims with k as an RS256 assertion.
func jwt(t *testing.T, k *rsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signing := enc(map[string]string{"alg": "RS256"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(nil, k, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}
