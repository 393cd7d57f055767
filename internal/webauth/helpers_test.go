package webauth

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// The tokens of the test guard, one per role; canaries for the secret tests.
var roleTokens = map[Role]string{
	Viewer:   "viewer-canary-token-0123456789",
	Steward:  "steward-canary-token-0123456789",
	Operator: "operator-canary-token-0123456789",
}

const sessionKeyCanary = "session-key-canary-0123456789abcdef"

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer collects log lines from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// fixture is a console guarded by a Guard, with routes needing each role
// and a count of the calls that got through.
type fixture struct {
	srv   *httptest.Server
	guard *Guard
	clock *clock
	log   *syncBuffer
	mu    sync.Mutex
	calls map[string]int
	// bodies keeps every page the fixture's client read.
	bodies []string
}

// routeRoles is the test console: one path per role, GET and POST.
var routeRoles = map[string]Role{"/view": Viewer, "/review": Steward, "/ops": Operator}

func tokenServe() config.Serve {
	s := config.Serve{Listen: "127.0.0.1:0", Session: config.SessionSpec{Key: config.NewSecret(sessionKeyCanary), MaxAge: config.Duration(12 * time.Hour)}}
	for _, r := range []Role{Viewer, Steward, Operator} {
		s.Tokens = append(s.Tokens, config.APIToken{Name: r.String() + "-bot", Role: r.String(), Token: config.NewSecret(roleTokens[r])})
	}
	return s
}

func newFixture(t *testing.T, s config.Serve) *fixture {
	t.Helper()
	return newFixtureWith(t, s, nil)
}

// newFixtureWith is newFixture with the guard keeping logouts in rev.
func newFixtureWith(t *testing.T, s config.Serve, rev Revocations) *fixture {
	t.Helper()
	f := &fixture{clock: &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}, log: &syncBuffer{}, calls: map[string]int{}}
	var h http.Handler
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(f.srv.Close)
	if s.BaseURL == "" {
		s.BaseURL = f.srv.URL
	}
	g, err := New(s, Options{Log: zerolog.New(f.log), Now: f.clock.now, Revocations: rev})
	if err != nil {
		t.Fatal(err)
	}
	f.guard = g
	mux := http.NewServeMux()
	g.Handle(mux)
	for path, role := range routeRoles {
		mux.Handle(path, g.Require(role, http.HandlerFunc(f.handle)))
	}
	h = mux
	return f
}

func (f *fixture) handle(w http.ResponseWriter, r *http.Request) {
	p, _ := FromContext(r.Context())
	f.mu.Lock()
	f.calls[r.Method+" "+r.URL.Path]++
	f.mu.Unlock()
	fmt.Fprintf(w, "%s %s as %s (%s, %s)", r.Method, r.URL.Path, p.Name, p.Role, p.Via)
}

func (f *fixture) called(key string) int { f.mu.Lock(); defer f.mu.Unlock(); return f.calls[key] }

// client returns a client with its own cookie jar that does not follow
// redirects.
func (f *fixture) client(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// do sends a request and returns status, Location and body.
func (f *fixture) do(t *testing.T, c *http.Client, method, path string, form url.Values, hdr map[string]string) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(t.Context(), method, f.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

var hiddenCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formCSRF reads the login form's anti-forgery token from the login page.
func (f *fixture) formCSRF(t *testing.T, c *http.Client) string {
	t.Helper()
	_, _, body := f.do(t, c, "GET", "/login", nil, html)
	m := hiddenCSRF.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("login page has no csrf field:\n%s", body)
	}
	return m[1]
}

// login logs c in with the token of role r through the login form and
// returns the session's CSRF token.
func (f *fixture) login(t *testing.T, c *http.Client, r Role) string {
	t.Helper()
	csrf := f.formCSRF(t, c)
	st, loc, body := f.do(t, c, "POST", "/login/token", url.Values{"token": {roleTokens[r]}, "csrf": {csrf}, "next": {"/view"}}, nil)
	if st != http.StatusSeeOther || loc != "/view" {
		t.Fatalf("token login: %d %s %s", st, loc, body)
	}
	return f.sessionCSRF(t, c)
}

// sessionCSRF is what a console handler would render: the principal's CSRF.
func (f *fixture) sessionCSRF(t *testing.T, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(f.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			var s session
			if err := f.guard.cookies.codec.Decode(sessionCookie, ck.Value, &s); err != nil {
				t.Fatal(err)
			}
			return s.CSRF
		}
	}
	t.Fatal("no session cookie")
	return ""
}

var html = map[string]string{"Accept": "text/html,application/xhtml+xml"}

func bearer(r Role) map[string]string {
	return map[string]string{"Authorization": "Bearer " + roleTokens[r]}
}
